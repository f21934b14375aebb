// life.*: the obligation engine (组织生活). Every obligation of the profile —
// at least n activities of a kind per period, owed by an org or by the holders
// of a role there — is judged here, in one pass over each org's activities.
#include <algorithm>
#include <functional>

#include "lib/rules/catalogue.h"
#include "lib/rules/families.h"

namespace dangjian::rules {
namespace {

using check::CheckContext;
using check::Sink;

// The part of a period an obligation looks at: the whole period, or, when the
// obligation names months (June), the months of the period it names.
struct Span {
  Period period;
  Day first, last;
};

std::optional<Span> SpanOf(const ObligationSpec& ob, const Period& p) {
  if (ob.months == 0) return Span{p, p.first_day(), p.last_day()};
  const int year = YearOf(p.first_day()), first_month = MonthOf(p.first_day());
  int lo = 0, hi = 0;
  for (int m = first_month; m < first_month + MonthsIn(p.kind()); ++m) {
    if ((ob.months >> m) & 1) {
      if (lo == 0) lo = m;
      hi = m;
    }
  }
  if (lo == 0) return std::nullopt;
  const Day first = ToDay(absl::CivilDay(year, lo, 1));
  return Span{p, first, AddMonths(ToDay(absl::CivilDay(year, hi, 1)), 1) - 1};
}

// The periods of `kind` that begin on or after `from` and on or before `until`.
std::vector<Period> Periods(PeriodKind kind, Day from, Day until) {
  std::vector<Period> out;
  for (Period p = Period::FirstFrom(kind, from); p.first_day() <= until; p = p.Next()) out.push_back(p);
  return out;
}

// Activities counted for an obligation: its kind, its tag, its months; a
// make-up (补课) is a member's, not the org's, and never counts.
class Matcher {
 public:
  Matcher(const Store& store, const ObligationSpec& ob)
      : store_(store), ob_(ob), tag_(ob.tag.empty() ? -2 : store.FindTag(ob.tag)) {}

  bool Counts(ActivityIndex a) const { return Counts(a, MonthOf(store_.activities().held_on[a])); }
  // `month`: the month of the year it was held in, 1 to 12.
  bool Counts(ActivityIndex a, int month) const {
    const auto& acts = store_.activities();
    if (!ObligationCounts(ob_, acts.kind[a], acts.makeup_for[a] != kNone)) return false;
    if (ob_.months != 0 && !((ob_.months >> month) & 1)) return false;
    if (tag_ == -2) return true;
    const auto tags = store_.TagsOf(a);
    return tag_ >= 0 && std::find(tags.begin(), tags.end(), tag_) != tags.end();
  }
  bool Preferred(int month) const { return (ob_.preferred_months >> month) & 1; }

 private:
  const Store& store_;
  const ObligationSpec& ob_;
  int tag_;  // -2: no tag asked for; -1: asked for, carried by no activity
};

}  // namespace

// One obligation as a check sees it, worked out once for every org: its
// periods in the window and the part of each it looks at.
struct Plan {
  const ObligationSpec* ob;
  std::vector<Period> periods;
  std::vector<std::optional<Span>> spans;
  Matcher matcher;
  int first_month;  // the month number of the first period's first day
  // Per org, reused: activities found in each period, and in preferred months.
  std::vector<int> found, preferred;

  Plan(const Store& s, const ObligationSpec& spec, Day from, Day until)
      : ob(&spec), periods(Periods(spec.period, from, until)), matcher(s, spec),
        first_month(periods.empty() ? 0 : MonthNumber(periods.front().first_day())),
        found(periods.size()), preferred(periods.size()) {
    for (const Period& p : periods) spans.push_back(SpanOf(spec, p));
  }

  // An activity held in `month` (a month number) of month-of-year `moy`.
  void Add(int month, int moy) {
    if (periods.empty() || month < first_month) return;
    const size_t i = (month - first_month) / MonthsIn(ob->period);
    if (i >= periods.size()) return;
    ++found[i];
    if (matcher.Preferred(moy)) ++preferred[i];
  }
};

class ObligationPlans {
 public:
  std::vector<Plan> plans;
};

namespace {

// Judges one period of one obligation: a finding for a period that ended
// unmet, a reminder for one still running (or, for the agenda, one due by its
// horizon). `subject` fills in the subject and returns the finding.
template <typename AddFinding>
void Judge(const CheckContext& ctx, const ObligationSpec& ob, const Span& span, int found, int preferred,
           AddFinding add) {
  const bool ended = span.last <= ctx.as_of;
  if (ctx.agenda_until != kNoDay) {
    if (ended || span.last > ctx.agenda_until || found >= ob.at_least) return;
  } else if (!ended && (span.first > ctx.as_of || found >= ob.at_least)) {
    return;
  }
  if (ended && found >= ob.at_least) {
    if (ob.preferred_months != 0 && preferred == 0) {  // held, but not when it usually is
      check::Finding& f = add(true);
      f.period = span.period;
      f.Key("life.obligation.not_preferred").PeriodParam("period", span.period).Activity("activity", ob.activity, true)
          .Window("preferred", ob.preferred_months, {});
      f.params.back().flag = true;  // bare: "10—12月", no parentheses
    }
    return;
  }
  check::Finding& f = add(!ended);
  f.period = span.period;
  f.PeriodParam("period", span.period).Activity("activity", ob.activity).Int("required", ob.at_least)
      .Int("found", found).Window("window", ob.months, ob.tag);
  if (!ended) f.DueOn(span.last).Date("dueOn", span.last);
}

// Counts org o's activities for each plan of `owed`, period by period, from
// the window's start to `until`: into each plan's `found` and `preferred`.
void CountActivities(const CheckContext& ctx, OrgIndex o, const std::vector<Plan*>& owed, Day until) {
  const Store& s = ctx.store;
  for (Plan* plan : owed) {
    std::fill(plan->found.begin(), plan->found.end(), 0);
    std::fill(plan->preferred.begin(), plan->preferred.end(), 0);
  }
  // One pass over the org's activities, by date, from the window's start.
  const auto& held = s.activities().held_on;
  for (const ActivityIndex a : s.ActivitiesFrom(o, ctx.from)) {
    if (held[a] > until) break;
    const int month = MonthNumber(held[a]), moy = month % 12 + 1;
    for (Plan* plan : owed) {
      if (plan->matcher.Counts(a, moy)) plan->Add(month, moy);
    }
  }
}

void OrgObligations(const CheckContext& ctx, OrgIndex o, const std::vector<Plan*>& owed, Day until, Sink& sink) {
  CountActivities(ctx, o, owed, until);
  for (const Plan* plan : owed) {
    const ObligationSpec& ob = *plan->ob;
    for (size_t k = 0; k < plan->periods.size(); ++k) {
      const std::optional<Span>& span = plan->spans[k];
      if (!span || !ctx.ExistsThroughout(o, span->first, std::min(span->last, std::max(ctx.as_of, span->first)))) continue;
      Judge(ctx, ob, *span, plan->found[k], plan->preferred[k], [&](bool notice) -> check::Finding& {
        return (notice ? sink.AddNotice(ob.rule, o) : sink.Add(ob.rule, o)).Key(notice ? "life.obligation.due" : "life.obligation");
      });
    }
  }
}

// A personal obligation: each member holding one of the roles in `o` for the
// whole period, matched by lecturerId on any org's activities.
void PersonalObligation(const CheckContext& ctx, OrgIndex o, const Plan& plan, Day until, Sink& sink) {
  const Store& s = ctx.store;
  const ObligationSpec& ob = *plan.ob;
  const Matcher& matcher = plan.matcher;
  const auto& pos = s.positions();
  std::vector<MemberIndex> done;
  const IndexList held = s.PositionsOf(o);
  for (const int32_t i : held) {
    const MemberIndex m = pos.member[i];
    if (m == kNone || std::find(ob.performers.begin(), ob.performers.end(), pos.role[i]) == ob.performers.end() ||
        std::find(done.begin(), done.end(), m) != done.end()) {
      continue;
    }
    done.push_back(m);
    for (const std::optional<Span>& span : plan.spans) {
      if (!span) continue;
      const Day through = std::min(span->last, std::max(ctx.as_of, span->first));
      if (!ctx.ExistsThroughout(o, span->first, through)) continue;
      // In office for the whole span (so far), in any of the roles.
      Role role = v1::Position::ROLE_UNSPECIFIED;
      for (const int32_t j : held) {
        if (pos.member[j] == m && std::find(ob.performers.begin(), ob.performers.end(), pos.role[j]) != ob.performers.end() &&
            (pos.since[j] == kNoDay || pos.since[j] <= span->first) && (pos.until[j] == kNoDay || pos.until[j] >= through)) {
          role = pos.role[j];
          break;
        }
      }
      if (role == v1::Position::ROLE_UNSPECIFIED) continue;
      int found = 0;
      for (ActivityIndex a : s.LecturesBy(m)) {
        const Day day = s.activities().held_on[a];
        if (day >= span->first && day <= span->last && day <= std::max(ctx.as_of, until) && matcher.Counts(a)) ++found;
      }
      Judge(ctx, ob, *span, found, 0, [&](bool notice) -> check::Finding& {
        check::Finding& f = (notice ? sink.AddNotice(ob.rule, o) : sink.Add(ob.rule, o))
                                .Key(notice ? "life.obligation.personal_due" : "life.obligation.personal")
                                .Member(m);
        return f.RoleParam("role", role);
      });
    }
  }
}

}  // namespace

ObligationPlansPtr PlanObligations(const CheckContext& ctx) {
  ObligationPlansPtr out(new ObligationPlans);
  const Day until = ctx.agenda_until != kNoDay ? ctx.agenda_until : ctx.as_of;
  out->plans.reserve(ctx.policy.compiled().obligations.size());
  for (const ObligationSpec& ob : ctx.policy.compiled().obligations) out->plans.emplace_back(ctx.store, ob, ctx.from, until);
  return out;
}

void ObligationPlansDeleter::operator()(ObligationPlans* plans) const { delete plans; }

namespace {

// Does org o owe obligation `ob`: of a kind that holds it, with a committee
// when it must have one?
bool Owes(const CheckContext& ctx, OrgIndex o, const ObligationSpec& ob) {
  if (!ob.OwedBy(ctx.store.orgs().kind[o])) return false;
  return !ob.needs_committee || MustHaveCommittee(ctx.store, ctx.policy, o);
}

}  // namespace

bool MustHaveCommittee(const Store& s, const Policy& policy, OrgIndex o) {
  const CountBound& at = policy.compiled().branch_committee_at;
  return at.Reached(at.Count(s.FullMembers(o), s.AllMembers(o)));
}

bool ObligationCounts(const ObligationSpec& ob, v1::Activity::Kind kind, bool makeup) {
  return kind == ob.activity && !makeup;
}

uint32_t ObligationReads(const ObligationSpec& ob) {
  using namespace input;
  // Who owes it (the holder's kind) and whether it existed throughout the
  // period (its dates); the activities counted.
  Inputs reads = kOrgs | kOrgDates | kActivities;
  // A branch owes it only while it must have a committee: its full members
  // and all its members counted (Owes).
  if (ob.needs_committee) reads |= kMembers | kMemberStatus;
  // Each holder of a role owes it, by the lectures each gives (PersonalObligation).
  if (ob.personal()) reads |= kPositions;
  return reads;
}

void TallyObligations(const CheckContext& ctx, OrgIndex o, ObligationPlans& plans,
                      const std::function<void(const ObligationSpec& ob, Day due, int found)>& each) {
  std::vector<Plan*> owed;
  owed.reserve(plans.plans.size());
  for (Plan& plan : plans.plans) {
    if (!plan.ob->personal() && Owes(ctx, o, *plan.ob)) owed.push_back(&plan);
  }
  if (owed.empty()) return;
  CountActivities(ctx, o, owed, ctx.as_of);
  for (const Plan* plan : owed) {
    for (size_t k = 0; k < plan->periods.size(); ++k) {
      const std::optional<Span>& span = plan->spans[k];
      if (!span || span->last > ctx.as_of || !ctx.ExistsThroughout(o, span->first, span->last)) continue;
      each(*plan->ob, span->last, plan->found[k]);
    }
  }
}

void CheckObligations(const CheckContext& ctx, int32_t begin, int32_t end, Sink& sink) {
  const Policy& p = ctx.policy;
  if (p.compiled().obligations.empty()) return;
  const Day until = ctx.agenda_until != kNoDay ? ctx.agenda_until : ctx.as_of;
  ObligationPlansPtr own;
  if (ctx.obligation_plans == nullptr) own = PlanObligations(ctx);
  std::vector<Plan>& plans = (own ? own.get() : ctx.obligation_plans)->plans;
  std::vector<Plan*> owed;
  owed.reserve(plans.size());
  for (int32_t k = begin; k < end; ++k) {
    const OrgIndex o = ctx.store.OrgAt(k);
    owed.clear();
    for (Plan& plan : plans) {
      const ObligationSpec& ob = *plan.ob;
      if (!Owes(ctx, o, ob) || !sink.Wants(ob.rule)) continue;
      if (ob.personal()) {
        PersonalObligation(ctx, o, plan, until, sink);
      } else {
        owed.push_back(&plan);
      }
    }
    if (!owed.empty()) OrgObligations(ctx, o, owed, until, sink);
  }
}

}  // namespace dangjian::rules
