// Certificates: a member vouches for another at a level. The latest from an
// issuer to a subject stands; "remove" is a certificate at the lowest level.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/ids.h"
#include "util/result.h"

namespace journeyer::model {

// An index into the site's configured level names, lowest first
// (Observer, Apprentice, Journeyer, Master by default).
struct CertLevel {
  std::uint8_t value = 0;
  friend constexpr auto operator<=>(CertLevel, CertLevel) = default;
};

// The lowest level: certifying at it removes a certificate.
constexpr CertLevel kNoCertificate{0};
// Most levels a site may configure (levels are stored as small integers).
constexpr std::size_t kMaxLevels = 16;

// The index of `name` in `levels`, or a clear error.
Result<CertLevel> parse_level(std::string_view name, const std::vector<std::string>& levels);
// The level's name, or "level N" when the configuration has fewer levels.
std::string level_name(CertLevel level, const std::vector<std::string>& levels);

// A member may not certify themselves, and the level must be configured.
Status check_certification(AccountId issuer, AccountId subject, CertLevel level, std::size_t level_count);

struct Certificate {
  AccountId issuer;
  AccountId subject;
  std::string issuer_name;
  std::string subject_name;
  CertLevel level;
  UnixTime when = 0;
  // The issuer is an imported account nobody has claimed: the certificate
  // came with the imported graph, and `when` is the import's time, not the
  // day it was given (filled by the standing lists of a member's page).
  bool from_import = false;
};

}  // namespace journeyer::model
