// The form, query, path and cookie parsers.
#include <gtest/gtest.h>

#include "web/form.h"

namespace journeyer::web {
namespace {

TEST(Form, DecodesPlusAndPercent) {
  auto f = parse_form("name=J%C3%BCrgen+K&empty=&flag&x=%41%zz%4", 1024);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->get("name"), "Jürgen K");
  EXPECT_TRUE(f->has("empty"));
  EXPECT_TRUE(f->has("flag"));
  EXPECT_EQ(f->get("x"), "A%zz%4");  // bad escapes stay as they are (URL Standard)
  EXPECT_EQ(f->get("missing"), "");
}

// Every list reads ?page= alike: a number too big for any list is "past
// the end" (each list then says so or shows its last page), never page 1.
TEST(Form, PageNumbers) {
  auto page = [](std::string_view query) { return page_param(*parse_form(query, 1024)); };
  EXPECT_EQ(page(""), 1u);
  EXPECT_EQ(page("page=3"), 3u);
  EXPECT_EQ(page("page=007"), 7u);
  for (const char* bad : {"page=", "page=0", "page=000", "page=-1", "page=abc", "page=2x", "page=+2", "page=%202"})
    EXPECT_EQ(page(bad), 1u) << bad;
  EXPECT_EQ(page("page=1000000"), kPastEveryPage);
  EXPECT_EQ(page("page=1000001"), kPastEveryPage);
  EXPECT_EQ(page("page=999999999999999999999"), kPastEveryPage);
  EXPECT_EQ(page("page=" + std::string(600, '9')), kPastEveryPage);
}

TEST(Form, FirstValueWins) {
  auto f = parse_form("a=1&a=2", 1024);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->get("a"), "1");
  EXPECT_EQ(f->fields().size(), 2u);
}

TEST(Form, RefusesWhatBreaksTheRules) {
  struct Case {
    std::string body;
    ErrorKind kind;
  };
  std::string many;
  for (std::size_t i = 0; i <= kMaxFormFields; ++i) many += "f" + std::to_string(i) + "=1&";
  const std::vector<Case> cases = {
      {"a=%ff", ErrorKind::InvalidInput},           // not UTF-8
      {"a=%c0%af", ErrorKind::InvalidInput},        // overlong '/'
      {"a=%ed%a0%80", ErrorKind::InvalidInput},     // a surrogate
      {"%fe=1", ErrorKind::InvalidInput},           // in a name too
      {many, ErrorKind::InvalidInput},              // too many fields
      {std::string(2000, 'a'), ErrorKind::TooLarge},
  };
  for (const auto& c : cases) {
    auto f = parse_form(c.body, 1024);
    ASSERT_FALSE(f) << c.body.substr(0, 40);
    EXPECT_EQ(f.error().kind(), c.kind) << c.body.substr(0, 40);
  }
  // The limit is given in the units the rest of the site uses.
  EXPECT_EQ(parse_form(std::string(2000, 'a'), 1024).error().message(), "the form is larger than 1 KiB");
  EXPECT_EQ(parse_form(std::string(2000, 'a'), 1024, kQueryName).error().message(),
            "the query (what follows the ? in the address) is larger than 1 KiB");
  // Pages show such a message as a sentence.
  EXPECT_EQ(as_sentence("the form is larger than 1 KiB"), "The form is larger than 1 KiB.");
  EXPECT_EQ(as_sentence("Already a sentence."), "Already a sentence.");
  EXPECT_EQ(as_sentence("\xC3\xA9t\xC3\xA9 (not ASCII)"), "\xC3\xA9t\xC3\xA9 (not ASCII).");
  EXPECT_EQ(as_sentence(""), "");
  EXPECT_EQ(comma_list({"Apprentice", "Journeyer", "Master"}), "Apprentice, Journeyer, Master");
  EXPECT_EQ(comma_list({"one"}), "one");
  EXPECT_EQ(comma_list({}), "");
}

TEST(PathSegment, RefusesTraversalAndSlashes) {
  EXPECT_EQ(*decode_path_segment("J%C3%BCrgen"), "Jürgen");
  for (const char* bad : {"..", "%2e%2e", ".", "a%2fb", "a%5cb", "%00", "%ff"})
    EXPECT_FALSE(decode_path_segment(bad)) << bad;
}

TEST(Path, SplitsKeepingTheTrailingSlash) {
  EXPECT_EQ(split_path("/person/raph/"), (std::vector<std::string_view>{"person", "raph", ""}));
  EXPECT_EQ(split_path("/person/raph"), (std::vector<std::string_view>{"person", "raph"}));
  EXPECT_EQ(split_path("/"), (std::vector<std::string_view>{""}));
  EXPECT_TRUE(split_path("person").empty());
}

TEST(Cookies, ParsesTheHeader) {
  EXPECT_EQ(cookie_value("a=1; journeyer_session=tok; b=\"q\"", "journeyer_session"), "tok");
  EXPECT_EQ(cookie_value("a=1; b=\"q\"", "b"), "q");
  EXPECT_EQ(cookie_value("garbage;;=x; a", "a"), "");
}

TEST(UrlEncode, RoundTrips) {
  std::string text = "a b&c=d/é";
  auto f = parse_form("x=" + url_encode(text), 1024);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->get("x"), text);
}

TEST(ClientAddress, OnlyATrustedProxysForwardedForIsBelievedAndOnlyItsOwnEntry) {
  const std::vector<std::string> none, proxy{"127.0.0.1"}, two{"127.0.0.1", "10.0.0.2"};
  // No proxy configured, or the peer is not one: the header is not read.
  EXPECT_EQ(client_address("203.0.113.7", "198.51.100.1", none), "203.0.113.7");
  EXPECT_EQ(client_address("203.0.113.7", "198.51.100.1", proxy), "203.0.113.7");
  // From the proxy: the address it appended, last.
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1", proxy), "198.51.100.1");
  EXPECT_EQ(client_address("::ffff:127.0.0.1", "198.51.100.1", proxy), "198.51.100.1");
  EXPECT_EQ(client_address("127.0.0.1", "2001:db8::5", proxy), "2001:db8::5");
  // What the visitor wrote in front is not believed.
  EXPECT_EQ(client_address("127.0.0.1", "192.0.2.99, 198.51.100.1", proxy), "198.51.100.1");
  EXPECT_EQ(client_address("127.0.0.1", "192.0.2.99,198.51.100.1 ", proxy), "198.51.100.1");
  // A chain of trusted proxies is walked past.
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1, 10.0.0.2", two), "198.51.100.1");
  // Nothing usable: the peer's own address.
  EXPECT_EQ(client_address("127.0.0.1", "", proxy), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "unknown", proxy), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1:443", proxy), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1, <script>", proxy), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "127.0.0.1", proxy), "127.0.0.1");
  // One key per address, and per IPv6 /64.
  EXPECT_EQ(rate_limit_key("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(rate_limit_key("::ffff:192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(rate_limit_key("2001:db8:0::2"), "2001:db8::/64");
  EXPECT_EQ(rate_limit_key("2001:0db8::ffff:1"), "2001:db8::/64");
  EXPECT_EQ(rate_limit_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(rate_limit_key("::1"), "::/64");
  EXPECT_EQ(rate_limit_key("not an address"), "not an address");
  EXPECT_TRUE(is_ip_address("::1"));
  EXPECT_TRUE(is_ip_address("192.0.2.1"));
  EXPECT_FALSE(is_ip_address("192.0.2.256"));
  EXPECT_FALSE(is_ip_address("localhost"));
  EXPECT_FALSE(is_ip_address(std::string(100, '1')));
}

}  // namespace
}  // namespace journeyer::web
