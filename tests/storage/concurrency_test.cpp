// Conformance: several threads writing at once through one Store. Runs on
// both backends.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include "storage/sql/connection.h"
#include "storage/store_fixture.h"

namespace journeyer::storage::testing {
namespace {

constexpr int kThreads = 4;

// Read-modify-write with the optimistic version: every increment lands even
// though the threads race; a stale writer is told Conflict and retries.
TEST_P(StoreTest, ConcurrentReadModifyWriteLosesNoUpdate) {
  AccountId id = make_account("counter");
  model::Profile p;
  p.notes = "0";
  auto a = store_->account(id);
  ASSERT_OK(a);
  ASSERT_OK(store_->update_profile(id, p, a->version));
  constexpr int kPerThread = 15;
  std::atomic<int> conflicts{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        for (;;) {
          auto cur = store_->account(id);
          if (!cur) {
            ++failures;
            return;
          }
          model::Profile next = cur->profile;
          next.notes = std::to_string(std::stoi(next.notes) + 1);
          Status st = store_->update_profile(id, next, cur->version);
          if (st) break;
          if (st.error().kind() != ErrorKind::Conflict) {
            ++failures;
            return;
          }
          ++conflicts;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto end = store_->account(id);
  ASSERT_OK(end);
  EXPECT_EQ(end->profile.notes, std::to_string(kThreads * kPerThread));
}

// A member's draft record edited from several requests at once (tabs
// previewing): each edit is given the record the one before it left, so
// every change lands.
TEST_P(StoreTest, ConcurrentDraftEditsLoseNothing) {
  AccountId id = make_account("writer");
  constexpr int kPerThread = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string mark = "[" + std::to_string(t) + "." + std::to_string(i) + "]";
        Status st = store_->edit_diary_draft(
            id,
            [&](const std::optional<std::string>& record) -> Result<std::optional<std::string>> {
              return std::optional<std::string>(record.value_or("") + mark);
            },
            i);
        if (!st) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto record = store_->diary_draft(id);
  ASSERT_OK(record);
  ASSERT_TRUE(record->has_value());
  std::size_t length = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      const std::string mark = "[" + std::to_string(t) + "." + std::to_string(i) + "]";
      EXPECT_NE((*record)->find(mark), std::string::npos) << mark << " lost";
      length += mark.size();
    }
  }
  EXPECT_EQ((*record)->size(), length) << "each change once";
}

// Many writers creating accounts and certificates: every acknowledged write
// is there afterwards.
TEST_P(StoreTest, ConcurrentWritersAllLand) {
  AccountId hub = make_account("hub");
  constexpr int kPerThread = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        NewAccount a;
        a.name = "w" + std::to_string(t) + "_" + std::to_string(i);
        auto id = store_->create_account(a);
        if (!id) {
          ++failures;
          continue;
        }
        if (!store_->certify({hub, *id, model::CertLevel{2}, i})) ++failures;
        if (!store_->certify({*id, hub, model::CertLevel{1}, i})) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto n = store_->count_accounts();
  ASSERT_OK(n);
  EXPECT_EQ(*n, 1 + kThreads * kPerThread);
  auto from = store_->certificates_from(hub);
  ASSERT_OK(from);
  EXPECT_EQ(from->size(), static_cast<std::size_t>(kThreads * kPerThread));
  auto to = store_->certificates_to(hub);
  ASSERT_OK(to);
  EXPECT_EQ(to->size(), static_cast<std::size_t>(kThreads * kPerThread));
}

// One member posting from several clients at once (XML-RPC diary.set, the
// JSON API's new entry): each added entry is told its own number, never one
// another post was told.
TEST_P(StoreTest, SimultaneousDiaryPostsEachGetTheirOwnIndex) {
  AccountId author = make_account("poster");
  constexpr int kPerThread = 6;
  constexpr std::size_t kAll = kThreads * kPerThread;
  std::vector<std::vector<DiaryAppended>> added(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // All in one second, so their order in the diary falls to the ids.
        auto r = store_->append_diary_entry({author, "", "<p>entry</p>", model::TextFormat::Html, 100});
        if (r)
          added[t].push_back(*r);
        else
          ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto entries = store_->diary_entries(author, {0, kAll});  // newest first
  ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), kAll);
  std::vector<bool> told(kAll, false);
  for (const auto& list : added) {
    for (const auto& a : list) {
      ASSERT_GE(a.number, 0);
      ASSERT_LT(a.number, static_cast<std::int64_t>(kAll));
      auto at = static_cast<std::size_t>(a.number);
      EXPECT_FALSE(told[at]) << "number " << a.number << " was reported twice";
      told[at] = true;
      EXPECT_EQ((*entries)[kAll - 1 - at].id, a.id) << "the entry told number " << a.number << " is not there";
      auto numbered = store_->diary_entry_numbered(author, a.number);
      ASSERT_OK(numbered);
      EXPECT_EQ(numbered->id, a.id);
    }
  }
}

// Two writers racing for one name: exactly one wins, the other gets Conflict.
TEST_P(StoreTest, RacingForOneNameOneWins) {
  constexpr int kRounds = 10;
  for (int round = 0; round < kRounds; ++round) {
    std::atomic<int> won{0}, conflict{0}, other{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        NewAccount a;
        a.name = (t % 2 ? "Race" : "race") + std::to_string(round);
        auto id = store_->create_account(a);
        if (id)
          ++won;
        else if (id.error().kind() == ErrorKind::Conflict)
          ++conflict;
        else
          ++other;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(won.load(), 1);
    EXPECT_EQ(conflict.load(), kThreads - 1);
    EXPECT_EQ(other.load(), 0);
  }
}

// Two processes running the blog aggregator on one database (two stores
// here, each with its own connections): no feed is claimed by both.
TEST_P(StoreTest, TwoStoresClaimingDueFeedsNeverShareOne) {
  constexpr int kFeeds = 60;
  for (int i = 0; i < kFeeds; ++i)
    ASSERT_OK(store_->set_feed_url(make_account("blogger" + std::to_string(i)),
                                   "https://b" + std::to_string(i) + ".example/feed"));
  auto other = open_store(url_);
  ASSERT_OK(other);
  std::vector<std::int64_t> got[2];
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  Store* stores[2] = {store_.get(), other->get()};
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (;;) {
        auto batch = stores[t]->claim_due_feeds(100, 3, 2000);
        if (!batch) {
          ++failures;
          return;
        }
        if (batch->empty()) return;
        for (const auto& f : *batch) got[t].push_back(f.id.value);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::vector<std::int64_t> all = got[0];
  all.insert(all.end(), got[1].begin(), got[1].end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kFeeds)) << got[0].size() << " + " << got[1].size();
  EXPECT_TRUE(std::adjacent_find(all.begin(), all.end()) == all.end()) << "a feed claimed twice";
}

// While another process is claiming the soonest feeds (its transaction
// holds their rows), a claim takes the next ones instead of waiting for that
// process and then coming away with nothing.
TEST_P(StoreTest, AClaimPassesOverFeedsAnotherProcessIsClaiming) {
  if (GetParam() == "sqlite") GTEST_SKIP() << "SQLite runs one writer at a time";
  for (int i = 0; i < 6; ++i)
    ASSERT_OK(store_->set_feed_url(make_account("blogger" + std::to_string(i)),
                                   "https://b" + std::to_string(i) + ".example/feed"));
  auto held = raw_connection(url_);
  ASSERT_OK(held);
  sql::Connection& other = **held;
  ASSERT_OK(other.begin(sql::TxMode::Write));
  std::vector<std::int64_t> locked;
  auto r = other.run("SELECT id FROM feeds ORDER BY next_fetch, id LIMIT 2 FOR UPDATE", {},
                     [&](const sql::Row& row) -> Status {
                       locked.push_back(row.integer(0));
                       return Ok{};
                     });
  ASSERT_OK(r);
  ASSERT_EQ(locked.size(), 2u);
  auto claim = std::async(std::launch::async, [&] { return store_->claim_due_feeds(100, 3, 2000); });
  // (A claim that waited for the rows would wait for good: the other
  // transaction is ended after a while, so that such a claim comes back and
  // the assertions below say what it got.)
  const bool answered = claim.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  const Status rolled_back = other.rollback();
  held->reset();  // closing the connection ends its transaction in any case
  auto got = claim.get();
  ASSERT_OK(rolled_back);
  EXPECT_TRUE(answered) << "the claim waited for the other process";
  ASSERT_OK(got);
  ASSERT_EQ(got->size(), 3u);
  for (const auto& f : *got)
    EXPECT_TRUE(std::find(locked.begin(), locked.end(), f.id.value) == locked.end()) << "claimed feed " << f.id.value;
  // The two held feeds are still due for the next claim.
  auto rest = store_->claim_due_feeds(100, 10, 2000);
  ASSERT_OK(rest);
  EXPECT_EQ(rest->size(), 3u);
}

// A writer kept out by another past its wait is told Busy: not Conflict,
// which would read as "the name is taken" or "changed elsewhere", nor a
// request left waiting for as long as the other transaction lasts; nothing
// half-done is left, and the same call afterwards goes through. SQLite's
// other writer holds the database's write lock; PostgreSQL's a lock on the
// accounts table that keeps every writer of it out (readers still read).
class BusyTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BusyTest, AWriterKeptOutIsBusyNotAConflict) {
  TempDir dir;
  auto url = fresh_url(GetParam(), dir);
  ASSERT_OK(url);
  OpenOptions options;
  options.busy_timeout_ms = 100;
  auto store = open_store(*url, options);
  ASSERT_OK(store);
  NewAccount alice;
  alice.name = "alice";
  auto id = (*store)->create_account(alice);
  ASSERT_OK(id);
  auto version = (*store)->account(*id);
  ASSERT_OK(version);

  auto holder = raw_connection(*url);
  ASSERT_OK(holder);
  sql::Connection& other = **holder;
  if (GetParam() == "sqlite") {
    ASSERT_OK(other.exec_script("BEGIN IMMEDIATE"));
  } else {
    ASSERT_OK(other.begin(sql::TxMode::Write));
    ASSERT_OK(other.exec_script("LOCK TABLE accounts IN EXCLUSIVE MODE"));
  }
  NewAccount bob;
  bob.name = "bob";
  // (Were the wait unbounded, these would wait for good: the other
  // transaction is ended after a while, so that the assertions say so.)
  auto kept_out = std::async(std::launch::async, [&] {
    auto created = (*store)->create_account(bob);
    model::Profile p;
    p.notes = "new notes";
    return std::make_pair(created.has_value() ? std::optional<Error>() : created.error(),
                          (*store)->update_profile(*id, p, version->version));
  });
  const bool answered = kept_out.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  EXPECT_EQ((*store)->account(*id)->profile.notes, "") << "a reader is not kept out";
  if (GetParam() == "sqlite") ASSERT_OK(other.exec_script("ROLLBACK"));
  else ASSERT_OK(other.rollback());
  const auto [created, updated] = kept_out.get();
  EXPECT_TRUE(answered) << "the writers waited for as long as the lock was held";
  ASSERT_TRUE(created.has_value()) << "creating bob went through while the lock was held";
  EXPECT_EQ(created->kind(), ErrorKind::Busy) << created->message();
  ASSERT_FALSE(updated.has_value()) << "the profile was updated while the lock was held";
  EXPECT_EQ(updated.error().kind(), ErrorKind::Busy) << updated.error().message();

  EXPECT_ERROR((*store)->account_by_name("bob"), NotFound);
  model::Profile p;
  p.notes = "new notes";
  ASSERT_OK((*store)->create_account(bob));
  ASSERT_OK((*store)->update_profile(*id, p, version->version));
  EXPECT_EQ((*store)->account(*id)->profile.notes, "new notes");
}

INSTANTIATE_TEST_SUITE_P(Backends, BusyTest, ::testing::ValuesIn(backends()), backend_name);

}  // namespace
}  // namespace journeyer::storage::testing
