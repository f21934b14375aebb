// The hierarchy's order an Engine edits (lib/model/org_order.h), against
// the plain list of orgs by rank it stands for: after every org added and
// every range of ranks moved, each org's rank and the org at each rank agree
// with the list. The ranges cross blocks, empty them, and grow one past its
// cut; over 80 blocks too, where an edit writes the first ranks of the
// blocks from the places it leaves and joins on, and stops past both.
#include "lib/model/org_order.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace dangjian::model {
namespace {

void ExpectOrder(const OrgOrder& order, const std::vector<int32_t>& list, const std::string& where) {
  for (int32_t k = 0; k < static_cast<int32_t>(list.size()); ++k) {
    ASSERT_EQ(order.At(k), list[k]) << where << ", rank " << k;
    ASSERT_EQ(order.Rank(list[k]), k) << where << ", org " << list[k];
  }
}

// The list's ranks [a, b) put before rank `to`, as OrgOrder::Move says.
void Move(std::vector<int32_t>& list, int32_t a, int32_t b, int32_t to) {
  if (to <= a) {
    std::rotate(list.begin() + to, list.begin() + a, list.begin() + b);
  } else {
    std::rotate(list.begin() + a, list.begin() + b, list.begin() + to);
  }
}

TEST(OrgOrder, StartsRankingEachOrgByItsIndex) {
  for (const int32_t n : {0, 1, 511, 512, 513, 1024, 1025, 3000}) {
    OrgOrder order;
    order.Start(n, n);
    EXPECT_EQ(order.empty(), n == 0);
    std::vector<int32_t> list(n);
    std::iota(list.begin(), list.end(), 0);
    ExpectOrder(order, list, "started with " + std::to_string(n));
  }
}

TEST(OrgOrder, AppendsAfterEveryOrgFromNoneOn) {
  OrgOrder order;
  order.Start(0, 0);
  std::vector<int32_t> list;
  for (int32_t o = 0; o < 2100; ++o) {
    order.Append(o);
    list.push_back(o);
  }
  ExpectOrder(order, list, "2100 appended");
}

TEST(OrgOrder, MovesARangeToEitherSideAndAcrossBlocks) {
  const int32_t n = 2000;
  std::vector<int32_t> list(n);
  std::iota(list.begin(), list.end(), 0);
  OrgOrder order;
  order.Start(n, n);
  // One org to the front and to the end; a range across three blocks to
  // the front; most of the orgs into one block, which is then cut.
  for (const auto [a, b, to] : {std::array<int32_t, 3>{1999, 2000, 0}, {0, 1, 2000}, {500, 1600, 0},
                                {0, 1, 1}, {10, 1990, 1995}, {300, 301, 300}}) {
    order.Move(a, b, to);
    Move(list, a, b, to);
    ExpectOrder(order, list, "moved [" + std::to_string(a) + ", " + std::to_string(b) + ") to " + std::to_string(to));
  }
}

TEST(OrgOrder, RandomAppendsAndMovesKeepEveryRank) {
  for (const int32_t n : {0, 7, 600, 5000, 40000}) {
    std::mt19937 random(n + 1);
    std::vector<int32_t> list(n);
    std::iota(list.begin(), list.end(), 0);
    OrgOrder order;
    order.Start(n, n + 50);  // room for some of the orgs appended, not for all
    for (int step = 0; step < 400; ++step) {
      const int32_t size = static_cast<int32_t>(list.size());
      const std::string where = "n " + std::to_string(n) + ", step " + std::to_string(step);
      if (size == 0 || random() % 4 == 0) {
        order.Append(size);
        list.push_back(size);
      } else {
        // Mostly a small subtree, now and then a large one.
        const int32_t a = static_cast<int32_t>(random() % size);
        const int32_t most = random() % 8 == 0 ? size - a : std::min(size - a, 20);
        const int32_t b = a + 1 + static_cast<int32_t>(random() % most);
        int32_t to = static_cast<int32_t>(random() % (size - (b - a) + 1));
        if (to > a) to += b - a;  // outside (a, b)
        order.Move(a, b, to);
        Move(list, a, b, to);
      }
      ExpectOrder(order, list, where);
    }
  }
}

}  // namespace
}  // namespace dangjian::model
