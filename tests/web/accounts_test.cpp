// Accounts, sessions, CSRF and certification through the handlers.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "web/crypto.h"
#include "web/form.h"
#include "web_fixture.h"

namespace journeyer::web::testing {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const std::string kSession(kSessionCookie);

class AccountsTest : public SiteTest {
 protected:
  // An XML-RPC log-in ("XML-RPC (authenticate)") and a token made on the
  // tokens page ("my script"): what ending an account's log-ins must tell apart.
  void add_xmlrpc_and_page_tokens(model::AccountId account) {
    for (const char* label : {"XML-RPC (authenticate)", "my script"}) {
      model::Token t;
      t.kind = model::TokenKind::Api;
      t.token_hash = token_hash(random_token());
      t.account = account;
      t.label = label;
      t.created = now_;
      ASSERT_TRUE(store_->create_token(t));
    }
  }
};

TEST_F(AccountsTest, SignUpLogsInWithASecureCookie) {
  Client c(*site_);
  c.get("/account/new");
  Response r = c.post("/account/new", {{"name", "Alice"},
                                       {"email", "alice@example.org"},
                                       {"password", "a-long-passphrase"},
                                       {"password2", "a-long-passphrase"},
                                       {"website", ""}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("Location"), "/person/Alice/");
  std::string set_cookie;
  for (auto& [k, v] : r.headers)
    if (k == "Set-Cookie" && v.rfind(kSession, 0) == 0) set_cookie = v;
  EXPECT_TRUE(contains(set_cookie, "HttpOnly"));
  EXPECT_TRUE(contains(set_cookie, "SameSite=Lax"));
  ASSERT_EQ(c.cookies().count(kSession), 1u);
  EXPECT_EQ(c.cookies()[kSession].size(), 43u);  // 256 bits, base64url
  // Only the token's hash is stored.
  auto stored = store_->session(c.cookies()[kSession], now_);
  EXPECT_FALSE(stored);
  EXPECT_TRUE(store_->session(token_hash(c.cookies()[kSession]), now_));
  Response page = c.get("/person/Alice/");
  EXPECT_TRUE(contains(page.body, "Post to your diary")) << "logged in, on the member's own page";
  auto account = store_->account_by_name("alice");
  ASSERT_TRUE(account);
  EXPECT_TRUE(contains(account->password_hash, "$argon2id$"));
}

struct SignupCase {
  const char* what;
  Fields fields;
  const char* message;
  const char* field = "";  // the field marked invalid, if any
};

TEST_F(AccountsTest, SignUpRefusesBadInput) {
  add_member("taken", "taken-pass-123");
  const std::vector<SignupCase> cases = {
      // The name's errors are the form's sentences, not the command line's
      // ("an account name cannot be empty").
      {"no name", {{"name", ""}, {"email", "x@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, ">Choose an account name.</p>", "name"},
      {"long name", {{"name", std::string(31, 'n')}, {"email", "x@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, ">An account name has at most 30 characters.</p>", "name"},
      {"bad name", {{"name", "bob<script>"}, {"email", "x@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, ">An account name may only hold letters, digits, '_' and '-'.</p>", "name"},
      {"name with a space", {{"name", "a b"}, {"email", "x@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, ">An account name may only hold letters, digits, '_' and '-'.</p>", "name"},
      {"name that is a dash", {{"name", "-"}, {"email", "x@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, ">An account name starts with a letter or a digit.</p>", "name"},
      {"name starting with _", {{"name", "_hidden"}, {"email", "x@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, ">An account name starts with a letter or a digit.</p>", "name"},
      {"seed name", {{"name", "SEED"}, {"email", "x@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, "reserved", "name"},
      {"admin name", {{"name", "boss"}, {"email", "x@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, "reserved", "name"},
      {"taken", {{"name", "Taken"}, {"email", "x@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, "taken", "name"},
      {"short password", {{"name", "newbie"}, {"email", "x@example.org"}, {"password", "short"}, {"password2", "short"}}, "at least 10", "password"},
      {"monotone password", {{"name", "newbie"}, {"email", "x@example.org"}, {"password", "aaaaaaaaaaaa"}, {"password2", "aaaaaaaaaaaa"}}, "different characters", "password"},
      {"name in password", {{"name", "newbie"}, {"email", "x@example.org"}, {"password", "newbie-12345"}, {"password2", "newbie-12345"}}, "name", "password"},
      {"mismatch", {{"name", "newbie"}, {"email", "x@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-2"}}, "differ", "password2"},
      {"bad email", {{"name", "newbie"}, {"email", "nope"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, "e-mail", "email"},
      // Addresses the mailer would refuse: a reset link could never reach them.
      {"two addresses", {{"name", "newbie"}, {"email", "x,y@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, "e-mail", "email"},
      {"option-like", {{"name", "newbie"}, {"email", "-oQ/tmp@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, "e-mail", "email"},
      {"backslash", {{"name", "newbie"}, {"email", "x\\y@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}}, "e-mail", "email"},
      {"honeypot", {{"name", "newbie"}, {"email", "x@example.org"}, {"password", "long-enough-1"}, {"password2", "long-enough-1"}, {"website", "http://spam.example"}}, "program"},
  };
  for (const auto& k : cases) {
    Client c(*site_, std::string("198.51.100.") + std::to_string(&k - cases.data()));
    c.get("/account/new");
    Response r = c.post("/account/new", k.fields);
    EXPECT_GE(r.status, 400) << k.what;
    EXPECT_TRUE(contains(r.body, k.message)) << k.what << ": " << r.body.substr(r.body.find("<main"), 600);
    EXPECT_EQ(c.cookies().count(kSession), 0u) << k.what;
    // The field at fault is marked, described by the message and focused;
    // no other is (the honeypot marks none).
    EXPECT_EQ(field_at_fault(r.body), k.field) << k.what;
  }
  EXPECT_FALSE(store_->account_by_name("newbie"));
}

TEST_F(AccountsTest, PostsWithoutTheCsrfTokenAreRefused) {
  add_member("alice", "alice-pass-123");
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  add_member("bob", "bob-pass-1234");
  EXPECT_EQ(c.post("/person/bob/certify", {{"level", "Master"}, {"csrf", ""}}).status, 403);
  EXPECT_EQ(c.post("/person/bob/certify", {{"level", "Master"}, {"csrf", random_token()}}).status, 403);
  EXPECT_FALSE(store_->certificate(store_->account_by_name("alice")->id, store_->account_by_name("bob")->id));
  // A visitor with no cookie at all cannot log in by a forged POST either.
  Client fresh(*site_);
  EXPECT_EQ(fresh.post("/account/login", {{"name", "alice"}, {"password", "alice-pass-123"}, {"csrf", "x"}}).status, 403);
}

TEST_F(AccountsTest, VisitorCannotCertifyEvenWithAValidVisitorToken) {
  add_member("bob", "bob-pass-1234");
  Client c(*site_);
  c.get("/account/login");  // a real visitor token
  ASSERT_FALSE(c.csrf().empty());
  Response r = c.post("/person/bob/certify", {{"level", "Master"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(contains(r.body, "not logged in"));
  auto to = store_->certificates_to(store_->account_by_name("bob")->id);
  ASSERT_TRUE(to);
  EXPECT_TRUE(to->empty());
}

TEST_F(AccountsTest, WrongPasswordAndUnknownNameLookTheSame) {
  add_member("alice", "alice-pass-123");
  Client c(*site_);
  c.get("/account/login");
  Response wrong = c.post("/account/login", {{"name", "alice"}, {"password", "not-her-password"}});
  Response unknown = c.post("/account/login", {{"name", "nobody"}, {"password", "not-her-password"}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(unknown.status, 403);
  EXPECT_TRUE(contains(wrong.body, "Wrong name or password."));
  EXPECT_TRUE(contains(unknown.body, "Wrong name or password."));
  EXPECT_TRUE(c.login("ALICE", "alice-pass-123"));  // names ignore case
}

// A disabled member who gives the right password is told the account is
// disabled (not that the password is wrong); a wrong password tells nobody.
TEST_F(AccountsTest, ADisabledAccountSaysSoOnlyToWhoeverKnowsThePassword) {
  auto mallory = add_member("mallory", "mallory-pass-1");
  ASSERT_TRUE(store_->set_account_state(mallory, model::AccountState::Disabled));
  Client c(*site_);
  c.get("/account/login");
  Response right = c.post("/account/login", {{"name", "mallory"}, {"password", "mallory-pass-1"}});
  EXPECT_EQ(right.status, 403);
  EXPECT_TRUE(contains(right.body, "This account is disabled")) << right.body;
  EXPECT_FALSE(contains(right.body, "Wrong name or password."));
  EXPECT_EQ(c.cookies().count(kSession), 0u) << "no session for a disabled account";
  Response wrong = c.post("/account/login", {{"name", "mallory"}, {"password", "not-her-password"}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_TRUE(contains(wrong.body, "Wrong name or password."));
  EXPECT_FALSE(contains(wrong.body, "disabled"));
}

TEST_F(AccountsTest, LoginIsRateLimitedPerAddress) {
  add_member("alice", "alice-pass-123");
  Client c(*site_, "203.0.113.9");
  c.get("/account/login");
  int limited = 0;
  for (unsigned i = 0; i < site_->config().login_per_minute + 1; ++i)
    limited += c.post("/account/login", {{"name", "nobody"}, {"password", "whatever-123"}}).status == 429;
  EXPECT_EQ(limited, 1);
  Client other(*site_, "203.0.113.10");
  EXPECT_TRUE(other.login("alice", "alice-pass-123"));
}

TEST_F(AccountsTest, MistypedSignUpsDoNotUseUpTheLimitAndTheLimitKeepsTheForm) {
  Client c(*site_, "203.0.113.20");
  c.get("/account/new");
  const unsigned limit = site_->config().signup_per_minute;
  for (unsigned i = 0; i < limit + 2; ++i) {
    Response r = c.post("/account/new", {{"name", "newbie"}, {"email", "newbie@example.org"},
                                         {"password", "long-enough-1"}, {"password2", "long-enough-2"}});
    EXPECT_EQ(r.status, 400) << i;
    EXPECT_TRUE(contains(r.body, "differ")) << i;
  }
  // Nor do names already taken.
  add_member("taken", "taken-pass-123");
  for (unsigned i = 0; i < limit + 2; ++i) {
    Response r = c.post("/account/new", {{"name", "Taken"}, {"email", "newbie@example.org"},
                                         {"password", "long-enough-1"}, {"password2", "long-enough-1"}});
    EXPECT_EQ(r.status, 409) << i;
  }
  // The first complete form still creates the account.
  c.cookies().erase(kSession);
  Response ok = c.post("/account/new", {{"name", "newbie"}, {"email", "newbie@example.org"},
                                        {"password", "long-enough-1"}, {"password2", "long-enough-1"}});
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 800);
  EXPECT_TRUE(store_->account_by_name("newbie"));
  // Complete forms are limited: the page says so and keeps what was typed.
  Client d(*site_, "203.0.113.21");
  d.get("/account/new");
  Response limited;
  for (unsigned i = 0; i <= limit; ++i) {
    limited = d.post("/account/new", {{"name", "taken-" + std::to_string(i)}, {"email", "t@example.org"},
                                      {"password", "long-enough-1"}, {"password2", "long-enough-1"}});
    d.cookies().erase(kSession);
    d.get("/account/new");
  }
  EXPECT_EQ(limited.status, 429);
  EXPECT_TRUE(contains(limited.body, "Too many sign-ups from your address"));
  EXPECT_TRUE(contains(limited.body, "value=\"taken-" + std::to_string(limit) + "\"")) << limited.body.substr(0, 2000);
  EXPECT_FALSE(store_->account_by_name("taken-" + std::to_string(limit)));
}

TEST_F(AccountsTest, AVisitorAtAMembersFormLogsInAndComesBack) {
  add_member("alice", "alice-pass-123");
  settle();
  Client c(*site_);
  for (const std::string path : {"/diary/post", "/article/new", "/account/profile"}) {
    Response r = c.get(path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.header("Location"), "/account/login?next=" + url_encode(path)) << path;
  }
  Response form = c.get("/account/login?next=" + url_encode("/diary/post"));
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "name=\"next\" value=\"/diary/post\""));
  Response in = c.post("/account/login", {{"name", "alice"}, {"password", "alice-pass-123"}, {"next", "/diary/post"}});
  ASSERT_EQ(in.status, 303);
  EXPECT_EQ(in.header("Location"), "/diary/post");
  EXPECT_EQ(c.get("/diary/post").status, 200);
  // Logged in already: the log-in page goes straight on.
  Response again = c.get("/account/login?next=" + url_encode("/account/profile"));
  EXPECT_EQ(again.status, 303);
  EXPECT_EQ(again.header("Location"), "/account/profile");
  // An address a member's page cannot read: a private page (it holds the
  // member's form token).
  Response bad = c.get("/person/alice/?x=%FF");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(contains(bad.body, "This address cannot be read: the query (what follows the ? in the address) is not "
                                 "valid UTF-8."))
      << bad.body;
  EXPECT_EQ(bad.header("Cache-Control"), "private, no-store");
  // An over-long link is not called a form.
  Response long_link = c.get("/recentlog.html?x=" + std::string(5000, 'a'));
  EXPECT_EQ(long_link.status, 400);
  EXPECT_TRUE(contains(long_link.body, "the query (what follows the ? in the address) is larger than 4 KiB."))
      << long_link.body;
  // Only paths on this site: anything else lands on the member's own page.
  for (const std::string next : {"//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:x", "diary",
                                 "/x\r\nSet-Cookie: a=b"}) {
    Client d(*site_);
    d.get("/account/login?next=" + url_encode(next));
    Response r = d.post("/account/login", {{"name", "alice"}, {"password", "alice-pass-123"}, {"next", next}});
    ASSERT_EQ(r.status, 303) << next;
    EXPECT_EQ(r.header("Location"), "/person/alice/") << next;
  }
}

TEST_F(AccountsTest, LogOutEndsTheSession) {
  add_member("alice", "alice-pass-123");
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  std::string token = c.cookies()[kSession];
  c.get("/");  // the page with the log-out button
  Response out = c.post("/account/logout", {});
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(c.cookies().count(kSession), 0u);
  // The old cookie, replayed, is a visitor's.
  Client replay(*site_);
  replay.cookies()[kSession] = token;
  add_member("bob", "bob-pass-1234");
  EXPECT_TRUE(contains(replay.get("/person/bob/").body, "Certification disabled"));
}

TEST_F(AccountsTest, ChangingThePasswordEndsOtherSessions) {
  add_member("alice", "alice-pass-123");
  Client laptop(*site_), phone(*site_);
  ASSERT_TRUE(laptop.login("alice", "alice-pass-123"));
  ASSERT_TRUE(phone.login("alice", "alice-pass-123"));
  laptop.get("/account/password");
  Response wrong = laptop.post("/account/password", {{"current", "wrong-one-123"}, {"password", "new-pass-4567"}, {"password2", "new-pass-4567"}});
  EXPECT_EQ(wrong.status, 403);
  // Each refusal marks the field at fault, and that field only, focused and
  // described by the message.
  EXPECT_EQ(field_at_fault(wrong.body), "current");
  Response differ = laptop.post("/account/password", {{"current", "alice-pass-123"}, {"password", "new-pass-4567"}, {"password2", "new-pass-4568"}});
  EXPECT_EQ(differ.status, 400);
  EXPECT_EQ(field_at_fault(differ.body), "password2");
  Response weak = laptop.post("/account/password", {{"current", "alice-pass-123"}, {"password", "short"}, {"password2", "short"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(field_at_fault(weak.body), "password");
  Response r = laptop.post("/account/password",
                           {{"current", "alice-pass-123"}, {"password", "new-pass-4567"}, {"password2", "new-pass-4567"}});
  EXPECT_EQ(r.status, 303);
  EXPECT_TRUE(contains(laptop.get("/account/password?changed=1").body, "Your password is changed."));
  EXPECT_FALSE(contains(phone.get("/").body, "Log out"));
  Client again(*site_);
  EXPECT_FALSE(again.login("alice", "alice-pass-123"));
  EXPECT_TRUE(again.login("alice", "new-pass-4567"));
}

TEST_F(AccountsTest, ProfileNotesAreSanitizedWithPreview) {
  add_member("alice", "alice-pass-123");
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  c.get("/account/profile");
  Fields f = {{"real_name", "Alice <b>Liddell</b>"},
              {"email", "alice@example.org"},
              {"homepage", "https://alice.example/"},
              {"notes", "<p>Hacker <script>alert(1)</script><a href=\"javascript:x\">x</a></p>"},
              {"version", std::to_string(store_->account_by_name("alice")->version)}};
  Fields preview = f;
  preview.emplace_back("preview", "1");
  Response p = c.post("/account/profile", preview);
  ASSERT_EQ(p.status, 200);
  EXPECT_TRUE(contains(p.body, "Preview of your notes"));
  EXPECT_TRUE(contains(p.body, "<p>Hacker "));
  EXPECT_FALSE(contains(p.body, "<script>alert"));
  EXPECT_TRUE(store_->account_by_name("alice")->profile.notes.empty());  // a preview saves nothing
  Response s = c.post("/account/profile", f);
  ASSERT_EQ(s.status, 303) << s.body;
  EXPECT_EQ(s.header("Location"), "/person/alice/?saved=1");
  EXPECT_TRUE(contains(c.get("/person/alice/?saved=1").body, "<p class=\"notice\" role=\"status\">Your profile is saved.</p>"));
  // Only on her own page: the same address says nothing to another reader.
  Client other(*site_);
  EXPECT_FALSE(contains(other.get("/person/alice/?saved=1").body, "Your profile is saved."));
  Response page = c.get("/person/alice/");
  EXPECT_TRUE(contains(page.body, "<p>Hacker "));
  EXPECT_FALSE(contains(page.body, "<script>alert"));
  EXPECT_FALSE(contains(page.body, "javascript:"));
  EXPECT_TRUE(contains(page.body, "Alice &lt;b&gt;Liddell&lt;/b&gt;"));  // text is escaped
  EXPECT_TRUE(contains(page.body, "rel=\"nofollow ugc\""));            // uncertified: nofollow
}

TEST_F(AccountsTest, CertifyingChangesTheSubjectsLevel) {
  add_member("seed", "seed-pass-123");
  add_member("alice", "alice-pass-123");
  settle();
  Client c(*site_);
  ASSERT_TRUE(c.login("seed", "seed-pass-123"));
  Response before = c.get("/person/alice/");
  EXPECT_TRUE(contains(before.body, "<strong class=\"level\">Observer</strong>"));
  EXPECT_TRUE(contains(before.body, "You have not certified alice."));
  // The page the certificate leads to already shows the level it gives:
  // the handler waited for the computation.
  Response r = c.post("/person/alice/certify", {{"level", "Journeyer"}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("Location"), "/person/alice/?certified=1");
  Response after = c.get(std::string(r.header("Location")));
  EXPECT_TRUE(contains(after.body, "<strong class=\"level\">Journeyer</strong>")) << after.body;
  EXPECT_TRUE(contains(after.body, "the levels on this page include it"));
  EXPECT_TRUE(contains(after.body, "You have certified alice as Journeyer."));
  EXPECT_TRUE(contains(after.body, "certified alice as Journeyer"));
  // Removing it (the lowest level) takes it back, as promptly, and says so.
  r = c.post("/person/alice/certify", {{"level", "Observer"}});
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), "/person/alice/?withdrawn=1");
  after = c.get(std::string(r.header("Location")));
  EXPECT_TRUE(contains(after.body, "<strong class=\"level\">Observer</strong>"));
  EXPECT_TRUE(contains(after.body, "Your certificate is withdrawn")) << after.body;
  EXPECT_FALSE(contains(after.body, "Your certificate is recorded"));
  // A level the form does not offer is refused in the site's words.
  r = c.post("/person/alice/certify", {{"level", "3"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "Choose a level from the list.")) << r.body;
}

TEST_F(AccountsTest, RecomputeTicketsSayWhenTheLevelsIncludeARequest) {
  add_member("seed", "seed-pass-123");
  settle();
  // Tickets: a computation includes every request made before it started.
  const std::uint64_t first = trust_->request_recompute();
  const std::uint64_t second = trust_->request_recompute();
  EXPECT_GT(second, first);
  EXPECT_TRUE(trust_->wait_computed(second, 10'000));
  EXPECT_TRUE(trust_->wait_computed(first, 0));  // already included
}

TEST_F(AccountsTest, SelfCertificationIsRefused) {
  add_member("alice", "alice-pass-123");
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  c.get("/person/alice/");
  Response r = c.post("/person/alice/certify", {{"level", "Master"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_FALSE(store_->certificate(store_->account_by_name("alice")->id, store_->account_by_name("alice")->id));
}

TEST_F(AccountsTest, OnlyAdministratorsAdministerAndDisablingHidesTheAccount) {
  add_member("boss", "boss-pass-1234");
  add_member("alice", "alice-pass-123");
  const model::AccountId mallory_id = add_member("mallory", "mallory-pass-1");
  // An XML-RPC log-in and a token made on the tokens page.
  add_xmlrpc_and_page_tokens(mallory_id);
  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  EXPECT_EQ(alice.get("/admin/").status, 403);
  EXPECT_EQ(alice.post("/admin/person/mallory/state", {{"action", "disable"}}).status, 403);
  Client boss(*site_);
  ASSERT_TRUE(boss.login("boss", "boss-pass-1234"));
  boss.get("/person/mallory/");
  Response disabled = boss.post("/admin/person/mallory/state", {{"action", "disable"}, {"reason", "spam"}});
  EXPECT_EQ(disabled.status, 303);
  EXPECT_EQ(disabled.header("Location"), "/person/mallory/?disabled=1");
  EXPECT_TRUE(contains(boss.get("/person/mallory/?disabled=1").body, "The account is disabled, and its log-ins are ended."));
  Client visitor(*site_);
  EXPECT_EQ(visitor.get("/person/mallory/").status, 404);
  Client mallory(*site_);
  EXPECT_FALSE(mallory.login("mallory", "mallory-pass-1"));
  // Disabling ends the log-ins made with the password, XML-RPC's too (they
  // would come back to life were the account enabled again); the token made
  // on the page is refused while the account is disabled, and stays.
  auto tokens = store_->tokens_of(mallory_id, model::TokenKind::Api);
  ASSERT_TRUE(tokens);
  ASSERT_EQ(tokens->size(), 2u);
  for (const auto& t : *tokens) EXPECT_EQ(t.revoked, t.label == "XML-RPC (authenticate)") << t.label;
  Response log = boss.get("/admin/");
  EXPECT_TRUE(contains(log.body, "account.disable"));
  EXPECT_TRUE(contains(log.body, "person/mallory"));
}

TEST_F(AccountsTest, SpamFlagsDisableAnUncertifiedAccountAtTheThreshold) {
  add_member("seed", "seed-pass-123");
  add_member("spammer", "spammer-pass-1");
  settle();
  Client c(*site_);
  ASSERT_TRUE(c.login("seed", "seed-pass-123"));
  c.get("/person/spammer/");
  Response flagged = c.post("/person/spammer/flag", {});
  ASSERT_EQ(flagged.status, 303);
  EXPECT_EQ(flagged.header("Location"), "/person/spammer/?flagged=1");
  EXPECT_TRUE(contains(c.get("/person/spammer/?flagged=1").body, "Your spam flag is recorded."));
  auto flags = store_->spam_flags(store_->account_by_name("spammer")->id);
  ASSERT_TRUE(flags);
  EXPECT_EQ(flags->size(), 1u);
  // One Master's flag (3) is below the default threshold (15).
  EXPECT_EQ(store_->account_by_name("spammer")->state, model::AccountState::Active);
}

class LowThresholdTest : public AccountsTest {
  SiteConfig make_config() override {
    SiteConfig c = SiteTest::make_config();
    c.spam_threshold = 3;
    return c;
  }
};

TEST_F(LowThresholdTest, AMastersFlagReachesALowThreshold) {
  add_member("seed", "seed-pass-123");
  const model::AccountId spammer_id = add_member("spammer", "spammer-pass-1");
  settle();
  // The spammer is logged in on the site and through XML-RPC, and has a
  // token of its own making.
  Client spammer(*site_);
  ASSERT_TRUE(spammer.login("spammer", "spammer-pass-1"));
  ASSERT_EQ(spammer.get("/account/profile").status, 200);
  add_xmlrpc_and_page_tokens(spammer_id);
  Client c(*site_);
  ASSERT_TRUE(c.login("seed", "seed-pass-123"));
  c.get("/person/spammer/");
  Response flagged = c.post("/person/spammer/flag", {});
  ASSERT_EQ(flagged.status, 303);
  EXPECT_EQ(store_->account_by_name("spammer")->state, model::AccountState::Disabled);
  // The members' list says why the account went, and only while it is disabled.
  EXPECT_EQ(flagged.header("Location"), "/person/?disabled=spammer");
  EXPECT_TRUE(contains(c.get("/person/?disabled=spammer").body,
                       "spammer is disabled: the members' spam flags reached the site's threshold."));
  EXPECT_FALSE(contains(c.get("/person/?disabled=seed").body, "is disabled"));
  // Disabled by the flags, its log-ins end as when an administrator
  // disables it: the site's session and the XML-RPC log-in.
  EXPECT_NE(spammer.get("/account/profile").status, 200);
  auto tokens = store_->tokens_of(spammer_id, model::TokenKind::Api);
  ASSERT_TRUE(tokens);
  ASSERT_EQ(tokens->size(), 2u);
  for (const auto& t : *tokens) EXPECT_EQ(t.revoked, t.label == "XML-RPC (authenticate)") << t.label;
}

TEST_F(AccountsTest, BurstsOfChangesAreCoalesced) {
  add_member("seed", "seed-pass-123");
  auto before = trust_->computations();
  auto generation = trust_->snapshot()->generation;
  constexpr int kRequests = 50;
  for (int i = 0; i < kRequests; ++i) trust_->request_recompute();
  trust_->wait_newer_than(generation, 10'000);
  settle();
  EXPECT_LT(trust_->computations() - before, kRequests);
}

}  // namespace
}  // namespace journeyer::web::testing

namespace journeyer::web::testing {
namespace {

TEST_F(AccountsTest, VisitorsSeeAnEditAtOnceDespiteThePageCache) {
  add_member("alice", "alice-pass-123");
  settle();
  Client visitor(*site_);
  EXPECT_TRUE(contains(visitor.get("/person/alice/").body, "not given"));
  EXPECT_TRUE(contains(visitor.get("/person/alice/").body, "not given"));  // from the cache
  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  alice.get("/account/profile");
  ASSERT_EQ(alice.post("/account/profile", {{"real_name", "Alice Liddell"},
                                           {"email", "alice@example.org"},
                                           {"homepage", ""},
                                           {"notes", ""},
                                           {"version", std::to_string(store_->account_by_name("alice")->version)}})
                .status,
            303);
  EXPECT_TRUE(contains(visitor.get("/person/alice/").body, "Alice Liddell"));
}

// The helper the form tests rely on: "" only when nothing is marked.
TEST(FieldAtFault, SaysWhatAPageMarksAndWhatIsWrongWithIt) {
  const std::string error = "<p id=\"form-error\">No.</p>";
  const std::string good = "<input id=\"name\" aria-invalid=\"true\" autofocus aria-describedby=\"form-error\">";
  EXPECT_EQ(field_at_fault(error + "<input id=\"name\"> aria-invalid, autofocus"), "");
  EXPECT_EQ(field_at_fault(error + good), "name");
  EXPECT_EQ(field_at_fault(error + "<input aria-invalid=\"true\" autofocus aria-describedby=\"form-error\">"),
            "(no id)");
  EXPECT_EQ(field_at_fault(error + good + "<input id=\"email\" autofocus>"), "2 fields focused");
  EXPECT_EQ(field_at_fault(error + "<input id=\"name\" aria-invalid=\"true\">"),
            "name: not focused: not described by the error");
  EXPECT_EQ(field_at_fault(good), "name: no form-error paragraph");
}

TEST_F(AccountsTest, ProfileErrorsMarkTheFieldAtFaultAndKeepWhatWasTyped) {
  add_member("alice", "alice-pass-123");
  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  const std::vector<FormErrorCase> cases = {
      {"bad e-mail", "email", "not-an-address", "e-mail"},
      {"script homepage", "homepage", "javascript:alert(1)", "http:// or https://"},
      {"homepage with a quote", "homepage", "https://example.org/\"onmouseover", "a space or a quote"},
      {"control character in the name", "real_name", "Alice\x07", "A real name cannot hold control characters."},
      {"name too long", "real_name", std::string(300, 'a'), "A real name has at most 200 characters."},
      {"notes too long", "notes", std::string(70 * 1024, 'n'), "Notes are at most 64 KiB."},
  };
  for (const auto& k : cases) {
    std::map<std::string, std::string> form = {{"real_name", "Alice"}, {"email", "alice@example.org"},
                                               {"homepage", "https://alice.example/"}, {"notes", "kept notes"}};
    form[k.field] = k.value;
    form["version"] = std::to_string(store_->account_by_name("alice")->version);
    alice.get("/account/profile");
    Response r = alice.post("/account/profile", Fields(form.begin(), form.end()));
    EXPECT_EQ(r.status, 400) << k.what;
    EXPECT_TRUE(contains(r.body, k.message)) << k.what << ": " << r.body.substr(r.body.find("<main"), 600);
    // The message is the form's error, the field at fault points at it and
    // has the focus, and no other field is marked.
    EXPECT_EQ(field_at_fault(r.body), k.field) << k.what;
    // What was typed elsewhere comes back, and nothing is saved.
    if (k.field != "notes") {
      EXPECT_TRUE(contains(r.body, ">kept notes</textarea>")) << k.what;
    }
    if (k.field != "homepage") {
      EXPECT_TRUE(contains(r.body, "value=\"https://alice.example/\"")) << k.what;
    }
    EXPECT_EQ(store_->account_by_name("alice")->profile.homepage, "") << k.what;
  }
  // A correct form marks nothing.
  alice.get("/account/profile");
  Response ok = alice.post("/account/profile", {{"real_name", "Alice"}, {"email", "alice@example.org"},
                                               {"homepage", "https://alice.example/"}, {"notes", ""},
                                               {"version", std::to_string(store_->account_by_name("alice")->version)}});
  EXPECT_EQ(ok.status, 303);
  EXPECT_FALSE(contains(alice.get("/account/profile").body, "aria-invalid"));
}

// A store that fails to save the profile, for no fault of the form (not a
// conflict, not a limit), is answered 503 and marks no field; what was typed
// comes back and can be sent again.
TEST_F(AccountsTest, AStoreFailureSavingTheProfileMarksNoField) {
  add_member("alice", "alice-pass-123");
  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  const Response page = alice.get("/account/profile");
  // Saving a profile meets an error of the database's own.
  fail_on("UPDATE OF notes ON accounts");
  const Fields form = {{"real_name", "Alice Liddell"}, {"email", "alice@example.org"},
                       {"notes", "kept notes"}, {"version", field_value(page.body, "version")}};
  Response r = alice.post("/account/profile", form);
  EXPECT_EQ(r.status, 503);
  EXPECT_TRUE(contains(r.body, "Your profile is not saved")) << r.body;
  EXPECT_EQ(field_at_fault(r.body), "") << "no field is at fault";
  EXPECT_TRUE(contains(r.body, "value=\"Alice Liddell\""));
  EXPECT_TRUE(contains(r.body, ">kept notes</textarea>"));
  EXPECT_EQ(store_->account_by_name("alice")->profile.real_name, "");
  stop_failing();
  ASSERT_EQ(alice.post("/account/profile", form).status, 303);
  EXPECT_EQ(store_->account_by_name("alice")->profile.real_name, "Alice Liddell");
}

TEST_F(AccountsTest, TokenErrorsMarkTheNameAtFaultAndKeepWhatWasTyped) {
  const model::AccountId alice = add_member("alice", "alice-pass-123");
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  auto tokens = [&] { return store_->tokens_of(alice, model::TokenKind::Api)->size(); };
  c.get("/account/tokens");
  // No name, or one too long: the name is marked, focused and described by
  // the error, what was typed stays, and no token is made.
  for (const std::string& name : {std::string(), std::string(101, 'n')}) {
    Response r = c.post("/account/tokens", {{"label", name}});
    EXPECT_EQ(r.status, 400) << name.size();
    EXPECT_EQ(field_at_fault(r.body), "label") << name.size();
    EXPECT_TRUE(contains(r.body, "name=\"label\" value=\"" + name + "\"")) << name.size();
    EXPECT_EQ(tokens(), 0u) << name.size();
  }
  // The name XML-RPC's log-ins carry is kept for them (a new password
  // revokes those, and a token made here must stay).
  Response kept = c.post("/account/tokens", {{"label", "XML-RPC (authenticate)"}});
  EXPECT_EQ(kept.status, 400);
  EXPECT_TRUE(contains(kept.body, "That name is kept for XML-RPC log-ins; choose another."));
  EXPECT_EQ(field_at_fault(kept.body), "label");
  EXPECT_EQ(tokens(), 0u);
  // A good name makes a token; the page it leads to has the form empty and
  // unmarked.
  Response made;
  for (int i = 0; i < 50; ++i) made = c.post("/account/tokens", {{"label", "script " + std::to_string(i)}});
  ASSERT_EQ(made.status, 303);
  made = c.get(std::string(made.header("Location")));
  EXPECT_FALSE(contains(made.body, "aria-invalid"));
  EXPECT_TRUE(contains(made.body, "name=\"label\" value=\"\""));
  ASSERT_EQ(tokens(), 50u);
  // One token too many is not the name's fault: the error marks no field,
  // and the name typed comes back, as after any refusal of this form
  // (revoking a token is a form of its own, which does not carry it).
  Response full = c.post("/account/tokens", {{"label", "One more"}});
  EXPECT_EQ(full.status, 409);
  EXPECT_TRUE(contains(full.body, "<p id=\"form-error\" class=\"error\" role=\"alert\">You have 50 tokens"));
  EXPECT_EQ(field_at_fault(full.body), "");
  EXPECT_TRUE(contains(full.body, "name=\"label\" value=\"One more\""));
  EXPECT_EQ(tokens(), 50u);
}

// The token secret a page shows, or "".
std::string shown_token(const std::string& page) {
  const std::string start = "aria-label=\"New token\">";
  auto at = page.find(start);
  if (at == std::string::npos) return "";
  at += start.size();
  return page.substr(at, page.find('<', at) - at);
}

// Making a token answers with a redirect: the page it leads to shows the
// secret once, reloading it makes no second token and no longer shows the
// secret, and the secret is never in an address.
TEST_F(AccountsTest, ANewTokenIsShownOnceAndReloadingMakesNoOther) {
  const model::AccountId alice = add_member("alice", "alice-pass-123");
  add_member("bob", "bob-pass-1234");
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  auto live = [&] { return store_->tokens_of(alice, model::TokenKind::Api)->size(); };
  c.get("/account/tokens");
  Response made = c.post("/account/tokens", {{"label", "diary poster"}});
  ASSERT_EQ(made.status, 303) << made.body;
  const std::string location(made.header("Location"));
  EXPECT_EQ(location.rfind("/account/tokens?made=", 0), 0u) << location;
  EXPECT_EQ(live(), 1u);

  Response shown = c.get(location);
  ASSERT_EQ(shown.status, 200);
  const std::string token = shown_token(shown.body);
  ASSERT_EQ(token.size(), 43u) << shown.body;
  EXPECT_TRUE(contains(shown.body, "Your new token: diary poster"));
  EXPECT_TRUE(contains(shown.body, "shown only this once"));
  EXPECT_EQ(store_->tokens_of(alice, model::TokenKind::Api)->front().token_hash, token_hash(token));
  EXPECT_FALSE(contains(location, token));
  EXPECT_EQ(std::string(shown.header("Cache-Control")), "private, no-store");

  // A reload: the same address again, no token made, the secret not shown,
  // and the member told why.
  Response reloaded = c.get(location);
  ASSERT_EQ(reloaded.status, 200);
  EXPECT_FALSE(contains(reloaded.body, token));
  EXPECT_EQ(shown_token(reloaded.body), "");
  EXPECT_TRUE(contains(reloaded.body, "It was shown once, when it was made, and is not shown again."))
      << reloaded.body;
  EXPECT_EQ(live(), 1u);
  EXPECT_FALSE(contains(c.get("/account/tokens").body, token));

  // The page shows a secret only as the token it names: another member's
  // new token left in the browser (a shared computer) is not shown.
  Response second = c.post("/account/tokens", {{"label", "second"}});
  ASSERT_EQ(second.status, 303);
  std::map<std::string, std::string> left = c.cookies();
  left.erase(kSession);
  const std::string second_location(second.header("Location"));
  const std::string second_id = second_location.substr(second_location.find('=') + 1);
  ASSERT_EQ(left.count("journeyer_new_token_" + second_id), 1u);
  Client bob(*site_);
  ASSERT_TRUE(bob.login("bob", "bob-pass-1234"));
  bob.get("/account/tokens");
  Response bobs = bob.post("/account/tokens", {{"label", "bob's script"}});
  ASSERT_EQ(bobs.status, 303);
  const std::string bobs_page(bobs.header("Location"));
  ASSERT_EQ(shown_token(bob.get(bobs_page).body).size(), 43u);
  for (const auto& [name, value] : left) bob.cookies()[name] = value;
  Response foreign = bob.get(bobs_page);
  EXPECT_EQ(shown_token(foreign.body), "");
  EXPECT_FALSE(contains(foreign.body, left["journeyer_new_token_" + second_id]));
  // Nor under the name of bob's own new token.
  bob.cookies()["journeyer_new_token_" + bobs_page.substr(bobs_page.find('=') + 1)] =
      left["journeyer_new_token_" + second_id];
  EXPECT_EQ(shown_token(bob.get(bobs_page).body), "");
}

// Two tokens made in two tabs at once, each tab following its redirect
// only after both were made: each page shows its own token.
TEST_F(AccountsTest, TokensMadeInTwoTabsAreEachShownOnTheirOwnPage) {
  const model::AccountId alice = add_member("alice", "alice-pass-123");
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  c.get("/account/tokens");
  Response first = c.post("/account/tokens", {{"label", "first tab"}});
  Response second = c.post("/account/tokens", {{"label", "second tab"}});
  ASSERT_EQ(first.status, 303);
  ASSERT_EQ(second.status, 303);
  Response first_page = c.get(std::string(first.header("Location")));
  Response second_page = c.get(std::string(second.header("Location")));
  const std::string first_token = shown_token(first_page.body), second_token = shown_token(second_page.body);
  ASSERT_EQ(first_token.size(), 43u) << first_page.body;
  ASSERT_EQ(second_token.size(), 43u) << second_page.body;
  EXPECT_TRUE(contains(first_page.body, "Your new token: first tab"));
  EXPECT_TRUE(contains(second_page.body, "Your new token: second tab"));
  auto tokens = store_->tokens_of(alice, model::TokenKind::Api);
  ASSERT_TRUE(tokens);
  ASSERT_EQ(tokens->size(), 2u);
  std::set<std::string> hashes{(*tokens)[0].token_hash, (*tokens)[1].token_hash};
  EXPECT_EQ(hashes, (std::set<std::string>{token_hash(first_token), token_hash(second_token)}));
  // And neither is shown again.
  EXPECT_EQ(shown_token(c.get(std::string(first.header("Location"))).body), "");
  EXPECT_EQ(shown_token(c.get(std::string(second.header("Location"))).body), "");

  // Pages never opened leave no more than a few cookies behind, however
  // many tokens are made: the session cookie is still read, and the newest
  // page still shows its token.
  Response last;
  for (int i = 0; i < 40; ++i) {
    last = c.post("/account/tokens", {{"label", "script " + std::to_string(i)}});
    ASSERT_EQ(last.status, 303) << i;
  }
  std::size_t pending = 0;
  for (const auto& [name, value] : c.cookies()) pending += name.rfind("journeyer_new_token_", 0) == 0;
  EXPECT_LE(pending, 3u);
  EXPECT_EQ(shown_token(c.get(std::string(last.header("Location"))).body).size(), 43u);

  // Cookies under that name that no token of the site could have (a number
  // past the largest, not a number) are passed over, and a token is made
  // and shown all the same.
  c.cookies()["journeyer_new_token_99999999999999999999"] = "x";
  c.cookies()["journeyer_new_token_1e9"] = "x";
  Response odd = c.post("/account/tokens", {{"label", "odd cookies"}});
  ASSERT_EQ(odd.status, 303) << odd.body;
  EXPECT_EQ(shown_token(c.get(std::string(odd.header("Location"))).body).size(), 43u);
  EXPECT_EQ(c.get("/account/tokens?made=99999999999999999999").status, 200);
}

TEST_F(AccountsTest, ARealNameCannotHideControlCharactersOrTurnTextAround) {
  add_member("alice", "alice-pass-123");
  Client alice(*site_);
  ASSERT_TRUE(alice.login("alice", "alice-pass-123"));
  for (const std::string name : {"Alice\x07", "Alice \xE2\x80\xAE" "ecilA"}) {
    alice.get("/account/profile");
    Response r = alice.post("/account/profile", {{"real_name", name},
                                                 {"email", "alice@example.org"},
                                                 {"homepage", ""},
                                                 {"notes", ""},
                                                 {"version", std::to_string(store_->account_by_name("alice")->version)}});
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(contains(r.body, "<p id=\"form-error\" class=\"error\" role=\"alert\">A real name cannot hold ")) << r.body.substr(r.body.find("<main"), 600);
    EXPECT_EQ(store_->account_by_name("alice")->profile.real_name, "");
  }
}

}  // namespace
}  // namespace journeyer::web::testing

namespace journeyer::web::testing {
namespace {

// A site without [mail] sends nothing: its reset page says so, instead of
// a form that promises a link that never comes.
TEST_F(AccountsTest, WithoutMailTheResetPageSaysNoLinkCanBeSent) {
  add_member("alice", "alice-pass-123");
  Site no_mail(*store_, make_config(), *trust_, [this] { return now_; });
  ASSERT_FALSE(no_mail.sends_mail());
  Client c(no_mail);
  Response form = c.get("/account/reset");
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "This site is not set up to send mail"));
  EXPECT_FALSE(contains(form.body, "Send me a link"));
  c.get("/account/login");  // a form token
  Response asked = c.post("/account/reset", {{"name", "alice"}});
  EXPECT_TRUE(contains(asked.body, "This site is not set up to send mail"));
  EXPECT_FALSE(contains(asked.body, "on its way"));
  // With a sender, the same site has the form.
  no_mail.set_mail_sender([](const std::string&, const std::string&, const std::string&) {});
  EXPECT_TRUE(contains(c.get("/account/reset").body, "Send me a link"));
}

TEST_F(AccountsTest, PasswordResetByEmailLinkWorksOnce) {
  add_member("alice", "alice-pass-123");
  std::vector<std::pair<std::string, std::string>> mails;  // to, body
  site_->set_mail_sender([&](const std::string& to, const std::string&, const std::string& body) {
    mails.emplace_back(to, body);
  });
  Client c(*site_);
  c.get("/account/reset");
  Response unknown = c.post("/account/reset", {{"name", "nobody"}});
  Response known = c.post("/account/reset", {{"name", "alice"}});
  EXPECT_EQ(unknown.status, 200);
  EXPECT_EQ(known.status, 200);
  EXPECT_EQ(unknown.body.substr(unknown.body.find("<main")), known.body.substr(known.body.find("<main")));
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].first, "alice@example.org");
  auto at = mails[0].second.find("/account/reset/");
  ASSERT_NE(at, std::string::npos);
  std::string path = mails[0].second.substr(at, mails[0].second.find('\n', at) - at);
  EXPECT_EQ(c.get(path).status, 200);
  // A weak or mistyped password marks its field as the password form does,
  // and leaves the link usable.
  Response weak = c.post(path, {{"password", "short"}, {"password2", "short"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(field_at_fault(weak.body), "password");
  Response differ = c.post(path, {{"password", "brand-new-pass-9"}, {"password2", "brand-new-pass-8"}});
  EXPECT_EQ(differ.status, 400);
  EXPECT_EQ(field_at_fault(differ.body), "password2");
  Response set = c.post(path, {{"password", "brand-new-pass-9"}, {"password2", "brand-new-pass-9"}});
  EXPECT_EQ(set.status, 303);
  EXPECT_EQ(set.header("Location"), "/account/login?reset=1");
  EXPECT_TRUE(contains(c.get("/account/login?reset=1").body, "Your new password is set"));
  EXPECT_EQ(c.get(path).status, 404);  // used
  EXPECT_EQ(c.get("/account/reset/" + random_token()).status, 404);
  Client again(*site_);
  EXPECT_FALSE(again.login("alice", "alice-pass-123"));
  EXPECT_TRUE(again.login("alice", "brand-new-pass-9"));
}

}  // namespace
}  // namespace journeyer::web::testing
