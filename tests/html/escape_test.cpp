// Escaping: what templates apply to every value.
#include "html/escape.h"

#include <gtest/gtest.h>

namespace journeyer::html {
namespace {

using namespace std::literals;

TEST(Escape, Text) {
  struct Row {
    std::string_view in, out;
  } rows[] = {
      {"plain", "plain"},
      {"<script>&\"'", "&lt;script&gt;&amp;\"'"},
      {"a\0b"sv,
       "a\xEF\xBF\xBD"
       "b"},
      {"cr\rlf", "cr&#13;lf"},
      {"caf\xC3\xA9 \xF0\x9F\x9A\x80", "caf\xC3\xA9 \xF0\x9F\x9A\x80"},
      {"bad\xFF", "bad\xEF\xBF\xBD"},
      // Controls and noncharacters as references, so a parser gives them back (found by the fuzzer).
      {"a\x01"
       "b\x7F"
       "c",
       "a&#x1;b&#x7F;c"},
      {"\xC2\x81 \xEF\xB7\x90 \xEF\xBF\xBE", "&#x81; &#xFDD0; &#xFFFE;"},
      {"\xC2\x80", "\xEF\xBF\xBD"},  // &#x80; would read back as the euro sign
      {"tab\tnl\nff\f", "tab\tnl\nff\f"},
  };
  for (const auto& r : rows) EXPECT_EQ(escape_text(r.in), r.out) << r.in;
}

TEST(Escape, Attribute) {
  EXPECT_EQ(escape_attribute("\" onclick=\"x"), "&quot; onclick=&quot;x");
  EXPECT_EQ(escape_attribute("a<b>&c'"), "a&lt;b&gt;&amp;c'");
  // NUL and CR as in text: replaced, and kept as a reference.
  EXPECT_EQ(escape_attribute("a\0b\rc"sv),
            "a\xEF\xBF\xBD"
            "b&#13;c");
}

TEST(Escape, Utf8Repair) {
  struct Row {
    std::string_view in, out;
  } rows[] = {
      {"ok \xE2\x82\xAC", "ok \xE2\x82\xAC"},
      {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},                                  // overlong '/'
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},                  // a surrogate
      {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // above U+10FFFF
      {"\xE2\x82", "\xEF\xBF\xBD"},  // truncated: one maximal subpart
      {"\xE2\x82x", "\xEF\xBF\xBDx"},
      {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
  };
  for (const auto& r : rows) EXPECT_EQ(to_valid_utf8(r.in), r.out);
}

}  // namespace
}  // namespace journeyer::html
