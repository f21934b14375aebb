// The first stage of a load: records appended as they arrive, in input order.
//
// A snapshot may come as one message or as a delimited stream of many; each
// message is appended on its own and then dropped, so that a load never holds
// more of the input than a few messages. Binary messages are read straight
// from the wire (wire.h); a large stream's messages are appended into an
// Input each, on two threads, and merged in order (`Merge`). Appending
// checks what a record can show alone (required fields, enums, dates,
// positions) and interns the ids of units and orgs, and within the message
// the member ids records name: afterwards a reference is a 32-bit symbol or
// position. The ids of members and activities are kept in input order; the
// second stage (builder.h) indexes them, resolves the references and orders
// the records, once every message is in.
#ifndef DANGJIAN_LIB_MODEL_INPUT_H_
#define DANGJIAN_LIB_MODEL_INPUT_H_

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "lib/hash_table.h"
#include "lib/model/store.h"
#include "lib/strings.h"

namespace dangjian::model {

// Fails when the input is larger than `limits` allow.
absl::Status InputLimit(std::string_view bytes, const LoadLimits& limits);

// The records of every list of a message, together: what LoadLimits::max_records bounds.
uint64_t RecordCount(const v1::Snapshot& s);

// The path of a record, or of a field of it, in errors and data issues:
// "members[12]", "members[12].orgId".
inline std::string At(std::string_view list, size_t i) { return StrCat(list, "[", i, "]"); }
inline std::string At(std::string_view list, size_t i, std::string_view field) {
  return StrCat(list, "[", i, "].", field);
}
// A load error about `path`: "members[12].orgId: missing (required)".
inline absl::Status Invalid(std::string_view path, std::string_view what) {
  return absl::InvalidArgumentError(StrCat(path, ": ", what));
}

// The ids of one kind of record as the input gives them, each once, whether a
// record defines it or only refers to it.
struct Symbols {
  Ids ids;
  std::vector<int32_t> defined;  // by symbol: the input index of the record defining it, or kNone
  int32_t last = kNone;          // the symbol Ref returned last

  int32_t Ref(std::string_view id) {
    // Records come grouped: the activities of one branch name its id one
    // after another. The last symbol is looked at before the hash.
    if (last != kNone && ids[last] == id) return last;
    auto [symbol, added] = ids.Insert(id);
    if (added) defined.push_back(kNone);
    return last = symbol;
  }
  int32_t RefOrNone(std::string_view id) { return id.empty() ? kNone : Ref(id); }
  // The input index of the record that `symbol` names, or kNone.
  int32_t Resolve(int32_t symbol) const { return symbol == kNone ? kNone : defined[symbol]; }
};

// A reference to a member: the symbol of its id in `member_refs`, or (with
// kByPosition) its position in the snapshot's members, as `attendee_indexes`
// give it.
using MemberRef = uint32_t;
inline constexpr MemberRef kByPosition = 0x80000000u;
inline constexpr MemberRef kNoMemberRef = 0xFFFFFFFFu;

// What a column of the Input holds, as Merge moves it past what another
// Input holds: values as they are, symbols and member references into the
// other's, CSR offsets past the other's lists. Merge names the columns that
// have a rule of their own.
enum class Holds { kValue, kOrgSymbol, kUnitSymbol, kMemberRef, kOffsets, kOwnRule };
namespace column {
template <Holds h>
using Tag = std::integral_constant<Holds, h>;
inline constexpr Tag<Holds::kValue> kValue{};
inline constexpr Tag<Holds::kOrgSymbol> kOrg{};
inline constexpr Tag<Holds::kUnitSymbol> kUnit{};
inline constexpr Tag<Holds::kMemberRef> kMember{};
inline constexpr Tag<Holds::kOffsets> kOffsets{};
inline constexpr Tag<Holds::kOwnRule> kOwnRule{};
}  // namespace column

// Each list's columns are named once more, beside their declaration, in its
// `ForEachColumn(f)`, which calls f(&List::column, what it holds) for each.
struct Input {
  int32_t schema_version = 0;
  uint64_t records = 0;
  Symbols unit_ids, org_ids;
  // Members and activities are many, and a large export names them by
  // position (members) or hardly at all (a make-up names the meeting it
  // makes up for): their ids are kept in input order, unhashed, and indexed
  // once, when the Store is built, which then looks up the ids named. A load
  // of tables indexes them as it reads the attendance, and the build finds
  // that index made; it gives the activities' ids ahead of their records.
  Ids member_ids, activity_ids;  // by input index
  // The member ids records name, by symbol: a message's each once, and
  // merged, every message's after the others' (an id named by two messages
  // is there twice).
  Ids member_refs;
  // False for an Input that only checks its records (an Engine's event, as
  // a load would take it): no member id is kept, and every reference by id
  // is kNoMemberRef. Clear keeps it.
  bool keeps_member_refs = true;
  Ids makeup_targets;  // the activity ids makeupFor names, one for each make-up, in order
  // Members' names (姓名), by input index, for the reports a person reads;
  // empty while no member has one. No rule reads them.
  Ids member_names;
  // Of a part of a stream checked in parts (parts.h): the first month with
  // dues on record across the stream, which the part's Store takes for its
  // own (Store::dues_since); kNoDay: the Store's own records alone.
  Day dues_since = kNoDay;

  struct Units {
    std::vector<int32_t> symbol;
    std::vector<std::string> name;
    std::vector<int32_t> staff, party_staff;  // kNotGiven when not given
    template <typename F>
    static void ForEachColumn(F f) {
      using namespace column;
      f(&Units::symbol, kUnit), f(&Units::name, kValue), f(&Units::staff, kValue),
      f(&Units::party_staff, kValue);
    }
  } units;
  struct Orgs {
    std::vector<int32_t> symbol, parent;  // parent: a symbol, or kNone for a root
    std::vector<std::string> name;
    std::vector<OrgKind> kind;
    std::vector<Day> established, dissolved;
    std::vector<uint8_t> approved_exception;
    std::vector<uint32_t> unit_offsets{0};
    std::vector<int32_t> units;  // unit symbols
    // For a check in parts (parts.h), by input index, or empty: the org is
    // defined in another part (Store::Orgs::outside); the members of its
    // subtree that this Input does not hold, counted into its subtree and
    // its ancestors' but not into its own.
    std::vector<uint8_t> outside;
    std::vector<uint32_t> carried_full, carried_probationary;
    template <typename F>
    static void ForEachColumn(F f) {
      using namespace column;
      f(&Orgs::symbol, kOrg), f(&Orgs::parent, kOrg), f(&Orgs::name, kValue), f(&Orgs::kind, kValue),
      f(&Orgs::established, kValue), f(&Orgs::dissolved, kValue), f(&Orgs::approved_exception, kValue),
      f(&Orgs::unit_offsets, kOffsets), f(&Orgs::units, kUnit), f(&Orgs::outside, kOwnRule),
      f(&Orgs::carried_full, kOwnRule), f(&Orgs::carried_probationary, kOwnRule);
    }
  } orgs;
  struct Members {
    std::vector<int32_t> org, group, unit, home;  // group, unit, home: kNone when not given
    std::vector<MemberStatus> status;
    std::vector<Day> admitted, full, lost_contact;
    std::vector<int32_t> extended_months;
    std::vector<uint8_t> leading_cadre, dues_exempt;
    std::vector<v1::Member::DuesCategory> dues_category;
    std::vector<int64_t> income;  // kAmountNotGiven when not given
    template <typename F>
    static void ForEachColumn(F f) {
      using namespace column;
      f(&Members::org, kOrg), f(&Members::group, kOrg), f(&Members::unit, kUnit), f(&Members::home, kOrg), f(&Members::status, kValue),
      f(&Members::admitted, kValue), f(&Members::full, kValue), f(&Members::lost_contact, kValue),
      f(&Members::extended_months, kValue), f(&Members::leading_cadre, kValue),
      f(&Members::dues_exempt, kValue), f(&Members::dues_category, kValue), f(&Members::income, kValue);
    }
  } members;
  struct Positions {
    std::vector<int32_t> org;
    std::vector<MemberRef> member;
    std::vector<Role> role;
    std::vector<Day> since, until;
    std::vector<uint8_t> approved;
    template <typename F>
    static void ForEachColumn(F f) {
      using namespace column;
      f(&Positions::org, kOrg), f(&Positions::member, kMember), f(&Positions::role, kValue),
      f(&Positions::since, kValue), f(&Positions::until, kValue), f(&Positions::approved, kValue);
    }
  } positions;
  struct Terms {
    std::vector<int32_t> org, number, adjust_months;
    std::vector<Day> started, ended;
    std::vector<uint8_t> adjust_approved;
    template <typename F>
    static void ForEachColumn(F f) {
      using namespace column;
      f(&Terms::org, kOrg), f(&Terms::number, kValue), f(&Terms::adjust_months, kValue),
      f(&Terms::started, kValue), f(&Terms::ended, kValue), f(&Terms::adjust_approved, kValue);
    }
  } terms;
  struct Decision {
    v1::Activity::Decision::Kind kind;
    uint32_t subject_begin, subject_end;  // into subjects
    int32_t votes_for, votes_against, votes_abstain;  // kNotGiven when not given
    int32_t seats;                                     // kNotGiven when not given
    uint32_t candidate_begin, candidate_end;           // into candidates and candidate_votes
  };
  // A member reference kept only to report it when it names no member.
  struct Mention {
    int32_t activity;
    enum Field : uint8_t { kObserver, kResolutionOwner } field;
    int32_t k;
    MemberRef member;
  };
  struct Activities {
    std::vector<int32_t> org, makeup_for, unowned_resolutions;  // makeup_for: into makeup_targets, or kNone
    std::vector<v1::Activity::Kind> kind;
    std::vector<Day> held_on;
    std::vector<uint8_t> recorded;
    std::vector<MemberRef> lecturer;
    // Lists, CSR by activity; member lists hold the ids first, then the positions.
    std::vector<uint32_t> attendee_offsets{0}, absentee_offsets{0}, decision_offsets{0}, talk_offsets{0},
        tag_offsets{0};
    // The attendees, the largest list, as the bits of their MemberRefs: the
    // build resolves them in place into the Store's member indices.
    std::vector<int32_t> attendees;
    std::vector<MemberRef> talks, subjects, candidates;
    std::vector<int32_t> candidate_votes;  // kNotGiven when not given
    std::vector<std::pair<MemberRef, v1::Activity::Absentee::Reason>> absentees;
    std::vector<Decision> decisions;
    std::vector<uint16_t> tags;
    std::vector<Mention> mentions;
    template <typename F>
    static void ForEachColumn(F f) {
      using namespace column;
      f(&Activities::org, kOrg), f(&Activities::makeup_for, kOwnRule),
      f(&Activities::unowned_resolutions, kValue), f(&Activities::kind, kValue),
      f(&Activities::held_on, kValue), f(&Activities::recorded, kValue), f(&Activities::lecturer, kMember),
      f(&Activities::attendee_offsets, kOffsets), f(&Activities::absentee_offsets, kOffsets),
      f(&Activities::decision_offsets, kOffsets), f(&Activities::talk_offsets, kOffsets),
      f(&Activities::tag_offsets, kOffsets), f(&Activities::attendees, kMember), f(&Activities::talks, kMember),
      f(&Activities::subjects, kMember), f(&Activities::candidates, kMember),
      f(&Activities::candidate_votes, kValue), f(&Activities::absentees, kOwnRule),
      f(&Activities::decisions, kOwnRule), f(&Activities::tags, kOwnRule), f(&Activities::mentions, kOwnRule);
    }
  } activities;
  struct Dues {
    std::vector<MemberRef> member;
    std::vector<Day> month, paid_on;
    std::vector<int64_t> amount;
    template <typename F>
    static void ForEachColumn(F f) {
      using namespace column;
      f(&Dues::member, kMember), f(&Dues::month, kValue), f(&Dues::paid_on, kValue), f(&Dues::amount, kValue);
    }
  } dues;
  struct Ledger {
    std::vector<MemberRef> member;
    std::vector<int32_t> year;
    std::vector<uint32_t> paid_months;
    template <typename F>
    static void ForEachColumn(F f) {
      using namespace column;
      f(&Ledger::member, kMember), f(&Ledger::year, kValue), f(&Ledger::paid_months, kValue);
    }
    // A year of dues a Store takes: from the Party's founding (1921) on.
    static bool Plausible(int32_t year) { return year >= 1921 && year <= 9999; }
    // The months of `paid_months` a Store takes: bits beyond month 12 are
    // not months.
    static uint16_t Months(uint32_t paid_months) { return paid_months & 0xFFF; }
  } ledger;
  struct Events {
    std::vector<MemberRef> member;
    std::vector<v1::MemberEvent::Kind> kind;
    std::vector<Day> on;
    std::vector<v1::MemberEvent::Grade> grade;
    template <typename F>
    static void ForEachColumn(F f) {
      using namespace column;
      f(&Events::member, kMember), f(&Events::kind, kValue), f(&Events::on, kValue), f(&Events::grade, kValue);
    }
  } events;
  std::vector<std::string> tags;
  HashMap<std::string, uint16_t> tag_index;
  // 记录内容, kept when the load is asked to (LoadLimits::keep_notes): what
  // no rule reads, by the input index of its record. An activity's holds its
  // place, topic, minutes, observers and resolutions as given, and nothing
  // else; only records that have any are here.
  struct Notes {
    std::vector<std::pair<int32_t, v1::Activity>> activities;
    std::vector<std::pair<int32_t, std::string>> event_details;
  } notes;

  // Empty again, as a new Input is, keeping the room its lists and ids
  // took: an Input that checks one record after another grows once.
  void Clear();
};

// Appends one message of a snapshot. On error the Input is left part-appended
// and must be dropped; the message names the record (counted across every
// message appended so far) and field.
absl::Status Append(const v1::Snapshot& part, const LoadLimits& limits, Input& in);

// Appends `local`, one message appended on its own into an empty Input, to
// `in`: its ids interned, its references and offsets moved past what `in`
// holds. Fails on a unit or org id `in` already defines (naming both
// records) or past the limit of records; a member or activity id defined
// twice is found by the build. Messages can so be appended side by side on
// several threads and merged in order.
absl::Status Merge(Input&& local, const LoadLimits& limits, Input& in);

// Appends one Snapshot message read straight from its wire bytes, with no
// generated message in between and nothing allocated per string. When the
// bytes are not a Snapshot message, `well_formed` is false (and the Input
// must be dropped); otherwise as Append.
absl::Status AppendWire(std::string_view bytes, const LoadLimits& limits, Input& in, bool& well_formed);

namespace wire {
struct Unit;
struct Org;
struct Member;
struct Position;
struct Term;
struct Activity;
struct DuesPayment;
struct DuesLedger;
struct MemberEvent;
}  // namespace wire

class Appender;

// Appends records one at a time, each given as its wire view (wire.h) filled
// by a reader of another form than a message (a row of a table): each record
// checked and appended as AppendWire appends those of a message, in the
// order of the Snapshot's lists. After an error the Input must be dropped.
class RecordAppender {
 public:
  RecordAppender(const LoadLimits& limits, Input& in);
  ~RecordAppender();
  absl::Status Add(const wire::Unit& x);
  absl::Status Add(const wire::Org& x);
  absl::Status Add(const wire::Member& x);
  absl::Status Add(const wire::Position& x);
  absl::Status Add(const wire::Term& x);
  absl::Status Add(const wire::Activity& x);
  absl::Status Add(const wire::DuesPayment& x);
  absl::Status Add(const wire::DuesLedger& x);
  absl::Status Add(const wire::MemberEvent& x);

 private:
  absl::Status Count();
  const LoadLimits& limits_;
  Input& in_;
  std::unique_ptr<Appender> appender_;
};

// Members counted by org (symbol) and status, not kept: what a check in
// parts (parts.h) knows of every member before it reads a part. And, of the
// message appended last, what finds the first month with dues on record
// (Store::dues_since) across the stream: its members' ids, and its dues
// records that pay a month before `dues_before`, each with the member it
// names. Views are into the message's bytes.
struct MemberTally {
  std::vector<uint32_t> full, probationary;  // by org symbol; may be shorter than the symbols
  uint64_t members = 0;
  struct Dues {
    Day month;               // the first month the record pays
    int64_t position;        // the member by position, or -1: by `id`
    std::string_view id;
  };
  Day dues_before = kNoDay;  // set by the caller; kNoDay: every month
  std::vector<std::string_view> member_ids;
  std::vector<Dues> dues;
};

// Appends the units and orgs of one Snapshot message read from its wire
// bytes, as AppendWire, and counts its members into `tally`, with their ids
// and dues records as MemberTally says; every other record is passed over.
absl::Status AppendHierarchy(std::string_view bytes, const LoadLimits& limits, Input& in, MemberTally& tally,
                             bool& well_formed);

// Whether activity `x` (a v1::Activity or its wire view) names a member by
// its id anywhere: lecturer, attendees, absentees, those talked with, a
// decision's subjects or candidates, observers, owners
// (Store::Activities::kMemberIds).
template <typename X>
bool NamesMembersById(const X& x) {
  if (!x.lecturer_id().empty() || x.attendee_ids().size() > 0 || x.talk_member_ids().size() > 0 ||
      x.observer_ids_size() > 0) {
    return true;
  }
  for (int k = 0; k < x.absentees_size(); ++k) {
    if (!x.absentees(k).member_id().empty()) return true;
  }
  for (int k = 0; k < x.decisions_size(); ++k) {
    if (x.decisions(k).subject_member_ids().size() > 0 || x.decisions(k).candidate_member_ids().size() > 0) return true;
  }
  for (int k = 0; k < x.resolutions_size(); ++k) {
    if (!x.resolutions(k).owner_id().empty()) return true;
  }
  return false;
}

// Activity `x`'s Store::Activities::Recorded bits: the parts of its record
// there (记录要素), and whether it names members by id.
template <typename X>
uint8_t RecordedBits(const X& x) {
  using A = Store::Activities;
  const bool attendance = x.attendee_ids().size() + x.attendee_indexes().size() > 0;
  return (x.place().empty() ? 0 : A::kPlace) | (x.topic().empty() ? 0 : A::kTopic) |
         (x.minutes().empty() ? 0 : A::kMinutes) | (attendance ? A::kAttendees : 0) |
         (NamesMembersById(x) ? A::kMemberIds : 0);
}

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_INPUT_H_
