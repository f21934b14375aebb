#include "lib/report/arena.h"

#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace dangjian::report {
namespace {

#if defined(__linux__) && defined(MADV_HUGEPAGE)

constexpr size_t kHugePage = size_t{2} << 20;

// A block mapped on a 2 MB boundary, so that every 2 MB of it can be one
// huge page: mapped a huge page larger, and the slack on either side given
// back (the block's own pages kept whole: a block larger than the largest,
// for one large allocation, may end within a page).
void* MapBlock(size_t size) {
  void* mapped = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = reinterpret_cast<uintptr_t>(mapped);
  const uintptr_t aligned = (begin + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > begin) munmap(mapped, aligned - begin);
  const uintptr_t end = begin + size + kHugePage, kept = (aligned + size + page - 1) & ~(page - 1);
  if (end > kept) munmap(reinterpret_cast<void*>(kept), end - kept);
  void* block = reinterpret_cast<void*>(aligned);
  madvise(block, size, MADV_HUGEPAGE);  // a request: where it is refused, 4 KB pages serve
  return block;
}

void UnmapBlock(void* block, size_t size) { munmap(block, size); }

// The blocks smaller than a huge page from the heap: a small message's
// arena maps nothing, nor has a huge page cleared for it.
void* AllocateBlock(size_t size) { return size < kHugePage ? ::operator new(size) : MapBlock(size); }

void DeallocateBlock(void* block, size_t size) {
  if (size < kHugePage) return ::operator delete(block);
  UnmapBlock(block, size);
}

#endif

}  // namespace

google::protobuf::ArenaOptions LargeMessageArena() {
  google::protobuf::ArenaOptions options;
  options.start_block_size = size_t{64} << 10;
  options.max_block_size = size_t{64} << 20;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  options.block_alloc = AllocateBlock;
  options.block_dealloc = DeallocateBlock;
#endif
  return options;
}

}  // namespace dangjian::report
