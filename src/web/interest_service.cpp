#include "web/interest_service.h"

#include <algorithm>

namespace journeyer::web {

std::optional<trust::Prediction> InterestSnapshot::prediction(model::AccountId reader,
                                                              model::AccountId diarist) const {
  auto r = graph_id.find(reader.value), d = graph_id.find(diarist.value);
  if (r == graph_id.end() || d == graph_id.end() || r->second >= predictions.size()) return std::nullopt;
  const auto list = predictions[r->second];
  auto it = std::lower_bound(list.begin(), list.end(), d->second,
                             [](const trust::Prediction& p, trust::AccountId id) { return p.diarist < id; });
  if (it == list.end() || it->diarist != d->second) return std::nullopt;
  return *it;
}

std::vector<std::pair<model::AccountId, trust::Prediction>> InterestSnapshot::predictions_of(
    model::AccountId reader) const {
  std::vector<std::pair<model::AccountId, trust::Prediction>> out;
  auto r = graph_id.find(reader.value);
  if (r == graph_id.end() || r->second >= predictions.size()) return out;
  for (const auto& p : predictions[r->second])
    if (p.diarist < account_id.size() && account_id[p.diarist]) out.emplace_back(account_id[p.diarist], p);
  return out;
}

InterestService::InterestService(storage::Store& store, TrustService& trust)
    : store_(store), trust_(trust), current_(std::make_shared<InterestSnapshot>()) {}

InterestService::~InterestService() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (worker_.joinable()) worker_.join();
}

Result<std::shared_ptr<const InterestSnapshot>> InterestService::compute() {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  auto snap = std::make_shared<InterestSnapshot>();
  // The version first: the ratings read after it include at least those.
  auto version = store_.ratings_version();
  if (!version) return version.error();
  snap->trust_generation = trust_.snapshot()->generation;
  snap->ratings_version = *version;
  auto tg = store_.load_trust_graph({});
  if (!tg) return tg.error();
  auto ratings = store_.standing_ratings();
  if (!ratings) return ratings.error();

  snap->account_id = tg->account_ids;
  for (std::size_t g = 0; g < tg->account_ids.size(); ++g)
    if (tg->account_ids[g]) snap->graph_id.emplace(tg->account_ids[g].value, static_cast<trust::AccountId>(g));
  std::vector<trust::Rating> rs;
  rs.reserve(ratings->size());
  for (const auto& r : *ratings) {
    auto reader = snap->graph_id.find(r.reader.value), diarist = snap->graph_id.find(r.diarist.value);
    if (reader == snap->graph_id.end() || diarist == snap->graph_id.end()) continue;
    rs.push_back({reader->second, diarist->second, r.value});
  }
  snap->ratings = rs.size();
  trust::InterestModel model(*tg->graph, std::move(rs));
  snap->predictions = model.all_predictions();
  snap->predictions_count = snap->predictions.total();
  snap->compute_micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
  return std::shared_ptr<const InterestSnapshot>(std::move(snap));
}

Status InterestService::recompute_now() {
  std::lock_guard compute_lock(compute_m_);
  auto snap = compute();
  std::lock_guard lock(m_);
  ++computations_;
  if (!snap) {
    last_error_ = snap.error().message();
    return snap.error();
  }
  last_error_.clear();
  current_ = std::move(*snap);
  published_.notify_all();
  return Ok{};
}

void InterestService::start() {
  // Called with m_ held.
  if (worker_.joinable() || stopping_) return;
  worker_ = std::thread([this] { run(); });
}

std::shared_ptr<const InterestSnapshot> InterestService::snapshot() {
  std::lock_guard lock(m_);
  start();
  return current_;
}

void InterestService::request_recompute() {
  std::lock_guard lock(m_);
  dirty_ = true;
  start();
  wake_.notify_one();
}

void InterestService::run() {
  using Clock = std::chrono::steady_clock;
  auto next_poll = Clock::now() + kRatingsPollInterval;
  std::unique_lock lock(m_);
  while (!stopping_) {
    // Levels the trust service published since: certificates changed.
    if (trust_.snapshot()->generation != current_->trust_generation) dirty_ = true;
    if (!dirty_ && Clock::now() >= next_poll) {
      // Ratings given through another process sharing the database.
      std::int64_t have = current_->ratings_version;
      lock.unlock();
      auto version = store_.ratings_version();
      lock.lock();
      next_poll = Clock::now() + kRatingsPollInterval;
      if (version && *version != have) dirty_ = true;
    }
    if (dirty_) {
      dirty_ = false;  // requests from here on ask for one more computation
      lock.unlock();
      (void)recompute_now();  // the error is kept in last_error_
      lock.lock();
      continue;
    }
    // Woken by a request, or soon enough to notice new levels.
    wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return dirty_ || stopping_; });
  }
}

std::shared_ptr<const InterestSnapshot> InterestService::wait_for(std::int64_t ratings_version, int timeout_ms) {
  std::unique_lock lock(m_);
  start();
  published_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                      [&] { return current_->ratings_version >= ratings_version; });
  return current_;
}

std::int64_t InterestService::computations() const {
  std::lock_guard lock(m_);
  return computations_;
}

std::string InterestService::last_error() const {
  std::lock_guard lock(m_);
  return last_error_;
}

}  // namespace journeyer::web
