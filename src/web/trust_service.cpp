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
    : store_(store), config_(std::move(config)), now_(std::move(now)), computes_(!store.shared_by_processes()) {
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
      snap.roster.push_back({s.id, s.name, lv, s.member_since, s.state});
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
  snap->graph_levels = std::move(result->level);

  model::LevelSnapshotInfo info;
  info.computed_at = snap->computed_at;
  info.compute_micros = micros;
  info.accounts = static_cast<std::int64_t>(snap->accounts);
  info.certificates = static_cast<std::int64_t>(snap->certificates);
  auto gen = store_.publish_levels(info, published);
  if (!gen) return gen.error();
  snap->generation = *gen;
  // Members per level over time (the chart on /trust/). Only the process
  // that computes records; failing to record loses a point of the chart,
  // not the levels.
  if (auto st = store_.record_level_counts({*gen, snap->computed_at, snap->counts}); !st) {
    std::lock_guard lock(m_);
    last_error_ = "recording the level history: " + st.error().message();
  }
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
  snap->graph_levels.assign(tg->account_ids.size(), 0);
  for (std::size_t a = 0; a < tg->account_ids.size(); ++a)
    if (tg->account_ids[a]) snap->graph_levels[a] = snap->level(tg->account_ids[a]).value;
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
  std::unique_lock lock(m_);
  if (!snap) {
    last_error_ = snap.error().message();
    return;
  }
  std::int64_t generation = (*snap)->generation;
  if (generation > current_->generation) set_current(std::move(*snap));
  published_.notify_all();
  lock.unlock();
  if (log_) log_("levels of generation " + std::to_string(generation) + " adopted from another process");
}

Status TrustService::recompute_now() {
  std::lock_guard compute_lock(compute_m_);
  auto snap = compute();
  std::unique_lock lock(m_);
  ++computations_;
  if (!snap) {
    last_error_ = snap.error().message();
    return snap.error();
  }
  last_error_.clear();
  std::int64_t generation = (*snap)->generation;
  std::int64_t micros = (*snap)->compute_micros;
  if (generation > current_->generation) set_current(std::move(*snap));
  published_.notify_all();
  lock.unlock();
  if (log_)
    log_("levels computed here: generation " + std::to_string(generation) + " in " +
         std::to_string(micros / 1000) + " ms");
  if (store_.shared_by_processes()) {
    if (auto st = store_.notify_levels(generation); !st) {
      lock.lock();
      last_error_ = st.error().message();  // the others still find the levels by polling
    }
  }
  return Ok{};
}

bool TrustService::try_lock() {
  auto got = store_.try_trust_lock();
  std::lock_guard lock(m_);
  if (!got) {
    last_error_ = got.error().message();
    computes_ = false;
    return false;
  }
  if (*got && !computes_) dirty_ = true;  // requests may have gone unanswered meanwhile
  computes_ = *got;
  return computes_;
}

Status TrustService::start_up() {
  if (!store_.shared_by_processes()) return recompute_now();
  auto got = store_.try_trust_lock();
  if (!got) return got.error();
  {
    std::lock_guard lock(m_);
    computes_ = *got;
  }
  if (*got) return recompute_now();
  auto info = store_.published_levels_info();
  if (!info) return info.error();
  if (info->generation == 0) return recompute_now();  // nothing published yet
  std::lock_guard compute_lock(compute_m_);
  auto snap = load_published(*info);
  if (!snap) return snap.error();
  std::lock_guard lock(m_);
  if ((*snap)->generation > current_->generation) set_current(std::move(*snap));
  published_.notify_all();
  return Ok{};
}

void TrustService::start() {
  std::lock_guard lock(m_);
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { run(); });
  if (store_.shared_by_processes()) listener_ = std::thread([this] { listen(); });
}

std::uint64_t TrustService::request_recompute() {
  std::lock_guard lock(m_);
  dirty_ = true;
  wake_.notify_all();
  return ++requested_;
}

bool TrustService::wait_computed(std::uint64_t ticket, int timeout_ms) {
  std::unique_lock lock(m_);
  // Where another process computes, this one only asks it to: no wait.
  // Nor while others already wait: a burst of certificates must not hold
  // the request threads.
  if ((store_.shared_by_processes() && !computes_) || waiting_ >= kMaxWaitingForLevels) return covered_ >= ticket;
  ++waiting_;
  const bool done =
      published_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return covered_ >= ticket; });
  --waiting_;
  return done;
}

void TrustService::run() {
  const bool shared = store_.shared_by_processes();
  std::unique_lock lock(m_);
  while (true) {
    bool woken = wake_.wait_for(lock, kFollowInterval, [this] { return dirty_ || stopping_ || levels_heard_; });
    if (stopping_) return;
    if (shared) {
      // Keeps (or takes over) the lock; taking it over asks for a computation.
      lock.unlock();
      (void)try_lock();
      lock.lock();
    }
    if (dirty_) {
      dirty_ = false;  // requests from here on ask for one more computation
      const std::uint64_t taking = requested_;
      bool here = !shared || computes_;
      lock.unlock();
      if (here) {
        // The error is kept in last_error_.
        if (recompute_now()) {
          lock.lock();
          covered_ = std::max(covered_, taking);
          published_.notify_all();
          lock.unlock();
        }
      } else if (auto st = store_.notify_recompute(); !st) {
        lock.lock();
        last_error_ = st.error().message();
        lock.unlock();
      }
      lock.lock();
      continue;
    }
    if (!woken || levels_heard_) {
      levels_heard_ = false;
      lock.unlock();
      follow_store();
      lock.lock();
    }
  }
}

void TrustService::listen() {
  std::unique_lock lock(m_);
  while (!stopping_) {
    lock.unlock();
    auto notices = store_.wait_notices(kFollowInterval);
    lock.lock();
    if (!notices) {
      // The database is away: try again later (the worker polls meanwhile).
      last_error_ = notices.error().message();
      wake_.wait_for(lock, kFollowInterval, [this] { return stopping_; });
      continue;
    }
    if (notices->levels_published) levels_heard_ = true;
    if (notices->recompute_wanted && computes_) dirty_ = true;
    if (levels_heard_ || dirty_) wake_.notify_all();
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
  if (listener_.joinable()) listener_.join();
}

void TrustService::set_current(std::shared_ptr<const LevelSnapshot> snap) {
  generation_.store(snap->generation, std::memory_order_release);
  current_ = std::move(snap);
}

std::shared_ptr<const LevelSnapshot> TrustService::snapshot() const {
  std::lock_guard lock(m_);
  return current_;
}

std::int64_t TrustService::computations() const {
  std::lock_guard lock(m_);
  return computations_;
}

bool TrustService::computes() const {
  std::lock_guard lock(m_);
  return computes_;
}

std::string TrustService::last_error() const {
  std::lock_guard lock(m_);
  return last_error_;
}

}  // namespace journeyer::web
