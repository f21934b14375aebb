#include "dangjian/examples.h"

#include "lib/embedded.h"

namespace dangjian {

std::string_view SampleSnapshotJson() {
  for (size_t i = 0; i < embedded::kExamplesCount; ++i) {
    if (embedded::kExamples[i].stem == "sample-city") return embedded::kExamples[i].content;
  }
  return {};
}

}  // namespace dangjian
