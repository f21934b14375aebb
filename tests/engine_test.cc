// The incremental Engine: after every event its findings are a full check's,
// its delta is the difference, and a rejected event changes nothing.
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "google/protobuf/text_format.h"

#include "dangjian/check.h"
#include "dangjian/engine.h"
#include "dangjian/examples.h"
#include "lib/report/build.h"
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

std::unique_ptr<Engine> SampleEngine(const std::string& profile = "national") {
  absl::StatusOr<v1::Snapshot> snapshot = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  EXPECT_TRUE(snapshot.ok());
  EngineOptions options;
  options.as_of = kAsOf;
  auto engine = Engine::Create(*snapshot, *Policy::Builtin(profile), options);
  EXPECT_TRUE(engine.ok()) << engine.status();
  return *std::move(engine);
}

v1::Report FullCheck(const v1::Snapshot& snapshot, const std::string& profile = "national") {
  auto store = LoadSnapshot(snapshot);
  EXPECT_TRUE(store.ok()) << store.status();
  CheckOptions options;
  options.as_of = kAsOf;
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
      char buf[16];
      std::snprintf(buf, sizeof buf, "2026-%02d-%02d", 1 + pick(11), 1 + pick(28));
      return std::string(buf);
    };
    switch (pick(13)) {
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
  for (int step = 0; step < 120; ++step) {
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
  EXPECT_GT(applied, 80);
  EXPECT_GT(rejected, 10);
  EXPECT_GT(engine->applied_in_place(), 20u);
  EXPECT_GT(engine->applied_by_rebuild(), 20u);
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
  for (const v1::Activity& a : (*engine)->snapshot().activities()) {
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
  const auto member = [&]() -> const v1::Member& {
    const auto& ms = engine->snapshot().members();
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
    for (int step = 0; step < 240; ++step) {
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
    EXPECT_GT(engine->applied_in_place(), 200u);
  }
}

}  // namespace
}  // namespace dangjian
