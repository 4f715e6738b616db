// The interest service: members' predicted interest in each other's
// diaries (trust/interest.h), recomputed to convergence off the request path
// whenever ratings or certificates change, and published as an immutable
// snapshot like the trust service's levels. No cron job: the computation
// starts when a rating is given, when the trust service publishes new
// levels, or when another process sharing the database records a rating.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "model/ids.h"
#include "storage/store.h"
#include "trust/interest.h"
#include "web/trust_service.h"

namespace journeyer::web {

struct InterestSnapshot {
  std::int64_t trust_generation = -1;  // the certificates it was computed from
  std::int64_t ratings_version = -1;   // -1: nothing computed yet
  std::int64_t compute_micros = 0;
  std::size_t ratings = 0;
  std::size_t predictions_count = 0;
  // Graph ids (the engine's) <-> store account ids.
  std::unordered_map<std::int64_t, trust::AccountId> graph_id;
  std::vector<model::AccountId> account_id;
  // By reader's graph id, ordered by diarist graph id.
  trust::Predictions predictions;

  // The reader's prediction for the diarist (own ratings included).
  std::optional<trust::Prediction> prediction(model::AccountId reader, model::AccountId diarist) const;
  // Every prediction for the reader, with diarists as store ids.
  std::vector<std::pair<model::AccountId, trust::Prediction>> predictions_of(model::AccountId reader) const;
};

// How often the running service looks for ratings given through another
// process (a cheap MAX(id) query).
constexpr std::chrono::milliseconds kRatingsPollInterval{2000};

class InterestService {
 public:
  InterestService(storage::Store& store, TrustService& trust);
  ~InterestService();
  InterestService(const InterestService&) = delete;
  InterestService& operator=(const InterestService&) = delete;

  // The current predictions. The first call starts the background thread.
  std::shared_ptr<const InterestSnapshot> snapshot();
  // A rating was given: compute again soon (returns at once).
  void request_recompute();
  // Waits until the published snapshot includes ratings up to
  // `ratings_version`, or up to `timeout_ms`; returns the current snapshot.
  std::shared_ptr<const InterestSnapshot> wait_for(std::int64_t ratings_version, int timeout_ms);
  // Computes and publishes at once, on the calling thread.
  Status recompute_now();
  std::int64_t computations() const;
  std::string last_error() const;

 private:
  void start();
  void run();
  Result<std::shared_ptr<const InterestSnapshot>> compute();

  storage::Store& store_;
  TrustService& trust_;
  mutable std::mutex m_;
  std::condition_variable wake_, published_;
  std::shared_ptr<const InterestSnapshot> current_;
  bool dirty_ = true;  // nothing computed yet
  bool stopping_ = false;
  std::int64_t computations_ = 0;
  std::string last_error_;
  std::mutex compute_m_;
  std::thread worker_;
};

}  // namespace journeyer::web
