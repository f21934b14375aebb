// Returning a failed absl::Status early; out of memory as a status.
#ifndef DANGJIAN_LIB_STATUS_H_
#define DANGJIAN_LIB_STATUS_H_

#include <new>
#include <system_error>

#include "absl/status/status.h"

#define DJ_RETURN_IF_ERROR(expr) \
  do {                           \
    absl::Status _s = (expr);    \
    if (!_s.ok()) return _s;     \
  } while (0)

// `body()`, the work of a public call that returns a status: running out of
// memory (std::bad_alloc, here or on a thread the call started, or a thread
// the system could not start) is the status ResourceExhausted, for the host
// to survive and report, not an exception unwinding through it.
template <typename Body>
auto WithinMemory(Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("out of memory");
  } catch (const std::system_error& e) {
    if (e.code() != std::errc::resource_unavailable_try_again) throw;
    return absl::ResourceExhaustedError("out of memory: no thread could be started");
  }
}

#endif  // DANGJIAN_LIB_STATUS_H_
