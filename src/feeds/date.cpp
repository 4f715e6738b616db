// Feed dates. RFC 822 (RSS 2.0, "Sun, 19 May 2002 15:21:36 GMT", with the
// usual liberties: no weekday, two-digit years, zone names) is read by
// libcurl's curl_getdate, which reads HTTP dates the same way; RFC 3339 and
// W3C-DTF (Atom 3.3, dc:date: "2003-12-13T18:30:02.25+01:00", also a bare
// date) are read here.
#include <curl/curl.h>

#include <cstdio>
#include <ctime>
#include <string>

#include "feeds/parse.h"

namespace journeyer::feeds {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// "YYYY-MM-DD" optionally followed by "Thh:mm[:ss[.frac]]" and a zone.
model::UnixTime parse_w3c(std::string_view s) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
      !digits(s, 8, 2, day))
    return 0;
  std::size_t i = 10;
  long offset = 0;
  if (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
    if (!digits(s, i + 1, 2, hour) || i + 3 >= s.size() || s[i + 3] != ':' || !digits(s, i + 4, 2, minute))
      return 0;
    i += 6;
    if (i < s.size() && s[i] == ':') {
      if (!digits(s, i + 1, 2, second)) return 0;
      i += 3;
      if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      }
    }
    if (i < s.size()) {
      if (s[i] == 'Z' || s[i] == 'z') {
        ++i;
      } else if (s[i] == '+' || s[i] == '-') {
        int oh = 0, om = 0;
        if (!digits(s, i + 1, 2, oh)) return 0;
        std::size_t m = i + 3;
        if (m < s.size() && s[m] == ':') ++m;
        if (!digits(s, m, 2, om)) return 0;
        offset = (oh * 3600L + om * 60L) * (s[i] == '-' ? -1 : 1);
        i = m + 2;
      }
    }
  }
  if (i != s.size()) return 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return 0;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return 0;
  return static_cast<model::UnixTime>(t) - offset;
}

}  // namespace

model::UnixTime parse_feed_date(std::string_view text) {
  if (text.empty() || text.size() > 64) return 0;
  if (model::UnixTime t = parse_w3c(text)) return t;
  std::string s(text);
  const std::time_t t = curl_getdate(s.c_str(), nullptr);
  return t > 0 ? static_cast<model::UnixTime>(t) : 0;
}

}  // namespace journeyer::feeds
