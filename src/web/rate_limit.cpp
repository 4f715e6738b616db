#include "web/rate_limit.h"

#include <utility>

namespace journeyer::web {

namespace {

constexpr auto kWindow = std::chrono::minutes(1);

}  // namespace

RateLimiter::RateLimiter(std::size_t capacity, Clock clock) : capacity_(capacity), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return std::chrono::steady_clock::now(); };
}

void RateLimiter::make_room(std::chrono::steady_clock::time_point now) {
  if (now < next_sweep_) return;
  next_sweep_ = now + std::chrono::seconds(1);
  // Windows that have ended hold nothing; windows below their limit hold
  // less than one minute's allowance, which is all their client could gain
  // by starting afresh. A client at its limit keeps its count.
  std::erase_if(windows_, [&](const auto& kv) {
    return now - kv.second.start >= kWindow || kv.second.count < kv.second.limit;
  });
}

bool RateLimiter::allow(std::string_view bucket, std::string_view client, unsigned per_minute) {
  const auto now = clock_();
  std::string key;
  key.reserve(bucket.size() + 1 + client.size());
  key.append(bucket).push_back(' ');
  key.append(client);
  std::lock_guard lock(m_);
  auto it = windows_.find(key);
  if (it == windows_.end()) {
    if (windows_.size() >= capacity_) make_room(now);
    if (windows_.size() < capacity_) it = windows_.emplace(std::move(key), Window{}).first;
  }
  Window& w = it != windows_.end() ? it->second : overflow_[std::string(bucket)];
  if (w.count == 0 || now - w.start >= kWindow) {
    w.start = now;
    w.count = 0;
  }
  w.limit = per_minute;
  if (w.count >= per_minute) return false;
  ++w.count;
  return true;
}

std::size_t RateLimiter::tracked() const {
  std::lock_guard lock(m_);
  return windows_.size();
}

}  // namespace journeyer::web
