// The command: its verbs, its output and its exit codes (cli/cli.h).
#include "cli/cli.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

struct Result {
  int code;
  std::string out, err;
};

Result Dangjian(std::vector<std::string> args, const std::string& stdin_text = "") {
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  const int code = cli::Run(args, in, out, err);
  return {code, out.str(), err.str()};
}

std::string TempFile(const std::string& name, const std::string& content) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(Cli, DemoPrintsAChineseReport) {
  const Result r = Dangjian({"demo"});
  EXPECT_EQ(r.code, cli::kOk);
  EXPECT_NE(r.out.find("党建合规检查"), std::string::npos);
  EXPECT_NE(r.out.find("[违规]"), std::string::npos);
  EXPECT_EQ(r.err, "");
}

TEST(Cli, CheckAFileInEachFormat) {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  b.Members("b", 2);
  const std::string json = TempFile("two.json", R"({"orgs": [{"id": "b", "kind": "BRANCH"}],
      "members": [{"id": "m1", "orgId": "b", "status": "FULL"}]})");
  Result r = Dangjian({"check", json, "--as-of", "2026-01-01", "--lang", "en"});
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("1 full members; a branch needs at least 3 full members"), std::string::npos) << r.out;
  r = Dangjian({"check", TempFile("two.pb", b.snapshot().SerializeAsString()), "--as-of=2026-01-01", "--format", "json"});
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("\"ruleId\": \"setup.branch_min_full_members\""), std::string::npos);
  r = Dangjian({"check", "-", "--input-format", "json", "--format", "html"}, R"({"orgs": [{"id": "b", "kind": "BRANCH"}]})");
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("<html"), std::string::npos);
}

TEST(Cli, FailOn) {
  const std::string json = TempFile("fail.json", R"({"orgs": [{"id": "b", "kind": "BRANCH"}],
      "members": [{"id": "m1", "orgId": "b", "status": "FULL"}]})");
  EXPECT_EQ(Dangjian({"check", json, "--as-of", "2026-01-01", "--fail-on", "violation"}).code, cli::kFailOn);
  EXPECT_EQ(Dangjian({"check", json, "--as-of", "2026-01-01", "--fail-on", "notice", "--rules", "term.due_soon"}).code, cli::kOk);
  EXPECT_EQ(Dangjian({"check", json, "--as-of", "2026-01-01", "--fail-on", "warning", "--rules", "term"}).code, cli::kFailOn);
}

// Bad input: exit 2, one line on stderr naming the record and field, nothing on stdout.
void ExpectBadInput(const std::string& content, const std::string& needle, const std::string& ext = ".json") {
  const Result r = Dangjian({"check", TempFile("bad" + ext, content)});
  EXPECT_EQ(r.code, cli::kBadInput) << content;
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(Cli, BadInputExitsTwoWithOneLine) {
  ExpectBadInput(R"({"orgs": [{"id": "a", "kind": "BRAN)", "orgs[0].kind: unexpected end of input");
  ExpectBadInput(R"({"orgs": [{"id": "a", "kind": "BRANCH", "parentId": "b"},
                              {"id": "b", "kind": "BRANCH", "parentId": "a"}]})", "orgs[0].parentId: cycle");
  ExpectBadInput(R"({"orgs": [{"id": "a", "kind": "BRANCH"}, {"id": "a", "kind": "BRANCH"}]})",
                 "orgs[1].id: duplicate id \"a\"");
  ExpectBadInput(R"({"orgs": [{"id": "a", "kind": "BRANCH", "parentId": "x"}]})", "orgs[0].parentId: no org \"x\"");
  ExpectBadInput(R"({"orgs": [{"id": "a", "kind": "BRANCHH"}]})", "orgs[0].kind: unknown Org.Kind \"BRANCHH\"");
  ExpectBadInput(R"({"orgs": [{"id": "a", "kind": "BRANCH"}], "terms": [{"orgId": "a", "startedOn": "2024-02-30"}]})",
                 "terms[0].startedOn: \"2024-02-30\" is not a date");
  ExpectBadInput("\x08\x96\x01garbage", "not a dangjian.v1.Snapshot", ".pb");
  ExpectBadInput("\x7f", "truncated", ".djs");
}

TEST(Cli, UsageErrorsExitTwo) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {}, {"frobnicate"}, {"check"}, {"check", "a.txt"}, {"check", "/no/such/file.json"},
           {"demo", "--as-of", "2026-02-30"}, {"demo", "--format", "xml"}, {"demo", "--lang", "fr"},
           {"demo", "--profile", "nowhere"}, {"demo", "--scope", "nowhere"}, {"demo", "--rules", "nope"},
           {"demo", "--fail-on", "bad"}, {"demo", "--colour", "red"}, {"demo", "--as-of"},
           {"explain"}, {"explain", "no.such_rule"}}) {
    const Result r = Dangjian(args);
    EXPECT_EQ(r.code, cli::kBadInput) << (args.empty() ? "" : args[0]) << " " << (args.size() > 1 ? args[1] : "");
    EXPECT_GE(Lines(r.err), 1);
  }
}

TEST(Cli, ProfilesRulesExplain) {
  Result r = Dangjian({"profiles"});
  EXPECT_EQ(r.code, cli::kOk);
  EXPECT_EQ(r.out.rfind("national", 0), 0u);
  EXPECT_NE(r.out.find("genhe-2020  (extends national)"), std::string::npos);
  r = Dangjian({"rules", "--lang", "en"});
  EXPECT_EQ(r.code, cli::kOk);
  EXPECT_NE(r.out.find("term.expired  [violation]"), std::string::npos);
  r = Dangjian({"explain", "setup.branch_min_full_members"});
  EXPECT_EQ(r.code, cli::kOk);
  EXPECT_NE(r.out.find("national: 违规"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("setup.branch_min value: 3 basis: FULL_MEMBERS inclusive: true"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("inclusive: false"), std::string::npos) << r.out;  // genhe-2020
  r = Dangjian({"explain", "setup.discipline_designee", "--lang", "en"});
  EXPECT_NE(r.out.find("national: off"), std::string::npos) << r.out;
}

TEST(Cli, Dues) {
  Result r = Dangjian({"dues", "--category", "EMPLOYED", "--income", "3000.01"});
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_EQ(r.out, "30.00\n");
  r = Dangjian({"dues", "--category", "retired", "--income", "5000.00"});
  EXPECT_EQ(r.out, "25.00\n");
  r = Dangjian({"dues", "--category", "STUDENT"});
  EXPECT_EQ(r.out, "0.20\n");
  const std::string dimes = TempFile("dimes.textproto", R"(id: "d" extends: "national" dues { rounding: UP_TO_TEN_CENTS })");
  r = Dangjian({"dues", "--category", "EMPLOYED", "--income", "3000.01", "--profile", dimes});
  EXPECT_EQ(r.out, "30.10\n");
  for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
           {"dues"}, {"dues", "--category", "EMPLOYED"}, {"dues", "--category", "KING", "--income", "1"},
           {"dues", "--category", "EMPLOYED", "--income", "12.345"}, {"dues", "--category", "EMPLOYED", "--income", "-3"}}) {
    r = Dangjian(bad);
    EXPECT_EQ(r.code, cli::kBadInput);
    EXPECT_EQ(Lines(r.err), 1) << r.err;
  }
}

TEST(Cli, Agenda) {
  Result r = Dangjian({"agenda", "sample", "--days", "45"});
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("待办事项  截至 2026-11-30"), std::string::npos);
  EXPECT_NE(r.out.find("预备期将于2026-12-15期满"), std::string::npos) << r.out;  // a probation coming due
  EXPECT_NE(r.out.find("应于2026-12-20前谈心谈话"), std::string::npos) << r.out;  // a talk owed
  r = Dangjian({"agenda", "sample", "--format", "json", "--lang", "en", "--scope", "b-hbj"});
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("\"ruleId\": \"term.expired\""), std::string::npos) << r.out;
  EXPECT_EQ(Dangjian({"agenda", "sample", "--days", "-1"}).code, cli::kBadInput);
  EXPECT_EQ(Dangjian({"agenda", "sample", "--format", "html"}).code, cli::kBadInput);
}

TEST(Cli, TestRunsPolicyCases) {
  const std::string cases = TempFile("cases.textproto", R"pb(
    cases { name: "right" as_of: "2026-01-01" snapshot { orgs { id: "b" kind: BRANCH } }
            present { rule_id: "term.missing" org_id: "b" } }
    cases { name: "wrong" as_of: "2026-01-01" snapshot { orgs { id: "b" kind: BRANCH } }
            present { rule_id: "term.expired" } absent { rule_id: "term.missing" } }
    cases { name: "extra" as_of: "2026-01-01" rules: "term" exact: true
            snapshot { orgs { id: "b" kind: BRANCH } orgs { id: "c" kind: BRANCH } }
            present { rule_id: "term.missing" org_id: "b" } }
  )pb");
  const Result r = Dangjian({"test", cases});
  EXPECT_EQ(r.code, cli::kFailOn);
  EXPECT_NE(r.out.find(": wrong: missing term.expired; unexpected term.missing org=b severity=WARNING"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": extra: extra term.missing org=c severity=WARNING"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 passed, 2 failed\n"), std::string::npos) << r.out;
  EXPECT_EQ(Lines(r.out), 3);
  const Result good = Dangjian({"test", std::string(DANGJIAN_SOURCE_DIR) + "/tests/cases"});
  EXPECT_EQ(good.code, cli::kOk) << good.out;
  EXPECT_NE(good.out.find(" passed, 0 failed"), std::string::npos);
  const Result broken = Dangjian({"test", TempFile("broken.textproto", "cases { name: ")});
  EXPECT_EQ(broken.code, cli::kFailOn);
  EXPECT_NE(broken.out.find("0 passed, 1 failed"), std::string::npos) << broken.out;
  EXPECT_EQ(Dangjian({"test"}).code, cli::kBadInput);
}

TEST(Cli, Assess) {
  Result r = Dangjian({"assess", "sample", "--rubric", "branch-standardization"});
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("考核 branch-standardization  截至 2026-11-30"), std::string::npos);
  EXPECT_NE(r.out.find("扣分明细"), std::string::npos);
  const std::string dir = std::string(DANGJIAN_SOURCE_DIR) + "/data/examples/assessment/";
  r = Dangjian({"assess", "sample", "--rubric", "organ-assessment", "--manual", dir + "organ-manual-2026.json",
                "--previous", dir + "organ-assessment-2025.json", "--format", "json", "--lang", "en"});
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("\"bottomTwoYears\": true"), std::string::npos);
  EXPECT_EQ(Dangjian({"assess", "sample"}).code, cli::kBadInput);
  EXPECT_EQ(Dangjian({"assess", "sample", "--rubric", "nowhere"}).code, cli::kBadInput);
  EXPECT_EQ(Dangjian({"assess", "sample", "--rubric", "organ-assessment", "--manual", "/nonexistent.json"}).code, cli::kBadInput);
}

TEST(Cli, UserProfileFile) {
  const std::string profile = TempFile("p.textproto", R"(id: "mine" extends: "national"
      rules { id: "setup.branch_min_full_members" severity: NOTICE })");
  const std::string json = TempFile("p.json", R"({"orgs": [{"id": "b", "kind": "BRANCH"}]})");
  const Result r = Dangjian({"check", json, "--profile", profile, "--as-of", "2026-01-01", "--format", "json"});
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("\"severity\": \"NOTICE\""), std::string::npos);
  EXPECT_NE(r.out.find("\"profileId\": \"mine\""), std::string::npos);
  const Result bad = Dangjian({"check", json, "--profile", TempFile("bad.textproto", "id: \"x\" extends: \"nope\"")});
  EXPECT_EQ(bad.code, cli::kBadInput);
  EXPECT_NE(bad.err.find("extends: no built-in profile \"nope\""), std::string::npos) << bad.err;
}

// A stream checked in parts: a report a part, the same findings as at once.
TEST(Cli, CheckInParts) {
  SnapshotBuilder m0, m1, m2;
  m0.Org("wc", v1::Org::WORKING_COMMITTEE);
  m1.Org("b1", v1::Org::BRANCH, "wc");
  m1.Members("b1", 2);
  m2.Org("b2", v1::Org::BRANCH, "wc");
  m2.Members("b2", 2);
  const std::string path = TempFile("three.djs", Delimited({m0.snapshot(), m1.snapshot(), m2.snapshot()}));
  const auto count = [](const std::string& s, const std::string& what) {
    int n = 0;
    for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
  };
  const Result whole = Dangjian({"check", path, "--as-of", "2026-01-01", "--format", "json"});
  ASSERT_EQ(whole.code, cli::kOk) << whole.err;
  Result r = Dangjian({"check", path, "--as-of", "2026-01-01", "--format", "json", "--parts", "1"});
  ASSERT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_EQ(Lines(r.out), 3);
  EXPECT_EQ(count(r.out, "\"ruleId\":"), count(whole.out, "\"ruleId\":"));
  EXPECT_EQ(count(r.out, "\"ruleId\":\"setup.branch_min_full_members\""), 2) << r.out;
  r = Dangjian({"check", path, "--as-of", "2026-01-01", "--lang", "en", "--parts=1", "--fail-on", "violation"});
  EXPECT_EQ(r.code, cli::kFailOn) << r.err;
  EXPECT_NE(r.out.find("== " + path + ": part 2 of 3, messages 1–1 ==\n"), std::string::npos) << r.out;
  r = Dangjian({"check", path, "--as-of", "2026-01-01", "--parts", "1G"});
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find(": part 1 of 1, messages 0–2 ==\n"), std::string::npos) << r.out;

  for (const auto& [args, error] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"check", path, "--parts", "0"}, "--parts: \"0\" is not a size in bytes (1 to 1T; K, M, G for 2^10, 2^20, 2^30)"},
           {{"check", path, "--parts", "2X"}, "--parts: \"2X\" is not a size in bytes (1 to 1T; K, M, G for 2^10, 2^20, 2^30)"},
           {{"check", path, "--parts", "-1"}, "--parts: \"-1\" is not a size in bytes (1 to 1T; K, M, G for 2^10, 2^20, 2^30)"},
           {{"check", path, "--parts", "1", "--format", "html"}, "--parts: reports as text or json"},
           {{"check", TempFile("one.json", "{}"), "--parts", "1"}, "--parts: checks a .djs file"},
           {{"check", path, "--parts", "1", "--scope", "b1"}, path + ": scope: a check in parts covers the whole stream"},
       }) {
    r = Dangjian(args);
    EXPECT_EQ(r.code, cli::kBadInput);
    EXPECT_EQ(r.err, "dangjian: " + error + "\n");
  }
}

}  // namespace
}  // namespace dangjian::testing
