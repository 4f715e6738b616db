// A short-lived cache of the pages visitors without cookies get: the
// same bytes for everyone, so a busy person page is rendered once per
// kVisitorCacheTtl instead of once per request. Any POST this process
// handles and every new level snapshot empty it at once; changes made by
// another process sharing the database show within kVisitorCacheTtl.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "web/http.h"

namespace journeyer::web {

constexpr std::chrono::milliseconds kVisitorCacheTtl{1000};
constexpr std::size_t kMaxCachedPages = 10'000;

class PageCache {
 public:
  // The cached response for `key` made under `generation`, or nullptr.
  std::shared_ptr<const Response> find(const std::string& key, std::int64_t generation) const;
  void store(const std::string& key, std::int64_t generation, Response response);
  // Something changed: nothing cached so far may be served again.
  void invalidate() { ++version_; }

 private:
  struct Entry {
    std::shared_ptr<const Response> response;
    std::int64_t generation;
    std::uint64_t version;
    std::chrono::steady_clock::time_point expires;
  };
  mutable std::shared_mutex m_;
  std::unordered_map<std::string, Entry> entries_;
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace journeyer::web
