#include "trust/flow.h"

#include <algorithm>

namespace journeyer::trust {

namespace {
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Breadth-first searches know their next nodes ahead: asking for a node's
// adjacency this many nodes early hides most of the memory latency of
// fetching each node's arcs from a different place.
constexpr std::size_t kAhead = 8;
}

LevelGraph build_level_graph(const StandingGraph& g, LevelIndex level,
                             const std::vector<AccountId>& seeds,
                             const std::vector<AccountId>& by_rank) {
  const std::size_t n = g.account_count();
  std::vector<std::uint32_t> dist(n, kNone);
  std::vector<AccountId> queue;
  queue.reserve(n);
  for (AccountId s : seeds) {
    if (dist[s] == kNone) {
      dist[s] = 1;
      queue.push_back(s);
    }
  }
  // Breadth-first search from the root over certificates at `level` or above.
  for (std::size_t head = 0; head < queue.size(); ++head) {
    if (head + 2 * kAhead < queue.size()) __builtin_prefetch(g.out_begin.data() + queue[head + 2 * kAhead]);
    if (head + kAhead < queue.size()) {
      const std::uint32_t b = g.out_begin[queue[head + kAhead]];
      __builtin_prefetch(g.out_subject.data() + b);
      __builtin_prefetch(g.out_level.data() + b);
    }
    AccountId u = queue[head];
    for (std::uint32_t e = g.out_begin[u]; e < g.out_begin[u + 1]; ++e) {
      if (g.out_level[e] < level) continue;
      AccountId v = g.out_subject[e];
      if (dist[v] == kNone) {
        dist[v] = dist[u] + 1;
        queue.push_back(v);
      }
    }
  }
  const std::uint32_t max_dist = queue.empty() ? 0 : dist[queue.back()];

  // Priority order: distance, then name byte order (by_rank is name order).
  std::vector<std::uint32_t> start(max_dist + 2, 0);
  for (AccountId a : queue) ++start[dist[a]];
  std::uint32_t acc = 1;  // local 0 is the root
  for (std::uint32_t d = 0; d <= max_dist + 1; ++d) {
    std::uint32_t c = start[d];
    start[d] = acc;
    acc += c;
  }
  LevelGraph lg;
  lg.account.assign(queue.size() + 1, kNone);
  lg.dist.assign(queue.size() + 1, 0);
  std::vector<std::uint32_t> local(n, kNone);
  for (AccountId a : by_rank) {
    if (dist[a] == kNone) continue;
    std::uint32_t l = start[dist[a]]++;
    local[a] = l;
    lg.account[l] = a;
    lg.dist[l] = dist[a];
  }

  const std::size_t nl = lg.account.size();
  lg.out_begin.assign(nl + 1, 0);
  lg.out_head.reserve(g.certificate_count());
  for (AccountId s : seeds) lg.out_head.push_back(local[s]);
  std::sort(lg.out_head.begin(), lg.out_head.end());
  lg.out_head.erase(std::unique(lg.out_head.begin(), lg.out_head.end()), lg.out_head.end());
  lg.out_begin[1] = static_cast<std::uint32_t>(lg.out_head.size());
  for (std::uint32_t v = 1; v < nl; ++v) {
    AccountId u = lg.account[v];
    for (std::uint32_t e = g.out_begin[u]; e < g.out_begin[u + 1]; ++e)
      if (g.out_level[e] >= level) lg.out_head.push_back(local[g.out_subject[e]]);
    lg.out_begin[v + 1] = static_cast<std::uint32_t>(lg.out_head.size());
  }
  return lg;
}

GreedyFlow::GreedyFlow(const LevelGraph& graph, const std::vector<std::int64_t>& caps)
    : g_(graph), n_(graph.size()) {
  const std::size_t m = g_.out_head.size();
  rev_begin_.assign(n_ + 1, 0);
  for (std::uint32_t h : g_.out_head) ++rev_begin_[h + 1];
  for (std::size_t v = 0; v < n_; ++v) rev_begin_[v + 1] += rev_begin_[v];
  rev_tail_.resize(m);
  rev_edge_.resize(m);
  rev_pos_.resize(m);
  std::vector<std::uint32_t> fill(rev_begin_.begin(), rev_begin_.end() - 1);
  for (std::uint32_t u = 0; u < n_; ++u) {
    for (std::uint32_t e = g_.out_begin[u]; e < g_.out_begin[u + 1]; ++e) {
      std::uint32_t k = fill[g_.out_head[e]]++;
      rev_tail_[k] = u;
      rev_edge_[k] = e;
      rev_pos_[e] = k - rev_begin_[g_.out_head[e]];
    }
  }
  cap_.resize(n_);
  const std::size_t k = caps.size();
  for (std::size_t v = 0; v < n_; ++v)
    cap_[v] = static_cast<std::int32_t>(caps[std::min<std::size_t>(g_.dist[v], k - 1)]);
  node_flow_.assign(n_, 0);
  edge_flow_.assign(m, 0);
  accepted_.assign(n_, 0);
  budget_ = caps[0] - 1;  // the root keeps one unit: R is accepted first and never reported
  dist_.assign(2 * n_, kUnreachable);
  cur_.assign(2 * n_, 0);
  next_.assign(2 * n_, kNone);
  prev_.assign(2 * n_, kNone);
  // A residual distance is below the number of residual nodes.
  level_head_.assign(2 * n_ + 2, kNone);
  level_count_.assign(2 * n_ + 2, 0);
  search_budget_ = (2 * n_ + m) / kSearchBudgetDivisor;
  periodic_budget_ = (2 * n_ + m) * kPeriodicFactor;
  // Before any flow, 2d-1 for v_in and 2d for v_out (d its distance on G_l)
  // are valid lower bounds of the residual distances, and cost no search.
  set_level(1, 0);
  for (std::uint32_t v = 1; v < n_; ++v) {
    set_level(2 * v, 2 * g_.dist[v] - 1);
    if (cap_[v] > 1) set_level(2 * v + 1, 2 * g_.dist[v]);
  }
}

inline std::uint32_t GreedyFlow::in_degree(std::uint32_t r) const {
  std::uint32_t v = r >> 1;
  if ((r & 1) == 0) return rev_begin_[v + 1] - rev_begin_[v] + 1;
  return g_.out_begin[v + 1] - g_.out_begin[v] + 1;
}

inline std::uint32_t GreedyFlow::arc_tail(std::uint32_t r, std::uint32_t i) const {
  std::uint32_t v = r >> 1;
  if ((r & 1) == 0) {  // v_in: from u_out for each certificate u -> v, then from v_out
    std::uint32_t deg = rev_begin_[v + 1] - rev_begin_[v];
    if (i < deg) return 2 * rev_tail_[rev_begin_[v] + i] + 1;
    return node_flow_[v] > 0 ? 2 * v + 1 : kNone;
  }
  // v_out: from v_in while v can pass more on, then from w_in for each
  // certificate v -> w that carries flow (cancelling it).
  if (i == 0) return node_flow_[v] < cap_[v] - 1 ? 2 * v : kNone;
  std::uint32_t e = g_.out_begin[v] + i - 1;
  return edge_flow_[e] > 0 ? 2 * g_.out_head[e] : kNone;
}

void GreedyFlow::set_level(std::uint32_t r, std::uint32_t level) {
  dist_[r] = level;
  next_[r] = level_head_[level];
  prev_[r] = kNone;
  if (level_head_[level] != kNone) prev_[level_head_[level]] = r;
  level_head_[level] = r;
  ++level_count_[level];
  max_level_ = std::max(max_level_, level);
}

void GreedyFlow::exact_labels() {
  // Exact labels: breadth-first search from the source over residual arcs.
  // Each node's current arc is the one it was discovered through, whose tail
  // is one level lower. Nodes not reached are cut off for good.
  ++stats_.global_relabels;
  std::fill(dist_.begin(), dist_.end(), kUnreachable);
  for (std::uint32_t l = 0; l <= max_level_ && l < level_head_.size(); ++l) {
    level_head_[l] = kNone;
    level_count_[l] = 0;
  }
  max_level_ = 0;
  auto& queue = scratch_;
  queue.clear();
  queue.reserve(2 * n_);
  set_level(1, 0);
  queue.push_back(1);
  auto visit = [&](std::uint32_t c, std::uint32_t level, std::uint32_t arc) {
    if (dist_[c] == kUnreachable) {
      set_level(c, level);
      cur_[c] = arc;
      queue.push_back(c);
    }
  };
  for (std::size_t head = 0; head < queue.size(); ++head) {
    if (head + kAhead < queue.size()) {
      const std::uint32_t a = queue[head + kAhead] >> 1;
      if (queue[head + kAhead] & 1) {
        __builtin_prefetch(g_.out_head.data() + g_.out_begin[a]);
        __builtin_prefetch(rev_pos_.data() + g_.out_begin[a]);
      } else {
        __builtin_prefetch(rev_edge_.data() + rev_begin_[a]);
      }
    }
    std::uint32_t r = queue[head];
    std::uint32_t v = r >> 1, d = dist_[r] + 1;
    if (r & 1) {
      for (std::uint32_t e = g_.out_begin[v]; e < g_.out_begin[v + 1]; ++e) visit(2 * g_.out_head[e], d, rev_pos_[e]);
      if (node_flow_[v] > 0 && v != 0) visit(2 * v, d, rev_begin_[v + 1] - rev_begin_[v]);
    } else {
      if (node_flow_[v] < cap_[v] - 1) visit(2 * v + 1, d, 0);
      // The certificates into v carry, together, the unit v keeps and what
      // it passes on: stop looking once all of that is found.
      std::int32_t inflow = node_flow_[v] + accepted_[v];
      for (std::uint32_t k = rev_begin_[v]; inflow > 0 && k < rev_begin_[v + 1]; ++k) {
        std::uint32_t e = rev_edge_[k];
        if (std::int32_t f = edge_flow_[e]; f > 0) {
          std::uint32_t u = rev_tail_[k];
          visit(2 * u + 1, d, 1 + e - g_.out_begin[u]);
          inflow -= f;
        }
      }
    }
  }
  stats_.arcs_scanned += g_.out_head.size();
  work_since_relabel_ = 0;
}

void GreedyFlow::cut_above(std::uint32_t level) {
  ++stats_.gaps;
  for (std::uint32_t l = level + 1; l <= max_level_; ++l) {
    for (std::uint32_t r = level_head_[l]; r != kNone; r = next_[r]) dist_[r] = kUnreachable;
    level_head_[l] = kNone;
    level_count_[l] = 0;
  }
  max_level_ = level;
}

void GreedyFlow::relabel(std::uint32_t r) {
  ++stats_.raises;
  const std::uint32_t k = dist_[r];
  const std::uint32_t deg = in_degree(r);
  std::uint32_t best = kUnreachable, best_arc = 0;
  std::uint32_t scanned = deg;
  if ((r & 1) == 0) {
    for (std::uint32_t i = 0; i < deg; ++i) {
      std::uint32_t t = arc_tail(r, i);
      if (t != kNone && dist_[t] < best) {
        best = dist_[t];
        best_arc = i;
      }
    }
  } else {
    // v_out: from v_in while v can pass more on, then back along v's
    // certificates that carry flow, which together carry what v passes on.
    const std::uint32_t v = r >> 1;
    if (node_flow_[v] < cap_[v] - 1) {
      best = dist_[r - 1];
      best_arc = 0;
    }
    std::int32_t outflow = node_flow_[v];
    std::uint32_t i = 1;
    for (; outflow > 0 && i < deg; ++i) {
      std::uint32_t e = g_.out_begin[v] + i - 1;
      if (std::int32_t f = edge_flow_[e]; f > 0) {
        outflow -= f;
        std::uint32_t t = 2 * g_.out_head[e];
        if (dist_[t] < best) {
          best = dist_[t];
          best_arc = i;
        }
      }
    }
    scanned = i;
  }
  stats_.arcs_scanned += scanned;
  work_since_relabel_ += scanned;
  if (best != kUnreachable && best + 1 == k) {  // an admissible arc was behind the current one
    cur_[r] = best_arc;
    return;
  }
  // Unlink from level k.
  if (prev_[r] != kNone) next_[prev_[r]] = next_[r];
  else level_head_[k] = next_[r];
  if (next_[r] != kNone) prev_[next_[r]] = prev_[r];
  --level_count_[k];
  dist_[r] = kUnreachable;
  if (level_count_[k] == 0) {
    cut_above(k);  // an empty level: nothing above it can be reached (the gap rule)
    return;
  }
  cur_[r] = best_arc;
  if (best != kUnreachable) set_level(r, best + 1);
}

bool GreedyFlow::find_path(std::uint32_t candidate) {
  // Walk backwards from the candidate along admissible in-arcs (tail one
  // level lower) to the source; relabel and retreat where there is none.
  path_.clear();
  const std::uint32_t start = 2 * candidate;
  std::uint32_t r = start;
  const std::uint64_t work_at_start = work_since_relabel_;
  bool relabelled = false;
  while (dist_[start] != kUnreachable) {
    if (r == 1) return true;
    // Proving a candidate unreachable by raising labels step by step can
    // cost far more than one exact labelling: past a budget, label afresh.
    if (!relabelled && work_since_relabel_ - work_at_start > search_budget_) {
      exact_labels();
      relabelled = true;
      path_.clear();
      r = start;
      continue;
    }
    const std::uint32_t deg = in_degree(r), want = dist_[r] - 1;
    std::uint32_t i = cur_[r];
    std::uint32_t t = kNone;
    for (; i < deg; ++i) {
      t = arc_tail(r, i);
      if (t != kNone && dist_[t] == want) break;
    }
    stats_.arcs_scanned += i - cur_[r] + (i < deg);
    work_since_relabel_ += i - cur_[r] + 1;
    if (i < deg) {
      cur_[r] = i;
      path_.push_back(r);
      r = t;
      continue;
    }
    relabel(r);
    if (r != start) {
      r = path_.back();
      path_.pop_back();
    }
  }
  return false;
}

void GreedyFlow::augment(std::uint32_t candidate) {
  ++stats_.augmentations;
  for (std::uint32_t h : path_) {
    std::uint32_t v = h >> 1, i = cur_[h];
    if ((h & 1) == 0) {
      std::uint32_t deg = rev_begin_[v + 1] - rev_begin_[v];
      if (i < deg) ++edge_flow_[rev_edge_[rev_begin_[v] + i]];
      else --node_flow_[v];  // cancel flow v passed on
    } else if (i == 0) {
      ++node_flow_[v];
    } else {
      --edge_flow_[g_.out_begin[v] + i - 1];  // cancel flow on v's certificate
    }
  }
  budget_ -= 1;
  accepted_[candidate] = 1;
  ++accepted_count_;
}

std::vector<std::uint8_t> GreedyFlow::residual_reachable() const {
  // Plain breadth-first search over residual arcs: the labels are lower
  // bounds, so only this says exactly who one more unit could reach.
  std::vector<std::uint8_t> seen(2 * n_, 0);
  if (budget_ <= 0) return seen;
  std::vector<std::uint32_t> queue{1};
  seen[1] = 1;
  auto visit = [&](std::uint32_t c) {
    if (!seen[c]) {
      seen[c] = 1;
      queue.push_back(c);
    }
  };
  for (std::size_t head = 0; head < queue.size(); ++head) {
    std::uint32_t r = queue[head], v = r >> 1;
    if (r & 1) {
      for (std::uint32_t e = g_.out_begin[v]; e < g_.out_begin[v + 1]; ++e) visit(2 * g_.out_head[e]);
      if (node_flow_[v] > 0 && v != 0) visit(2 * v);
    } else {
      if (node_flow_[v] < cap_[v] - 1) visit(2 * v + 1);
      for (std::uint32_t k = rev_begin_[v]; k < rev_begin_[v + 1]; ++k)
        if (edge_flow_[rev_edge_[k]] > 0) visit(2 * rev_tail_[k] + 1);
    }
  }
  return seen;
}

void GreedyFlow::run(std::uint32_t stop_before) {
  std::uint32_t c = next_candidate_;
  for (; c < n_ && c < stop_before; ++c) {
    if (budget_ <= 0) break;
    std::uint64_t before = stats_.arcs_scanned;
    // Many searches that each stay under their budget can together raise
    // labels one step at a time for much longer than an exact labelling
    // takes: label afresh once they have spent twice the network's size.
    if (work_since_relabel_ > periodic_budget_) exact_labels();
    if (find_path(c)) {
      augment(c);
    } else {
      ++stats_.failed_searches;
      stats_.failed_work += stats_.arcs_scanned - before;
    }
  }
  next_candidate_ = c;
}

}  // namespace journeyer::trust
