// The trust service: recomputes every member's level from the store's
// certificate graph off the request path, and publishes each result as an
// immutable snapshot. Readers take a shared_ptr to the current snapshot and
// never see a half-updated one; a burst of certificates while a computation
// runs is coalesced into one more computation.
//
// Processes that share a PostgreSQL database compute one at a time: the one
// holding the store's trust lock computes and publishes, and announces each
// new generation (NOTIFY); the others ask it to recompute after a
// certificate, adopt what it publishes as soon as they hear of it, and check
// the store every kFollowInterval in case a notification was missed. When
// the computing process goes away, another takes the lock and computes.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "model/account.h"
#include "model/cert.h"
#include "storage/store.h"
#include "trust/metric.h"

namespace journeyer::web {

// One member as the member list shows them.
struct RosterEntry {
  model::AccountId id;
  std::string name;
  model::CertLevel level;
  model::UnixTime member_since = 0;
  model::AccountState state = model::AccountState::Active;
};

struct LevelSnapshot {
  std::int64_t generation = 0;  // 0: nothing computed yet
  model::UnixTime computed_at = 0;
  std::int64_t compute_micros = 0;  // reading the graph and computing
  std::size_t accounts = 0;
  std::size_t certificates = 0;
  std::vector<std::int64_t> counts;  // members per level (not disabled)
  std::vector<std::string> missing_seeds;
  std::unordered_map<std::int64_t, model::CertLevel> levels;  // by store account id; absent: lowest
  std::vector<RosterEntry> roster;  // not disabled; highest level first, then by name
  std::shared_ptr<const trust::StandingGraph> graph;  // for explanations
  std::vector<trust::LevelIndex> graph_levels;          // by the graph's account id

  model::CertLevel level(model::AccountId id) const;
};

// How often the service checks the store for levels another process
// published, and tries for the trust lock when another holds it (several
// `journeyer serve` on one PostgreSQL).
constexpr std::chrono::milliseconds kFollowInterval{500};
// At most this many requests wait for levels at once (wait_computed).
constexpr unsigned kMaxWaitingForLevels = 2;

class TrustService {
 public:
  TrustService(storage::Store& store, trust::TrustConfig config, std::function<model::UnixTime()> now);
  ~TrustService();
  TrustService(const TrustService&) = delete;
  TrustService& operator=(const TrustService&) = delete;

  // Computes and publishes at once, on the calling thread.
  Status recompute_now();
  // The levels to start serving with: computed here when this process may
  // compute (always on a single-process store), else the ones another
  // process published (computed here only when there are none yet).
  Status start_up();
  // Starts the background thread.
  void start();
  // Asks for a recomputation soon; returns at once, with a ticket for
  // wait_computed().
  std::uint64_t request_recompute();
  // Waits until this process has computed levels that include everything
  // stored before the request that gave `ticket`, or up to `timeout_ms`;
  // whether it has. Where another process computes, it does not wait.
  bool wait_computed(std::uint64_t ticket, int timeout_ms);
  // Waits until a snapshot newer than `generation` is published, or up to
  // `timeout_ms`; returns the current snapshot either way.
  std::shared_ptr<const LevelSnapshot> wait_newer_than(std::int64_t generation, int timeout_ms);
  void stop();

  std::shared_ptr<const LevelSnapshot> snapshot() const;
  // The current snapshot's generation, without a lock.
  std::int64_t generation() const { return generation_.load(std::memory_order_acquire); }
  const trust::TrustConfig& config() const { return config_; }
  std::int64_t computations() const;
  // Whether this process computes the levels (it holds the trust lock).
  bool computes() const;
  // Where the service says what it did (a computation, levels adopted from
  // another process); nothing by default. Set before start().
  void set_log(std::function<void(const std::string&)> log) { log_ = std::move(log); }
  std::string last_error() const;

 private:
  void run();
  Result<std::shared_ptr<const LevelSnapshot>> compute();
  // A snapshot of levels another process computed and published.
  Result<std::shared_ptr<const LevelSnapshot>> load_published(const model::LevelSnapshotInfo& info);
  void follow_store();
  void listen();  // the notification thread (shared databases)
  bool try_lock();

  storage::Store& store_;
  trust::TrustConfig config_;
  std::function<model::UnixTime()> now_;
  std::function<void(const std::string&)> log_;
  mutable std::mutex m_;
  std::condition_variable wake_;
  std::condition_variable published_;
  std::shared_ptr<const LevelSnapshot> current_;
  std::atomic<std::int64_t> generation_{0};  // current_->generation
  void set_current(std::shared_ptr<const LevelSnapshot> snap);  // under m_
  bool dirty_ = false;
  std::uint64_t requested_ = 0;  // requests so far
  std::uint64_t covered_ = 0;    // requests the levels computed here include
  unsigned waiting_ = 0;         // in wait_computed()
  bool stopping_ = false;
  bool levels_heard_ = false;  // another process announced new levels
  bool computes_ = false;      // holds the trust lock (shared databases)
  std::int64_t computations_ = 0;
  std::string last_error_;
  std::mutex compute_m_;  // one computation at a time
  std::thread worker_;
  std::thread listener_;
};

}  // namespace journeyer::web
