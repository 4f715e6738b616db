// Conformance: the level history behind the chart on /trust/, on both backends.
#include <gtest/gtest.h>

#include "storage/store_fixture.h"

namespace journeyer::storage::testing {
namespace {

TEST_P(StoreTest, LevelHistoryKeepsEachComputationNewestLast) {
  auto empty = store_->level_history(10);
  ASSERT_OK(empty);
  EXPECT_TRUE(empty->empty());
  for (std::int64_t g = 1; g <= 5; ++g)
    ASSERT_OK(store_->record_level_counts({g, 1000 + g, {100 - g, g, 2 * g, 3}}));
  auto latest = store_->level_history(3);
  ASSERT_OK(latest);
  ASSERT_EQ(latest->size(), 3u);
  EXPECT_EQ((*latest)[0].generation, 3);
  EXPECT_EQ((*latest)[2].generation, 5);
  EXPECT_EQ((*latest)[2].computed_at, 1005);
  EXPECT_EQ((*latest)[2].members, (std::vector<std::int64_t>{95, 5, 10, 3}));
  // Recording a generation again replaces it.
  ASSERT_OK(store_->record_level_counts({5, 2000, {1, 1, 1, 1}}));
  auto again = store_->level_history(1);
  ASSERT_OK(again);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].computed_at, 2000);
  EXPECT_EQ((*again)[0].members, (std::vector<std::int64_t>{1, 1, 1, 1}));
}

}  // namespace
}  // namespace journeyer::storage::testing
