// Loading: every malformed input fails the whole load with one message that
// names the record and field; unknown references are kept and reported.
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "lib/model/store.h"
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

std::string LoadError(std::string_view json) {
  absl::StatusOr<std::shared_ptr<const Store>> store = LoadSnapshot(json, SnapshotFormat::kJson);
  EXPECT_FALSE(store.ok()) << json;
  return store.ok() ? "" : std::string(store.status().message());
}

constexpr char kTwoOrgs[] = R"({"orgs": [{"id": "wc", "kind": "WORKING_COMMITTEE"},
                                         {"id": "b", "kind": "BRANCH", "parentId": "wc"}]})";

TEST(LoadJson, AcceptsTheSchema) {
  auto store = LoadSnapshot(kTwoOrgs, SnapshotFormat::kJson);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->orgs().size(), 2u);
  EXPECT_EQ((*store)->FindOrg("b"), 1);
  EXPECT_EQ((*store)->orgs().parent[1], 0);
}

TEST(LoadJson, AcceptsProtobufJsonVariants) {
  // Original field names, enum numbers, 64-bit integers as strings, null, escapes.
  auto store = LoadSnapshot(R"({"schema_version": 1, "orgs": [{"id": "wc\u4e00", "kind": 1, "parent_id": null}],
      "members": [{"id": "m", "orgId": "wc\u4e00", "status": "FULL", "monthlyIncomeCents": "300001"}]})",
                            SnapshotFormat::kJson);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->orgs().id[0], "wc一");
  EXPECT_EQ((*store)->members().monthly_income_cents[0], 300001);
}

TEST(LoadJson, TruncatedNamesWhereItStopped) {
  const std::string json = std::string(kTwoOrgs).substr(0, 90);
  EXPECT_EQ(LoadError(json), "orgs[1]: unexpected end of input (line 2, column 38)");
  EXPECT_EQ(LoadError(""), "unexpected end of input (line 1, column 1)");
  EXPECT_EQ(LoadError("{\"orgs\": [{\"id\": \"wc\""), "orgs[0]: unexpected end of input (line 1, column 22)");
}

TEST(LoadJson, SyntaxErrors) {
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "a" "kind": "BRANCH"}]})"), "orgs[0]: expected ',' or '}' (line 1, column 22)");
  EXPECT_EQ(LoadError(R"({"orgs": []} x)"), "unexpected text after the end of the document (line 1, column 14)");
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": 'a'}]})"), "orgs[0].id: expected a string (line 1, column 18)");
  EXPECT_EQ(LoadError("{\"orgs\": [{\"id\": \"a\xff\"}]}"), "orgs[0].id: invalid UTF-8 inside a string (line 1, column 20)");
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "\ud800"}]})"), "orgs[0].id: unpaired surrogate in a \\u escape (line 1, column 25)");
}

TEST(LoadJson, UnknownEnumValueNamesTheRecordAndField) {
  const std::string e = LoadError(R"({"orgs": [{"id": "wc", "kind": "WORKING_COMMITTEE"},
                                              {"id": "b", "kind": "BRANCHH", "parentId": "wc"}]})");
  EXPECT_EQ(e.rfind("orgs[1].kind: unknown Org.Kind \"BRANCHH\" (one of WORKING_COMMITTEE,", 0), 0u) << e;
}

TEST(LoadJson, UnknownFieldAndWrongTypes) {
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "a", "colour": "red"}]})"), "orgs[0].colour: unknown field in Org");
  EXPECT_EQ(LoadError(R"({"units": [{"id": "u", "staffCount": 1.5}]})"), "units[0].staffCount: \"1.5\" is not an integer");
  EXPECT_EQ(LoadError(R"({"units": [{"id": "u", "staffCount": "many"}]})"), "units[0].staffCount: \"many\" is not an integer");
  EXPECT_EQ(LoadError(R"({"units": [{"id": "u", "staffCount": "12abc"}]})"), "units[0].staffCount: \"12abc\" is not an integer");
  EXPECT_EQ(LoadError(R"({"units": [{"id": "u", "staffCount": 3000000000}]})"), "units[0].staffCount: 3000000000 is out of range");
  EXPECT_EQ(LoadError(R"({"orgs": {"id": "a"}})"), "orgs: expected '[' (line 1, column 10)");
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "a", "id": "b"}]})"), "orgs[0].id: field given twice");
}

TEST(Validate, MalformedDate) {
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "b", "kind": "BRANCH"}],
                          "terms": [{"orgId": "b", "startedOn": "2024-02-30"}]})"),
            "terms[0].startedOn: \"2024-02-30\" is not a date (YYYY-MM-DD)");
  EXPECT_EQ(LoadError(R"({"dues": [{"memberId": "m", "month": "2024-13"}]})"),
            "dues[0].month: \"2024-13\" is not a month (YYYY-MM)");
}

TEST(Validate, DuplicateIds) {
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "a", "kind": "BRANCH"}, {"id": "b", "kind": "BRANCH"},
                                   {"id": "a", "kind": "BRANCH"}]})"),
            "orgs[2].id: duplicate id \"a\" (also orgs[0])");
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "b", "kind": "BRANCH"}],
                          "members": [{"id": "m", "orgId": "b", "status": "FULL"},
                                      {"id": "m", "orgId": "b", "status": "FULL"}]})"),
            "members[1].id: duplicate id \"m\" (also members[0])");
  // Activity ids are checked once every record is in; the first repeat is named.
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "b", "kind": "BRANCH"}],
                          "activities": [{"id": "a", "orgId": "b", "kind": "THEME_DAY", "heldOn": "2026-01-05"},
                                         {"id": "x", "orgId": "b", "kind": "THEME_DAY", "heldOn": "2026-02-05"},
                                         {"id": "x", "orgId": "b", "kind": "THEME_DAY", "heldOn": "2026-03-05"},
                                         {"id": "a", "orgId": "b", "kind": "THEME_DAY", "heldOn": "2026-04-05"}]})"),
            "activities[2].id: duplicate id \"x\" (also activities[1])");
}

TEST(Validate, UnknownParentAndCycles) {
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "a", "kind": "BRANCH", "parentId": "x"}]})"),
            "orgs[0].parentId: no org \"x\"");
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "root", "kind": "WORKING_COMMITTEE"},
                                   {"id": "a", "kind": "COMMITTEE", "parentId": "b"},
                                   {"id": "b", "kind": "GENERAL_BRANCH", "parentId": "a"}]})"),
            "orgs[1].parentId: cycle \"a\" → \"b\" → \"a\"");
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "a", "kind": "BRANCH", "parentId": "a"}]})"),
            "orgs[0].parentId: cycle \"a\" → \"a\"");
  // A cycle with a tail hanging from it: the error names the cycle, not the tail.
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "t", "kind": "BRANCH", "parentId": "a"},
                                   {"id": "a", "kind": "COMMITTEE", "parentId": "b"},
                                   {"id": "b", "kind": "COMMITTEE", "parentId": "a"}]})"),
            "orgs[1].parentId: cycle \"a\" → \"b\" → \"a\"");
}

TEST(Validate, MissingRequiredFields) {
  EXPECT_EQ(LoadError(R"({"orgs": [{"kind": "BRANCH"}]})"), "orgs[0].id: missing (required)");
  EXPECT_EQ(LoadError(R"({"orgs": [{"id": "a"}]})"), "orgs[0].kind: missing (required)");
  EXPECT_EQ(LoadError(R"({"members": [{"id": "m", "status": "FULL"}]})"), "members[0].orgId: missing (required)");
  EXPECT_EQ(LoadError(R"({"members": [{"id": "m", "orgId": "b"}]})"), "members[0].status: missing (required)");
  EXPECT_EQ(LoadError(R"({"terms": [{"orgId": "b"}]})"), "terms[0].startedOn: missing (required)");
  EXPECT_EQ(LoadError(R"({"positions": [{"orgId": "b", "memberId": "m"}]})"), "positions[0].role: missing (required)");
  EXPECT_EQ(LoadError(R"({"activities": [{"id": "a", "orgId": "b", "kind": "THEME_DAY"}]})"),
            "activities[0].heldOn: missing (required)");
  EXPECT_EQ(LoadError(R"({"events": [{"memberId": "m", "kind": "RETIRED"}]})"), "events[0].on: missing (required)");
  EXPECT_EQ(LoadError(R"({"duesLedger": [{"memberId": "m"}]})"), "duesLedger[0].year: missing (required)");
  EXPECT_EQ(LoadError(R"({"schemaVersion": 2})"), "schemaVersion: unsupported version 2 (this library reads 1)");
}

TEST(Validate, UnknownReferencesAreKeptAndReported) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE).add_unit_ids("nowhere");
  b.Org("b", v1::Org::BRANCH, "wc");
  b.Members("b", 3);
  b.Members("gone", 1);  // a member of an org not in the snapshot
  b.Position("b", "nobody", v1::Position::SECRETARY);
  std::shared_ptr<const Store> store = b.Load();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->members().size(), 4u);  // kept
  const v1::Report r = b.Check("national", "2026-01-01");
  const auto f = FindingsOf(r, "data.unknown_reference");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].evidence().at("field"), "orgs[0].unitIds[0]");
  EXPECT_EQ(f[0].org_id(), "wc");
  EXPECT_EQ(f[1].evidence().at("field"), "positions[0].memberId");
  EXPECT_EQ(f[2].evidence().at("field"), "members[3].orgId");
  EXPECT_EQ(f[2].member_id(), "gone/m4");
  EXPECT_EQ(f[2].message(), "members[3].orgId 引用的组织“gone”不存在");
  // The secretary seat is held, though by an unknown member.
  EXPECT_EQ(CountOf(r, "setup.secretary_vacant", "b"), 0);
}

TEST(Validate, InvalidValuesAreReported) {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  b.Unit("u").set_staff_count(-3);
  b.Term("b", "2024-01-01", "2023-01-01");
  v1::DuesLedger& ledger = *b.snapshot().add_dues_ledger();
  ledger.set_member_id(b.Members("b", 1)[0]);
  ledger.set_year(2024);
  ledger.set_paid_months(0x1FFF);  // a 13th month
  const auto f = FindingsOf(b.Check("national", "2026-01-01"), "data.invalid_value");
  ASSERT_EQ(f.size(), 3u);
  std::vector<std::string> fields;
  for (const auto& x : f) fields.push_back(x.evidence().at("field"));
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"duesLedger[0].paidMonths", "terms[0].endedOn", "units[0].staffCount"}));
}

TEST(Store, PreorderSubtreesAndCounts) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("c", v1::Org::COMMITTEE, "wc");
  b.Org("b2", v1::Org::BRANCH, "wc");
  b.Org("gb", v1::Org::GENERAL_BRANCH, "c");
  b.Org("b1", v1::Org::BRANCH, "gb");
  b.Members("b1", 4, 1);
  b.Members("b2", 2);
  std::shared_ptr<const Store> s = b.Load();
  ASSERT_NE(s, nullptr);
  // Depth-first: wc, c, gb, b1, b2.
  std::vector<std::string> order;
  for (size_t o = 0; o < s->orgs().size(); ++o) order.emplace_back(s->orgs().id[o]);
  EXPECT_EQ(order, (std::vector<std::string>{"wc", "c", "gb", "b1", "b2"}));
  EXPECT_EQ(s->SubtreeEnd(s->FindOrg("c")), s->Rank(s->FindOrg("b2")));
  EXPECT_TRUE(s->InSubtree(s->FindOrg("c"), s->FindOrg("b1")));
  EXPECT_FALSE(s->InSubtree(s->FindOrg("c"), s->FindOrg("b2")));
  EXPECT_EQ(s->SubtreeFullMembers(s->FindOrg("c")), 4u);
  EXPECT_EQ(s->SubtreeAllMembers(s->FindOrg("c")), 5u);
  EXPECT_EQ(s->SubtreeAllMembers(s->FindOrg("wc")), 7u);
  EXPECT_EQ(s->FullMembers(s->FindOrg("b1")), 4u);
  EXPECT_EQ(s->MembersOf(s->FindOrg("b1")).size(), 5u);
  EXPECT_EQ(s->Children(s->FindOrg("wc")).size(), 2u);
}

// An activity that names a member by its id in any field is marked so
// (kMemberIds), in each format; one that names them all by their places is
// not: a member removed is looked for by its id in the first alone.
TEST(Store, AnActivityNamingAMemberByIdIsMarked) {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  const std::vector<std::string> ids = b.Members("b", 3);
  using A = v1::Activity;
  const auto activity = [&](const std::string& id) -> A& {
    A& a = b.Activity("b", A::GENERAL_MEETING, "2024-03-01");
    a.set_id(id);
    a.set_place("room 1");
    a.set_minutes("minutes");
    return a;
  };
  A& places = activity("by-place");
  places.add_attendee_indexes(0);
  places.add_talk_member_indexes(1);
  places.add_absentees()->set_member_index(2);
  places.add_resolutions()->set_text("unowned");
  activity("lecturer").set_lecturer_id(ids[0]);
  activity("attendee").add_attendee_ids(ids[0]);
  activity("absentee").add_absentees()->set_member_id(ids[0]);
  activity("talk").add_talk_member_ids(ids[0]);
  activity("subject").add_decisions()->add_subject_member_ids(ids[0]);
  activity("candidate").add_decisions()->add_candidate_member_ids(ids[0]);
  activity("observer").add_observer_ids(ids[0]);
  activity("owner").add_resolutions()->set_owner_id(ids[0]);
  activity("unknown").add_observer_ids("nobody");  // named by an id no member has
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(b.snapshot(), &json).ok());
  for (const auto& [format, bytes] : std::vector<std::pair<SnapshotFormat, std::string>>{
           {SnapshotFormat::kJson, json}, {SnapshotFormat::kBinary, b.snapshot().SerializeAsString()}}) {
    auto store = LoadSnapshot(bytes, format);
    ASSERT_TRUE(store.ok()) << store.status();
    const Store::Activities& acts = (*store)->activities();
    for (const A& a : b.snapshot().activities()) {
      const ActivityIndex at = acts.id.Find(a.id());
      ASSERT_NE(at, kNone) << a.id();
      EXPECT_EQ((acts.recorded[at] & Store::Activities::kMemberIds) != 0, a.id() != "by-place") << a.id();
      EXPECT_NE(acts.recorded[at] & Store::Activities::kPlace, 0) << a.id();  // the parts as they were
    }
  }
}

TEST(LoadBinary, BinaryAndDelimitedStream) {
  SnapshotBuilder a, b;
  a.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("x", v1::Org::BRANCH, "wc");
  b.Members("x", 3);
  auto whole = LoadSnapshot(a.snapshot().SerializeAsString(), SnapshotFormat::kBinary);
  ASSERT_TRUE(whole.ok()) << whole.status();
  const std::string stream = Delimited({a.snapshot(), b.snapshot()});
  auto merged = LoadSnapshot(stream, SnapshotFormat::kDelimited);
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ((*merged)->orgs().size(), 2u);
  EXPECT_EQ((*merged)->members().size(), 3u);

  auto truncated = LoadSnapshot(stream.substr(0, stream.size() - 3), SnapshotFormat::kDelimited);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(std::string(truncated.status().message()).find("message 1 (byte"), std::string::npos);
  EXPECT_NE(std::string(truncated.status().message()).find("truncated"), std::string::npos);

  // Parsed alone, a stream fails as its load does.
  auto parsed = ParseSnapshot(stream, SnapshotFormat::kDelimited);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->orgs_size(), 2);
  EXPECT_EQ(parsed->members_size(), 3);
  auto parsed_truncated = ParseSnapshot(stream.substr(0, stream.size() - 3), SnapshotFormat::kDelimited);
  ASSERT_FALSE(parsed_truncated.ok());
  EXPECT_EQ(parsed_truncated.status().message(), truncated.status().message());
  v1::Snapshot later = b.snapshot();
  later.set_schema_version(2);
  v1::Snapshot first = a.snapshot();
  first.set_schema_version(1);
  auto versions = ParseSnapshot(Delimited({first, later}), SnapshotFormat::kDelimited);
  ASSERT_FALSE(versions.ok());
  EXPECT_EQ(versions.status().message(), "message 1: schemaVersion 2 differs from 1");
  auto not_a_snapshot = ParseSnapshot(stream + std::string("\x02\xff\xff", 3), SnapshotFormat::kDelimited);
  ASSERT_FALSE(not_a_snapshot.ok());
  EXPECT_EQ(not_a_snapshot.status().message(),
            StrCat("message 2 (byte ", stream.size(), "): not a dangjian.v1.Snapshot"));

  auto garbage = LoadSnapshot("\xff\xff\xff\xff\xff\xff", SnapshotFormat::kBinary);
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(std::string(garbage.status().message()), "not a dangjian.v1.Snapshot in binary protobuf (6 bytes)");
}

// A ballot (差额选举) in each message of a stream: each decision keeps its
// own candidates and their votes, as when the messages come as one.
TEST(LoadBinary, BallotsAcrossMessages) {
  SnapshotBuilder a, b;
  const auto ballot = [](SnapshotBuilder& x, const std::string& org, int seats, std::vector<int> votes) {
    x.Org(org, v1::Org::BRANCH);
    const auto people = x.Members(org, 4);
    v1::Activity& e = x.Activity(org, v1::Activity::ELECTION, "2026-03-01");
    e.set_id(org + "-election");
    v1::Activity::Decision& d = *e.add_decisions();
    d.set_kind(v1::Activity::Decision::ELECT);
    d.set_seats(seats);
    for (size_t k = 0; k < votes.size(); ++k) {
      e.add_attendee_ids(people[k]);
      d.add_candidate_member_ids(people[k]);
      d.add_candidate_votes(votes[k]);
    }
    for (int k = 0; k < seats; ++k) d.add_subject_member_ids(people[k]);
  };
  ballot(a, "b1", 1, {2, 1});        // 2 candidates for 1 seat; 2 of 2 present
  ballot(b, "b2", 3, {4, 2, 4, 1});  // 4 for 3; the second elected with 2 of 4 present
  v1::Snapshot whole = a.snapshot();
  whole.MergeFrom(b.snapshot());
  CheckOptions o;
  o.as_of = *ParseDate("2026-06-30");
  o.rules = {"term.competitive_election", "term.winner_majority"};
  for (const auto& [bytes, format] : std::vector<std::pair<std::string, SnapshotFormat>>{
           {Delimited({a.snapshot(), b.snapshot()}), SnapshotFormat::kDelimited},
           {whole.SerializeAsString(), SnapshotFormat::kBinary}}) {
    auto store = LoadSnapshot(bytes, format);
    ASSERT_TRUE(store.ok()) << store.status();
    const v1::Report r = *Check(**store, *Policy::Builtin("national"), o);
    ASSERT_EQ(r.findings_size(), 1);
    EXPECT_EQ(r.findings(0).rule_id(), "term.winner_majority");
    EXPECT_EQ(r.findings(0).member_id(), b.snapshot().members(1).id());
    EXPECT_EQ(r.findings(0).evidence().at("votesFor"), "2");
  }
}

// Member ids are indexed once every message is in: a record may name a
// member that a later message defines, and a member or activity id defined
// twice is refused wherever the two stand, counted across the stream.
TEST(LoadBinary, StreamNamesMembersByIdAcrossMessages) {
  for (const bool in_order : {true, false}) {
    SCOPED_TRACE(in_order ? "members in the Store's order" : "members out of order");
    SnapshotBuilder a, b, c;
    a.Org("wc", v1::Org::WORKING_COMMITTEE);
    a.Org("b1", v1::Org::BRANCH, "wc");
    a.Org("b2", v1::Org::BRANCH, "wc");
    (in_order ? a : c).Members("b1", 2);
    b.Members("b2", 2);
    v1::Activity& meeting = b.Activity("b1", v1::Activity::GENERAL_MEETING, "2026-03-05");
    for (const char* id : {"b1/m1", "b1/m2", "nobody"}) meeting.add_attendee_ids(id);
    v1::Activity& makeup = c.Activity("b1", v1::Activity::GENERAL_MEETING, "2026-03-20");  // 补课 for the one before
    makeup.set_id("makeup");
    makeup.set_makeup_for("a1");
    v1::DuesPayment& paid = *c.snapshot().add_dues();
    paid.set_member_id("b1/m2");
    paid.set_month("2026-03");
    paid.set_amount_cents(100);
    auto store = LoadSnapshot(Delimited({a.snapshot(), b.snapshot(), c.snapshot()}), SnapshotFormat::kDelimited);
    ASSERT_TRUE(store.ok()) << store.status();
    const Store& s = **store;
    ASSERT_EQ(s.members().size(), 4u);
    for (const char* id : {"b1/m1", "b1/m2", "b2/m1", "b2/m2"}) {
      const MemberIndex m = s.FindMember(id);
      ASSERT_NE(m, kNone) << id;
      EXPECT_EQ(s.members().id[m], id);
      EXPECT_EQ(s.orgs().id[s.members().org[m]], std::string_view(id).substr(0, 2));
    }
    EXPECT_EQ(s.FindMember("nobody"), kNone);
    const ActivityIndex held = s.activities().id.Find("a1");
    ASSERT_NE(held, kNone);
    std::vector<std::string_view> attendees;
    for (MemberIndex m : s.AttendeesOf(held)) attendees.push_back(s.members().id[m]);
    EXPECT_EQ(attendees, (std::vector<std::string_view>{"b1/m1", "b1/m2"}));
    EXPECT_EQ(s.PaidMonths(s.FindMember("b1/m2"), 2026), 1u << 2);
    const ActivityIndex made_up = s.activities().id.Find("makeup");
    ASSERT_NE(made_up, kNone);
    EXPECT_EQ(s.activities().makeup_for[made_up], held);
    ASSERT_EQ(s.data_issues().size(), 1u);
    EXPECT_EQ(s.data_issues()[0].field, "activities[0].attendeeIds[2]");
    EXPECT_EQ(s.data_issues()[0].value, "nobody");
  }

  SnapshotBuilder a, b;
  a.Org("b", v1::Org::BRANCH);
  a.Members("b", 2);
  a.Activity("b", v1::Activity::GENERAL_MEETING, "2026-03-05");
  b.Members("b", 1);
  b.snapshot().mutable_members(0)->set_id("b/m2");
  b.Activity("b", v1::Activity::GENERAL_MEETING, "2026-04-05").set_id("a1");
  auto twice = LoadSnapshot(Delimited({a.snapshot(), b.snapshot()}), SnapshotFormat::kDelimited);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(std::string(twice.status().message()), "members[2].id: duplicate id \"b/m2\" (also members[1])");
  b.snapshot().mutable_members(0)->set_id("b/m3");
  twice = LoadSnapshot(Delimited({a.snapshot(), b.snapshot()}), SnapshotFormat::kDelimited);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(std::string(twice.status().message()), "activities[1].id: duplicate id \"a1\" (also activities[0])");
}

TEST(LoadBinary, UnknownEnumNumber) {
  v1::Snapshot s;
  v1::Org& o = *s.add_orgs();
  o.set_id("a");
  o.set_kind(static_cast<v1::Org::Kind>(42));
  auto store = LoadSnapshot(s.SerializeAsString(), SnapshotFormat::kBinary);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(std::string(store.status().message()), "orgs[0].kind: unknown Org.Kind 42");
}

TEST(LoadAnything, NeverCrashesOnMutatedInput) {
  // Every prefix and every single-byte change of a small valid document fails
  // cleanly or loads; none crashes.
  const std::string json = kTwoOrgs;
  for (size_t i = 0; i <= json.size(); ++i) (void)LoadSnapshot(json.substr(0, i), SnapshotFormat::kJson);
  for (size_t i = 0; i < json.size(); ++i) {
    for (char c : {'"', '{', '}', '[', ']', ',', ':', '\\', 'x', '\0', '9'}) {
      std::string m = json;
      m[i] = c;
      (void)LoadSnapshot(m, SnapshotFormat::kJson);
    }
  }
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Members("wc", 2);
  const std::string bin = Delimited({b.snapshot()});
  for (size_t i = 0; i < bin.size(); ++i) {
    std::string m = bin;
    m[i] = static_cast<char>(m[i] ^ 0x5A);
    (void)LoadSnapshot(m, SnapshotFormat::kDelimited);
    (void)LoadSnapshot(m, SnapshotFormat::kBinary);
  }
}

// Members' names (姓名) are kept for the reports: by every format, across
// the messages of a stream whichever of them gives names, in the Store's
// order (by org) rather than the input's, and written back by the export.
TEST(LoadNames, KeptByEveryFormatInTheStoresOrder) {
  SnapshotBuilder unnamed, named;
  unnamed.Org("wc", v1::Org::WORKING_COMMITTEE);
  unnamed.Org("x", v1::Org::BRANCH, "wc");
  unnamed.Org("y", v1::Org::BRANCH, "wc");
  const std::vector<std::string> quiet = unnamed.Members("y", 2);
  std::vector<std::string> ids = named.Members("y", 1);
  for (const std::string& id : named.Members("x", 2)) ids.push_back(id);
  const std::vector<std::string> names = {"王五", "", "欧阳明月"};  // y's, then x's
  for (int i = 0; i < 3; ++i) {
    v1::Member& m = *named.snapshot().mutable_members(i);
    m.set_id(ids[i] = "named-" + ids[i]);  // apart from the other builder's ids
    m.set_name(names[i]);
  }

  const auto expect_names = [&](const std::shared_ptr<const Store>& store, const std::string& how) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(store->MemberName(store->FindMember(ids[i])), names[i]) << how << " " << ids[i];
    for (const std::string& id : quiet) EXPECT_EQ(store->MemberName(store->FindMember(id)), "") << how << " " << id;
    EXPECT_EQ(store->MemberName(kNone), "");
  };
  v1::Snapshot whole = unnamed.snapshot();
  whole.MergeFrom(named.snapshot());
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(whole, &json).ok());
  for (const auto& [bytes, format, how] :
       std::vector<std::tuple<std::string, SnapshotFormat, std::string>>{
           {json, SnapshotFormat::kJson, "json"},
           {whole.SerializeAsString(), SnapshotFormat::kBinary, "binary"},
           {Delimited({unnamed.snapshot(), named.snapshot()}), SnapshotFormat::kDelimited, "unnamed, then named"},
           {Delimited({named.snapshot(), unnamed.snapshot()}), SnapshotFormat::kDelimited, "named, then unnamed"}}) {
    auto store = LoadSnapshot(bytes, format);
    ASSERT_TRUE(store.ok()) << how << ": " << store.status();
    expect_names(*store, how);
    auto again = LoadSnapshot(ExportSnapshot(**store));
    ASSERT_TRUE(again.ok()) << how << ": " << again.status();
    expect_names(*again, how + ", exported");
  }
  // A snapshot that names nobody holds no names.
  auto none = LoadSnapshot(unnamed.snapshot());
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ((*none)->members().name.size(), 0u);
}

// Ids reordered, as an Engine's orgs are when one is added or moved: each
// id is found at its new index, one forgotten stays unfound, and those
// added after take the next indices.
TEST(Ids, ReorderedIdsAreFoundAtTheirNewIndices) {
  Ids ids;
  constexpr int kIds = 1000;
  for (int i = 0; i < kIds; ++i) ids.Insert("org-" + std::to_string(i * 7919 % 100003));
  ids.Forget(17);
  std::vector<int32_t> order(kIds);
  for (int k = 0; k < kIds; ++k) order[k] = (k * 389 + 11) % kIds;  // 389 and 1000 share no factor: a permutation
  std::vector<std::string> before;
  for (int i = 0; i < kIds; ++i) before.emplace_back(ids[i]);
  ids.Reorder(0, order);
  ASSERT_EQ(ids.size(), static_cast<size_t>(kIds));
  for (int k = 0; k < kIds; ++k) {
    EXPECT_EQ(ids[k], before[order[k]]) << k;
    EXPECT_EQ(ids.Find(before[order[k]]), order[k] == 17 ? kNone : k) << k;
  }
  EXPECT_EQ(ids.Insert(before[order[5]]), std::make_pair(int32_t{5}, false));
  EXPECT_EQ(ids.Insert("org-new"), std::make_pair(int32_t{kIds}, true));
  EXPECT_EQ(ids.Insert(before[17]), std::make_pair(int32_t{kIds + 1}, true));  // the forgotten id, added again
  EXPECT_EQ(ids.Index(), std::nullopt);
}

// Ids looked up at once (an activity's attendees) are what each looked up
// alone finds: lists shorter and longer than the lookups fetched ahead, ids
// not there, an id forgotten, ids appended and not yet indexed.
TEST(Ids, IdsLookedUpAtOnceAreFoundAsEachAlone) {
  Ids ids;
  for (int i = 0; i < 200; ++i) ids.Insert("member-" + std::to_string(i));
  ids.Forget(7);
  ids.Append("member-appended");  // indexed by the first lookup
  std::vector<std::string> asked;
  for (int i = 0; i < 40; ++i) asked.push_back("member-" + std::to_string(i * 13 % 230));  // some past 199: not there
  asked.insert(asked.begin() + 3, "member-7");
  asked.insert(asked.begin() + 9, "member-appended");
  asked.insert(asked.begin() + 11, "");
  for (size_t n : {size_t{0}, size_t{1}, size_t{8}, size_t{9}, asked.size()}) {
    const std::vector<std::string_view> views(asked.begin(), asked.begin() + n);
    std::vector<int32_t> found(n, 12345);
    ids.Find(views, found.data());
    for (size_t k = 0; k < n; ++k) EXPECT_EQ(found[k], ids.Find(views[k])) << n << ": " << views[k];
  }
  const std::vector<std::string_view> two = {"member-7", "member-appended"};
  int32_t found[2];
  ids.Find(two, found);
  EXPECT_EQ(found[0], kNone);
  EXPECT_EQ(found[1], 200);
}

// Among many ids, some share the bits of their hash that a lookup compares
// before it reads an id's bytes: an id there, or not, whose first such slot
// holds another, is found as alone.
TEST(Ids, IdsWhoseHashBitsAreAlikeAreFoundAsEachAlone) {
  Ids ids;
  constexpr int kIds = 20000;
  for (int i = 0; i < kIds; ++i) ids.Insert("m" + std::to_string(i));
  std::vector<std::string> asked;
  for (int i = 0; i < 2 * kIds; ++i) asked.push_back("m" + std::to_string(i));  // half not there
  const std::vector<std::string_view> views(asked.begin(), asked.end());
  std::vector<int32_t> found(views.size());
  ids.Find(views, found.data());
  for (size_t k = 0; k < views.size(); ++k) {
    ASSERT_EQ(found[k], k < kIds ? static_cast<int32_t>(k) : kNone) << views[k];
  }
}

// A range of ids reordered, the rest left (an org added or moved renumbers
// the orgs between its places before and after): ids of every length, so
// that the range's bytes are written again where they were.
TEST(Ids, IdsReorderedInARangeAreFoundAtTheirNewIndicesAndTheOthersStay) {
  Ids ids;
  constexpr int kIds = 1000, kFirst = 200, kLast = 700;
  for (int i = 0; i < kIds; ++i) ids.Insert("org-" + std::to_string(i * 7919 % 100003));
  ids.Forget(kFirst + 3);
  std::vector<int32_t> order(kLast - kFirst);
  for (int k = 0; k < kLast - kFirst; ++k) order[k] = kFirst + (k * 37 + 5) % (kLast - kFirst);  // 37 and 500: a permutation
  std::vector<std::string> before;
  for (int i = 0; i < kIds; ++i) before.emplace_back(ids[i]);
  ids.Reorder(kFirst, order);
  ASSERT_EQ(ids.size(), static_cast<size_t>(kIds));
  for (int k = 0; k < kIds; ++k) {
    const int was = k >= kFirst && k < kLast ? order[k - kFirst] : k;
    EXPECT_EQ(ids[k], before[was]) << k;
    EXPECT_EQ(ids.Find(before[was]), was == kFirst + 3 ? kNone : k) << k;
  }
  EXPECT_EQ(ids.Insert("org-new"), std::make_pair(int32_t{kIds}, true));
  EXPECT_EQ(ids.Index(), std::nullopt);
}

}  // namespace
}  // namespace dangjian::testing
