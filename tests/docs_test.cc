// docs/: the rule catalogue as the rule list writes it, and the example of
// adding a rule as the code has it.
#include <fstream>
#include <iterator>
#include <sstream>

#include "cli/cli.h"
#include "dangjian/check.h"
#include "dangjian/policy.h"
#include "dangjian/store.h"
#include "gtest/gtest.h"

namespace dangjian::testing {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(std::string(DANGJIAN_SOURCE_DIR) + "/" + path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(Docs, RulesMdIsWrittenFromTheList) {
  std::istringstream in;
  std::ostringstream out, err;
  ASSERT_EQ(cli::Run({"rules", "--format", "md"}, in, out, err), cli::kOk) << err.str();
  const std::string written = out.str(), committed = Read("docs/rules.md");
  if (written == committed) return;
  std::istringstream a(written), b(committed);
  std::string line_a, line_b;
  int line = 1;
  while (std::getline(a, line_a) && std::getline(b, line_b) && line_a == line_b) ++line;
  ADD_FAILURE() << "docs/rules.md is not what the rule list says (from line " << line << "): write it again with\n"
                << "    build/bin/dangjian rules --format md > docs/rules.md";
}

TEST(Docs, SchemaMdIsWrittenFromTheTables) {
  std::istringstream in;
  std::ostringstream out, err;
  ASSERT_EQ(cli::Run({"schema"}, in, out, err), cli::kOk) << err.str();
  const std::string written = out.str(), committed = Read("docs/schema.md");
  if (written == committed) return;
  std::istringstream a(written), b(committed);
  std::string line_a, line_b;
  int line = 1;
  while (std::getline(a, line_a) && std::getline(b, line_b) && line_a == line_b) ++line;
  ADD_FAILURE() << "docs/schema.md is not what the tables and the schema say (from line " << line
                << "): write it again with\n    build/bin/dangjian schema > docs/schema.md";
}

// The README's example snapshot: complete (a record of every kind), it loads
// and checks, and no finding says its data is wrong.
TEST(Docs, TheReadmeExampleSnapshotIsComplete) {
  const std::string readme = Read("README.md");
  const std::string marker = "<!-- the example snapshot -->";
  const size_t at = readme.find(marker);
  ASSERT_NE(at, std::string::npos);
  const size_t first = readme.find('\n', readme.find("```json", at)) + 1;
  const std::string json = readme.substr(first, readme.find("\n```", first) - first);
  absl::StatusOr<v1::Snapshot> snapshot = ParseSnapshot(json, SnapshotFormat::kJson);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  const google::protobuf::Reflection* r = snapshot->GetReflection();
  for (int i = 0; i < snapshot->GetDescriptor()->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = snapshot->GetDescriptor()->field(i);
    if (f->is_repeated()) {
      EXPECT_GT(r->FieldSize(*snapshot, f), 0) << "the example has no " << f->json_name();
    }
  }
  absl::StatusOr<std::shared_ptr<const Store>> store = LoadSnapshot(*snapshot);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<Policy> policy = Policy::Builtin("national");
  CheckOptions options;
  options.as_of = *ParseDate("2026-11-30");
  absl::StatusOr<v1::Report> report = Check(**store, *policy, options);
  ASSERT_TRUE(report.ok());
  for (const v1::Finding& f : report->findings()) EXPECT_NE(f.rule_id().rfind("data.", 0), 0u) << f.message();
}

// Each block of docs/adding-a-rule.md that follows "<!-- from PATH -->" is
// found, as it is, in PATH: the example is the code, not a copy of it.
TEST(Docs, AddingARuleShowsTheCodeAsItIs) {
  const std::string doc = Read("docs/adding-a-rule.md");
  ASSERT_FALSE(doc.empty());
  const std::string marker = "<!-- from ";
  int blocks = 0;
  for (size_t at = doc.find(marker); at != std::string::npos; at = doc.find(marker, at + 1)) {
    const size_t path_end = doc.find(" -->", at);
    ASSERT_NE(path_end, std::string::npos);
    const std::string path = doc.substr(at + marker.size(), path_end - at - marker.size());
    const size_t fence = doc.find("```", path_end);
    const size_t first = doc.find('\n', fence) + 1;
    const size_t last = doc.find("\n```", first);
    ASSERT_NE(fence, std::string::npos);
    ASSERT_NE(last, std::string::npos);
    const std::string block = doc.substr(first, last - first + 1);
    const std::string source = Read(path);
    EXPECT_FALSE(source.empty()) << path;
    EXPECT_NE(source.find(block), std::string::npos)
        << "docs/adding-a-rule.md shows, from " << path << ", what it does not hold:\n" << block;
    ++blocks;
  }
  EXPECT_GE(blocks, 5) << "the list entry, the family's code, its test, its cases and its part of docs/rules.md";
}

}  // namespace
}  // namespace dangjian::testing
