// The statistics (stats.h): one pass over each org in scope — its activities,
// its obligations' periods (TallyObligations, as the life.* rules count them)
// and its members' dues (as the member.dues_* rules count them) — then the
// roll-ups, summed from the orgs' own figures.
#include "dangjian/stats.h"

#include <algorithm>
#include <array>

#include "dangjian/dues.h"
#include "lib/check/finding.h"
#include "lib/check/statistics.h"
#include "lib/check/window.h"
#include "lib/report/header.h"
#include "lib/report/messages.h"
#include "lib/rules/families.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian {
namespace {

// The kinds counted, in the order of every table: 三会一课, then 主题党日 and
// 组织生活会.
constexpr std::array<v1::Activity::Kind, 6> kCounted = {
    v1::Activity::GENERAL_MEETING, v1::Activity::COMMITTEE_MEETING, v1::Activity::GROUP_MEETING,
    v1::Activity::PARTY_LECTURE,   v1::Activity::THEME_DAY,         v1::Activity::ORG_LIFE_MEETING};

int CountedIndex(v1::Activity::Kind kind) {
  const auto it = std::find(kCounted.begin(), kCounted.end(), kind);
  return it == kCounted.end() ? -1 : static_cast<int>(it - kCounted.begin());
}

// "2026-03" of a month number.
std::string MonthLabel(int month) {
  const int moy = month % 12 + 1;
  return StrCat(month / 12, moy < 10 ? "-0" : "-", moy);
}

// A fresh row: the org's names, and a month for each of the window, each
// with a zero for each kind counted.
void StartRow(const Store& s, OrgIndex o, int first_month, int months, v1::Statistics::OrgStatistics& row) {
  row.set_org_id(std::string(s.orgs().id[o]));
  row.set_org_name(s.orgs().name[o]);
  row.set_kind(v1::Org::Kind_Name(s.orgs().kind[o]));
  row.set_path(report::OrgPath(s, o));
  for (int m = 0; m < months; ++m) {
    v1::Statistics::Month& month = *row.add_months();
    month.set_month(MonthLabel(first_month + m));
    for (v1::Activity::Kind kind : kCounted) month.add_meetings()->set_activity(v1::Activity::Kind_Name(kind));
  }
}

bool LeadsOthers(OrgKind kind) {
  return kind == v1::Org::WORKING_COMMITTEE || kind == v1::Org::COMMITTEE || kind == v1::Org::GENERAL_BRANCH;
}

}  // namespace

namespace check {

void AddStatisticsRow(const v1::Statistics::OrgStatistics& from, v1::Statistics::OrgStatistics& to) {
  to.set_orgs(to.orgs() + from.orgs());
  to.set_full_members(to.full_members() + from.full_members());
  to.set_probationary_members(to.probationary_members() + from.probationary_members());
  to.set_lost_contact(to.lost_contact() + from.lost_contact());
  for (int m = 0; m < from.months_size(); ++m) {
    const v1::Statistics::Month& a = from.months(m);
    v1::Statistics::Month& b = *to.mutable_months(m);
    for (int k = 0; k < a.meetings_size(); ++k) {
      const v1::Statistics::Meetings& x = a.meetings(k);
      v1::Statistics::Meetings& y = *b.mutable_meetings(k);
      y.set_held(y.held() + x.held());
      y.set_owed(y.owed() + x.owed());
      y.set_periods_due(y.periods_due() + x.periods_due());
      y.set_periods_met(y.periods_met() + x.periods_met());
    }
    b.set_dues_members_owing(b.dues_members_owing() + a.dues_members_owing());
    b.set_dues_members_paid(b.dues_members_paid() + a.dues_members_paid());
    b.set_dues_members_unpaid(b.dues_members_unpaid() + a.dues_members_unpaid());
    b.set_dues_paid_cents(b.dues_paid_cents() + a.dues_paid_cents());
    b.set_dues_unpaid_cents(b.dues_unpaid_cents() + a.dues_unpaid_cents());
  }
}

void RollUpStatistics(const Store& store, int32_t begin, int32_t end, const std::vector<int32_t>& row_ranks,
                      int first_month, int months, v1::Statistics& stats) {
  StartRow(store, store.OrgAt(begin), first_month, months, *stats.mutable_total());
  if (stats.scope().empty()) {
    stats.mutable_total()->clear_org_id();
    stats.mutable_total()->clear_org_name();
    stats.mutable_total()->clear_kind();
    stats.mutable_total()->clear_path();
  }
  for (int i = 0; i < stats.orgs_size(); ++i) AddStatisticsRow(stats.orgs(i), *stats.mutable_total());
  int next = 0;  // the first org row at or after the committee
  for (int32_t k = begin; k < end; ++k) {
    const OrgIndex c = store.OrgAt(k);
    while (next < stats.orgs_size() && row_ranks[next] < k) ++next;
    if (!LeadsOthers(store.orgs().kind[c]) || store.Outside(c)) continue;
    v1::Statistics::OrgStatistics& up = *stats.add_committees();
    StartRow(store, c, first_month, months, up);
    for (int i = next; i < stats.orgs_size() && row_ranks[i] < store.SubtreeEnd(c); ++i) {
      AddStatisticsRow(stats.orgs(i), up);
    }
  }
}

}  // namespace check

absl::StatusOr<v1::Statistics> ComputeStatistics(const Store& store, const Policy& policy,
                                                 const StatsOptions& options) {
  return WithinMemory([&]() -> absl::StatusOr<v1::Statistics> {
    const absl::StatusOr<check::Window> window =
        check::ResolveWindow(store, options.as_of, options.from, options.scope);
    if (!window.ok()) return window.status();
    const Day as_of = window->as_of, from = window->from;
    const int32_t begin = window->scope_begin, end = window->scope_end;
    const check::CheckContext ctx{store, policy, as_of, from, kNoDay, begin, end};
    const rules::ObligationPlansPtr plans = rules::PlanObligations(ctx);
    const int first_month = MonthNumber(from), months = MonthNumber(as_of) - first_month + 1;
    const int last_owed = rules::LastJudgedMonth(as_of);  // dues are owed for months that have ended
    const auto& orgs = store.orgs();
    const auto& members = store.members();
    const auto& acts = store.activities();

    bool owes_any_kind[v1::Org::Kind_ARRAYSIZE] = {};
    for (const ObligationSpec& ob : policy.compiled().obligations) {
      for (int k = 0; k < v1::Org::Kind_ARRAYSIZE; ++k) owes_any_kind[k] |= !ob.personal() && ob.OwedBy(OrgKind(k));
    }

    v1::Statistics stats;
    stats.set_as_of(FormatDate(as_of));
    stats.set_from(FormatDate(from));
    stats.set_scope(options.scope);
    stats.set_profile_id(policy.id());
    for (v1::Activity::Kind kind : kCounted) stats.add_activities(v1::Activity::Kind_Name(kind));

    // A row for every org with members or obligations; the dues of a
    // temporary branch's member go to the org that collects them.
    std::vector<int> row_of(end - begin, -1);  // by rank less `begin`
    const auto row = [&](OrgIndex o) -> v1::Statistics::OrgStatistics& {
      int& r = row_of[store.Rank(o) - begin];
      if (r < 0) {
        r = stats.orgs_size();
        v1::Statistics::OrgStatistics& added = *stats.add_orgs();
        StartRow(store, o, first_month, months, added);
        added.set_orgs(1);
      }
      return *stats.mutable_orgs(r);
    };
    const auto in_window = [&](int month) { return month >= first_month && month < first_month + months; };
    for (int32_t r = begin; r < end; ++r) {
      const OrgIndex o = store.OrgAt(r);
      if (store.Outside(o) || (store.AllMembers(o) == 0 && !owes_any_kind[orgs.kind[o]])) continue;
      v1::Statistics::OrgStatistics& own = row(o);

      // Held: every activity of the kinds counted, make-ups aside.
      for (const ActivityIndex a : store.ActivitiesOf(o)) {
        const int k = CountedIndex(acts.kind[a]);
        if (k < 0 || acts.makeup_for[a] != kNone || acts.held_on[a] < from || acts.held_on[a] > as_of) continue;
        v1::Statistics::Meetings& m = *own.mutable_months(MonthNumber(acts.held_on[a]) - first_month)->mutable_meetings(k);
        m.set_held(m.held() + 1);
      }
      // Owed: each period ended, in the month it ends.
      rules::TallyObligations(ctx, o, *plans, [&](const ObligationSpec& ob, Day due, int found) {
        const int k = CountedIndex(ob.activity);
        if (k < 0 || !in_window(MonthNumber(due))) return;
        v1::Statistics::Meetings& m = *own.mutable_months(MonthNumber(due) - first_month)->mutable_meetings(k);
        m.set_owed(m.owed() + ob.at_least);
        m.set_periods_due(m.periods_due() + 1);
        if (found >= ob.at_least) m.set_periods_met(m.periods_met() + 1);
      });

      for (const MemberIndex m : store.MembersOf(o)) {
        const bool full = members.status[m] == v1::Member::FULL;
        if (full) own.set_full_members(own.full_members() + 1);
        if (members.status[m] == v1::Member::PROBATIONARY) own.set_probationary_members(own.probationary_members() + 1);
        if (members.lost_contact_since[m] != kNoDay && members.lost_contact_since[m] <= as_of) {
          own.set_lost_contact(own.lost_contact() + 1);
        }

        // Dues (党费): to the collector, or, with none, to the branch.
        const OrgIndex collector = rules::DuesCollector(store, m, o);
        const OrgIndex to = collector != kNone && ctx.InScope(collector) ? collector : o;
        v1::Statistics::OrgStatistics& dues_row = to == o ? own : row(to);
        const auto [dfirst, dlast] = store.DuesOf(m);
        for (uint32_t d = dfirst; d < dlast; ++d) {
          const int month = MonthNumber(store.dues().month[d]);
          if (!in_window(month)) continue;
          v1::Statistics::Month& mo = *dues_row.mutable_months(month - first_month);
          mo.set_dues_paid_cents(mo.dues_paid_cents() + store.dues().amount_cents[d]);
        }
        const rules::Membership ms = rules::MembershipOf(store, m, MonthNumber(as_of));
        const bool owes = collector != kNone && store.dues_since() != kNoDay && !members.dues_exempt_approved[m];
        const int owed_from = std::max({first_month, ms.first, store.dues_since() == kNoDay ? 0 : MonthNumber(store.dues_since())});
        std::optional<int64_t> standard;
        if (owes && members.dues_category[m] != v1::Member::DUES_CATEGORY_UNSPECIFIED) {
          const absl::StatusOr<int64_t> s = StandardMonthlyDues(members.dues_category[m], members.monthly_income_cents[m], policy);
          if (s.ok()) standard = *s;
        }
        int year = -1;
        uint16_t mask = 0;
        for (int month = std::max(first_month, ms.first); month <= ms.last; ++month) {
          if (month / 12 != year) year = month / 12, mask = store.PaidMonths(m, year);
          const bool paid = (mask >> (month % 12)) & 1;
          v1::Statistics::Month& mo = *dues_row.mutable_months(month - first_month);
          if (paid) mo.set_dues_members_paid(mo.dues_members_paid() + 1);
          if (!owes || month < owed_from || month > last_owed) continue;
          mo.set_dues_members_owing(mo.dues_members_owing() + 1);
          if (!paid) {
            mo.set_dues_members_unpaid(mo.dues_members_unpaid() + 1);
            if (standard) mo.set_dues_unpaid_cents(mo.dues_unpaid_cents() + *standard);
          }
        }
      }
    }
    // Rows made for a collector come after; put them back in hierarchy order.
    std::vector<int32_t> row_ranks;
    google::protobuf::RepeatedPtrField<v1::Statistics::OrgStatistics> sorted;
    for (int32_t k = begin; k < end; ++k) {
      if (row_of[k - begin] < 0) continue;
      row_ranks.push_back(k);
      *sorted.Add() = stats.orgs(row_of[k - begin]);
    }
    stats.mutable_orgs()->Swap(&sorted);
    check::RollUpStatistics(store, begin, end, row_ranks, first_month, months, stats);
    return stats;
  });
}

std::string RenderStatisticsText(const v1::Statistics& stats, Lang lang) {
  using report::Arg;
  using report::Text;
  std::string out = StrCat(Text("ui.stats.title", lang), "  ", stats.from(), " — ", stats.as_of(), "  ",
                           Text("ui.profile", lang, {Arg("profile", stats.profile_id())}), "  ",
                           Text("ui.report.scope", lang, {Arg("scope", stats.scope().empty()
                                                                        ? Text("ui.report.everything", lang)
                                                                        : stats.scope())}),
                           "\n");
  std::string columns = StrCat(Text("ui.stats.month", lang), Text("ui.stats.held_owed", lang));
  for (const std::string& kind : stats.activities()) {
    v1::Activity::Kind k = v1::Activity::KIND_UNSPECIFIED;
    v1::Activity::Kind_Parse(kind, &k);
    StrAppend(&columns, "  ", report::ActivityKindName(k, lang));
  }
  StrAppend(&columns, "  ", Text("ui.stats.dues", lang));
  const auto table = [&](const v1::Statistics::OrgStatistics& row, std::string_view heading) {
    StrAppend(&out, "\n", heading, "  ",
              Text("ui.stats.members", lang, {Arg("orgs", row.orgs()), Arg("full", row.full_members()),
                                              Arg("probationary", row.probationary_members()),
                                              Arg("lost", row.lost_contact())}),
              "\n  ", columns, "\n");
    for (const v1::Statistics::Month& m : row.months()) {
      StrAppend(&out, "  ", m.month());
      for (const v1::Statistics::Meetings& k : m.meetings()) StrAppend(&out, "  ", k.held(), "/", k.owed());
      StrAppend(&out, "  ", Text("ui.stats.dues_line", lang, {Arg("paid", m.dues_members_paid()),
                                                             Arg("owing", m.dues_members_owing()),
                                                             Arg("paidYuan", FormatYuan(m.dues_paid_cents())),
                                                             Arg("unpaid", m.dues_members_unpaid()),
                                                             Arg("unpaidYuan", FormatYuan(m.dues_unpaid_cents()))}),
                "\n");
    }
  };
  table(stats.total(), Text("ui.stats.total", lang));
  for (const auto& row : stats.committees()) table(row, row.path());
  for (const auto& row : stats.orgs()) table(row, row.path());
  return out;
}

}  // namespace dangjian
