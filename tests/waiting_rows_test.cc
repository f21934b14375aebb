// The rows of members removed in place, which wait to be taken out of their
// lists: held in two lists, they answer as one sorted list would, whatever
// the order they come and go in.
#include <algorithm>
#include <random>
#include <vector>

#include "lib/engine/waiting_rows.h"
#include "gtest/gtest.h"

namespace dangjian {
namespace {

// Waiting rows checked against one sorted list after every change: how many
// come before a row, whether a row waits, a row found by a key that rises
// with it, and all of them in order.
void ExpectAsOneList(const WaitingRows& waiting, const std::vector<int32_t>& sorted, int32_t largest,
                     std::mt19937_64& rng) {
  ASSERT_EQ(waiting.size(), sorted.size());
  ASSERT_EQ(waiting.empty(), sorted.empty());
  for (int probe = 0; probe < 8; ++probe) {
    const int32_t k = static_cast<int32_t>(rng() % (largest + 2));
    ASSERT_EQ(waiting.Before(k), Before(sorted, k)) << k;
    const bool there = std::binary_search(sorted.begin(), sorted.end(), k);
    ASSERT_EQ(waiting.Contains(k), there) << k;
    const auto twice = [](int32_t row) { return 2 * static_cast<int64_t>(row); };
    ASSERT_EQ(waiting.Has(twice(k), twice), there) << k;
    ASSERT_FALSE(waiting.Has(twice(k) + 1, twice)) << k;
  }
}

TEST(WaitingRows, AnswerAsOneSortedListWhateverTheOrderTheyComeAndGo) {
  std::mt19937_64 rng(11);
  constexpr int32_t kRows = 60000;  // a list's rows, of which some wait
  std::vector<int32_t> free_rows(kRows);
  for (int32_t i = 0; i < kRows; ++i) free_rows[i] = i;
  std::shuffle(free_rows.begin(), free_rows.end(), rng);
  WaitingRows waiting;
  std::vector<int32_t> sorted;
  size_t settled_reads = 0;
  for (int step = 0; step < 6000 && !free_rows.empty(); ++step) {
    const uint64_t what = rng() % 10;
    if (what < 6) {
      // A member's rows (one to a dozen), ascending, none waiting yet.
      std::vector<int32_t> rows;
      for (uint64_t n = 1 + rng() % 12; n > 0 && !free_rows.empty(); --n) {
        rows.push_back(free_rows.back());
        free_rows.pop_back();
      }
      std::sort(rows.begin(), rows.end());
      if (rows.size() == 1 && rng() % 2 == 0) {
        waiting.Add(rows.front());  // a place
      } else {
        waiting.Add(rows);
      }
      for (const int32_t row : rows) sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), row), row);
    } else if (what < 8 && !sorted.empty()) {
      // One taken back (a batch undone).
      const int32_t row = sorted[rng() % sorted.size()];
      waiting.Erase(row);
      sorted.erase(std::lower_bound(sorted.begin(), sorted.end(), row));
      free_rows.push_back(row);
    } else if (what == 8) {
      ASSERT_EQ(waiting.All(), sorted);  // and after, added to again
      ++settled_reads;
    }
    ExpectAsOneList(waiting, sorted, kRows, rng);
  }
  EXPECT_GT(sorted.size(), 10000u);  // far past what is held in the short list
  EXPECT_GT(settled_reads, 100u);
  EXPECT_EQ(waiting.All(), sorted);
  waiting.clear();
  EXPECT_TRUE(waiting.empty());
  EXPECT_EQ(waiting.Before(kRows), 0);
}

}  // namespace
}  // namespace dangjian
