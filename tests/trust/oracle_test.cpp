// The reference figures of trust-metric.md on the real Advogato graph.
#include <gtest/gtest.h>

#include "trust/metric.h"
#include "trust/parse.h"
#include "util/io.h"

namespace journeyer::trust {
namespace {

const StandingGraph& real_graph() {
  static const StandingGraph g = [] {
    auto text = read_input(std::string(JOURNEYER_TEST_DATA) + "/advogato-graph-latest.dot.gz");
    EXPECT_TRUE(text.has_value());
    auto parsed = parse_graph(*text, TrustConfig{}.levels, "advogato-graph-latest.dot");
    EXPECT_TRUE(parsed.has_value());
    return standing_graph(*parsed);
  }();
  return g;
}

struct OracleRow {
  std::vector<std::int64_t> caps;
  std::size_t apprentice, journeyer, master;
};

class OracleTest : public ::testing::TestWithParam<OracleRow> {};

TEST_P(OracleTest, AcceptedCountsMatchTheReference) {
  TrustConfig config;
  config.caps = GetParam().caps;
  auto r = compute(real_graph(), config);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->accepted[1], GetParam().apprentice);
  EXPECT_EQ(r->accepted[2], GetParam().journeyer);
  EXPECT_EQ(r->accepted[3], GetParam().master);
  EXPECT_TRUE(r->missing_seeds.empty());
}

INSTANTIATE_TEST_SUITE_P(
    RealGraph, OracleTest,
    ::testing::Values(OracleRow{{800, 200, 200, 50, 12, 4, 2, 1}, 601, 601, 601},
                      OracleRow{{800, 200, 50, 12, 4, 2, 1}, 554, 554, 397},
                      OracleRow{{10000, 2000, 500, 100, 25, 6, 2, 1}, 4265, 2999, 957}));

TEST(RealGraph, HasTheDocumentedShape) {
  const StandingGraph& g = real_graph();
  EXPECT_EQ(g.account_count(), 14008u);
  // 56,461 lines less 5,134 self-certificates, 15 exact duplicates and the
  // certificates whose standing level is the lowest.
  EXPECT_LT(g.certificate_count(), 56461u - 5134u - 15u);
  EXPECT_GT(g.certificate_count(), 40000u);
}

TEST(RealGraph, LevelsAreTheHighestAcceptedLevel) {
  auto r = compute(real_graph(), TrustConfig{});
  ASSERT_TRUE(r.has_value());
  std::size_t at_least_master = 0;
  for (auto l : r->level) at_least_master += l >= 3;
  EXPECT_EQ(at_least_master, r->accepted[3]);
  // raph is a seed: accepted everywhere.
  for (AccountId a = 0; a < real_graph().account_count(); ++a) {
    if (real_graph().names[a] == "raph") {
      EXPECT_EQ(r->level[a], 3);
    }
  }
}

}  // namespace
}  // namespace journeyer::trust
