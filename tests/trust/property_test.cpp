// Properties of the engine on many small random graphs, checked against the
// independent reference in reference_flow.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "reference_flow.h"
#include "trust/metric.h"
#include "trust/parse.h"

namespace journeyer::trust {
namespace {

const std::vector<std::string> kLevels{"Observer", "Apprentice", "Journeyer", "Master"};

struct Case {
  reference::Problem problem;
  std::vector<std::string> tsv_lines;
};

// Small random graphs with everything the rules care about: self
// certificates, lowest-level certificates, repeated pairs, missing seeds.
Case random_case(std::mt19937_64& rng, bool unique_pairs) {
  auto pick = [&](std::uint64_t n) { return static_cast<int>(rng() % n); };
  Case c;
  int n = 2 + pick(24);
  for (int i = 0; i < n; ++i) c.problem.accounts.push_back("a" + std::to_string(pick(1000)) + "_" + std::to_string(i));
  int m = pick(4 * n + 1);
  std::set<std::pair<int, int>> used;
  for (int k = 0; k < m; ++k) {
    int a = pick(n), b = pick(n + 0);
    if (pick(10) == 0) b = a;  // a self-certificate
    if (unique_pairs && !used.insert({a, b}).second) continue;
    int level = pick(10) == 0 ? 0 : 1 + pick(3);
    c.problem.history.push_back({c.problem.accounts[a], c.problem.accounts[b], level});
  }
  int seeds = 1 + pick(3);
  for (int i = 0; i < seeds; ++i) c.problem.seeds.push_back(c.problem.accounts[pick(n)]);
  if (pick(5) == 0) c.problem.seeds.push_back("nobody");
  int k = 1 + pick(5);
  for (int i = 0; i < k; ++i) c.problem.caps.push_back(1 + pick(6));
  for (const auto& a : c.problem.accounts) c.tsv_lines.push_back(a + "\t" + a + "\tObserver");
  for (const auto& cert : c.problem.history)
    c.tsv_lines.push_back(cert.issuer + "\t" + cert.subject + "\t" + kLevels[cert.level]);
  return c;
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

TrustConfig config_of(const reference::Problem& p) {
  TrustConfig c;
  c.seeds = p.seeds;
  c.caps = p.caps;
  c.levels = kLevels;
  return c;
}

struct Outcome {
  StandingGraph graph;
  TrustResult result;
};

Outcome run(const std::vector<std::string>& lines, const TrustConfig& config) {
  auto parsed = parse_graph(join(lines), kLevels, "random");
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message());
  Outcome r{standing_graph(*parsed), {}};
  auto res = compute(r.graph, config);
  EXPECT_TRUE(res.has_value());
  r.result = std::move(*res);
  return r;
}

std::set<std::string> accepted_names(const Outcome& r, int level) {
  std::set<std::string> names;
  for (AccountId a = 0; a < r.graph.account_count(); ++a)
    if (r.result.accepted_on[level][a]) names.insert(r.graph.names[a]);
  return names;
}

constexpr int kCases = 400;

TEST(Properties, AcceptedCountIsTheMaximumFlowAndTheSetIsTheGreedyOne) {
  std::mt19937_64 rng(20261127);
  for (int i = 0; i < kCases; ++i) {
    Case c = random_case(rng, false);
    Outcome r = run(c.tsv_lines, config_of(c.problem));
    for (int l = 1; l <= 3; ++l) {
      SCOPED_TRACE("case " + std::to_string(i) + " level " + std::to_string(l) + "\n" + join(c.tsv_lines));
      EXPECT_EQ(static_cast<std::int64_t>(r.result.accepted[l]), reference::max_flow_value(c.problem, l));
      EXPECT_EQ(accepted_names(r, l), reference::brute_force_greedy(c.problem, l));
    }
  }
}

TEST(Properties, ShufflingTheInputChangesNothing) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < kCases; ++i) {
    Case c = random_case(rng, true);
    TrustConfig config = config_of(c.problem);
    Outcome a = run(c.tsv_lines, config);
    std::shuffle(c.tsv_lines.begin(), c.tsv_lines.end(), rng);
    Outcome b = run(c.tsv_lines, config);
    for (int l = 1; l <= 3; ++l) EXPECT_EQ(accepted_names(a, l), accepted_names(b, l)) << join(c.tsv_lines);
  }
}

TEST(Properties, AddingACertificateNeverLowersTheAcceptedCount) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < kCases; ++i) {
    Case c = random_case(rng, true);
    TrustConfig config = config_of(c.problem);
    Outcome before = run(c.tsv_lines, config);
    const auto& acc = c.problem.accounts;
    std::string a = acc[rng() % acc.size()], b = acc[rng() % acc.size()];
    bool exists = false;
    for (const auto& cert : c.problem.history) exists |= cert.issuer == a && cert.subject == b;
    if (exists || a == b) continue;  // a new certificate, not a replacement
    c.tsv_lines.push_back(a + "\t" + b + "\t" + kLevels[1 + rng() % 3]);
    Outcome after = run(c.tsv_lines, config);
    for (int l = 1; l <= 3; ++l) EXPECT_GE(after.result.accepted[l], before.result.accepted[l]) << join(c.tsv_lines);
  }
}

TEST(Properties, TheAttackBoundHolds) {
  std::mt19937_64 rng(13);
  int attacks = 0, fakes_in = 0;
  for (int i = 0; i < kCases; ++i) {
    Case c = random_case(rng, false);
    TrustConfig config = config_of(c.problem);
    auto parsed = parse_graph(join(c.tsv_lines), kLevels, "random");
    ASSERT_TRUE(parsed.has_value());
    StandingGraph g = standing_graph(*parsed);
    auto base = compute(g, config);
    ASSERT_TRUE(base.has_value());
    std::vector<std::string> accepted_top;
    for (AccountId a = 0; a < g.account_count(); ++a)
      if (base->level[a] == 3) accepted_top.push_back(g.names[a]);
    if (accepted_top.empty()) continue;
    AttackSpec spec;
    spec.sybils = 1 + rng() % 40;
    std::size_t k = 1 + rng() % accepted_top.size();
    spec.confused.assign(accepted_top.begin(), accepted_top.begin() + static_cast<long>(k));
    auto r = simulate_attack(*parsed, config, spec);
    ASSERT_TRUE(r.has_value());
    ++attacks;
    for (int l = 1; l <= 3; ++l) {
      EXPECT_LE(static_cast<std::int64_t>(r->fakes_accepted[l]), r->bound[l]);
      EXPECT_LE(r->fakes_accepted[l], spec.sybils);
    }
    fakes_in += r->fakes_accepted[1] > 0;
  }
  EXPECT_GT(attacks, kCases / 4);
  EXPECT_GT(fakes_in, 0) << "the simulation should let some fakes in somewhere";
}

}  // namespace
}  // namespace journeyer::trust
