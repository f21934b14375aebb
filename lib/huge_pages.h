// Memory a large table is written into, backed by huge pages where the
// kernel gives them on request (Linux's transparent huge pages, "madvise"
// or "always"): a page fault for each 2 MB written for the first time
// rather than for each 4 KB. Loading a province writes some 6 GB for the
// first time, and on a virtual machine a fault can take microseconds.
#ifndef DANGJIAN_LIB_HUGE_PAGES_H_
#define DANGJIAN_LIB_HUGE_PAGES_H_

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <memory>
#include <string>
#include <type_traits>

namespace dangjian {

constexpr size_t kHugePage = size_t{2} << 20;

// Asks for huge pages behind every whole 2 MB page within [p, p + bytes).
// A request: where it is refused, or the range holds no whole huge page,
// 4 KB pages serve, as before. Nothing is written.
void AskHugePages(void* p, size_t bytes);

// A block of `size` bytes of its own, on a 2 MB boundary, asked for huge
// pages (on Linux; elsewhere from the heap). Throws std::bad_alloc when
// memory runs out. Given back by UnmapHugePages with the same size.
void* MapHugePages(size_t size);
void UnmapHugePages(void* block, size_t size);

// Room in `v` (a std::vector or std::string) for at least `n` elements.
// When `v` must grow, it grows as push_back grows it (to twice its room, or
// to `n`), and room of a huge page or more is asked for huge pages before
// its elements are moved into it. A throw (std::bad_alloc) leaves `v` as it
// was.
template <typename Container>
void GrowOnHugePages(Container& v, size_t n) {
  static_assert(std::is_nothrow_move_constructible_v<typename Container::value_type>,
                "a throw while its elements are moved would leave it changed");
  if (n <= v.capacity()) return;
  const size_t room = std::max(n, 2 * v.capacity());
  if (room * sizeof(typename Container::value_type) < kHugePage) {
    v.reserve(room);
    return;
  }
  Container larger(v.get_allocator());
  larger.reserve(room);
  AskHugePages(larger.data(), room * sizeof(typename Container::value_type));
  if constexpr (std::is_same_v<Container, std::string>) {
    larger.append(v);  // an iterator range would be copied into a string of its own first
  } else {
    larger.insert(larger.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  }
  v.swap(larger);
}

// The standard allocator, but for a block of a huge page or more, asked for
// huge pages before it is written: for a large table read at random (a
// province's index of ids, some 80 MB), one entry of the processor's
// address cache for each 2 MB rather than for each 4 KB, and a lookup that
// does not wait on the page tables as well as on the table.
template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = HugePageAllocator<U>;
  };
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(size_t n) {
    T* p = std::allocator<T>().allocate(n);
    if (n * sizeof(T) >= kHugePage) AskHugePages(p, n * sizeof(T));
    return p;
  }
  void deallocate(T* p, size_t n) noexcept { std::allocator<T>().deallocate(p, n); }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const noexcept { return false; }
};

}  // namespace dangjian

#endif  // DANGJIAN_LIB_HUGE_PAGES_H_
