// The Checker: runs every enabled rule of a profile over a Store, as of a
// date, and returns the findings as a dangjian.v1.Report.
//
//   auto store = dangjian::LoadSnapshot(bytes, dangjian::SnapshotFormat::kJson);
//   auto policy = dangjian::Policy::Builtin("national");
//   dangjian::CheckOptions options;
//   options.as_of = *dangjian::ParseDate("2026-11-30");
//   options.scope = "committee-finance";        // only this subtree
//   absl::StatusOr<dangjian::v1::Report> report = dangjian::Check(**store, *policy, options);
//
// Findings come in a deterministic order: by org in hierarchy order, then
// severity, rule, subject and period; the same inputs give the same report
// whatever the number of threads.
//
// Check only reads the Store and the Policy: any number of checks may run at
// once over the same Store. An unknown rule or family, or `from` after
// `as_of` or more than 50 years before it, is a bad argument (OutOfRange,
// status.h); a scope no org has is NotFound.
#ifndef DANGJIAN_CHECK_H_
#define DANGJIAN_CHECK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "dangjian/calendar.h"
#include "dangjian/policy.h"
#include "dangjian/report.h"
#include "dangjian/store.h"
#include "dangjian/v1/report.pb.h"

namespace dangjian {

struct CheckOptions {
  Day as_of = kNoDay;  // kNoDay: today
  // The first day of the window whose periods are judged; kNoDay: 1 January
  // of as_of's year. Periods that begin before it are not judged. At most 50
  // years before as_of.
  Day from = kNoDay;
  // An org id: only its subtree is checked and reported. Empty: everything.
  std::string scope;
  // Rule ids or families ("term", "setup"); empty: every enabled rule.
  std::vector<std::string> rules;
  Lang lang = Lang::kZh;
  // Worker threads; 0 picks by the size of the scope and the machine.
  int threads = 0;
};

absl::StatusOr<v1::Report> Check(const Store& store, const Policy& policy, const CheckOptions& options);
// The same, the report written into `*report`, cleared first (empty on
// error). A report on a protobuf Arena has its findings allocated there,
// rendered there on threads at once. On an arena of large blocks backed by
// huge pages, as dj_check and the command line write it, a province's
// million findings take a half to two thirds of the time they take on the
// heap, and are let go at once with the arena (bench/README.md).
//
//   google::protobuf::Arena arena;  // or with options of large blocks
//   auto* report = google::protobuf::Arena::CreateMessage<dangjian::v1::Report>(&arena);
//   absl::Status s = dangjian::Check(**store, *policy, options, report);
absl::Status Check(const Store& store, const Policy& policy, const CheckOptions& options, v1::Report* report);

}  // namespace dangjian

#endif  // DANGJIAN_CHECK_H_
