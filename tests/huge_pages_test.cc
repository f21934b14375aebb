// Large tables grown onto huge pages (lib/huge_pages.h): what they hold
// stays as it was, their room grows as push_back grows it, a growth that
// runs out of memory leaves them as they were, and, where the kernel has
// transparent huge pages, the room of a large one is marked for them.
#include "lib/huge_pages.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <new>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "failing_allocator.h"

namespace dangjian {
namespace {

TEST(HugePages, GrowingKeepsWhatATableHolds) {
  for (const size_t n : {size_t{0}, size_t{5}, size_t{1} << 20}) {  // none, a few, 4 MB of ints
    std::vector<int32_t> v(n);
    std::iota(v.begin(), v.end(), 0);
    const size_t before = v.capacity();
    GrowOnHugePages(v, n + 1);
    ASSERT_EQ(v.size(), n);
    EXPECT_GE(v.capacity(), n + 1);
    EXPECT_GE(v.capacity(), 2 * before);  // as push_back grows it
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(v[i], static_cast<int32_t>(i)) << i;
  }
  std::string bytes(3 << 20, 'x');  // 3 MB: a string is appended, not copied through iterators
  bytes[12345] = 'y';
  GrowOnHugePages(bytes, bytes.size() + 10);
  EXPECT_EQ(bytes.size(), size_t{3} << 20);
  EXPECT_GE(bytes.capacity(), (size_t{3} << 20) + 10);
  EXPECT_EQ(bytes[12345], 'y');
  EXPECT_EQ(bytes.find('y'), size_t{12345});
}

TEST(HugePages, RoomAlreadyThereIsLeftAlone) {
  std::vector<std::string> v = {"党支部", "党总支"};
  v.reserve(10);
  const std::string* data = v.data();
  GrowOnHugePages(v, 10);
  EXPECT_EQ(v.data(), data);
  EXPECT_EQ(v.capacity(), size_t{10});
  EXPECT_EQ(v, (std::vector<std::string>{"党支部", "党总支"}));
}

TEST(HugePages, AGrowthThatRunsOutOfMemoryLeavesTheTableAsItWas) {
  for (const size_t n : {size_t{100}, size_t{1} << 20}) {  // a small table, and one of 4 MB
    std::vector<int32_t, Failing<int32_t>> v(n, 7);
    const int32_t* data = v.data();
    failing_countdown = 0;
    EXPECT_THROW(GrowOnHugePages(v, n + 1), std::bad_alloc);
    failing_countdown = -1;
    EXPECT_EQ(v.data(), data);
    ASSERT_EQ(v.size(), n);
    EXPECT_EQ(v.capacity(), n);
    EXPECT_TRUE(std::all_of(v.begin(), v.end(), [](int32_t x) { return x == 7; }));
  }
}

// The flags of the mapping of this process that holds `address`, as
// /proc/self/smaps gives them ("rd wr mr mw me ac hg"), or "" where it is
// not found.
std::string FlagsOfMappingAt(uintptr_t address) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= address && address < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line.substr(8);
  }
  return "";
}

TEST(HugePages, TheRoomOfALargeTableIsAskedForHugePages) {
#if !defined(__linux__)
  GTEST_SKIP() << "transparent huge pages are Linux's";
#else
  if (!std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled")) GTEST_SKIP() << "no transparent huge pages";
  std::vector<int64_t> large(1000, 1);
  GrowOnHugePages(large, (size_t{8} << 20) / sizeof(int64_t));  // 8 MB
  ASSERT_EQ(large.size(), size_t{1000});
  const uintptr_t data = reinterpret_cast<uintptr_t>(large.data());
  const uintptr_t first_whole = (data + kHugePage - 1) & ~(kHugePage - 1);
  const std::string flags = FlagsOfMappingAt(first_whole);
  ASSERT_FALSE(flags.empty()) << "no mapping holds the table's room";
  EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
#endif
}

}  // namespace
}  // namespace dangjian
