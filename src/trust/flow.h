// The canonical greedy maximum flow on one level's graph (trust-metric.md,
// "The computation" and "the canonical answer").
//
// Candidates are tried in priority order (distance from the root, then name
// byte order); each one still reachable from the source in the residual
// network gets one unit along a shortest residual path. Instead of one graph
// search per candidate, every residual node keeps a distance label from the
// source that never overestimates and only rises (the Edmonds-Karp lemma).
// A candidate's path is found by walking backwards along arcs whose tail is
// one level lower, raising a node's label where no such arc is left (the
// shortest-augmenting-path method with distance labels and current arcs);
// when a level empties, everything above it is cut off at once (the gap rule
// of push-relabel), and a candidate cut off is unreachable for good.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "trust/graph.h"
#include "trust/huge_pages.h"

namespace journeyer::trust {

// G_l restricted to the accounts the root reaches, renumbered in priority
// order: local 0 is the virtual root R, then accounts by (distance, name).
struct LevelGraph {
  std::vector<AccountId> account;     // local -> global id (account[0] unused: the root)
  std::vector<std::uint32_t> dist;    // distance from the root on G_l
  BigVector<std::uint32_t> out_begin;  // CSR over local ids
  BigVector<std::uint32_t> out_head;
  std::size_t size() const { return account.size(); }
};

// Builds G_l for `level` (certificates at `level` or above). `seeds` are
// global ids; `by_rank` lists every account in name byte order.
LevelGraph build_level_graph(const StandingGraph& g, LevelIndex level,
                             const std::vector<AccountId>& seeds,
                             const std::vector<AccountId>& by_rank);

class GreedyFlow {
 public:
  static constexpr std::uint32_t kUnreachable = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t kRunAll = std::numeric_limits<std::uint32_t>::max();

  // caps[d] is the capacity of a node at distance d (the last one repeats).
  GreedyFlow(const LevelGraph& graph, const std::vector<std::int64_t>& caps);

  // Tries candidates 1, 2, ... in priority order, stopping before
  // `stop_before` (to look at the residual network a candidate faced).
  void run(std::uint32_t stop_before = kRunAll);

  bool accepted(std::uint32_t local) const { return accepted_[local] != 0; }
  std::size_t accepted_count() const { return accepted_count_; }

  // After run(): the residual nodes one more unit could reach (index 2v for
  // v_in, 2v+1 for v_out), and whether the root's own capacity is used up.
  std::vector<std::uint8_t> residual_reachable() const;
  bool root_exhausted() const { return budget_ == 0; }
  std::int64_t capacity(std::uint32_t local) const { return cap_[local]; }
  std::int64_t passed_on(std::uint32_t local) const { return node_flow_[local]; }
  // Flow on the certificate out_head[edge] of the level graph.
  std::int64_t edge_flow(std::uint32_t edge) const { return edge_flow_[edge]; }

  // Work counters, for benchmarks and tests of the incremental bookkeeping.
  struct Stats {
    std::uint64_t augmentations = 0;
    std::uint64_t raises = 0;
    std::uint64_t arcs_scanned = 0;
    std::uint64_t gaps = 0;
    std::uint64_t global_relabels = 0;
    std::uint64_t failed_searches = 0;  // candidates found unreachable by a search
    std::uint64_t failed_work = 0;      // arcs scanned in those searches
  };
  const Stats& stats() const { return stats_; }

 private:
  // Residual nodes: 2v is v_in, 2v+1 is v_out; 1 (the root's out side) is
  // the source, with budget caps[0] - 1 (the root keeps one unit itself).
  [[gnu::always_inline]] inline std::uint32_t in_degree(std::uint32_t r) const;
  // Tail of in-arc i of residual node r, or kUnreachable if that arc has no
  // residual capacity.
  [[gnu::always_inline]] inline std::uint32_t arc_tail(std::uint32_t r, std::uint32_t i) const;
  void exact_labels();
  bool find_path(std::uint32_t candidate);
  void augment(std::uint32_t candidate);
  void relabel(std::uint32_t r);
  void set_level(std::uint32_t r, std::uint32_t level);
  void cut_above(std::uint32_t level);

  const LevelGraph& g_;
  std::size_t n_;
  BigVector<std::uint32_t> rev_begin_, rev_tail_, rev_edge_;  // in-edges per local node
  BigVector<std::int32_t> cap_, node_flow_, edge_flow_;
  BigVector<std::uint32_t> dist_, cur_;
  // Residual nodes by level: intrusive doubly linked lists, for the gap rule.
  BigVector<std::uint32_t> level_head_, level_count_, next_, prev_;
  std::uint32_t max_level_ = 0;
  std::vector<std::uint32_t> path_;  // heads of the arcs of the path being built
  BigVector<std::uint32_t> scratch_;
  BigVector<std::uint32_t> rev_pos_;  // certificate -> its index in its subject's in-list
  std::uint64_t work_since_relabel_ = 0, search_budget_ = 0, periodic_budget_ = 0;
  // One search may spend this fraction of the network's size in work before
  // the labels are recomputed exactly (the global relabelling heuristic,
  // applied where a search grinds; measured best among 4, 8, 16 and 64).
  static constexpr std::uint64_t kSearchBudgetDivisor = 16;
  // And all searches together may spend this many times the network's size
  // between exact labellings (measured best among 1, 1.5, 2, 3 and never on
  // the 1M / 10M graph; neutral on the 100k / 1M one).
  static constexpr std::uint64_t kPeriodicFactor = 2;
  std::vector<std::uint8_t> accepted_;
  std::size_t accepted_count_ = 0;
  std::int64_t budget_ = 0;
  std::uint32_t next_candidate_ = 1;
  Stats stats_;
};

}  // namespace journeyer::trust
