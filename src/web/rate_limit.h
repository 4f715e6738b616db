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
// is full it is swept, at most once a second (a sweep reads every entry):
// windows that have ended go, and so do windows whose client has not reached
// its limit (starting afresh gains such a client at most one minute's
// allowance). A client at its limit keeps its count until its minute ends,
// so an attacker with many addresses can neither exhaust memory nor wipe the
// count of a client already limited. While the table stays full, clients not
// in it share one count per bucket; keeping newcomers out that way takes
// the whole allowance of 100,000 addresses every minute.
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
    unsigned limit = 0;  // the bucket's events a minute
  };
  // The sweep above, unless the last one was less than a second ago.
  void make_room(std::chrono::steady_clock::time_point now);

  std::size_t capacity_;
  Clock clock_;
  mutable std::mutex m_;
  std::unordered_map<std::string, Window> windows_;
  std::chrono::steady_clock::time_point next_sweep_{};
  // Per bucket: the window shared by the clients that found the table full.
  std::unordered_map<std::string, Window> overflow_;
};

}  // namespace journeyer::web
