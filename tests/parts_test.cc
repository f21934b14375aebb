// A check in parts finds what a check of the whole stream finds, and refuses
// a stream it cannot check in parts, naming the record.
#include "dangjian/parts.h"

#include <fstream>
#include <set>

#include "bench/synthetic.h"
#include "lib/model/store.h"
#include "lib/report/build.h"
#include "snapshot_builder.h"
#include "temp_path.h"
#include "whole_check.h"

namespace dangjian {
namespace {

using testing::Delimited;
using testing::SnapshotBuilder;
using testing::Spread;
using testing::SpreadStream;
using testing::AsOf;
using testing::Findings;
using testing::WholeCheck;
using testing::WriteFile;

struct InParts {
  absl::Status status;
  size_t parts = 0;
  std::multiset<std::string> findings;
};

InParts CheckInParts(const std::string& path, uint64_t part_bytes, CheckOptions options = AsOf()) {
  InParts out;
  PartsOptions parts;
  parts.part_bytes = part_bytes;
  out.status = CheckInParts(path, *Policy::Builtin("national"), options, parts, [&](CheckedPart& part) {
    EXPECT_EQ(part.index, out.parts++);
    const std::multiset<std::string> found = Findings(part.report);
    out.findings.insert(found.begin(), found.end());
    return absl::OkStatus();
  });
  return out;
}

// The synthetic stream of the benchmarks, one committee a message: in parts
// of a few messages, the same findings as at once, members named by
// position and by id.
TEST(Parts, SyntheticStreamSameFindingsAsWhole) {
  for (bool by_position : {true, false}) {
    std::vector<v1::Snapshot> messages;
    synthetic::Generator(3, 12000, by_position).Run([&](const v1::Snapshot& m) { messages.push_back(m); });
    const std::string path = WriteFile("synthetic.djs", Delimited(messages));
    const std::multiset<std::string> whole = WholeCheck(path);
    ASSERT_GT(whole.size(), 500u);
    const InParts parts = CheckInParts(path, 400'000);
    ASSERT_TRUE(parts.status.ok()) << parts.status;
    EXPECT_GE(parts.parts, 4u);
    EXPECT_EQ(parts.findings, whole) << (by_position ? "by position" : "by id");
    EXPECT_EQ(CheckInParts(path, uint64_t{1} << 40).parts, 1u);
  }
}

TEST(Parts, SubtreeCountsCarriedAcrossParts) {
  for (Spread s : {Spread{19, 50}, Spread{20, 49}, Spread{20, 50}}) {
    const std::string path = WriteFile("spread.djs", SpreadStream(s));
    const std::multiset<std::string> whole = WholeCheck(path);
    const InParts parts = CheckInParts(path, 1);
    ASSERT_TRUE(parts.status.ok()) << parts.status;
    EXPECT_EQ(parts.parts, 4u);
    EXPECT_EQ(parts.findings, whole) << s.n2 << " " << s.n3;

    // And the thresholds are met or not as the stream's numbers say.
    int committee_short = 0, general_short = 0;
    PartsOptions one_each;
    one_each.part_bytes = 1;
    ASSERT_TRUE(dangjian::CheckInParts(path, *Policy::Builtin("national"), AsOf(), one_each, [&](CheckedPart& part) {
                  committee_short += testing::CountOf(part.report, "setup.committee_min_members", "C");
                  general_short += testing::CountOf(part.report, "setup.general_branch_min_members", "G");
                  return absl::OkStatus();
                }).ok());
    EXPECT_EQ(committee_short, 30 + s.n2 + s.n3 < 100 ? 1 : 0) << s.n2 << " " << s.n3;
    EXPECT_EQ(general_short, 30 + s.n2 < 50 ? 1 : 0) << s.n2 << " " << s.n3;
  }
}

// Parts whose dues begin in different months (DuesBegunApart): every part's
// members owe dues from the export's first month with dues on record, not
// their part's, as in a check of the whole export; records that name no
// member begin nothing in either.
TEST(Parts, DuesOwedFromTheExportsFirstMonth) {
  const testing::DuesApart apart = testing::DuesBegunApart();
  const std::string path = WriteFile("dues-apart.djs", apart.stream);
  auto store = LoadSnapshotFile(path);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(FormatDate((*store)->dues_since()), "2025-01-01");
  auto report = Check(**store, *Policy::Builtin("national"), AsOf());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(testing::CountOf(*report, "member.dues_unpaid_run", "B2"), 5);  // 2025-01 to 2026-05 unpaid

  std::vector<std::string> since;
  PartsOptions options;
  options.part_bytes = apart.first_part;
  ASSERT_TRUE(dangjian::CheckInParts(path, *Policy::Builtin("national"), AsOf(), options, [&](CheckedPart& part) {
                since.push_back(FormatDate(part.store->dues_since()));
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(since, std::vector<std::string>({"2025-01-01", "2025-01-01"}));
  const InParts parts = CheckInParts(path, apart.first_part);
  ASSERT_TRUE(parts.status.ok()) << parts.status;
  EXPECT_EQ(parts.parts, 2u);
  EXPECT_EQ(parts.findings, Findings(*report));
}

// The outside orgs of a part: there for their place and counts, not checked.
// A load of a delimited file tells how far it is after each message, in
// order, up to the file's size; the Store is the same with or without it.
TEST(Parts, ALoadFollowsTheStream) {
  const std::string bytes = SpreadStream({10, 10});
  const std::string path = WriteFile("followed.djs", bytes);
  std::vector<std::pair<uint64_t, uint64_t>> seen;
  auto store = LoadSnapshotFile(path, {}, [&](uint64_t read, uint64_t total) { seen.emplace_back(read, total); });
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_EQ(seen.size(), 4u);
  for (size_t k = 0; k < seen.size(); ++k) {
    EXPECT_EQ(seen[k].second, bytes.size());
    if (k > 0) {
      EXPECT_GT(seen[k].first, seen[k - 1].first);
    }
  }
  EXPECT_EQ(seen.back().first, bytes.size());
  auto report = Check(**store, *Policy::Builtin("national"), AsOf());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(Findings(*report), WholeCheck(path));
  // A file of another format is parsed in one piece: nothing to follow.
  seen.clear();
  ASSERT_TRUE(LoadSnapshotFile(WriteFile("followed.json", "{}"), {}, [&](uint64_t r, uint64_t t) { seen.emplace_back(r, t); }).ok());
  EXPECT_TRUE(seen.empty());
}

TEST(Parts, OutsideOrgsAreMarkedAndNotReported) {
  const std::string path = WriteFile("spread.djs", SpreadStream({20, 50}));
  PartsOptions one_each;
  one_each.part_bytes = 1;
  std::vector<std::set<std::string>> reported;
  ASSERT_TRUE(dangjian::CheckInParts(path, *Policy::Builtin("national"), AsOf(), one_each, [&](CheckedPart& part) {
                const Store& s = *part.store;
                if (part.index == 1) {  // C and B1 its own; wc above, G and C-jw below, outside
                  for (const char* id : {"wc", "G", "C-jw"}) EXPECT_TRUE(s.Outside(s.FindOrg(id))) << id;
                  for (const char* id : {"C", "B1"}) EXPECT_FALSE(s.Outside(s.FindOrg(id))) << id;
                  EXPECT_EQ(s.SubtreeAllMembers(s.FindOrg("C")), 100u);
                  EXPECT_EQ(s.SubtreeAllMembers(s.FindOrg("G")), 50u);
                  EXPECT_EQ(s.SubtreeAllMembers(s.FindOrg("wc")), 100u);
                  EXPECT_EQ(s.FindOrg("B2"), kNone);
                }
                std::set<std::string> orgs;
                for (const v1::Finding& f : part.report.findings()) orgs.insert(f.org_id());
                reported.push_back(orgs);
                return absl::OkStatus();
              }).ok());
  ASSERT_EQ(reported.size(), 4u);
  EXPECT_EQ(reported[0], std::set<std::string>({"wc"}));
  for (const std::string& org : reported[1]) EXPECT_TRUE(org == "C" || org == "B1") << org;
  for (const std::string& org : reported[2]) EXPECT_TRUE(org == "G" || org == "B2") << org;
}

// What a part cannot be checked without, named.
TEST(Parts, RecordsApartFromTheirOrgAreRefused) {
  SnapshotBuilder m0, m1;
  m0.Org("wc", v1::Org::WORKING_COMMITTEE);
  m0.Org("b1", v1::Org::BRANCH, "wc");
  m0.Members("b1", 5);
  m1.Org("b2", v1::Org::BRANCH, "wc");
  m1.Members("b2", 5);
  const auto refused = [&](std::vector<v1::Snapshot> messages, const std::string& name) {
    const InParts parts = CheckInParts(WriteFile(name, Delimited(messages)), 1);
    EXPECT_EQ(parts.status.code(), absl::StatusCode::kInvalidArgument) << name;
    return std::string(parts.status.message());
  };
  {
    SnapshotBuilder late = m1;
    late.Members("b1", 1);  // a member of b1, in b2's message
    EXPECT_EQ(refused({m0.snapshot(), late.snapshot()}, "member.djs"),
              "part 1 (messages 1–1): members[5].orgId: org \"b1\" is defined in another part of the stream; "
              "a check in parts needs each record in the part that defines its org");
  }
  {
    SnapshotBuilder late = m1;
    late.Activity("b2", v1::Activity::GENERAL_MEETING, "2026-10-12").add_attendee_indexes(2);  // a member of b1
    EXPECT_EQ(refused({m0.snapshot(), late.snapshot()}, "attendee.djs"),
              "part 1 (messages 1–1): activities[0].attendeeIndexes: member at position 2 is in another part of "
              "the stream; a check in parts needs each record in the part that defines its org");
  }
  {
    SnapshotBuilder late = m1;
    late.Org("g", v1::Org::PARTY_GROUP, "b1");
    EXPECT_EQ(refused({m0.snapshot(), late.snapshot()}, "group.djs"),
              "part 0 (messages 0–0): orgs[1]: its party group \"g\" is defined in another part of the stream; "
              "a check in parts needs a party group in the part of its org");
  }
  {
    SnapshotBuilder late = m1;
    late.Activity("b2", v1::Activity::GENERAL_MEETING, "2026-10-12").add_attendee_indexes(99);  // no one's
    EXPECT_TRUE(CheckInParts(WriteFile("nobody.djs", Delimited({m0.snapshot(), late.snapshot()})), 1).status.ok());
  }
}

// What the hierarchy shows fails as a load of the whole stream fails.
TEST(Parts, HierarchyErrorsAsTheWholeLoad) {
  SnapshotBuilder m0, m1;
  m0.Org("wc", v1::Org::WORKING_COMMITTEE);
  m1.Org("b1", v1::Org::BRANCH, "nowhere");
  const std::string path = WriteFile("orphan.djs", Delimited({m0.snapshot(), m1.snapshot()}));
  const InParts parts = CheckInParts(path, 1);
  EXPECT_FALSE(parts.status.ok());
  EXPECT_EQ(parts.status, LoadSnapshotFile(path).status());
  EXPECT_EQ(parts.parts, 0u);

  const std::string bytes = Delimited({m0.snapshot(), m0.snapshot()});
  const std::string twice = WriteFile("twice.djs", bytes);
  EXPECT_EQ(CheckInParts(twice, 1).status, LoadSnapshotFile(twice).status());
  const std::string cut = WriteFile("cut.djs", bytes.substr(0, bytes.size() - 1));
  EXPECT_EQ(CheckInParts(cut, 1).status, LoadSnapshotFile(cut).status());
}

TEST(Parts, OptionsAndStops) {
  const std::string path = WriteFile("spread.djs", SpreadStream({20, 50}));
  CheckOptions scoped = AsOf();
  scoped.scope = "C";
  EXPECT_EQ(CheckInParts(path, 1, scoped).status.message(), "scope: a check in parts covers the whole stream");
  EXPECT_EQ(CheckInParts(WriteFile("s.json", "{}"), 1).status.message(),
            "a check in parts reads a delimited stream (.djs)");
  EXPECT_EQ(CheckInParts(testing::TempPath("absent.djs"), 1).status.code(), absl::StatusCode::kNotFound);
  int calls = 0;
  PartsOptions one_each;
  one_each.part_bytes = 1;
  const absl::Status stopped = dangjian::CheckInParts(path, *Policy::Builtin("national"), AsOf(), one_each,
                                                      [&](CheckedPart&) {
                                                        ++calls;
                                                        return absl::CancelledError("enough");
                                                      });
  EXPECT_EQ(stopped, absl::CancelledError("enough"));
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace dangjian
