// Parts that stand alone: an export split into part files, each checked on
// its own, finds what a check in parts and a check of the whole export find.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "bench/synthetic.h"
#include "cli/cli.h"
#include "dangjian/parts.h"
#include "dangjian/v1/parts.pb.h"
#include "lib/report/build.h"
#include "snapshot_builder.h"
#include "temp_path.h"
#include "whole_check.h"

namespace dangjian {
namespace {

namespace fs = std::filesystem;
using testing::Delimited;
using testing::SnapshotBuilder;
using testing::Spread;
using testing::SpreadStream;
using testing::AsOf;
using testing::Findings;
using testing::WholeCheck;
using testing::WriteFile;

std::string FreshDir(const std::string& name) {
  const std::string dir = testing::TempPath(name);
  fs::remove_all(dir);
  return dir;
}

std::string PartFileName(size_t k) {
  char name[32];
  std::snprintf(name, sizeof name, "part-%05zu.djs", k);
  return name;
}

// The findings of each part of a check in parts of the stream.
std::vector<std::multiset<std::string>> InParts(const std::string& path, uint64_t part_bytes) {
  std::vector<std::multiset<std::string>> out;
  PartsOptions parts;
  parts.part_bytes = part_bytes;
  const absl::Status s = CheckInParts(path, *Policy::Builtin("national"), AsOf(), parts, [&](CheckedPart& part) {
    out.push_back(Findings(part.report));
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

// Part k of `dir`, checked alone.
absl::StatusOr<std::multiset<std::string>> CheckAlone(const std::string& dir, size_t k) {
  std::multiset<std::string> found;
  size_t calls = 0;
  const absl::Status s = CheckSplitParts(dir, {k}, *Policy::Builtin("national"), AsOf(), LoadLimits(),
                                         [&](CheckedPart& part) {
                                           EXPECT_EQ(part.index, k);
                                           ++calls;
                                           found = Findings(part.report);
                                           return absl::OkStatus();
                                         });
  if (!s.ok()) return s;
  EXPECT_EQ(calls, 1u);
  return found;
}

std::vector<std::multiset<std::string>> EachAlone(const std::string& dir) {
  std::vector<std::multiset<std::string>> out;
  absl::StatusOr<size_t> n = SplitParts(dir);
  EXPECT_TRUE(n.ok()) << n.status();
  for (size_t k = 0; n.ok() && k < *n; ++k) {
    absl::StatusOr<std::multiset<std::string>> found = CheckAlone(dir, k);
    EXPECT_TRUE(found.ok()) << found.status();
    out.push_back(found.ok() ? *found : std::multiset<std::string>{});
  }
  return out;
}

std::multiset<std::string> Merged(const std::vector<std::multiset<std::string>>& parts) {
  std::multiset<std::string> out;
  for (const auto& p : parts) out.insert(p.begin(), p.end());
  return out;
}

std::string ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

absl::StatusOr<size_t> Split(const std::string& path, const std::string& dir, uint64_t part_bytes) {
  PartsOptions parts;
  parts.part_bytes = part_bytes;
  return SplitInParts(path, dir, parts);
}

// The benchmarks' synthetic export, one committee a message, cut at sizes
// from one message a part to one part: every part alone finds what it finds
// in a check in parts of the export, and all of them what the whole check
// finds; members named by position and by id.
TEST(Split, EachPartAloneAsInAWholeCheck) {
  for (bool by_position : {true, false}) {
    std::vector<v1::Snapshot> messages;
    synthetic::Generator(3, 12000, by_position).Run([&](const v1::Snapshot& m) { messages.push_back(m); });
    const std::string path = WriteFile("split.djs", Delimited(messages));
    const std::multiset<std::string> whole = WholeCheck(path);
    ASSERT_GT(whole.size(), 500u);
    for (uint64_t part_bytes : {uint64_t{1}, uint64_t{60'000}, uint64_t{400'000}, uint64_t{1} << 40}) {
      const std::string dir = FreshDir("split-parts");
      absl::StatusOr<size_t> n = Split(path, dir, part_bytes);
      ASSERT_TRUE(n.ok()) << n.status();
      const std::vector<std::multiset<std::string>> in_parts = InParts(path, part_bytes);
      EXPECT_EQ(*n, in_parts.size());
      if (part_bytes == 1) {
        EXPECT_EQ(*n, messages.size());
      }
      const std::vector<std::multiset<std::string>> alone = EachAlone(dir);
      EXPECT_EQ(alone, in_parts) << part_bytes;
      EXPECT_EQ(Merged(alone), whole) << part_bytes << (by_position ? " by position" : " by id");
    }
  }
}

// The committee whose subtree lies in three messages (SpreadStream): its
// thresholds judged on the export's numbers in a part checked alone, and a
// part needs no other part's file.
TEST(Split, SubtreeCountsTravelWithTheHierarchy) {
  const std::string path = WriteFile("spread-split.djs", SpreadStream({19, 50}));
  const std::string dir = FreshDir("spread-parts");
  ASSERT_EQ(*Split(path, dir, 1), 4u);
  EXPECT_EQ(EachAlone(dir), InParts(path, 1));
  EXPECT_EQ(Merged(EachAlone(dir)), WholeCheck(path));

  // Part 1 (C and B1) and part 3 (B3, its meeting by position) copied apart.
  for (size_t k : {size_t{1}, size_t{3}}) {
    const std::string alone = FreshDir("alone-" + std::to_string(k));
    fs::create_directories(alone);
    for (const char* name : {"hierarchy.djs", "parts.pb"}) fs::copy_file(fs::path(dir) / name, fs::path(alone) / name);
    const std::string part = PartFileName(k);
    fs::copy_file(fs::path(dir) / part, fs::path(alone) / part);
    absl::StatusOr<std::multiset<std::string>> found = CheckAlone(alone, k);
    ASSERT_TRUE(found.ok()) << found.status();
    EXPECT_EQ(*found, InParts(path, 1)[k]);
    EXPECT_EQ(CheckAlone(alone, k == 1 ? 3 : 1).status().code(), absl::StatusCode::kNotFound);
  }
}

// The statistics of the whole stream, loaded at once.
v1::Statistics WholeStatistics(const std::string& path, const StatsOptions& options) {
  auto store = LoadSnapshotFile(path);
  EXPECT_TRUE(store.ok()) << store.status();
  auto stats = ComputeStatistics(**store, *Policy::Builtin("national"), options);
  EXPECT_TRUE(stats.ok()) << stats.status();
  return stats.ok() ? *stats : v1::Statistics();
}

StatsOptions StatsAsOf() {
  StatsOptions o;
  o.as_of = *ParseDate("2026-11-30");
  return o;
}

// The statistics of the parts `ks` of `dir` with those `gathered` elsewhere.
v1::Statistics PartsStatistics(const std::string& dir, const std::vector<size_t>& ks,
                               const std::vector<v1::Statistics>& gathered = {}) {
  auto stats = SplitStatistics(dir, ks, *Policy::Builtin("national"), StatsAsOf(), LoadLimits(), gathered);
  EXPECT_TRUE(stats.ok()) << stats.status();
  return stats.ok() ? *stats : v1::Statistics();
}

// The statistics of every part, computed alone and gathered in runs of parts
// as machines would, are those of the whole stream: each org's row, each
// committee's roll-up (a committee whose subtree lies in several parts) and
// the total.
TEST(Split, StatisticsOfThePartsAreTheWholeStreams) {
  std::vector<v1::Snapshot> messages;
  synthetic::Generator(3, 12000, true).Run([&](const v1::Snapshot& m) { messages.push_back(m); });
  const std::string path = WriteFile("stats-split.djs", Delimited(messages));
  const std::string whole = WholeStatistics(path, StatsAsOf()).SerializeAsString();
  const std::string dir = FreshDir("stats-parts");
  const size_t n = *Split(path, dir, 60'000);
  ASSERT_GE(n, 6u);
  std::vector<size_t> all, first, rest;
  for (size_t k = 0; k < n; ++k) (k < n / 3 ? first : rest).push_back(k), all.push_back(k);
  EXPECT_EQ(PartsStatistics(dir, all).SerializeAsString(), whole);
  // Gathered from two machines, the last run given first, the client computing none.
  EXPECT_EQ(PartsStatistics(dir, {}, {PartsStatistics(dir, rest), PartsStatistics(dir, first)}).SerializeAsString(),
            whole);
  // One part each, everything gathered by the last.
  std::vector<v1::Statistics> each;
  for (size_t k = 0; k + 1 < n; ++k) each.push_back(PartsStatistics(dir, {k}));
  EXPECT_EQ(PartsStatistics(dir, {n - 1}, each).SerializeAsString(), whole);
}

TEST(Split, StatisticsOfACommitteeAcrossParts) {
  SnapshotBuilder wc, m1, m2, m3;
  wc.Org("wc", v1::Org::WORKING_COMMITTEE);
  m1.Org("C", v1::Org::COMMITTEE, "wc");
  m1.Org("B1", v1::Org::BRANCH, "G");
  m1.Members("B1", 30);
  m2.Org("G", v1::Org::GENERAL_BRANCH, "C");
  m2.Org("B2", v1::Org::BRANCH, "G");
  m2.Members("B2", 19);
  m2.Activity("B2", v1::Activity::GENERAL_MEETING, "2026-10-12");
  m3.Org("B3", v1::Org::BRANCH, "C");
  m3.Members("B3", 48, 2);
  m3.Activity("B3", v1::Activity::GENERAL_MEETING, "2026-09-14").set_id("b3-general");
  const std::string path = WriteFile("spread-stats.djs",
                                     Delimited({wc.snapshot(), m1.snapshot(), m2.snapshot(), m3.snapshot()}));
  const std::string dir = FreshDir("spread-stats-parts");
  ASSERT_EQ(*Split(path, dir, 1), 4u);
  const v1::Statistics whole = WholeStatistics(path, StatsAsOf());
  const v1::Statistics parts = PartsStatistics(dir, {0, 1, 2, 3});
  EXPECT_EQ(parts.SerializeAsString(), whole.SerializeAsString());
  ASSERT_EQ(parts.committees_size(), 3);  // wc, C, G
  EXPECT_EQ(parts.committees(1).org_id(), "C");
  EXPECT_EQ(parts.committees(1).orgs(), 4);  // C, G, B1, B2 and B3 with members or obligations
  EXPECT_EQ(parts.committees(1).full_members(), 30 + 19 + 48);
  EXPECT_EQ(parts.committees(2).full_members(), 30 + 19);
  EXPECT_EQ(parts.total().probationary_members(), 2);
}

// Statistics that are not of the same window, profile or split, refused by
// name.
TEST(Split, StatisticsGatheredOfAnotherWindowAreRefused) {
  std::vector<v1::Snapshot> messages;
  synthetic::Generator(1, 2000, true).Run([&](const v1::Snapshot& m) { messages.push_back(m); });
  const std::string dir = FreshDir("stats-refused");
  ASSERT_GE(*Split(WriteFile("stats-refused.djs", Delimited(messages)), dir, 1), 3u);
  const Policy national = *Policy::Builtin("national");
  StatsOptions october = StatsAsOf();
  october.as_of = *ParseDate("2026-10-31");
  const v1::Statistics earlier = *SplitStatistics(dir, {0}, national, october, LoadLimits());
  EXPECT_EQ(SplitStatistics(dir, {1}, national, StatsAsOf(), LoadLimits(), {PartsStatistics(dir, {2}), earlier}).status(),
            absl::InvalidArgumentError("statistics gathered 1: from 2026-01-01 to 2026-10-31 under \"national\", "
                                       "not from 2026-01-01 to 2026-11-30 under \"national\""));
  v1::Statistics stranger = PartsStatistics(dir, {0, 1, 2});
  ASSERT_GT(stranger.orgs_size(), 0);
  stranger.mutable_orgs(0)->set_org_id("nowhere");
  EXPECT_EQ(SplitStatistics(dir, {}, national, StatsAsOf(), LoadLimits(), {stranger}).status(),
            absl::InvalidArgumentError("statistics gathered 0: org \"nowhere\" is not in the hierarchy"));
  StatsOptions scoped = StatsAsOf();
  scoped.scope = "x";
  EXPECT_EQ(SplitStatistics(dir, {0}, national, scoped, LoadLimits()).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(SplitStatistics(dir, {99}, national, StatsAsOf(), LoadLimits()).status().code(),
            absl::StatusCode::kOutOfRange);
}

// Parts whose dues begin in different months (DuesBegunApart), each checked
// alone: its members owe dues from the export's first month with dues on
// record, in the findings and in the dues owed of the statistics.
TEST(Split, DuesOwedFromTheExportsFirstMonth) {
  const testing::DuesApart apart = testing::DuesBegunApart();
  const std::string path = WriteFile("dues-apart-split.djs", apart.stream);
  const std::string dir = FreshDir("dues-apart-parts");
  ASSERT_EQ(*Split(path, dir, apart.first_part), 2u);
  const std::multiset<std::string> whole = WholeCheck(path);
  EXPECT_EQ(EachAlone(dir), InParts(path, apart.first_part));
  EXPECT_EQ(Merged(EachAlone(dir)), whole);

  const v1::Statistics stats = WholeStatistics(path, StatsAsOf());
  EXPECT_EQ(PartsStatistics(dir, {0, 1}).SerializeAsString(), stats.SerializeAsString());
  EXPECT_EQ(PartsStatistics(dir, {1}, {PartsStatistics(dir, {0})}).SerializeAsString(), stats.SerializeAsString());
  // B2's five members owe January to November, none paid before June.
  const auto b2_at = std::find_if(stats.orgs().begin(), stats.orgs().end(),
                                  [](const v1::Statistics::OrgStatistics& o) { return o.org_id() == "B2"; });
  ASSERT_NE(b2_at, stats.orgs().end());
  const v1::Statistics::OrgStatistics& b2 = *b2_at;
  ASSERT_EQ(b2.months_size(), 11);
  EXPECT_EQ(b2.months(0).dues_members_owing(), 5);
  EXPECT_EQ(b2.months(0).dues_members_unpaid(), 5);
  EXPECT_EQ(b2.months(5).dues_members_unpaid(), 0);

  // The index carries the month; one written before it did still loads,
  // each part then beginning with its own; one that is not a month is refused.
  const fs::path index_path = fs::path(dir) / "parts.pb";
  v1::PartsIndex index;
  ASSERT_TRUE(index.ParseFromString(ReadWhole(index_path)));
  EXPECT_EQ(index.dues_since(), "2025-01");
  const auto unpaid_runs_of_b2 = [&]() {
    int runs = -1;
    const absl::Status s = CheckSplitParts(dir, {1}, *Policy::Builtin("national"), AsOf(), LoadLimits(),
                                           [&](CheckedPart& part) {
                                             runs = testing::CountOf(part.report, "member.dues_unpaid_run", "B2");
                                             return absl::OkStatus();
                                           });
    EXPECT_TRUE(s.ok()) << s;
    return runs;
  };
  EXPECT_EQ(unpaid_runs_of_b2(), 5);
  index.clear_dues_since();
  std::ofstream(index_path, std::ios::binary | std::ios::trunc) << index.SerializeAsString();
  EXPECT_EQ(unpaid_runs_of_b2(), 0);
  index.set_dues_since("2025-13");
  std::ofstream(index_path, std::ios::binary | std::ios::trunc) << index.SerializeAsString();
  EXPECT_EQ(SplitParts(dir).status(),
            absl::InvalidArgumentError(absl::StrCat(index_path.string(), ": duesSince \"2025-13\" is not a month "
                                                    "(YYYY-MM); split the export again")));
}

// What a split directory cannot be checked with, named.
TEST(Split, ADirectoryThatIsNotOneSplitIsRefused) {
  std::vector<v1::Snapshot> messages;
  synthetic::Generator(1, 2000, true).Run([&](const v1::Snapshot& m) { messages.push_back(m); });
  const std::string path = WriteFile("refused.djs", Delimited(messages));
  const std::string dir = FreshDir("refused-parts");
  ASSERT_GE(*Split(path, dir, 1), 3u);

  EXPECT_EQ(CheckAlone(dir, 99).status(),
            absl::OutOfRangeError(absl::StrCat("part 99: \"", dir, "\" has ", *SplitParts(dir), " parts")));
  CheckOptions scoped = AsOf();
  scoped.scope = "x";
  EXPECT_EQ(CheckSplitParts(dir, {0}, *Policy::Builtin("national"), scoped, LoadLimits(), [](CheckedPart&) {
              return absl::OkStatus();
            }).code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(SplitParts(FreshDir("nothing-here")).status().code(), absl::StatusCode::kNotFound);

  // A part file of another cut: its messages are not the index's.
  fs::copy_file(fs::path(dir) / PartFileName(0), fs::path(dir) / PartFileName(1), fs::copy_options::overwrite_existing);
  const absl::Status swapped = CheckAlone(dir, 1).status();
  EXPECT_EQ(swapped.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(swapped.message().find(PartFileName(1)), std::string_view::npos) << swapped;

  // An index that is not one.
  std::ofstream(fs::path(dir) / "parts.pb", std::ios::binary | std::ios::trunc) << "not an index";
  EXPECT_EQ(SplitParts(dir).status().code(), absl::StatusCode::kInvalidArgument);

  // What the hierarchy shows fails the split as the whole load, and writes nothing.
  SnapshotBuilder m0, m1;
  m0.Org("wc", v1::Org::WORKING_COMMITTEE);
  m1.Org("b1", v1::Org::BRANCH, "nowhere");
  const std::string orphan = WriteFile("orphan-split.djs", Delimited({m0.snapshot(), m1.snapshot()}));
  const std::string none = FreshDir("orphan-parts");
  EXPECT_EQ(Split(orphan, none, 1).status(), LoadSnapshotFile(orphan).status());
  EXPECT_FALSE(fs::exists(none));
}

}  // namespace
}  // namespace dangjian

namespace dangjian {
namespace {

int Command(const std::vector<std::string>& args, std::string& out, std::string& err) {
  std::istringstream in;
  std::ostringstream o, e;
  const int code = cli::Run(args, in, o, e);
  out = o.str();
  err = e.str();
  return code;
}

// `dangjian split`: the parts the library writes, said how many; a bad
// argument refused before anything is written.
TEST(Split, TheCommand) {
  std::vector<v1::Snapshot> messages;
  synthetic::Generator(2, 3000, true).Run([&](const v1::Snapshot& m) { messages.push_back(m); });
  const std::string path = WriteFile("command.djs", Delimited(messages));
  const std::string dir = FreshDir("command-parts");
  std::string out, err;
  ASSERT_EQ(Command({"split", path, "--out", dir, "--part-size", "40K", "--lang", "en"}, out, err), cli::kOk) << err;
  const size_t n = *SplitParts(dir);
  EXPECT_GT(n, 3u);
  EXPECT_EQ(out, absl::StrCat(path, ": ", n, " parts written to ", dir, "\n"));
  EXPECT_EQ(EachAlone(dir), InParts(path, 40 << 10));

  EXPECT_EQ(Command({"split", path, "--out", dir, "--part-size", "1X"}, out, err), cli::kBadInput);
  EXPECT_EQ(err, "dangjian: --part-size: \"1X\" is not a size in bytes (1 to 1T; K, M, G for 2^10, 2^20, 2^30)\n");
  EXPECT_EQ(Command({"split", path}, out, err), cli::kBadInput);
  EXPECT_EQ(err, "dangjian: split: --out DIR is required\n");
  EXPECT_EQ(Command({"split", WriteFile("command.json", "{}"), "--out", dir}, out, err), cli::kBadInput);
  EXPECT_EQ(err, "dangjian: split: EXPORT is a .djs file\n");
}

}  // namespace
}  // namespace dangjian
