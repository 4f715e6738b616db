// Markdown: CommonMark through md4c, then the same policy.
#include "html/markdown.h"

#include <gtest/gtest.h>

#include "html/audit.h"
#include "html/parse.h"

namespace journeyer::html {
namespace {

std::string md(std::string_view text) {
  auto r = markdown_to_html(text, *named_policy("diary"));
  EXPECT_TRUE(r) << (r ? "" : r.error().message());
  return r ? r->str() : std::string();
}

TEST(Markdown, CommonMarkBecomesTheDiaryTags) {
  EXPECT_EQ(md("Some *emphasis* and **strong** and `a<b`.\n"),
            "<p>Some <em>emphasis</em> and <strong>strong</strong> and <code>a&lt;b</code>.</p>\n");
  EXPECT_EQ(md("- one\n- two\n  1. nested\n"),
            "<ul>\n<li>one</li>\n<li>two<ol>\n<li>nested</li>\n</ol>\n</li>\n</ul>\n");
  EXPECT_EQ(md("> quoted\n"), "<blockquote>\n<p>quoted</p>\n</blockquote>\n");
  EXPECT_EQ(md("    if (a < b && c) {}\n"), "<pre><code>if (a &lt; b &amp;&amp; c) {}\n</code></pre>\n");
  EXPECT_EQ(md("[site](https://example.org/ \"t\")"),
            "<p><a href=\"https://example.org/\" rel=\"nofollow ugc\">site</a></p>\n");
}

TEST(Markdown, HeadingsOutsideThePolicyKeepTheirText) {
  EXPECT_EQ(md("# Title\n\ntext\n"), "Title\n<p>text</p>\n");
}

TEST(Markdown, RawHtmlMeetsThePolicy) {
  EXPECT_EQ(md("hi <script>alert(1)</script> <b onclick=x>b</b>\n"), "<p>hi  <b>b</b></p>\n");
  EXPECT_EQ(md("<div style=\"x\">\n<person>raph</person>\n</div>\n"),
            "<div>\n<a href=\"/person/raph/\">raph</a>\n</div>\n");
  std::string out = md("[x](javascript:alert(1)) ![i](data:image/png;base64,AA) <javascript:alert(1)>\n");
  // The URLs are gone; an autolink's text stays as text.
  EXPECT_EQ(out, "<p><a>x</a>  <a>javascript:alert(1)</a></p>\n");
  EXPECT_TRUE(audit(out, *named_policy("diary")));
}

TEST(Markdown, SourceOverTheLimitIsRefused) {
  std::string big(300 * 1024, 'a');
  auto r = markdown_to_html(big, *named_policy("diary"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::TooLarge);
  EXPECT_NE(r.error().message().find("256 KiB"), std::string::npos);
}

TEST(Markdown, DeepQuotesAreBounded) {
  // 100,000 '>' would be 100,000 nested blockquotes: refused or flattened, never slow or huge.
  std::string deep(100000, '>');
  deep += " x\n";
  auto r = markdown_to_html_with_report(deep, *named_policy("diary"));
  if (r) {
    EXPECT_LE(r->report.parser_bytes,
              kParserBaseBytes + kParserBytesPerInputByte * deep.size() * kMarkdownExpansion);
  } else {
    EXPECT_EQ(r.error().kind(), ErrorKind::TooLarge);
  }
}

}  // namespace
}  // namespace journeyer::html
