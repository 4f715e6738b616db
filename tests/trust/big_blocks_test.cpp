// The big arrays' blocks: kept for the next array that fits instead of
// going back to the kernel, within bounds.
#include "util/big_blocks.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "trust/generate.h"
#include "trust/metric.h"
#include "trust/parse.h"
#include "util/io.h"

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
    // A block more than a quarter too big is cut: the array takes its
    // front and the rest stays kept for the next.
    BigVector<std::uint8_t> small(5 * kMiB);  // 6 MiB in whole huge pages
    EXPECT_EQ(static_cast<const void*>(small.data()), static_cast<const void*>(first));
    EXPECT_EQ(kept_block_bytes(), 10 * kMiB);
    BigVector<std::uint8_t> rest(10 * kMiB);
    EXPECT_EQ(static_cast<const void*>(rest.data()), static_cast<const void*>(small.data() + 6 * kMiB));
    EXPECT_EQ(kept_block_bytes(), 0u);
    // The two parts go back and are given back to the system one by one.
    small.back() = 1;
    rest.back() = 2;
  }
  EXPECT_EQ(kept_block_bytes(), 16 * kMiB);
  EXPECT_EQ(release_kept_blocks(), 16 * kMiB);
  EXPECT_EQ(kept_block_bytes(), 0u);
  {
    // Fresh blocks are aligned to huge pages.
    BigVector<std::uint8_t> fresh(5 * kMiB);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(fresh.data()) % big_blocks::kHugePage, 0u);
  }
  EXPECT_EQ(release_kept_blocks(), 6 * kMiB);
  // Small arrays never come from the big blocks.
  { BigVector<std::uint32_t> tiny(1000); }
  EXPECT_EQ(kept_block_bytes(), 0u);
}

#if defined(__SANITIZE_ADDRESS__)
TEST(BigBlocksDeathTest, PastTheEndAndAfterGivingBackAreOutOfBounds) {
  release_kept_blocks();
  BigVector<char> a(5 * kMiB);
  volatile char* at = a.data();
  at[5 * kMiB - 1] = 1;  // the last byte is the array's
  EXPECT_DEATH(at[5 * kMiB] = 1, "AddressSanitizer");
  BigVector<char>().swap(a);
  EXPECT_DEATH(at[0] = 1, "AddressSanitizer");
  release_kept_blocks();
}
#endif

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

// The command line reads a graph file whole, then computes: the file's
// buffer and the history parsed from it go back to the kept blocks, and the
// computation's arrays are cut from them instead of fresh pages the system
// has to fault in and zero.
TEST(BigBlocks, AGraphFileReadWholeServesTheComputationsArrays) {
  const CertGraph generated = generate_graph(200'000, 1'000'000, 7);
  TrustConfig config;
  config.seeds = {"u0", "u1", "u2", "u3"};
  config.caps = {200'000, 40'000, 10'000, 2'000, 400, 80, 16, 4, 2};
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("journeyer-big-blocks-" + std::to_string(::getpid()) + ".dot");
  {
    std::ofstream out(file, std::ios::binary);
    out << write_dot(generated, config.levels);
  }
  auto read = [&] {
    auto text = read_input(file.string());
    EXPECT_TRUE(text.has_value());
    auto parsed = parse_graph(*text, config.levels, file.string());
    EXPECT_TRUE(parsed.has_value());
    return standing_graph(*parsed);
  };
  // Mapped from the system while computing, with the file's memory kept or not.
  auto fresh_bytes = [&](const StandingGraph& g, std::vector<std::uint8_t>& levels) {
    const std::size_t before = mapped_block_bytes();
    auto r = compute(g, config);
    EXPECT_TRUE(r.has_value());
    levels = r->level;
    return mapped_block_bytes() - before;
  };
  release_kept_blocks();
  const StandingGraph g = read();
  // The file (some 40 MB) and the history's certificates were big blocks.
  EXPECT_GT(kept_block_bytes(), 40 * kMiB);
  std::vector<std::uint8_t> reusing, alone;
  const std::size_t with_file = fresh_bytes(g, reusing);
  release_kept_blocks();
  const std::size_t without = fresh_bytes(g, alone);
  std::filesystem::remove(file);
  EXPECT_GT(without, 16 * kMiB);
  EXPECT_LE(with_file + 16 * kMiB, without) << with_file << " bytes mapped afresh against " << without;
  EXPECT_EQ(reusing, alone);
  release_kept_blocks();
}

}  // namespace
}  // namespace journeyer::trust
