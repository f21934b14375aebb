// What the tests of a check in parts and of split parts compare against: a
// stream written to a file, and the findings of the whole of it checked at
// once, each finding as its deterministic bytes.
#ifndef DANGJIAN_TESTS_WHOLE_CHECK_H_
#define DANGJIAN_TESTS_WHOLE_CHECK_H_

#include <fstream>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "temp_path.h"
#include "dangjian/check.h"
#include "dangjian/store.h"
#include "lib/report/build.h"

namespace dangjian::testing {

inline std::string WriteFile(const std::string& name, const std::string& bytes) {
  const std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

inline CheckOptions AsOf() {
  CheckOptions o;
  o.as_of = *ParseDate("2026-11-30");
  return o;
}

inline std::multiset<std::string> Findings(const v1::Report& r) {
  std::multiset<std::string> out;
  for (const v1::Finding& f : r.findings()) out.insert(report::DeterministicBytes(f));
  return out;
}

inline std::multiset<std::string> WholeCheck(const std::string& path) {
  auto store = LoadSnapshotFile(path);
  EXPECT_TRUE(store.ok()) << store.status();
  auto report = Check(**store, *Policy::Builtin("national"), AsOf());
  EXPECT_TRUE(report.ok()) << report.status();
  return Findings(*report);
}

}  // namespace dangjian::testing

#endif  // DANGJIAN_TESTS_WHOLE_CHECK_H_
