// The rule families. Each writes the findings of its rules for the orgs
// ranked [begin, end) (Store::Rank; a shard of the checked scope), or, for
// the whole-scope passes, for everything in ctx's scope.
#ifndef DANGJIAN_LIB_RULES_FAMILIES_H_
#define DANGJIAN_LIB_RULES_FAMILIES_H_

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>

#include "absl/types/span.h"
#include "lib/check/finding.h"
#include "lib/rules/rule_id.h"

namespace dangjian::rules {

// structure.invalid_nesting, structure.member_org_kind
void CheckStructure(const check::CheckContext& ctx, int32_t begin, int32_t end, check::Sink& sink);
// data.unknown_reference, data.invalid_value (whole scope)
void CheckData(const check::CheckContext& ctx, check::Sink& sink);
// The same of `issues` alone (each as CheckData gives it in a whole check):
// for an Engine that reports the issues an event adds or moves.
void CheckDataIssues(const check::CheckContext& ctx, absl::Span<const DataIssue> issues, check::Sink& sink);
// setup.* about orgs
void CheckSetup(const check::CheckContext& ctx, int32_t begin, int32_t end, check::Sink& sink);
// setup.* about units (whole scope)
void CheckSetupUnits(const check::CheckContext& ctx, check::Sink& sink);
// term.*
void CheckTerms(const check::CheckContext& ctx, int32_t begin, int32_t end, check::Sink& sink);
// The profile's obligations worked out once for a store and a window (their
// periods, what counts): for a caller that checks org by org, to keep in
// CheckContext::obligation_plans. Single-threaded use.
struct ObligationPlansDeleter {
  void operator()(ObligationPlans* plans) const;
};
using ObligationPlansPtr = std::unique_ptr<ObligationPlans, ObligationPlansDeleter>;
ObligationPlansPtr PlanObligations(const check::CheckContext& ctx);

// For the statistics (组织生活汇总): each period of an org obligation that org
// o owes, ended by ctx.as_of and begun on or after ctx.from, while o existed
// throughout, with the activities found in it as the life.* rules count them.
// `plans` as PlanObligations makes them for ctx.
void TallyObligations(const check::CheckContext& ctx, OrgIndex o, ObligationPlans& plans,
                      const std::function<void(const ObligationSpec& ob, Day due, int found)>& each);

// The kinds of record (rules::input) the findings of obligation `ob` depend
// on, as CheckObligations judges it: within input::kObligationReads, which
// its rule declares for any obligation that may carry it.
uint32_t ObligationReads(const ObligationSpec& ob);
// Whether obligation `ob` counts an activity of `kind`: of its kind, and no
// make-up (补课), which is a member's, not the org's. Its months and tag
// narrow it further.
bool ObligationCounts(const ObligationSpec& ob, v1::Activity::Kind kind, bool makeup);
// Whether org o must have a committee, its members counted reaching the
// policy's bound: all that the obligations owed only then read of its
// members (ObligationSpec::needs_committee).
bool MustHaveCommittee(const Store& s, const Policy& policy, OrgIndex o);
// life.* obligations (the profile's), org and personal: an org's count its
// own activities; a personal one, the lectures its holders give at any org.
void CheckObligations(const check::CheckContext& ctx, int32_t begin, int32_t end, check::Sink& sink);
// Records: life.record_incomplete, committee_quorum, individual_vote, makeup_missing,
// leader_dual_life; term.election_quorum, probationary_voter; setup.temporary_branch_scope
void CheckRecords(const check::CheckContext& ctx, int32_t begin, int32_t end, check::Sink& sink);
// The same at org o for its activities `judged` (ascending) alone, and its own: what
// CheckRecords finds there of those activities (each such finding names its
// activity) and of no activity. Each activity's records read that activity,
// and the make-ups that name it, alone. `unnamed`, when given, is a member
// of o that none of o's activities names (present or absent): a meeting's
// roll on a day it is a member lacks it, and the lists are not read for it.
void CheckRecordsOf(const check::CheckContext& ctx, OrgIndex o, absl::Span<const ActivityIndex> judged,
                    check::Sink& sink, MemberIndex unnamed = kNone);
// member.* and life.member_talk, for the members of the branches ranked [begin, end)
void CheckMembers(const check::CheckContext& ctx, int32_t begin, int32_t end, check::Sink& sink);
// The orgs whose activities may name a member (present, on leave): every
// org, when not known; else those listed (one may name it no more).
struct NamedAt {
  std::optional<absl::Span<const OrgIndex>> orgs;
  bool May(OrgIndex o) const { return !orgs || std::find(orgs->begin(), orgs->end(), o) != orgs->end(); }
};
// The findings CheckMembers writes for `members` (each of branch o) alone.
// One member alone is looked for only at the activities of the orgs
// `named_at` says may name it: the others' attendance is not read.
void CheckMembersOf(const check::CheckContext& ctx, OrgIndex o, absl::Span<const MemberIndex> members,
                    check::Sink& sink, NamedAt named_at = {});
// The branch whose member rules count the activities of org `holder`: the
// org itself, or the branch above a party group (党小组).
OrgIndex BranchCountingActivitiesOf(const Store& s, OrgIndex holder);
// What the member rules read of an activity of org `holder` (a branch, or a
// party group, 党小组, whose branch counts its activities), held on `day`, of
// `kind`: of every member of the branch, or of those it names alone (their
// presence, leave, talks, lectures). Of every member when it is a theme day
// (life.theme_day_attendance: each member's attendance), or the branch's
// only gathering of its month but for `other_than` (member.no_org_life_run
// counts the months the branch held one).
bool ActivityReadForEveryMember(const Store& s, OrgIndex holder, Day day, v1::Activity::Kind kind,
                                ActivityIndex other_than);

// The months judged as of a day: those that have ended, as a month number.
int LastJudgedMonth(Day as_of);
// The months a member belonged to the branch, as month numbers [first, last]:
// from admission or the latest transfer in, to a transfer out after it.
struct Membership {
  int first = 0, last = 0;
  Day since = kNoDay;      // admitted or transferred in, if known
  Day until = kNoDay;      // transferred out, if so
  // A member of the branch on `day`: admitted, or transferred in, by then,
  // and not transferred out by then. A meeting's roll is of these.
  bool On(Day day) const { return (since == kNoDay || since <= day) && (until == kNoDay || until > day); }
};
Membership MembershipOf(const Store& s, MemberIndex m, int last_month);
// The org that collects member m of branch o's dues: the branch, but for a
// member of a temporary branch, which collects none, the home org keeping the
// relation; kNone when that is not given.
OrgIndex DuesCollector(const Store& s, MemberIndex m, OrgIndex o);

}  // namespace dangjian::rules

#endif  // DANGJIAN_LIB_RULES_FAMILIES_H_
