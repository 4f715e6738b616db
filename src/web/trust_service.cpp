#include "web/trust_service.h"

#include <algorithm>
#include <chrono>

#include "trust/graph.h"

namespace journeyer::web {

model::CertLevel LevelSnapshot::level(model::AccountId id) const {
  auto it = levels.find(id.value);
  return it == levels.end() ? model::CertLevel{0} : it->second;
}

TrustService::TrustService(storage::Store& store, trust::TrustConfig config, std::function<model::UnixTime()> now)
    : store_(store), config_(std::move(config)), now_(std::move(now)) {
  auto empty = std::make_shared<LevelSnapshot>();
  empty->counts.assign(config_.levels.size(), 0);
  empty->graph = std::make_shared<trust::StandingGraph>();
  current_ = std::move(empty);
}

TrustService::~TrustService() { stop(); }

namespace {

// The member list (without disabled accounts) and the counts per level,
// from the store's accounts and the snapshot's levels.
Status fill_roster(storage::Store& store, LevelSnapshot& snap, std::size_t level_count) {
  constexpr std::size_t kRosterPage = 5000;
  storage::AccountQuery q;
  q.limit = kRosterPage;
  snap.counts.assign(level_count, 0);
  while (true) {
    auto page = store.list_accounts(q);
    if (!page) return page.error();
    for (const auto& s : *page) {
      model::CertLevel lv = snap.level(s.id);
      snap.roster.push_back({s.id, s.name, lv, s.member_since});
      if (lv.value < snap.counts.size()) ++snap.counts[lv.value];
    }
    if (page->size() < kRosterPage) break;
    q.after_name = page->back().name;
  }
  std::stable_sort(snap.roster.begin(), snap.roster.end(),
                   [](const RosterEntry& a, const RosterEntry& b) { return a.level > b.level; });
  return Ok{};
}

}  // namespace

Result<std::shared_ptr<const LevelSnapshot>> TrustService::compute() {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  auto tg = store_.load_trust_graph({});
  if (!tg) return tg.error();
  auto result = trust::compute(*tg->graph, config_);
  if (!result) return result.error();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();

  auto snap = std::make_shared<LevelSnapshot>();
  snap->compute_micros = micros;
  snap->computed_at = now_();
  snap->accounts = tg->graph->account_count();
  snap->certificates = result->certificates;
  snap->missing_seeds = result->missing_seeds;
  std::vector<model::PublishedLevel> published;
  for (std::size_t a = 0; a < tg->account_ids.size() && a < result->level.size(); ++a) {
    if (!tg->account_ids[a] || result->level[a] == 0) continue;
    model::CertLevel lv{result->level[a]};
    snap->levels.emplace(tg->account_ids[a].value, lv);
    published.push_back({tg->account_ids[a], lv});
  }
  if (auto st = fill_roster(store_, *snap, config_.levels.size()); !st) return st.error();
  snap->graph = std::shared_ptr<const trust::StandingGraph>(std::move(tg->graph));

  model::LevelSnapshotInfo info;
  info.computed_at = snap->computed_at;
  info.compute_micros = micros;
  info.accounts = static_cast<std::int64_t>(snap->accounts);
  info.certificates = static_cast<std::int64_t>(snap->certificates);
  auto gen = store_.publish_levels(info, published);
  if (!gen) return gen.error();
  snap->generation = *gen;
  return std::shared_ptr<const LevelSnapshot>(std::move(snap));
}

Result<std::shared_ptr<const LevelSnapshot>> TrustService::load_published(const model::LevelSnapshotInfo& info) {
  auto levels = store_.published_levels();
  if (!levels) return levels.error();
  auto tg = store_.load_trust_graph({});
  if (!tg) return tg.error();
  auto snap = std::make_shared<LevelSnapshot>();
  snap->generation = info.generation;
  snap->computed_at = info.computed_at;
  snap->compute_micros = info.compute_micros;
  snap->accounts = static_cast<std::size_t>(info.accounts);
  snap->certificates = static_cast<std::size_t>(info.certificates);
  for (const auto& l : *levels) snap->levels.emplace(l.account.value, l.level);
  if (auto st = fill_roster(store_, *snap, config_.levels.size()); !st) return st.error();
  snap->graph = std::shared_ptr<const trust::StandingGraph>(std::move(tg->graph));
  return std::shared_ptr<const LevelSnapshot>(std::move(snap));
}

void TrustService::follow_store() {
  // Another process sharing the database may have published newer levels.
  auto info = store_.published_levels_info();
  if (!info || info->generation <= snapshot()->generation) return;
  std::lock_guard compute_lock(compute_m_);
  if (info->generation <= snapshot()->generation) return;
  auto snap = load_published(*info);
  std::lock_guard lock(m_);
  if (!snap) {
    last_error_ = snap.error().message();
    return;
  }
  if ((*snap)->generation > current_->generation) current_ = std::move(*snap);
  published_.notify_all();
}

Status TrustService::recompute_now() {
  std::lock_guard compute_lock(compute_m_);
  auto snap = compute();
  std::lock_guard lock(m_);
  ++computations_;
  if (!snap) {
    last_error_ = snap.error().message();
    return snap.error();
  }
  last_error_.clear();
  if ((*snap)->generation > current_->generation) current_ = std::move(*snap);
  published_.notify_all();
  return Ok{};
}

void TrustService::start() {
  std::lock_guard lock(m_);
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { run(); });
}

void TrustService::request_recompute() {
  std::lock_guard lock(m_);
  dirty_ = true;
  wake_.notify_one();
}

void TrustService::run() {
  std::unique_lock lock(m_);
  while (true) {
    if (!wake_.wait_for(lock, kFollowInterval, [this] { return dirty_ || stopping_; })) {
      lock.unlock();
      follow_store();
      lock.lock();
      continue;
    }
    if (stopping_) return;
    dirty_ = false;  // requests from here on ask for one more computation
    lock.unlock();
    (void)recompute_now();  // the error is kept in last_error_
    lock.lock();
  }
}

std::shared_ptr<const LevelSnapshot> TrustService::wait_newer_than(std::int64_t generation, int timeout_ms) {
  std::unique_lock lock(m_);
  published_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                      [&] { return current_->generation > generation; });
  return current_;
}

void TrustService::stop() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (worker_.joinable()) worker_.join();
}

std::shared_ptr<const LevelSnapshot> TrustService::snapshot() const {
  std::lock_guard lock(m_);
  return current_;
}

std::int64_t TrustService::computations() const {
  std::lock_guard lock(m_);
  return computations_;
}

std::string TrustService::last_error() const {
  std::lock_guard lock(m_);
  return last_error_;
}

}  // namespace journeyer::web
