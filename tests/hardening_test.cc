// Hardening: limits, scope that never leaks, formats that round-trip, and the
// inputs the fuzzers were given to remember.
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <regex>
#include <sstream>
#include <set>

#include "absl/strings/escaping.h"
#include "dangjian/agenda.h"
#include "fuzz/targets.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "lib/model/store.h"
#include "snapshot_builder.h"
#include "temp_path.h"

namespace dangjian::testing {
namespace {

std::string ErrorOf(std::string_view bytes, SnapshotFormat format, const LoadLimits& limits) {
  auto store = LoadSnapshot(bytes, format, limits);
  return store.ok() ? "" : std::string(store.status().message());
}

TEST(Limits, EachWithAClearError) {
  const std::string json = R"({"orgs": [{"id": "b", "kind": "BRANCH", "name": "a rather long name"}],
                               "members": [{"id": "m1", "orgId": "b", "status": "FULL"}]})";
  LoadLimits limits;
  EXPECT_EQ(ErrorOf(json, SnapshotFormat::kJson, limits), "");
  limits.max_input_bytes = 10;
  EXPECT_EQ(ErrorOf(json, SnapshotFormat::kJson, limits), StrCat("input of ", json.size(), " bytes, more than the limit of 10"));
  limits = {};
  limits.max_records = 1;
  EXPECT_EQ(ErrorOf(json, SnapshotFormat::kJson, limits), "2 records, more than the limit of 1");
  limits = {};
  limits.max_string_bytes = 8;
  EXPECT_EQ(ErrorOf(json, SnapshotFormat::kJson, limits).rfind("orgs[0].name: a string longer than 8 bytes", 0), 0u);
  limits = {};
  limits.max_depth = 0;  // not even a record below the snapshot
  EXPECT_EQ(ErrorOf(json, SnapshotFormat::kJson, limits).rfind("orgs[0]: nested more than 0 deep", 0), 0u);
}

TEST(Limits, BinaryRecursionAndIds) {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  b.Activity("b", v1::Activity::GENERAL_MEETING, "2026-01-01").add_decisions()->set_votes_for(1);
  const std::string binary = b.snapshot().SerializeAsString();
  LoadLimits limits;
  EXPECT_EQ(ErrorOf(binary, SnapshotFormat::kBinary, limits), "");
  limits.max_depth = 1;  // Snapshot > Activity > Decision is two below the top
  EXPECT_EQ(ErrorOf(binary, SnapshotFormat::kBinary, limits).rfind("not a dangjian.v1.Snapshot in binary protobuf", 0), 0u);
  limits = {};
  limits.max_string_bytes = 0;
  EXPECT_EQ(ErrorOf(binary, SnapshotFormat::kBinary, limits), "orgs[0].id: longer than 0 bytes");
}

TEST(Limits, FromTheProfile) {
  absl::StatusOr<Policy> p = Policy::FromTextproto(R"(id: "small" extends: "national" limits { max_records: 3 max_depth: 1 })");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->load_limits().max_records, 3u);
  EXPECT_EQ(p->load_limits().max_depth, 4);  // never below what the schema needs
  EXPECT_EQ(Policy::Builtin("national")->load_limits().max_records, LoadLimits{}.max_records);
}

std::string FindingsJson(const Store& store, const std::string& profile) {
  CheckOptions o;
  o.as_of = *ParseDate("2026-11-30");
  return RenderJson(*Check(store, *Policy::Builtin(profile), o));
}

TEST(RoundTrip, TheSampleInEveryFormatGivesTheSameFindings) {
  auto message = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(message.ok());
  auto from_json = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  auto from_binary = LoadSnapshot(message->SerializeAsString(), SnapshotFormat::kBinary);
  // The stream: orgs and units first, then members, then the rest, as a large export would come.
  v1::Snapshot a, b2, c = *message;
  *a.mutable_orgs() = c.orgs();
  *a.mutable_units() = c.units();
  c.clear_orgs();
  c.clear_units();
  *b2.mutable_members() = c.members();
  c.clear_members();
  auto from_stream = LoadSnapshot(Delimited({a, b2, c}), SnapshotFormat::kDelimited);
  ASSERT_TRUE(from_json.ok() && from_binary.ok() && from_stream.ok());
  for (const char* profile : kProfiles) {
    const std::string expected = FindingsJson(**from_json, profile);
    EXPECT_EQ(FindingsJson(**from_binary, profile), expected);
    EXPECT_EQ(FindingsJson(**from_stream, profile), expected);
  }
}

// A random tree of orgs with members, positions, activities and terms; ids of
// fixed width so that none is part of another.
v1::Snapshot RandomTree(std::mt19937& rng, int orgs) {
  SnapshotBuilder b;
  const auto id = [](int i) { return StrCat("org", 1000 + i); };
  b.Org(id(0), v1::Org::WORKING_COMMITTEE);
  const v1::Org::Kind kinds[] = {v1::Org::COMMITTEE, v1::Org::GENERAL_BRANCH, v1::Org::BRANCH, v1::Org::BRANCH,
                                 v1::Org::JOINT_BRANCH, v1::Org::PARTY_GROUP};
  int member = 0;
  for (int i = 1; i < orgs; ++i) {
    v1::Org& o = b.Org(id(i), kinds[rng() % 6], id(rng() % i));
    o.set_established_on("2015-01-01");
    if (o.kind() == v1::Org::BRANCH || o.kind() == v1::Org::JOINT_BRANCH) {
      const int n = static_cast<int>(rng() % 12);
      for (int k = 0; k < n; ++k) {
        v1::Member& m = *b.snapshot().add_members();
        m.set_id(StrCat("mem", 10000 + member++));
        m.set_org_id(o.id());
        m.set_status(rng() % 5 ? v1::Member::FULL : v1::Member::PROBATIONARY);
        m.set_admitted_on("2025-12-01");
        if (k == 0) b.Position(o.id(), m.id(), v1::Position::SECRETARY, rng() % 2);
      }
      if (rng() % 2) b.Term(o.id(), rng() % 2 ? "2023-01-10" : "2024-06-01");
      if (rng() % 2) b.Activity(o.id(), v1::Activity::GENERAL_MEETING, "2026-02-10");
    }
  }
  return b.snapshot();
}

TEST(Scope, NeverReportsNorMentionsAnythingOutside) {
  std::mt19937 rng(20261121);
  for (int round = 0; round < 12; ++round) {
    const v1::Snapshot snapshot = RandomTree(rng, 40);
    auto store = LoadSnapshot(snapshot);
    ASSERT_TRUE(store.ok()) << store.status();
    const Store& s = **store;
    for (int pick = 0; pick < 6; ++pick) {
      const OrgIndex scope = static_cast<OrgIndex>(rng() % s.orgs().size());
      std::set<std::string> inside, outside;
      for (OrgIndex o = 0; o < static_cast<OrgIndex>(s.orgs().size()); ++o) {
        (s.InSubtree(scope, o) ? inside : outside).emplace(s.orgs().id[o]);
      }
      for (MemberIndex m = 0; m < static_cast<MemberIndex>(s.members().size()); ++m) {
        (s.members().org[m] != kNone && s.InSubtree(scope, s.members().org[m]) ? inside : outside).emplace(s.members().id[m]);
      }
      std::vector<std::string> texts;
      CheckOptions o;
      o.as_of = *ParseDate("2026-11-30");
      o.scope = s.orgs().id[scope];
      for (const char* profile : kProfiles) {
        auto report = Check(s, *Policy::Builtin(profile), o);
        ASSERT_TRUE(report.ok());
        for (const v1::Finding& f : report->findings()) {
          EXPECT_TRUE(f.org_id().empty() || inside.count(f.org_id())) << f.rule_id() << " " << f.org_id();
          EXPECT_TRUE(f.member_id().empty() || inside.count(f.member_id())) << f.rule_id() << " " << f.member_id();
          texts.push_back(f.message());
          for (const auto& [k, v] : f.evidence()) texts.push_back(v);
        }
      }
      AgendaOptions a;
      a.as_of = *ParseDate("2026-11-30");
      a.days = 400;
      a.scope = o.scope;
      auto agenda = MakeAgenda(s, *Policy::Builtin("genhe-2020"), a);
      ASSERT_TRUE(agenda.ok());
      for (const auto& item : agenda->items()) {
        EXPECT_TRUE(inside.count(item.org_id())) << item.rule_id() << " " << item.org_id();
        texts.push_back(item.message());
      }
      for (const std::string& text : texts) {
        for (const std::string& id : outside) EXPECT_EQ(text.find(id), std::string::npos) << id << " in: " << text;
      }
    }
  }
}

// Every column of a Store, and its data issues but for the record numbers in
// their paths: equal dumps, equal stores.
std::string Dump(const Store& s) {
  std::ostringstream out;
  const auto list = [&](const char* name, const auto& v) {
    out << name << ":";
    for (const auto& x : v) out << " " << x;
    out << "\n";
  };
  const auto ids = [&](const char* name, const Ids& v) {
    out << name << ":";
    for (size_t i = 0; i < v.size(); ++i) out << " " << v[i];
    out << "\n";
  };
  const auto& o = s.orgs();
  ids("org.id", o.id), list("org.name", o.name), list("org.kind", o.kind), list("org.parent", o.parent);
  list("org.subtree_size", o.subtree_size), list("org.established", o.established_on), list("org.dissolved", o.dissolved_on);
  list("org.exception", std::vector<int>(o.approved_exception.begin(), o.approved_exception.end()));
  list("org.children", o.children), list("org.units", o.units), list("org.unit_offsets", o.unit_offsets);
  list("org.member_offsets", o.member_offsets), list("org.full", o.subtree_full), list("org.probationary", o.subtree_probationary);
  list("org.position_offsets", o.position_offsets), list("org.term_offsets", o.term_offsets);
  list("org.activity_offsets", o.activity_offsets);
  const auto& m = s.members();
  ids("member.id", m.id), list("member.org", m.org), list("member.group", m.group), list("member.unit", m.unit);
  list("member.status", m.status), list("member.admitted", m.admitted_on), list("member.full", m.full_on);
  list("member.lost", m.lost_contact_since), list("member.extended", m.probation_extended_months);
  list("member.cadre", std::vector<int>(m.leading_cadre.begin(), m.leading_cadre.end()));
  list("member.exempt", std::vector<int>(m.dues_exempt_approved.begin(), m.dues_exempt_approved.end()));
  list("member.category", m.dues_category), list("member.income", m.monthly_income_cents);
  ids("unit.id", s.units().id), list("unit.staff", s.units().staff_count), list("unit.party", s.units().party_staff_count);
  const auto& p = s.positions();
  list("position.org", p.org), list("position.member", p.member), list("position.role", p.role);
  list("position.since", p.since), list("position.until", p.until);
  const auto& t = s.terms();
  list("term.org", t.org), list("term.number", t.number), list("term.started", t.started_on), list("term.ended", t.ended_on);
  const auto& a = s.activities();
  ids("activity.id", a.id), list("activity.org", a.org), list("activity.kind", a.kind), list("activity.held", a.held_on);
  list("activity.recorded", std::vector<int>(a.recorded.begin(), a.recorded.end()));
  list("activity.lecturer", a.lecturer), list("activity.makeup", a.makeup_for), list("activity.unowned", a.unowned_resolutions);
  for (ActivityIndex i = 0; i < static_cast<ActivityIndex>(a.size()); ++i) {
    list("attendees", s.AttendeesOf(i)), list("tags", s.TagsOf(i)), list("talks", s.TalkMembersOf(i));
    for (const auto& x : s.AbsenteesOf(i)) out << "absent " << x.member << " " << x.reason << "\n";
    for (const auto& d : s.DecisionsOf(i)) {
      out << "decision " << d.kind << " " << d.subjects << " " << d.votes_for << " " << d.votes_against << " "
          << d.votes_abstain << "\n";
      list("subjects", s.SubjectsOf(d));
    }
  }
  list("tag names", s.tags());
  list("dues.member", s.dues().member), list("dues.month", s.dues().month), list("dues.amount", s.dues().amount_cents);
  for (MemberIndex i = 0; i < static_cast<MemberIndex>(m.size()); ++i) {
    for (const auto& [year, months] : s.PaidYears(i)) out << "paid " << i << " " << year << " " << months << "\n";
  }
  list("event.member", s.events().member), list("event.kind", s.events().kind), list("event.on", s.events().on);
  out << "since " << s.dues_since() << " " << s.activities_since() << "\n";
  out << "unplaced " << s.unplaced().ShortDebugString() << "\n";
  for (const DataIssue& d : s.data_issues()) {
    out << "issue " << static_cast<int>(d.kind) << " " << std::regex_replace(d.field, std::regex("\\[[0-9]+\\]"), "[]")
        << " " << d.value << " " << d.problem << " " << d.org << " " << d.member << " " << d.unit << " " << d.activity
        << "\n";
  }
  return out.str();
}

// The findings' JSON with the places in data findings' paths taken out
// ("activities[3].attendeeIds[1]" → "activities[].attendeeIds[]"): an export
// writes records, and the lists in them, in the Store's order.
std::string WithoutRecordNumbers(std::string json) {
  return std::regex_replace(json, std::regex("([A-Za-z])\\[[0-9]+\\]"), "$1[]");
}

// The loader reads binary snapshots straight from the wire; it refuses
// exactly the bytes the generated parser refuses, over random damage to the
// sample: bytes changed, cut short, or lengthened.
TEST(Wire, RefusesWhatTheGeneratedParserRefuses) {
  const std::string good = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson)->SerializeAsString();
  std::mt19937_64 rng(1121);
  int refused = 0;
  for (int trial = 0; trial < 240; ++trial) {
    std::string bytes = good;
    switch (trial % 3) {
      case 0:
        for (int k = 0; k < 1 + trial % 4; ++k) bytes[rng() % bytes.size()] = static_cast<char>(rng());
        break;
      case 1: bytes.resize(rng() % bytes.size()); break;
      default: bytes.insert(rng() % bytes.size(), 1, static_cast<char>(rng())); break;
    }
    v1::Snapshot message;
    const bool parses = message.ParseFromString(bytes);
    auto store = LoadSnapshot(bytes, SnapshotFormat::kBinary);
    const bool wire_refuses = !store.ok() && std::string(store.status().message()).rfind("not a dangjian.v1.Snapshot", 0) == 0;
    EXPECT_EQ(wire_refuses, !parses) << "trial " << trial << ": " << store.status();
    refused += wire_refuses;
  }
  EXPECT_GT(refused, 40);
}

// Strings and varints at the edges of what is well formed, read from the
// wire as the generated parser reads them: UTF-8 ASCII in runs of eight and
// not, three-byte forms next to the overlong and the surrogate, cut-off
// sequences; varints of one to ten bytes, and eleven, near the end of a field.
TEST(Wire, StringsAndVarintsAtTheirEdges) {
  const auto length = [](std::string_view body) {  // a length prefix of one byte: bodies under 128 bytes
    return std::string(1, static_cast<char>(body.size())) + std::string(body);
  };
  const auto org_named = [&](std::string_view name) {
    return "\x1a" + length("\x0a\x01" "a" "\x18\x01" "\x12" + length(name));
  };
  const auto attended_by = [&](std::string_view packed) {  // an activity with packed attendeeIndexes (field 17)
    return "\x3a" + length("\x0a\x01" "x" "\x12\x01" "a" "\x18\x01" "\x22\x0a" "2026-03-05" "\x8a\x01" + length(packed));
  };
  // The bytes read both ways: the generated parser's message, and whether
  // the loader refused them as no Snapshot at all.
  struct Read {
    v1::Snapshot message;
    bool parses;
    absl::StatusOr<std::shared_ptr<const Store>> store;
    bool refused() const {
      return !store.ok() && std::string(store.status().message()).rfind("not a dangjian.v1.Snapshot", 0) == 0;
    }
  };
  const auto read = [](const std::string& bytes) {
    Read r;
    r.parses = r.message.ParseFromString(bytes);
    r.store = LoadSnapshot(bytes, SnapshotFormat::kBinary);
    return r;
  };
  const std::vector<std::string> names = {
      "", "abcdefgh", "abcdefghijklmnop", "党员活动室", "abcdefg党", "abcdefgh党", "\xe0\xa0\x80", "\xe0\x80\x80",
      "\xe0\x9f\xbf", "\xed\x9f\xbf", "\xed\xa0\x80", "\xee\x80\x80", "\xef\xbf\xbf", "\xe4\xb8", "\xe4\xb8" "A",
      "abcdefgh\xe4", "abcdefgh\xff", "\xc2\x80", "\xc0\x80", "\xf0\x9f\x98\x80", "\xf4\x90\x80\x80", "\xed\xbf\xbf"};
  for (const std::string& name : names) {
    const Read r = read(org_named(name));
    EXPECT_EQ(r.refused(), !r.parses) << absl::CHexEscape(name) << ": " << r.store.status();
    if (r.parses) {
      EXPECT_TRUE(r.store.ok()) << absl::CHexEscape(name) << ": " << r.store.status();
    }
  }
  const std::vector<std::string> packed = {
      "\x01", "\x81\x01", "\xff\xff\x7f", "\xff\xff\xff\xff\x07", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x81\x01", "\x81",
      "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x81", std::string("\x00", 1)};
  for (const std::string& entries : packed) {
    const Read r = read(org_named("b") + attended_by(entries));
    EXPECT_EQ(r.refused(), !r.parses) << absl::CHexEscape(entries) << ": " << r.store.status();
    if (!r.parses) continue;
    ASSERT_EQ(r.message.activities_size(), 1);
    if (r.store.ok()) {  // no member stands at any of the positions
      EXPECT_EQ((*r.store)->data_issues().size(), static_cast<size_t>(r.message.activities(0).attendee_indexes_size()))
          << absl::CHexEscape(entries);
    } else {
      EXPECT_NE(std::string(r.store.status().message()).find("is not a position in members"), std::string::npos)
          << r.store.status();
    }
  }
}

// "" when equal, else the first line where they differ.
std::string FirstDifference(const std::string& a, const std::string& b) {
  std::istringstream x(a), y(b);
  std::string lx, ly;
  for (int line = 1;; ++line) {
    const bool more_x = static_cast<bool>(std::getline(x, lx)), more_y = static_cast<bool>(std::getline(y, ly));
    if (!more_x && !more_y) return "";
    if (lx != ly || more_x != more_y) return StrCat("line ", line, ":\n  ", lx, "\n  ", ly);
  }
}

// A stream past the size that is read by two readers and merged (8 MB) loads
// to the same Store as the same records in one message, read alone.
TEST(Wire, AStreamReadInPartsEqualsOneMessage) {
  std::vector<v1::Snapshot> parts;
  v1::Snapshot whole;
  v1::Snapshot& head = parts.emplace_back();
  head.set_schema_version(1);
  auto& root = *head.add_orgs();
  root.set_id("wc");
  root.set_kind(v1::Org::WORKING_COMMITTEE);
  int member = 0, activity = 0;
  for (int c = 0; c < 180; ++c) {
    v1::Snapshot& part = parts.emplace_back();
    auto org = [&](const std::string& id, v1::Org::Kind kind, const std::string& parent) {
      auto& o = *part.add_orgs();
      o.set_id(id), o.set_kind(kind), o.set_parent_id(parent);
    };
    const std::string committee = StrCat("c", c);
    org(committee, v1::Org::COMMITTEE, "wc");
    for (int b = 0; b < 20; ++b) {
      const std::string branch = StrCat(committee, "-b", b);
      org(branch, v1::Org::BRANCH, committee);
      const int first = member;
      for (int k = 0; k < 25; ++k) {
        auto& m = *part.add_members();
        m.set_id(StrCat("m", member++)), m.set_org_id(branch);
        m.set_status(k % 9 ? v1::Member::FULL : v1::Member::PROBATIONARY);
        auto& l = *part.add_dues_ledger();
        l.set_member_index(member - 1), l.set_year(2026), l.set_paid_months(k % 7 ? 0x7FF : 0x0F);
      }
      for (int a = 0; a < 30; ++a) {
        auto& x = *part.add_activities();
        x.set_id(StrCat("a", activity++)), x.set_org_id(branch);
        x.set_kind(a % 3 ? v1::Activity::THEME_DAY : v1::Activity::GENERAL_MEETING);
        x.set_held_on(StrCat("2026-", 1 + a % 11 < 10 ? "0" : "", 1 + a % 11, "-", 10 + a % 17));
        for (int k = 0; k < 25; ++k) {
          if ((k + a) % 6) x.add_attendee_indexes(first + k);
          else x.add_absentees()->set_member_index(first + k);
        }
        if (a % 10 == 9) x.set_makeup_for(StrCat("a", activity - 2));
      }
    }
  }
  for (const v1::Snapshot& p : parts) whole.MergeFrom(p);
  const std::string stream = Delimited(parts);
  ASSERT_GT(stream.size(), size_t{8} << 20);
  auto in_parts = LoadSnapshot(stream, SnapshotFormat::kDelimited);
  auto alone = LoadSnapshot(whole.SerializeAsString(), SnapshotFormat::kBinary);
  ASSERT_TRUE(in_parts.ok() && alone.ok()) << in_parts.status() << alone.status();
  EXPECT_EQ(FirstDifference(Dump(**in_parts), Dump(**alone)), "");
  EXPECT_EQ((*in_parts)->members().size(), 90000u);
  // Parsed alone, by the same readers: the messages merged in their order.
  auto parsed = ParseSnapshot(stream, SnapshotFormat::kDelimited);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->SerializeAsString() == whole.SerializeAsString());
}

TEST(RoundTrip, AnExportLoadsToTheSameStoreAndFindings) {
  // The sample, and a snapshot naming what is not there wherever the Store can keep it.
  const std::string dangling = R"({
    "orgs": [{"id": "c", "kind": "COMMITTEE", "unitIds": ["u-gone"]}, {"id": "b", "kind": "BRANCH", "parentId": "c"}],
    "members": [{"id": "m1", "orgId": "b", "status": "FULL", "groupId": "g-gone", "unitId": "u-gone"},
                {"id": "m2", "orgId": "b-gone", "status": "FULL"}],
    "positions": [{"orgId": "b", "memberId": "m-gone", "role": "SECRETARY"}, {"orgId": "b-gone", "memberId": "m1", "role": "SECRETARY"}],
    "terms": [{"orgId": "b-gone", "startedOn": "2024-01-01"}],
    "activities": [{"id": "a1", "orgId": "b", "kind": "GENERAL_MEETING", "heldOn": "2026-03-01", "lecturerId": "m-gone",
                    "attendeeIds": ["m1", "m-gone"], "absentees": [{"memberId": "m-away", "reason": "UNEXCUSED"}],
                    "observerIds": ["m-seen"], "makeupFor": "a-gone", "talkMemberIds": ["m-talk"],
                    "resolutions": [{"text": "x", "ownerId": "m-owner"}, {"text": "y"}],
                    "decisions": [{"kind": "ELECT", "subjectMemberIds": ["m1", "m-chosen"], "votesFor": 3, "seats": 2,
                                   "candidateMemberIds": ["m1", "m-candidate"], "candidateVotes": [3, 1]}]},
                   {"id": "a2", "orgId": "b-gone", "kind": "THEME_DAY", "heldOn": "2026-03-02"}],
    "dues": [{"memberId": "m1", "month": "2026-02", "amountCents": 100},
             {"memberId": "m-unpaid", "month": "2026-03", "amountCents": -5, "paidOn": "2026-03-04"}],
    "duesLedger": [{"memberId": "m-ledger", "year": 2026, "paidMonths": 3}, {"memberIndex": 7, "year": 1900, "paidMonths": 8191}],
    "events": [{"memberId": "m-moved", "kind": "TRANSFERRED_OUT", "on": "2026-05-01"}]
  })";
  for (const std::string_view json : {SampleSnapshotJson(), std::string_view(dangling)}) {
    auto loaded = LoadSnapshot(json, SnapshotFormat::kJson);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    const v1::Snapshot exported = ExportSnapshot(**loaded);
    auto again = LoadSnapshot(exported);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(FirstDifference(Dump(**again), Dump(**loaded)), "");
    EXPECT_EQ(ExportSnapshot(**again).SerializeAsString(), exported.SerializeAsString());  // a fixed point
    for (const char* profile : kProfiles) {
      EXPECT_EQ(FirstDifference(WithoutRecordNumbers(FindingsJson(**again, profile)),
                                WithoutRecordNumbers(FindingsJson(**loaded, profile))), "") << profile;
    }
  }
  // The dues and events of members not there come back, and what is wrong
  // with them is said again: one finding each of the four naming no member,
  // and the amount, year and months past their range.
  auto loaded = LoadSnapshot(dangling, SnapshotFormat::kJson);
  ASSERT_TRUE(loaded.ok());
  const std::string findings = FindingsJson(**LoadSnapshot(ExportSnapshot(**loaded)), "national");
  for (const char* value : {"m-unpaid", "m-ledger", "m-moved", "m-candidate", "memberIndex", "-5", "1900", "8191"}) {
    EXPECT_NE(findings.find(value), std::string::npos) << value;
  }
  // So are a ledger's year and months past their range for a member who is
  // there, once and again.
  constexpr char kPlacedLedger[] = R"({
    "orgs": [{"id": "b", "kind": "BRANCH"}],
    "members": [{"id": "m1", "orgId": "b", "status": "FULL"}],
    "duesLedger": [{"memberId": "m1", "year": 1899, "paidMonths": 3}, {"memberId": "m1", "year": 2026, "paidMonths": 8193}]
  })";
  auto placed = LoadSnapshot(kPlacedLedger, SnapshotFormat::kJson);
  ASSERT_TRUE(placed.ok()) << placed.status();
  const v1::Snapshot exported = ExportSnapshot(**placed);
  auto again = LoadSnapshot(exported);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(ExportSnapshot(**again).SerializeAsString(), exported.SerializeAsString());  // a fixed point
  EXPECT_EQ((*again)->PaidMonths(0, 2026), (*placed)->PaidMonths(0, 2026));
  for (const auto* store : {&*placed, &*again}) {
    const std::string said = FindingsJson(**store, "national");
    for (const char* value : {"1899", "8193"}) EXPECT_NE(said.find(value), std::string::npos) << value;
  }
  // And a count or an income below zero, -1 among them: kept as given, not
  // taken for one not given, so that each is said again.
  constexpr char kNegative[] = R"({
    "orgs": [{"id": "b", "kind": "BRANCH"}],
    "members": [{"id": "m1", "orgId": "b", "status": "FULL", "duesCategory": "EMPLOYED", "monthlyIncomeCents": -1}],
    "activities": [{"id": "a1", "orgId": "b", "kind": "GENERAL_MEETING", "heldOn": "2026-03-01", "attendeeIds": ["m1"],
                    "decisions": [{"kind": "ELECT", "subjectMemberIds": ["m1"], "votesFor": -1, "votesAgainst": -2,
                                   "seats": -3, "candidateMemberIds": ["m1"], "candidateVotes": [-7]}]}]
  })";
  auto negative = LoadSnapshot(kNegative, SnapshotFormat::kJson);
  ASSERT_TRUE(negative.ok()) << negative.status();
  const v1::Snapshot written = ExportSnapshot(**negative);
  EXPECT_EQ(written.members(0).monthly_income_cents(), -1);
  const v1::Activity::Decision& decision = written.activities(0).decisions(0);
  EXPECT_EQ(decision.votes_for(), -1);
  EXPECT_EQ(decision.votes_against(), -2);
  EXPECT_EQ(decision.seats(), -3);
  ASSERT_EQ(decision.candidate_votes_size(), 1);
  EXPECT_EQ(decision.candidate_votes(0), -7);
  auto reloaded = LoadSnapshot(written);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ(ExportSnapshot(**reloaded).SerializeAsString(), written.SerializeAsString());  // a fixed point
  for (const char* profile : kProfiles) {
    const std::string said = FindingsJson(**negative, profile);
    EXPECT_EQ(FindingsJson(**reloaded, profile), said) << profile;
    for (const char* field : {"monthlyIncomeCents", "votesFor", "votesAgainst", "seats", "candidateVotes[0]"}) {
      EXPECT_NE(said.find(field), std::string::npos) << profile << " " << field;
    }
  }
}

// A length prefix of 2^32 or more is read whole: 2^32 + 7 announced before
// seven bytes that are a Snapshot is a truncated message, not those seven.
TEST(Wire, ALengthPrefixPast32BitsIsRefused) {
  const std::string body("\x08\x81\x80\x80\x80\x80\x00", 7);  // schemaVersion 1, its varint padded
  v1::Snapshot alone;
  ASSERT_TRUE(alone.ParseFromString(body));
  for (const uint64_t announced : {uint64_t{1} << 32 | 7, uint64_t{1} << 35 | 7, ~uint64_t{0} - 248}) {
    std::string stream;
    for (uint64_t v = announced; stream.empty() || v != 0; v >>= 7) stream.push_back(static_cast<char>((v & 0x7F) | (v >> 7 ? 0x80 : 0)));
    stream += body;
    for (const std::string& error : {ErrorOf(stream, SnapshotFormat::kDelimited, {}),
                                     std::string(ParseSnapshot(stream, SnapshotFormat::kDelimited).status().message())}) {
      EXPECT_EQ(error, StrCat("message 0 (byte 0): truncated, ", announced, " bytes announced, 7 left")) << announced;
    }
  }
}

// The command under a memory limit, as an operator's `ulimit -v` sets it:
// at every limit it either does its work or says "out of memory" and exits 2
// — never killed by a signal, never aborted. The city is large enough for
// every thread the library starts: a stream of over 8 MB (two readers),
// over 100,000 records (the builder's threads) and many orgs (the check's).
TEST(Memory, TheCommandUnderALimitExitsTwo) {
#if defined(__SANITIZE_ADDRESS__) || defined(DANGJIAN_THREAD_SANITIZER)
  GTEST_SKIP() << "a sanitizer reserves more address space than any limit here";
#else
  std::vector<v1::Snapshot> parts;
  v1::Snapshot& head = parts.emplace_back();
  head.set_schema_version(1);
  auto& root = *head.add_orgs();
  root.set_id("wc"), root.set_kind(v1::Org::WORKING_COMMITTEE);
  int member = 0;
  for (int c = 0; c < 60; ++c) {
    v1::Snapshot& part = parts.emplace_back();
    const std::string committee = StrCat("c", c);
    auto& co = *part.add_orgs();
    co.set_id(committee), co.set_kind(v1::Org::COMMITTEE), co.set_parent_id("wc");
    for (int b = 0; b < 30; ++b) {
      const std::string branch = StrCat(committee, "-b", b);
      auto& o = *part.add_orgs();
      o.set_id(branch), o.set_kind(v1::Org::BRANCH), o.set_parent_id(committee);
      const int first = member;
      for (int k = 0; k < 70; ++k) {
        auto& m = *part.add_members();
        m.set_id(StrCat("m", member++)), m.set_org_id(branch), m.set_status(v1::Member::FULL);
        m.set_admitted_on("2010-05-01");
        auto& l = *part.add_dues_ledger();
        l.set_member_index(member - 1), l.set_year(2026), l.set_paid_months(0x3FF);
      }
      for (int a = 0; a < 9; ++a) {
        auto& x = *part.add_activities();
        x.set_id(StrCat(branch, "-a", a)), x.set_org_id(branch), x.set_kind(v1::Activity::GENERAL_MEETING);
        x.set_held_on(StrCat("2026-0", a + 1, "-15"));
        for (int k = 0; k < 70; ++k) x.add_attendee_indexes(first + k);
      }
    }
  }
  const std::string stream = Delimited(parts);
  ASSERT_GT(stream.size(), size_t{8} << 20);
  const std::string path = TempPath("limited-city.djs"), err = TempPath("limited.err");
  std::ofstream(path, std::ios::binary) << stream;
  int worked = 0, out_of_memory = 0;
  for (const int mb : {30, 50, 80, 120, 180, 260, 400, 2000}) {
    for (const char* verb : {"check", "assess"}) {
      const std::string command =
          StrCat("ulimit -v ", mb * 1024, "; exec '", DANGJIAN_COMMAND, "' ", verb, " '", path,
                 "' --as-of 2026-11-30 ", std::string_view(verb) == "assess" ? "--rubric organ-assessment " : "",
                 "--format json >/dev/null 2>'", err, "'");
      const int status = std::system(StrCat("/bin/sh -c \"", command, "\"").c_str());
      std::ifstream in(err);
      const std::string said((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      ASSERT_TRUE(WIFEXITED(status)) << verb << " under " << mb << " MB: killed by signal " << WTERMSIG(status) << ": " << said;
      const int code = WEXITSTATUS(status);
      if (code == 2) {
        EXPECT_NE(said.find("out of memory"), std::string::npos) << verb << " under " << mb << " MB: " << said;
        EXPECT_EQ(std::count(said.begin(), said.end(), '\n'), 1) << said;
        ++out_of_memory;
      } else {
        EXPECT_TRUE(code == 0 || code == 1) << verb << " under " << mb << " MB: exit " << code << ": " << said;
        ++worked;
      }
    }
  }
  EXPECT_GT(out_of_memory, 0);  // the limits reach below what the city needs
  EXPECT_GT(worked, 0);         // and above
#endif
}

// Every input kept under tests/fuzz/<target>/ runs through its target: those a
// fuzzer once crashed on, and the shapes worth keeping.
TEST(Fuzz, KeptInputsRunCleanly) {
  namespace fs = std::filesystem;
  int inputs = 0;
  for (const auto& target : fuzz::Targets()) {
    const fs::path dir = fs::path(DANGJIAN_SOURCE_DIR) / "tests" / "fuzz" / std::string(target.name);
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir)) {
      std::ifstream in(e.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      EXPECT_EQ(target.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0) << e.path();
      ++inputs;
    }
  }
  EXPECT_GT(inputs, 0);
}

}  // namespace
}  // namespace dangjian::testing
