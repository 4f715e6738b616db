// The blog feed on the profile form and its status on the person page.
#include <gtest/gtest.h>

#include "web_fixture.h"

namespace journeyer::web::testing {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class SyndicationTest : public SiteTest {
 protected:
  // alice (`alice_`) at Apprentice, certified by the seed.
  void add_apprentice_alice() {
    add_member("seed", "seed-pass-123");
    alice_ = add_member("alice", "alice-pass-123");
    settle();
    Client seed(*site_);
    ASSERT_TRUE(seed.login("seed", "seed-pass-123"));
    seed.get("/person/alice/");
    auto generation = trust_->snapshot()->generation;
    ASSERT_EQ(seed.post("/person/alice/certify", {{"level", "Apprentice"}}).status, 303);
    trust_->wait_newer_than(generation, 10'000);
  }
  Fields profile(const std::string& feed_url) {
    return {{"email", "alice@example.org"},
            {"feed_url", feed_url},
            {"version", std::to_string(store_->account_by_name("alice")->version)}};
  }
  model::AccountId alice_;
};

TEST_F(SyndicationTest, ObserversCannotSetAFeed) {
  add_member("seed", "seed-pass-123");
  auto alice = add_member("alice", "alice-pass-123");
  settle();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  Response form = c.get("/account/profile");
  EXPECT_FALSE(contains(form.body, "name=\"feed_url\""));
  EXPECT_TRUE(contains(form.body,
                       "Importing your blog's feed into your diary needs Apprentice level or above. Levels come from "
                       "the certificates members give one another: ask members who know your work to certify you on "
                       "<a href=\"/person/alice/\">your page</a> (you are at Observer level now)."))
      << form.body;
  Response r = c.post("/account/profile", profile("https://alice.example/feed.xml"));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "Importing a blog needs Apprentice level or above."));
  EXPECT_FALSE(store_->feed_of(alice)->has_value());
}

// A feed the aggregator could never fetch (a loopback or private address)
// is refused on the form, the field marked and everything typed kept.
TEST_F(SyndicationTest, AFeedTheAggregatorCannotFetchIsRefusedOnTheForm) {
  add_apprentice_alice();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  int pokes = 0;
  site_->set_feed_changed([&pokes] { ++pokes; });
  for (const std::string url : {"http://127.0.0.1/feed", "http://[::1]:8080/rss.xml",
                                "https://192.168.1.20/atom.xml", "http://localhost/feed"}) {
    c.get("/account/profile");
    Fields form = profile(url);
    form.emplace_back("real_name", "Alice Liddell");
    form.emplace_back("homepage", "https://alice.example/");
    Response r = c.post("/account/profile", form);
    EXPECT_EQ(r.status, 400) << url;
    EXPECT_TRUE(contains(r.body, "is a private, loopback or link-local address; the aggregator fetches "
                                 "only from the public internet."))
        << url << ": " << r.body;
    EXPECT_EQ(field_at_fault(r.body), "feed_url") << url;
    EXPECT_TRUE(contains(r.body, "value=\"" + url + "\"")) << url;
    EXPECT_TRUE(contains(r.body, "value=\"Alice Liddell\"")) << url;
    EXPECT_TRUE(contains(r.body, "value=\"https://alice.example/\"")) << url;
    EXPECT_FALSE(store_->feed_of(alice_)->has_value()) << url;
    EXPECT_EQ(store_->account_by_name("alice")->profile.real_name, "") << url;
  }
  EXPECT_EQ(pokes, 0);
}

// Sites whose aggregator may fetch from loopback (tests, benchmarks) take a
// loopback feed.
class LoopbackSyndicationTest : public SyndicationTest {
 protected:
  SiteConfig make_config() override {
    SiteConfig c = SyndicationTest::make_config();
    c.feeds.fetch.destinations = feeds::Destinations::AllowLoopback;
    return c;
  }
};

TEST_F(LoopbackSyndicationTest, ALoopbackFeedIsTakenWhereTheAggregatorMayFetchIt) {
  add_apprentice_alice();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  c.get("/account/profile");
  ASSERT_EQ(c.post("/account/profile", profile("http://127.0.0.1:8080/feed")).status, 303);
  EXPECT_EQ((*store_->feed_of(alice_))->url, "http://127.0.0.1:8080/feed");
  c.get("/account/profile");
  EXPECT_EQ(c.post("/account/profile", profile("http://10.0.0.1/feed")).status, 400);
}

// A failed fetch is the member's to mend: they see why on their page (and
// so do administrators); other readers see the feed without the error.
TEST_F(SyndicationTest, OnlyTheMemberAndAdministratorsSeeAFetchError) {
  add_apprentice_alice();
  add_member("bob", "bob-pass-1234");
  add_member("boss", "boss-pass-123");
  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  alice.get("/account/profile");
  ASSERT_EQ(alice.post("/account/profile", profile("https://alice.example/feed.xml")).status, 303);
  auto feed = store_->feed_of(alice_);
  ASSERT_TRUE(feed && feed->has_value());
  model::FetchRecord failed;
  failed.fetched = now_;
  failed.next_fetch = now_ + 3600;
  failed.error = "could not connect to the blog's server";
  ASSERT_TRUE(store_->record_fetch((*feed)->id, failed));
  const std::string shown = "Last fetch failed: could not connect to the blog's server. Next try";

  EXPECT_TRUE(contains(alice.get("/person/alice/").body, shown));
  Client boss(*site_);
  ASSERT_TRUE(boss.login("boss", "boss-pass-123"));
  EXPECT_TRUE(contains(boss.get("/person/alice/").body, shown));
  Client bob(*site_);
  ASSERT_TRUE(bob.login("bob", "bob-pass-1234"));
  Client visitor(*site_);
  for (Client* other : {&bob, &visitor}) {
    Response page = other->get("/person/alice/");
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Blog feed"));
    EXPECT_TRUE(contains(page.body, "Last fetched: 2023-11-14"));
    EXPECT_FALSE(contains(page.body, "Last fetch failed")) << page.body;
    EXPECT_FALSE(contains(page.body, "could not connect"));
  }
}

TEST_F(SyndicationTest, AStoreFailureSavingTheFeedMarksNoField) {
  add_apprentice_alice();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  c.get("/account/profile");
  // The feeds table refuses every new row, as a full disk would.
  fail_on("INSERT ON feeds");
  Fields form = profile("https://alice.example/feed.xml");
  form.emplace_back("real_name", "Alice Liddell");
  Response r = c.post("/account/profile", form);
  EXPECT_EQ(r.status, 503);
  EXPECT_TRUE(contains(r.body, "Your profile is saved, but not the blog feed")) << r.body;
  EXPECT_EQ(field_at_fault(r.body), "") << "no field is at fault";
  EXPECT_TRUE(contains(r.body, "value=\"https://alice.example/feed.xml\""));
  EXPECT_EQ(store_->account_by_name("alice")->profile.real_name, "Alice Liddell");
  EXPECT_FALSE(store_->feed_of(alice_)->has_value());
  // Sent again once the store takes it, the form is not out of date.
  stop_failing();
  for (auto& [name, value] : form)
    if (name == "version") value = field_value(r.body, "version");
  ASSERT_EQ(c.post("/account/profile", form).status, 303);
  EXPECT_TRUE(store_->feed_of(alice_)->has_value());
}

TEST_F(SyndicationTest, ApprenticeSetsAFeedAndSeesItsStatus) {
  add_apprentice_alice();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  ASSERT_TRUE(contains(c.get("/account/profile").body, "name=\"feed_url\""));
  // Saving a new feed asks the aggregator for a pass now; a refused one does not.
  int pokes = 0;
  site_->set_feed_changed([&pokes] { ++pokes; });
  // Not an http(s) address: refused, the typed value kept.
  Response bad = c.post("/account/profile", profile("file:///etc/passwd"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(contains(bad.body, "The feed must be an http:// or https:// address.")) << bad.body;
  EXPECT_TRUE(contains(bad.body, "value=\"file:///etc/passwd\""));
  EXPECT_EQ(pokes, 0);
  ASSERT_EQ(c.post("/account/profile", profile("https://alice.example/feed.xml")).status, 303);
  EXPECT_EQ(pokes, 1);
  auto feed = store_->feed_of(alice_);
  ASSERT_TRUE(feed && feed->has_value());
  EXPECT_EQ((*feed)->url, "https://alice.example/feed.xml");

  Response page = c.get("/person/alice/");
  EXPECT_TRUE(contains(page.body, "Blog feed"));
  EXPECT_TRUE(contains(page.body, "Last fetched: not yet · last new post: none yet"));

  // A failed fetch shows its reason in plain words; a later good one clears it.
  model::FetchRecord failed;
  failed.fetched = now_;
  failed.next_fetch = now_ + 3600;
  failed.error = "the blog's server answered 404 (not found)";
  ASSERT_TRUE(store_->record_fetch((*feed)->id, failed));
  page = c.get("/person/alice/");
  EXPECT_TRUE(contains(page.body, "Last fetch failed: the blog's server answered 404 (not found). Next try"))
      << page.body;
  model::FetchRecord good;
  good.fetched = now_ + 3600;
  good.next_fetch = now_ + 5400;
  good.blog_title = "Alice <writes>";
  good.new_post = true;
  ASSERT_TRUE(store_->record_fetch((*feed)->id, good));
  page = c.get("/person/alice/");
  EXPECT_FALSE(contains(page.body, "Last fetch failed"));
  EXPECT_TRUE(contains(page.body, "Alice &lt;writes&gt;</a>"));
  EXPECT_TRUE(contains(page.body, "last new post: 2023-11-14 23:13 UTC")) << page.body;

  // An empty field removes the feed.
  ASSERT_EQ(c.post("/account/profile", profile("")).status, 303);
  EXPECT_FALSE(store_->feed_of(alice_)->has_value());
  EXPECT_EQ(pokes, 1);
  EXPECT_FALSE(contains(c.get("/person/alice/").body, "Blog feed"));
}

}  // namespace
}  // namespace journeyer::web::testing
