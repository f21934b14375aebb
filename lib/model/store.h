// The Store's layout: a loaded snapshot, columnar, as every rule reads it.
// Internal: the public API (include/dangjian/store.h) hands a Store around
// without showing it.
//
// Layout. Orgs are ranked in depth-first preorder of the hierarchy (roots
// and siblings in input order), so the subtree of org `o` is the rank range
// [Rank(o), SubtreeEnd(o)): a scope is a range of ranks, and sharding is by
// range. A Store as loaded numbers its orgs by rank (Rank(o) == o); an
// Engine's Store keeps each org at its index when orgs are added or moved,
// and their ranks beside (Orgs::order). Members,
// positions, terms and activities are sorted by org, then by input order
// (terms by start date, activities by date), and reached through per-org
// offsets — but in an Engine's Store, whose rows added or moved are reached
// through their org's own list (MembersOf, PositionsOf, TermsOf,
// ActivitiesOf). Member and org counts of every subtree are computed once,
// at load, and kept by an Engine's edits.
//
// A Store is built once (builder.h) and never changes after — but for the
// one an Engine owns, which the Engine alone edits in place (store_edit.h):
// reading it from many threads at once is safe.
//
// Each list's columns are named once more, beside their declaration, in its
// `ForEachColumn`: what treats every column alike (the memory accounting)
// visits them there, so that a new column is declared in one place.
#ifndef DANGJIAN_LIB_MODEL_STORE_H_
#define DANGJIAN_LIB_MODEL_STORE_H_

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "dangjian/calendar.h"
#include "dangjian/store.h"
#include "dangjian/v1/snapshot.pb.h"
#include "lib/hash_table.h"
#include "lib/model/org_order.h"

namespace dangjian {
namespace model {
class StoreBuilder;
class StoreEdit;
}  // namespace model

using OrgKind = v1::Org::Kind;
using MemberStatus = v1::Member::Status;
using Role = v1::Position::Role;

using OrgIndex = int32_t;
using MemberIndex = int32_t;
using UnitIndex = int32_t;
using ActivityIndex = int32_t;
inline constexpr int32_t kNone = -1;
// An optional count or amount not given: apart from every value given,
// negative ones included (a data issue, kept as given so that an export
// writes it back).
inline constexpr int32_t kNotGiven = INT32_MIN;
inline constexpr int64_t kAmountNotGiven = INT64_MIN;

// The first day of the first month `months` has (bit k-1 for month k; not
// 0) in `year`.
inline Day FirstMonthPaid(int year, uint16_t months) {
  return ToDay(absl::CivilDay(year, __builtin_ctz(months) + 1, 1));
}

// A list of n rows' room: n and a sixteenth more, so that the first rows an
// Engine adds to a list built so do not copy it whole (a province's members'
// columns copied took seconds). Room not taken up is never touched.
inline size_t WithRoom(size_t n) { return n + n / 16; }

// Branch kinds: BRANCH, JOINT_BRANCH, TEMPORARY_BRANCH.
bool IsBranchKind(OrgKind kind);

// Something in the data that the load kept but a rule must report.
struct DataIssue {
  enum class Kind { kUnknownReference, kInvalidValue };
  Kind kind;
  std::string field;  // "members[5].orgId"
  std::string value;  // the id or value as given
  // Unknown references: the kind of record named ("org", "member", "unit",
  // "activity"). Invalid values: what is wrong, a short English phrase.
  std::string problem;
  OrgIndex org = kNone;  // the org the record belongs to, for scope
  MemberIndex member = kNone;
  UnitIndex unit = kNone;
  ActivityIndex activity = kNone;
  // For a position or a term: its index in positions() or terms().
  int32_t record = kNone;
};

// The ids of one kind of record, by index: their bytes stored once, one after
// the other, and found through a hash set of indices (4 bytes an id), built
// the first time it is needed. Finding from many threads at once is safe.
class Ids {
 public:
  Ids();
  Ids(Ids&&) noexcept;
  Ids& operator=(Ids&&) noexcept;
  ~Ids();

  size_t size() const;
  std::string_view operator[](size_t i) const;
  // The index of `id`, or kNone.
  int32_t Find(std::string_view id) const;
  // The index of each of `ids` into `out` (as many), kNone where none: the
  // same as Find one by one, in steps over the whole list so that the memory
  // each waits on is asked for all at once (a record's attendees, looked up
  // at once).
  void Find(absl::Span<const std::string_view> ids, int32_t* out) const;
  // Asks memory for id i before it is read, in two steps: where it ends
  // (`bytes` false), then, that arrived, its bytes (true). Over a list of
  // ids, each step taken for many ids before the next, their waits overlap
  // rather than follow one another.
  void Prefetch(size_t i, bool bytes) const;
  // Adds `id` unless it is there: its index, and whether it was added.
  std::pair<int32_t, bool> Insert(std::string_view id);
  // The id at index i found no more (a member an Engine removed): its index
  // stays taken, and the id may be added again at a new one. A writer's
  // call, as Insert is.
  void Forget(int32_t i);
  // Adds `id` at the end without looking it up: it is found once indexed.
  void Append(std::string_view id);
  // No id left, the room they took kept for those added next. A writer's
  // call, as Insert is.
  void Clear();
  // Room for `more` ids added at the end, of some 16 bytes each, made at
  // once rather than grown and copied as they come: room not taken up is
  // never touched.
  void Reserve(size_t more);
  // Adds every id of `more` at the end, as Append does each.
  void Append(const Ids& more);
  // The ids [first, first + order.size()) in another order (`order` a
  // permutation of those indices): the k-th of them the one at `order[k]`
  // before, each found at its new index; the others stay. The index follows
  // the ids to their new indices without hashing any again (the hash is of
  // the id, which does not change). A writer's call, as Insert is.
  void Reorder(int32_t first, absl::Span<const int32_t> order);
  // Indexes every id; the first that repeats an earlier one, as (its index,
  // the earlier one's), or nullopt when all are distinct — whichever call
  // indexed it.
  std::optional<std::pair<int32_t, int32_t>> Index() const;
  // Heap bytes held.
  size_t MemoryBytes() const;

 private:
  struct Data;
  std::unique_ptr<Data> d_;
};

// A column of names beside a list (members' 姓名): empty while no record has
// a name, else one for every record, "" for none. Adds the name of record
// `index`, the list's next.
void AppendName(Ids& names, size_t index, std::string_view name);

// Indices, in a list's order: either the range [first, last) itself, or
// list[first, last).
class IndexList {
 public:
  IndexList(const int32_t* list, uint32_t first, uint32_t last) : list_(list), first_(first), last_(last) {}
  uint32_t size() const { return last_ - first_; }
  bool empty() const { return first_ == last_; }
  int32_t operator[](uint32_t k) const { return list_ ? list_[first_ + k] : static_cast<int32_t>(first_ + k); }
  // The part from position k on.
  IndexList From(uint32_t k) const { return IndexList(list_, first_ + k, last_); }
  // The place of `value` in a list in index order (a range, or an org's
  // members), or kNone when it is not there.
  int32_t Find(int32_t value) const {
    if (!list_) return value >= static_cast<int32_t>(first_) && value < static_cast<int32_t>(last_)
                           ? value - static_cast<int32_t>(first_) : kNone;
    const int32_t* at = std::lower_bound(list_ + first_, list_ + last_, value);
    return at != list_ + last_ && *at == value ? static_cast<int32_t>(at - (list_ + first_)) : kNone;
  }
  class iterator {
   public:
    iterator(const IndexList* l, uint32_t k) : l_(l), k_(k) {}
    int32_t operator*() const { return (*l_)[k_]; }
    iterator& operator++() { ++k_; return *this; }
    bool operator==(const iterator& o) const { return k_ == o.k_; }
    bool operator!=(const iterator& o) const { return k_ != o.k_; }
   private:
    const IndexList* l_;
    uint32_t k_;
  };
  iterator begin() const { return iterator(this, 0); }
  iterator end() const { return iterator(this, size()); }

 private:
  const int32_t* list_;
  uint32_t first_, last_;
};

class Store {
 public:
  struct Orgs {
    Ids id;
    std::vector<std::string> name;
    std::vector<OrgKind> kind;
    std::vector<OrgIndex> parent;        // kNone for a root
    // The hierarchy's order (Store::Rank, Store::OrgAt). Empty while every
    // org's rank is its index: in a Store as loaded, and in an Engine's
    // until it adds or moves an org.
    model::OrgOrder order;
    // The orgs in the subtree of o, o among them: its ranks are
    // [Rank(o), Rank(o) + subtree_size[o]) (Store::SubtreeEnd).
    std::vector<int32_t> subtree_size;
    std::vector<Day> established_on, dissolved_on;
    std::vector<uint8_t> approved_exception;
    std::vector<uint32_t> child_offsets;  // size n + 1; children in input order (Store::Children)
    std::vector<OrgIndex> children;
    // Size n + 1: the ranges of an org's known units, members, positions,
    // terms and activities.
    std::vector<uint32_t> unit_offsets;
    std::vector<UnitIndex> units;
    std::vector<uint32_t> member_offsets;
    std::vector<uint32_t> own_full, own_probationary;
    std::vector<uint32_t> subtree_full, subtree_probationary;
    std::vector<uint32_t> position_offsets;
    std::vector<uint32_t> term_offsets;
    std::vector<uint32_t> activity_offsets;
    // Of a part of a stream checked in parts (parts.h), by org: 1 for an org
    // defined in another part, here only for its place in the hierarchy and
    // the members of its subtree; empty otherwise.
    std::vector<uint8_t> outside;
    size_t size() const { return id.size(); }
    // Every column: f(&Orgs::column).
    template <typename F>
    static void ForEachColumn(F f) {
      f(&Orgs::id), f(&Orgs::name), f(&Orgs::kind), f(&Orgs::parent), f(&Orgs::order),
      f(&Orgs::subtree_size), f(&Orgs::established_on), f(&Orgs::dissolved_on), f(&Orgs::approved_exception),
      f(&Orgs::child_offsets), f(&Orgs::children), f(&Orgs::unit_offsets), f(&Orgs::units),
      f(&Orgs::member_offsets), f(&Orgs::own_full), f(&Orgs::own_probationary), f(&Orgs::subtree_full),
      f(&Orgs::subtree_probationary), f(&Orgs::position_offsets), f(&Orgs::term_offsets),
      f(&Orgs::activity_offsets), f(&Orgs::outside);
    }
  };
  struct Members {
    Ids id;
    // 姓名, for the reports a person reads (no rule reads it): empty when the
    // snapshot names no member, else one for each member, "" for none.
    Ids name;
    std::vector<OrgIndex> org;  // kNone when orgId names no org
    std::vector<OrgIndex> group;
    std::vector<UnitIndex> unit;
    std::vector<OrgIndex> home_org;  // a temporary branch's member: the org of the relation; kNone when not given
    std::vector<MemberStatus> status;
    std::vector<Day> admitted_on, full_on, lost_contact_since;
    std::vector<int32_t> probation_extended_months;
    std::vector<uint8_t> leading_cadre, dues_exempt_approved;
    std::vector<v1::Member::DuesCategory> dues_category;
    std::vector<int64_t> monthly_income_cents;  // kAmountNotGiven when not given
    size_t size() const { return id.size(); }
    // Every column: f(&Members::column).
    template <typename F>
    static void ForEachColumn(F f) {
      f(&Members::id), f(&Members::name), f(&Members::org), f(&Members::group), f(&Members::unit), f(&Members::home_org),
      f(&Members::status),
      f(&Members::admitted_on), f(&Members::full_on), f(&Members::lost_contact_since),
      f(&Members::probation_extended_months), f(&Members::leading_cadre), f(&Members::dues_exempt_approved),
      f(&Members::dues_category), f(&Members::monthly_income_cents);
    }
  };
  struct Units {
    Ids id;
    std::vector<std::string> name;
    std::vector<int32_t> staff_count, party_staff_count;  // -1 when not given
    size_t size() const { return id.size(); }
    // Every column: f(&Units::column).
    template <typename F>
    static void ForEachColumn(F f) {
      f(&Units::id), f(&Units::name), f(&Units::staff_count), f(&Units::party_staff_count);
    }
  };
  struct Positions {
    std::vector<OrgIndex> org;
    std::vector<MemberIndex> member;  // kNone when memberId names no member
    std::vector<Role> role;
    std::vector<Day> since, until;
    std::vector<uint8_t> approved;
    size_t size() const { return org.size(); }
    // Every column: f(&Positions::column).
    template <typename F>
    static void ForEachColumn(F f) {
      f(&Positions::org), f(&Positions::member), f(&Positions::role), f(&Positions::since),
      f(&Positions::until), f(&Positions::approved);
    }
  };
  struct Terms {
    std::vector<OrgIndex> org;
    std::vector<int32_t> number;
    std::vector<Day> started_on, ended_on;
    std::vector<int32_t> adjust_months;
    std::vector<uint8_t> adjust_approved;
    size_t size() const { return org.size(); }
    // Every column: f(&Terms::column).
    template <typename F>
    static void ForEachColumn(F f) {
      f(&Terms::org), f(&Terms::number), f(&Terms::started_on), f(&Terms::ended_on), f(&Terms::adjust_months),
      f(&Terms::adjust_approved);
    }
  };
  // Activities, sorted by org then date. Lists per activity (absentees,
  // decisions, tags, talks) are CSR: `x_offsets[a]..x_offsets[a+1]`. The
  // attendees, the largest list by far, stay in input order and each activity
  // has its range, `attendee_begin[a]..attendee_end[a]`, so that sorting never
  // copies them. Member references that name no member are dropped from the
  // lists (and reported as data.unknown_reference).
  struct Activities {
    enum Recorded : uint8_t {  // which parts of the record are there (记录要素)
      kPlace = 1, kTopic = 2, kMinutes = 4, kAttendees = 8,
      // Not a part: the record names a member by its id somewhere (a
      // lecturer, those present, absent, talked with, decided about,
      // observing or owning), known or not. One that names all by their
      // places holds no member's id for a removal to look for.
      kMemberIds = 16,
    };
    struct Absentee {
      MemberIndex member;
      v1::Activity::Absentee::Reason reason;
    };
    struct Decision {
      v1::Activity::Decision::Kind kind;
      int32_t subjects;  // how many members it decides about (known or not)
      uint32_t subject_begin, subject_end;  // the known ones: decision_subjects[begin, end)
      int32_t votes_for, votes_against, votes_abstain;  // kNotGiven when not given
      int32_t seats;       // 应选名额, kNotGiven when not given
      int32_t candidates;  // how many candidates it lists (known or not)
      uint32_t candidate_begin, candidate_end;  // the known ones: decision_candidates[begin, end)
    };
    struct Candidate {
      MemberIndex member;
      int32_t votes_for;  // kNotGiven when not given
    };
    Ids id;
    std::vector<OrgIndex> org;
    std::vector<v1::Activity::Kind> kind;
    std::vector<Day> held_on;
    std::vector<uint8_t> recorded;        // Recorded bits
    std::vector<MemberIndex> lecturer;    // kNone when none or unknown
    std::vector<ActivityIndex> makeup_for;  // kNone when not a make-up
    std::vector<int32_t> unowned_resolutions;  // resolutions with no owner (分工)
    // The attendees, absentees and those talked with: each activity its
    // range of its list, which an Engine shrinks where it lies or writes
    // anew at the end.
    std::vector<uint32_t> attendee_begin, attendee_end, absentee_begin, absentee_end, talk_begin, talk_end;
    std::vector<uint32_t> tag_offsets, decision_offsets;
    std::vector<MemberIndex> attendees, talk_members;
    std::vector<uint16_t> tags;  // indices into Store::tags()
    std::vector<Absentee> absentees;
    std::vector<Decision> decisions;
    std::vector<MemberIndex> decision_subjects;
    std::vector<Candidate> decision_candidates;
    // The members an activity names as an observer (列席) or a resolution's
    // owner (分工), those that are there: (activity, member), as the Store
    // was built. No rule reads them; an Engine reads them when its Store is
    // built and keeps its own account of them after, so a StoreEdit leaves
    // them as built (keeping them was a pass over them all at each member
    // removed and each activity corrected).
    std::vector<std::pair<ActivityIndex, MemberIndex>> mentions;
    size_t size() const { return id.size(); }
    // Every column: f(&Activities::column).
    template <typename F>
    static void ForEachColumn(F f) {
      f(&Activities::id), f(&Activities::org), f(&Activities::kind), f(&Activities::held_on),
      f(&Activities::recorded), f(&Activities::lecturer), f(&Activities::makeup_for),
      f(&Activities::unowned_resolutions), f(&Activities::attendee_begin), f(&Activities::attendee_end),
      f(&Activities::absentee_begin), f(&Activities::absentee_end), f(&Activities::talk_begin),
      f(&Activities::talk_end), f(&Activities::tag_offsets), f(&Activities::decision_offsets),
      f(&Activities::attendees), f(&Activities::talk_members),
      f(&Activities::tags), f(&Activities::absentees), f(&Activities::decisions),
      f(&Activities::decision_subjects), f(&Activities::decision_candidates), f(&Activities::mentions);
    }
  };
  // Member events, sorted by member then date (by input order on the same day).
  struct Events {
    std::vector<MemberIndex> member;
    std::vector<v1::MemberEvent::Kind> kind;
    std::vector<Day> on;
    std::vector<v1::MemberEvent::Grade> grade;
    size_t size() const { return member.size(); }
    // Every column: f(&Events::column).
    template <typename F>
    static void ForEachColumn(F f) {
      f(&Events::member), f(&Events::kind), f(&Events::on), f(&Events::grade);
    }
  };
  // Dues payments, sorted by member then month; months as the first day.
  struct Dues {
    std::vector<MemberIndex> member;
    std::vector<Day> month;
    std::vector<int64_t> amount_cents;
    std::vector<Day> paid_on;
    size_t size() const { return member.size(); }
    // Every column: f(&Dues::column).
    template <typename F>
    static void ForEachColumn(F f) {
      f(&Dues::member), f(&Dues::month), f(&Dues::amount_cents), f(&Dues::paid_on);
    }
  };

  const Orgs& orgs() const { return orgs_; }
  const Members& members() const { return members_; }
  const Units& units() const { return units_; }
  const Positions& positions() const { return positions_; }
  const Terms& terms() const { return terms_; }
  const Activities& activities() const { return activities_; }
  const Dues& dues() const { return dues_; }
  const Events& events() const { return events_; }
  // Index range into events() of member m: its events by date. A row of
  // events() outside its member's range is one an Engine wrote anew with
  // the member's events after it (StoreEdit::AddEvent), read no more.
  std::pair<uint32_t, uint32_t> EventsOf(MemberIndex m) const {
    if (!event_ranges_.empty()) {
      const auto it = event_ranges_.find(m);
      if (it != event_ranges_.end()) return it->second;
    }
    return Range(event_offsets_, m);
  }
  // Dues paid by member m in `year`, payments and ledger together: bit k-1
  // set when month k is paid.
  uint16_t PaidMonths(MemberIndex m, int year) const;
  // Every year with dues on record for member m, by year: (year, months paid).
  std::vector<std::pair<int, uint16_t>> PaidYears(MemberIndex m) const;
  // The first day of the first month member m paid, kNoDay when none.
  Day FirstPaid(MemberIndex m) const;
  // The first month with any dues record (payment or ledger) in the snapshot,
  // as its first day; kNoDay when there is none. Months before it are unknown.
  Day dues_since() const { return dues_since_; }
  // The day of the earliest activity record; kNoDay when there is none.
  Day activities_since() const { return activities_since_; }
  // Activity tags as given ("OATH_RENEWAL"), each once.
  const std::vector<std::string>& tags() const { return tags_; }
  // The index of a tag in tags(), or -1 when no activity carries it.
  int FindTag(std::string_view tag) const;
  const std::vector<DataIssue>& data_issues() const { return data_issues_; }
  // The dues payments, ledger rows and member events that name a member who
  // is not there, as given, and the ledger rows of a member who is there with
  // a year or months the Store cannot hold (by the member's id). No rule reads
  // them; an export writes them back, so that what is wrong with them is
  // reported again after a round trip.
  const v1::Snapshot& unplaced() const { return unplaced_; }
  // 记录内容: what no rule reads, kept when the load was asked to
  // (LoadLimits::keep_notes), so that an export gives it back. By activity:
  // its place, topic, minutes, observers and resolutions as given (no other
  // field set); by member event (an index into events()): its detail. Only
  // the records that have any are here.
  struct Notes {
    HashMap<ActivityIndex, v1::Activity> activities;
    HashMap<uint32_t, std::string> event_details;
  };
  const Notes& notes() const { return notes_; }
  // Heap bytes held by the Store, by what holds them: "orgs" (and units),
  // "members", "positions and terms", "activities", "attendees", "dues",
  // "events", "index" (per-member lists), "notes" (LoadLimits::keep_notes),
  // "ids".
  std::vector<std::pair<std::string, size_t>> MemoryBytes() const;

  OrgIndex FindOrg(std::string_view id) const;
  MemberIndex FindMember(std::string_view id) const;
  // FindMember of each of `ids`, into `out` (as many).
  void FindMembers(absl::Span<const std::string_view> ids, MemberIndex* out) const { members_.id.Find(ids, out); }
  // Member m's name, or "" when the snapshot does not give it.
  std::string_view MemberName(MemberIndex m) const {
    return static_cast<size_t>(m) < members_.name.size() ? members_.name[m] : std::string_view();
  }
  UnitIndex FindUnit(std::string_view id) const;

  // The org's own members, counted by status.
  uint32_t FullMembers(OrgIndex o) const { return orgs_.own_full[o]; }
  uint32_t AllMembers(OrgIndex o) const {
    return orgs_.own_full[o] + orgs_.own_probationary[o];
  }
  // The members of every branch in the subtree of `o`, `o` included.
  uint32_t SubtreeFullMembers(OrgIndex o) const { return orgs_.subtree_full[o]; }
  uint32_t SubtreeAllMembers(OrgIndex o) const {
    return orgs_.subtree_full[o] + orgs_.subtree_probationary[o];
  }
  // Org o's children, in input order.
  absl::Span<const OrgIndex> Children(OrgIndex o) const {
    if (!child_lists_.empty()) {
      const auto it = child_lists_.find(o);
      if (it != child_lists_.end()) return it->second;
    }
    return Slice(orgs_.children, orgs_.child_offsets, o);
  }
  absl::Span<const UnitIndex> UnitsOf(OrgIndex o) const {
    return Slice(orgs_.units, orgs_.unit_offsets, o);
  }
  // The members of org o, in index order.
  IndexList MembersOf(OrgIndex o) const { return Listed(member_lists_, orgs_.member_offsets, o); }
  // Org o's rows of positions() (in input order) and of terms() (by start).
  IndexList PositionsOf(OrgIndex o) const { return Listed(position_lists_, orgs_.position_offsets, o); }
  IndexList TermsOf(OrgIndex o) const { return Listed(term_lists_, orgs_.term_offsets, o); }
  // The activities of org o, by date (on one day, in the order the Store
  // came to hold them).
  IndexList ActivitiesOf(OrgIndex o) const { return Listed(activity_lists_, orgs_.activity_offsets, o); }
  // Those held on or after `day`.
  IndexList ActivitiesFrom(OrgIndex o, Day day) const;
  // Lists of activity `a`.
  absl::Span<const MemberIndex> AttendeesOf(ActivityIndex a) const {
    return absl::MakeConstSpan(activities_.attendees.data() + activities_.attendee_begin[a],
                               activities_.attendee_end[a] - activities_.attendee_begin[a]);
  }
  absl::Span<const uint16_t> TagsOf(ActivityIndex a) const {
    return Slice(activities_.tags, activities_.tag_offsets, a);
  }
  absl::Span<const Activities::Absentee> AbsenteesOf(ActivityIndex a) const {
    return absl::MakeConstSpan(activities_.absentees.data() + activities_.absentee_begin[a],
                               activities_.absentee_end[a] - activities_.absentee_begin[a]);
  }
  absl::Span<const Activities::Decision> DecisionsOf(ActivityIndex a) const {
    return Slice(activities_.decisions, activities_.decision_offsets, a);
  }
  absl::Span<const MemberIndex> TalkMembersOf(ActivityIndex a) const {
    return absl::MakeConstSpan(activities_.talk_members.data() + activities_.talk_begin[a],
                               activities_.talk_end[a] - activities_.talk_begin[a]);
  }
  // The lectures a member gave (activities with lecturerId = m), by date.
  absl::Span<const ActivityIndex> LecturesBy(MemberIndex m) const {
    return Listed(lecture_lists_, lectures_, lecture_offsets_, m);
  }
  // The TALK activities naming member m in talkMemberIds, by date.
  absl::Span<const ActivityIndex> TalksWith(MemberIndex m) const {
    return Listed(talk_lists_, talks_, talk_by_member_offsets_, m);
  }
  // The decisions naming member m as a subject: (activity, decision index), by date.
  absl::Span<const std::pair<ActivityIndex, uint32_t>> DecisionsAbout(MemberIndex m) const {
    return Listed(decisions_about_lists_, decisions_about_, decisions_about_offsets_, m);
  }
  absl::Span<const MemberIndex> SubjectsOf(const Activities::Decision& d) const {
    return absl::MakeConstSpan(activities_.decision_subjects.data() + d.subject_begin, d.subject_end - d.subject_begin);
  }
  absl::Span<const Activities::Candidate> CandidatesOf(const Activities::Decision& d) const {
    return absl::MakeConstSpan(activities_.decision_candidates.data() + d.candidate_begin,
                               d.candidate_end - d.candidate_begin);
  }
  // Index range into dues().
  std::pair<uint32_t, uint32_t> DuesOf(MemberIndex m) const { return Range(dues_offsets_, m); }
  // Was member m present at activity a: attending, lecturing?
  bool Present(MemberIndex m, ActivityIndex a) const;
  // Does activity a's record account for member m: among its attendees or
  // its absentees?
  bool AccountedFor(MemberIndex m, ActivityIndex a) const;

  // Org o's place in the hierarchy's order (depth-first preorder), and the
  // org at rank k.
  int32_t Rank(OrgIndex o) const { return orgs_.order.empty() ? o : orgs_.order.Rank(o); }
  OrgIndex OrgAt(int32_t k) const { return orgs_.order.empty() ? k : orgs_.order.At(k); }
  // The rank after the last of org o's subtree.
  int32_t SubtreeEnd(OrgIndex o) const { return Rank(o) + orgs_.subtree_size[o]; }
  bool InSubtree(OrgIndex root, OrgIndex o) const {
    const int32_t k = Rank(o), r = Rank(root);
    return k >= r && k < r + orgs_.subtree_size[root];
  }
  // Is org o defined in another part of the stream (Orgs::outside)? Its
  // records are there, and so are its findings.
  bool Outside(OrgIndex o) const { return !orgs_.outside.empty() && orgs_.outside[o]; }

 private:
  friend class model::StoreBuilder;
  friend class model::StoreEdit;
  template <typename T>
  static absl::Span<const T> Slice(const std::vector<T>& v, const std::vector<uint32_t>& off,
                                   int32_t o) {
    return absl::MakeConstSpan(v.data() + off[o], off[o + 1] - off[o]);
  }
  // Member m's list of its own, when an Engine wrote one, else its range.
  template <typename T>
  static absl::Span<const T> Listed(const HashMap<MemberIndex, std::vector<T>>& lists, const std::vector<T>& v,
                                    const std::vector<uint32_t>& off, MemberIndex m) {
    if (!lists.empty()) {
      const auto it = lists.find(m);
      if (it != lists.end()) return it->second;
    }
    return Slice(v, off, m);
  }
  static std::pair<uint32_t, uint32_t> Range(const std::vector<uint32_t>& off, OrgIndex o) {
    return {off[o], off[o + 1]};
  }
  // Org o's rows of a list: its own list when an Engine changed them, else
  // its range in `offsets`.
  IndexList Listed(const HashMap<OrgIndex, std::vector<int32_t>>& lists, const std::vector<uint32_t>& offsets,
                   OrgIndex o) const {
    if (!lists.empty()) {
      const auto it = lists.find(o);
      if (it != lists.end()) return IndexList(it->second.data(), 0, static_cast<uint32_t>(it->second.size()));
    }
    return IndexList(nullptr, offsets[o], offsets[o + 1]);
  }
  // The index into paid_years_ and paid_masks_ of member m's `year`, or
  // kNone when m has no dues on record that year.
  int32_t PaidYear(MemberIndex m, int year) const;

  Orgs orgs_;
  Members members_;
  Units units_;
  Positions positions_;
  Terms terms_;
  Activities activities_;
  Dues dues_;
  std::vector<std::string> tags_;
  std::vector<uint32_t> lecture_offsets_;  // size members + 1
  std::vector<ActivityIndex> lectures_;
  std::vector<uint32_t> talk_by_member_offsets_;  // size members + 1
  std::vector<ActivityIndex> talks_;
  std::vector<uint32_t> decisions_about_offsets_;  // size members + 1
  std::vector<std::pair<ActivityIndex, uint32_t>> decisions_about_;
  std::vector<uint32_t> dues_offsets_;     // size members + 1
  Events events_;
  std::vector<uint32_t> event_offsets_;    // size members + 1
  // Paid months: for member m, years paid_years_[i] with masks paid_masks_[i],
  // i in [paid_offsets_[m], paid_offsets_[m+1]), by year.
  std::vector<uint32_t> paid_offsets_;
  std::vector<int16_t> paid_years_;
  std::vector<uint16_t> paid_masks_;
  // The members an Engine put a year of dues on record for that was not:
  // each one's years by year, with their months, instead of its range
  // above. Empty in a Store as loaded.
  HashMap<MemberIndex, std::vector<std::pair<int16_t, uint16_t>>> paid_lists_;
  // The members an Engine added an event to: each one's range of events(),
  // written anew at the end, instead of its range above. Empty in a Store
  // as loaded.
  HashMap<MemberIndex, std::pair<uint32_t, uint32_t>> event_ranges_;
  // The orgs whose activities an Engine added to or moved (store_edit.h):
  // each org's list by date, over rows then no longer in org order. Empty
  // in a Store as loaded.
  HashMap<OrgIndex, std::vector<ActivityIndex>> activity_lists_;
  // The orgs whose members an Engine added, moved or removed: each org's
  // members in index order, over rows then no longer in org order. Empty in
  // a Store as loaded.
  HashMap<OrgIndex, std::vector<MemberIndex>> member_lists_;
  // The orgs whose positions or terms an Engine added to (or whose
  // positions it took from): each org's rows, as PositionsOf and TermsOf
  // give them, over rows then no longer in org order. Empty in a Store as
  // loaded.
  HashMap<OrgIndex, std::vector<int32_t>> position_lists_, term_lists_;
  // The orgs an Engine added an org under, or moved one to or from: each
  // one's children, as Children gives them, instead of its range of
  // Orgs::children. Empty in a Store as loaded.
  HashMap<OrgIndex, std::vector<OrgIndex>> child_lists_;
  // The members whose lectures, talks or decisions about them an Engine
  // wrote or took away: each one's list by date, instead of its range
  // above. Empty in a Store as loaded.
  HashMap<MemberIndex, std::vector<ActivityIndex>> lecture_lists_, talk_lists_;
  HashMap<MemberIndex, std::vector<std::pair<ActivityIndex, uint32_t>>> decisions_about_lists_;
  Day dues_since_ = kNoDay;
  Day activities_since_ = kNoDay;
  std::vector<DataIssue> data_issues_;
  // Where an Engine adds data issues (StoreEdit::AddIssues): the indices of
  // each activity's, and at kDuesIssues those of dues and events, ascending;
  // gathered when it first adds any.
  HashMap<int32_t, std::vector<int32_t>> issue_groups_;
  bool issue_groups_built_ = false;
  v1::Snapshot unplaced_;  // dues, duesLedger and events only
  Notes notes_;
};

}  // namespace dangjian

#endif  // DANGJIAN_LIB_MODEL_STORE_H_
