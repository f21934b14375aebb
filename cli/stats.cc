#include "cli/stats.h"

#include <fstream>
#include <ostream>

#include "lib/strings.h"
#include "lib/tables/report_xlsx.h"

namespace dangjian::cli {

absl::Status ValidStatsRequest(const StatsRequest& request) {
  if (request.format != "text" && request.format != "json" && request.format != "html" && request.format != "xlsx") {
    return absl::OutOfRangeError(StrCat("--format: \"", request.format, "\" is not text, json, html or xlsx"));
  }
  if (request.format == "xlsx" && request.out.empty()) {
    return absl::OutOfRangeError("--format xlsx: --out FILE.xlsx is required");
  }
  return absl::OkStatus();
}

absl::Status WriteStats(const Store& store, const Policy& policy, const StatsRequest& request, Lang lang,
                        std::ostream& out) {
  const absl::StatusOr<v1::Statistics> stats = ComputeStatistics(store, policy, request.options);
  if (!stats.ok()) return stats.status();
  if (request.format == "xlsx") return tables::WriteStatisticsWorkbook(*stats, request.out);
  const std::string rendered = request.format == "json"   ? RenderMessageJson(*stats)
                               : request.format == "html" ? RenderStatisticsHtml(*stats, store, lang)
                                                          : RenderStatisticsText(*stats, lang);
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
