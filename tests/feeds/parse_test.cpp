// The feed parser on the fixture feeds (tests/feeds/fixtures/): each format,
// each real-world mistake, and the hostile ones.
#include "feeds/parse.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "util/text.h"

namespace journeyer::feeds {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(JOURNEYER_FEED_FIXTURES) + "/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << name;
  return s.str();
}

ParsedFeed parse_ok(const std::string& name, const std::string& url) {
  auto r = parse_feed(fixture(name), url);
  EXPECT_TRUE(r.has_value()) << name << ": " << (r ? "" : r.error().message());
  return r ? *r : ParsedFeed{};
}

std::string parse_error(const std::string& name) {
  auto r = parse_feed(fixture(name), "https://blog.example/feed.xml");
  EXPECT_FALSE(r.has_value()) << name << " should be refused";
  return r ? "" : r.error().message();
}

TEST(ParseFeed, Rss2WithCdataRelativeLinksAndDates) {
  auto f = parse_ok("rss2.xml", "https://alice.example/feeds/rss.xml");
  EXPECT_EQ(f.format, FeedFormat::Rss2);
  EXPECT_EQ(f.title, "Alice's Blog");
  EXPECT_EQ(f.link, "https://alice.example/blog/");
  ASSERT_EQ(f.posts.size(), 2u);
  const auto& second = f.posts[0];
  EXPECT_EQ(second.guid, "tag:alice.example,2026:2");
  EXPECT_EQ(second.link, "https://alice.example/blog/2026/second.html");
  EXPECT_EQ(second.title, "Second post");
  EXPECT_EQ(second.published, 1795514400);  // 2026-11-24 10:00 UTC
  // content:encoded wins over description; its relative links are made absolute.
  EXPECT_NE(second.content.find("<em>longer</em>"), std::string::npos) << second.content;
  EXPECT_NE(second.content.find("href=\"https://alice.example/blog/other.html\""), std::string::npos)
      << second.content;
  EXPECT_NE(second.content.find("src=\"https://alice.example/feeds/pics/cat.png\""), std::string::npos)
      << second.content;
  const auto& first = f.posts[1];
  EXPECT_EQ(first.guid, "https://alice.example/blog/2026/first.html");
  EXPECT_EQ(first.published, 1795422600);  // 09:30 +0100 is 08:30 UTC
  // Escaped HTML in description is HTML; "&amp;amp;" is a literal "&amp;".
  EXPECT_EQ(first.content, "<p>Hello &amp; welcome, <strong>world</strong>.</p>");
}

TEST(ParseFeed, Rss091WithNetscapeDtdAndNoDates) {
  auto f = parse_ok("rss091.xml", "http://old.example/rss.xml");
  EXPECT_EQ(f.title, "Old School");
  ASSERT_EQ(f.posts.size(), 1u);
  EXPECT_EQ(f.posts[0].guid, "http://old.example/2001/05/post.html");  // no guid: the link
  EXPECT_EQ(f.posts[0].published, 0);
}

TEST(ParseFeed, Rss092UntitledPostsAndPostsWithoutIdentity) {
  auto f = parse_ok("rss092.xml", "http://ninetytwo.example/rss");
  ASSERT_EQ(f.posts.size(), 1u);
  EXPECT_EQ(f.posts[0].title, "");
  EXPECT_EQ(f.posts[0].link, "http://ninetytwo.example/a");
  EXPECT_EQ(f.skipped_posts, 1u);
}

TEST(ParseFeed, Rss1Rdf) {
  auto f = parse_ok("rss1.rdf", "http://rdf.example/index.rdf");
  EXPECT_EQ(f.format, FeedFormat::Rss1);
  EXPECT_EQ(f.title, "RDF Site Summary");
  ASSERT_EQ(f.posts.size(), 1u);
  EXPECT_EQ(f.posts[0].guid, "http://rdf.example/one");
  EXPECT_EQ(f.posts[0].published, 1795155300);  // 08:15 +02:00 is 06:15 UTC
  EXPECT_EQ(f.posts[0].content, "<p>Encoded <b>content</b></p>");
}

TEST(ParseFeed, AtomWithXmlBaseAndTextConstructs) {
  auto f = parse_ok("atom.xml", "https://elsewhere.example/atom.xml");
  EXPECT_EQ(f.format, FeedFormat::Atom);
  EXPECT_EQ(f.title, "Bob <3 Atom");
  EXPECT_EQ(f.link, "https://atom.example/blog/");  // xml:base, not the feed's URL
  ASSERT_EQ(f.posts.size(), 2u);
  const auto& x = f.posts[0];
  EXPECT_EQ(x.guid, "tag:atom.example,2026:xhtml");
  EXPECT_EQ(x.title, "An XHTML title");
  EXPECT_EQ(x.link, "https://atom.example/blog/posts/xhtml.html");
  EXPECT_EQ(x.published, 1795604400);
  EXPECT_EQ(x.updated, 1795606200);
  EXPECT_NE(x.content.find("href=\"https://atom.example/blog/about.html\""), std::string::npos) << x.content;
  EXPECT_EQ(x.content.find("<div"), std::string::npos) << "the xhtml wrapper div is not content";
  const auto& s = f.posts[1];
  EXPECT_EQ(s.title, "Text & summary only");
  EXPECT_EQ(s.content, "Plain text with &lt;tags&gt; that must stay text");
  EXPECT_EQ(s.published, s.updated);  // no <published>: the updated date
}

TEST(ParseFeed, DeclaredNonUtf8Encodings) {
  auto f = parse_ok("latin1.xml", "http://latin.example/rss");
  EXPECT_EQ(f.title, "Caf\u00e9 Latin-1");
  ASSERT_EQ(f.posts.size(), 1u);
  EXPECT_EQ(f.posts[0].title, "D\u00e9j\u00e0 vu");
  EXPECT_EQ(f.posts[0].content, "Na\u00efve r\u00e9sum\u00e9");
}

TEST(ParseFeed, UndeclaredWindows1252IsReadAsSuch) {
  auto f = parse_ok("cp1252.xml", "http://cp1252.example/rss");
  EXPECT_EQ(f.title, "Undeclared \u201cquotes\u201d");
  ASSERT_EQ(f.posts.size(), 1u);
  EXPECT_EQ(f.posts[0].title, "Caf\u00e9");
}

TEST(ParseFeed, HtmlInTitlesBecomesText) {
  auto f = parse_ok("html-title.xml", "http://titles.example/rss");
  EXPECT_EQ(f.title, "Markup in titles");
  ASSERT_EQ(f.posts.size(), 1u);
  EXPECT_EQ(f.posts[0].title, "Bold & x spaced out");
}

TEST(ParseFeed, PlainTextTitlesWithAngleBracketsStayAsTyped) {
  // Titles with markup of real HTML elements or character references are
  // HTML; other angle brackets are text (the site's own feeds write those).
  const std::string xml =
      "<rss version='2.0'><channel><title>Bob &lt;3 feeds</title>"
      "<item><title>Notes on &lt;parsers&gt; &amp; trees</title><link>http://t.example/1</link></item>"
      "<item><title>if a &lt; b &amp;&amp; c &gt; d</title><link>http://t.example/2</link></item>"
      "<item><title>&lt;em&gt;Really&lt;/em&gt; &amp;amp; truly</title><link>http://t.example/3</link></item>"
      "<item><title>Caf&amp;#233;</title><link>http://t.example/4</link></item>"
      "</channel></rss>";
  auto f = parse_feed(xml, "http://t.example/rss");
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_EQ(f->title, "Bob <3 feeds");
  ASSERT_EQ(f->posts.size(), 4u);
  EXPECT_EQ(f->posts[0].title, "Notes on <parsers> & trees");
  EXPECT_EQ(f->posts[1].title, "if a < b && c > d");
  EXPECT_EQ(f->posts[2].title, "Really & truly");
  EXPECT_EQ(f->posts[3].title, "Caf\u00e9");
}

TEST(ParseFeed, HostilePostsAreParsedNotTrusted) {
  auto f = parse_ok("attack.xml", "http://attack.example/rss");
  ASSERT_EQ(f.posts.size(), 1u);
  EXPECT_EQ(f.posts[0].link, "");  // a javascript: link is no link
  EXPECT_EQ(f.posts[0].title, "Hostile");
  EXPECT_EQ(f.posts[0].guid, "attack-1");
}

TEST(ParseFeed, RefusesEntityDeclarations) {
  EXPECT_NE(parse_error("xxe.xml").find("declares the XML entity 'secret'"), std::string::npos);
  EXPECT_NE(parse_error("bomb.xml").find("declares the XML entity 'a'"), std::string::npos);
}

TEST(ParseFeed, RefusesMalformedXmlWithTheLine) {
  std::string e = parse_error("malformed.xml");
  EXPECT_NE(e.find("not well-formed XML (line "), std::string::npos) << e;
}

TEST(ParseFeed, RecognisesAnHtmlPage) {
  EXPECT_EQ(parse_error("not-a-feed.html"), "the address gives an HTML page, not an RSS or Atom feed");
}

TEST(ParseFeed, RefusesOtherDocumentsAndLimits) {
  auto r = parse_feed("<?xml version='1.0'?><opml version='2.0'/>", "http://x.example/");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "this is not an RSS or Atom feed (the document is a <opml>)");
  r = parse_feed("   ", "http://x.example/");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "the feed is empty");
  std::string huge =
      "<rss version='2.0'><channel><title>" + std::string(kMaxFeedBytes, 'x') + "</title></channel></rss>";
  r = parse_feed(huge, "http://x.example/");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::TooLarge);
}

TEST(ParseFeed, RssWithoutAChannelIsRefusedByName) {
  auto r = parse_feed("<?xml version='1.0'?><rss version='2.0'><item><title>x</title></item></rss>",
                      "http://x.example/");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "the RSS feed has no <channel>");
  r = parse_feed(
      "<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'"
      " xmlns='http://purl.org/rss/1.0/'><item rdf:about='http://x.example/1'><title>x</title></item></rdf:RDF>",
      "http://x.example/");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "the RSS 1.0 feed has no <channel>");
}

// Titles keep to the limit a member's own titles keep to, counted in
// characters as the forms count them: a syndicated entry's title can be
// edited and saved as it came.
TEST(ParseFeed, LongTitlesAreCutToTheTitleLimitInCharacters) {
  auto repeat = [](std::string_view piece, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += piece;
    return out;
  };
  const std::string xml = "<rss version='2.0'><channel><title>" + repeat("\u00e9", 400) +
                          "</title>"
                          "<item><title>" + repeat("\u00e9", kMaxTitleChars) + "</title><link>http://t.example/1</link></item>"
                          "<item><title>" + repeat("a", kMaxTitleChars + 1) + "</title><link>http://t.example/2</link></item>"
                          "<item><title>" + repeat("\u20ac", 150) + repeat(" ", 40) + repeat("b", 150) +
                          "</title><link>http://t.example/3</link></item>"
                          "</channel></rss>";
  auto f = parse_feed(xml, "http://t.example/rss");
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_EQ(f->title, repeat("\u00e9", kMaxTitleChars - 1) + "\u2026");
  ASSERT_EQ(f->posts.size(), 3u);
  EXPECT_EQ(f->posts[0].title, repeat("\u00e9", kMaxTitleChars));  // exactly the limit: as it came
  EXPECT_EQ(f->posts[1].title, repeat("a", kMaxTitleChars - 1) + "\u2026");
  // Spaces run together before counting: 150 + 1 + 150 characters.
  EXPECT_EQ(f->posts[2].title, repeat("\u20ac", 150) + " " + repeat("b", 148) + "\u2026");
  for (const auto& p : f->posts) EXPECT_TRUE(fits_chars(p.title, model::kMaxTitleChars)) << p.title;
}

TEST(ParseFeed, ReadsAtMostTheFirstPosts) {
  std::string xml = "<rss version='2.0'><channel><title>Many</title>";
  for (int i = 0; i < 300; ++i)
    xml += "<item><title>t</title><link>http://many.example/" + std::to_string(i) + "</link></item>";
  xml += "</channel></rss>";
  auto r = parse_feed(xml, "http://many.example/rss");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->posts.size(), kMaxPostsPerFeed);
  EXPECT_EQ(r->posts.front().link, "http://many.example/0");
}

TEST(ParseFeedDate, Formats) {
  struct Case {
    const char* text;
    model::UnixTime want;
  } cases[] = {
      {"Sun, 19 May 2002 15:21:36 GMT", 1021821696},
      {"19 May 2002 15:21:36 GMT", 1021821696},
      {"Sun, 19 May 2002 17:21:36 +0200", 1021821696},
      {"Sun, 19 May 02 15:21:36 GMT", 1021821696},
      {"2002-05-19T15:21:36Z", 1021821696},
      {"2002-05-19T15:21:36.123Z", 1021821696},
      {"2002-05-19T17:21:36+02:00", 1021821696},
      {"2002-05-19T10:21:36-0500", 1021821696},
      {"2002-05-19", 1021766400},
      {"2002-05-19T15:21Z", 1021821660},
      {"", 0},
      {"yesterday", 0},
      {"2002-13-45T99:99:99Z", 0},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_feed_date(c.text), c.want) << c.text;
}

}  // namespace
}  // namespace journeyer::feeds
