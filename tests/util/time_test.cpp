// Dates as members see them on pages, in feeds and over the APIs: always
// UTC, whatever the server's time zone.
#include "util/time.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace journeyer {
namespace {

TEST(Time, FormatsInUtc) {
  EXPECT_EQ(format_utc(0, "%Y-%m-%d %H:%M:%S"), "1970-01-01 00:00:00");
  EXPECT_EQ(format_utc(1700000000, "%Y-%m-%d %H:%M UTC"), "2023-11-14 22:13 UTC");
  EXPECT_EQ(format_utc(1700000000, "%Y%m%dT%H:%M:%S"), "20231114T22:13:20");
  EXPECT_EQ(format_utc(-1, "%Y-%m-%dT%H:%M:%SZ"), "1969-12-31T23:59:59Z");
  // 29 February of a leap year, and the last second of a year.
  EXPECT_EQ(format_utc(951782400, "%Y-%m-%d"), "2000-02-29");
  EXPECT_EQ(format_utc(1609459199, "%Y-%m-%d %H:%M:%S"), "2020-12-31 23:59:59");
}

TEST(Time, IgnoresTheServersTimeZone) {
  const char* before = std::getenv("TZ");
  const std::string saved = before ? before : "";
  setenv("TZ", "Pacific/Kiritimati", 1);  // UTC+14: another day for most of it
  tzset();
  const std::string text = format_utc(1700000000, "%Y-%m-%d %H:%M");
  const std::tm tm = utc_time(1700000000);
  if (before) setenv("TZ", saved.c_str(), 1);
  else unsetenv("TZ");
  tzset();
  EXPECT_EQ(text, "2023-11-14 22:13");
  EXPECT_EQ(tm.tm_wday, 2);  // a Tuesday
  EXPECT_EQ(tm.tm_yday, 317);
}

TEST(Time, TextLongerThanTheBufferIsEmptyNotCut) {
  // strftime gives nothing when the text does not fit; nothing half-written.
  const std::string format(100, 'x');
  EXPECT_EQ(format_utc(0, format.c_str()), "");
}

}  // namespace
}  // namespace journeyer
