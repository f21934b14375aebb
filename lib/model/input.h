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
// second stage (`BuildStore`, load.cc) indexes them, resolves the references
// and orders the records, once every message is in.
#ifndef DANGJIAN_LIB_MODEL_INPUT_H_
#define DANGJIAN_LIB_MODEL_INPUT_H_

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "dangjian/store.h"
#include "lib/strings.h"

namespace dangjian::model {

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

// An optional count or amount not given: apart from every value given,
// negative ones included (those are reported).
inline constexpr int32_t kNotGiven = INT32_MIN;
inline constexpr int64_t kAmountNotGiven = INT64_MIN;

struct Input {
  int32_t schema_version = 0;
  uint64_t records = 0;
  Symbols unit_ids, org_ids;
  // Members and activities are many, and a large export names them by
  // position (members) or hardly at all (a make-up names the meeting it
  // makes up for): their ids are kept in input order, unhashed, and indexed
  // once, when the Store is built, which then looks up the ids named.
  Ids member_ids, activity_ids;  // by input index
  // The member ids records name, by symbol: a message's each once, and
  // merged, every message's after the others' (an id named by two messages
  // is there twice).
  Ids member_refs;
  Ids makeup_targets;  // the activity ids makeupFor names, one for each make-up, in order

  struct Units {
    std::vector<int32_t> symbol;
    std::vector<std::string> name;
    std::vector<int32_t> staff, party_staff;  // kNotGiven when not given
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
  } orgs;
  struct Members {
    std::vector<int32_t> org, group, unit;  // group, unit: kNone when not given
    std::vector<MemberStatus> status;
    std::vector<Day> admitted, full, lost_contact;
    std::vector<int32_t> extended_months;
    std::vector<uint8_t> leading_cadre, dues_exempt;
    std::vector<v1::Member::DuesCategory> dues_category;
    std::vector<int64_t> income;  // kAmountNotGiven when not given
  } members;
  struct Positions {
    std::vector<int32_t> org;
    std::vector<MemberRef> member;
    std::vector<Role> role;
    std::vector<Day> since, until;
    std::vector<uint8_t> approved;
  } positions;
  struct Terms {
    std::vector<int32_t> org, number, adjust_months;
    std::vector<Day> started, ended;
    std::vector<uint8_t> adjust_approved;
  } terms;
  struct Decision {
    v1::Activity::Decision::Kind kind;
    uint32_t subject_begin, subject_end;  // into subjects
    int32_t votes_for, votes_against, votes_abstain;  // kNotGiven when not given
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
    std::vector<MemberRef> talks, subjects;
    std::vector<std::pair<MemberRef, v1::Activity::Absentee::Reason>> absentees;
    std::vector<Decision> decisions;
    std::vector<uint16_t> tags;
    std::vector<Mention> mentions;
  } activities;
  struct Dues {
    std::vector<MemberRef> member;
    std::vector<Day> month, paid_on;
    std::vector<int64_t> amount;
  } dues;
  struct Ledger {
    std::vector<MemberRef> member;
    std::vector<int32_t> year;
    std::vector<uint32_t> paid_months;
  } ledger;
  struct Events {
    std::vector<MemberRef> member;
    std::vector<v1::MemberEvent::Kind> kind;
    std::vector<Day> on;
    std::vector<v1::MemberEvent::Grade> grade;
  } events;
  std::vector<std::string> tags;
  absl::flat_hash_map<std::string, uint16_t> tag_index;
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

// Members counted by org (symbol) and status, not kept: what a check in
// parts (parts.h) knows of every member before it reads a part.
struct MemberTally {
  std::vector<uint32_t> full, probationary;  // by org symbol; may be shorter than the symbols
  uint64_t members = 0;
};

// Appends the units and orgs of one Snapshot message read from its wire
// bytes, as AppendWire, and counts its members into `tally`; every other
// record is passed over.
absl::Status AppendHierarchy(std::string_view bytes, const LoadLimits& limits, Input& in, MemberTally& tally,
                             bool& well_formed);

// The second stage: resolves, orders and indexes. Consumes the Input.
absl::StatusOr<std::shared_ptr<Store>> BuildStore(Input in);

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_INPUT_H_
