#include "trust/interest.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace journeyer::trust {

InterestModel::InterestModel(const StandingGraph& graph, std::vector<Rating> ratings)
    : n_(graph.account_count()) {
  // Certifiers of each account (reverse adjacency) and how many members each
  // account certified.
  in_begin_.assign(n_ + 1, 0);
  out_count_.assign(n_, 0);
  for (AccountId a = 0; a < n_; ++a) {
    out_count_[a] = graph.out_begin[a + 1] - graph.out_begin[a];
    for (auto e = graph.out_begin[a]; e < graph.out_begin[a + 1]; ++e) ++in_begin_[graph.out_subject[e] + 1];
  }
  for (std::size_t i = 0; i < n_; ++i) in_begin_[i + 1] += in_begin_[i];
  in_issuer_.resize(graph.certificate_count());
  std::vector<std::uint32_t> fill(in_begin_.begin(), in_begin_.end() - 1);
  for (AccountId a = 0; a < n_; ++a)
    for (auto e = graph.out_begin[a]; e < graph.out_begin[a + 1]; ++e) in_issuer_[fill[graph.out_subject[e]]++] = a;

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

std::vector<InterestModel::Push> InterestModel::propagate(AccountId diarist) const {
  // Residual pushing: a node's pending contribution is added to its value
  // and passed on to everyone who certified it, scaled by damping / (how
  // many that certifier certified). Raters of this diarist keep their own
  // rating and take nothing from others. Work queue in first-in order.
  std::vector<Push> out;
  const std::uint32_t first = rating_begin_[diarist], last = rating_begin_[diarist + 1];
  if (first == last) return out;
  // Sparse state for this diarist only: index into `nodes` by account.
  struct State {
    double va = 0, vb = 0, vc = 0;  // value so far
    double ra = 0, rb = 0, rc = 0;  // pending
    bool queued = false, rater = false;
  };
  std::vector<State> nodes;
  std::vector<std::uint32_t> queue;
  // Dense index for the touched accounts; a small map would do too, but the
  // touched set is a fraction of the graph.
  thread_local std::vector<std::uint32_t> slot;
  if (slot.size() < n_) slot.assign(n_, 0xffffffffu);
  std::vector<AccountId> touched;
  auto state_of = [&](AccountId a) -> State& {
    if (slot[a] == 0xffffffffu) {
      slot[a] = static_cast<std::uint32_t>(nodes.size());
      nodes.emplace_back();
      touched.push_back(a);
    }
    return nodes[slot[a]];
  };
  for (std::uint32_t i = first; i < last; ++i) {
    State& s = state_of(ratings_[i].reader);
    double v = ratings_[i].value;
    s.rater = true;
    s.va = v;
    s.vb = v * v;
    s.vc = 1.0;
  }
  auto pass_on = [&](AccountId from, double a, double b, double c) {
    for (auto k = in_begin_[from]; k < in_begin_[from + 1]; ++k) {
      AccountId w = in_issuer_[k];
      double f = kInterestDamping / out_count_[w];
      State& sw = state_of(w);
      if (sw.rater) continue;  // its own rating stands
      sw.ra += f * a;
      sw.rb += f * b;
      sw.rc += f * c;
      if (!sw.queued && sw.rc >= kInterestTolerance) {
        sw.queued = true;
        queue.push_back(w);
      }
    }
  };
  for (std::uint32_t i = first; i < last; ++i) {
    double v = ratings_[i].value;
    pass_on(ratings_[i].reader, v, v * v, 1.0);
  }
  for (std::size_t h = 0; h < queue.size(); ++h) {
    AccountId u = queue[h];
    State& su = nodes[slot[u]];
    su.queued = false;
    double a = su.ra, b = su.rb, c = su.rc;
    su.ra = su.rb = su.rc = 0;
    su.va += a;
    su.vb += b;
    su.vc += c;
    pass_on(u, a, b, c);
  }
  for (AccountId a : touched) {
    const State& s = nodes[slot[a]];
    // What is still pending is the node's own share, just not passed on.
    double va = s.va + s.ra, vb = s.vb + s.rb, vc = s.vc + s.rc;
    if (vc >= kInterestTolerance) out.push_back({a, va, vb, vc});
    slot[a] = 0xffffffffu;
  }
  return out;
}

std::vector<std::vector<Prediction>> InterestModel::all_predictions() const {
  const unsigned workers = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  std::vector<std::vector<std::pair<AccountId, Prediction>>> found(workers);
  auto work = [&](unsigned k) {
    for (AccountId d = k; d < n_; d += workers) {
      for (const Push& p : propagate(d)) {
        double rating = p.a / p.c;
        double mean_square = p.b / p.c;
        double spread = std::sqrt(std::max(0.0, mean_square - rating * rating));
        found[k].push_back({p.reader, {d, rating, spread, std::min(1.0, p.c)}});
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned k = 1; k < workers; ++k) threads.emplace_back(work, k);
  work(0);
  for (auto& t : threads) t.join();
  std::vector<std::vector<Prediction>> result(n_);
  for (const auto& list : found)
    for (const auto& [reader, p] : list) result[reader].push_back(p);
  for (auto& list : result)
    std::sort(list.begin(), list.end(), [](const Prediction& a, const Prediction& b) { return a.diarist < b.diarist; });
  return result;
}

}  // namespace journeyer::trust
