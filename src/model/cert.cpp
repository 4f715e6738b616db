#include "model/cert.h"

namespace journeyer::model {

Result<CertLevel> parse_level(std::string_view name, const std::vector<std::string>& levels) {
  for (std::size_t i = 0; i < levels.size() && i < kMaxLevels; ++i)
    if (levels[i] == name) return CertLevel{static_cast<std::uint8_t>(i)};
  return Error::invalid_input("unknown level \"" + std::string(name) + "\"");
}

std::string level_name(CertLevel level, const std::vector<std::string>& levels) {
  if (level.value < levels.size()) return levels[level.value];
  return "level " + std::to_string(level.value);
}

Status check_certification(AccountId issuer, AccountId subject, CertLevel level, std::size_t level_count) {
  if (issuer == subject) return Error::invalid_input("a member cannot certify themselves");
  if (level.value >= level_count || level.value >= kMaxLevels)
    return Error::invalid_input("level " + std::to_string(level.value) + " is not configured");
  return Ok{};
}

}  // namespace journeyer::model
