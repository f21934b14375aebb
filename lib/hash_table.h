// The library's hash tables: abseil's, grown apart.
//
// abseil's tables (20220623) set a table's larger capacity before they
// allocate it (raw_hash_set::resize): when that allocation runs out of
// memory, the table can no longer be used or destroyed. A host that runs
// out of memory must be able to destroy what failed and go on, so a
// HashMap or HashSet makes room before each insertion: when the insertion
// could grow the table, a larger one is made apart (a constructor that
// throws leaves nothing to destroy) and the entries moved into it, which
// allocates nothing more. An insertion then never grows the table in place:
// abseil grows a table of more than 16 slots only when it is fuller than
// 25/32, and below that rehashes it where it is, allocating nothing.
#ifndef DANGJIAN_LIB_HASH_TABLE_H_
#define DANGJIAN_LIB_HASH_TABLE_H_

#include <algorithm>
#include <cstddef>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace dangjian {

template <class Table>
class GrownApart : public Table {
 public:
  using Table::Table;
  GrownApart() = default;
  GrownApart(GrownApart&&) = default;
  GrownApart& operator=(GrownApart&&) = default;
  // A copy made with its room (abseil's copy grows the table it is making).
  GrownApart(const GrownApart& that)
      : Table(Buckets(that.size()), that.hash_function(), that.key_eq(), that.get_allocator()) {
    for (const auto& x : that) Table::insert(x);
  }
  GrownApart& operator=(const GrownApart& that) {
    if (this != &that) {
      GrownApart copy(that);
      Table::swap(copy);
    }
    return *this;
  }

  template <class K>
  decltype(auto) operator[](K&& key) {
    RoomFor(1);
    return Table::operator[](std::forward<K>(key));
  }
  template <class... A>
  decltype(auto) try_emplace(A&&... a) {
    RoomFor(1);
    return Table::try_emplace(std::forward<A>(a)...);
  }
  template <class... A>
  decltype(auto) emplace(A&&... a) {
    RoomFor(1);
    return Table::emplace(std::forward<A>(a)...);
  }
  template <class... A>
  decltype(auto) lazy_emplace(A&&... a) {
    RoomFor(1);
    return Table::lazy_emplace(std::forward<A>(a)...);
  }
  template <class V>
  decltype(auto) insert(V&& value) {
    RoomFor(1);
    return Table::insert(std::forward<V>(value));
  }
  template <class It>
  void insert(It first, It last) {
    for (; first != last; ++first) insert(*first);
  }
  // Room for `n` entries in all.
  void reserve(size_t n) { RoomFor(n > this->size() ? n - this->size() : 0); }

 private:
  // The slots asked for a table of n entries that none of them grows.
  static size_t Buckets(size_t n) { return std::max(n, size_t{32}) * 32 / 25 + 1; }
  void RoomFor(size_t more) {
    const size_t n = this->size() + more, capacity = this->capacity();
    if (capacity > 16 && n * 32 <= capacity * 25) return;
    Table larger(Buckets(std::max(n, 2 * this->size())), this->hash_function(), this->key_eq(), this->get_allocator());
    for (auto it = this->begin(); it != this->end();) larger.insert(this->extract(it++));
    Table::swap(larger);
  }
};

template <class K, class V, class... Rest>
using HashMap = GrownApart<absl::flat_hash_map<K, V, Rest...>>;
template <class K, class... Rest>
using HashSet = GrownApart<absl::flat_hash_set<K, Rest...>>;

}  // namespace dangjian

#endif  // DANGJIAN_LIB_HASH_TABLE_H_
