// One libFuzzer binary per target: DANGJIAN_FUZZ_TARGET names it at build time.
#include <cstdlib>
#include <string_view>

#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const dangjian::fuzz::Target* target = [] {
    for (const auto& t : dangjian::fuzz::Targets()) {
      if (t.name == DANGJIAN_FUZZ_TARGET) return &t;
    }
    std::abort();
  }();
  return target->run(data, size);
}
