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

}  // namespace
}  // namespace journeyer::web
