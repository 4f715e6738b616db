// The trust service: recomputes every member's level from the store's
// certificate graph off the request path, and publishes each result as an
// immutable snapshot. Readers take a shared_ptr to the current snapshot and
// never see a half-updated one; a burst of certificates while a computation
// runs is coalesced into one more computation. Processes that share a
// database also pick up the levels the others publish.
#pragma once

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

  model::CertLevel level(model::AccountId id) const;
};

// How often the service checks the store for levels another process
// published (several `journeyer serve` on one PostgreSQL).
constexpr std::chrono::milliseconds kFollowInterval{500};

class TrustService {
 public:
  TrustService(storage::Store& store, trust::TrustConfig config, std::function<model::UnixTime()> now);
  ~TrustService();
  TrustService(const TrustService&) = delete;
  TrustService& operator=(const TrustService&) = delete;

  // Computes and publishes at once, on the calling thread.
  Status recompute_now();
  // Starts the background thread.
  void start();
  // Asks for a recomputation soon; returns at once.
  void request_recompute();
  // Waits until a snapshot newer than `generation` is published, or up to
  // `timeout_ms`; returns the current snapshot either way.
  std::shared_ptr<const LevelSnapshot> wait_newer_than(std::int64_t generation, int timeout_ms);
  void stop();

  std::shared_ptr<const LevelSnapshot> snapshot() const;
  const trust::TrustConfig& config() const { return config_; }
  std::int64_t computations() const;
  std::string last_error() const;

 private:
  void run();
  Result<std::shared_ptr<const LevelSnapshot>> compute();
  // A snapshot of levels another process computed and published.
  Result<std::shared_ptr<const LevelSnapshot>> load_published(const model::LevelSnapshotInfo& info);
  void follow_store();

  storage::Store& store_;
  trust::TrustConfig config_;
  std::function<model::UnixTime()> now_;
  mutable std::mutex m_;
  std::condition_variable wake_;
  std::condition_variable published_;
  std::shared_ptr<const LevelSnapshot> current_;
  bool dirty_ = false;
  bool stopping_ = false;
  std::int64_t computations_ = 0;
  std::string last_error_;
  std::mutex compute_m_;  // one computation at a time
  std::thread worker_;
};

}  // namespace journeyer::web
