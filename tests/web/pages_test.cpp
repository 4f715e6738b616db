// The pages a visitor sees, their security headers, and the escaping rule.
#include <gtest/gtest.h>

#include <functional>

#include "trust/parse.h"
#include "web/view.h"
#include "web_fixture.h"

namespace journeyer::web::testing {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class PagesTest : public SiteTest {};

TEST_F(PagesTest, EveryTemplateParsesAndPrintsOnlySafeHtmlRaw) { EXPECT_TRUE(Templates::load()); }

TEST_F(PagesTest, FrontPageHasSecurityHeaders) {
  Client c(*site_);
  Response r = c.get("/");
  EXPECT_EQ(r.status, 200);
  std::string csp(r.header("Content-Security-Policy"));
  EXPECT_TRUE(contains(csp, "frame-ancestors 'none'"));
  EXPECT_FALSE(contains(csp, "script-src")) << "no script source at all: default-src 'none' covers it";
  EXPECT_TRUE(contains(csp, "default-src 'none'"));
  EXPECT_FALSE(contains(csp, "unsafe-inline"));
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(r.header("Referrer-Policy").empty());
  EXPECT_FALSE(contains(r.body, "<script"));
  // The site's name once in the front page's title; other pages lead with theirs.
  const std::string site_name = site_->config().name;
  EXPECT_TRUE(contains(r.body, "<title>" + site_name + "</title>")) << r.body.substr(0, 400);
  EXPECT_TRUE(contains(c.get("/person/").body, "<title>"));
  EXPECT_FALSE(contains(c.get("/person/").body, "<title>" + site_name + "</title>"));
}

TEST_F(PagesTest, PersonPageForAVisitorHasAdvogatosSectionsAndNoCertifyForm) {
  add_member("alice", "alice-pass-123");
  settle();
  Client c(*site_);
  Response r = c.get("/person/alice/");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body, "alice is currently certified at"));
  EXPECT_TRUE(contains(r.body, "Member since"));
  EXPECT_TRUE(contains(r.body, "<dt>Last login</dt>"));
  EXPECT_TRUE(contains(r.body, "alice certified others as follows:"));
  EXPECT_TRUE(contains(r.body, "Others have certified alice as follows:"));
  EXPECT_TRUE(contains(r.body, "[ Certification disabled because you&apos;re not logged in. ]") ||
              contains(r.body, "[ Certification disabled because you're not logged in. ]"));
  EXPECT_FALSE(contains(r.body, "/person/alice/certify"));
  // A long list of certificates (hundreds, on the imported graph) can be
  // skipped: links to the list of certifiers and to the certify section,
  // and the places they lead to.
  EXPECT_TRUE(contains(r.body, "<a href=\"#certs-to\">Who certified alice</a>"));
  EXPECT_TRUE(contains(r.body, "<a href=\"#certify\">Certify alice</a>"));
  EXPECT_TRUE(contains(r.body, "<h3 id=\"certs-to\">"));
  EXPECT_TRUE(contains(r.body, "<h2 id=\"certify\">"));
}

TEST_F(PagesTest, ImportedCertificatesAreNotCalledNewAndAnUnclaimedAccountIsNoMemberYet) {
  // The import happened now: its certificates carry today's time.
  storage::GraphImport in;
  in.names = {"seed", "miguel"};
  in.certificates = {{0, 1, model::CertLevel{3}}};
  in.when = now_;
  ASSERT_TRUE(store_->import_graph(in));
  const model::AccountId alice = add_member("alice", "alice-pass-123");
  auto miguel = store_->account_by_name("miguel");
  ASSERT_TRUE(miguel);
  ASSERT_TRUE(store_->certify({alice, miguel->id, model::CertLevel{2}, now_}));
  settle();
  Client c(*site_);
  Response r = c.get("/person/miguel/");
  ASSERT_EQ(r.status, 200);
  // The list item that says `who` certified miguel.
  auto line_of = [&](const std::string& who) {
    for (std::size_t at = r.body.find("<li>"); at != std::string::npos; at = r.body.find("<li>", at + 1)) {
      const std::string item = r.body.substr(at, r.body.find("</li>", at) - at);
      if (contains(item, who) && contains(item, " certified miguel as ")) return item;
    }
    ADD_FAILURE() << "no line for " << who;
    return std::string();
  };
  const std::string from_raph = line_of("seed"), from_alice = line_of("alice");
  EXPECT_TRUE(contains(from_raph, "from the imported graph")) << from_raph;
  EXPECT_FALSE(contains(from_raph, "class=\"new\"")) << from_raph;
  EXPECT_TRUE(contains(from_alice, "class=\"new\"")) << from_alice;
  EXPECT_FALSE(contains(from_alice, "imported")) << from_alice;
  EXPECT_TRUE(contains(r.body, "<dt>Member since</dt><dd>not yet (imported ")) << r.body.substr(0, 1200);
  Response raph = c.get("/person/seed/");
  EXPECT_TRUE(contains(raph.body, "miguel</a> as Master <span class=\"muted date\">from the imported graph</span>"))
      << raph.body;
  EXPECT_FALSE(contains(c.get("/person/alice/").body, "not yet (imported"));
}

TEST_F(PagesTest, UnknownPersonIs404AndNameWithoutSlashRedirects) {
  Client c(*site_);
  EXPECT_EQ(c.get("/person/nobody/").status, 404);
  add_member("alice", "alice-pass-123");
  Response r = c.get("/person/alice");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), "/person/alice/");
}

TEST_F(PagesTest, MalformedPathsAreRefusedNotServed) {
  Client c(*site_);
  EXPECT_EQ(c.get("/static/style.css").status, 200);
  EXPECT_EQ(c.get("/static/%2e%2e").status, 400);
  EXPECT_EQ(c.get("/static/..%2fCMakeLists.txt").status, 400);
  EXPECT_EQ(c.get("/static/site.db").status, 404);
  EXPECT_EQ(c.get("/person/%ff%fe/").status, 400);
  EXPECT_EQ(c.get("/person/?q=%ff").status, 400);
  EXPECT_EQ(c.get("no-slash").status, 400);
}

TEST_F(PagesTest, MemberListIsByLevelThenName) {
  add_member("seed", "seed-pass-123");
  add_member("zed", "zed-pass-1234");
  add_member("bob", "bob-pass-1234");
  add_member("amy", "amy-pass-1234");
  ASSERT_TRUE(store_->certify({store_->account_by_name("seed")->id, store_->account_by_name("zed")->id,
                               model::CertLevel{3}, now_}));
  settle();
  Client c(*site_);
  Response r = c.get("/person/");
  ASSERT_EQ(r.status, 200);
  auto seed = r.body.find(">seed<"), zed = r.body.find(">zed<"), amy = r.body.find(">amy<"), bob = r.body.find(">bob<");
  ASSERT_NE(zed, std::string::npos);
  EXPECT_LT(seed, zed);  // seeds are Master
  EXPECT_LT(zed, amy);   // Master before Observer
  EXPECT_LT(amy, bob);   // then by name
  Response s = c.get("/person/?q=B");
  EXPECT_TRUE(contains(s.body, ">bob<"));
  EXPECT_FALSE(contains(s.body, ">amy<"));
}

TEST_F(PagesTest, GraphDotExportReadsBack) {
  add_member("seed", "seed-pass-123");
  add_member("alice", "alice-pass-123");
  ASSERT_TRUE(store_->certify({store_->account_by_name("seed")->id, store_->account_by_name("alice")->id,
                               model::CertLevel{2}, now_}));
  settle();
  Client c(*site_);
  Response r = c.get("/person/graph.dot");
  ASSERT_EQ(r.status, 200);
  auto g = trust::parse_graph(r.body, site_->config().trust.levels, "graph.dot");
  ASSERT_TRUE(g) << g.error().message();
  ASSERT_EQ(g->certificates.size(), 1u);
  EXPECT_EQ(g->accounts.name(g->certificates[0].issuer), "seed");
  EXPECT_EQ(g->accounts.name(g->certificates[0].subject), "alice");
  EXPECT_EQ(g->certificates[0].level, 2);
}

TEST_F(PagesTest, TrustPagesExplainLevels) {
  add_member("seed", "seed-pass-123");
  add_member("alice", "alice-pass-123");
  ASSERT_TRUE(store_->certify({store_->account_by_name("seed")->id, store_->account_by_name("alice")->id,
                               model::CertLevel{2}, now_}));
  settle();
  Client c(*site_);
  Response about = c.get("/trust/");
  ASSERT_EQ(about.status, 200);
  EXPECT_TRUE(contains(about.body, "Levels were last computed"));
  // The capacities by where a member stands: the first is what the seeds
  // share, the next a seed's own, the last repeats for everyone beyond.
  const auto& caps = site_->config().trust.caps;
  ASSERT_GE(caps.size(), 4u);
  auto row = [](const std::string& where, std::int64_t cap) {
    return "<th scope=\"row\">" + where + "</th><td>" + std::to_string(cap) + "</td>";
  };
  EXPECT_TRUE(contains(about.body, row("The seeds together", caps[0]))) << about.body;
  EXPECT_TRUE(contains(about.body, row("A seed", caps[1])));
  EXPECT_TRUE(contains(about.body, row("1 step from the seeds", caps[2])));
  EXPECT_TRUE(contains(about.body, row("2 steps from the seeds", caps[3])));
  EXPECT_TRUE(contains(about.body,
                       row(std::to_string(caps.size() - 2) + " or more steps from the seeds", caps.back())));
  Response why = c.get("/person/alice/trust");
  ASSERT_EQ(why.status, 200);
  EXPECT_TRUE(contains(why.body, "Accepted."));
  // alice's capacity is the table's for one step from the seeds.
  EXPECT_TRUE(contains(why.body, "alice is 1 step from the seeds, with a capacity of " + std::to_string(caps[2]) +
                                     ": alice keeps one unit of the seeds' trust and can pass up to " +
                                     std::to_string(caps[2] - 1) + " on"))
      << why.body;
  EXPECT_TRUE(contains(why.body, "/person/seed/"));  // the chain from the seed
  EXPECT_TRUE(contains(why.body, "Not reached."));   // at Master
  EXPECT_FALSE(contains(why.body, "left out of the picture"));  // one certificate: all shown
  // A seed is called one, with a seed's capacity and no chain to itself.
  Response seed = c.get("/person/seed/trust");
  ASSERT_EQ(seed.status, 200);
  EXPECT_TRUE(contains(seed.body, "seed is a seed, with a capacity of " + std::to_string(caps[1]))) << seed.body;
  EXPECT_FALSE(contains(seed.body, "A chain of certificates"));
}

// Each refusal of the attack form marks the field it is about (focused and
// described by the message), keeps what was typed and runs nothing: names
// beyond the field's maxlength among them.
TEST_F(PagesTest, AttackFormRefusalsMarkTheFieldAtFault) {
  add_member("seed", "seed-pass-123");
  settle();
  Client c(*site_);
  const Response form = c.get("/trust/attack");
  ASSERT_EQ(form.status, 200);
  EXPECT_EQ(field_at_fault(form.body), "");
  EXPECT_EQ(maxlength_of(form.body, "names"), 2000u);
  std::string many_names;
  for (int i = 0; i <= 50; ++i) many_names += "m" + std::to_string(i) + "+";
  struct Case {
    const char* what;
    std::string query;
    int status;
    std::string field, message, kept;
  };
  const std::vector<Case> cases = {
      {"no fakes", "fakes=0&level=Master", 400, "fakes", "between 1 and 10000", "value=\"0\""},
      {"too many confused", "fakes=10&confused=51&level=Master", 400, "confused", "At most 50 confused members.",
       "value=\"51\""},
      {"names too long", "fakes=10&names=" + std::string(2001, 'n') + "&level=Master", 400, "names",
       "The names are too long (at most 2000 characters).", "value=\"" + std::string(2001, 'n') + "\""},
      {"too many names", "fakes=10&names=" + many_names + "&level=Master", 400, "names",
       "At most 50 confused members.", "value=\"m0 m1 "},
      {"a name of no member", "fakes=10&names=seed+nobody&level=Master", 404, "names",
       "There is no member called nobody.", "value=\"seed nobody\""},
      {"a level not offered", "fakes=10&level=Observer", 400, "level", "Pick the level", "value=\"10\""},
  };
  for (const auto& k : cases) {
    Response r = c.get("/trust/attack?" + k.query);
    EXPECT_EQ(r.status, k.status) << k.what;
    EXPECT_TRUE(contains(r.body, k.message)) << k.what;
    EXPECT_EQ(field_at_fault(r.body), k.field) << k.what;
    EXPECT_TRUE(contains(r.body, k.kept)) << k.what << ": what was typed is kept";
    EXPECT_FALSE(contains(r.body, "What happened")) << k.what << ": nothing ran";
  }
}

// The attack's sentence agrees with its counts when there is one of them.
TEST_F(PagesTest, TheAttackSentenceSaysOneFakeAccountAndOneConfusedMember) {
  add_member("seed", "seed-pass-123");
  settle();
  Client c(*site_);
  Response lone = c.get("/trust/attack?fakes=1&level=Master");
  ASSERT_EQ(lone.status, 200) << lone.body;
  EXPECT_TRUE(contains(lone.body, "no trust flowed into it: of the 1 fake account, none got in")) << lone.body;
  Response one = c.get("/trust/attack?fakes=1&names=seed&level=Master");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_TRUE(contains(one.body, "Of the 1 fake account, ")) << one.body;
  EXPECT_TRUE(contains(one.body, "the capacity of the 1 confused member, allows")) << one.body;
  for (const Response* r : {&lone, &one}) EXPECT_FALSE(contains(r->body, "1 fake accounts"));
}

// Capacities so small that the seed passes on two units: to zed and zoe,
// first in line, and not to zz; and a nest as near the seed, and first by
// name ("sybil-0" before "zed"), takes both places.
class TightCapacityTest : public SiteTest {
  SiteConfig make_config() override {
    SiteConfig c = SiteTest::make_config();
    c.trust.caps = {10, 3, 1};
    return c;
  }
};

TEST_F(TightCapacityTest, TheAttackSaysWhichRealMembersTheNestDisplaced) {
  const auto seed = add_member("seed", "seed-pass-123");
  for (const char* name : {"zed", "zoe", "zz"})
    ASSERT_TRUE(store_->certify({seed, add_member(name, std::string(name) + "-pass-123"), model::CertLevel{3}, now_}));
  settle();
  Client c(*site_);
  // zz's page says why it is not in, in words a member knows.
  Response why = c.get("/person/zz/trust");
  ASSERT_EQ(why.status, 200);
  EXPECT_TRUE(contains(why.body, "<strong>Blocked.</strong> Certificates connect zz to the seeds (1 step from the "
                                 "seeds), but every chain of them\nruns through members who had already passed on "
                                 "all the trust their capacity allows"))
      << why.body;
  EXPECT_TRUE(contains(why.body, "Where every chain is stopped (1 member with no capacity left):"));
  EXPECT_TRUE(contains(why.body, "<li><a href=\"/person/seed/\">seed</a></li>"));
  EXPECT_FALSE(contains(why.body, "Saturated"));
  Response zed = c.get("/person/zed/trust");
  EXPECT_TRUE(contains(zed.body, "zed is 1 step from the seeds, with a capacity of 1: zed keeps one unit of the "
                                 "seeds' trust and has none to pass on"))
      << zed.body;
  // The same member named three times, in any case, is one confused member.
  Response r = c.get("/trust/attack?fakes=5&names=SEED,seed+Seed&level=Master");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(contains(r.body, "the capacity of the 1 confused member, allows")) << r.body;
  // The seed certifies one fake, sybil-0, which comes before zed in line.
  EXPECT_TRUE(contains(r.body, "<th scope=\"row\">Master</th><td class=\"fakes-in\">1</td><td class=\"bound\">3</td>"
                               "<td class=\"real\">2</td><td class=\"real-without\">3</td>"))
      << r.body;
  EXPECT_TRUE(contains(r.body, "The nest also cost real members their places: 1 fewer at Master or above, 1 fewer "
                               "at Journeyer or above, 1 fewer at Apprentice or above than without it."))
      << r.body;
  // Without a confused member nothing is displaced, and the sentence says nothing of it.
  Response none = c.get("/trust/attack?fakes=5&level=Master");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(contains(none.body, "<td class=\"real\">3</td><td class=\"real-without\">3</td>")) << none.body;
  EXPECT_FALSE(contains(none.body, "cost real members"));
}

TEST_F(PagesTest, TheNeighbourhoodPictureSaysHowManyCertificatesItLeavesOut) {
  // The picture shows 16 certifiers (kMaxDirectEachWay): alice has 18, bob 17.
  for (const auto& [name, fans] : {std::pair<std::string, int>{"alice", 18}, {"bob", 17}}) {
    const auto id = add_member(name, name + "-pass-123");
    for (int i = 0; i < fans; ++i) {
      const std::string fan = name + "fan" + std::to_string(10 + i);
      ASSERT_TRUE(store_->certify({add_member(fan, fan + "-pass-123"), id, model::CertLevel{1}, now_}));
    }
  }
  settle();
  Client c(*site_);
  Response why = c.get("/person/alice/trust");
  ASSERT_EQ(why.status, 200);
  EXPECT_TRUE(contains(why.body, "(2 more direct certificates are left out of the picture.)")) << why.body;
  why = c.get("/person/bob/trust");
  ASSERT_EQ(why.status, 200);
  EXPECT_TRUE(contains(why.body, "(1 more direct certificate is left out of the picture.)")) << why.body;
}

// Small things a reader notices: counts agree with their nouns, the FOAF
// link says what it is, the labels are capitalised alike.
TEST_F(PagesTest, CountsAgreeAndLabelsSayWhatTheyAre) {
  auto alice = add_member("alice", "alice-pass-123");
  settle();
  Client c(*site_);
  EXPECT_TRUE(contains(c.get("/person/?q=ali").body, "<caption>1 member, highest level first"));
  EXPECT_TRUE(contains(c.get("/").body, "<caption>1 member</caption>"));
  add_member("bob", "bob-pass-1234");
  settle();
  EXPECT_TRUE(contains(c.get("/person/").body, "<caption>2 members, highest level first"));
  EXPECT_TRUE(contains(c.get("/").body, "<caption>2 members</caption>"));

  // A certified member's page links her FOAF profile.
  auto seed = add_member("seed", "seed-pass-123");
  ASSERT_TRUE(store_->certify({seed, alice, model::CertLevel{2}, now_}));
  settle();
  Response r = c.get("/person/alice/");
  EXPECT_TRUE(contains(r.body, "<dt>Machine-readable profile</dt><dd><a href=\"/person/alice/foaf.rdf\" "
                               "type=\"application/rdf+xml\">FOAF<span class=\"sr\"> profile of alice</span></a>"))
      << r.body;
  EXPECT_FALSE(contains(r.body, "<dt>FOAF</dt>")) << "the label does not repeat the link";
  EXPECT_FALSE(contains(r.body, "Share This!"));
  EXPECT_TRUE(contains(r.body, "<dt>Last login</dt>"));
  EXPECT_FALSE(contains(r.body, "Last Login"));
}

// On your own page there is nobody to certify: no certify section, no
// link to it; on another member's page both are there.
TEST_F(PagesTest, YourOwnPageHasNoCertifySection) {
  add_member("alice", "alice-pass-123");
  add_member("bob", "bob-pass-1234");
  settle();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  Response own = c.get("/person/alice/");
  ASSERT_EQ(own.status, 200);
  EXPECT_FALSE(contains(own.body, "id=\"certify\"")) << own.body;
  EXPECT_FALSE(contains(own.body, "href=\"#certify\""));
  EXPECT_FALSE(contains(own.body, "This is you"));
  Response other = c.get("/person/bob/");
  EXPECT_TRUE(contains(other.body, "<h2 id=\"certify\">Certify bob</h2>"));
  EXPECT_TRUE(contains(other.body, "<a href=\"#certify\">Certify bob</a>"));
}

// An imported account nobody has claimed is not a member yet: the member
// list and the front page's newest members say so as its page does.
TEST_F(PagesTest, ListsCallAnUnclaimedImportedAccountImported) {
  storage::GraphImport in;
  in.names = {"seed", "miguel"};
  in.certificates = {{0, 1, model::CertLevel{3}}};
  in.when = now_;
  ASSERT_TRUE(store_->import_graph(in));
  add_member("alice", "alice-pass-123");
  settle();
  const std::string day = format_date(now_);
  Client c(*site_);
  EXPECT_TRUE(contains(c.get("/person/miguel/").body, "<dd>not yet (imported " + day + ")</dd>"));
  Response list = c.get("/person/");
  EXPECT_TRUE(contains(list.body, ">miguel</a></td><td>Master</td><td>not yet (imported " + day + ")</td>"))
      << list.body;
  EXPECT_TRUE(contains(list.body, ">alice</a></td><td>Observer</td><td>" + day + "</td>")) << list.body;
  Response home = c.get("/");
  EXPECT_TRUE(contains(home.body, ">miguel</a> <span class=\"muted\">imported " + day + "</span>")) << home.body;
  EXPECT_TRUE(contains(home.body, ">alice</a> <span class=\"muted\">since " + day + "</span>")) << home.body;
}

// Feed readers find the feeds in a page's head: the site's recent diary
// entries on every page, a member's own diary on their page (when their
// feeds are published); each link answers with its feed.
TEST_F(PagesTest, PagesNameTheirFeedsInTheHead) {
  add_member("seed", "seed-pass-123");
  add_member("alice", "alice-pass-123");
  settle();
  Client c(*site_);
  auto head_of = [](const std::string& page) { return page.substr(0, page.find("</head>")); };
  struct Feed {
    std::string type, href, root;
  };
  const std::vector<Feed> site_feeds = {{"application/rss+xml", "/rss.xml", "<rss"},
                                        {"application/atom+xml", "/atom.xml", "<feed"}};
  const std::vector<Feed> seed_feeds = {{"application/rss+xml", "/person/seed/rss.xml", "<rss"},
                                        {"application/atom+xml", "/person/seed/atom.xml", "<feed"}};
  // Whether one <link> in `head` is an alternate of f's type at f's address.
  auto links = [](const std::string& head, const Feed& f) {
    for (auto at = head.find("<link "); at != std::string::npos; at = head.find("<link ", at + 1)) {
      const std::string tag = head.substr(at, head.find('>', at) - at);
      if (contains(tag, "rel=\"alternate\"") && contains(tag, "type=\"" + f.type + "\"") &&
          contains(tag, "href=\"" + f.href + "\""))
        return true;
    }
    return false;
  };
  for (const std::string path : {"/", "/person/", "/person/seed/", "/proj/", "/account/login"}) {
    const std::string head = head_of(c.get(path).body);
    for (const auto& f : site_feeds) EXPECT_TRUE(links(head, f)) << path << " has " << f.href << ": " << head;
  }
  const std::string seed_head = head_of(c.get("/person/seed/").body);
  for (const auto& f : seed_feeds) EXPECT_TRUE(links(seed_head, f)) << f.href << ": " << seed_head;
  // alice is not certified: her feeds are not published, nor named.
  EXPECT_FALSE(contains(head_of(c.get("/person/alice/").body), "/person/alice/rss.xml"));
  for (const auto& feeds : {site_feeds, seed_feeds})
    for (const auto& f : feeds) {
      Response r = c.get(f.href);
      EXPECT_EQ(r.status, 200) << f.href;
      EXPECT_TRUE(contains(r.body, f.root)) << f.href << ": " << r.body.substr(0, 300);
    }
}

// Every action a member's level is too low for says how levels rise, with
// a link to the member's own page, where their certificates are and their
// level is explained.
class LevelRefusalTest : public SiteTest {
 protected:
  SiteConfig make_config() override {
    SiteConfig c = SiteTest::make_config();
    c.diary_level = c.certify_level = c.post_article_level = c.reply_level = c.project_level =
        model::CertLevel{1};
    return c;
  }
};

TEST_F(LevelRefusalTest, EveryLevelRefusalLinksTheMembersOwnPage) {
  const model::AccountId seed = add_member("seed", "seed-pass-123");
  add_member("bob-2", "bob-pass-1234");
  auto article =
      store_->create_article({seed, "An article", "<p>A lead</p>", "", "", model::TextFormat::Html, now_, ""});
  ASSERT_TRUE(article);
  ASSERT_TRUE(store_->create_project({"Gnumeric", "", "", "", "", seed, now_}));
  settle();

  Client bob(*site_);
  ASSERT_TRUE(bob.login("bob-2", "bob-pass-1234"));
  const std::string link =
      " Levels come from the certificates members give one another: ask members who know your work to certify "
      "you on <a href=\"/person/bob-2/\">your page</a> (you are at Observer level now).";
  struct Case {
    const char* what;
    std::string reason;
    int status;
    std::function<Response()> send;
  };
  const std::string article_page = "/article/" + std::to_string(article->value) + ".html";
  const std::vector<Case> cases = {
      {"diary form", "Keeping a diary here needs Apprentice level or above.", 403,
       [&] { return bob.get("/diary/post"); }},
      {"article form", "To post an article you need Apprentice level or above.", 403,
       [&] { return bob.get("/article/new"); }},
      {"reply on the article's page", "To reply you need Apprentice level or above.", 200,
       [&] { return bob.get(article_page); }},
      {"project list", "Creating and editing projects needs Apprentice level or above.", 200,
       [&] { return bob.get("/proj/"); }},
      {"project page", "Creating and editing projects needs Apprentice level or above.", 200,
       [&] { return bob.get("/proj/Gnumeric/"); }},
      {"project edit form", "Creating and editing projects needs Apprentice level or above.", 403,
       [&] { return bob.get("/proj/Gnumeric/edit"); }},
      {"certifying", "Certifying needs Apprentice level or above.", 403,
       [&] {
         bob.get("/person/seed/");
         return bob.post("/person/seed/certify", {{"level", "Master"}});
       }},
      {"flagging spam", "Flagging spam needs Apprentice level or above.", 403,
       [&] {
         bob.get("/person/seed/");
         return bob.post("/person/seed/flag", {});
       }},
  };
  for (const auto& k : cases) {
    Response r = k.send();
    EXPECT_EQ(r.status, k.status) << k.what;
    EXPECT_TRUE(contains(r.body, k.reason + link)) << k.what << ": " << r.body;
  }
  // The link leads to the member's page, with their level and certificates.
  Response mine = bob.get("/person/bob-2/");
  ASSERT_EQ(mine.status, 200);
  EXPECT_TRUE(contains(mine.body, "bob-2 is currently certified at <strong class=\"level\">Observer</strong>"));
  EXPECT_TRUE(contains(mine.body, "Others have certified bob-2 as follows:"));
  // A visitor is told to log in, with no member's page to link.
  Client visitor(*site_);
  Response r = visitor.get(article_page);
  EXPECT_TRUE(contains(r.body, "Log in to reply.</a></p>")) << r.body;
  EXPECT_FALSE(contains(r.body, "your page"));
}

}  // namespace
}  // namespace journeyer::web::testing
