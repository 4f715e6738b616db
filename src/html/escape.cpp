#include "html/escape.h"

#include <array>
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

// Code points an HTML parser replaces with U+FFFD when they appear raw
// (controls other than whitespace, noncharacters; HTML 13.2.3.5) but keeps
// when they come from a character reference: written as references, they
// survive a parse unchanged.
bool replaced_when_raw(std::uint32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n' && cp != '\f' && cp != '\r' && cp != 0;
  if (cp >= 0x7F && cp <= 0x9F) return true;
  return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

// C1 code points that a numeric reference does not give back: the parser
// maps them to Windows-1252 characters (HTML 13.2.5.80).
bool remapped_by_references(std::uint32_t cp) {
  switch (cp) {
    case 0x81:
    case 0x8D:
    case 0x8F:
    case 0x90:
    case 0x9D:
      return false;
    default:
      return cp >= 0x80 && cp <= 0x9F;
  }
}

std::uint32_t decode(std::string_view text, std::size_t i, std::size_t len) {
  auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(text[i + k])); };
  switch (len) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

void append_reference(std::string& out, std::uint32_t cp) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  char buf[16];
  int n = 0;
  do {
    buf[n++] = kHex[cp & 15];
    cp >>= 4;
  } while (cp);
  out += "&#x";
  while (n) out += buf[--n];
  out += ';';
}

enum class Controls { Keep, AsReferences };

// Bytes the copy loop must stop at, per escaping mode: anything not plain
// printable ASCII, and the characters that have entities.
struct StopBytes {
  std::array<bool, 256> stop{};
  constexpr StopBytes(std::string_view entities, bool controls) {
    for (int c = 0; c < 256; ++c)
      stop[c] =
          c >= 0x7F || c == 0 || c == '\r' || (controls && c < 0x20 && c != '\t' && c != '\n' && c != '\f');
    for (char c : entities) stop[static_cast<unsigned char>(c)] = true;
  }
};
constexpr StopBytes kTextStops("&<>", true);
constexpr StopBytes kAttributeStops("&<>\"", true);
constexpr StopBytes kUtf8Stops("", false);

// Copies text to out, replacing invalid UTF-8 and escaping the ASCII bytes
// for which `escape_for` returns an entity.
template <typename EscapeFor>
void append_checked(std::string& out, std::string_view text, EscapeFor escape_for, Controls controls,
                    const StopBytes& stops) {
  out.reserve(out.size() + text.size());
  const bool references = controls == Controls::AsReferences;
  std::size_t i = 0;
  while (i < text.size()) {
    // The common case: a run of plain printable ASCII.
    std::size_t run = i;
    while (run < text.size() && !stops.stop[static_cast<unsigned char>(text[run])]) ++run;
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (const char* entity = escape_for(static_cast<char>(c))) {
        out.append(entity);
      } else if (references && replaced_when_raw(c)) {
        append_reference(out, c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t bad = 0;
    std::size_t len = utf8_sequence_length(text, i, &bad);
    if (!len) {
      out.append(kReplacementChar);
      i += bad;
      continue;
    }
    std::uint32_t cp = references ? decode(text, i, len) : 0;
    if (references && replaced_when_raw(cp)) {
      if (remapped_by_references(cp))
        out.append(kReplacementChar);
      else
        append_reference(out, cp);
    } else {
      out.append(text.data() + i, len);
    }
    i += len;
  }
}

// NUL is replaced (a browser drops it from text); CR is written as a
// reference, because a parser turns a raw one into LF.
const char* text_entity(char c) {
  switch (c) {
    case '\0':
      return "\xEF\xBF\xBD";
    case '\r':
      return "&#13;";
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    default:
      return nullptr;
  }
}

// In attributes (always double-quoted), the quote too.
const char* attribute_entity(char c) { return c == '"' ? "&quot;" : text_entity(c); }

}  // namespace

void append_escaped_text(std::string& out, std::string_view text) {
  append_checked(out, text, text_entity, Controls::AsReferences, kTextStops);
}

std::string escape_text(std::string_view text) {
  std::string out;
  append_escaped_text(out, text);
  return out;
}

void append_escaped_attribute(std::string& out, std::string_view value) {
  append_checked(out, value, attribute_entity, Controls::AsReferences, kAttributeStops);
}

std::string escape_attribute(std::string_view value) {
  std::string out;
  append_escaped_attribute(out, value);
  return out;
}

std::string to_valid_utf8(std::string_view bytes) {
  std::string out;
  append_checked(
      out, bytes, [](char) -> const char* { return nullptr; }, Controls::Keep, kUtf8Stops);
  return out;
}

}  // namespace journeyer::html
