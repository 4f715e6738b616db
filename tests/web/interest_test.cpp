// Diary interest ratings on the site: the rating form, the predictions a
// reader sees in the recent log (and the entries hidden below their
// threshold), the private /person/NAME/ratings page, and refused input.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "web_fixture.h"

namespace journeyer::web::testing {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class InterestTest : public SiteTest {
 protected:
  void SetUp() override {
    SiteTest::SetUp();
    add_member("seed", "seed-pass-123");
    alice_ = add_member("alice", "alice-pass-123");
    bob_ = add_member("bob", "bob-pass-1234");
    carol_ = add_member("carol", "carol-pass-123");
    dave_ = add_member("dave", "dave-pass-1234");
    // carol reads what alice likes; dave reads what carol likes.
    ASSERT_TRUE(store_->certify({carol_, alice_, model::CertLevel{1}, now_}));
    ASSERT_TRUE(store_->certify({dave_, carol_, model::CertLevel{1}, now_}));
    ASSERT_TRUE(store_->add_diary_entry({bob_, "Bob on compilers", "<p>b</p>", model::TextFormat::Html, now_}));
    settle();
  }
  model::AccountId alice_, bob_, carol_, dave_;
};

TEST_F(InterestTest, ARatingReachesReadersAlongCertificatesAndTheyCanHideDullDiaries) {
  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  Response diary = alice.get("/person/bob/diary.html");
  ASSERT_TRUE(contains(diary.body, "How interesting is this diary to you?"));
  // Nothing is chosen for her: a careless click on Rate records nothing.
  EXPECT_TRUE(contains(diary.body, "<select id=\"rating\" name=\"rating\" required><option value=\"\" selected disabled>"
                                   "Choose a rating</option><option value=\"1\">1</option>"))
      << diary.body;
  EXPECT_EQ(alice.post("/person/bob/rate", {{"rating", ""}}).status, 400);
  EXPECT_FALSE(store_->diary_rating(alice_, bob_).value());
  Response rated = alice.post("/person/bob/rate", {{"rating", "9"}});
  ASSERT_EQ(rated.status, 303);
  Response after = alice.get(std::string(rated.header("Location")));
  EXPECT_TRUE(contains(after.body, "Your rating: <strong>9</strong>"));
  EXPECT_TRUE(contains(after.body, "<option value=\"9\" selected>9</option>"));
  EXPECT_FALSE(contains(after.body, "Choose a rating"));
  // Her own recent log shows her rating, as her ratings page lists it, and
  // no prediction of it; a threshold above it hides the entry.
  ASSERT_TRUE(site_->interest().recompute_now());
  Response own_log = alice.get("/recentlog.html");
  EXPECT_TRUE(contains(own_log.body, "Your rating:</span> 9</p>")) << own_log.body;
  EXPECT_FALSE(contains(own_log.body, "Predicted interest"));
  EXPECT_FALSE(contains(alice.get("/recentlog.html?interest=10").body, "Bob on compilers"));
  EXPECT_TRUE(contains(alice.get("/person/alice/ratings").body, "<td>9</td>"));

  // carol certified only alice: 9 at confidence 0.95; dave one step further.
  Client carol(*site_);
  ASSERT_TRUE(carol.login("carol", "carol-pass-123"));
  Response log = carol.get("/recentlog.html");
  EXPECT_TRUE(contains(log.body, "Predicted interest:</span> 9.0 (spread 0.0, confidence 95%)")) << log.body;
  EXPECT_TRUE(contains(carol.get("/person/bob/diary.html").body, "Predicted for you from the members you certified: 9.0"));
  Client dave(*site_);
  ASSERT_TRUE(dave.login("dave", "dave-pass-1234"));
  EXPECT_TRUE(contains(dave.get("/recentlog.html").body, "9.0 (spread 0.0, confidence 90%)"));

  // A threshold above the prediction hides the entry, and says so.
  Response strict = carol.get("/recentlog.html?interest=10");
  EXPECT_FALSE(contains(strict.body, "Bob on compilers"));
  EXPECT_TRUE(contains(strict.body, "1 entry is hidden for you"));
  EXPECT_TRUE(contains(carol.get("/recentlog.html?interest=9").body, "Bob on compilers"));

  // alice changes her mind: the prediction follows without any cron job.
  ASSERT_EQ(alice.post("/person/bob/rate", {{"rating", "2"}}).status, 303);
  EXPECT_TRUE(contains(carol.get("/recentlog.html").body, "2.0 (spread 0.0, confidence 95%)"));
  EXPECT_FALSE(contains(carol.get("/recentlog.html?interest=3").body, "Bob on compilers"));

  // A visitor sees the entry and no prediction.
  Client visitor(*site_);
  Response anon = visitor.get("/recentlog.html");
  EXPECT_TRUE(contains(anon.body, "Bob on compilers"));
  EXPECT_FALSE(contains(anon.body, "Predicted interest"));
  EXPECT_FALSE(contains(visitor.get("/person/bob/diary.html").body, "How interesting is this diary"));
}

TEST_F(InterestTest, CertifyingSomeoneBringsTheirTasteIn) {
  ASSERT_TRUE(store_->rate_diary(bob_, alice_, 7, now_));
  ASSERT_TRUE(store_->add_diary_entry({alice_, "Alice writes", "<p>a</p>", model::TextFormat::Html, now_ + 1}));
  Client carol(*site_);
  ASSERT_TRUE(carol.login("carol", "carol-pass-123"));
  // carol has no way to bob's taste yet.
  ASSERT_TRUE(site_->interest().recompute_now());
  EXPECT_FALSE(contains(carol.get("/recentlog.html").body, "Predicted interest"));
  // carol certifies bob: the levels and then the predictions are
  // recomputed in the background.
  ASSERT_TRUE(store_->certify({carol_, bob_, model::CertLevel{1}, now_}));
  settle();
  std::string body;
  for (int i = 0; i < 100 && !contains(body, "7.0 (spread 0.0"); ++i) {
    site_->interest().wait_for(store_->ratings_version().value(), 100);
    body = carol.get("/recentlog.html").body;
    if (!contains(body, "7.0 (spread 0.0")) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // carol now certifies alice and bob; only bob rated alice's diary, so
  // his 7 reaches her at 0.95 / 2.
  EXPECT_TRUE(contains(body, "7.0 (spread 0.0, confidence 47%)") || contains(body, "7.0 (spread 0.0, confidence 48%)"))
      << body;
}

TEST_F(InterestTest, PredictionsArePrivateToTheirMember) {
  ASSERT_TRUE(store_->rate_diary(alice_, bob_, 8, now_));
  ASSERT_TRUE(store_->rate_diary(carol_, dave_, 3, now_));
  ASSERT_TRUE(site_->interest().recompute_now());
  Client carol(*site_);
  ASSERT_TRUE(carol.login("carol", "carol-pass-123"));
  Response mine = carol.get("/person/carol/ratings");
  ASSERT_EQ(mine.status, 200);
  EXPECT_TRUE(contains(mine.body, ">bob</a>"));
  EXPECT_TRUE(contains(mine.body, "<td>8.0</td><td>0.0</td><td>95%</td>")) << mine.body;
  EXPECT_TRUE(contains(mine.body, "Your own ratings"));
  EXPECT_TRUE(contains(mine.body, "<td>3</td>")) << "carol's own rating of dave";
  EXPECT_FALSE(contains(mine.body, ".md")) << "no pointer to a file a reader cannot open";

  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  Response theirs = alice.get("/person/carol/ratings");
  EXPECT_EQ(theirs.status, 403);
  EXPECT_TRUE(contains(theirs.body, "only carol can see theirs"));
  Client visitor(*site_);
  Response asked = visitor.get("/person/carol/ratings");
  EXPECT_EQ(asked.status, 303);
  EXPECT_EQ(asked.header("Location").rfind("/account/login?next=", 0), 0u) << asked.header("Location");
}

TEST_F(InterestTest, BadRatingsAreRefusedWithAReasonAndChangeNothing) {
  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  alice.get("/person/bob/diary.html");
  for (const char* bad : {"0", "11", "seven", "", "5.5", "99999999999999999999"}) {
    Response r = alice.post("/person/bob/rate", {{"rating", bad}});
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_TRUE(contains(r.body, "A rating is a whole number from 1 (dull) to 10 (fascinating).")) << bad;
  }
  Response self = alice.post("/person/alice/rate", {{"rating", "10"}});
  EXPECT_EQ(self.status, 403);
  EXPECT_TRUE(contains(self.body, "You cannot rate your own diary."));
  EXPECT_EQ(alice.post("/person/nobody/rate", {{"rating", "5"}}).status, 404);
  Client visitor(*site_);
  visitor.get("/person/bob/diary.html");
  EXPECT_EQ(visitor.post("/person/bob/rate", {{"rating", "5"}}).status, 403);
  // A forged post without the member's token.
  EXPECT_EQ(alice.post("/person/bob/rate", {{"rating", "5"}, {"csrf", "forged"}}).status, 403);
  auto standing = store_->standing_ratings();
  ASSERT_TRUE(standing);
  EXPECT_TRUE(standing->empty()) << "nothing was recorded";
}

}  // namespace
}  // namespace journeyer::web::testing
