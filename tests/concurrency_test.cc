// One loaded snapshot, checked from many threads at once, through the C
// interface: every result is the same.
#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "capi/dangjian.h"
#include "gtest/gtest.h"

namespace {

TEST(Concurrency, AThousandChecksFromEightThreads) {
  dj_buffer sample = {};
  ASSERT_EQ(dj_sample(&sample), DJ_OK);
  dj_snapshot* snapshot = nullptr;
  ASSERT_EQ(dj_snapshot_load(sample.data, sample.size, DJ_FORMAT_JSON, &snapshot), DJ_OK);
  dj_buffer_free(&sample);
  dj_profile* profile = nullptr;
  ASSERT_EQ(dj_profile_builtin("genhe-2020", &profile), DJ_OK);

  dj_check_options options;
  std::memset(&options, 0, sizeof options);
  options.struct_size = sizeof options;
  options.as_of = DJ_SAMPLE_AS_OF;
  dj_buffer expected = {};
  ASSERT_EQ(dj_check(snapshot, profile, &options, &expected), DJ_OK);
  const std::string reference(expected.data, expected.size);
  dj_buffer_free(&expected);
  ASSERT_GT(reference.size(), 1000u);

  std::atomic<int> same{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      dj_check_options mine = options;
      for (int i = 0; i < 125; ++i) {
        mine.lang = (i + t) % 2 ? "zh" : "zh-CN";  // two spellings of one language
        dj_buffer out = {};
        if (dj_check(snapshot, profile, &mine, &out) != DJ_OK) {
          ++failed;
          continue;
        }
        if (std::string(out.data, out.size) == reference) ++same;
        dj_buffer_free(&out);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(same.load(), 1000);

  dj_profile_destroy(profile);
  dj_snapshot_destroy(snapshot);
}

TEST(Concurrency, LastErrorIsPerThread) {
  std::string seen_here, seen_there;
  dj_profile* p = nullptr;
  EXPECT_EQ(dj_profile_builtin("here", &p), DJ_NOT_FOUND);
  std::thread other([&] {
    dj_profile* q = nullptr;
    EXPECT_EQ(dj_profile_builtin("there", &q), DJ_NOT_FOUND);
    seen_there = dj_last_error();
  });
  other.join();
  seen_here = dj_last_error();
  EXPECT_NE(seen_here.find("here"), std::string::npos);
  EXPECT_NE(seen_there.find("there"), std::string::npos);
}

}  // namespace
