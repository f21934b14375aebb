// `dangjian split`: an export written as parts that are checked apart, on
// one machine or many (dangjian/parts.h).
#ifndef DANGJIAN_CLI_SPLIT_H_
#define DANGJIAN_CLI_SPLIT_H_

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "cli/progress.h"
#include "dangjian/report.h"
#include "dangjian/store.h"

namespace dangjian::cli {

// A size in bytes as --parts and --part-size take it: "4096", "512K", "64M",
// "1G" (powers of 2), from 1 byte to 1T; nullopt for anything else.
std::optional<uint64_t> ParseByteSize(std::string_view text);

// Writes the parts of the export at `source` (.djs) into `dir`, about
// `part_bytes` each, and says on `out` how many and where; `progress` shows
// the hierarchy read and the parts written.
absl::Status Split(const std::string& source, const std::string& dir, uint64_t part_bytes, const LoadLimits& limits,
                   Lang lang, std::ostream& out, Progress& progress);

}  // namespace dangjian::cli

#endif  // DANGJIAN_CLI_SPLIT_H_
