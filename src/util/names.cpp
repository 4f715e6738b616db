#include "util/names.h"

#include <utility>

#include "util/text.h"

namespace journeyer {

namespace {

// The code point that starts at s[i], and its length in bytes. The checks
// below look for particular characters only: a byte that starts no
// sequence of the right shape counts as one character of its own value
// (text from forms and the API is checked as UTF-8 before it gets here).
std::pair<char32_t, std::size_t> code_point_at(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  const unsigned c = b(0);
  const auto cont = [&](std::size_t k) { return (b(k) & 0xC0u) == 0x80u; };
  if (c >= 0xC2 && c <= 0xDF && cont(1)) return {static_cast<char32_t>(((c & 0x1Fu) << 6) | (b(1) & 0x3Fu)), 2};
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2))
    return {static_cast<char32_t>(((c & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu)), 3};
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3))
    return {static_cast<char32_t>(((c & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) | ((b(2) & 0x3Fu) << 6) |
                                  (b(3) & 0x3Fu)),
            4};
  return {static_cast<char32_t>(c), 1};
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Embeddings, overrides and isolates: they turn the text after them around.
bool turns_text_around(char32_t c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

// Spaces other than U+0020: a name holding one looks like a name with an
// ordinary space.
bool is_other_space(char32_t c) {
  return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

// Characters that show nothing: a name holding one looks like the name
// without it (soft hyphen, combining grapheme joiner, zero-width spaces and
// joiners, the direction marks, word joiner and invisible operators, the
// deprecated format characters, Hangul fillers, Mongolian vowel separator,
// the byte order mark, interlinear annotation marks, the braille blank,
// musical formatting, tags).
bool is_invisible(char32_t c) {
  return c == 0xAD || c == 0x34F || c == 0x61C || c == 0x115F || c == 0x1160 || c == 0x17B4 ||
         c == 0x17B5 || c == 0x180E || (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) ||
         (c >= 0x206A && c <= 0x206F) || c == 0x2800 || c == 0x3164 || c == 0xFEFF || c == 0xFFA0 ||
         (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE007F);
}

// The first control character or mark that turns text around, as
// name_text_problem says it; nullopt for any other character.
std::optional<std::string> char_text_problem(char32_t c, std::string_view what) {
  if (is_control(c)) return std::string(what) + " cannot hold control characters";
  if (turns_text_around(c)) return std::string(what) + " cannot hold marks that change the direction of text";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> name_text_problem(std::string_view text, std::string_view what) {
  for (std::size_t i = 0; i < text.size();) {
    auto [c, len] = code_point_at(text, i);
    if (auto problem = char_text_problem(c, what)) return problem;
    i += len;
  }
  return std::nullopt;
}

std::optional<std::string> project_name_problem(std::string_view name) {
  if (name.empty()) return "a project name cannot be empty";
  if (!fits_chars(name, kMaxProjectNameChars)) return "a project name has at most 25 characters";
  if (name.front() == '.') return "a project name cannot start with '.'";
  for (char c : name)
    if (c == '/' || c == '\\') return "a project name cannot contain '/' or '\\'";
  if (name.front() == ' ' || name.back() == ' ') return "a project name cannot start or end with a space";
  if (name.find("  ") != std::string_view::npos) return "a project name cannot hold two spaces in a row";
  for (std::size_t i = 0; i < name.size();) {
    auto [c, len] = code_point_at(name, i);
    if (auto problem = char_text_problem(c, "a project name")) return problem;
    if (is_other_space(c)) return "a project name may only hold ordinary spaces, between words";
    if (is_invisible(c)) return "a project name cannot hold invisible characters";
    i += len;
  }
  return std::nullopt;
}

}  // namespace journeyer
