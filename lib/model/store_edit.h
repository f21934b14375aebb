// What ties a Store's columns together, written once: the builder
// (builder.cc) establishes it with these functions, and the Engine's edits of
// its own Store in place (StoreEdit) keep it with them.
//
// - Members are counted by org and status, full or probationary (预备党员):
//   a member counts in its org's own count, and in the subtree count of its
//   org and of every org above it.
// - Dues are one mask of months paid per member and year on record, payments
//   and ledger merged; `dues_since` is the first month any record names, and
//   the months before it are unknown.
#ifndef DANGJIAN_LIB_MODEL_STORE_EDIT_H_
#define DANGJIAN_LIB_MODEL_STORE_EDIT_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/model/store.h"

namespace dangjian::model {

// The count a member of `status` is in, own or of a subtree.
inline std::vector<uint32_t>& OwnCount(Store::Orgs& orgs, MemberStatus status) {
  return status == v1::Member::FULL ? orgs.own_full : orgs.own_probationary;
}
inline std::vector<uint32_t>& SubtreeCount(Store::Orgs& orgs, MemberStatus status) {
  return status == v1::Member::FULL ? orgs.subtree_full : orgs.subtree_probationary;
}

// The subtree counts of orgs numbered by rank (a Store as loaded), from the
// orgs' own counts and `carried_*` (for a part of a stream, by org: the
// members of its subtree the part does not hold; else empty).
void CountSubtrees(Store::Orgs& orgs, const std::vector<uint32_t>& carried_full,
                   const std::vector<uint32_t>& carried_probationary);

// The orgs 0..n-1 in depth-first preorder: roots, and each org's children,
// in the order `in_order` lists them (every org once); `parent[i]` is kNone
// for a root. Fewer than n when a cycle leaves some unreached.
std::vector<int32_t> Preorder(const std::vector<int32_t>& parent, const std::vector<int32_t>& in_order);

// Each org's children (in index order, which is the order preorder visited
// them) and the size of its subtree, from `parent`, the orgs numbered by
// rank (a Store as loaded).
void LinkChildren(Store::Orgs& orgs);

// The place in `list` a data issue's field names ("members[12].fullOn" in
// "members": 12), or -1 when it names no record of that list.
inline int64_t PlaceIn(std::string_view field, std::string_view list) {
  if (field.size() <= list.size() + 1 || field[0] != list[0] || field[list.size()] != '[' ||
      field.substr(0, list.size()) != list) {
    return -1;
  }
  int64_t k = 0;
  for (size_t i = list.size() + 1; i < field.size() && field[i] >= '0' && field[i] <= '9'; ++i) k = k * 10 + (field[i] - '0');
  return k;
}

// An activity as the Store holds it, every reference resolved: what an
// Engine writes for an activity recorded or corrected. The decisions'
// subject and candidate ranges are into `subjects` and `candidates`.
struct ActivityRow {
  OrgIndex org = kNone;
  v1::Activity::Kind kind = v1::Activity::KIND_UNSPECIFIED;
  Day held_on = kNoDay;
  uint8_t recorded = 0;
  MemberIndex lecturer = kNone;
  ActivityIndex makeup_for = kNone;
  int32_t unowned_resolutions = 0;
  std::vector<MemberIndex> attendees, talk_members;
  std::vector<uint16_t> tags;
  std::vector<Store::Activities::Absentee> absentees;
  std::vector<Store::Activities::Decision> decisions;
  std::vector<MemberIndex> subjects;
  std::vector<Store::Activities::Candidate> candidates;
  // Its observers and resolutions' owners, for the Engine's own account of
  // them (Store::Activities::mentions stays as the Store was built).
  std::vector<MemberIndex> mentioned;
};

// A member as the Store holds it, every reference resolved: what an Engine
// writes for a member added.
struct MemberRow {
  OrgIndex org = kNone, group = kNone, home_org = kNone;
  UnitIndex unit = kNone;
  MemberStatus status = v1::Member::STATUS_UNSPECIFIED;
  Day admitted_on = kNoDay, full_on = kNoDay, lost_contact_since = kNoDay;
  int32_t probation_extended_months = 0;
  uint8_t leading_cadre = 0, dues_exempt_approved = 0;
  v1::Member::DuesCategory dues_category = v1::Member::DUES_CATEGORY_UNSPECIFIED;
  int64_t monthly_income_cents = kAmountNotGiven;
};

// An org as the Store holds it: what an Engine writes for an org added.
struct OrgRow {
  std::string_view name;
  OrgKind kind = v1::Org::KIND_UNSPECIFIED;
  OrgIndex parent = kNone;
  std::vector<UnitIndex> units;
  Day established_on = kNoDay, dissolved_on = kNoDay;
  bool approved_exception = false;
};

// The edits an Engine writes into its own Store where they lie; an event
// that would change more goes by a rebuild instead.
class StoreEdit {
 public:
  explicit StoreEdit(Store& store) : s_(store) {}

  // A member added: a row at the end, last in its org's list (where a load
  // puts the last member given), counted in its org and every org above,
  // with no dues, events, lectures, talks or decisions; its name (姓名) kept
  // for the reports, as a load keeps names.
  MemberIndex AddMember(std::string_view id, std::string_view name, const MemberRow& row);
  // Member m moved to org `to`, with its party group and the org of its
  // relation (a temporary branch's member): the counts of the orgs it left
  // and of those it joined follow.
  void MoveMember(MemberIndex m, OrgIndex to, OrgIndex group, OrgIndex home_org);
  // Member m removed: its row stays, found by no id, in no org's list or
  // count; its positions go, looked for in the lists of `position_orgs`
  // (every org where it holds one; none when it holds none), and its years
  // of dues on record; its payments and events stay, read no more. The
  // activities that name it lose it by LeaveActivity (attendance),
  // DropLecturer and DropMentioned.
  void RemoveMember(MemberIndex m, const std::vector<OrgIndex>& position_orgs);
  // The data issues that name a record of a list ("members", "positions",
  // "duesLedger") by its place, as a field does ("members[12].fullOn": 12),
  // named at the place its move gives it, where they are. Returns them as
  // they were; their indices into `moved` (ascending).
  using PlaceMove = std::pair<std::string_view, std::function<int64_t(int64_t)>>;
  std::vector<DataIssue> MovePlaces(const std::vector<PlaceMove>& moves, std::vector<int32_t>& moved);
  // Data issues added, each in the order a load reports it among the issues
  // a report orders it with (the others it orders by what they name): one
  // about a field of an activity (naming its activity) among that
  // activity's, in the order a load reads its fields (its org, lecturer,
  // absentees, decisions and those talked with; then its observers, then
  // its owners; then its attendees; then what it makes up for), each list
  // by place; one about a payment, a row of the ledger or an event among
  // the issues of dues and events: the payments, the ledger, the events,
  // each by row. They go last, and the issues of each group they join are
  // put in order again over the group's places and theirs; no other issue
  // moves. Returns the indices of those added (ascending); `kept`, indices
  // of issues there before (ascending), become theirs now.
  std::vector<int32_t> AddIssues(std::vector<DataIssue> more, std::vector<int32_t>& kept);
  // The group of the issues of dues and events, apart from the activities'.
  static constexpr int32_t kDuesIssues = -2;
  // Activity a's lecturer, a member removed, named no more (its own list of
  // lectures stays, as a removed member's lists are read no more).
  void DropLecturer(ActivityIndex a);
  // Member m, removed, named no more by activity a's decisions (as a
  // subject or a candidate): the numbers of subjects and candidates given
  // stay (its own list of decisions about it stays).
  void DropMentioned(ActivityIndex a, MemberIndex m);
  // Member m out of activity a's attendees, absentees and those talked with
  // (its own list of talks stays, as a removed member's lists are read no
  // more); `attendance` whether the record still lists anyone attending.
  void LeaveActivity(ActivityIndex a, MemberIndex m, bool attendance);
  // Member m's status and fullOn; the counts of its org and of every org
  // above it follow.
  void SetStatus(MemberIndex m, MemberStatus status, Day full_on);
  // Adds `months` paid by member m in `year` (0: the year on record, nothing
  // paid), the year put on record if it was not. False, and nothing
  // changed, when they would be paid before `dues_since` and so move it.
  bool AddPaidMonths(MemberIndex m, int year, uint16_t months);
  // An event of member m on `on` (its kind, and its grade for an
  // evaluation): after m's events of days before and of that day, where a
  // load puts the last given; m's events written anew at the end of the
  // columns, so that no other member's range moves.
  void AddEvent(MemberIndex m, v1::MemberEvent::Kind kind, Day on, v1::MemberEvent::Grade grade);
  // The position of member m as `role` in org o: the first that is there
  // replaced, or one added after o's others, where a load puts the last
  // position given.
  void SetPosition(OrgIndex o, MemberIndex m, Role role, Day since, Day until, bool approved);
  // The index of the position of m as `role` in o, or kNone.
  int32_t FindPosition(OrgIndex o, MemberIndex m, Role role) const;
  // A term opened in org o (换届): o's open terms started no later end the
  // day it starts, and it goes after o's terms started no later, where a
  // load sorts it.
  void OpenTerm(OrgIndex o, int32_t number, Day started, Day ended, int32_t adjust_months, bool adjust_approved);
  // The index of `tag` in tags(), added if no activity carried it.
  uint16_t Tag(std::string_view tag);
  // An activity recorded: a row added at the end, in its org's list by date
  // (after those of the same day), and in its members' lists of lectures,
  // talks and decisions about them.
  ActivityIndex AddActivity(std::string_view id, const ActivityRow& row);
  // Activity a corrected: its row rewritten, its place in its org's list and
  // in its members' lists as the new record puts it.
  void ReplaceActivity(ActivityIndex a, const ActivityRow& row);
  // Org o dissolved on `on`.
  void Dissolve(OrgIndex o, Day on);
  // An org added under `row.parent` (kNone: a root), with no members or
  // records yet, at the next index; ranked where a load puts it: last of
  // its parent's children. `place`, by org (the new one last): each org's
  // place in the snapshot's list of orgs, which orders siblings.
  void AddOrg(std::string_view id, const OrgRow& row, const std::vector<int32_t>& place);
  // Org o put under `parent` (kNone: a root), with its subtree, ranked
  // among its new siblings by `place`, as AddOrg does. Every org keeps its
  // index; the ranks from where it was to where it goes change.
  void MoveOrg(OrgIndex o, OrgIndex parent, const std::vector<int32_t>& place);

 private:
  // Org o's list in `lists` (the Store's members, activities, positions or
  // terms of an org an Engine changed), made from `now` (what the org has)
  // at its first change: rows added go at the end of their columns, and
  // into the list where a load would put them, so no other row moves.
  static std::vector<int32_t>& OwnList(HashMap<OrgIndex, std::vector<int32_t>>& lists, IndexList now,
                                       OrgIndex o);

  // The orgs' order (Orgs::order) started before the first org is added or
  // moved: each org's rank its index.
  void Ranks();
  // The list of org o's children, the Store's own from now on
  // (Store::child_lists_).
  std::vector<OrgIndex>& ChildList(OrgIndex o);
  // Org o out of its parent's children: a root for now.
  void Unchild(OrgIndex o);
  // Org o, a root ranked with its subtree, put under `parent` among its
  // children by `place`, and its subtree's ranks moved where a load ranks
  // them: before the next sibling, or at the end of the parent's subtree.
  void Place(OrgIndex o, OrgIndex parent, const std::vector<int32_t>& place);
  // The subtree sizes of org `from` and every org above it changed by `by`.
  void Grow(OrgIndex from, int32_t by);
  // The Store's groups of data issues (Store::issue_groups_), gathered at
  // the first call.
  HashMap<int32_t, std::vector<int32_t>>& IssueGroups();

  // Member m counted in (`by` 1), or out of (-1), org o and every org above.
  void Count(MemberIndex m, OrgIndex o, int by);
  // The list of org o's members in index order, the Store's own from now on.
  std::vector<MemberIndex>& MemberList(OrgIndex o);
  // Member m out of org o's list and counts.
  void Leave(MemberIndex m, OrgIndex o);
  // The list of org o's activities by date, the Store's own from now on.
  std::vector<ActivityIndex>& ActivityList(OrgIndex o);
  void ListActivity(ActivityIndex a);
  void UnlistActivity(ActivityIndex a);
  // Activity a in, or out of, the lists by member it belongs in.
  void IndexByMember(ActivityIndex a, bool in);
  // The lists of activity a (CSR: `offsets`) made `items`; the lists after
  // it move. Returns how many more items it has (negative: fewer).
  template <typename T>
  int64_t SetList(std::vector<T>& list, std::vector<uint32_t>& offsets, ActivityIndex a, const std::vector<T>& items);
  // Writes the lists and columns of row a: a new last row, or one there.
  void WriteActivity(ActivityIndex a, const ActivityRow& row);

  Store& s_;
};

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_STORE_EDIT_H_
