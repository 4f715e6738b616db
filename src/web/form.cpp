#include "web/form.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

namespace journeyer::web {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding as the URL Standard does it: a '%' not followed by two
// hex digits stays as it is. `plus_is_space` for form bodies and queries.
std::string percent_decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 &&
               hex_value(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

std::string_view Form::get(std::string_view name) const {
  for (const auto& [k, v] : fields_)
    if (k == name) return v;
  return {};
}

bool Form::has(std::string_view name) const {
  for (const auto& [k, v] : fields_)
    if (k == name) return true;
  return false;
}

Result<Form> parse_form(std::string_view encoded, std::size_t max_bytes, std::string_view what) {
  const std::string named(what);
  if (encoded.size() > max_bytes)
    return Error::too_large(named + " is larger than " + std::to_string(max_bytes / 1024) + " KiB");
  Form form;
  std::size_t count = 0;
  while (!encoded.empty()) {
    std::size_t amp = encoded.find('&');
    std::string_view part = encoded.substr(0, amp);
    encoded = amp == std::string_view::npos ? std::string_view{} : encoded.substr(amp + 1);
    if (part.empty()) continue;
    if (++count > kMaxFormFields)
      return Error::invalid_input(named + " has more than " + std::to_string(kMaxFormFields) + " fields");
    std::size_t eq = part.find('=');
    std::string name = percent_decode(part.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? std::string{} : percent_decode(part.substr(eq + 1), true);
    if (!is_valid_utf8(name) || !is_valid_utf8(value))
      return Error::invalid_input(named + " is not valid UTF-8");
    form.add(std::move(name), std::move(value));
  }
  return form;
}

std::string as_sentence(std::string_view message) {
  std::string s(message);
  if (!s.empty() && s.front() >= 'a' && s.front() <= 'z') s.front() = static_cast<char>(s.front() - 'a' + 'A');
  if (!s.empty() && s.back() != '.' && s.back() != '?' && s.back() != '!') s += '.';
  return s;
}

std::size_t page_param(const Form& query) {
  std::string_view p = query.get("page");
  if (p.empty() || !std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return 1;
  const std::size_t digits = p.find_first_not_of('0');
  if (digits == std::string_view::npos) return 1;  // 0
  p.remove_prefix(digits);
  if (p.size() > 7) return kPastEveryPage;
  std::size_t n = 0;
  for (char c : p) n = n * 10 + static_cast<std::size_t>(c - '0');
  return std::min(n, kPastEveryPage);
}

std::string comma_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

Result<std::string> decode_path_segment(std::string_view segment) {
  std::string out = percent_decode(segment, false);
  if (!is_valid_utf8(out)) return Error::invalid_input("the address is not valid UTF-8");
  if (out == "." || out == "..") return Error::invalid_input("the address names a parent folder");
  for (char c : out)
    if (c == '/' || c == '\0' || c == '\\') return Error::invalid_input("the address has a character not allowed in a name");
  return out;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  while (true) {
    std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_cookies(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> out;
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  while (!header.empty() && out.size() < kMaxCookies) {
    std::size_t semi = header.find(';');
    std::string_view part = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    std::string_view value = trim(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    out.emplace_back(std::string(trim(part.substr(0, eq))), std::string(value));
  }
  return out;
}

std::string cookie_value(std::string_view header, std::string_view name) {
  for (auto& [k, v] : parse_cookies(header))
    if (k == name) return v;
  return {};
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

namespace {

// An address in binary (16 bytes; IPv4 as an IPv4-mapped IPv6 address, so
// that "127.0.0.1" and "::ffff:127.0.0.1" are the same peer), or nothing.
std::optional<std::array<unsigned char, 16>> binary_address(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;  // INET6_ADDRSTRLEN - 1
  char buf[46];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  std::array<unsigned char, 16> a{};
  unsigned char v4[4];
  if (inet_pton(AF_INET, buf, v4) == 1) {
    a[10] = a[11] = 0xff;
    std::memcpy(a.data() + 12, v4, 4);
    return a;
  }
  if (inet_pton(AF_INET6, buf, a.data()) == 1) return a;
  return std::nullopt;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool is_ip_address(std::string_view text) { return binary_address(text).has_value(); }

std::string rate_limit_key(std::string_view address) {
  auto a = binary_address(address);
  if (!a) return std::string(address);
  char text[INET6_ADDRSTRLEN];
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a->data(), kMapped, sizeof kMapped) == 0) {
    inet_ntop(AF_INET, a->data() + 12, text, sizeof text);
    return text;
  }
  std::fill(a->begin() + 8, a->end(), 0);
  inet_ntop(AF_INET6, a->data(), text, sizeof text);
  return std::string(text) + "/64";
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](std::string_view address) {
    auto a = binary_address(address);
    if (!a) return false;
    for (const auto& p : trusted_proxies)
      if (binary_address(p) == a) return true;
    return false;
  };
  if (trusted_proxies.empty() || forwarded_for.empty() || !trusted(peer)) return std::string(peer);
  // Right to left; a chain of proxies longer than this is not believed.
  constexpr int kMaxHops = 16;
  std::string_view rest = forwarded_for;
  for (int hop = 0; hop < kMaxHops && !rest.empty(); ++hop) {
    const auto comma = rest.rfind(',');
    const std::string_view item = trim_spaces(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (!is_ip_address(item)) break;  // not an address a proxy wrote: keep the peer's
    if (!trusted(item)) return std::string(item);
  }
  return std::string(peer);
}

bool is_form_key(std::string_view key) { return !key.empty() && key.size() <= kMaxFormKeyBytes; }

std::string member_form_key(std::int64_t member, std::string_view key) {
  return std::to_string(member) + ":" + std::string(key);
}

}  // namespace journeyer::web
