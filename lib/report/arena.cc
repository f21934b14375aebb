#include "lib/report/arena.h"

#include <new>

#include "lib/huge_pages.h"

#if defined(__linux__)
#include <sys/mman.h>  // MADV_HUGEPAGE
#endif

namespace dangjian::report {
namespace {

#if defined(__linux__) && defined(MADV_HUGEPAGE)

// The blocks smaller than a huge page from the heap: a small message's
// arena maps nothing, nor has a huge page cleared for it.
void* AllocateBlock(size_t size) { return size < kHugePage ? ::operator new(size) : MapHugePages(size); }

void DeallocateBlock(void* block, size_t size) {
  if (size < kHugePage) return ::operator delete(block);
  UnmapHugePages(block, size);
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
