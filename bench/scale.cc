// Load and check a large snapshot and say where the time and the memory go.
//
//   dangjian_scale FILE.djs [--as-of 2026-11-30] [--threads 2] [--report] [--engine N [--fresh-deltas]]
//                  [--touch-first GB]
//   dangjian_scale FILE.djs --parts BYTES [--as-of …] [--threads N] [--report]
//
// FILE may be any snapshot LoadSnapshotFile reads: a folder of CSV tables
// too, as bench/peers/compare.sh gives it.
//
// Prints, one line each: the load (wall time, the Store's bytes per member
// and per record by part), the check (compact findings, all families, on the
// threads given), each rule family alone on one thread, building the report
// when --report is given, and the process's peak resident memory. With
// --engine N it then creates an Engine from the same file (its time, and
// its peak memory counted from there alone) and applies N
// events that it writes in place (status changes, dues paid), one at a time
// into one delta kept from event to event, as dj_engine_apply does (with
// --fresh-deltas, a new delta for each, as Apply(event) returns it),
// and one that rebuilds (a member added): their latency; each of the twelve
// kinds of event in turn (and a decision about a member recorded, that
// member removed; a member moved and an org added on their day), up to N
// of each or as many as 3 s allow, their
// median, 99th percentile and how many went in place; then a batch of
// status changes, one with a member added, the same rejected at its last
// event (judged before any is applied, and found only as applied), and the
// date moved one day and 30 days. With --parts it
// checks the stream in parts of about BYTES (parts.h): the hierarchy's read,
// then each part's load and check, the findings by rule over all parts, and
// the peak.
//
// With --touch-first GB, before the load, the report, the Engine's creation
// and each advance of its date, GB of memory is taken, a byte written on
// each of its pages, and given back; the peaks leave it out. On a virtual
// machine whose host backs a page of the guest only when it is first
// written, and takes it back some time after the guest frees it, a step
// then writes pages the host has backed already: its time is its own work,
// not the host's. A step that writes more fresh memory than another pays
// the host more for it without this.
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>

#include "dangjian/check.h"
#include "dangjian/engine.h"
#include "dangjian/policy.h"
#include "dangjian/store.h"
#include "lib/check/checker.h"
#include "lib/model/parts.h"
#include "lib/report/arena.h"
#include "lib/report/build.h"
#include "lib/rules/families.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// VmHWM or VmRSS from /proc/self/status, in MB.
double StatusMb(const char* key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::strlen(key) + 1)) / 1024.0;
  }
  return 0;
}

// The process's peak resident memory, in MB, but for the memory TouchFirst
// takes (see --touch-first): VmHWM, or the peak before a touch when that
// is higher.
class Peak {
 public:
  double Mb() const { return std::max(before_, StatusMb("VmHWM:")); }
  // Counted afresh from here on: VmHWM set back to what the process holds.
  void Restart() {
    before_ = 0;
    if (FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
      std::fputs("5", f);
      std::fclose(f);
    }
  }
  // `gb` GB of memory taken, a byte written on each of its pages (huge
  // pages where the kernel gives them), and given back.
  void TouchFirst(double gb) {
    if (gb <= 0) return;
    const double peak = Mb();
    const size_t bytes = static_cast<size_t>(gb * (1 << 30));
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    madvise(p, bytes, MADV_HUGEPAGE);
    for (size_t i = 0; i < bytes; i += 4096) static_cast<volatile char*>(p)[i] = 1;
    munmap(p, bytes);
    Restart();
    before_ = peak;
  }

 private:
  double before_ = 0;
};

// The check of a stream in parts, as CheckInParts does it, timed step by step.
int CheckInParts(const std::string& path, uint64_t part_bytes, const dangjian::Policy& policy,
                 const dangjian::CheckOptions& options, bool report) {
  using namespace dangjian;
  auto t = Clock::now();
  const auto started = t;
  absl::StatusOr<std::unique_ptr<model::PartedStream>> stream = model::PartedStream::Open(path, {}, part_bytes);
  if (!stream.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), std::string(stream.status().message()).c_str());
    return 2;
  }
  const Store& h = (*stream)->hierarchy();
  uint64_t all_members = 0;
  for (OrgIndex o = 0; o < static_cast<OrgIndex>(h.orgs().size()); ++o) {
    if (h.orgs().parent[o] == kNone) all_members += h.orgs().subtree_full[o] + h.orgs().subtree_probationary[o];
  }
  std::printf("hierarchy\t%.2f s\t%zu orgs, %llu members\t%zu parts\t%.0f MB resident, %.0f MB peak\n", Seconds(t), h.orgs().size(),
              static_cast<unsigned long long>(all_members), (*stream)->parts(), StatusMb("VmRSS:"), StatusMb("VmHWM:"));
  std::vector<size_t> by_rule(policy.RuleCount(), 0);
  double load = 0, check = 0, build = 0;
  size_t findings = 0, activities = 0, attendance = 0;
  for (size_t k = 0; k < (*stream)->parts(); ++k) {
    t = Clock::now();
    absl::StatusOr<std::shared_ptr<const Store>> part = (*stream)->Load(k);
    if (!part.ok()) {
      std::fprintf(stderr, "part %zu: %s\n", k, std::string(part.status().message()).c_str());
      return 2;
    }
    const double loaded = Seconds(t);
    const Store& s = **part;
    t = Clock::now();
    absl::StatusOr<check::Findings> found =
        check::RunCheck(s, policy, options, *check::ResolveWindow(s, options.as_of, options.from, ""));
    check::DropOutside(s, *found);
    const double checked = Seconds(t);
    if (report) {
      t = Clock::now();
      report::BuildReport(found->in_order, s, policy, options.as_of, "", Lang::kZh);
      build += Seconds(t);
    }
    for (const check::Finding* f : *found) ++by_rule[f->rule];
    load += loaded, check += checked, findings += found->size();
    activities += s.activities().size(), attendance += s.activities().attendees.size();
    const auto [first, end] = (*stream)->messages(k);
    std::printf("part\t%zu\tmessages %zu–%zu\t%zu members\tload %.2f s\tcheck %.3f s\t%zu findings\t%.0f MB peak\n", k,
                first, end - 1, s.members().size(), loaded, checked, found->size(), StatusMb("VmHWM:"));
  }
  std::printf("parts\tload %.1f s\tcheck %.1f s\t%zu findings\t%zu activities, %zu attendance entries\n", load, check,
              findings, activities, attendance);
  if (report) std::printf("report\t%.1f s\n", build);
  for (size_t r = 0; r < by_rule.size(); ++r) {
    if (by_rule[r] > 0) std::printf("rule\t%s\t%zu\n", std::string(policy.Rule(static_cast<int>(r)).id).c_str(), by_rule[r]);
  }
  std::printf("total\t%.1f s\nmemory\tpeak\t%.0f MB\n", Seconds(started), StatusMb("VmHWM:"));
  return 0;
}

}  // namespace

constexpr const char* kUsage =
    "usage: dangjian_scale FILE.djs [--as-of YYYY-MM-DD] [--threads N] [--report] [--engine N [--fresh-deltas] | --parts BYTES]\n"
    "                      [--touch-first GB]\n"
    "\n"
    "Loads and checks a large snapshot and prints, one line each, where the time and the memory go: the\n"
    "load, the check, each rule family alone, the peak resident memory.\n"
    "  --as-of YYYY-MM-DD  the date to judge as of (default 2026-11-30)\n"
    "  --threads N         the check's threads (default 2)\n"
    "  --report            also build the report\n"
    "  --engine N          then apply N events to an Engine over the same file: their latency\n"
    "  --fresh-deltas      each event's delta a message of its own, not one written again\n"
    "  --parts BYTES       check the stream in parts of about BYTES instead\n"
    "  --touch-first GB    before the load, the report, the Engine and each advance, write GB of memory\n"
    "                      and give it back: the step is given pages a virtual machine's host has backed\n";

int main(int argc, char** argv) {
  using namespace dangjian;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line as it comes
  const std::string path = argv[1];
  CheckOptions options;
  options.as_of = *ParseDate("2026-11-30");
  options.threads = 2;
  bool report = false;
  int engine_events = 0;
  bool fresh_deltas = false;
  uint64_t part_bytes = 0;
  double touch_first = 0;  // GB
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--as-of") && i + 1 < argc) options.as_of = *ParseDate(argv[++i]);
    else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) options.threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--report")) report = true;
    else if (!std::strcmp(argv[i], "--engine") && i + 1 < argc) engine_events = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--fresh-deltas")) fresh_deltas = true;
    else if (!std::strcmp(argv[i], "--parts") && i + 1 < argc) part_bytes = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--touch-first") && i + 1 < argc) touch_first = std::atof(argv[++i]);
  }
  absl::StatusOr<Policy> policy = Policy::Builtin("national");
  if (part_bytes > 0) return CheckInParts(path, part_bytes, *policy, options, report);

  Peak peak;
  peak.TouchFirst(touch_first);
  auto t = Clock::now();
  absl::StatusOr<std::shared_ptr<const Store>> loaded = LoadSnapshotFile(path);
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), std::string(loaded.status().message()).c_str());
    return 2;
  }
  const double load = Seconds(t);
  const Store& s = **loaded;
  const size_t members = s.members().size();
  const size_t records = s.orgs().size() + members + s.positions().size() + s.terms().size() +
                         s.activities().size() + s.activities().attendees.size() + s.dues().size();
  std::printf("load\t%.2f s\t%zu orgs, %zu members, %zu activities, %zu attendance entries\n", load,
              s.orgs().size(), members, s.activities().size(), s.activities().attendees.size());
  size_t total = 0;
  for (const auto& [part, bytes] : s.MemoryBytes()) {
    total += bytes;
    std::printf("store\t%s\t%.1f MB\n", part.c_str(), bytes / 1e6);
  }
  std::printf("store\ttotal\t%.1f MB\t%.0f bytes a member\t%.1f bytes a record (orgs, members, positions, terms, "
              "activities, attendance, payments)\n",
              total / 1e6, static_cast<double>(total) / members, static_cast<double>(total) / records);
  std::printf("memory\tafter load\t%.0f MB resident\t%.0f MB peak\n", StatusMb("VmRSS:"), peak.Mb());

  t = Clock::now();
  absl::StatusOr<check::Findings> findings =
      check::RunCheck(s, *policy, options, *check::ResolveWindow(s, options.as_of, options.from, ""));
  std::printf("check\t%.3f s\t%zu findings\t%d threads\n", Seconds(t), findings->size(), options.threads);
  std::vector<size_t> by_rule(policy->RuleCount(), 0);
  for (const check::Finding* f : *findings) ++by_rule[f->rule];
  for (size_t r = 0; r < by_rule.size(); ++r) {
    if (by_rule[r] > 0) std::printf("rule\t%s\t%zu\n", std::string(policy->Rule(static_cast<int>(r)).id).c_str(), by_rule[r]);
  }

  const check::CheckContext ctx{s, *policy, options.as_of, check::FromOrNewYear(kNoDay, options.as_of),
                                kNoDay, 0, static_cast<OrgIndex>(s.orgs().size())};
  const std::vector<bool> all(policy->RuleCount(), true);
  const std::pair<const char*, void (*)(const check::CheckContext&, check::Sink&)> families[] = {
      {"structure", [](const check::CheckContext& c, check::Sink& k) { rules::CheckStructure(c, 0, c.scope_end, k); }},
      {"setup", [](const check::CheckContext& c, check::Sink& k) { rules::CheckSetup(c, 0, c.scope_end, k); rules::CheckSetupUnits(c, k); }},
      {"term", [](const check::CheckContext& c, check::Sink& k) { rules::CheckTerms(c, 0, c.scope_end, k); }},
      {"life (obligations)", [](const check::CheckContext& c, check::Sink& k) { rules::CheckObligations(c, 0, c.scope_end, k); }},
      {"life (records)", [](const check::CheckContext& c, check::Sink& k) { rules::CheckRecords(c, 0, c.scope_end, k); }},
      {"member", [](const check::CheckContext& c, check::Sink& k) { rules::CheckMembers(c, 0, c.scope_end, k); }},
      {"data", [](const check::CheckContext& c, check::Sink& k) { rules::CheckData(c, k); }},
  };
  for (const auto& [name, run] : families) {
    check::Sink sink(*policy, all);
    t = Clock::now();
    run(ctx, sink);
    std::printf("family\t%s\t%.3f s\t%zu findings\t1 thread\n", name, Seconds(t), sink.findings().size());
  }
  if (report) {
    peak.TouchFirst(touch_first);
    // By value on the heap (Check), then into a message on an arena of large
    // blocks (Check into a message, as dj_check and the command line build
    // it): each built, then let go.
    t = Clock::now();
    {
      v1::Report r = report::BuildReport(findings->in_order, s, *policy, options.as_of, "", Lang::kZh);
      std::printf("report\t%.3f s\t%d findings with messages\ton the heap\n", Seconds(t), r.findings_size());
    }
    std::printf("report\t%.3f s\tlet go\ton the heap\n", Seconds(t));
    t = Clock::now();
    {
      google::protobuf::Arena arena(report::LargeMessageArena());
      auto* r = google::protobuf::Arena::CreateMessage<v1::Report>(&arena);
      report::BuildReport(findings->in_order, s, *policy, options.as_of, "", Lang::kZh, *r);
      std::printf("report\t%.3f s\t%d findings with messages\ton an arena\n", Seconds(t), r->findings_size());
    }
    std::printf("report\t%.3f s\tlet go\ton an arena\n", Seconds(t));
  }
  std::printf("memory\tpeak\t%.0f MB\n", peak.Mb());
  if (engine_events > 0) {
    std::vector<std::string> sampled;  // every 7th member
    for (size_t m = 0; m < s.members().size(); m += 7) sampled.emplace_back(s.members().id[m]);
    loaded = absl::InternalError("released");  // the engine builds its own Store
    // The peak from here on is the Engine's own: the file read and held, and
    // its Store built.
    peak.TouchFirst(touch_first);
    peak.Restart();
    t = Clock::now();
    EngineOptions eo;
    eo.as_of = options.as_of;
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::CreateFromFile(path, *policy, eo);
    if (!engine.ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), std::string(engine.status().message()).c_str());
      return 2;
    }
    std::printf("engine\tcreate\t%.2f s\t%.0f MB peak\t%.0f MB resident\n", Seconds(t), peak.Mb(), StatusMb("VmRSS:"));
    // An event applied, into the delta kept (or a fresh one): the delta, or
    // null when the event is rejected. The fresh one before is let go
    // (done_with) before the next event's clock starts, as a caller is done
    // with each before the next.
    v1::Delta kept;
    absl::StatusOr<v1::Delta> fresh;
    const auto done_with = [&] { fresh = v1::Delta(); };
    const auto apply = [&](const v1::Event& e) -> const v1::Delta* {
      if (fresh_deltas) {
        fresh = (*engine)->Apply(e);
        return fresh.ok() ? &*fresh : nullptr;
      }
      return (*engine)->Apply(e, &kept).ok() ? &kept : nullptr;
    };
    std::mt19937_64 rng(7);
    std::vector<double> micros[2];  // status changes, dues paid
    size_t changed = 0;
    for (int i = 0; i < engine_events; ++i) {
      v1::Event e;
      const std::string& m = sampled[rng() % sampled.size()];
      if (i % 2 == 0) {
        e.mutable_status_changed()->set_member_id(m);
        e.mutable_status_changed()->set_status(rng() % 2 ? v1::Member::FULL : v1::Member::PROBATIONARY);
      } else {
        e.mutable_dues_paid()->set_member_id(m);
        e.mutable_dues_paid()->set_year(2026);
        e.mutable_dues_paid()->set_paid_months(1u << (rng() % 11));
      }
      done_with();
      const auto start = Clock::now();
      const v1::Delta* delta = apply(e);
      micros[i % 2].push_back(Seconds(start) * 1e6);
      if (delta) changed += delta->added_size() + delta->resolved_size();
    }
    std::vector<double> both(micros[0]);
    both.insert(both.end(), micros[1].begin(), micros[1].end());
    for (auto [what, list] : {std::pair{"apply in place", &both}, std::pair{"status changed", &micros[0]},
                              std::pair{"dues paid", &micros[1]}}) {
      std::sort(list->begin(), list->end());
      if (list->empty()) continue;
      std::printf("engine\t%s\t%zu events\tmedian %.1f us\tp99 %.1f us\tmax %.1f us\n", what, list->size(),
                  (*list)[list->size() / 2], (*list)[list->size() * 99 / 100], list->back());
    }
    std::printf("engine\t%zu findings changed\t%llu events in place\n", changed,
                static_cast<unsigned long long>((*engine)->applied_in_place()));
    // Every kind of event in turn, as a platform sends them: up to N of each,
    // or as many as 3 s allow (at least 3), their median and 99th percentile,
    // and how many the Engine wrote in place.
    {
      const Store& st = (*engine)->store();
      std::vector<OrgIndex> branches;
      for (OrgIndex o = 0; o < static_cast<OrgIndex>(st.orgs().size()); ++o) {
        if (IsBranchKind(st.orgs().kind[o]) && !st.MembersOf(o).empty()) branches.push_back(o);
      }
      const auto id = [](std::string_view x) { return std::string(x); };
      int serial = 0;
      std::vector<v1::Activity> recorded;
      std::vector<std::string> decided;  // the subjects of the decisions recorded
      std::vector<std::string> added_members, added_orgs;
      int front_left = -1;  // members added the bench removes from the front
      const auto branch = [&] { return branches[rng() % branches.size()]; };
      std::mt19937_64 own_branch(11);
      std::mt19937_64 transfer(13);  // the members and branches of the transfers on a day, drawn apart too
      std::mt19937_64 event_of(17);  // the members whose events are recorded, drawn apart too
      std::mt19937_64 founded(19);   // the parents of the branches founded on the day, drawn apart too
      const auto member_of = [&](OrgIndex o) {
        const IndexList of_o = (*engine)->store().MembersOf(o);
        return id((*engine)->store().members().id[of_o[static_cast<uint32_t>(rng() % of_o.size())]]);
      };
      // An event recording a general meeting of org o held on 2026-11-20,
      // its id `prefix` and a serial number, into which the caller writes
      // the rest.
      const auto general_meeting = [&](v1::Event& e, OrgIndex o, const std::string& prefix) -> v1::Activity& {
        v1::Activity& a = *e.mutable_activity_recorded();
        a.set_id(prefix + std::to_string(serial++));
        a.set_org_id(id((*engine)->store().orgs().id[o]));
        a.set_kind(v1::Activity::GENERAL_MEETING);
        a.set_held_on("2026-11-20");
        a.set_topic("bench");
        return a;
      };
      using Make = std::function<v1::Event()>;
      // A member's event of `kind` on the as-of day, of a member drawn.
      const auto member_event = [&](v1::MemberEvent::Kind kind) -> Make {
        return [&, kind] {
          v1::Event e;
          v1::MemberEvent& x = *e.mutable_member_event_recorded();
          x.set_member_id(sampled[event_of() % sampled.size()]);
          x.set_kind(kind);
          x.set_on(FormatDate((*engine)->as_of()));
          return e;
        };
      };
      const std::vector<std::pair<const char*, Make>> kinds = {
          {"statusChanged", [&] {
             v1::Event e;
             e.mutable_status_changed()->set_member_id(sampled[rng() % sampled.size()]);
             e.mutable_status_changed()->set_status(rng() % 2 ? v1::Member::FULL : v1::Member::PROBATIONARY);
             return e;
           }},
          {"duesPaid (a year on record)", [&] {
             v1::Event e;
             e.mutable_dues_paid()->set_member_id(sampled[rng() % sampled.size()]);
             e.mutable_dues_paid()->set_year(2026);
             e.mutable_dues_paid()->set_paid_months(1u << (rng() % 11));
             return e;
           }},
          {"duesPaid (a new year)", [&] {
             v1::Event e;
             e.mutable_dues_paid()->set_member_id(sampled[rng() % sampled.size()]);
             e.mutable_dues_paid()->set_year(2027);
             e.mutable_dues_paid()->set_paid_months(1);
             return e;
           }},
          {"positionChanged", [&] {
             v1::Event e;
             const OrgIndex o = branch();
             v1::Position& p = *e.mutable_position_changed();
             p.set_org_id(id((*engine)->store().orgs().id[o]));
             p.set_member_id(member_of(o));
             p.set_role(rng() % 2 ? v1::Position::SECRETARY : v1::Position::COMMITTEE_MEMBER);
             p.set_since("2026-11-01");
             return e;
           }},
          {"termOpened", [&] {
             v1::Event e;
             v1::Term& term = *e.mutable_term_opened();
             term.set_org_id(id((*engine)->store().orgs().id[branch()]));
             term.set_started_on("2026-11-01");
             return e;
           }},
          {"activityRecorded (30 attendees)", [&] {
             v1::Event e;
             v1::Activity& a = general_meeting(e, branch(), "bench-activity-");
             for (int k = 0; k < 30; ++k) a.add_attendee_ids(sampled[rng() % sampled.size()]);
             recorded.push_back(a);
             return e;
           }},
          // The same meeting as a branch holds it: its own members
          // attending, the first 30 (all of them where it has fewer). Its
          // branch drawn apart, so that the kinds after it draw what they drew.
          {"activityRecorded (its branch's members attending)", [&] {
             v1::Event e;
             const OrgIndex o = branches[own_branch() % branches.size()];
             v1::Activity& a = general_meeting(e, o, "bench-activity-");
             const IndexList of_o = (*engine)->store().MembersOf(o);
             for (uint32_t k = 0; k < of_o.size() && k < 30; ++k) {
               a.add_attendee_ids(id((*engine)->store().members().id[of_o[k]]));
             }
             return e;
           }},
          {"activityCorrected", [&] {
             v1::Event e;
             v1::Activity a = recorded[rng() % recorded.size()];
             a.set_held_on("2026-11-21");
             *e.mutable_activity_corrected() = a;
             return e;
           }},
          // A branch's meeting that decides a member's conversion (转正),
          // another member observing.
          {"activityRecorded (a decision about a member)", [&] {
             v1::Event e;
             const std::string& subject = sampled[rng() % sampled.size()];
             OrgIndex o = (*engine)->store().members().org[(*engine)->store().FindMember(subject)];
             if (o == kNone) o = branch();  // a member of no org: its meeting in a branch
             v1::Activity& a = general_meeting(e, o, "bench-decision-");
             a.add_attendee_ids(subject);
             a.add_observer_ids(sampled[rng() % sampled.size()]);
             v1::Activity::Decision& d = *a.add_decisions();
             d.set_kind(v1::Activity::Decision::CONVERT_TO_FULL);
             d.add_subject_member_ids(subject);
             d.set_votes_for(1);
             decided.push_back(subject);
             return e;
           }},
          {"memberAdded", [&] {
             v1::Event e;
             v1::Member& m = *e.mutable_member_added();
             m.set_id("bench-member-" + std::to_string(serial++));
             m.set_org_id(id((*engine)->store().orgs().id[branch()]));
             m.set_status(v1::Member::FULL);
             added_members.push_back(m.id());
             return e;
           }},
          {"memberMoved", [&] {
             v1::Event e;
             e.mutable_member_moved()->set_member_id(sampled[rng() % sampled.size()]);
             e.mutable_member_moved()->set_org_id(id((*engine)->store().orgs().id[branch()]));
             return e;
           }},
          // A transfer (组织关系转接) as a platform records it, on its day:
          // the member's events gain its transfer in.
          {"memberMoved (on its day)", [&] {
             v1::Event e;
             e.mutable_member_moved()->set_member_id(sampled[transfer() % sampled.size()]);
             e.mutable_member_moved()->set_org_id(id((*engine)->store().orgs().id[branches[transfer() % branches.size()]]));
             e.mutable_member_moved()->set_on(FormatDate((*engine)->as_of()));
             return e;
           }},
          // A member's event (党员事项): its own rules judge it again; a
          // transfer in on the day moves its first day in its branch, and
          // with it the rolls of the branch's meetings before.
          {"memberEventRecorded (commended)", member_event(v1::MemberEvent::COMMENDED)},
          {"memberEventRecorded (a transfer in)", member_event(v1::MemberEvent::TRANSFERRED_IN)},
          // A member the bench added, named by no record: the first of those
          // left (members after it in the snapshot, whose references by
          // place move), up to half of those added, then the last (none
          // after it); no event when none is left.
          {"memberRemoved (added, others after it)", [&] {
             v1::Event e;
             if (front_left < 0) front_left = static_cast<int>(added_members.size() / 2);
             if (added_members.empty() || front_left-- == 0) return e;
             e.set_member_removed(added_members.front());
             added_members.erase(added_members.begin());
             return e;
           }},
          {"memberRemoved (the last added)", [&] {
             v1::Event e;
             if (added_members.empty()) return e;
             e.set_member_removed(added_members.back());
             added_members.pop_back();
             return e;
           }},
          // The subject of a decision recorded above, each once; no event
          // when none is left.
          {"memberRemoved (a decision's subject)", [&] {
             v1::Event e;
             while (!decided.empty() && (*engine)->store().FindMember(decided.back()) == kNone) decided.pop_back();
             if (decided.empty()) return e;
             e.set_member_removed(decided.back());
             decided.pop_back();
             return e;
           }},
          {"memberRemoved (a member with records)", [&] {
             v1::Event e;
             e.set_member_removed(sampled[rng() % sampled.size()]);
             return e;
           }},
          {"orgAdded", [&] {
             v1::Event e;
             v1::Org& o = *e.mutable_org_added();
             o.set_id("bench-org-" + std::to_string(serial++));
             o.set_kind(v1::Org::BRANCH);
             o.set_parent_id(id((*engine)->store().orgs().id[(*engine)->store().orgs().parent[branch()]]));
             added_orgs.push_back(o.id());
             return e;
           }},
          // A branch founded on the day (成立), as a platform records one: it
          // owes nothing for the periods that ended before it. The orgs
          // moved are drawn from those added above, with no day.
          {"orgAdded (established on its day)", [&] {
             v1::Event e;
             v1::Org& o = *e.mutable_org_added();
             o.set_id("bench-org-" + std::to_string(serial++));
             o.set_kind(v1::Org::BRANCH);
             const OrgIndex beside = branches[founded() % branches.size()];
             o.set_parent_id(id((*engine)->store().orgs().id[(*engine)->store().orgs().parent[beside]]));
             o.set_established_on(FormatDate((*engine)->as_of()));
             return e;
           }},
          {"orgMoved", [&] {
             v1::Event e;
             e.mutable_org_moved()->set_org_id(added_orgs[rng() % added_orgs.size()]);
             e.mutable_org_moved()->set_parent_id(
                 id((*engine)->store().orgs().id[(*engine)->store().orgs().parent[branch()]]));
             return e;
           }},
          {"orgDissolved", [&] {
             v1::Event e;
             e.mutable_org_dissolved()->set_org_id(id((*engine)->store().orgs().id[branch()]));
             e.mutable_org_dissolved()->set_on("2026-11-25");
             return e;
           }},
      };
      for (const auto& [what, make] : kinds) {
        std::vector<double> list, placed;  // every event's time, and those written in place
        const uint64_t in_place = (*engine)->applied_in_place();
        int rejected = 0;
        uint64_t delta_findings = 0;  // added and resolved over the deltas: each event renders its own
        const auto kind_started = Clock::now();
        while (static_cast<int>(list.size()) < engine_events && (list.size() < 3 || Seconds(kind_started) < 3)) {
          const v1::Event e = make();
          if (e.change_case() == v1::Event::CHANGE_NOT_SET) break;  // none of this kind left to make
          const uint64_t placed_before = (*engine)->applied_in_place();
          done_with();
          const auto start = Clock::now();
          const v1::Delta* delta = apply(e);
          list.push_back(Seconds(start) * 1e6);
          if ((*engine)->applied_in_place() > placed_before) placed.push_back(list.back());
          rejected += delta == nullptr;
          if (delta) delta_findings += delta->added_size() + delta->resolved_size();
        }
        if (list.empty()) continue;
        std::sort(list.begin(), list.end());
        std::sort(placed.begin(), placed.end());
        std::printf("kind\t%s\t%zu events\tmedian %.1f us\tp99 %.1f us\tmax %.1f us\t%llu in place\t%d rejected"
                    "\t%.1f findings a delta",
                    what, list.size(), list[list.size() / 2], list[list.size() * 99 / 100], list.back(),
                    static_cast<unsigned long long>((*engine)->applied_in_place() - in_place), rejected,
                    static_cast<double>(delta_findings) / static_cast<double>(list.size()));
        // When some went by rebuild: those in place apart.
        if (!placed.empty() && placed.size() < list.size()) {
          std::printf("\tin place: median %.1f us\tp99 %.1f us", placed[placed.size() / 2],
                      placed[placed.size() * 99 / 100]);
        }
        std::printf("\n");
      }
    }
    // The org of the first member still in one (the events above removed some).
    const std::string first_org = [&] {
      const auto& orgs_of = (*engine)->store().members().org;
      const auto in_one = std::find_if(orgs_of.begin(), orgs_of.end(), [](OrgIndex o) { return o != kNone; });
      return std::string((*engine)->store().orgs().id[in_one == orgs_of.end() ? 0 : *in_one]);
    }();
    v1::Event added;
    added.mutable_member_added()->set_id("bench-new-member");
    added.mutable_member_added()->set_org_id(first_org);
    added.mutable_member_added()->set_status(v1::Member::FULL);
    t = Clock::now();
    absl::StatusOr<v1::Delta> delta = (*engine)->Apply(added);
    std::printf("engine\tapply by rebuild (member added)\t%.2f s\t%s\n", Seconds(t), delta.ok() ? "ok" : "rejected");
    // A batch of the in-place kinds, as a platform's sync sends them: one
    // delta for all, judged whole before any is applied. Its members are
    // drawn from the Store as it is now (the events above removed some).
    v1::EventBatch batch;
    const auto& members_now = (*engine)->store().members();
    for (int i = 0; i < 100; ++i) {
      v1::StatusChanged& x = *batch.add_events()->mutable_status_changed();
      MemberIndex m;
      do {  // a removed member's row stays, found by no id
        m = static_cast<MemberIndex>(rng() % members_now.size());
      } while ((*engine)->store().FindMember(members_now.id[m]) != m);
      x.set_member_id(std::string(members_now.id[m]));
      x.set_status(rng() % 2 ? v1::Member::FULL : v1::Member::PROBATIONARY);
    }
    t = Clock::now();
    delta = (*engine)->ApplyBatch(batch);
    std::printf("engine\tbatch of 100 status changes\t%.2f ms\t%s\n", Seconds(t) * 1e3, delta.ok() ? "ok" : "rejected");
    // A batch that adds a member keeps, as it goes, what a rejected event
    // takes the Engine back to. Once accepted; once rejected at its last
    // event, judged so before any is applied; once rejected where only
    // applying the events before tells (the member added given again after
    // its status changed: a duplicate), the Engine taken back.
    const char* const hows[] = {"", ", the last rejected", ", the last rejected as applied"};
    for (int k = 0; k < 3; ++k) {
      const char* how = hows[k];
      const std::string id = "bench-batch-member-" + std::to_string(k);
      v1::Member& m = *batch.mutable_events(0)->mutable_member_added();
      m.set_id(id);
      m.set_org_id(first_org);
      m.set_status(v1::Member::FULL);
      if (k == 1) batch.mutable_events(99)->mutable_status_changed()->set_member_id("bench-nobody");
      if (k == 2) {
        batch.mutable_events(1)->mutable_status_changed()->set_member_id(id);
        batch.mutable_events(1)->mutable_status_changed()->set_status(v1::Member::PROBATIONARY);
        *batch.mutable_events(99)->mutable_member_added() = m;
      }
      t = Clock::now();
      delta = (*engine)->ApplyBatch(batch);
      std::printf("engine\tbatch of 100, a member added first%s\t%.2f ms\t%s\n", how, Seconds(t) * 1e3,
                  delta.ok() ? "ok" : "rejected");
    }
    // The date moved: every finding judged again at the new day, the delta
    // written on an arena as dj_engine_advance writes it (the arena freed
    // within the time).
    for (const int days : {1, 30}) {
      peak.TouchFirst(touch_first);
      t = Clock::now();
      int came = -1, went = -1;
      {
        google::protobuf::Arena arena(report::LargeMessageArena());
        auto* advanced = google::protobuf::Arena::CreateMessage<v1::Delta>(&arena);
        if ((*engine)->AdvanceTo((*engine)->as_of() + days, advanced).ok()) {
          came = advanced->added_size(), went = advanced->resolved_size();
        }
      }
      std::printf("engine\tadvance %d day%s\t%.3f s\t%d added, %d resolved\n", days, days == 1 ? "" : "s", Seconds(t),
                  came, went);
    }
    std::printf("memory\tpeak\t%.0f MB\n", peak.Mb());
  }
  return 0;
}
