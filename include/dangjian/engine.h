// The incremental Engine: a snapshot held in memory, changed one event at a
// time, its findings kept current.
//
//   auto engine = dangjian::Engine::Create(snapshot, *dangjian::Policy::Builtin("national"), options);
//   dangjian::v1::Event e;
//   e.mutable_status_changed()->set_member_id("m-17");
//   e.mutable_status_changed()->set_status(dangjian::v1::Member::FULL);
//   absl::StatusOr<dangjian::v1::Delta> delta = (*engine)->Apply(e);
//   // delta->added(), delta->resolved(): what the change brought and ended
//
// After any sequence of events the Engine's findings are those a full check
// of its snapshot gives. An event that names what is not there — in any of
// its fields: the org a member moves to, the member of a position, the org
// of a term — or would leave the snapshot invalid, is rejected with a message
// naming the field, and changes nothing. (A snapshot may name what it lacks,
// and a check reports it; an event may not.)
//
// Platforms deliver an event again; an event that repeats exactly what is
// already true changes nothing and its delta is empty. By kind:
//   memberAdded, orgAdded, activityRecorded, termOpened,
//   memberEventRecorded   the same record again (every field alike) is a
//       repeat; one of the same id but other fields is a duplicate id,
//       rejected (a term and a member's event have no id: a term of the
//       same org and another field is a new term, and closes the open one;
//       a member's event with another field is another event);
//   memberMoved, statusChanged, positionChanged, activityCorrected,
//   orgMoved, orgDissolved   set what they set again: the same result (a
//       member moved on a day its events hold a transfer in gains none);
//   duesPaid   months are added to the year's paid months: paying a month
//       again leaves it paid;
//   memberRemoved   the member is gone after the first, with its
//       positions, its rows of the ledger, its payments and its events:
//       again, it names a member that is not there and is rejected,
//       changing nothing.
//
// A batch (v1::EventBatch) is applied as one: each event in turn, against
// what those before it made, all or none. One rejected event rejects the
// batch, its error naming the event ("events[3].memberRemoved: no member
// \"x\""; a batch of one event gives that event's own error), and nothing
// changes; else one delta says what the batch added and resolved, as the
// findings before and after it differ (a finding one event brought and
// another ended is in neither list).
//
// The date moves with AdvanceTo: the Engine judges as of the new day, its
// window's first day (`from`) as it was, and the delta says what the days
// passed brought and ended: periods that ended unmet, terms that fell due,
// runs that reached their length, reminders that came into their window.
// After it the findings are those of a full check at the new date with the
// same `from`; it costs that check, over the Store held.
//
// Every finding has its key (v1::Finding.key, FindingKey in report.h): the
// same in the Engine's report, its deltas and a check, so a platform
// follows a finding from the delta that brought it to the one that ends it.
//
// How much an event costs depends on what it changes. A member added or
// moved (on its day, with the transfer in it adds to its events), a member
// removed (its positions, rows of the ledger, payments and
// events go with it; the activities that name it by its place in the
// snapshot lose it, as a load of the snapshot without it drops those
// references, and the places data findings name move up past what went;
// where activities name it by its id, attending, absent, talked with,
// lecturing, as a decision's subject or candidate, observing, owning a
// resolution, each such id names no member now: the data finding a load
// of the snapshot gives, where it gives it), a
// status change, dues paid (into any year), a position changed, a
// term opened, an activity recorded or corrected (with its attendees,
// absentees, decisions, talks, lecturer, tags, make-up), an org added,
// moved or dissolved and a member's event recorded (a transfer in or out
// moves its first or last day in its branch, and with it the rolls of the
// branch's meetings) are written into the Store where they lie, and only
// the rules that read what they change (as the rule list declares it) run
// again, at the orgs they touch (the record's org and its ancestors, the
// orgs a moved member left and joined, the orgs whose meetings their
// make-ups make up, those where a removed member held a position, a moved or
// dissolved org's subtree, the orgs above a moved org before and after, a
// make-up's target's org) and for the members the record names; a member
// added, moved or removed is judged by every member rule. An org added or
// moved keeps every org's index and ranks again the orgs between where it
// was and where it goes, in the order a load gives them (no pass over the
// records, no new load). An event that would make a load
// report something about the data (a member or unit id that names nothing,
// a date before another it must follow, an activity earlier than every
// other on record, a member or org added whom a record named before it was
// there, a member moved of whom the load says something, a member removed
// of whom the load says something, whom an activity of no org names, or
// with two rows of the ledger for one year, a member removed while a data
// finding names a payment by its row and payments by place of members
// removed before it wait to be taken out) goes as the others do: it rebuilds the
// Store from the snapshot and checks everything again, correct and as slow
// as a load.
//
// An Engine is not safe for concurrent Apply (nor ApplyBatch, AdvanceTo);
// reading its report, agenda, assessment or snapshot while none of them
// runs is.
#ifndef DANGJIAN_ENGINE_H_
#define DANGJIAN_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "dangjian/agenda.h"
#include "dangjian/assess.h"
#include "dangjian/calendar.h"
#include "dangjian/policy.h"
#include "dangjian/report.h"
#include "dangjian/store.h"
#include "dangjian/v1/event.pb.h"
#include "dangjian/v1/report.pb.h"
#include "dangjian/v1/snapshot.pb.h"

namespace dangjian {

struct EngineOptions {
  Day as_of = kNoDay;  // kNoDay: today
  Day from = kNoDay;   // kNoDay: 1 January of as_of's year
  Lang lang = Lang::kZh;
};

class Engine {
 public:
  // Fails on a snapshot a load refuses (InvalidArgument), and on `from`
  // after `as_of` (OutOfRange).
  static absl::StatusOr<std::unique_ptr<Engine>> Create(v1::Snapshot snapshot, Policy policy,
                                                        const EngineOptions& options = {});
  // The same from a snapshot's bytes in any of the formats a load reads,
  // failing where a load of them fails. In binary and delimited the records
  // are kept as they come off the wire, never parsed into one message of the
  // whole: the way to create an Engine over a large file.
  static absl::StatusOr<std::unique_ptr<Engine>> Create(std::string_view bytes, SnapshotFormat format, Policy policy,
                                                        const EngineOptions& options = {});
  // The same from the file at `path`, any a load reads (LoadSnapshotFile):
  // a stream's pages leave memory once its records are held, so that the
  // Engine's peak is about a load's and the records' bytes. A folder of CSV
  // tables or a workbook is loaded, every field kept (its errors by file and
  // line, sheet and cell), and written back as a snapshot (ExportSnapshot).
  static absl::StatusOr<std::unique_ptr<Engine>> CreateFromFile(const std::string& path, Policy policy,
                                                                const EngineOptions& options = {});
  ~Engine();

  // Applies `event`: the findings it added and resolved. On error nothing
  // changed; an event that names what is not there or would leave the
  // snapshot invalid is bad input (InvalidArgument). Out of memory is
  // ResourceExhausted, after which the Engine may hold half the event:
  // destroy it and create it again.
  absl::StatusOr<v1::Delta> Apply(const v1::Event& event);
  // The same, its delta written into `*delta`, cleared first (empty on
  // error). A caller that applies event after event into one Delta has each
  // written in the room of the one before: the findings it held (Clear keeps
  // them) are written again, their strings in the room they had, rather
  // than allocated anew; a delta of tens of thousands of findings is
  // rendered on threads into findings of their own. The room stays with the
  // Delta until it is destroyed or assigned a new one. dj_engine_apply
  // applies so.
  absl::Status Apply(const v1::Event& event, v1::Delta* delta);
  // Applies the batch's events as one, all or none (above). The batch is
  // judged whole before any event is applied, each event against the
  // members, orgs and activities those before it add or take out and the
  // orgs' tree they leave: a rejected event changes nothing and costs no
  // more than judging the events before it. A batch that adds, removes or
  // re-parents a record also keeps, as its events change the snapshot, the
  // way back of each change (the record as it was, where a record added or
  // taken out stood), for the one event judging cannot settle before it
  // comes, which a record the batch changed decides: a member, org or
  // activity given again after an earlier event moved it or changed its
  // standing or record (a repeat, or a duplicate id?), a term opened for
  // an org the batch added or opened a term for. Rejected there, the
  // snapshot is taken back through them and the rest built again from it,
  // as long as creating the Engine took (batches_taken_back counts them).
  // Out of memory (ResourceExhausted) may leave part of it.
  absl::StatusOr<v1::Delta> ApplyBatch(const v1::EventBatch& batch);
  // Judges as of `day` from now on: the findings the days passed added and
  // resolved. `day` before the Engine's as-of date, or more than the longest
  // window after its `from`, is OutOfRange, and changes nothing; its own
  // as-of date changes nothing.
  absl::StatusOr<v1::Delta> AdvanceTo(Day day);
  // The same, its delta written into `*delta`, cleared first (empty on
  // error), as Apply writes one. A delta on a protobuf Arena has its
  // findings allocated there, rendered there on threads at once. On an
  // arena of large blocks backed by huge pages, as dj_engine_advance
  // writes it, the first of a month's (hundreds of thousands of findings at
  // a province) takes an Engine fresh from its file about 40 % less time
  // than on the heap (bench/README.md).
  absl::Status AdvanceTo(Day day, v1::Delta* delta);
  // The day it judges as of, and the first day of the periods it judges.
  Day as_of() const;
  Day from() const;

  // Every current finding, as Check reports them.
  v1::Report Report() const;
  // The same into `*report`, cleared first (empty on error: out of memory is
  // ResourceExhausted), as Check writes one: on an arena, there.
  absl::Status Report(v1::Report* report) const;
  // The agenda and an assessment of the Engine's data as it is now, with its
  // policy, as MakeAgenda and Assess give them for its Store: no load. An
  // option's as_of left kNoDay is the Engine's date (and an assessment's
  // `from` its window's first day).
  absl::StatusOr<v1::Agenda> Agenda(AgendaOptions options) const;
  absl::StatusOr<v1::Assessment> Assess(const v1::Rubric& rubric, AssessOptions options) const;
  const Policy& policy() const;
  // The snapshot as the events left it, made for the call: the Engine holds
  // its records as their bytes, and the message takes five to six times
  // more (12 GB for a province). Members removed in place wait in its
  // list, with their positions, until it is next needed whole: the first
  // call after them takes them out and moves every reference by place after
  // them up, a pass over every activity, dues row and ledger row. Out of
  // memory there throws std::bad_alloc, after which the Engine is to be
  // created again, as after Apply's ResourceExhausted.
  v1::Snapshot snapshot() const;
  // The snapshot written in `format` straight from the records' bytes (JSON
  // through snapshot()): what Create reads back. Binary protobuf holds at
  // most 2 GB; past that it fails (OutOfRange) and a delimited stream, a
  // message per 16 MB of records, is the way.
  absl::StatusOr<std::string> Export(SnapshotFormat format) const;
  const Store& store() const;
  // How many events took the in-place path, and how many rebuilt the Store.
  uint64_t applied_in_place() const;
  uint64_t applied_by_rebuild() const;
  // How many batches were rejected at an event not judged before the batch
  // was applied (ApplyBatch): their snapshot taken back and the rest built
  // again from it.
  uint64_t batches_taken_back() const;

 private:
  class Impl;
  explicit Engine(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

// An event in protobuf JSON, its errors naming the field (InvalidArgument).
absl::StatusOr<v1::Event> ParseEvent(std::string_view json);
// A batch in protobuf JSON ({"events": [...]}), its errors naming the field.
absl::StatusOr<v1::EventBatch> ParseEventBatch(std::string_view json);

}  // namespace dangjian

#endif  // DANGJIAN_ENGINE_H_
