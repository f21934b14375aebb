#include "dangjian/parts.h"

#include <algorithm>

#include "lib/check/checker.h"
#include "lib/check/statistics.h"
#include "lib/check/window.h"
#include "lib/model/parts.h"
#include "lib/report/build.h"
#include "lib/report/header.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian {

namespace {

// Part k of `stream` loaded, an error naming it and its messages.
absl::StatusOr<std::shared_ptr<const Store>> LoadPart(model::PartedStream& stream, size_t k) {
  absl::StatusOr<std::shared_ptr<const Store>> store = stream.Load(k);
  if (store.ok()) return store;
  const auto [first, end] = stream.messages(k);
  return absl::Status(store.status().code(),
                      StrCat("part ", k, " (messages ", first, "–", end - 1, "): ", store.status().message()));
}

// Part k of `stream` loaded, checked as of `as_of` (one today for every part;
// each part's window is its own Store's) and handed to `each`.
absl::Status CheckPart(model::PartedStream& stream, size_t k, Day as_of, const Policy& policy,
                       const CheckOptions& options, const std::function<absl::Status(CheckedPart& part)>& each) {
  const auto [first, end] = stream.messages(k);
  absl::StatusOr<std::shared_ptr<const Store>> store = LoadPart(stream, k);
  if (!store.ok()) return store.status();
  absl::StatusOr<check::Window> window = check::ResolveWindow(**store, as_of, options.from, "");
  if (!window.ok()) return window.status();
  absl::StatusOr<check::Findings> findings = check::RunCheck(**store, policy, options, *window);
  if (!findings.ok()) return findings.status();
  check::DropOutside(**store, *findings);
  CheckedPart part{k, stream.parts(), first, end, *store,
                   report::BuildReport(findings->in_order, **store, policy, window->as_of, "", options.lang)};
  part.report.mutable_rules()->Assign(options.rules.begin(), options.rules.end());
  *findings = check::Findings();
  return each(part);
}

absl::Status WholeStream(std::string_view scope) {
  if (!scope.empty()) return absl::OutOfRangeError("scope: a check in parts covers the whole stream");
  return absl::OkStatus();
}

// The stream of a split directory, and the parts `ks` checked to be in it.
absl::StatusOr<std::unique_ptr<model::PartedStream>> OpenParts(const std::string& dir, const std::vector<size_t>& ks,
                                                              const LoadLimits& limits) {
  absl::StatusOr<std::unique_ptr<model::PartedStream>> stream = model::PartedStream::OpenSplit(dir, limits);
  if (!stream.ok()) return stream.status();
  for (size_t k : ks) {
    if (k >= (*stream)->parts()) {
      return absl::OutOfRangeError(StrCat("part ", k, ": \"", dir, "\" has ", (*stream)->parts(), " parts"));
    }
  }
  return stream;
}

// The statistics of parts gathered into one, by the hierarchy's orgs.
class StatisticsOfParts {
 public:
  StatisticsOfParts(const Store& hierarchy, const Policy& policy, const check::Window& window)
      : hierarchy_(hierarchy), row_of_(hierarchy.orgs().id.size(), -1) {
    whole_.set_as_of(FormatDate(window.as_of));
    whole_.set_from(FormatDate(window.from));
    whole_.set_profile_id(policy.id());
    first_month_ = MonthNumber(window.from);
    months_ = MonthNumber(window.as_of) - first_month_ + 1;
  }

  // Adds one part's statistics (or parts'), `what` naming them in an error.
  absl::Status Add(const v1::Statistics& part, std::string_view what) {
    if (part.as_of() != whole_.as_of() || part.from() != whole_.from() || part.profile_id() != whole_.profile_id()) {
      return absl::InvalidArgumentError(StrCat(what, ": from ", part.from(), " to ", part.as_of(), " under \"",
                                               part.profile_id(), "\", not from ", whole_.from(), " to ",
                                               whole_.as_of(), " under \"", whole_.profile_id(), "\""));
    }
    if (whole_.activities().empty()) whole_.mutable_activities()->CopyFrom(part.activities());
    for (const v1::Statistics::OrgStatistics& row : part.orgs()) {
      const OrgIndex o = hierarchy_.FindOrg(row.org_id());
      if (o == kNone) return absl::InvalidArgumentError(StrCat(what, ": org \"", row.org_id(), "\" is not in the hierarchy"));
      if (row.months_size() != months_) {
        return absl::InvalidArgumentError(StrCat(what, ": org \"", row.org_id(), "\" has ", row.months_size(),
                                                 " months, not ", months_));
      }
      int& r = row_of_[o];
      if (r < 0) {
        r = whole_.orgs_size();
        v1::Statistics::OrgStatistics& added = *whole_.add_orgs();
        added = row;
        // Named as the whole hierarchy names it: a part holds an org of
        // another part (a collector of dues) with only the orgs around it.
        added.set_org_name(hierarchy_.orgs().name[o]);
        added.set_path(report::OrgPath(hierarchy_, o));
      } else {  // its dues collected in one part, its own figures in another
        check::AddStatisticsRow(row, *whole_.mutable_orgs(r));
        whole_.mutable_orgs(r)->set_orgs(1);
      }
    }
    return absl::OkStatus();
  }

  // The rows in the hierarchy's order, rolled up.
  v1::Statistics Finish() && {
    std::vector<int32_t> row_ranks;  // a hierarchy as loaded: each org's rank its index
    google::protobuf::RepeatedPtrField<v1::Statistics::OrgStatistics> sorted;
    for (OrgIndex o = 0; o < static_cast<OrgIndex>(row_of_.size()); ++o) {
      if (row_of_[o] < 0) continue;
      row_ranks.push_back(o);
      sorted.Add()->Swap(whole_.mutable_orgs(row_of_[o]));
    }
    whole_.mutable_orgs()->Swap(&sorted);
    check::RollUpStatistics(hierarchy_, 0, static_cast<OrgIndex>(row_of_.size()), row_ranks, first_month_, months_,
                            whole_);
    return std::move(whole_);
  }

 private:
  const Store& hierarchy_;
  std::vector<int> row_of_;  // by org of the hierarchy
  int first_month_ = 0, months_ = 0;
  v1::Statistics whole_;
};

}  // namespace

absl::Status CheckInParts(const std::string& path, const Policy& policy, const CheckOptions& options,
                          const PartsOptions& parts, const std::function<absl::Status(CheckedPart& part)>& each) {
  return WithinMemory([&]() -> absl::Status {
    DJ_RETURN_IF_ERROR(WholeStream(options.scope));
    absl::StatusOr<std::unique_ptr<model::PartedStream>> stream =
        model::PartedStream::Open(path, parts.limits, parts.part_bytes);
    if (!stream.ok()) return stream.status();
    const Day as_of = check::AsOfOrToday(options.as_of);
    for (size_t k = 0; k < (*stream)->parts(); ++k) {
      DJ_RETURN_IF_ERROR(CheckPart(**stream, k, as_of, policy, options, each));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<size_t> SplitInParts(const std::string& path, const std::string& dir, const PartsOptions& parts,
                                    const std::function<void(size_t k, size_t parts)>& written) {
  return WithinMemory([&]() -> absl::StatusOr<size_t> {
    absl::StatusOr<std::unique_ptr<model::PartedStream>> stream =
        model::PartedStream::Open(path, parts.limits, parts.part_bytes);
    if (!stream.ok()) return stream.status();
    const size_t n = (*stream)->parts();
    DJ_RETURN_IF_ERROR((*stream)->Split(dir, [&](size_t k) {
      if (written) written(k, n);
    }));
    return n;
  });
}

absl::StatusOr<size_t> SplitParts(const std::string& dir) {
  return WithinMemory([&]() -> absl::StatusOr<size_t> {
    absl::StatusOr<v1::PartsIndex> index = model::ReadPartsIndex(dir);
    if (!index.ok()) return index.status();
    return index->part_begin_size() - 1;
  });
}

absl::Status CheckSplitParts(const std::string& dir, const std::vector<size_t>& ks, const Policy& policy,
                             const CheckOptions& options, const LoadLimits& limits,
                             const std::function<absl::Status(CheckedPart& part)>& each) {
  return WithinMemory([&]() -> absl::Status {
    DJ_RETURN_IF_ERROR(WholeStream(options.scope));
    absl::StatusOr<std::unique_ptr<model::PartedStream>> stream = OpenParts(dir, ks, limits);
    if (!stream.ok()) return stream.status();
    const Day as_of = check::AsOfOrToday(options.as_of);
    for (size_t k : ks) DJ_RETURN_IF_ERROR(CheckPart(**stream, k, as_of, policy, options, each));
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Statistics> SplitStatistics(const std::string& dir, const std::vector<size_t>& ks,
                                               const Policy& policy, const StatsOptions& options,
                                               const LoadLimits& limits, const std::vector<v1::Statistics>& gathered) {
  return WithinMemory([&]() -> absl::StatusOr<v1::Statistics> {
    DJ_RETURN_IF_ERROR(WholeStream(options.scope));
    absl::StatusOr<std::unique_ptr<model::PartedStream>> stream = OpenParts(dir, ks, limits);
    if (!stream.ok()) return stream.status();
    const Store& hierarchy = (*stream)->hierarchy();
    const absl::StatusOr<check::Window> window =
        check::ResolveWindow(hierarchy, check::AsOfOrToday(options.as_of), options.from, "");
    if (!window.ok()) return window.status();
    StatisticsOfParts whole(hierarchy, policy, *window);
    for (size_t i = 0; i < gathered.size(); ++i) {
      DJ_RETURN_IF_ERROR(whole.Add(gathered[i], StrCat("statistics gathered ", i)));
    }
    StatsOptions part_options = options;
    part_options.as_of = window->as_of;
    part_options.from = window->from;
    for (size_t k : ks) {
      absl::StatusOr<std::shared_ptr<const Store>> store = LoadPart(**stream, k);
      if (!store.ok()) return store.status();
      absl::StatusOr<v1::Statistics> part = ComputeStatistics(**store, policy, part_options);
      if (!part.ok()) return part.status();
      DJ_RETURN_IF_ERROR(whole.Add(*part, StrCat("part ", k)));
    }
    return std::move(whole).Finish();
  });
}

}  // namespace dangjian
