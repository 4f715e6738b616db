// Rate limits per client address: at most N events a minute in each
// bucket ("login", "signup", ...). In memory, per process.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace journeyer::web {

// Most distinct (bucket, client) pairs tracked one by one. When the table
// is full, windows that have ended are dropped; if every window is still
// running, a client not in the table shares one window per bucket with
// every other such client, so that an attacker with many addresses can
// neither exhaust memory nor wipe the counts of the clients tracked. The
// table is swept for ended windows at most once a second (a sweep reads
// every entry).
constexpr std::size_t kMaxRateLimitEntries = 100'000;

class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit RateLimiter(std::size_t capacity = kMaxRateLimitEntries, Clock clock = {});

  // Counts one event; false when the client already had `per_minute` in the
  // current minute.
  bool allow(std::string_view bucket, std::string_view client, unsigned per_minute);

  // Clients tracked one by one (for tests).
  std::size_t tracked() const;

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    unsigned count = 0;
  };
  // Drops the windows that ended before `now`, unless the last sweep was
  // less than a second ago.
  void drop_ended(std::chrono::steady_clock::time_point now);

  std::size_t capacity_;
  Clock clock_;
  mutable std::mutex m_;
  std::unordered_map<std::string, Window> windows_;
  std::chrono::steady_clock::time_point next_sweep_{};
  // Per bucket: the window shared by the clients that found the table full.
  std::unordered_map<std::string, Window> overflow_;
};

}  // namespace journeyer::web
