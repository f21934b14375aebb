// The library's hash tables when memory runs out as they grow: each
// allocation past a countdown fails, and the table is left as it was, to be
// used and destroyed.
#include "lib/hash_table.h"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "failing_allocator.h"

namespace dangjian {
namespace {

using Map = HashMap<int, std::string, absl::Hash<int>, std::equal_to<int>, Failing<std::pair<const int, std::string>>>;

TEST(HashTable, AGrowthThatRunsOutOfMemoryLeavesTheTableAsItWas) {
  // The table's allocations fail in turn: its first, its second growth, ...
  for (long fail_at = 0; fail_at < 8; ++fail_at) {
    Map map;
    failing_countdown = fail_at;
    int in = 0;
    try {
      for (; in < 10000; ++in) map[in] = "a value long enough to be allocated " + std::to_string(in);
    } catch (const std::bad_alloc&) {
    }
    failing_countdown = -1;
    ASSERT_LT(in, 10000) << fail_at;  // it ran out
    // Every entry that went in is there, and nothing else.
    ASSERT_EQ(static_cast<int>(map.size()), in) << fail_at;
    for (int i = 0; i < in; ++i) ASSERT_EQ(map.count(i), 1u) << fail_at << " " << i;
    // It goes on growing with memory back, and is destroyed as it ends.
    for (int i = 0; i < 1000; ++i) map[i] = "again";
    EXPECT_EQ(map.size(), std::max<size_t>(in, 1000)) << fail_at;
  }
}

TEST(HashTable, ErasedEntriesLeaveNoGrowthInPlace) {
  // Entries erased and others inserted: abseil reuses what was erased or
  // rehashes in place, and the table grows apart only.
  for (long fail_at = 0; fail_at < 60; ++fail_at) {
    Map map;
    for (int i = 0; i < 100; ++i) map[i] = "x";
    for (int i = 0; i < 90; ++i) map.erase(i);
    failing_countdown = fail_at;
    try {
      for (int i = 1000; i < 1400; ++i) {
        map[i] = "y";
        if (i % 3 == 0) map.erase(i - 1);
      }
    } catch (const std::bad_alloc&) {
    }
    failing_countdown = -1;
    for (int i = 90; i < 100; ++i) ASSERT_EQ(map.count(i), 1u) << fail_at;
    Map copy = map;
    EXPECT_EQ(copy.size(), map.size());
  }
}

}  // namespace
}  // namespace dangjian
