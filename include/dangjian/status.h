// How the library fails: every call that can fail returns an absl::Status
// (or absl::StatusOr) whose message says what, naming the record and field
// or the option, and whose code says whose it is to mend.
//
//   InvalidArgument  bad input: bytes or a message that do not parse or
//                    validate — a snapshot, profile, rubric, scores, event or
//                    case file, or a load past its limits. The message names
//                    the record and field: `orgs[12].parentId: no org "x"`.
//   OutOfRange       a bad argument: an option of the call outside what it
//                    accepts — `from` after `as_of` or more than 50 years
//                    before it, an agenda horizon beyond 3660 days, a rule or
//                    family no rule matches, a scope for a check in parts, a
//                    file name of no snapshot format, a dues category or
//                    income the standard does not cover.
//   NotFound         what the call names is not there: a built-in profile or
//                    rubric, the org of a scope, a file that cannot be read.
//   Cancelled        a callback asked to stop (CheckInParts).
//   ResourceExhausted  out of memory: every call that returns a status
//                    returns this rather than throw std::bad_alloc, on
//                    whichever of its threads memory ran out. (Calls that
//                    return no status — rendering, ExportSnapshot — throw it,
//                    as the standard library does.)
//   Internal         a defect of the library.
//
// The C interface turns these into DJ_BAD_INPUT, DJ_INVALID_ARGUMENT,
// DJ_NOT_FOUND, DJ_STOPPED, DJ_NO_MEMORY and DJ_INTERNAL.
#ifndef DANGJIAN_STATUS_H_
#define DANGJIAN_STATUS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#endif  // DANGJIAN_STATUS_H_
