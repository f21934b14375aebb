// The rule families. Each writes the findings of its rules for the orgs in
// [begin, end) (a shard of the checked scope), or, for the whole-scope
// passes, for everything in ctx's scope.
#ifndef DANGJIAN_LIB_RULES_FAMILIES_H_
#define DANGJIAN_LIB_RULES_FAMILIES_H_

#include <memory>

#include "lib/check/finding.h"
#include "lib/rules/rule_id.h"

namespace dangjian::rules {

// structure.invalid_nesting, structure.member_org_kind
void CheckStructure(const check::CheckContext& ctx, OrgIndex begin, OrgIndex end, check::Sink& sink);
// data.unknown_reference, data.invalid_value (whole scope)
void CheckData(const check::CheckContext& ctx, check::Sink& sink);
// setup.* about orgs
void CheckSetup(const check::CheckContext& ctx, OrgIndex begin, OrgIndex end, check::Sink& sink);
// setup.* about units (whole scope)
void CheckSetupUnits(const check::CheckContext& ctx, check::Sink& sink);
// term.*
void CheckTerms(const check::CheckContext& ctx, OrgIndex begin, OrgIndex end, check::Sink& sink);
// The profile's obligations worked out once for a store and a window (their
// periods, what counts): for a caller that checks org by org, to keep in
// CheckContext::obligation_plans. Single-threaded use.
struct ObligationPlansDeleter {
  void operator()(ObligationPlans* plans) const;
};
using ObligationPlansPtr = std::unique_ptr<ObligationPlans, ObligationPlansDeleter>;
ObligationPlansPtr PlanObligations(const check::CheckContext& ctx);

// life.* obligations (the profile's), org and personal
void CheckObligations(const check::CheckContext& ctx, OrgIndex begin, OrgIndex end, check::Sink& sink);
// Records: life.record_incomplete, committee_quorum, individual_vote, makeup_missing,
// leader_dual_life; term.election_quorum, probationary_voter; setup.temporary_branch_scope
void CheckRecords(const check::CheckContext& ctx, OrgIndex begin, OrgIndex end, check::Sink& sink);
// member.* and life.member_talk, for the members of the branches in [begin, end)
void CheckMembers(const check::CheckContext& ctx, OrgIndex begin, OrgIndex end, check::Sink& sink);
// The findings CheckMembers writes for member m alone.
void CheckMember(const check::CheckContext& ctx, MemberIndex m, check::Sink& sink);

}  // namespace dangjian::rules

#endif  // DANGJIAN_LIB_RULES_FAMILIES_H_
