// What each fuzz target does with one input: everything an embedding platform
// may hand the library as bytes. Shared by the libFuzzer targets and by the
// regression test that replays the inputs they once crashed on.
#ifndef DANGJIAN_FUZZ_TARGETS_H_
#define DANGJIAN_FUZZ_TARGETS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace dangjian::fuzz {

struct Target {
  std::string_view name;
  int (*run)(const uint8_t* data, size_t size);
};

// snapshot_json, snapshot_binary, snapshot_delimited, snapshot_parts, profile, rubric,
// manual_scores, cases, capi, events, csv_folder, serve.
const std::vector<Target>& Targets();

}  // namespace dangjian::fuzz

#endif  // DANGJIAN_FUZZ_TARGETS_H_
