// Appending a message of a snapshot to the Input: each record checked alone,
// each id interned.
#include "lib/model/input.h"

#include <array>
#include <cstring>

#include "lib/huge_pages.h"
#include "lib/model/store_edit.h"
#include "lib/model/wire.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian::model {
namespace {

// The day each month a payment names begins, as ParseMonth says, worked out
// once a month: a load's payments name a few dozen months, each a million
// times. By the month's seven bytes, in 64 slots.
class MonthDays {
 public:
  // kNoDay when `text` is not a month. The key is put together in registers,
  // and the day returned as a plain value: a store through memory read back
  // wider stalls, and a dues table calls this once a row.
  Day operator()(std::string_view text) {
    if (text.size() != 7) return ParseMonth(text).value_or(kNoDay);
    uint32_t low, high;
    std::memcpy(&low, text.data(), 4);
    std::memcpy(&high, text.data() + 3, 4);
    const uint64_t key = low | uint64_t{high} << 24;  // the 7 bytes
    Slot& slot = slots_[(key * 0x9E3779B97F4A7C15u) >> 58];
    if (slot.day != kNoDay && slot.key == key) return slot.day;
    const Day day = ParseMonth(text).value_or(kNoDay);
    if (day != kNoDay) slot = {key, day};
    return day;
  }

 private:
  struct Slot {
    uint64_t key = 0;
    Day day = kNoDay;
  };
  std::array<Slot, 64> slots_;
};

template <typename EnumValid>
absl::Status RequireEnum(std::string_view list, size_t i, std::string_view field, int value, EnumValid valid,
                         std::string_view type) {
  if (value == 0) return Invalid(At(list, i, field), "missing (required)");
  if (!valid(value)) return Invalid(At(list, i, field), StrCat("unknown ", type, " ", value));
  return absl::OkStatus();
}

// An optional enum field; `path()` names it, and is only called to say so.
template <typename Path, typename EnumValid>
absl::Status OptionalEnum(Path path, int value, EnumValid valid, std::string_view type) {
  if (value != 0 && !valid(value)) return Invalid(path(), StrCat("unknown ", type, " ", value));
  return absl::OkStatus();
}

absl::Status RequireId(std::string_view list, size_t i, std::string_view field, std::string_view id) {
  return id.empty() ? Invalid(At(list, i, field), "missing (required)") : absl::OkStatus();
}

// A date field into `day`: kNoDay when empty; an error when malformed, or
// required and absent.
absl::Status Date(std::string_view list, size_t i, std::string_view field, std::string_view text, Day& day,
                  bool required = false) {
  if (text.empty()) {
    if (required) return Invalid(At(list, i, field), "missing (required)");
    day = kNoDay;
    return absl::OkStatus();
  }
  std::optional<Day> parsed = ParseDate(text);
  if (!parsed) return Invalid(At(list, i, field), StrCat("\"", text, "\" is not a date (YYYY-MM-DD)"));
  day = *parsed;
  return absl::OkStatus();
}

// The names of `more_members` members after `members_before`, as
// AppendName (store.h) adds each.
void AppendNames(Ids& names, size_t members_before, const Ids& more, size_t more_members) {
  if (more.size() == 0 && names.size() == 0) return;
  while (names.size() < members_before) names.Append("");
  names.Append(more);
  while (names.size() < members_before + more_members) names.Append("");
}

// The id of record `i` of `list`: an error when it is empty or overlong.
absl::Status Identify(std::string_view list, size_t i, std::string_view id, const LoadLimits& limits) {
  if (id.empty()) return Invalid(At(list, i, "id"), "missing (required)");
  if (id.size() > limits.max_string_bytes) {
    return Invalid(At(list, i, "id"), StrCat("longer than ", limits.max_string_bytes, " bytes"));
  }
  return absl::OkStatus();
}

// Defines the record `i` of `list` with `id`: its symbol, or an error for an
// empty, overlong or duplicate id.
absl::Status Define(Symbols& symbols, std::string_view list, size_t i, std::string_view id,
                    const LoadLimits& limits, int32_t& symbol) {
  DJ_RETURN_IF_ERROR(Identify(list, i, id, limits));
  symbol = symbols.Ref(id);
  if (symbols.defined[symbol] != kNone) {
    return Invalid(At(list, i, "id"),
                   StrCat("duplicate id \"", id, "\" (also ", At(list, symbols.defined[symbol]), ")"));
  }
  symbols.defined[symbol] = static_cast<int32_t>(i);
  return absl::OkStatus();
}

// A member by its position, or false unless it is a position at all; whether
// a member stands there is known only at the end.
bool Position(int64_t position, MemberRef& ref) {
  if (position < 0 || position >= int64_t{0x7FFFFFFF}) return false;
  ref = kByPosition | static_cast<MemberRef>(position);
  return true;
}

absl::Status NotAPosition(const std::string& path, int64_t position) {
  return Invalid(path, StrCat(position, " is not a position in members"));
}

}  // namespace

class Appender {
 public:
  Appender(const LoadLimits& limits, Input& in, MemberTally* tally = nullptr)
      : limits_(limits), in_(in), tally_(tally) {}

  // A Snapshot message straight from its wire bytes: false in `well_formed`
  // when they are not one.
  absl::Status AppendWire(std::string_view bytes, bool& well_formed) {
    absl::Status status;
    const auto count = [&]() -> bool {
      if (++in_.records <= limits_.max_records) return true;
      status = absl::InvalidArgumentError(StrCat("more than the limit of ", limits_.max_records, " records"));
      return false;
    };
    const int depth = limits_.max_depth;  // records are 1 deep, their parts 2
    // Every record is read, even past an error, so that malformed bytes are
    // refused as such wherever they are; records are added until an error.
    const auto record = [&](uint32_t field, std::string_view body) -> bool {
      if (depth < 1) return false;
      if (tally_ != nullptr && field >= 4) {  // the hierarchy alone: members and dues tallied, the rest passed over
        switch (field) {
          case 4: return member_.Parse(body) && Tally(member_);
          case 8: return payment_.Parse(body) && TallyDues(payment_, ParseMonth(payment_.month()));
          case 9:
            if (!ledger_.Parse(body)) return false;
            if (Input::Ledger::Plausible(ledger_.year()) && Input::Ledger::Months(ledger_.paid_months()) != 0) {
              return TallyDues(ledger_, FirstMonthPaid(ledger_.year(), Input::Ledger::Months(ledger_.paid_months())));
            }
        }
        return true;
      }
      const auto add = [&](bool parsed, auto& view, auto append) {
        if (parsed && status.ok() && count()) status = (this->*append)(view);
        return parsed;
      };
      switch (field) {
        case 2: return add(unit_.Parse(body), unit_, &Appender::Unit<wire::Unit>);
        case 3: return add(org_.Parse(body), org_, &Appender::Org<wire::Org>);
        case 4: return add(member_.Parse(body), member_, &Appender::Member<wire::Member>);
        case 5: return add(position_.Parse(body), position_, &Appender::Position<wire::Position>);
        case 6: return add(term_.Parse(body), term_, &Appender::Term<wire::Term>);
        case 7: return add(activity_.Parse(body, depth - 1), activity_, &Appender::Activity<wire::Activity>);
        case 8: return add(payment_.Parse(body), payment_, &Appender::Payment<wire::DuesPayment>);
        case 9: return add(ledger_.Parse(body), ledger_, &Appender::Ledger<wire::DuesLedger>);
        case 10: return add(event_.Parse(body), event_, &Appender::Event<wire::MemberEvent>);
      }
      return true;
    };
    const auto version = [&](int32_t v) {
      if (!status.ok() || v == 0) return;
      if (v != 1) status = Invalid("schemaVersion", StrCat("unsupported version ", v, " (this library reads 1)"));
      else in_.schema_version = v;
    };
    well_formed = wire::ForEachRecord(bytes, record, version);
    return status;
  }

  absl::Status Append(const v1::Snapshot& s) {
    if (s.schema_version() != 0) {
      if (s.schema_version() != 1) {
        return Invalid("schemaVersion", StrCat("unsupported version ", s.schema_version(), " (this library reads 1)"));
      }
      in_.schema_version = s.schema_version();
    }
    in_.records += RecordCount(s);
    if (in_.records > limits_.max_records) {
      return absl::InvalidArgumentError(StrCat("more than the limit of ", limits_.max_records, " records"));
    }
    for (const v1::Unit& x : s.units()) DJ_RETURN_IF_ERROR(Unit(x));
    for (const v1::Org& x : s.orgs()) DJ_RETURN_IF_ERROR(Org(x));
    for (const v1::Member& x : s.members()) DJ_RETURN_IF_ERROR(Member(x));
    for (const v1::Position& x : s.positions()) DJ_RETURN_IF_ERROR(Position(x));
    for (const v1::Term& x : s.terms()) DJ_RETURN_IF_ERROR(Term(x));
    for (const v1::Activity& x : s.activities()) DJ_RETURN_IF_ERROR(Activity(x));
    for (const v1::DuesPayment& x : s.dues()) DJ_RETURN_IF_ERROR(Payment(x));
    for (const v1::DuesLedger& x : s.dues_ledger()) DJ_RETURN_IF_ERROR(Ledger(x));
    for (const v1::MemberEvent& x : s.events()) DJ_RETURN_IF_ERROR(Event(x));
    return absl::OkStatus();
  }

 private:
  friend class RecordAppender;
  bool Tally(const wire::Member& x) {
    ++tally_->members;
    tally_->member_ids.push_back(x.id());
    if (x.org_id().empty()) return true;  // refused when its part is loaded
    const auto symbol = static_cast<size_t>(in_.org_ids.Ref(x.org_id()));
    if (symbol >= tally_->full.size()) {
      tally_->full.resize(std::max(symbol + 1, 2 * tally_->full.size()), 0);
      tally_->probationary.resize(tally_->full.size(), 0);
    }
    ++(x.status() == v1::Member::FULL ? tally_->full : tally_->probationary)[symbol];
    return true;
  }
  // A dues record paying from `month` (none: not a record a load takes),
  // kept when it is before the tally's `dues_before`.
  template <typename Record>
  bool TallyDues(const Record& x, std::optional<Day> month) {
    if (!month || (tally_->dues_before != kNoDay && *month >= tally_->dues_before)) return true;
    if (x.has_member_index()) {
      if (x.member_index() >= 0) tally_->dues.push_back({*month, x.member_index(), {}});
    } else if (!x.member_id().empty()) {
      tally_->dues.push_back({*month, -1, x.member_id()});
    }
    return true;
  }

  MemberRef MemberById(std::string_view id) {
    if (id.empty() || !in_.keeps_member_refs) return kNoMemberRef;
    // Records come grouped by member (a member's dues, month after month):
    // the member named last is looked at before the hash.
    if (last_member_ < in_.member_refs.size() && in_.member_refs[last_member_] == id) return last_member_;
    return last_member_ = static_cast<MemberRef>(in_.member_refs.Insert(id).first);
  }

  // A member given by id or by position (`member_index`), one of them required.
  template <typename Record>
  absl::Status RequiredMember(std::string_view list, size_t i, const Record& x, MemberRef& ref) {
    if (x.has_member_index()) {
      if (!model::Position(x.member_index(), ref)) return NotAPosition(At(list, i, "memberIndex"), x.member_index());
      return absl::OkStatus();
    }
    DJ_RETURN_IF_ERROR(RequireId(list, i, "memberId", x.member_id()));
    ref = MemberById(x.member_id());
    return absl::OkStatus();
  }

  template <typename X>
  absl::Status Unit(const X& x) {
    Input::Units& u = in_.units;
    const size_t i = u.symbol.size();
    int32_t symbol;
    DJ_RETURN_IF_ERROR(Define(in_.unit_ids, "units", i, x.id(), limits_, symbol));
    u.symbol.push_back(symbol);
    u.name.emplace_back(x.name());
    u.staff.push_back(x.has_staff_count() ? x.staff_count() : kNotGiven);
    u.party_staff.push_back(x.has_party_staff_count() ? x.party_staff_count() : kNotGiven);
    return absl::OkStatus();
  }

  template <typename X>
  absl::Status Org(const X& x) {
    Input::Orgs& o = in_.orgs;
    const size_t i = o.symbol.size();
    int32_t symbol;
    DJ_RETURN_IF_ERROR(Define(in_.org_ids, "orgs", i, x.id(), limits_, symbol));
    DJ_RETURN_IF_ERROR(RequireEnum("orgs", i, "kind", x.kind(), v1::Org::Kind_IsValid, "Org.Kind"));
    Day established, dissolved;
    DJ_RETURN_IF_ERROR(Date("orgs", i, "establishedOn", x.established_on(), established));
    DJ_RETURN_IF_ERROR(Date("orgs", i, "dissolvedOn", x.dissolved_on(), dissolved));
    o.symbol.push_back(symbol);
    o.parent.push_back(in_.org_ids.RefOrNone(x.parent_id()));
    o.name.emplace_back(x.name());
    o.kind.push_back(x.kind());
    o.established.push_back(established);
    o.dissolved.push_back(dissolved);
    o.approved_exception.push_back(x.approved_exception());
    for (const auto& unit : x.unit_ids()) o.units.push_back(in_.unit_ids.Ref(unit));
    o.unit_offsets.push_back(o.units.size());
    return absl::OkStatus();
  }

  template <typename X>
  absl::Status Member(const X& x) {
    Input::Members& m = in_.members;
    const size_t i = m.org.size();
    DJ_RETURN_IF_ERROR(Identify("members", i, x.id(), limits_));
    DJ_RETURN_IF_ERROR(RequireId("members", i, "orgId", x.org_id()));
    DJ_RETURN_IF_ERROR(RequireEnum("members", i, "status", x.status(), v1::Member::Status_IsValid, "Member.Status"));
    DJ_RETURN_IF_ERROR(OptionalEnum([&] { return At("members", i, "duesCategory"); }, x.dues_category(),
                                    v1::Member::DuesCategory_IsValid, "Member.DuesCategory"));
    Day admitted, full, lost;
    DJ_RETURN_IF_ERROR(Date("members", i, "admittedOn", x.admitted_on(), admitted));
    DJ_RETURN_IF_ERROR(Date("members", i, "fullOn", x.full_on(), full));
    DJ_RETURN_IF_ERROR(Date("members", i, "lostContactSince", x.lost_contact_since(), lost));
    in_.member_ids.Append(x.id());  // duplicates are found when the Store is built
    AppendName(in_.member_names, i, x.name());
    m.org.push_back(in_.org_ids.Ref(x.org_id()));
    m.group.push_back(in_.org_ids.RefOrNone(x.group_id()));
    m.unit.push_back(in_.unit_ids.RefOrNone(x.unit_id()));
    m.home.push_back(in_.org_ids.RefOrNone(x.home_org_id()));
    m.status.push_back(x.status());
    m.admitted.push_back(admitted);
    m.full.push_back(full);
    m.lost_contact.push_back(lost);
    m.extended_months.push_back(x.probation_extended_months());
    m.leading_cadre.push_back(x.leading_cadre());
    m.dues_exempt.push_back(x.dues_exempt_approved());
    m.dues_category.push_back(x.dues_category());
    m.income.push_back(x.has_monthly_income_cents() ? x.monthly_income_cents() : kAmountNotGiven);
    return absl::OkStatus();
  }

  template <typename X>
  absl::Status Position(const X& x) {
    Input::Positions& p = in_.positions;
    const size_t i = p.org.size();
    DJ_RETURN_IF_ERROR(RequireId("positions", i, "orgId", x.org_id()));
    DJ_RETURN_IF_ERROR(RequireId("positions", i, "memberId", x.member_id()));
    DJ_RETURN_IF_ERROR(RequireEnum("positions", i, "role", x.role(), v1::Position::Role_IsValid, "Position.Role"));
    Day since, until;
    DJ_RETURN_IF_ERROR(Date("positions", i, "since", x.since(), since));
    DJ_RETURN_IF_ERROR(Date("positions", i, "until", x.until(), until));
    p.org.push_back(in_.org_ids.Ref(x.org_id()));
    p.member.push_back(MemberById(x.member_id()));
    p.role.push_back(x.role());
    p.since.push_back(since);
    p.until.push_back(until);
    p.approved.push_back(x.approved());
    return absl::OkStatus();
  }

  template <typename X>
  absl::Status Term(const X& x) {
    Input::Terms& t = in_.terms;
    const size_t i = t.org.size();
    DJ_RETURN_IF_ERROR(RequireId("terms", i, "orgId", x.org_id()));
    Day started, ended;
    DJ_RETURN_IF_ERROR(Date("terms", i, "startedOn", x.started_on(), started, /*required=*/true));
    DJ_RETURN_IF_ERROR(Date("terms", i, "endedOn", x.ended_on(), ended));
    t.org.push_back(in_.org_ids.Ref(x.org_id()));
    t.number.push_back(x.number());
    t.started.push_back(started);
    t.ended.push_back(ended);
    t.adjust_months.push_back(x.adjust_months());
    t.adjust_approved.push_back(x.adjust_approved());
    return absl::OkStatus();
  }

  // Member ids, then member positions, onto `list`.
  template <typename Ids, typename Positions, typename T>
  absl::Status Members(const Ids& ids, const Positions& positions, size_t i, std::string_view positions_field,
                       std::vector<T>& list) {
    for (const auto& id : ids) list.push_back(static_cast<T>(MemberById(id)));
    // Written in place: an activity of a large load lists tens of members.
    const size_t base = list.size(), n = static_cast<size_t>(positions.size());
    list.resize(base + n);
    for (size_t k = 0; k < n; ++k) {
      MemberRef ref;
      if (!model::Position(positions[k], ref)) {
        list.resize(base);
        return NotAPosition(StrCat(At("activities", i, positions_field), "[", k, "]"), positions[k]);
      }
      list[base + k] = static_cast<T>(ref);
    }
    return absl::OkStatus();
  }

  template <typename X>
  absl::Status Activity(const X& x) {
    Input::Activities& a = in_.activities;
    const size_t i = a.org.size();
    DJ_RETURN_IF_ERROR(Identify("activities", i, x.id(), limits_));
    DJ_RETURN_IF_ERROR(RequireId("activities", i, "orgId", x.org_id()));
    DJ_RETURN_IF_ERROR(RequireEnum("activities", i, "kind", x.kind(), v1::Activity::Kind_IsValid, "Activity.Kind"));
    Day held;
    DJ_RETURN_IF_ERROR(Date("activities", i, "heldOn", x.held_on(), held, /*required=*/true));
    for (int k = 0; k < x.absentees_size(); ++k) {
      DJ_RETURN_IF_ERROR(OptionalEnum([&] { return StrCat(At("activities", i, "absentees"), "[", k, "].reason"); },
                                      x.absentees(k).reason(), v1::Activity::Absentee::Reason_IsValid,
                                      "Absentee.Reason"));
    }
    for (int k = 0; k < x.decisions_size(); ++k) {
      DJ_RETURN_IF_ERROR(OptionalEnum([&] { return StrCat(At("activities", i, "decisions"), "[", k, "].kind"); },
                                      x.decisions(k).kind(), v1::Activity::Decision::Kind_IsValid, "Decision.Kind"));
    }
    DJ_RETURN_IF_ERROR(Members(x.attendee_ids(), x.attendee_indexes(), i, "attendeeIndexes", a.attendees));
    DJ_RETURN_IF_ERROR(Members(x.talk_member_ids(), x.talk_member_indexes(), i, "talkMemberIndexes", a.talks));
    for (const auto& tag : x.tags()) {
      auto [it, added] = in_.tag_index.emplace(std::string(tag), static_cast<uint16_t>(in_.tags.size()));
      if (added) {
        if (in_.tags.size() >= 0xFFFF) return Invalid(At("activities", i, "tags"), "more than 65535 distinct tags");
        in_.tags.emplace_back(tag);
      }
      a.tags.push_back(it->second);
    }
    for (int k = 0; k < x.absentees_size(); ++k) {
      const auto& absent = x.absentees(k);
      MemberRef ref = MemberById(absent.member_id());
      if (absent.has_member_index() && !model::Position(absent.member_index(), ref)) {
        return NotAPosition(StrCat(At("activities", i, "absentees"), "[", k, "].memberIndex"), absent.member_index());
      }
      a.absentees.emplace_back(ref, absent.reason());
    }
    for (int k = 0; k < x.decisions_size(); ++k) {
      const auto& d = x.decisions(k);
      const uint32_t begin = a.subjects.size();
      for (const auto& id : d.subject_member_ids()) a.subjects.push_back(MemberById(id));
      const uint32_t candidates = a.candidates.size();
      const auto& votes = d.candidate_votes();
      for (const auto& id : d.candidate_member_ids()) {
        const size_t j = a.candidates.size() - candidates;
        a.candidates.push_back(MemberById(id));
        a.candidate_votes.push_back(j < static_cast<size_t>(votes.size()) ? votes[j] : kNotGiven);
      }
      a.decisions.push_back({d.kind(), begin, static_cast<uint32_t>(a.subjects.size()),
                             d.has_votes_for() ? d.votes_for() : kNotGiven,
                             d.has_votes_against() ? d.votes_against() : kNotGiven,
                             d.has_votes_abstain() ? d.votes_abstain() : kNotGiven,
                             d.has_seats() ? d.seats() : kNotGiven, candidates,
                             static_cast<uint32_t>(a.candidates.size())});
    }
    int unowned = 0;
    for (int k = 0; k < x.observer_ids_size(); ++k) {
      a.mentions.push_back({static_cast<int32_t>(i), Input::Mention::kObserver, k, MemberById(x.observer_ids(k))});
    }
    for (int k = 0; k < x.resolutions_size(); ++k) {
      const std::string_view owner = x.resolutions(k).owner_id();
      if (owner.empty()) {
        ++unowned;
      } else {
        a.mentions.push_back({static_cast<int32_t>(i), Input::Mention::kResolutionOwner, k, MemberById(owner)});
      }
    }
    // Duplicates are found when the Store is built. (A load of tables gives
    // the ids ahead, as the reader kept them: Input::activity_ids.)
    if (in_.activity_ids.size() == i) in_.activity_ids.Append(x.id());
    a.org.push_back(in_.org_ids.Ref(x.org_id()));
    a.kind.push_back(x.kind());
    a.held_on.push_back(held);
    a.recorded.push_back(RecordedBits(x));
    a.lecturer.push_back(MemberById(x.lecturer_id()));
    if (x.makeup_for().empty()) {
      a.makeup_for.push_back(kNone);
    } else {
      a.makeup_for.push_back(static_cast<int32_t>(in_.makeup_targets.size()));
      in_.makeup_targets.Append(x.makeup_for());
    }
    a.unowned_resolutions.push_back(unowned);
    if (limits_.keep_notes) KeepNotes(x, static_cast<int32_t>(i));
    if (a.attendees.size() > UINT32_MAX || a.subjects.size() > UINT32_MAX || a.talks.size() > UINT32_MAX ||
        a.candidates.size() > UINT32_MAX) {
      return Invalid(At("activities", i), "more than 4294967295 members in the lists of all activities");
    }
    a.attendee_offsets.push_back(a.attendees.size());
    a.absentee_offsets.push_back(a.absentees.size());
    a.decision_offsets.push_back(a.decisions.size());
    a.talk_offsets.push_back(a.talks.size());
    a.tag_offsets.push_back(a.tags.size());
    return absl::OkStatus();
  }

  // What no rule reads of activity i (Input::Notes), when it has any.
  template <typename X>
  void KeepNotes(const X& x, int32_t i) {
    if (x.place().empty() && x.topic().empty() && x.minutes().empty() && x.observer_ids_size() == 0 &&
        x.resolutions_size() == 0) {
      return;
    }
    v1::Activity& notes = in_.notes.activities.emplace_back(i, v1::Activity()).second;
    notes.set_place(std::string(x.place()));
    notes.set_topic(std::string(x.topic()));
    notes.set_minutes(std::string(x.minutes()));
    for (int k = 0; k < x.observer_ids_size(); ++k) notes.add_observer_ids(std::string(x.observer_ids(k)));
    for (int k = 0; k < x.resolutions_size(); ++k) {
      v1::Activity::Resolution& r = *notes.add_resolutions();
      r.set_text(std::string(x.resolutions(k).text()));
      r.set_owner_id(std::string(x.resolutions(k).owner_id()));
    }
  }

  template <typename X>
  absl::Status Payment(const X& x) {
    Input::Dues& d = in_.dues;
    const size_t i = d.member.size();
    MemberRef member;
    DJ_RETURN_IF_ERROR(RequiredMember("dues", i, x, member));
    if (x.month().empty()) return Invalid(At("dues", i, "month"), "missing (required)");
    const Day month = month_days_(x.month());
    if (month == kNoDay) return Invalid(At("dues", i, "month"), StrCat("\"", x.month(), "\" is not a month (YYYY-MM)"));
    Day paid_on;
    DJ_RETURN_IF_ERROR(Date("dues", i, "paidOn", x.paid_on(), paid_on));
    d.member.push_back(member);
    d.month.push_back(month);
    d.amount.push_back(x.amount_cents());
    d.paid_on.push_back(paid_on);
    return absl::OkStatus();
  }

  template <typename X>
  absl::Status Ledger(const X& x) {
    Input::Ledger& l = in_.ledger;
    const size_t i = l.member.size();
    MemberRef member;
    DJ_RETURN_IF_ERROR(RequiredMember("duesLedger", i, x, member));
    if (x.year() == 0) return Invalid(At("duesLedger", i, "year"), "missing (required)");
    l.member.push_back(member);
    l.year.push_back(x.year());
    l.paid_months.push_back(x.paid_months());
    return absl::OkStatus();
  }

  template <typename X>
  absl::Status Event(const X& x) {
    Input::Events& e = in_.events;
    const size_t i = e.member.size();
    DJ_RETURN_IF_ERROR(RequireId("events", i, "memberId", x.member_id()));
    DJ_RETURN_IF_ERROR(RequireEnum("events", i, "kind", x.kind(), v1::MemberEvent::Kind_IsValid, "MemberEvent.Kind"));
    DJ_RETURN_IF_ERROR(OptionalEnum([&] { return At("events", i, "grade"); }, x.grade(), v1::MemberEvent::Grade_IsValid,
                                    "MemberEvent.Grade"));
    Day on;
    DJ_RETURN_IF_ERROR(Date("events", i, "on", x.on(), on, /*required=*/true));
    if (limits_.keep_notes && !x.detail().empty()) in_.notes.event_details.emplace_back(i, std::string(x.detail()));
    e.member.push_back(MemberById(x.member_id()));
    e.kind.push_back(x.kind());
    e.on.push_back(on);
    e.grade.push_back(x.grade());
    return absl::OkStatus();
  }

  const LoadLimits& limits_;
  Input& in_;
  MemberTally* tally_;  // set for AppendHierarchy
  MemberRef last_member_ = kNoMemberRef;  // the member_refs symbol MemberById gave last
  MonthDays month_days_;
  // The wire views, reused from record to record.
  wire::Unit unit_;
  wire::Org org_;
  wire::Member member_;
  wire::Position position_;
  wire::Term term_;
  wire::Activity activity_;
  wire::DuesPayment payment_;
  wire::DuesLedger ledger_;
  wire::MemberEvent event_;
};

absl::Status InputLimit(std::string_view bytes, const LoadLimits& limits) {
  if (bytes.size() > limits.max_input_bytes) {
    return absl::InvalidArgumentError(
        StrCat("input of ", bytes.size(), " bytes, more than the limit of ", limits.max_input_bytes));
  }
  return absl::OkStatus();
}

uint64_t RecordCount(const v1::Snapshot& s) {
  return uint64_t{0} + s.units_size() + s.orgs_size() + s.members_size() + s.positions_size() + s.terms_size() +
         s.activities_size() + s.dues_size() + s.dues_ledger_size() + s.events_size();
}

absl::Status Append(const v1::Snapshot& part, const LoadLimits& limits, Input& in) {
  return Appender(limits, in).Append(part);
}

absl::Status AppendWire(std::string_view bytes, const LoadLimits& limits, Input& in, bool& well_formed) {
  return Appender(limits, in).AppendWire(bytes, well_formed);
}

RecordAppender::RecordAppender(const LoadLimits& limits, Input& in)
    : limits_(limits), in_(in), appender_(std::make_unique<Appender>(limits, in)) {}
RecordAppender::~RecordAppender() = default;

absl::Status RecordAppender::Count() {
  if (++in_.records <= limits_.max_records) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat("more than the limit of ", limits_.max_records, " records"));
}

absl::Status RecordAppender::Add(const wire::Unit& x) {
  DJ_RETURN_IF_ERROR(Count());
  return appender_->Unit(x);
}
absl::Status RecordAppender::Add(const wire::Org& x) {
  DJ_RETURN_IF_ERROR(Count());
  return appender_->Org(x);
}
absl::Status RecordAppender::Add(const wire::Member& x) {
  DJ_RETURN_IF_ERROR(Count());
  return appender_->Member(x);
}
absl::Status RecordAppender::Add(const wire::Position& x) {
  DJ_RETURN_IF_ERROR(Count());
  return appender_->Position(x);
}
absl::Status RecordAppender::Add(const wire::Term& x) {
  DJ_RETURN_IF_ERROR(Count());
  return appender_->Term(x);
}
absl::Status RecordAppender::Add(const wire::Activity& x) {
  DJ_RETURN_IF_ERROR(Count());
  return appender_->Activity(x);
}
absl::Status RecordAppender::Add(const wire::DuesPayment& x) {
  DJ_RETURN_IF_ERROR(Count());
  return appender_->Payment(x);
}
absl::Status RecordAppender::Add(const wire::DuesLedger& x) {
  DJ_RETURN_IF_ERROR(Count());
  return appender_->Ledger(x);
}
absl::Status RecordAppender::Add(const wire::MemberEvent& x) {
  DJ_RETURN_IF_ERROR(Count());
  return appender_->Event(x);
}

absl::Status AppendHierarchy(std::string_view bytes, const LoadLimits& limits, Input& in, MemberTally& tally,
                             bool& well_formed) {
  tally.member_ids.clear();
  tally.dues.clear();
  return Appender(limits, in, &tally).AppendWire(bytes, well_formed);
}

}  // namespace dangjian::model

namespace dangjian::model {
namespace {

// `from` after `to`.
template <typename T>
void Extend(std::vector<T>& to, std::vector<T>& from) {
  if (to.empty()) {
    to = std::move(from);
  } else {
    GrowOnHugePages(to, to.size() + from.size());
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  }
}

// `from` after `to`, each value through `f`: in place, and moved, into an
// empty `to` (a table read beside the others, merged into them).
template <typename T, typename F>
void Extend(std::vector<T>& to, std::vector<T>& from, F f) {
  if (to.empty()) {
    std::transform(from.begin(), from.end(), from.begin(), f);
    to = std::move(from);
    return;
  }
  const size_t old = to.size();
  GrowOnHugePages(to, old + from.size());
  to.resize(old + from.size());
  std::transform(from.begin(), from.end(), to.begin() + old, f);
}

// CSR offsets of `from` (which start at 0) after those of `to`.
void ExtendOffsets(std::vector<uint32_t>& to, const std::vector<uint32_t>& from) {
  const uint32_t base = to.back();
  GrowOnHugePages(to, to.size() + from.size() - 1);
  for (size_t i = 1; i < from.size(); ++i) to.push_back(base + from[i]);
}

// The global symbol of each of `local`'s.
std::vector<int32_t> Intern(const Symbols& local, Symbols& global) {
  std::vector<int32_t> map(local.ids.size());
  for (size_t s = 0; s < map.size(); ++s) map[s] = global.Ref(local.ids[s]);
  return map;
}

// Records `local_symbols[i]` define, now global: fails on one defined before.
absl::Status Define(std::string_view list, const std::vector<int32_t>& local_symbols, const std::vector<int32_t>& map,
                    size_t base, Symbols& global) {
  for (size_t i = 0; i < local_symbols.size(); ++i) {
    const int32_t symbol = map[local_symbols[i]];
    if (global.defined[symbol] != kNone) {
      return Invalid(At(list, base + i, "id"), StrCat("duplicate id \"", global.ids[symbol], "\" (also ",
                                                      At(list, global.defined[symbol]), ")"));
    }
    global.defined[symbol] = static_cast<int32_t>(base + i);
  }
  return absl::OkStatus();
}

}  // namespace

void Input::Clear() {
  schema_version = 0;
  records = 0;
  for (Symbols* symbols : {&unit_ids, &org_ids}) {
    symbols->ids.Clear();
    symbols->defined.clear();
    symbols->last = kNone;
  }
  for (Ids* ids : {&member_ids, &activity_ids, &member_refs, &makeup_targets, &member_names}) ids->Clear();
  dues_since = kNoDay;
  // Every column of each list; an offsets column holds its first offset.
  const auto clear = [](auto& list) {
    std::decay_t<decltype(list)>::ForEachColumn([&](auto column, auto holds) {
      (list.*column).clear();
      if constexpr (decltype(holds)::value == Holds::kOffsets) (list.*column).push_back(0);
    });
  };
  clear(units), clear(orgs), clear(members), clear(positions), clear(terms), clear(activities), clear(dues),
      clear(ledger), clear(events);
  tags.clear();
  tag_index.clear();
  notes.activities.clear();
  notes.event_details.clear();
}

absl::Status Merge(Input&& local, const LoadLimits& limits, Input& in) {
  if (local.schema_version != 0) in.schema_version = local.schema_version;
  in.records += local.records;
  if (in.records > limits.max_records) {
    return absl::InvalidArgumentError(StrCat("more than the limit of ", limits.max_records, " records"));
  }
  const std::vector<int32_t> units = Intern(local.unit_ids, in.unit_ids);
  const std::vector<int32_t> orgs = Intern(local.org_ids, in.org_ids);
  // The member ids named: the message's after those before it.
  const auto member_refs = static_cast<MemberRef>(in.member_refs.size());
  in.member_refs.Append(local.member_refs);
  const auto makeups = static_cast<int32_t>(in.makeup_targets.size());
  in.makeup_targets.Append(local.makeup_targets);
  const auto unit = [&](int32_t s) { return s == kNone ? kNone : units[s]; };
  const auto org = [&](int32_t s) { return s == kNone ? kNone : orgs[s]; };
  const auto member = [&](MemberRef r) { return r == kNoMemberRef || (r & kByPosition) ? r : member_refs + r; };
  // Every column of a list by what it holds (Holds); those with a rule of
  // their own are moved by name below. The attendees are MemberRefs held as
  // int32_t.
  const auto extend = [&](auto& to, auto& from) {
    std::decay_t<decltype(to)>::ForEachColumn([&](auto column, auto holds) {
      constexpr Holds h = decltype(holds)::value;
      if constexpr (h == Holds::kValue) {
        Extend(to.*column, from.*column);
      } else if constexpr (h == Holds::kOrgSymbol) {
        Extend(to.*column, from.*column, org);
      } else if constexpr (h == Holds::kUnitSymbol) {
        Extend(to.*column, from.*column, unit);
      } else if constexpr (h == Holds::kMemberRef) {
        Extend(to.*column, from.*column, [&](auto r) { return static_cast<decltype(r)>(member(static_cast<MemberRef>(r))); });
      } else if constexpr (h == Holds::kOffsets) {
        ExtendOffsets(to.*column, from.*column);
      }
    });
  };

  // Units and orgs: defined, then their columns; members' ids are checked by the build.
  absl::Status s = Define("units", local.units.symbol, units, in.units.symbol.size(), in.unit_ids);
  if (s.ok()) s = Define("orgs", local.orgs.symbol, orgs, in.orgs.symbol.size(), in.org_ids);
  if (!s.ok()) return s;
  extend(in.units, local.units);
  extend(in.orgs, local.orgs);  // outside and carried_*: a part's, set once its messages are in (parts.cc)
  in.member_ids.Append(local.member_ids);
  AppendNames(in.member_names, in.members.org.size(), local.member_names, local.members.org.size());
  extend(in.members, local.members);
  extend(in.positions, local.positions);
  extend(in.terms, local.terms);
  const auto activities = static_cast<int32_t>(in.activities.org.size());
  {
    Input::Activities& to = in.activities;
    Input::Activities& from = local.activities;
    const size_t base = to.org.size();
    const uint32_t subjects = to.subjects.size(), candidates = to.candidates.size();
    // Tags by their text.
    std::vector<uint16_t> tags(local.tags.size());
    for (size_t t = 0; t < tags.size(); ++t) {
      auto [it, added] = in.tag_index.emplace(local.tags[t], static_cast<uint16_t>(in.tags.size()));
      if (added) {
        if (in.tags.size() >= 0xFFFF) {  // name the first activity of the message with the tag
          size_t i = 0;
          while (i + 1 < from.tag_offsets.size() &&
                 std::find(from.tags.begin() + from.tag_offsets[i], from.tags.begin() + from.tag_offsets[i + 1], t) ==
                     from.tags.begin() + from.tag_offsets[i + 1]) {
            ++i;
          }
          return Invalid(At("activities", base + i, "tags"), "more than 65535 distinct tags");
        }
        in.tags.push_back(local.tags[t]);
      }
      tags[t] = it->second;
    }
    in.activity_ids.Append(local.activity_ids);
    extend(to, from);
    Extend(to.makeup_for, from.makeup_for, [&](int32_t x) { return x == kNone ? kNone : makeups + x; });
    Extend(to.absentees, from.absentees, [&](const auto& a) { return std::make_pair(member(a.first), a.second); });
    Extend(to.decisions, from.decisions, [&](Input::Decision d) {
      d.subject_begin += subjects;
      d.subject_end += subjects;
      d.candidate_begin += candidates;
      d.candidate_end += candidates;
      return d;
    });
    Extend(to.tags, from.tags, [&](uint16_t t) { return tags[t]; });
    Extend(to.mentions, from.mentions, [&](Input::Mention m) {
      m.activity += static_cast<int32_t>(base);
      m.member = member(m.member);
      return m;
    });
    if (to.attendees.size() > UINT32_MAX || to.subjects.size() > UINT32_MAX || to.talks.size() > UINT32_MAX ||
        to.candidates.size() > UINT32_MAX) {
      return Invalid(At("activities", to.org.size() - 1), "more than 4294967295 members in the lists of all activities");
    }
  }
  extend(in.dues, local.dues);
  extend(in.ledger, local.ledger);
  const auto events = static_cast<int32_t>(in.events.member.size());
  extend(in.events, local.events);
  for (auto& [i, notes] : local.notes.activities) in.notes.activities.emplace_back(activities + i, std::move(notes));
  for (auto& [i, detail] : local.notes.event_details) in.notes.event_details.emplace_back(events + i, std::move(detail));
  return absl::OkStatus();
}

}  // namespace dangjian::model
