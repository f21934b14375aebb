// Hardening: limits, scope that never leaks, formats that round-trip, and the
// inputs the fuzzers were given to remember.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>

#include "dangjian/agenda.h"
#include "fuzz/targets.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "snapshot_builder.h"

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

std::string Delimited(const std::vector<v1::Snapshot>& parts) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  for (const v1::Snapshot& p : parts) {
    coded.WriteVarint32(static_cast<uint32_t>(p.ByteSizeLong()));
    p.SerializeToCodedStream(&coded);
  }
  return out;
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
