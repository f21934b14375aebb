#include "dangjian/cases.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "dangjian/check.h"
#include "lib/model/json_reader.h"
#include "lib/model/textproto.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian {
namespace {

namespace fs = std::filesystem;

std::string Describe(const v1::Expectation& e) {
  std::string out = e.rule_id();
  const auto add = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) StrAppend(&out, " ", name, "=", value);
  };
  add("org", e.org_id());
  add("member", e.member_id());
  add("activity", e.activity_id());
  add("unit", e.unit_id());
  add("period", e.period());
  if (e.severity() != v1::SEVERITY_UNSPECIFIED) add("severity", v1::Severity_Name(e.severity()));
  return out;
}

std::string Describe(const v1::Finding& f) {
  v1::Expectation e;
  e.set_rule_id(f.rule_id());
  e.set_org_id(f.org_id());
  e.set_member_id(f.member_id());
  e.set_activity_id(f.activity_id());
  e.set_unit_id(f.unit_id());
  e.set_period(f.period());
  e.set_severity(f.severity());
  return Describe(e);
}

bool Matches(const v1::Expectation& e, const v1::Finding& f) {
  const auto same = [](const std::string& want, const std::string& got) { return want.empty() || want == got; };
  return e.rule_id() == f.rule_id() && same(e.org_id(), f.org_id()) && same(e.member_id(), f.member_id()) &&
         same(e.activity_id(), f.activity_id()) && same(e.unit_id(), f.unit_id()) && same(e.period(), f.period()) &&
         (e.severity() == v1::SEVERITY_UNSPECIFIED || e.severity() == f.severity());
}

// The bytes of the regular file at `path`, no more than `max_bytes` and one:
// a device (/dev/zero) or a file past the limit is not read to the end of
// memory; the load that follows says the size is past its limit.
std::optional<std::string> ReadFile(const fs::path& path, uint64_t max_bytes = LoadLimits{}.max_input_bytes) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes;
  char buffer[1 << 16];
  while (bytes.size() <= max_bytes && in.read(buffer, sizeof buffer).gcount() > 0) {
    bytes.append(buffer, static_cast<size_t>(std::min<uint64_t>(in.gcount(), max_bytes + 1 - bytes.size())));
  }
  return bytes;
}

// Runs one case; its problems, none when it passed.
std::vector<std::string> RunCase(const v1::PolicyCase& c, std::string_view base_dir) {
  absl::StatusOr<Policy> policy = c.has_profile() ? Policy::FromMessage(c.profile())
                                                  : Policy::Builtin(c.profile_id().empty() ? "national" : c.profile_id());
  if (!policy.ok()) return {StrCat("profile: ", ToStd(policy.status().message()))};

  absl::StatusOr<std::shared_ptr<const Store>> store;
  if (!c.snapshot_path().empty()) {
    const fs::path path = fs::path(std::string(base_dir)) / c.snapshot_path();
    const std::optional<SnapshotFormat> format = SnapshotFormatFromPath(c.snapshot_path());
    const LoadLimits limits = policy->load_limits();
    std::optional<std::string> bytes = format ? ReadFile(path, limits.max_input_bytes) : std::nullopt;
    if (!bytes) return {StrCat("snapshotPath: cannot read \"", path.string(), "\" as .json, .pb or .djs")};
    store = LoadSnapshot(*bytes, *format, limits);
  } else {
    store = LoadSnapshot(c.snapshot());
  }
  if (!store.ok()) return {StrCat("snapshot: ", ToStd(store.status().message()))};

  CheckOptions options;
  std::optional<Day> as_of = ParseDate(c.as_of());
  if (!as_of) return {StrCat("asOf: \"", c.as_of(), "\" is not a date (YYYY-MM-DD)")};
  options.as_of = *as_of;
  if (!c.from().empty()) {
    std::optional<Day> from = ParseDate(c.from());
    if (!from) return {StrCat("from: \"", c.from(), "\" is not a date (YYYY-MM-DD)")};
    options.from = *from;
  }
  options.rules.assign(c.rules().begin(), c.rules().end());
  absl::StatusOr<v1::Report> report = Check(**store, *policy, options);
  if (!report.ok()) return {StrCat("check: ", ToStd(report.status().message()))};

  std::vector<std::string> problems;
  for (const v1::Expectation& e : c.present()) {
    if (e.rule_id().empty()) problems.push_back("present: an expectation without ruleId");
    else if (std::none_of(report->findings().begin(), report->findings().end(), [&](const v1::Finding& f) { return Matches(e, f); })) {
      problems.push_back(StrCat("missing ", Describe(e)));
    }
  }
  for (const v1::Expectation& e : c.absent()) {
    for (const v1::Finding& f : report->findings()) {
      if (Matches(e, f)) {
        problems.push_back(StrCat("unexpected ", Describe(f), ": ", f.message()));
        break;
      }
    }
  }
  if (c.exact()) {
    for (const v1::Finding& f : report->findings()) {
      if (std::none_of(c.present().begin(), c.present().end(), [&](const v1::Expectation& e) { return Matches(e, f); })) {
        problems.push_back(StrCat("extra ", Describe(f), ": ", f.message()));
      }
    }
  }
  return problems;
}

void Tally(v1::CaseResults& results, v1::CaseResult result) {
  if (result.passed()) {
    results.set_passed(results.passed() + 1);
  } else {
    results.set_failed(results.failed() + 1);
  }
  *results.add_results() = std::move(result);
}

}  // namespace

absl::StatusOr<v1::CaseResults> RunCases(std::string_view bytes, CaseFormat format, std::string_view file,
                                         std::string_view base_dir) {
  return WithinMemory([&]() -> absl::StatusOr<v1::CaseResults> {
    v1::PolicyCases cases;
    if (format == CaseFormat::kJson) {
      absl::Status s = model::ReadJson(bytes, cases);
      if (!s.ok()) return s;
    } else {
      absl::Status s = model::ReadTextproto(bytes, cases);
      if (!s.ok()) return s;
    }
    v1::CaseResults results;
    for (int i = 0; i < cases.cases_size(); ++i) {
      const v1::PolicyCase& c = cases.cases(i);
      v1::CaseResult result;
      result.set_file(std::string(file));
      result.set_name(c.name().empty() ? StrCat("cases[", i, "]") : c.name());
      for (std::string& p : RunCase(c, base_dir)) result.add_problems(std::move(p));
      result.set_passed(result.problems().empty());
      Tally(results, std::move(result));
    }
    return results;
  });
}

v1::CaseResults RunCasePaths(const std::vector<std::string>& paths) {
  std::vector<fs::path> files;
  const auto is_case_file = [](const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".textproto" || ext == ".txtpb" || ext == ".json";
  };
  v1::CaseResults results;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && is_case_file(it->path())) found.push_back(it->path());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.emplace_back(path);
    }
  }
  for (const fs::path& file : files) {
    std::optional<std::string> bytes = ReadFile(file);
    absl::StatusOr<v1::CaseResults> r =
        bytes ? RunCases(*bytes, file.extension() == ".json" ? CaseFormat::kJson : CaseFormat::kTextproto, file.string(),
                         file.parent_path().string())
              : absl::StatusOr<v1::CaseResults>(absl::NotFoundError("cannot read"));
    if (!r.ok()) {
      v1::CaseResult failed;
      failed.set_file(file.string());
      failed.add_problems(std::string(ToStd(r.status().message())));
      Tally(results, std::move(failed));
      continue;
    }
    for (v1::CaseResult& c : *r->mutable_results()) Tally(results, std::move(c));
  }
  return results;
}

}  // namespace dangjian
