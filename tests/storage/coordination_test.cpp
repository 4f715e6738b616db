// Conformance: several processes on one database. Two stores opened on the
// same URL stand for two `journeyer serve` processes: on PostgreSQL only one
// holds the trust lock at a time and each hears what the other announces; a
// SQLite store serves one process and keeps the single-process answers.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "storage/store_fixture.h"

namespace journeyer::storage::testing {
namespace {

// A bound for the test, not a measurement: a notification arrives well within it.
constexpr std::chrono::milliseconds kNoticeWait{10'000};

// Waits until `store` hears something; the first call also starts listening.
Result<StoreNotices> next_notices(Store& store) {
  for (auto start = std::chrono::steady_clock::now(); std::chrono::steady_clock::now() - start < kNoticeWait;) {
    auto n = store.wait_notices(std::chrono::milliseconds(200));
    if (!n || n->levels_published || n->recompute_wanted) return n;
  }
  return StoreNotices{};
}

TEST_P(StoreTest, OneStoreAtATimeHoldsTheTrustLock) {
  auto other = open_store(url_);
  ASSERT_OK(other);
  auto first = store_->try_trust_lock();
  ASSERT_OK(first);
  EXPECT_TRUE(*first);
  auto again = store_->try_trust_lock();
  ASSERT_OK(again);
  EXPECT_TRUE(*again) << "the holder keeps the lock";
  auto second = (*other)->try_trust_lock();
  ASSERT_OK(second);
  if (GetParam() == "sqlite") {
    EXPECT_FALSE(store_->shared_by_processes());
    EXPECT_TRUE(*second) << "one process per SQLite database: every store computes";
    return;
  }
  EXPECT_TRUE(store_->shared_by_processes());
  EXPECT_FALSE(*second) << "another process holds the lock";
  // The holder goes away (a process exits): the lock is free for the other
  // once the server has noticed the closed session.
  store_.reset();
  Result<bool> taken = false;
  for (auto start = std::chrono::steady_clock::now();
       std::chrono::steady_clock::now() - start < kNoticeWait && taken && !*taken;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    taken = (*other)->try_trust_lock();
  }
  ASSERT_OK(taken);
  EXPECT_TRUE(*taken);
}

TEST_P(StoreTest, OtherProcessesHearOfNewLevelsAndRecomputeRequests) {
  auto other = open_store(url_);
  ASSERT_OK(other);
  if (GetParam() == "sqlite") {
    ASSERT_OK(store_->notify_levels(1));
    auto n = (*other)->wait_notices(std::chrono::milliseconds(0));
    ASSERT_OK(n);
    EXPECT_FALSE(n->levels_published || n->recompute_wanted);
    return;
  }
  // Listening starts with the first wait.
  ASSERT_OK((*other)->wait_notices(std::chrono::milliseconds(0)));
  ASSERT_OK(store_->notify_levels(7));
  auto n = next_notices(**other);
  ASSERT_OK(n);
  EXPECT_TRUE(n->levels_published);
  EXPECT_FALSE(n->recompute_wanted);

  ASSERT_OK(store_->notify_recompute());
  n = next_notices(**other);
  ASSERT_OK(n);
  EXPECT_TRUE(n->recompute_wanted);
  EXPECT_FALSE(n->levels_published);

  // A notification sent inside a transaction goes out when it commits.
  ASSERT_OK(store_->transaction([](Store& tx) { return tx.notify_levels(8); }));
  n = next_notices(**other);
  ASSERT_OK(n);
  EXPECT_TRUE(n->levels_published);
}

}  // namespace
}  // namespace journeyer::storage::testing
