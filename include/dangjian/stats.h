// Statistics: the 组织生活汇总 and 党费 tables a platform exports, computed
// from the same Store the rules read.
//
// Per org and month: the 三会一课 (党员大会, 支委会, 党小组会, 党课), 主题党日
// and 组织生活会 held, against what the profile's obligations owe — owed in
// the month a period ends, as the life.* rules judge it (so a quarter's
// general meeting is owed in March, June, September and December); the
// members by status; the dues paid for each month and those owed and unpaid
// (months that have ended, from the first month with any dues on record, as
// the member.dues_* rules count them). Then the same rolled up for every
// 机关工委, 机关党委 and 党总支, and for the whole scope.
//
//   dangjian::StatsOptions options;
//   options.as_of = *dangjian::ParseDate("2026-11-30");
//   auto stats = dangjian::ComputeStatistics(*store, *policy, options);
//   for (const auto& org : stats->committees()) { /* org.org_name(), org.months() */ }
//
// Reads the Store and the Policy only; safe from many threads. `from` after
// `as_of`, or more than 50 years before it, is a bad argument (OutOfRange,
// status.h); a scope no org has is NotFound.
#ifndef DANGJIAN_STATS_H_
#define DANGJIAN_STATS_H_

#include <string>

#include "absl/status/statusor.h"
#include "dangjian/calendar.h"
#include "dangjian/policy.h"
#include "dangjian/report.h"
#include "dangjian/store.h"
#include "dangjian/v1/report.pb.h"

namespace dangjian {

struct StatsOptions {
  Day as_of = kNoDay;  // kNoDay: today
  Day from = kNoDay;   // the first month counted is from's; kNoDay: 1 January of as_of's year
  std::string scope;   // an org id: only its subtree
};

absl::StatusOr<v1::Statistics> ComputeStatistics(const Store& store, const Policy& policy,
                                                 const StatsOptions& options);

// For a person: the rolled-up orgs and the total, a line a month: each kind
// held/owed, then dues.
std::string RenderStatisticsText(const v1::Statistics& stats, Lang lang);
// For a person, as one self-contained page as RenderHtml (report.h) does a
// report: the totals as charts, the committees' roll-ups as a tree of their
// orgs, each kind of meeting held/owed and the dues over the window, and an
// org's months drawn when asked for. `store`: the one the statistics came from.
std::string RenderStatisticsHtml(const v1::Statistics& stats, const Store& store, Lang lang);

}  // namespace dangjian

#endif  // DANGJIAN_STATS_H_
