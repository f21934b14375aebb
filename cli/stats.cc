#include "cli/stats.h"

#include <fstream>
#include <ostream>

#include "lib/strings.h"

namespace dangjian::cli {

absl::Status ValidStatsRequest(const StatsRequest& request) {
  if (request.format != "text" && request.format != "json") {
    return absl::OutOfRangeError(StrCat("--format: \"", request.format, "\" is not text or json"));
  }
  return absl::OkStatus();
}

absl::Status WriteStats(const Store& store, const Policy& policy, const StatsRequest& request, Lang lang,
                        std::ostream& out) {
  const absl::StatusOr<v1::Statistics> stats = ComputeStatistics(store, policy, request.options);
  if (!stats.ok()) return stats.status();
  const std::string rendered = request.format == "json" ? RenderMessageJson(*stats) : RenderStatisticsText(*stats, lang);
  if (request.out.empty()) {
    out << rendered;
    return absl::OkStatus();
  }
  std::ofstream file(request.out, std::ios::binary | std::ios::trunc);
  file << rendered;
  file.close();
  if (!file) return absl::NotFoundError(StrCat("cannot write \"", request.out, "\""));
  return absl::OkStatus();
}

}  // namespace dangjian::cli
