#include "model/account.h"

#include <string>

#include "util/names.h"
#include "util/text.h"

namespace journeyer::model {

namespace {
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

Status check_account_name(std::string_view name) {
  if (name.empty()) return Error::invalid_input("an account name cannot be empty");
  if (name.size() > kMaxAccountNameChars)
    return Error::invalid_input("an account name has at most 30 characters");
  for (char c : name)
    if (!is_name_char(c))
      return Error::invalid_input("an account name may only hold letters, digits, '_' and '-' (\"" +
                                  std::string(name) + "\")");
  return Ok{};
}

std::string account_name_key(std::string_view name) {
  std::string key(name);
  for (auto& c : key) c = ascii_lower(c);
  return key;
}

std::string_view to_string(AccountState state) {
  switch (state) {
    case AccountState::Active:
      return "active";
    case AccountState::Disabled:
      return "disabled";
    case AccountState::Imported:
      return "imported";
  }
  return "active";
}

std::optional<AccountState> parse_account_state(std::string_view text) {
  if (text == "active") return AccountState::Active;
  if (text == "disabled") return AccountState::Disabled;
  if (text == "imported") return AccountState::Imported;
  return std::nullopt;
}

std::optional<ProfileError> profile_error(const Profile& p) {
  if (p.email.size() > kMaxEmailBytes)
    return ProfileError{Error::too_large("an e-mail address has at most 254 bytes"), "email"};
  if (!fits_chars(p.real_name, kMaxRealNameChars))
    return ProfileError{Error::too_large("a real name has at most 200 characters"), "real_name"};
  if (p.homepage.size() > kMaxHomepageBytes)
    return ProfileError{Error::too_large("a homepage URL has at most 2000 bytes"), "homepage"};
  if (p.notes.size() > kMaxNotesBytes)
    return ProfileError{Error::too_large("notes are at most 64 KiB"), "notes"};
  return std::nullopt;
}

Status check_name_text(std::string_view text, std::string_view what) {
  if (auto problem = name_text_problem(text, what)) return Error::invalid_input(*problem);
  return Ok{};
}

}  // namespace journeyer::model
