// A file name under the test temporary directory that belongs to the running
// test alone. ctest runs each test in its own process, two at once or more, so
// a fixed name such as "bad.json" would be written by one test while another
// reads it; the suite and test names keep them apart, and the process's id
// keeps apart two runs of the suite at once (a build and its sanitized twin).
//
// What a test wrote under such a name (a file, or a directory and all it
// holds) is removed when the test passes, and kept to look at when it fails.
#ifndef DANGJIAN_TESTS_TEMP_PATH_H_
#define DANGJIAN_TESTS_TEMP_PATH_H_

#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "gtest/gtest.h"

namespace dangjian::testing {

// The names given out during the running test, removed as it ends.
class TempPaths : public ::testing::EmptyTestEventListener {
 public:
  static TempPaths& Get() {
    static TempPaths* const paths = [] {
      auto* listener = new TempPaths;  // the listeners own it
      ::testing::UnitTest::GetInstance()->listeners().Append(listener);
      return listener;
    }();
    return *paths;
  }
  void Add(const std::string& path) {
    const std::lock_guard<std::mutex> hold(mu_);
    paths_.push_back(path);
  }
  void OnTestEnd(const ::testing::TestInfo& test) override {
    std::vector<std::string> paths;
    {
      const std::lock_guard<std::mutex> hold(mu_);
      paths.swap(paths_);
    }
    if (test.result() == nullptr || test.result()->Failed()) return;
    for (const std::string& path : paths) {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  }

 private:
  std::mutex mu_;
  std::vector<std::string> paths_;
};

inline std::string TempPath(const std::string& name) {
  std::string prefix = "dangjian-" + std::to_string(getpid()) + "-";
  if (const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info()) {
    prefix += std::string(test->test_suite_name()) + "." + test->name() + "-";
  }
  std::string path = ::testing::TempDir() + prefix + name;
  TempPaths::Get().Add(path);
  return path;
}

}  // namespace dangjian::testing

#endif  // DANGJIAN_TESTS_TEMP_PATH_H_
