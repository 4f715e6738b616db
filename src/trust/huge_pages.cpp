#include "trust/huge_pages.h"

#include <sys/mman.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace journeyer::trust {

namespace {

// Blocks handed out (by address: their size) and blocks kept for reuse (by
// size), under one lock: big arrays are few, their allocation is rare.
struct Blocks {
  std::mutex m;
  std::unordered_map<void*, std::size_t> live;
  struct Kept {
    void* block;
    std::uint64_t epoch;  // of the last computation that used it
  };
  std::multimap<std::size_t, Kept> kept;
  std::size_t kept_bytes = 0;
  std::uint64_t epoch = 0;
};

Blocks& blocks() {
  static Blocks* b = new Blocks;  // never destroyed: arrays may outlive static destruction
  return *b;
}

}  // namespace

namespace big_blocks {

void* take(std::size_t bytes) {
  Blocks& b = blocks();
  {
    std::lock_guard lock(b.m);
    // The smallest kept block that fits, if it is not more than a quarter
    // too big (a 64 MB array should not hold on to a 1 GB block).
    auto it = b.kept.lower_bound(bytes);
    if (it != b.kept.end() && it->first <= bytes + bytes / 4) {
      void* p = it->second.block;
      b.live.emplace(p, it->first);
      b.kept_bytes -= it->first;
      b.kept.erase(it);
      return p;
    }
  }
  void* p = std::aligned_alloc(kHugePage, bytes);
  if (p == nullptr) {
    // Perhaps the kept blocks are in the way: give them back and try once more.
    release_kept_blocks();
    p = std::aligned_alloc(kHugePage, bytes);
    if (p == nullptr) throw std::bad_alloc();
  }
  madvise(p, bytes, MADV_HUGEPAGE);
  std::lock_guard lock(b.m);
  b.live.emplace(p, bytes);
  return p;
}

void give(void* block) noexcept {
  Blocks& b = blocks();
  std::unique_lock lock(b.m);
  auto it = b.live.find(block);
  if (it == b.live.end()) return;  // not ours: cannot happen
  const std::size_t size = it->second;
  b.live.erase(it);
  if (b.kept_bytes + size > kMaxKeptBytes) {
    lock.unlock();
    std::free(block);
    return;
  }
  try {
    b.kept.emplace(size, Blocks::Kept{block, b.epoch});
    b.kept_bytes += size;
  } catch (...) {
    lock.unlock();
    std::free(block);
  }
}

Use::Use() {
  Blocks& b = blocks();
  std::lock_guard lock(b.m);
  epoch_ = ++b.epoch;
}

Use::~Use() {
  Blocks& b = blocks();
  std::vector<void*> unused;
  {
    std::lock_guard lock(b.m);
    for (auto it = b.kept.begin(); it != b.kept.end();) {
      if (it->second.epoch < epoch_) {
        unused.push_back(it->second.block);
        b.kept_bytes -= it->first;
        it = b.kept.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (void* p : unused) std::free(p);
}

}  // namespace big_blocks

std::size_t release_kept_blocks() {
  Blocks& b = blocks();
  std::multimap<std::size_t, Blocks::Kept> kept;
  std::size_t bytes = 0;
  {
    std::lock_guard lock(b.m);
    kept.swap(b.kept);
    bytes = b.kept_bytes;
    b.kept_bytes = 0;
  }
  for (auto& [size, k] : kept) std::free(k.block);
  return bytes;
}

std::size_t kept_block_bytes() {
  Blocks& b = blocks();
  std::lock_guard lock(b.m);
  return b.kept_bytes;
}

}  // namespace journeyer::trust
