#include "trust/flow.h"

#include <algorithm>
#include <array>
#include <exception>
#include <functional>
#include <numeric>
#include <thread>

namespace journeyer::trust {

namespace {
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Breadth-first searches know their next nodes ahead: asking for a node's
// adjacency this many nodes early hides most of the memory latency of
// fetching each node's arcs from a different place.
constexpr std::size_t kAhead = 8;

// Every account in name byte order. The first eight bytes of each name, as
// one big-endian number, are sorted by a least-significant-byte-first radix
// sort (a pass per byte that differs among the names, each a sequential
// read and a scatter over 256 places); whole names are compared only within
// runs whose eight bytes are equal. That keeps a million-name sort out of
// the string comparisons' cache misses and out of a comparison sort's
// log n passes.
std::vector<AccountId> name_order(const StandingGraph& g) {
  struct Key {
    std::uint64_t prefix;
    AccountId id;
  };
  const std::size_t n = g.account_count();
  std::vector<Key> keys(n), other(n);
  std::array<std::array<std::uint32_t, 256>, 8> count{};
  for (AccountId a = 0; a < n; ++a) {
    const std::string& name = g.names[a];
    std::uint64_t prefix = 0;
    for (std::size_t i = 0; i < 8; ++i)
      prefix = (prefix << 8) | (i < name.size() ? static_cast<unsigned char>(name[i]) : 0u);
    keys[a] = {prefix, a};
    for (std::size_t b = 0; b < 8; ++b) ++count[b][(prefix >> (8 * b)) & 0xff];
  }
  for (std::size_t b = 0; b < 8; ++b) {
    auto& c = count[b];
    if (std::find(c.begin(), c.end(), static_cast<std::uint32_t>(n)) != c.end()) continue;  // all alike
    std::uint32_t at = 0;
    for (auto& x : c) {
      const std::uint32_t k = x;
      x = at;
      at += k;
    }
    for (const Key& k : keys) other[c[(k.prefix >> (8 * b)) & 0xff]++] = k;
    keys.swap(other);
  }
  // Names that share their first eight bytes: by the rest (the sort above
  // is stable, so ids are in order within each run).
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && keys[j].prefix == keys[i].prefix) ++j;
    if (j - i > 1)
      std::sort(keys.begin() + static_cast<std::ptrdiff_t>(i), keys.begin() + static_cast<std::ptrdiff_t>(j),
                [&](const Key& x, const Key& y) { return g.names[x.id] < g.names[y.id]; });
    i = j;
  }
  std::vector<AccountId> by_rank(n);
  for (std::size_t i = 0; i < n; ++i) by_rank[i] = keys[i].id;
  return by_rank;
}

// Runs `side` on another thread while `here` runs on this one. An exception
// from either (memory running out, say) reaches the caller once both are
// done, instead of ending the process.
template <class Side, class Here>
void in_parallel(Side&& side, Here&& here) {
  std::exception_ptr failed;
  std::thread other([&] {
    try {
      side();
    } catch (...) {
      failed = std::current_exception();
    }
  });
  try {
    here();
  } catch (...) {
    other.join();
    throw;
  }
  other.join();
  if (failed) std::rethrow_exception(failed);
}

// Calls part(lo, hi) for the halves of 0..n: on two threads when
// `parallel`, else once for the whole range.
template <class Part>
void in_halves(bool parallel, std::size_t n, Part&& part) {
  if (!parallel) {
    part(std::size_t{0}, n);
    return;
  }
  in_parallel([&] { part(std::size_t{0}, n / 2); }, [&] { part(n / 2, n); });
}

}  // namespace

FlowGraph build_flow_graph(const StandingGraph& g, const std::vector<AccountId>& seeds) {
  // Names are sorted while the search below runs.
  std::vector<AccountId> by_rank;
  const std::size_t n = g.account_count();
  std::vector<std::uint32_t> dist(n, kNone);
  std::vector<AccountId> queue;
  in_parallel([&] { by_rank = name_order(g); },
              [&] {
                queue.reserve(n);
                for (AccountId s : seeds) {
                  if (dist[s] == kNone) {
                    dist[s] = 1;
                    queue.push_back(s);
                  }
                }
                // Breadth-first search from the root over every standing
                // certificate: the lowest level's graph, which contains every
                // other level's.
                for (std::size_t head = 0; head < queue.size(); ++head) {
                  if (head + 2 * kAhead < queue.size())
                    __builtin_prefetch(g.out_begin.data() + queue[head + 2 * kAhead]);
                  if (head + kAhead < queue.size())
                    __builtin_prefetch(g.out_subject.data() + g.out_begin[queue[head + kAhead]]);
                  AccountId u = queue[head];
                  for (std::uint32_t e = g.out_begin[u]; e < g.out_begin[u + 1]; ++e) {
                    AccountId v = g.out_subject[e];
                    if (dist[v] == kNone) {
                      dist[v] = dist[u] + 1;
                      queue.push_back(v);
                    }
                  }
                }
              });
  const std::uint32_t max_dist = queue.empty() ? 0 : dist[queue.back()];

  // Local numbers by (distance, name): by_rank is name order.
  std::vector<std::uint32_t> start(max_dist + 2, 0);
  for (AccountId a : queue) ++start[dist[a]];
  std::uint32_t acc = 1;  // local 0 is the root
  for (std::uint32_t d = 0; d <= max_dist + 1; ++d) {
    std::uint32_t c = start[d];
    start[d] = acc;
    acc += c;
  }
  FlowGraph fg;
  fg.account.assign(queue.size() + 1, kNone);
  fg.dist.assign(queue.size() + 1, 0);
  fg.by_name.reserve(queue.size());
  std::vector<std::uint32_t> local(n, kNone);
  for (AccountId a : by_rank) {
    if (dist[a] == kNone) continue;
    std::uint32_t l = start[dist[a]]++;
    local[a] = l;
    fg.account[l] = a;
    fg.dist[l] = dist[a];
    fg.by_name.push_back(l);
  }

  // Out-lists, highest level first: a level's graph is each list's prefix.
  const std::size_t nl = fg.account.size();
  std::vector<std::uint32_t> roots;
  for (AccountId s : seeds) roots.push_back(local[s]);
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  fg.out_begin.resize(nl + 1);
  fg.out_begin[0] = 0;
  fg.out_begin[1] = static_cast<std::uint32_t>(roots.size());
  for (std::uint32_t v = 1; v < nl; ++v) {
    const AccountId u = fg.account[v];
    fg.out_begin[v + 1] = fg.out_begin[v] + (g.out_begin[u + 1] - g.out_begin[u]);
  }
  const std::size_t m = fg.out_begin[nl];
  fg.out_head.resize(m);
  fg.out_level.resize(m);
  std::copy(roots.begin(), roots.end(), fg.out_head.begin());
  std::fill(fg.out_level.begin(), fg.out_level.begin() + roots.size(), FlowGraph::kEveryLevel);
  std::array<std::array<bool, 256>, 2> seen{};
  auto fill_out = [&](std::uint32_t from, std::uint32_t to, std::array<bool, 256>& present) {
    for (std::uint32_t v = from; v < to; ++v) {
      // Accounts in local order are scattered in g: ask for the list
      // bounds of the account 2 x kAhead on, the lists of kAhead on, and
      // the local numbers of the subjects of kAhead / 2 on.
      if (v + 2 * kAhead < to) __builtin_prefetch(g.out_begin.data() + fg.account[v + 2 * kAhead]);
      if (v + kAhead < to) {
        const std::uint32_t at = g.out_begin[fg.account[v + kAhead]];
        __builtin_prefetch(g.out_subject.data() + at);
        __builtin_prefetch(g.out_level.data() + at);
      }
      if (v + kAhead / 2 < to) {
        const AccountId w = fg.account[v + kAhead / 2];
        for (std::uint32_t k = g.out_begin[w]; k < g.out_begin[w + 1]; ++k) __builtin_prefetch(&local[g.out_subject[k]]);
      }
      const AccountId u = fg.account[v];
      const std::uint32_t b = g.out_begin[u], e = g.out_begin[u + 1];
      if (b == e) continue;
      // A counting sort of v's certificates by level, highest first.
      LevelIndex top = 0, bottom = 0xff;
      for (std::uint32_t k = b; k < e; ++k) {
        top = std::max(top, g.out_level[k]);
        bottom = std::min(bottom, g.out_level[k]);
      }
      std::array<std::uint32_t, 257> at;
      const std::size_t span = top - bottom + 1;
      std::fill(at.begin(), at.begin() + span + 1, 0);
      for (std::uint32_t k = b; k < e; ++k) ++at[top - g.out_level[k] + 1];
      at[0] = fg.out_begin[v];
      for (std::size_t i = 1; i <= span; ++i) at[i] += at[i - 1];
      for (std::uint32_t k = b; k < e; ++k) {
        const LevelIndex lv = g.out_level[k];
        const std::uint32_t pos = at[top - lv]++;
        fg.out_head[pos] = local[g.out_subject[k]];
        fg.out_level[pos] = lv;
        present[lv] = true;
      }
    }
  };
  // Two threads, each with about half the certificates.
  const auto half = static_cast<std::uint32_t>(std::max<std::ptrdiff_t>(
      1, std::lower_bound(fg.out_begin.begin(), fg.out_begin.end(), static_cast<std::uint32_t>(m / 2)) -
             fg.out_begin.begin()));
  const std::uint32_t split = std::min<std::uint32_t>(half, static_cast<std::uint32_t>(nl));
  in_parallel([&] { fill_out(1u, split, seen[0]); }, [&] { fill_out(split, static_cast<std::uint32_t>(nl), seen[1]); });
  std::array<bool, 256> present{};
  for (std::size_t lv = 0; lv < 256; ++lv) present[lv] = seen[0][lv] || seen[1][lv];
  present[FlowGraph::kEveryLevel] = true;
  while (!present[fg.lowest_level]) ++fg.lowest_level;

  // In-lists, highest level first, then by tail (so nearer tails first).
  // Scattering ten million certificates straight into their subjects'
  // lists is a cache miss per certificate (twice: the list and its fill
  // count). Instead they are first staged by block of kBlock subjects, in
  // tail order (sequential appends to a few thousand places), and then
  // each block's lists are counted and filled where they fit in the
  // core's cache. Two threads take half the certificates in each pass.
  std::vector<LevelIndex> levels;  // present, highest first
  std::array<std::uint8_t, 256> rank{};  // a level's place in `levels`
  for (int lv = 0xff; lv >= 0; --lv) {
    if (!present[lv]) continue;
    rank[lv] = static_cast<std::uint8_t>(levels.size());
    levels.push_back(static_cast<LevelIndex>(lv));
  }
  const std::size_t kinds = levels.size();
  fg.in_end_at.resize(256);
  fg.out_end_at.resize(256);
  for (LevelIndex lv : levels) {
    fg.in_end_at[lv].resize(nl);
    fg.out_end_at[lv].resize(nl);
  }
  fg.in_begin.resize(nl + 1);
  fg.in_arc.resize(m);
  constexpr std::uint32_t kBlockBits = 9, kBlock = 1u << kBlockBits;
  const std::size_t blocks = (nl + kBlock - 1) / kBlock;
  struct Staged {
    std::uint32_t tail, edge;
    std::uint32_t spot;  // the subject's place in its block, then the certificate's level
  };
  BigVector<Staged> staged(m);
  // place[t][b]: where thread t's certificates into block b go next.
  std::array<std::vector<std::uint32_t>, 2> place{std::vector<std::uint32_t>(blocks + 1, 0),
                                                  std::vector<std::uint32_t>(blocks + 1, 0)};
  const std::array<std::uint32_t, 3> tails{0u, split, static_cast<std::uint32_t>(nl)};
  auto count = [&](std::size_t t) {
    for (std::uint32_t e = fg.out_begin[tails[t]]; e < fg.out_begin[tails[t + 1]]; ++e)
      ++place[t][fg.out_head[e] >> kBlockBits];
  };
  in_parallel([&] { count(1); }, [&] { count(0); });
  // Block b's certificates, thread 0's (lower tails) first, end where
  // block b + 1's begin.
  std::vector<std::uint32_t> block_begin(blocks + 1, 0);
  for (std::size_t b = 0, at = 0; b < blocks; ++b) {
    block_begin[b] = static_cast<std::uint32_t>(at);
    const std::uint32_t first = place[0][b], second = place[1][b];
    place[0][b] = static_cast<std::uint32_t>(at);
    place[1][b] = static_cast<std::uint32_t>(at + first);
    at += first + second;
  }
  block_begin[blocks] = static_cast<std::uint32_t>(m);
  // The same pass notes where each out-list's level prefixes end.
  auto stage = [&](std::size_t t) {
    std::uint32_t* at = place[t].data();
    for (std::uint32_t u = tails[t]; u < tails[t + 1]; ++u) {
      const std::uint32_t end = fg.out_begin[u + 1];
      for (std::uint32_t e = fg.out_begin[u]; e < end; ++e) {
        const std::uint32_t h = fg.out_head[e];
        staged[at[h >> kBlockBits]++] = {u, e, ((h & (kBlock - 1)) << 8) | fg.out_level[e]};
      }
      std::uint32_t e = fg.out_begin[u];
      for (LevelIndex lv : levels) {
        while (e < end && fg.out_level[e] >= lv) ++e;
        fg.out_end_at[lv][u] = e;
      }
    }
  };
  in_parallel([&] { stage(1); }, [&] { stage(0); });
  auto fill_blocks = [&](std::size_t from, std::size_t to) {
    // at[spot * kinds + rank]: where the next certificate of that level
    // into that subject goes.
    std::vector<std::uint32_t> at(kBlock * kinds);
    for (std::size_t b = from; b < to; ++b) {
      std::fill(at.begin(), at.end(), 0);
      const Staged* begin = staged.data() + block_begin[b];
      const Staged* end = staged.data() + block_begin[b + 1];
      for (const Staged* s = begin; s < end; ++s) ++at[(s->spot >> 8) * kinds + rank[s->spot & 0xff]];
      const std::size_t first = b << kBlockBits, last = std::min<std::size_t>(nl, first + kBlock);
      std::uint32_t total = block_begin[b];
      for (std::size_t v = first; v < last; ++v) {
        fg.in_begin[v] = total;
        std::uint32_t* count = at.data() + (v - first) * kinds;
        for (std::size_t k = 0; k < kinds; ++k) {
          const std::uint32_t c = count[k];
          count[k] = total;
          total += c;
          fg.in_end_at[levels[k]][v] = total;
        }
      }
      for (const Staged* s = begin; s < end; ++s)
        fg.in_arc[at[(s->spot >> 8) * kinds + rank[s->spot & 0xff]]++] = {s->tail, s->edge};
    }
  };
  // Split where half the certificates' subjects lie below.
  const auto half_blocks = static_cast<std::size_t>(
      std::lower_bound(block_begin.begin(), block_begin.end(), static_cast<std::uint32_t>(m / 2)) -
      block_begin.begin());
  in_parallel([&] { fill_blocks(0, std::min(half_blocks, blocks)); },
              [&] { fill_blocks(std::min(half_blocks, blocks), blocks); });
  fg.in_begin[nl] = static_cast<std::uint32_t>(m);
  return fg;
}

LevelGraph level_graph(const FlowGraph& g, LevelIndex level, unsigned threads) {
  const std::size_t nl = g.size();
  LevelGraph lg;
  lg.graph = &g;
  lg.level = level;
  // The lists' prefixes for the lowest level with certificates at or above
  // `level`.
  std::size_t at = level;
  while (g.in_end_at[at].empty()) ++at;
  lg.out_end = g.out_end_at[at];
  lg.in_end = g.in_end_at[at];
  if (level <= g.lowest_level) {
    // G_l holds every certificate: the shared graph's own distances and
    // numbering, which is already the priority order.
    lg.dist = g.dist;
    lg.order.resize(nl - 1);
    std::iota(lg.order.begin(), lg.order.end(), 1u);
    lg.arc_count = g.out_head.size();
    return lg;
  }
  // Breadth-first search from the root over G_l, layer by layer: bottom-up
  // steps (each account not yet reached looks through its in-list for one
  // in the frontier) once the frontier's arcs outnumber those into accounts
  // not yet reached, as in exact labelling.
  constexpr std::uint32_t kNotYet = LevelGraph::kUnreachable;
  lg.dist.assign(nl, kNotYet);
  std::vector<std::uint32_t> queue, pending;
  queue.reserve(nl);
  lg.dist[0] = 0;
  queue.push_back(0);
  std::uint64_t unexplored = 0;
  for (std::uint32_t v = 1; v < nl; ++v) unexplored += lg.in_end[v] - g.in_begin[v];
  std::uint64_t frontier_arcs = lg.out_end[0] - g.out_begin[0];
  bool pending_filled = false;
  for (std::size_t begin = 0, depth = 0; begin < queue.size(); ++depth) {
    const std::size_t end = queue.size();
    const auto d = static_cast<std::uint32_t>(depth + 1);
    const bool bottom_up = frontier_arcs > unexplored;
    frontier_arcs = 0;
    auto reach = [&](std::uint32_t v) {
      lg.dist[v] = d;
      queue.push_back(v);
      frontier_arcs += lg.out_end[v] - g.out_begin[v];
      unexplored -= std::min<std::uint64_t>(unexplored, lg.in_end[v] - g.in_begin[v]);
    };
    if (!bottom_up) {
      for (std::size_t head = begin; head < end; ++head) {
        if (head + kAhead < end) __builtin_prefetch(g.out_head.data() + g.out_begin[queue[head + kAhead]]);
        const std::uint32_t u = queue[head];
        for (std::uint32_t e = g.out_begin[u]; e < lg.out_end[u]; ++e)
          if (lg.dist[g.out_head[e]] == kNotYet) reach(g.out_head[e]);
      }
    } else {
      if (!pending_filled) {
        for (std::uint32_t v = 1; v < nl; ++v)
          if (lg.dist[v] == kNotYet) pending.push_back(v);
        pending_filled = true;
      }
      // Each half of the accounts not yet reached is looked through on its
      // own thread (when there are two), which only reads distances; the
      // accounts found are marked afterwards.
      std::array<std::vector<std::uint32_t>, 2> found;
      std::array<std::size_t, 2> kept{};
      const std::size_t half = threads > 1 ? pending.size() / 2 : pending.size();
      auto look = [&](std::size_t part, std::size_t from, std::size_t to) {
        std::size_t k = from;
        for (std::size_t i = from; i < to; ++i) {
          const std::uint32_t v = pending[i];
          if (lg.dist[v] != kNotYet) continue;  // reached top-down since
          bool parent = false;
          for (std::uint32_t a = g.in_begin[v]; a < lg.in_end[v]; ++a) {
            if (lg.dist[g.in_arc[a].tail] == depth) {
              parent = true;
              break;
            }
          }
          if (parent) found[part].push_back(v);
          else pending[k++] = v;
        }
        kept[part] = k - from;
      };
      if (threads > 1) in_parallel([&] { look(1, half, pending.size()); }, [&] { look(0, 0, half); });
      else look(0, 0, pending.size());
      if (kept[0] != half)  // else the second half's are in place already
        std::copy(pending.begin() + static_cast<std::ptrdiff_t>(half),
                  pending.begin() + static_cast<std::ptrdiff_t>(half + kept[1]),
                  pending.begin() + static_cast<std::ptrdiff_t>(kept[0]));
      pending.resize(kept[0] + kept[1]);
      for (const auto& part : found)
        for (std::uint32_t v : part) reach(v);
    }
    begin = end;
  }
  for (std::uint32_t u : queue) lg.arc_count += lg.out_end[u] - g.out_begin[u];
  // Priority order: distance, then name (a counting sort over name order).
  const std::uint32_t max_dist = lg.dist[queue.back()];
  std::vector<std::uint32_t> start(max_dist + 2, 0);
  for (std::uint32_t v : queue)
    if (v != 0) ++start[lg.dist[v]];
  std::uint32_t acc = 0;
  for (std::uint32_t d = 0; d <= max_dist + 1; ++d) {
    std::uint32_t c = start[d];
    start[d] = acc;
    acc += c;
  }
  lg.order.resize(queue.size() - 1);
  for (std::uint32_t v : g.by_name)
    if (lg.dist[v] != LevelGraph::kUnreachable) lg.order[start[lg.dist[v]]++] = v;
  return lg;
}

GreedyFlow::GreedyFlow(const LevelGraph& graph, const std::vector<std::int64_t>& caps, Tuning tuning,
                       unsigned threads)
    : lg_(graph), g_(*graph.graph), n_(graph.graph->size()), tuning_(tuning) {
  const std::size_t k = caps.size();
  const bool parallel = threads > 1;
  auto cap_at = [&](std::uint32_t d) {
    return d == kUnreachable ? 0 : static_cast<std::int32_t>(caps[std::min<std::size_t>(d, k - 1)]);
  };
  nodes_.resize(n_);
  edge_flow_.resize(g_.out_head.size());
  out_label_.resize(n_);
  accepted_.resize(n_);
  level_head_.resize(2 * n_ + 2);  // a residual distance is below the number of residual nodes
  level_count_.resize(2 * n_ + 2);
  in_halves(parallel, n_, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t v = lo; v < hi; ++v) {
      Node& x = nodes_[v];
      x.label[0] = x.label[1] = kUnreachable;
      x.cur[0] = x.cur[1] = 0;
      x.next[0] = x.next[1] = x.prev[0] = x.prev[1] = kNone;
      x.flow = 0;
      x.cap = cap_at(lg_.dist[v]);
      x.in_begin = g_.in_begin[v];
      x.in_end = lg_.in_end[v];
      x.out_begin = g_.out_begin[v];
      x.out_end = lg_.out_end[v];
      x.cur_tail = x.in_end > x.in_begin ? g_.in_arc[x.in_begin].tail : kNone;
      x.cur_edge = x.in_end > x.in_begin ? g_.in_arc[x.in_begin].edge : kNone;
    }
    std::fill(edge_flow_.begin() + g_.out_begin[lo], edge_flow_.begin() + g_.out_begin[hi], 0);
    std::fill(out_label_.begin() + static_cast<std::ptrdiff_t>(lo), out_label_.begin() + static_cast<std::ptrdiff_t>(hi),
              kFar);
    std::fill(accepted_.begin() + static_cast<std::ptrdiff_t>(lo), accepted_.begin() + static_cast<std::ptrdiff_t>(hi), 0);
    std::fill(level_head_.begin() + static_cast<std::ptrdiff_t>(2 * lo), level_head_.begin() + static_cast<std::ptrdiff_t>(2 * hi),
              kNone);
    std::fill(level_count_.begin() + static_cast<std::ptrdiff_t>(2 * lo),
              level_count_.begin() + static_cast<std::ptrdiff_t>(2 * hi), 0);
  });
  for (std::size_t l = 2 * n_; l < level_head_.size(); ++l) {
    level_head_[l] = kNone;
    level_count_[l] = 0;
  }
  budget_ = caps[0] - 1;  // the root keeps one unit: R is accepted first and never reported
  const std::uint64_t size = 2 * (lg_.order.size() + 1) + lg_.arc_count;
  search_budget_ = tuning_.search_budget_divisor == 0 ? 0 : size / tuning_.search_budget_divisor;
  periodic_budget_ = size * tuning_.periodic_factor;
  // Before any flow, 2d-1 for v_in and 2d for v_out (d its distance on G_l)
  // are valid lower bounds of the residual distances, and cost no search.
  // The candidates at distance d are order[first[d]..first[d+1]): each
  // level's count is theirs.
  set_level(1, 0);
  const std::vector<std::uint32_t>& order = lg_.order;
  const std::uint32_t far = order.empty() ? 0 : lg_.dist[order.back()];
  std::vector<std::uint32_t> first(far + 2, 0);
  for (std::uint32_t d = 1; d <= far + 1; ++d)
    first[d] = static_cast<std::uint32_t>(
        std::partition_point(order.begin(), order.end(), [&](std::uint32_t v) { return lg_.dist[v] < d; }) -
        order.begin());
  for (std::uint32_t d = 1; d <= far; ++d) {
    const std::uint32_t count = first[d + 1] - first[d];
    if (count == 0) continue;
    for (std::uint32_t s = 0; s < (cap_at(d) > 1 ? 2u : 1u); ++s) {
      const std::uint32_t level = 2 * d - 1 + s;
      level_count_[level] = count;
      labelled_ += count;
      max_level_ = std::max(max_level_, level);
    }
  }
  in_halves(parallel, order.size(), [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      const std::uint32_t v = order[i];
      const std::uint32_t d = lg_.dist[v];
      Node& x = nodes_[v];
      const std::uint32_t sides = x.cap > 1 ? 2 : 1;
      for (std::uint32_t s = 0; s < sides; ++s) store_label(x, 2 * v + s, 2 * d - 1 + s);
    }
  });
  if (tuning_.level_lists) build_lists(max_level_);
}

inline std::uint32_t GreedyFlow::in_degree(const Node& x, std::uint32_t side) const {
  return side == 0 ? x.in_end - x.in_begin + 1 : x.out_end - x.out_begin + 1;
}

inline std::uint32_t GreedyFlow::arc_tail(const Node& x, std::uint32_t r, std::uint32_t i) const {
  if ((r & 1) == 0) {  // v_in: from u_out for each certificate u -> v, then from v_out
    if (i < x.in_end - x.in_begin) return 2 * g_.in_arc[x.in_begin + i].tail + 1;
    return x.flow > 0 ? r + 1 : kNone;
  }
  // v_out: from v_in while v can pass more on, then from w_in for each
  // certificate v -> w that carries flow (cancelling it).
  if (i == 0) return x.flow < x.cap - 1 ? r - 1 : kNone;
  std::uint32_t e = x.out_begin + i - 1;
  return edge_flow_[e] > 0 ? 2 * g_.out_head[e] : kNone;
}

inline void GreedyFlow::set_cur(Node& x, std::uint32_t side, std::uint32_t arc) {
  x.cur[side] = arc;
  if (side == 0 && arc < x.in_end - x.in_begin) {
    const FlowGraph::InArc a = g_.in_arc[x.in_begin + arc];
    x.cur_tail = a.tail;
    x.cur_edge = a.edge;
  }
}

inline void GreedyFlow::link(Node& x, std::uint32_t r, std::uint32_t level) {
  const std::uint32_t head = level_head_[level];
  x.next[r & 1] = head;
  x.prev[r & 1] = kNone;
  if (head != kNone) nodes_[head >> 1].prev[head & 1] = r;
  level_head_[level] = r;
}

void GreedyFlow::set_level(std::uint32_t r, std::uint32_t level) {
  Node& x = nodes_[r >> 1];
  store_label(x, r, level);
  if (lists_) link(x, r, level);
  ++level_count_[level];
  ++labelled_;
  max_level_ = std::max(max_level_, level);
}

void GreedyFlow::unset_level(Node& x, std::uint32_t r, std::uint32_t k) {
  if (lists_) {
    const std::uint32_t s = r & 1;
    const std::uint32_t prev = x.prev[s], next = x.next[s];
    if (prev != kNone) nodes_[prev >> 1].next[prev & 1] = next;
    else level_head_[k] = next;
    if (next != kNone) nodes_[next >> 1].prev[next & 1] = prev;
  }
  --level_count_[k];
  --labelled_;
}

void GreedyFlow::build_lists(std::uint32_t level) {
  for (std::uint32_t l = 0; l <= max_level_; ++l) level_head_[l] = kNone;
  for (std::uint32_t v = 0; v < n_; ++v) {
    Node& x = nodes_[v];
    for (std::uint32_t s = 0; s < 2; ++s) {
      const std::uint32_t l = x.label[s];
      if (l == kUnreachable) continue;
      if (l > level) store_label(x, 2 * v + s, kUnreachable);
      else link(x, 2 * v + s, l);
    }
  }
  lists_ = true;
}

void GreedyFlow::exact_labels() {
  // Exact labels: breadth-first search from the source over residual arcs,
  // layer by layer. Each node's current arc is the one it was found
  // through, whose tail is one level lower. Nodes not reached are cut off.
  ++stats_.global_relabels;
  // Only a node that still has a label can be reached: one cut off stays
  // unreachable, since augmenting never makes a node reachable that was not.
  auto& alive = alive_;
  alive.clear();
  // The arcs into nodes not yet reached: what a bottom-up step may look at.
  std::uint64_t unexplored = 0;
  // In memory order (not priority order): the bottom-up steps below then
  // read the records and in-lists front to back. Accounts outside G_l are
  // passed over by their distance, without reading their records.
  for (std::uint32_t v = 1; v < n_; ++v) {
    if (lg_.dist[v] == LevelGraph::kUnreachable) continue;
    Node& x = nodes_[v];
    for (std::uint32_t s = 0; s < 2; ++s) {
      if (x.label[s] == kUnreachable) continue;
      alive.push_back(2 * v + s);
      store_label(x, 2 * v + s, kUnreachable);
      unexplored += s == 0 ? x.in_end - x.in_begin + 1 : x.out_end - x.out_begin + 1;
    }
  }
  store_label(nodes_[0], 1, kUnreachable);
  for (std::uint32_t l = 0; l <= max_level_ && l < level_head_.size(); ++l) {
    level_head_[l] = kNone;
    level_count_[l] = 0;
  }
  labelled_ = 0;
  max_level_ = 0;
  auto& frontier = scratch_;
  auto& next = next_frontier_;
  frontier.clear();
  set_level(1, 0);
  frontier.push_back(1);
  std::uint64_t frontier_arcs = nodes_[0].out_end - nodes_[0].out_begin;
  std::uint64_t work = 0;
  auto degree = [](const Node& y, std::uint32_t side) {
    return side == 0 ? y.in_end - y.in_begin + 1 : y.out_end - y.out_begin + 1;
  };
  // `tail`: the account at the arc's tail (for v_in's certificate arcs).
  auto visit = [&](std::uint32_t c, std::uint32_t level, std::uint32_t arc, std::uint32_t tail, std::uint32_t edge) {
    Node& y = nodes_[c >> 1];
    if (y.label[c & 1] != kUnreachable) return;
    set_level(c, level);
    y.cur[c & 1] = arc;
    if ((c & 1) == 0 && tail != kNone) {
      y.cur_tail = tail;
      y.cur_edge = edge;
    }
    next.push_back(c);
    const std::uint32_t deg = degree(y, c & 1);
    frontier_arcs += deg;
    unexplored -= std::min<std::uint64_t>(unexplored, deg);
  };
  for (std::uint32_t depth = 0; !frontier.empty(); ++depth) {
    next.clear();
    const std::uint32_t d = depth + 1;
    const bool bottom_up = tuning_.alternate_directions ? depth % 2 == 1
                                                        : 100 * frontier_arcs > unexplored * tuning_.bottom_up_percent;
    frontier_arcs = 0;
    if (!bottom_up) {
      // Top down: every residual arc out of the frontier.
      for (std::size_t head = 0; head < frontier.size(); ++head) {
        // Three stages ahead of the node being expanded: its record, then
        // its arc list, then what its arcs lead to (the heads' records, or
        // the flow on the certificates into it).
        if (head + kAhead < frontier.size()) {
          const std::uint32_t a = frontier[head + kAhead];
          const Node& ahead = nodes_[a >> 1];
          if (a & 1) {
            const std::uint32_t end = std::min(ahead.out_end, ahead.out_begin + 8);
            for (std::uint32_t e = ahead.out_begin; e < end; ++e) __builtin_prefetch(&nodes_[g_.out_head[e]]);
          } else {
            const std::uint32_t end = std::min(ahead.in_end, ahead.in_begin + 8);
            for (std::uint32_t k = ahead.in_begin; k < end; ++k) __builtin_prefetch(&edge_flow_[g_.in_arc[k].edge]);
          }
        }
        if (head + 2 * kAhead < frontier.size()) {
          const std::uint32_t a = frontier[head + 2 * kAhead];
          const Node& ahead = nodes_[a >> 1];
          if (a & 1) {
            __builtin_prefetch(g_.out_head.data() + ahead.out_begin);
          } else {
            __builtin_prefetch(g_.in_arc.data() + ahead.in_begin);
            __builtin_prefetch(&accepted_[a >> 1]);
          }
        }
        if (head + 3 * kAhead < frontier.size()) __builtin_prefetch(&nodes_[frontier[head + 3 * kAhead] >> 1]);
        const std::uint32_t r = frontier[head];
        const std::uint32_t v = r >> 1;
        const Node& x = nodes_[v];
        if (r & 1) {
          // The arc found is v -> head; its place in head's in-list is not
          // looked up: current arc 0 with that arc's tail and certificate
          // cached (arc 0 itself, if also admissible, is found by a relabel).
          for (std::uint32_t e = x.out_begin; e < x.out_end; ++e) visit(2 * g_.out_head[e], d, 0, v, e);
          work += x.out_end - x.out_begin;
          if (x.flow > 0 && v != 0) visit(r - 1, d, x.in_end - x.in_begin, kNone, kNone);
        } else {
          if (x.flow < x.cap - 1) visit(r + 1, d, 0, kNone, kNone);
          // The certificates into v carry, together, the unit v keeps and
          // what it passes on: stop looking once all of that is found.
          std::int32_t inflow = x.flow + accepted_[v];
          for (std::uint32_t k = x.in_begin; inflow > 0 && k < x.in_end; ++k) {
            const FlowGraph::InArc a = g_.in_arc[k];
            ++work;
            if (std::int32_t f = edge_flow_[a.edge]; f > 0) {
              visit(2 * a.tail + 1, d, 1 + a.edge - nodes_[a.tail].out_begin, kNone, kNone);
              inflow -= f;
            }
          }
        }
      }
    } else {
      // Bottom up, for the wide middle layers: every node not yet reached
      // looks for one residual arc from the frontier, and stops there.
      std::size_t kept = 0;
      for (std::size_t i = 0; i < alive.size(); ++i) {
        if (i + kAhead < alive.size()) __builtin_prefetch(&nodes_[alive[i + kAhead] >> 1]);
        const std::uint32_t c = alive[i];
        const std::uint32_t v = c >> 1;
        Node& x = nodes_[v];
        if (x.label[c & 1] != kUnreachable) continue;  // reached: done with it
        std::uint32_t arc = kNone, tail = kNone, edge = kNone;
        if ((c & 1) == 0) {
          const std::uint32_t certs = x.in_end - x.in_begin;
          for (std::uint32_t k = 0; k < certs; ++k) {
            const FlowGraph::InArc a = g_.in_arc[x.in_begin + k];
            if (label_if_below(2 * a.tail + 1, depth, 0) == depth) {
              arc = k;
              tail = a.tail;
              edge = a.edge;
              work += k + 1;
              break;
            }
          }
          if (arc == kNone) {
            work += certs;
            if (x.flow > 0 && x.label[1] == depth) arc = certs;
          }
        } else if (x.flow < x.cap - 1 && x.label[0] == depth) {
          arc = 0;
        } else {
          std::int32_t outflow = x.flow;
          for (std::uint32_t e = x.out_begin; outflow > 0 && e < x.out_end; ++e) {
            ++work;
            if (std::int32_t f = edge_flow_[e]; f > 0) {
              outflow -= f;
              if (nodes_[g_.out_head[e]].label[0] == depth) {
                arc = 1 + e - x.out_begin;
                break;
              }
            }
          }
        }
        if (arc == kNone) {
          alive[kept++] = c;
          continue;
        }
        visit(c, d, arc, tail, edge);
      }
      alive.resize(kept);
    }
    std::swap(frontier, next);
  }
  stats_.arcs_scanned += work;
  work_since_relabel_ = 0;
}

void GreedyFlow::cut_above(std::uint32_t level) {
  ++stats_.gaps;
  std::uint64_t above = 0;
  for (std::uint32_t l = level + 1; l <= max_level_; ++l) above += level_count_[l];
  if (above > n_ / 8) {
    // Most of the network (as when the last seed is used up): one pass in
    // memory order, not a cache miss per node along the level lists.
    for (std::uint32_t v = 0; v < n_; ++v) {
      Node& x = nodes_[v];
      for (std::uint32_t s = 0; s < 2; ++s)
        if (x.label[s] != kUnreachable && x.label[s] > level) store_label(x, 2 * v + s, kUnreachable);
    }
  } else if (!lists_) {
    // A small part of the network, and no lists yet to find it by: one pass
    // builds them (cutting it off on the way), and from now on they are
    // kept, lest many small cuts each cost a pass.
    build_lists(level);
  } else {
    for (std::uint32_t l = level + 1; l <= max_level_; ++l) {
      for (std::uint32_t r = level_head_[l]; r != kNone;) {
        Node& x = nodes_[r >> 1];
        store_label(x, r, kUnreachable);
        r = x.next[r & 1];
      }
    }
  }
  for (std::uint32_t l = level + 1; l <= max_level_; ++l) {
    level_head_[l] = kNone;
    level_count_[l] = 0;
  }
  labelled_ -= above;
  max_level_ = level;
}

void GreedyFlow::note_if_thin(std::size_t remaining) {
  if (thin_ || !tuning_.skip_cut_off) return;
  if (labelled_ >= remaining / 8) return;
  in_alive_.resize(n_);
  for (std::uint32_t v = 0; v < n_; ++v) in_alive_[v] = nodes_[v].label[0] != kUnreachable;
  thin_ = true;
}

void GreedyFlow::relabel(std::uint32_t r, std::uint32_t from, std::uint32_t from_best, std::uint32_t from_arc) {
  ++stats_.raises;
  Node& x = nodes_[r >> 1];
  const std::uint32_t s = r & 1;
  const std::uint32_t k = x.label[s];
  const std::uint32_t deg = in_degree(x, s);
  std::uint32_t best = kUnreachable, best_arc = 0;
  std::uint32_t scanned = deg;
  if (s == 0) {
    // The search has just scanned arcs from..deg-1 (its lowest tail label
    // is from_best, first at from_arc): only the arcs before are read.
    for (std::uint32_t i = 0; i < from; ++i) {
      const std::uint32_t t = label_if_below(2 * g_.in_arc[x.in_begin + i].tail + 1, 0, std::min(best, from_best));
      if (t < best) {
        best = t;
        best_arc = i;
      }
    }
    if (from_best < best) {
      best = from_best;
      best_arc = from_arc;
    }
    scanned = from;
  } else {
    // v_out: from v_in while v can pass more on, then back along v's
    // certificates that carry flow, which together carry what v passes on.
    if (x.flow < x.cap - 1) {
      best = x.label[0];
      best_arc = 0;
    }
    std::int32_t outflow = x.flow;
    std::uint32_t i = 1;
    for (; outflow > 0 && i < deg; ++i) {
      const std::uint32_t e = x.out_begin + i - 1;
      if (std::int32_t f = edge_flow_[e]; f > 0) {
        outflow -= f;
        const std::uint32_t t = nodes_[g_.out_head[e]].label[0];
        if (t < best) {
          best = t;
          best_arc = i;
        }
      }
    }
    scanned = i;
  }
  stats_.arcs_scanned += scanned;
  // Charged as a whole scan, as the labelling rhythm (FlowTuning) was
  // measured with.
  work_since_relabel_ += s == 0 ? deg : scanned;
  if (best != kUnreachable && best + 1 == k) {  // an admissible arc was behind the current one
    set_cur(x, s, best_arc);
    return;
  }
  unset_level(x, r, k);
  store_label(x, r, kUnreachable);
  if (level_count_[k] == 0) {
    cut_above(k);  // an empty level: nothing above it can be reached (the gap rule)
    return;
  }
  set_cur(x, s, best_arc);
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
  while (label(start) != kUnreachable) {
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
    Node& x = nodes_[r >> 1];
    const std::uint32_t s = r & 1;
    const std::uint32_t deg = in_degree(x, s), want = x.label[s] - 1;
    std::uint32_t i = x.cur[s];
    std::uint32_t t = kNone;
    // The current arc first, through the cached tail where it is a certificate.
    if (s == 0 && i < x.in_end - x.in_begin) {
      t = 2 * x.cur_tail + 1;
      if (label_if_below(t, want, 0) == want) {
        stats_.arcs_scanned += 1;
        work_since_relabel_ += 1;
        path_.push_back(r);
        r = t;
        continue;
      }
      ++i;
    }
    // The lowest label among the arcs scanned from here, first where: what
    // a relabel of v_in needs from them. (The cached arc may not be arc
    // cur: after exact labelling cur is 0 and the cache holds the arc the
    // node was found through, so arc cur itself is left to the relabel.)
    const std::uint32_t from = i;
    std::uint32_t low = kUnreachable, low_arc = 0;
    for (; i < deg; ++i) {
      t = arc_tail(x, r, i);
      if (t == kNone) continue;
      const std::uint32_t lt = label_if_below(t, want, low);
      if (lt == want) break;
      if (lt < low) {
        low = lt;
        low_arc = i;
      }
    }
    stats_.arcs_scanned += i - x.cur[s] + (i < deg);
    work_since_relabel_ += i - x.cur[s] + 1;
    if (i < deg) {
      set_cur(x, s, i);
      path_.push_back(r);
      r = t;
      continue;
    }
    relabel(r, from, low, low_arc);
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
    Node& x = nodes_[h >> 1];
    const std::uint32_t i = x.cur[h & 1];
    if ((h & 1) == 0) {
      if (i < x.in_end - x.in_begin) {
        ++edge_flow_[x.cur_edge];
      } else {
        --x.flow;  // cancel flow v passed on
        ++stats_.cancellations;
      }
    } else if (i == 0) {
      ++x.flow;
    } else {
      --edge_flow_[x.out_begin + i - 1];  // cancel flow on v's certificate
      ++stats_.cancellations;
    }
  }
  budget_ -= 1;
  accepted_[candidate] = 1;
  ++accepted_count_;
}

std::vector<std::uint32_t> GreedyFlow::residual_distances() const {
  // Plain breadth-first search over residual arcs: the labels are lower
  // bounds, so only this says exactly who one more unit could reach.
  std::vector<std::uint32_t> dist(2 * n_, kUnreachable);
  if (budget_ <= 0) return dist;
  std::vector<std::uint32_t> queue{1};
  dist[1] = 0;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::uint32_t r = queue[head], v = r >> 1;
    auto visit = [&](std::uint32_t c) {
      if (dist[c] == kUnreachable) {
        dist[c] = dist[r] + 1;
        queue.push_back(c);
      }
    };
    const Node& x = nodes_[v];
    if (r & 1) {
      for (std::uint32_t e = x.out_begin; e < x.out_end; ++e) visit(2 * g_.out_head[e]);
      if (x.flow > 0 && v != 0) visit(2 * v);
    } else {
      if (x.flow < x.cap - 1) visit(2 * v + 1);
      for (std::uint32_t k = x.in_begin; k < x.in_end; ++k)
        if (edge_flow_[g_.in_arc[k].edge] > 0) visit(2 * g_.in_arc[k].tail + 1);
    }
  }
  return dist;
}

std::vector<std::uint8_t> GreedyFlow::residual_reachable() const {
  const std::vector<std::uint32_t> dist = residual_distances();
  std::vector<std::uint8_t> seen(dist.size());
  for (std::size_t r = 0; r < dist.size(); ++r) seen[r] = dist[r] != kUnreachable;
  return seen;
}

bool GreedyFlow::labels_are_valid() const {
  // Every residual arc t -> r into a node still labelled: label(r) <=
  // label(t) + 1 (a node cut off counts as infinitely far).
  auto ok = [&](std::uint32_t t, std::uint32_t r) {
    return label(r) == kUnreachable || label(t) == kUnreachable || label(r) <= label(t) + 1;
  };
  for (std::uint32_t v = 0; v < n_; ++v) {
    const Node& x = nodes_[v];
    const std::uint32_t in = 2 * v, out = 2 * v + 1;
    if (v != 0 && x.flow < x.cap - 1 && !ok(in, out)) return false;
    if (v != 0 && x.flow > 0 && !ok(out, in)) return false;
    for (std::uint32_t e = x.out_begin; e < x.out_end; ++e) {
      if (!ok(out, 2 * g_.out_head[e])) return false;
      if (edge_flow_[e] > 0 && !ok(2 * g_.out_head[e], out)) return false;
    }
  }
  return true;
}

bool GreedyFlow::label_copies_agree() const {
  for (std::uint32_t v = 0; v < n_; ++v)
    if (out_label_[v] != small_label(nodes_[v].label[1])) return false;
  return true;
}

bool GreedyFlow::level_lists_agree() const {
  std::vector<std::uint32_t> tally(level_count_.size(), 0);
  for (std::uint32_t r = 0; r < 2 * n_; ++r) {
    const std::uint32_t l = label(r);
    if (l == kUnreachable) continue;
    if (l > max_level_ || l >= tally.size()) return false;
    ++tally[l];
  }
  std::uint64_t total = 0;
  for (std::uint32_t l = 0; l < tally.size(); ++l) {
    if (tally[l] != level_count_[l]) return false;
    total += tally[l];
  }
  if (total != labelled_) return false;
  if (!lists_) return true;
  // Each list holds its level's count, so together every labelled node.
  for (std::uint32_t l = 0; l < level_head_.size(); ++l) {
    if (l > max_level_ && (level_head_[l] != kNone || level_count_[l] != 0)) return false;
    std::uint32_t count = 0, before = kNone;
    for (std::uint32_t r = level_head_[l]; r != kNone; r = nodes_[r >> 1].next[r & 1]) {
      const Node& x = nodes_[r >> 1];
      if (x.label[r & 1] != l || x.prev[r & 1] != before || ++count > level_count_[l]) return false;
      before = r;
    }
    if (count != level_count_[l]) return false;
  }
  return true;
}

bool GreedyFlow::labels_are_lower_bounds() const {
  const std::vector<std::uint32_t> dist = residual_distances();
  for (std::uint32_t r = 0; r < dist.size(); ++r)
    if (label(r) > dist[r]) return false;
  return true;
}

void GreedyFlow::run(std::uint32_t stop_before) {
  std::uint32_t c = next_candidate_;
  const std::uint32_t count = static_cast<std::uint32_t>(lg_.order.size());
  // ahead[j % kLookahead]: how far the likely path of candidate j has been
  // fetched (an account), or kNone.
  std::array<std::uint32_t, kLookahead> ahead;
  ahead.fill(kNone);
  for (; c < count && c < stop_before; ++c) {
    if (budget_ <= 0) break;
    if (thin_) {
      // Those cut off would fail at once: pass them over, making the exact
      // labelling that would have come before one of them all the same.
      while (c < count && c < stop_before && in_alive_[lg_.order[c]] == 0) {
        if (work_since_relabel_ > periodic_budget_) {
          const std::uint64_t before = stats_.arcs_scanned;
          exact_labels();
          stats_.failed_work += stats_.arcs_scanned - before;
        }
        ++stats_.failed_searches;
        ++stats_.passed_over;
        ++c;
      }
      if (c == count || c == stop_before) break;
    }
    // Fetch one more account of each coming candidate's likely path (its
    // record and the flow on its current certificate, which the path walk
    // and the augmentation read; not the in-list entry, which only a failed
    // current arc needs: fetching it too made every level 5 % slower), and
    // the first of candidate c + kLookahead's.
    for (std::size_t j = 0; j < kLookahead; ++j) {
      const std::uint32_t at = ahead[j];
      if (at == kNone) continue;
      const Node& y = nodes_[at];
      if (y.cur[0] < y.in_end - y.in_begin && y.cur_tail != 0) {
        __builtin_prefetch(&nodes_[y.cur_tail]);
        __builtin_prefetch(&edge_flow_[y.cur_edge]);
        ahead[j] = y.cur_tail;
      } else {
        ahead[j] = kNone;
      }
    }
    if (c + kLookahead < count) {
      const std::uint32_t v = lg_.order[c + kLookahead];
      const bool live = !thin_ || in_alive_[v] != 0;  // else passed over, its record unread
      if (live) __builtin_prefetch(&nodes_[v]);
      ahead[(c + kLookahead) % kLookahead] = live ? v : kNone;
    }
    const std::uint64_t before = stats_.arcs_scanned;
    const std::uint64_t events = stats_.global_relabels + stats_.gaps;
    // Many searches that each stay under their budget can together raise
    // labels one step at a time for much longer than an exact labelling
    // takes: label afresh once they have spent twice the network's size.
    if (work_since_relabel_ > periodic_budget_) exact_labels();
    const std::uint32_t v = lg_.order[c];
    if (find_path(v)) {
      augment(v);
    } else {
      ++stats_.failed_searches;
      stats_.failed_work += stats_.arcs_scanned - before;
    }
    if (stats_.global_relabels + stats_.gaps != events) note_if_thin(count - c - 1);
  }
  next_candidate_ = c;
}

}  // namespace journeyer::trust
