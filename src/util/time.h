// Unix times as UTC calendar time and text, for pages, feeds and the APIs.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace journeyer {

// The UTC calendar time of a Unix time (seconds since 1970, UTC).
std::tm utc_time(std::int64_t unix_seconds);

// A Unix time in UTC through a strftime format. Only numeric fields belong
// in it: the names of days and months (%a, %b) would follow the locale.
std::string format_utc(std::int64_t unix_seconds, const char* format);

}  // namespace journeyer
