// Rate limits per client address: at most N events a minute in each
// bucket ("login", "signup", ...). In memory, per process.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace journeyer::web {

// Most distinct (bucket, client) pairs kept; beyond it the table is cleared
// (an attacker with many addresses gains one fresh minute, no memory).
constexpr std::size_t kMaxRateLimitEntries = 100'000;

class RateLimiter {
 public:
  // Counts one event; false when the client already had `per_minute` in the
  // current minute.
  bool allow(std::string_view bucket, std::string_view client, unsigned per_minute);

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    unsigned count = 0;
  };
  std::mutex m_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace journeyer::web
