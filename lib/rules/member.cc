// member.* and life.member_talk: 党员管理 — dues, organizational life, transfers,
// probation, the six must-talks, contact and evaluation. One pass per branch
// over its members, on compact columns: the paid-months masks and, for the
// branch, a bit set of the months each member was present.
#include <algorithm>
#include <optional>
#include <vector>

#include "dangjian/dues.h"
#include "lib/rules/families.h"

namespace dangjian::rules {
namespace {

using check::CheckContext;
using check::Sink;
using Event = v1::MemberEvent;


}  // namespace

int LastJudgedMonth(Day as_of) { return MonthNumber(as_of + 1) - 1; }

Membership MembershipOf(const Store& s, MemberIndex m, int last_month) {
  Membership out;
  out.since = s.members().admitted_on[m];
  const auto [first, last] = s.EventsOf(m);
  const auto& e = s.events();
  for (uint32_t i = first; i < last; ++i) {
    if (e.kind[i] == Event::TRANSFERRED_IN && (out.since == kNoDay || e.on[i] > out.since)) out.since = e.on[i];
  }
  for (uint32_t i = first; i < last; ++i) {
    if (e.kind[i] == Event::TRANSFERRED_OUT && (out.since == kNoDay || e.on[i] >= out.since)) out.until = e.on[i];
  }
  out.first = out.since == kNoDay ? 0 : MonthNumber(out.since);
  out.last = out.until == kNoDay ? last_month : std::min(last_month, MonthNumber(out.until));
  return out;
}

OrgIndex DuesCollector(const Store& s, MemberIndex m, OrgIndex o) {
  return s.orgs().kind[o] == v1::Org::TEMPORARY_BRANCH ? s.members().home_org[m] : o;
}

namespace {

// A run still unmet on the as-of day: it reaches the last month judged and the
// member is still in the branch. It is a standing fault, seen whatever the
// window's start; `from` bounds the periods judged, not the faults that stand.
bool Standing(int run_last, const Membership& ms, int last_judged) {
  return ms.until == kNoDay && run_last == last_judged;
}

// Reports a run of `length` months ending with `end` (a month number) if it
// is long enough and ends within the window, or still stands.
template <typename Add>
void Run(int end, int length, int window_first, bool standing, int warn, int violate, Add add) {
  if (length >= warn && (end >= window_first || standing)) add(end - length + 1, end, length >= violate);
}

// member.dues_unpaid_run and member.dues_arrears (C Art. 9, D Art. 12),
// reported to the org that collects the member's dues (DuesCollector; with
// none, whatever was paid counts against the temporary branch,
// setup.temporary_branch_scope, and no run is owed to it).
void DuesRuns(const CheckContext& ctx, MemberIndex m, const Membership& ms, Sink& sink, OrgIndex branch) {
  const Store& s = ctx.store;
  const OrgIndex o = DuesCollector(s, m, branch);
  if (o == kNone || s.dues_since() == kNoDay || s.members().dues_exempt_approved[m]) return;
  const auto& p = ctx.policy.members();
  const int first = std::max(ms.first, MonthNumber(s.dues_since()));
  const int window_first = MonthNumber(ctx.from);
  const auto add = [&](int run_first, int run_last, bool violation) {
    sink.Add(violation ? kMemberDuesUnpaidRun : kMemberDuesArrears, o).Member(m)
        .Months("months", run_first, run_last).Int("count", run_last - run_first + 1);
  };
  int run = 0, year = -1;
  uint16_t mask = 0;
  for (int month = first; month <= ms.last; ++month) {
    if (month / 12 != year) {
      year = month / 12;
      mask = s.PaidMonths(m, year);
    }
    if ((mask >> (month % 12)) & 1) {
      Run(month - 1, run, window_first, false, p.dues_arrears_months(), p.dues_run_months(), add);
      run = 0;
    } else {
      ++run;
    }
  }
  Run(ms.last, run, window_first, Standing(ms.last, ms, LastJudgedMonth(ctx.as_of)), p.dues_arrears_months(),
      p.dues_run_months(), add);
}

// member.dues_below_standard: payments in the window below the standard.
void DuesBelowStandard(const CheckContext& ctx, MemberIndex m, Sink& sink, OrgIndex o) {
  const Store& s = ctx.store;
  const auto& members = s.members();
  if (members.dues_exempt_approved[m] || members.dues_category[m] == v1::Member::DUES_CATEGORY_UNSPECIFIED) return;
  const absl::StatusOr<int64_t> standard =
      StandardMonthlyDues(members.dues_category[m], members.monthly_income_cents[m], ctx.policy);
  if (!standard.ok()) return;  // no income to compute it from
  const auto& d = s.dues();
  const auto [first, last] = s.DuesOf(m);
  int below = 0, first_month = 0;
  int64_t lowest = 0;
  for (uint32_t i = first; i < last; ++i) {
    if (d.month[i] < ctx.from || d.month[i] > ctx.as_of || d.amount_cents[i] >= *standard) continue;
    if (below++ == 0) first_month = MonthNumber(d.month[i]), lowest = d.amount_cents[i];
    lowest = std::min(lowest, d.amount_cents[i]);
  }
  if (below > 0) {
    sink.Add(kMemberDuesBelowStandard, o).Member(m)
        .Int("payments", below).Month("firstMonth", first_month).Yuan("lowest", lowest).Yuan("standard", *standard);
  }
}

// Whether an activity of `kind` is a gathering of the branch's members (组织生活)
// for member.no_org_life_run: any but a plan on record.
bool IsGathering(v1::Activity::Kind kind) { return kind != v1::Activity::WORK_PLAN; }

// Calls f for each org whose activities the member rules of branch o count:
// the branch, and each party group (党小组) under it
// (BranchCountingActivitiesOf, the other way).
template <typename F>
void ForEachOrgCountedBy(const Store& s, OrgIndex o, F&& f) {
  f(o);
  for (const OrgIndex c : s.Children(o)) {
    if (s.orgs().kind[c] == v1::Org::PARTY_GROUP) f(c);
  }
}

// The months the branch (or a party group under it) held an activity, and the
// months each of its members was present, as bits over [base, base + months).
class Presence {
 public:
  // Of every member of branch o, or of `only` (one of them) when it is given:
  // a member checked alone, whose attendance is read only at the orgs
  // `named_at` may name it at.
  void Build(const Store& s, OrgIndex o, int base, int months, MemberIndex only, const NamedAt& named_at) {
    base_ = base;
    months_ = std::max(months, 0);
    words_ = (months_ + 63) / 64;
    members_ = s.MembersOf(o);
    only_ = only;
    named_at_ = &named_at;
    held_.assign(words_, 0);
    present_.assign(static_cast<size_t>(only == kNone ? members_.size() : 1) * words_, 0);
    ForEachOrgCountedBy(s, o, [&](OrgIndex holder) { Scan(s, holder); });
  }
  bool Held(int month) const { return Bit(held_.data(), month); }
  bool Present(MemberIndex m, int month) const {
    return Bit(present_.data() + static_cast<size_t>(RowOf(m)) * words_, month);
  }

 private:
  // Where member m's months are, or kNone when they are not kept.
  int32_t RowOf(MemberIndex m) const {
    if (only_ == kNone) return members_.Find(m);
    return m == only_ ? 0 : kNone;
  }
  void Scan(const Store& s, OrgIndex holder) {
    const auto& acts = s.activities();
    const bool may_be_present = only_ == kNone || named_at_->May(holder);
    for (const ActivityIndex a : s.ActivitiesOf(holder)) {
      if (!IsGathering(acts.kind[a])) continue;
      const int month = MonthNumber(acts.held_on[a]) - base_;
      if (month < 0 || month >= months_) continue;
      const uint64_t bit = uint64_t{1} << (month % 64);
      held_[month / 64] |= bit;
      if (only_ != kNone) {
        // A member checked alone: a month it was present in is not looked
        // at again, and an activity's attendance no further than where it is.
        uint64_t& present = present_[month / 64];
        if (!may_be_present || (present & bit)) continue;
        const auto attendees = s.AttendeesOf(a);
        if (acts.lecturer[a] == only_ || std::find(attendees.begin(), attendees.end(), only_) != attendees.end()) {
          present |= bit;
        }
        continue;
      }
      const auto mark = [&](MemberIndex m) {
        const int32_t row = RowOf(m);
        if (row != kNone) present_[static_cast<size_t>(row) * words_ + month / 64] |= uint64_t{1} << (month % 64);
      };
      for (MemberIndex m : s.AttendeesOf(a)) mark(m);
      if (acts.lecturer[a] != kNone) mark(acts.lecturer[a]);
    }
  }
  bool Bit(const uint64_t* words, int month) const {
    const int i = month - base_;
    return i >= 0 && i < months_ && ((words[i / 64] >> (i % 64)) & 1);
  }

  int base_ = 0, months_ = 0, words_ = 0;
  IndexList members_{nullptr, 0, 0};  // the branch's: a member's bits are at its place
  MemberIndex only_ = kNone;          // or the one member whose bits are kept
  const NamedAt* named_at_ = nullptr;  // where only_ may be present
  std::vector<uint64_t> held_, present_;
};

// member.no_org_life_run (C Art. 9): months with activities held, none attended.
void OrgLifeRun(const CheckContext& ctx, MemberIndex m, const Membership& ms, const Presence& presence, Sink& sink,
                OrgIndex o) {
  const Store& s = ctx.store;
  if (s.activities_since() == kNoDay) return;
  const int first = std::max(ms.first, MonthNumber(s.activities_since()));
  const int need = ctx.policy.members().org_life_run_months();
  const int window_first = MonthNumber(ctx.from);
  int run = 0, run_first = 0, run_last = 0;
  // The run the loop ends in stands while the member is still here: months
  // with nothing held since its last neither count nor break it.
  const auto flush = [&](bool standing) {
    if (run >= need && (run_last >= window_first || standing)) {
      sink.Add(kMemberNoOrgLifeRun, o).Member(m).Months("months", run_first, run_last).Int("count", run);
    }
    run = 0;
  };
  for (int month = first; month <= ms.last; ++month) {
    if (!presence.Held(month)) continue;  // nothing held: neither counts nor breaks
    if (presence.Present(m, month)) {
      flush(false);
      continue;
    }
    if (run++ == 0) run_first = month;
    run_last = month;
  }
  flush(Standing(ms.last, ms, LastJudgedMonth(ctx.as_of)));
}

// member.transfer_overdue (S4 三(二)7).
void Transfers(const CheckContext& ctx, MemberIndex m, Sink& sink, OrgIndex o) {
  const Store& s = ctx.store;
  const auto& e = s.events();
  const auto& p = ctx.policy.members();
  const auto [first, last] = s.EventsOf(m);
  Day left = kNoDay, unit_changed = kNoDay;
  for (uint32_t i = first; i < last && e.on[i] <= ctx.as_of; ++i) {
    switch (e.kind[i]) {
      case Event::LEFT_LOCALITY: left = e.on[i]; break;
      case Event::RETURNED: left = kNoDay; break;
      case Event::UNIT_CHANGED: unit_changed = e.on[i]; break;
      case Event::TRANSFERRED_OUT: left = unit_changed = kNoDay; break;
      default: break;
    }
  }
  if (left != kNoDay && ctx.as_of >= AddMonths(left, p.left_locality_months())) {
    sink.Add(kMemberTransferOverdue, o).Member(m).Variant("away")
        .Date("since", left).Int("months", p.left_locality_months());
  }
  const UnitIndex unit = s.members().unit[m];
  const auto covered = s.UnitsOf(o);
  if (unit_changed != kNoDay && unit != kNone && !covered.empty() &&
      std::find(covered.begin(), covered.end(), unit) == covered.end() &&
      ctx.as_of >= AddMonths(unit_changed, p.unit_changed_months())) {
    sink.Add(kMemberTransferOverdue, o).Member(m).Variant("unit")
        .Date("since", unit_changed).Text("unit", s.units().id[unit]).Int("months", p.unit_changed_months());
  }
}

// member.probation_* (C Art. 7).
void Probation(const CheckContext& ctx, MemberIndex m, Sink& sink, OrgIndex o) {
  const Store& s = ctx.store;
  const auto& members = s.members();
  if (members.status[m] != v1::Member::PROBATIONARY || members.admitted_on[m] == kNoDay) return;
  const auto& p = ctx.policy.members();
  const int extended = members.probation_extended_months[m];
  // An extension is half a year to a year (R); beyond the year is the limit's.
  if (extended > 0 && extended < p.probation_extension_min_months()) {
    sink.Add(kMemberProbationExtension, o).Member(m)
        .Int("extendedMonths", extended).Int("min", p.probation_extension_min_months());
  }
  if (extended > p.probation_extension_limit_months()) {
    sink.Add(kMemberProbationExtensionLimit, o).Member(m)
        .Int("extendedMonths", extended).Int("limit", p.probation_extension_limit_months());
  }
  const int months = p.probation_months() + std::clamp(extended, 0, p.probation_extension_limit_months());
  const Day ends = AddMonths(members.admitted_on[m], months);
  // A conversion or extension put to the vote, whatever its outcome, is the decision.
  for (const auto& [a, k] : s.DecisionsAbout(m)) {
    const auto kind = s.activities().decisions[k].kind;
    if ((kind == v1::Activity::Decision::CONVERT_TO_FULL || kind == v1::Activity::Decision::EXTEND_PROBATION) &&
        s.activities().held_on[a] <= ctx.as_of && s.activities().held_on[a] >= members.admitted_on[m]) {
      return;
    }
  }
  if (ctx.as_of > ends) {
    sink.Add(kMemberProbationOverdue, o).Member(m).DueOn(ends)
        .Date("admittedOn", members.admitted_on[m]).Int("months", months).Date("endsOn", ends).Int("overdueDays", ctx.as_of - ends);
    return;
  }
  const Day horizon = ctx.agenda_until != kNoDay ? ctx.agenda_until : ctx.as_of + p.probation_notice_days();
  if (ends <= horizon) {
    sink.Add(kMemberProbationDueSoon, o).Member(m).DueOn(ends).Date("endsOn", ends).Int("daysLeft", ends - ctx.as_of);
  }
}

bool IsMustTalk(Event::Kind k) {  // 六必谈
  switch (k) {
    case Event::JOB_CHANGED: case Event::COMMENDED: case Event::DISCIPLINED: case Event::HARDSHIP:
    case Event::CONFLICT: case Event::COMPLAINT: case Event::RETIRED:
      return true;
    default:
      return false;
  }
}

// member.talk_required (六必谈), member.unqualified_unhandled, member.lost_contact.
void Events(const CheckContext& ctx, MemberIndex m, Sink& sink, OrgIndex o) {
  const Store& s = ctx.store;
  const auto& e = s.events();
  const auto& p = ctx.policy.members();
  const auto [first, last] = s.EventsOf(m);
  const auto talked = [&](Day from, Day to) {
    for (ActivityIndex a : s.TalksWith(m)) {
      const Day d = s.activities().held_on[a];
      if (d >= from && d <= to) return true;
    }
    return false;
  };
  for (uint32_t i = first; i < last; ++i) {
    const Day on = e.on[i];
    if (IsMustTalk(e.kind[i])) {
      const Day deadline = on + p.talk_days();
      if (deadline < ctx.from || on > ctx.as_of || talked(on, std::min(deadline, ctx.as_of))) continue;
      if (deadline < ctx.as_of) {
        sink.Add(kMemberTalkRequired, o).Member(m)
            .Problem("event", Event::Kind_Name(e.kind[i])).Date("on", on).Int("days", p.talk_days());
      } else if (ctx.agenda_until != kNoDay && deadline <= ctx.agenda_until) {
        sink.AddNotice(kMemberTalkRequired, o).Member(m).Key("member.talk_required.due").DueOn(deadline)
            .Problem("event", Event::Kind_Name(e.kind[i])).Date("on", on).Date("dueOn", deadline);
      }
    }
    if (e.kind[i] == Event::EVALUATED && e.grade[i] == Event::UNQUALIFIED) {
      const Day deadline = on + p.unqualified_handling_days();
      if (deadline >= ctx.as_of) continue;
      // Handled by the deadline; or, the deadline before the window, handled
      // late by the as-of day: last year's fault, no longer standing.
      const Day by = deadline < ctx.from ? ctx.as_of : deadline;
      bool handled = false;
      for (uint32_t j = i + 1; j < last && e.on[j] <= by; ++j) handled |= e.kind[j] == Event::HANDLED;
      if (!handled) {
        sink.Add(kMemberUnqualifiedUnhandled, o).Member(m).Date("evaluatedOn", on).Int("days", p.unqualified_handling_days());
      }
    }
  }
  const Day lost = s.members().lost_contact_since[m];
  if (lost != kNoDay && ctx.as_of >= AddMonths(lost, p.lost_contact_months())) {
    sink.Add(kMemberLostContact, o).Member(m).Date("since", lost).Int("months", p.lost_contact_months());
  }
}

// The years YearlyTalk judges: from the window's start to the as-of day, or
// to the agenda's end.
std::vector<Period> TalkYears(const CheckContext& ctx) {
  const Day until = ctx.agenda_until != kNoDay ? ctx.agenda_until : ctx.as_of;
  std::vector<Period> years;
  for (Period y = Period::FirstFrom(PeriodKind::kYear, ctx.from); y.first_day() <= until; y = y.Next()) {
    years.push_back(y);
  }
  return years;
}

// life.member_talk (B Art. 18): each whole year of membership, one talk at
// least; the year still running, a reminder while none was held.
void YearlyTalk(const CheckContext& ctx, absl::Span<const Period> years, MemberIndex m, const Membership& ms,
                Sink& sink, OrgIndex o) {
  const Day until = ctx.agenda_until != kNoDay ? ctx.agenda_until : ctx.as_of;
  for (const Period& y : years) {
    const bool ended = y.last_day() <= ctx.as_of;
    if (ctx.agenda_until != kNoDay && (ended || y.last_day() > until)) continue;
    if ((ms.since != kNoDay && ms.since > y.first_day()) || (ms.until != kNoDay && ms.until <= y.last_day())) continue;
    int talks = 0;
    for (ActivityIndex a : ctx.store.TalksWith(m)) {
      const Day d = ctx.store.activities().held_on[a];
      talks += y.Contains(d) && d <= ctx.as_of;
    }
    if (talks > 0) continue;
    check::Finding& f = ended ? sink.Add(kLifeMemberTalk, o) : sink.AddNotice(kLifeMemberTalk, o).DueOn(y.last_day());
    f.Member(m).period = y;
    f.PeriodParam("period", y);
    if (!ended) f.Key("life.member_talk.due").Date("dueOn", y.last_day());
  }
}

// life.theme_day_attendance (S4 三(二)6: 党员全员参与): each month of the
// window in which the branch held a theme day while m belonged to it, m is
// present at one of them or on approved leave from one; the make-up of the
// leave is life.makeup_missing's.
void ThemeDayAttendance(const CheckContext& ctx, MemberIndex m, const Membership& ms, const NamedAt& named_at,
                        Sink& sink, OrgIndex o) {
  const Store& s = ctx.store;
  const bool named = named_at.May(o);  // else present at none, on leave from none
  const auto& acts = s.activities();
  ActivityIndex missed = kNone;  // the month's first theme day m missed
  int month = 0;
  bool met = false;
  const auto flush = [&] {
    if (missed != kNone && !met) {
      check::Finding& f = sink.Add(kLifeThemeDayAttendance, o).Member(m);
      f.activity = missed;
      f.Date("heldOn", acts.held_on[missed]);
    }
    missed = kNone;
    met = false;
  };
  for (const ActivityIndex a : s.ActivitiesOf(o)) {  // by date
    const Day day = acts.held_on[a];
    if (acts.kind[a] != v1::Activity::THEME_DAY || acts.makeup_for[a] != kNone || day < ctx.from || day > ctx.as_of) {
      continue;
    }
    if ((ms.since != kNoDay && ms.since > day) || (ms.until != kNoDay && ms.until <= day)) continue;
    if (MonthNumber(day) != month) {
      flush();
      month = MonthNumber(day);
    }
    if (named && s.Present(m, a)) {
      met = true;
      continue;
    }
    if (named) {
      for (const auto& x : s.AbsenteesOf(a)) met |= x.member == m && x.reason == v1::Activity::Absentee::LEAVE_APPROVED;
    }
    if (missed == kNone) missed = a;
  }
  flush();
}

// The member rules, over the members of branches.
class MemberRules {
 public:
  explicit MemberRules(const CheckContext& ctx, const Sink& sink)
      : ctx_(ctx),
        last_month_(LastJudgedMonth(ctx.as_of)),
        org_life_(sink.Wants(kMemberNoOrgLifeRun) && ctx.store.activities_since() != kNoDay),
        base_(org_life_ ? MonthNumber(ctx.store.activities_since()) : 0),
        talks_(sink.Wants(kLifeMemberTalk)) {}

  // Branch o, ready for its members (or for `only`, one of them, alone,
  // named by the activities of the orgs `named_at` says); false when o is
  // no branch or has none.
  bool Branch(OrgIndex o, MemberIndex only = kNone, NamedAt named_at = {}) {
    const Store& s = ctx_.store;
    if (!IsBranchKind(s.orgs().kind[o]) || s.MembersOf(o).empty()) return false;
    named_at_ = only == kNone ? NamedAt{} : named_at;
    if (org_life_) presence_.Build(s, o, base_, last_month_ - base_ + 1, only, named_at_);
    if (talks_ && !talk_years_) talk_years_ = TalkYears(ctx_);  // at the first branch with members
    return true;
  }

  // Every member rule for member m of the branch.
  void Member(MemberIndex m, OrgIndex o, Sink& sink) const {
    const Membership ms = MembershipOf(ctx_.store, m, last_month_);
    if (ctx_.agenda_until == kNoDay) {
      if (sink.Wants(kMemberDuesUnpaidRun) || sink.Wants(kMemberDuesArrears)) DuesRuns(ctx_, m, ms, sink, o);
      if (sink.Wants(kMemberDuesBelowStandard)) DuesBelowStandard(ctx_, m, sink, o);
      if (org_life_) OrgLifeRun(ctx_, m, ms, presence_, sink, o);
      if (sink.Wants(kLifeThemeDayAttendance)) ThemeDayAttendance(ctx_, m, ms, named_at_, sink, o);
      if (sink.Wants(kMemberTransferOverdue)) Transfers(ctx_, m, sink, o);
    }
    if (talks_) YearlyTalk(ctx_, *talk_years_, m, ms, sink, o);
    if (sink.Wants(kMemberProbationExtension) || sink.Wants(kMemberProbationExtensionLimit) ||
        sink.Wants(kMemberProbationOverdue) || sink.Wants(kMemberProbationDueSoon)) {
      Probation(ctx_, m, sink, o);
    }
    if (sink.Wants(kMemberTalkRequired) || sink.Wants(kMemberUnqualifiedUnhandled) || sink.Wants(kMemberLostContact)) {
      Events(ctx_, m, sink, o);
    }
  }

 private:
  const CheckContext& ctx_;
  const int last_month_;
  const bool org_life_;
  const int base_;
  const bool talks_;  // life.member_talk wanted, in its years:
  std::optional<std::vector<Period>> talk_years_;
  Presence presence_;  // of the branch, reused from branch to branch
  NamedAt named_at_;    // of the member checked alone
};

}  // namespace

void CheckMembers(const CheckContext& ctx, int32_t begin, int32_t end, Sink& sink) {
  MemberRules rules(ctx, sink);
  for (int32_t k = begin; k < end; ++k) {
    const OrgIndex o = ctx.store.OrgAt(k);
    if (!rules.Branch(o)) continue;
    for (MemberIndex m : ctx.store.MembersOf(o)) rules.Member(m, o, sink);
  }
}

void CheckMembersOf(const CheckContext& ctx, OrgIndex o, absl::Span<const MemberIndex> members, Sink& sink,
                    NamedAt named_at) {
  if (members.empty()) return;
  MemberRules rules(ctx, sink);
  // One member alone reads its own attendance; more, the branch's at once.
  if (!rules.Branch(o, members.size() == 1 ? members.front() : kNone, named_at)) return;
  for (const MemberIndex m : members) rules.Member(m, o, sink);
}

OrgIndex BranchCountingActivitiesOf(const Store& s, OrgIndex holder) {
  return s.orgs().kind[holder] == v1::Org::PARTY_GROUP ? s.orgs().parent[holder] : holder;
}

bool ActivityReadForEveryMember(const Store& s, OrgIndex holder, Day day, v1::Activity::Kind kind,
                                ActivityIndex other_than) {
  if (!IsGathering(kind)) return false;
  if (kind == v1::Activity::THEME_DAY) return true;  // every member's attendance
  const auto& acts = s.activities();
  const OrgIndex branch = BranchCountingActivitiesOf(s, holder);
  const int month = MonthNumber(day);
  const Day first_day = Period::Containing(PeriodKind::kMonth, day).first_day();
  // Whether org o held a gathering but `other_than` in the month.
  const auto held = [&](OrgIndex o) {
    for (const ActivityIndex a : s.ActivitiesFrom(o, first_day)) {
      if (MonthNumber(acts.held_on[a]) != month) return false;
      if (a != other_than && IsGathering(acts.kind[a])) return true;
    }
    return false;
  };
  if (branch == kNone) return false;
  bool held_else = false;
  ForEachOrgCountedBy(s, branch, [&](OrgIndex o) { held_else = held_else || held(o); });
  return !held_else;
}

}  // namespace dangjian::rules
