// Export and import: the round trip SQLite -> PostgreSQL -> SQLite loses
// nothing, and secrets stay out unless asked for.
#include "storage/dump.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "storage/store_fixture.h"

namespace journeyer::storage::testing {
namespace {

using model::CertLevel;

// A little of everything the store keeps.
void populate(Store& s) {
  GraphImport g;
  g.names = {"raph", "Alice", "alice", "bob"};
  g.certificates = {{0, 1, CertLevel{3}}, {1, 3, CertLevel{2}}};
  g.when = 50;
  ASSERT_OK(s.import_graph(g));
  auto alice = s.account_by_name("alice");
  ASSERT_OK(alice);
  auto bob = s.account_by_name("bob");
  ASSERT_OK(bob);
  NewAccount carol;
  carol.name = "Carol";
  carol.profile = {"c@example.org", "Carol C", "https://carol.example/",
                   "notes with \"quotes\" and ünicode\n", true};
  carol.password_hash = "$argon2id$v=19$secret";
  carol.member_since = 60;
  auto c = s.create_account(carol);
  ASSERT_OK(c);
  ASSERT_OK(s.record_login(*c, 70));
  ASSERT_OK(s.certify({*c, alice->id, CertLevel{1}, 80}));
  ASSERT_OK(s.certify({*c, alice->id, CertLevel{2}, 81}));
  ASSERT_OK(s.certify({*c, bob->id, CertLevel{2}, 82}));
  ASSERT_OK(s.certify({*c, bob->id, model::kNoCertificate, 83}));
  ASSERT_OK(s.create_session({"session-hash", *c, "csrf", 90, 9000}));
  ASSERT_OK(s.create_token({{}, model::TokenKind::Api, "token-hash", *c, "cli", 91, 0, false}));
  ASSERT_OK(s.publish_levels({0, 95, 1234, 5, 2}, {{alice->id, CertLevel{3}}, {*c, CertLevel{1}}}));
  auto d = s.add_diary_entry({*c, "Hello", "<p>first</p>", model::TextFormat::Html, 100});
  ASSERT_OK(d);
  ASSERT_OK(s.upsert_syndicated_entry(
      {*c,
       {"guid", "https://carol.example/1", "Carol's blog", "https://carol.example/"},
       "Synd",
       "<p>s</p>",
       110,
       111}));
  ASSERT_OK(s.save_diary_draft(*c, "draft", 120));
  ASSERT_OK(s.append_audit({130, *c, "account.create", "person/Carol", ""}));
  ASSERT_OK(s.append_audit({131, {}, "import", "graph", "4 names"}));
  auto art = s.create_article({*c, "Title", "Lead", "", "news", model::TextFormat::Markdown, 140, "k1"});
  ASSERT_OK(art);
  auto r1 = s.add_reply({*art, {}, alice->id, "Re", "yes", model::TextFormat::Html, 141, ""});
  ASSERT_OK(r1);
  ASSERT_OK(s.add_reply({*art, *r1, *c, "Re: Re", "no", model::TextFormat::Html, 142, ""}));
  ASSERT_OK(s.mark_replies_seen(alice->id, *art, *r1));
  auto p = s.create_project({"Journeyer", "https://j.example", "GPL", "a server", "", *c, 150});
  ASSERT_OK(p);
  ASSERT_OK(s.set_project_relation(*c, *p, model::ProjectRelation::LeadDeveloper));
  ASSERT_OK(s.set_feed_url(*c, "https://carol.example/feed"));
  ASSERT_OK(s.flag_spam(*c, bob->id, 160));
}

std::string dump(Store& s, Secrets secrets) {
  std::ostringstream out;
  auto r = write_dump(s, out, secrets);
  EXPECT_TRUE(r) << r.error().message();
  return out.str();
}

TEST(Dump, RoundTripSqlitePostgresSqliteLosesNothing) {
  TempDir dir;
  auto a_url = fresh_url("sqlite", dir, "a");
  ASSERT_OK(a_url);
  auto a = open_store(*a_url);
  ASSERT_OK(a);
  populate(**a);
  if (HasFatalFailure()) return;
  std::string first = dump(**a, Secrets::Include);

  auto b_url = fresh_url("postgresql", dir, "b");
  ASSERT_OK(b_url);
  auto b = open_store(*b_url);
  ASSERT_OK(b);
  std::istringstream in1(first);
  auto n = read_dump(**b, in1);
  ASSERT_OK(n);
  EXPECT_GT(n->rows, 30u);
  std::string second = dump(**b, Secrets::Include);
  EXPECT_EQ(second, first);

  auto c_url = fresh_url("sqlite", dir, "c");
  ASSERT_OK(c_url);
  auto c = open_store(*c_url);
  ASSERT_OK(c);
  std::istringstream in2(second);
  ASSERT_OK(read_dump(**c, in2));
  std::string third = dump(**c, Secrets::Include);
  EXPECT_EQ(third, first);

  // The imported databases go on: new rows get fresh ids after the imported ones.
  for (Store* s : {b->get(), c->get()}) {
    NewAccount x;
    x.name = "newcomer";
    auto id = s->create_account(x);
    ASSERT_OK(id);
    auto carol = s->account_by_name("carol");
    ASSERT_OK(carol);
    EXPECT_GT(id->value, carol->id.value);
    EXPECT_EQ(carol->password_hash, "$argon2id$v=19$secret");
    auto session = s->session("session-hash", 100);
    EXPECT_TRUE(session.has_value());
    ASSERT_OK(s->add_diary_entry({*id, "", "x", model::TextFormat::Html, 1}));
  }
}

TEST(Dump, LeavesSecretsOutUnlessAsked) {
  TempDir dir;
  auto url = fresh_url("sqlite", dir);
  ASSERT_OK(url);
  auto s = open_store(*url);
  ASSERT_OK(s);
  populate(**s);
  if (HasFatalFailure()) return;
  std::string plain = dump(**s, Secrets::Omit);
  EXPECT_EQ(plain.find("argon2id"), std::string::npos);
  EXPECT_EQ(plain.find("session-hash"), std::string::npos);
  EXPECT_EQ(plain.find("token-hash"), std::string::npos);
  EXPECT_NE(plain.find("Carol's blog"), std::string::npos);
  std::string full = dump(**s, Secrets::Include);
  EXPECT_NE(full.find("argon2id"), std::string::npos);
  EXPECT_NE(full.find("session-hash"), std::string::npos);
}

TEST(Dump, RefusesANonEmptyDatabaseAndBadLines) {
  TempDir dir;
  auto url = fresh_url("sqlite", dir);
  ASSERT_OK(url);
  auto s = open_store(*url);
  ASSERT_OK(s);
  populate(**s);
  if (HasFatalFailure()) return;
  std::string text = dump(**s, Secrets::Include);
  std::istringstream again(text);
  EXPECT_ERROR(read_dump(**s, again), Conflict);

  auto url2 = fresh_url("sqlite", dir, "empty");
  ASSERT_OK(url2);
  auto empty = open_store(*url2);
  ASSERT_OK(empty);
  std::istringstream not_a_dump("hello\n");
  EXPECT_ERROR(read_dump(**empty, not_a_dump), InvalidInput);
  // A bad line in the middle leaves the database as it was.
  std::string broken = text.substr(0, text.find('\n', text.find("cert_history"))) + "\n{\"table\": 5}\n";
  std::istringstream in(broken);
  EXPECT_ERROR(read_dump(**empty, in), InvalidInput);
  auto n = (*empty)->count_accounts();
  ASSERT_OK(n);
  EXPECT_EQ(*n, 0);
  std::istringstream unknown(
      "{\"journeyer_dump\":1,\"schema_version\":2}\n{\"table\":\"nope\",\"row\":{}}\n");
  EXPECT_ERROR(read_dump(**empty, unknown), InvalidInput);
  // A dump cut short at a line's end (a full disk, a copy stopped) is told
  // from a whole one by its end line, and nothing of it is imported; so is
  // one whose end line counts other rows, or with more after its end.
  ASSERT_EQ(text.substr(text.rfind('\n', text.size() - 2) + 1), "{\"journeyer_dump_end\":{\"rows\":" +
                                                                     std::to_string(std::count(text.begin(), text.end(), '\n') - 2) +
                                                                     "}}\n");
  const std::string cut = text.substr(0, text.find('\n', text.find("diary_entries")) + 1);
  std::istringstream short_dump(cut);
  auto r = read_dump(**empty, short_dump);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("without its end line: it was cut short; nothing was imported"), std::string::npos)
      << r.error().message();
  const std::string no_end = text.substr(0, text.rfind('\n', text.size() - 2) + 1);
  std::istringstream one_short(no_end.substr(0, no_end.rfind('\n', no_end.size() - 2) + 1) +
                               text.substr(no_end.size()));
  r = read_dump(**empty, one_short);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("the dump is damaged"), std::string::npos) << r.error().message();
  std::istringstream more(text + "{\"table\":\"accounts\",\"row\":{}}\n");
  EXPECT_ERROR(read_dump(**empty, more), InvalidInput);
  auto none = (*empty)->count_accounts();
  ASSERT_OK(none);
  EXPECT_EQ(*none, 0);
  // A dump of format 1, from before, has no end line and is still read.
  std::istringstream old_in(format_1(text));
  auto read = read_dump(**empty, old_in);
  ASSERT_OK(read);
  EXPECT_EQ(read->rows, static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n') - 2));
  // A header whose schema version is not a number is refused, not a crash
  // (found by fuzz_dump).
  for (const char* header : {"{\"journeyer_dump\":1,\"schema_version\":\"2\"}\n",
                             "{\"journeyer_dump\":1,\"schema_version\":2.5}\n",
                             "{\"journeyer_dump\":1,\"schema_version\":18446744073709551615}\n"}) {
    std::istringstream odd(header);
    auto r = read_dump(**empty, odd);
    ASSERT_FALSE(r.has_value()) << header;
    EXPECT_NE(r.error().message().find("schema_version"), std::string::npos) << r.error().message();
  }
}

}  // namespace
}  // namespace journeyer::storage::testing
