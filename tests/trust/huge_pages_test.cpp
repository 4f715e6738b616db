// The big arrays' blocks: kept for the next array that fits instead of
// going back to the kernel, within bounds.
#include "trust/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "trust/generate.h"
#include "trust/metric.h"

namespace journeyer::trust {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

TEST(BigBlocks, AnArrayGivenBackIsKeptForTheNextOfItsSize) {
  release_kept_blocks();
  const std::uint32_t* first = nullptr;
  {
    BigVector<std::uint32_t> a(4 * kMiB);  // 16 MiB
    a.back() = 7;
    first = a.data();
  }
  EXPECT_EQ(kept_block_bytes(), 16 * kMiB);
  {
    BigVector<std::uint32_t> b(4 * kMiB - 10);  // the same block fits
    EXPECT_EQ(b.data(), first);
    EXPECT_EQ(kept_block_bytes(), 0u);
  }
  {
    // A block a quarter or more too big is not used for a smaller array.
    BigVector<std::uint8_t> small(5 * kMiB);
    EXPECT_NE(static_cast<const void*>(small.data()), static_cast<const void*>(first));
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(small.data()) % big_blocks::kHugePage, 0u);
  }
  EXPECT_EQ(kept_block_bytes(), 16 * kMiB + 6 * kMiB);
  EXPECT_EQ(release_kept_blocks(), 22 * kMiB);
  EXPECT_EQ(kept_block_bytes(), 0u);
  // Small arrays never come from the big blocks.
  { BigVector<std::uint32_t> tiny(1000); }
  EXPECT_EQ(kept_block_bytes(), 0u);
}

TEST(BigBlocks, ComputingAgainReusesTheBlocksAndGivesTheSameLevels) {
  release_kept_blocks();
  // A graph big enough for the flow's arrays to be big blocks.
  const CertGraph history = generate_graph(200'000, 1'000'000, 7);
  StandingGraph g = standing_graph(history);
  TrustConfig config;
  config.seeds = {"u0", "u1", "u2", "u3"};
  config.caps = {200'000, 40'000, 10'000, 2'000, 400, 80, 16, 4, 2};
  auto first = compute(g, config);
  ASSERT_TRUE(first);
  ASSERT_GT(first->accepted[3], 1000u);  // a real computation, every level's flow on big arrays
  const std::size_t kept = kept_block_bytes();
  EXPECT_GT(kept, 0u);
  auto second = compute(g, config);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->level, first->level);
  EXPECT_EQ(second->accepted, first->accepted);
  // The second computation took its blocks from those kept and gave them back.
  EXPECT_EQ(kept_block_bytes(), kept);
  // A computation too small for big arrays uses none of them: they go back.
  const CertGraph small = generate_graph(2'000, 10'000, 7);
  ASSERT_TRUE(compute(standing_graph(small), config));
  EXPECT_EQ(kept_block_bytes(), 0u);
}

}  // namespace
}  // namespace journeyer::trust
