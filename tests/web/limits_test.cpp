// Limits the forms tell members in characters count characters (code
// points), as the browser's maxlength does, not bytes: for each such field
// the form's maxlength is the limit, that many accented letters (two bytes
// each) are taken, and one more is refused with the field marked and a
// message giving the limit in characters. api_test.cpp checks the titles
// through the JSON API.
#include <gtest/gtest.h>

#include <functional>

#include "web_fixture.h"

namespace journeyer::web::testing {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Every title's refusal, on each form as through the API (api_test.cpp).
const std::string kTitleTooLong = "The title is too long (at most 300 characters).";

// One field whose limit is told in characters.
struct CharLimit {
  const char* what;
  std::string path;  // the form's address, where it is sent too
  std::string id;    // the field's id on the page
  std::string field;  // its name in the form
  std::size_t limit;
  std::string message;  // what the refusal says
  int taken;            // the status when the form is taken
  // The form's other fields, given the page it came on (for its keys).
  std::function<Fields(const std::string& page)> rest;
};

class LimitsTest : public SiteTest {
 protected:
  void SetUp() override {
    SiteTest::SetUp();
    const model::AccountId seed = add_member("seed", "seed-pass-123");
    ASSERT_TRUE(store_->certify({seed, add_member("alice", "alice-pass-123"), model::CertLevel{2}, now_}));
    settle();
    storage::NewArticle a;
    a.author = seed;
    a.title = "News";
    a.lead = "<p>The lead</p>";
    a.when = now_;
    auto article = store_->create_article(a);
    ASSERT_TRUE(article) << article.error().message();
    article_ = *article;
    ASSERT_TRUE(store_->create_project({"Gnumeric", "", "", "", "", seed, now_}));
  }
  model::ArticleId article_;
};

TEST_F(LimitsTest, FieldsToldInCharactersTakeThatManyAccentedLetters) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  int projects = 0;  // each project made needs a name of its own
  const auto project = [&](const std::string&) -> Fields {
    return {{"name", "Project " + std::to_string(++projects)}};
  };
  const auto with_key = [](Fields fields) {
    return [fields](const std::string& page) {
      Fields out = fields;
      out.emplace_back("submission", field_value(page, "submission"));
      return out;
    };
  };
  const std::string reply = "/article/" + std::to_string(article_.value) + "/reply";
  const std::vector<CharLimit> limits = {
      {"API token name", "/account/tokens", "label", "label", 100, "longer than 100 characters", 303,
       [](const std::string&) { return Fields{}; }},
      {"diary title", "/diary/post", "title", "title", 300, kTitleTooLong, 303,
       [](const std::string&) { return Fields{{"body", "<p>An entry</p>"}, {"save", "1"}}; }},
      {"article title", "/article/new", "title", "title", 300, kTitleTooLong, 303,
       with_key({{"lead", "<p>A lead</p>"}, {"post", "1"}})},
      {"reply title", reply, "reply-title", "title", 300, kTitleTooLong, 303,
       with_key({{"body", "<p>A reply</p>"}, {"post", "1"}})},
      {"real name", "/account/profile", "real_name", "real_name", 200, "at most 200 characters", 303,
       [](const std::string& page) {
         return Fields{{"email", "alice@example.org"}, {"version", field_value(page, "version")}};
       }},
      {"new project's name", "/proj/", "name", "name", 25, "at most 25 characters", 303,
       [](const std::string&) { return Fields{}; }},
      {"new project's license", "/proj/", "license", "license", 200, "at most 200 characters", 303, project},
      {"new project's description", "/proj/", "description", "description", 2000, "at most 2000 characters",
       303, project},
      {"project's license", "/proj/Gnumeric/edit", "license", "license", 200, "at most 200 characters", 303,
       [](const std::string&) { return Fields{}; }},
      {"project's description", "/proj/Gnumeric/edit", "description", "description", 2000,
       "at most 2000 characters", 303, [](const std::string&) { return Fields{}; }},
  };
  for (const auto& k : limits) {
    // The browser is told the limit.
    Response page = c.get(k.path);
    ASSERT_EQ(page.status, 200) << k.what;
    EXPECT_EQ(maxlength_of(page.body, k.id), k.limit) << k.what;
    // One letter more is refused, the field marked, in characters.
    Fields fields = k.rest(page.body);
    fields.emplace_back(k.field, accented(k.limit + 1));
    Response refused = c.post(k.path, fields);
    EXPECT_EQ(refused.status, 400) << k.what;
    EXPECT_TRUE(contains(refused.body, k.message)) << k.what;
    EXPECT_EQ(field_at_fault(refused.body), k.id) << k.what;
    // As many letters as the limit, twice as many bytes, are taken.
    page = c.get(k.path);
    fields = k.rest(page.body);
    fields.emplace_back(k.field, accented(k.limit));
    Response taken = c.post(k.path, fields);
    EXPECT_EQ(taken.status, k.taken) << k.what << ": " << taken.body.substr(0, 2000);
    EXPECT_FALSE(contains(taken.body, "aria-invalid")) << k.what;
  }
  // What was taken was kept whole.
  EXPECT_EQ(store_->account_by_name("alice")->profile.real_name, accented(200));
  EXPECT_EQ(store_->project_by_name("Gnumeric")->description, accented(2000));
  EXPECT_EQ(store_->replies(article_, storage::Visibility::Public)->front().title, accented(300));
}

// The profile's name at its limit in characters, beyond it in bytes, with
// notes too long: the notes are at fault, not the name.
TEST_F(LimitsTest, ANameAtItsLimitIsNotBlamedForNotesTooLong) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  const Response page = c.get("/account/profile");
  Response r = c.post("/account/profile", {{"real_name", accented(200)},
                                           {"email", "alice@example.org"},
                                           {"notes", std::string(70 * 1024, 'n')},
                                           {"version", field_value(page.body, "version")}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "at most 64 KiB"));
  EXPECT_EQ(field_at_fault(r.body), "notes");
}

}  // namespace
}  // namespace journeyer::web::testing
