// Hostile sizes: refused with a clear error or sanitized within the memory
// budget, which the result reports. No clock is read.
#include <gtest/gtest.h>

#include <string>

#include "html/parse.h"
#include "html/sanitize.h"

namespace journeyer::html {
namespace {

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::size_t budget(std::size_t input) { return kParserBaseBytes + kParserBytesPerInputByte * input; }

// The largest policy a site may configure.
Policy widest() {
  PolicyConfig c = diary_config();
  c.max_input_bytes = kMaxInputBytesCeiling;
  c.max_tags = kMaxTagsCeiling;
  return *Policy::from_config(c);
}

TEST(Limits, InputOverTheLimitIsRefusedNotCut) {
  std::string big = repeat("<p>a diary entry that goes on.</p>", 8000);  // 272,000 bytes
  auto r = sanitize(big, *named_policy("diary"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::TooLarge);
  EXPECT_EQ(r.error().message(), "the HTML is 265 KiB, more than the 256 KiB allowed here; nothing was cut, please "
                                 "shorten it");
}

struct Hostile {
  const char* name;
  std::string input;
};

// The adversarial sizes, under the widest policy a site can set.
TEST(Limits, AdversarialSizesAreBounded) {
  const Hostile table[] = {
      {"100,000 nested tags", repeat("<div>", 100000)},
      {"100,000 nested unknown tags", repeat("<x>", 100000)},
      {"5 MB of <a without >", repeat("<a", 2'500'000)},
      {"1 MB of attributes on one tag", "<p " + repeat("a=b ", 250'000) + ">x</p>"},
      {"1 MB of distinct attributes", [] {
         std::string s = "<p";
         for (int i = 0; s.size() < 1'000'000; ++i) s += " a" + std::to_string(i);
         return s + ">";
       }()},
      {"reconstructed formatting bomb", [] {
         std::string s = "<p>";
         for (int i = 0; i < 2000; ++i) s += "<b a=" + std::to_string(i) + ">";
         return s + "</p>" + repeat("<p>x</p>", 4000);
       }()},
  };
  for (const auto& h : table) {
    auto r = sanitize_with_report(h.input, widest());
    if (r) {
      EXPECT_LE(r->report.parser_bytes, budget(h.input.size())) << h.name;
      EXPECT_LE(r->html.str().size(), h.input.size() * 2) << h.name;
    } else {
      EXPECT_EQ(r.error().kind(), ErrorKind::TooLarge) << h.name << ": " << r.error().message();
    }
  }
}

TEST(Limits, TheRefusalsSayWhy) {
  auto tags = sanitize(repeat("<div>", 100000), widest());
  ASSERT_FALSE(tags);
  EXPECT_EQ(tags.error().message(), "the HTML has more than 16384 tags, the most allowed here");
  auto attrs = sanitize("<p " + repeat("a=b ", 250'000) + ">x</p>", widest());
  ASSERT_FALSE(attrs);
  EXPECT_EQ(attrs.error().message(), "a tag in the HTML has more than 128 attributes");
  std::string bomb = "<p>";
  for (int i = 0; i < 2000; ++i) bomb += "<b a=" + std::to_string(i) + ">";
  bomb += "</p>" + repeat("<p>x</p>", 4000);
  auto memory = sanitize(bomb, widest());
  ASSERT_FALSE(memory);
  EXPECT_NE(memory.error().message().find("of memory to parse"), std::string::npos);
}

TEST(Limits, JustUnderTheLimitsIsSanitizedWithinBudget) {
  std::string nested = repeat("<div>", 16000) + "deep text";
  auto r = sanitize_with_report(nested, widest());
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_LE(r->report.parser_bytes, budget(nested.size()));
  EXPECT_EQ(r->html.str(), repeat("<div>", 64) + "deep text" + repeat("</div>", 64));
  std::string attrs = "<a href=\"/x\"" + repeat(" title=t", 100) + ">x</a>";
  auto a = sanitize(attrs, widest());
  ASSERT_TRUE(a);
  EXPECT_EQ(a->str(), "<a href=\"/x\">x</a>");
}

TEST(Limits, MeasureInputBoundsTagsAndAttributes) {
  struct Row {
    const char* in;
    std::size_t tags, attributes;
  } rows[] = {
      {"", 0, 0},
      {"plain text", 0, 0},
      {"<p>", 1, 0},
      {"<p a b=c d='e' f=\"g\">", 1, 4},
      {"<p a=\"x>\" b>", 1, 2},             // a '>' inside quotes does not end the tag
      {"<p a/b/c>", 1, 3},                  // '/' separates attributes too
      {"<p a=\"1\"b=\"2\"c>", 1, 3},        // so does a closing quote
      {"a < b", 0, 0},
      {"<!-- <p a b c> -->", 1, 3},         // counted even where the parser sees a comment: an upper bound
      {"<p title=\"<b x y>\">", 2, 2},      // both readings counted
  };
  for (const auto& r : rows) {
    InputShape s = measure_input(r.in);
    EXPECT_EQ(s.tags, r.tags) << r.in;
    EXPECT_EQ(s.most_attributes, r.attributes) << r.in;
  }
}

}  // namespace
}  // namespace journeyer::html
