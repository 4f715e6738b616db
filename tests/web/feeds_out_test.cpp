// Feeds out: every feed parses with libxml2 (no network, no entities), has
// absolute links, stable ids, correct dates and escaped content; conditional
// GET answers 304; FOAF names whom the member certified; uncertified
// members' diaries are not published unless the config says so.
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <memory>

#include "feeds/write.h"
#include "web_fixture.h"

namespace journeyer::web::testing {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A parsed feed and XPath queries on it.
class Xml {
 public:
  explicit Xml(const std::string& text)
      : doc_(xmlReadMemory(text.data(), static_cast<int>(text.size()), "feed.xml", nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
             xmlFreeDoc) {
    if (!doc_) return;
    ctx_.reset(xmlXPathNewContext(doc_.get()));
    for (auto [prefix, uri] : {std::pair{"atom", "http://www.w3.org/2005/Atom"},
                               std::pair{"dc", "http://purl.org/dc/elements/1.1/"},
                               std::pair{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
                               std::pair{"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
                               std::pair{"foaf", "http://xmlns.com/foaf/0.1/"}})
      xmlXPathRegisterNs(ctx_.get(), reinterpret_cast<const xmlChar*>(prefix), reinterpret_cast<const xmlChar*>(uri));
  }
  bool ok() const { return doc_ != nullptr; }
  // The string value of an XPath expression ("" when nothing matches).
  std::string value(const std::string& xpath) const {
    std::string expr = "string(" + xpath + ")";
    std::unique_ptr<xmlXPathObject, void (*)(xmlXPathObjectPtr)> r(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(expr.c_str()), ctx_.get()), xmlXPathFreeObject);
    if (!r || !r->stringval) return {};
    return reinterpret_cast<const char*>(r->stringval);
  }
  double number(const std::string& xpath) const {
    std::unique_ptr<xmlXPathObject, void (*)(xmlXPathObjectPtr)> r(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), ctx_.get()), xmlXPathFreeObject);
    return r ? r->floatval : -1;
  }

 private:
  struct FreeCtx {
    void operator()(xmlXPathContextPtr c) const { xmlXPathFreeContext(c); }
  };
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc_;
  std::unique_ptr<xmlXPathContext, FreeCtx> ctx_;
};

class FeedsOutTest : public SiteTest {
 protected:
  SiteConfig make_config() override {
    SiteConfig c = SiteTest::make_config();
    c.base_url = "https://journeyer.example";
    return c;
  }
  void SetUp() override {
    SiteTest::SetUp();
    seed_ = add_member("seed", "seed-pass-123");
    alice_ = add_member("alice", "alice-pass-123");
    bob_ = add_member("bob", "bob-pass-1234");
    ASSERT_TRUE(store_->certify({seed_, alice_, model::CertLevel{2}, now_}));
    ASSERT_TRUE(store_->certify({alice_, seed_, model::CertLevel{3}, now_}));
    ASSERT_TRUE(store_->certify({alice_, bob_, model::CertLevel{1}, now_}));
    settle();
  }
  model::DiaryEntryId add_entry(model::AccountId author, const std::string& title, const std::string& body,
                                model::UnixTime when) {
    auto id = store_->add_diary_entry({author, title, body, model::TextFormat::Html, when});
    EXPECT_TRUE(id);
    return *id;
  }
  model::AccountId seed_, alice_, bob_;
};

TEST_F(FeedsOutTest, PersonRssIsValidRss2WithAbsoluteLinksDatesAndEscapedContent) {
  auto first = add_entry(alice_, "Fish & <chips>", "<p>Tom &amp; Jerry <person>bob</person></p>", 1'700'000'000);
  auto second = add_entry(alice_, "", "<p>untitled</p>", 1'700'086'400);
  Client c(*site_);
  Response r = c.get("/person/alice/rss.xml");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/rss+xml; charset=utf-8");
  Xml x(r.body);
  ASSERT_TRUE(x.ok()) << r.body;
  EXPECT_EQ(x.value("/rss/@version"), "2.0");
  EXPECT_EQ(x.value("/rss/channel/link"), "https://journeyer.example/person/alice/diary.html");
  EXPECT_EQ(x.value("/rss/channel/atom:link[@rel='self']/@href"), "https://journeyer.example/person/alice/rss.xml");
  EXPECT_EQ(x.number("count(/rss/channel/item)"), 2);
  // Newest first; an untitled entry gets a readable title.
  EXPECT_EQ(x.value("/rss/channel/item[1]/title"), "alice's diary, 2023-11-15");
  EXPECT_EQ(x.value("/rss/channel/item[2]/title"), "Fish & <chips>");
  const std::string link = "https://journeyer.example/person/alice/diary/" + std::to_string(first.value) + ".html";
  EXPECT_EQ(x.value("/rss/channel/item[2]/link"), link);
  EXPECT_EQ(x.value("/rss/channel/item[2]/guid"), link);
  EXPECT_EQ(x.value("/rss/channel/item[2]/guid/@isPermaLink"), "true");
  EXPECT_EQ(x.value("/rss/channel/item[2]/pubDate"), "Tue, 14 Nov 2023 22:13:20 GMT");
  EXPECT_EQ(x.value("/rss/channel/item[1]/pubDate"), "Wed, 15 Nov 2023 22:13:20 GMT");
  EXPECT_EQ(x.value("/rss/channel/item[2]/dc:creator"), "alice");
  // The description is the sanitized HTML as text: escaped once in the XML,
  // with the <person> tag's link to the site made absolute.
  std::string html = x.value("/rss/channel/item[2]/description");
  EXPECT_TRUE(contains(html, "<p>Tom &amp; Jerry <a href=\"https://journeyer.example/person/bob/\">bob</a></p>"))
      << html;
  EXPECT_TRUE(contains(r.body, "&lt;p&gt;Tom &amp;amp; Jerry")) << "escaped, not CDATA or raw";
  EXPECT_EQ(x.value("/rss/@xml:base"), "https://journeyer.example/");
  (void)second;
}

TEST_F(FeedsOutTest, PersonAtomFollowsRfc4287) {
  auto id = add_entry(alice_, "Hello", "<p>Hi <b>there</b></p>", 1'700'000'000);
  ASSERT_TRUE(store_->edit_diary_entry(id, {"Hello again", "<p>Hi</p>", model::TextFormat::Html, 1'700'003'600}));
  Client c(*site_);
  Response r = c.get("/person/alice/atom.xml");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/atom+xml; charset=utf-8");
  Xml x(r.body);
  ASSERT_TRUE(x.ok()) << r.body;
  EXPECT_EQ(x.value("/atom:feed/atom:id"), "https://journeyer.example/person/alice/atom.xml");
  EXPECT_EQ(x.value("/atom:feed/atom:updated"), "2023-11-14T23:13:20Z");
  EXPECT_EQ(x.value("/atom:feed/atom:author/atom:name"), "alice");
  EXPECT_EQ(x.value("/atom:feed/atom:link[@rel='alternate']/@href"), "https://journeyer.example/person/alice/diary.html");
  EXPECT_EQ(x.value("/atom:feed/atom:entry/atom:id"),
            "https://journeyer.example/person/alice/diary/" + std::to_string(id.value) + ".html");
  EXPECT_EQ(x.value("/atom:feed/atom:entry/atom:title"), "Hello again");
  EXPECT_EQ(x.value("/atom:feed/atom:entry/atom:published"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(x.value("/atom:feed/atom:entry/atom:updated"), "2023-11-14T23:13:20Z");
  EXPECT_EQ(x.value("/atom:feed/atom:entry/atom:content/@type"), "html");
  EXPECT_EQ(x.value("/atom:feed/atom:entry/atom:content"), "<p>Hi</p>");
}

TEST_F(FeedsOutTest, SiteFeedsCarryTheRecentLogOfCertifiedMembersOnly) {
  add_entry(alice_, "From alice", "<p>a</p>", 1'700'000'000);
  add_entry(bob_, "From bob", "<p>b</p>", 1'700'000'100);
  auto carol = add_member("carol", "carol-pass-123");  // uncertified
  add_entry(carol, "From carol", "<p>c</p>", 1'700'000'200);
  Client c(*site_);
  Xml rss(c.get("/rss.xml").body);
  ASSERT_TRUE(rss.ok());
  EXPECT_EQ(rss.value("/rss/channel/link"), "https://journeyer.example/recentlog.html");
  EXPECT_EQ(rss.number("count(/rss/channel/item)"), 2);
  EXPECT_EQ(rss.value("/rss/channel/item[1]/title"), "From bob");
  EXPECT_EQ(rss.value("/rss/channel/item[1]/dc:creator"), "bob");
  Xml atom(c.get("/atom.xml").body);
  ASSERT_TRUE(atom.ok());
  EXPECT_EQ(atom.number("count(/atom:feed/atom:entry)"), 2);
  EXPECT_EQ(atom.value("/atom:feed/atom:entry[2]/atom:author/atom:name"), "alice");
  // The HTML recent log shows everyone; the feeds leave carol out.
  EXPECT_TRUE(contains(c.get("/recentlog.html").body, "From carol"));
  Response carols = c.get("/person/carol/rss.xml");
  EXPECT_EQ(carols.status, 404);
  EXPECT_TRUE(contains(carols.body, "not certified"));
  EXPECT_EQ(c.get("/person/carol/atom.xml").status, 404);
  Response carols_foaf = c.get("/person/carol/foaf.rdf");
  EXPECT_EQ(carols_foaf.status, 404);
  EXPECT_TRUE(contains(carols_foaf.body, "uncertified members' FOAF profiles are not published")) << carols_foaf.body;
  EXPECT_EQ(c.get("/person/nobody/rss.xml").status, 404);
  // Carol's page offers none of them; alice's offers her FOAF profile.
  Response carols_page = c.get("/person/carol/");
  EXPECT_FALSE(contains(carols_page.body, "Machine-readable profile"));
  EXPECT_FALSE(contains(carols_page.body, "foaf.rdf"));
  EXPECT_TRUE(contains(c.get("/person/alice/").body, "href=\"/person/alice/foaf.rdf\""));
}

TEST_F(FeedsOutTest, ConditionalGetAnswers304UntilTheFeedChanges) {
  add_entry(alice_, "One", "<p>1</p>", 1'700'000'000);
  Client c(*site_);
  for (const std::string url : {"/person/alice/rss.xml", "/person/alice/atom.xml", "/rss.xml", "/atom.xml",
                                "/person/alice/foaf.rdf"}) {
    Response r = c.get(url);
    ASSERT_EQ(r.status, 200) << url;
    std::string etag(r.header("ETag")), modified(r.header("Last-Modified"));
    ASSERT_FALSE(etag.empty()) << url;
    ASSERT_FALSE(modified.empty()) << url;
    EXPECT_EQ(etag.front(), '"');
    Response same = c.get_if(url, etag);
    EXPECT_EQ(same.status, 304) << url;
    EXPECT_TRUE(same.body.empty());
    EXPECT_EQ(same.header("ETag"), etag);
    EXPECT_EQ(c.get_if(url, "\"other\", " + etag).status, 304) << "a list of tags";
    EXPECT_EQ(c.get_if(url, "W/" + etag).status, 304) << "weak comparison";
    EXPECT_EQ(c.get_if(url, "\"other\"").status, 200);
    EXPECT_EQ(c.get_if(url, "", modified).status, 304) << url;
    EXPECT_EQ(c.get_if(url, "\"other\"", modified).status, 200) << "If-None-Match wins";
  }
  Response before = c.get("/person/alice/rss.xml");
  EXPECT_EQ(before.header("Last-Modified"), "Tue, 14 Nov 2023 22:13:20 GMT");
  // Alice posts through the site (which also empties the visitors' cache).
  now_ = 1'700'000'500;
  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  alice.get("/diary/post");
  ASSERT_EQ(alice.post("/diary/post", {{"title", "Two"}, {"body", "<p>2</p>"}, {"save", "1"}}).status, 303);
  Response after = c.get_if("/person/alice/rss.xml", std::string(before.header("ETag")),
                            std::string(before.header("Last-Modified")));
  EXPECT_EQ(after.status, 200) << "a new entry is a new feed";
  EXPECT_NE(after.header("ETag"), before.header("ETag"));
  EXPECT_TRUE(contains(after.body, "Two"));
}

// A change the dates inside a feed do not show (an older entry deleted)
// still moves its Last-Modified: a reader asking If-Modified-Since alone
// gets the new feed, not a 304 for its old copy.
TEST_F(FeedsOutTest, DeletingAnOlderEntryMovesLastModified) {
  auto one = add_entry(alice_, "One", "<p>1</p>", 1'700'000'000);
  add_entry(alice_, "Two", "<p>2</p>", 1'700'000'100);
  now_ = 1'700'000'200;
  Client c(*site_);
  Response before = c.get("/person/alice/rss.xml");
  ASSERT_EQ(before.status, 200);
  const std::string modified(before.header("Last-Modified"));
  ASSERT_EQ(c.get_if("/person/alice/rss.xml", "", modified).status, 304);
  now_ = 1'700'000'300;
  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  alice.get("/diary/" + std::to_string(one.value) + "/delete");
  ASSERT_EQ(alice.post("/diary/" + std::to_string(one.value) + "/delete", {{"confirm", "1"}}).status, 303);
  Response after = c.get_if("/person/alice/rss.xml", "", modified);
  EXPECT_EQ(after.status, 200) << "the old copy still lists the deleted entry";
  EXPECT_FALSE(contains(after.body, "<title>One</title>"));
  EXPECT_NE(after.header("Last-Modified"), modified);
  EXPECT_EQ(after.header("Last-Modified"), "Tue, 14 Nov 2023 22:18:20 GMT") << "when the new feed was first served";
  EXPECT_EQ(c.get_if("/person/alice/rss.xml", "", std::string(after.header("Last-Modified"))).status, 304);
}

// Where the seed's capacity lets only alice in, bob (certified by alice)
// stays uncertified: alice's FOAF names him without pointing at his FOAF
// document, which is not published.
class FoafCapacityTest : public FeedsOutTest {
 protected:
  SiteConfig make_config() override {
    SiteConfig c = FeedsOutTest::make_config();
    c.trust.caps = {800, 2, 1};
    return c;
  }
};

TEST_F(FoafCapacityTest, FoafPointsOnlyAtProfilesThatArePublished) {
  Client c(*site_);
  ASSERT_EQ(c.get("/person/bob/foaf.rdf").status, 404) << "bob is not certified";
  EXPECT_FALSE(contains(c.get("/person/bob/").body, "foaf.rdf"));
  Response r = c.get("/person/alice/foaf.rdf");
  ASSERT_EQ(r.status, 200);
  Xml x(r.body);
  ASSERT_TRUE(x.ok()) << r.body;
  const std::string me = "/rdf:RDF/foaf:Person[@rdf:about='https://journeyer.example/person/alice/foaf.rdf#me']";
  EXPECT_EQ(x.number("count(" + me + "/foaf:knows)"), 2);
  EXPECT_EQ(x.value(me + "/foaf:knows/foaf:Person[foaf:nick='bob']/foaf:page/@rdf:resource"),
            "https://journeyer.example/person/bob/");
  EXPECT_EQ(x.number("count(" + me + "/foaf:knows/foaf:Person[foaf:nick='bob']/rdfs:seeAlso)"), 0);
  EXPECT_EQ(x.value(me + "/foaf:knows/foaf:Person[foaf:nick='seed']/rdfs:seeAlso/@rdf:resource"),
            "https://journeyer.example/person/seed/foaf.rdf");
}

TEST_F(FeedsOutTest, FoafNamesWhomTheMemberCertifiedAndNoAddressUnlessChosen) {
  add_entry(alice_, "x", "<p>x</p>", 1'700'000'000);
  Client c(*site_);
  Response r = c.get("/person/alice/foaf.rdf");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/rdf+xml; charset=utf-8");
  Xml x(r.body);
  ASSERT_TRUE(x.ok()) << r.body;
  const std::string me = "/rdf:RDF/foaf:Person[@rdf:about='https://journeyer.example/person/alice/foaf.rdf#me']";
  EXPECT_EQ(x.value(me + "/foaf:nick"), "alice");
  EXPECT_EQ(x.value(me + "/foaf:weblog/@rdf:resource"), "https://journeyer.example/person/alice/diary.html");
  EXPECT_EQ(x.number("count(" + me + "/foaf:knows)"), 2);
  EXPECT_EQ(x.value(me + "/foaf:knows/foaf:Person[foaf:nick='bob']/rdfs:seeAlso/@rdf:resource"),
            "https://journeyer.example/person/bob/foaf.rdf");
  EXPECT_EQ(x.value(me + "/foaf:knows/foaf:Person[foaf:nick='seed']/rdfs:seeAlso/@rdf:resource"),
            "https://journeyer.example/person/seed/foaf.rdf");
  EXPECT_FALSE(contains(r.body, "example.org")) << "no e-mail address";
  EXPECT_FALSE(contains(r.body, "mbox"));

  // The member chooses to publish the sum on the profile form.
  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  Response form = alice.get("/account/profile");
  ASSERT_TRUE(contains(form.body, "publish_email_sha1"));
  auto account = store_->account(alice_);
  Response saved = alice.post("/account/profile", {{"email", "alice@example.org"},
                                                   {"real_name", "Alice Liddell"},
                                                   {"homepage", "https://alice.example/"},
                                                   {"notes", ""},
                                                   {"publish_email_sha1", "1"},
                                                   {"version", std::to_string(account->version)},
                                                   {"save", "1"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  Client visitor(*site_);
  Xml after(visitor.get("/person/alice/foaf.rdf").body);
  ASSERT_TRUE(after.ok());
  // sha1("mailto:alice@example.org")
  EXPECT_EQ(after.value(me + "/foaf:mbox_sha1sum"), "0e2c7c1362c996630c1cc1ad912cfa202d78e1bc");
  EXPECT_EQ(after.value(me + "/foaf:name"), "Alice Liddell");
  EXPECT_EQ(after.value(me + "/foaf:homepage/@rdf:resource"), "https://alice.example/");
}

TEST_F(FeedsOutTest, ArticleFeedsCarryVisibleArticlesWithAbsoluteLinksAndAnswer304) {
  auto shown = store_->create_article({alice_, "Flow & spam", "<p>The <em>lead</em>.</p>", "<p>Body.</p>", "",
                                       model::TextFormat::Html, 1'700'000'000, ""});
  auto hidden = store_->create_article({bob_, "Hidden one", "<p>gone</p>", "", "", model::TextFormat::Html,
                                        1'700'000'100, ""});
  ASSERT_TRUE(shown && hidden);
  ASSERT_TRUE(store_->set_article_hidden(*hidden, true, "spam"));
  Client c(*site_);
  Response rss = c.get("/rss/articles.xml");
  ASSERT_EQ(rss.status, 200);
  EXPECT_EQ(rss.content_type, "application/rss+xml; charset=utf-8");
  Xml r(rss.body);
  ASSERT_TRUE(r.ok()) << rss.body;
  EXPECT_EQ(r.number("count(/rss/channel/item)"), 1) << "hidden articles are not in the feed";
  const std::string url = "https://journeyer.example/article/" + std::to_string(shown->value) + ".html";
  EXPECT_EQ(r.value("/rss/channel/item/title"), "Flow & spam");
  EXPECT_EQ(r.value("/rss/channel/item/link"), url);
  EXPECT_EQ(r.value("/rss/channel/item/guid"), url);
  EXPECT_EQ(r.value("/rss/channel/item/dc:creator"), "alice");
  EXPECT_TRUE(contains(r.value("/rss/channel/item/description"), "<em>lead</em>"));
  EXPECT_EQ(r.value("/rss/channel/link"), "https://journeyer.example/article/");

  Response atom = c.get("/atom/articles.xml");
  ASSERT_EQ(atom.status, 200);
  Xml a(atom.body);
  ASSERT_TRUE(a.ok()) << atom.body;
  EXPECT_EQ(a.number("count(/atom:feed/atom:entry)"), 1);
  EXPECT_EQ(a.value("/atom:feed/atom:entry/atom:link/@href"), url);
  EXPECT_EQ(a.value("/atom:feed/atom:entry/atom:author/atom:name"), "alice");
  EXPECT_FALSE(contains(atom.body, "Hidden one"));

  std::string etag(rss.header("ETag"));
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(c.get_if("/rss/articles.xml", etag).status, 304);
  EXPECT_EQ(c.get_if("/rss/articles.xml", "", std::string(rss.header("Last-Modified"))).status, 304);
  // Restored through the site (which empties the visitors' cache): a new feed.
  add_member("boss", "boss-pass-123");
  Client boss(*site_);
  ASSERT_TRUE(boss.login("boss", "boss-pass-123"));
  boss.get("/article/" + std::to_string(hidden->value) + ".html");
  ASSERT_EQ(boss.post("/article/" + std::to_string(hidden->value) + "/moderate", {{"action", "restore"}}).status, 303);
  Response after = c.get_if("/rss/articles.xml", etag);
  EXPECT_EQ(after.status, 200);
  EXPECT_TRUE(contains(after.body, "Hidden one"));
}

TEST_F(FeedsOutTest, AnEmptyArticleFeedIsDatedWhenTheLevelsWereComputedNot1970) {
  Client c(*site_);
  Xml atom(c.get("/atom/articles.xml").body);
  ASSERT_TRUE(atom.ok());
  EXPECT_EQ(atom.number("count(/atom:feed/atom:entry)"), 0);
  // The fixture's clock (1'700'000'000) is when the site computed its levels.
  EXPECT_EQ(atom.value("/atom:feed/atom:updated"), "2023-11-14T22:13:20Z");
  Response rss = c.get("/rss/articles.xml");
  EXPECT_EQ(rss.header("Last-Modified"), "Tue, 14 Nov 2023 22:13:20 GMT");
}

TEST_F(FeedsOutTest, AnArticleFeedIsDatedByItsNewestArticle) {
  ASSERT_TRUE(store_->create_article({alice_, "First", "<p>lead</p>", "", "", model::TextFormat::Html,
                                      1'600'000'000, ""}));
  Client c(*site_);
  Xml atom(c.get("/atom/articles.xml").body);
  ASSERT_TRUE(atom.ok());
  EXPECT_EQ(atom.value("/atom:feed/atom:updated"), "2020-09-13T12:26:40Z");
}

TEST_F(FeedsOutTest, FoafNamesTheMembersCurrentProjects) {
  auto p = store_->create_project({"Gnumeric", "https://gnumeric.example/", "GPL", "", "", alice_, now_});
  ASSERT_TRUE(p);
  ASSERT_TRUE(store_->set_project_relation(alice_, *p, model::ProjectRelation::LeadDeveloper));
  Client c(*site_);
  Xml x(c.get("/person/alice/foaf.rdf").body);
  ASSERT_TRUE(x.ok());
  const std::string project = "/rdf:RDF/foaf:Person/foaf:currentProject/foaf:Project";
  EXPECT_EQ(x.value(project + "/foaf:name"), "Gnumeric");
  EXPECT_EQ(x.value(project + "/foaf:homepage/@rdf:resource"), "https://gnumeric.example/");
  EXPECT_EQ(x.value(project + "/rdfs:seeAlso/@rdf:resource"), "https://journeyer.example/proj/Gnumeric/");
}

class PublishUncertifiedTest : public FeedsOutTest {
  SiteConfig make_config() override {
    SiteConfig c = FeedsOutTest::make_config();
    c.uncertified_feeds = true;
    return c;
  }
};

TEST_F(PublishUncertifiedTest, TheConfigSwitchPublishesEveryonesDiary) {
  auto carol = add_member("carol", "carol-pass-123");
  add_entry(carol, "From carol", "<p>c</p>", 1'700'000'200);
  Client c(*site_);
  EXPECT_EQ(c.get("/person/carol/rss.xml").status, 200);
  EXPECT_EQ(c.get("/person/carol/foaf.rdf").status, 200);
  EXPECT_TRUE(contains(c.get("/rss.xml").body, "From carol"));
}

TEST(FeedWriters, ControlCharactersAndBrokenUtf8StillMakeWellFormedXml) {
  feeds::FeedChannel ch;
  ch.title = std::string("bad \x01\x02 bytes \xff\xfe and \xEF\xBF\xBF");
  ch.link = ch.self_link = ch.base_url = "https://x.example/";
  feeds::FeedItem item;
  item.title = "]]> <![CDATA[ \"quotes\" 'and' &amp;";
  item.link = "https://x.example/a?b=1&c=2";
  item.content_html = std::string("<p>\x0b vertical tab</p>");
  ch.items.push_back(item);
  for (auto body : {feeds::write_rss(ch), feeds::write_atom(ch)}) {
    ASSERT_TRUE(body);
    Xml x(*body);
    ASSERT_TRUE(x.ok()) << *body;
  }
  Xml rss(*feeds::write_rss(ch));
  EXPECT_EQ(rss.value("/rss/channel/item/title"), item.title);
  EXPECT_EQ(rss.value("/rss/channel/item/link"), item.link);
}

}  // namespace
}  // namespace journeyer::web::testing
