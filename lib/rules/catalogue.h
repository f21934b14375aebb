// What the rule list (catalogue.inc) says of each rule that only the library
// needs: the kinds of record its findings depend on, and the family that
// writes them. The public part of the list is dangjian/rules.h.
#ifndef DANGJIAN_LIB_RULES_CATALOGUE_H_
#define DANGJIAN_LIB_RULES_CATALOGUE_H_

#include <cstdint>

#include "lib/rules/rule_id.h"

namespace dangjian::rules {

// Kinds of record, as bits. A rule reads a kind when a change to records of
// that kind may change its findings. A reference from one record to another
// (a position's member, an activity's attendees, an org's units) belongs to
// the record that holds it: adding or removing a record changes, besides its
// own kind, every kind that names it (a member removed changes the positions,
// attendance, dues and events that name it).
using Inputs = uint32_t;
namespace input {
// Orgs: kind, parent and children, approvedException, the units each
// covers.
inline constexpr Inputs kOrgs = 1u << 0;
// Units: staffCount, partyStaffCount.
inline constexpr Inputs kUnits = 1u << 1;
// Members: the org, group and unit of each, admittedOn, lostContactSince,
// probationExtendedMonths, leadingCadre, the dues category, income and
// exemption; and so each org's count of members (full and probationary
// together). A member added, moved or removed changes its standing's
// kind too (kMemberStatus), which it carries.
inline constexpr Inputs kMembers = 1u << 2;
// Positions: org, member, role, since, until, approved.
inline constexpr Inputs kPositions = 1u << 3;
// Terms: org, startedOn, endedOn, adjustMonths, adjustApproved.
inline constexpr Inputs kTerms = 1u << 4;
// Activities: org, kind, heldOn, the parts of the record, lecturer, makeupFor,
// decisions (kinds, subjects, votes), resolutions, tags.
inline constexpr Inputs kActivities = 1u << 5;
// Attendance: the members an activity names as present, absent (and why), or
// talked with (attendeeIds, absentees, talkMemberIds).
inline constexpr Inputs kAttendance = 1u << 6;
// Dues: payments and ledger rows.
inline constexpr Inputs kDues = 1u << 7;
// Member events: transfers, changes and evaluations (events).
inline constexpr Inputs kMemberEvents = 1u << 8;
// Members' standing (正式党员 or 预备党员): status and fullOn; and so each
// org's counts of full members and of probationary members, apart. A rule
// that counts full members reads it; one that counts all members together
// reads kMembers only.
inline constexpr Inputs kMemberStatus = 1u << 9;
// The members under an org: its subtree's counts, full and probationary
// (SubtreeFullMembers, SubtreeAllMembers), which a member added, moved or
// removed, or whose standing changed, changes at every org above its own.
// kMembers and kMemberStatus are the members of the org a rule judges; a
// rule that counts the members of the orgs under it reads this too.
inline constexpr Inputs kSubtreeMembers = 1u << 10;
// Orgs' lifetimes: establishedOn and dissolvedOn, whether an org exists on
// a day (CheckContext::Exists). An org dissolved changes these alone.
inline constexpr Inputs kOrgDates = 1u << 11;

inline constexpr Inputs kEverything = (1u << 12) - 1;
// What the obligation engine reads: the holders' kinds and lifetimes, their
// member counts, full members among them (whether a branch has a committee,
// which holds the committee's meetings), the roles of personal obligations,
// the activities and their lecturers. A profile's obligation may name any
// rule: that rule then reads these too.
inline constexpr Inputs kObligationReads = kOrgs | kOrgDates | kMembers | kMemberStatus | kPositions | kActivities;
}  // namespace input

// The kinds of record rule `rule` reads (declared in catalogue.inc).
Inputs Reads(RuleId rule);

// The function of families.h that writes a rule's findings: check::Family's
// org-by-org families, and the two passes over the whole scope.
enum class Family : uint8_t {
  kStructure,   // CheckStructure
  kData,        // CheckData (whole scope)
  kSetup,       // CheckSetup
  kSetupUnits,  // CheckSetupUnits (whole scope)
  kTerms,       // CheckTerms
  kObligations, // CheckObligations
  kRecords,     // CheckRecords
  kMembers,     // CheckMembers
};
Family FamilyOf(RuleId rule);

// Kinds of activity, as bits by v1::Activity::Kind.
using ActivityKinds = uint32_t;
inline constexpr ActivityKinds kEveryActivityKind = ~ActivityKinds{0};
// At which activities of its kinds a record rule reads the roll (DJ_ROLL
// in catalogue.inc), for a member who joins or leaves the org or whose
// standing changes.
enum class RollAt : uint8_t {
  kEvery,       // every one (an election counts those entitled to vote)
  kDeciding,    // those that record a decision (its quorum and its votes count those entitled)
  kLeavingOut,  // those whose record leaves that member out, naming it neither present nor absent
};
struct Roll {
  ActivityKinds kinds;
  RollAt at;
};
// The kinds of activity at which record rule `rule`, which reads kMembers
// or kMemberStatus, reads the roll of the org that holds them, and at which
// of them: a member joining or leaving the org, or its standing changing,
// changes the rule's findings at those of the org's activities held while
// it is a member (a roll is of the members on the activity's day,
// Membership::On), and its findings of no activity; at no other activity
// of the org's but one that names the member itself (what a rule reads of
// a member an activity names, the Engine follows by the activities that
// name it). Every kind, at every activity, for a rule that declares none.
Roll RollOf(RuleId rule);

}  // namespace dangjian::rules

#endif  // DANGJIAN_LIB_RULES_CATALOGUE_H_
