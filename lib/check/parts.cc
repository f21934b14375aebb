#include "dangjian/parts.h"

#include <algorithm>

#include "lib/check/checker.h"
#include "lib/model/parts.h"
#include "lib/report/build.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian {

namespace {

// Part k of `stream` loaded, checked as of `as_of` (one today for every part;
// each part's window is its own Store's) and handed to `each`.
absl::Status CheckPart(model::PartedStream& stream, size_t k, Day as_of, const Policy& policy,
                       const CheckOptions& options, const std::function<absl::Status(CheckedPart& part)>& each) {
  const auto [first, end] = stream.messages(k);
  const auto in_part = [&, first = first, end = end](const absl::Status& s) {
    return absl::Status(s.code(), StrCat("part ", k, " (messages ", first, "–", end - 1, "): ", s.message()));
  };
  absl::StatusOr<std::shared_ptr<const Store>> store = stream.Load(k);
  if (!store.ok()) return in_part(store.status());
  absl::StatusOr<check::Window> window = check::ResolveWindow(**store, as_of, options.from, "");
  if (!window.ok()) return window.status();
  absl::StatusOr<std::vector<check::Finding>> findings = check::RunCheck(**store, policy, options, *window);
  if (!findings.ok()) return findings.status();
  check::DropOutside(**store, *findings);
  CheckedPart part{k, stream.parts(), first, end, *store,
                   report::BuildReport(*findings, **store, policy, window->as_of, "", options.lang)};
  part.report.mutable_rules()->Assign(options.rules.begin(), options.rules.end());
  findings->clear();
  return each(part);
}

absl::Status WholeStream(const CheckOptions& options) {
  if (!options.scope.empty()) return absl::OutOfRangeError("scope: a check in parts covers the whole stream");
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckInParts(const std::string& path, const Policy& policy, const CheckOptions& options,
                          const PartsOptions& parts, const std::function<absl::Status(CheckedPart& part)>& each) {
  return WithinMemory([&]() -> absl::Status {
    DJ_RETURN_IF_ERROR(WholeStream(options));
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
    DJ_RETURN_IF_ERROR(WholeStream(options));
    absl::StatusOr<std::unique_ptr<model::PartedStream>> stream = model::PartedStream::OpenSplit(dir, limits);
    if (!stream.ok()) return stream.status();
    for (size_t k : ks) {
      if (k >= (*stream)->parts()) {
        return absl::OutOfRangeError(StrCat("part ", k, ": \"", dir, "\" has ", (*stream)->parts(), " parts"));
      }
    }
    const Day as_of = check::AsOfOrToday(options.as_of);
    for (size_t k : ks) DJ_RETURN_IF_ERROR(CheckPart(**stream, k, as_of, policy, options, each));
    return absl::OkStatus();
  });
}

}  // namespace dangjian
