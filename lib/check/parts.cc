#include "dangjian/parts.h"

#include <algorithm>

#include "lib/check/checker.h"
#include "lib/model/parts.h"
#include "lib/report/build.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian {

absl::Status CheckInParts(const std::string& path, const Policy& policy, const CheckOptions& options,
                          const PartsOptions& parts, const std::function<absl::Status(CheckedPart& part)>& each) {
  return WithinMemory([&]() -> absl::Status {
    if (!options.scope.empty()) return absl::OutOfRangeError("scope: a check in parts covers the whole stream");
    absl::StatusOr<std::unique_ptr<model::PartedStream>> stream =
        model::PartedStream::Open(path, parts.limits, parts.part_bytes);
    if (!stream.ok()) return stream.status();
    // One today for every part; each part's window is its own Store's.
    const Day as_of = check::AsOfOrToday(options.as_of);
    for (size_t k = 0; k < (*stream)->parts(); ++k) {
      const auto [first, end] = (*stream)->messages(k);
      const auto in_part = [&, first = first, end = end](const absl::Status& s) {
        return absl::Status(s.code(), StrCat("part ", k, " (messages ", first, "–", end - 1, "): ", s.message()));
      };
      absl::StatusOr<std::shared_ptr<const Store>> store = (*stream)->Load(k);
      if (!store.ok()) return in_part(store.status());
      absl::StatusOr<check::Window> window = check::ResolveWindow(**store, as_of, options.from, "");
      if (!window.ok()) return window.status();
      absl::StatusOr<std::vector<check::Finding>> findings = check::RunCheck(**store, policy, options, *window);
      if (!findings.ok()) return findings.status();
      check::DropOutside(**store, *findings);
      CheckedPart part{k, (*stream)->parts(), first, end, *store,
                       report::BuildReport(*findings, **store, policy, window->as_of, "", options.lang)};
      part.report.mutable_rules()->Assign(options.rules.begin(), options.rules.end());
      findings->clear();
      DJ_RETURN_IF_ERROR(each(part));
    }
    return absl::OkStatus();
  });
}

}  // namespace dangjian
