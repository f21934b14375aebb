// What waits to be taken out of a list: the Engine's members removed in
// place, with their rows, until its snapshot is next needed whole.
#ifndef DANGJIAN_LIB_ENGINE_WAITING_ROWS_H_
#define DANGJIAN_LIB_ENGINE_WAITING_ROWS_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dangjian {

// How many of `sorted` (ascending) come before k: how far an index k
// moves up when they are taken out of its list.
inline int32_t Before(const std::vector<int32_t>& sorted, int64_t k) {
  return static_cast<int32_t>(std::lower_bound(sorted.begin(), sorted.end(), k) - sorted.begin());
}

// `more` (ascending) merged into `sorted`, in place: from the back, each of
// `sorted` after the first of `more` moved once (a member's few rows merged
// into those waiting, below).
inline void MergeInto(std::vector<int32_t>& sorted, const std::vector<int32_t>& more) {
  size_t i = sorted.size(), j = more.size(), to = i + j;
  sorted.resize(to);
  while (j > 0) sorted[--to] = i > 0 && sorted[i - 1] > more[j - 1] ? sorted[--i] : more[--j];
}

// Rows (or places) of a list that wait to be taken out of it, ascending.
// Those added since they were last settled are held apart, in a shorter list
// of their own, merged into the rest once it outgrows eight times the square
// root of them (64 at least): a member removed merges its few rows into the
// short list, not into every row waiting (which, held as one list, moved at
// each removal).
class WaitingRows {
 public:
  bool empty() const { return settled_.empty() && recent_.empty(); }
  size_t size() const { return settled_.size() + recent_.size(); }
  void clear() { settled_.clear(), recent_.clear(); }
  // `rows` ascending, none waiting already.
  void Add(const std::vector<int32_t>& rows) {
    MergeInto(recent_, rows);
    SettleIfLong();
  }
  void Add(int32_t row) {
    recent_.insert(std::upper_bound(recent_.begin(), recent_.end(), row), row);
    SettleIfLong();
  }
  // One waiting, taken back.
  void Erase(int32_t row) {
    auto& in = std::binary_search(recent_.begin(), recent_.end(), row) ? recent_ : settled_;
    in.erase(std::lower_bound(in.begin(), in.end(), row));
  }
  // How many wait before k: how far an index k moves up when they go.
  int32_t Before(int64_t k) const { return dangjian::Before(settled_, k) + dangjian::Before(recent_, k); }
  bool Contains(int32_t row) const {
    return std::binary_search(recent_.begin(), recent_.end(), row) ||
           std::binary_search(settled_.begin(), settled_.end(), row);
  }
  // Whether one waits whose key is v, the keys ascending as the rows are.
  template <typename Key>
  bool Has(int64_t v, Key key) const {
    for (const std::vector<int32_t>* in : {&recent_, &settled_}) {
      const auto at = std::lower_bound(in->begin(), in->end(), v, [&](int32_t row, int64_t x) { return key(row) < x; });
      if (at != in->end() && key(*at) == v) return true;
    }
    return false;
  }
  // Every one, ascending.
  const std::vector<int32_t>& All() const {
    Settle();
    return settled_;
  }

 private:
  static constexpr size_t kShortest = 64;
  void SettleIfLong() {
    if (recent_.size() > std::max<size_t>(kShortest, 8 * static_cast<size_t>(std::sqrt(settled_.size())))) Settle();
  }
  void Settle() const {
    MergeInto(settled_, recent_);
    recent_.clear();
  }
  // All() settles them for its readers: a const Engine's export reads them.
  mutable std::vector<int32_t> settled_, recent_;
};

}  // namespace dangjian

#endif  // DANGJIAN_LIB_ENGINE_WAITING_ROWS_H_
