// The window a call judges: the day it judges as of, the first day of the
// periods it judges, and the orgs in its scope. Resolved once a call, from the
// options the caller gave, and handed to every pass: the clock is read once,
// so a check, its report and every part of a stream agree on one today even
// across midnight.
#ifndef DANGJIAN_LIB_CHECK_WINDOW_H_
#define DANGJIAN_LIB_CHECK_WINDOW_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "dangjian/calendar.h"
#include "lib/model/store.h"

namespace dangjian::check {

struct Window {
  Day as_of;
  Day from;  // periods that begin on or after it are judged
  int32_t scope_begin, scope_end;  // the orgs judged: ranked [begin, end) (Store::Rank), a subtree
};

// `as_of`, or today (the machine's local date) when it is kNoDay.
Day AsOfOrToday(Day as_of);
// `from`, or 1 January of as_of's year when it is kNoDay: a year's periods are
// judged from its start unless the caller says otherwise.
Day FromOrNewYear(Day from, Day as_of);

// The longest window a call judges. Its periods are worked out one by one
// for every org and member, so a window of millennia would take the memory
// and hours of millennia; no term, review or ledger the rules read reaches
// back half a century.
inline constexpr int kMaxWindowYears = 50;

// OK when `from` is on or before `as_of`, and no more than kMaxWindowYears
// before it; else OutOfRange (the caller's option is wrong, not the data).
absl::Status FromNotAfterAsOf(Day from, Day as_of);

// The window of `as_of`, `from` (kNoDay: their defaults above) and `scope` (an
// org id: its subtree; empty: every org of `store`). Errors: NotFound when no
// org has the scope's id, OutOfRange when `from` is after `as_of` or more than
// kMaxWindowYears before it.
absl::StatusOr<Window> ResolveWindow(const Store& store, Day as_of, Day from, std::string_view scope);

}  // namespace dangjian::check

#endif  // DANGJIAN_LIB_CHECK_WINDOW_H_
