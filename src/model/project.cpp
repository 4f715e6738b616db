#include "model/project.h"

#include <array>
#include <string>
#include <utility>

#include "model/account.h"
#include "util/text.h"

namespace journeyer::model {

namespace {

// The code point that starts at s[i], and its length in bytes. A byte that
// starts no valid sequence stands for itself (the checks below only look
// for particular characters, and fits_chars bounds the bytes).
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

// Spaces other than U+0020: a name holding one looks like a name with an
// ordinary space.
bool is_other_space(char32_t c) {
  return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

// Characters that show nothing: a name holding one looks like the name
// without it (soft hyphen, zero-width spaces and joiners, the left-to-right
// and right-to-left marks, word joiner and invisible operators, the byte
// order mark, Hangul fillers, Mongolian vowel separator, tags).
bool is_invisible(char32_t c) {
  return c == 0xAD || c == 0x34F || c == 0x61C || c == 0x115F || c == 0x1160 || c == 0x17B4 ||
         c == 0x17B5 || c == 0x180E || (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) ||
         c == 0x3164 || c == 0xFEFF || c == 0xFFA0 || (c >= 0xE0000 && c <= 0xE007F);
}

}  // namespace

Status check_project_name(std::string_view name) {
  if (name.empty()) return Error::invalid_input("a project name cannot be empty");
  if (!fits_chars(name, kMaxProjectNameChars))
    return Error::invalid_input("a project name has at most 25 characters");
  if (name.front() == '.') return Error::invalid_input("a project name cannot start with '.'");
  for (char c : name)
    if (c == '/' || c == '\\') return Error::invalid_input("a project name cannot contain '/' or '\\'");
  // Control characters, and marks that turn text around.
  if (auto st = check_name_text(name, "a project name"); !st) return st;
  // Names are told apart by how they look: no space at either end, none
  // doubled (a page shows two as one), no other kind of space, nothing
  // invisible.
  if (name.front() == ' ' || name.back() == ' ')
    return Error::invalid_input("a project name cannot start or end with a space");
  if (name.find("  ") != std::string_view::npos)
    return Error::invalid_input("a project name cannot hold two spaces in a row");
  for (std::size_t i = 0; i < name.size();) {
    auto [c, len] = code_point_at(name, i);
    if (is_other_space(c))
      return Error::invalid_input("a project name may only hold ordinary spaces, between words");
    if (is_invisible(c)) return Error::invalid_input("a project name cannot hold invisible characters");
    i += len;
  }
  return Ok{};
}

std::string tidy_project_name(std::string_view typed) {
  while (!typed.empty() && (typed.front() == ' ' || typed.front() == '\t')) typed.remove_prefix(1);
  while (!typed.empty() && (typed.back() == ' ' || typed.back() == '\t')) typed.remove_suffix(1);
  return std::string(typed);
}

std::string project_name_key(std::string_view name) {
  std::string key(name);
  for (auto& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return key;
}

namespace {
constexpr std::array<std::string_view, 6> kRelationNames{"None",        "Helper",    "Documenter",
                                                         "Contributor", "Developer", "Lead Developer"};
}

std::string_view to_string(ProjectRelation relation) {
  return kRelationNames[static_cast<std::size_t>(relation)];
}

std::optional<ProjectRelation> parse_project_relation(std::string_view text) {
  for (std::size_t i = 0; i < kRelationNames.size(); ++i)
    if (kRelationNames[i] == text) return static_cast<ProjectRelation>(i);
  return std::nullopt;
}

}  // namespace journeyer::model
