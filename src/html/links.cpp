#include "html/links.h"

#include <cstdint>

#include "util/names.h"
#include "util/text.h"

namespace journeyer::html {

namespace {

constexpr std::size_t kMaxAccountNameChars = 30;  // model/account.h

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// URL standard: a scheme is an ASCII alpha followed by alphanumerics, +, -, .
bool is_scheme(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return false;
  for (char c : s)
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
  return true;
}

std::string percent_encoded(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (is_alpha(ch) || is_digit(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> checked_url(std::string_view value, const Policy& policy, UrlUse use) {
  auto is_c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!value.empty() && is_c0_or_space(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_c0_or_space(value.back())) value.remove_suffix(1);
  std::string url;
  url.reserve(value.size());
  for (char c : value) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    // Other controls are not part of any URL a member means to write.
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return std::nullopt;
    url += c;
  }
  if (url.empty()) return std::nullopt;
  std::size_t end = url.find_first_of(":/?#\\");
  if (end != std::string::npos && url[end] == ':') {
    std::string_view scheme(url.data(), end);
    if (!is_scheme(scheme)) return std::nullopt;
    bool allowed =
        use == UrlUse::Link ? policy.allows_link_scheme(scheme) : policy.allows_image_scheme(scheme);
    if (!allowed) return std::nullopt;
  }
  return url;
}

bool leaves_the_site(std::string_view url) {
  auto slash = [](char c) { return c == '/' || c == '\\'; };
  if (url.size() >= 2 && slash(url[0]) && slash(url[1])) return true;
  std::size_t end = url.find_first_of(":/?#\\");
  return end != std::string_view::npos && url[end] == ':';
}

bool is_account_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxAccountNameChars) return false;
  for (char c : name)
    if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '-') return false;
  return true;
}

bool is_project_name(std::string_view name) { return !project_name_problem(name).has_value(); }

std::string person_path(std::string_view name) { return "/person/" + percent_encoded(name) + "/"; }
std::string project_path(std::string_view name) { return "/proj/" + percent_encoded(name) + "/"; }

}  // namespace journeyer::html
