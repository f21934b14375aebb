#include "lib/huge_pages.h"

#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace dangjian {

void AskHugePages(void* p, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const uintptr_t begin = reinterpret_cast<uintptr_t>(p);
  const uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t last = (begin + bytes) & ~(kHugePage - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)p, (void)bytes;
#endif
}

#if defined(__linux__) && defined(MADV_HUGEPAGE)

// Mapped a huge page larger, and the slack on either side given back (the
// block's own pages kept whole: a block may end within a huge page).
void* MapHugePages(size_t size) {
  void* mapped = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = reinterpret_cast<uintptr_t>(mapped);
  const uintptr_t aligned = (begin + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > begin) munmap(mapped, aligned - begin);
  const uintptr_t end = begin + size + kHugePage, kept = (aligned + size + page - 1) & ~(page - 1);
  if (end > kept) munmap(reinterpret_cast<void*>(kept), end - kept);
  void* block = reinterpret_cast<void*>(aligned);
  AskHugePages(block, size);
  return block;
}

void UnmapHugePages(void* block, size_t size) { munmap(block, size); }

#else

void* MapHugePages(size_t size) { return ::operator new(size); }
void UnmapHugePages(void* block, size_t) { ::operator delete(block); }

#endif

}  // namespace dangjian
