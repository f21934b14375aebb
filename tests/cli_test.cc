// The command: its verbs, its output and its exit codes (cli/cli.h).
#include "cli/cli.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "dangjian/agenda.h"
#include "dangjian/assess.h"
#include "dangjian/rules.h"
#include "google/protobuf/util/json_util.h"
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

// The lines of `s`, each without its end of line.
std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

int Occurrences(const std::string& s, const std::string& what) {
  int n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

template <typename Message>
Message FromJson(const std::string& json) {
  Message m;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &m);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return m;
}

// A score as the tables print it, to a tenth.
std::string Tenths(double x) {
  const int64_t tenths = std::llround(x * 10);
  return StrCat(tenths / 10, ".", tenths % 10);
}

// What a person reads in each language: the words the tests expect around
// what the data says.
struct Words {
  std::string lang, html_lang;
  std::string title, as_of, profile, scope, everything, total, no_findings, no_org;
  std::string severity[4];  // by v1::Severity
  std::string member, unit, due, source;
  std::string branch, committee, general_branch;
  std::string agenda, next_45_days, overdue, nothing_due;
  std::string assessment, model, columns, units, bottom, bottom_two_years, points_lost;
  std::string explain_severity, explain_subject, explain_source, in_each_profile, off, no_obligation, either;
  // Faults the sample plants (data/examples/make_sample.py).
  std::string fifty_six_members, term_overdue;
};

const Words kZh = {
    "zh", "zh-CN",
    "党建合规检查", "截至", "规范", "范围", "全部", "共", "未发现问题。", "其他",
    {"", "违规", "预警", "提醒"},
    "党员", "单位", "到期", "依据",
    "党支部", "机关党委", "党总支",
    "待办事项", "未来45天", "(已逾期)", "没有到期事项。",
    "考核", "模型", "名次  得分  综合  档次", "单位", "(排名靠后)", "(连续两年排名靠后)", "扣分明细",
    "严重程度:", "对象:", "依据:", "各规范中的设置:", "关闭", "(本规范没有这项义务,不检查)", "或",
    "党员56名,党支部党员一般不超过50名", "本届任期自2023-05-10起,应于2026-05-10换届,已超期204天",
};
const Words kEn = {
    "en", "en",
    "Compliance check", "as of", "profile", "scope", "everything", "total", "No findings.", "other",
    {"", "violation", "warning", "notice"},
    "member", "unit", "due", "source",
    "branch", "committee", "general branch",
    "Agenda", "next 45 days", "(overdue)", "Nothing due.",
    "Assessment", "model", "rank  score  composite  tier", "unit", "(bottom)", "(bottom two years running)", "Points lost",
    "severity: ", "subject: ", "source: ", "in each profile:", "off", "(no obligation: nothing to check)", " or ",
    "56 members; a branch generally has at most 50 members",
    "the term begun 2023-05-10 was due for election on 2026-05-10; 204 days overdue",
};

std::string ReportHeader(const Words& w, std::string_view as_of, const std::string& scope) {
  return StrCat(w.title, "  ", w.as_of, " ", as_of, "  ", w.profile, " national  ", w.scope, " ",
                scope.empty() ? w.everything : scope);
}

// The demo: its header, its totals, every finding of the report in order
// under its org's heading with its subject and source, and a fault the sample
// plants, in both languages and in HTML.
TEST(Cli, DemoPrintsTheSampleCitysReport) {
  for (const Words& w : {kZh, kEn}) {
    SCOPED_TRACE(w.lang);
    const Result text = Dangjian({"demo", "--lang", w.lang});
    ASSERT_EQ(text.code, cli::kOk) << text.err;
    EXPECT_EQ(text.err, "");
    const Result json = Dangjian({"demo", "--lang", w.lang, "--format", "json"});
    ASSERT_EQ(json.code, cli::kOk) << json.err;
    const v1::Report report = FromJson<v1::Report>(json.out);
    ASSERT_GT(report.findings_size(), 0);
    const std::vector<std::string> lines = Split(text.out);
    ASSERT_GE(lines.size(), 2u);
    EXPECT_EQ(lines[0], ReportHeader(w, kSampleAsOf, ""));

    int by_severity[4] = {};
    for (const v1::Finding& f : report.findings()) ++by_severity[f.severity()];
    const std::string totals = StrCat(w.total, " ", report.findings_size(), " · ", w.severity[1], " ", by_severity[1], " · ",
                                      w.severity[2], " ", by_severity[2], " · ", w.severity[3], " ", by_severity[3]);
    EXPECT_EQ(lines[1], totals);

    size_t at = 2;
    std::string org = "none yet";
    bool no_org = false;
    for (const v1::Finding& f : report.findings()) {
      ASSERT_LT(at + 1, lines.size());
      if (f.org_id() != org) {
        org = f.org_id();
        EXPECT_EQ(lines[at++], "");
        if (org.empty()) {
          EXPECT_EQ(lines[at], "■ " + w.no_org);
          no_org = true;
        } else {
          EXPECT_EQ(lines[at].rfind("■ ", 0), 0u) << lines[at];
          EXPECT_NE(lines[at].find(" [" + org + "] "), std::string::npos) << lines[at];
        }
        ++at;
      }
      std::string subject;
      if (!f.member_id().empty()) subject += StrCat(" (", w.member, " ", f.member_id(), ")");
      if (!f.unit_id().empty()) subject += StrCat(" (", w.unit, " ", f.unit_id(), ")");
      if (!f.period().empty()) subject += StrCat(" [", f.period(), "]");
      if (!f.due_on().empty()) subject += StrCat(" (", w.due, " ", f.due_on(), ")");
      EXPECT_EQ(lines[at++], StrCat("  [", w.severity[f.severity()], "] ", f.message(), subject));
      EXPECT_EQ(lines[at++], StrCat("      ", f.rule_id(), " · ", w.source, " ", f.citation()));
    }
    EXPECT_EQ(at, lines.size());
    EXPECT_TRUE(no_org);  // the sample's stray records

    // 53 full and 3 probationary members in one branch.
    const std::vector<v1::Finding> big = FindingsOf(report, "setup.branch_max_members", "b-gaj-xz");
    ASSERT_EQ(big.size(), 1u);
    EXPECT_NE(text.out.find(StrCat("\n■ 市公安局刑侦支队党支部 [b-gaj-xz] ", w.branch, "\n  [", w.severity[v1::WARNING], "] ",
                                   w.fifty_six_members, "\n      setup.branch_max_members · ", w.source, " ",
                                   big[0].citation(), "\n")),
              std::string::npos) << text.out;

    const Result html = Dangjian({"demo", "--lang", w.lang, "--format", "html"});
    ASSERT_EQ(html.code, cli::kOk) << html.err;
    EXPECT_NE(html.out.find(StrCat("<html lang=\"", w.html_lang, "\">")), std::string::npos);
    EXPECT_NE(html.out.find(StrCat("<title>", w.title, "</title>")), std::string::npos);
    EXPECT_NE(html.out.find(StrCat("<h1>", w.title, "</h1>\n<p>", w.as_of, " ", kSampleAsOf, " · ", w.profile,
                                   " national · ", totals, "</p>\n")),
              std::string::npos) << html.out.substr(0, 600);
    EXPECT_EQ(Occurrences(html.out, "<tr>"), report.findings_size());
    EXPECT_EQ(Occurrences(html.out, StrCat("\">", w.severity[v1::VIOLATION], "</td>")), by_severity[v1::VIOLATION]);
  }
}

// A scope: named in the header, and only its subtree's orgs under headings.
TEST(Cli, DemoOfAScope) {
  for (const Words& w : {kZh, kEn}) {
    SCOPED_TRACE(w.lang);
    const Result r = Dangjian({"demo", "--lang", w.lang, "--scope", "b-gaj-xz"});
    ASSERT_EQ(r.code, cli::kOk) << r.err;
    const std::vector<std::string> lines = Split(r.out);
    EXPECT_EQ(lines.at(0), ReportHeader(w, kSampleAsOf, "b-gaj-xz"));
    int headings = 0;
    for (const std::string& line : lines) {
      if (line.rfind("■ ", 0) != 0) continue;
      ++headings;
      EXPECT_NE(line.find(" [b-gaj-xz"), std::string::npos) << line;  // the branch or one of its groups
    }
    EXPECT_GE(headings, 2);
  }
}

TEST(Cli, ACleanSnapshotHasNoFindings) {
  for (const Words& w : {kZh, kEn}) {
    SCOPED_TRACE(w.lang);
    Result r = Dangjian({"check", "-", "--as-of", "2026-01-01", "--lang", w.lang}, "{}");
    EXPECT_EQ(r.code, cli::kOk) << r.err;
    EXPECT_EQ(r.out, StrCat(ReportHeader(w, "2026-01-01", ""), "\n", w.no_findings, "\n"));
    r = Dangjian({"check", "-", "--as-of", "2026-01-01", "--lang", w.lang, "--format", "html"}, "{}");
    EXPECT_NE(r.out.find(StrCat("<p>", w.no_findings, "</p>\n</body>")), std::string::npos) << r.out;
    r = Dangjian({"agenda", "-", "--as-of", "2026-01-01", "--days", "45", "--lang", w.lang}, "{}");
    EXPECT_EQ(r.code, cli::kOk) << r.err;
    EXPECT_EQ(r.out, StrCat(w.agenda, "  ", w.as_of, " 2026-01-01  ", w.next_45_days, "  ", w.profile, " national\n",
                            w.nothing_due, "\n"));
  }
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

// The input an error quotes keeps its control characters out of the terminal:
// ESC, a newline and a C1 CSI written out, the message one line.
TEST(Cli, AnErrorQuotingInputEscapesItsControlCharacters) {
  ExpectBadInput(R"({"orgs": [{"id": "a", "kind": "BRANCH", "parentId": "x\u001b[2J\ny\u009b"}]})",
                 R"(orgs[0].parentId: no org "x\x1b[2J\ny\u009b")");
  const Result scope = Dangjian({"demo", "--scope", "\x1b]0;owned\x07\r"});
  EXPECT_EQ(scope.code, cli::kBadInput);
  EXPECT_EQ(scope.err, "dangjian: scope: no org \"\\x1b]0;owned\\x07\\x0d\"\n");
  EXPECT_EQ(Dangjian({"demo", "--scope", "党委"}).err, "dangjian: scope: no org \"党委\"\n");  // Chinese as it is
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
}

// explain: the rule's title, severity, subjects, source and text, then its
// setting in each profile.
TEST(Cli, ExplainARule) {
  for (const Words& w : {kZh, kEn}) {
    SCOPED_TRACE(w.lang);
    const bool en = w.lang == "en";
    const RuleInfo* rule = FindRule("data.invalid_value");  // about an org, a member or a unit
    ASSERT_NE(rule, nullptr);
    Result r = Dangjian({"explain", "data.invalid_value", "--lang", w.lang});
    ASSERT_EQ(r.code, cli::kOk) << r.err;
    const std::vector<std::string> lines = Split(r.out);
    ASSERT_GE(lines.size(), 9u);
    EXPECT_EQ(lines[0], StrCat(rule->id, " — ", en ? rule->title_en : rule->title_zh));
    const std::string subjects = en ? "org or member or unit" : "组织或党员或单位";
    EXPECT_EQ(lines[2], StrCat(w.explain_severity, w.severity[rule->severity], "   ", w.explain_subject, subjects));
    EXPECT_EQ(lines[3], StrCat(w.explain_source, en ? rule->citation_en : rule->citation_zh));
    EXPECT_EQ(lines[5], en ? rule->explain_en : rule->explain_zh);
    EXPECT_EQ(lines[7], w.in_each_profile);
    EXPECT_EQ(lines[8], StrCat("  national: ", w.severity[rule->severity]));

    r = Dangjian({"explain", "life.community_service", "--lang", w.lang});  // genhe-2020's alone
    ASSERT_EQ(r.code, cli::kOk) << r.err;
    EXPECT_NE(r.out.find(StrCat("\n", w.in_each_profile, "\n  national: ", w.severity[v1::WARNING], "\n    ",
                                w.no_obligation, "\n  genhe-2020: ", w.severity[v1::WARNING],
                                "\n    obligations { id: \"community_service\"")),
              std::string::npos) << r.out;
    r = Dangjian({"explain", "setup.discipline_designee", "--lang", w.lang});
    EXPECT_NE(r.out.find(StrCat("\n  national: ", w.off, "\n")), std::string::npos) << r.out;
  }
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

// The agenda: its header, then every item under its due date, in date order,
// the dates passed marked overdue, in both languages.
TEST(Cli, Agenda) {
  for (const Words& w : {kZh, kEn}) {
    SCOPED_TRACE(w.lang);
    const Result r = Dangjian({"agenda", "sample", "--days", "45", "--lang", w.lang});
    ASSERT_EQ(r.code, cli::kOk) << r.err;
    const Result json = Dangjian({"agenda", "sample", "--days", "45", "--lang", w.lang, "--format", "json"});
    ASSERT_EQ(json.code, cli::kOk) << json.err;
    const v1::Agenda agenda = FromJson<v1::Agenda>(json.out);
    ASSERT_GT(agenda.items_size(), 0);
    const std::vector<std::string> lines = Split(r.out);
    EXPECT_EQ(lines.at(0), StrCat(w.agenda, "  ", w.as_of, " ", kSampleAsOf, "  ", w.next_45_days, "  ", w.profile, " national"));
    size_t at = 1;
    std::string due;
    for (const v1::AgendaItem& item : agenda.items()) {
      ASSERT_LT(at, lines.size());
      EXPECT_LE(due, item.due_on());
      const bool overdue = item.due_on() < kSampleAsOf;
      EXPECT_EQ(item.severity() == v1::VIOLATION, overdue) << item.due_on();
      if (item.due_on() != due) {
        due = item.due_on();
        EXPECT_EQ(lines[at++], "");
        EXPECT_EQ(lines[at++], overdue ? StrCat(due, "  ", w.overdue) : due);
      }
      const std::string said = StrCat(" [", item.org_id(), "]  ", item.message(),
                                      item.member_id().empty() ? "" : StrCat(" (", w.member, " ", item.member_id(), ")"));
      const std::string& line = lines[at++];
      EXPECT_EQ(line.rfind("  ", 0), 0u) << line;
      EXPECT_TRUE(line.size() > said.size() && line.compare(line.size() - said.size(), said.size(), said) == 0)
          << line << "\n" << said;
    }
    EXPECT_EQ(at, lines.size());
    // The term the sample lets run out, and a probation and a talk coming due.
    EXPECT_NE(r.out.find(StrCat("\n\n2026-05-10  ", w.overdue, "\n  市生态环境局机关党支部 [b-hbj]  ", w.term_overdue, "\n")),
              std::string::npos) << r.out;
  }
  Result r = Dangjian({"agenda", "sample", "--days", "45"});
  EXPECT_NE(r.out.find("\n2026-12-15\n  市市场监督管理局机关党支部 [b-scj]  预备期将于2026-12-15期满(还有15天),请及时讨论转正 (党员 "),
            std::string::npos) << r.out;
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

// The ranking of an assessment: a table a kind, each org's rank among its
// peers, score, composite and tier, the bottom marked; then the points lost.
TEST(Cli, Assess) {
  const std::string dir = std::string(DANGJIAN_SOURCE_DIR) + "/data/examples/assessment/";
  for (const Words& w : {kZh, kEn}) {
    SCOPED_TRACE(w.lang);
    const std::vector<std::string> args = {"assess", "sample", "--rubric", "organ-assessment", "--manual",
                                           dir + "organ-manual-2026.json", "--previous", dir + "organ-assessment-2025.json",
                                           "--lang", w.lang};
    const Result r = Dangjian(args);
    ASSERT_EQ(r.code, cli::kOk) << r.err;
    std::vector<std::string> json_args = args;
    json_args.insert(json_args.end(), {"--format", "json"});
    const Result json = Dangjian(json_args);
    ASSERT_EQ(json.code, cli::kOk) << json.err;
    const v1::Assessment assessment = FromJson<v1::Assessment>(json.out);
    ASSERT_GT(assessment.orgs_size(), 0);
    const std::vector<std::string> lines = Split(r.out);
    EXPECT_EQ(lines.at(0), StrCat(w.assessment, " organ-assessment  ", w.as_of, " ", kSampleAsOf, "  ", w.model,
                                  " DEFAULT  ", w.profile, " national"));
    size_t at = 1;
    std::string kind;
    const v1::Assessment::Org* above = nullptr;
    int place = 0;
    for (const v1::Assessment::Org& o : assessment.orgs()) {
      ASSERT_LT(at + 1, lines.size());
      if (o.kind() != kind) {
        kind = o.kind();
        above = nullptr;
        place = 0;
        EXPECT_EQ(lines[at++], "");
        const std::string& name = kind == "COMMITTEE" ? w.committee : kind == "GENERAL_BRANCH" ? w.general_branch : kind;
        EXPECT_EQ(lines[at++], StrCat(name, "  ", w.columns));
      }
      // Ranked among the orgs of its kind by composite, ties sharing a rank (1, 1, 3).
      ++place;
      const bool tied = above != nullptr && o.composite() == above->composite();
      if (above != nullptr) {
        EXPECT_LE(o.composite(), above->composite());
      }
      EXPECT_EQ(o.rank(), tied ? above->rank() : place);
      EXPECT_EQ(o.peers(), std::count_if(assessment.orgs().begin(), assessment.orgs().end(),
                                         [&](const v1::Assessment::Org& p) { return p.kind() == kind; }));
      above = &o;
      const std::string tier = o.tier().empty() ? "-" : o.tier_title().empty() ? o.tier() : o.tier_title();
      const std::string mark = o.bottom_two_years() ? "  " + w.bottom_two_years : o.bottom() ? "  " + w.bottom : "";
      EXPECT_EQ(lines[at++], StrCat("  ", o.rank(), "/", o.peers(), "  ", Tenths(o.score()), "  ", Tenths(o.composite()), "  ",
                                    tier, "  ", o.name().empty() ? o.org_id() : o.name(), " [", o.org_id(), "]", mark));
    }
    EXPECT_EQ(lines.at(at++), "");
    EXPECT_EQ(lines.at(at), w.points_lost);
    // Bottom in 2025 (the previous assessment) and again now.
    EXPECT_NE(r.out.find(StrCat("  市公安局机关党委 [c-gaj]  ", w.bottom_two_years, "\n")), std::string::npos) << r.out;

    // Units ranked: a table headed as units.
    const std::string units = TempFile("units.textproto", R"pb(
      id: "units" model: FLAT by_unit: true
      categories { id: "setup" title: "组织设置" weight: 1
                   items { id: "setup" title: "组织设置规范" points: 10 deduction: 2 scope: SUBTREE rule_ids: ["setup"] } }
    )pb");
    const Result by_unit = Dangjian({"assess", "sample", "--rubric", units, "--lang", w.lang});
    ASSERT_EQ(by_unit.code, cli::kOk) << by_unit.err;
    EXPECT_EQ(Split(by_unit.out).at(2), StrCat(w.units, "  ", w.columns));
  }
  const Result r = Dangjian({"assess", "sample", "--rubric", "branch-standardization"});
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_EQ(r.out.rfind("考核 branch-standardization  截至 2026-11-30  模型 ", 0), 0u) << r.out;
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
  const Result whole = Dangjian({"check", path, "--as-of", "2026-01-01", "--format", "json"});
  ASSERT_EQ(whole.code, cli::kOk) << whole.err;
  Result r = Dangjian({"check", path, "--as-of", "2026-01-01", "--format", "json", "--parts", "1"});
  ASSERT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_EQ(Lines(r.out), 3);
  EXPECT_EQ(Occurrences(r.out, "\"ruleId\":"), Occurrences(whole.out, "\"ruleId\":"));
  EXPECT_EQ(Occurrences(r.out, "\"ruleId\":\"setup.branch_min_full_members\""), 2) << r.out;
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
