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

TEST(Markdown, HeadingsAreStrongParagraphs) {
  EXPECT_EQ(md("# Title\n\ntext\n## Part\nmore\n"),
            "<p><strong>Title</strong></p>\n<p>text</p>\n<p><strong>Part</strong></p>\n<p>more</p>\n");
  EXPECT_EQ(md("Setext *title*\n===\n"), "<p><strong>Setext <em>title</em></strong></p>\n");
}

TEST(Markdown, ThematicBreaksShowAsSpacedAsterisks) {
  EXPECT_EQ(md("one\n\n---\n\ntwo\n"), "<p>one</p>\n<p>* * *</p>\n<p>two</p>\n");
  EXPECT_EQ(md("***\n"), "<p>* * *</p>\n");
}

TEST(Markdown, ImagesAreLinksToThem) {
  EXPECT_EQ(md("![A cat on a mat](https://example.org/cat.png)\n"),
            "<p><a href=\"https://example.org/cat.png\" rel=\"nofollow ugc\">[image: A cat on a mat]</a></p>\n");
  // A linked image (a badge) keeps the outer link and the alt text.
  EXPECT_EQ(md("[![build](https://ci.example/b.svg)](https://ci.example/)\n"),
            "<p><a href=\"https://ci.example/\" rel=\"nofollow ugc\">[image: build]</a></p>\n");
  auto r = markdown_to_html_with_report("# T\n![a](/a.png) ![b](/b.png)\n", *named_policy("diary"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->report.headings_as_paragraphs, 1u);
  EXPECT_EQ(r->report.images_as_links, 2u);
}

TEST(Markdown, RawHtmlMeetsThePolicy) {
  EXPECT_EQ(md("hi <script>alert(1)</script> <b onclick=x>b</b>\n"), "<p>hi  <b>b</b></p>\n");
  EXPECT_EQ(md("<div style=\"x\">\n<person>raph</person>\n</div>\n"),
            "<div>\n<a href=\"/person/raph/\">raph</a>\n</div>\n");
  std::string out = md("[x](javascript:alert(1)) ![i](data:image/png;base64,AA) <javascript:alert(1)>\n");
  // The URLs are gone; an autolink's text and an image's alt text stay as text.
  EXPECT_EQ(out, "<p><a>x</a> [image: i] <a>javascript:alert(1)</a></p>\n");
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
