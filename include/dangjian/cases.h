// Policy test cases: what a policy author writes to see whether a profile
// does what the regulation says (dangjian test).
//
// A case file is a dangjian.v1.PolicyCases message, in textproto (.textproto,
// .txtpb) or JSON (.json). Each case names a profile (built-in, or inline and
// extending one), an as-of date, a snapshot (inline, or a path relative to the
// case file) and expectations: findings that must be present (a rule id and
// any of org, member, activity, unit, period, severity), findings that must be
// absent, or `exact: true` for nothing else.
//
//   cases {
//     name: "setup.branch_min_full_members.fail"
//     profile_id: "national"  as_of: "2026-06-30"
//     snapshot { orgs { id: "b" kind: BRANCH } members { id: "m1" org_id: "b" status: FULL } }
//     present { rule_id: "setup.branch_min_full_members" org_id: "b" }
//   }
//
// Pure functions of their inputs (and of the files a case names).
#ifndef DANGJIAN_CASES_H_
#define DANGJIAN_CASES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dangjian/v1/policy.pb.h"

namespace dangjian {

enum class CaseFormat { kTextproto, kJson };

// Runs the cases of one file's bytes. `file` names it in results; snapshot
// paths are relative to `base_dir`. An error only for a file that does not
// parse; a case that cannot run fails with the reason as its problem.
absl::StatusOr<v1::CaseResults> RunCases(std::string_view bytes, CaseFormat format, std::string_view file,
                                         std::string_view base_dir);

// Runs files and the case files under folders (.textproto, .txtpb, .json),
// in name order. A file that cannot be read or parsed counts as one failure.
v1::CaseResults RunCasePaths(const std::vector<std::string>& paths);

}  // namespace dangjian

#endif  // DANGJIAN_CASES_H_
