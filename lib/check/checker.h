// The Checker's inside: compact findings, before ids and messages are restored.
#ifndef DANGJIAN_LIB_CHECK_CHECKER_H_
#define DANGJIAN_LIB_CHECK_CHECKER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "dangjian/check.h"
#include "lib/check/finding.h"
#include "lib/check/window.h"

namespace dangjian::check {

// The rules of `policy` that `wanted` names (ids or families; empty: every
// rule), by rule index. InvalidArgument names a wanted entry no rule matches.
absl::StatusOr<std::vector<bool>> SelectRules(const Policy& policy, const std::vector<std::string>& wanted);

// What a check found: the findings where the rules wrote them, a list for
// each range of orgs checked on a thread of its own (`held`), and each one
// pointed to in report order (`in_order`: by the org's rank in the
// hierarchy, then severity, rule, subject, period). Moved, never
// copied: the pointers point into `held`.
struct Findings {
  Findings() = default;
  Findings(Findings&&) = default;
  Findings& operator=(Findings&&) = default;
  Findings(const Findings&) = delete;
  Findings& operator=(const Findings&) = delete;

  std::vector<std::vector<Finding>> held;
  std::vector<const Finding*> in_order;

  size_t size() const { return in_order.size(); }
  auto begin() const { return in_order.begin(); }
  auto end() const { return in_order.end(); }
};

// The findings of a check of `window`. `options` gives the rules and the
// threads; its days and scope are the window's, resolved by the caller.
absl::StatusOr<Findings> RunCheck(const Store& store, const Policy& policy, const CheckOptions& options,
                                  const Window& window);
// The report of a check of `window`: RunCheck, with ids and messages; into
// `report` (report::BuildReport), or by value.
absl::Status CheckWindow(const Store& store, const Policy& policy, const CheckOptions& options, const Window& window,
                         v1::Report& report);
absl::StatusOr<v1::Report> CheckWindow(const Store& store, const Policy& policy, const CheckOptions& options,
                                       const Window& window);

// The rule families that go org by org, each a function of rules/families.h.
enum Family { kStructure, kSetup, kTerms, kObligations, kRecords, kMembers, kFamilies };
inline constexpr unsigned kEveryFamily = (1u << kFamilies) - 1;

// The families in `families` (bits by Family) over the orgs ranked [begin,
// end) (Store::Rank).
void CheckRange(const CheckContext& ctx, int32_t begin, int32_t end, Sink& sink, unsigned families = kEveryFamily);
void CheckFamily(const CheckContext& ctx, Family family, int32_t begin, int32_t end, Sink& sink);
// The family over org o alone.
inline void CheckFamilyAt(const CheckContext& ctx, Family family, OrgIndex o, Sink& sink) {
  CheckFamily(ctx, family, ctx.store.Rank(o), ctx.store.Rank(o) + 1, sink);
}

// Leaves out the findings about the outside orgs of a part of a stream
// (Store::Outside): they are their own part's.
void DropOutside(const Store& part, Findings& findings);

}  // namespace dangjian::check

#endif  // DANGJIAN_LIB_CHECK_CHECKER_H_
