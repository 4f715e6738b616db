#include "web/page_cache.h"

#include <mutex>

namespace journeyer::web {

std::shared_ptr<const Response> PageCache::find(const std::string& key, std::int64_t generation) const {
  std::shared_lock lock(m_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  const Entry& e = it->second;
  if (e.generation != generation || e.version != version_.load() || std::chrono::steady_clock::now() >= e.expires)
    return nullptr;
  return e.response;
}

void PageCache::store(const std::string& key, std::int64_t generation, Response response) {
  Entry e{std::make_shared<const Response>(std::move(response)), generation, version_.load(),
          std::chrono::steady_clock::now() + kVisitorCacheTtl};
  std::unique_lock lock(m_);
  if (entries_.size() >= kMaxCachedPages) entries_.clear();
  entries_[key] = std::move(e);
}

}  // namespace journeyer::web
