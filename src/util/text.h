// Small text helpers shared by the layers.
#pragma once

#include <cstddef>
#include <string_view>

namespace journeyer {

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Equal ignoring ASCII case (level names, URL schemes, tag names).
constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// Characters (code points) in UTF-8 text: the bytes that do not continue
// a sequence.
constexpr std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// Whether text a member typed keeps to a limit told to them in characters:
// at most `max_chars` code points, as a browser's maxlength and JSON
// Schema's maxLength count them (maxlength counts a character beyond U+FFFF
// as two, so what a browser lets through always fits), and at most 4 bytes
// a character, the most UTF-8 takes, so that whatever the bytes hold the
// store has a bound in bytes too.
constexpr bool fits_chars(std::string_view s, std::size_t max_chars) {
  return s.size() <= 4 * max_chars && utf8_chars(s) <= max_chars;
}

}  // namespace journeyer
