// The messages of a stream read on two threads and added in order on the
// calling one (stream.h tells the way): for a load, a parse, and the records
// an Engine holds.
#ifndef DANGJIAN_LIB_MODEL_IN_ORDER_H_
#define DANGJIAN_LIB_MODEL_IN_ORDER_H_

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "lib/model/stream.h"
#include "lib/worker.h"

namespace dangjian::model {

// Reads each of `n` parts on its own, `read(k) → Part`, and adds them in
// order on the calling thread, `add(k, Part&) → Status`, up to the first
// error, `added(k)` told after each; the reading on two threads when
// `readers`, or else on the calling one. Each part is read once, and dropped
// once added; the readers run a few parts ahead of the adding at most.
template <typename Part, typename Read, typename Add, typename Added>
absl::Status InOrder(size_t n, bool readers, Read read, Add add, Added added_part) {
  if (!readers) {
    for (size_t k = 0; k < n; ++k) {
      Part p = read(k);
      absl::Status s = add(k, p);
      if (!s.ok()) return s;
      added_part(k);
    }
    return absl::OkStatus();
  }
  constexpr size_t kAhead = 4;
  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::optional<Part>> parts(n);
  size_t next = 0, added = 0;  // the next frame to read; frames added so far
  bool stop = false;
  std::exception_ptr failed;  // what a reader threw (memory, most likely): the adding stops
  const auto reader = [&] {
    try {
      for (;;) {
        size_t k;
        {
          std::unique_lock<std::mutex> lock(mu);
          changed.wait(lock, [&] { return stop || next >= n || next < added + kAhead; });
          if (stop || next >= n) return;
          k = next++;
        }
        Part p = read(k);
        std::lock_guard<std::mutex> lock(mu);
        parts[k] = std::move(p);
        changed.notify_all();
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!failed) failed = std::current_exception();
      stop = true;
      changed.notify_all();
    }
  };
  // The readers are told to stop however the adding ends, an exception
  // included, before they are waited for: a reader waiting for room would
  // otherwise be waited for forever.
  const auto stop_readers = [&] {
    std::lock_guard<std::mutex> lock(mu);
    stop = true;
    changed.notify_all();
  };
  std::optional<Worker> first, second;
  absl::Status status;
  try {
    first.emplace(reader);
    second.emplace(reader);
    for (size_t k = 0; k < n && status.ok(); ++k) {
      Part p;
      {
        std::unique_lock<std::mutex> lock(mu);
        changed.wait(lock, [&] { return parts[k].has_value() || failed; });
        if (!parts[k].has_value()) break;
        p = *std::move(parts[k]);
        parts[k].reset();
      }
      status = add(k, p);
      {
        std::lock_guard<std::mutex> lock(mu);
        added = k + 1;
        changed.notify_all();
      }
      if (status.ok()) added_part(k);
    }
  } catch (...) {
    stop_readers();
    throw;
  }
  stop_readers();
  first->Join();
  second->Join();
  if (failed) std::rethrow_exception(failed);
  return status;
}

// InOrder over the messages of `frames` (of `source`; k counts from 0 in
// `frames`), on two readers when they hold `bytes_for_readers` bytes or
// more; each message's bytes released once it is added.
template <typename Part, typename Read, typename Add>
absl::Status InOrderOfFrames(const Source& source, absl::Span<const Frame> frames, Read read, Add add,
                             size_t bytes_for_readers = kBytesForReaders) {
  const size_t n = frames.size();
  if (n == 0) return absl::OkStatus();
  const auto end_of = [&](size_t k) { return frames[k].EndIn(source.bytes()); };
  return InOrder<Part>(n, end_of(n - 1) - frames[0].offset >= bytes_for_readers, read, add,
                       [&](size_t k) { source.Release(end_of(k)); });
}


}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_IN_ORDER_H_
