// A diary entry's number (its address in the diary APIs) is given once and
// kept: deleting, editing and syndicating older posts move no other entry's
// number, a deleted number or id is never given again, a database from
// before the numbers were kept gets the numbers its entries had, and a dump
// keeps them. Runs on both backends.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "storage/dump.h"
#include "storage/sql/schema.h"
#include "storage/store_fixture.h"

namespace journeyer::storage::testing {
namespace {

NewDiaryEntry entry_of(AccountId author, const std::string& title, UnixTime when) {
  return {author, title, "<p>" + title + "</p>", model::TextFormat::Html, when};
}

// Each entry's id by its number, as the store finds them now.
std::map<std::int64_t, DiaryEntryId> ids_by_number(Store& store, AccountId author) {
  std::map<std::int64_t, DiaryEntryId> out;
  auto entries = store.diary_entries(author, {0, 1000});
  EXPECT_TRUE(entries) << entries.error().message();
  if (!entries) return out;
  for (const auto& e : *entries) {
    auto again = store.diary_entry_numbered(author, e.number);
    EXPECT_TRUE(again) << "number " << e.number;
    if (again) {
      EXPECT_EQ(again->id, e.id) << "number " << e.number;
    }
    out[e.number] = e.id;
  }
  return out;
}

TEST_P(StoreTest, DeletingAnEntryMovesNoOtherAndItsNumberIsNeverGivenAgain) {
  AccountId alice = make_account("alice"), bob = make_account("bob");
  std::vector<DiaryAppended> added;
  for (int i = 0; i < 4; ++i) {
    auto a = store_->append_diary_entry(entry_of(alice, "e" + std::to_string(i), 100 + i));
    ASSERT_OK(a);
    EXPECT_EQ(a->number, i);
    added.push_back(*a);
  }
  // Another member's diary counts from 0 on its own.
  auto bobs = store_->append_diary_entry(entry_of(bob, "b0", 150));
  ASSERT_OK(bobs);
  EXPECT_EQ(bobs->number, 0);

  ASSERT_OK(store_->delete_diary_entry(added[1].id));
  auto after = ids_by_number(*store_, alice);
  EXPECT_EQ(after, (std::map<std::int64_t, DiaryEntryId>{{0, added[0].id}, {2, added[2].id}, {3, added[3].id}}));
  EXPECT_ERROR(store_->diary_entry_numbered(alice, 1), NotFound);
  auto gone = store_->diary_deletion(alice, 1);
  ASSERT_OK(gone);
  ASSERT_TRUE(gone->has_value());
  EXPECT_EQ((*gone)->id, added[1].id);
  EXPECT_EQ((*gone)->created, 101);
  auto by_id = store_->diary_deletion(added[1].id);
  ASSERT_OK(by_id);
  ASSERT_TRUE(by_id->has_value());
  EXPECT_EQ((*by_id)->number, 1);
  EXPECT_EQ((*by_id)->author, alice);
  auto never = store_->diary_deletion(alice, 0);
  ASSERT_OK(never);
  EXPECT_FALSE(never->has_value()) << "entry 0 is there, not deleted";

  // The newest entry deleted, the next post takes neither its number nor
  // its id (the id is the entry's web address).
  ASSERT_OK(store_->delete_diary_entry(added[3].id));
  auto length = store_->diary_length(alice);
  ASSERT_OK(length);
  EXPECT_EQ(*length, 4) << "numbers 0 to 3 were given";
  auto next = store_->append_diary_entry(entry_of(alice, "e4", 200));
  ASSERT_OK(next);
  EXPECT_EQ(next->number, 4);
  EXPECT_NE(next->id, added[3].id);
  EXPECT_ERROR(store_->diary_entry(added[3].id), NotFound);
  EXPECT_EQ(store_->diary_entry(next->id)->title, "e4");
  // The same when the newest entry of the whole site goes.
  ASSERT_OK(store_->delete_diary_entry(next->id));
  auto again = store_->add_diary_entry(entry_of(alice, "e5", 300));
  ASSERT_OK(again);
  EXPECT_GT(again->value, next->id.value);
  EXPECT_EQ(store_->diary_entry(*again)->number, 5);

  // An edit keeps the number.
  ASSERT_OK(store_->edit_diary_entry(added[2].id, {"edited", "<p>new</p>", model::TextFormat::Html, 400}));
  EXPECT_EQ(store_->diary_entry(added[2].id)->number, 2);
  EXPECT_EQ(ids_by_number(*store_, alice),
            (std::map<std::int64_t, DiaryEntryId>{{0, added[0].id}, {2, added[2].id}, {5, *again}}));
  auto count = store_->count_diary_entries(alice);
  ASSERT_OK(count);
  EXPECT_EQ(*count, 3);
  // The JSON API's pages: highest number first, below a cursor.
  auto below = store_->diary_entries_below(alice, 5, 10);
  ASSERT_OK(below);
  ASSERT_EQ(below->size(), 2u);
  EXPECT_EQ((*below)[0].number, 2);
  EXPECT_EQ((*below)[1].number, 0);
}

TEST_P(StoreTest, AnOlderSyndicatedPostMovesNoEntryAlreadyThere) {
  AccountId a = make_account("alice");
  auto first = store_->append_diary_entry(entry_of(a, "first", 1000));
  auto second = store_->append_diary_entry(entry_of(a, "second", 2000));
  ASSERT_OK(first);
  ASSERT_OK(second);
  SyndicatedPost old{a, {"guid-old", "https://blog/old", "Blog", "https://blog/"}, "Old", "<p>old</p>", 10, 10};
  auto synd = store_->upsert_syndicated_entry(old);
  ASSERT_OK(synd);
  EXPECT_EQ(store_->diary_entry(synd->id)->number, 2) << "the next number, whatever the post's date";
  EXPECT_EQ(ids_by_number(*store_, a),
            (std::map<std::int64_t, DiaryEntryId>{{0, first->id}, {1, second->id}, {2, synd->id}}));
  // The post changed on the blog keeps its number too.
  old.body = "<p>old, edited</p>";
  old.updated = 3000;
  auto updated = store_->upsert_syndicated_entry(old);
  ASSERT_OK(updated);
  EXPECT_EQ(updated->outcome, UpsertOutcome::Updated);
  EXPECT_EQ(store_->diary_entry(synd->id)->number, 2);
  EXPECT_EQ(store_->diary_entry_numbered(a, 0)->id, first->id);
}

// A database made by a journeyer from before the numbers were kept (schema
// version 4): its entries get the numbers the diary APIs gave them then,
// their place in the author's diary by date, then id.
TEST_P(StoreTest, MigratingKeepsEveryEntrysNumber) {
  store_.reset();
  auto old_url = fresh_url(GetParam(), dir_, "old");
  ASSERT_OK(old_url);
  std::map<std::int64_t, std::int64_t> old_index;  // by id
  {
    auto c = raw_connection(*old_url);
    ASSERT_OK(c);
    sql::Connection& conn = **c;
    ASSERT_OK(build_schema_up_to(conn, 4));
    ASSERT_OK(conn.exec_script(
        "INSERT INTO accounts (name, name_key, member_since) VALUES ('alice', 'alice', 1), ('bob', 'bob', 1)"));
    // In id order: a post, an older one syndicated later, bob's, two on one
    // date (id decides), then a syndicated one older than all.
    ASSERT_OK(conn.exec_script(
        "INSERT INTO diary_entries (author, body, created, updated) VALUES "
        "(1, 'c', 300, 300), (1, 'a', 100, 100), (2, 'b0', 200, 200), (1, 'b', 200, 200), (1, 'b2', 200, 200);"
        "INSERT INTO diary_entries (author, body, created, updated, guid) VALUES (1, 'oldest', 50, 50, 'g')"));
    // The index each entry had, as the APIs counted it.
    ASSERT_OK(conn.run("SELECT d.id, (SELECT COUNT(*) FROM diary_entries o WHERE o.author = d.author AND "
                       "(o.created < d.created OR (o.created = d.created AND o.id < d.id))) FROM diary_entries d",
                       {}, [&](const sql::Row& row) -> Status {
                         old_index[row.integer(0)] = row.integer(1);
                         return Ok{};
                       }));
  }
  ASSERT_EQ(old_index.size(), 6u);
  auto migrated = open_store(*old_url);
  ASSERT_OK(migrated);
  Store& s = **migrated;
  EXPECT_EQ(s.schema_status()->version, sql::latest_version());
  for (const auto& [id, index] : old_index) {
    auto e = s.diary_entry(DiaryEntryId{id});
    ASSERT_OK(e);
    EXPECT_EQ(e->number, index) << "entry " << id << " (" << e->body << ")";
    auto same = s.diary_entry_numbered(e->author, index);
    ASSERT_OK(same);
    EXPECT_EQ(same->id.value, id);
  }
  auto alice = s.account_by_name("alice");
  ASSERT_OK(alice);
  auto next = s.append_diary_entry(entry_of(alice->id, "after", 400));
  ASSERT_OK(next);
  EXPECT_EQ(next->number, 5);
  EXPECT_EQ(next->id.value, 7);
}

TEST(DiaryNumbers, ADumpKeepsNumbersAndDeletedOnesOnBothBackends) {
  TempDir dir;
  auto a_url = fresh_url("sqlite", dir, "a");
  ASSERT_OK(a_url);
  auto a = open_store(*a_url);
  ASSERT_OK(a);
  NewAccount carol;
  carol.name = "carol";
  auto c = (*a)->create_account(carol);
  ASSERT_OK(c);
  ASSERT_OK((*a)->add_diary_entry(entry_of(*c, "zero", 300)));
  ASSERT_OK((*a)->add_diary_entry(entry_of(*c, "one", 100)));
  auto gone = (*a)->add_diary_entry(entry_of(*c, "two", 200));
  ASSERT_OK(gone);
  ASSERT_OK((*a)->delete_diary_entry(*gone));
  std::ostringstream out;
  ASSERT_OK(write_dump(**a, out, Secrets::Omit));
  // The same dump as a journeyer before schema version 5 wrote it: no
  // numbers, no deletions (and dump format 1: no end line).
  std::string older;
  {
    std::istringstream lines(format_1(out.str()));
    std::string line;
    while (std::getline(lines, line)) {
      if (line.find("\"table\":\"diary_deletions\"") != std::string::npos) continue;
      auto at = line.find(",\"number\":");
      if (at != std::string::npos) line.erase(at, line.find('}', at) - at);
      older += line + "\n";
    }
  }
  for (const std::string backend : {"postgresql", "sqlite"}) {
    auto url = fresh_url(backend, dir, "from_" + backend);
    ASSERT_OK(url);
    auto s = open_store(*url);
    ASSERT_OK(s);
    std::istringstream in(out.str());
    ASSERT_OK(read_dump(**s, in));
    auto carol_there = (*s)->account_by_name("carol");
    ASSERT_OK(carol_there);
    EXPECT_EQ((*s)->diary_entry_numbered(carol_there->id, 1)->title, "one") << backend;
    auto deleted = (*s)->diary_deletion(*gone);
    ASSERT_OK(deleted);
    EXPECT_TRUE(deleted->has_value()) << backend;
    auto next = (*s)->append_diary_entry(entry_of(carol_there->id, "three", 400));
    ASSERT_OK(next);
    EXPECT_EQ(next->number, 3) << backend;
    EXPECT_GT(next->id.value, gone->value) << backend << ": the deleted entry's id is not given again";

    auto old_url = fresh_url(backend, dir, "old_" + backend);
    ASSERT_OK(old_url);
    auto o = open_store(*old_url);
    ASSERT_OK(o);
    std::istringstream old_in(older);
    ASSERT_OK(read_dump(**o, old_in));
    auto carol_old = (*o)->account_by_name("carol");
    ASSERT_OK(carol_old);
    // Numbered by date as the APIs counted them then: "one" (100), "zero" (300).
    EXPECT_EQ((*o)->diary_entry_numbered(carol_old->id, 0)->title, "one") << backend;
    EXPECT_EQ((*o)->diary_entry_numbered(carol_old->id, 1)->title, "zero") << backend;
  }
}

}  // namespace
}  // namespace journeyer::storage::testing
