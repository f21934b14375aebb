// docs/: the rule catalogue as the rule list writes it, and the example of
// adding a rule as the code has it.
#include <fstream>
#include <iterator>
#include <sstream>

#include "cli/cli.h"
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
