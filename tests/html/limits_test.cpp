// Hostile sizes: refused with a clear error or sanitized within the memory
// budget, which the result reports. No clock is read.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
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
  EXPECT_EQ(r.error().message(),
            "the HTML is 265 KiB, more than the 256 KiB allowed here; nothing was cut, please "
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
      {"1 MB of distinct attributes",
       [] {
         std::string s = "<p";
         for (int i = 0; s.size() < 1'000'000; ++i) s += " a" + std::to_string(i);
         return s + ">";
       }()},
      {"reconstructed formatting bomb",
       [] {
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
      {"<p a=\"x>\" b>", 1, 2},       // a '>' inside quotes does not end the tag
      {"<p a/b/c>", 1, 3},            // '/' separates attributes too
      {"<p a=\"1\"b=\"2\"c>", 1, 3},  // so does a closing quote
      {"a < b", 0, 0},
      {"<!-- <p a b c> -->", 1, 3},     // counted even where the parser sees a comment: an upper bound
      {"<p title=\"<b x y>\">", 2, 2},  // both readings counted
  };
  for (const auto& r : rows) {
    InputShape s = measure_input(r.in);
    EXPECT_EQ(s.tags, r.tags) << r.in;
    EXPECT_EQ(s.most_attributes, r.attributes) << r.in;
  }
}

// A reference for measure_input: from each "<letter", the tokenizer's tag
// states written out as the spec words them (with reconsume), forwards.
std::size_t attributes_from(std::string_view s, std::size_t start) {
  enum {
    TagName,
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    Dq,
    Sq,
    Unquoted,
    AfterQuoted,
    SelfClosing
  } st = TagName;
  std::size_t count = 0;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; };
  for (std::size_t i = start; i < s.size();) {
    char c = s[i];
    bool consume = true;
    switch (st) {
      case TagName:
        if (space(c))
          st = BeforeName;
        else if (c == '/')
          st = SelfClosing;
        else if (c == '>')
          return count;
        break;
      case BeforeName:
        if (space(c)) break;
        if (c == '/' || c == '>') {
          st = AfterName;
          consume = false;
          break;
        }
        ++count;
        st = Name;
        if (c != '=') consume = false;
        break;
      case Name:
        if (space(c) || c == '/' || c == '>') {
          st = AfterName;
          consume = false;
        } else if (c == '=')
          st = BeforeValue;
        break;
      case AfterName:
        if (space(c)) break;
        if (c == '/')
          st = SelfClosing;
        else if (c == '=')
          st = BeforeValue;
        else if (c == '>')
          return count;
        else {
          ++count;
          st = Name;
          consume = false;
        }
        break;
      case BeforeValue:
        if (space(c)) break;
        if (c == '"')
          st = Dq;
        else if (c == '\'')
          st = Sq;
        else if (c == '>')
          return count;
        else {
          st = Unquoted;
          consume = false;
        }
        break;
      case Dq:
        if (c == '"') st = AfterQuoted;
        break;
      case Sq:
        if (c == '\'') st = AfterQuoted;
        break;
      case Unquoted:
        if (space(c))
          st = BeforeName;
        else if (c == '>')
          return count;
        break;
      case AfterQuoted:
        if (space(c))
          st = BeforeName;
        else if (c == '/')
          st = SelfClosing;
        else if (c == '>')
          return count;
        else {
          st = BeforeName;
          consume = false;
        }
        break;
      case SelfClosing:
        if (c == '>') return count;
        st = BeforeName;
        consume = false;
        break;
    }
    if (consume) ++i;
  }
  return count;
}

TEST(Limits, MeasureInputAgreesWithAForwardReference) {
  const char alphabet[] = "<ab /=>\"'\n";
  std::uint64_t seed = 12345;
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    std::size_t len = (seed >> 40) % 48;
    for (std::size_t i = 0; i < len; ++i) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      s += alphabet[(seed >> 33) % (sizeof alphabet - 1)];
    }
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    std::size_t tags = 0, most = 0;
    for (std::size_t i = 0; i + 1 < s.size(); ++i)
      if (s[i] == '<' && (s[i + 1] == 'a' || s[i + 1] == 'b')) {
        ++tags;
        most = std::max(most, attributes_from(s, i + 2));
      }
    InputShape shape = measure_input(s);
    ASSERT_EQ(shape.tags, tags) << s;
    ASSERT_EQ(shape.most_attributes, most) << s;
  }
}

}  // namespace
}  // namespace journeyer::html
