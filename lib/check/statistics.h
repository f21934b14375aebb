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

// `stats.orgs()` are the rows of the orgs ranked `row_ranks` (Store::Rank,
// ascending) of `store`, within the ranks [begin, end), each month from
// `first_month` (a MonthNumber) on, `months` of them: sets the total (named
// for the org ranked `begin` when `stats.scope()` is given) and a row for
// every 机关工委, 机关党委 and 党总支 of [begin, end), each its subtree's rows
// summed.
void RollUpStatistics(const Store& store, int32_t begin, int32_t end, const std::vector<int32_t>& row_ranks,
                      int first_month, int months, v1::Statistics& stats);

}  // namespace dangjian::check

#endif  // DANGJIAN_LIB_CHECK_STATISTICS_H_
