// The roll-ups of the statistics (dangjian/stats.h), made once for a Store
// and again for the statistics of a split directory's parts gathered.
#ifndef DANGJIAN_LIB_CHECK_STATISTICS_H_
#define DANGJIAN_LIB_CHECK_STATISTICS_H_

#include <vector>

#include "dangjian/v1/report.pb.h"
#include "lib/model/store.h"

namespace dangjian::check {

// Adds `from`'s figures to `to`'s (rows of the same months).
void AddStatisticsRow(const v1::Statistics::OrgStatistics& from, v1::Statistics::OrgStatistics& to);

// `stats.orgs()` are the rows of the orgs `row_orgs` of `store`, in the
// Store's order, within [begin, end), each month from `first_month` (a
// MonthNumber) on, `months` of them: sets the total (named for `begin` when
// `stats.scope()` is given) and a row for every 机关工委, 机关党委 and 党总支
// of [begin, end), each its subtree's rows summed.
void RollUpStatistics(const Store& store, OrgIndex begin, OrgIndex end, const std::vector<OrgIndex>& row_orgs,
                      int first_month, int months, v1::Statistics& stats);

}  // namespace dangjian::check

#endif  // DANGJIAN_LIB_CHECK_STATISTICS_H_
