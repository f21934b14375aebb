#include <algorithm>
#include <memory>
#include <thread>
#include <tuple>

#include "absl/strings/match.h"
#include "lib/strings.h"
#include "dangjian/check.h"
#include "dangjian/rules.h"
#include "lib/check/checker.h"
#include "lib/report/build.h"
#include "lib/rules/families.h"
#include "lib/status.h"
#include "lib/worker.h"

namespace dangjian {
namespace check {

Finding& Sink::Add(int rule, OrgIndex org, v1::Severity severity) {
  if (!Wants(rule)) {
    scratch_.params.clear();
    return scratch_;
  }
  if (room_ != 0 && findings_.size() == findings_.capacity()) {  // kept in lists: the next begun
    if (!findings_.empty()) full_.push_back(std::move(findings_));
    findings_ = std::vector<Finding>();
    findings_.reserve(room_);
  }
  Finding& f = findings_.emplace_back();
  f.rule = rule;
  f.org = org;
  const v1::Severity profile = policy_.SeverityOverride(rule);
  f.severity = profile != v1::SEVERITY_UNSPECIFIED ? profile
               : severity != v1::SEVERITY_UNSPECIFIED ? severity
                                                      : policy_.Rule(rule).severity;
  return f;
}

Finding& Sink::AddNotice(int rule, OrgIndex org) {
  Finding& f = Add(rule, org);
  f.severity = v1::NOTICE;
  return f;
}

}  // namespace check

namespace {

// Below this many orgs in scope one thread is faster than starting two.
constexpr OrgIndex kOrgsPerThread = 20000;
// The orgs checked by every family before the orgs after them, their
// records read while they are still in the cache (RunCheck).
constexpr OrgIndex kOrgsPerRange = 2048;
// The findings of one list of a check's (Sink::KeepInLists): some 3.7 MB.
constexpr size_t kFindingsPerList = 16384;

}  // namespace

absl::StatusOr<std::vector<bool>> check::SelectRules(const Policy& policy, const std::vector<std::string>& wanted) {
  std::vector<bool> selected(policy.RuleCount(), wanted.empty());
  for (const std::string& w : wanted) {
    bool any = false;
    for (size_t r = 0; r < policy.RuleCount(); ++r) {
      const std::string_view id = policy.Rule(static_cast<int>(r)).id;
      if (RuleMatches(w, id)) {
        selected[r] = true;
        any = true;
      }
    }
    if (!any) return absl::OutOfRangeError(StrCat("rules: no rule or family \"", w, "\""));
  }
  return selected;
}

namespace {

// A finding's place in report order (the org's rank in the hierarchy, then
// severity, rule, subject, period) packed into three words, the message
// variant compared only when they tie.
struct ReportKey {
  uint64_t org_severity_rule, member_unit, activity_period;
  check::Finding* finding;

  static ReportKey Of(const Store& store, check::Finding& f) {
    // Severity and rule compare as non-negative ints: a severity is below
    // 256, a rule index below 2^24 (the catalogue holds some hundred).
    const auto u32 = [](int32_t v) { return static_cast<uint64_t>(static_cast<uint32_t>(v)); };
    const Day period = f.period ? f.period->first_day() : kNoDay;
    const int32_t rank = f.org == kNone ? kNone : store.Rank(f.org);
    return {u32(rank) << 32 | uint64_t{static_cast<uint8_t>(f.severity)} << 24 | (u32(f.rule) & 0xFFFFFF),
            u32(f.member) << 32 | u32(f.unit),
            // A day compares as a signed number: its sign bit flipped, as an unsigned one.
            u32(f.activity) << 32 | (u32(period) ^ 0x80000000u), &f};
  }
  bool operator<(const ReportKey& o) const {
    if (org_severity_rule != o.org_severity_rule) return org_severity_rule < o.org_severity_rule;
    if (member_unit != o.member_unit) return member_unit < o.member_unit;
    if (activity_period != o.activity_period) return activity_period < o.activity_period;
    return finding->variant < o.finding->variant;
  }
};

}  // namespace

void check::DropOutside(const Store& part, Findings& findings) {
  auto& list = findings.in_order;
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const Finding* f) { return f->org != kNone && part.Outside(f->org); }),
             list.end());
}

void check::CheckFamily(const check::CheckContext& ctx, Family family, int32_t begin, int32_t end,
                        check::Sink& sink) {
  switch (family) {
    case kStructure: return rules::CheckStructure(ctx, begin, end, sink);
    case kSetup: return rules::CheckSetup(ctx, begin, end, sink);
    case kTerms: return rules::CheckTerms(ctx, begin, end, sink);
    case kObligations: return rules::CheckObligations(ctx, begin, end, sink);
    case kRecords: return rules::CheckRecords(ctx, begin, end, sink);
    case kMembers: return rules::CheckMembers(ctx, begin, end, sink);
    case kFamilies: break;
  }
}

void check::CheckRange(const check::CheckContext& ctx, int32_t begin, int32_t end, check::Sink& sink,
                       unsigned families) {
  for (int f = 0; f < kFamilies; ++f) {
    if (families >> f & 1) CheckFamily(ctx, static_cast<Family>(f), begin, end, sink);
  }
}

absl::StatusOr<check::Findings> check::RunCheck(const Store& store, const Policy& policy, const CheckOptions& options,
                                                const Window& window) {
  absl::StatusOr<std::vector<bool>> selected = SelectRules(policy, options.rules);
  if (!selected.ok()) return selected.status();
  const OrgIndex begin = window.scope_begin, end = window.scope_end;
  const check::CheckContext ctx{store, policy, window.as_of, window.from, kNoDay, begin, end};
  int threads = options.threads;
  if (threads <= 0) {
    threads = static_cast<int>(std::min<OrgIndex>((end - begin) / kOrgsPerThread + 1,
                                                  std::max(1u, std::thread::hardware_concurrency())));
  }
  // Shards of equal org counts, one a thread, each writing its findings
  // into lists of kFindingsPerList: a shard's findings in one list would grow
  // by doubling, each time written again into memory touched for the first
  // time.
  std::vector<std::vector<std::vector<check::Finding>>> shards(threads + 1);
  // Each shard's findings in report order, as the keys of ReportKey, sorted
  // on the shard's own thread.
  std::vector<std::vector<ReportKey>> sorted(threads + 1);
  const auto sort_shard = [&](int t) {
    size_t n = 0;
    for (const auto& list : shards[t]) n += list.size();
    sorted[t].reserve(n);
    for (auto& list : shards[t]) {
      for (check::Finding& f : list) sorted[t].push_back(ReportKey::Of(store, f));
    }
    std::stable_sort(sorted[t].begin(), sorted[t].end());
  };
  const auto check_shard = [&](int t, OrgIndex b, OrgIndex e) {
    check::CheckContext c = ctx;
    const rules::ObligationPlansPtr plans = rules::PlanObligations(c);
    c.obligation_plans = plans.get();
    check::Sink sink(policy, *selected);
    sink.KeepInLists(kFindingsPerList);
    for (OrgIndex from = b; from < e; from = std::min<OrgIndex>(e, from + kOrgsPerRange)) {
      check::CheckRange(c, from, std::min<OrgIndex>(e, from + kOrgsPerRange), sink);
    }
    shards[t] = sink.TakeLists();
    sort_shard(t);
  };
  std::vector<std::unique_ptr<Worker>> workers;
  const OrgIndex span = end - begin;
  for (int t = 1; t < threads; ++t) {
    const OrgIndex b = begin + static_cast<OrgIndex>(int64_t{span} * t / threads);
    const OrgIndex e = begin + static_cast<OrgIndex>(int64_t{span} * (t + 1) / threads);
    workers.push_back(std::make_unique<Worker>([&, b, e, t] { check_shard(t, b, e); }));
  }
  check_shard(0, begin, begin + static_cast<OrgIndex>(int64_t{span} / threads));
  {
    check::Sink whole(policy, *selected);
    whole.KeepInLists(kFindingsPerList);
    rules::CheckData(ctx, whole);
    rules::CheckSetupUnits(ctx, whole);
    shards[threads] = whole.TakeLists();
    sort_shard(threads);
  }
  for (auto& w : workers) w->Join();

  // A large check finds millions of findings, each some 230 bytes: they stay
  // where the rules wrote them, and their keys are sorted. (Sorting the
  // findings moved each a dozen times; moving them into one list, once
  // each, wrote them all again into memory touched for the first time.)
  check::Findings found;
  for (auto& lists : shards) {
    for (auto& list : lists) found.held.push_back(std::move(list));  // a vector moved: its findings stay where they are
  }
  // The shards' orgs come one range after another: their sorted findings,
  // one after another, are mostly in the order of all of them sorted at
  // once. When they are not (a finding about an org outside its shard's
  // range), all are sorted again together.
  size_t n = 0;
  bool in_order = true;
  const ReportKey* last = nullptr;
  for (const auto& keys : sorted) {
    n += keys.size();
    if (keys.empty()) continue;
    in_order = in_order && (last == nullptr || !(keys.front() < *last));
    last = &keys.back();
  }
  if (!in_order) {
    std::vector<ReportKey> all;
    all.reserve(n);
    for (auto& keys : sorted) all.insert(all.end(), keys.begin(), keys.end()), keys = {};
    std::stable_sort(all.begin(), all.end());
    sorted.assign(1, std::move(all));
  }
  found.in_order.reserve(n);
  for (const auto& keys : sorted) {
    for (const ReportKey& k : keys) found.in_order.push_back(k.finding);
  }
  return found;
}

absl::Status check::CheckWindow(const Store& store, const Policy& policy, const CheckOptions& options,
                                const Window& window, v1::Report& report) {
  absl::StatusOr<check::Findings> findings = RunCheck(store, policy, options, window);
  if (!findings.ok()) return findings.status();
  report::BuildReport(findings->in_order, store, policy, window.as_of, options.scope, options.lang, report);
  report.mutable_rules()->Assign(options.rules.begin(), options.rules.end());  // the totals count these alone
  return absl::OkStatus();
}

absl::StatusOr<v1::Report> check::CheckWindow(const Store& store, const Policy& policy, const CheckOptions& options,
                                              const Window& window) {
  v1::Report report;
  DJ_RETURN_IF_ERROR(CheckWindow(store, policy, options, window, report));
  return report;
}

absl::Status Check(const Store& store, const Policy& policy, const CheckOptions& options, v1::Report* report) {
  absl::Status s = WithinMemory([&]() -> absl::Status {
    absl::StatusOr<check::Window> window = check::ResolveWindow(store, options.as_of, options.from, options.scope);
    if (!window.ok()) return window.status();
    return check::CheckWindow(store, policy, options, *window, *report);
  });
  if (!s.ok()) report->Clear();
  return s;
}

absl::StatusOr<v1::Report> Check(const Store& store, const Policy& policy, const CheckOptions& options) {
  v1::Report report;
  DJ_RETURN_IF_ERROR(Check(store, policy, options, &report));
  return report;
}

}  // namespace dangjian
