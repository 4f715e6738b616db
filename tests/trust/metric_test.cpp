// Hand-checked small cases, configuration errors, explain, attack, generate.
#include <gtest/gtest.h>

#include "trust/generate.h"
#include "trust/metric.h"
#include "trust/parse.h"

namespace journeyer::trust {
namespace {

const std::vector<std::string> kLevels{"Observer", "Apprentice", "Journeyer", "Master"};

StandingGraph standing(const std::string& tsv) {
  auto g = parse_graph(tsv, kLevels, "t");
  EXPECT_TRUE(g.has_value()) << g.error().message();
  return standing_graph(*g);
}

TrustConfig config(std::vector<std::string> seeds, std::vector<std::int64_t> caps) {
  TrustConfig c;
  c.seeds = std::move(seeds);
  c.caps = std::move(caps);
  return c;
}

std::string level_of(const StandingGraph& g, const TrustResult& r, const std::string& name) {
  for (AccountId a = 0; a < g.account_count(); ++a)
    if (g.names[a] == name) return kLevels[r.level[a]];
  return "missing";
}

TEST(Metric, AChainGetsInUntilTheCapacityRunsOut) {
  // root(4) -> s(2) -> a(1) -> b: R keeps 1, passes 3; s keeps 1, passes 1 to a;
  // a has capacity 1 and passes nothing, so b is out.
  auto g = standing("s\ta\tMaster\na\tb\tMaster\n");
  auto r = compute(g, config({"s"}, {4, 2, 1}));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->accepted[3], 2u);
  EXPECT_EQ(level_of(g, *r, "s"), "Master");
  EXPECT_EQ(level_of(g, *r, "a"), "Master");
  EXPECT_EQ(level_of(g, *r, "b"), "Observer");
}

TEST(Metric, NearerAndThenEarlierNamesWinTies) {
  // s can pass on one unit; both x and y want it: x wins by name.
  auto g = standing("s\ty\tMaster\ns\tx\tMaster\n");
  auto r = compute(g, config({"s"}, {10, 2, 1}));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(level_of(g, *r, "x"), "Master");
  EXPECT_EQ(level_of(g, *r, "y"), "Observer");
}


TEST(Metric, NameOrderIsByteOrderOfTheWholeName) {
  // Names sharing their first eight bytes, a name that is a prefix of
  // another, and bytes above 0x7f (UTF-8) that sort after ASCII: s passes
  // one unit at a time, so only the first name in byte order gets in.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"abcdefghA", "abcdefghB"},
      {"abcdefgh", "abcdefgh0"},
      {"zzzzzzzzzz", "\xc3\xa9tienne"},
      {"Zed", "aaron"},
  };
  for (const auto& [first, second] : cases) {
    auto g = standing("s\t" + second + "\tMaster\ns\t" + first + "\tMaster\n");
    auto r = compute(g, config({"s"}, {10, 2, 1}));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(level_of(g, *r, first), "Master") << first << " before " << second;
    EXPECT_EQ(level_of(g, *r, second), "Observer") << first << " before " << second;
  }
}
TEST(Metric, LevelIsTheHighestLevelAccepted) {
  auto g = standing("s\ta\tApprentice\ns\tb\tMaster\nb\tc\tJourneyer\n");
  auto r = compute(g, config({"s"}, {10, 5, 3, 1}));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(level_of(g, *r, "a"), "Apprentice");
  EXPECT_EQ(level_of(g, *r, "b"), "Master");
  EXPECT_EQ(level_of(g, *r, "c"), "Journeyer");
}

TEST(Metric, LevelsWithoutCertificatesSeeTheGraphOfTheLevelsAbove) {
  // Five levels, certificates only at the top two. The three lower levels
  // see every certificate: y is at distance 2 (s -> y), can pass two units
  // on, and z gets in. The top level sees s -> x -> y -> z only: y is at
  // distance 3, can pass nothing on, and z stays out.
  const std::vector<std::string> levels{"None", "One", "Two", "Three", "Four"};
  auto parsed = parse_graph("s\tx\tFour\nx\ty\tFour\ns\ty\tThree\ny\tz\tFour\n", levels, "t");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message();
  StandingGraph g = standing_graph(*parsed);
  TrustConfig c = config({"s"}, {20, 10, 3, 1});
  c.levels = levels;
  auto r = compute(g, c);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  for (std::size_t l = 1; l <= 3; ++l) EXPECT_EQ(r->accepted[l], 4u) << levels[l];
  EXPECT_EQ(r->accepted[4], 3u);
  auto level = [&](const std::string& name) {
    for (AccountId a = 0; a < g.account_count(); ++a)
      if (g.names[a] == name) return levels[r->level[a]];
    return std::string("missing");
  };
  EXPECT_EQ(level("y"), "Four");
  EXPECT_EQ(level("z"), "Three");
}

TEST(Metric, AGraphWithNoCertificatesAcceptsOnlyTheSeeds) {
  auto g = standing("s\ts\tMaster\nt\tt\tObserver\nu\tu\tMaster\n");
  auto r = compute(g, config({"s", "t"}, {800, 200}));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->certificates, 0u);
  EXPECT_EQ(r->accepted[1], 2u);
  EXPECT_EQ(level_of(g, *r, "u"), "Observer");
}

TEST(Metric, SeedsNotInTheGraphAreReportedAndSkipped) {
  auto g = standing("s\ta\tMaster\n");
  auto r = compute(g, config({"nobody", "s"}, {10, 3, 1}));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->missing_seeds, std::vector<std::string>{"nobody"});
  EXPECT_EQ(r->accepted[3], 2u);
  auto none = compute(g, config({"nobody"}, {10, 3, 1}));
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->accepted[3], 0u);
}

TEST(Metric, ARootCapacityOfOneAcceptsNobody) {
  auto g = standing("s\ta\tMaster\n");
  auto r = compute(g, config({"s"}, {1, 5}));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->accepted[3], 0u);
}

TEST(Config, RefusesUnusableSettingsWithAClearMessage) {
  struct Row {
    TrustConfig c;
    const char* expected;
  } rows[] = {
      {config({}, {800}), "seed list is empty"},
      {config({"a"}, {}), "capacity list is empty"},
      {config({"a"}, {800, 0}), "capacity 0 is not a positive integer"},
      {config({"a"}, {-3}), "capacity -3"},
  };
  rows[0].c.levels = kLevels;
  for (const auto& row : rows) {
    Status s = validate(row.c);
    ASSERT_FALSE(s.has_value());
    EXPECT_NE(s.error().message().find(row.expected), std::string::npos) << s.error().message();
  }
  TrustConfig one_level;
  one_level.levels = {"Only"};
  EXPECT_FALSE(validate(one_level).has_value());
}

TEST(Explain, AcceptedShowsTheChainItsUnitCameAlong) {
  auto g = standing("s\ta\tMaster\na\tb\tMaster\n");
  auto ex = explain(g, config({"s"}, {10, 5, 3, 1}), "b");
  ASSERT_TRUE(ex.has_value());
  EXPECT_EQ(ex->level, 3);
  const auto& m = ex->per_level[3];
  EXPECT_EQ(m.verdict, LevelExplanation::Verdict::Accepted);
  EXPECT_EQ(m.distance, 3u);
  EXPECT_EQ(m.chain, (std::vector<std::string>{"s", "a", "b"}));
}

TEST(Explain, BlockedNamesTheSaturatedAccounts) {
  // s passes one unit; x takes it (name order), so y is blocked by s.
  auto g = standing("s\tx\tMaster\ns\ty\tMaster\n");
  auto ex = explain(g, config({"s"}, {10, 2, 1}), "y");
  ASSERT_TRUE(ex.has_value());
  const auto& m = ex->per_level[3];
  EXPECT_EQ(m.verdict, LevelExplanation::Verdict::Blocked);
  EXPECT_EQ(m.saturated, std::vector<std::string>{"s"});
  EXPECT_EQ(m.accepted_before, 2u);  // s and x
  EXPECT_FALSE(m.root_exhausted);
}

TEST(Explain, RootExhaustedAndUnreachableAreTold) {
  auto g = standing("s\tt\tMaster\ns\tu\tApprentice\n");
  auto ex = explain(g, config({"s", "t"}, {2, 5, 1}), "t");  // R passes 1: s takes it
  ASSERT_TRUE(ex.has_value());
  EXPECT_TRUE(ex->per_level[3].root_exhausted);
  auto ex2 = explain(g, config({"s"}, {10, 5, 1}), "u");
  ASSERT_TRUE(ex2.has_value());
  EXPECT_EQ(ex2->per_level[3].verdict, LevelExplanation::Verdict::Unreachable);
  EXPECT_EQ(ex2->per_level[1].verdict, LevelExplanation::Verdict::Accepted);
  EXPECT_FALSE(explain(g, config({"s"}, {10}), "nobody").has_value());
}

TEST(Attack, FakesNeverExceedLevienBound) {
  auto g = standing("s\ta\tMaster\ns\tb\tMaster\na\tc\tMaster\n");
  auto parsed = parse_graph("s\ta\tMaster\ns\tb\tMaster\na\tc\tMaster\n", kLevels, "t");
  ASSERT_TRUE(parsed.has_value());
  AttackSpec spec;
  spec.sybils = 500;
  spec.confused = {"a", "b"};
  auto r = simulate_attack(*parsed, config({"s"}, {100, 20, 5, 3, 2}), spec);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  // a and b are at distance 2 (capacity 5 each): the bound is 10. a passes
  // 4 units: one to c, three into the nest through its fake (capacity 3 at
  // distance 3); b passes three through its own fake. Six fakes get in.
  EXPECT_EQ(r->bound[3], 10);
  EXPECT_EQ(r->fakes_accepted[3], 6u);
  EXPECT_EQ(r->real_accepted[3], 4u);
}

TEST(Attack, ConfusedCertificatesBelowTheTopLetNoFakeHigher) {
  auto parsed = parse_graph("s\ta\tMaster\ns\tb\tMaster\na\tc\tMaster\n", kLevels, "t");
  ASSERT_TRUE(parsed.has_value());
  AttackSpec spec;
  spec.sybils = 500;
  spec.confused = {"a", "b"};
  spec.level = 2;  // Journeyer
  auto r = simulate_attack(*parsed, config({"s"}, {100, 20, 5, 3, 2}), spec);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->fakes_accepted[3], 0u);
  EXPECT_EQ(r->bound[3], 0);
  EXPECT_EQ(r->bound[2], 10);
  EXPECT_EQ(r->fakes_accepted[2], 6u);  // as in the top-level attack, one level down
  EXPECT_EQ(r->real_accepted[3], 4u);
}

// A nest of 5 fakes entered by 2 confused accounts: 2 entering
// certificates, each of the 2 fakes they certify certifies the 4 others,
// and each of the other 3 its next 4 in the ring (fewer than the fan-out):
// 2 + 8 + 12. Ten million fakes take 64 certificates each at least, more
// than a simulation may hold: refused before anything is built.
TEST(Attack, RefusesANestTooLargeToSimulate) {
  EXPECT_EQ(nest_certificates(5, 2), 22u);
  EXPECT_EQ(nest_certificates(0, 3), 0u);
  EXPECT_EQ(nest_certificates(10'000, 50), 50u + 50u * 9'999u + 9'950u * kNestFanout);
  auto parsed = parse_graph("s\ta\tMaster\n", kLevels, "t");
  ASSERT_TRUE(parsed.has_value());
  AttackSpec spec{kMaxSybils, {"a"}};
  auto r = simulate_attack(*parsed, config({"s"}, {10, 3}), spec);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::TooLarge);
  EXPECT_NE(r.error().message().find("can be simulated"), std::string::npos) << r.error().message();
}

TEST(Attack, RefusesUnknownConfusedAccounts) {
  auto parsed = parse_graph("s\ta\tMaster\n", kLevels, "t");
  ASSERT_TRUE(parsed.has_value());
  AttackSpec spec{10, {"ghost"}};
  auto r = simulate_attack(*parsed, config({"s"}, {10}), spec);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("ghost"), std::string::npos);
  AttackSpec twice{10, {"a", "a"}};
  auto again = simulate_attack(*parsed, config({"s"}, {10}), twice);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().message(), "the confused account \"a\" is named twice");
}

TEST(Generate, IsDeterministicAndHasTheRequestedShape) {
  CertGraph a = generate_graph(1000, 8000, 7);
  CertGraph b = generate_graph(1000, 8000, 7);
  CertGraph c = generate_graph(1000, 8000, 8);
  ASSERT_EQ(a.certificates.size(), 8000u);
  EXPECT_EQ(write_dot(a, kLevels), write_dot(b, kLevels));
  EXPECT_NE(write_dot(a, kLevels), write_dot(c, kLevels));
  std::size_t per_level[4] = {0, 0, 0, 0}, self = 0;
  std::vector<std::size_t> indegree(1000, 0);
  for (const auto& cert : a.certificates) {
    ++per_level[cert.level];
    self += cert.issuer == cert.subject;
    ++indegree[cert.subject];
  }
  EXPECT_EQ(self, 0u);
  EXPECT_EQ(per_level[0], 0u);
  // Apprentice 1/6, Journeyer 2/6, Master 3/6, within a wide margin.
  EXPECT_NEAR(per_level[1] / 8000.0, 1 / 6.0, 0.03);
  EXPECT_NEAR(per_level[2] / 8000.0, 2 / 6.0, 0.03);
  EXPECT_NEAR(per_level[3] / 8000.0, 3 / 6.0, 0.03);
  // Preferential attachment: the most certified account has far more than the mean (8).
  EXPECT_GT(*std::max_element(indegree.begin(), indegree.end()), 40u);
  EXPECT_EQ(a.accounts.name(0), "u0");
}

}  // namespace
}  // namespace journeyer::trust
