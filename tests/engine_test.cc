// The incremental Engine: after every event its findings are a full check's,
// its delta is the difference, and a rejected event changes nothing.
#include <algorithm>
#include <functional>
#include <atomic>
#include <cstdio>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "absl/algorithm/container.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"

#include "bench/synthetic.h"
#include "dangjian/agenda.h"
#include "dangjian/assess.h"
#include "dangjian/check.h"
#include "dangjian/engine.h"
#include "dangjian/examples.h"
#include "dangjian/report.h"
#include "dangjian/rules.h"
#include "dangjian/stats.h"
#include "lib/model/store.h"
#include "lib/report/arena.h"
#include "lib/report/build.h"
#include "lib/rules/catalogue.h"
#include "lib/strings.h"
#include "gtest/gtest.h"

namespace dangjian {
namespace {

std::string Bytes(const google::protobuf::Message& m) { return report::DeterministicBytes(m); }

std::multiset<std::string> Findings(const v1::Report& r) {
  std::multiset<std::string> out;
  for (const v1::Finding& f : r.findings()) out.insert(Bytes(f));
  return out;
}

const Day kAsOf = *ParseDate(kSampleAsOf);

// Most randomized tests below take their events from one seed and check
// every step against a full check. Under the sanitizers a step costs several
// times as much, and those that count their steps in Steps take the first
// third of the same steps; the counts they expect of their steps are taken
// in the same share.
#if defined(__SANITIZE_ADDRESS__) || defined(DANGJIAN_THREAD_SANITIZER)
constexpr int kStepShare = 3;
#else
constexpr int kStepShare = 1;
#endif
template <typename N>
constexpr N Steps(N n) {
  return n / kStepShare;
}

// The first `n` of `ids` that `pick` picks put before the others, each part
// in its order: the members an order of removals takes first.
std::vector<std::string> FirstPicked(const std::vector<std::string>& ids, size_t n,
                                     const std::function<bool(const std::string&)>& pick) {
  std::vector<std::string> first, rest;
  for (const std::string& id : ids) (first.size() < n && pick(id) ? first : rest).push_back(id);
  first.insert(first.end(), rest.begin(), rest.end());
  return first;
}

// A member "misdated" (its fullOn before its admittedOn) added to the
// snapshot, in the org of its first member: a load says so, and so its
// removal goes by rebuild.
void AddMisdatedMember(v1::Snapshot& s) {
  v1::Member& m = *s.add_members();
  m.set_id("misdated");
  m.set_org_id(s.members(0).org_id());
  m.set_status(v1::Member::FULL);
  m.set_admitted_on("2020-05-01");
  m.set_full_on("2019-01-01");
}

// The ids of the snapshot's branches (党支部), in its order.
std::vector<std::string> Branches(const v1::Snapshot& s) {
  std::vector<std::string> branches;
  for (const v1::Org& o : s.orgs()) {
    if (o.kind() == v1::Org::BRANCH) branches.push_back(o.id());
  }
  return branches;
}

// An Engine over `snapshot` at the sample's date.
std::unique_ptr<Engine> EngineAt(v1::Snapshot snapshot, const std::string& profile = "national") {
  EngineOptions options;
  options.as_of = kAsOf;
  auto engine = Engine::Create(std::move(snapshot), *Policy::Builtin(profile), options);
  EXPECT_TRUE(engine.ok()) << engine.status();
  return *std::move(engine);
}

// `a` written as activity `id` of `org`, of `kind`, held on `held_on`; the
// caller writes the rest.
v1::Activity& Recorded(v1::Activity& a, const std::string& id, const std::string& org, v1::Activity::Kind kind,
                       const std::string& held_on) {
  a.set_id(id);
  a.set_org_id(org);
  a.set_kind(kind);
  a.set_held_on(held_on);
  return a;
}

std::unique_ptr<Engine> SampleEngine(const std::string& profile = "national") {
  absl::StatusOr<v1::Snapshot> snapshot = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  EXPECT_TRUE(snapshot.ok());
  return EngineAt(*std::move(snapshot), profile);
}

v1::Report FullCheck(const v1::Snapshot& snapshot, const std::string& profile = "national", Day as_of = kAsOf,
                     Day from = kNoDay) {
  auto store = LoadSnapshot(snapshot);
  EXPECT_TRUE(store.ok()) << store.status();
  CheckOptions options;
  options.as_of = as_of;
  options.from = from;
  auto report = Check(**store, *Policy::Builtin(profile), options);
  EXPECT_TRUE(report.ok());
  return *report;
}

// Random events over the engine's current snapshot: every kind, mostly
// valid, some naming what is not there.
class Events {
 public:
  explicit Events(uint64_t seed) : rng_(seed) {}

  v1::Event Next(const v1::Snapshot& s) {
    v1::Event e;
    const auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); };
    const auto member = [&] { return pick(6) == 0 ? std::string("nobody") : s.members(pick(s.members_size())).id(); };
    const auto org = [&] { return s.orgs(pick(s.orgs_size())).id(); };
    const auto date = [&] {
      char buf[40];  // room for any int, as the compiler asks
      std::snprintf(buf, sizeof buf, "2026-%02d-%02d", 1 + pick(11), 1 + pick(28));
      return std::string(buf);
    };
    switch (pick(14)) {
      case 0: {
        v1::Member& m = *e.mutable_member_added();
        m.set_id("new-" + std::to_string(next_++));
        m.set_org_id(org());
        m.set_status(pick(3) == 0 ? v1::Member::PROBATIONARY : v1::Member::FULL);
        m.set_admitted_on(date());
        break;
      }
      case 1: e.set_member_removed(member()); break;
      case 2:
        e.mutable_member_moved()->set_member_id(member());
        e.mutable_member_moved()->set_org_id(org());
        if (pick(2)) e.mutable_member_moved()->set_on(date());
        break;
      case 3: case 4: {
        e.mutable_status_changed()->set_member_id(member());
        e.mutable_status_changed()->set_status(pick(2) ? v1::Member::FULL : v1::Member::PROBATIONARY);
        if (pick(2)) e.mutable_status_changed()->set_full_on(date());
        break;
      }
      case 5: {
        v1::Position& p = *e.mutable_position_changed();
        p.set_org_id(org());
        p.set_member_id(member());
        p.set_role(static_cast<v1::Position::Role>(1 + pick(6)));
        p.set_since(date());
        break;
      }
      case 6: {
        v1::Term& t = *e.mutable_term_opened();
        t.set_org_id(org());
        t.set_started_on(date());
        break;
      }
      case 7: case 8: {
        const bool correct = pick(2) && s.activities_size() > 0;
        v1::Activity a = correct ? s.activities(pick(s.activities_size())) : v1::Activity();
        if (!correct) {
          a.set_id("act-" + std::to_string(next_++));
          a.set_org_id(org());
          a.set_kind(static_cast<v1::Activity::Kind>(1 + pick(8)));
        }
        a.set_held_on(date());
        a.add_attendee_ids(member());
        *(correct ? e.mutable_activity_corrected() : e.mutable_activity_recorded()) = a;
        break;
      }
      case 9: case 10: {
        v1::DuesLedger& d = *e.mutable_dues_paid();
        d.set_member_id(member());
        d.set_year(pick(3) ? 2026 : 2025);
        d.set_paid_months(1u << pick(12));
        break;
      }
      case 11:
        if (pick(2)) {
          e.mutable_org_dissolved()->set_org_id(org());
          e.mutable_org_dissolved()->set_on(pick(10) ? date() : "2026-02-30");
        } else {
          e.mutable_org_moved()->set_org_id(org());
          e.mutable_org_moved()->set_parent_id(org());
        }
        break;
      case 12: {
        // Any kind, a transfer in or out as often as the rest together.
        v1::MemberEvent& x = *e.mutable_member_event_recorded();
        x.set_member_id(member());
        x.set_kind(pick(2) ? static_cast<v1::MemberEvent::Kind>(1 + pick(14))
                           : pick(2) ? v1::MemberEvent::TRANSFERRED_IN : v1::MemberEvent::TRANSFERRED_OUT);
        if (x.kind() == v1::MemberEvent::EVALUATED) x.set_grade(static_cast<v1::MemberEvent::Grade>(1 + pick(4)));
        x.set_on(pick(10) ? date() : "2026-02-30");
        break;
      }
      default: {
        v1::Org& o = *e.mutable_org_added();
        o.set_id("org-" + std::to_string(next_++));
        o.set_kind(pick(2) ? v1::Org::BRANCH : v1::Org::PARTY_GROUP);
        o.set_parent_id(org());
        break;
      }
    }
    if (pick(12) == 0) e.Clear();  // no change at all
    return e;
  }

 private:
  std::mt19937_64 rng_;
  int next_ = 0;
};

// The sample with its members named by position wherever the schema allows
// (attendees, talks, absentees, dues, ledger rows), as a large export names
// them.
v1::Snapshot ByPosition(v1::Snapshot s) {
  std::map<std::string, int> at;
  for (int i = 0; i < s.members_size(); ++i) at[s.members(i).id()] = i;
  const auto known = [&](const std::string& id) { return at.count(id) > 0; };
  for (v1::Activity& a : *s.mutable_activities()) {
    google::protobuf::RepeatedPtrField<std::string> attendees, talks;
    for (const std::string& id : a.attendee_ids()) known(id) ? a.add_attendee_indexes(at[id]) : void(*attendees.Add() = id);
    for (const std::string& id : a.talk_member_ids()) known(id) ? a.add_talk_member_indexes(at[id]) : void(*talks.Add() = id);
    a.mutable_attendee_ids()->Swap(&attendees);
    a.mutable_talk_member_ids()->Swap(&talks);
    for (auto& x : *a.mutable_absentees()) {
      if (known(x.member_id())) x.set_member_index(at[x.member_id()]), x.clear_member_id();
    }
  }
  for (auto& x : *s.mutable_dues()) {
    if (known(x.member_id())) x.set_member_index(at[x.member_id()]), x.clear_member_id();
  }
  for (auto& x : *s.mutable_dues_ledger()) {
    if (known(x.member_id())) x.set_member_index(at[x.member_id()]), x.clear_member_id();
  }
  return s;
}

// Every reference to a member by its id, positions resolved, and those that
// name no member left out: two snapshots that say the same of the same
// members compare equal, however they name them.
std::string ById(v1::Snapshot s) {
  std::set<std::string> ids;
  for (const v1::Member& m : s.members()) ids.insert(m.id());
  const auto id_at = [&](int32_t i) { return i >= 0 && i < s.members_size() ? s.members(i).id() : std::string(); };
  const auto keep = [&](google::protobuf::RepeatedPtrField<std::string>& list) {
    list.erase(std::remove_if(list.begin(), list.end(), [&](const std::string& id) { return !ids.count(id); }), list.end());
  };
  for (v1::Activity& a : *s.mutable_activities()) {
    for (int32_t i : a.attendee_indexes()) a.add_attendee_ids(id_at(i));
    for (int32_t i : a.talk_member_indexes()) a.add_talk_member_ids(id_at(i));
    a.clear_attendee_indexes(), a.clear_talk_member_indexes();
    keep(*a.mutable_attendee_ids()), keep(*a.mutable_talk_member_ids());
    for (auto& x : *a.mutable_absentees()) {
      if (x.has_member_index()) x.set_member_id(id_at(x.member_index())), x.clear_member_index();
    }
    auto& absent = *a.mutable_absentees();
    absent.erase(std::remove_if(absent.begin(), absent.end(), [&](const auto& x) { return !ids.count(x.member_id()); }),
                 absent.end());
  }
  for (auto* list : {s.mutable_dues()}) {
    for (auto& x : *list) {
      if (x.has_member_index()) x.set_member_id(id_at(x.member_index())), x.clear_member_index();
    }
    list->erase(std::remove_if(list->begin(), list->end(), [&](const auto& x) { return !ids.count(x.member_id()); }), list->end());
  }
  for (auto* list : {s.mutable_dues_ledger()}) {
    for (auto& x : *list) {
      if (x.has_member_index()) x.set_member_id(id_at(x.member_index())), x.clear_member_index();
    }
    list->erase(std::remove_if(list->begin(), list->end(), [&](const auto& x) { return !ids.count(x.member_id()); }), list->end());
  }
  return Bytes(s);
}

TEST(Engine, StartsWithTheFullCheck) {
  std::unique_ptr<Engine> engine = SampleEngine();
  EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot())));
  EXPECT_EQ(Bytes(engine->Report()), Bytes(FullCheck(engine->snapshot())));
  // Its report written into a message given filled, on an arena as
  // dj_engine_report writes it: the same, the message cleared first.
  google::protobuf::Arena arena(report::LargeMessageArena());
  auto* on_arena = google::protobuf::Arena::CreateMessage<v1::Report>(&arena);
  on_arena->add_findings()->set_rule_id("written before");
  on_arena->set_scope("written before");
  ASSERT_TRUE(engine->Report(on_arena).ok());
  EXPECT_EQ(Bytes(*on_arena), Bytes(engine->Report()));
}

// The property: after every event, the engine's findings equal a full check
// of its snapshot, and the delta is exactly the change.
// And an engine whose snapshot names members by position holds, after every
// event, what an engine naming them by id holds: compared by ids, not by
// positions, which the event moves.
TEST(Engine, AfterAnySequenceEqualsAFullCheck) {
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok());
  EngineOptions options;
  options.as_of = kAsOf;
  auto created = Engine::Create(ByPosition(*sample), *Policy::Builtin("national"), options);
  ASSERT_TRUE(created.ok()) << created.status();
  std::unique_ptr<Engine> engine = *std::move(created), by_id = SampleEngine();
  ASSERT_EQ(ById(engine->snapshot()), ById(by_id->snapshot()));
  Events events(20261121);
  int applied = 0, rejected = 0;
  for (int step = 0; step < Steps(120); ++step) {
    const v1::Event e = events.Next(engine->snapshot());
    const std::string snapshot_before = Bytes(engine->snapshot());
    const std::multiset<std::string> before = Findings(engine->Report());
    absl::StatusOr<v1::Delta> delta = engine->Apply(e);
    ASSERT_EQ(by_id->Apply(e).ok(), delta.ok()) << "step " << step << ": " << e.DebugString();
    ASSERT_EQ(ById(engine->snapshot()), ById(by_id->snapshot())) << "step " << step << ": " << e.DebugString();
    if (!delta.ok()) {
      ++rejected;
      EXPECT_EQ(Bytes(engine->snapshot()), snapshot_before) << e.DebugString();
      EXPECT_EQ(Findings(engine->Report()), before) << e.DebugString();
      continue;
    }
    ++applied;
    const std::multiset<std::string> after = Findings(engine->Report());
    ASSERT_EQ(after, Findings(FullCheck(engine->snapshot()))) << "step " << step << ": " << e.DebugString();
    std::multiset<std::string> expected = before;
    for (const v1::Finding& f : delta->resolved()) {
      auto it = expected.find(Bytes(f));
      ASSERT_NE(it, expected.end()) << "resolved but not there: " << f.DebugString();
      expected.erase(it);
    }
    for (const v1::Finding& f : delta->added()) expected.insert(Bytes(f));
    ASSERT_EQ(expected, after) << "step " << step << ": " << e.DebugString();
  }
  EXPECT_GT(applied, Steps(80));
  EXPECT_GT(rejected, Steps(10));
  EXPECT_GT(engine->applied_in_place(), Steps(20u));
  EXPECT_GT(engine->applied_by_rebuild(), Steps(5u));
}

// One delta written again and again (Apply's second form, the C API's):
// each event's the same, byte for byte, as a delta of its own, whatever the
// one before it held (more findings, fewer, other fields, other evidence);
// empty when the event is rejected.
TEST(Engine, ADeltaWrittenAgainInItsRoomIsTheSameAsAFreshOne) {
  std::unique_ptr<Engine> fresh = SampleEngine(), reusing = SampleEngine();
  Events events(20261205);
  v1::Delta delta;
  int written = 0, rejected = 0, shrank = 0;
  int before = 0;  // findings in the delta before
  for (int step = 0; step < Steps(120); ++step) {
    const v1::Event e = events.Next(fresh->snapshot());
    const absl::StatusOr<v1::Delta> expected = fresh->Apply(e);
    const absl::Status status = reusing->Apply(e, &delta);
    ASSERT_EQ(status, expected.status()) << "step " << step << ": " << e.DebugString();
    const int now = delta.added_size() + delta.resolved_size();
    if (!status.ok()) {
      ++rejected;
      EXPECT_EQ(Bytes(delta), Bytes(v1::Delta())) << "step " << step;
    } else {
      ++written;
      ASSERT_EQ(Bytes(delta), Bytes(*expected)) << "step " << step << ": " << e.DebugString();
      shrank += now < before;
    }
    before = now;
  }
  EXPECT_GT(written, Steps(80));
  EXPECT_GT(rejected, Steps(6));
  EXPECT_GT(shrank, Steps(5));  // a delta written over a larger one
  EXPECT_EQ(Findings(reusing->Report()), Findings(fresh->Report()));
}

// An event's record is refused as a load refuses it in a snapshot, its
// error naming the event's field where the load names the list's record.
TEST(Engine, RejectsARecordAsALoadDoes) {
  std::unique_ptr<Engine> engine = SampleEngine();
  const auto check = [&](const char* event, const char* field, const char* list) {
    SCOPED_TRACE(event);
    v1::Event e;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(event, &e));
    const absl::StatusOr<v1::Delta> refused = engine->Apply(e);
    ASSERT_FALSE(refused.ok());
    // The same record, alone in a snapshot's list.
    std::vector<const google::protobuf::FieldDescriptor*> set;
    e.GetReflection()->ListFields(e, &set);
    ASSERT_EQ(set.size(), 1u);
    v1::Snapshot one;
    one.GetReflection()
        ->AddMessage(&one, one.GetDescriptor()->FindFieldByName(list))
        ->CopyFrom(e.GetReflection()->GetMessage(e, set[0]));
    const absl::StatusOr<std::shared_ptr<const Store>> loaded = LoadSnapshot(one);
    ASSERT_FALSE(loaded.ok());
    std::string expected(loaded.status().message());
    const std::string prefix = StrCat(one.GetDescriptor()->FindFieldByName(list)->json_name(), "[0]");
    ASSERT_EQ(expected.rfind(prefix, 0), 0u) << expected;
    expected = StrCat(field, expected.substr(prefix.size()));
    EXPECT_EQ(refused.status().message(), expected);
  };
  check(R"(activity_recorded { id: "new" org_id: "b-swu-1" kind: THEME_DAY held_on: "2026-02-30" })", "activityRecorded",
        "activities");
  check(R"(activity_corrected { id: "new" org_id: "b-swu-1" kind: THEME_DAY held_on: "2026-02-29" })",
        "activityCorrected", "activities");
  check(R"(term_opened { org_id: "b-swu-1" started_on: "soon" })", "termOpened", "terms");
  check(R"(position_changed { org_id: "b-swu-1" member_id: "m0001" since: "2026-01-01" })", "positionChanged", "positions");
  check(R"(dues_paid { year: 2026 paid_months: 1 })", "duesPaid", "dues_ledger");
  check(R"(org_added { id: "new-org" name: "x" })", "orgAdded", "orgs");
  check(R"(member_added { id: "new" org_id: "b-swu-1" status: FULL admitted_on: "2026-13-01" })", "memberAdded", "members");
  // A string that is not UTF-8, which the C++ API lets a caller set and a
  // load of the snapshot's bytes refuses.
  v1::Event bad;
  bad.mutable_activity_recorded()->set_id("new");
  bad.mutable_activity_recorded()->set_org_id("b-swu-1");
  bad.mutable_activity_recorded()->set_kind(v1::Activity::THEME_DAY);
  bad.mutable_activity_recorded()->set_held_on("2026-03-01");
  bad.mutable_activity_recorded()->set_topic("\xff\xfe");
  const absl::StatusOr<v1::Delta> refused = engine->Apply(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(), "activityRecorded: holds a string that is not UTF-8");
  EXPECT_EQ(Findings(engine->Report()), Findings(SampleEngine()->Report()));  // nothing changed
}

TEST(Engine, RejectsWithTheFieldNamed) {
  std::unique_ptr<Engine> engine = SampleEngine();
  const auto error = [&](const char* text) {
    v1::Event e;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &e)) << text;
    absl::StatusOr<v1::Delta> d = engine->Apply(e);
    return d.ok() ? std::string("ok") : std::string(d.status().message());
  };
  EXPECT_EQ(error(""), "event: no change given");
  EXPECT_EQ(error(R"(member_removed: "nobody")"), "memberRemoved: no member \"nobody\"");
  EXPECT_EQ(error(R"(status_changed { member_id: "nobody" status: FULL })"), "statusChanged.memberId: no member \"nobody\"");
  EXPECT_EQ(error(R"(member_added { id: "x" org_id: "b-swu-1" })"), "memberAdded.status: missing (required)");
  EXPECT_EQ(error(R"(org_dissolved { org_id: "b-swu-1" on: "2026-02-30" })"),
            "orgDissolved.on: \"2026-02-30\" is not a date (YYYY-MM-DD)");
  EXPECT_EQ(error(R"(org_moved { org_id: "wc" parent_id: "b-swu-1" })"),
            "orgMoved.parentId: \"b-swu-1\" is within \"wc\": a cycle");
  EXPECT_EQ(error(R"(activity_corrected { id: "none" org_id: "b-swu-1" kind: THEME_DAY held_on: "2026-03-01" })"),
            "activityCorrected.id: no activity \"none\"");
  // What an event names besides its record is there too: a snapshot may name
  // what it lacks (a data finding), an event may not.
  EXPECT_EQ(error(R"(member_moved { member_id: "m0001" org_id: "gone" })"), "memberMoved.orgId: no org \"gone\"");
  EXPECT_EQ(error(R"(member_moved { member_id: "m0001" org_id: "b-gaj-11" group_id: "gone" })"),
            "memberMoved.groupId: no org \"gone\"");
  EXPECT_EQ(error(R"(member_moved { member_id: "m0001" org_id: "tb-xczx" home_org_id: "gone" })"),
            "memberMoved.homeOrgId: no org \"gone\"");
  EXPECT_EQ(error(R"(member_added { id: "new" org_id: "tb-xczx" home_org_id: "gone" status: FULL })"),
            "memberAdded.homeOrgId: no org \"gone\"");
  EXPECT_EQ(error(R"(term_opened { org_id: "gone" started_on: "2026-01-01" })"), "termOpened.orgId: no org \"gone\"");
  EXPECT_EQ(error(R"(position_changed { org_id: "gone" member_id: "m0001" role: SECRETARY })"),
            "positionChanged.orgId: no org \"gone\"");
  EXPECT_EQ(error(R"(position_changed { org_id: "b-gaj-11" member_id: "nobody" role: SECRETARY })"),
            "positionChanged.memberId: no member \"nobody\"");
  EXPECT_EQ(error(R"(dues_paid { member_id: "nobody" year: 2026 paid_months: 1 })"), "duesPaid.memberId: no member \"nobody\"");
  EXPECT_EQ(error(R"(member_added { id: "new" org_id: "gone" status: FULL })"), "memberAdded.orgId: no org \"gone\"");
  EXPECT_EQ(error(R"(activity_recorded { id: "new" org_id: "gone" kind: THEME_DAY held_on: "2026-03-01" })"),
            "activityRecorded.orgId: no org \"gone\"");
  EXPECT_EQ(Findings(engine->Report()), Findings(SampleEngine()->Report()));  // nothing changed
}

// Removing a member moves the members after it up one place; an absence
// recorded by position stays with the member it was, and the removed
// member's own goes with it.
TEST(Engine, ARemovedMembersAbsencesStayWithTheirMembers) {
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok());
  const v1::Snapshot indexed = ByPosition(*sample);
  // An absence by position after the first member's place.
  std::string removed, absent;
  for (const v1::Activity& a : indexed.activities()) {
    for (const auto& x : a.absentees()) {
      if (x.has_member_index() && x.member_index() > 0 && absent.empty()) absent = indexed.members(x.member_index()).id();
    }
  }
  ASSERT_FALSE(absent.empty());
  removed = indexed.members(0).id();
  EngineOptions options;
  options.as_of = kAsOf;
  auto engine = Engine::Create(indexed, *Policy::Builtin("national"), options);
  ASSERT_TRUE(engine.ok()) << engine.status();
  v1::Event e;
  e.set_member_removed(removed);
  ASSERT_TRUE((*engine)->Apply(e).ok());
  std::multiset<std::string> absences;
  const v1::Snapshot now = (*engine)->snapshot();
  for (const v1::Activity& a : now.activities()) {
    for (const auto& x : a.absentees()) {
      if (x.has_member_index()) absences.insert((*engine)->snapshot().members(x.member_index()).id());
    }
  }
  EXPECT_EQ(absences.count(absent), static_cast<size_t>(std::count_if(indexed.activities().begin(), indexed.activities().end(), [&](const v1::Activity& a) {
              return std::any_of(a.absentees().begin(), a.absentees().end(),
                                 [&](const auto& x) { return x.has_member_index() && indexed.members(x.member_index()).id() == absent; });
            })));
  EXPECT_EQ(absences.count(removed), 0u);
}

// A platform delivers an event again: what repeats exactly what is already
// true changes nothing, its delta empty; what would change something is
// still refused or applied as before.
// Names follow the members an Engine adds and moves, as a load keeps them:
// the reports it renders name each member as a fresh load of its snapshot does.
TEST(Engine, KeepsTheNamesOfTheMembersItAdds) {
  std::unique_ptr<Engine> engine = SampleEngine();
  for (const char* text : {R"(member_added { id: "new" name: "李四" org_id: "b-gaj-11" status: FULL })",
                           R"(member_added { id: "unnamed" org_id: "b-gaj-11" status: FULL })",
                           R"(member_moved { member_id: "m0001" org_id: "b-gaj-11" })"}) {
    v1::Event e;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &e)) << text;
    ASSERT_TRUE(engine->Apply(e).ok()) << text;
  }
  auto loaded = LoadSnapshot(engine->snapshot());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const Store& live = engine->store();
  for (const std::string id : {"new", "unnamed", "m0001", "m0002"}) {
    EXPECT_EQ(live.MemberName(live.FindMember(id)), (*loaded)->MemberName((*loaded)->FindMember(id))) << id;
  }
  EXPECT_EQ(live.MemberName(live.FindMember("new")), "李四");
  EXPECT_FALSE(live.MemberName(live.FindMember("m0001")).empty());
}

TEST(Engine, ARedeliveredEventChangesNothing) {
  std::unique_ptr<Engine> engine = SampleEngine();
  const auto event = [](const char* text) {
    v1::Event e;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &e)) << text;
    return e;
  };
  for (const char* text : {
           R"(term_opened { org_id: "b-gaj-11" started_on: "2026-03-01" })",
           R"(member_added { id: "new" org_id: "b-gaj-11" status: FULL admitted_on: "2020-01-01" })",
           R"(org_added { id: "b-new" kind: BRANCH parent_id: "c-gaj" })",
           R"(activity_recorded { id: "a-new" org_id: "b-gaj-11" kind: THEME_DAY held_on: "2026-03-05" })",
           R"(member_moved { member_id: "m0001" org_id: "b-gaj-11" })",
           R"(status_changed { member_id: "m0002" status: FULL full_on: "2026-01-01" })",
           R"(position_changed { org_id: "b-gaj-11" member_id: "m0003" role: SECRETARY since: "2026-01-01" })",
           R"(dues_paid { member_id: "m0004" year: 2026 paid_months: 3 })",
           R"(org_dissolved { org_id: "b-new" on: "2026-06-01" })"}) {
    const v1::Event e = event(text);
    ASSERT_TRUE(engine->Apply(e).ok()) << text;
    const std::string snapshot = Bytes(engine->snapshot());
    const std::multiset<std::string> findings = Findings(engine->Report());
    absl::StatusOr<v1::Delta> again = engine->Apply(e);
    ASSERT_TRUE(again.ok()) << text << ": " << again.status();
    EXPECT_EQ(again->added_size() + again->resolved_size(), 0) << text;
    EXPECT_EQ(Bytes(engine->snapshot()), snapshot) << text;
    EXPECT_EQ(Findings(engine->Report()), findings) << text;
  }
  // The same id with other fields is still a duplicate.
  EXPECT_FALSE(engine->Apply(event(R"(member_added { id: "new" org_id: "b-gaj-11" status: PROBATIONARY })")).ok());
  // A member removed again is not there.
  ASSERT_TRUE(engine->Apply(event(R"(member_removed: "new")")).ok());
  EXPECT_EQ(engine->Apply(event(R"(member_removed: "new")")).status().message(), "memberRemoved: no member \"new\"");
}

// A member moved into a temporary branch keeps the relation, and the dues,
// with the home org the event names (组织关系不转接); moved back, none.
TEST(Engine, AMemberMovedCarriesItsHomeOrg) {
  std::unique_ptr<Engine> engine = SampleEngine();
  v1::Event e;
  e.mutable_member_moved()->set_member_id("m0001");
  e.mutable_member_moved()->set_org_id("tb-xczx");
  e.mutable_member_moved()->set_home_org_id("b-nyj");
  ASSERT_TRUE(engine->Apply(e).ok());
  const auto member = [&]() -> v1::Member {
    const v1::Snapshot now = engine->snapshot();
    const auto& ms = now.members();
    return *std::find_if(ms.begin(), ms.end(), [](const v1::Member& m) { return m.id() == "m0001"; });
  };
  EXPECT_EQ(member().home_org_id(), "b-nyj");
  EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot())));
  e.mutable_member_moved()->set_org_id("wc-office");
  e.mutable_member_moved()->clear_home_org_id();
  ASSERT_TRUE(engine->Apply(e).ok());
  EXPECT_EQ(member().home_org_id(), "");
  EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot())));
}

// A committee "c" with two branches under it, "b" and "b2", all
// established in 2015, and no one in them yet.
v1::Snapshot TwoBranches() {
  v1::Snapshot s;
  for (const auto& [id, kind, parent] : {std::tuple{"c", v1::Org::COMMITTEE, ""}, std::tuple{"b", v1::Org::BRANCH, "c"},
                                         std::tuple{"b2", v1::Org::BRANCH, "c"}}) {
    v1::Org& o = *s.add_orgs();
    o.set_id(id);
    o.set_kind(kind);
    o.set_parent_id(parent);
    o.set_established_on("2015-01-01");
  }
  return s;
}

// A member moved on its day (转入日期) is on its new branch's roll from that
// day: a general meeting before it that accounted for every member then is
// complete, one on the day that leaves it out is not. Moved without a day,
// it is on the roll of both. Each time the Engine's findings are a full
// check's of its snapshot, which holds the transfer in; the event given
// again adds none, and a day that is no date is refused.
TEST(Engine, AMemberMovedOnItsDayIsOnItsNewBranchsRollFromThatDay) {
  v1::Snapshot s = TwoBranches();
  for (const auto& [id, org] : {std::pair{"b-1", "b"}, std::pair{"b-2", "b"}, std::pair{"b-3", "b"},
                                std::pair{"x", "b2"}, std::pair{"b2-1", "b2"}, std::pair{"b2-2", "b2"}}) {
    v1::Member& m = *s.add_members();
    m.set_id(id);
    m.set_org_id(org);
    m.set_status(v1::Member::FULL);
    m.set_admitted_on("2015-03-01");
  }
  for (const auto& [id, held_on] : {std::pair{"before", "2026-09-10"}, std::pair{"on-the-day", "2026-10-20"}}) {
    v1::Activity& a = Recorded(*s.add_activities(), id, "b", v1::Activity::GENERAL_MEETING, held_on);
    a.set_place("room");
    a.set_topic("topic");
    a.set_minutes("minutes");
    for (const char* m : {"b-1", "b-2", "b-3"}) a.add_attendee_ids(m);
  }
  // The meetings of b whose record leaves a member out.
  const auto roll_gaps = [](const v1::Report& r) {
    std::set<std::string> out;
    for (const v1::Finding& f : r.findings()) {
      if (f.rule_id() == "life.record_incomplete" && f.org_id() == "b") out.insert(f.activity_id());
    }
    return out;
  };
  EXPECT_EQ(roll_gaps(FullCheck(s)), std::set<std::string>{});
  const auto moved = [](const std::string& on) {
    v1::Event e;
    e.mutable_member_moved()->set_member_id("x");
    e.mutable_member_moved()->set_org_id("b");
    e.mutable_member_moved()->set_on(on);
    return e;
  };
  // x's transfers in, as the Engine's snapshot holds them; an export of its
  // Store holds the same, by date.
  const auto transfers_in = [](const Engine& engine) {
    const auto of_x = [](const v1::Snapshot& snapshot) {
      std::vector<std::string> out;
      for (const v1::MemberEvent& e : snapshot.events()) {
        if (e.member_id() == "x" && e.kind() == v1::MemberEvent::TRANSFERRED_IN) out.push_back(e.on());
      }
      return out;
    };
    const std::vector<std::string> held = of_x(engine.snapshot());
    std::vector<std::string> by_date = held;
    std::sort(by_date.begin(), by_date.end());
    EXPECT_EQ(of_x(ExportSnapshot(engine.store())), by_date);
    return held;
  };
  for (const std::string& on : {std::string("2026-10-20"), std::string()}) {
    std::unique_ptr<Engine> engine = EngineAt(s);
    ASSERT_TRUE(engine->Apply(moved(on)).ok()) << on;
    EXPECT_EQ(engine->applied_by_rebuild(), 0u) << on;
    EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot()))) << on;
    EXPECT_EQ(roll_gaps(engine->Report()), on.empty() ? (std::set<std::string>{"before", "on-the-day"})
                                                      : std::set<std::string>{"on-the-day"});
    EXPECT_EQ(transfers_in(*engine), on.empty() ? std::vector<std::string>{} : std::vector<std::string>{on});
    // Given again, as a platform redelivers it: nothing more held.
    const std::string snapshot = Bytes(engine->snapshot());
    ASSERT_TRUE(engine->Apply(moved(on)).ok());
    EXPECT_EQ(Bytes(engine->snapshot()), snapshot) << on;
    EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot()))) << on;
  }
  // Moved back to b2 on a later day, and to b again on a day before: the
  // last transfer in counts, wherever it lies among the member's events.
  std::unique_ptr<Engine> engine = EngineAt(s);
  for (const auto& [org, on] : {std::pair{"b", "2026-10-20"}, std::pair{"b2", "2026-11-01"}, std::pair{"b", "2026-09-01"}}) {
    v1::Event e = moved(on);
    e.mutable_member_moved()->set_org_id(org);
    ASSERT_TRUE(engine->Apply(e).ok());
    EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot()))) << org << " " << on;
  }
  EXPECT_EQ(transfers_in(*engine), (std::vector<std::string>{"2026-10-20", "2026-11-01", "2026-09-01"}));
  EXPECT_EQ(engine->applied_by_rebuild(), 0u);
  EXPECT_EQ(roll_gaps(engine->Report()), std::set<std::string>{});
  const absl::StatusOr<v1::Delta> refused = engine->Apply(moved("2026-02-30"));
  EXPECT_EQ(refused.status().message(), "memberMoved.on: \"2026-02-30\" is not a date (YYYY-MM-DD)");
  EXPECT_EQ(engine->applied_by_rebuild(), 0u);
}

// `m` written as full member `id` of `org`, admitted long before the window.
v1::Member& FullMember(v1::Member& m, const std::string& id, const std::string& org) {
  m.set_id(id);
  m.set_org_id(org);
  m.set_status(v1::Member::FULL);
  m.set_admitted_on("2015-03-01");
  return m;
}

// Event `e` applied to `engine` in place: the Engine's findings are then a
// full check's of its snapshot (under `profile`), which is returned.
v1::Report AppliedAsAFullCheck(Engine& engine, const v1::Event& e, const std::string& where,
                               const std::string& profile = "national") {
  EXPECT_TRUE(engine.Apply(e).ok()) << where;
  v1::Report full = FullCheck(engine.snapshot(), profile);
  EXPECT_EQ(Findings(engine.Report()), Findings(full)) << where;
  return full;
}

// The member rules read an activity for every member of its branch when it
// is a theme day (life.theme_day_attendance: each member present or on
// leave) or the branch's only gathering of its month, its party groups'
// (党小组) counted (member.no_org_life_run counts the months held: C Art. 9,
// six running with none attended); otherwise for those it names alone.
// Member "away" attends none of b's meetings from April to August: five
// months, one short of the run. Each step is a full check's findings.
TEST(Engine, AnActivityIsReadForEveryMemberWhereItChangesTheMonthsHeldOrIsAThemeDay) {
  for (const std::string profile : {"national", "genhe-2020"}) {
    v1::Snapshot s = TwoBranches();
    v1::Org& group = *s.add_orgs();
    group.set_id("g");
    group.set_kind(v1::Org::PARTY_GROUP);
    group.set_parent_id("b");
    group.set_established_on("2015-01-01");
    for (const char* id : {"b-1", "b-2", "away"}) FullMember(*s.add_members(), id, "b");
    for (int month = 4; month <= 8; ++month) {
      v1::Activity& a = Recorded(*s.add_activities(), StrCat("meeting-", month), "b", v1::Activity::GENERAL_MEETING,
                                 StrCat("2026-0", month, "-10"));
      a.add_attendee_ids("b-1"), a.add_attendee_ids("b-2");
    }
    const auto activity = [](bool recorded, const std::string& id, const std::string& org, v1::Activity::Kind kind,
                             const std::string& held_on, std::vector<std::string> attendees) {
      v1::Event e;
      v1::Activity& a = *(recorded ? e.mutable_activity_recorded() : e.mutable_activity_corrected());
      Recorded(a, id, org, kind, held_on);
      for (const std::string& m : attendees) a.add_attendee_ids(m);
      return e;
    };
    // The members of whom `rule` finds something.
    const auto found_of = [](const std::string& rule, const v1::Report& r) {
      std::set<std::string> out;
      for (const v1::Finding& f : r.findings()) {
        if (f.rule_id() == rule) out.insert(f.member_id());
      }
      return out;
    };
    // The members with a run of months unattended.
    const auto runs = [&](const v1::Report& r) { return found_of("member.no_org_life_run", r); };
    const std::set<std::string> none, away{"away"}, missed_it{"away", "b-2"};
    std::unique_ptr<Engine> engine = EngineAt(s, profile);
    ASSERT_EQ(runs(engine->Report()), none);
    const struct {
      v1::Event event;
      std::set<std::string> runs;
    } steps[] = {
        // September's only gathering, the group's: away's sixth month.
        {activity(true, "group-9", "g", v1::Activity::GENERAL_MEETING, "2026-09-10", {"b-1", "b-2"}), away},
        // Another in September, which away attends: its run ends at five.
        {activity(true, "branch-9", "b", v1::Activity::GENERAL_MEETING, "2026-09-20", {"away"}), none},
        // Corrected, away no longer there.
        {activity(false, "branch-9", "b", v1::Activity::GENERAL_MEETING, "2026-09-20", {"b-1"}), away},
        // Both moved into August, held already: September held nothing.
        {activity(false, "group-9", "g", v1::Activity::GENERAL_MEETING, "2026-08-21", {"b-1"}), away},
        {activity(false, "branch-9", "b", v1::Activity::GENERAL_MEETING, "2026-08-20", {"b-1"}), none},
        // A plan on record is no gathering.
        {activity(true, "plan-10", "b", v1::Activity::WORK_PLAN, "2026-10-10", {}), none},
        // A theme day in August, held already, b-1 alone there: each member
        // not there missed it (genhe-2020).
        {activity(true, "theme-8", "b", v1::Activity::THEME_DAY, "2026-08-25", {"b-1"}), none},
        // One in October, its only gathering: away's sixth month again.
        {activity(true, "theme-10", "b", v1::Activity::THEME_DAY, "2026-10-15", {"b-1", "b-2"}), away},
        // The edges of a month. On October's last day, held already, away
        // there: its run ends at five again.
        {activity(true, "branch-10", "b", v1::Activity::GENERAL_MEETING, "2026-10-31", {"away"}), none},
        // On September's first day, its only gathering: away's sixth month.
        {activity(true, "branch-9-1", "b", v1::Activity::GENERAL_MEETING, "2026-09-01", {"b-1"}), away},
        // On its last day, held already, away there: five.
        {activity(true, "branch-9-30", "b", v1::Activity::GENERAL_MEETING, "2026-09-30", {"away"}), none},
        // That one moved to October's first day, and the first to August's
        // last: September held nothing again, and away attended October.
        {activity(false, "branch-9-30", "b", v1::Activity::GENERAL_MEETING, "2026-10-01", {"away"}), away},
        {activity(false, "branch-9-1", "b", v1::Activity::GENERAL_MEETING, "2026-08-31", {"b-1"}), none},
    };
    for (size_t i = 0; i < std::size(steps); ++i) {
      const std::string where = StrCat(profile, ", step ", i);
      EXPECT_EQ(runs(AppliedAsAFullCheck(*engine, steps[i].event, where, profile)), steps[i].runs) << where;
    }
    EXPECT_EQ(found_of("life.theme_day_attendance", engine->Report()), profile == "genhe-2020" ? missed_it : none) << profile;
    EXPECT_EQ(engine->applied_by_rebuild(), 0u) << profile;
  }
}

// A branch of seven full members must have a committee (O Art. 7), and owes
// its monthly committee meeting (B Art. 12) while it does. Each event that
// takes the full members across seven, up or down, makes the meetings owed
// or no longer owed; each step is a full check's findings.
TEST(Engine, TheCommitteeMeetingIsOwedAsTheFullMembersCrossSeven) {
  v1::Snapshot s = TwoBranches();
  for (int k = 1; k <= 7; ++k) FullMember(*s.add_members(), StrCat("b-", k), "b");
  FullMember(*s.add_members(), "b2-1", "b2");
  // Whether b owes committee meetings it did not hold.
  const auto owed = [](const v1::Report& r) {
    return std::any_of(r.findings().begin(), r.findings().end(), [](const v1::Finding& f) {
      return f.rule_id() == "life.committee_meeting" && f.org_id() == "b";
    });
  };
  const auto status = [](const std::string& m, v1::Member::Status to) {
    v1::Event e;
    e.mutable_status_changed()->set_member_id(m);
    e.mutable_status_changed()->set_status(to);
    return e;
  };
  const auto moved = [](const std::string& m, const std::string& to) {
    v1::Event e;
    e.mutable_member_moved()->set_member_id(m);
    e.mutable_member_moved()->set_org_id(to);
    return e;
  };
  v1::Event removed, added;
  removed.set_member_removed("b-6");
  FullMember(*added.mutable_member_added(), "b-8", "b");
  std::unique_ptr<Engine> engine = EngineAt(s);
  ASSERT_TRUE(owed(engine->Report()));
  const struct {
    v1::Event event;
    bool owed;
  } steps[] = {
      {status("b-7", v1::Member::PROBATIONARY), false}, {status("b-7", v1::Member::FULL), true},
      {removed, false},                                  {added, true},
      {moved("b-8", "b2"), false},                       {moved("b2-1", "b"), true},
  };
  for (size_t i = 0; i < std::size(steps); ++i) {
    EXPECT_EQ(owed(AppliedAsAFullCheck(*engine, steps[i].event, StrCat("step ", i))), steps[i].owed) << "step " << i;
  }
  EXPECT_EQ(engine->applied_by_rebuild(), 0u);
}

// An obligation counts the activities of its kind that make up for nothing
// (B Art. 11: a general meeting each quarter). A meeting corrected into
// another kind, or into a make-up (补课), counts no more for the quarter it
// was held in, and counts again when corrected back; each step is a full
// check's findings.
TEST(Engine, AnActivityCorrectedCountsForTheObligationsOfWhatItIsNow) {
  v1::Snapshot s = TwoBranches();
  for (const char* id : {"b-1", "b-2", "b-3"}) FullMember(*s.add_members(), id, "b");
  for (const auto& [id, held_on] : {std::pair{"q1", "2026-02-10"}, std::pair{"q2", "2026-05-10"},
                                    std::pair{"q3", "2026-08-10"}}) {
    v1::Activity& a = Recorded(*s.add_activities(), id, "b", v1::Activity::GENERAL_MEETING, held_on);
    for (const char* m : {"b-1", "b-2", "b-3"}) a.add_attendee_ids(m);
  }
  // The quarters of 2026 in which b held no general meeting.
  const auto quarters_missed = [](const v1::Report& r) {
    std::set<std::string> out;
    for (const v1::Finding& f : r.findings()) {
      if (f.rule_id() == "life.general_meeting" && f.org_id() == "b" && f.severity() == v1::VIOLATION) {
        out.insert(f.period());
      }
    }
    return out;
  };
  const auto q2 = [](v1::Activity::Kind kind, const std::string& makeup_for) {
    v1::Event e;
    v1::Activity& a = Recorded(*e.mutable_activity_corrected(), "q2", "b", kind, "2026-05-10");
    for (const char* m : {"b-1", "b-2", "b-3"}) a.add_attendee_ids(m);
    a.set_makeup_for(makeup_for);
    return e;
  };
  std::unique_ptr<Engine> engine = EngineAt(s);
  const std::set<std::string> none, second{"2026-Q2"};
  ASSERT_EQ(quarters_missed(engine->Report()), none);
  const struct {
    v1::Event event;
    std::set<std::string> missed;
  } steps[] = {
      {q2(v1::Activity::THEME_DAY, ""), second},
      {q2(v1::Activity::GENERAL_MEETING, ""), none},
      {q2(v1::Activity::GENERAL_MEETING, "q1"), second},
      {q2(v1::Activity::GENERAL_MEETING, ""), none},
  };
  for (size_t i = 0; i < std::size(steps); ++i) {
    const std::string where = StrCat("step ", i);
    EXPECT_EQ(quarters_missed(AppliedAsAFullCheck(*engine, steps[i].event, where)), steps[i].missed) << where;
  }
  EXPECT_EQ(engine->applied_by_rebuild(), 0u);
}

// A member's event (党员事项) is recorded in place, as a load reads one. A
// transfer in (转入) or out (转出) moves the member's first or last day in
// its branch, and with it the rolls of the branch's meetings (a roll is of
// the members on the meeting's day) and the months it counts; any other
// event is its own rules': 民主评议 graded 不合格 and handled within 90 days
// (M), six months away (外出, M: 6个月以上), a discipline to talk about
// within 30 days (六必谈). Each step is a full check's findings; the event
// given again changes nothing; a malformed one, or a batch holding one, is
// refused and changes nothing.
TEST(Engine, AMemberEventIsRecordedAsALoadReadsOne) {
  for (const std::string profile : {"national", "genhe-2020"}) {
    v1::Snapshot s = TwoBranches();
    for (const char* id : {"b-1", "b-2", "b-3", "new"}) FullMember(*s.add_members(), id, "b");
    // A general meeting on the 10th of each month from April: b-1 and b-2
    // there, b-3 until August; "new" at none.
    for (int month = 4; month <= 11; ++month) {
      v1::Activity& a = Recorded(*s.add_activities(), StrCat("m-", month), "b", v1::Activity::GENERAL_MEETING,
                                 StrCat("2026-", month < 10 ? "0" : "", month, "-10"));
      a.set_place("room"), a.set_topic("topic"), a.set_minutes("minutes");
      a.add_attendee_ids("b-1"), a.add_attendee_ids("b-2");
      if (month <= 8) a.add_attendee_ids("b-3");
    }
    const auto recorded = [](const std::string& member, v1::MemberEvent::Kind kind, const std::string& on,
                             v1::MemberEvent::Grade grade = v1::MemberEvent::GRADE_UNSPECIFIED) {
      v1::Event e;
      v1::MemberEvent& x = *e.mutable_member_event_recorded();
      x.set_member_id(member);
      x.set_kind(kind);
      x.set_on(on);
      x.set_grade(grade);
      return e;
    };
    // What `rule` finds: of each meeting (its id) or each member.
    const auto found = [](const std::string& rule, const v1::Report& r) {
      std::set<std::string> out;
      for (const v1::Finding& f : r.findings()) {
        if (f.rule_id() == rule) out.insert(f.activity_id().empty() ? f.member_id() : f.activity_id());
      }
      return out;
    };
    const std::set<std::string> none, every_meeting{"m-4", "m-5", "m-6", "m-7", "m-8", "m-9", "m-10", "m-11"};
    std::unique_ptr<Engine> engine = EngineAt(s, profile);
    ASSERT_EQ(found("life.record_incomplete", engine->Report()), every_meeting) << profile;
    ASSERT_EQ(found("member.no_org_life_run", engine->Report()), std::set<std::string>{"new"}) << profile;
    const struct {
      v1::Event event;
      const char* rule;
      std::set<std::string> found;
    } steps[] = {
        // Transferred in after the last meeting: on no roll, no months.
        {recorded("new", v1::MemberEvent::TRANSFERRED_IN, "2026-11-25"), "life.record_incomplete", {"m-9", "m-10", "m-11"}},
        // A commendation, b-1's own rules' alone; new's run ended above.
        {recorded("b-1", v1::MemberEvent::COMMENDED, "2026-11-26"), "member.no_org_life_run", none},
        // b-3 transferred out on the day of September's meeting: on no roll
        // from that day.
        {recorded("b-3", v1::MemberEvent::TRANSFERRED_OUT, "2026-09-10"), "life.record_incomplete", none},
        // Graded 不合格 on the last day of March: 90 days are to June 29th.
        {recorded("b-1", v1::MemberEvent::EVALUATED, "2026-03-31", v1::MemberEvent::UNQUALIFIED),
         "member.unqualified_unhandled", {"b-1"}},
        {recorded("b-1", v1::MemberEvent::HANDLED, "2026-06-30"), "member.unqualified_unhandled", {"b-1"}},
        {recorded("b-1", v1::MemberEvent::HANDLED, "2026-06-29"), "member.unqualified_unhandled", none},
        // Away since May 30th: six months on November 30th, the as-of day.
        {recorded("b-2", v1::MemberEvent::LEFT_LOCALITY, "2026-05-30"), "member.transfer_overdue", {"b-2"}},
        {recorded("b-2", v1::MemberEvent::RETURNED, "2026-11-01"), "member.transfer_overdue", none},
        {recorded("b-2", v1::MemberEvent::DISCIPLINED, "2026-10-01"), "member.talk_required", {"b-2"}},
    };
    for (size_t i = 0; i < std::size(steps); ++i) {
      const std::string where = StrCat(profile, ", step ", i);
      EXPECT_EQ(found(steps[i].rule, AppliedAsAFullCheck(*engine, steps[i].event, where, profile)), steps[i].found)
          << where;
    }
    // Given again: nothing changes.
    const std::string held = Bytes(engine->snapshot());
    for (const auto& step : steps) {
      const absl::StatusOr<v1::Delta> again = engine->Apply(step.event);
      ASSERT_TRUE(again.ok()) << profile;
      EXPECT_EQ(again->added_size() + again->resolved_size(), 0) << profile;
    }
    EXPECT_EQ(Bytes(engine->snapshot()), held) << profile;
    // Refused, naming the field.
    v1::Event unspecified = recorded("b-1", v1::MemberEvent::KIND_UNSPECIFIED, "2026-11-01");
    v1::Event undated = recorded("b-1", v1::MemberEvent::RETURNED, "");
    for (const auto& [event, error] : {
             std::pair{recorded("nobody", v1::MemberEvent::RETURNED, "2026-11-01"),
                       "memberEventRecorded.memberId: no member \"nobody\""},
             std::pair{recorded("b-1", v1::MemberEvent::RETURNED, "2026-02-30"),
                       "memberEventRecorded.on: \"2026-02-30\" is not a date (YYYY-MM-DD)"},
             std::pair{undated, "memberEventRecorded.on: missing (required)"},
             std::pair{unspecified, "memberEventRecorded.kind: missing (required)"},
         }) {
      EXPECT_EQ(engine->Apply(event).status().message(), error) << profile;
    }
    // A member added and its transfer in, as one: on no roll before its day.
    v1::EventBatch batch;
    FullMember(*batch.add_events()->mutable_member_added(), "late", "b");
    *batch.add_events() = recorded("late", v1::MemberEvent::TRANSFERRED_IN, "2026-11-20");
    *batch.add_events() = recorded("nobody", v1::MemberEvent::RETURNED, "2026-11-01");
    EXPECT_EQ(engine->ApplyBatch(batch).status().message(), "events[2].memberEventRecorded.memberId: no member \"nobody\"");
    EXPECT_EQ(Bytes(engine->snapshot()), held) << profile;
    // Refused only as it is applied: b-3 given again after its status
    // changed is a duplicate then, and the event recorded before it is
    // taken back with the rest.
    v1::EventBatch late_refusal;
    late_refusal.add_events()->mutable_status_changed()->set_member_id("b-3");
    late_refusal.mutable_events(0)->mutable_status_changed()->set_status(v1::Member::PROBATIONARY);
    *late_refusal.add_events() = recorded("b-3", v1::MemberEvent::TRANSFERRED_IN, "2026-06-01");
    *late_refusal.add_events()->mutable_member_added() = s.members(2);
    EXPECT_EQ(engine->ApplyBatch(late_refusal).status().message(), "events[2].memberAdded.id: duplicate id \"b-3\"");
    EXPECT_EQ(engine->batches_taken_back(), 1u) << profile;
    EXPECT_EQ(Bytes(engine->snapshot()), held) << profile;
    EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot(), profile))) << profile;
    batch.mutable_events()->RemoveLast();
    const absl::StatusOr<v1::Delta> joined = engine->ApplyBatch(batch);
    ASSERT_TRUE(joined.ok()) << profile;
    EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot(), profile))) << profile;
    EXPECT_EQ(found("life.record_incomplete", engine->Report()), none) << profile;
    EXPECT_EQ(engine->applied_by_rebuild(), 0u) << profile;
  }
}

TEST(Engine, AStatusChangeIsWrittenInPlace) {
  std::unique_ptr<Engine> engine = SampleEngine();
  const v1::Snapshot& s = engine->snapshot();
  std::string probationary;
  for (const v1::Member& m : s.members()) {
    if (m.status() == v1::Member::PROBATIONARY && m.full_on().empty()) probationary = m.id();
  }
  ASSERT_FALSE(probationary.empty());
  v1::Event e;
  e.mutable_status_changed()->set_member_id(probationary);
  e.mutable_status_changed()->set_status(v1::Member::FULL);
  e.mutable_status_changed()->set_full_on("2026-11-01");
  ASSERT_TRUE(engine->Apply(e).ok());
  EXPECT_EQ(engine->applied_in_place(), 1u);
  EXPECT_EQ(engine->applied_by_rebuild(), 0u);
  EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot())));
}

// The events written in place re-check only what they feed: status changes
// and dues paid, of the members most rules look at — position holders,
// members of party groups and of units, members of branches with
// elections, branches near a threshold — each followed by a full check.
// Both profiles: the national counts every member towards a committee, the
// other its full members alone.
TEST(Engine, InPlaceEventsOfEveryKindOfMemberEqualAFullCheck) {
  for (const char* profile : {"national", "genhe-2020"}) {
    std::unique_ptr<Engine> engine = SampleEngine(profile);
    const v1::Snapshot& s = engine->snapshot();
    std::set<std::string> picked_set;
    for (const v1::Position& p : s.positions()) picked_set.insert(p.member_id());
    std::set<std::string> electing;
    for (const v1::Activity& a : s.activities()) {
      if (a.kind() == v1::Activity::ELECTION) electing.insert(a.org_id());
    }
    for (const v1::Member& m : s.members()) {
      if (!m.group_id().empty() || !m.unit_id().empty() || electing.count(m.org_id())) picked_set.insert(m.id());
    }
    const std::vector<std::string> picked(picked_set.begin(), picked_set.end());
    ASSERT_GT(picked.size(), 300u);
    ASSERT_FALSE(electing.empty());
    std::mt19937_64 rng(7);
    for (int step = 0; step < Steps(240); ++step) {
      const std::string& m = picked[rng() % picked.size()];
      v1::Event e;
      if (step % 3 != 2) {
        e.mutable_status_changed()->set_member_id(m);
        e.mutable_status_changed()->set_status(rng() % 2 ? v1::Member::FULL : v1::Member::PROBATIONARY);
        if (rng() % 2) e.mutable_status_changed()->set_full_on(rng() % 2 ? "2026-06-30" : "2025-12-31");
      } else {
        e.mutable_dues_paid()->set_member_id(m);
        e.mutable_dues_paid()->set_year(rng() % 2 ? 2026 : 2025);
        e.mutable_dues_paid()->set_paid_months(1u << (rng() % 12));
      }
      ASSERT_TRUE(engine->Apply(e).ok()) << e.DebugString();
      ASSERT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot(), profile)))
          << profile << ", step " << step << ": " << e.DebugString();
    }
    EXPECT_GT(engine->applied_in_place(), Steps(200u));
  }
}

// A member's standing is read where a record names it: elected by an org
// that is neither its own nor above it, a full member whose fullOn is then
// moved past the election's day was elected on probation
// (term.probationary_candidate) — found there, as a full check finds it.
TEST(Engine, AStandingChangedIsSeenWhereAnElectionNamesTheMember) {
  std::unique_ptr<Engine> engine = SampleEngine();
  const v1::Snapshot& s = engine->snapshot();
  std::map<std::string, std::string> parent;
  for (const v1::Org& o : s.orgs()) parent[o.id()] = o.parent_id();
  const auto above_or_at = [&](const std::string& org, std::string of) {
    for (; !of.empty(); of = parent[of]) {
      if (of == org) return true;
    }
    return false;
  };
  std::string member, elsewhere;
  for (const v1::Member& m : s.members()) {
    if (m.status() != v1::Member::FULL || m.admitted_on() > "2025-12-31") continue;
    for (const v1::Org& o : s.orgs()) {
      if (o.kind() == v1::Org::BRANCH && o.dissolved_on().empty() && !above_or_at(o.id(), m.org_id())) {
        member = m.id();
        elsewhere = o.id();
        break;
      }
    }
    if (!member.empty()) break;
  }
  ASSERT_FALSE(member.empty());
  v1::Event recorded;
  v1::Activity& election = Recorded(*recorded.mutable_activity_recorded(), "election-elsewhere", elsewhere,
                                    v1::Activity::ELECTION, "2026-03-10");
  v1::Activity::Decision& elect = *election.add_decisions();
  elect.set_kind(v1::Activity::Decision::ELECT);
  elect.add_subject_member_ids(member);
  ASSERT_TRUE(engine->Apply(recorded).ok());
  ASSERT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot())));
  const auto candidate_findings = [&](const v1::Delta& delta) {
    int n = 0;
    for (const v1::Finding& f : delta.added()) n += f.rule_id() == "term.probationary_candidate" && f.member_id() == member;
    return n;
  };
  for (const char* full_on : {"2026-05-01", "2026-01-05"}) {  // after the election, then before it
    v1::Event e;
    e.mutable_status_changed()->set_member_id(member);
    e.mutable_status_changed()->set_status(v1::Member::FULL);
    e.mutable_status_changed()->set_full_on(full_on);
    absl::StatusOr<v1::Delta> delta = engine->Apply(e);
    ASSERT_TRUE(delta.ok()) << delta.status();
    EXPECT_EQ(candidate_findings(*delta), std::string(full_on) == "2026-05-01" ? 1 : 0) << full_on;
    EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot()))) << full_on;
  }
  EXPECT_EQ(engine->applied_by_rebuild(), 0u);
}

// ---- batches and the date -------------------------------------------------

// `after` is `before` with the delta's resolved taken out and its added put
// in.
void ExpectDeltaIsTheDifference(const std::multiset<std::string>& before, const v1::Delta& delta,
                                const std::multiset<std::string>& after, const std::string& what) {
  std::multiset<std::string> expected = before;
  for (const v1::Finding& f : delta.resolved()) {
    auto it = expected.find(Bytes(f));
    ASSERT_NE(it, expected.end()) << what << ": resolved but not there: " << f.DebugString();
    expected.erase(it);
  }
  for (const v1::Finding& f : delta.added()) expected.insert(Bytes(f));
  // Only the findings that differ, by their keys.
  std::vector<std::string> differ;
  const auto key_of = [](const std::string& bytes) {
    v1::Finding f;
    f.ParseFromString(bytes);
    return f.key();
  };
  const auto only = [&](const std::multiset<std::string>& in, const std::multiset<std::string>& not_in,
                        const std::string& sign) {
    std::vector<std::string> bytes;
    std::set_difference(in.begin(), in.end(), not_in.begin(), not_in.end(), std::back_inserter(bytes));
    for (const std::string& b : bytes) differ.push_back(sign + key_of(b));
  };
  only(expected, after, "only in the delta's: ");
  only(after, expected, "only in the report: ");
  EXPECT_TRUE(differ.empty()) << what << ":\n" << absl::StrJoin(differ, "\n");
}

// Positions changed (a holder's end, a new role, one added to a member of
// another org), terms opened (before, between and after the terms there, on
// the day one started) and dues paid into years not on record: written in
// place, each followed by a full check, and the delta the difference.
TEST(Engine, PositionsTermsAndNewYearsOfDuesInPlaceEqualAFullCheck) {
  for (const char* profile : {"national", "genhe-2020"}) {
    std::unique_ptr<Engine> engine = SampleEngine(profile);
    const v1::Snapshot& s = engine->snapshot();
    std::vector<std::pair<std::string, std::string>> member_in;  // (member, its org)
    for (const v1::Member& m : s.members()) {
      if (!m.org_id().empty()) member_in.emplace_back(m.id(), m.org_id());
    }
    std::vector<std::string> term_days;
    for (const v1::Term& t : s.terms()) term_days.push_back(t.started_on());
    ASSERT_FALSE(term_days.empty());
    std::mt19937_64 rng(11);
    const char* days[] = {"2019-03-01", "2023-06-15", "2025-12-31", "2026-02-01", "2026-10-30"};
    int steps = 0;
    for (int step = 0; step < Steps(240); ++step) {
      v1::Event e;
      switch (step % 4) {
        case 0: {  // a position there, changed
          const v1::Position& p = s.positions(rng() % s.positions_size());
          if (p.member_id().empty()) continue;
          v1::Position& x = *e.mutable_position_changed();
          x = p;
          if (rng() % 2) x.set_until(days[2 + rng() % 3]);
          x.set_approved(rng() % 2);
          break;
        }
        case 1: {  // a position added, in the member's org or another
          const auto& [m, org] = member_in[rng() % member_in.size()];
          v1::Position& x = *e.mutable_position_changed();
          x.set_org_id(rng() % 4 ? org : s.orgs(rng() % s.orgs_size()).id());
          x.set_member_id(m);
          x.set_role(static_cast<v1::Position::Role>(1 + rng() % 8));
          x.set_since(days[rng() % 5]);
          break;
        }
        case 2: {
          v1::Term& x = *e.mutable_term_opened();
          x.set_org_id(s.orgs(rng() % s.orgs_size()).id());
          x.set_number(static_cast<int32_t>(rng() % 9));
          x.set_started_on(rng() % 3 ? days[rng() % 5] : term_days[rng() % term_days.size()]);
          if (rng() % 5 == 0) x.set_adjust_months(6);
          break;
        }
        default: {
          const auto& [m, org] = member_in[rng() % member_in.size()];
          v1::DuesLedger& x = *e.mutable_dues_paid();
          x.set_member_id(m);
          x.set_year(2024 + static_cast<int>(rng() % 4));
          x.set_paid_months(rng() % 4 ? 1u << (rng() % 12) : 0);
          break;
        }
      }
      const std::multiset<std::string> before = Findings(engine->Report());
      absl::StatusOr<v1::Delta> delta = engine->Apply(e);
      ASSERT_TRUE(delta.ok()) << delta.status() << ": " << e.DebugString();
      const std::multiset<std::string> after = Findings(engine->Report());
      ASSERT_EQ(after, Findings(FullCheck(engine->snapshot(), profile)))
          << profile << ", step " << step << ": " << e.DebugString();
      ExpectDeltaIsTheDifference(before, *delta, after, StrCat(profile, ", step ", step));
      ++steps;
    }
    EXPECT_GT(steps, Steps(200));
    EXPECT_GT(engine->applied_in_place(), Steps(150u)) << profile;
  }
}

// Members added (to branches, party groups' branches, temporary branches with
// their home org, with a unit) and moved (position holders, members of units
// and of party groups, into and out of temporary branches), then their
// statuses changed and meetings recorded with them present or absent, some in
// batches, the date moving now and then: each written in place and followed
// by a full check, the delta the difference; a batch rejected at its last
// event adds no member.
TEST(Engine, MembersAddedAndMovedInPlaceEqualAFullCheck) {
  for (const char* profile : {"national", "genhe-2020"}) {
    std::unique_ptr<Engine> engine = SampleEngine(profile);
    const v1::Snapshot& s = engine->snapshot();
    std::mt19937_64 rng(11);
    const auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    std::vector<std::string> branches, temporary, orgs, units;
    for (const v1::Org& o : s.orgs()) {
      orgs.push_back(o.id());
      if (o.kind() == v1::Org::BRANCH || o.kind() == v1::Org::JOINT_BRANCH) branches.push_back(o.id());
      if (o.kind() == v1::Org::TEMPORARY_BRANCH) temporary.push_back(o.id());
    }
    for (const v1::Unit& u : s.units()) units.push_back(u.id());
    std::set<std::string> picked_set;
    for (const v1::Position& p : s.positions()) picked_set.insert(p.member_id());
    for (const v1::Member& m : s.members()) {
      if (!m.group_id().empty() || !m.unit_id().empty() || !m.home_org_id().empty()) picked_set.insert(m.id());
    }
    // Not those a data issue names: what a load says of them goes by rebuild.
    for (const DataIssue& issue : engine->store().data_issues()) {
      if (issue.member != kNone) picked_set.erase(std::string(engine->store().members().id[issue.member]));
    }
    std::vector<std::string> picked(picked_set.begin(), picked_set.end()), added;
    ASSERT_FALSE(branches.empty() || temporary.empty() || units.empty());
    const auto day = [&] {
      char buf[40];
      std::snprintf(buf, sizeof buf, "20%02d-%02d-%02d", 20 + static_cast<int>(pick(7)), 1 + static_cast<int>(pick(11)),
                    1 + static_cast<int>(pick(28)));
      return std::string(buf);
    };
    const auto someone = [&] { return !added.empty() && pick(2) ? added[pick(added.size())] : picked[pick(picked.size())]; };
    for (int step = 0; step < Steps(150); ++step) {
      v1::Event e;
      switch (pick(6)) {
        case 0: case 1: {
          v1::Member& m = *e.mutable_member_added();
          m.set_id(StrCat("added-", step));
          const bool in_temporary = pick(4) == 0;
          m.set_org_id(in_temporary ? temporary[pick(temporary.size())] : branches[pick(branches.size())]);
          if (in_temporary && pick(2)) m.set_home_org_id(branches[pick(branches.size())]);
          m.set_status(pick(3) ? v1::Member::FULL : v1::Member::PROBATIONARY);
          m.set_admitted_on(day());
          if (m.status() == v1::Member::FULL && m.admitted_on() < "2026-06-01" && pick(2)) m.set_full_on("2026-06-01");
          if (pick(3) == 0) m.set_unit_id(units[pick(units.size())]);
          m.set_leading_cadre(pick(4) == 0);
          if (pick(3) == 0) {
            m.set_dues_category(v1::Member::EMPLOYED);
            m.set_monthly_income_cents(800000);
          }
          added.push_back(m.id());
          break;
        }
        case 2: case 3: {
          v1::MemberMoved& x = *e.mutable_member_moved();
          x.set_member_id(someone());
          const bool to_temporary = pick(4) == 0;
          x.set_org_id(to_temporary ? temporary[pick(temporary.size())]
                                    : pick(8) ? branches[pick(branches.size())] : orgs[pick(orgs.size())]);
          if (to_temporary && pick(2)) x.set_home_org_id(branches[pick(branches.size())]);
          if (pick(3) == 0) x.set_on(day());  // 转入日期
          break;
        }
        case 4:
          e.mutable_status_changed()->set_member_id(someone());
          e.mutable_status_changed()->set_status(pick(2) ? v1::Member::FULL : v1::Member::PROBATIONARY);
          break;
        default: {
          // A meeting of a member's branch, which some of its members attend.
          const std::string m = someone();
          const v1::Snapshot now = engine->snapshot();
          const auto& ms = now.members();
          const std::string org = std::find_if(ms.begin(), ms.end(), [&](const v1::Member& x) { return x.id() == m; })->org_id();
          v1::Activity& a = Recorded(*e.mutable_activity_recorded(), StrCat("meeting-", step), org,
                                     pick(2) ? v1::Activity::GENERAL_MEETING : v1::Activity::PARTY_LECTURE,
                                     StrCat("2026-", 10 + static_cast<int>(pick(2)), "-15"));
          a.set_topic("topic");
          for (const v1::Member& x : ms) {
            if (x.org_id() != org) continue;
            if (pick(3)) {
              a.add_attendee_ids(x.id());
            } else if (pick(2)) {
              v1::Activity::Absentee& absent = *a.add_absentees();
              absent.set_member_id(x.id());
              absent.set_reason(v1::Activity::Absentee::LEAVE_APPROVED);
            }
          }
          break;
        }
      }
      const std::multiset<std::string> before = Findings(engine->Report());
      const uint64_t rebuilt = engine->applied_by_rebuild();
      // Every tenth step the event goes in a batch with a member moved.
      v1::EventBatch batch;
      if (step % 10 == 9) {
        *batch.add_events() = e;
        batch.add_events()->mutable_member_moved()->set_member_id(someone());
        batch.mutable_events(1)->mutable_member_moved()->set_org_id(branches[pick(branches.size())]);
      }
      absl::StatusOr<v1::Delta> delta = batch.events_size() > 0 ? engine->ApplyBatch(batch) : engine->Apply(e);
      ASSERT_TRUE(delta.ok()) << delta.status() << "\n" << e.DebugString();
      EXPECT_EQ(engine->applied_by_rebuild(), rebuilt) << e.DebugString() << batch.DebugString();
      const std::multiset<std::string> after = Findings(engine->Report());
      ASSERT_EQ(after, Findings(FullCheck(engine->snapshot(), profile, engine->as_of(), engine->from())))
          << profile << ", step " << step << ": " << e.DebugString() << batch.DebugString();
      ExpectDeltaIsTheDifference(before, *delta, after, StrCat(profile, ", step ", step));
      // A batch whose last event is rejected adds no member.
      if (step % 20 == 10) {
        v1::EventBatch doomed;
        v1::Member& m = *doomed.add_events()->mutable_member_added();
        m.set_id(StrCat("doomed-", step));
        m.set_org_id(branches[pick(branches.size())]);
        m.set_status(v1::Member::FULL);
        doomed.add_events()->mutable_member_moved()->set_member_id(someone());
        doomed.mutable_events(1)->mutable_member_moved()->set_org_id("gone");
        const std::string snapshot_before = Bytes(engine->snapshot());
        EXPECT_FALSE(engine->ApplyBatch(doomed).ok());
        EXPECT_EQ(Bytes(engine->snapshot()), snapshot_before);
        EXPECT_EQ(Findings(engine->Report()), after);
        EXPECT_EQ(engine->store().FindMember(m.id()), kNone);
      }
      // Every 25th step the date moves on nine days.
      if (step % 25 == 24) {
        absl::StatusOr<v1::Delta> days = engine->AdvanceTo(engine->as_of() + 9);
        ASSERT_TRUE(days.ok()) << days.status();
        const std::multiset<std::string> later = Findings(engine->Report());
        ASSERT_EQ(later, Findings(FullCheck(engine->snapshot(), profile, engine->as_of(), engine->from())))
            << profile << ", step " << step << ": advanced";
        ExpectDeltaIsTheDifference(after, *days, later, StrCat(profile, ", step ", step, ", advanced"));
      }
    }
  }
}

// Orgs added (roots, branches, party groups, joint branches with units)
// and moved (under another org, or out to be a root) in place, then filled:
// members added and moved into them, meetings, positions and terms recorded
// in them, orgs dissolved; each followed by a full check, the delta the
// difference, and an org put inside its own subtree refused with nothing
// changed. Both profiles.
// What reads the orgs in the hierarchy's order over the Engine's Store (a
// check, the agenda, an assessment, the statistics, over every org and over
// the subtree of `scope`; the report's page) gives what it gives over the
// Engine's snapshot loaded afresh, byte for byte.
void ExpectReadsAsLoaded(const Engine& engine, const std::string& profile, const std::string& scope,
                         const std::string& where) {
  auto store = LoadSnapshot(engine.snapshot());
  ASSERT_TRUE(store.ok()) << store.status();
  const Policy policy = *Policy::Builtin(profile);
  const v1::Rubric rubric = *BuiltinRubric("organ-assessment");
  for (const std::string& within : {std::string(), scope}) {
    CheckOptions check;
    check.as_of = engine.as_of(), check.from = engine.from(), check.scope = within;
    EXPECT_EQ(Bytes(*Check(engine.store(), policy, check)), Bytes(*Check(**store, policy, check))) << where << within;
    AgendaOptions agenda;
    agenda.as_of = engine.as_of(), agenda.scope = within;
    EXPECT_EQ(Bytes(*MakeAgenda(engine.store(), policy, agenda)), Bytes(*MakeAgenda(**store, policy, agenda)))
        << where << within;
    AssessOptions assess;
    assess.as_of = engine.as_of(), assess.from = engine.from(), assess.scope = within;
    EXPECT_EQ(Bytes(*Assess(engine.store(), policy, rubric, assess)), Bytes(*Assess(**store, policy, rubric, assess)))
        << where << within;
    StatsOptions stats;
    stats.as_of = engine.as_of(), stats.from = engine.from(), stats.scope = within;
    EXPECT_EQ(Bytes(*ComputeStatistics(engine.store(), policy, stats)), Bytes(*ComputeStatistics(**store, policy, stats)))
        << where << within;
  }
  const v1::Report report = engine.Report();
  EXPECT_EQ(RenderHtml(report, engine.store(), Lang::kZh), RenderHtml(report, **store, Lang::kZh)) << where;
}

// The Engine's Store ranks its orgs as a load of its snapshot numbers them:
// the same orgs in the same order, each subtree the ranks from the org to
// its subtree's end, its children those under it; and with `every_pair`,
// each org within the subtree of each other org just when it is under it.
void ExpectRankedAsLoaded(const Engine& engine, const std::string& where, bool every_pair = true) {
  const Store& s = engine.store();
  auto loaded = LoadSnapshot(engine.snapshot());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const Store& l = **loaded;
  ASSERT_EQ(s.orgs().size(), l.orgs().size()) << where;
  const int32_t n = static_cast<int32_t>(s.orgs().size());
  for (int32_t k = 0; k < n; ++k) {
    const OrgIndex o = s.OrgAt(k);
    ASSERT_EQ(s.Rank(o), k) << where;
    ASSERT_EQ(s.orgs().id[o], l.orgs().id[l.OrgAt(k)]) << where << "rank " << k;
    ASSERT_EQ(s.SubtreeEnd(o), l.SubtreeEnd(l.OrgAt(k))) << where << s.orgs().id[o];
    for (int32_t j = 0; j < n && every_pair; ++j) {
      bool under = false;  // by the parents, not the ranks
      for (OrgIndex a = s.OrgAt(j); a != kNone && !under; a = s.orgs().parent[a]) under = a == o;
      ASSERT_EQ(s.InSubtree(o, s.OrgAt(j)), under) << where << s.orgs().id[o] << " over " << s.orgs().id[s.OrgAt(j)];
    }
    std::vector<std::string_view> children, loaded_children;
    for (const OrgIndex c : s.Children(o)) children.push_back(s.orgs().id[c]);
    for (const OrgIndex c : l.Children(l.OrgAt(k))) loaded_children.push_back(l.orgs().id[c]);
    ASSERT_EQ(children, loaded_children) << where << s.orgs().id[o];
    ASSERT_EQ(s.SubtreeAllMembers(o), l.SubtreeAllMembers(l.OrgAt(k))) << where << s.orgs().id[o];
  }
}

// Orgs added and moved among more orgs than one block of the Store's order
// holds (lib/model/org_order.h): subtrees cross blocks, fill one past its
// cut and empty others, and the ranks stay those of a load.
TEST(Engine, OrgsAddedAndMovedAmongThousandsRankedAsLoaded) {
  v1::Snapshot snapshot;
  const auto org = [&](const std::string& id, v1::Org::Kind kind, const std::string& parent) {
    v1::Org& o = *snapshot.add_orgs();
    o.set_id(id);
    o.set_name(id);
    o.set_kind(kind);
    o.set_parent_id(parent);
  };
  org("wc", v1::Org::WORKING_COMMITTEE, "");
  for (int c = 0; c < 40; ++c) {
    org(StrCat("c", c), v1::Org::COMMITTEE, "wc");
    for (int b = 0; b < 40; ++b) org(StrCat("c", c, "-b", b), v1::Org::BRANCH, StrCat("c", c));
  }
  std::unique_ptr<Engine> engine = EngineAt(snapshot);
  std::vector<std::string> ids;
  for (const v1::Org& o : snapshot.orgs()) ids.push_back(o.id());
  std::mt19937_64 rng(7);
  const auto any = [&] { return ids[rng() % ids.size()]; };
  int moved = 0;
  for (int step = 0; step < Steps(240); ++step) {
    v1::Event e;
    if (rng() % 3 == 0) {
      v1::Org& o = *e.mutable_org_added();
      o.set_id(StrCat("added-", step));
      o.set_kind(v1::Org::BRANCH);
      if (rng() % 16) o.set_parent_id(any());  // else a root
      ids.push_back(o.id());
    } else {
      // A committee and its 40 branches, or a branch, under another org.
      e.mutable_org_moved()->set_org_id(rng() % 4 ? any() : StrCat("c", rng() % 40));
      if (rng() % 16) e.mutable_org_moved()->set_parent_id(any());  // else out, a root
    }
    const uint64_t rebuilt = engine->applied_by_rebuild();
    absl::StatusOr<v1::Delta> delta = engine->Apply(e);
    if (!delta.ok()) {
      ASSERT_NE(delta.status().message().find("a cycle"), std::string::npos) << delta.status();
      continue;
    }
    ASSERT_EQ(engine->applied_by_rebuild(), rebuilt) << e.DebugString();
    moved += e.has_org_moved();
    ExpectRankedAsLoaded(*engine, StrCat("step ", step, ": "), false);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(moved, Steps(240) / 3);
  EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot())));
}

// Each record rule that reads an org's roll at some kinds of activity
// (DJ_ROLL), on alone: members join a branch, change standing, move out
// and are removed, at a branch whose general meeting and election counted
// its roll just so. After each event the Engine is a full check, and each
// rule's findings change on the way: a rule whose roll left out the kind of
// activity it reads there would keep a stale finding. So too the two that
// read what an activity names of a member, with no roll: an elected
// member's standing, and an absentee's branch, where its make-up was held.
TEST(Engine, EachRuleJudgesAgainTheActivitiesAtWhichItReadsTheRoll) {
  v1::Snapshot s = TwoBranches();
  const auto member = [&](const std::string& id, const std::string& org) {
    v1::Member& m = *s.add_members();
    m.set_id(id);
    m.set_org_id(org);
    m.set_status(v1::Member::FULL);
    m.set_admitted_on("2015-03-01");
  };
  for (int i = 1; i <= 6; ++i) member(StrCat("b-", i), "b");
  for (int i = 1; i <= 3; ++i) member(StrCat("b2-", i), "b2");
  // A meeting on record with its place, topic and minutes, and those of
  // branch b from b-1 to b-`last` attending.
  const auto minuted = [&](const char* id, v1::Activity::Kind kind, const char* held_on, int last) -> v1::Activity& {
    v1::Activity& a = Recorded(*s.add_activities(), id, "b", kind, held_on);
    a.set_place("room");
    a.set_topic("topic");
    a.set_minutes("minutes");
    for (int i = 1; i <= last; ++i) a.add_attendee_ids(StrCat("b-", i));
    return a;
  };
  // A general meeting four of the six attended, the other two on leave,
  // deciding with 4 votes for: with 8 or fewer members with a vote, a
  // quorum, and with 9 not; of 6 or 7, more than half of them, and of 8, not.
  v1::Activity& meeting = minuted("gm", v1::Activity::GENERAL_MEETING, "2026-09-10", 4);
  for (int i = 5; i <= 6; ++i) {
    v1::Activity::Absentee& absent = *meeting.add_absentees();
    absent.set_member_id(StrCat("b-", i));
    absent.set_reason(v1::Activity::Absentee::LEAVE_APPROVED);
  }
  v1::Activity::Decision& decided = *meeting.add_decisions();
  decided.set_kind(v1::Activity::Decision::OTHER);
  decided.set_votes_for(4);
  // A general meeting that decides nothing, its record accounting for all
  // six: a member who joins the branch is a gap in its roll.
  v1::Activity& report_back = minuted("gm-2", v1::Activity::GENERAL_MEETING, "2026-10-10", 5);
  v1::Activity::Absentee& away = *report_back.add_absentees();
  away.set_member_id("b-6");
  away.set_reason(v1::Activity::Absentee::UNEXCUSED);
  // An election four attended, b-1 elected with 2 votes of them, 4 cast.
  v1::Activity& election = minuted("el", v1::Activity::ELECTION, "2026-09-20", 4);
  v1::Activity::Decision& elected = *election.add_decisions();
  elected.set_kind(v1::Activity::Decision::ELECT);
  elected.add_subject_member_ids("b-1");
  elected.set_seats(1);
  elected.set_votes_for(4);
  for (const auto& [id, votes] : {std::pair{"b-1", 2}, std::pair{"b-2", 1}}) {
    elected.add_candidate_member_ids(id);
    elected.add_candidate_votes(votes);
  }
  // A theme day b-5 missed on leave, made up at b2 within the 30 days.
  v1::Activity& theme_day = Recorded(*s.add_activities(), "td", "b", v1::Activity::THEME_DAY, "2026-09-05");
  for (int i = 1; i <= 4; ++i) theme_day.add_attendee_ids(StrCat("b-", i));
  v1::Activity::Absentee& on_leave = *theme_day.add_absentees();
  on_leave.set_member_id("b-5");
  on_leave.set_reason(v1::Activity::Absentee::LEAVE_APPROVED);
  v1::Activity& makeup = Recorded(*s.add_activities(), "mk", "b2", v1::Activity::THEME_DAY, "2026-09-15");
  makeup.set_makeup_for("td");
  makeup.add_attendee_ids("b-5");
  std::vector<v1::Event> events;
  for (int i = 1; i <= 3; ++i) {
    v1::Member& m = *events.emplace_back().mutable_member_added();
    m.set_id(StrCat("new-", i));
    m.set_org_id("b");
    m.set_status(v1::Member::FULL);
    m.set_admitted_on("2016-01-01");
  }
  for (const char* id : {"new-1", "b-1"}) {
    for (const auto status : {v1::Member::PROBATIONARY, v1::Member::FULL}) {
      v1::StatusChanged& x = *events.emplace_back().mutable_status_changed();
      x.set_member_id(id);
      x.set_status(status);
    }
  }
  for (const auto& [id, org] : {std::pair{"b-2", "b2"}, std::pair{"new-1", "b2"}, std::pair{"b-2", "b"},
                                std::pair{"b-5", "b2"}, std::pair{"b-5", "b"}}) {
    v1::MemberMoved& x = *events.emplace_back().mutable_member_moved();
    x.set_member_id(id);
    x.set_org_id(org);
  }
  events.emplace_back().set_member_removed("new-2");
  events.emplace_back().set_member_removed("b-3");

  const std::vector<rules::RuleId> reading = {
      rules::kLifeRecordIncomplete, rules::kLifeMeetingQuorum,    rules::kLifeVoteThreshold,
      rules::kTermElectionQuorum,   rules::kTermWinnerMajority,   rules::kTermProbationaryVoter,
      rules::kLifeMakeupMissing,    rules::kTermProbationaryCandidate};
  for (const rules::RuleId rule : reading) {
    const std::string id(Rules()[rule].id);
    // National, with every rule off but this one (and those always on).
    v1::Policy alone = *Policy::BuiltinMessage("national");
    alone.set_id("alone");
    for (const RuleInfo& r : Rules()) {
      if (r.id != id && !r.always_on) {
        v1::RuleSetting& off = *alone.add_rules();
        off.set_id(std::string(r.id));
        off.set_enabled(false);
      }
    }
    const absl::StatusOr<Policy> policy = Policy::FromMessage(alone);
    ASSERT_TRUE(policy.ok()) << policy.status();
    EngineOptions options;
    options.as_of = kAsOf;
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(s, *policy, options);
    ASSERT_TRUE(engine.ok()) << engine.status();
    const auto of_rule = [&](const v1::Report& r) {
      std::multiset<std::string> out;
      for (const v1::Finding& f : r.findings()) {
        if (f.rule_id() == id) out.insert(Bytes(f));
      }
      return out;
    };
    int changed = 0;  // the events that changed this rule's findings
    for (size_t step = 0; step < events.size(); ++step) {
      const v1::Event& e = events[step];
      const std::multiset<std::string> before = Findings((*engine)->Report());
      const uint64_t rebuilt = (*engine)->applied_by_rebuild();
      absl::StatusOr<v1::Delta> delta = (*engine)->Apply(e);
      ASSERT_TRUE(delta.ok()) << delta.status() << "\n" << e.DebugString();
      EXPECT_EQ((*engine)->applied_by_rebuild(), rebuilt) << id << ": " << e.DebugString();
      const std::multiset<std::string> after = Findings((*engine)->Report());
      auto store = LoadSnapshot((*engine)->snapshot());
      ASSERT_TRUE(store.ok()) << store.status();
      CheckOptions at;
      at.as_of = kAsOf;
      absl::StatusOr<v1::Report> full = Check(**store, *policy, at);
      ASSERT_TRUE(full.ok()) << full.status();
      ASSERT_EQ(after, Findings(*full)) << id << ", step " << step << ": " << e.DebugString();
      ExpectDeltaIsTheDifference(before, *delta, after, StrCat(id, ", step ", step));
      const v1::Report was = [&] {
        v1::Report r;
        for (const std::string& b : before) r.add_findings()->ParseFromString(b);
        return r;
      }();
      changed += of_rule(was) != of_rule(*full);
    }
    EXPECT_GE(changed, 1) << id;
  }
}

TEST(Engine, OrgsAddedAndMovedInPlaceEqualAFullCheck) {
  for (const char* profile : {"national", "genhe-2020"}) {
    std::unique_ptr<Engine> engine = SampleEngine(profile);
    std::mt19937_64 rng(23);
    const auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    std::vector<std::string> units, added_orgs, added_members;
    {
      const v1::Snapshot now = engine->snapshot();
      for (const v1::Unit& u : now.units()) units.push_back(u.id());
    }
    const auto any_org = [&] {
      const v1::Snapshot now = engine->snapshot();
      const auto& orgs = now.orgs();
      return !added_orgs.empty() && pick(2) ? added_orgs[pick(added_orgs.size())] : orgs[pick(orgs.size())].id();
    };
    const auto any_member = [&] {
      const v1::Snapshot now = engine->snapshot();
      const auto& ms = now.members();
      return !added_members.empty() && pick(2) ? added_members[pick(added_members.size())] : ms[pick(ms.size())].id();
    };
    int in_place = 0, refused = 0;
    for (int step = 0; step < Steps(160); ++step) {
      v1::Event e;
      bool org_event = false;
      switch (pick(9)) {
        case 0: case 1: {
          v1::Org& o = *e.mutable_org_added();
          o.set_id(StrCat("org-added-", step));
          static constexpr v1::Org::Kind kKinds[] = {v1::Org::BRANCH, v1::Org::PARTY_GROUP, v1::Org::JOINT_BRANCH,
                                                     v1::Org::GENERAL_BRANCH, v1::Org::TEMPORARY_BRANCH};
          o.set_kind(kKinds[pick(5)]);
          if (pick(8)) o.set_parent_id(any_org());  // else a root
          if (o.kind() == v1::Org::JOINT_BRANCH || pick(4) == 0) o.add_unit_ids(units[pick(units.size())]);
          if (pick(3) == 0) o.set_established_on("2025-03-01");
          added_orgs.push_back(o.id());
          org_event = true;
          break;
        }
        case 2: case 3: {
          v1::OrgMoved& x = *e.mutable_org_moved();
          x.set_org_id(any_org());
          if (pick(8)) x.set_parent_id(any_org());  // else out, a root
          org_event = true;
          break;
        }
        case 4: {
          v1::Member& m = *e.mutable_member_added();
          m.set_id(StrCat("member-added-", step));
          m.set_org_id(any_org());
          m.set_status(pick(3) ? v1::Member::FULL : v1::Member::PROBATIONARY);
          m.set_admitted_on("2021-05-01");
          added_members.push_back(m.id());
          break;
        }
        case 5:
          e.mutable_member_moved()->set_member_id(any_member());
          e.mutable_member_moved()->set_org_id(any_org());
          break;
        case 6: {
          v1::Activity& a = Recorded(*e.mutable_activity_recorded(), StrCat("meeting-", step), any_org(),
                                     pick(2) ? v1::Activity::GENERAL_MEETING : v1::Activity::COMMITTEE_MEETING,
                                     StrCat("2026-", 10 + static_cast<int>(pick(2)), "-1", pick(9)));
          a.set_topic("topic");
          const v1::Snapshot now = engine->snapshot();
          for (const v1::Member& x : now.members()) {
            if (x.org_id() == a.org_id() && pick(3)) a.add_attendee_ids(x.id());
          }
          break;
        }
        case 7:
          if (pick(2)) {
            v1::Position& p = *e.mutable_position_changed();
            p.set_org_id(any_org());
            p.set_member_id(any_member());
            p.set_role(pick(2) ? v1::Position::SECRETARY : v1::Position::COMMITTEE_MEMBER);
            p.set_since("2024-01-01");
          } else {
            e.mutable_term_opened()->set_org_id(any_org());
            e.mutable_term_opened()->set_started_on("2023-0" + std::to_string(1 + pick(9)) + "-01");
          }
          break;
        default:
          e.mutable_org_dissolved()->set_org_id(any_org());
          e.mutable_org_dissolved()->set_on("2026-0" + std::to_string(1 + pick(9)) + "-15");
          break;
      }
      const std::multiset<std::string> before = Findings(engine->Report());
      const std::string snapshot_before = Bytes(engine->snapshot());
      const uint64_t rebuilt = engine->applied_by_rebuild();
      absl::StatusOr<v1::Delta> delta = engine->Apply(e);
      if (!delta.ok()) {
        // Only an org put within itself is refused here: a cycle.
        ASSERT_TRUE(e.has_org_moved()) << delta.status() << "\n" << e.DebugString();
        EXPECT_NE(delta.status().message().find("a cycle"), std::string::npos) << delta.status();
        EXPECT_EQ(Bytes(engine->snapshot()), snapshot_before);
        EXPECT_EQ(Findings(engine->Report()), before);
        ++refused;
        continue;
      }
      if (org_event) {
        EXPECT_EQ(engine->applied_by_rebuild(), rebuilt) << e.DebugString();
        in_place += engine->applied_by_rebuild() == rebuilt;
        ExpectRankedAsLoaded(*engine, StrCat(profile, ", step ", step, ": "));
      }
      const std::multiset<std::string> after = Findings(engine->Report());
      ASSERT_EQ(after, Findings(FullCheck(engine->snapshot(), profile, engine->as_of(), engine->from())))
          << profile << ", step " << step << ": " << e.DebugString();
      ExpectDeltaIsTheDifference(before, *delta, after, StrCat(profile, ", step ", step));
      // The report in the order a load of the same data gives it.
      if (step % 20 == 19) {
        EXPECT_EQ(Bytes(engine->Report()), Bytes(FullCheck(engine->snapshot(), profile, engine->as_of(), engine->from())))
            << profile << ", step " << step;
        const v1::Snapshot now = engine->snapshot();
        ExpectReadsAsLoaded(*engine, profile, now.orgs(step % now.orgs_size()).parent_id(), StrCat(profile, ", step ", step, ": "));
      }
    }
    EXPECT_GT(in_place, Steps(50)) << profile;
    EXPECT_GT(refused, 0) << profile;
  }
}

// Members removed: those no record names (members added, some holding
// positions, some moved) in place, the others (members of the sample, with
// their meetings, dues and events) by rebuild; each followed by a full check,
// the delta the difference. A member removed and added again is a new one.
TEST(Engine, MembersRemovedEqualAFullCheck) {
  for (const char* profile : {"national", "genhe-2020"}) {
    std::unique_ptr<Engine> engine = SampleEngine(profile);
    const v1::Snapshot& s = engine->snapshot();
    std::mt19937_64 rng(13);
    const auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    const std::vector<std::string> branches = Branches(s);
    std::vector<std::string> sample, added;
    for (const v1::Member& m : s.members()) sample.push_back(m.id());
    int removed_added = 0, in_place = 0;
    for (int step = 0; step < Steps(120); ++step) {
      v1::Event e;
      const size_t what = added.empty() ? 0 : pick(8);
      bool removes_added = false;
      if (what <= 2) {
        v1::Member& m = *e.mutable_member_added();
        m.set_id(pick(4) == 0 && step > 0 ? StrCat("added-", step - 1) : StrCat("added-", step));
        m.set_org_id(branches[pick(branches.size())]);
        m.set_status(pick(3) ? v1::Member::FULL : v1::Member::PROBATIONARY);
        m.set_admitted_on("2019-05-01");
        if (std::find(added.begin(), added.end(), m.id()) != added.end()) continue;  // there: a duplicate
        added.push_back(m.id());
      } else if (what <= 4) {
        v1::Position& p = *e.mutable_position_changed();
        p.set_org_id(branches[pick(branches.size())]);
        p.set_member_id(added[pick(added.size())]);
        p.set_role(pick(2) ? v1::Position::SECRETARY : v1::Position::COMMITTEE_MEMBER);
        p.set_since("2025-01-01");
      } else if (what == 5) {
        e.mutable_member_moved()->set_member_id(added[pick(added.size())]);
        e.mutable_member_moved()->set_org_id(branches[pick(branches.size())]);
      } else if (what == 6 || sample.empty()) {
        const size_t k = pick(added.size());
        e.set_member_removed(added[k]);
        added.erase(added.begin() + k);
        removes_added = true;
      } else {
        const size_t k = pick(sample.size());
        e.set_member_removed(sample[k]);
        sample.erase(sample.begin() + k);
      }
      const std::multiset<std::string> before = Findings(engine->Report());
      const uint64_t placed = engine->applied_in_place();
      absl::StatusOr<v1::Delta> delta = engine->Apply(e);
      ASSERT_TRUE(delta.ok()) << delta.status() << "\n" << e.DebugString();
      const std::multiset<std::string> after = Findings(engine->Report());
      ASSERT_EQ(after, Findings(FullCheck(engine->snapshot(), profile)))
          << profile << ", step " << step << ": " << e.DebugString();
      ExpectDeltaIsTheDifference(before, *delta, after, StrCat(profile, ", step ", step));
      if (removes_added) {
        ++removed_added;
        in_place += engine->applied_in_place() > placed;
      }
    }
    EXPECT_GT(removed_added, Steps(8)) << profile;
    EXPECT_EQ(in_place, removed_added) << profile;
    // The Engine's Store written back holds the members its snapshot holds,
    // those removed in place not among them.
    const auto ids = [](const v1::Snapshot& x) {
      std::vector<std::string> out;
      for (const v1::Member& m : x.members()) out.push_back(m.id());
      std::sort(out.begin(), out.end());
      return out;
    };
    EXPECT_EQ(ids(ExportSnapshot(engine->store())), ids(engine->snapshot())) << profile;
  }
}

// A member removed takes its rows of the ledger, its payments and its
// events with it: none of them names it after, no data finding comes of
// them, and a batch rejected after the removal puts them back.
TEST(Engine, AMemberRemovedTakesItsDuesAndEvents) {
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok());
  std::map<std::string, int> rows, payments, events;
  for (const v1::DuesLedger& x : sample->dues_ledger()) ++rows[x.member_id()];
  for (const v1::DuesPayment& x : sample->dues()) ++payments[x.member_id()];
  for (const v1::MemberEvent& x : sample->events()) ++events[x.member_id()];
  const auto names = [](const v1::Snapshot& s, const std::string& id) {
    int n = 0;
    for (const v1::DuesLedger& x : s.dues_ledger()) n += x.member_id() == id;
    for (const v1::DuesPayment& x : s.dues()) n += x.member_id() == id;
    for (const v1::MemberEvent& x : s.events()) n += x.member_id() == id;
    return n;
  };
  // Those whose rows of the ledger and events the sample holds, and the
  // first of those who pay by payment.
  int removed = 0, in_place = 0, payers = 0;
  for (const v1::Member& m : sample->members()) {
    if (!(rows.count(m.id()) && events.count(m.id())) && !(payments.count(m.id()) && payers++ < 8)) continue;
    SCOPED_TRACE(m.id());
    std::unique_ptr<Engine> engine = EngineAt(*sample);
    const v1::Snapshot before = engine->snapshot();
    v1::EventBatch rejected;
    rejected.add_events()->set_member_removed(m.id());
    rejected.add_events()->set_member_removed("nobody");
    ASSERT_FALSE(engine->ApplyBatch(rejected).ok());
    EXPECT_EQ(Bytes(engine->snapshot()), Bytes(before));
    const uint64_t placed = engine->applied_in_place();
    v1::Event e;
    e.set_member_removed(m.id());
    absl::StatusOr<v1::Delta> delta = engine->Apply(e);
    ASSERT_TRUE(delta.ok()) << delta.status();
    ++removed;
    in_place += engine->applied_in_place() > placed;
    EXPECT_EQ(names(engine->snapshot(), m.id()), 0);
    EXPECT_EQ(engine->snapshot().dues_ledger_size(), before.dues_ledger_size() - rows[m.id()]);
    EXPECT_EQ(engine->snapshot().dues_size(), before.dues_size() - payments[m.id()]);
    EXPECT_EQ(engine->snapshot().events_size(), before.events_size() - events[m.id()]);
    // (An activity that names it by its id names no member now.)
    for (const v1::Finding& f : delta->added()) {
      if (f.rule_id() != "data.unknown_reference" || f.evidence().at("value") != m.id()) continue;
      const std::string& field = f.evidence().at("field");
      EXPECT_EQ(field.rfind("activities[", 0), 0u) << f.DebugString();
    }
    EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot())));
  }
  EXPECT_GT(removed, 12);
  EXPECT_GT(in_place, 6);
}

// Members removed in place wait in the snapshot's list and are taken out
// together when it is next needed whole: the Engine that is asked for its
// snapshot after every event, and so takes each one out at once, holds what
// one asked only at the end holds. Over the sample naming members by place,
// where the references after them move up: an event naming a member by
// place names it as the snapshot is seen, and a batch rejected after a
// rebuild took them out puts them back.
TEST(Engine, MembersRemovedAreTakenOutTogether) {
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok());
  AddMisdatedMember(*sample);
  std::unique_ptr<Engine> waiting = EngineAt(ByPosition(*sample));
  std::unique_ptr<Engine> at_once = EngineAt(ByPosition(*sample));
  const std::vector<std::string> branches = Branches(*sample);
  const int n = sample->members_size();
  const auto both = [&](const v1::Event& e, const std::string& what) {
    absl::StatusOr<v1::Delta> a = waiting->Apply(e), b = at_once->Apply(e);
    ASSERT_TRUE(a.ok()) << what << ": " << a.status();
    ASSERT_TRUE(b.ok()) << what << ": " << b.status();
    EXPECT_EQ(Findings(at_once->Report()), Findings(FullCheck(at_once->snapshot()))) << what;
  };
  // Six members added at the end, the second and the fourth removed: in
  // place, with members after them.
  for (int i = 0; i < 6; ++i) {
    v1::Event e;
    v1::Member& m = *e.mutable_member_added();
    m.set_id(StrCat("late-", i));
    m.set_org_id(branches[i % branches.size()]);
    m.set_status(v1::Member::FULL);
    m.set_admitted_on("2019-05-01");
    both(e, m.id());
  }
  for (const char* id : {"late-1", "late-3"}) {
    v1::Event e;
    e.set_member_removed(id);
    const uint64_t placed = waiting->applied_in_place();
    both(e, id);
    EXPECT_EQ(waiting->applied_in_place(), placed + 1) << id;
  }
  // late-4 is now at n + 2, as the snapshot is seen: its dues by place.
  v1::Event dues;
  v1::DuesLedger& row = *dues.mutable_dues_paid();
  row.set_member_index(n + 2);
  row.set_year(2026);
  row.set_paid_months(0xFFF);
  both(dues, "dues by place");
  ASSERT_EQ(Bytes(waiting->snapshot()), Bytes(at_once->snapshot()));
  EXPECT_EQ(waiting->snapshot().dues_ledger(waiting->snapshot().dues_ledger_size() - 1).member_index(), n + 2);
  EXPECT_EQ(waiting->snapshot().members(n + 2).id(), "late-4");
  EXPECT_EQ(Findings(waiting->Report()), Findings(at_once->Report()));

  // A batch: a member removed in place, then one whose record a data issue
  // names (a rebuild, which takes it out), then one rejected. The Engine is
  // as it was.
  v1::EventBatch batch;
  batch.add_events()->set_member_removed("late-2");
  batch.add_events()->set_member_removed("misdated");
  v1::StatusChanged& doomed = *batch.add_events()->mutable_status_changed();
  doomed.set_member_id("nobody");
  doomed.set_status(v1::Member::FULL);
  // Another removal waits as the batch begins.
  v1::Event waits;
  waits.set_member_removed("late-5");
  ASSERT_TRUE(waiting->Apply(waits).ok());
  ASSERT_TRUE(at_once->Apply(waits).ok());
  const std::multiset<std::string> findings_waiting = Findings(waiting->Report());
  absl::StatusOr<v1::Delta> rejected = waiting->ApplyBatch(batch);
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.status().message(), "events[2].statusChanged.memberId: no member \"nobody\"");
  EXPECT_EQ(Findings(waiting->Report()), findings_waiting);
  EXPECT_EQ(Bytes(waiting->snapshot()), Bytes(at_once->snapshot()));
  // Without the last, it is the events in turn.
  batch.mutable_events()->RemoveLast();
  const uint64_t rebuilt = waiting->applied_by_rebuild();
  ASSERT_TRUE(waiting->ApplyBatch(batch).ok());
  EXPECT_GT(waiting->applied_by_rebuild(), rebuilt);
  for (const v1::Event& e : batch.events()) ASSERT_TRUE(at_once->Apply(e).ok()) << e.DebugString();
  EXPECT_EQ(Bytes(waiting->snapshot()), Bytes(at_once->snapshot()));
  EXPECT_EQ(Findings(waiting->Report()), Findings(FullCheck(waiting->snapshot())));
}

// A member whom records name by place alone (attending, absent, talked
// with, rows of the ledger, payments), as a large export names them, is
// removed in place: a load of the snapshot without it drops those
// references, and the Store loses the member from those activities and its
// years of dues. One whose record a data issue names goes by rebuild. Sixty
// sample members removed in turn, a branch moved among them, in both
// profiles: the findings a full check's after each, and an Engine asked for
// its snapshot only at the end holds the same.
TEST(Engine, MembersNamedByPlaceAreRemovedInPlace) {
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok());
  // Data issues that name a position, a row of the ledger and a payment by
  // place, in the middle of their lists: every member removed with a
  // position, a row or a payment before them moves them up.
  const int n = sample->members_size();
  v1::Position& misdated = *sample->add_positions();
  misdated.set_org_id(sample->members(n - 2).org_id());
  misdated.set_member_id(sample->members(n - 2).id());
  misdated.set_role(v1::Position::COMMITTEE_MEMBER);
  misdated.set_since("2025-03-01");
  misdated.set_until("2024-03-01");
  v1::DuesLedger& implausible = *sample->add_dues_ledger();
  implausible.set_member_id(sample->members(n - 2).id());
  implausible.set_year(1800);
  implausible.set_paid_months(1);
  v1::DuesPayment& negative = *sample->add_dues();
  negative.set_member_id(sample->members(n - 2).id());
  negative.set_month("2026-02");
  negative.set_amount_cents(-100);
  // A meeting of an org that is not there names another member: its
  // removal goes by rebuild, as the Engine finds that meeting in no org.
  const std::string outside = sample->members(n - 3).id();
  v1::Activity& orgless = *sample->add_activities();
  orgless.set_id("orgless");
  orgless.set_org_id("nowhere");
  orgless.set_kind(v1::Activity::THEME_DAY);
  orgless.set_held_on("2026-06-01");
  orgless.add_attendee_ids(outside);
  AddMisdatedMember(*sample);
  for (int k = sample->positions_size() - 1; k > sample->positions_size() / 2; --k) sample->mutable_positions()->SwapElements(k, k - 1);
  for (int k = sample->dues_ledger_size() - 1; k > sample->dues_ledger_size() / 2; --k) {
    sample->mutable_dues_ledger()->SwapElements(k, k - 1);
  }
  for (int k = sample->dues_size() - 1; k > sample->dues_size() / 2; --k) sample->mutable_dues()->SwapElements(k, k - 1);
  for (const char* profile : {"national", "genhe-2020"}) {
    std::unique_ptr<Engine> engine = EngineAt(ByPosition(*sample), profile);
    std::unique_ptr<Engine> waiting = EngineAt(ByPosition(*sample), profile);
    std::vector<std::string> ids;
    for (const v1::Member& m : sample->members()) ids.push_back(m.id());
    std::mt19937_64 rng(29);
    std::shuffle(ids.begin(), ids.end(), rng);
    std::stable_partition(ids.begin(), ids.end(), [&](const std::string& id) { return id != outside; });
    // Six members who pay by payment first.
    std::set<std::string> paying;
    for (const v1::DuesPayment& x : sample->dues()) paying.insert(x.member_id());
    ids = FirstPicked(ids, 6, [&](const std::string& id) { return paying.count(id) > 0; });
    const std::vector<std::string> payers(ids.begin(), ids.begin() + 6);
    // The misdated member among them: by rebuild.
    ids.erase(std::find(ids.begin(), ids.end(), "misdated"));
    ids.insert(ids.begin() + 8, "misdated");
    int in_place = 0, rebuilt = 0, payers_in_place = 0;
    for (size_t k = 0; k < 60; ++k) {
      if (k == 20) {
        // The branch of the next member who pays no dues by payment moved
        // under another committee: the orgs numbered again, the activities
        // of that branch found where they are now.
        std::stable_partition(ids.begin() + k, ids.end(), [&](const std::string& id) { return !paying.count(id); });
        const v1::Snapshot& now = engine->snapshot();
        std::string branch, parent, committee;
        for (const v1::Member& m : now.members()) {
          if (m.id() == ids[k]) branch = m.org_id();
        }
        for (const v1::Org& o : now.orgs()) {
          if (o.id() == branch) parent = o.parent_id();
        }
        for (const v1::Org& o : now.orgs()) {
          if (o.kind() == v1::Org::COMMITTEE && o.id() != parent && o.id() != branch) committee = o.id();
        }
        ASSERT_FALSE(committee.empty());
        v1::Event moved;
        moved.mutable_org_moved()->set_org_id(branch);
        moved.mutable_org_moved()->set_parent_id(committee);
        ASSERT_TRUE(engine->Apply(moved).ok()) << branch;
        ASSERT_TRUE(waiting->Apply(moved).ok()) << branch;
        // Its members next, those who pay by payment last.
        std::stable_partition(ids.begin() + k, ids.end(), [&](const std::string& id) {
          for (const v1::Member& m : now.members()) {
            if (m.id() == id) return m.org_id() == branch && !paying.count(id);
          }
          return false;
        });
      }
      const MemberIndex removed = engine->store().FindMember(ids[k]);
      v1::Event e;
      e.set_member_removed(ids[k]);
      const std::multiset<std::string> before = Findings(engine->Report());
      const uint64_t placed = engine->applied_in_place();
      absl::StatusOr<v1::Delta> delta = engine->Apply(e);
      ASSERT_TRUE(delta.ok()) << delta.status() << " " << ids[k];
      ASSERT_TRUE(waiting->Apply(e).ok()) << ids[k];
      const std::multiset<std::string> after = Findings(engine->Report());
      ASSERT_EQ(after, Findings(FullCheck(engine->snapshot(), profile))) << profile << ", " << ids[k];
      ExpectDeltaIsTheDifference(before, *delta, after, StrCat(profile, ", ", ids[k]));
      if (engine->applied_in_place() == placed) {
        ++rebuilt;  // a new Store, in which `removed` is another member's index
        continue;
      }
      ++in_place;
      payers_in_place += paying.count(ids[k]) > 0;
      // No activity of the Store lists it any more.
      const Store& st = engine->store();
      for (ActivityIndex a = 0; a < static_cast<ActivityIndex>(st.activities().size()); ++a) {
        const auto absent = st.AbsenteesOf(a);
        ASSERT_EQ(absl::c_count(st.AttendeesOf(a), removed) + absl::c_count(st.TalkMembersOf(a), removed) +
                      std::count_if(absent.begin(), absent.end(), [&](const auto& x) { return x.member == removed; }),
                  0)
            << profile << ", " << ids[k];
      }
    }
    v1::Event gone;
    gone.set_member_removed(outside);
    const uint64_t rebuilt_before = engine->applied_by_rebuild();
    ASSERT_TRUE(engine->Apply(gone).ok());
    ASSERT_TRUE(waiting->Apply(gone).ok());
    EXPECT_EQ(engine->applied_by_rebuild(), rebuilt_before + 1) << profile;
    EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot(), profile))) << profile;
    // The issues moved up with the members removed before them.
    std::set<std::string> fields;
    const v1::Report report = engine->Report();
    for (const v1::Finding& f : report.findings()) {
      if (f.evidence().count("field")) fields.insert(f.evidence().at("field"));
    }
    const v1::Snapshot& now = engine->snapshot();
    int position = 0, row = 0, payment = 0;
    while (position < now.positions_size() && now.positions(position).until() != "2024-03-01") ++position;
    while (row < now.dues_ledger_size() && now.dues_ledger(row).year() != 1800) ++row;
    while (payment < now.dues_size() && now.dues(payment).amount_cents() >= 0) ++payment;
    EXPECT_TRUE(fields.count(StrCat("positions[", position, "].until"))) << profile;
    EXPECT_TRUE(fields.count(StrCat("duesLedger[", row, "].year"))) << profile;
    EXPECT_TRUE(fields.count(StrCat("dues[", payment, "].amountCents"))) << profile;
    EXPECT_LT(position, sample->positions_size() / 2) << profile;
    EXPECT_LT(row, sample->dues_ledger_size() / 2) << profile;
    EXPECT_LT(payment, sample->dues_size() / 2) << profile;
    EXPECT_GT(in_place, 20) << profile;
    EXPECT_GT(payers_in_place, 3) << profile;
    EXPECT_GT(rebuilt, 0) << profile;
    EXPECT_EQ(Findings(waiting->Report()), Findings(engine->Report())) << profile;
    EXPECT_EQ(Bytes(waiting->snapshot()), Bytes(engine->snapshot())) << profile;
    EXPECT_EQ(Bytes(waiting->Report()), Bytes(FullCheck(waiting->snapshot(), profile))) << profile;
  }
}

// Members named by their ids in activities (attending, absent, talked with,
// lecturing, in decisions as subjects or candidates, observing, owning a
// resolution), in rows of the ledger and in payments are removed in place:
// each reference names no member now, a data issue a load reports where it
// reports it (among its activity's; among the issues of dues, by row). One
// activity names them among ids of members that are not there, before and
// after them, and the ledger, a term and an event name what is not there:
// the report, order and all, is a full check's after every removal. Half
// the members' rows of the ledger and two thirds of the payers' payments
// name them by place: an Engine whose snapshot is not asked for until the
// end, where those wait to be taken out, reports the same after each.
TEST(Engine, MembersNamedByIdInActivitiesLedgerPaymentsAndEventsAreRemovedInPlace) {
  absl::StatusOr<v1::Snapshot> parsed = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(parsed.ok());
  v1::Snapshot sample = ByPosition(*parsed);
  // The attendance by id again.
  for (v1::Activity& a : *sample.mutable_activities()) {
    for (const int32_t i : a.attendee_indexes()) a.add_attendee_ids(sample.members(i).id());
    for (const int32_t i : a.talk_member_indexes()) a.add_talk_member_ids(sample.members(i).id());
    a.clear_attendee_indexes(), a.clear_talk_member_indexes();
    for (auto& x : *a.mutable_absentees()) {
      if (x.has_member_index()) x.set_member_id(sample.members(x.member_index()).id()), x.clear_member_index();
    }
  }
  // The rows of every other member's ledger by id again; a row of no
  // member among them, a term of no org, an event of no member.
  for (v1::DuesLedger& x : *sample.mutable_dues_ledger()) {
    if (x.has_member_index() && x.member_index() % 2 == 0) {
      x.set_member_id(sample.members(x.member_index()).id()), x.clear_member_index();
    }
  }
  // The payments of every third member by id again.
  for (v1::DuesPayment& x : *sample.mutable_dues()) {
    if (x.has_member_index() && x.member_index() % 3 == 0) {
      x.set_member_id(sample.members(x.member_index()).id()), x.clear_member_index();
    }
  }
  v1::DuesLedger& nobody = *sample.add_dues_ledger();
  nobody.set_member_id("ghost-6");
  nobody.set_year(2026);
  nobody.set_paid_months(1);
  for (int k = sample.dues_ledger_size() - 1; k > sample.dues_ledger_size() / 2; --k) {
    sample.mutable_dues_ledger()->SwapElements(k, k - 1);
  }
  v1::Term& orgless = *sample.add_terms();
  orgless.set_org_id("nowhere");
  orgless.set_started_on("2024-01-01");
  v1::MemberEvent& gone = *sample.add_events();
  gone.set_member_id("ghost-7");
  gone.set_kind(v1::MemberEvent::COMMENDED);
  gone.set_on("2026-03-01");
  // Every fifth member commended, with a note; every tenth twice.
  for (int i = 0; i < sample.members_size(); i += 5) {
    for (int times = 0; times < (i % 10 == 0 ? 2 : 1); ++times) {
      v1::MemberEvent& x = *sample.add_events();
      x.set_member_id(sample.members(i).id());
      x.set_kind(v1::MemberEvent::COMMENDED);
      x.set_on(StrCat("2026-0", 1 + times, "-15"));
      x.set_detail("年度优秀共产党员");
    }
  }
  // Three members of one branch named among ids of no member.
  std::vector<std::string> three;
  const std::string branch = sample.members(0).org_id();
  for (const v1::Member& m : sample.members()) {
    if (m.org_id() == branch && three.size() < 3) three.push_back(m.id());
  }
  ASSERT_EQ(three.size(), 3u);
  v1::Activity& mixed = *sample.add_activities();
  mixed.set_id("mixed");
  mixed.set_org_id(branch);
  mixed.set_kind(v1::Activity::GENERAL_MEETING);
  mixed.set_held_on("2026-05-12");
  for (const std::string& id : {std::string("ghost-1"), three[0], std::string("ghost-2"), three[1]}) mixed.add_attendee_ids(id);
  for (const std::string& id : {three[2], std::string("ghost-3"), three[0]}) {
    v1::Activity::Absentee& x = *mixed.add_absentees();
    x.set_member_id(id);
    x.set_reason(v1::Activity::Absentee::LEAVE_APPROVED);
  }
  mixed.set_lecturer_id("ghost-4");
  mixed.add_observer_ids("ghost-5");
  mixed.add_observer_ids(three[0]);
  v1::Activity::Decision& elected = *mixed.add_decisions();
  elected.set_kind(v1::Activity::Decision::ELECT);
  for (const std::string& id : {std::string("ghost-8"), three[1]}) elected.add_subject_member_ids(id);
  elected.set_seats(2);
  for (const std::string& id : {three[2], std::string("ghost-9"), three[1]}) {
    elected.add_candidate_member_ids(id);
    elected.add_candidate_votes(7);
  }
  elected.set_votes_for(-1);
  v1::Activity::Resolution& owned = *mixed.add_resolutions();
  owned.set_text("整改");
  owned.set_owner_id(three[1]);
  for (const char* profile : {"national", "genhe-2020"}) {
    std::unique_ptr<Engine> engine = EngineAt(sample, profile);
    // The same events, its snapshot not asked for until the end: the
    // members removed wait in its list, with their rows of the ledger.
    std::unique_ptr<Engine> waiting = EngineAt(sample, profile);
    ASSERT_EQ(Bytes(engine->Report()), Bytes(FullCheck(engine->snapshot(), profile))) << profile;
    std::vector<std::string> ids;
    for (const v1::Member& m : sample.members()) ids.push_back(m.id());
    std::mt19937_64 rng(31);
    std::shuffle(ids.begin(), ids.end(), rng);
    // Those who pay by payments first, by id and by place in turn: those
    // by place taken out move the rows of those by id after them.
    std::set<std::string> paying;
    for (const v1::DuesPayment& x : sample.dues()) {
      paying.insert(x.member_id().empty() ? sample.members(x.member_index()).id() : x.member_id());
    }
    ids = FirstPicked(ids, 24, [&](const std::string& id) { return paying.count(id) > 0; });
    ids.insert(ids.begin(), three.begin(), three.end());
    int in_place = 0, named = 0, by_id_rows = 0, by_id_payments = 0, lecturers = 0, decided = 0, with_events = 0;
    for (size_t k = 0; k < 60; ++k) {
      if (k >= 3 && absl::c_count(three, ids[k]) > 0) continue;  // the three first, once
      v1::Event e;
      e.set_member_removed(ids[k]);
      const std::multiset<std::string> before = Findings(engine->Report());
      const uint64_t placed = engine->applied_in_place();
      const v1::Snapshot& now = engine->snapshot();
      const bool attended = std::any_of(now.activities().begin(), now.activities().end(),
                                        [&](const v1::Activity& a) { return absl::c_count(a.attendee_ids(), ids[k]) > 0; });
      const bool ledger_by_id = std::any_of(now.dues_ledger().begin(), now.dues_ledger().end(),
                                            [&](const v1::DuesLedger& x) { return x.member_id() == ids[k]; });
      const bool has_events = std::any_of(now.events().begin(), now.events().end(),
                                          [&](const v1::MemberEvent& x) { return x.member_id() == ids[k]; });
      const bool paid_by_id = std::any_of(now.dues().begin(), now.dues().end(),
                                          [&](const v1::DuesPayment& x) { return x.member_id() == ids[k]; });
      const bool lectured = std::any_of(now.activities().begin(), now.activities().end(),
                                        [&](const v1::Activity& a) { return a.lecturer_id() == ids[k]; });
      const bool in_decisions = std::any_of(now.activities().begin(), now.activities().end(), [&](const v1::Activity& a) {
        return std::any_of(a.decisions().begin(), a.decisions().end(), [&](const v1::Activity::Decision& d) {
          return absl::c_count(d.subject_member_ids(), ids[k]) + absl::c_count(d.candidate_member_ids(), ids[k]) > 0;
        });
      });
      const MemberIndex removed = engine->store().FindMember(ids[k]);
      absl::StatusOr<v1::Delta> delta = engine->Apply(e);
      ASSERT_TRUE(delta.ok()) << delta.status() << " " << ids[k];
      ASSERT_TRUE(waiting->Apply(e).ok()) << ids[k];
      // Its snapshot not asked for, the payments by place of those removed wait to be taken out.
      ASSERT_EQ(Bytes(waiting->Report()), Bytes(engine->Report())) << profile << ", " << ids[k];
      const std::multiset<std::string> after = Findings(engine->Report());
      ASSERT_EQ(Bytes(engine->Report()), Bytes(FullCheck(engine->snapshot(), profile))) << profile << ", " << ids[k];
      ExpectDeltaIsTheDifference(before, *delta, after, StrCat(profile, ", ", ids[k]));
      if (engine->applied_in_place() > placed) {
        ++in_place;
        named += attended;
        by_id_rows += ledger_by_id;
        by_id_payments += paid_by_id;
        lecturers += lectured;
        decided += in_decisions;
        // No activity of the Store has it as its lecturer, a subject or a
        // candidate, as a load's has none.
        const Store& st = engine->store();
        ASSERT_EQ(absl::c_count(st.activities().lecturer, removed), 0) << profile << ", " << ids[k];
        for (ActivityIndex a = 0; a < static_cast<ActivityIndex>(st.activities().size()); ++a) {
          for (const auto& d : st.DecisionsOf(a)) {
            const auto candidates = st.CandidatesOf(d);
            ASSERT_EQ(absl::c_count(st.SubjectsOf(d), removed) +
                          std::count_if(candidates.begin(), candidates.end(), [&](const auto& c) { return c.member == removed; }),
                      0)
                << profile << ", " << ids[k];
          }
        }

        with_events += has_events;
      }
    }
    EXPECT_GT(named, 20) << profile;
    EXPECT_GT(by_id_rows, 10) << profile;
    EXPECT_GT(by_id_payments, 5) << profile;
    EXPECT_GT(lecturers, 5) << profile;
    EXPECT_GT(decided, 5) << profile;

    EXPECT_GT(with_events, 3) << profile;
    // The Engine's Store written back keeps their events as given, as a load keeps them.
    EXPECT_EQ(ExportSnapshot(engine->store()).events_size(), engine->snapshot().events_size()) << profile;
    EXPECT_GT(in_place, 30) << profile;
    EXPECT_EQ(Bytes(waiting->Report()), Bytes(engine->Report())) << profile;
    EXPECT_EQ(Bytes(waiting->snapshot()), Bytes(engine->snapshot())) << profile;
    // The ghosts' and the three's issues, in the order of the activity's fields.
    std::vector<std::string> fields;
    const v1::Report report = engine->Report();
    for (const v1::Finding& f : report.findings()) {
      if (f.activity_id() == "mixed" && f.evidence().count("field")) fields.push_back(f.evidence().at("field"));
    }
    const std::string at = StrCat("activities[", sample.activities_size() - 1, "].");
    EXPECT_EQ(fields, (std::vector<std::string>{at + "lecturerId", at + "absentees[0].memberId", at + "absentees[1].memberId",
                                                at + "absentees[2].memberId", at + "decisions[0].subjectMemberIds[0]",
                                                at + "decisions[0].subjectMemberIds[1]",
                                                at + "decisions[0].candidateMemberIds[0]",
                                                at + "decisions[0].candidateMemberIds[1]",
                                                at + "decisions[0].candidateMemberIds[2]", at + "observerIds[0]",
                                                at + "observerIds[1]", at + "resolutions[0].ownerId", at + "attendeeIds[0]",
                                                at + "attendeeIds[1]", at + "attendeeIds[2]", at + "attendeeIds[3]"}))
        << profile;
    // A member of one of those ids added again is named again: by rebuild.
    v1::Event back;
    v1::Member& m = *back.mutable_member_added();
    m.set_id(three[1]);
    m.set_org_id(branch);
    m.set_status(v1::Member::FULL);
    const uint64_t rebuilt = engine->applied_by_rebuild();
    ASSERT_TRUE(engine->Apply(back).ok());
    EXPECT_EQ(engine->applied_by_rebuild(), rebuilt + 1) << profile;
    EXPECT_EQ(Bytes(engine->Report()), Bytes(FullCheck(engine->snapshot(), profile))) << profile;
  }
}

// A member whose payments name it by place, removed in place, takes them
// with it: the Engine's Store written back pays as its snapshot does.
// A member named by id only where the Store keeps no list of whom an
// activity names (a lecturer, a decision's subject or candidate, an
// observer, a resolution's owner), in activities it does not attend,
// removed: each of those ids names no member now, as a load of the same
// data finds, and the removal is written in place.
TEST(Engine, AMemberNamedByIdOnlyInItsActivitiesOwnFieldsIsFoundThere) {
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok());
  const v1::Member named = sample->members(0);
  std::string elsewhere;  // an org the member is not in
  for (const v1::Org& o : sample->orgs()) {
    if (o.kind() == v1::Org::BRANCH && o.id() != named.org_id()) elsewhere = o.id();
  }
  ASSERT_FALSE(elsewhere.empty());
  int serial = 0;
  const auto activity = [&](const std::string& org) -> v1::Activity& {
    ++serial;
    return Recorded(*sample->add_activities(), StrCat("naming-", serial), org, v1::Activity::GENERAL_MEETING,
                    StrCat("2026-0", 3 + serial, "-10"));
  };
  activity(elsewhere).set_lecturer_id(named.id());
  {
    v1::Activity::Decision& d = *activity(named.org_id()).add_decisions();
    d.set_kind(v1::Activity::Decision::CONVERT_TO_FULL);
    d.add_subject_member_ids(named.id());
    d.set_votes_for(-1);
  }
  {
    v1::Activity::Decision& d = *activity(elsewhere).add_decisions();
    d.set_kind(v1::Activity::Decision::ELECT);
    d.set_seats(1);
    d.add_candidate_member_ids(named.id());
    d.add_candidate_votes(3);
    d.set_votes_for(-1);
  }
  activity(elsewhere).add_observer_ids(named.id());
  {
    v1::Activity::Resolution& r = *activity(named.org_id()).add_resolutions();
    r.set_text("整改");
    r.set_owner_id(named.id());
  }
  for (const char* profile : {"national", "genhe-2020"}) {
    std::unique_ptr<Engine> engine = EngineAt(*sample, profile);
    const uint64_t rebuilt = engine->applied_by_rebuild();
    v1::Event e;
    e.set_member_removed(named.id());
    absl::StatusOr<v1::Delta> delta = engine->Apply(e);
    ASSERT_TRUE(delta.ok()) << delta.status();
    EXPECT_EQ(engine->applied_by_rebuild(), rebuilt) << profile << ": written in place";
    const v1::Report full = FullCheck(engine->snapshot(), profile);
    EXPECT_EQ(Findings(engine->Report()), Findings(full)) << profile;
    int unknown = 0;  // one for each field above
    for (const v1::Finding& f : full.findings()) {
      unknown += f.rule_id() == "data.unknown_reference" && f.message().find(named.id()) != std::string::npos;
    }
    EXPECT_GE(unknown, 5) << profile;
  }
}

TEST(Engine, APayerRemovedInPlaceTakesItsPaymentsFromTheExport) {
  absl::StatusOr<v1::Snapshot> parsed = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(parsed.ok());
  std::unique_ptr<Engine> engine = EngineAt(ByPosition(*parsed));
  const auto paid_by = [](const v1::Snapshot& x) {
    std::multiset<std::string> out;
    for (const v1::DuesPayment& p : x.dues()) {
      out.insert(p.has_member_index() ? x.members(p.member_index()).id() : p.member_id());
    }
    return out;
  };
  std::set<std::string> payers;
  for (const v1::DuesPayment& x : parsed->dues()) payers.insert(x.member_id());
  int in_place = 0;
  for (const std::string& id : payers) {
    if (in_place == 3) break;
    v1::Event e;
    e.set_member_removed(id);
    const uint64_t placed = engine->applied_in_place();
    ASSERT_TRUE(engine->Apply(e).ok()) << id;
    if (engine->applied_in_place() == placed) continue;  // named by id elsewhere: rebuilt
    ++in_place;
    EXPECT_EQ(paid_by(ExportSnapshot(engine->store())), paid_by(engine->snapshot())) << id;
    EXPECT_EQ(paid_by(engine->snapshot()).count(id), 0u) << id;
    EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot()))) << id;
  }
  EXPECT_EQ(in_place, 3);
}

// A member removed in place takes its positions with it: their rows of the
// snapshot wait with the member until the snapshot is next needed whole.
// One Engine is never asked for its snapshot until the end (the rows wait),
// the other after every event (they are taken out at once); both agree
// with each other and with a full check after every step: positions
// changed while rows wait, a data issue naming a position by its place
// in the middle of the list, a member holding one position
// twice, a member with two rows of the ledger for one year (by rebuild),
// and a batch rejected after holders' removals and the rows taken out.
TEST(Engine, APositionHoldersRowsWaitWithIt) {
  absl::StatusOr<v1::Snapshot> parsed = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(parsed.ok());
  v1::Snapshot sample = ByPosition(*parsed);
  std::set<std::string> paying;  // a member who pays by payment goes by rebuild
  for (const v1::DuesPayment& x : parsed->dues()) paying.insert(x.member_id());
  std::vector<std::string> holders;
  for (const v1::Position& x : sample.positions()) {
    if (!x.member_id().empty() && !paying.count(x.member_id()) && absl::c_count(holders, x.member_id()) == 0) {
      holders.push_back(x.member_id());
    }
  }
  ASSERT_GT(holders.size(), 30u);
  std::mt19937_64 rng(31);
  std::shuffle(holders.begin(), holders.end(), rng);
  // Holding one position twice, and a year of dues on two rows.
  const std::string twice = holders[3];
  for (const v1::Position& x : parsed->positions()) {
    if (x.member_id() == twice) {
      *sample.add_positions() = x;
      break;
    }
  }
  std::string two_rows;
  for (const v1::DuesLedger& x : sample.dues_ledger()) {
    const std::string& id = sample.members(x.member_index()).id();
    if (!paying.count(id) && absl::c_count(holders, id) == 0) {
      two_rows = id;
      *sample.add_dues_ledger() = x;
      break;
    }
  }
  ASSERT_FALSE(two_rows.empty());
  // A position whose dates a data issue names by its place, right after
  // the row of the second holder removed, whose row the first's precedes:
  // the second's row moves the issue up only as a load counts rows, the
  // first's waiting not counted.
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(sample, &json).ok());
  // Its one row of the positions, when nothing else names it by its id
  // (its record and that row): -1 when there is none such.
  const auto row_of = [&](const std::string& id) {
    int row = -1;
    for (int k = 0; k < sample.positions_size(); ++k) {
      if (sample.positions(k).member_id() == id) row = row == -1 ? k : -2;  // -2: more than one
    }
    const std::string quoted = StrCat("\"", id, "\"");
    int named = 0;
    for (size_t at = json.find(quoted); at != std::string::npos; at = json.find(quoted, at + 1)) ++named;
    return named == 2 ? row : -1;
  };
  const auto one_row = [&](const std::string& id) { return row_of(id) >= 0; };
  const auto first = std::find_if(holders.begin() + 4, holders.end(), one_row);
  ASSERT_NE(first, holders.end());
  const auto next = std::find_if(first + 1, holders.end(), one_row);
  ASSERT_NE(next, holders.end());
  std::iter_swap(holders.begin(), first);
  std::iter_swap(holders.begin() + 1, next);
  if (row_of(holders[0]) > row_of(holders[1])) std::swap(holders[0], holders[1]);
  v1::Position& misdated = *sample.add_positions();
  misdated.set_org_id(sample.positions(0).org_id());
  misdated.set_member_id(holders[30]);
  misdated.set_role(v1::Position::GROUP_LEADER);
  misdated.set_since("2026-04-01");
  misdated.set_until("2026-01-01");
  const int second = row_of(holders[1]);
  for (int k = sample.positions_size() - 1; k > second + 1; --k) sample.mutable_positions()->SwapElements(k, k - 1);
  std::unique_ptr<Engine> lazy = EngineAt(sample);
  std::unique_ptr<Engine> eager = EngineAt(sample);
  const auto position = [&](const std::string& org, const std::string& member, v1::Position::Role role) {
    v1::Event e;
    v1::Position& x = *e.mutable_position_changed();
    x.set_org_id(org);
    x.set_member_id(member);
    x.set_role(role);
    x.set_since("2026-04-01");
    return e;
  };
  const auto org_of = [&](const std::string& id) {
    const v1::Snapshot now = eager->snapshot();
    for (const v1::Member& m : now.members()) {
      if (m.id() == id) return m.org_id();
    }
    return std::string();
  };
  std::vector<v1::Event> events;
  const auto removed = [](const std::string& id) {
    v1::Event e;
    e.set_member_removed(id);
    return e;
  };
  for (int k = 0; k < 24; ++k) {
    events.push_back(removed(holders[k]));
    // The next holders' positions changed while rows wait: one held
    // already (its dates), one new.
    if (k % 4 == 1) {
      for (const v1::Position& x : sample.positions()) {
        if (x.member_id() == holders[k + 1]) {
          events.push_back(position(x.org_id(), x.member_id(), x.role()));
          break;
        }
      }
    }
    if (k % 4 == 2) events.push_back(position(org_of(holders[k + 2]), holders[k + 2], v1::Position::DISCIPLINE_MEMBER));
  }
  events.push_back(removed(two_rows));
  int holders_in_place = 0;
  for (const v1::Event& e : events) {
    const std::string what = e.ShortDebugString();
    const std::multiset<std::string> before = Findings(lazy->Report());
    const uint64_t placed = lazy->applied_in_place(), rebuilt = lazy->applied_by_rebuild();
    absl::StatusOr<v1::Delta> delta = lazy->Apply(e);
    ASSERT_TRUE(delta.ok()) << delta.status() << " " << what;
    ASSERT_TRUE(eager->Apply(e).ok()) << what;
    const std::multiset<std::string> after = Findings(lazy->Report());
    ExpectDeltaIsTheDifference(before, *delta, after, what);
    ASSERT_EQ(after, Findings(eager->Report())) << what;
    ASSERT_EQ(Findings(eager->Report()), Findings(FullCheck(eager->snapshot()))) << what;
    if (e.has_member_removed()) {
      holders_in_place += e.member_removed() != two_rows && lazy->applied_in_place() > placed;
      if (e.member_removed() == holders[0] || e.member_removed() == holders[1]) {
        EXPECT_GT(lazy->applied_in_place(), placed) << what;
      }
      if (e.member_removed() == two_rows) {
        EXPECT_EQ(lazy->applied_by_rebuild(), rebuilt + 1);
      }
    }
  }
  EXPECT_GT(holders_in_place, 12);
  EXPECT_EQ(Bytes(lazy->snapshot()), Bytes(eager->snapshot()));
  // A holder removed, its rows waiting; then a batch: two more removed, an
  // activity that names a member by place (the rows taken out), and a
  // rejected event. The batch leaves nothing behind.
  ASSERT_TRUE(lazy->Apply(removed(holders[25])).ok());
  ASSERT_TRUE(eager->Apply(removed(holders[25])).ok());
  const std::string before = Bytes(eager->snapshot());
  const std::multiset<std::string> findings = Findings(lazy->Report());
  v1::EventBatch batch;
  *batch.add_events() = removed(holders[26]);
  *batch.add_events() = removed(holders[27]);
  v1::Activity& by_place = Recorded(*batch.add_events()->mutable_activity_recorded(), "held-in-the-batch",
                                    org_of(holders[28]), v1::Activity::THEME_DAY, "2026-05-01");
  by_place.add_attendee_indexes(0);
  batch.add_events()->mutable_status_changed()->set_member_id("nobody");
  ASSERT_FALSE(lazy->ApplyBatch(batch).ok());
  EXPECT_EQ(Bytes(lazy->snapshot()), before);
  EXPECT_EQ(Findings(lazy->Report()), findings);
}

// A meeting missed on leave is made up in the member's own branch: moved
// into the branch that held the make-up, the member has made it up, at the
// org whose meeting it missed (neither the branch it left nor the one it
// joined); moved back, it has not. Each step in place, and a full check's.
// A member of one of `branches` but those of `except`, and its branch.
std::pair<std::string, std::string> MemberOfAnotherBranch(const v1::Snapshot& s, const std::vector<std::string>& branches,
                                                          const std::vector<std::string>& except) {
  for (const v1::Member& m : s.members()) {
    if (std::find(except.begin(), except.end(), m.org_id()) == except.end() &&
        std::find(branches.begin(), branches.end(), m.org_id()) != branches.end()) {
      return {m.id(), m.org_id()};
    }
  }
  return {};
}

// A general meeting of `org` on 2026-09-01, "missed-meeting", that `member`
// missed on approved leave, recorded into `engine`; `e` holds the event.
void RecordMissedMeeting(Engine& engine, const std::string& org, const std::string& member, v1::Event& e) {
  v1::Activity& meeting = Recorded(*e.mutable_activity_recorded(), "missed-meeting", org,
                                   v1::Activity::GENERAL_MEETING, "2026-09-01");
  v1::Activity::Absentee& absent = *meeting.add_absentees();
  absent.set_member_id(member);
  absent.set_reason(v1::Activity::Absentee::LEAVE_APPROVED);
  ASSERT_TRUE(engine.Apply(e).ok());
}

// The engine's life.makeup_missing findings about `member`.
int MakeupsMissing(const Engine& engine, const std::string& member) {
  int n = 0;
  const v1::Report report = engine.Report();
  for (const v1::Finding& f : report.findings()) n += f.rule_id() == "life.makeup_missing" && f.member_id() == member;
  return n;
}

TEST(Engine, AMemberMovedCarriesItsMakeUpsToTheMeetingItMissed) {
  std::unique_ptr<Engine> engine = SampleEngine();
  const v1::Snapshot& s = engine->snapshot();
  const std::vector<std::string> branches = Branches(s);
  ASSERT_GT(branches.size(), 3u);
  const std::string& missed_at = branches[0];
  const std::string& makeup_at = branches[1];
  const auto [member, left] = MemberOfAnotherBranch(s, branches, {missed_at, makeup_at});
  ASSERT_FALSE(member.empty());
  v1::Event e;
  RecordMissedMeeting(*engine, missed_at, member, e);
  v1::Activity& makeup = *e.mutable_activity_recorded();
  makeup.Clear();
  Recorded(makeup, "makeup", makeup_at, v1::Activity::GENERAL_MEETING, "2026-09-05");
  makeup.set_makeup_for("missed-meeting");
  makeup.add_attendee_ids(member);
  ASSERT_TRUE(engine->Apply(e).ok());
  EXPECT_EQ(MakeupsMissing(*engine, member), 1);
  for (const std::string& to : {makeup_at, left}) {
    v1::Event moved;
    moved.mutable_member_moved()->set_member_id(member);
    moved.mutable_member_moved()->set_org_id(to);
    ASSERT_TRUE(engine->Apply(moved).ok());
    EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot()))) << to;
    EXPECT_EQ(MakeupsMissing(*engine, member), to == makeup_at ? 0 : 1) << to;
  }
  EXPECT_EQ(engine->applied_by_rebuild(), 0u);
}

// A member removed is judged again at each activity that named it, at orgs
// other than its branch too: absent on leave from another branch's meeting,
// not made up (life.makeup_missing), it is absent no more.
TEST(Engine, AMemberRemovedIsJudgedAgainAtEachActivityThatNamedIt) {
  for (const char* profile : {"national", "genhe-2020"}) {
    std::unique_ptr<Engine> engine = SampleEngine(profile);
    const v1::Snapshot& s = engine->snapshot();
    const std::vector<std::string> branches = Branches(s);
    ASSERT_GT(branches.size(), 3u);
    const std::string& missed_at = branches[0];
    const std::string member = MemberOfAnotherBranch(s, branches, {missed_at}).first;
    ASSERT_FALSE(member.empty());
    v1::Event e;
    RecordMissedMeeting(*engine, missed_at, member, e);
    EXPECT_EQ(MakeupsMissing(*engine, member), 1) << profile;
    const uint64_t rebuilt = engine->applied_by_rebuild();
    v1::Event removed;
    removed.set_member_removed(member);
    ASSERT_TRUE(engine->Apply(removed).ok()) << profile;
    EXPECT_EQ(engine->applied_by_rebuild(), rebuilt) << profile;  // in place
    EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot(), profile))) << profile;
    EXPECT_EQ(MakeupsMissing(*engine, member), 0) << profile;
  }
}

// A secretary's lectures count wherever it gives them (life.secretary_lecture,
// genhe-2020: by lecturerId, on any org's activities): a lecture recorded at
// another org, neither its branch nor above it, is counted at its branch.
TEST(Engine, ALectureGivenElsewhereCountsForTheSecretary) {
  std::unique_ptr<Engine> engine = SampleEngine("genhe-2020");
  const v1::Snapshot& s = engine->snapshot();
  // Each period's finding about the member: its period, and the lectures found.
  const auto lecture_findings = [&](const std::string& member) {
    std::vector<std::string> found;
    const v1::Report report = engine->Report();
    for (const v1::Finding& f : report.findings()) {
      if (f.rule_id() == "life.secretary_lecture" && f.member_id() == member) {
        found.push_back(StrCat(f.period(), ": ", f.evidence().at("found")));
      }
    }
    return found;
  };
  // A secretary the rule finds wanting, and a branch that is not its own.
  std::string secretary, own, elsewhere;
  for (const v1::Position& p : s.positions()) {
    if (p.role() == v1::Position::SECRETARY && !lecture_findings(p.member_id()).empty()) {
      secretary = p.member_id(), own = p.org_id();
      break;
    }
  }
  ASSERT_FALSE(secretary.empty());
  for (const std::string& b : Branches(s)) {
    if (b != own) elsewhere = b;
  }
  const std::vector<std::string> before = lecture_findings(secretary);
  v1::Event e;
  Recorded(*e.mutable_activity_recorded(), "lecture-elsewhere", elsewhere, v1::Activity::PARTY_LECTURE, "2026-11-02")
      .set_lecturer_id(secretary);
  ASSERT_TRUE(engine->Apply(e).ok());
  EXPECT_NE(lecture_findings(secretary), before);  // one lecture more found
  EXPECT_TRUE(Findings(engine->Report()) == Findings(FullCheck(engine->snapshot(), "genhe-2020")));
  EXPECT_EQ(engine->applied_by_rebuild(), 0u);
}

// A make-up recorded, corrected and recorded again is judged where the
// meeting it makes up was held: attended within the days allowed (30 in the
// national profile), the absence is made up; held on the 31st day, or
// naming no meeting, it is not. Each step in place, its delta the
// difference, and the report a full check's.
TEST(Engine, AMakeUpRecordedOrCorrectedIsJudgedAtTheMeetingItMakesUp) {
  std::unique_ptr<Engine> engine = SampleEngine();
  const v1::Snapshot& s = engine->snapshot();
  const std::vector<std::string> branches = Branches(s);
  ASSERT_GT(branches.size(), 1u);
  const std::string& branch = branches[0];
  std::string member;
  for (const v1::Member& m : s.members()) {
    if (m.org_id() == branch) member = m.id();
  }
  ASSERT_FALSE(member.empty());
  v1::Event e;
  v1::Activity& meeting = Recorded(*e.mutable_activity_recorded(), "missed-meeting", branches[1],
                                   v1::Activity::GENERAL_MEETING, "2026-09-01");
  v1::Activity::Absentee& absent = *meeting.add_absentees();
  absent.set_member_id(member);
  absent.set_reason(v1::Activity::Absentee::LEAVE_APPROVED);
  ASSERT_TRUE(engine->Apply(e).ok());
  const auto missing = [&](const google::protobuf::RepeatedPtrField<v1::Finding>& findings) {
    int n = 0;
    for (const v1::Finding& f : findings) n += f.rule_id() == "life.makeup_missing" && f.member_id() == member;
    return n;
  };
  EXPECT_EQ(missing(engine->Report().findings()), 1);
  // (held on, the meeting it makes up, whether the absence is made up)
  const std::tuple<const char*, const char*, int> steps[] = {
      {"2026-10-01", "missed-meeting", 1},  // the 30th day after: in time
      {"2026-10-02", "missed-meeting", 0},  // the 31st: too late
      {"2026-09-05", "", 0},                // a meeting of its own
      {"2026-09-05", "missed-meeting", 1},
  };
  for (size_t k = 0; k < std::size(steps); ++k) {
    const auto& [held_on, makes_up, made_up] = steps[k];
    v1::Event x;
    v1::Activity& makeup = k == 0 ? *x.mutable_activity_recorded() : *x.mutable_activity_corrected();
    Recorded(makeup, "makeup", branch, v1::Activity::GENERAL_MEETING, held_on);
    makeup.set_makeup_for(makes_up);
    makeup.add_attendee_ids(member);
    const std::multiset<std::string> before = Findings(engine->Report());
    absl::StatusOr<v1::Delta> delta = engine->Apply(x);
    ASSERT_TRUE(delta.ok()) << delta.status();
    const std::multiset<std::string> after = Findings(engine->Report());
    EXPECT_EQ(missing(engine->Report().findings()), 1 - made_up) << held_on << " " << makes_up;
    EXPECT_EQ(after, Findings(FullCheck(engine->snapshot()))) << held_on << " " << makes_up;
    ExpectDeltaIsTheDifference(before, *delta, after, held_on);
  }
  EXPECT_EQ(engine->applied_by_rebuild(), 0u);
}

// Members added and moved, written in place: the report is the check's, in
// its order.
TEST(Engine, AfterMembersAddedAndMovedTheReportIsTheChecks) {
  std::unique_ptr<Engine> engine = SampleEngine();
  const v1::Snapshot& s = engine->snapshot();
  const std::vector<std::string> branches = Branches(s);
  ASSERT_GT(branches.size(), 3u);
  for (int i = 0; i < 12; ++i) {
    v1::Event e;
    if (i % 2 == 0) {
      v1::Member& m = *e.mutable_member_added();
      m.set_id(StrCat("added-", i));
      m.set_org_id(branches[i % branches.size()]);
      m.set_status(v1::Member::PROBATIONARY);
      m.set_admitted_on("2020-01-01");  // a probation long over: a finding
    } else {
      e.mutable_member_moved()->set_member_id(s.members(i * 7 % s.members_size()).id());
      e.mutable_member_moved()->set_org_id(branches[(i * 3) % branches.size()]);
    }
    ASSERT_TRUE(engine->Apply(e).ok()) << e.DebugString();
  }
  EXPECT_EQ(engine->applied_by_rebuild(), 0u);
  EXPECT_EQ(Bytes(engine->Report()), Bytes(FullCheck(engine->snapshot())));
}

// Activities recorded and corrected, of every kind, with attendees,
// absentees, decisions (subjects, candidates, votes), talks, a lecturer,
// tags (one no activity carried before) and make-ups of the meetings there,
// some corrected to another org: written in place, each followed by a full check, and the delta the
// difference. Both profiles: the other asks for a tagged theme day.
TEST(Engine, ActivitiesInPlaceEqualAFullCheck) {
  for (const char* profile : {"national", "genhe-2020"}) {
    std::unique_ptr<Engine> engine = SampleEngine(profile);
    const v1::Snapshot& s = engine->snapshot();
    std::mt19937_64 rng(5);
    std::vector<std::pair<std::string, std::string>> member_in;  // (member, its org)
    for (const v1::Member& m : s.members()) {
      if (!m.org_id().empty()) member_in.emplace_back(m.id(), m.org_id());
    }
    // The members the lists by member are read for: probationary members
    // (decisions about them), members with events (talks), position holders
    // (lectures).
    std::vector<std::string> probationary, with_events, holders;
    for (const v1::Member& m : s.members()) {
      if (m.status() == v1::Member::PROBATIONARY) probationary.push_back(m.id());
    }
    for (const v1::MemberEvent& x : s.events()) with_events.push_back(x.member_id());
    for (const v1::Position& x : s.positions()) holders.push_back(x.member_id());
    ASSERT_FALSE(probationary.empty() || with_events.empty() || holders.empty());
    const auto one_of = [&](const std::vector<std::string>& list) { return list[rng() % list.size()]; };
    std::vector<std::string> meetings;  // to make up
    for (const v1::Activity& a : s.activities()) meetings.push_back(a.id());
    std::vector<v1::Activity> recorded;
    const auto pick = [&](int n) { return static_cast<int>(rng() % n); };
    const auto day = [&] {
      char buf[40];
      std::snprintf(buf, sizeof buf, "2026-%02d-%02d", 1 + pick(11), 1 + pick(28));
      return std::string(buf);
    };
    const auto someone = [&] { return member_in[pick(static_cast<int>(member_in.size()))]; };
    for (int step = 0; step < Steps(160); ++step) {
      v1::Event e;
      const bool correct = !recorded.empty() && pick(3) == 0;
      v1::Activity a;
      if (correct) {
        a = recorded[pick(static_cast<int>(recorded.size()))];
        a.clear_attendee_ids(), a.clear_absentees(), a.clear_decisions(), a.clear_tags(), a.clear_talk_member_ids();
        if (pick(4) == 0) a.set_org_id(someone().second);  // recorded against the wrong org
      } else {
        a.set_id(StrCat("activity-", step));
        a.set_org_id(pick(4) ? someone().second : s.orgs(pick(s.orgs_size())).id());
      }
      a.set_kind(static_cast<v1::Activity::Kind>(1 + pick(13)));
      a.set_held_on(day());
      if (pick(2)) a.set_topic("topic");
      if (pick(2)) a.set_minutes("minutes");
      const int attendees = pick(31);
      for (int k = 0; k < attendees; ++k) a.add_attendee_ids(pick(3) ? someone().first : std::string());
      for (int k = pick(3); k > 0; --k) {
        v1::Activity::Absentee& x = *a.add_absentees();
        x.set_member_id(someone().first);
        x.set_reason(pick(2) ? v1::Activity::Absentee::LEAVE_APPROVED : v1::Activity::Absentee::REASON_UNSPECIFIED);
      }
      if (pick(3) == 0) {
        v1::Activity::Decision& d = *a.add_decisions();
        d.set_kind(static_cast<v1::Activity::Decision::Kind>(1 + pick(6)));
        d.add_subject_member_ids(pick(3) ? one_of(probationary) : someone().first);
        if (pick(2)) d.set_votes_for(pick(20)), d.set_votes_against(pick(3)), d.set_votes_abstain(0);
        if (d.kind() == v1::Activity::Decision::ELECT) {
          d.set_seats(1 + pick(3));
          for (int k = 0; k < 3; ++k) d.add_candidate_member_ids(someone().first), d.add_candidate_votes(pick(20));
        }
      }
      if (a.kind() == v1::Activity::TALK) a.add_talk_member_ids(pick(3) ? one_of(with_events) : someone().first);
      if (a.kind() == v1::Activity::PARTY_LECTURE || pick(8) == 0) a.set_lecturer_id(one_of(holders));
      if (pick(4) == 0) a.add_tags(pick(2) ? "OATH_RENEWAL" : StrCat("tag-", pick(5)));
      if (pick(6) == 0) a.set_makeup_for(meetings[pick(static_cast<int>(meetings.size()))]);
      // The first steps meet what the lists by member are read for: a
      // decision on a probationary member's conversion, a talk the day after
      // a member's event, a lecture by a position holder.
      if (!correct && step < 3 * 12) {
        a.clear_decisions(), a.clear_talk_member_ids(), a.clear_lecturer_id(), a.clear_makeup_for();
        const int k = step / 3;
        if (step % 3 == 0) {
          const std::string& m = probationary[k % probationary.size()];
          a.set_kind(v1::Activity::GENERAL_MEETING);
          a.set_held_on(day());
          v1::Activity::Decision& d = *a.add_decisions();
          d.set_kind(v1::Activity::Decision::CONVERT_TO_FULL);
          d.add_subject_member_ids(m);
        } else if (step % 3 == 1) {
          const v1::MemberEvent& x = s.events(k % s.events_size());
          a.set_kind(v1::Activity::TALK);
          a.set_held_on(FormatDate(*ParseDate(x.on()) + 1));
          a.add_talk_member_ids(x.member_id());
        } else {
          a.set_kind(v1::Activity::PARTY_LECTURE);
          a.set_lecturer_id(holders[k % holders.size()]);
        }
      }
      *(correct ? e.mutable_activity_corrected() : e.mutable_activity_recorded()) = a;
      const std::multiset<std::string> before = Findings(engine->Report());
      absl::StatusOr<v1::Delta> delta = engine->Apply(e);
      ASSERT_TRUE(delta.ok()) << delta.status() << ": " << e.DebugString();
      if (!correct) recorded.push_back(a);
      const std::multiset<std::string> after = Findings(engine->Report());
      const v1::Report full = FullCheck(engine->snapshot(), profile);
      ASSERT_EQ(after, Findings(full)) << profile << ", step " << step << ": " << e.DebugString();
      // In the check's order too, though the rows added are not in a load's.
      ASSERT_EQ(Bytes(engine->Report()), Bytes(full)) << profile << ", step " << step;
      ExpectDeltaIsTheDifference(before, *delta, after, StrCat(profile, ", step ", step));
    }
    EXPECT_GT(engine->applied_in_place(), Steps(140u)) << profile;
  }
}

// A batch is its events one after another, or nothing: the Engine that takes
// the batch holds what one taking its events in turn holds, with one delta;
// a batch with a rejected event leaves it as it was, its snapshot byte for
// byte. Over the sample as given and as a large export names members (by
// place), where a member removed renumbers the records after it and takes
// out those that named it, and going back puts every one where it stood.
TEST(Engine, ABatchIsItsEventsInTurnOrNothing) {
  for (const bool by_position : {false, true}) {
    absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
    ASSERT_TRUE(sample.ok());
    EngineOptions created_as;
    created_as.as_of = kAsOf;
    std::unique_ptr<Engine> engine =
        *Engine::Create(by_position ? ByPosition(*sample) : *sample, *Policy::Builtin("national"), created_as);
    Events events(5);
    std::mt19937_64 rng(5);
    int applied = 0, rejected = 0, removed_then_rejected = 0;
    for (int step = 0; step < Steps(40); ++step) {
      v1::EventBatch batch;
      const int n = 1 + static_cast<int>(rng() % 5);
      // The reference: the events one at a time, on an Engine of the same data.
      EngineOptions options;
      options.as_of = kAsOf;
      std::unique_ptr<Engine> one_by_one = *Engine::Create(engine->snapshot(), *Policy::Builtin("national"), options);
      int first_rejected = -1;
      std::string rejection;  // as the batch names it
      for (int i = 0; i < n; ++i) {
        *batch.add_events() = events.Next(one_by_one->snapshot());
        if (first_rejected >= 0) continue;
        absl::StatusOr<v1::Delta> alone = one_by_one->Apply(batch.events(i));
        if (alone.ok()) continue;
        first_rejected = i;
        const std::string message(alone.status().message());
        // A batch of one event is that event: its error is the event's own.
        rejection = n == 1 ? message
                    : message.rfind("event:", 0) == 0 ? StrCat("events[", i, "]", message.substr(5))
                                                      : StrCat("events[", i, "].", message);
      }
      const std::string snapshot_before = Bytes(engine->snapshot());
      const std::multiset<std::string> before = Findings(engine->Report());
      absl::StatusOr<v1::Delta> delta = engine->ApplyBatch(batch);
      const std::string what = StrCat(by_position ? "by place, " : "", "step ", step, ": ", batch.DebugString());
      if (first_rejected >= 0) {
        ASSERT_FALSE(delta.ok()) << what;
        for (int i = 0; i < first_rejected; ++i) removed_then_rejected += batch.events(i).has_member_removed();
        EXPECT_EQ(delta.status().message(), rejection) << what;
        // Judged before any of it was applied: no way back taken.
        EXPECT_EQ(engine->batches_taken_back(), 0u) << what;
        EXPECT_EQ(Bytes(engine->snapshot()), snapshot_before) << what;
        EXPECT_EQ(Findings(engine->Report()), before) << what;
        ++rejected;
        continue;
      }
      ASSERT_TRUE(delta.ok()) << what << delta.status();
      ++applied;
      EXPECT_EQ(Bytes(engine->snapshot()), Bytes(one_by_one->snapshot())) << what;
      const std::multiset<std::string> after = Findings(engine->Report());
      ASSERT_EQ(after, Findings(FullCheck(engine->snapshot()))) << what;
      ExpectDeltaIsTheDifference(before, *delta, after, what);
    }
    EXPECT_GT(applied, Steps(8));
    EXPECT_GT(rejected, Steps(8));
    EXPECT_GT(removed_then_rejected, 0);
  }
}

TEST(Engine, ABatchRejectedAtItsLastEventChangesNothing) {
  std::unique_ptr<Engine> engine = SampleEngine();
  v1::EventBatch batch;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"(
      events { member_added { id: "m-new" org_id: "b-kgq" status: FULL admitted_on: "2020-01-01" } }
      events { member_moved { member_id: "m0001" org_id: "b-kgq" } }
      events { status_changed { member_id: "m0002" status: FULL full_on: "2026-01-01" } }
      events { member_removed: "nobody" })", &batch));
  const std::string snapshot = Bytes(engine->snapshot());
  const std::multiset<std::string> findings = Findings(engine->Report());
  absl::StatusOr<v1::Delta> delta = engine->ApplyBatch(batch);
  ASSERT_FALSE(delta.ok());
  EXPECT_EQ(delta.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(delta.status().message(), "events[3].memberRemoved: no member \"nobody\"");
  EXPECT_EQ(Bytes(engine->snapshot()), snapshot);
  EXPECT_EQ(Findings(engine->Report()), findings);
  // Without it, the rest is applied as one: the third full member of b-kgq
  // makes it a branch as it should be, the member added is there.
  batch.mutable_events()->RemoveLast();
  *batch.add_events()->mutable_org_added() = v1::Org();
  EXPECT_EQ(engine->ApplyBatch(batch).status().message(), "events[3].orgAdded.id: missing (required)");
  batch.mutable_events()->RemoveLast();
  delta = engine->ApplyBatch(batch);
  ASSERT_TRUE(delta.ok()) << delta.status();
  EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot())));
  ExpectDeltaIsTheDifference(findings, *delta, Findings(engine->Report()), "the batch");
  EXPECT_EQ(engine->snapshot().members(engine->snapshot().members_size() - 1).id(), "m-new");
  // A batch that adds and removes nothing is judged whole first: its last
  // event rejected, its first is not applied either.
  v1::EventBatch names_kept;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"(
      events { status_changed { member_id: "m0003" status: PROBATIONARY } }
      events { dues_paid { member_id: "m0004" year: 2026 paid_months: 4095 } }
      events { org_dissolved { org_id: "b-kgq" on: "2026-02-30" } })", &names_kept));
  const std::string kept_before = Bytes(engine->snapshot());
  const std::multiset<std::string> findings_before = Findings(engine->Report());
  EXPECT_EQ(engine->ApplyBatch(names_kept).status().message(),
            "events[2].orgDissolved.on: \"2026-02-30\" is not a date (YYYY-MM-DD)");
  EXPECT_EQ(Bytes(engine->snapshot()), kept_before);
  EXPECT_EQ(Findings(engine->Report()), findings_before);
  names_kept.mutable_events(2)->mutable_org_dissolved()->set_on("2026-11-01");
  delta = engine->ApplyBatch(names_kept);
  ASSERT_TRUE(delta.ok()) << delta.status();
  EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot())));
  ExpectDeltaIsTheDifference(findings_before, *delta, Findings(engine->Report()), "the batch that keeps every name");
  v1::EventBatch empty_event;
  empty_event.add_events();
  EXPECT_EQ(engine->ApplyBatch(empty_event).status().message(), "event: no change given");
  empty_event.add_events()->set_member_removed("m-new");
  std::swap(*empty_event.mutable_events(0), *empty_event.mutable_events(1));
  EXPECT_EQ(engine->ApplyBatch(empty_event).status().message(), "events[1]: no change given");
  EXPECT_EQ(engine->snapshot().members(engine->snapshot().members_size() - 1).id(), "m-new");
}

// A batch is judged whole before any of it is applied, each event against
// the members, orgs and activities those before it add or take out and the
// tree as they leave it: a rejected event, wherever it stands, leaves the
// Engine as it was without going back through the events before it.
TEST(Engine, ABatchIsJudgedWholeAgainstWhatItsEarlierEventsMake) {
  std::unique_ptr<Engine> engine = SampleEngine();
  const auto batch_of = [](const std::string& text) {
    v1::EventBatch batch;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &batch)) << text;
    return batch;
  };
  const struct {
    const char* events;
    const char* rejected;  // "": the batch applies
  } cases[] = {
      // An org added takes members and positions; a name it lacks is refused
      // after them.
      {R"(events { org_added { id: "b-new" parent_id: "gb-gaj-1" kind: BRANCH name: "new" } }
          events { member_added { id: "n1" org_id: "b-new" status: FULL admitted_on: "2020-01-01" } }
          events { member_moved { member_id: "n1" org_id: "gone" } })",
       "events[2].memberMoved.orgId: no org \"gone\""},
      // A member taken out is not there for the events after it.
      {R"(events { member_added { id: "n1" org_id: "b-gaj-11" status: FULL admitted_on: "2020-01-01" } }
          events { member_removed: "m0001" }
          events { status_changed { member_id: "m0001" status: FULL } })",
       "events[2].statusChanged.memberId: no member \"m0001\""},
      // Given again as it is, a member is a repeat; with another field, a
      // duplicate id.
      {R"(events { member_added { id: "n1" org_id: "b-gaj-11" status: FULL admitted_on: "2020-01-01" } }
          events { member_added { id: "n1" org_id: "b-gaj-11" status: FULL admitted_on: "2020-01-01" } }
          events { member_added { id: "n1" org_id: "b-gaj-11" status: PROBATIONARY admitted_on: "2020-01-01" } })",
       "events[2].memberAdded.id: duplicate id \"n1\""},
      {R"(events { activity_recorded { id: "x1" org_id: "b-gaj-11" kind: PARTY_LECTURE held_on: "2026-10-09" } }
          events { activity_corrected { id: "x1" org_id: "b-gaj-11" kind: PARTY_LECTURE held_on: "2026-10-10" } }
          events { activity_recorded { id: "x2" org_id: "b-gaj-11" kind: PARTY_LECTURE held_on: "2026-10-09" } }
          events { activity_recorded { id: "x2" org_id: "b-gaj-11" kind: PARTY_LECTURE held_on: "2026-10-12" } })",
       "events[3].activityRecorded.id: duplicate id \"x2\""},
      // The tree as the orgs moved and added before leave it.
      {R"(events { org_added { id: "b-new" parent_id: "gb-gaj-1" kind: BRANCH name: "new" } }
          events { org_moved { org_id: "wc" parent_id: "b-new" } })",
       "events[1].orgMoved.parentId: \"b-new\" is within \"wc\": a cycle"},
      {R"(events { member_added { id: "n1" org_id: "b-gaj-11" status: FULL admitted_on: "2020-01-01" } }
          events { org_moved { org_id: "b-gaj-11" parent_id: "b-gaj-12" } }
          events { org_moved { org_id: "b-gaj-12" parent_id: "b-gaj-11-g1" } })",
       "events[2].orgMoved.parentId: \"b-gaj-11-g1\" is within \"b-gaj-12\": a cycle"},
      // Taken out and given again, a member is there once more.
      {R"(events { member_removed: "m0002" }
          events { member_added { id: "m0002" org_id: "b-gaj-12" status: PROBATIONARY admitted_on: "2026-05-01" } }
          events { status_changed { member_id: "m0002" status: FULL full_on: "2026-11-01" } }
          events { org_added { id: "b-new" parent_id: "gb-gaj-1" kind: BRANCH name: "new" } }
          events { org_moved { org_id: "b-gaj-11" parent_id: "b-new" } }
          events { position_changed { org_id: "b-new" member_id: "m0002" role: SECRETARY since: "2026-11-01" } })",
       ""},
  };
  for (const auto& c : cases) {
    const v1::EventBatch batch = batch_of(c.events);
    const std::string snapshot = Bytes(engine->snapshot());
    const std::multiset<std::string> findings = Findings(engine->Report());
    absl::StatusOr<v1::Delta> delta = engine->ApplyBatch(batch);
    if (*c.rejected == '\0') {
      ASSERT_TRUE(delta.ok()) << delta.status() << c.events;
      EXPECT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot()))) << c.events;
      ExpectDeltaIsTheDifference(findings, *delta, Findings(engine->Report()), c.events);
    } else {
      EXPECT_EQ(delta.status().message(), c.rejected);
      EXPECT_EQ(Bytes(engine->snapshot()), snapshot) << c.events;
      EXPECT_EQ(Findings(engine->Report()), findings) << c.events;
    }
    EXPECT_EQ(engine->batches_taken_back(), 0u) << c.events;
  }
  // A member whose standing an event changed is no longer the record it was
  // given as: given so again, whether it repeats it is found as the batch is
  // applied, and the way back taken.
  const v1::EventBatch changed = batch_of(
      R"(events { member_added { id: "n2" org_id: "b-gaj-11" status: FULL admitted_on: "2020-01-01" } }
         events { status_changed { member_id: "n2" status: PROBATIONARY } }
         events { member_added { id: "n2" org_id: "b-gaj-11" status: FULL admitted_on: "2020-01-01" } })");
  const std::string snapshot = Bytes(engine->snapshot());
  EXPECT_EQ(engine->ApplyBatch(changed).status().message(), "events[2].memberAdded.id: duplicate id \"n2\"");
  EXPECT_EQ(engine->batches_taken_back(), 1u);
  EXPECT_EQ(Bytes(engine->snapshot()), snapshot);
  EXPECT_EQ(engine->store().FindMember("n2"), kNone);
}

// The date moves, with events between: after each step the findings are a
// full check's at the new date (the window's first day as it was), and the
// delta is the difference.
TEST(Engine, AdvancingTheDateEqualsAFullCheckAtTheNewDate) {
  const Day start = *ParseDate("2026-03-20"), from = *ParseDate("2026-01-01");
  EngineOptions options;
  options.as_of = start;
  options.from = from;
  auto created = Engine::Create(*ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson), *Policy::Builtin("national"), options);
  ASSERT_TRUE(created.ok()) << created.status();
  std::unique_ptr<Engine> engine = *std::move(created);
  Events events(31);
  std::mt19937_64 rng(31);
  Day day = start;
  int changed = 0;
  for (int step = 0; step < 40; ++step) {
    const std::multiset<std::string> before = Findings(engine->Report());
    const std::string snapshot = Bytes(engine->snapshot());
    // Backwards is refused, and changes nothing.
    EXPECT_EQ(engine->AdvanceTo(day - 1).status().code(), absl::StatusCode::kOutOfRange);
    EXPECT_EQ(Findings(engine->Report()), before);
    // One day, a few, a month, or to the last or first day of a quarter.
    static constexpr int kSteps[] = {1, 1, 3, 11, 31};
    day += kSteps[rng() % 5];
    absl::StatusOr<v1::Delta> delta = engine->AdvanceTo(day);
    ASSERT_TRUE(delta.ok()) << delta.status();
    EXPECT_EQ(engine->as_of(), day);
    EXPECT_EQ(Bytes(engine->snapshot()), snapshot);
    const std::multiset<std::string> after = Findings(engine->Report());
    ASSERT_EQ(after, Findings(FullCheck(engine->snapshot(), "national", day, from))) << FormatDate(day);
    ExpectDeltaIsTheDifference(before, *delta, after, FormatDate(day));
    changed += delta->added_size() + delta->resolved_size() > 0;
    // Its own date again: nothing.
    EXPECT_EQ(engine->AdvanceTo(day)->added_size() + engine->AdvanceTo(day)->resolved_size(), 0);
    for (int i = 0; i < 3; ++i) {
      if (engine->Apply(events.Next(engine->snapshot())).ok()) {
        ASSERT_EQ(Findings(engine->Report()), Findings(FullCheck(engine->snapshot(), "national", day, from)));
      }
    }
  }
  EXPECT_GT(day, *ParseDate("2026-12-31"));  // the year's end passed
  EXPECT_GT(changed, 15);
  // No further than the longest window after `from`.
  EXPECT_EQ(engine->AdvanceTo(*ParseDate("2090-01-01")).status().code(), absl::StatusCode::kOutOfRange);
}

// A delta written into the caller's message, on an arena or on the heap,
// is the delta AdvanceTo returns, day after day across a month's, a
// quarter's and the year's end, in each profile; a day refused leaves it
// empty.
TEST(Engine, AdvancingIntoADeltaGivesTheDeltaReturned) {
  for (const char* profile : {"national", "genhe-2020"}) {
    EngineOptions options;
    options.as_of = *ParseDate("2026-09-29");
    const v1::Snapshot snapshot = *ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
    std::unique_ptr<Engine> returning = *Engine::Create(snapshot, *Policy::Builtin(profile), options);
    std::unique_ptr<Engine> writing = *Engine::Create(snapshot, *Policy::Builtin(profile), options);
    v1::Delta on_heap;  // written again and again
    int changed = 0;
    for (const char* day : {"2026-09-30", "2026-10-01", "2026-10-31", "2026-11-01", "2026-12-30", "2026-12-31",
                            "2027-01-01", "2027-01-02", "2027-03-31", "2027-04-01"}) {
      absl::StatusOr<v1::Delta> returned = returning->AdvanceTo(*ParseDate(day));
      ASSERT_TRUE(returned.ok()) << returned.status();
      changed += returned->added_size() + returned->resolved_size() > 0;
      google::protobuf::Arena arena(report::LargeMessageArena());
      auto* on_arena = google::protobuf::Arena::CreateMessage<v1::Delta>(&arena);
      // On the heap in between, the findings it keeps for the next delta
      // (Apply's room) are written into the arena's after it.
      if (std::string(day) < "2027-01-01" || std::string(day) == "2027-04-01") {
        ASSERT_TRUE(writing->AdvanceTo(*ParseDate(day), on_arena).ok()) << day;
        EXPECT_EQ(Bytes(*on_arena), Bytes(*returned)) << profile << " " << day;
      } else {
        ASSERT_TRUE(writing->AdvanceTo(*ParseDate(day), &on_heap).ok()) << day;
        EXPECT_EQ(Bytes(on_heap), Bytes(*returned)) << profile << " " << day;
      }
    }
    EXPECT_GE(changed, 5) << profile;
    // Backwards: refused, the delta given left empty, the date as it was.
    google::protobuf::Arena arena(report::LargeMessageArena());
    auto* refused = google::protobuf::Arena::CreateMessage<v1::Delta>(&arena);
    refused->add_added()->set_rule_id("left from before");
    const absl::Status s = writing->AdvanceTo(*ParseDate("2027-03-01"), refused);
    EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
    EXPECT_EQ(s.message(), returning->AdvanceTo(*ParseDate("2027-03-01")).status().message());
    EXPECT_EQ(refused->added_size() + refused->resolved_size(), 0);
    EXPECT_EQ(writing->as_of(), *ParseDate("2027-04-01"));
  }
}

// The agenda and an assessment of the Engine's data as it is, after events
// and a move of the date, are those of its snapshot loaded afresh.
TEST(Engine, AgendaAndAssessmentOfItsDataAsItIs) {
  std::unique_ptr<Engine> engine = SampleEngine();
  Events events(77);
  const v1::Rubric rubric = *BuiltinRubric("organ-assessment");
  for (int step = 0; step < 6; ++step) {
    for (int i = 0; i < 5; ++i) (void)engine->Apply(events.Next(engine->snapshot()));
    if (step == 3) {
      ASSERT_TRUE(engine->AdvanceTo(engine->as_of() + 40).ok());
    }
    auto store = LoadSnapshot(engine->snapshot());
    ASSERT_TRUE(store.ok());
    AgendaOptions agenda;
    absl::StatusOr<v1::Agenda> ours = engine->Agenda(agenda);
    ASSERT_TRUE(ours.ok()) << ours.status();
    agenda.as_of = engine->as_of();
    absl::StatusOr<v1::Agenda> fresh = MakeAgenda(**store, *Policy::Builtin("national"), agenda);
    ASSERT_TRUE(fresh.ok());
    EXPECT_GT(fresh->items_size(), 0);
    EXPECT_EQ(Bytes(*ours), Bytes(*fresh)) << step;
    AssessOptions assess;
    absl::StatusOr<v1::Assessment> scored = engine->Assess(rubric, assess);
    ASSERT_TRUE(scored.ok()) << scored.status();
    assess.as_of = engine->as_of();
    assess.from = engine->from();
    absl::StatusOr<v1::Assessment> fresh_scores = Assess(**store, *Policy::Builtin("national"), rubric, assess);
    ASSERT_TRUE(fresh_scores.ok());
    EXPECT_EQ(Bytes(*scored), Bytes(*fresh_scores)) << step;
  }
  EXPECT_EQ(engine->as_of(), kAsOf + 40);
}

// The header's promise: readers of the report, the agenda and an assessment
// at once, while no event is applied, each see what one reader alone sees.
TEST(Engine, ManyReadersAtOnceWhileNothingIsApplied) {
  std::unique_ptr<Engine> engine = SampleEngine();
  Events events(9);
  for (int i = 0; i < 10; ++i) (void)engine->Apply(events.Next(engine->snapshot()));
  // And what is written into the Store in place: an activity (its org's
  // list of activities then the Store's own), a position, a term, dues into
  // a new year.
  const v1::Snapshot& s = engine->snapshot();
  const uint64_t in_place = engine->applied_in_place();
  const std::string org = s.members(0).org_id();
  v1::Event e;
  v1::Activity& a =
      Recorded(*e.mutable_activity_recorded(), "read-while-still", org, v1::Activity::THEME_DAY, "2026-11-20");
  for (const v1::Member& m : s.members()) {
    if (m.org_id() == org) a.add_attendee_ids(m.id());
  }
  ASSERT_TRUE(engine->Apply(e).ok());
  e.Clear();
  for (const v1::Position& p : s.positions()) {
    if (!p.member_id().empty() && p.since() <= "2026-11-01") *e.mutable_position_changed() = p;
  }
  e.mutable_position_changed()->set_until("2026-11-01");
  ASSERT_TRUE(engine->Apply(e).ok());
  e.Clear();
  e.mutable_term_opened()->set_org_id(org);
  e.mutable_term_opened()->set_started_on("2026-11-02");
  ASSERT_TRUE(engine->Apply(e).ok());
  e.Clear();
  e.mutable_dues_paid()->set_member_id(s.members(0).id());
  e.mutable_dues_paid()->set_year(2027);
  e.mutable_dues_paid()->set_paid_months(1);
  ASSERT_TRUE(engine->Apply(e).ok());
  EXPECT_EQ(engine->applied_in_place(), in_place + 4);
  // A member removed in place, with one after it: it waits in the
  // snapshot's list, which the first reader to ask for the snapshot takes
  // it out of.
  const std::string last_before = s.members(s.members_size() - 1).id();
  for (const char* id : {"read-gone", "read-after"}) {
    e.Clear();
    e.mutable_member_added()->set_id(id);
    e.mutable_member_added()->set_org_id(org);
    e.mutable_member_added()->set_status(v1::Member::FULL);
    ASSERT_TRUE(engine->Apply(e).ok());
  }
  e.Clear();
  e.set_member_removed("read-gone");
  ASSERT_TRUE(engine->Apply(e).ok());
  EXPECT_EQ(engine->applied_in_place(), in_place + 7);
  ASSERT_TRUE(engine->AdvanceTo(kAsOf + 31).ok());
  const v1::Rubric rubric = *BuiltinRubric("branch-standardization");
  const std::string report = Bytes(engine->Report()), agenda = Bytes(*engine->Agenda({})),
                    scores = Bytes(*engine->Assess(rubric, {}));
  std::vector<std::thread> readers;
  std::atomic<int> alike{0};
  std::vector<std::string> snapshots(8);
  for (int t = 0; t < 8; ++t) {
    readers.emplace_back([&, t] {
      if (t % 4 == 3) {
        snapshots[t] = Bytes(engine->snapshot());
        return;
      }
      const bool same = t % 4 == 0   ? Bytes(engine->Report()) == report
                        : t % 4 == 1 ? Bytes(*engine->Agenda({})) == agenda
                                     : Bytes(*engine->Assess(rubric, {})) == scores;
      alike += same;
    });
  }
  for (std::thread& r : readers) r.join();
  EXPECT_EQ(alike, 6);
  const v1::Snapshot& now = engine->snapshot();
  EXPECT_EQ(snapshots[3], Bytes(now));
  EXPECT_EQ(snapshots[7], Bytes(now));
  EXPECT_EQ(now.members(now.members_size() - 1).id(), "read-after");
  EXPECT_EQ(now.members(now.members_size() - 2).id(), last_before);
}

// ---- the finding's key ------------------------------------------------------

std::multiset<std::string> Keys(const google::protobuf::RepeatedPtrField<v1::Finding>& findings) {
  std::multiset<std::string> out;
  for (const v1::Finding& f : findings) out.insert(f.key());
  return out;
}

// Every finding's key is unique in its report, whatever the profile: two
// findings never share one.
void ExpectDistinctKeys(const v1::Report& report, const std::string& what) {
  std::map<std::string, const v1::Finding*> seen;
  for (const v1::Finding& f : report.findings()) {
    EXPECT_EQ(f.key(), FindingKey(f));
    auto [at, fresh] = seen.emplace(f.key(), &f);
    EXPECT_TRUE(fresh) << what << ": two findings with the key " << f.key() << ":\n"
                       << at->second->DebugString() << f.DebugString();
  }
}

TEST(FindingKey, IsTheRuleTheIdsAndThePeriod) {
  v1::Finding f;
  f.set_rule_id("life.obligation");
  f.set_org_id("b-gaj-11");
  f.set_period("2026-Q3");
  f.set_message("不在键里");
  (*f.mutable_evidence())["found"] = "0";
  EXPECT_EQ(FindingKey(f), "life.obligation/org:b-gaj-11/period:2026-Q3");
  f.set_member_id("m0042");
  f.set_unit_id("u-1");
  f.set_activity_id("a-7");
  EXPECT_EQ(FindingKey(f), "life.obligation/org:b-gaj-11/member:m0042/unit:u-1/activity:a-7/period:2026-Q3");
  // An id may hold anything: its '/' and '%' cannot end its part early.
  v1::Finding a, b;
  a.set_rule_id("r");
  a.set_org_id("x/member:y");
  b.set_rule_id("r");
  b.set_org_id("x");
  b.set_member_id("y");
  EXPECT_EQ(FindingKey(a), "r/org:x%2Fmember:y");
  EXPECT_NE(FindingKey(a), FindingKey(b));
  a.set_org_id("100%2F");
  EXPECT_EQ(FindingKey(a), "r/org:100%252F");
  // About a field of a record: which, and what it holds.
  v1::Finding data;
  data.set_rule_id("data.unknown_reference");
  data.set_activity_id("a-7");
  (*data.mutable_evidence())["field"] = "activities[3].attendeeIds[0]";
  (*data.mutable_evidence())["value"] = "m9";
  (*data.mutable_evidence())["problem"] = "member";
  EXPECT_EQ(FindingKey(data), "data.unknown_reference/activity:a-7/field:activities[3].attendeeIds[0]/value:m9");
}

TEST(FindingKey, DistinctOnTheSampleAndAGeneratedCity) {
  v1::Snapshot city;
  synthetic::Generator(5, 12000, false).Run([&](const v1::Snapshot& m) { city.MergeFrom(m); });
  const absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok());
  for (const char* profile : {"national", "genhe-2020"}) {
    for (const auto& [name, snapshot] : {std::pair<const char*, const v1::Snapshot*>{"sample", &*sample}, {"city", &city}}) {
      const v1::Report report = FullCheck(*snapshot, profile);
      ASSERT_GT(report.findings_size(), 80) << name;
      ExpectDistinctKeys(report, StrCat(name, ", ", profile));
    }
  }
}

// The command, another process, gives every finding of the sample the key
// this one does.
TEST(FindingKey, TheSameInAnotherProcess) {
  const std::string command = StrCat("'", DANGJIAN_COMMAND, "' demo --format json");
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string json;
  char buf[1 << 16];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) json.append(buf, n);
  ASSERT_NE(pclose(pipe), -1);
  v1::Report there;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &there).ok()) << json.substr(0, 200);
  const std::multiset<std::string> here = Keys(FullCheck(*ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson)).findings());
  ASSERT_GT(here.size(), 80u);
  EXPECT_EQ(Keys(there.findings()), here);
}

// The Engine's report and deltas carry the keys a check gives the same
// findings: what a delta resolves is a key the report had, what it adds one
// it has now.
TEST(FindingKey, TheEngineGivesTheCheckKeys) {
  std::unique_ptr<Engine> engine = SampleEngine();
  EXPECT_EQ(Keys(engine->Report().findings()), Keys(FullCheck(engine->snapshot()).findings()));
  Events events(18);
  int changed = 0;
  for (int step = 0; step < 60; ++step) {
    const std::multiset<std::string> before = Keys(engine->Report().findings());
    absl::StatusOr<v1::Delta> delta = engine->Apply(events.Next(engine->snapshot()));
    if (!delta.ok()) continue;
    const std::multiset<std::string> after = Keys(FullCheck(engine->snapshot()).findings());
    ASSERT_EQ(Keys(engine->Report().findings()), after) << step;
    for (const v1::Finding& f : delta->resolved()) EXPECT_EQ(before.count(f.key()), 1u) << f.key();
    for (const v1::Finding& f : delta->added()) EXPECT_EQ(after.count(f.key()), 1u) << f.key();
    changed += delta->added_size() + delta->resolved_size() > 0;
  }
  EXPECT_GT(changed, 10);
}

}  // namespace
}  // namespace dangjian
