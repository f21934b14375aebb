#include "dangjian/check.h"

#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "dangjian/agenda.h"
#include "dangjian/dues.h"
#include "dangjian/engine.h"
#include "dangjian/examples.h"
#include "dangjian/parts.h"
#include "dangjian/status.h"
#include "bench/synthetic.h"
#include "google/protobuf/util/json_util.h"
#include "lib/check/checker.h"
#include "lib/check/window.h"
#include "lib/model/store.h"
#include "lib/report/arena.h"
#include "lib/report/build.h"
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

// wc ─┬─ c (committee, no discipline committee) ── b1 (2 full members)
//     └─ b2 (2 full members), covering unit u2 (staff 500, party staff 0)
SnapshotBuilder TwoSubtrees() {
  SnapshotBuilder b;
  b.Unit("u1").set_staff_count(500);
  b.snapshot().mutable_units(0)->set_party_staff_count(0);
  b.Unit("u2").set_staff_count(500);
  b.snapshot().mutable_units(1)->set_party_staff_count(0);
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("c", v1::Org::COMMITTEE, "wc").add_unit_ids("u1");
  b.Org("b1", v1::Org::BRANCH, "c");
  b.Org("b2", v1::Org::BRANCH, "wc").add_unit_ids("u2");
  b.Members("b1", 2);
  b.Members("b2", 2);
  b.Members("nowhere", 1);
  return b;
}

TEST(Scope, CutsTheTree) {
  const SnapshotBuilder b = TwoSubtrees();
  CheckOptions options;
  options.scope = "c";
  const v1::Report r = b.Check("national", "2026-01-01", options);
  EXPECT_EQ(r.scope(), "c");
  ASSERT_GT(r.findings_size(), 0);
  for (const v1::Finding& f : r.findings()) {
    // Unit findings name the unit and no org.
    EXPECT_TRUE(f.org_id() == "c" || f.org_id() == "b1" || (f.org_id().empty() && !f.unit_id().empty()))
        << f.rule_id() << " " << f.org_id();
    EXPECT_NE(f.unit_id(), "u2") << f.rule_id();
    EXPECT_NE(f.rule_id(), "data.unknown_reference");  // the stray member belongs to no org of the scope
  }
  EXPECT_EQ(CountOf(r, "setup.party_staff_ratio"), 1);  // u1, covered by c
  EXPECT_EQ(CountOf(r, "setup.branch_min_full_members", "b1"), 1);

  const v1::Report all = b.Check("national", "2026-01-01");
  EXPECT_EQ(CountOf(all, "setup.party_staff_ratio"), 2);
  EXPECT_EQ(CountOf(all, "data.unknown_reference"), 1);
  EXPECT_EQ(CountOf(all, "setup.branch_min_full_members"), 2);
}

TEST(Scope, UnknownScopeIsAnError) {
  auto store = TwoSubtrees().Load();
  CheckOptions options;
  options.scope = "x";
  auto r = Check(*store, *Policy::Builtin("national"), options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(std::string(r.status().message()), "scope: no org \"x\"");
}

TEST(RuleFilter, IdsAndFamilies) {
  const SnapshotBuilder b = TwoSubtrees();
  CheckOptions options;
  options.rules = {"term", "setup.discipline_committee"};
  const v1::Report r = b.Check("national", "2026-01-01", options);
  ASSERT_GT(r.findings_size(), 0);
  for (const v1::Finding& f : r.findings()) {
    EXPECT_TRUE(f.rule_id().rfind("term.", 0) == 0 || f.rule_id() == "setup.discipline_committee") << f.rule_id();
  }
  auto store = b.Load();
  options.rules = {"ter"};
  auto bad = Check(*store, *Policy::Builtin("national"), options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(std::string(bad.status().message()), "rules: no rule or family \"ter\"");
}

// status.h: the data's fault is InvalidArgument, the caller's option's
// OutOfRange, what is not there NotFound.
TEST(Status, TellsBadInputFromABadArgument) {
  const absl::StatusCode kBadInput = absl::StatusCode::kInvalidArgument;
  const absl::StatusCode kBadArgument = absl::StatusCode::kOutOfRange;
  EXPECT_EQ(LoadSnapshot(R"({"orgs": [{"id": "b", "kind": "BRANCHH"}]})", SnapshotFormat::kJson).status().code(),
            kBadInput);
  EXPECT_EQ(LoadSnapshot("\x05", SnapshotFormat::kDelimited).status().code(), kBadInput);
  EXPECT_EQ(Policy::FromTextproto("id: \"x\" extends: \"nope\"").status().code(), kBadInput);
  EXPECT_EQ(LoadSnapshotFile("snapshot.csv").status().code(), kBadArgument);
  EXPECT_EQ(LoadSnapshotFile("/nowhere/snapshot.json").status().code(), absl::StatusCode::kNotFound);

  auto store = TwoSubtrees().Load();
  const Policy national = *Policy::Builtin("national");
  CheckOptions options;
  options.as_of = *ParseDate("2026-01-01");
  options.from = *ParseDate("2026-01-02");
  EXPECT_EQ(Check(*store, national, options).status().code(), kBadArgument);
  options.from = kNoDay;
  options.rules = {"ter"};
  EXPECT_EQ(Check(*store, national, options).status().code(), kBadArgument);
  options.rules = {};
  options.scope = "x";
  EXPECT_EQ(Check(*store, national, options).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(CheckInParts("stream.djs", national, options, {}, [](CheckedPart&) { return absl::OkStatus(); }).code(),
            kBadArgument);

  AgendaOptions agenda;
  agenda.days = 3661;
  EXPECT_EQ(MakeAgenda(*store, national, agenda).status().code(), kBadArgument);
  EXPECT_EQ(StandardMonthlyDues(v1::Member::EMPLOYED, -1, national).status().code(), kBadArgument);
  EXPECT_EQ(StandardMonthlyDues(v1::Member::DUES_CATEGORY_UNSPECIFIED, 100, national).status().code(), kBadArgument);

  EngineOptions engine;
  engine.as_of = *ParseDate("2026-01-01");
  engine.from = *ParseDate("2026-01-02");
  EXPECT_EQ(Engine::Create(TwoSubtrees().snapshot(), national, engine).status().code(), kBadArgument);
  engine.from = kNoDay;
  auto e = Engine::Create(TwoSubtrees().snapshot(), national, engine);
  ASSERT_TRUE(e.ok()) << e.status();
  auto event = ParseEvent(R"({"memberRemoved": "nobody"})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ((*e)->Apply(*event).status().code(), kBadInput);
  EXPECT_EQ(ParseEvent(R"({"nothing": 1})").status().code(), kBadInput);
}

TEST(Order, DeterministicWhateverTheThreads) {
  auto store = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(store.ok());
  CheckOptions options;
  options.as_of = *ParseDate(kSampleAsOf);
  std::string first;
  for (int threads : {1, 2, 3, 7}) {
    options.threads = threads;
    auto r = Check(**store, *Policy::Builtin("genhe-2020"), options);
    ASSERT_TRUE(r.ok());
    if (first.empty()) first = RenderJson(*r);
    EXPECT_EQ(RenderJson(*r), first) << threads;
  }
}

// A larger export, whose shards' findings come in order one after another
// (the sample's do not: a unit's finding names an org of another shard):
// the same report on any number of threads.
TEST(Order, ShardsInOrderAsOnOneThread) {
  v1::Snapshot snapshot;
  synthetic::Generator(3, 12000, false).Run([&](const v1::Snapshot& m) { snapshot.MergeFrom(m); });
  auto store = LoadSnapshot(snapshot);
  ASSERT_TRUE(store.ok()) << store.status();
  CheckOptions options;
  options.as_of = *ParseDate("2026-11-30");
  std::string first;
  for (int threads : {1, 2, 3, 7}) {
    options.threads = threads;
    auto r = Check(**store, *Policy::Builtin("genhe-2020"), options);
    ASSERT_TRUE(r.ok());
    if (first.empty()) {
      first = RenderJson(*r);
      EXPECT_GT(r->findings_size(), 500);
    }
    EXPECT_TRUE(RenderJson(*r) == first) << threads;  // not EXPECT_EQ: a diff of two reports this long is slow
  }
}

TEST(Order, ByOrgInHierarchyThenSeverity) {
  auto store = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  CheckOptions options;
  options.as_of = *ParseDate(kSampleAsOf);
  auto r = Check(**store, *Policy::Builtin("national"), options);
  ASSERT_TRUE(r.ok());
  OrgIndex last_org = 0;
  int last_severity = 0;
  for (const v1::Finding& f : r->findings()) {
    const OrgIndex o = f.org_id().empty() ? std::numeric_limits<OrgIndex>::max() : (*store)->FindOrg(f.org_id());
    ASSERT_GE(o, last_org) << f.rule_id();
    if (o != last_org) last_severity = 0;
    EXPECT_GE(f.severity(), last_severity) << f.rule_id();
    last_org = o;
    last_severity = f.severity();
  }
}

TEST(Report, SummaryLanguageAndRenderings) {
  const SnapshotBuilder b = TwoSubtrees();
  CheckOptions options;
  options.lang = Lang::kEn;
  const v1::Report r = b.Check("national", "2026-01-01", options);
  EXPECT_EQ(r.summary().total(), r.findings_size());
  EXPECT_EQ(r.summary().by_rule().at("setup.branch_min_full_members"), 2);
  int b1 = 0;
  for (const v1::Finding& f : r.findings()) b1 += f.org_id() == "b1";
  EXPECT_EQ(r.summary().by_org().at("b1"), b1);
  EXPECT_EQ(r.lang(), "en");
  EXPECT_EQ(r.as_of(), "2026-01-01");
  EXPECT_EQ(FindingsOf(r, "setup.branch_min_full_members", "b1")[0].message(),
            "2 full members; a branch needs at least 3 full members");
  auto store = b.Load();
  const std::string text = RenderText(r, *store, Lang::kEn);
  EXPECT_NE(text.find("■ b1 [b1] branch"), std::string::npos) << text;
  EXPECT_NE(text.find("[violation] 2 full members"), std::string::npos) << text;
  const std::string json = RenderJson(r);
  EXPECT_NE(json.find("\"ruleId\": \"setup.branch_min_full_members\""), std::string::npos);
  EXPECT_NE(json.find("\"asOf\": \"2026-01-01\""), std::string::npos);
  // The page carries its findings as data for its script, and fetches nothing.
  const std::string html = RenderHtml(r, *store, Lang::kEn);
  EXPECT_NE(html.find("<script type=\"application/json\" id=\"data\">"), std::string::npos);
  EXPECT_NE(html.find("\"setup.branch_min_full_members\""), std::string::npos);
  EXPECT_NE(html.find("\"2 full members; a branch needs at least 3 full members\""), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find(" href="), std::string::npos);
  // Nothing in the data closes its script: "</script>" in a message stays text.
  v1::Report hostile = r;
  hostile.mutable_findings(0)->set_message("</script><script>alert(1)</script>");
  const std::string escaped = RenderHtml(hostile, *store, Lang::kEn);
  EXPECT_EQ(escaped.find("alert(1)</script>"), std::string::npos);
  EXPECT_NE(escaped.find("\\u003c/script\\u003e"), std::string::npos);
}

// JSON many times longer than the message's bytes (findings that hold one
// field each, written with whitespace, and an org id of 20,000 quotes,
// each written as two characters): written whole, as protobuf's own
// printer writes it, with whitespace and on one line.
TEST(Report, JsonManyTimesItsBytesIsWrittenWhole) {
  v1::Report r;
  for (int i = 0; i < 5000; ++i) r.add_findings()->set_severity(v1::WARNING);
  r.add_findings()->set_org_id(std::string(20000, '"'));
  for (const bool one_line : {false, true}) {
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = !one_line;
    std::string expected;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(r, &expected, options).ok());
    const std::string json = RenderMessageJson(r, one_line);
    EXPECT_GT(json.size(), 3 * r.ByteSizeLong()) << one_line;
    EXPECT_EQ(json, expected) << one_line;
  }
}

// Findings rendered on an arena (a month's delta, dj_engine_advance's) are
// those rendered on the heap, in the same order: as many as are rendered
// on threads, in both languages.
TEST(Report, OnAnArenaAsOnTheHeap) {
  v1::Snapshot snapshot;
  synthetic::Generator(5, 6000, false).Run([&](const v1::Snapshot& m) { snapshot.MergeFrom(m); });
  auto store = LoadSnapshot(snapshot);
  ASSERT_TRUE(store.ok()) << store.status();
  const Policy policy = *Policy::Builtin("genhe-2020");
  auto window = check::ResolveWindow(**store, *ParseDate("2027-01-04"), kNoDay, "");
  ASSERT_TRUE(window.ok()) << window.status();
  auto found = check::RunCheck(**store, policy, CheckOptions{}, *window);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_GT(found->size(), 1000u);
  // Each finding many times over, past what one thread renders.
  std::vector<const check::Finding*> many;
  while (many.size() < 50000) many.insert(many.end(), found->begin(), found->end());
  for (const Lang lang : {Lang::kZh, Lang::kEn}) {
    google::protobuf::RepeatedPtrField<v1::Finding> heap;
    report::RenderFindings(many, **store, policy, lang, heap);
    google::protobuf::Arena arena(report::LargeMessageArena());
    auto* on_arena = google::protobuf::Arena::CreateMessage<v1::Report>(&arena);
    on_arena->add_findings()->set_rule_id("already there");  // appended after it
    report::RenderFindings(many, **store, policy, lang, *on_arena->mutable_findings());
    ASSERT_EQ(on_arena->findings_size(), heap.size() + 1);
    EXPECT_EQ(on_arena->findings(0).rule_id(), "already there");
    int differ = 0;
    for (int i = 0; i < heap.size(); ++i) {
      differ += report::DeterministicBytes(on_arena->findings(i + 1)) != report::DeterministicBytes(heap.Get(i));
    }
    EXPECT_EQ(differ, 0) << LangCode(lang);
    EXPECT_FALSE(heap.Get(0).message().empty());
  }
}

// A check written into a message, on an arena of large blocks as dj_check
// and the command line write it, or on the heap, is the check by value, in
// both languages, with the rules asked for; a message given filled is
// cleared first, and left empty by a check that fails.
TEST(Report, ACheckIntoAMessageIsTheCheckByValue) {
  v1::Snapshot snapshot;
  synthetic::Generator(5, 3000, false).Run([&](const v1::Snapshot& m) { snapshot.MergeFrom(m); });
  auto store = LoadSnapshot(snapshot);
  ASSERT_TRUE(store.ok()) << store.status();
  const Policy policy = *Policy::Builtin("national");
  for (const Lang lang : {Lang::kZh, Lang::kEn}) {
    for (const std::vector<std::string>& rules : {std::vector<std::string>{}, std::vector<std::string>{"life", "term.missing"}}) {
      CheckOptions options;
      options.as_of = *ParseDate("2026-12-01");
      options.lang = lang;
      options.rules = rules;
      absl::StatusOr<v1::Report> by_value = Check(**store, policy, options);
      ASSERT_TRUE(by_value.ok()) << by_value.status();
      ASSERT_GT(by_value->findings_size(), 100);
      google::protobuf::Arena arena(report::LargeMessageArena());
      auto* on_arena = google::protobuf::Arena::CreateMessage<v1::Report>(&arena);
      on_arena->add_findings()->set_rule_id("written before");
      on_arena->add_rules("written before");
      ASSERT_TRUE(Check(**store, policy, options, on_arena).ok());
      EXPECT_EQ(report::DeterministicBytes(*on_arena), report::DeterministicBytes(*by_value)) << LangCode(lang);
      v1::Report on_heap;
      on_heap.set_scope("written before");
      ASSERT_TRUE(Check(**store, policy, options, &on_heap).ok());
      EXPECT_EQ(report::DeterministicBytes(on_heap), report::DeterministicBytes(*by_value)) << LangCode(lang);
    }
  }
  CheckOptions unknown_scope;
  unknown_scope.scope = "x";
  v1::Report report;
  report.add_findings()->set_rule_id("written before");
  const absl::Status s = Check(**store, policy, unknown_scope, &report);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(report.ByteSizeLong(), 0u);
}

// A large message's arena takes its first blocks, smaller than a huge page,
// from the heap, where they stay when it is gone; it gives back every block
// it mapped, one larger than its largest (a single large allocation, its
// size no multiple of a page) among them, and the slack it mapped after
// each.
TEST(Report, ALargeMessagesArenaLeavesNothingMapped) {
  // Whether any mapping of the process overlaps [begin, end).
  const auto mapped = [](uintptr_t begin, uintptr_t end) {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line)) {
      const uintptr_t from = std::stoull(line.substr(0, line.find('-')), nullptr, 16);
      const uintptr_t to = std::stoull(line.substr(line.find('-') + 1), nullptr, 16);
      if (from < end && begin < to) return true;
    }
    return false;
  };
  // The first two pages of what was mapped after a block, whatever the
  // machine's page size.
  const uintptr_t pages = 2 * static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  std::vector<std::pair<uintptr_t, uintptr_t>> blocks;
  uintptr_t small = 0;
  {
    google::protobuf::Arena arena(report::LargeMessageArena());
    for (const size_t bytes : {size_t{1000}, size_t{3} << 20, (size_t{70} << 20) + 123}) {
      char* block = google::protobuf::Arena::CreateArray<char>(&arena, bytes);
      block[0] = block[bytes - 1] = 'x';  // written at both ends
      const uintptr_t at = reinterpret_cast<uintptr_t>(block);
      EXPECT_TRUE(mapped(at, at + bytes));
      if (bytes < (size_t{2} << 20)) {
        small = at;
      } else {
        blocks.emplace_back(at, at + bytes);
      }
    }
  }
  EXPECT_TRUE(mapped(small, small + 1));  // the heap's
  for (const auto& [begin, end] : blocks) {
    EXPECT_FALSE(mapped(begin, end + pages)) << std::hex << begin << "-" << end;
  }
}

TEST(Report, NoFindings) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  const v1::Report r = b.Check("national", "2026-01-01");
  EXPECT_EQ(r.findings_size(), 0);
  EXPECT_NE(RenderText(r, *b.Load(), Lang::kZh).find("未发现问题"), std::string::npos);
}

}  // namespace
}  // namespace dangjian::testing
