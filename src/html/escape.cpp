#include "html/escape.h"

#include <cstdint>

namespace journeyer::html {

namespace {

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at text[i] (Unicode 15, table
// 3-7), or 0 when the bytes there are not one; `*bad` then holds the length
// of the maximal invalid subpart to replace with one U+FFFD.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i, std::size_t* bad) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  std::uint8_t b0 = byte(i);
  std::size_t need = 0;
  std::uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    *bad = 1;
    return 0;
  }
  std::size_t k = 1;
  for (; k <= need; ++k) {
    if (i + k >= text.size()) break;
    std::uint8_t b = byte(i + k);
    std::uint8_t l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
    if (b < l || b > h) break;
  }
  if (k == need + 1) return need + 1;
  *bad = k;
  return 0;
}

// Copies text to out, replacing invalid UTF-8 and escaping the ASCII bytes
// for which `escape_for` returns an entity.
template <typename EscapeFor>
void append_checked(std::string& out, std::string_view text, EscapeFor escape_for) {
  out.reserve(out.size() + text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    // The common case: a run of plain ASCII.
    std::size_t run = i;
    while (run < text.size()) {
      auto c = static_cast<unsigned char>(text[run]);
      if (c >= 0x80 || escape_for(static_cast<char>(c)) != nullptr) break;
      ++run;
    }
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.append(escape_for(static_cast<char>(c)));
      ++i;
      continue;
    }
    std::size_t bad = 0;
    std::size_t len = utf8_sequence_length(text, i, &bad);
    if (len) {
      out.append(text.data() + i, len);
      i += len;
    } else {
      out.append(kReplacementChar);
      i += bad;
    }
  }
}

// NUL is replaced (a browser drops it from text); CR is written as a
// reference, because a parser turns a raw one into LF.
const char* text_entity(char c) {
  switch (c) {
    case '\0': return "\xEF\xBF\xBD";
    case '\r': return "&#13;";
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    default: return nullptr;
  }
}

const char* attribute_entity(char c) {
  switch (c) {
    case '\0': return "\xEF\xBF\xBD";
    case '\r': return "&#13;";
    case '&': return "&amp;";
    case '"': return "&quot;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    default: return nullptr;
  }
}

}  // namespace

void append_escaped_text(std::string& out, std::string_view text) {
  append_checked(out, text, text_entity);
}

std::string escape_text(std::string_view text) {
  std::string out;
  append_escaped_text(out, text);
  return out;
}

void append_escaped_attribute(std::string& out, std::string_view value) {
  append_checked(out, value, attribute_entity);
}

std::string escape_attribute(std::string_view value) {
  std::string out;
  append_escaped_attribute(out, value);
  return out;
}

std::string to_valid_utf8(std::string_view bytes) {
  std::string out;
  append_checked(out, bytes, [](char) -> const char* { return nullptr; });
  return out;
}

}  // namespace journeyer::html
