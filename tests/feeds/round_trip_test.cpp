// Every feed the site writes (feeds/write.h) reads back through the
// aggregator's parser as the same posts: ids, links, titles, dates and
// content, which the diary sanitizer leaves as it is.
#include <gtest/gtest.h>

#include "feeds/parse.h"
#include "feeds/write.h"
#include "html/sanitize.h"

namespace journeyer::feeds {
namespace {

FeedChannel channel() {
  FeedChannel c;
  c.title = "Diary of alice & \"friends\"";
  c.link = "https://journeyer.example/person/alice/diary.html";
  c.self_link = "https://journeyer.example/person/alice/rss.xml";
  c.description = "alice's diary";
  c.base_url = "https://journeyer.example/";
  c.author = "alice";
  c.author_url = "https://journeyer.example/person/alice/";
  c.updated = 1795600000;
  FeedItem a;
  a.title = "Caf\u00e9 5 < 6 & \"quotes\" \u2014 \U0001F600";
  a.fallback_title = "alice's diary entry";
  a.link = "https://journeyer.example/person/alice/diary/2.html";
  a.author = "alice";
  a.author_url = c.author_url;
  a.content_html = "<p>Some <strong>bold</strong> &amp; <a href=\"https://example.org/x?a=1&amp;b=2\">a link</a></p>";
  a.published = 1795600000;
  a.updated = 1795603600;
  FeedItem b;
  b.fallback_title = "alice's diary entry of 2026-11-24";
  b.link = "https://journeyer.example/person/alice/diary/1.html";
  b.author = "alice";
  b.author_url = c.author_url;
  b.content_html = "<blockquote><p>]]&gt; a CDATA end in text</p></blockquote><pre>x &lt; y</pre>";
  b.published = 1795500000;
  b.updated = 1795500000;
  c.items = {a, b};
  return c;
}

void expect_round_trip(const std::string& bytes, FeedFormat format) {
  const FeedChannel c = channel();
  auto parsed = parse_feed(bytes, c.self_link);
  ASSERT_TRUE(parsed) << parsed.error().message() << "\n" << bytes;
  EXPECT_EQ(parsed->format, format);
  EXPECT_EQ(parsed->title, c.title);
  EXPECT_EQ(parsed->link, c.link);
  ASSERT_EQ(parsed->posts.size(), c.items.size());
  auto policy = html::named_policy("diary");
  ASSERT_TRUE(policy);
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    const FeedItem& want = c.items[i];
    const ParsedPost& got = parsed->posts[i];
    EXPECT_EQ(got.guid, want.link);
    EXPECT_EQ(got.link, want.link);
    EXPECT_EQ(got.title, want.title.empty() ? want.fallback_title : want.title);
    EXPECT_EQ(got.published, want.published);
    if (format == FeedFormat::Atom) {
      EXPECT_EQ(got.updated, want.updated);
    }
    EXPECT_EQ(got.content, want.content_html);
    // What the aggregator would store is what the site wrote.
    auto safe = html::sanitize(got.content, *policy);
    ASSERT_TRUE(safe);
    auto original = html::sanitize(want.content_html, *policy);
    ASSERT_TRUE(original);
    EXPECT_EQ(safe->str(), original->str());
  }
}

// Links to the site's own pages (a <person> tag's /person/NAME/, an image
// at /static/...) are made absolute in items, for readers that ignore
// xml:base; text that looks like an attribute, and links to other hosts,
// stay as they are.
TEST(FeedLinks, PathsOnTheSiteBecomeAbsolute) {
  EXPECT_EQ(absolute_links("<p><a href=\"/person/erin/\">erin</a> <img src=\"/static/x.png\"> href=\"/t\" "
                           "<a href=\"//other.example/\" rel=\"nofollow ugc\">o</a> <a href=\"https://a.example/\">a</a> "
                           "<a title=\"x > href='/'\" href='/q?a=1'>q</a></p>",
                           "https://journeyer.example/"),
            "<p><a href=\"https://journeyer.example/person/erin/\">erin</a> "
            "<img src=\"https://journeyer.example/static/x.png\"> href=\"/t\" "
            "<a href=\"//other.example/\" rel=\"nofollow ugc\">o</a> <a href=\"https://a.example/\">a</a> "
            "<a title=\"x > href='/'\" href='https://journeyer.example/q?a=1'>q</a></p>");
  FeedChannel c = channel();
  c.items[0].content_html = "<p>Hi <a href=\"/person/bob/\">bob</a></p>";
  for (const auto& bytes : {write_rss(c), write_atom(c)}) {
    ASSERT_TRUE(bytes);
    EXPECT_NE(bytes->find("https://journeyer.example/person/bob/"), std::string::npos) << *bytes;
    EXPECT_EQ(bytes->find("\"/person/bob/"), std::string::npos) << *bytes;
  }
}

TEST(RoundTrip, RssTheSiteWritesReadsBack) {
  auto rss = write_rss(channel());
  ASSERT_TRUE(rss) << rss.error().message();
  expect_round_trip(*rss, FeedFormat::Rss2);
}

TEST(RoundTrip, AtomTheSiteWritesReadsBack) {
  auto atom = write_atom(channel());
  ASSERT_TRUE(atom) << atom.error().message();
  expect_round_trip(*atom, FeedFormat::Atom);
}

TEST(RoundTrip, AnEmptyFeedWithoutADateIsNotDated1970) {
  FeedChannel c = channel();
  c.items.clear();
  c.updated = 0;
  auto rss = write_rss(c);
  ASSERT_TRUE(rss) << rss.error().message();
  EXPECT_EQ(rss->find("lastBuildDate"), std::string::npos) << *rss;
  EXPECT_EQ(rss->find("1970"), std::string::npos) << *rss;
  auto parsed = parse_feed(*rss, c.self_link);
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->title, c.title);
  EXPECT_TRUE(parsed->posts.empty());
  c.updated = 1795600000;
  rss = write_rss(c);
  ASSERT_TRUE(rss);
  EXPECT_NE(rss->find("<lastBuildDate>Wed, 25 Nov 2026 09:46:40 GMT"), std::string::npos) << *rss;
}

}  // namespace
}  // namespace journeyer::feeds
