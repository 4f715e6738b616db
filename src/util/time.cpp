#include "util/time.h"

namespace journeyer {

std::tm utc_time(std::int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

std::string format_utc(std::int64_t unix_seconds, const char* format) {
  const std::tm tm = utc_time(unix_seconds);
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

}  // namespace journeyer
