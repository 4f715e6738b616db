// An allocator for big arrays (the trust engine's, and files read whole):
// blocks of 4 MiB and more are aligned to 2 MiB and marked for transparent
// huge pages (Linux madvise), so that the flow's random accesses over
// hundreds of megabytes miss the TLB far less often and the arrays fault in
// 512 times fewer pages. A hint only: where huge pages are off, nothing
// changes.
//
// Big blocks given back are kept for the next arrays they fit (another
// level of the same computation, or the next computation: the site
// recomputes after every certificate; a block much bigger than an array is
// cut in two) instead of going back to the kernel, which would have to
// fault in and zero them again. At most kMaxKeptBytes are kept, blocks a
// computation did not use are given back when it ends (big_blocks::Use),
// and release_kept_blocks() gives them all back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace journeyer {

namespace big_blocks {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kThreshold = std::size_t{4} << 20;
constexpr std::size_t kMaxKeptBytes = std::size_t{3} << 29;  // 1.5 GiB
// A block for `bytes` (at least that, rounded up to whole huge pages),
// huge-page aligned and advised; throws std::bad_alloc. To the address
// sanitizer, the bytes past `bytes` and a block given back are out of bounds.
void* take(std::size_t bytes);
// Gives back a block from take(); it is kept for reuse while there is room.
void give(void* block) noexcept;

// A computation's use of the blocks: blocks kept from before it that it did
// not take are given back to the system when it ends (a site whose arrays
// grew past them would otherwise keep them for nothing).
class Use {
 public:
  Use();
  ~Use();
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;

 private:
  std::uint64_t epoch_;
};
}  // namespace big_blocks

// Gives every kept block back to the system; returns the bytes released.
std::size_t release_kept_blocks();
// Bytes kept for reuse now (for tests and benchmarks).
std::size_t kept_block_bytes();
// Bytes of fresh blocks mapped from the system so far, which it had to
// fault in and zero (for tests and benchmarks).
std::size_t mapped_block_bytes();

template <class T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < big_blocks::kThreshold) return std::allocator<T>{}.allocate(n);
    return static_cast<T*>(big_blocks::take(bytes));
  }
  void deallocate(T* p, std::size_t n) {
    if (n * sizeof(T) < big_blocks::kThreshold) std::allocator<T>{}.deallocate(p, n);
    else big_blocks::give(p);
  }
  // resize() leaves new elements default-initialized (not zeroed): every
  // big array is filled right after it is sized, so zeroing would be a
  // second pass over hundreds of megabytes. assign() still sets values.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};

template <class T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

// A string whose buffer, once big, is a big block: a file read whole
// (util/io.h) goes back to the kept blocks when its reader is done with it,
// and the arrays computed from it next take their memory from there.
using BigString = std::basic_string<char, std::char_traits<char>, HugePageAllocator<char>>;

}  // namespace journeyer
