// The blog aggregator: fetches the members' feeds that are due, turns each
// new post into a diary entry (sanitized with the diary policy), updates
// edited ones, and records how each fetch went for the member's page.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "feeds/config.h"
#include "feeds/fetch.h"
#include "html/policy.h"
#include "storage/store.h"

namespace journeyer::feeds {

// The next fetch after `failures` consecutive failures (0: after a success).
model::UnixTime next_fetch_after(model::UnixTime now, int failures, const AggregatorConfig& config);

struct CycleReport {
  std::size_t due = 0;           // feeds due when the cycle started
  std::size_t fetched = 0;       // answered with a feed that parsed
  std::size_t not_modified = 0;  // answered 304
  std::size_t failed = 0;        // errors recorded on the feed
  std::size_t new_posts = 0;
  std::size_t updated_posts = 0;
  std::size_t refused_posts = 0;  // too large for the diary, or without id and link
  std::size_t store_errors = 0;   // fetches the store could not record (recorded as failures if it can)
  std::size_t done() const { return fetched + not_modified + failed; }
};

class Aggregator {
 public:
  Aggregator(storage::Store& store, html::Policy diary_policy, AggregatorConfig config,
             std::function<model::UnixTime()> now);

  // One pass over every feed due now. `progress` is called after each feed.
  // Stops early (reporting what was done) when `stop` becomes true.
  Result<CycleReport> run_cycle(const std::function<void(const CycleReport&)>& progress = {},
                                const std::atomic<bool>* stop = nullptr);

  const AggregatorConfig& config() const { return config_; }

 private:
  // What one answer comes to, ready for the store (posts parsed and
  // sanitized); counts refused posts in `report`.
  storage::FeedFetch prepare(const model::Feed& feed, const FetchRequest& request, FetchResponse&& response,
                             model::UnixTime now, CycleReport& report);

  storage::Store& store_;
  html::Policy policy_;
  AggregatorConfig config_;
  std::function<model::UnixTime()> now_;
};

// Runs a cycle every `check_every` on a background thread (`journeyer
// serve`), until stop().
class AggregatorService {
 public:
  AggregatorService(Aggregator& aggregator, std::chrono::seconds check_every = std::chrono::seconds{60});
  ~AggregatorService();
  AggregatorService(const AggregatorService&) = delete;
  AggregatorService& operator=(const AggregatorService&) = delete;

  void start();
  void stop();
  // Asks for a cycle soon (a member just set a feed URL).
  void poke();
  std::size_t cycles() const;
  std::string last_error() const;

 private:
  void run();

  Aggregator& aggregator_;
  std::chrono::seconds check_every_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex m_;
  std::condition_variable wake_;
  bool poked_ = false;
  std::size_t cycles_ = 0;
  std::string last_error_;
  std::thread worker_;
};

}  // namespace journeyer::feeds
