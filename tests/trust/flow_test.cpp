// The flow engine itself on larger random graphs, with every way of
// recomputing labels forced in turn (exact labelling before nearly every
// candidate, at the first step of every search, bottom-up steps always or
// in turn with top-down ones), against the independent greedy of
// reference_flow.cpp. The paths these settings drive (reverse arcs found
// bottom-up, cached current arcs after an exact labelling, cancelled flow)
// are rare with the measured defaults on small graphs.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <stdexcept>
#include <utility>

#include "reference_flow.h"
#include "trust/flow.h"
#include "trust/parse.h"

namespace journeyer::trust {
namespace {

const std::vector<std::string> kLevels{"Observer", "Apprentice", "Journeyer", "Master"};

struct Case {
  reference::Problem problem;
  std::string tsv;
};

// The case's accounts and certificates as the edge list the engine reads.
void write_tsv(Case& c) {
  for (const auto& a : c.problem.accounts) c.tsv += a + "\t" + a + "\tObserver\n";
  for (const auto& cert : c.problem.history)
    c.tsv += cert.issuer + "\t" + cert.subject + "\t" + kLevels[cert.level] + "\n";
}

// 10 to 160 accounts with 2 to 7 certificates each at random levels; a root
// capacity between 2 and the number of accounts, then small capacities, so
// that capacity is contested and flow gets rerouted and cancelled.
Case random_case(std::mt19937_64& rng) {
  auto pick = [&](std::uint64_t n) { return static_cast<int>(rng() % n); };
  Case c;
  const int n = 10 + pick(151);
  for (int i = 0; i < n; ++i) c.problem.accounts.push_back("m" + std::to_string(pick(100000)) + "_" + std::to_string(i));
  for (int a = 0; a < n; ++a) {
    const int out = 2 + pick(6);
    for (int k = 0; k < out; ++k) {
      int b = pick(n);
      if (b == a) continue;
      c.problem.history.push_back({c.problem.accounts[a], c.problem.accounts[b], 1 + pick(3)});
    }
  }
  const int seeds = 1 + pick(4);
  for (int i = 0; i < seeds; ++i) c.problem.seeds.push_back(c.problem.accounts[pick(n)]);
  c.problem.caps.push_back(2 + pick(n - 1));
  const int more = pick(5);
  for (int i = 0; i < more; ++i) c.problem.caps.push_back(1 + pick(4));
  write_tsv(c);
  return c;
}

struct EngineRun {
  std::set<std::string> accepted;
  GreedyFlow::Stats stats;
  bool lists_agreed_at_start = false;  // counts by label (and lists, where kept)
};

// The case's seeds as ids of g, each once.
std::vector<AccountId> seed_ids(const StandingGraph& g, const Case& c) {
  std::vector<AccountId> seeds;
  for (const auto& s : c.problem.seeds)
    for (AccountId a = 0; a < g.account_count(); ++a)
      if (g.names[a] == s && std::find(seeds.begin(), seeds.end(), a) == seeds.end()) seeds.push_back(a);
  return seeds;
}

// `threads`: for the level's graph and the flow's set-up.
EngineRun engine(const StandingGraph& g, const Case& c, int level, FlowTuning tuning, unsigned threads = 1) {
  FlowGraph fg = build_flow_graph(g, seed_ids(g, c));
  LevelGraph lg = level_graph(fg, static_cast<LevelIndex>(level), threads);
  GreedyFlow flow(lg, c.problem.caps, tuning, threads);
  const bool lists_agreed = flow.level_lists_agree();
  flow.run();
  EngineRun r{{}, flow.stats(), lists_agreed};
  for (std::uint32_t v : lg.order)
    if (flow.accepted(v)) r.accepted.insert(g.names[fg.account[v]]);
  EXPECT_EQ(r.accepted.size(), flow.accepted_count());
  return r;
}

// What the search relies on between candidates: labels that are valid lower
// bounds of the residual distances, their one-byte copies, the counts by
// label that the gap rule reads and, once kept, the lists by label. `where`
// names the case and candidate.
void assert_sound(const GreedyFlow& flow, const std::string& where) {
  ASSERT_TRUE(flow.labels_are_lower_bounds()) << where;
  ASSERT_TRUE(flow.labels_are_valid()) << where;
  ASSERT_TRUE(flow.label_copies_agree()) << where;
  ASSERT_TRUE(flow.level_lists_agree()) << where;
}

// Calls each(i, case, its standing graph) for `count` random cases drawn
// from `seed`, stopping at the first fatal failure.
template <class Each>
void for_random_cases(std::uint64_t seed, int count, Each&& each) {
  std::mt19937_64 rng(seed);
  for (int i = 0; i < count; ++i) {
    Case c = random_case(rng);
    auto parsed = parse_graph(c.tsv, kLevels, "random");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message();
    each(i, c, standing_graph(*parsed));
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(FlowEngine, EveryWayOfRecomputingLabelsGivesTheGreedySet) {
  std::vector<std::pair<std::string, FlowTuning>> tunings;
  tunings.push_back({"defaults", FlowTuning{}});
  FlowTuning periodic;
  periodic.periodic_factor = 0;
  tunings.push_back({"exact labelling before nearly every candidate", periodic});
  FlowTuning eager;
  eager.search_budget_divisor = 0;
  tunings.push_back({"exact labelling at the first step of every search", eager});
  FlowTuning bottom_up = periodic;
  bottom_up.bottom_up_percent = 0;
  tunings.push_back({"every step bottom-up", bottom_up});
  FlowTuning lists;
  lists.level_lists = true;
  tunings.push_back({"lists by label kept from the start", lists});
  FlowTuning alternate = eager;
  alternate.alternate_directions = true;
  tunings.push_back({"top-down and bottom-up in turn", alternate});

  std::uint64_t exact = 0, cancelling = 0;
  for_random_cases(20261128, 120, [&](int i, const Case& c, const StandingGraph& g) {
    for (int level = 1; level <= 3; ++level) {
      const std::set<std::string> want = reference::incremental_greedy(c.problem, level);
      for (const auto& [what, tuning] : tunings) {
        SCOPED_TRACE("case " + std::to_string(i) + " level " + std::to_string(level) + ": " + what);
        EngineRun r = engine(g, c, level, tuning);
        EXPECT_EQ(r.accepted, want);
        // How often the forced settings really recomputed labels and paths
        // cancelled flow: this test drives what it says it does.
        if (&tuning == &tunings.back().second) {
          exact += r.stats.global_relabels;
          cancelling += r.stats.cancellations > 0;
        }
      }
    }
  });
  EXPECT_GT(exact, 1000u);
  EXPECT_GT(cancelling, 20u);
}

TEST(FlowEngine, SettingUpOnTwoThreadsChangesNothing) {
  // The two halves of the set-up write labels across the middle of a
  // distance: they must agree with the counts by label that the gap rule
  // reads (checked themselves, as a miscount there may change no result on
  // graphs this small), and the search takes the same steps as after a
  // set-up on one thread.
  std::uint64_t raises = 0;
  for_random_cases(20261129, 120, [&](int i, const Case& c, const StandingGraph& g) {
    for (int level = 1; level <= 3; ++level) {
      SCOPED_TRACE("case " + std::to_string(i) + " level " + std::to_string(level));
      const EngineRun one = engine(g, c, level, FlowTuning{}, 1), two = engine(g, c, level, FlowTuning{}, 2);
      EXPECT_TRUE(two.lists_agreed_at_start);
      EXPECT_EQ(two.accepted, one.accepted);
      EXPECT_EQ(two.stats.raises, one.stats.raises);
      EXPECT_EQ(two.stats.arcs_scanned, one.stats.arcs_scanned);
      EXPECT_EQ(two.stats.gaps, one.stats.gaps);
      EXPECT_EQ(two.stats.global_relabels, one.stats.global_relabels);
      EXPECT_EQ(two.stats.augmentations, one.stats.augmentations);
      raises += one.stats.raises;
    }
  });
  EXPECT_GT(raises, 500u);  // the counts by label were really used
}

TEST(FlowEngine, PassingOverCandidatesCutOffChangesNothing) {
  // Once few residual nodes are left labelled, candidates cut off are passed
  // over by a byte each instead of a search that fails at once: the same
  // accepted set and the same work, candidate by candidate, also when exact
  // labellings come often (one may fall due before a candidate passed over).
  std::vector<FlowTuning> tunings(3);
  tunings[1].periodic_factor = 0;
  tunings[2].search_budget_divisor = 0;
  auto same = [](const GreedyFlow::Stats& a, const GreedyFlow::Stats& b) {
    return a.augmentations == b.augmentations && a.raises == b.raises && a.arcs_scanned == b.arcs_scanned &&
           a.gaps == b.gaps && a.global_relabels == b.global_relabels && a.failed_searches == b.failed_searches &&
           a.failed_work == b.failed_work && a.cancellations == b.cancellations;
  };
  std::uint64_t thinned = 0, passed_over = 0;
  for_random_cases(20261130, 120, [&](int i, const Case& c, const StandingGraph& g) {
    FlowGraph fg = build_flow_graph(g, seed_ids(g, c));
    for (int level = 1; level <= 3; ++level) {
      LevelGraph lg = level_graph(fg, static_cast<LevelIndex>(level));
      for (std::size_t t = 0; t < tunings.size(); ++t) {
        SCOPED_TRACE("case " + std::to_string(i) + " level " + std::to_string(level) + " tuning " + std::to_string(t));
        FlowTuning every_search = tunings[t];
        every_search.skip_cut_off = false;
        GreedyFlow skipping(lg, c.problem.caps, tunings[t]), trying(lg, c.problem.caps, every_search);
        for (std::uint32_t k = 1; k <= lg.order.size(); ++k) {
          skipping.run(k);
          trying.run(k);
          ASSERT_TRUE(same(skipping.stats(), trying.stats())) << "after candidate " << k;
        }
        for (std::uint32_t v : lg.order) ASSERT_EQ(skipping.accepted(v), trying.accepted(v));
        EXPECT_EQ(trying.stats().passed_over, 0u);
        thinned += skipping.passing_over_cut_off();
        passed_over += skipping.stats().passed_over;
      }
    }
  });
  EXPECT_GT(thinned, 300u);
  EXPECT_GT(passed_over, 20000u);
}

TEST(FlowEngine, LabelsNeverExceedTheResidualDistancesAfterAnyCandidate) {
  // The search trusts its labels: a label above a node's true residual
  // distance could cut off a candidate that is still reachable. Checked
  // against a plain breadth-first search after every candidate, with exact
  // labelling forced often (so that searches start from the arcs it cached).
  FlowTuning eager;
  eager.search_budget_divisor = 0;
  FlowTuning periodic;
  periodic.periodic_factor = 0;
  FlowTuning top_down = eager;  // each exact labelling caches arcs other than arc 0
  top_down.bottom_up_percent = std::uint64_t{1} << 30;
  FlowTuning lists;
  lists.level_lists = true;
  std::uint64_t checked = 0, raises = 0;
  // Runs with the defaults that cut off part of the network without lists
  // by label (one pass in memory order), and that built them at a small cut.
  std::uint64_t swept_without_lists = 0, lists_built_at_a_gap = 0;
  for_random_cases(20261127, 120, [&](int i, const Case& c, const StandingGraph& g) {
    FlowGraph fg = build_flow_graph(g, seed_ids(g, c));
    for (int level = 1; level <= 3; ++level) {
      LevelGraph lg = level_graph(fg, static_cast<LevelIndex>(level));
      for (FlowTuning tuning : {FlowTuning{}, eager, periodic, top_down, lists}) {
        GreedyFlow flow(lg, c.problem.caps, tuning);
        bool swept = false;
        for (std::uint32_t k = 1; k <= lg.order.size(); ++k) {
          const std::uint64_t gaps = flow.stats().gaps;
          const bool had_lists = flow.level_lists_kept();
          flow.run(k);
          swept |= flow.stats().gaps > gaps && !flow.level_lists_kept();
          if (!tuning.level_lists && !had_lists && flow.level_lists_kept()) ++lists_built_at_a_gap;
          ASSERT_NO_FATAL_FAILURE(assert_sound(flow, "case " + std::to_string(i) + " level " + std::to_string(level) +
                                                         " after candidate " + std::to_string(k)));
          ++checked;
        }
        swept_without_lists += swept;
        raises += flow.stats().raises;
      }
    }
  });
  EXPECT_GT(checked, 20000u);
  EXPECT_GT(raises, 500u);  // labels were really raised along the way
  EXPECT_GT(swept_without_lists, 20u);
  EXPECT_GT(lists_built_at_a_gap, 10u);
}

TEST(FlowEngine, TheReferenceGreedyAgreesWithTheBruteForceOne) {
  // The incremental reference above is itself checked against the slow,
  // obvious one on graphs small enough for it.
  std::mt19937_64 rng(5);
  for (int i = 0; i < 60; ++i) {
    Case c = random_case(rng);
    if (c.problem.accounts.size() > 40) continue;
    for (int level = 1; level <= 3; ++level)
      EXPECT_EQ(reference::incremental_greedy(c.problem, level), reference::brute_force_greedy(c.problem, level))
          << "case " << i << " level " << level;
  }
}

// The standing graph of an edge list, and its shared graph seeded by the
// account named `seed`.
std::pair<StandingGraph, FlowGraph> shared_graph(const std::string& tsv, const std::string& seed) {
  auto parsed = parse_graph(tsv, kLevels, "test graph");
  if (!parsed) throw std::runtime_error(parsed.error().message());
  StandingGraph g = standing_graph(*parsed);
  AccountId s = 0;
  while (s < g.account_count() && g.names[s] != seed) ++s;
  if (s == g.account_count()) throw std::runtime_error("no account named " + seed);
  FlowGraph fg = build_flow_graph(g, {s});
  return {std::move(g), std::move(fg)};
}

TEST(FlowEngine, TheSharedGraphNumbersAccountsByNameByteOrder) {
  // Enough names that every byte of the sort key differs somewhere: shared
  // eight-byte stems with different tails, names that are prefixes of
  // others, names shorter than eight bytes, and bytes above 0x7f (UTF-8),
  // which sort after ASCII. One seed certifies them all.
  std::mt19937_64 rng(20261127);
  const std::string alphabet = "09AZaz_-.\x80\xc3\xa9\xff";
  const std::vector<std::string> stems{"", "abcdefgh", "abcdefgi", "\xc3\xa9tienne!", "zzzzzzzz", "a"};
  std::set<std::string> names;
  while (names.size() < 20000) {
    std::string name = stems[rng() % stems.size()];
    const std::size_t extra = rng() % 12;
    for (std::size_t i = 0; i < extra; ++i) name += alphabet[rng() % alphabet.size()];
    if (!name.empty() && name != "seed") names.insert(name);
  }
  // Listed out of order, so that account ids (order of appearance) say
  // nothing about names.
  std::vector<std::string> listed(names.begin(), names.end());
  std::shuffle(listed.begin(), listed.end(), rng);
  std::string tsv;
  for (const auto& name : listed) tsv += "seed\t" + name + "\tMaster\n";
  const auto [g, fg] = shared_graph(tsv, "seed");
  ASSERT_EQ(fg.by_name.size(), names.size() + 1);
  // std::set orders std::string by unsigned bytes, as the engine must.
  std::set<std::string> all = names;
  all.insert("seed");
  auto expected = all.begin();
  for (std::uint32_t local : fg.by_name) {
    ASSERT_EQ(g.names[fg.account[local]], *expected);
    ++expected;
  }
  // And the numbering is by distance, then name: the seed, then the rest.
  for (std::uint32_t v = 2; v + 1 < fg.size(); ++v) EXPECT_LT(g.names[fg.account[v]], g.names[fg.account[v + 1]]);
}

TEST(FlowEngine, EveryCertificateIsInItsSubjectsInListAndEachLevelPrefixEndsRight) {
  // The in-lists are built by block of 512 subjects, split between two
  // threads: shared graphs of one account, of 511 and 512 accounts and the
  // root (a last block full or with one account), of 1,536 and 1,537, and
  // of 6,000, with certificates at every level. A chain from the seed
  // reaches every account, so the shared graph's size is known. Each
  // in-list is checked against one made here from the out-lists: every
  // certificate once, highest level first, then nearer tails (lower local
  // numbers) first, and each level's prefix ending where in_end_at says;
  // the same prefixes of the out-lists too.
  std::mt19937_64 rng(20261128);
  for (const int n : {1, 511, 512, 1535, 1536, 6000}) {
    std::string tsv = "a0\ta0\tObserver\n";
    auto cert = [&](int a, int b) {
      tsv += "a" + std::to_string(a) + "\ta" + std::to_string(b) + "\t" + kLevels[1 + rng() % 3] + "\n";
    };
    for (int a = 0; a < n; ++a) {
      if (a + 1 < n) cert(a, a + 1);
      const int out = static_cast<int>(rng() % 12);
      for (int k = 0; k < out; ++k)
        if (const auto b = static_cast<int>(rng() % n); b != a && b != a + 1) cert(a, b);
    }
    const auto [g, fg] = shared_graph(tsv, "a0");
    ASSERT_EQ(fg.size(), static_cast<std::size_t>(n) + 1);
    std::vector<std::vector<FlowGraph::InArc>> expected(fg.size());
    std::set<LevelIndex> levels;
    for (std::uint32_t u = 0; u < fg.size(); ++u) {
      for (std::uint32_t e = fg.out_begin[u]; e < fg.out_begin[u + 1]; ++e) {
        expected[fg.out_head[e]].push_back({u, e});
        levels.insert(fg.out_level[e]);
      }
    }
    for (auto& list : expected)
      std::stable_sort(list.begin(), list.end(), [&](const FlowGraph::InArc& x, const FlowGraph::InArc& y) {
        return fg.out_level[x.edge] > fg.out_level[y.edge];
      });
    ASSERT_EQ(fg.in_begin[fg.size()], fg.out_head.size());
    std::size_t checked_levels = 0;
    for (std::uint32_t v = 0; v < fg.size(); ++v) {
      const auto& want = expected[v];
      ASSERT_EQ(fg.in_begin[v + 1] - fg.in_begin[v], want.size()) << n << " accounts, account " << v;
      for (std::size_t i = 0; i < want.size(); ++i) {
        const FlowGraph::InArc got = fg.in_arc[fg.in_begin[v] + i];
        ASSERT_EQ(got.tail, want[i].tail) << n << " accounts, account " << v << " arc " << i;
        ASSERT_EQ(got.edge, want[i].edge) << n << " accounts, account " << v << " arc " << i;
      }
      // And v's out-list: highest level first, each level's prefix ending
      // where out_end_at says.
      for (std::uint32_t e = fg.out_begin[v] + 1; e < fg.out_begin[v + 1]; ++e)
        ASSERT_GE(fg.out_level[e - 1], fg.out_level[e]) << n << " accounts, account " << v;
      for (std::size_t lv = 0; lv < fg.in_end_at.size(); ++lv) {
        if (fg.in_end_at[lv].empty()) continue;
        const auto at_or_above = std::count_if(want.begin(), want.end(), [&](const FlowGraph::InArc& a) {
          return fg.out_level[a.edge] >= lv;
        });
        ASSERT_EQ(fg.in_end_at[lv][v], fg.in_begin[v] + at_or_above) << n << " accounts, account " << v << " level " << lv;
        std::uint32_t out_at_or_above = 0;
        for (std::uint32_t e = fg.out_begin[v]; e < fg.out_begin[v + 1]; ++e) out_at_or_above += fg.out_level[e] >= lv;
        ASSERT_EQ(fg.out_end_at[lv][v], fg.out_begin[v] + out_at_or_above)
            << n << " accounts, account " << v << " level " << lv;
        ++checked_levels;
      }
    }
    // Every level certificates have, and the root's arcs to the seed.
    EXPECT_EQ(checked_levels, levels.size() * fg.size()) << n << " accounts";
    if (n > 1) {
      EXPECT_EQ(levels.size(), 4u) << n << " accounts";
    }
  }
}

TEST(FlowEngine, LongChainsPastTheOneByteLabels) {
  // Labels of 255 and more are read from the records, not the one-byte
  // copy: chains of 140 to 200 accounts put residual distances far past
  // it. Each account can pass on what its part of the chain needs, but for
  // a few narrow places deep down, which flow must get around through the
  // occasional certificate two places ahead (and some pointing back).
  std::mt19937_64 rng(20261129);
  auto pick = [&](std::uint64_t n) { return static_cast<int>(rng() % n); };
  FlowTuning eager;
  eager.search_budget_divisor = 0;
  // Exact labellings whose every step is bottom-up, or every other one:
  // those steps compare tails' labels with depths past 255 too.
  FlowTuning bottom_up = eager;
  bottom_up.bottom_up_percent = 0;
  FlowTuning alternate = eager;
  alternate.alternate_directions = true;
  std::uint32_t deepest = 0;
  for (int i = 0; i < 12; ++i) {
    Case c;
    const int n = 140 + pick(61);
    for (int a = 0; a < n; ++a) c.problem.accounts.push_back("c" + std::to_string(1000 + a));
    for (int a = 0; a + 1 < n; ++a) {
      c.problem.history.push_back({c.problem.accounts[a], c.problem.accounts[a + 1], 3});
      if (a + 2 < n && pick(8) == 0) c.problem.history.push_back({c.problem.accounts[a], c.problem.accounts[a + 2], 1 + pick(3)});
      if (a >= 3 && pick(4) == 0) c.problem.history.push_back({c.problem.accounts[a], c.problem.accounts[a - 1 - pick(3)], 1 + pick(3)});
    }
    c.problem.seeds = {c.problem.accounts[0]};
    c.problem.caps = {n + 1};
    for (int d = 1; d <= n; ++d) c.problem.caps.push_back(n + 2 - d);
    for (int k = 0; k < 4; ++k) c.problem.caps[static_cast<std::size_t>(100 + pick(n - 110))] = 2 + pick(3);
    write_tsv(c);
    auto parsed = parse_graph(c.tsv, kLevels, "chain");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message();
    StandingGraph g = standing_graph(*parsed);
    FlowGraph fg = build_flow_graph(g, seed_ids(g, c));
    for (int level = 1; level <= 3; ++level) {
      SCOPED_TRACE("chain " + std::to_string(i) + " level " + std::to_string(level));
      LevelGraph lg = level_graph(fg, static_cast<LevelIndex>(level));
      GreedyFlow before(lg, c.problem.caps);
      for (std::uint32_t d : before.residual_distances())
        if (d != GreedyFlow::kUnreachable) deepest = std::max(deepest, d);
      const std::set<std::string> want = reference::incremental_greedy(c.problem, level);
      EXPECT_EQ(engine(g, c, level, FlowTuning{}).accepted, want);
      EXPECT_EQ(engine(g, c, level, eager).accepted, want);
      EXPECT_EQ(engine(g, c, level, bottom_up).accepted, want);
      EXPECT_EQ(engine(g, c, level, alternate).accepted, want);
      GreedyFlow flow(lg, c.problem.caps, eager);
      for (std::uint32_t k = 1; k <= lg.order.size(); ++k) {
        flow.run(k);
        ASSERT_NO_FATAL_FAILURE(assert_sound(flow, "after candidate " + std::to_string(k)));
      }
    }
  }
  EXPECT_GT(deepest, 260u);  // the chains really went past one byte
}

}  // namespace
}  // namespace journeyer::trust
