// The password strength floor and the e-mail check of the account forms.
#pragma once

#include <string_view>

#include "util/result.h"

namespace journeyer::web::handlers {

// At least `min_chars` characters, at least kMinDistinctChars different
// ones, not the account's name, not one of the most common passwords.
constexpr std::size_t kMinDistinctChars = 5;
Status check_password_strength(std::string_view password, std::string_view account_name, std::size_t min_chars);

// Something@something.tld, no spaces, at most model::kMaxEmailBytes.
Status check_email(std::string_view email);

}  // namespace journeyer::web::handlers
