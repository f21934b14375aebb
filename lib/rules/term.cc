// term.*: 换届 — term lengths, due dates, adjustments, reminders.
#include <algorithm>
#include <cstdlib>

#include "lib/rules/families.h"

namespace dangjian::rules {
namespace {

using check::CheckContext;
using check::Sink;

}  // namespace

void CheckTerms(const CheckContext& ctx, int32_t begin, int32_t end, Sink& sink) {
  const Store& s = ctx.store;
  const Policy& p = ctx.policy;
  const auto& t = s.terms();
  const int limit = p.terms().adjustment_limit_months();
  const int grace = p.terms().early_election_grace_months();
  std::vector<int32_t> windows(p.terms().reminder_months().begin(), p.terms().reminder_months().end());
  std::sort(windows.begin(), windows.end());

  for (int32_t k = begin; k < end; ++k) {
    const OrgIndex o = ctx.store.OrgAt(k);
    const int months = p.compiled().TermMonths(s.orgs().kind[o]);
    if (months == 0 || !ctx.Exists(o)) continue;
    int64_t current = -1;  // the latest term begun by as_of and not ended
    for (const int32_t i : s.TermsOf(o)) {
      if (t.started_on[i] > ctx.as_of) continue;  // not begun yet
      const int adjust = t.adjust_months[i];
      if (adjust > limit || adjust < -limit) {
        sink.Add(kTermAdjustmentLimit, o).Date("startedOn", t.started_on[i])
            .Int("adjustMonths", adjust).Int("limit", limit);
      }
      // The part of an approved adjustment beyond the limit does not count (E Art. 3).
      const int applied = t.adjust_approved[i] ? std::clamp(adjust, -limit, limit) : 0;
      const Day due = AddMonths(t.started_on[i], months + applied);
      const Day ended = t.ended_on[i];
      if (ended == kNoDay || ended > ctx.as_of) {
        current = i;
        continue;
      }
      // An ended term: was its closing election held when due?
      if (ended < AddMonths(due, -grace)) {
        sink.Add(kTermAdjustmentUnapproved, o).Variant("early")
            .Date("startedOn", t.started_on[i]).Date("endedOn", ended).Date("dueOn", due).Int("graceMonths", grace);
      } else if (ended > due) {
        sink.Add(kTermAdjustmentUnapproved, o).Variant("late")
            .Date("startedOn", t.started_on[i]).Date("endedOn", ended).Date("dueOn", due);
      }
    }
    if (current < 0) {
      sink.Add(kTermMissing, o).Kind("kind", s.orgs().kind[o]);
      continue;
    }
    const int adjust = t.adjust_approved[current] ? std::clamp<int>(t.adjust_months[current], -limit, limit) : 0;
    const Day due = AddMonths(t.started_on[current], months + adjust);
    if (ctx.as_of > due) {
      sink.Add(kTermExpired, o).DueOn(due)
          .Date("startedOn", t.started_on[current]).Int("termMonths", months).Int("adjustMonths", adjust)
          .Date("dueOn", due).Int("overdueDays", ctx.as_of - due);
      continue;
    }
    // The smallest reminder window the due date falls in, if any. The agenda
    // lists every term due by its horizon instead, whatever the windows.
    int window = 0;
    for (int32_t w : windows) {
      if (due <= AddMonths(ctx.as_of, w)) {
        window = w;
        break;
      }
    }
    if (ctx.agenda_until != kNoDay ? due <= ctx.agenda_until : window > 0) {
      sink.Add(kTermDueSoon, o).DueOn(due).Date("dueOn", due).Int("daysLeft", due - ctx.as_of).Int("window", window);
    }
  }
}

}  // namespace dangjian::rules
