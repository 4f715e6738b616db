#include "trust/interest.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace journeyer::trust {

InterestModel::InterestModel(const StandingGraph& graph, std::vector<Rating> ratings, double tolerance)
    : n_(graph.account_count()), tolerance_(tolerance) {
  // Certifiers of each account (reverse adjacency), each with the scale it
  // applies (so no visit divides), side by side so a visit reads one record.
  in_begin_.assign(n_ + 1, 0);
  for (AccountId a = 0; a < n_; ++a)
    for (auto e = graph.out_begin[a]; e < graph.out_begin[a + 1]; ++e) ++in_begin_[graph.out_subject[e] + 1];
  for (std::size_t i = 0; i < n_; ++i) in_begin_[i + 1] += in_begin_[i];
  in_.resize(graph.certificate_count());
  std::vector<std::uint32_t> fill(in_begin_.begin(), in_begin_.end() - 1);
  for (AccountId a = 0; a < n_; ++a) {
    const auto certified = graph.out_begin[a + 1] - graph.out_begin[a];
    const auto factor = static_cast<float>(kInterestDamping / certified);
    for (auto e = graph.out_begin[a]; e < graph.out_begin[a + 1]; ++e) in_[fill[graph.out_subject[e]]++] = {a, factor};
  }

  // The latest rating of each (reader, diarist) stands; out-of-range ones and
  // ids outside the graph are dropped. Stable sort keeps the input order.
  std::vector<Rating> kept;
  kept.reserve(ratings.size());
  for (const Rating& r : ratings)
    if (r.reader < n_ && r.diarist < n_ && r.value >= kMinRating && r.value <= kMaxRating) kept.push_back(r);
  std::stable_sort(kept.begin(), kept.end(), [](const Rating& x, const Rating& y) {
    return x.diarist != y.diarist ? x.diarist < y.diarist : x.reader < y.reader;
  });
  for (std::size_t i = 0; i < kept.size(); ++i) {
    bool superseded = i + 1 < kept.size() && kept[i + 1].diarist == kept[i].diarist &&
                      kept[i + 1].reader == kept[i].reader;
    if (!superseded) ratings_.push_back(kept[i]);
  }
  rating_begin_.assign(n_ + 1, 0);
  for (const Rating& r : ratings_) ++rating_begin_[r.diarist + 1];
  for (std::size_t i = 0; i < n_; ++i) rating_begin_[i + 1] += rating_begin_[i];
}

namespace {

// Per-thread state over every account, reused from one diarist to the next.
// What an account has pending (to pass on) sits with its flags in one
// 32-byte record, so a visit costs one cache line; a generation number says
// whether the record belongs to this diarist, so nothing is reset between
// diarists. Values are kept only for the raters and the accounts that
// passed something on, the only ones that can end with a prediction.
struct Scratch {
  struct Triple {
    double a = 0, b = 0, c = 0;
  };
  // Pending amounts are small and short-lived: single precision keeps a
  // record at 16 bytes, four to a cache line; values add up in double.
  struct Pending {
    float a = 0, b = 0, c = 0;
  };
  struct Node {
    std::uint32_t generation : 29 = 0;
    std::uint32_t flags : 3 = 0;
    Pending pending;
  };
  static constexpr std::uint8_t kQueued = 1, kRater = 2, kListed = 4;
  std::vector<Node> nodes;
  std::vector<Triple> value;
  std::vector<AccountId> listed, queue;
  std::uint32_t generation = 0;

  void start(std::size_t n) {
    if (nodes.size() != n) {
      nodes.assign(n, {});
      value.assign(n, {});
      generation = 0;
    }
    if (++generation == (1u << 29)) {  // wrapped: every record is stale again
      for (Node& x : nodes) x.generation = 0;
      generation = 1;
    }
    listed.clear();
    queue.clear();
  }
  Node& node(AccountId a) {
    Node& x = nodes[a];
    if (x.generation != generation) {
      x.generation = generation;
      x.flags = 0;
      x.pending = {};
    }
    return x;
  }
  void list(AccountId a, Node& x) {
    if (!(x.flags & kListed)) {
      x.flags |= kListed;
      listed.push_back(a);
    }
  }
};

}  // namespace

std::uint32_t InterestModel::propagate(AccountId diarist, std::vector<Found>& out) const {
  // Residual pushing: a node's pending contribution is added to its value
  // and passed on to everyone who certified it, scaled by damping / (how
  // many that certifier certified). Raters of this diarist keep their own
  // rating and take nothing from others. Work queue in first-in order.
  const std::uint32_t first = rating_begin_[diarist], last = rating_begin_[diarist + 1];
  if (first == last) return 0;
  thread_local Scratch st;
  st.start(n_);
  for (std::uint32_t i = first; i < last; ++i) {
    AccountId r = ratings_[i].reader;
    double v = ratings_[i].value;
    Scratch::Node& x = st.node(r);
    x.flags |= Scratch::kRater;
    st.list(r, x);
    st.value[r] = {v, v * v, 1.0};
  }
  const auto tolerance = static_cast<float>(tolerance_);
  auto pass_on = [&](AccountId from, float a, float b, float c) {
    const InEdge* e = in_.data() + in_begin_[from];
    const InEdge* end = in_.data() + in_begin_[from + 1];
    for (; e != end; ++e) {
      Scratch::Node& x = st.node(e->issuer);
      if (x.flags & Scratch::kRater) continue;  // its own rating stands
      const float f = e->factor;
      x.pending.a += f * a;
      x.pending.b += f * b;
      x.pending.c += f * c;
      if (!(x.flags & Scratch::kQueued) && x.pending.c >= tolerance) {
        x.flags |= Scratch::kQueued;
        st.queue.push_back(e->issuer);
      }
    }
  };
  for (std::uint32_t i = first; i < last; ++i) {
    auto v = static_cast<float>(ratings_[i].value);
    pass_on(ratings_[i].reader, v, v * v, 1.0f);
  }
  for (std::size_t h = 0; h < st.queue.size(); ++h) {
    AccountId u = st.queue[h];
    Scratch::Node& x = st.nodes[u];
    x.flags &= static_cast<std::uint8_t>(~Scratch::kQueued);
    st.list(u, x);
    const Scratch::Pending p = x.pending;
    x.pending = {};
    Scratch::Triple& v = st.value[u];
    v.a += p.a;
    v.b += p.b;
    v.c += p.c;
    pass_on(u, p.a, p.b, p.c);
  }
  // Everyone else holds less than the tolerance, all of it pending. What is
  // still pending is the node's own share, just not passed on.
  std::uint32_t found = 0;
  for (AccountId a : st.listed) {
    const Scratch::Pending& p = st.nodes[a].pending;
    Scratch::Triple& v = st.value[a];
    double va = v.a + p.a, vb = v.b + p.b, vc = v.c + p.c;
    v = {};
    if (vc < tolerance_) continue;
    double rating = va / vc;
    double mean_square = vb / vc;
    double spread = std::sqrt(std::max(0.0, mean_square - rating * rating));
    out.push_back({a, static_cast<float>(rating), static_cast<float>(spread), static_cast<float>(std::min(1.0, vc))});
    ++found;
  }
  return found;
}

Predictions InterestModel::all_predictions() const {
  const unsigned workers = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  // Worker k takes the diarists k, k + workers, ... in increasing order and
  // notes how many predictions each gave.
  std::vector<std::vector<Found>> found(workers);
  std::vector<std::vector<std::uint32_t>> count_of(workers);
  auto work = [&](unsigned k) {
    for (AccountId d = k; d < n_; d += workers) count_of[k].push_back(propagate(d, found[k]));
  };
  std::vector<std::thread> threads;
  for (unsigned k = 1; k < workers; ++k) threads.emplace_back(work, k);
  work(0);
  for (auto& t : threads) t.join();

  // File them by reader: count, offsets, then place. Taking the diarists in
  // turn from the workers' lists leaves every reader's predictions ordered
  // by diarist.
  Predictions result;
  result.begin_.assign(n_ + 1, 0);
  for (const auto& list : found)
    for (const Found& f : list) ++result.begin_[f.reader + 1];
  for (std::size_t r = 0; r < n_; ++r) result.begin_[r + 1] += result.begin_[r];
  result.items_.resize(result.begin_[n_]);
  std::vector<std::uint64_t> at(result.begin_.begin(), result.begin_.end() - 1);
  std::vector<std::size_t> next(workers, 0);
  for (AccountId d = 0; d < n_; ++d) {
    const unsigned k = d % workers;
    const auto& list = found[k];
    std::size_t& i = next[k];
    const std::size_t end = i + count_of[k][d / workers];
    for (; i < end; ++i) {
      const Found& f = list[i];
      result.items_[at[f.reader]++] = {d, f.rating, f.spread, f.confidence};
    }
  }
  return result;
}

}  // namespace journeyer::trust
