// The incremental Engine. Its findings are kept per org, as a check of that
// org alone gives them (a check is decomposable by org range: that is how it
// shards), plus those of the whole-scope passes (data, units). An event
// re-checks the orgs it touches and compares.
#include "dangjian/engine.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
#include <filesystem>
#include <functional>
#include <iterator>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/hash/hash.h"
#include "lib/check/checker.h"
#include "lib/engine/held.h"
#include "lib/engine/waiting_rows.h"
#include "lib/huge_pages.h"
#include "lib/hash_table.h"
#include "lib/model/builder.h"
#include "lib/model/input.h"
#include "lib/model/json_reader.h"
#include "lib/model/mapped_file.h"
#include "lib/model/store_edit.h"
#include "lib/model/stream.h"
#include "lib/model/wire.h"
#include "lib/report/arena.h"
#include "lib/report/build.h"
#include "lib/rules/catalogue.h"
#include "lib/rules/families.h"
#include "lib/status.h"
#include "lib/strings.h"
#include "lib/tables/workbook.h"
#include "lib/worker.h"

namespace dangjian {
namespace {

using model::Invalid;

bool SameParam(const check::Param& a, const check::Param& b) {
  return a.name() == b.name() && a.kind == b.kind && a.value == b.value && a.flag == b.flag &&
         a.text() == b.text() && a.extra == b.extra && a.last_month() == b.last_month();
}

bool SameFinding(const check::Finding& a, const check::Finding& b) {
  if (a.rule != b.rule || a.variant != b.variant || a.message_key != b.message_key || a.severity != b.severity ||
      a.org != b.org || a.member != b.member || a.unit != b.unit || a.activity != b.activity ||
      a.due_on != b.due_on || a.period.has_value() != b.period.has_value() ||
      (a.period && (a.period->kind() != b.period->kind() || a.period->first_day() != b.period->first_day())) ||
      a.params.size() != b.params.size()) {
    return false;
  }
  for (size_t i = 0; i < a.params.size(); ++i) {
    if (!SameParam(a.params[i], b.params[i])) return false;
  }
  return true;
}

// A compact finding as a key: two are equal when every field is.
struct FindingKey {
  const check::Finding* f;
  friend bool operator==(FindingKey a, FindingKey b) { return SameFinding(*a.f, *b.f); }
  // The first parameter too: the data findings of one list share every
  // other field, and name their record and field there.
  template <typename H>
  friend H AbslHashValue(H h, FindingKey k) {
    const check::Finding& x = *k.f;
    const check::Param* first = x.params.empty() ? nullptr : &x.params[0];
    return H::combine(std::move(h), x.rule, x.org, x.member, x.unit, x.activity, first ? first->text() : std::string_view(),
                      first ? first->value : 0);
  }
};

// `before` and `after` as multisets, two findings alike when their keys are
// equal: what only `after` holds goes to `added`, what only `before` holds to
// `resolved`, each in its list's order. The Engine's one comparison of
// findings: of an org's compact findings within one Store, and of two
// reports across a rebuild (by their bytes, for the indices of orgs change).
template <typename List, typename KeyOf, typename Added, typename Resolved>
void Compare(const List& before, const List& after, KeyOf key_of, Added added, Resolved resolved) {
  // An event's lists, their common head and tail set aside, are a few
  // findings each: each of `after` matched, with no table made, against the
  // last of `before` alike not yet matched (so that those left are the
  // first, as the counts below leave them).
  using Key = decltype(key_of(*before.begin()));
  constexpr size_t kFew = 32;
  if (static_cast<size_t>(before.size()) <= kFew && static_cast<size_t>(after.size()) <= kFew) {
    absl::InlinedVector<Key, kFew> keys;
    for (const auto& f : before) keys.push_back(key_of(f));
    std::bitset<kFew> matched;
    for (const auto& f : after) {
      const Key key = key_of(f);
      size_t i = keys.size();
      while (i > 0 && (matched[i - 1] || !(keys[i - 1] == key))) --i;
      if (i > 0) {
        matched[i - 1] = true;
      } else {
        added(f);
      }
    }
    size_t i = 0;
    for (const auto& f : before) {
      if (!matched[i++]) resolved(f);
    }
    return;
  }
  HashMap<Key, int> count;
  for (const auto& f : before) ++count[key_of(f)];
  for (const auto& f : after) {
    auto it = count.find(key_of(f));
    if (it != count.end() && it->second > 0) {
      --it->second;
    } else {
      added(f);
    }
  }
  for (const auto& f : before) {
    auto it = count.find(key_of(f));
    if (it->second > 0) {
      --it->second;
      resolved(f);
    }
  }
}

// Findings by where they are held, in no order until sorted (DeltaOf).
using Found = std::vector<const check::Finding*>;

// Whether an org's list, checked again, is what it was, in the same order,
// as most are: then there is nothing to count.
bool Unchanged(const std::vector<check::Finding>& before, const std::vector<check::Finding>& after) {
  return before.size() == after.size() &&
         std::equal(before.begin(), before.end(), after.begin(),
                    [](const check::Finding& a, const check::Finding& b) { return SameFinding(a, b); });
}

// What only `after` holds into `added`, what only `before` holds into
// `resolved`: where they are, so that both lists must outlive the two.
void Compare(const std::vector<check::Finding>& before, const std::vector<check::Finding>& after, Found& added,
             Found& resolved) {
  Compare(before, after, [](const check::Finding& f) { return FindingKey{&f}; },
          [&](const check::Finding& f) { added.push_back(&f); }, [&](const check::Finding& f) { resolved.push_back(&f); });
}

// Whether the findings of `list` that `stale` picks are `fresh`, in the same
// order.
template <typename Stale>
bool Unchanged(const std::vector<check::Finding>& list, Stale stale, const std::vector<check::Finding>& fresh) {
  size_t k = 0;
  for (const check::Finding& f : list) {
    if (!stale(f)) continue;
    if (k == fresh.size() || !SameFinding(f, fresh[k])) return false;
    ++k;
  }
  return k == fresh.size();
}

// What only `after` holds into `added`, what only `before` holds into
// `resolved`, each finding copied.
void Compare(absl::Span<const check::Finding> before, absl::Span<const check::Finding> after,
             std::vector<check::Finding>& added, std::vector<check::Finding>& resolved) {
  Compare(before, after, [](const check::Finding& f) { return FindingKey{&f}; },
          [&](const check::Finding& f) { added.push_back(f); }, [&](const check::Finding& f) { resolved.push_back(f); });
}

// The order of a check's report (check::RunCheck), over the Engine's Store: an
// org by its rank; a member and an activity where a load of the same data
// numbers them — a member by its org, then its place in the snapshot
// (`member_position`); an activity by its org, then its day, then its row
// (the rows the Engine added come last, whatever their day); a finding of
// no activity after those of activities, as a check puts it (an activity of
// no org has no org either).
// Each finding's key worked out once, as five numbers (the org's rank,
// severity and rule; the member; the unit and the activity's org; the
// activity's day and row; the period's first day, a day biased so that its
// bits order as it does) and then its variant; the findings put in its
// order, ties in the order they came: an event's few by insertion, a day's
// advance by std::stable_sort.
void SortInLoadOrder(const Store& s, const std::vector<int32_t>& member_position, Found& found) {
  struct Key {
    std::array<uint64_t, 5> parts;
    std::string_view variant;
    const check::Finding* f;
    bool operator<(const Key& o) const { return parts != o.parts ? parts < o.parts : variant < o.variant; }
  };
  const auto& acts = s.activities();
  const auto rank = [&](OrgIndex o) -> uint64_t { return o == kNone ? UINT32_MAX : static_cast<uint32_t>(s.Rank(o)); };
  const auto day = [](Day d) -> uint64_t { return static_cast<uint32_t>(d) ^ 0x80000000u; };
  std::vector<Key> keyed;
  keyed.reserve(found.size());
  for (const check::Finding* f : found) {
    const bool none = f->activity == kNone;
    const uint64_t member = f->member == kNone ? UINT64_MAX
                                               : rank(s.members().org[f->member]) << 32 |
                                                     static_cast<uint32_t>(member_position[f->member]);
    keyed.push_back(Key{{rank(f->org) << 32 | uint64_t{static_cast<uint8_t>(f->severity)} << 24 |
                             static_cast<uint32_t>(f->rule),
                         member, uint64_t{static_cast<uint32_t>(f->unit)} << 32 | (none ? UINT32_MAX : rank(acts.org[f->activity])),
                         (none ? day(std::numeric_limits<Day>::max()) : day(acts.held_on[f->activity])) << 32 |
                             static_cast<uint32_t>(f->activity),
                         day(f->period ? f->period->first_day() : kNoDay)},
                        f->variant, f});
  }
  if (keyed.size() <= 32) {
    for (size_t i = 1; i < keyed.size(); ++i) {
      Key k = keyed[i];
      size_t j = i;
      for (; j > 0 && k < keyed[j - 1]; --j) keyed[j] = keyed[j - 1];
      keyed[j] = k;
    }
  } else {
    std::stable_sort(keyed.begin(), keyed.end());
  }
  for (size_t i = 0; i < keyed.size(); ++i) found[i] = keyed[i].f;
}

// The findings of `list`, where they are.
Found Where(const std::vector<check::Finding>& list) {
  Found out;
  out.reserve(list.size());
  for (const check::Finding& f : list) out.push_back(&f);
  return out;
}

// An activity's view read from its bytes, as a load reads it.
bool Read(model::wire::Activity& view, std::string_view bytes) { return view.Parse(bytes, LoadLimits{}.max_depth - 1); }

// Where row `row` of a list is once the rows `gone` (ascending) are taken
// out of it: moved up past those before it, or kNone when it is one of them.
int32_t AfterTakenOut(const std::vector<int32_t>& gone, int32_t row) {
  const auto before = std::lower_bound(gone.begin(), gone.end(), row);
  return before != gone.end() && *before == row ? kNone : row - static_cast<int32_t>(before - gone.begin());
}

// The rows `gone` (ascending) taken out of a list, and `rows` (an index
// into it, row by key) following: a key whose row went goes, the others'
// rows move up past those gone before them.
template <typename Map>
void RowsTakenOut(Map& rows, const std::vector<int32_t>& gone) {
  for (auto it = rows.begin(); it != rows.end();) {
    it->second = AfterTakenOut(gone, it->second);
    it->second == kNone ? rows.erase(it++) : void(++it);
  }
}

// The same for a column of rows (kNone: none): a row that went becomes
// kNone, the others move up past those gone before them.
void RowsTakenOut(std::vector<int32_t>& rows, const std::vector<int32_t>& gone) {
  for (int32_t& row : rows) row = row == kNone ? kNone : AfterTakenOut(gone, row);
}

// What a re-check reads: the whole Store, with the obligations planned for it.
check::CheckContext WholeStore(const Store& s, const Policy& policy, Day as_of, Day from,
                               rules::ObligationPlans* plans) {
  return check::CheckContext{s, policy, as_of, from, kNoDay, 0, static_cast<OrgIndex>(s.orgs().size()), plans};
}

// What an event's re-check writes into besides the orgs' lists, kept from
// event to event with their room: no list is grown from nothing at each
// event (fresh pages for them were a fifth of a member added's time).
struct Scratch {
  std::vector<check::Finding> fresh;  // a family's findings at an org, as a Sink writes them
  std::vector<check::Finding> stale;  // the findings of a list that `fresh` replaces
  std::vector<check::Finding> added, resolved;
};

// Replaces the findings of `list` that `stale` picks with `scratch.fresh`
// (moved out of it); what changed into `scratch.added` and
// `scratch.resolved`.
template <typename Stale>
void Replace(std::vector<check::Finding>& list, Stale stale, Scratch& scratch) {
  std::vector<check::Finding>& fresh = scratch.fresh;
  // Most lists checked again find what they found, in the same order: then
  // nothing in them moves.
  if (Unchanged(list, stale, fresh)) return;
  // The others kept in their order, the stale ones set apart in theirs.
  scratch.stale.clear();
  auto kept = list.begin();
  for (auto f = list.begin(); f != list.end(); ++f) {
    if (stale(*f)) {
      scratch.stale.push_back(std::move(*f));
    } else {
      if (kept != f) *kept = std::move(*f);
      ++kept;
    }
  }
  // What they found before and now, in the same order but where something
  // changed: only between their common head and tail is there anything to
  // count.
  absl::Span<const check::Finding> before(scratch.stale), now(fresh);
  while (!before.empty() && !now.empty() && SameFinding(before.front(), now.front())) {
    before.remove_prefix(1), now.remove_prefix(1);
  }
  while (!before.empty() && !now.empty() && SameFinding(before.back(), now.back())) {
    before.remove_suffix(1), now.remove_suffix(1);
  }
  Compare(before, now, scratch.added, scratch.resolved);
  list.erase(kept, list.end());
  list.insert(list.end(), std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
}

// A record as the field of a Snapshot that holds it, written into `framed`:
// its tag and length, then its bytes, which begin at `frame`.
// `number`: its list's field number in Snapshot.
void WriteFramed(int number, const google::protobuf::MessageLite& record, std::string& framed, size_t& frame) {
  framed.clear();
  model::wire::PutVarint(static_cast<uint64_t>(number) << 3 | model::wire::kLength, framed);
  model::wire::PutVarint(record.ByteSizeLong(), framed);
  frame = framed.size();
  record.AppendToString(&framed);
}

// A one-record snapshot checked as a load would check it: the record
// written into `framed` (WriteFramed) and appended to `scratch` as a load
// appends a snapshot's, read from those bytes as a stream's message is.
// Errors name the event's field instead of the list ("memberAdded.status");
// a string that is not UTF-8 (which a caller of the C++ API can set) is
// refused as a load refuses it.
absl::Status ValidRecord(std::string_view list, std::string_view field, int number,
                         const google::protobuf::MessageLite& record, std::string& framed, size_t& frame,
                         model::Input& scratch) {
  WriteFramed(number, record, framed, frame);
  bool well_formed = true;
  absl::Status s = model::AppendWire(framed, LoadLimits{}, scratch, well_formed);
  if (!well_formed) return absl::InvalidArgumentError(StrCat(field, ": holds a string that is not UTF-8"));
  if (s.ok()) return s;
  std::string message(s.message());
  const std::string prefix = StrCat(list, "[0]");
  if (message.rfind(prefix, 0) == 0) message = StrCat(field, message.substr(prefix.size()));
  return absl::InvalidArgumentError(message);
}

// What an event changes, by kind of record (rules::input); a reference a
// record holds is part of that record.
rules::Inputs Changes(const v1::Event& e) {
  using namespace rules::input;
  switch (e.change_case()) {
    // A member comes or goes with its standing, and the counts of the orgs
    // above with them.
    case v1::Event::kMemberAdded: return kMembers | kMemberStatus | kSubtreeMembers;
    // With its day, the member's transfer in (转入) among its events.
    case v1::Event::kMemberMoved: return kMembers | kMemberStatus | kSubtreeMembers | kMemberEvents;
    case v1::Event::kStatusChanged: return kMemberStatus | kSubtreeMembers;
    // Its positions go, and the records naming it lose their reference.
    case v1::Event::kMemberRemoved:
      return kMembers | kMemberStatus | kSubtreeMembers | kPositions | kActivities | kAttendance | kDues | kMemberEvents;
    case v1::Event::kPositionChanged: return kPositions;
    case v1::Event::kTermOpened: return kTerms;
    case v1::Event::kActivityRecorded:
    case v1::Event::kActivityCorrected: return kActivities | kAttendance;
    case v1::Event::kDuesPaid: return kDues;
    case v1::Event::kOrgAdded: return kOrgs | kOrgDates;
    case v1::Event::kOrgMoved: return kOrgs;
    case v1::Event::kOrgDissolved: return kOrgDates;
    case v1::Event::kMemberEventRecorded: return kMemberEvents;
    case v1::Event::CHANGE_NOT_SET: break;
  }
  return 0;
}

// The rules a change must run again, as the rule list declares what each
// reads (bits by the policy's rule index), and where they are: their
// org-by-org families (bits by check::Family) but the member rules, whether
// the member rules, and whether the unit rules. The data rules are the
// load's: an event written in place changes no data issue (one that would
// goes by rebuild).
struct Readers {
  std::vector<bool> rules;
  unsigned families = 0;
  // Of those families, the ones whose rules count the members under an org
  // (rules::input::kSubtreeMembers): all that a change to an org's members
  // runs again at the orgs above it.
  unsigned above = 0;
  bool members = false;
  // Whether, of the member rules, some read the attendance (presence, leave):
  // a member judged alone is looked for where it may be named.
  bool members_attendance = false;
  bool units = false;
  // The kinds of activity at which the record rules among them that read
  // the members read an org's roll, by which of them (rules::RollOf).
  rules::ActivityKinds roll_every = 0, roll_deciding = 0, roll_leaving_out = 0;

  // Whether they read the roll at activity a when member m joins or leaves
  // its org, or m's standing changes; kNone for a member no record names
  // (one added, or removed).
  bool ReadRoll(const Store& s, ActivityIndex a, MemberIndex m) const {
    const int kind = s.activities().kind[a];
    return (roll_every >> kind & 1) || ((roll_deciding >> kind & 1) && !s.DecisionsOf(a).empty()) ||
           ((roll_leaving_out >> kind & 1) && (m == kNone || !s.AccountedFor(m, a)));
  }
};
// A member added, moved or removed is judged by every member rule, whatever
// it reads (`whole_members`): they all run for a member, or none.
Readers ReadersOf(rules::Inputs changed, const Policy& policy, bool whole_members) {
  Readers out;
  out.rules.assign(policy.RuleCount(), false);
  for (int r = 0; r < rules::kRuleCount; ++r) {
    const auto rule = static_cast<rules::RuleId>(r);
    const bool member_rule = whole_members && rules::FamilyOf(rule) == rules::Family::kMembers;
    // An obligation rule reads what the obligations carrying it read (below).
    if ((!(rules::Reads(rule) & changed) && !member_rule) || rules::FamilyOf(rule) == rules::Family::kData ||
        rules::FamilyOf(rule) == rules::Family::kObligations) {
      continue;
    }
    out.rules[r] = true;
    unsigned family = 0;  // its org-by-org family's bit
    switch (rules::FamilyOf(rule)) {
      case rules::Family::kStructure: family = 1u << check::kStructure; break;
      case rules::Family::kSetup: family = 1u << check::kSetup; break;
      case rules::Family::kTerms: family = 1u << check::kTerms; break;
      case rules::Family::kObligations: family = 1u << check::kObligations; break;
      case rules::Family::kRecords: family = 1u << check::kRecords; break;
      case rules::Family::kMembers:
        out.members = true;
        out.members_attendance = out.members_attendance || (rules::Reads(rule) & rules::input::kAttendance);
        break;
      case rules::Family::kSetupUnits: out.units = true; break;
      case rules::Family::kData: break;
    }
    out.families |= family;
    if (rules::Reads(rule) & changed & rules::input::kSubtreeMembers) out.above |= family;
    if (rules::FamilyOf(rule) == rules::Family::kRecords && policy.RuleEnabled(r) &&
        (rules::Reads(rule) & (rules::input::kMembers | rules::input::kMemberStatus))) {
      const rules::Roll roll = rules::RollOf(rule);
      switch (roll.at) {
        case rules::RollAt::kEvery: out.roll_every |= roll.kinds; break;
        case rules::RollAt::kDeciding: out.roll_deciding |= roll.kinds; break;
        case rules::RollAt::kLeavingOut: out.roll_leaving_out |= roll.kinds; break;
      }
    }
  }
  // A profile's obligation may carry any rule, or a rule of its own: that
  // rule reads what the obligation engine reads of the obligation (a
  // member's coming or going, only at those owed while a branch must have
  // a committee).
  for (const ObligationSpec& ob : policy.compiled().obligations) {
    if (!(changed & rules::ObligationReads(ob))) continue;
    out.families |= 1u << check::kObligations;
    out.rules[ob.rule] = true;
  }
  return out;
}

// The data issue a load gives of `field` naming member `id`, which is not
// there: of a record of org `org`, of activity `activity`.
DataIssue NamesNoMember(std::string field, std::string_view id, OrgIndex org = kNone, ActivityIndex activity = kNone) {
  return DataIssue{DataIssue::Kind::kUnknownReference, std::move(field), std::string(id), "member", org, kNone, kNone,
                   activity, kNone};
}

// Whether the event's record names a member by its place in the snapshot.
bool NamesMembersByPlace(const v1::Event& e) {
  const auto by_place = [](const v1::Activity& a) {
    return a.attendee_indexes_size() > 0 || a.talk_member_indexes_size() > 0 ||
           std::any_of(a.absentees().begin(), a.absentees().end(), [](const auto& x) { return x.has_member_index(); });
  };
  switch (e.change_case()) {
    case v1::Event::kActivityRecorded: return by_place(e.activity_recorded());
    case v1::Event::kActivityCorrected: return by_place(e.activity_corrected());
    case v1::Event::kDuesPaid: return e.dues_paid().has_member_index();
    default: return false;
  }
}

// The lists of a snapshot whose rows a member removed takes with it, and
// so moves those after them: Engine::Impl::rows_named_ by their order here.
enum ListByRow { kPositionRows, kLedgerRows, kPaymentRows, kEventRows };
constexpr std::array<std::string_view, 4> kListsByRow = {"positions", "duesLedger", "dues", "events"};

// Whether a data issue names a member by a place where there is none
// (memberIndex, attendeeIndexes).
bool NamesAMemberByPlace(const DataIssue& issue) {
  return issue.kind == DataIssue::Kind::kUnknownReference && issue.problem == "member" &&
         issue.field.find("ndex") != std::string::npos;
}

// The rows of snapshot.dues_ledger by (member, year), the first of each
// pair: those there when the Store was built by member, in one list, each
// row's year read from its bytes (at the province, 10 million rows: a hash
// table of them took 285 MB, these 60 MB), and those added since in a
// table of their own.
class LedgerRows {
 public:
  // The rows of `ledger` by `member_of` (by row, kNone for a row of no
  // known member), `members` members. Returns the members two of whose rows
  // name one year.
  std::vector<MemberIndex> Assign(const HeldList& ledger, size_t members, const std::vector<MemberIndex>& member_of) {
    ledger_ = &ledger;
    offsets_.assign(members + 1, 0);
    for (const MemberIndex m : member_of) {
      if (m != kNone) ++offsets_[m + 1];
    }
    for (size_t m = 0; m < members; ++m) offsets_[m + 1] += offsets_[m];
    rows_.assign(offsets_[members], kNone);
    std::vector<uint32_t> next(offsets_.begin(), offsets_.end() - 1);
    std::vector<MemberIndex> repeated;
    for (size_t row = 0; row < member_of.size(); ++row) {
      const MemberIndex m = member_of[row];
      if (m == kNone) continue;
      if (Find(m, YearOf(static_cast<int32_t>(row))) != kNone) repeated.push_back(m);  // the first row of the year is found
      rows_[next[m]++] = static_cast<int32_t>(row);
    }
    added_.clear();
    return repeated;
  }
  // The first row of member m's year, or kNone.
  int32_t Find(MemberIndex m, int year) const {
    if (static_cast<size_t>(m) + 1 < offsets_.size()) {
      for (uint32_t k = offsets_[m]; k < offsets_[m + 1]; ++k) {
        if (rows_[k] != kNone && YearOf(rows_[k]) == year) return rows_[k];
      }
    }
    const auto added = added_.find(Key(m, year));
    return added == added_.end() ? kNone : added->second;
  }
  // Every row of member m, ascending: those found at the last build, and
  // those added since for a year of `years` (its years on record) that
  // had none.
  std::vector<int32_t> RowsOf(MemberIndex m, const std::vector<std::pair<int, uint16_t>>& years) const {
    std::vector<int32_t> rows;
    if (static_cast<size_t>(m) + 1 < offsets_.size()) {
      for (uint32_t k = offsets_[m]; k < offsets_[m + 1]; ++k) {
        if (rows_[k] != kNone) rows.push_back(rows_[k]);
      }
    }
    for (const auto& [year, months] : years) {
      const auto added = added_.find(Key(m, year));
      if (added != added_.end()) rows.push_back(added->second);
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
  }
  // Row `row` added for member m's year, unless the year has one.
  void Add(MemberIndex m, int year, int32_t row) {
    if (Find(m, year) == kNone) added_.emplace(Key(m, year), row);
  }
  // The rows `gone` (ascending) taken out of the ledger: found no more, and
  // each after them one up for each before it.
  void TakeOut(const std::vector<int32_t>& gone) {
    RowsTakenOut(rows_, gone);
    RowsTakenOut(added_, gone);
  }

 private:
  static uint64_t Key(MemberIndex m, int year) { return uint64_t(uint32_t(m)) << 32 | uint32_t(year); }
  int YearOf(int32_t row) const {
    model::wire::DuesLedger x;
    x.Parse((*ledger_)[row]);
    return x.year();
  }
  const HeldList* ledger_ = nullptr;
  std::vector<uint32_t> offsets_;  // member m's rows: rows_[offsets_[m], offsets_[m + 1])
  std::vector<int32_t> rows_;      // kNone: taken out
  HashMap<uint64_t, int32_t> added_;
};

// By member holding any: the rows of the Store's positions it holds,
// ascending, as a chain: a holder's first row, and after each row the next
// of the same holder. 8 bytes a holder in the table and 4 a row, where a
// list of its own took 32 a holder (68 MB at the province).
class PositionsHeld {
 public:
  // The rows of `positions`, each its member's: put first of their
  // holders' chains from the last row back, so that each chain ascends.
  void Assign(const Store::Positions& positions) {
    first_.clear();
    next_.assign(positions.size(), kNone);
    for (size_t i = positions.size(); i-- > 0;) {
      if (positions.member[i] == kNone) continue;
      const auto [first, fresh] = first_.try_emplace(positions.member[i], static_cast<int32_t>(i));
      if (!fresh) next_[i] = std::exchange(first->second, static_cast<int32_t>(i));
    }
  }
  // Row `row`, after every row held so far, put last of member m's (a
  // holder's chain is a few rows long).
  void Add(MemberIndex m, int32_t row) {
    if (static_cast<size_t>(row) >= next_.size()) next_.resize(static_cast<size_t>(row) + 1, kNone);
    next_[row] = kNone;
    const auto [first, fresh] = first_.try_emplace(m, row);
    if (fresh) return;
    int32_t last = first->second;
    while (next_[last] != kNone) last = next_[last];
    next_[last] = row;
  }
  // Member m holds none now (its rows went with it).
  void Erase(MemberIndex m) { first_.erase(m); }
  // f(row) for each row member m holds, ascending.
  template <typename F>
  void ForEach(MemberIndex m, F f) const {
    const auto first = first_.find(m);
    if (first == first_.end()) return;
    for (int32_t row = first->second; row != kNone; row = next_[row]) f(row);
  }

 private:
  HashMap<MemberIndex, int32_t> first_;
  std::vector<int32_t> next_;  // by row: the next row of its holder, or kNone
};

// By member, a set of orgs (by index), or "outside the orgs". Two are held
// beside each member (a branch and its party group, mostly); a member named
// by more has the others in blocks of three, chained, in one list beside.
// At the province about half the members are named by three orgs or more:
// a table of a list for each took seconds to build and some 250 MB.
class NamingOrgs {
 public:
  // `members` members, none named.
  void Assign(size_t members) {
    GrowOnHugePages(by_member_, WithRoom(members));
    by_member_.assign(members, {kNone, kNone});
    blocks_.clear();
  }
  void AddMember() { by_member_.push_back({kNone, kNone}); }
  // Org o put among those of member m; kNone: "outside the orgs", which
  // stands for them all.
  void Add(MemberIndex m, OrgIndex o) {
    std::array<int32_t, 2>& two = by_member_[m];
    if (o == kNone) {
      two = {kOutside, kNone};  // its blocks, if any, left behind
    } else if (two[0] == kOutside || two[0] == o || two[1] == o) {
      return;  // most: named again by one org
    } else if (two[0] == kNone) {
      two[0] = o;
    } else if (two[1] == kNone) {
      two[1] = o;
    } else if (two[1] >= 0) {
      blocks_.push_back({two[1], o, kNone, kNone});
      two[1] = kFirstBlock - static_cast<int32_t>(blocks_.size() - 1);
    } else {
      for (int32_t b = kFirstBlock - two[1];; b = blocks_[b][3]) {
        std::array<int32_t, 4>& block = blocks_[b];
        for (int k = 0; k < 3; ++k) {
          if (block[k] == o) return;
          if (block[k] == kNone) {
            block[k] = o;
            return;
          }
        }
        if (block[3] == kNone) {
          block[3] = static_cast<int32_t>(blocks_.size());
          blocks_.push_back({o, kNone, kNone, kNone});  // `block` moves here: not used after
          return;
        }
      }
    }
  }
  // Org o put among those of each of `members` (an activity's attendees):
  // their entries asked of memory first, then the first block of those that
  // have blocks, then each added.
  void Add(absl::Span<const MemberIndex> members, OrgIndex o) {
    for (MemberIndex m : members) __builtin_prefetch(&by_member_[m]);
    for (MemberIndex m : members) {
      const int32_t second = by_member_[m][1];
      if (second <= kFirstBlock) __builtin_prefetch(&blocks_[kFirstBlock - second]);
    }
    for (MemberIndex m : members) Add(m, o);
  }
  bool Outside(MemberIndex m) const { return by_member_[m][0] == kOutside; }
  // Whether org o is among member m's, or m Outside.
  bool May(OrgIndex o, MemberIndex m) const {
    bool among = Outside(m);
    ForEach(m, [&](OrgIndex x) { among = among || x == o; });
    return among;
  }
  // f(o) for each org o of member m (none when Outside).
  template <typename F>
  void ForEach(MemberIndex m, F f) const {
    const auto [first, second] = by_member_[m];
    if (first < 0) return;
    f(first);
    if (second >= 0) {
      f(second);
    } else if (second != kNone) {
      for (int32_t b = kFirstBlock - second; b != kNone; b = blocks_[b][3]) {
        for (int k = 0; k < 3 && blocks_[b][k] != kNone; ++k) f(blocks_[b][k]);
      }
    }
  }

 private:
  // by_member_[m][0] kOutside: outside the orgs; by_member_[m][1] at or
  // below kFirstBlock: the others from blocks_[kFirstBlock - it] on.
  static constexpr int32_t kOutside = -3, kFirstBlock = -4;
  std::vector<std::array<int32_t, 2>> by_member_;
  std::vector<std::array<int32_t, 4>> blocks_;  // three orgs (kNone where free), then the next block or kNone
};

}  // namespace

// What Compact takes out of the snapshot (below).
struct TakenOut;

class Engine::Impl {
 public:
  Impl(HeldSnapshot snapshot, Policy policy, const EngineOptions& options);

  // The window checked, then the Store built and checked.
  absl::Status Start();
  // The same from a snapshot's bytes in binary or delimited, in memory or a
  // file's: the Store built from them as a load builds it
  // (model::AppendSnapshot), then their records held (the bytes read a
  // second time), so that the load's peak and the records' bytes do not
  // meet.
  absl::Status Start(const model::Source& source, SnapshotFormat format);
  // An Engine started so (Start).
  static absl::StatusOr<std::unique_ptr<Engine>> Started(const model::Source& source, SnapshotFormat format,
                                                          Policy policy, const EngineOptions& options);
  // Each writes what changed into `delta`, cleared first (Engine::Apply).
  absl::Status Apply(const v1::Event& event, v1::Delta& delta);
  absl::Status ApplyBatch(const v1::EventBatch& batch, v1::Delta& delta);
  absl::Status AdvanceTo(Day day, v1::Delta& delta);
  Day as_of() const { return as_of_; }
  Day from() const { return from_; }
  const Policy& policy() const { return policy_; }
  void Report(v1::Report& report) const;
  // With the members removed in place taken out (Compact).
  v1::Snapshot snapshot() const;
  absl::StatusOr<std::string> Export(SnapshotFormat format) const;
  const Store& store() const { return *store_; }
  uint64_t applied_in_place() const { return in_place_; }
  uint64_t applied_by_rebuild() const { return rebuilt_; }
  uint64_t batches_taken_back() const { return taken_back_; }

 private:
  absl::Status Rebuild();
  // The Store built from `in` (the held snapshot's records in their order),
  // `hold` run once it is (to hold the records when they are not yet), the
  // Store checked and the snapshot's indexes made.
  absl::Status Build(model::Input in, const std::function<absl::Status()>& hold = {});
  // snapshot_position_ from the snapshot's positions and the Store.
  void IndexPositions();
  // What a check of every org found that it had not, and what it no longer
  // finds: the first where the Engine now holds it, the second in the lists
  // it held before (`replaced`), kept until the delta is written.
  struct Changed {
    Found added, resolved;
    std::vector<std::vector<check::Finding>> replaced;
  };
  // Every org's findings and the whole-scope passes', worked out again over
  // the Store as it is, org ranges on threads of their own; with `changed`,
  // what they add and resolve put into it.
  void CheckAll(Changed* changed = nullptr);
  // `held` replaced by `fresh`. With `changed`, what only one of them holds
  // into it, where it is: the list replaced kept there, its findings where
  // they were.
  static void Renew(std::vector<check::Finding>& held, std::vector<check::Finding>& fresh, Changed* changed);
  // Each writes what changed into `delta`, which the caller cleared.
  void ApplyInPlace(const v1::Event& event, bool& done, v1::Delta& delta);
  absl::Status ApplyByRebuild(const v1::Event& event, v1::Delta& delta);
  // What the events of a batch before the one judged have made of the
  // names it may give, as a batch is judged whole before any of it is
  // applied: the members added and taken out, the orgs and activities
  // added, the orgs re-parented (Follow). Records an event changed in a way
  // not followed here have no digest: whether a record given again repeats
  // them is not known. (Two records of one digest taken for a repeat, once
  // in 2^64, are judged again as they are applied, the way back kept: a
  // batch that adds records keeps it.)
  struct Names {
    struct Record {
      bool there = true;
      std::optional<size_t> digest;  // Digest of the record as it stands
    };
    HashMap<std::string, Record> members, orgs, activities;
    HashMap<std::string, std::string> parent_of;  // orgs added or moved: their parent's id, "" for a root
    HashSet<std::string> terms_opened;            // orgs a term was opened for
    void Follow(const v1::Event& event);
    // What a Record keeps of a record's bytes.
    static size_t Digest(const google::protobuf::Message& record) {
      return absl::HashOf(report::DeterministicBytes(record));
    }
  };
  bool MemberThere(const Names& names, const std::string& id) const;
  bool OrgThere(const Names& names, const std::string& id) const;
  bool ActivityThere(const Names& names, const std::string& id) const;
  // Whether org `root` is `o` or above it, the orgs moved as `names` says.
  bool Within(const Names& names, const std::string& root, const std::string& o) const;
  // `event` as the Engine holds `names` (none, for an event alone).
  absl::Status Validate(const v1::Event& event, const Names& names) const;
  // Whether `event` adds a record the snapshot already holds as it is: a
  // platform's redelivery, which changes nothing (engine.h). Empty when
  // `names` changed that record in a way not followed.
  std::optional<bool> Repeats(const v1::Event& event, const Names& names) const;
  // The snapshot changed as the event says. A member removed stays in its
  // list until Compact.
  void Mutate(const v1::Event& event);
  // The day of the transfer in (转入) a member moved adds to its events: the
  // event's day, unless the member's events hold a transfer in that day
  // already (the event given again); none without a day.
  std::optional<Day> TransferInAdded(const v1::MemberMoved& moved) const;
  // The members removed since the last rebuild taken out of the snapshot's
  // list together, and every reference by place after them moved up, in one
  // pass; what named them by place goes. Returns what it took out, for the
  // way back (null when nothing was waiting).
  std::shared_ptr<TakenOut> Compact() const;
  // Compact, its way back kept while a batch is applied.
  void CompactInBatch();
  // The index in snapshot.members of the member at `place` (member_position_).
  int32_t Index(int32_t place) const;
  // The place a load of the snapshot as it is seen (snapshot()) gives the
  // member at `place`: every removal before it counted.
  int32_t Seen(int32_t place) const;
  // The data issues an event changed: as they were (those it moved), and
  // as they are (those it moved or added). The Engine keeps no findings of
  // them: its report gives one of each issue there is.
  struct IssuesChanged {
    std::vector<DataIssue> before, after;
  };
  void Recheck(v1::Delta& delta, const Readers& readers, std::vector<std::pair<OrgIndex, unsigned>> touched, bool units,
               std::vector<MemberIndex> members = {}, std::vector<std::pair<OrgIndex, MemberIndex>> gone_from = {},
               const IssuesChanged& issues = {}, std::vector<std::pair<OrgIndex, ActivityIndex>> records_of = {},
               std::vector<std::pair<OrgIndex, MemberIndex>> unnamed = {});
  // The activity as the Store would hold it, or nullopt when a load would
  // find something wrong in it (a data issue to report): then the event
  // goes by rebuild. Its tags, as given, into `tags`.
  std::optional<model::ActivityRow> RowOf(const v1::Activity& x, std::vector<std::string>& tags) const;
  // The member as the Store would hold it, or nullopt when a load would find
  // something wrong in it, or it would find a record that named it and was
  // not placed until now (a data issue that would go): then by rebuild.
  std::optional<model::MemberRow> MemberRowOf(const v1::Member& x) const;
  // Whether a data issue names member m.
  bool NamedByAnIssue(MemberIndex m) const;
  // The activities that name member m (attending, absent, talked with):
  // by its place in the snapshot, which a load of the snapshot without it
  // drops (Compact), or by its id in those lists, as their lecturer, in
  // their decisions (a subject, a candidate), among their observers or as
  // an owner, which a load reports as naming no member (`by_id`, the data
  // issues it would give); those of the last three into `mentioning`.
  // nullopt when an activity that belongs to no org names it, or two rows
  // of the ledger name one year of it: then the removal goes by rebuild.
  std::optional<std::vector<ActivityIndex>> Naming(MemberIndex m, std::vector<DataIssue>& by_id,
                                                   std::vector<ActivityIndex>& mentioning) const;
  // The orgs whose activities may name member m (named_in_), or nullopt
  // when an activity that belongs to no org may; NameIn puts org o among
  // them.
  std::optional<std::vector<OrgIndex>> NamedIn(MemberIndex m) const;
  void NameIn(MemberIndex m, OrgIndex o);
  // The members an activity of row.org may name (its attendees, absentees,
  // talks, lecturer, subjects, candidates, observers, owners) marked in
  // named_in_.
  void MarkNamed(const model::ActivityRow& row);
  // named_in_ and dues_since_holders_ worked out over the Store.
  void IndexNamed();
  // Whether member m paid first in the Store's first month of dues.
  bool PaysFirst(MemberIndex m) const {
    return store_->dues_since() != kNoDay && store_->FirstPaid(m) == store_->dues_since();
  }
  // What the data issues say that no event written in place changes (it
  // adds issues of activities alone, which name no member, and moves the
  // places others name), worked out at each build: whether one names a
  // member by a place where there is none (a member removed before it
  // moves that place, so goes by rebuild); the members they name,
  // ascending; whether one is about a member's record ("members[12].fullOn",
  // which a member removed before it moves); and the lists of kListsByRow
  // whose rows they name, a bit each.
  bool names_a_member_by_place_ = false;
  std::vector<MemberIndex> named_by_issues_;
  bool members_named_ = false;
  unsigned rows_named_ = 0;
  // How many data issues name a record that is not there, by the kind they
  // name and the id or place they give ("member/m-17", UnknownKey): a record
  // added under one of them would answer them, which only a rebuild works
  // out. (Members removed in place leave such issues behind: a scan of them
  // all at each record added grew with every removal.)
  HashMap<std::string, int32_t> unknown_named_;
  static std::string UnknownKey(std::string_view kind, std::string_view value) { return StrCat(kind, "/", value); }
  void CountUnknown(const DataIssue& issue, int32_t by) {
    if (issue.kind != DataIssue::Kind::kUnknownReference) return;
    const auto it = unknown_named_.try_emplace(UnknownKey(issue.problem, issue.value), 0).first;
    if ((it->second += by) == 0) unknown_named_.erase(it);
  }
  // Whether a data issue names a `kind` ("member", "org", "activity") by
  // `value`, which is not there.
  bool NamedUnknown(std::string_view kind, std::string_view value) const {
    return unknown_named_.contains(UnknownKey(kind, value));
  }
  // What a member removed in place takes with it, as a load of the snapshot
  // without it sees it, worked out before anything changes.
  struct Removal {
    std::vector<ActivityIndex> naming;  // the activities that name it
    std::vector<bool> attendance;       // by those: whether each still lists anyone attending
    // The activities whose decisions, observers or owners name it by its id.
    std::vector<ActivityIndex> mentioning;
    // Where they name it by its id: naming no member once it is gone, a
    // data issue each.
    std::vector<DataIssue> by_id;
    std::vector<OrgIndex> held;         // the orgs of the positions it holds
    // Its rows of the snapshot's positions, ledger, payments and events as a
    // load numbers them, ascending, when a data issue names a row of that
    // list: they go with it, and the rows after them move up.
    std::array<std::vector<int32_t>, kListsByRow.size()> own;  // by ListByRow
    // Its rows of snapshot.dues that name it by place, ascending, which wait
    // with it (removed_payments_), when a data issue names a row of that
    // list; those by its id wait with it always (Mutate).
    std::vector<int32_t> payments;
    // Whether some of its payments name it by place and were not looked
    // for (`payments` empty): until they are taken out, a payment after
    // them is not at the row a load gives it.
    bool payments_unplaced = false;
    bool paid_first = false;  // whether it paid first in the first month of dues on record
  };
  // Member m's removal written in place, or nothing when it goes by
  // rebuild: a data issue names it, or a member by a place where there is
  // none, or Naming says so, or it is the last to pay in the first month
  // of dues on record (that month would move).
  std::optional<Removal> PlanRemoval(MemberIndex m) const;
  // Every row of snapshot.dues_ledger that names member m, ascending.
  std::vector<int32_t> LedgerRowsOf(MemberIndex m) const { return ledger_rows_.RowsOf(m, store_->PaidYears(m)); }
  // `rows` (ascending) marked in `marked` (ascending) to be taken out; the
  // way back kept while a batch is applied.
  void Mark(WaitingRows& marked, const std::vector<int32_t>& rows);
  // The orgs of the positions member m holds, anywhere.
  std::vector<OrgIndex> PositionOrgs(MemberIndex m) const;
  // The rows of snapshot.positions that name member m, ascending, those
  // waiting to be taken out passed over: found through snapshot_position_
  // from its rows of the Store, or, when one of them has none, looked for
  // among every row.
  std::vector<int32_t> SnapshotPositionsOf(MemberIndex m) const;
  // The first row of snapshot.positions, not waiting to be taken out, of
  // x's org, member and role, by their ids; -1 when there is none.
  int FindPosition(const v1::Position& x) const;
  // The findings only `after` holds, added; those only `before` holds, resolved.
  static void Difference(const v1::Report& before, const v1::Report& after, v1::Delta& delta);
  void DeltaOf(Found added, Found resolved, v1::Delta& delta);
  // Clears a delta before it is written again: up to kSpareFindings of its
  // findings kept in spare_findings_ with their evidence, whose entries
  // RenderFindings writes over rather than allocating them again.
  void ClearKeeping(v1::Delta& delta);

  // Written by Compact, which snapshot() runs for its readers, one at a time.
  mutable HeldSnapshot snapshot_;
  // Members removed in place stay in the snapshot's list until it is next
  // needed whole (a rebuild, snapshot(), an event naming members by place):
  // their places, ascending.
  mutable WaitingRows removed_places_;
  // The places of those taken out since the last rebuild, ascending: a
  // member's index in the list is its place less those before it.
  mutable std::vector<int32_t> compacted_places_;
  // The rows of the ledger of the members removed, which wait with them to
  // be taken out (their indices in snapshot.dues_ledger, ascending); a data
  // issue names a row by its place as a load sees it, without them.
  mutable WaitingRows removed_rows_;
  // Likewise their payments (snapshot.dues) by their ids, and those by
  // place looked for (Removal::payments), and their events.
  mutable WaitingRows removed_payments_;
  mutable WaitingRows removed_events_;
  // Whether a member removed in place paid by payments that name it by
  // place and were not looked for: until they are taken out, a payment
  // after them is not at the row a load of the snapshot gives it.
  mutable bool payments_by_place_wait_ = false;
  // The rows of snapshot.positions of members removed in place, which wait
  // with them (ascending): a row taken out moves every row after it.
  mutable WaitingRows removed_positions_;
  mutable std::mutex compacting_;  // snapshot()'s readers, one at a time
  Policy policy_;
  Day as_of_, from_;
  Lang lang_;
  std::shared_ptr<Store> store_;
  uint64_t in_place_ = 0, rebuilt_ = 0, taken_back_ = 0;
  std::vector<bool> all_rules_;
  // What a check of org o alone gives, by family (check::Family), by org:
  // FoundAt(o). Each org's lists where its index says (144 bytes an org),
  // not behind a pointer of their own: an event reaches the lists of each
  // org it touches with one read from memory the fewer.
  using Lists = std::array<std::vector<check::Finding>, check::kFamilies>;
  std::vector<Lists> by_org_;
  Lists& FoundAt(OrgIndex o) { return by_org_[o]; }
  // The unit rules' findings (a pass over the whole scope); those of the
  // data issues are made when the report is asked for.
  std::vector<check::Finding> whole_;
  // Member → its place: its index in snapshot.members at the last rebuild,
  // or the index it was added at, not moved by members removed since (Index).
  std::vector<int32_t> member_position_;
  // By member holding any: the rows of the Store's positions it holds.
  PositionsHeld positions_of_;
  // By member with any: its rows of snapshot.events, which name members by
  // id alone, ascending (they follow the events taken out before them).
  mutable HashMap<MemberIndex, std::vector<int32_t>> event_rows_;
  // By member with any: its rows of snapshot.dues that name it by its id,
  // ascending (they follow the payments taken out before them).
  mutable HashMap<MemberIndex, std::vector<int32_t>> payment_rows_;
  mutable LedgerRows ledger_rows_;  // (member, year) → a row of snapshot.dues_ledger
  std::vector<int32_t> activity_position_;             // activity → its index in snapshot.activities
  std::vector<int32_t> org_place_;                     // org → its index in snapshot.orgs
  // By org id, the indices in snapshot.terms of its terms: worked out at
  // the first term opened, empty until then and after a rebuild.
  HashMap<std::string, std::vector<int32_t>> terms_by_org_;
  // By row of the Store's positions: the row of snapshot.positions that
  // gave it, the first of those alike (of its org, member and role); kNone
  // for a row alike before it, and once taken out, a removed member's.
  // 4 bytes a row, where a table by (org, member, role) took some 34 MB at
  // the province.
  mutable std::vector<int32_t> snapshot_position_;
  rules::ObligationPlansPtr plans_;  // the obligations worked out for this Store, for checks org by org
  // By member: the orgs whose activities may name it (attending, absent,
  // talked with, lecturing, as a subject, a candidate, an observer or an
  // owner). An org a correction no longer names may stay.
  NamingOrgs named_in_;
  // The record of the last event Validate accepted, as a load reads it: its
  // bytes, as the snapshot holds them, and its parse. Applying that event,
  // which Apply does right after Validate, reads them here rather than
  // writing and parsing the record again: Mutate holds the bytes,
  // MemberRowOf reads the parse.
  struct Validated {
    const google::protobuf::MessageLite* record = nullptr;  // none once its event is applied
    std::string framed;  // the record as a field of a Snapshot (WriteFramed)
    size_t frame = 0;    // where its bytes begin in `framed`
    std::optional<model::Input> input;
  };
  mutable Validated validated_;
  // A record checked as a load checks it (ValidRecord), into validated_.
  absl::Status Valid(std::string_view list, std::string_view field, int number,
                     const google::protobuf::MessageLite& record) const;
  // The bytes of `record` added to, or set at `i` in, `list`: those Validate
  // wrote when it is the record it accepted, or written now.
  template <typename Message>
  void Hold(Held<Message>& list, const Message& record, int i = -1) const;
  // By member: whether a row of the snapshot's ledger names a year of it a
  // row before it named: its rows are then not all found by (member, year)
  // in ledger_rows_.
  std::vector<bool> dues_unkeyed_;
  // How many members paid first in the Store's first month of dues
  // (dues_since): a member removed who is the last of them would move it,
  // so goes by rebuild.
  int64_t dues_since_holders_ = 0;
  HashMap<int, Readers> readers_;  // by event kind: the rules it makes run again
  // While a batch that is not judged whole first is applied: the way back
  // of each change Mutate made to the snapshot, in the order made. A
  // rejected event takes the snapshot back through them, last first, and the
  // rest is built again from it.
  bool journaling_ = false;
  std::vector<std::function<void(HeldSnapshot&)>> undo_;
  Scratch scratch_;  // Recheck's
  static constexpr size_t kSpareFindings = 1024;  // an event's delta has a few; a day's advance many
  report::SpareFindings spare_findings_;
};

Engine::Impl::Impl(HeldSnapshot snapshot, Policy policy, const EngineOptions& options)
    : snapshot_(std::move(snapshot)),
      policy_(std::move(policy)),
      as_of_(check::AsOfOrToday(options.as_of)),
      from_(check::FromOrNewYear(options.from, as_of_)),
      lang_(options.lang) {}

absl::Status Engine::Impl::Start() {
  DJ_RETURN_IF_ERROR(check::FromNotAfterAsOf(from_, as_of_));
  return Rebuild();
}

absl::Status Engine::Impl::Start(const model::Source& source, SnapshotFormat format) {
  DJ_RETURN_IF_ERROR(check::FromNotAfterAsOf(from_, as_of_));
  model::Input in;
  DJ_RETURN_IF_ERROR(model::AppendSnapshot(source, format, LoadLimits{}, in));
  return Build(std::move(in), [&]() -> absl::Status {
    absl::StatusOr<HeldSnapshot> held = HeldSnapshot::Read(source, format);
    if (!held.ok()) return held.status();
    snapshot_ = *std::move(held);
    return absl::OkStatus();
  });
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(v1::Snapshot snapshot, Policy policy,
                                                       const EngineOptions& options) {
  return WithinMemory([&]() -> absl::StatusOr<std::unique_ptr<Engine>> {
    auto impl = std::make_unique<Impl>(HeldSnapshot::Of(std::move(snapshot)), std::move(policy), options);
    DJ_RETURN_IF_ERROR(impl->Start());
    return std::unique_ptr<Engine>(new Engine(std::move(impl)));
  });
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(std::string_view bytes, SnapshotFormat format, Policy policy,
                                                       const EngineOptions& options) {
  return WithinMemory([&]() -> absl::StatusOr<std::unique_ptr<Engine>> {
    if (format == SnapshotFormat::kJson) {
      absl::StatusOr<v1::Snapshot> snapshot = ParseSnapshot(bytes, format);
      if (!snapshot.ok()) return snapshot.status();
      return Create(*std::move(snapshot), std::move(policy), options);
    }
    return Impl::Started(model::Source(bytes), format, std::move(policy), options);
  });
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::CreateFromFile(const std::string& path, Policy policy,
                                                               const EngineOptions& options) {
  return WithinMemory([&]() -> absl::StatusOr<std::unique_ptr<Engine>> {
    std::error_code not_a_folder;
    if (std::filesystem::is_directory(path, not_a_folder) || tables::IsWorkbookPath(path)) {
      LoadLimits every_field;  // and the errors of a load, by file and line, sheet and cell
      every_field.keep_notes = true;
      absl::StatusOr<std::shared_ptr<const Store>> store = LoadSnapshotFile(path, every_field);
      if (!store.ok()) return store.status();
      v1::Snapshot snapshot = ExportSnapshot(**store);
      store->reset();
      return Create(std::move(snapshot), std::move(policy), options);
    }
    const std::optional<SnapshotFormat> format = SnapshotFormatFromPath(path);
    if (!format) return LoadSnapshotFile(path).status();  // the load's word for a name it does not know
    absl::StatusOr<std::unique_ptr<model::MappedFile>> file = model::MappedFile::Open(path);
    if (!file.ok()) return file.status();
    if (*format == SnapshotFormat::kJson) return Create((*file)->bytes(), *format, std::move(policy), options);
    (*file)->Sequential();
    return Impl::Started(model::Source(**file), *format, std::move(policy), options);
  });
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::Impl::Started(const model::Source& source, SnapshotFormat format,
                                                              Policy policy, const EngineOptions& options) {
  auto impl = std::make_unique<Impl>(HeldSnapshot(), std::move(policy), options);
  DJ_RETURN_IF_ERROR(impl->Start(source, format));
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

namespace {

// A delta written into the caller's message: empty on error.
template <typename Write>
absl::Status GivenDelta(v1::Delta& delta, Write write) {
  absl::Status s = WithinMemory([&] { return write(delta); });
  if (!s.ok()) delta.Clear();
  return s;
}

// A delta written into a message of its own.
template <typename Write>
absl::StatusOr<v1::Delta> FreshDelta(Write write) {
  v1::Delta delta;
  absl::Status s = WithinMemory([&] { return write(delta); });
  if (!s.ok()) return s;
  return delta;
}

}  // namespace

absl::Status Engine::Apply(const v1::Event& event, v1::Delta* delta) {
  return GivenDelta(*delta, [&](v1::Delta& d) { return impl_->Apply(event, d); });
}
absl::StatusOr<v1::Delta> Engine::Apply(const v1::Event& event) {
  return FreshDelta([&](v1::Delta& delta) { return impl_->Apply(event, delta); });
}
absl::StatusOr<v1::Delta> Engine::ApplyBatch(const v1::EventBatch& batch) {
  return FreshDelta([&](v1::Delta& delta) { return impl_->ApplyBatch(batch, delta); });
}
absl::StatusOr<v1::Delta> Engine::AdvanceTo(Day day) {
  return FreshDelta([&](v1::Delta& delta) { return impl_->AdvanceTo(day, delta); });
}
absl::Status Engine::AdvanceTo(Day day, v1::Delta* delta) {
  return GivenDelta(*delta, [&](v1::Delta& d) { return impl_->AdvanceTo(day, d); });
}
Day Engine::as_of() const { return impl_->as_of(); }
Day Engine::from() const { return impl_->from(); }
const Policy& Engine::policy() const { return impl_->policy(); }
absl::StatusOr<v1::Agenda> Engine::Agenda(AgendaOptions options) const {
  if (options.as_of == kNoDay) options.as_of = impl_->as_of();
  return MakeAgenda(impl_->store(), impl_->policy(), options);
}
absl::StatusOr<v1::Assessment> Engine::Assess(const v1::Rubric& rubric, AssessOptions options) const {
  if (options.as_of == kNoDay) options.as_of = impl_->as_of();
  if (options.from == kNoDay) options.from = impl_->from();
  return dangjian::Assess(impl_->store(), impl_->policy(), rubric, options);
}
v1::Report Engine::Report() const {
  v1::Report report;
  impl_->Report(report);
  return report;
}
absl::Status Engine::Report(v1::Report* report) const {
  absl::Status s = WithinMemory([&] {
    impl_->Report(*report);
    return absl::OkStatus();
  });
  if (!s.ok()) report->Clear();
  return s;
}
v1::Snapshot Engine::snapshot() const { return impl_->snapshot(); }
absl::StatusOr<std::string> Engine::Export(SnapshotFormat format) const {
  return WithinMemory([&] { return impl_->Export(format); });
}
const Store& Engine::store() const { return impl_->store(); }
uint64_t Engine::applied_in_place() const { return impl_->applied_in_place(); }
uint64_t Engine::applied_by_rebuild() const { return impl_->applied_by_rebuild(); }
uint64_t Engine::batches_taken_back() const { return impl_->batches_taken_back(); }

absl::StatusOr<v1::Event> ParseEvent(std::string_view json) {
  v1::Event event;
  absl::Status s = model::ReadJson(json, event);
  if (!s.ok()) return s;
  return event;
}

void Engine::Impl::CheckAll(Changed* changed) {
  const Store& st = *store_;
  all_rules_.assign(policy_.RuleCount(), true);
  const OrgIndex n = static_cast<OrgIndex>(st.orgs().size());
  GrowOnHugePages(by_org_, WithRoom(n));  // room for orgs added, which come in at the last indices
  by_org_.resize(n);
  // Each range its own obligation plans, which hold one org's counts at a
  // time, and its own changes; the orgs' lists are each one range's.
  const int threads = static_cast<int>(std::clamp<OrgIndex>(n / 1000 + 1, 1, std::max(1u, std::thread::hardware_concurrency())));
  std::vector<rules::ObligationPlansPtr> plans(threads);
  std::vector<Changed> found(threads);
  const auto check_range = [&](int t, OrgIndex begin, OrgIndex end) {
    check::CheckContext ctx{st, policy_, as_of_, from_, kNoDay, 0, n};
    plans[t] = rules::PlanObligations(ctx);
    ctx.obligation_plans = plans[t].get();
    for (OrgIndex o = begin; o < end; ++o) {
      for (int f = 0; f < check::kFamilies; ++f) {
        check::Sink sink(policy_, all_rules_);
        check::CheckFamilyAt(ctx, static_cast<check::Family>(f), o, sink);
        if (sink.findings().empty() && by_org_[o][f].empty()) continue;  // nothing then, nothing now
        Renew(FoundAt(o)[f], sink.findings(), changed ? &found[t] : nullptr);
      }
    }
  };
  {
    std::vector<std::unique_ptr<Worker>> workers;
    for (int t = 1; t < threads; ++t) {
      const OrgIndex b = static_cast<OrgIndex>(int64_t{n} * t / threads), e = static_cast<OrgIndex>(int64_t{n} * (t + 1) / threads);
      workers.push_back(std::make_unique<Worker>([&, t, b, e] { check_range(t, b, e); }));
    }
    check_range(0, 0, static_cast<OrgIndex>(n / threads));
    for (auto& w : workers) w->Join();
  }
  plans_ = std::move(plans[0]);
  const check::CheckContext ctx = WholeStore(st, policy_, as_of_, from_, plans_.get());
  check::Sink whole(policy_, all_rules_);
  rules::CheckSetupUnits(ctx, whole);
  if (changed) {
    for (Changed& range : found) {
      changed->added.insert(changed->added.end(), range.added.begin(), range.added.end());
      changed->resolved.insert(changed->resolved.end(), range.resolved.begin(), range.resolved.end());
      std::move(range.replaced.begin(), range.replaced.end(), std::back_inserter(changed->replaced));
    }
  }
  Renew(whole_, whole.findings(), changed);
}

void Engine::Impl::Renew(std::vector<check::Finding>& held, std::vector<check::Finding>& fresh, Changed* changed) {
  if (changed && !Unchanged(held, fresh)) {
    Compare(held, fresh, changed->added, changed->resolved);
    changed->replaced.push_back(std::move(held));  // a vector moved: its findings stay where they are
  }
  held = std::move(fresh);  // and so do those of `fresh`
}

absl::StatusOr<v1::EventBatch> ParseEventBatch(std::string_view json) {
  v1::EventBatch batch;
  absl::Status s = model::ReadJson(json, batch);
  if (!s.ok()) return s;
  return batch;
}

absl::Status Engine::Impl::Rebuild() {
  CompactInBatch();
  removed_places_.clear();
  compacted_places_.clear();
  removed_rows_.clear();
  removed_payments_.clear();
  removed_events_.clear();
  payments_by_place_wait_ = false;
  removed_positions_.clear();
  // The Store and the findings it replaces let go first, not held beside
  // the records read again and the Store built from them. Out of memory
  // from here leaves the Engine to be created again (engine.h).
  store_.reset();
  by_org_.clear();
  by_org_.shrink_to_fit();
  whole_.clear();
  whole_.shrink_to_fit();
  model::Input in;
  DJ_RETURN_IF_ERROR(snapshot_.AppendTo(LoadLimits{}, in));
  return Build(std::move(in));
}

absl::Status Engine::Impl::Build(model::Input in, const std::function<absl::Status()>& hold) {
  model::InputPlaces places;  // the snapshot as one message: an input index is a place in it
  absl::StatusOr<std::shared_ptr<Store>> built = model::BuildStore(std::move(in), &places);
  if (!built.ok()) return built.status();
  store_ = *std::move(built);
  if (hold) DJ_RETURN_IF_ERROR(hold());
  const Store& st = *store_;
  org_place_.reserve(WithRoom(st.orgs().size()));  // as the Store's orgs have, for orgs added
  org_place_.assign(st.orgs().size(), kNone);
  for (int i = 0; i < snapshot_.orgs.size(); ++i) org_place_[places.orgs[i]] = i;
  terms_by_org_.clear();
  by_org_.clear();
  whole_.clear();
  CheckAll();
  names_a_member_by_place_ = false;
  named_by_issues_.clear();
  members_named_ = false;
  rows_named_ = 0;
  unknown_named_.clear();
  for (const DataIssue& issue : st.data_issues()) {
    CountUnknown(issue, 1);
    names_a_member_by_place_ = names_a_member_by_place_ || NamesAMemberByPlace(issue);
    if (issue.member != kNone) named_by_issues_.push_back(issue.member);
    members_named_ = members_named_ || model::PlaceIn(issue.field, "members") >= 0;
    for (size_t k = 0; k < kListsByRow.size(); ++k) {
      if (model::PlaceIn(issue.field, kListsByRow[k]) >= 0) rows_named_ |= 1u << k;
    }
  }
  std::sort(named_by_issues_.begin(), named_by_issues_.end());
  named_by_issues_.erase(std::unique(named_by_issues_.begin(), named_by_issues_.end()), named_by_issues_.end());
  const size_t members = st.members().size();
  const std::vector<MemberIndex>& at_position = places.members;
  // What finds the held records (read as views of their bytes: Rebuild's
  // load found each well formed) on a second thread, while what follows the
  // Store's records is made on this one.
  Worker held_records([&] {
    {
      std::vector<MemberIndex> member_of(snapshot_.dues_ledger.size());
      model::wire::DuesLedger row;
      for (int i = 0; i < snapshot_.dues_ledger.size(); ++i) {
        row.Parse(snapshot_.dues_ledger[i]);
        member_of[i] = row.has_member_index()
                           ? (row.member_index() >= 0 && row.member_index() < snapshot_.members.size()
                                  ? at_position[row.member_index()] : kNone)
                           : st.FindMember(row.member_id());
      }
      dues_unkeyed_.assign(members, false);
      for (const MemberIndex m : ledger_rows_.Assign(snapshot_.dues_ledger, members, member_of)) dues_unkeyed_[m] = true;
    }
    payment_rows_.clear();
    model::wire::DuesPayment payment;
    for (int i = 0; i < snapshot_.dues.size(); ++i) {
      payment.Parse(snapshot_.dues[i]);
      if (payment.has_member_index()) continue;
      const MemberIndex m = st.FindMember(payment.member_id());
      if (m != kNone) payment_rows_[m].push_back(i);
    }
    event_rows_.clear();
    model::wire::MemberEvent event;
    for (int i = 0; i < snapshot_.events.size(); ++i) {
      event.Parse(snapshot_.events[i]);
      const MemberIndex m = st.FindMember(event.member_id());
      if (m != kNone) event_rows_[m].push_back(i);
    }
    IndexPositions();
  });
  GrowOnHugePages(member_position_, WithRoom(members));
  member_position_.assign(members, kNone);
  for (int i = 0; i < snapshot_.members.size(); ++i) member_position_[at_position[i]] = i;
  GrowOnHugePages(activity_position_, WithRoom(st.activities().size()));
  activity_position_.assign(st.activities().size(), kNone);
  for (int i = 0; i < snapshot_.activities.size(); ++i) activity_position_[places.activities[i]] = i;
  // Let go before what follows is made (50 MB at the province, where the
  // Engine's peak is reached as it ends): the other thread reads the
  // members' places, not the activities'.
  std::vector<ActivityIndex>().swap(places.activities);
  positions_of_.Assign(st.positions());
  IndexNamed();
  held_records.Join();
  return absl::OkStatus();
}

v1::Snapshot Engine::Impl::snapshot() const {
  const std::lock_guard<std::mutex> hold(compacting_);
  Compact();
  return snapshot_.ToMessage();
}

absl::StatusOr<std::string> Engine::Impl::Export(SnapshotFormat format) const {
  if (format == SnapshotFormat::kJson) return RenderMessageJson(snapshot());
  const std::lock_guard<std::mutex> hold(compacting_);
  Compact();
  return snapshot_.Write(format == SnapshotFormat::kDelimited);
}

int32_t Engine::Impl::Index(int32_t place) const { return place - Before(compacted_places_, place); }

int32_t Engine::Impl::Seen(int32_t place) const { return Index(place) - removed_places_.Before(place); }

void Engine::Impl::IndexPositions() {
  Store& st = *store_;
  const model::StoreEdit edit(st);
  snapshot_position_.assign(st.positions().size(), kNone);
  model::wire::Position x;
  for (int i = 0; i < snapshot_.positions.size(); ++i) {
    x.Parse(snapshot_.positions[i]);
    const OrgIndex o = st.FindOrg(x.org_id());
    const MemberIndex m = x.member_id().empty() ? kNone : st.FindMember(x.member_id());
    const int32_t row = o == kNone || m == kNone ? kNone : edit.FindPosition(o, m, x.role());
    if (row != kNone && snapshot_position_[row] == kNone) snapshot_position_[row] = i;
  }
}

void Engine::Impl::Report(v1::Report& report) const {
  Found all;
  for (const auto& families : by_org_) {
    for (const auto& list : families) {
      for (const check::Finding& f : list) all.push_back(&f);
    }
  }
  // The data issues' findings, as a check gives them before the units'.
  check::Sink data(policy_, all_rules_);
  rules::CheckData(WholeStore(*store_, policy_, as_of_, from_, nullptr), data);
  for (const check::Finding& f : data.findings()) all.push_back(&f);
  for (const check::Finding& f : whole_) all.push_back(&f);
  SortInLoadOrder(*store_, member_position_, all);
  report::BuildReport(all, *store_, policy_, as_of_, "", lang_, report);
}

bool Engine::Impl::MemberThere(const Names& names, const std::string& id) const {
  const auto followed = names.members.find(id);
  return followed != names.members.end() ? followed->second.there : store_->FindMember(id) != kNone;
}

bool Engine::Impl::OrgThere(const Names& names, const std::string& id) const {
  return names.orgs.contains(id) || store_->FindOrg(id) != kNone;
}

bool Engine::Impl::ActivityThere(const Names& names, const std::string& id) const {
  return names.activities.contains(id) || store_->activities().id.Find(id) != kNone;
}

bool Engine::Impl::Within(const Names& names, const std::string& root, const std::string& o) const {
  const Store& s = *store_;
  if (names.parent_of.empty()) return s.InSubtree(s.FindOrg(root), s.FindOrg(o));
  // Up from `o`, each org's parent as the batch has left it: no deeper than
  // there are orgs.
  std::string at = o;
  for (size_t up = 0; up <= s.orgs().size() + names.parent_of.size() && !at.empty(); ++up) {
    if (at == root) return true;
    if (const auto moved = names.parent_of.find(at); moved != names.parent_of.end()) {
      at = moved->second;
      continue;
    }
    const OrgIndex i = s.FindOrg(at);
    const OrgIndex parent = i == kNone ? kNone : s.orgs().parent[i];
    at = parent == kNone ? std::string() : std::string(s.orgs().id[parent]);
  }
  return false;
}

void Engine::Impl::Names::Follow(const v1::Event& e) {
  // A record changed as the Engine changes it but not followed here: there,
  // its digest not known.
  const auto changed = [](HashMap<std::string, Record>& records, const std::string& id) {
    records[id].digest.reset();
  };
  switch (e.change_case()) {
    case v1::Event::kMemberAdded:
      members[e.member_added().id()] = Record{true, Digest(e.member_added())};
      break;
    case v1::Event::kMemberRemoved:
      members[e.member_removed()] = Record{false, std::nullopt};
      break;
    case v1::Event::kMemberMoved: changed(members, e.member_moved().member_id()); break;
    case v1::Event::kStatusChanged: changed(members, e.status_changed().member_id()); break;
    case v1::Event::kActivityRecorded:
      activities[e.activity_recorded().id()] = Record{true, Digest(e.activity_recorded())};
      break;
    case v1::Event::kActivityCorrected: changed(activities, e.activity_corrected().id()); break;
    case v1::Event::kOrgAdded:
      orgs[e.org_added().id()] = Record{true, Digest(e.org_added())};
      parent_of[e.org_added().id()] = e.org_added().parent_id();
      break;
    case v1::Event::kOrgMoved:
      changed(orgs, e.org_moved().org_id());
      parent_of[e.org_moved().org_id()] = e.org_moved().parent_id();
      break;
    case v1::Event::kOrgDissolved: changed(orgs, e.org_dissolved().org_id()); break;
    case v1::Event::kTermOpened: terms_opened.insert(e.term_opened().org_id()); break;
    default:  // positions, dues and members' events: no name comes or goes
      break;
  }
}

absl::Status Engine::Impl::Valid(std::string_view list, std::string_view field, int number,
                                 const google::protobuf::MessageLite& record) const {
  if (validated_.input) {
    validated_.input->Clear();  // the room of the records before kept
  } else {
    validated_.input.emplace().keeps_member_refs = false;  // the Store finds them
  }
  absl::Status r = ValidRecord(list, field, number, record, validated_.framed, validated_.frame, *validated_.input);
  if (r.ok()) validated_.record = &record;
  return r;
}

template <typename Message>
void Engine::Impl::Hold(Held<Message>& list, const Message& record, int i) const {
  std::string written;
  std::string_view bytes;
  if (validated_.record == &record) {
    bytes = std::string_view(validated_.framed).substr(validated_.frame);
  } else {
    written = record.SerializeAsString();
    bytes = written;
  }
  if (i < 0) {
    list.Add(bytes);
  } else {
    list.Set(i, bytes);
  }
}

absl::Status Engine::Impl::Validate(const v1::Event& e, const Names& names) const {
  validated_.record = nullptr;
  const auto member = [&](std::string_view field, const std::string& id) -> absl::Status {
    if (id.empty()) return Invalid(field, "missing (required)");
    if (!MemberThere(names, id)) return Invalid(field, StrCat("no member \"", id, "\""));
    return absl::OkStatus();
  };
  const auto org = [&](std::string_view field, const std::string& id) -> absl::Status {
    if (id.empty()) return Invalid(field, "missing (required)");
    if (!OrgThere(names, id)) return Invalid(field, StrCat("no org \"", id, "\""));
    return absl::OkStatus();
  };
  // A reference a record may leave empty: when given, to what is there. A
  // snapshot may name what it lacks (a data finding); an event may not.
  const auto org_if_given = [&](std::string_view field, const std::string& id) {
    return id.empty() ? absl::OkStatus() : org(field, id);
  };
  switch (e.change_case()) {
    case v1::Event::kMemberAdded: {
      const v1::Member& m = e.member_added();
      absl::Status r = Valid("members", "memberAdded", v1::Snapshot::kMembersFieldNumber, m);
      if (!r.ok()) return r;
      if (MemberThere(names, m.id())) return Invalid("memberAdded.id", StrCat("duplicate id \"", m.id(), "\""));
      r = org_if_given("memberAdded.orgId", m.org_id());
      if (!r.ok()) return r;
      r = org_if_given("memberAdded.homeOrgId", m.home_org_id());
      if (!r.ok()) return r;
      return org_if_given("memberAdded.groupId", m.group_id());
    }
    case v1::Event::kMemberRemoved:
      return member("memberRemoved", e.member_removed());
    case v1::Event::kMemberMoved: {
      absl::Status r = member("memberMoved.memberId", e.member_moved().member_id());
      if (!r.ok()) return r;
      r = org("memberMoved.orgId", e.member_moved().org_id());
      if (!r.ok()) return r;
      r = org_if_given("memberMoved.homeOrgId", e.member_moved().home_org_id());
      if (!r.ok()) return r;
      r = org_if_given("memberMoved.groupId", e.member_moved().group_id());
      if (!r.ok()) return r;
      const std::string& on = e.member_moved().on();
      if (!on.empty() && !ParseDate(on)) return Invalid("memberMoved.on", StrCat("\"", on, "\" is not a date (YYYY-MM-DD)"));
      return absl::OkStatus();
    }
    case v1::Event::kStatusChanged: {
      const v1::StatusChanged& x = e.status_changed();
      absl::Status r = member("statusChanged.memberId", x.member_id());
      if (!r.ok()) return r;
      if (x.status() == v1::Member::STATUS_UNSPECIFIED) return Invalid("statusChanged.status", "missing (required)");
      if (!v1::Member::Status_IsValid(x.status())) return Invalid("statusChanged.status", StrCat("unknown Member.Status ", x.status()));
      if (!x.full_on().empty() && !ParseDate(x.full_on())) {
        return Invalid("statusChanged.fullOn", StrCat("\"", x.full_on(), "\" is not a date (YYYY-MM-DD)"));
      }
      return absl::OkStatus();
    }
    case v1::Event::kPositionChanged: {
      const v1::Position& x = e.position_changed();
      absl::Status r = Valid("positions", "positionChanged", v1::Snapshot::kPositionsFieldNumber, x);
      if (!r.ok()) return r;
      r = org("positionChanged.orgId", x.org_id());
      if (!r.ok() || x.member_id().empty()) return r;
      return member("positionChanged.memberId", x.member_id());
    }
    case v1::Event::kTermOpened: {
      absl::Status r = Valid("terms", "termOpened", v1::Snapshot::kTermsFieldNumber, e.term_opened());
      if (!r.ok()) return r;
      return org("termOpened.orgId", e.term_opened().org_id());
    }
    case v1::Event::kActivityRecorded:
    case v1::Event::kActivityCorrected: {
      const bool recorded = e.change_case() == v1::Event::kActivityRecorded;
      const v1::Activity& a = recorded ? e.activity_recorded() : e.activity_corrected();
      const char* field = recorded ? "activityRecorded" : "activityCorrected";
      absl::Status r = Valid("activities", field, v1::Snapshot::kActivitiesFieldNumber, a);
      if (!r.ok()) return r;
      r = org(StrCat(field, ".orgId"), a.org_id());
      if (!r.ok()) return r;
      const bool exists = ActivityThere(names, a.id());
      if (recorded && exists) return Invalid(StrCat(field, ".id"), StrCat("duplicate id \"", a.id(), "\""));
      if (!recorded && !exists) return Invalid(StrCat(field, ".id"), StrCat("no activity \"", a.id(), "\""));
      return absl::OkStatus();
    }
    case v1::Event::kMemberEventRecorded: {
      const v1::MemberEvent& x = e.member_event_recorded();
      absl::Status r = Valid("events", "memberEventRecorded", v1::Snapshot::kEventsFieldNumber, x);
      if (!r.ok()) return r;
      return member("memberEventRecorded.memberId", x.member_id());
    }
    case v1::Event::kDuesPaid: {
      // What a load asks of a ledger row: a member, a year.
      const v1::DuesLedger& x = e.dues_paid();
      if (!x.has_member_index() && !x.member_id().empty() && x.year() != 0) return member("duesPaid.memberId", x.member_id());
      return Valid("duesLedger", "duesPaid", v1::Snapshot::kDuesLedgerFieldNumber, x);
    }
    case v1::Event::kOrgAdded: {
      const v1::Org& o = e.org_added();
      absl::Status r = Valid("orgs", "orgAdded", v1::Snapshot::kOrgsFieldNumber, o);
      if (!r.ok()) return r;
      if (OrgThere(names, o.id())) return Invalid("orgAdded.id", StrCat("duplicate id \"", o.id(), "\""));
      if (!o.parent_id().empty()) return org("orgAdded.parentId", o.parent_id());
      return absl::OkStatus();
    }
    case v1::Event::kOrgMoved: {
      const v1::OrgMoved& x = e.org_moved();
      absl::Status r = org("orgMoved.orgId", x.org_id());
      if (!r.ok() || x.parent_id().empty()) return r;
      r = org("orgMoved.parentId", x.parent_id());
      if (!r.ok()) return r;
      if (Within(names, x.org_id(), x.parent_id())) {
        return Invalid("orgMoved.parentId", StrCat("\"", x.parent_id(), "\" is within \"", x.org_id(), "\": a cycle"));
      }
      return absl::OkStatus();
    }
    case v1::Event::kOrgDissolved: {
      absl::Status r = org("orgDissolved.orgId", e.org_dissolved().org_id());
      if (!r.ok()) return r;
      if (e.org_dissolved().on().empty()) return Invalid("orgDissolved.on", "missing (required)");
      if (!ParseDate(e.org_dissolved().on())) {
        return Invalid("orgDissolved.on", StrCat("\"", e.org_dissolved().on(), "\" is not a date (YYYY-MM-DD)"));
      }
      return absl::OkStatus();
    }
    case v1::Event::CHANGE_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("event: no change given");
}

std::optional<bool> Engine::Impl::Repeats(const v1::Event& e, const Names& names) const {
  const Store& s = *store_;
  // A record the batch added or changed: as it stands there, when known.
  // None when the batch left it as the snapshot holds it.
  using Verdict = std::optional<std::optional<bool>>;
  const auto followed = [](const HashMap<std::string, Names::Record>& records, const std::string& id,
                           const auto& record) -> Verdict {
    const auto at = records.find(id);
    if (at == records.end()) return std::nullopt;
    if (!at->second.there) return Verdict(std::in_place, false);
    if (!at->second.digest) return Verdict(std::in_place);
    return Verdict(std::in_place, *at->second.digest == Names::Digest(record));
  };
  const auto holds = [](const auto& list, const auto& record) {
    const std::string bytes = report::DeterministicBytes(record);
    for (int i = 0; i < list.size(); ++i) {
      if (report::DeterministicBytes(list.Get(i)) == bytes) return true;
    }
    return false;
  };
  switch (e.change_case()) {
    case v1::Event::kMemberAdded: {
      if (const auto batch = followed(names.members, e.member_added().id(), e.member_added())) return *batch;
      const MemberIndex m = s.FindMember(e.member_added().id());
      return m != kNone &&
             report::DeterministicBytes(snapshot_.members.Get(Index(member_position_[m]))) ==
                 report::DeterministicBytes(e.member_added());
    }
    case v1::Event::kTermOpened: {
      // A term of an org that is there, looked for among the org's terms.
      const v1::Term& x = e.term_opened();
      if (names.orgs.contains(x.org_id()) || names.terms_opened.contains(x.org_id())) return std::nullopt;
      const OrgIndex o = s.FindOrg(x.org_id());
      if (o == kNone) return holds(snapshot_.terms, x);
      const std::optional<Day> started = ParseDate(x.started_on());
      const std::optional<Day> ended = x.ended_on().empty() ? std::optional<Day>(kNoDay) : ParseDate(x.ended_on());
      if (!started || !ended) return false;
      const auto& t = s.terms();
      for (const int32_t k : s.TermsOf(o)) {
        if (t.started_on[k] == *started && t.ended_on[k] == *ended && t.number[k] == x.number() &&
            t.adjust_months[k] == x.adjust_months() && bool{t.adjust_approved[k] != 0} == x.adjust_approved()) {
          return true;
        }
      }
      return false;
    }
    case v1::Event::kActivityRecorded: {
      if (const auto batch = followed(names.activities, e.activity_recorded().id(), e.activity_recorded())) return *batch;
      const ActivityIndex a = s.activities().id.Find(e.activity_recorded().id());
      return a != kNone && report::DeterministicBytes(snapshot_.activities.Get(activity_position_[a])) ==
                               report::DeterministicBytes(e.activity_recorded());
    }
    case v1::Event::kOrgAdded:
      if (const auto batch = followed(names.orgs, e.org_added().id(), e.org_added())) return *batch;
      return s.FindOrg(e.org_added().id()) != kNone && holds(snapshot_.orgs, e.org_added());
    case v1::Event::kMemberEventRecorded: {
      // Among the member's events as held; a member the batch took out has none.
      const v1::MemberEvent& x = e.member_event_recorded();
      if (const auto batch = names.members.find(x.member_id()); batch != names.members.end() && !batch->second.there) {
        return false;
      }
      const MemberIndex m = s.FindMember(x.member_id());
      const auto rows = m == kNone ? event_rows_.end() : event_rows_.find(m);
      if (rows == event_rows_.end()) return false;
      const std::string bytes = report::DeterministicBytes(x);
      return std::any_of(rows->second.begin(), rows->second.end(), [&](int32_t i) {
        return report::DeterministicBytes(snapshot_.events.Get(i)) == bytes;
      });
    }
    default:  // the others, applied again, set what is already set
      return false;
  }
}

absl::Status Engine::Impl::Apply(const v1::Event& event, v1::Delta& delta) {
  ClearKeeping(delta);
  // An event naming members by place names them as the snapshot is seen.
  if (NamesMembersByPlace(event)) CompactInBatch();
  const Names alone;
  if (*Repeats(event, alone)) return absl::OkStatus();
  DJ_RETURN_IF_ERROR(Validate(event, alone));
  // What Validate kept of the event's record is this event's alone.
  struct Forget {
    Validated& kept;
    ~Forget() { kept.record = nullptr; }
  } forget{validated_};
  bool done = false;
  ApplyInPlace(event, done, delta);
  if (done) {
    ++in_place_;
    return absl::OkStatus();
  }
  ++rebuilt_;
  return ApplyByRebuild(event, delta);
}

namespace {

// A rejected event's error, named by its place in the batch.
absl::Status AtPlace(int i, const absl::Status& s) {
  std::string message(s.message());
  const std::string at = StrCat("events[", i, "]");
  message = message.rfind("event:", 0) == 0 ? StrCat(at, message.substr(5)) : StrCat(at, ".", message);
  return absl::Status(s.code(), message);
}

// Whether an event leaves every record there that was there and adds none,
// and the orgs' tree as it was: then whether the events after it in a batch
// are accepted does not depend on it (they are judged on what they name, and
// none of them is a repeat of a record added).
bool KeepsEveryName(const v1::Event& e) {
  switch (e.change_case()) {
    case v1::Event::kMemberMoved:
    case v1::Event::kStatusChanged:
    case v1::Event::kPositionChanged:
    case v1::Event::kActivityCorrected:
    case v1::Event::kDuesPaid:
    case v1::Event::kOrgDissolved:
    case v1::Event::kMemberEventRecorded:
      return true;
    default:
      return false;
  }
}

}  // namespace

absl::Status Engine::Impl::ApplyBatch(const v1::EventBatch& batch, v1::Delta& delta) {
  ClearKeeping(delta);
  if (batch.events_size() == 1) return Apply(batch.events(0), delta);
  // The batch is judged whole before any of it is applied, each event as
  // the Engine will hold it then: against the names those before it add,
  // take out and re-parent. Judging stops, and the events are judged as they
  // are applied, at an event whose fate turns on a record the batch changed
  // in a way not followed (a member given again after its status changed).
  Names names;
  for (int i = 0; i < batch.events_size(); ++i) {
    const v1::Event& e = batch.events(i);
    absl::Status valid = Validate(e, names);
    if (valid.ok()) {
      names.Follow(e);
      continue;
    }
    const std::optional<bool> repeats = Repeats(e, names);
    if (!repeats) break;
    if (!*repeats) return AtPlace(i, valid);
  }
  // A batch of events that keep every name was judged whole; another keeps
  // the way back as its events go (Mutate), for an event rejected that was
  // not: its snapshot, from which the rest is built again as it was.
  const bool judged_first = std::all_of(batch.events().begin(), batch.events().end(), KeepsEveryName);
  journaling_ = !judged_first;
  undo_.clear();
  struct EndJournal {
    Impl* engine;
    ~EndJournal() {
      engine->journaling_ = false;
      engine->undo_.clear();
      engine->undo_.shrink_to_fit();
    }
  } end_journal{this};
  const uint64_t in_place = in_place_, rebuilt = rebuilt_;
  // The findings each event added (+1) and resolved (-1), by their bytes, in
  // the order first met: what is left is the batch's difference.
  HashMap<std::string, int> count;
  std::vector<std::pair<std::string, v1::Finding>> met;
  const auto tally = [&](const v1::Finding& f, int by) {
    std::string bytes = report::DeterministicBytes(f);
    auto [at, fresh] = count.try_emplace(bytes, 0);
    if (fresh) met.emplace_back(std::move(bytes), f);
    at->second += by;
  };
  v1::Delta each;  // each event's, written into the room of the one before
  for (int i = 0; i < batch.events_size(); ++i) {
    const absl::Status applied = Apply(batch.events(i), each);
    if (!applied.ok()) {
      // Judged first, only want of memory stops it: the Engine may hold part
      // of the batch (engine.h).
      if ((i > 0 || !undo_.empty()) && !judged_first) {
        for (auto step = undo_.rbegin(); step != undo_.rend(); ++step) (*step)(snapshot_);
        absl::Status back = Rebuild();
        if (!back.ok()) return absl::InternalError(StrCat("going back after a rejected event: ", back.message()));
        in_place_ = in_place, rebuilt_ = rebuilt;
        ++taken_back_;
      }
      return AtPlace(i, applied);
    }
    for (const v1::Finding& f : each.added()) tally(f, 1);
    for (const v1::Finding& f : each.resolved()) tally(f, -1);
  }
  for (const auto& [bytes, f] : met) {
    for (int n = count[bytes]; n > 0; --n) report::AppendCopy(f, *delta.mutable_added());
    for (int n = count[bytes]; n < 0; ++n) report::AppendCopy(f, *delta.mutable_resolved());
  }
  return absl::OkStatus();
}

// A full check at the new date, over the Store as it is, compared with the
// findings before finding by finding: only what changed is rendered.
absl::Status Engine::Impl::AdvanceTo(Day day, v1::Delta& delta) {
  ClearKeeping(delta);
  if (day < as_of_) {
    return absl::OutOfRangeError(StrCat("advance: ", FormatDate(day), " is before the Engine's date, ", FormatDate(as_of_)));
  }
  DJ_RETURN_IF_ERROR(check::FromNotAfterAsOf(from_, day));
  if (day == as_of_) return absl::OkStatus();
  as_of_ = day;
  Changed changed;
  CheckAll(&changed);
  DeltaOf(std::move(changed.added), std::move(changed.resolved), delta);
  return absl::OkStatus();
}

// The events written where they lie. `done` stays false when this event,
// this time, needs the rebuild (a data issue would appear or go, a year of
// dues not yet on record).
void Engine::Impl::ApplyInPlace(const v1::Event& e, bool& done, v1::Delta& delta) {
  Store& s = *store_;
  auto [known, fresh] = readers_.try_emplace(e.change_case());
  if (fresh) {
    const bool whole_members = e.change_case() == v1::Event::kMemberAdded ||
                               e.change_case() == v1::Event::kMemberMoved ||
                               e.change_case() == v1::Event::kMemberRemoved;
    known->second = ReadersOf(Changes(e), policy_, whole_members);
  }
  const Readers& readers = known->second;
  // Each list given room for what most events put in it at once, not grown
  // step by step from nothing.
  std::vector<std::pair<OrgIndex, unsigned>> touched;  // orgs, and the families to check again
  touched.reserve(32);
  bool units = false;  // whether the unit rules must look again
  const auto with_ancestors = [&](OrgIndex o, unsigned families) {
    for (; o != kNone; o = s.orgs().parent[o]) touched.emplace_back(o, families);
  };
  // A member joins or leaves org o: the rules that read members look again
  // at o and the orgs above, whose counts it is in. The member rules judge
  // each member alone (rules::CheckMembersOf): they judge that member again
  // where it is (`judged`), and what they found of it where it was goes
  // (`gone_from`); the other members' findings stay as they are.
  // An org judged whole: its families, and its members' rules when the event
  // changes what they read.
  const unsigned org_whole = readers.families | (readers.members ? 1u << check::kMembers : 0);
  // Member m (kNone: one no record names) joins or leaves org o, or its
  // standing there changes: the record rules judge again its activities at
  // which they read the roll for m, and its own findings (of no activity):
  // `rolls`, as Recheck's records_of. A roll is of the members on the
  // activity's day (rules::RollOf), so only the activities held while m is
  // a member of o (`ms`: after it joins, before it leaves). The obligations
  // owed only while a branch must have a committee read its members by that
  // alone: they judge o again when it changes (`had_committee`, before the
  // event). The orgs above count it among the members under them.
  const unsigned records_family = 1u << check::kRecords;
  std::vector<std::pair<OrgIndex, ActivityIndex>> rolls;
  rolls.reserve(64);
  std::vector<std::pair<OrgIndex, MemberIndex>> unnamed;  // Recheck's
  const auto member_in = [&](OrgIndex o, MemberIndex m, const rules::Membership& ms, bool had_committee) {
    if (o == kNone) return;
    const bool committee_changed = had_committee != rules::MustHaveCommittee(s, policy_, o);
    touched.emplace_back(o, readers.families & ~records_family & ~(committee_changed ? 0 : 1u << check::kObligations));
    if (readers.families & records_family) {
      rolls.emplace_back(o, kNone);
      const auto& acts = s.activities();
      // At an org whose activities name m nowhere, none accounts for it, as
      // none accounts for a member no record names: their lists go unread,
      // here and, where it is a member, by the record rules (`unnamed`).
      const MemberIndex named = m != kNone && named_in_.May(o, m) ? m : kNone;
      if (m != kNone && named == kNone && s.members().org[m] == o) unnamed.emplace_back(o, m);
      for (const ActivityIndex a : s.ActivitiesFrom(o, from_)) {
        if (acts.held_on[a] > as_of_) break;
        if (ms.On(acts.held_on[a]) && readers.ReadRoll(s, a, named)) rolls.emplace_back(o, a);
      }
    }
    with_ancestors(s.orgs().parent[o], readers.above);
  };
  std::vector<MemberIndex> judged;
  std::vector<std::pair<OrgIndex, MemberIndex>> gone_from;
  switch (e.change_case()) {
    case v1::Event::kMemberAdded: {
      const v1::Member& x = e.member_added();
      const std::optional<model::MemberRow> row = MemberRowOf(x);
      if (!row) return;
      const bool had_committee = rules::MustHaveCommittee(s, policy_, row->org);
      const MemberIndex m = model::StoreEdit(s).AddMember(x.id(), x.name(), *row);
      judged.push_back(m);
      named_in_.AddMember();
      dues_unkeyed_.push_back(false);
      // Mutate adds it last: its place counts those taken out.
      member_position_.push_back(snapshot_.members.size() + static_cast<int32_t>(compacted_places_.size()));
      member_in(row->org, kNone, rules::MembershipOf(s, m, 0), had_committee);  // on no record yet
      unnamed.emplace_back(row->org, m);
      units = readers.units && row->unit != kNone;
      break;
    }
    case v1::Event::kMemberMoved: {
      const v1::MemberMoved& x = e.member_moved();
      const MemberIndex m = s.FindMember(x.member_id());
      const OrgIndex from = s.members().org[m];
      // What a load says of the member says where it is: by rebuild.
      if (from == kNone || NamedByAnIssue(m)) return;
      const auto org_or_none = [&](const std::string& id) { return id.empty() ? kNone : s.FindOrg(id); };
      const OrgIndex to = s.FindOrg(x.org_id());
      const rules::Membership left = rules::MembershipOf(s, m, 0);  // of the branch it leaves
      const bool from_had_committee = rules::MustHaveCommittee(s, policy_, from);
      const bool to_had_committee = rules::MustHaveCommittee(s, policy_, to);
      model::StoreEdit edit(s);
      edit.MoveMember(m, to, org_or_none(x.group_id()), org_or_none(x.home_org_id()));
      if (const std::optional<Day> on = TransferInAdded(x)) {
        edit.AddEvent(m, v1::MemberEvent::TRANSFERRED_IN, *on, v1::MemberEvent::GRADE_UNSPECIFIED);
      }
      member_in(from, m, left, from_had_committee);
      member_in(to, m, rules::MembershipOf(s, m, 0), to_had_committee);
      if (from != to) gone_from.emplace_back(from, m);  // else judged again where it is
      judged.push_back(m);
      // A meeting it missed on leave is made up in its own branch: a make-up
      // held by the branch it left or joined may now count, or no longer.
      // The record rules judge again the meetings in the window that name
      // it absent, at the orgs whose records name it; when those are not
      // known, every meeting made up by the branch it left or joined.
      if (readers.families >> check::kRecords & 1) {
        const auto& acts = s.activities();
        if (const std::optional<std::vector<OrgIndex>> naming = NamedIn(m)) {
          for (const OrgIndex o : *naming) {
            for (const ActivityIndex a : s.ActivitiesFrom(o, from_)) {
              if (acts.held_on[a] > as_of_) break;
              const auto absent = s.AbsenteesOf(a);
              if (std::any_of(absent.begin(), absent.end(), [&](const auto& absentee) { return absentee.member == m; })) {
                rolls.emplace_back(o, a);
              }
            }
          }
        } else {
          for (const OrgIndex branch : {from, to}) {
            for (const ActivityIndex b : s.ActivitiesOf(branch)) {
              if (acts.makeup_for[b] != kNone) touched.emplace_back(acts.org[acts.makeup_for[b]], records_family);
            }
          }
        }
      }
      units = readers.units && s.members().unit[m] != kNone;
      break;
    }
    case v1::Event::kMemberRemoved: {
      const MemberIndex m = s.FindMember(e.member_removed());
      const OrgIndex from = s.members().org[m];
      if (from == kNone) return;
      std::optional<Removal> removal = PlanRemoval(m);
      if (!removal) return;
      const rules::Membership left = rules::MembershipOf(s, m, 0);  // of the branch it leaves
      const bool had_committee = rules::MustHaveCommittee(s, policy_, from);
      units = readers.units && s.members().unit[m] != kNone;
      const int32_t place = Seen(member_position_[m]);
      Mark(removed_payments_, removal->payments);
      payments_by_place_wait_ = payments_by_place_wait_ || removal->payments_unplaced;
      Mutate(e);  // by its id, while it is found
      payment_rows_.erase(m);
      event_rows_.erase(m);
      model::StoreEdit edit(s);
      const auto up_past = [](const std::vector<int32_t>& gone) {
        return [&gone](int64_t k) { return k - Before(gone, k); };
      };
      // The issues that name a record after it by place, moved; what named
      // it by its id names no member now.
      IssuesChanged issues;
      std::vector<int32_t> changed;
      std::vector<model::StoreEdit::PlaceMove> moves;
      if (members_named_) moves.emplace_back("members", [place](int64_t k) { return k > place ? k - 1 : k; });
      for (size_t list = 0; list < kListsByRow.size(); ++list) {
        if (!removal->own[list].empty()) moves.emplace_back(kListsByRow[list], up_past(removal->own[list]));
      }
      issues.before = edit.MovePlaces(moves, changed);
      std::vector<int32_t> added = edit.AddIssues(std::move(removal->by_id), changed);
      MergeInto(changed, added);
      for (const int32_t i : changed) issues.after.push_back(s.data_issues()[i]);
      for (const DataIssue& issue : issues.before) CountUnknown(issue, -1);
      for (const DataIssue& issue : issues.after) CountUnknown(issue, 1);
      edit.RemoveMember(m, removal->held);
      // The rules that read an activity look again at its org and those
      // above, and, for a make-up, at the org of the meeting it makes up;
      // but the obligations, which count an activity by its kind
      // (rules::ObligationCounts), left as it was, and a lecture by its
      // lecturer's positions, which go with it (below). The record rules
      // judge that activity alone, and the meeting it makes up, as when an
      // activity is recorded: those held in the window, which they judge.
      const auto& acts = s.activities();
      const unsigned families = readers.families & ~(1u << check::kObligations) & ~records_family;
      const bool records = readers.families & records_family;
      const auto judge_alone = [&](ActivityIndex a) {
        if (records && acts.held_on[a] >= from_ && acts.held_on[a] <= as_of_) rolls.emplace_back(acts.org[a], a);
      };
      OrgIndex looked_at = kNone;  // the last org looked at: a member's records come org by org
      const auto look_again = [&](ActivityIndex a) {
        if (acts.org[a] != looked_at) with_ancestors(looked_at = acts.org[a], families);
        judge_alone(a);
        if (const ActivityIndex target = acts.makeup_for[a]; target != kNone) {
          with_ancestors(acts.org[target], families);
          judge_alone(target);
        }
      };
      for (size_t k = 0; k < removal->naming.size(); ++k) {
        const ActivityIndex a = removal->naming[k];
        edit.LeaveActivity(a, m, removal->attendance[k]);
        look_again(a);
      }
      // The lectures it gave (党课, by its id) have no lecturer now; the
      // decisions, observers and owners that named it name it no more.
      for (const ActivityIndex a : s.LecturesBy(m)) {
        edit.DropLecturer(a);
        look_again(a);
      }
      for (const ActivityIndex a : removal->mentioning) {
        edit.DropMentioned(a, m);
        look_again(a);
      }
      if (removal->paid_first) --dues_since_holders_;
      positions_of_.Erase(m);  // its positions went with it
      member_position_[m] = kNone;
      member_in(from, kNone, left, had_committee);  // on no record now
      gone_from.emplace_back(from, m);
      // Where it held positions, the rules that read them look again (the
      // member rules read none).
      for (const OrgIndex o : removal->held) with_ancestors(o, readers.families);
      done = true;
      Recheck(delta, readers, std::move(touched), units, {}, std::move(gone_from), issues, std::move(rolls));
      return;
    }
    case v1::Event::kStatusChanged: {
      const v1::StatusChanged& x = e.status_changed();
      const MemberIndex m = s.FindMember(x.member_id());
      const OrgIndex o = s.members().org[m];
      const Day full = x.full_on().empty() ? s.members().full_on[m] : *ParseDate(x.full_on());
      const Day admitted = s.members().admitted_on[m];
      const auto misdated = [&](Day f) { return admitted != kNoDay && f != kNoDay && f < admitted; };
      if (o == kNone || misdated(full) || misdated(s.members().full_on[m])) return;
      const MemberStatus before = s.members().status[m];
      const Day full_before = s.members().full_on[m];
      const bool had_committee = rules::MustHaveCommittee(s, policy_, o);
      model::StoreEdit(s).SetStatus(m, x.status(), full);
      // A member's own rules see its record; the rules that read standing
      // look again at its org and the orgs above, whose counts it is in,
      // and at the records that name it (an election's candidates, on
      // probation or not on its day).
      if (before != x.status()) member_in(o, m, rules::MembershipOf(s, m, 0), had_committee);
      if ((before != x.status() || full_before != full) && (readers.families >> check::kRecords & 1)) {
        for (const OrgIndex naming : NamedIn(m).value_or(std::vector<OrgIndex>{})) {
          touched.emplace_back(naming, 1u << check::kRecords);
        }
      }
      units = readers.units && s.members().unit[m] != kNone;
      Mutate(e);
      done = true;
      Recheck(delta, readers, std::move(touched), units, {m}, {}, {}, std::move(rolls));
      return;
    }
    case v1::Event::kMemberEventRecorded: {
      const v1::MemberEvent& x = e.member_event_recorded();
      const MemberIndex m = s.FindMember(x.member_id());
      const OrgIndex o = s.members().org[m];
      const rules::Membership before = rules::MembershipOf(s, m, 0);
      model::StoreEdit(s).AddEvent(m, x.kind(), *ParseDate(x.on()), x.grade());
      // A transfer in or out (转入, 转出) that moves its first or last day
      // in its branch: the meetings whose roll it was on, or is on now, and
      // the months it counts there, as for a member moved on its day. Any
      // other event is its own rules' alone.
      const rules::Membership after = rules::MembershipOf(s, m, 0);
      if (o != kNone && (after.since != before.since || after.until != before.until)) {
        const bool has_committee = rules::MustHaveCommittee(s, policy_, o);  // its standing is as it was
        member_in(o, m, before, has_committee);
        member_in(o, m, after, has_committee);
      }
      judged.push_back(m);
      units = readers.units && s.members().unit[m] != kNone;
      break;
    }
    case v1::Event::kDuesPaid: {
      const v1::DuesLedger& x = e.dues_paid();
      if (x.has_member_index() || x.year() < 1921 || x.year() > 9999 || x.paid_months() > 0xFFF) return;
      const MemberIndex m = s.FindMember(x.member_id());
      if (m == kNone || s.members().org[m] == kNone) return;
      const bool paid_first = PaysFirst(m);
      if (!model::StoreEdit(s).AddPaidMonths(m, x.year(), static_cast<uint16_t>(x.paid_months()))) return;
      dues_since_holders_ += PaysFirst(m) - paid_first;
      // The member's own rules, and those of its org that read dues.
      touched.emplace_back(s.members().org[m], readers.families);
      units = readers.units && s.members().unit[m] != kNone;
      Mutate(e);
      // A year not on record before is the ledger's new last row, by the
      // member's id.
      ledger_rows_.Add(m, x.year(), snapshot_.dues_ledger.size() - 1);
      done = true;
      Recheck(delta, readers, std::move(touched), units, {m});
      return;
    }
    case v1::Event::kPositionChanged: {
      const v1::Position& x = e.position_changed();
      const OrgIndex o = s.FindOrg(x.org_id());
      // A vacant position's empty member id is not the Store's: by rebuild.
      const MemberIndex m = x.member_id().empty() ? kNone : s.FindMember(x.member_id());
      const Day since = ParseDate(x.since()).value_or(kNoDay), until = ParseDate(x.until()).value_or(kNoDay);
      const auto misdated = [](Day from, Day to) { return from != kNoDay && to != kNoDay && to < from; };
      if (m == kNone || misdated(since, until)) return;  // a data issue would appear
      model::StoreEdit edit(s);
      const int32_t there = edit.FindPosition(o, m, x.role());
      if (there != kNone && misdated(s.positions().since[there], s.positions().until[there])) return;
      edit.SetPosition(o, m, x.role(), since, until, x.approved());
      if (there == kNone) positions_of_.Add(m, static_cast<int32_t>(s.positions().size()) - 1);  // a row of its own
      // The rules that read positions look again at its org and at the orgs
      // above, which read their children's committees.
      const unsigned families = org_whole;
      with_ancestors(o, families);
      units = readers.units;
      break;
    }
    case v1::Event::kTermOpened: {
      const v1::Term& x = e.term_opened();
      const OrgIndex o = s.FindOrg(x.org_id());
      const std::optional<Day> started = ParseDate(x.started_on());
      const Day ended = ParseDate(x.ended_on()).value_or(kNoDay);
      if (!started || (ended != kNoDay && ended < *started)) return;  // a data issue would appear
      model::StoreEdit(s).OpenTerm(o, x.number(), *started, ended, x.adjust_months(), x.adjust_approved());
      const unsigned families = org_whole;
      with_ancestors(o, families);
      units = readers.units;
      break;
    }
    case v1::Event::kOrgDissolved: {
      const OrgIndex o = s.FindOrg(e.org_dissolved().org_id());
      const Day on = *ParseDate(e.org_dissolved().on());
      const Day established = s.orgs().established_on[o], before = s.orgs().dissolved_on[o];
      const auto misdated = [&](Day d) { return established != kNoDay && d != kNoDay && d < established; };
      if (misdated(on) || misdated(before)) return;
      model::StoreEdit(s).Dissolve(o, on);
      // Its lifetime alone changes (kOrgDates): the rules that read it judge
      // it again, and the orgs above, which read their children's (a
      // general branch's live branches). No rule reads the lifetime of an
      // org above the one it judges: the orgs under it stay as they are.
      with_ancestors(o, org_whole);
      units = readers.units && !s.UnitsOf(o).empty();  // the units it covered may be left uncovered
      break;
    }
    case v1::Event::kOrgAdded: {
      const v1::Org& x = e.org_added();
      model::OrgRow row;
      for (const std::string& id : x.unit_ids()) {
        row.units.push_back(s.FindUnit(id));
        if (row.units.back() == kNone) return;  // a data issue would appear
      }
      row.established_on = ParseDate(x.established_on()).value_or(kNoDay);
      row.dissolved_on = ParseDate(x.dissolved_on()).value_or(kNoDay);
      if (row.established_on != kNoDay && row.dissolved_on != kNoDay && row.dissolved_on < row.established_on) {
        return;
      }
      // A record that named it before it was there would find it.
      if (NamedUnknown("org", x.id())) return;
      row.name = x.name();
      row.kind = x.kind();
      row.parent = x.parent_id().empty() ? kNone : s.FindOrg(x.parent_id());
      row.approved_exception = x.approved_exception();
      org_place_.push_back(snapshot_.orgs.size());  // Mutate adds it last
      by_org_.emplace_back();  // nothing found there yet
      model::StoreEdit(s).AddOrg(x.id(), row, org_place_);
      // The new org is judged whole; the orgs above count it among theirs.
      const unsigned families = org_whole;
      with_ancestors(s.FindOrg(x.id()), families);
      units = readers.units && !row.units.empty();
      break;
    }
    case v1::Event::kOrgMoved: {
      const v1::OrgMoved& x = e.org_moved();
      const OrgIndex o = s.FindOrg(x.org_id());
      const OrgIndex to = x.parent_id().empty() ? kNone : s.FindOrg(x.parent_id());
      std::vector<OrgIndex> left;  // the orgs above it before, whose subtrees lose it
      for (OrgIndex a = s.orgs().parent[o]; a != kNone; a = s.orgs().parent[a]) left.push_back(a);
      model::StoreEdit(s).MoveOrg(o, to, org_place_);
      // Its subtree is judged whole; the orgs above it, before and after,
      // count it among theirs or no more.
      const unsigned families = org_whole;
      for (int32_t k = s.Rank(o); k < s.SubtreeEnd(o); ++k) touched.emplace_back(s.OrgAt(k), families);
      for (const OrgIndex a : left) touched.emplace_back(a, families);
      with_ancestors(to, families);
      // Which joint branch covers a unit first goes by the orgs' order, which
      // only the orgs of the subtree change.
      for (int32_t k = s.Rank(o); k < s.SubtreeEnd(o) && !units; ++k) units = !s.UnitsOf(s.OrgAt(k)).empty();
      units = units && readers.units;
      break;
    }
    case v1::Event::kActivityRecorded:
    case v1::Event::kActivityCorrected: {
      const bool recorded = e.change_case() == v1::Event::kActivityRecorded;
      const v1::Activity& x = recorded ? e.activity_recorded() : e.activity_corrected();
      std::vector<std::string> tags;
      std::optional<model::ActivityRow> row = RowOf(x, tags);
      if (!row) return;
      const Day since = s.activities_since();
      if (since == kNoDay || row->held_on < since) return;  // every member's run would start earlier
      const ActivityIndex was = recorded ? kNone : s.activities().id.Find(x.id());
      const ActivityIndex at = recorded ? static_cast<ActivityIndex>(s.activities().size()) : was;
      std::vector<MemberIndex> members;  // whose own rules read the activity: those it names
      // The record rules judge again this activity alone, and the meeting
      // a make-up makes up (rules::CheckRecordsOf): an activity's records
      // read no other activity but the make-ups that name it.
      std::vector<std::pair<OrgIndex, ActivityIndex>> records_of;
      const unsigned records = readers.families & 1u << check::kRecords;
      // The obligations that count the activity, as it was or as it will be
      // (rules::ObligationCounts), judge again; the others count none of it.
      Readers counting = readers;
      bool counted = false;
      {
        const auto& acts = s.activities();
        const auto counts = [&](const ObligationSpec& ob) {
          return rules::ObligationCounts(ob, row->kind, row->makeup_for != kNone) ||
                 (was != kNone && rules::ObligationCounts(ob, acts.kind[was], acts.makeup_for[was] != kNone));
        };
        // A rule an obligation carries that another family reads stays.
        const auto obligations_alone = [](int r) {
          return r >= rules::kRuleCount || rules::FamilyOf(static_cast<rules::RuleId>(r)) == rules::Family::kObligations;
        };
        const auto& specs = policy_.compiled().obligations;
        for (const ObligationSpec& ob : specs) {
          if (obligations_alone(ob.rule)) counting.rules[ob.rule] = false;
        }
        for (const ObligationSpec& ob : specs) {
          if (!counts(ob)) continue;
          counting.rules[ob.rule] = readers.rules[ob.rule];
          counted = counted || readers.rules[ob.rule];
        }
      }
      const unsigned obligations = readers.families & 1u << check::kObligations;
      const unsigned member_rules = org_whole & 1u << check::kMembers;
      // Activity `a`, as it is, or as `r` will have it.
      const auto named_by = [&](ActivityIndex a, const model::ActivityRow* r) {
        const auto& acts = s.activities();
        const OrgIndex o = r ? r->org : acts.org[a];
        const ActivityIndex target = r ? r->makeup_for : acts.makeup_for[a];
        const MemberIndex lecturer = r ? r->lecturer : acts.lecturer[a];
        // An org's obligations count its own activities, and the lectures
        // its position holders give wherever they give them: the orgs above
        // count none of this one's.
        const unsigned families = org_whole & ~records & ~obligations & ~member_rules;
        with_ancestors(o, families);
        // The member rules of a branch count the activities of its party
        // groups (党小组) too: those look upward. They read this one for
        // every member of the branch, or for those it names alone: those
        // present, and, below, the rest it names.
        if (member_rules) {
          const Day held_on = r ? r->held_on : acts.held_on[a];
          const v1::Activity::Kind kind = r ? r->kind : acts.kind[a];
          if (rules::ActivityReadForEveryMember(s, o, held_on, kind, was)) {
            with_ancestors(o, member_rules);
          } else {
            const OrgIndex branch = rules::BranchCountingActivitiesOf(s, o);
            const auto present = [&](MemberIndex m) {
              if (s.members().org[m] == branch) members.push_back(m);
            };
            if (r) {
              for (const MemberIndex m : r->attendees) present(m);
            } else {
              for (const MemberIndex m : s.AttendeesOf(a)) present(m);
            }
          }
        }
        if (obligations && counted) touched.emplace_back(o, obligations);
        if (records) records_of.emplace_back(o, a);
        // The make-up's target's org judges whether the absence was made up.
        if (target != kNone) {
          with_ancestors(acts.org[target], families);
          if (records) records_of.emplace_back(acts.org[target], target);
        }
        if (lecturer != kNone) {
          members.push_back(lecturer);
          // A lecture counts for its lecturer's own obligations wherever it
          // holds a position (by lecturerId, on any org's activities).
          if (obligations && counted) {
            for (const OrgIndex held : PositionOrgs(lecturer)) touched.emplace_back(held, obligations);
          }
        }
        if (r) {
          members.insert(members.end(), r->talk_members.begin(), r->talk_members.end());
          members.insert(members.end(), r->subjects.begin(), r->subjects.end());
          for (const auto& c : r->candidates) members.push_back(c.member);
          for (const auto& absent : r->absentees) members.push_back(absent.member);
        } else {
          for (MemberIndex m : s.TalkMembersOf(a)) members.push_back(m);
          for (const auto& d : s.DecisionsOf(a)) {
            for (MemberIndex m : s.SubjectsOf(d)) members.push_back(m);
            for (const auto& c : s.CandidatesOf(d)) members.push_back(c.member);
          }
          for (const auto& absent : s.AbsenteesOf(a)) members.push_back(absent.member);
        }
      };
      if (!recorded) {
        // Its own issues would go, and the first day on record may move.
        for (const DataIssue& issue : s.data_issues()) {
          if (issue.activity == was) return;
        }
        if (s.activities().held_on[was] == since && row->held_on != since) return;
        named_by(was, nullptr);
      } else {
        // A make-up that named it, not there until now, would find it.
        if (NamedUnknown("activity", x.id())) return;
      }
      named_by(at, &*row);
      model::StoreEdit edit(s);
      const size_t tags_before = s.tags().size();
      for (const std::string& tag : tags) row->tags.push_back(edit.Tag(tag));
      MarkNamed(*row);
      if (recorded) {
        edit.AddActivity(x.id(), *row);
        activity_position_.push_back(snapshot_.activities.size());  // Mutate adds it last
      } else {
        edit.ReplaceActivity(was, *row);
      }
      // An obligation asking for a tag no activity carried finds it now.
      if (s.tags().size() != tags_before) plans_ = rules::PlanObligations(WholeStore(s, policy_, as_of_, from_, nullptr));
      units = readers.units;
      Mutate(e);
      done = true;
      Recheck(delta, counting, std::move(touched), units, std::move(members), {}, {}, std::move(records_of));
      return;
    }
    default:
      return;
  }
  Mutate(e);  // the snapshot, as the rebuild would change it
  done = true;
  Recheck(delta, readers, std::move(touched), units, std::move(judged), std::move(gone_from), {}, std::move(rolls),
          std::move(unnamed));
}

std::optional<model::ActivityRow> Engine::Impl::RowOf(const v1::Activity& x, std::vector<std::string>& tags) const {
  const Store& s = *store_;
  model::ActivityRow row;
  // A member named by id: none for an empty id, as a load drops it; an id
  // that names no member is a data issue.
  bool known = true;
  const auto member = [&](const std::string& id) {
    if (id.empty()) return kNone;
    const MemberIndex m = s.FindMember(id);
    known &= m != kNone;
    return m;
  };
  // A list of members (the attendees: most of an activity's ids) looked up
  // at once.
  const auto members = [&](const auto& ids, std::vector<MemberIndex>& out) {
    const absl::InlinedVector<std::string_view, 32> views(ids.begin(), ids.end());
    absl::InlinedVector<MemberIndex, 32> found(views.size());
    s.FindMembers(views, found.data());
    for (size_t k = 0; k < views.size(); ++k) {
      if (views[k].empty()) continue;
      known &= found[k] != kNone;
      if (found[k] != kNone) out.push_back(found[k]);
    }
  };
  if (x.attendee_indexes_size() > 0 || x.talk_member_indexes_size() > 0) return std::nullopt;  // by position: the snapshot's
  row.org = s.FindOrg(x.org_id());
  row.kind = x.kind();
  row.held_on = ParseDate(x.held_on()).value_or(kNoDay);
  using Rows = Store::Activities;
  row.recorded = model::RecordedBits(x);  // as a load reads them
  row.lecturer = member(x.lecturer_id());
  if (!x.makeup_for().empty()) {
    row.makeup_for = s.activities().id.Find(x.makeup_for());
    if (row.makeup_for == kNone) return std::nullopt;
  }
  const auto mentioned = [&](const std::string& id) {
    const MemberIndex m = member(id);
    if (m != kNone) row.mentioned.push_back(m);
  };
  for (const std::string& id : x.observer_ids()) mentioned(id);
  for (const auto& r : x.resolutions()) {
    if (r.owner_id().empty()) ++row.unowned_resolutions;
    mentioned(r.owner_id());
  }
  members(x.attendee_ids(), row.attendees);
  members(x.talk_member_ids(), row.talk_members);
  tags.assign(x.tags().begin(), x.tags().end());
  for (const auto& a : x.absentees()) {
    if (a.has_member_index()) return std::nullopt;
    const MemberIndex m = member(a.member_id());
    if (m != kNone) row.absentees.push_back({m, a.reason()});
  }
  const auto count = [&](bool given, int32_t value) {
    known &= !given || value >= 0;
    return given ? value : kNotGiven;
  };
  for (const auto& d : x.decisions()) {
    Rows::Decision out{};
    out.kind = d.kind();
    out.subjects = d.subject_member_ids_size();
    out.subject_begin = static_cast<uint32_t>(row.subjects.size());
    members(d.subject_member_ids(), row.subjects);
    out.subject_end = static_cast<uint32_t>(row.subjects.size());
    out.votes_for = count(d.has_votes_for(), d.votes_for());
    out.votes_against = count(d.has_votes_against(), d.votes_against());
    out.votes_abstain = count(d.has_votes_abstain(), d.votes_abstain());
    out.seats = count(d.has_seats(), d.seats());
    out.candidates = d.candidate_member_ids_size();
    out.candidate_begin = static_cast<uint32_t>(row.candidates.size());
    for (int j = 0; j < d.candidate_member_ids_size(); ++j) {
      const MemberIndex m = member(d.candidate_member_ids(j));
      const int32_t votes = count(j < d.candidate_votes_size(), j < d.candidate_votes_size() ? d.candidate_votes(j) : 0);
      if (m != kNone) row.candidates.push_back({m, votes});
    }
    out.candidate_end = static_cast<uint32_t>(row.candidates.size());
    row.decisions.push_back(out);
  }
  if (!known) return std::nullopt;
  return row;
}

std::optional<model::MemberRow> Engine::Impl::MemberRowOf(const v1::Member& x) const {
  const Store& s = *store_;
  // The record as Validate parsed it: Apply validates each event right
  // before it applies it. One it did not (none is) goes by rebuild.
  if (validated_.record != &x) return std::nullopt;
  const model::Input& in = *validated_.input;
  if (in.members.status.size() != 1) return std::nullopt;
  const model::Input::Members& c = in.members;
  model::MemberRow row;
  row.org = x.org_id().empty() ? kNone : s.FindOrg(x.org_id());
  row.group = x.group_id().empty() ? kNone : s.FindOrg(x.group_id());
  row.home_org = x.home_org_id().empty() ? kNone : s.FindOrg(x.home_org_id());
  row.unit = x.unit_id().empty() ? kNone : s.FindUnit(x.unit_id());
  if (row.org == kNone || (!x.unit_id().empty() && row.unit == kNone)) return std::nullopt;
  row.status = c.status[0];
  row.admitted_on = c.admitted[0];
  row.full_on = c.full[0];
  row.lost_contact_since = c.lost_contact[0];
  row.probation_extended_months = c.extended_months[0];
  row.leading_cadre = c.leading_cadre[0];
  row.dues_exempt_approved = c.dues_exempt[0];
  row.dues_category = c.dues_category[0];
  const int64_t income = c.income[0];
  row.monthly_income_cents = income;
  if ((row.admitted_on != kNoDay && row.full_on != kNoDay && row.full_on < row.admitted_on) ||
      row.probation_extended_months < 0 || (income != kAmountNotGiven && income < 0)) {
    return std::nullopt;
  }
  // A reference that named no member, by this id or by the place it takes.
  const int32_t seen = snapshot_.members.size() - static_cast<int32_t>(removed_places_.size());
  if (NamedUnknown("member", x.id()) || NamedUnknown("member", StrCat(seen))) return std::nullopt;
  const v1::Snapshot& unplaced = s.unplaced();
  const auto names = [&](const auto& list) {
    return std::any_of(list.begin(), list.end(), [&](const auto& r) { return r.member_id() == x.id(); });
  };
  const auto at_place = [&](const auto& list) {
    return std::any_of(list.begin(), list.end(), [&](const auto& r) {
      return r.has_member_index() && r.member_index() == seen;
    });
  };
  if (names(unplaced.dues()) || names(unplaced.dues_ledger()) || names(unplaced.events()) ||
      at_place(unplaced.dues()) || at_place(unplaced.dues_ledger())) {
    return std::nullopt;
  }
  return row;
}

bool Engine::Impl::NamedByAnIssue(MemberIndex m) const {
  return std::binary_search(named_by_issues_.begin(), named_by_issues_.end(), m);
}

void Engine::Impl::NameIn(MemberIndex m, OrgIndex org) {
  named_in_.Add(m, org);
}

void Engine::Impl::MarkNamed(const model::ActivityRow& row) {
  named_in_.Add(row.attendees, row.org);
  for (MemberIndex m : row.talk_members) NameIn(m, row.org);
  for (const auto& absent : row.absentees) NameIn(absent.member, row.org);
  for (MemberIndex m : row.subjects) NameIn(m, row.org);
  for (const auto& c : row.candidates) NameIn(c.member, row.org);
  if (row.lecturer != kNone) NameIn(row.lecturer, row.org);
  for (MemberIndex m : row.mentioned) NameIn(m, row.org);
}

void Engine::Impl::IndexNamed() {
  const Store& s = *store_;
  named_in_.Assign(s.members().size());
  const auto& acts = s.activities();
  for (ActivityIndex a = 0; a < static_cast<ActivityIndex>(acts.size()); ++a) {
    const OrgIndex o = acts.org[a];
    const auto name = [&](MemberIndex x) { named_in_.Add(x, o); };
    for (MemberIndex x : s.AttendeesOf(a)) name(x);
    for (MemberIndex x : s.TalkMembersOf(a)) name(x);
    for (const auto& x : s.AbsenteesOf(a)) name(x.member);
    for (const auto& d : s.DecisionsOf(a)) {
      for (MemberIndex x : s.SubjectsOf(d)) name(x);
      for (const auto& x : s.CandidatesOf(d)) name(x.member);
    }
    if (acts.lecturer[a] != kNone) name(acts.lecturer[a]);
  }
  for (const auto& [a, x] : acts.mentions) NameIn(x, acts.org[a]);
  dues_since_holders_ = 0;
  for (MemberIndex m = 0; m < static_cast<MemberIndex>(s.members().size()); ++m) {
    dues_since_holders_ += PaysFirst(m);
  }
}

std::optional<std::vector<OrgIndex>> Engine::Impl::NamedIn(MemberIndex m) const {
  if (named_in_.Outside(m)) return std::nullopt;
  std::vector<OrgIndex> orgs;
  orgs.reserve(4);  // most members are named by one org or two
  named_in_.ForEach(m, [&](OrgIndex o) { orgs.push_back(o); });
  return orgs;
}

std::optional<std::vector<ActivityIndex>> Engine::Impl::Naming(MemberIndex m, std::vector<DataIssue>& by_id,
                                                               std::vector<ActivityIndex>& mentioning) const {
  const Store& s = *store_;
  if (dues_unkeyed_[m]) return std::nullopt;
  const std::string_view id = s.members().id[m];
  // Activity a's references to it by id as data issues, in the order a
  // load reads its fields; whether one is in its decisions, observers or
  // owners.
  const auto named_by_id = [&](const model::wire::Activity& x, ActivityIndex a) {
    bool mentioned = false;
    const auto issue = [&](std::string_view field) {
      by_id.push_back(
          NamesNoMember(StrCat(model::At("activities", activity_position_[a]), field), id, s.activities().org[a], a));
    };
    if (x.lecturer_id() == id) issue(".lecturerId");
    for (int j = 0; j < x.absentees_size(); ++j) {
      if (!x.absentees(j).has_member_index() && x.absentees(j).member_id() == id) {
        issue(StrCat(".absentees[", j, "].memberId"));
      }
    }
    const auto mention = [&](std::string_view field) {
      issue(field);
      mentioned = true;
    };
    for (int j = 0; j < x.decisions_size(); ++j) {
      const auto& d = x.decisions(j);
      for (size_t k = 0; k < d.subject_member_ids().size(); ++k) {
        if (d.subject_member_ids()[k] == id) mention(StrCat(".decisions[", j, "].subjectMemberIds[", k, "]"));
      }
      for (size_t k = 0; k < d.candidate_member_ids().size(); ++k) {
        if (d.candidate_member_ids()[k] == id) mention(StrCat(".decisions[", j, "].candidateMemberIds[", k, "]"));
      }
    }
    for (size_t j = 0; j < x.talk_member_ids().size(); ++j) {
      if (x.talk_member_ids()[j] == id) issue(StrCat(".talkMemberIds[", j, "]"));
    }
    for (int j = 0; j < x.observer_ids_size(); ++j) {
      if (x.observer_ids(j) == id) mention(StrCat(".observerIds[", j, "]"));
    }
    for (int j = 0; j < x.resolutions_size(); ++j) {
      if (x.resolutions(j).owner_id() == id) mention(StrCat(".resolutions[", j, "].ownerId"));
    }
    for (size_t j = 0; j < x.attendee_ids().size(); ++j) {
      if (x.attendee_ids()[j] == id) issue(StrCat(".attendeeIds[", j, "]"));
    }
    return mentioned;
  };
  std::vector<ActivityIndex> naming;
  model::wire::Activity view;
  const std::optional<std::vector<OrgIndex>> orgs = NamedIn(m);
  if (!orgs) return std::nullopt;
  for (const OrgIndex o : *orgs) {
    for (const ActivityIndex a : s.ActivitiesOf(o)) {
      const auto attendees = s.AttendeesOf(a);
      const auto absent = s.AbsenteesOf(a);
      const auto talked = s.TalkMembersOf(a);
      const bool names = std::find(attendees.begin(), attendees.end(), m) != attendees.end() ||
                         std::any_of(absent.begin(), absent.end(), [m](const auto& x) { return x.member == m; }) ||
                         std::find(talked.begin(), talked.end(), m) != talked.end();
      if (names) naming.push_back(a);
      // A record names the id in one of its strings only if it names
      // members by id at all, and the id's bytes are among its own: the
      // others are not read.
      if (!(s.activities().recorded[a] & Store::Activities::kMemberIds)) continue;
      const std::string_view bytes = snapshot_.activities[activity_position_[a]];
      if (bytes.find(id) == std::string_view::npos) continue;
      if (!Read(view, bytes)) return std::nullopt;
      if (named_by_id(view, a)) mentioning.push_back(a);
    }
  }
  return naming;
}

std::optional<Engine::Impl::Removal> Engine::Impl::PlanRemoval(MemberIndex m) const {
  const Store& s = *store_;
  if (NamedByAnIssue(m) || names_a_member_by_place_) return std::nullopt;
  std::vector<DataIssue> by_id;
  std::vector<ActivityIndex> mentioning;
  std::optional<std::vector<ActivityIndex>> naming = Naming(m, by_id, mentioning);
  if (!naming) return std::nullopt;
  Removal out;
  out.paid_first = PaysFirst(m);
  if (out.paid_first && dues_since_holders_ <= 1) return std::nullopt;
  out.naming = *std::move(naming);
  out.mentioning = std::move(mentioning);
  out.by_id = std::move(by_id);
  // Whether each activity still lists anyone attending: its ids, or its
  // places but the member's and those of the members removed before it
  // that wait in the snapshot's list (ascending, as their places are).
  const int32_t index = Index(member_position_[m]);  // in snapshot.members
  // Whether index i is the member's or one waiting: Index orders the
  // places waiting as their indices are ordered.
  const auto waits = [&](int32_t i) {
    if (i == index) return true;
    return removed_places_.Has(i, [&](int32_t place) { return Index(place); });
  };
  model::wire::Activity activity;
  for (const ActivityIndex a : out.naming) {
    // Another member attending, who stays, is named by an id or by a place
    // that does not wait: the record need not be read.
    const auto attendees = s.AttendeesOf(a);
    if (std::any_of(attendees.begin(), attendees.end(), [m](MemberIndex x) { return x != m; })) {
      out.attendance.push_back(true);
      continue;
    }
    if (!Read(activity, snapshot_.activities[activity_position_[a]])) return std::nullopt;
    const auto& places = activity.attendee_indexes();
    out.attendance.push_back(activity.attendee_ids_size() > 0 ||
                             std::any_of(places.begin(), places.end(), [&](int32_t i) { return !waits(i); }));
  }
  out.held = PositionOrgs(m);
  // A data issue names a record by its place as a load of the snapshot
  // sees it: without the member, the members after it move up one, and
  // the rows of its positions, ledger, payments and events, which go with
  // it, take those after them up past them.
  const auto names_any = [&](ListByRow list) { return (rows_named_ >> list & 1) != 0; };
  // Rows as a load sees them: those waiting before them not counted.
  const auto as_loaded = [](const std::vector<int32_t>& rows, const WaitingRows& gone) {
    std::vector<int32_t> seen;
    for (const int32_t row : rows) seen.push_back(row - gone.Before(row));
    return seen;
  };
  if (!out.held.empty() && names_any(kPositionRows)) out.own[kPositionRows] = as_loaded(SnapshotPositionsOf(m), removed_positions_);
  if (names_any(kLedgerRows)) out.own[kLedgerRows] = as_loaded(LedgerRowsOf(m), removed_rows_);
  const auto paid = payment_rows_.find(m);
  const size_t paid_by_id = paid == payment_rows_.end() ? 0 : paid->second.size();
  const auto [first_paid, last_paid] = s.DuesOf(m);
  const bool pays_by_place = last_paid - first_paid > paid_by_id;
  if (names_any(kPaymentRows)) {
    // Where payments by place of members removed before it wait unmarked,
    // the rows a load gives are not known here.
    if (payments_by_place_wait_) return std::nullopt;
    if (pays_by_place) {
      model::wire::DuesPayment x;
      for (int i = 0; i < snapshot_.dues.size(); ++i) {
        if (x.Parse(snapshot_.dues[i]) && x.has_member_index() && x.member_index() == index) out.payments.push_back(i);
      }
    }
    std::vector<int32_t> rows = out.payments;
    if (paid_by_id > 0) MergeInto(rows, paid->second);
    out.own[kPaymentRows] = as_loaded(rows, removed_payments_);
  } else {
    out.payments_unplaced = pays_by_place;
  }
  if (names_any(kEventRows)) {
    if (const auto events = event_rows_.find(m); events != event_rows_.end()) {
      out.own[kEventRows] = as_loaded(events->second, removed_events_);
    }
  }
  return out;
}

std::vector<OrgIndex> Engine::Impl::PositionOrgs(MemberIndex m) const {
  std::vector<OrgIndex> out;
  positions_of_.ForEach(m, [&](int32_t i) { out.push_back(store_->positions().org[i]); });
  return out;
}

int Engine::Impl::FindPosition(const v1::Position& x) const {
  model::wire::Position p;
  for (int i = 0; i < snapshot_.positions.size(); ++i) {
    p.Parse(snapshot_.positions[i]);
    if (p.org_id() == x.org_id() && p.member_id() == x.member_id() && p.role() == x.role() &&
        !removed_positions_.Contains(i)) {
      return i;
    }
  }
  return -1;
}

std::vector<int32_t> Engine::Impl::SnapshotPositionsOf(MemberIndex m) const {
  absl::InlinedVector<int32_t, 4> held;
  positions_of_.ForEach(m, [&](int32_t i) { held.push_back(i); });
  if (held.empty()) return {};
  std::vector<int32_t> rows;
  for (const int32_t i : held) {
    if (snapshot_position_[i] == kNone) break;
    rows.push_back(snapshot_position_[i]);
  }
  std::sort(rows.begin(), rows.end());
  if (rows.size() == held.size() && std::adjacent_find(rows.begin(), rows.end()) == rows.end()) return rows;
  rows.clear();
  const std::string_view id = store_->members().id[m];
  model::wire::Position row;
  for (int i = 0; i < snapshot_.positions.size(); ++i) {
    if (row.Parse(snapshot_.positions[i]) && row.member_id() == id &&
        !removed_positions_.Contains(i)) {
      rows.push_back(i);
    }
  }
  return rows;
}

// Runs again the rules `readers` names: their families at each org `touched`
// names (with the families to look at), the unit rules if `units`, and the
// member rules for `members`, after dropping what they found of each member
// `gone_from` names at the org it left; writes what changed into `delta`, with the
// findings of the data issues the event changed (`issues`: a member removed
// adds those of the records that named it by its id, and moves the places
// others name). The record rules at each org `records_of` names judge the
// activities it names there alone, and the org's own (kNone names none),
// knowing a member of the org that `unnamed` pairs with it to be named by
// none of its activities (rules::CheckRecordsOf); at an org `touched` names
// with the record rules, they judge every one.
void Engine::Impl::Recheck(v1::Delta& delta, const Readers& readers,
                           std::vector<std::pair<OrgIndex, unsigned>> touched, bool units,
                           std::vector<MemberIndex> members, std::vector<std::pair<OrgIndex, MemberIndex>> gone_from,
                           const IssuesChanged& issues, std::vector<std::pair<OrgIndex, ActivityIndex>> records_of,
                           std::vector<std::pair<OrgIndex, MemberIndex>> unnamed) {
  std::sort(touched.begin(), touched.end());
  const Store& s = *store_;
  const check::CheckContext ctx = WholeStore(s, policy_, as_of_, from_, plans_.get());
  const auto stale = [&](const check::Finding& f) { return readers.rules[f.rule]; };
  Scratch& scratch = scratch_;
  scratch.added.clear(), scratch.resolved.clear();
  // What `judge` writes, into scratch.fresh's room, in place of what
  // `picked` picks of `list`.
  const auto rejudge = [&](std::vector<check::Finding>& list, const auto& picked, const auto& judge) {
    check::Sink sink(policy_, readers.rules);
    scratch.fresh.clear();
    sink.findings().swap(scratch.fresh);
    judge(sink);
    sink.findings().swap(scratch.fresh);
    Replace(list, picked, scratch);
  };
  // The lists of every org touched asked of memory before any is judged,
  // in two steps: each org's lists, then the first findings of those its
  // families name. At a province they lie far apart, and judging an org is
  // too long for the processor to reach the next org's while it waits.
  for (const auto& [o, families] : touched) {
    const char* lists = reinterpret_cast<const char*>(&by_org_[o]);
    for (size_t b = 0; b < sizeof(Lists); b += 64) __builtin_prefetch(lists + b);
    __builtin_prefetch(lists + sizeof(Lists) - 1);  // its last line, when they do not begin one
  }
  for (const auto& [o, families] : touched) {
    for (int f = 0; f < check::kFamilies; ++f) {
      if (families >> f & 1) __builtin_prefetch(by_org_[o][f].data());
    }
  }
  for (size_t i = 0; i < touched.size();) {
    const OrgIndex o = touched[i].first;
    unsigned families = 0;
    for (; i < touched.size() && touched[i].first == o; ++i) families |= touched[i].second;
    for (int f = 0; f < check::kFamilies; ++f) {
      if (!(families >> f & 1)) continue;
      rejudge(FoundAt(o)[f], stale,
              [&](check::Sink& sink) { check::CheckFamilyAt(ctx, static_cast<check::Family>(f), o, sink); });
    }
  }
  // The records of activities judged alone, org by org, but at an org
  // whose records were judged whole above.
  const auto judged_whole = [&](OrgIndex o) {
    for (auto t = std::lower_bound(touched.begin(), touched.end(), std::make_pair(o, 0u));
         t != touched.end() && t->first == o; ++t) {
      if (t->second >> check::kRecords & 1) return true;
    }
    return false;
  };
  std::sort(records_of.begin(), records_of.end());
  records_of.erase(std::unique(records_of.begin(), records_of.end()), records_of.end());
  std::vector<ActivityIndex> judged;  // ascending, as records_of is sorted
  for (size_t i = 0; i < records_of.size();) {
    const OrgIndex o = records_of[i].first;
    judged.clear();
    for (; i < records_of.size() && records_of[i].first == o; ++i) judged.push_back(records_of[i].second);
    if (o == kNone || judged_whole(o)) continue;
    const auto judged_again = [&](const check::Finding& f) {
      return stale(f) && (f.activity == kNone || std::binary_search(judged.begin(), judged.end(), f.activity));
    };
    const auto not_named = std::find_if(unnamed.begin(), unnamed.end(), [o](const auto& x) { return x.first == o; });
    const MemberIndex unnamed_member = not_named == unnamed.end() ? kNone : not_named->second;
    rejudge(FoundAt(o)[check::kRecords], judged_again,
            [&](check::Sink& sink) { rules::CheckRecordsOf(ctx, o, judged, sink, unnamed_member); });
  }
  for (const auto& [o, member] : gone_from) {
    rejudge(FoundAt(o)[check::kMembers], [&, member = member](const check::Finding& f) { return f.member == member; },
            [](check::Sink&) {});  // none found there now
  }
  // The members judged alone, branch by branch.
  const auto& org_of = s.members().org;
  std::sort(members.begin(), members.end(), [&](MemberIndex a, MemberIndex b) {
    return std::make_pair(org_of[a], a) < std::make_pair(org_of[b], b);
  });
  members.erase(std::unique(members.begin(), members.end()), members.end());
  for (auto first = members.begin(); first != members.end();) {
    const OrgIndex o = org_of[*first];
    const auto last = std::find_if(first, members.end(), [&](MemberIndex m) { return org_of[m] != o; });
    const absl::Span<const MemberIndex> alone(&*first, static_cast<size_t>(last - first));
    first = last;
    if (o == kNone) continue;
    // One member alone is looked for at the activities of the orgs that
    // may name it: at the province, the others' lists are far apart.
    const std::optional<std::vector<OrgIndex>> naming =
        alone.size() == 1 && readers.members_attendance ? NamedIn(alone[0]) : std::nullopt;
    rules::NamedAt named_at;
    if (naming) named_at.orgs = *naming;
    rejudge(FoundAt(o)[check::kMembers],
            [&](const check::Finding& f) {
              return stale(f) && std::binary_search(alone.begin(), alone.end(), f.member);
            },
            [&](check::Sink& sink) { rules::CheckMembersOf(ctx, o, alone, sink, named_at); });
  }
  if (units) {
    rejudge(whole_, stale, [&](check::Sink& sink) { rules::CheckSetupUnits(ctx, sink); });
  }
  check::Sink came(policy_, all_rules_), went(policy_, all_rules_);
  rules::CheckDataIssues(ctx, issues.after, came);
  rules::CheckDataIssues(ctx, issues.before, went);
  Found added_all = Where(scratch.added), resolved_all = Where(scratch.resolved);
  for (const check::Finding& f : came.findings()) added_all.push_back(&f);
  for (const check::Finding& f : went.findings()) resolved_all.push_back(&f);
  DeltaOf(std::move(added_all), std::move(resolved_all), delta);
}

void Engine::Impl::DeltaOf(Found added, Found resolved, v1::Delta& delta) {
  if (added.empty() && resolved.empty()) return;
  SortInLoadOrder(*store_, member_position_, added);
  SortInLoadOrder(*store_, member_position_, resolved);
  report::RenderFindings(added, *store_, policy_, lang_, *delta.mutable_added(), &spare_findings_);
  report::RenderFindings(resolved, *store_, policy_, lang_, *delta.mutable_resolved(), &spare_findings_);
}

void Engine::Impl::ClearKeeping(v1::Delta& delta) {
  if (delta.GetArena() == nullptr) {  // on an arena, ReleaseLast would copy
    for (auto* list : {delta.mutable_added(), delta.mutable_resolved()}) {
      while (!list->empty() && spare_findings_.size() < kSpareFindings) {
        spare_findings_.emplace_back(list->ReleaseLast());
      }
    }
  }
  delta.Clear();  // the findings left kept cleared, to be written again
}

// Every other event: the snapshot changed, the Store rebuilt, everything
// checked again, and the reports before and after compared.
absl::Status Engine::Impl::ApplyByRebuild(const v1::Event& event, v1::Delta& delta) {
  // Each report on an arena of its own (a province's holds a million
  // findings), freed whole.
  google::protobuf::Arena before_arena(report::LargeMessageArena());
  auto* before = google::protobuf::Arena::CreateMessage<v1::Report>(&before_arena);
  Report(*before);
  Mutate(event);
  // Validate refused whatever the load would refuse, so this cannot fail
  // but for want of memory; the snapshot is not copied to guard against that.
  absl::Status s = Rebuild();
  if (!s.ok()) return absl::InternalError(StrCat("rebuilding after the event: ", s.message()));
  google::protobuf::Arena after_arena(report::LargeMessageArena());
  auto* after = google::protobuf::Arena::CreateMessage<v1::Report>(&after_arena);
  Report(*after);
  Difference(*before, *after, delta);
  return absl::OkStatus();
}

void Engine::Impl::Difference(const v1::Report& before, const v1::Report& after, v1::Delta& delta) {
  Compare(before.findings(), after.findings(), [](const v1::Finding& f) { return report::DeterministicBytes(f); },
          [&](const v1::Finding& f) { report::AppendCopy(f, *delta.mutable_added()); },
          [&](const v1::Finding& f) { report::AppendCopy(f, *delta.mutable_resolved()); });
}

namespace {

// `x` put back at `at` of `list`, those from there on moving down one.
template <typename T>
void InsertAt(google::protobuf::RepeatedPtrField<T>& list, int at, T x) {
  *list.Add() = std::move(x);
  for (int k = list.size() - 1; k > at; --k) list.SwapElements(k, k - 1);
}
void InsertAt(google::protobuf::RepeatedField<int32_t>& list, int at, int32_t x) {
  list.Add(x);
  std::rotate(list.begin() + at, list.end() - 1, list.end());
}

}  // namespace

// What Compact took out of the snapshot, for the way back: the indices in
// snapshot.members of the members (ascending) and their records, and each
// reference that named one of them by place, by where it stood.
struct TakenOut {
  std::vector<int32_t> gone;
  std::vector<v1::Member> members;
  std::mutex lock;  // the activities are gone through on two threads
  std::vector<std::tuple<int, int, int, int32_t>> indexes;  // (activity, 0 attendee / 1 talk, place in the list, index)
  std::vector<std::tuple<int, int, v1::Activity::Absentee>> absentees;  // (activity, place, the absentee)
  std::vector<std::pair<int, v1::DuesLedger>> ledger;
  std::vector<std::pair<int, v1::DuesPayment>> dues;
  std::vector<std::pair<int, v1::MemberEvent>> events;
  std::vector<std::pair<int, v1::Position>> positions;  // ascending
};

namespace {

// Whether an activity names a member by a place at or after `first`.
bool NamesByPlaceFrom(const model::wire::Activity& a, int32_t first) {
  const auto from = [first](int32_t v) { return v >= first; };
  if (std::any_of(a.attendee_indexes().begin(), a.attendee_indexes().end(), from) ||
      std::any_of(a.talk_member_indexes().begin(), a.talk_member_indexes().end(), from)) {
    return true;
  }
  for (int k = 0; k < a.absentees_size(); ++k) {
    if (a.absentees(k).has_member_index() && from(a.absentees(k).member_index())) return true;
  }
  return false;
}

// The rows of `list` (a ledger's or payments) that name a member by place,
// each changed by `change`: a record read only where its view names one.
template <typename View, typename Message, typename Change>
void ForEachByPlace(Held<Message>& list, Change change) {
  View view;
  for (int i = 0; i < list.size(); ++i) {
    if (view.Parse(list[i]) && view.has_member_index()) change(i, view.member_index());
  }
}

// What Compact took out put back: every index moved down past those put
// back before it, then each reference and member where it stood (each
// list's in the order they stood, so that every one lands there).
void PutBack(HeldSnapshot& s, const TakenOut& out) {
  // An index c after it was c plus the number of i with gone[i] - i <= c.
  std::vector<int32_t> step(out.gone.size());
  for (size_t i = 0; i < step.size(); ++i) step[i] = out.gone[i] - static_cast<int32_t>(i);
  const auto before = [&](int32_t c) {
    return c + static_cast<int32_t>(std::upper_bound(step.begin(), step.end(), c) - step.begin());
  };
  auto indexes = out.indexes;
  std::sort(indexes.begin(), indexes.end());
  std::vector<const std::tuple<int, int, v1::Activity::Absentee>*> absent;
  for (const auto& x : out.absentees) absent.push_back(&x);
  std::sort(absent.begin(), absent.end(), [](const auto* a, const auto* b) {
    return std::tie(std::get<0>(*a), std::get<1>(*a)) < std::tie(std::get<0>(*b), std::get<1>(*b));
  });
  auto next_index = indexes.begin();
  auto next_absent = absent.begin();
  model::wire::Activity view;
  for (int i = 0; i < s.activities.size(); ++i) {
    const bool puts_back = (next_index != indexes.end() && std::get<0>(*next_index) == i) ||
                           (next_absent != absent.end() && std::get<0>(**next_absent) == i);
    if (!puts_back && (!Read(view, s.activities[i]) || !NamesByPlaceFrom(view, out.gone.front()))) continue;
    s.activities.Update(i, [&](v1::Activity& a) {
      for (int32_t& v : *a.mutable_attendee_indexes()) v = before(v);
      for (int32_t& v : *a.mutable_talk_member_indexes()) v = before(v);
      for (v1::Activity::Absentee& x : *a.mutable_absentees()) {
        if (x.has_member_index()) x.set_member_index(before(x.member_index()));
      }
      for (; next_index != indexes.end() && std::get<0>(*next_index) == i; ++next_index) {
        const auto& [activity, list, at, index] = *next_index;
        InsertAt(list == 0 ? *a.mutable_attendee_indexes() : *a.mutable_talk_member_indexes(), at, index);
      }
      for (; next_absent != absent.end() && std::get<0>(**next_absent) == i; ++next_absent) {
        InsertAt(*a.mutable_absentees(), std::get<1>(**next_absent), std::get<2>(**next_absent));
      }
    });
  }
  const auto follow = [&](auto& list) {
    return [&list, &before](int i, int32_t index) {
      if (before(index) != index) list.Update(i, [&](auto& x) { x.set_member_index(before(index)); });
    };
  };
  ForEachByPlace<model::wire::DuesLedger>(s.dues_ledger, follow(s.dues_ledger));
  for (const auto& [at, x] : out.ledger) s.dues_ledger.Insert(at, x);
  ForEachByPlace<model::wire::DuesPayment>(s.dues, follow(s.dues));
  for (const auto& [at, x] : out.dues) s.dues.Insert(at, x);
  for (const auto& [at, x] : out.events) s.events.Insert(at, x);
  for (size_t i = 0; i < out.gone.size(); ++i) s.members.Insert(out.gone[i], out.members[i]);
  for (const auto& [at, x] : out.positions) s.positions.Insert(at, x);
}

}  // namespace

std::shared_ptr<TakenOut> Engine::Impl::Compact() const {
  if (removed_places_.empty()) return nullptr;
  HeldSnapshot& s = snapshot_;
  auto out = std::make_shared<TakenOut>();
  std::vector<int32_t>& gone = out->gone;
  const std::vector<int32_t>& places = removed_places_.All();
  for (const int32_t place : places) gone.push_back(Index(place));
  const int32_t first = gone.front();
  const auto is_gone = [&](int32_t v) { return v >= first && std::binary_search(gone.begin(), gone.end(), v); };
  // An index after those gone: less the number gone before it.
  const auto moved = [&](int32_t v) {
    return v < first ? v : v - Before(gone, v);
  };
  // A member's place as the records written again name it: nothing for one
  // gone.
  const auto place_after = [&](int32_t v) -> std::optional<int32_t> {
    if (is_gone(v)) return std::nullopt;
    return moved(v);
  };
  // What is kept for the way back, and which records name a member by place
  // after the first gone, found before anything changes: running out of
  // memory (or of threads) before the records are written again leaves the
  // snapshot as it was. Each is then written over its own bytes, asking for
  // no more than a record's room; out of memory there, the Engine is to be
  // created again (engine.h).
  for (const int32_t g : gone) out->members.push_back(s.members.Get(g));
  for (const int32_t row : removed_positions_.All()) out->positions.emplace_back(row, s.positions.Get(row));
  std::vector<int32_t> compacted;
  compacted.reserve(compacted_places_.size() + places.size());
  std::merge(compacted_places_.begin(), compacted_places_.end(), places.begin(), places.end(),
             std::back_inserter(compacted));
  // The references by place: the activities read on two threads, each
  // marked where it names a member after the first gone, and written again
  // below once nothing else can fail: not kept written beside the others
  // (at a province, most of the records, gigabytes).
  std::vector<char> rewritten(s.activities.size(), 0);
  OnTwoThreads(s.activities.size(), [&](size_t i) {
    thread_local std::string scratch;
    const std::string_view bytes = s.activities[static_cast<int>(i)];
    const int activity = static_cast<int>(i);
    const bool well_formed = RewriteActivityPlaces(
        bytes, scratch,
        [&](int list, int k, int32_t v) {
          const std::optional<int32_t> now = place_after(v);
          if (!now && list < 2) {
            const std::lock_guard<std::mutex> hold(out->lock);
            out->indexes.emplace_back(activity, list, k, v);
          }
          return now;
        },
        [&](int k, std::string_view absentee) {
          v1::Activity::Absentee x;
          x.ParseFromArray(absentee.data(), static_cast<int>(absentee.size()));
          const std::lock_guard<std::mutex> hold(out->lock);
          out->absentees.emplace_back(activity, k, std::move(x));
        });
    // Held records are well formed; bytes unchanged name no place after the first gone.
    rewritten[i] = well_formed && scratch != bytes;
  });
  // The ledger's rows and the payments that name one of them by place go,
  // with those marked to go with them (by their ids), the others after the
  // first gone follow.
  const auto drop = [&](auto& list, auto& was, auto view, const std::vector<int32_t>& marked) {
    std::vector<int> follow;  // renumbered below, as the activities are
    ForEachByPlace<decltype(view)>(list, [&](int i, int32_t index) {
      if (is_gone(index)) {
        was.emplace_back(i, list.Get(i));
      } else if (index >= first) {
        follow.push_back(i);
      }
    });
    for (const int32_t i : marked) {
      if (view.Parse(list[i]) && !view.has_member_index()) was.emplace_back(i, list.Get(i));
    }
    std::sort(was.begin(), was.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return follow;
  };
  const std::vector<int> ledger = drop(s.dues_ledger, out->ledger, model::wire::DuesLedger(), removed_rows_.All());
  const std::vector<int> dues = drop(s.dues, out->dues, model::wire::DuesPayment(), removed_payments_.All());
  for (const int32_t i : removed_events_.All()) out->events.emplace_back(i, s.events.Get(i));
  // Then written: the activities, each over its own bytes, which it does not
  // outgrow (its places no larger, its lists packed), on two threads; the
  // rows following; those gone taken out.
  const auto write_again = [&](int activity, std::string& into) {
    RewriteActivityPlaces(
        s.activities[activity], into, [&](int, int, int32_t v) { return place_after(v); }, [](int, std::string_view) {});
  };
  std::atomic<size_t> released{0};
  std::vector<char> outgrown(s.activities.size(), 0);  // not written over its own bytes (a record of kLarge bytes)
  OnTwoThreads(s.activities.size(), [&](size_t i) {
    if (!rewritten[i]) return;
    thread_local std::string scratch;
    write_again(static_cast<int>(i), scratch);
    const std::optional<size_t> gave_up = s.activities.WriteOver(static_cast<int>(i), scratch);
    if (gave_up) {
      released += *gave_up;
    } else {
      outgrown[i] = 1;
    }
  });
  s.activities.Released(released);
  for (int i = 0; i < s.activities.size(); ++i) {
    if (!outgrown[i]) continue;
    std::string scratch;
    write_again(i, scratch);
    s.activities.Set(i, scratch);
  }
  const auto renumber = [&](auto& list, const std::vector<int>& rows) {
    for (const int i : rows) {
      auto x = list.Get(i);
      x.set_member_index(moved(x.member_index()));
      const std::string bytes = x.SerializeAsString();
      if (const std::optional<size_t> gave_up = list.WriteOver(i, bytes)) {
        list.Released(*gave_up);
      } else {
        list.Set(i, bytes);
      }
    }
  };
  renumber(s.dues_ledger, ledger);
  renumber(s.dues, dues);
  const auto take_out = [](auto& list, const auto& was) {
    if (was.empty()) return;
    std::vector<int32_t> rows;
    for (const auto& [at, row] : was) rows.push_back(at);
    list.KeepIf([&](int i) { return !std::binary_search(rows.begin(), rows.end(), i); });
  };
  take_out(s.dues_ledger, out->ledger);
  take_out(s.dues, out->dues);
  take_out(s.events, out->events);
  // The payments and events that name a member by its id follow theirs.
  const auto follow_by_id = [](HashMap<MemberIndex, std::vector<int32_t>>& by_member, const auto& was) {
    if (was.empty()) return;
    std::vector<int32_t> rows;
    for (const auto& [at, row] : was) rows.push_back(at);
    for (auto& [member, own] : by_member) {
      for (int32_t& row : own) row -= Before(rows, row);
    }
  };
  follow_by_id(payment_rows_, out->dues);
  follow_by_id(event_rows_, out->events);
  s.members.KeepIf([&](int i) { return !std::binary_search(gone.begin(), gone.end(), i); });
  // The rows of the ledger the Engine finds by member and year follow theirs.
  if (!out->ledger.empty()) {
    std::vector<int32_t> rows;
    for (const auto& [at, row] : out->ledger) rows.push_back(at);
    ledger_rows_.TakeOut(rows);
  }
  // Their positions, and the rows found by (org, member, role) after them.
  if (!removed_positions_.empty()) {
    s.positions.KeepIf([&](int i) { return !removed_positions_.Contains(i); });
    RowsTakenOut(snapshot_position_, removed_positions_.All());
  }
  compacted_places_ = std::move(compacted);
  removed_rows_.clear();
  removed_payments_.clear();
  removed_events_.clear();
  payments_by_place_wait_ = false;
  removed_places_.clear();
  removed_positions_.clear();
  return out;
}

void Engine::Impl::CompactInBatch() {
  // What waited to be taken out, waiting again on the way back.
  struct Waiting {
    WaitingRows places;
    std::vector<int32_t> compacted;
    WaitingRows positions, rows, payments, events;
    bool payments_by_place;
  };
  Waiting was{removed_places_, compacted_places_, removed_positions_, removed_rows_,
              removed_payments_, removed_events_, payments_by_place_wait_};
  std::shared_ptr<TakenOut> out = Compact();
  if (!out || !journaling_) return;
  undo_.push_back([this, out, was = std::move(was)](HeldSnapshot& x) {
    PutBack(x, *out);
    removed_places_ = was.places;
    compacted_places_ = was.compacted;
    removed_positions_ = was.positions;
    removed_rows_ = was.rows;
    removed_payments_ = was.payments;
    removed_events_ = was.events;
    payments_by_place_wait_ = was.payments_by_place;
  });
}

void Engine::Impl::Mark(WaitingRows& marked, const std::vector<int32_t>& rows) {
  if (rows.empty()) return;
  marked.Add(rows);
  if (!journaling_) return;
  undo_.push_back([&marked, rows](HeldSnapshot&) {
    for (const int32_t row : rows) marked.Erase(row);
  });
}

std::optional<Day> Engine::Impl::TransferInAdded(const v1::MemberMoved& moved) const {
  if (moved.on().empty()) return std::nullopt;
  const std::optional<Day> on = ParseDate(moved.on());
  if (!on) return std::nullopt;
  const auto rows = event_rows_.find(store_->FindMember(moved.member_id()));
  if (rows == event_rows_.end()) return on;
  model::wire::MemberEvent held;
  for (const int32_t i : rows->second) {
    if (held.Parse(snapshot_.events[i]) && held.kind() == v1::MemberEvent::TRANSFERRED_IN && ParseDate(held.on()) == on) {
      return std::nullopt;
    }
  }
  return on;
}

void Engine::Impl::Mutate(const v1::Event& e) {
  HeldSnapshot& s = snapshot_;
  const auto member_index = [&](const std::string& id) {
    return Index(member_position_[store_->FindMember(id)]);
  };
  // The way back of a change, kept while a batch is applied.
  const auto back = [&](std::function<void(HeldSnapshot&)> step) {
    if (journaling_) undo_.push_back(std::move(step));
  };
  // The i-th record of `list` about to change: the way back puts its bytes back.
  const auto keep = [&](auto list, int i) {
    if (journaling_) back([list, i, was = std::string((s.*list)[i])](HeldSnapshot& x) { (x.*list).Set(i, was); });
  };
  // Event x held last, among its member's; the way back takes it out.
  const auto hold_event = [&](const v1::MemberEvent& x) {
    Hold(s.events, x);
    const MemberIndex m = store_->FindMember(x.member_id());
    event_rows_[m].push_back(s.events.size() - 1);
    back([this, m](HeldSnapshot& y) {
      y.events.RemoveLast();
      if (std::vector<int32_t>& rows = event_rows_[m]; rows.pop_back(), rows.empty()) event_rows_.erase(m);
    });
  };
  switch (e.change_case()) {
    case v1::Event::kMemberAdded:
      Hold(s.members, e.member_added());
      back([](HeldSnapshot& x) { x.members.RemoveLast(); });
      break;
    case v1::Event::kMemberRemoved: {
      // It waits in the list to be taken out (Compact), with every reference
      // by place after it.
      const MemberIndex removed = store_->FindMember(e.member_removed());
      const int32_t place = member_position_[removed];
      removed_places_.Add(place);
      back([this, place](HeldSnapshot&) { removed_places_.Erase(place); });
      // Its rows of the ledger, its payments by its id and its events wait
      // with it (those by its place go as it goes).
      Mark(removed_rows_, LedgerRowsOf(removed));
      if (const auto paid = payment_rows_.find(removed); paid != payment_rows_.end()) Mark(removed_payments_, paid->second);
      if (const auto events = event_rows_.find(removed); events != event_rows_.end()) Mark(removed_events_, events->second);
      // Its positions wait with it (their rows of the Store name no one).
      Mark(removed_positions_, SnapshotPositionsOf(removed));
      break;
    }
    case v1::Event::kMemberMoved: {
      const v1::MemberMoved& x = e.member_moved();
      const int i = member_index(x.member_id());
      keep(&HeldSnapshot::members, i);
      // Its bytes written with the org, group and home org it has now (held
      // records are well formed: a load read them).
      std::string moved;
      RewriteStrings(s.members[i],
                     {{v1::Member::kOrgIdFieldNumber, x.org_id()},
                      {v1::Member::kGroupIdFieldNumber, x.group_id()},
                      {v1::Member::kHomeOrgIdFieldNumber, x.home_org_id()}},
                     moved);
      s.members.Set(i, moved);
      if (TransferInAdded(x)) {
        v1::MemberEvent in;
        in.set_member_id(x.member_id());
        in.set_kind(v1::MemberEvent::TRANSFERRED_IN);
        in.set_on(x.on());
        hold_event(in);
      }
      break;
    }
    case v1::Event::kMemberEventRecorded:
      hold_event(e.member_event_recorded());
      break;
    case v1::Event::kStatusChanged: {
      const int i = member_index(e.status_changed().member_id());
      keep(&HeldSnapshot::members, i);
      s.members.Update(i, [&](v1::Member& m) {
        m.set_status(e.status_changed().status());
        if (!e.status_changed().full_on().empty()) m.set_full_on(e.status_changed().full_on());
      });
      break;
    }
    case v1::Event::kPositionChanged: {
      const v1::Position& x = e.position_changed();
      const OrgIndex o = store_->FindOrg(x.org_id());
      const MemberIndex m = x.member_id().empty() ? kNone : store_->FindMember(x.member_id());
      // Its row of the Store, set in place already; none before a rebuild,
      // which finds every row again.
      const int32_t row = o == kNone || m == kNone ? kNone : model::StoreEdit(*store_).FindPosition(o, m, x.role());
      if (row != kNone && static_cast<size_t>(row) >= snapshot_position_.size()) {
        snapshot_position_.resize(static_cast<size_t>(row) + 1, kNone);
      }
      const int i = row != kNone ? (snapshot_position_[row] == kNone ? -1 : snapshot_position_[row]) : FindPosition(x);
      if (i < 0 && row != kNone) snapshot_position_[row] = s.positions.size();
      if (i < 0) {
        back([](HeldSnapshot& y) { y.positions.RemoveLast(); });
        Hold(s.positions, x);
      } else {
        keep(&HeldSnapshot::positions, i);
        Hold(s.positions, x, i);
      }
      break;
    }
    case v1::Event::kTermOpened: {
      const v1::Term& x = e.term_opened();
      if (terms_by_org_.empty()) {
        model::wire::Term term;
        for (int i = 0; i < s.terms.size(); ++i) {
          if (term.Parse(s.terms[i])) terms_by_org_[std::string(term.org_id())].push_back(i);
        }
      }
      std::vector<int32_t>& of_org = terms_by_org_[x.org_id()];
      std::vector<int32_t> ended;  // the open terms it ends
      for (const int32_t i : of_org) {
        v1::Term t = s.terms.Get(i);
        if (t.ended_on().empty() && t.started_on() <= x.started_on()) {
          t.set_ended_on(x.started_on());
          s.terms.Set(i, t);
          ended.push_back(i);
        }
      }
      back([ended = std::move(ended)](HeldSnapshot& y) {
        y.terms.RemoveLast();
        for (const int32_t i : ended) y.terms.Update(i, [](v1::Term& t) { t.clear_ended_on(); });
      });
      of_org.push_back(s.terms.size());
      Hold(s.terms, x);
      break;
    }
    case v1::Event::kActivityRecorded:
      Hold(s.activities, e.activity_recorded());
      back([](HeldSnapshot& y) { y.activities.RemoveLast(); });
      break;
    case v1::Event::kActivityCorrected: {
      const int i = activity_position_[store_->activities().id.Find(e.activity_corrected().id())];
      keep(&HeldSnapshot::activities, i);
      Hold(s.activities, e.activity_corrected(), i);
      break;
    }
    case v1::Event::kDuesPaid: {
      const v1::DuesLedger& x = e.dues_paid();
      const MemberIndex m = x.has_member_index() ? kNone : store_->FindMember(x.member_id());
      const int32_t row = m == kNone ? kNone : ledger_rows_.Find(m, x.year());
      if (row != kNone) {
        keep(&HeldSnapshot::dues_ledger, row);
        s.dues_ledger.Update(row, [&](v1::DuesLedger& r) { r.set_paid_months(r.paid_months() | x.paid_months()); });
      } else {
        Hold(s.dues_ledger, x);
        back([](HeldSnapshot& y) { y.dues_ledger.RemoveLast(); });
      }
      break;
    }
    case v1::Event::kOrgAdded:
      Hold(s.orgs, e.org_added());
      back([](HeldSnapshot& y) { y.orgs.RemoveLast(); });
      break;
    case v1::Event::kOrgMoved:
    case v1::Event::kOrgDissolved: {
      const bool moved = e.change_case() == v1::Event::kOrgMoved;
      const std::string& id = moved ? e.org_moved().org_id() : e.org_dissolved().org_id();
      const int i = org_place_[store_->FindOrg(id)];
      keep(&HeldSnapshot::orgs, i);
      s.orgs.Update(i, [&](v1::Org& o) {
        if (moved) {
          o.set_parent_id(e.org_moved().parent_id());
        } else {
          o.set_dissolved_on(e.org_dissolved().on());
        }
      });
      break;
    }
    case v1::Event::CHANGE_NOT_SET:
      break;
  }
}

}  // namespace dangjian
