// `dangjian stats`: the statistics (组织生活汇总, 党费) in the format asked
// for. cli.cc parses the options and loads the snapshot; the rest is here.
#ifndef DANGJIAN_CLI_STATS_H_
#define DANGJIAN_CLI_STATS_H_

#include <iosfwd>
#include <string>

#include "absl/status/status.h"
#include "dangjian/policy.h"
#include "dangjian/report.h"
#include "dangjian/stats.h"
#include "dangjian/store.h"

namespace dangjian::cli {

struct StatsRequest {
  StatsOptions options;
  std::string format = "text";  // text, json, html or xlsx
  std::string out;              // the file to write; required for xlsx, stdout otherwise when empty
};

// OutOfRange for a format not offered, or xlsx without a file to write.
absl::Status ValidStatsRequest(const StatsRequest& request);

// The statistics of `store`, rendered, to `out` or to request.out.
absl::Status WriteStats(const Store& store, const Policy& policy, const StatsRequest& request, Lang lang,
                        std::ostream& out);

}  // namespace dangjian::cli

#endif  // DANGJIAN_CLI_STATS_H_
