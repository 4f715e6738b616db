#include "web/rate_limit.h"

namespace journeyer::web {

bool RateLimiter::allow(std::string_view bucket, std::string_view client, unsigned per_minute) {
  auto now = std::chrono::steady_clock::now();
  std::string key;
  key.reserve(bucket.size() + 1 + client.size());
  key.append(bucket).push_back(' ');
  key.append(client);
  std::lock_guard lock(m_);
  if (windows_.size() >= kMaxRateLimitEntries) windows_.clear();
  Window& w = windows_[key];
  if (w.count == 0 || now - w.start >= std::chrono::minutes(1)) {
    w.start = now;
    w.count = 0;
  }
  if (w.count >= per_minute) return false;
  ++w.count;
  return true;
}

}  // namespace journeyer::web
