#include "util/big_blocks.h"

#include <sanitizer/asan_interface.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace journeyer {

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
  std::size_t mapped_bytes = 0;
  std::uint64_t epoch = 0;
};

Blocks& blocks() {
  static Blocks* b = new Blocks;  // never destroyed: arrays may outlive static destruction
  return *b;
}

// Fresh blocks are mapped from the system directly (not malloc'd), so that
// a kept block can be cut in two and each part given back on its own.
void* map_block(std::size_t bytes) {
  const std::size_t len = bytes + big_blocks::kHugePage;
  void* raw = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const auto at = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t start = (at + big_blocks::kHugePage - 1) & ~(big_blocks::kHugePage - 1);
  const std::size_t head = start - at, tail = len - head - bytes;
  if (head != 0) munmap(raw, head);
  if (tail != 0) munmap(reinterpret_cast<void*>(start + bytes), tail);
  return reinterpret_cast<void*>(start);
}

void unmap_block(void* block, std::size_t bytes) {
  // The sanitizer's marks go with it: the system may map the range again.
  ASAN_UNPOISON_MEMORY_REGION(block, bytes);
  munmap(block, bytes);
}

}  // namespace

namespace big_blocks {

void* take(std::size_t used) {
  const std::size_t bytes = (used + kHugePage - 1) / kHugePage * kHugePage;
  Blocks& b = blocks();
  void* p = nullptr;
  {
    std::lock_guard lock(b.m);
    // The smallest kept block that fits. A block more than a quarter too
    // big is cut: the array takes its front, the rest stays kept (so a big
    // buffer given back, such as the file a graph was read from, serves
    // the computation's arrays without the system faulting in and zeroing
    // fresh pages for them).
    auto it = b.kept.lower_bound(bytes);
    if (it != b.kept.end()) {
      char* const block = static_cast<char*>(it->second.block);
      const std::size_t size = it->first;
      bool cut = size > bytes + bytes / 4 && size - bytes >= kThreshold;
      decltype(it) rest;
      if (cut) {
        try {
          rest = b.kept.emplace(size - bytes, Blocks::Kept{block + bytes, it->second.epoch});
        } catch (...) {
          cut = false;  // no room to note the rest: the array takes it all
        }
      }
      try {
        b.live.emplace(block, cut ? bytes : size);
      } catch (...) {
        if (cut) b.kept.erase(rest);
        throw;
      }
      b.kept.erase(it);
      b.kept_bytes -= cut ? bytes : size;
      p = block;
    }
  }
  if (p == nullptr) {
    p = map_block(bytes);
    if (p == nullptr) {
      // Perhaps the kept blocks are in the way: give them back and try once more.
      release_kept_blocks();
      p = map_block(bytes);
      if (p == nullptr) throw std::bad_alloc();
    }
    madvise(p, bytes, MADV_HUGEPAGE);
    std::lock_guard lock(b.m);
    try {
      b.live.emplace(p, bytes);
      b.mapped_bytes += bytes;
    } catch (...) {
      munmap(p, bytes);
      throw;
    }
  }
  // Past the array's end is out of bounds to the sanitizer.
  ASAN_UNPOISON_MEMORY_REGION(p, used);
  ASAN_POISON_MEMORY_REGION(static_cast<char*>(p) + used, bytes - used);
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
    unmap_block(block, size);
    return;
  }
  try {
    b.kept.emplace(size, Blocks::Kept{block, b.epoch});
    b.kept_bytes += size;
    // A kept block is not to be touched until taken again.
    ASAN_POISON_MEMORY_REGION(block, size);
  } catch (...) {
    lock.unlock();
    unmap_block(block, size);
  }
}

Use::Use() {
  Blocks& b = blocks();
  std::lock_guard lock(b.m);
  epoch_ = ++b.epoch;
}

Use::~Use() {
  Blocks& b = blocks();
  std::vector<std::pair<void*, std::size_t>> unused;
  {
    std::lock_guard lock(b.m);
    for (auto it = b.kept.begin(); it != b.kept.end();) {
      if (it->second.epoch < epoch_) {
        unused.emplace_back(it->second.block, it->first);
        b.kept_bytes -= it->first;
        it = b.kept.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto [p, size] : unused) unmap_block(p, size);
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
  for (auto& [size, k] : kept) unmap_block(k.block, size);
  return bytes;
}

std::size_t kept_block_bytes() {
  Blocks& b = blocks();
  std::lock_guard lock(b.m);
  return b.kept_bytes;
}

std::size_t mapped_block_bytes() {
  Blocks& b = blocks();
  std::lock_guard lock(b.m);
  return b.mapped_bytes;
}

}  // namespace journeyer
