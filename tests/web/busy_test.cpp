// A database held by another writer past the store's wait: every form says
// so and asks for it again in a moment, none reads it as its own rule (a
// name taken, a profile changed elsewhere), and the same form afterwards
// goes through.
#include <gtest/gtest.h>

#include "web_fixture.h"

namespace journeyer::web::testing {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class BusyTest : public SiteTest {
 protected:
  void SetUp() override {
    SiteTest::SetUp();
    auto seed = add_member("seed", "seed-pass-123");
    auto alice = add_member("alice", "alice-pass-123");
    ASSERT_TRUE(store_->certify({seed, alice, model::CertLevel{2}, now_}));
    settle();
  }
  // A form answered while the database is held: 503, the busy message after
  // `not_saved`, and none of `wrong` (what the form says for its own rules).
  void expect_busy(const Response& r, const std::string& not_saved, const std::vector<std::string>& wrong) {
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_TRUE(contains(r.body, not_saved + ": " + std::string(kBusyDatabase))) << r.body;
    for (const std::string& w : wrong) EXPECT_FALSE(contains(r.body, w)) << w;
    EXPECT_EQ(field_at_fault(r.body), "") << "no field is at fault";
  }
};

TEST_F(BusyTest, SigningUpIsNotANameTaken) {
  Client c(*site_);
  c.get("/account/new");
  const Fields form = {{"name", "carol"},
                       {"email", "carol@example.org"},
                       {"password", "a-long-passphrase"},
                       {"password2", "a-long-passphrase"},
                       {"website", ""}};
  fail_on("INSERT ON accounts", Refusal::Busy);
  expect_busy(c.post("/account/new", form), "Your account is not made", {"is taken"});
  stop_failing();
  EXPECT_FALSE(store_->account_by_name("carol")) << "nothing half-made";
  EXPECT_EQ(c.post("/account/new", form).status, 303);
  EXPECT_TRUE(store_->account_by_name("carol"));
}

TEST_F(BusyTest, CreatingAProjectIsNotANameTaken) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  c.get("/proj/");
  const Fields form = {{"name", "Gnumeric"}, {"license", "GPL"}};
  fail_on("INSERT ON projects", Refusal::Busy);
  expect_busy(c.post("/proj/", form), "The project is not created", {"exists already", "is taken"});
  stop_failing();
  EXPECT_EQ(c.post("/proj/", form).status, 303);
  EXPECT_EQ(store_->project_by_name("Gnumeric")->license, "GPL");
}

TEST_F(BusyTest, SavingTheProfileIsNotAChangeElsewhere) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  c.get("/account/profile");
  const Fields form = {{"email", "alice@example.org"},
                       {"real_name", "Alice Liddell"},
                       {"version", std::to_string(store_->account_by_name("alice")->version)}};
  fail_on("UPDATE ON accounts", Refusal::Busy);
  Response r = c.post("/account/profile", form);
  expect_busy(r, "Your profile is not saved", {"changed elsewhere"});
  EXPECT_TRUE(contains(r.body, "value=\"Alice Liddell\"")) << "what was typed is kept";
  stop_failing();
  EXPECT_EQ(c.post("/account/profile", form).status, 303);
  EXPECT_EQ(store_->account_by_name("alice")->profile.real_name, "Alice Liddell");
}

TEST_F(BusyTest, CertifyingSaysTheDatabaseIsBusy) {
  Client c(*site_);
  ASSERT_TRUE(c.login("seed", "seed-pass-123"));
  c.get("/person/alice/");
  fail_on("INSERT ON certs", Refusal::Busy);
  expect_busy(c.post("/person/alice/certify", {{"level", "Master"}}), "Your certificate is not saved", {});
  stop_failing();
  const auto alice = store_->account_by_name("alice");
  ASSERT_TRUE(alice);
  auto level_from_seed = [&] {
    auto certs = store_->certificates_to(alice->id);
    return certs && certs->size() == 1 ? static_cast<int>(certs->front().level.value) : -1;
  };
  EXPECT_EQ(level_from_seed(), 2) << "the certificate before stands";
  EXPECT_EQ(c.post("/person/alice/certify", {{"level", "Master"}}).status, 303);
  EXPECT_EQ(level_from_seed(), 3);
}

}  // namespace
}  // namespace journeyer::web::testing
