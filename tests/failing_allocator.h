// An allocator whose allocations fail on a countdown, for the tests of what
// a growth that runs out of memory leaves behind.
#ifndef DANGJIAN_TESTS_FAILING_ALLOCATOR_H_
#define DANGJIAN_TESTS_FAILING_ALLOCATOR_H_

#include <cstddef>
#include <memory>
#include <new>

namespace dangjian {

// Allocations left before the next one fails; below zero, none fails.
inline long failing_countdown = -1;

template <class T>
struct Failing {
  using value_type = T;
  Failing() = default;
  template <class U>
  Failing(const Failing<U>&) {}
  T* allocate(size_t n) {
    if (failing_countdown == 0) throw std::bad_alloc();
    if (failing_countdown > 0) --failing_countdown;
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, size_t n) { std::allocator<T>().deallocate(p, n); }
  friend bool operator==(const Failing&, const Failing&) { return true; }
  friend bool operator!=(const Failing&, const Failing&) { return false; }
};

}  // namespace dangjian

#endif  // DANGJIAN_TESTS_FAILING_ALLOCATOR_H_
