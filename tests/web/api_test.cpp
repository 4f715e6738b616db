// The JSON API's article, reply and project doors on a real SQLite store,
// with content put in through the store (the pages that post articles and
// projects have their own tests). tests/web/api.test.mjs drives the rest
// over real HTTP.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <variant>

#include "feeds/write.h"
#include "web/api/json_api.h"
#include "web/crypto.h"
#include "web_fixture.h"

namespace journeyer::web::testing {
namespace {

using nlohmann::json;

class ApiTest : public SiteTest {
 protected:
  // An API token for `account`, as the account page would make it.
  std::string token_for(model::AccountId account) {
    std::string t = random_token();
    model::Token rec;
    rec.kind = model::TokenKind::Api;
    rec.token_hash = token_hash(t);
    rec.account = account;
    rec.label = "test";
    rec.created = now_;
    EXPECT_TRUE(store_->create_token(rec));
    return t;
  }
  Response send(Method method, const std::string& path, const std::string& token = "",
                const std::string& body = "", const std::string& query = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.query = query;
    r.client = "192.0.2.9";
    if (!token.empty()) r.authorization = "Bearer " + token;
    if (!body.empty()) r.content_type = "application/json";
    r.body = body;
    return site_->handle(r);
  }
  static json parse(const Response& r) { return json::parse(r.body); }

  model::ArticleId add_article(model::AccountId author, const std::string& title) {
    storage::NewArticle a;
    a.author = author;
    a.title = title;
    a.lead = "<p>The lead of " + title + "</p>";
    a.when = now_++;
    auto id = store_->create_article(a);
    EXPECT_TRUE(id) << id.error().message();
    return id ? *id : model::ArticleId{};
  }
};

// An XML-RPC call of `method` with string and int parameters.
std::string xmlrpc_call(const std::string& method, const std::vector<std::variant<std::string, int>>& params) {
  std::string xml = "<?xml version=\"1.0\"?><methodCall><methodName>" + method + "</methodName><params>";
  for (const auto& p : params) {
    xml += "<param><value>";
    if (std::holds_alternative<int>(p))
      xml += "<int>" + std::to_string(std::get<int>(p)) + "</int>";
    else
      xml += "<string>" + std::get<std::string>(p) + "</string>";
    xml += "</value></param>";
  }
  return xml + "</params></methodCall>";
}

// The body of the site's answer to that call, sent as a program would.
std::string send_xmlrpc(Site& site, const std::string& method,
                        const std::vector<std::variant<std::string, int>>& params) {
  Request r;
  r.method = Method::Post;
  r.path = "/XMLRPC";
  r.client = "192.0.2.9";
  r.content_type = "text/xml";
  r.body = xmlrpc_call(method, params);
  return site.handle(r).body;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A diary entry's number is its address in both APIs: deleting one moves no
// other, diary.len counts the numbers given (deleted ones too), so that a
// client looping from 0 to len - 1 meets every entry and reads a deleted
// one as empty; the JSON API answers a deleted number with a 404 that says
// so, and pages by number.
// A request body names each field once per object: which of two values was
// meant cannot be told, so such a body is refused with the field's name.
// The same name in two different objects is two fields.
TEST(ApiBody, ANameGivenTwiceInOneObjectIsRefused) {
  auto twice = api::parse_body(R"({"title": "a", "body": "x", "body": "y"})");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message(), "The request body gives the field \"body\" twice; give it once.");
  auto nested = api::parse_body(R"({"a": {"k": 1, "k": 2}})");
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().message(), "The request body gives the field \"k\" twice; give it once.");
  auto apart = api::parse_body(R"({"k": 1, "a": {"k": 2}, "b": [{"k": 3}, {"k": 4}]})");
  ASSERT_TRUE(apart) << apart.error().message();
  EXPECT_EQ((*apart)["k"], 1);
  EXPECT_EQ((*apart)["b"][1]["k"], 4);
  // An escaped spelling of the same name is the same name.
  EXPECT_FALSE(api::parse_body(R"({"body": "x", "b\u006fdy": "y"})"));
  const std::string long_name(100, 'n');
  auto long_twice = api::parse_body("{\"" + long_name + "\": 1, \"" + long_name + "\": 2}");
  ASSERT_FALSE(long_twice);
  EXPECT_EQ(long_twice.error().message(),
            "The request body gives the field \"" + long_name.substr(0, 64) + "...\" twice; give it once.");
}

TEST_F(ApiTest, DiaryNumbersStayPutWhenAnEntryIsDeleted) {
  auto alice = add_member("alice", "alice-pass-123");
  settle();
  std::vector<model::DiaryEntryId> ids;
  for (int i = 0; i < 4; ++i) {
    auto added = store_->append_diary_entry(
        {alice, "Entry " + std::to_string(i), "<p>text " + std::to_string(i) + "</p>", model::TextFormat::Html, now_++});
    ASSERT_TRUE(added);
    ids.push_back(added->id);
  }
  ASSERT_TRUE(store_->delete_diary_entry(ids[1]));
  ASSERT_TRUE(store_->delete_diary_entry(ids[3]));
  const std::string token = token_for(alice);
  auto rpc = [&](const std::string& method, const std::vector<std::variant<std::string, int>>& params) {
    return send_xmlrpc(*site_, method, params);
  };
  EXPECT_TRUE(has(rpc("diary.len", {"alice"}), "<int>4</int>")) << "numbers 0 to 3 were given";
  EXPECT_TRUE(has(rpc("diary.get", {"alice", 0}), "text 0"));
  std::string deleted = rpc("diary.get", {"alice", 1});
  EXPECT_FALSE(has(deleted, "fault")) << deleted;
  EXPECT_FALSE(has(deleted, "text")) << deleted;
  EXPECT_TRUE(has(rpc("diary.get", {"alice", 2}), "text 2"));
  EXPECT_FALSE(has(rpc("diary.getDates", {"alice", 3}), "fault"));
  EXPECT_TRUE(has(rpc("diary.get", {"alice", 4}), "no diary entry 4"));
  std::string refused = rpc("diary.set", {token, 1, "&lt;p&gt;back&lt;/p&gt;"});
  EXPECT_TRUE(has(refused, "was deleted")) << refused;
  EXPECT_FALSE(store_->diary_entry_numbered(alice, 1));
  EXPECT_FALSE(has(rpc("diary.set", {token, -1, "&lt;p&gt;newest&lt;/p&gt;"}), "fault"));
  EXPECT_TRUE(has(rpc("diary.len", {"alice"}), "<int>5</int>"));
  EXPECT_TRUE(has(rpc("diary.get", {"alice", 4}), "newest"));
  EXPECT_FALSE(has(rpc("diary.set", {token, 2, "&lt;p&gt;two, edited&lt;/p&gt;"}), "fault"));
  EXPECT_TRUE(has(rpc("diary.get", {"alice", 2}), "two, edited"));

  Response gone = send(Method::Get, "/api/v1/people/alice/diary/1");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(parse(gone)["error"]["code"], "deleted_entry") << gone.body;
  EXPECT_TRUE(has(gone.body, "was deleted")) << gone.body;
  Response two = send(Method::Get, "/api/v1/people/alice/diary/2");
  ASSERT_EQ(two.status, 200);
  EXPECT_EQ(parse(two)["index"], 2);
  EXPECT_EQ(send(Method::Put, "/api/v1/diary/3", token, R"({"body": "<p>back</p>"})").status, 404);
  std::vector<int> seen;
  std::string cursor;
  for (int pages = 0; pages < 5; ++pages) {
    Response r = send(Method::Get, "/api/v1/people/alice/diary", "", "", "limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    json j = parse(r);
    EXPECT_EQ(j["count"], 3);
    EXPECT_EQ(j["length"], 5);
    for (const auto& e : j["entries"]) seen.push_back(e["index"].get<int>());
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen, (std::vector<int>{4, 2, 0}));

  // With the first entry deleted too, the full first page is the last: no
  // cursor leads a program to an empty page.
  Client browser(*site_);
  ASSERT_TRUE(browser.login("alice", "alice-pass-123"));
  browser.get("/person/alice/diary/1.html");
  ASSERT_EQ(browser.post("/diary/" + std::to_string(ids[0].value) + "/delete", {{"confirm", "1"}}).status, 303);
  Response first = send(Method::Get, "/api/v1/people/alice/diary", "", "", "limit=2");
  ASSERT_EQ(first.status, 200);
  json page = parse(first);
  EXPECT_EQ(page["entries"].size(), 2u);
  EXPECT_TRUE(page["next_cursor"].is_null()) << first.body;
  // And a page that is not the last still leads on.
  Response one = send(Method::Get, "/api/v1/people/alice/diary", "", "", "limit=1");
  EXPECT_EQ(parse(one)["next_cursor"], "4") << one.body;
}

// XML-RPC's authenticate() is a log-in with the password: a new password,
// changed on the password page or set from a reset link, ends it as it ends
// the browsers' sessions, and the pages say so. The API tokens the member
// made on the tokens page are not password log-ins and stay.
TEST_F(ApiTest, ANewPasswordEndsXmlRpcLogInsAndKeepsTheTokensMadeOnThePage) {
  auto alice = add_member("alice", "alice-pass-123");
  const std::string made = token_for(alice);
  auto rpc = [&](const std::string& method, const std::vector<std::variant<std::string, int>>& params) {
    return send_xmlrpc(*site_, method, params);
  };
  auto authenticate = [&](const std::string& password) {
    std::string answer = rpc("authenticate", {"alice", password});
    auto at = answer.find("<string>");
    EXPECT_NE(at, std::string::npos) << answer;
    if (at == std::string::npos) return std::string();
    at += 8;
    return answer.substr(at, answer.find("</string>", at) - at);
  };
  const std::string cookie = authenticate("alice-pass-123");
  ASSERT_FALSE(cookie.empty());
  EXPECT_TRUE(has(rpc("checkcookie", {cookie}), "<int>1</int>"));

  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  Response form = c.get("/account/password");
  EXPECT_TRUE(has(form.body, "logs you out everywhere else, XML-RPC clients included")) << form.body;
  EXPECT_TRUE(has(form.body, "API tokens you made stay valid until you revoke them")) << form.body;
  ASSERT_EQ(c.post("/account/password",
                   {{"current", "alice-pass-123"}, {"password", "new-pass-4567"}, {"password2", "new-pass-4567"}})
                .status,
            303);
  EXPECT_TRUE(has(rpc("checkcookie", {cookie}), "<int>0</int>"));
  std::string refused = rpc("diary.set", {cookie, -1, "&lt;p&gt;after the change&lt;/p&gt;"});
  EXPECT_TRUE(has(refused, "unknown, revoked or expired")) << refused;
  auto entries = store_->count_diary_entries(alice);
  ASSERT_TRUE(entries);
  EXPECT_EQ(*entries, 0);
  EXPECT_EQ(send(Method::Get, "/api/v1/me", made).status, 200) << "a token made on the page stays";

  // A reset link's new password ends them too.
  const std::string second = authenticate("new-pass-4567");
  ASSERT_FALSE(second.empty());
  std::string mail;
  site_->set_mail_sender([&](const std::string&, const std::string&, const std::string& body) { mail = body; });
  Client visitor(*site_);
  visitor.get("/account/reset");
  ASSERT_EQ(visitor.post("/account/reset", {{"name", "alice"}}).status, 200);
  auto at = mail.find("/account/reset/");
  ASSERT_NE(at, std::string::npos) << mail;
  const std::string link = mail.substr(at, mail.find('\n', at) - at);
  Response choose = visitor.get(link);
  EXPECT_TRUE(has(choose.body, "logs you out everywhere, XML-RPC clients included")) << choose.body;
  ASSERT_EQ(visitor.post(link, {{"password", "brand-new-pass-9"}, {"password2", "brand-new-pass-9"}}).status, 303);
  EXPECT_TRUE(has(rpc("checkcookie", {second}), "<int>0</int>"));
  EXPECT_EQ(send(Method::Get, "/api/v1/me", made).status, 200);
  // Logging in with the new password gives a working cookie again.
  EXPECT_TRUE(has(rpc("checkcookie", {authenticate("brand-new-pass-9")}), "<int>1</int>"));
}

// An account that came with an imported graph and has not been claimed is
// no member yet, in the API as on its page ("not yet (imported DATE)").
TEST_F(ApiTest, AnUnclaimedImportedAccountIsNoMemberYet) {
  storage::GraphImport in;
  in.names = {"seed", "miguel"};
  in.certificates = {{0, 1, model::CertLevel{3}}};
  in.when = now_ - 400 * 86400;  // long before alice joins: the two dates differ
  ASSERT_TRUE(store_->import_graph(in));
  add_member("alice", "alice-pass-123");
  settle();
  const std::string imported = feeds::rfc3339_date(in.when), day = feeds::rfc3339_date(now_);
  ASSERT_NE(imported, day);
  Response list = send(Method::Get, "/api/v1/people");
  ASSERT_EQ(list.status, 200) << list.body;
  std::map<std::string, json> by_name;
  const json people = parse(list)["people"];
  for (const auto& p : people) by_name[p["name"]] = p;
  ASSERT_EQ(by_name.count("miguel"), 1u) << list.body;
  EXPECT_TRUE(by_name["miguel"]["member_since"].is_null()) << list.body;
  EXPECT_EQ(by_name["miguel"]["imported"], imported);
  EXPECT_EQ(by_name["alice"]["member_since"], day);
  EXPECT_TRUE(by_name["alice"]["imported"].is_null());
  Response miguel = send(Method::Get, "/api/v1/people/miguel");
  ASSERT_EQ(miguel.status, 200);
  EXPECT_TRUE(parse(miguel)["member_since"].is_null()) << miguel.body;
  EXPECT_EQ(parse(miguel)["imported"], imported);
  Response alice = send(Method::Get, "/api/v1/people/alice");
  EXPECT_EQ(parse(alice)["member_since"], day);
  EXPECT_TRUE(parse(alice)["imported"].is_null());
}

TEST_F(ApiTest, ArticlesPageByCursorAndShowTheirThreadedReplies) {
  auto seed = add_member("seed", "seed-password-1");
  auto writer = add_member("writer", "writer-password-1");
  settle();
  std::vector<model::ArticleId> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(add_article(seed, "Article " + std::to_string(i)));

  std::vector<std::int64_t> seen;
  std::string cursor;
  for (int pages = 0; pages < 5; ++pages) {
    Response r = send(Method::Get, "/api/v1/articles", "", "",
                      "limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    json j = parse(r);
    for (const auto& a : j["articles"]) seen.push_back(a["id"].get<std::int64_t>());
    if (pages == 0) add_article(seed, "Posted while paging");  // must not repeat what was seen
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen, (std::vector<std::int64_t>{ids[4].value, ids[3].value, ids[2].value, ids[1].value,
                                             ids[0].value}));

  // Replies: the writer is an Observer and may not reply; certified, they may.
  std::string token = token_for(writer);
  std::string path = "/api/v1/articles/" + std::to_string(ids[0].value) + "/replies";
  Response refused = send(Method::Post, path, token, R"({"title":"Hi","body":"<p>first</p>"})");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(parse(refused)["error"]["code"], "forbidden");
  ASSERT_TRUE(store_->certify({seed, writer, model::CertLevel{2}, now_}));
  settle();
  Response first =
      send(Method::Post, path, token, R"({"title":"Hi","body":"<p>first<script>x</script></p>"})");
  ASSERT_EQ(first.status, 201) << first.body;
  std::int64_t first_id = parse(first)["id"];
  Response second =
      send(Method::Post, path, token,
           R"({"title":"Re: Hi","body":"<p>an answer</p>","parent":)" + std::to_string(first_id) + "}");
  ASSERT_EQ(second.status, 201) << second.body;
  Response bad_parent = send(Method::Post, path, token, R"({"title":"x","body":"<p>y</p>","parent":999999})");
  EXPECT_EQ(bad_parent.status, 404);
  EXPECT_EQ(parse(bad_parent)["error"]["code"], "no_such_reply");
  Response wrong_type = send(Method::Post, path, token, R"({"title":"x","body":"<p>y</p>","parent":"one"})");
  EXPECT_EQ(parse(wrong_type)["error"]["code"], "wrong_type");
  Response no_token = send(Method::Post, path, "", R"({"title":"x","body":"<p>y</p>"})");
  EXPECT_EQ(no_token.status, 401);

  Response article = send(Method::Get, "/api/v1/articles/" + std::to_string(ids[0].value));
  ASSERT_EQ(article.status, 200);
  json a = parse(article);
  EXPECT_EQ(a["title"], "Article 0");
  EXPECT_EQ(a["reply_count"], 2);
  ASSERT_EQ(a["replies"].size(), 2u);
  EXPECT_TRUE(a["replies"][0]["parent"].is_null());
  EXPECT_EQ(a["replies"][1]["parent"], first_id);
  EXPECT_EQ(a["replies"][1]["author"], "writer");
  // The text as written, and as the page shows it: a client that shows
  // html shows what the page does, never the script.
  EXPECT_EQ(a["replies"][0]["body"], "<p>first<script>x</script></p>");
  EXPECT_EQ(a["replies"][0]["html"], "<p>first</p>");
  EXPECT_EQ(a["replies"][1]["html"], "<p>an answer</p>");
  EXPECT_EQ(a["lead"], "<p>The lead of Article 0</p>");
  EXPECT_EQ(a["lead_html"], "<p>The lead of Article 0</p>");
  EXPECT_EQ(a["body_html"], "");
  storage::NewArticle hostile;
  hostile.author = seed;
  hostile.title = "Hostile";
  hostile.lead = "<p onclick=\"x()\">Lead</p><script>alert(1)</script>";
  hostile.body = "# Part\n\n[go](javascript:alert(1))";
  hostile.format = model::TextFormat::Markdown;
  hostile.when = now_++;
  auto hostile_id = store_->create_article(hostile);
  ASSERT_TRUE(hostile_id);
  json h = parse(send(Method::Get, "/api/v1/articles/" + std::to_string(hostile_id->value)));
  EXPECT_EQ(h["lead"], hostile.lead);
  EXPECT_EQ(h["lead_html"], "<p>Lead</p>\n");
  EXPECT_EQ(h["body_html"], "<p><strong>Part</strong></p>\n<p><a>go</a></p>\n");
  bool listed = false;
  const json list = parse(send(Method::Get, "/api/v1/articles"));
  for (const auto& x : list["articles"])
    if (x["id"] == hostile_id->value) listed = x["lead_html"] == h["lead_html"];
  EXPECT_TRUE(listed) << "the list gives the same html";

  // A hidden article is gone from the API too. (Asked with a token: a
  // request without one may be answered from the one-second page cache,
  // which the site empties on its own writes, not on this one.)
  ASSERT_TRUE(store_->set_article_hidden(ids[0], true, "spam"));
  EXPECT_EQ(send(Method::Get, "/api/v1/articles/" + std::to_string(ids[0].value), token).status, 404);
}

// The API replies at the site's configured reply level, the one the
// article pages use: raised to Journeyer, an Apprentice is refused on both
// doors and a Journeyer may reply.
class JourneyerRepliesTest : public ApiTest {
 protected:
  SiteConfig make_config() override {
    SiteConfig c = ApiTest::make_config();
    c.reply_level = model::CertLevel{2};
    return c;
  }
};

TEST_F(JourneyerRepliesTest, TheApiUsesTheConfiguredReplyLevel) {
  auto seed = add_member("seed", "seed-password-1");
  auto apprentice = add_member("apprentice", "apprentice-password-1");
  auto journeyer = add_member("journeyer", "journeyer-password-1");
  ASSERT_TRUE(store_->certify({seed, apprentice, model::CertLevel{1}, now_}));
  ASSERT_TRUE(store_->certify({seed, journeyer, model::CertLevel{2}, now_}));
  settle();
  auto id = add_article(seed, "Levels");
  std::string path = "/api/v1/articles/" + std::to_string(id.value) + "/replies";

  Response refused = send(Method::Post, path, token_for(apprentice), R"({"title":"Hi","body":"<p>x</p>"})");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(parse(refused)["error"]["code"], "forbidden");
  EXPECT_EQ(parse(refused)["error"]["message"], "Replying needs Journeyer level or above.");
  // The article page says the same to the Apprentice: no reply form.
  Client web(*site_);
  ASSERT_TRUE(web.login("apprentice", "apprentice-password-1"));
  Response page = web.get("/article/" + std::to_string(id.value) + ".html");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("To reply you need Journeyer level or above."), std::string::npos) << page.body;

  Response allowed = send(Method::Post, path, token_for(journeyer), R"({"title":"Hi","body":"<p>y</p>"})");
  EXPECT_EQ(allowed.status, 201) << allowed.body;
  auto replies = store_->replies(id, storage::Visibility::Public);
  ASSERT_TRUE(replies);
  ASSERT_EQ(replies->size(), 1u);
  EXPECT_EQ(replies->front().author, journeyer);
}

TEST_F(ApiTest, ProjectsListAndShowTheirMembers) {
  auto alice = add_member("alice", "alice-password-1");
  for (const char* name : {"Zebra", "apache", "Mutt"}) {
    storage::NewProject p;
    p.name = name;
    p.homepage = "https://example.org/";
    p.by = alice;
    p.when = now_;
    auto id = store_->create_project(p);
    ASSERT_TRUE(id) << id.error().message();
    if (std::string(name) == "Mutt") {
      ASSERT_TRUE(store_->set_project_relation(alice, *id, model::ProjectRelation::LeadDeveloper));
    }
  }
  std::vector<std::string> names;
  std::string cursor;
  for (int pages = 0; pages < 5; ++pages) {
    Response r = send(Method::Get, "/api/v1/projects", "", "",
                      "limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    json j = parse(r);
    for (const auto& p : j["projects"]) names.push_back(p["name"]);
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"apache", "Mutt", "Zebra"}));
  Response mutt = send(Method::Get, "/api/v1/projects/mutt");
  ASSERT_EQ(mutt.status, 200);
  json m = parse(mutt);
  EXPECT_EQ(m["name"], "Mutt");
  EXPECT_EQ(m["created_by"], "alice");
  ASSERT_EQ(m["members"].size(), 1u);
  EXPECT_EQ(m["members"][0]["relation"], "Lead Developer");
  EXPECT_EQ(parse(send(Method::Get, "/api/v1/people/alice"))["projects"][0]["project"], "Mutt");
}

// A renamed project's former name leads to its present address, as on the
// site; a name no project ever had is 404.
TEST_F(ApiTest, ARenamedProjectsFormerNameLeadsToItsPresentAddress) {
  auto alice = add_member("alice", "alice-password-1");
  storage::NewProject p;
  p.name = "Mutt";
  p.by = alice;
  p.when = now_;
  auto id = store_->create_project(p);
  ASSERT_TRUE(id) << id.error().message();
  ASSERT_TRUE(store_->set_project_relation(alice, *id, model::ProjectRelation::LeadDeveloper));
  ASSERT_TRUE(store_->rename_project(*id, "Mutt mail"));
  Response moved = send(Method::Get, "/api/v1/projects/mutt");
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(moved.header("Location"), "/api/v1/projects/Mutt%20mail");
  EXPECT_EQ(parse(moved)["error"]["code"], "moved");
  Response present = send(Method::Get, "/api/v1/projects/Mutt%20mail");
  ASSERT_EQ(present.status, 200);
  EXPECT_EQ(parse(present)["members"][0]["member"], "alice");
  EXPECT_EQ(parse(present)["former_names"], nlohmann::json::array({"Mutt"}));
  EXPECT_EQ(send(Method::Get, "/api/v1/projects/never").status, 404);
}

// Titles are at most 300 characters through the API as on the forms
// (limits_test.cpp): 300 accented letters, 600 bytes, are taken; 301 are
// refused with the forms' message, the limit in characters.
TEST_F(ApiTest, TitlesAreCountedInCharacters) {
  auto seed = add_member("seed", "seed-password-1");
  auto writer = add_member("writer", "writer-password-1");
  ASSERT_TRUE(store_->certify({seed, writer, model::CertLevel{1}, now_}));
  settle();
  const std::string token = token_for(writer);
  const model::ArticleId article = add_article(seed, "News");
  const std::string replies = "/api/v1/articles/" + std::to_string(article.value) + "/replies";
  const auto text = [](std::size_t letters) {
    return json{{"title", accented(letters)}, {"body", "<p>Some text</p>"}}.dump();
  };
  for (const auto& [method, path] : std::vector<std::pair<Method, std::string>>{
           {Method::Post, "/api/v1/diary"}, {Method::Put, "/api/v1/diary/0"}, {Method::Post, replies}}) {
    Response refused = send(method, path, token, text(301));
    EXPECT_EQ(refused.status, 413) << path << ": " << refused.body;
    EXPECT_EQ(parse(refused)["error"]["message"], "The title is too long (at most 300 characters).") << path;
    Response taken = send(method, path, token, text(300));
    EXPECT_EQ(taken.status, method == Method::Put ? 200 : 201) << path << ": " << taken.body;
  }
  EXPECT_EQ(store_->diary_entries(writer, {0, 5})->front().title, accented(300));
  EXPECT_EQ(store_->replies(article, storage::Visibility::Public)->front().title, accented(300));
}

TEST_F(ApiTest, ACookieSessionNeverReachesAnApiHandler) {
  auto alice = add_member("alice", "alice-password-1");
  (void)alice;
  Client browser(*site_);
  ASSERT_TRUE(browser.login("alice", "alice-password-1"));
  Request r;
  r.method = Method::Post;
  r.path = "/api/v1/diary";
  r.cookie = browser.cookie_header();
  r.content_type = "application/json";
  r.body = R"({"body":"<p>from a cookie</p>"})";
  Response res = site_->handle(r);
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(parse(res)["error"]["code"], "missing_token");
  EXPECT_EQ(*store_->count_diary_entries(alice), 0);
}

}  // namespace
}  // namespace journeyer::web::testing
