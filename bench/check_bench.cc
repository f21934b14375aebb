// Load and check timings: the bundled sample, and a synthetic tree of a given
// number of branches (about 19 members each) built in memory; each rule family
// alone over the sample; the Engine's Apply of an event written in place.
// Figures at a city's and a province's scale come from dangjian_scale.
//
//   build/bin/dangjian_bench --benchmark_filter=Sample
//   build/bin/dangjian_bench --benchmark_filter=Synthetic
//   build/bin/dangjian_bench --benchmark_filter=Family
//   build/bin/dangjian_bench --benchmark_filter=Apply
#include <benchmark/benchmark.h>

#include "dangjian/check.h"
#include "dangjian/engine.h"
#include "dangjian/examples.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "lib/check/window.h"
#include "lib/rules/families.h"

namespace dangjian {
namespace {

void BM_LoadSampleJson(benchmark::State& state) {
  const std::string_view json = SampleSnapshotJson();
  for (auto _ : state) {
    auto store = LoadSnapshot(json, SnapshotFormat::kJson);
    benchmark::DoNotOptimize(store);
  }
  state.SetBytesProcessed(state.iterations() * json.size());
}
BENCHMARK(BM_LoadSampleJson)->Unit(benchmark::kMillisecond);

void BM_CheckSample(benchmark::State& state) {
  auto store = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  const Policy policy = *Policy::Builtin("national");
  CheckOptions options;
  options.as_of = *ParseDate(kSampleAsOf);
  for (auto _ : state) {
    auto report = Check(**store, policy, options);
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(BM_CheckSample)->Unit(benchmark::kMillisecond);

// A working committee over committees of 40 branches, each branch with about
// 19 members, a committee or a secretary, a party group and a term.
v1::Snapshot Synthetic(int branches) {
  v1::Snapshot s;
  auto org = [&](const std::string& id, v1::Org::Kind kind, const std::string& parent) {
    v1::Org& o = *s.add_orgs();
    o.set_id(id);
    o.set_kind(kind);
    o.set_parent_id(parent);
  };
  org("wc", v1::Org::WORKING_COMMITTEE, "");
  int member = 0;
  for (int b = 0; b < branches; ++b) {
    const std::string committee = "c" + std::to_string(b / 40);
    if (b % 40 == 0) {
      org(committee, v1::Org::COMMITTEE, "wc");
      org(committee + "-jw", v1::Org::DISCIPLINE_COMMITTEE, committee);
    }
    const std::string id = "b" + std::to_string(b);
    org(id, v1::Org::BRANCH, committee);
    org(id + "-g", v1::Org::PARTY_GROUP, id);
    const int size = 2 + (b * 7919) % 35;  // 2 to 36 members, mean about 19
    for (int m = 0; m < size; ++m) {
      v1::Member& x = *s.add_members();
      x.set_id("m" + std::to_string(member++));
      x.set_org_id(id);
      x.set_status(m % 12 == 11 ? v1::Member::PROBATIONARY : v1::Member::FULL);
      if (m < 3) {
        v1::Position& p = *s.add_positions();
        p.set_org_id(id);
        p.set_member_id(x.id());
        p.set_role(m == 0 ? v1::Position::SECRETARY : m == 1 ? v1::Position::DEPUTY_SECRETARY : v1::Position::DISCIPLINE_MEMBER);
        p.set_approved(true);
      }
    }
    v1::Term& t = *s.add_terms();
    t.set_org_id(id);
    t.set_started_on(b % 10 == 0 ? "2022-03-01" : "2024-03-01");
  }
  return s;
}

void BM_LoadSynthetic(benchmark::State& state) {
  const v1::Snapshot snapshot = Synthetic(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto store = LoadSnapshot(snapshot);
    benchmark::DoNotOptimize(store);
  }
  state.counters["members"] = snapshot.members_size();
  state.counters["orgs"] = snapshot.orgs_size();
}
BENCHMARK(BM_LoadSynthetic)->Arg(5000)->Arg(50000)->Unit(benchmark::kMillisecond);

void BM_CheckSynthetic(benchmark::State& state) {
  const v1::Snapshot snapshot = Synthetic(static_cast<int>(state.range(0)));
  auto store = LoadSnapshot(snapshot);
  const Policy policy = *Policy::Builtin("national");
  CheckOptions options;
  options.as_of = *ParseDate("2026-11-30");
  options.threads = static_cast<int>(state.range(1));
  size_t findings = 0;
  for (auto _ : state) {
    auto report = Check(**store, policy, options);
    findings = report->findings_size();
    benchmark::DoNotOptimize(report);
  }
  state.counters["findings"] = findings;
  state.counters["orgs"] = snapshot.orgs_size();
}
BENCHMARK(BM_CheckSynthetic)->Args({50000, 1})->Args({50000, 2})->Unit(benchmark::kMillisecond);

// The same snapshot as a delimited stream of one message per 40 branches.
void BM_LoadSyntheticStream(benchmark::State& state) {
  const v1::Snapshot snapshot = Synthetic(static_cast<int>(state.range(0)));
  std::string stream;
  {
    google::protobuf::io::StringOutputStream out(&stream);
    google::protobuf::io::CodedOutputStream coded(&out);
    const std::string bytes = snapshot.SerializeAsString();
    coded.WriteVarint32(static_cast<uint32_t>(bytes.size()));
    coded.WriteString(bytes);
  }
  for (auto _ : state) {
    auto store = LoadSnapshot(stream, SnapshotFormat::kDelimited);
    benchmark::DoNotOptimize(store);
  }
  state.SetBytesProcessed(state.iterations() * stream.size());
}
BENCHMARK(BM_LoadSyntheticStream)->Arg(50000)->Unit(benchmark::kMillisecond);

// Each rule family alone, one thread, over the sample.
template <void (*kFamily)(const check::CheckContext&, OrgIndex, OrgIndex, check::Sink&)>
void BM_Family(benchmark::State& state) {
  auto store = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  const Policy policy = *Policy::Builtin("national");
  const Day as_of = *ParseDate(kSampleAsOf);
  const OrgIndex n = static_cast<OrgIndex>((*store)->orgs().size());
  const check::CheckContext ctx{**store, policy, as_of, check::FromOrNewYear(kNoDay, as_of), kNoDay, 0, n};
  const std::vector<bool> all(policy.RuleCount(), true);
  size_t findings = 0;
  for (auto _ : state) {
    check::Sink sink(policy, all);
    kFamily(ctx, 0, n, sink);
    findings = sink.findings().size();
  }
  state.counters["findings"] = findings;
}
BENCHMARK_TEMPLATE(BM_Family, rules::CheckStructure)->Name("BM_Family/structure")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Family, rules::CheckSetup)->Name("BM_Family/setup")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Family, rules::CheckTerms)->Name("BM_Family/term")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Family, rules::CheckObligations)->Name("BM_Family/life_obligations")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Family, rules::CheckRecords)->Name("BM_Family/life_records")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Family, rules::CheckMembers)->Name("BM_Family/member")->Unit(benchmark::kMicrosecond);

// The Engine over the sample: a status change and a month of dues paid, in
// turn, for members taken in order; each written in place.
void BM_ApplyInPlace(benchmark::State& state) {
  EngineOptions options;
  options.as_of = *ParseDate(kSampleAsOf);
  auto engine = *Engine::Create(*ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson),
                                *Policy::Builtin("national"), options);
  std::vector<v1::Event> events;
  const v1::Snapshot& s = engine->snapshot();
  for (int i = 0; i < s.members_size(); i += 3) {
    v1::Event e;
    if (i % 2 == 0) {
      e.mutable_status_changed()->set_member_id(s.members(i).id());
      e.mutable_status_changed()->set_status(s.members(i).status());
    } else {
      e.mutable_dues_paid()->set_member_id(s.members(i).id());
      e.mutable_dues_paid()->set_year(2026);
      e.mutable_dues_paid()->set_paid_months(1u << (i % 11));
    }
    events.push_back(std::move(e));
  }
  size_t k = 0;
  for (auto _ : state) {
    auto delta = engine->Apply(events[k++ % events.size()]);
    benchmark::DoNotOptimize(delta);
  }
  state.counters["in_place"] = static_cast<double>(engine->applied_in_place());
  state.counters["rebuilt"] = static_cast<double>(engine->applied_by_rebuild());
}
BENCHMARK(BM_ApplyInPlace)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dangjian

BENCHMARK_MAIN();
