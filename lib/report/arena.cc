#include "lib/report/arena.h"

#include <new>

#include "lib/huge_pages.h"

namespace dangjian::report {
namespace {

// The blocks smaller than a huge page from the heap: a small message's
// arena maps nothing, nor has a huge page cleared for it. The larger are
// mapped apart (MapHugePages, which serves them from the heap where there
// are no huge pages to ask for).
void* AllocateBlock(size_t size) { return size < kHugePage ? ::operator new(size) : MapHugePages(size); }

void DeallocateBlock(void* block, size_t size) {
  if (size < kHugePage) return ::operator delete(block);
  UnmapHugePages(block, size);
}

}  // namespace

google::protobuf::ArenaOptions LargeMessageArena() {
  google::protobuf::ArenaOptions options;
  options.start_block_size = size_t{64} << 10;
  options.max_block_size = size_t{64} << 20;
  options.block_alloc = AllocateBlock;
  options.block_dealloc = DeallocateBlock;
  return options;
}

}  // namespace dangjian::report
