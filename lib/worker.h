// A thread the library starts, so that a failure on it reaches the caller:
// the library lives in someone else's process, where an exception escaping a
// thread, or a thread left joinable as an error unwinds, ends that process
// (std::terminate). Every thread of the library is one of these.
#ifndef DANGJIAN_LIB_WORKER_H_
#define DANGJIAN_LIB_WORKER_H_

#include <cstddef>
#include <exception>
#include <optional>
#include <thread>
#include <utility>

namespace dangjian {

class Worker {
 public:
  // Runs `work` on a thread of its own; what it throws (std::bad_alloc, most
  // likely) is kept for Join.
  template <typename Work>
  explicit Worker(Work work)
      : thread_([this, work = std::move(work)]() mutable {
          try {
            work();
          } catch (...) {
            error_ = std::current_exception();
          }
        }) {}
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;
  // Waits for it when Join was not called: the caller is unwinding from an
  // error of its own, which wins over the thread's.
  ~Worker() {
    if (thread_.joinable()) thread_.join();
  }

  // Waits for it, and throws here what it threw.
  void Join() {
    thread_.join();
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  std::exception_ptr error_;  // before thread_: set by the thread, so constructed first
  std::thread thread_;
};

// `f(i)` for every i in [0, n), on two threads when n is large: each i on
// one of them, so that f may write what belongs to i alone.
template <typename F>
void OnTwoThreads(size_t n, F f) {
  constexpr size_t kForThreads = 100'000;
  const size_t half = n < kForThreads ? n : n / 2;
  std::optional<Worker> second;
  if (half < n) second.emplace([&] { for (size_t i = half; i < n; ++i) f(i); });
  for (size_t i = 0; i < half; ++i) f(i);
  if (second) second->Join();
}

}  // namespace dangjian

#endif  // DANGJIAN_LIB_WORKER_H_
