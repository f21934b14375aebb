// The agenda: what each org must still do, and by when — the reminder list a
// platform shows its branch secretaries.
//
// An item is an obligation of organizational life not yet met in a period
// that ends within the horizon (the current month's theme day, the quarter's
// general meeting, a secretary's lectures this year), a term or a probation
// ending within it, a talk owed after an event (六必谈), or a term or
// probation already overdue. Items are sorted by due date.
//
//   dangjian::AgendaOptions options;
//   options.as_of = *dangjian::ParseDate("2026-11-30");
//   options.days = 45;
//   auto agenda = dangjian::MakeAgenda(*store, *policy, options);
//   for (const auto& item : agenda->items()) { /* item.due_on(), item.org_id(), item.message() */ }
//
// Like Check, it only reads the Store and the Policy; safe from many threads.
// A horizon beyond 0–3660 days is a bad argument (OutOfRange, status.h); a
// scope no org has is NotFound.
#ifndef DANGJIAN_AGENDA_H_
#define DANGJIAN_AGENDA_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "dangjian/calendar.h"
#include "dangjian/policy.h"
#include "dangjian/report.h"
#include "dangjian/store.h"
#include "dangjian/v1/report.pb.h"

namespace dangjian {

struct AgendaOptions {
  Day as_of = kNoDay;  // kNoDay: today
  // The horizon: items due within this many days after as_of (and all overdue
  // terms). Unset: 30 days and on to the end of the month they end in, since a
  // month's obligations all fall due on its last day.
  std::optional<int> days;
  std::string scope;   // an org id: only its subtree
  // Rule ids or families ("life", "term.due_soon"); empty: every enabled rule.
  std::vector<std::string> rules;
  Lang lang = Lang::kZh;
};

// The horizon of an agenda as of `as_of` when the caller gives none: to the
// last day of the month 30 days on (as of 30 November, 31 days: 31 December).
int DefaultAgendaDays(Day as_of);

absl::StatusOr<v1::Agenda> MakeAgenda(const Store& store, const Policy& policy, const AgendaOptions& options);

// For a person: by due date, each item with its org.
std::string RenderAgendaText(const v1::Agenda& agenda, const Store& store, Lang lang);
// For a person, as one self-contained page: as RenderHtml (report.h) does a report.
std::string RenderAgendaHtml(const v1::Agenda& agenda, const Store& store, Lang lang,
                             MemberNames names = MemberNames::kFull);
// The Agenda message as protobuf JSON.
std::string RenderAgendaJson(const v1::Agenda& agenda);

}  // namespace dangjian

#endif  // DANGJIAN_AGENDA_H_
