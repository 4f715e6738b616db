// What an administrator sees: the administration page (spam queue, audit
// log) and the notices after renaming or deleting a project.
#include <gtest/gtest.h>

#include <optional>

#include "web_fixture.h"

namespace journeyer::web::testing {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class AdminTest : public SiteTest {
 protected:
  void SetUp() override {
    SiteTest::SetUp();
    seed_ = add_member("seed", "seed-pass-1234");
    alice_ = add_member("alice", "alice-pass-123");
    // An administrator certified by the seed, who may create projects too.
    const model::AccountId boss = add_member("boss", "boss-pass-1234");
    ASSERT_TRUE(store_->certify({seed_, boss, model::CertLevel{3}, now_}));
    settle();
    boss_.emplace(*site_);
    ASSERT_TRUE(boss_->login("boss", "boss-pass-1234"));
  }
  model::AccountId seed_, alice_;
  std::optional<Client> boss_;
};

TEST_F(AdminTest, AnEmptySpamQueueSaysSoInsteadOfAnEmptyTable) {
  Response r = boss_->get("/admin/");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body, "The spam queue is empty: no account is flagged.")) << r.body;
  EXPECT_FALSE(contains(r.body, "<th scope=\"col\">Flags</th>")) << "no table of nothing";

  ASSERT_TRUE(store_->flag_spam(seed_, alice_, now_));
  r = boss_->get("/admin/");
  EXPECT_FALSE(contains(r.body, "The spam queue is empty"));
  EXPECT_TRUE(contains(r.body, "<th scope=\"col\">Flags</th>"));
  EXPECT_TRUE(contains(r.body, "<td><a href=\"/person/alice/\">alice</a></td><td>1</td>")) << r.body;
}

TEST_F(AdminTest, AuditTargetsLinkToTheirPagesWhileTheyHaveOne) {
  struct Case {
    const char* action;
    const char* target;
    std::string shown;  // the On cell
  };
  const std::vector<Case> cases = {
      {"account.create", "person/alice", "<td><a href=\"/person/alice/\">person/alice</a></td>"},
      {"project.create", "proj/Gnu Cash", "<td><a href=\"/proj/Gnu%20Cash/\">proj/Gnu Cash</a></td>"},
      {"reply.hide", "article/7#reply-2", "<td><a href=\"/article/7.html#reply-2\">article/7#reply-2</a></td>"},
      // The old name of a renamed or deleted project has no page any more.
      {"project.rename", "proj/Old", "<td>proj/Old</td>"},
      {"project.delete", "proj/Gone", "<td>proj/Gone</td>"},
      {"mystery.thing", "elsewhere", "<td>elsewhere</td>"},
  };
  for (const auto& k : cases) ASSERT_TRUE(store_->append_audit({now_, alice_, k.action, k.target, ""}));
  Response r = boss_->get("/admin/");
  ASSERT_EQ(r.status, 200);
  for (const auto& k : cases) EXPECT_TRUE(contains(r.body, k.shown)) << k.action << ": " << r.body;
}

TEST_F(AdminTest, WideTablesScrollInTheirOwnBox) {
  // The audit log has five columns: on a phone it scrolls inside a box
  // (.wide) rather than widening the page (tests/browser/layout.test.mjs
  // measures it in chromium).
  Response r = boss_->get("/admin/");
  const auto box = r.body.find("<div class=\"wide\">\n<table class=\"members\"><thead><tr><th scope=\"col\">When");
  EXPECT_NE(box, std::string::npos) << r.body;
}

TEST_F(AdminTest, RenamingOrDeletingAProjectSaysItWorked) {
  boss_->get("/proj/");
  ASSERT_EQ(boss_->post("/proj/", {{"name", "Old name"}}).status, 303);
  boss_->get("/proj/Old%20name/");
  Response renamed = boss_->post("/proj/Old%20name/", {{"action", "rename"}, {"new_name", "New name"}});
  ASSERT_EQ(renamed.status, 303);
  Response page = boss_->get(std::string(renamed.header("Location")));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "<p class=\"notice\" role=\"status\">The project is renamed to New name.</p>"))
      << page.body;
  EXPECT_FALSE(contains(boss_->get("/proj/New%20name/").body, "is renamed")) << "only right after the rename";

  Response deleted =
      boss_->post("/proj/New%20name/", {{"action", "delete"}, {"confirm", "yes"}, {"reason", "empty"}});
  ASSERT_EQ(deleted.status, 303);
  Response list = boss_->get(std::string(deleted.header("Location")));
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(contains(list.body, "<p class=\"notice\" role=\"status\">The project New name is deleted.</p>"))
      << list.body;

  // A made-up link cannot say that a project on the site is gone.
  boss_->get("/proj/");
  ASSERT_EQ(boss_->post("/proj/", {{"name", "Alive"}}).status, 303);
  EXPECT_FALSE(contains(boss_->get("/proj/?deleted=Alive").body, "is deleted"));
}

}  // namespace
}  // namespace journeyer::web::testing
