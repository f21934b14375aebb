// Checks the bundled sample city with the C++ API and prints the findings.
#include <iostream>

#include "dangjian/check.h"
#include "dangjian/examples.h"

int main() {
  auto store = dangjian::LoadSnapshot(dangjian::SampleSnapshotJson(), dangjian::SnapshotFormat::kJson);
  auto policy = dangjian::Policy::Builtin("national");
  if (!store.ok() || !policy.ok()) return 1;
  dangjian::CheckOptions options;
  options.as_of = *dangjian::ParseDate(dangjian::kSampleAsOf);
  auto report = dangjian::Check(**store, *policy, options);
  if (!report.ok()) return 1;
  for (const auto& f : report->findings()) {
    std::cout << f.rule_id() << "  " << f.org_id() << "  " << f.message() << "\n";
  }
  return 0;
}
