// What each fuzz target does with one input: everything an embedding platform
// may hand the library as bytes. Shared by the libFuzzer targets and by the
// regression test that replays the inputs they once crashed on.
#ifndef DANGJIAN_FUZZ_TARGETS_H_
#define DANGJIAN_FUZZ_TARGETS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dangjian::fuzz {

struct Target {
  std::string_view name;
  int (*run)(const uint8_t* data, size_t size);
};

// snapshot_json, snapshot_binary, snapshot_delimited, snapshot_parts, profile, rubric,
// manual_scores, cases, capi, events, csv_folder, workbook, serve.
const std::vector<Target>& Targets();

// A zip of `parts` (name, bytes), deflated or stored: a workbook made of its
// XML, for the workbook target's seeds and the tests.
std::string Zipped(const std::vector<std::pair<std::string, std::string>>& parts, bool deflate);

// The workbook target's second form of input: after an odd first byte, the
// parts of a workbook, each "name\n" and its bytes, NUL between them.
std::vector<std::pair<std::string, std::string>> Parts(std::string_view bytes);

}  // namespace dangjian::fuzz

#endif  // DANGJIAN_FUZZ_TARGETS_H_
