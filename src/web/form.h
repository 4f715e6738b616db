// Parsing what browsers send: application/x-www-form-urlencoded bodies and
// query strings (WHATWG URL Standard, 5.1 "application/x-www-form-urlencoded
// parsing"), percent-encoded path segments, and the Cookie header (RFC 6265,
// 5.2). Every parser has a fuzz target (tests/fuzz/fuzz_form.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace journeyer::web {

constexpr std::size_t kMaxFormFields = 64;
constexpr std::size_t kMaxCookies = 32;

// Name/value pairs in the order sent. Names and values are valid UTF-8.
class Form {
 public:
  // The first value of `name`, or "" when absent.
  std::string_view get(std::string_view name) const;
  bool has(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }
  void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// Refuses (InvalidInput) bad percent-escapes' results that are not UTF-8 and
// more than kMaxFormFields fields; TooLarge above `max_bytes`. The messages
// name it `what` ("the form is larger than 4 KiB").
inline constexpr std::string_view kQueryName = "the query (what follows the ? in the address)";
Result<Form> parse_form(std::string_view encoded, std::size_t max_bytes, std::string_view what = "the form");

// One path segment, percent-decoded; refuses invalid UTF-8, NUL, '/' and the
// segments "." and ".." (no path traversal through an escape).
Result<std::string> decode_path_segment(std::string_view segment);

// Splits "/a/b/" into {"a","b",""}: a trailing slash gives an empty last
// segment, so that /person/NAME and /person/NAME/ stay different routes.
std::vector<std::string_view> split_path(std::string_view path);

// Cookie header -> name/value pairs (values as sent, quotes removed).
std::vector<std::pair<std::string, std::string>> parse_cookies(std::string_view header);
// The value of cookie `name`, or "".
std::string cookie_value(std::string_view header, std::string_view name);

// Percent-encodes for a URL path segment or a query value.
std::string url_encode(std::string_view text);

bool is_valid_utf8(std::string_view text);

// A lower layer's message ("a real name has at most 200 characters") as a
// sentence for a page: its first letter capital, a full stop at its end.
std::string as_sentence(std::string_view message);

// "a, b, c": names listed in a sentence.
std::string comma_list(const std::vector<std::string>& items);

// A list's ?page=N (1 the first): 1 when absent or not a positive whole
// number; a number past any list (over kPastEveryPage, however many digits)
// is kPastEveryPage, so that each list treats it as it treats any page past
// its last.
inline constexpr std::size_t kPastEveryPage = 1'000'000;
std::size_t page_param(const Form& query);

// Whether `text` is an IPv4 or IPv6 address (inet_pton's notation).
bool is_ip_address(std::string_view text);

// The visitor's address, which rate limits count: the peer's, unless the
// peer is one of `trusted_proxies` (a reverse proxy in front of the site).
// Then the X-Forwarded-For header is read from the right, where each proxy
// appends the address it saw (what a client sends is to the left and is not
// believed), past the trusted proxies; the first other address is the
// visitor's. A missing or malformed header leaves the peer's address.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

// What rate limits count an address as: one spelling per address (IPv4
// also for "::ffff:a.b.c.d"), and an IPv6 address as its /64 network, which
// one visitor holds whole ("2001:db8:1:2::/64"). Anything else as it is.
std::string rate_limit_key(std::string_view address);

// A form's one-time submission key (the hidden field "submission", a
// random token made with the form): a double click or a form sent again
// finds what the first submission made.
constexpr std::size_t kMaxFormKeyBytes = 64;
bool is_form_key(std::string_view key);
// The key as the store keeps it: per member, so that one member's key never
// finds another's post.
std::string member_form_key(std::int64_t member, std::string_view key);

}  // namespace journeyer::web
