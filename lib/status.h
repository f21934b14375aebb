// Returning a failed absl::Status early.
#ifndef DANGJIAN_LIB_STATUS_H_
#define DANGJIAN_LIB_STATUS_H_

#include "absl/status/status.h"

#define DJ_RETURN_IF_ERROR(expr) \
  do {                           \
    absl::Status _s = (expr);    \
    if (!_s.ok()) return _s;     \
  } while (0)

#endif  // DANGJIAN_LIB_STATUS_H_
