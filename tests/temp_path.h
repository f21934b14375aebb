// A file name under the test temporary directory that belongs to the running
// test alone. ctest runs each test in its own process, two at once or more, so
// a fixed name such as "bad.json" would be written by one test while another
// reads it; the suite and test names keep them apart, and the process's id
// keeps apart two runs of the suite at once (a build and its sanitized twin).
#ifndef DANGJIAN_TESTS_TEMP_PATH_H_
#define DANGJIAN_TESTS_TEMP_PATH_H_

#include <unistd.h>

#include <string>

#include "gtest/gtest.h"

namespace dangjian::testing {

inline std::string TempPath(const std::string& name) {
  std::string prefix = "dangjian-" + std::to_string(getpid()) + "-";
  if (const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info()) {
    prefix += std::string(test->test_suite_name()) + "." + test->name() + "-";
  }
  return ::testing::TempDir() + prefix + name;
}

}  // namespace dangjian::testing

#endif  // DANGJIAN_TESTS_TEMP_PATH_H_
