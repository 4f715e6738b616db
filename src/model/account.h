// Accounts: the name rule, the uniqueness key, states and the stored record.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/ids.h"
#include "util/result.h"

namespace journeyer::model {

constexpr std::size_t kMaxAccountNameChars = 30;
constexpr std::size_t kMaxEmailBytes = 254;  // RFC 5321, 4.5.3.1.3
constexpr std::size_t kMaxRealNameChars = 200;  // characters (util/text.h fits_chars)
constexpr std::size_t kMaxHomepageBytes = 2000;
constexpr std::size_t kMaxNotesBytes = 64 * 1024;

// A name is 1 to 30 characters: ASCII letters, digits, `_` and `-`.
Status check_account_name(std::string_view name);

// The key names are unique by: the name with ASCII letters lower-cased, so
// `VooDoo` and `voodoo` are the same account. The stored name keeps the case
// the member chose.
std::string account_name_key(std::string_view name);

enum class AccountState {
  Active,    // a member who can log in
  Disabled,  // hidden by an administrator; its certificates do not count
  Imported,  // created by an import, with no password and no e-mail yet
};

std::string_view to_string(AccountState state);
std::optional<AccountState> parse_account_state(std::string_view text);

// What a member edits on their profile.
struct Profile {
  std::string email;
  std::string real_name;
  std::string homepage;
  std::string notes;                // member-written HTML/Markdown source, sanitized on output
  bool publish_email_sha1 = false;  // FOAF may carry the sha1 sum of the e-mail
};

// What a profile breaks of the limits above, and the member of Profile it
// is about ("email", "real_name", "homepage" or "notes"), so that a form
// can mark that field; nothing when it keeps to them.
struct ProfileError {
  Error error;
  std::string_view field;
};
std::optional<ProfileError> profile_error(const Profile& profile);
// A line of text others see as a name (a real name): no control characters
// (C0, DEL, C1) and no marks that turn text around (U+202A-U+202E,
// U+2066-U+2069), which let "evil" pass for "live". Checked where members
// type it; stored data is kept as it was.
Status check_name_text(std::string_view text, std::string_view what);

struct Account {
  AccountId id;
  std::string name;  // as the member chose it
  Profile profile;
  UnixTime member_since = 0;
  std::optional<UnixTime> last_login;
  std::string password_hash;  // empty: no password (imported, or not set)
  AccountState state = AccountState::Active;
  // Bumped by every change to the row: the optimistic-concurrency token of
  // update_profile.
  std::int64_t version = 0;
};

}  // namespace journeyer::model
