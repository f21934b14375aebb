// The bundled sample: a municipal organ system (one 机关工委, its units,
// committees, general branches, branches and party groups, members, positions
// and terms), compiled into the library so that a demo needs no file.
#ifndef DANGJIAN_EXAMPLES_H_
#define DANGJIAN_EXAMPLES_H_

#include <string_view>

#include "dangjian/calendar.h"

namespace dangjian {

// The sample snapshot as JSON (data/examples/sample-city.json).
std::string_view SampleSnapshotJson();

// The date the sample is meant to be checked as of: `dangjian demo`'s default.
inline constexpr std::string_view kSampleAsOf = "2026-11-30";

}  // namespace dangjian

#endif  // DANGJIAN_EXAMPLES_H_
