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
//
// All levels share one graph (FlowGraph): each account's certificates, out
// and in, are sorted highest level first, so a level's graph is a prefix of
// every list and nothing is rebuilt per level.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "trust/graph.h"
#include "util/big_blocks.h"

namespace journeyer::trust {

// The accounts the root reaches on the lowest level's graph (which contains
// every other level's), numbered by (distance on that graph, name): local 0
// is the virtual root R. Each list is sorted by certificate level, highest
// first; the root's certificates to the seeds count at every level.
struct FlowGraph {
  struct InArc {
    std::uint32_t tail;
    std::uint32_t edge;  // the certificate's index in out_head
  };
  static constexpr LevelIndex kEveryLevel = 0xff;
  std::vector<AccountId> account;     // local -> global id (account[0] unused: the root)
  std::vector<std::uint32_t> dist;    // distance from the root on the lowest level's graph
  LevelIndex lowest_level = 0;        // the lowest level any certificate has
  std::vector<std::uint32_t> by_name;  // locals 1.. in name byte order
  BigVector<std::uint32_t> out_begin;  // size() + 1
  BigVector<std::uint32_t> out_head;
  BigVector<LevelIndex> out_level;
  BigVector<std::uint32_t> in_begin;  // size() + 1
  BigVector<InArc> in_arc;
  // in_end_at[l][v] and out_end_at[l][v]: where v's in-list and out-list
  // end on the graph of the certificates at level l or above, for each
  // level l that certificates have (others are empty).
  std::vector<BigVector<std::uint32_t>> in_end_at, out_end_at;
  std::size_t size() const { return account.size(); }
};

// `seeds` are global ids.
FlowGraph build_flow_graph(const StandingGraph& g, const std::vector<AccountId>& seeds);

// G_l for one level (certificates at `level` or above) as a view of the
// shared graph: where each list's prefix ends, distances from the root and
// the candidates in priority order.
struct LevelGraph {
  static constexpr std::uint32_t kUnreachable = std::numeric_limits<std::uint32_t>::max();
  const FlowGraph* graph = nullptr;
  LevelIndex level = 0;
  std::vector<std::uint32_t> dist;   // by local id; kUnreachable where G_l does not reach
  std::vector<std::uint32_t> order;  // the accounts G_l reaches, by (distance, name)
  std::span<const std::uint32_t> out_end, in_end;  // by local id, in the shared graph
  std::size_t arc_count = 0;                 // certificates of G_l among reached accounts
  std::uint32_t out_begin(std::uint32_t v) const { return graph->out_begin[v]; }
  std::uint32_t in_begin(std::uint32_t v) const { return graph->in_begin[v]; }
};

// `threads` > 1: the breadth-first search's bottom-up steps on two threads.
LevelGraph level_graph(const FlowGraph& g, LevelIndex level, unsigned threads = 1);

// When labels are recomputed exactly, and how. The defaults are the
// measured best; tests change them to drive every path of the method.
struct FlowTuning {
  // One search may spend this fraction of the network's size in work
  // before the labels are recomputed exactly (the global relabelling
  // heuristic, applied where a search grinds; measured best among 4, 8,
  // 16 and 64). 0: at the first step of every search that has any work.
  std::uint64_t search_budget_divisor = 16;
  // And all searches together may spend this many times the network's
  // size between exact labellings (measured best among 1, 1.5, 2, 3 and
  // never on the 1M / 10M graph). 0: before nearly every candidate.
  std::uint64_t periodic_factor = 2;
  // An exact labelling takes a bottom-up step (each node not yet reached
  // looks for a parent in the frontier, and stops at the first) once the
  // frontier's arcs exceed this many hundredths of the arcs into nodes not
  // reached. On the 1M / 10M graph, where a bottom-up step reads the
  // records in memory order, 50 and 25 both beat 100; 50 did a little
  // better on the Master level, whose search takes longest. 0: every step
  // with a frontier is bottom-up.
  std::uint64_t bottom_up_percent = 50;
  // Tests: top-down and bottom-up steps in turn, whatever the sizes.
  bool alternate_directions = false;
  // Tests: keep the lists of residual nodes by label from the start. By
  // default only their counts are kept (all the gap rule needs to see a
  // level empty) until the first gap that cuts off a small part of the
  // network: the lists cost three scattered writes per raise, and on the
  // 1M / 10M graph no level but the one cutting off nearly everything ever
  // empties.
  bool level_lists = false;
  // Once an exact labelling or a cut leaves fewer labelled residual nodes
  // than an eighth of the candidates still to try, the accounts whose v_in
  // is still labelled are noted in a byte each and the others are passed
  // over without reading their records (they are cut off for good, so
  // their searches would fail at once; an exact labelling due before one of
  // them is still made). Tests: false tries them all.
  bool skip_cut_off = true;
};

class GreedyFlow {
 public:
  static constexpr std::uint32_t kUnreachable = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t kRunAll = std::numeric_limits<std::uint32_t>::max();

  using Tuning = FlowTuning;

  // caps[d] is the capacity of a node at distance d (the last one repeats).
  // `threads` > 1: the set-up on two threads.
  GreedyFlow(const LevelGraph& graph, const std::vector<std::int64_t>& caps, Tuning tuning = {},
             unsigned threads = 1);

  // Tries the candidates graph.order[0], [1], ... stopping before position
  // `stop_before` (to look at the residual network a candidate faced).
  void run(std::uint32_t stop_before = kRunAll);

  bool accepted(std::uint32_t local) const { return accepted_[local] != 0; }
  std::size_t accepted_count() const { return accepted_count_; }

  // After run(): the residual nodes one more unit could reach (index 2v for
  // v_in, 2v+1 for v_out), and whether the root's own capacity is used up.
  std::vector<std::uint8_t> residual_reachable() const;
  // Shortest residual distances from the source, by residual node
  // (kUnreachable where none), and whether every label is at most its
  // node's distance, as the search relies on (for tests).
  std::vector<std::uint32_t> residual_distances() const;
  bool labels_are_lower_bounds() const;
  // And whether label(r) <= label(t) + 1 on every residual arc t -> r into
  // a node not cut off: what keeps them lower bounds as flow moves.
  bool labels_are_valid() const;
  // And whether the one-byte copy of every v_out label says what the
  // record does (the label, or kFar from 255 up and where cut off).
  bool label_copies_agree() const;
  // And whether the counts of residual nodes by label, which the gap rule
  // reads, agree with the labels, and (once kept) the lists by label hold
  // every labelled node once, under its label, linked both ways.
  bool level_lists_agree() const;
  // Whether the lists by label are kept (from the start, or since the first
  // gap that cut off a small part of the network).
  bool level_lists_kept() const { return lists_; }
  // Whether the candidates cut off are being passed over (skip_cut_off).
  bool passing_over_cut_off() const { return thin_; }
  bool root_exhausted() const { return budget_ == 0; }
  std::int64_t capacity(std::uint32_t local) const { return nodes_[local].cap; }
  std::int64_t passed_on(std::uint32_t local) const { return nodes_[local].flow; }
  // Flow on the certificate out_head[edge] of the shared graph.
  std::int64_t edge_flow(std::uint32_t edge) const { return edge_flow_[edge]; }

  // Work counters, for benchmarks and tests of the incremental bookkeeping.
  struct Stats {
    std::uint64_t augmentations = 0;
    std::uint64_t raises = 0;
    std::uint64_t arcs_scanned = 0;
    std::uint64_t gaps = 0;
    std::uint64_t global_relabels = 0;
    std::uint64_t failed_searches = 0;  // candidates found unreachable (by a search, or passed over)
    std::uint64_t passed_over = 0;      // of those, passed over as cut off (skip_cut_off)
    std::uint64_t failed_work = 0;      // arcs scanned in those searches
    std::uint64_t cancellations = 0;    // path arcs that cancelled flow
  };
  const Stats& stats() const { return stats_; }

 private:
  // Residual nodes: 2v is v_in, 2v+1 is v_out; 1 (the root's out side) is
  // the source, with budget caps[0] - 1 (the root keeps one unit itself).
  // Everything the search reads about an account sits in one cache line.
  struct alignas(64) Node {
    std::uint32_t label[2];  // residual distance lower bounds of v_in, v_out
    std::uint32_t cur[2];    // current arcs
    std::uint32_t next[2], prev[2];  // the lists of residual nodes by label, once kept
    std::int32_t flow;       // what v passes on
    std::int32_t cap;
    std::uint32_t in_begin, in_end, out_begin, out_end;  // v's lists on G_l
    // The tail and the certificate of v_in's current arc while that is a
    // certificate: the path walk and the augmentation go on without reading
    // the in-list.
    std::uint32_t cur_tail, cur_edge;
  };
  static_assert(sizeof(Node) == 64);

  std::uint32_t label(std::uint32_t r) const { return nodes_[r >> 1].label[r & 1]; }
  // Residual node r's label where only a label equal to `want` or below
  // `low` matters, v_out's read through its one-byte copy: the scans that
  // look for an admissible arc read the labels of many tails they do not go
  // on to, and a megabyte per million accounts stays in the core's cache
  // where the 64-byte records cannot. A copy of kFar means kFar or more, or
  // none (cut off, or not reached yet in an exact labelling: common, and
  // each a cache miss), so while `want` and `low` are below kFar the record
  // is not read and kUnreachable stands for it.
  std::uint32_t label_if_below(std::uint32_t r, std::uint32_t want, std::uint32_t low) const {
    if ((r & 1) == 0) return nodes_[r >> 1].label[0];
    const std::uint8_t b = out_label_[r >> 1];
    if (b != kFar) return b;
    return want < kFar && low < kFar ? kUnreachable : nodes_[r >> 1].label[1];
  }
  // What the one-byte copy holds for a label.
  static std::uint8_t small_label(std::uint32_t level) {
    return level < kFar ? static_cast<std::uint8_t>(level) : kFar;
  }
  // Sets residual node r's label (x is its account's record), and for v_out
  // the copy too: every label write goes through here.
  void store_label(Node& x, std::uint32_t r, std::uint32_t level) {
    x.label[r & 1] = level;
    if (r & 1) out_label_[r >> 1] = small_label(level);
  }
  [[gnu::always_inline]] inline std::uint32_t in_degree(const Node& x, std::uint32_t side) const;
  // Tail of in-arc i of residual node r (of account x), or kUnreachable if
  // that arc has no residual capacity.
  [[gnu::always_inline]] inline std::uint32_t arc_tail(const Node& x, std::uint32_t r, std::uint32_t i) const;
  void exact_labels();
  bool find_path(std::uint32_t candidate);
  void augment(std::uint32_t candidate);
  // Raises r's label to one above its lowest residual in-arc's tail (or
  // cuts it off). For v_in, the search has scanned arcs from..deg-1 and
  // found their lowest tail label from_best, first at arc from_arc.
  void relabel(std::uint32_t r, std::uint32_t from, std::uint32_t from_best, std::uint32_t from_arc);
  void set_level(std::uint32_t r, std::uint32_t level);
  // Puts residual node r (of account x) at the head of level's list.
  void link(Node& x, std::uint32_t r, std::uint32_t level);
  // Takes residual node r (of account x) off level k.
  void unset_level(Node& x, std::uint32_t r, std::uint32_t k);
  // Builds the lists by label in one pass in memory order, cutting off on
  // the way every node labelled above `level`.
  void build_lists(std::uint32_t level);
  void set_cur(Node& x, std::uint32_t side, std::uint32_t arc);
  void cut_above(std::uint32_t level);
  // After an exact labelling or a cut, with `remaining` candidates to try:
  // notes the accounts still labelled if they have become few (skip_cut_off).
  void note_if_thin(std::size_t remaining);

  const LevelGraph& lg_;
  const FlowGraph& g_;
  std::size_t n_;
  Tuning tuning_;
  BigVector<Node> nodes_;
  BigVector<std::int32_t> edge_flow_;
  // By account: v_out's label, or kFar where that is kFar or more (or cut
  // off): then the record has it.
  static constexpr std::uint8_t kFar = 0xff;
  BigVector<std::uint8_t> out_label_;
  BigVector<std::uint8_t> accepted_;
  // Once the network has thinned out: by account, whether v_in was still
  // labelled then (every account that can still be accepted is).
  BigVector<std::uint8_t> in_alive_;
  bool thin_ = false;
  BigVector<std::uint32_t> level_head_, level_count_;
  std::uint32_t max_level_ = 0;
  std::uint64_t labelled_ = 0;  // the sum of level_count_
  bool lists_ = false;  // level_head_ and the records' next / prev are kept
  std::vector<std::uint32_t> path_;  // heads of the arcs of the path being built
  BigVector<std::uint32_t> scratch_, next_frontier_, alive_;
  std::uint64_t work_since_relabel_ = 0, search_budget_ = 0, periodic_budget_ = 0;
  // Candidates whose likely paths (the chain of current arcs) are fetched
  // into the cache ahead of their turn, one account per candidate tried.
  static constexpr std::size_t kLookahead = 8;
  std::size_t accepted_count_ = 0;
  std::int64_t budget_ = 0;
  std::uint32_t next_candidate_ = 0;  // position in lg_.order
  Stats stats_;
};

}  // namespace journeyer::trust
