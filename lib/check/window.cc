#include "lib/check/window.h"

#include "lib/strings.h"

namespace dangjian::check {

Day AsOfOrToday(Day as_of) { return as_of == kNoDay ? Today() : as_of; }

Day FromOrNewYear(Day from, Day as_of) {
  return from != kNoDay ? from : ToDay(absl::CivilDay(YearOf(as_of), 1, 1));
}

absl::Status FromNotAfterAsOf(Day from, Day as_of) {
  if (from > as_of) return absl::OutOfRangeError(StrCat("from: ", FormatDate(from), " is after asOf ", FormatDate(as_of)));
  if (from < AddMonths(as_of, -12 * kMaxWindowYears)) {
    return absl::OutOfRangeError(
        StrCat("from: ", FormatDate(from), " is more than ", kMaxWindowYears, " years before asOf ", FormatDate(as_of)));
  }
  return absl::OkStatus();
}

absl::StatusOr<Window> ResolveWindow(const Store& store, Day as_of, Day from, std::string_view scope) {
  Window w;
  w.as_of = AsOfOrToday(as_of);
  w.from = FromOrNewYear(from, w.as_of);
  w.scope_begin = 0;
  w.scope_end = static_cast<OrgIndex>(store.orgs().size());
  if (!scope.empty()) {
    const OrgIndex root = store.FindOrg(scope);
    if (root == kNone) return absl::NotFoundError(StrCat("scope: no org \"", scope, "\""));
    w.scope_begin = store.Rank(root);
    w.scope_end = store.SubtreeEnd(root);
  }
  absl::Status dates = FromNotAfterAsOf(w.from, w.as_of);
  if (!dates.ok()) return dates;
  return w;
}

}  // namespace dangjian::check
