// A thread the library starts, so that a failure on it reaches the caller:
// the library lives in someone else's process, where an exception escaping a
// thread, or a thread left joinable as an error unwinds, ends that process
// (std::terminate). Every thread of the library is one of these.
#ifndef DANGJIAN_LIB_WORKER_H_
#define DANGJIAN_LIB_WORKER_H_

#include <exception>
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

}  // namespace dangjian

#endif  // DANGJIAN_LIB_WORKER_H_
