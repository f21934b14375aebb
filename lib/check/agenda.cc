#include "dangjian/agenda.h"

#include <algorithm>

#include "lib/check/checker.h"
#include "lib/check/finding.h"
#include "lib/check/window.h"
#include "lib/report/arena.h"
#include "lib/report/build.h"
#include "lib/report/header.h"
#include "lib/report/messages.h"
#include "lib/rules/families.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian {

int DefaultAgendaDays(Day as_of) {
  const absl::CivilMonth month(ToCivil(as_of + 30));
  return ToDay(absl::CivilDay(month + 1)) - 1 - as_of;
}

absl::StatusOr<v1::Agenda> MakeAgenda(const Store& store, const Policy& policy, const AgendaOptions& options) {
  return WithinMemory([&]() -> absl::StatusOr<v1::Agenda> {
    if (options.days && (*options.days < 0 || *options.days > 3660)) {
      return absl::OutOfRangeError(StrCat("days: ", *options.days, " is not between 0 and 3660"));
    }
    const absl::StatusOr<check::Window> window = check::ResolveWindow(store, options.as_of, kNoDay, options.scope);
    if (!window.ok()) return window.status();
    const absl::StatusOr<std::vector<bool>> selected = check::SelectRules(policy, options.rules);
    if (!selected.ok()) return selected.status();
    const Day as_of = window->as_of;
    const int days = options.days ? *options.days : DefaultAgendaDays(as_of);
    const int32_t begin = window->scope_begin, end = window->scope_end;
    const check::CheckContext ctx{store, policy, as_of, window->from, as_of + days, begin, end};
    check::Sink sink(policy, *selected);
    rules::CheckObligations(ctx, begin, end, sink);
    rules::CheckTerms(ctx, begin, end, sink);
    rules::CheckMembers(ctx, begin, end, sink);

    // Only what has a date: obligations not yet met, terms and probations
    // coming due or overdue, talks owed.
    std::vector<check::Finding> due;
    for (check::Finding& f : sink.findings()) {
      if (f.due_on != kNoDay) due.push_back(std::move(f));
    }
    const auto key = [&](const check::Finding& f) {
      return std::make_tuple(f.due_on, static_cast<uint32_t>(f.org == kNone ? kNone : store.Rank(f.org)), f.rule,
                             static_cast<uint32_t>(f.member));
    };
    std::stable_sort(due.begin(), due.end(),
                     [&](const check::Finding& a, const check::Finding& b) { return key(a) < key(b); });
    // The items' messages rendered as a report's, on an arena of their own
    // (the first of a month at a province: 700 thousand), freed whole.
    google::protobuf::Arena arena(report::LargeMessageArena());
    v1::Report& report = *google::protobuf::Arena::CreateMessage<v1::Report>(&arena);
    report::BuildReport(report::InTheirOrder(due), store, policy, as_of, options.scope, options.lang, report);

    v1::Agenda agenda;
    agenda.set_as_of(FormatDate(as_of));
    agenda.set_days(days);
    agenda.set_profile_id(policy.id());
    agenda.set_scope(options.scope);
    agenda.mutable_rules()->Assign(options.rules.begin(), options.rules.end());
    for (size_t i = 0; i < due.size(); ++i) {
      const v1::Finding& f = report.findings(static_cast<int>(i));
      v1::AgendaItem& item = *agenda.add_items();
      item.set_due_on(f.due_on());
      item.set_org_id(f.org_id());
      item.set_member_id(f.member_id());
      item.set_rule_id(f.rule_id());
      item.set_period(f.period());
      item.set_message(f.message());
      item.set_severity(due[i].due_on < as_of ? v1::VIOLATION : v1::NOTICE);  // overdue
      for (const check::Param& p : due[i].params) {
        if (p.name() == "activity") item.set_activity(v1::Activity::Kind_Name(static_cast<v1::Activity::Kind>(p.value)));
        if (p.name() == "required") item.set_required(static_cast<int32_t>(p.value));
        if (p.name() == "found") item.set_done(static_cast<int32_t>(p.value));
      }
    }
    return agenda;
  });
}

std::string RenderAgendaText(const v1::Agenda& agenda, const Store& store, Lang lang) {
  using report::Arg;
  using report::Text;
  std::string out = StrCat(Text("ui.agenda.title", lang), "  ", Text("ui.as_of", lang, {Arg("asOf", agenda.as_of())}),
                           "  ", Text("ui.agenda.horizon", lang, {Arg("days", agenda.days())}), "  ",
                           Text("ui.profile", lang, {Arg("profile", agenda.profile_id())}), "  ",
                           report::ScopeLabel(store, agenda.scope(), lang),
                           agenda.rules().empty() ? "" : StrCat("  ", report::RulesLabel(agenda.rules(), lang)), "\n");
  if (agenda.items().empty()) return StrCat(out, Text("ui.agenda.nothing_due", lang), "\n");
  std::string last_due;
  for (const v1::AgendaItem& item : agenda.items()) {
    if (item.due_on() != last_due) {
      StrAppend(&out, "\n", item.due_on(),
                item.severity() == v1::VIOLATION ? StrCat("  ", Text("ui.agenda.overdue", lang)) : "", "\n");
      last_due = item.due_on();
    }
    const OrgIndex o = store.FindOrg(item.org_id());
    const std::string& name = o == kNone ? item.org_id() : store.orgs().name[o];
    StrAppend(&out, "  ", name.empty() ? item.org_id() : name, " [", item.org_id(), "]  ", item.message(),
              item.member_id().empty() ? "" : StrCat(" (", Text("ui.member", lang, {Arg("member", item.member_id())}), ")"),
              "\n");
  }
  return out;
}

std::string RenderAgendaJson(const v1::Agenda& agenda) { return RenderMessageJson(agenda); }

}  // namespace dangjian
