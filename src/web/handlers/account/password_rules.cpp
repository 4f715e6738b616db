#include "web/handlers/account/password_rules.h"

#include <set>
#include <string>

#include "model/account.h"
#include "util/text.h"
#include "web/crypto.h"
#include "web/mail.h"

namespace journeyer::web::handlers {

namespace {

std::string lower(std::string_view s) { return model::account_name_key(s); }

// From the most common leaked passwords that pass the length floor.
constexpr std::string_view kCommon[] = {"1234567890", "qwertyuiop", "password12", "password123", "1q2w3e4r5t",
                                        "qwerty1234", "iloveyou12", "abcdefghij", "passw0rd12", "letmein123",
                                        "0987654321", "1qaz2wsx3edc", "administrator", "trustno1234"};

}  // namespace

Status check_password_strength(std::string_view password, std::string_view account_name, std::size_t min_chars) {
  if (password.size() > kMaxPasswordBytes) return Error::too_large("The password is longer than 1024 bytes.");
  if (utf8_chars(password) < min_chars)
    return Error::invalid_input("The password must have at least " + std::to_string(min_chars) + " characters.");
  std::set<char> distinct(password.begin(), password.end());
  if (distinct.size() < kMinDistinctChars)
    return Error::invalid_input("The password must use at least " + std::to_string(kMinDistinctChars) +
                                " different characters.");
  std::string pw = lower(password);
  if (!account_name.empty() && account_name.size() >= 3 && pw.find(lower(account_name)) != std::string::npos)
    return Error::invalid_input("The password must not contain the account's name.");
  for (auto common : kCommon)
    if (pw == common) return Error::invalid_input("This password is among the most common ones; choose another.");
  return Ok{};
}

Status check_email(std::string_view email) {
  if (email.size() > model::kMaxEmailBytes) return Error::invalid_input("The e-mail address is too long.");
  auto at = email.find('@');
  bool ok = at != std::string_view::npos && at > 0 && email.find('@', at + 1) == std::string_view::npos &&
            email.find('.', at) != std::string_view::npos && email.back() != '.';
  // And nothing the mailer would refuse: a member told that a reset link
  // is on its way must get it.
  if (!ok || !is_mailable_address(email)) return Error::invalid_input("Enter an e-mail address like name@example.org.");
  return Ok{};
}

}  // namespace journeyer::web::handlers
