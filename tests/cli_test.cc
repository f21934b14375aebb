// The command: its verbs, its output and its exit codes (cli/cli.h).
#include "cli/cli.h"
#include "cli/progress.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/str_replace.h"
#include "dangjian.h"
#include "dangjian/agenda.h"
#include "dangjian/assess.h"
#include "dangjian/rules.h"
#include "google/protobuf/util/json_util.h"
#include "snapshot_builder.h"
#include "temp_path.h"

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
  const std::string path = TempPath(name);
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
    EXPECT_NE(html.out.find(StrCat("<h1>", w.title, "</h1><p class=\"meta\">", w.as_of, " ", kSampleAsOf, " · ",
                                   w.profile, " national · ", w.scope, " ", w.everything, " · ", totals, "</p>")),
              std::string::npos) << html.out.substr(0, 600);
    // Every finding is in the page's data, for its script to draw (html_report_test.mjs opens it).
    for (const v1::Finding& f : report.findings()) {
      EXPECT_NE(html.out.find(StrCat("\"", absl::StrReplaceAll(f.message(), {{"\"", "\\\""}}), "\"")), std::string::npos)
          << f.message();
    }
  }
}

// A scope: named in the header, and only its subtree's orgs under headings.
TEST(Cli, DemoOfAScope) {
  for (const Words& w : {kZh, kEn}) {
    SCOPED_TRACE(w.lang);
    const Result r = Dangjian({"demo", "--lang", w.lang, "--scope", "b-gaj-xz"});
    ASSERT_EQ(r.code, cli::kOk) << r.err;
    const std::vector<std::string> lines = Split(r.out);
    EXPECT_EQ(lines.at(0), ReportHeader(w, kSampleAsOf, "市公安局刑侦支队党支部 [b-gaj-xz]"));  // by name
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
    EXPECT_NE(r.out.find(StrCat("\"none\":\"", w.no_findings, "\"")), std::string::npos) << r.out;  // what the page says
    r = Dangjian({"agenda", "-", "--as-of", "2026-01-01", "--days", "45", "--lang", w.lang}, "{}");
    EXPECT_EQ(r.code, cli::kOk) << r.err;
    EXPECT_EQ(r.out, StrCat(w.agenda, "  ", w.as_of, " 2026-01-01  ", w.next_45_days, "  ", w.profile, " national  ",
                            w.scope, " ", w.everything, "\n", w.nothing_due, "\n"));
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
  r = Dangjian({"explain", "setup.branch_min_full_members", "--lang", "en"});
  EXPECT_EQ(r.code, cli::kOk);
  EXPECT_NE(r.out.find("national: violation"), std::string::npos) << r.out;
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
                                en ? "\n    obligations { id: \"community_service\""
                                   : "\n    党支部、联合党支部:每月进社区活动不少于1次  [obligations community_service]")),
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
    EXPECT_EQ(lines.at(0), StrCat(w.agenda, "  ", w.as_of, " ", kSampleAsOf, "  ", w.next_45_days, "  ", w.profile,
                                  " national  ", w.scope, " ", w.everything));
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
  EXPECT_EQ(Dangjian({"agenda", "sample", "--format", "pdf"}).code, cli::kBadInput);
  r = Dangjian({"agenda", "sample", "--format", "html"});
  EXPECT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("<title>待办事项</title>"), std::string::npos);
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
  // A case file that does not parse, or is not there, is bad input, not a failing case.
  const std::string broken_file = TempFile("broken.textproto", "cases { name: ");
  const Result broken = Dangjian({"test", broken_file, cases});
  EXPECT_EQ(broken.code, cli::kBadInput);
  EXPECT_EQ(broken.err.rfind(StrCat("dangjian: ", broken_file, ": line 1, column 15: "), 0), 0u) << broken.err;
  EXPECT_EQ(Lines(broken.err), 1) << broken.err;
  EXPECT_NE(broken.out.find("1 passed, 2 failed\n"), std::string::npos) << broken.out;
  const Result absent = Dangjian({"test", "/nonexistent"});
  EXPECT_EQ(absent.code, cli::kBadInput);
  EXPECT_EQ(absent.err, "dangjian: /nonexistent: cannot read\n");
  EXPECT_EQ(absent.out, "0 passed, 0 failed\n");
  EXPECT_EQ(Dangjian({"test"}).code, cli::kBadInput);
}

// The ranking of an assessment: a table a kind, each org's rank among its
// peers, score, composite and tier, the bottom marked; then the points lost.
// An assessment of a subtree says so, by name, in its header and its JSON.
TEST(Cli, AssessStatesItsScope) {
  for (const Words& w : {kZh, kEn}) {
    SCOPED_TRACE(w.lang);
    const Result r = Dangjian({"assess", "sample", "--rubric", "organ-assessment", "--scope", "c-gaj", "--lang", w.lang});
    ASSERT_EQ(r.code, cli::kOk) << r.err;
    const std::string header = Split(r.out).at(0), scope = StrCat("  ", w.scope, " 市公安局机关党委 [c-gaj]");
    EXPECT_EQ(header.substr(header.size() - std::min(header.size(), scope.size())), scope) << header;
    const Result json = Dangjian({"assess", "sample", "--rubric", "organ-assessment", "--scope", "c-gaj", "--format", "json"});
    ASSERT_EQ(json.code, cli::kOk) << json.err;
    EXPECT_EQ(FromJson<v1::Assessment>(json.out).scope(), "c-gaj");
  }
}

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
                                  " DEFAULT  ", w.profile, " national  ", w.scope, " ", w.everything));
    EXPECT_EQ(assessment.scope(), "");
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

// A delimited stream of three messages in a file: the working committee,
// then two branches of two members each, one a message.
std::string ThreeMessageStream(const std::string& name) {
  SnapshotBuilder m0, m1, m2;
  m0.Org("wc", v1::Org::WORKING_COMMITTEE);
  m1.Org("b1", v1::Org::BRANCH, "wc");
  m1.Members("b1", 2);
  m2.Org("b2", v1::Org::BRANCH, "wc");
  m2.Members("b2", 2);
  return TempFile(name, Delimited({m0.snapshot(), m1.snapshot(), m2.snapshot()}));
}

// A stream checked in parts: a report a part, the same findings as at once.
TEST(Cli, CheckInParts) {
  const std::string path = ThreeMessageStream("three.djs");
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

// ---- what a newcomer meets first --------------------------------------------

// Every verb, the options its help lists (each "  --name" line).
std::vector<std::string> HelpOptions(const std::string& help) {
  std::vector<std::string> options;
  for (const std::string& line : Split(help)) {
    if (line.rfind("  --", 0) == 0) options.push_back(line.substr(4, line.find_first_of(" =", 4) - 4));
  }
  return options;
}

const std::vector<std::string> kVerbs = {"check", "agenda", "assess", "demo", "profiles", "rules", "explain", "dues", "test"};
const std::vector<std::string> kAllOptions = {"profile", "as-of", "from", "days", "rubric", "manual", "previous", "format",
                                              "lang", "scope", "rules", "fail-on", "input-format", "parts", "category",
                                              "income"};

// `dangjian VERB --help` (or -h, or `dangjian help VERB`): its usage and
// options on stdout, exit 0, whatever else is on the line; every option it
// lists is taken, every other is refused naming the option and the verb.
TEST(Cli, EveryVerbAnswersHelp) {
  for (const std::string& verb : kVerbs) {
    SCOPED_TRACE(verb);
    const Result help = Dangjian({verb, "--help"});
    EXPECT_EQ(help.code, cli::kOk);
    EXPECT_EQ(help.err, "");
    EXPECT_EQ(help.out.rfind("usage: dangjian " + verb, 0), 0u) << help.out;
    EXPECT_EQ(Dangjian({verb, "-h"}).out, help.out);
    EXPECT_EQ(Dangjian({"help", verb}).out, help.out);
    EXPECT_EQ(Dangjian({verb, "sample", "--format", "xml", "--help"}).out, help.out);
    const std::vector<std::string> listed = HelpOptions(help.out);
    for (const std::string& option : kAllOptions) {
      const bool takes = std::find(listed.begin(), listed.end(), option) != listed.end();
      const Result r = Dangjian({verb, "--" + option, "x"});
      const std::string refused = StrCat("dangjian: --", option, " is not an option of ", verb, " (see dangjian ", verb, " --help)\n");
      EXPECT_EQ(r.err == refused, !takes) << option << ": " << r.err;
      if (!takes) {
        EXPECT_EQ(r.code, cli::kBadInput);
      }
    }
  }
  const Result usage = Dangjian({"--help"});
  EXPECT_EQ(usage.code, cli::kOk);
  for (const std::string& verb : kVerbs) EXPECT_NE(usage.out.find("\n  " + verb + " "), std::string::npos) << verb;
  EXPECT_EQ(Dangjian({"help", "frobnicate"}).code, cli::kBadInput);
}

TEST(Cli, VersionIsTheLibrarys) {
  for (const char* flag : {"--version", "version"}) {
    const Result r = Dangjian({flag});
    EXPECT_EQ(r.code, cli::kOk);
    EXPECT_EQ(r.out, StrCat("dangjian ", dj_version_string(), "\n"));
    EXPECT_EQ(r.err, "");
  }
}

// The options the issue found taken and ignored: refused, naming the option
// and the verb; or, agenda --rules, taken and applied.
TEST(Cli, OptionsThatDoNotApplyAreRefused) {
  for (const auto& [args, option, verb] : std::vector<std::tuple<std::vector<std::string>, std::string, std::string>>{
           {{"agenda", "sample", "--fail-on", "violation"}, "fail-on", "agenda"},
           {{"demo", "--days", "5"}, "days", "demo"},
           {{"rules", "--scope", "x"}, "scope", "rules"},
           {{"profiles", "--rubric", "x"}, "rubric", "profiles"},
           {{"check", "sample", "--days", "5"}, "days", "check"},
           {{"dues", "--category", "EMPLOYED", "--scope", "x"}, "scope", "dues"},
       }) {
    const Result r = Dangjian(args);
    EXPECT_EQ(r.code, cli::kBadInput) << option;
    EXPECT_EQ(r.err, StrCat("dangjian: --", option, " is not an option of ", verb, " (see dangjian ", verb, " --help)\n"));
    EXPECT_EQ(r.out, "");
  }
  const Result unknown = Dangjian({"agenda", "sample", "--colour", "red"});
  EXPECT_EQ(unknown.code, cli::kBadInput);
  EXPECT_EQ(unknown.err, "dangjian: unknown option --colour\n");
  const Result bad_rule = Dangjian({"agenda", "sample", "--rules", "x"});
  EXPECT_EQ(bad_rule.code, cli::kBadInput);
  EXPECT_EQ(bad_rule.err, "dangjian: rules: no rule or family \"x\"\n");
}

// agenda --rules: the items of those rules alone, the header and the JSON saying which.
TEST(Cli, AgendaOfSomeRules) {
  const v1::Agenda all = FromJson<v1::Agenda>(Dangjian({"agenda", "sample", "--format", "json"}).out);
  const Result json = Dangjian({"agenda", "sample", "--format", "json", "--rules", "life, member.probation_due_soon"});
  ASSERT_EQ(json.code, cli::kOk) << json.err;
  const v1::Agenda some = FromJson<v1::Agenda>(json.out);
  EXPECT_EQ(std::vector<std::string>(some.rules().begin(), some.rules().end()),
            (std::vector<std::string>{"life", "member.probation_due_soon"}));
  int wanted = 0;
  for (const v1::AgendaItem& item : all.items()) {
    wanted += item.rule_id().rfind("life.", 0) == 0 || item.rule_id() == "member.probation_due_soon";
  }
  EXPECT_GT(wanted, 0);
  EXPECT_LT(wanted, all.items_size());
  ASSERT_EQ(some.items_size(), wanted);
  for (const v1::AgendaItem& item : some.items()) {
    EXPECT_TRUE(item.rule_id().rfind("life.", 0) == 0 || item.rule_id() == "member.probation_due_soon") << item.rule_id();
  }
  const Result text = Dangjian({"agenda", "sample", "--rules", "life", "--lang", "en"});
  EXPECT_EQ(Split(text.out).at(0), StrCat("Agenda  as of ", kSampleAsOf, "  next 31 days  profile national  scope everything  rules life"));
}

// --rules given twice adds; a list with spaces is trimmed; all say the same.
TEST(Cli, RulesMergeAndTrim) {
  const Result joined = Dangjian({"demo", "--format", "json", "--rules", "term,setup"});
  ASSERT_EQ(joined.code, cli::kOk) << joined.err;
  const v1::Report report = FromJson<v1::Report>(joined.out);
  EXPECT_EQ(std::vector<std::string>(report.rules().begin(), report.rules().end()), (std::vector<std::string>{"term", "setup"}));
  bool term = false, setup = false;
  for (const v1::Finding& f : report.findings()) {
    term |= f.rule_id().rfind("term.", 0) == 0;
    setup |= f.rule_id().rfind("setup.", 0) == 0;
    EXPECT_TRUE(f.rule_id().rfind("term.", 0) == 0 || f.rule_id().rfind("setup.", 0) == 0) << f.rule_id();
  }
  EXPECT_TRUE(term && setup);
  for (const std::vector<std::string>& rules : std::vector<std::vector<std::string>>{
           {"--rules", "term", "--rules", "setup"}, {"--rules", "term, setup"}, {"--rules", " term ,setup,"},
           {"--rules=term", "--rules=setup"}}) {
    std::vector<std::string> args = {"demo", "--format", "json"};
    args.insert(args.end(), rules.begin(), rules.end());
    EXPECT_EQ(Dangjian(args).out, joined.out) << rules[1];
  }
  // Other options given twice: the last one, as git does.
  EXPECT_EQ(Dangjian({"demo", "--format", "json", "--lang", "zh", "--lang", "en"}).out,
            Dangjian({"demo", "--format", "json", "--lang", "en"}).out);
}

// check takes sample as agenda and assess do; --input-format names the format
// of a file whatever its name, not only stdin's.
TEST(Cli, CheckSampleAndInputFormatOfAFile) {
  const Result demo = Dangjian({"demo"});
  const Result sample = Dangjian({"check", "sample"});
  EXPECT_EQ(sample.code, cli::kOk) << sample.err;
  EXPECT_EQ(sample.out, demo.out);
  EXPECT_EQ(Dangjian({"check", "sample", "--as-of", "2026-06-30", "--format", "json"}).out,
            Dangjian({"demo", "--as-of", "2026-06-30", "--format", "json"}).out);

  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  b.Members("b", 2);
  const std::string json = R"({"orgs": [{"id": "b", "kind": "BRANCH"}], "members": [{"id": "m1", "orgId": "b", "status": "FULL"}]})";
  const std::string expected = Dangjian({"check", "-", "--as-of", "2026-01-01", "--format", "json"}, json).out;
  ASSERT_NE(expected.find("setup.branch_min_full_members"), std::string::npos);
  for (const auto& [name, bytes, format] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"export.txt", json, "json"}, {"export", json, "json"}, {"export.bin", b.snapshot().SerializeAsString(), "pb"},
           {"export.dat", Delimited({b.snapshot()}), "djs"}}) {
    SCOPED_TRACE(name);
    const std::string path = TempFile(name, bytes);
    const Result r = Dangjian({"check", path, "--input-format", format, "--as-of", "2026-01-01", "--format", "json"});
    ASSERT_EQ(r.code, cli::kOk) << r.err;
    EXPECT_NE(r.out.find("\"ruleId\": \"setup.branch_min_full_members\""), std::string::npos) << r.out;
  }
  // A check in parts reads a stream by its name.
  const Result djs = Dangjian({"check", TempFile("export.stream", Delimited({b.snapshot()})), "--input-format", "djs",
                               "--as-of", "2026-01-01", "--parts", "1K"});
  EXPECT_EQ(djs.code, cli::kBadInput);
  EXPECT_EQ(djs.err, "dangjian: --parts: checks a .djs file\n");
  // Asked for binary, given JSON: the load says so.
  const std::string mislabelled = TempFile("export.json", json);
  const Result wrong = Dangjian({"check", mislabelled, "--input-format", "pb"});
  EXPECT_EQ(wrong.code, cli::kBadInput);
  EXPECT_NE(wrong.err.find("not a dangjian.v1.Snapshot in binary protobuf"), std::string::npos) << wrong.err;
  EXPECT_EQ(Dangjian({"check", "/nonexistent.data", "--input-format", "json"}).err, "dangjian: /nonexistent.data: cannot read\n");
  EXPECT_EQ(Dangjian({"check", "export.txt"}).err, "dangjian: export.txt: unknown snapshot format (use .json, .pb or .djs, a workbook .xlsx, or a folder of CSV tables)\n");
}

// The README's profile of a city's own: explain finds its local rule, with
// the profile's setting and the obligation behind it as a sentence.
TEST(Cli, ExplainALocalRule) {
  const std::string profile = TempFile("my-city.textproto", R"pb(
    id: "my-city"
    extends: "genhe-2020"
    local_rules { id: "local.ethics_lecture" severity: WARNING
                  title_zh: "每半年一次廉政党课" title_en: "An ethics lecture every half-year" citation_zh: "市纪委通知(2024)" }
    obligations { id: "ethics" rule_id: "local.ethics_lecture" activity: PARTY_LECTURE
                  tag: "ETHICS" holders: [BRANCH] at_least: 1 period: HALF_YEAR }
  )pb");
  Result r = Dangjian({"explain", "local.ethics_lecture", "--profile", profile});
  ASSERT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_EQ(r.out, "local.ethics_lecture — 每半年一次廉政党课\n\n"
                   "严重程度:预警   对象:组织\n"
                   "依据:市纪委通知(2024)\n\n"
                   "每半年一次廉政党课\n\n"
                   "各规范中的设置:\n"
                   "  my-city: 预警\n"
                   "    党支部:每半年党课(标记ETHICS)不少于1次  [obligations ethics]\n");
  r = Dangjian({"explain", "local.ethics_lecture", "--profile", profile, "--lang", "en"});
  ASSERT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("  my-city: warning\n    obligations { id: \"ethics\" rule_id: \"local.ethics_lecture\""),
            std::string::npos) << r.out;
  // rules --profile: the catalogue's rules with the profile's severities (or off), then its own.
  r = Dangjian({"rules", "--profile", profile});
  ASSERT_EQ(r.code, cli::kOk) << r.err;
  const std::vector<std::string> lines = Split(r.out);
  ASSERT_EQ(lines.size(), 2 * (Rules().size() + 1));
  EXPECT_EQ(lines[lines.size() - 2], "local.ethics_lecture  [预警] 每半年一次廉政党课");
  EXPECT_EQ(lines.back(), "    市纪委通知(2024)");
  EXPECT_NE(r.out.find("\nsetup.discipline_designee  [预警] "), std::string::npos);  // on in genhe-2020
  EXPECT_NE(Dangjian({"rules", "--profile", "national"}).out.find("\nsetup.discipline_designee  [关闭] "), std::string::npos);
  EXPECT_EQ(Dangjian({"rules"}).out.find("local.ethics_lecture"), std::string::npos);
  EXPECT_EQ(Dangjian({"rules", "--profile", profile, "--format", "md"}).code, cli::kBadInput);
  // Without the profile there is no such rule; a catalogue rule in the profile given: that profile alone.
  EXPECT_EQ(Dangjian({"explain", "local.ethics_lecture"}).code, cli::kBadInput);
  r = Dangjian({"explain", "setup.branch_min_full_members", "--profile", profile});
  ASSERT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("\n  my-city: 违规\n    成立党支部须正式党员超过3名  [setup.branch_min]\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("national:"), std::string::npos) << r.out;
}

// explain in Chinese: each parameter a sentence with the field that sets it,
// no textproto; in English the profile's textproto, as a profile author writes it.
TEST(Cli, ExplainSaysParametersInSentences) {
  Result r = Dangjian({"explain", "term.expired"});
  ASSERT_EQ(r.code, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("\n  national: 违规\n    任期:机关党委5年、党总支3年、党支部3年、联合党支部3年  [terms.lengths]\n"
                       "    届期延期或提前不超过12个月  [terms.adjustment_limit_months]\n"),
            std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("kind:"), std::string::npos) << r.out;
  r = Dangjian({"explain", "setup.branch_min_full_members"});
  EXPECT_NE(r.out.find("\n  national: 违规\n    成立党支部须正式党员3名以上  [setup.branch_min]\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n  genhe-2020: 违规\n    成立党支部须正式党员超过3名  [setup.branch_min]\n"), std::string::npos) << r.out;
  r = Dangjian({"explain", "life.general_meeting"});
  EXPECT_NE(r.out.find("    党支部、联合党支部、临时党支部:每季度党员大会不少于1次  [obligations general_meeting]\n"),
            std::string::npos) << r.out;
  // Every parameter of every rule, in every built-in profile: a sentence, never a field's textproto.
  for (const RuleInfo& rule : Rules()) {
    r = Dangjian({"explain", std::string(rule.id)});
    ASSERT_EQ(r.code, cli::kOk) << rule.id;
    for (const std::string& line : Split(r.out)) {
      EXPECT_EQ(line.find(": ["), std::string::npos) << rule.id << ": " << line;
      EXPECT_EQ(line.find("value:"), std::string::npos) << rule.id << ": " << line;
      EXPECT_EQ(line.find("obligations {"), std::string::npos) << rule.id << ": " << line;
    }
  }
  EXPECT_NE(Dangjian({"explain", "term.expired", "--lang", "en"}).out.find("    terms.lengths [kind: COMMITTEE months: 60"),
            std::string::npos);
}

// With --lang zh an error is in Chinese, the record and field path as they are.
TEST(Cli, ErrorsInTheLanguageAskedFor) {
  const auto error = [](std::vector<std::string> args, const std::string& stdin_text = "") {
    const Result r = Dangjian(args, stdin_text);
    EXPECT_EQ(r.code, cli::kBadInput);
    EXPECT_EQ(r.out, "");
    return r.err;
  };
  for (const auto& [snapshot, zh, en] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {R"({"orgs": [{"id": "a", "kind": "BRANCH", "parentId": "x"}]})", "orgs[0].parentId: 没有组织“x”",
            "orgs[0].parentId: no org \"x\""},
           {R"({"orgs": [{"id": "a", "kind": "BRANCH"}], "terms": [{"orgId": "a", "startedOn": "2024-02-30"}]})",
            "terms[0].startedOn: “2024-02-30”不是日期(YYYY-MM-DD)", "terms[0].startedOn: \"2024-02-30\" is not a date (YYYY-MM-DD)"},
           {R"({"orgs": [{"id": "a", "kind": "BRANCHH"}]})", "orgs[0].kind: Org.Kind中没有“BRANCHH”(应为 ",
            "orgs[0].kind: unknown Org.Kind \"BRANCHH\" (one of "},
           {R"({"orgs": [{"id": "a", "kind": "BRANCH"}, {"id": "a", "kind": "BRANCH"}]})",
            "orgs[1].id: id“a”重复(另见 orgs[0])", "orgs[1].id: duplicate id \"a\" (also orgs[0])"},
           {R"({"orgs": [{"id": "a", "kind": "BRAN)", "orgs[0].kind: 字符串未结束,输入就结束了(第1行第36列)",
            "orgs[0].kind: unexpected end of input inside a string (line 1, column 36)"},
           {R"({"orgs": [{"id": "a", "colour": "red"}]})", "orgs[0].colour: Org中没有这个字段", "orgs[0].colour: unknown field in Org"},
       }) {
    SCOPED_TRACE(en);
    EXPECT_EQ(error({"check", "-", "--lang", "zh"}, snapshot).rfind("dangjian: stdin: " + zh, 0), 0u)
        << error({"check", "-", "--lang", "zh"}, snapshot);
    EXPECT_EQ(error({"check", "-", "--lang", "en"}, snapshot).rfind("dangjian: stdin: " + en, 0), 0u);
    EXPECT_EQ(error({"check", "-"}, snapshot).rfind("dangjian: stdin: " + en, 0), 0u);  // not asked: as it always was
  }
  // The options' errors, and those of the checks they ask for.
  for (const auto& [args, zh] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"demo", "--format", "xml"}, "--format: “xml”不是 text、json、html 或 xlsx"},
           {{"stats", "sample", "--format", "xml"}, "--format: “xml”不是 text、json、html 或 xlsx"},
           {{"demo", "--as-of", "2026-02-30"}, "--as-of: “2026-02-30”不是日期(YYYY-MM-DD)"},
           {{"demo", "--fail-on", "bad"}, "--fail-on: “bad”不是 violation、warning 或 notice"},
           {{"demo", "--scope", "nowhere"}, "scope: 没有组织“nowhere”"},
           {{"demo", "--rules", "nope"}, "rules: 没有规则或规则族“nope”"},
           {{"demo", "--profile", "nowhere"}, "--profile: 没有名为“nowhere”的内置规范,也没有可读的该文件"},
           {{"agenda", "sample", "--fail-on", "violation"}, "--fail-on 不是 agenda 的选项(见 dangjian agenda --help)"},
           {{"demo", "--colour", "red"}, "未知选项 --colour"},
           {{"frobnicate"}, "未知命令“frobnicate”(见 dangjian help)"},
           {{"explain", "no.such_rule"}, "explain: 没有规则“no.such_rule”(见 `dangjian rules`)"},
       }) {
    std::vector<std::string> zh_args = args;
    zh_args.insert(zh_args.end(), {"--lang", "zh"});
    EXPECT_EQ(error(zh_args), StrCat("dangjian: ", zh, "\n"));
  }
  EXPECT_EQ(error({"demo", "--as-of", "x", "--lang=zh"}), "dangjian: --as-of: “x”不是日期(YYYY-MM-DD)\n");
  // The language asked for is not one: said in English.
  EXPECT_EQ(error({"demo", "--lang", "fr"}), "dangjian: --lang: \"fr\" is not zh or en\n");
}

// The header of every output states its scope by name and the rules asked
// for, so that totals of a part never read as those of a full check.
TEST(Cli, EveryOutputStatesItsScopeAndFilter) {
  const std::vector<std::string> args = {"check", "sample", "--scope", "c-gaj", "--rules", "setup"};
  const auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> all = args;
    all.insert(all.end(), more.begin(), more.end());
    const Result r = Dangjian(all);
    EXPECT_EQ(r.code, cli::kOk) << r.err;
    return r.out;
  };
  const v1::Report report = FromJson<v1::Report>(with({"--format", "json"}));
  EXPECT_EQ(report.scope(), "c-gaj");
  EXPECT_EQ(std::vector<std::string>(report.rules().begin(), report.rules().end()), std::vector<std::string>{"setup"});
  EXPECT_EQ(Split(with({})).at(0), StrCat(kZh.title, "  截至 ", kSampleAsOf, "  规范 national  范围 市公安局机关党委 [c-gaj]  规则 setup"));
  EXPECT_EQ(Split(with({"--lang", "en"})).at(0),
            StrCat("Compliance check  as of ", kSampleAsOf, "  profile national  scope 市公安局机关党委 [c-gaj]  rules setup"));
  int by_severity[4] = {};
  for (const v1::Finding& f : report.findings()) ++by_severity[f.severity()];
  EXPECT_NE(with({"--format", "html"}).find(StrCat("<p class=\"meta\">截至 ", kSampleAsOf, " · 规范 national · 范围 市公安局机关党委 [c-gaj] · 规则 setup · 共 ",
                                                   report.findings_size(), " · 违规 ", by_severity[1], " · 预警 ", by_severity[2],
                                                   " · 提醒 ", by_severity[3], "</p>")),
            std::string::npos);
  // No filter: nothing said of rules; the agenda states its scope too.
  EXPECT_EQ(FromJson<v1::Report>(Dangjian({"demo", "--format", "json"}).out).rules_size(), 0);
  EXPECT_EQ(Split(Dangjian({"agenda", "sample", "--scope", "c-gaj", "--rules", "term"}).out).at(0),
            StrCat("待办事项  截至 ", kSampleAsOf, "  未来31天  规范 national  范围 市公安局机关党委 [c-gaj]  规则 term"));
}

// The agenda's default horizon reaches the end of the month 30 days on: as
// of 30 November, 31 December, when the month's theme days fall due.
TEST(Cli, AgendaByDefaultReachesTheEndOfTheMonth) {
  const v1::Agenda agenda = FromJson<v1::Agenda>(Dangjian({"agenda", "sample", "--format", "json"}).out);
  EXPECT_EQ(agenda.days(), 31);
  const auto due_on_31_december = [](const v1::Agenda& a) {
    return std::count_if(a.items().begin(), a.items().end(), [](const v1::AgendaItem& i) { return i.due_on() == "2026-12-31"; });
  };
  EXPECT_GT(due_on_31_december(agenda), 0);
  EXPECT_EQ(due_on_31_december(FromJson<v1::Agenda>(Dangjian({"agenda", "sample", "--format", "json", "--days", "30"}).out)), 0);
  EXPECT_EQ(Split(Dangjian({"agenda", "sample"}).out).at(0), StrCat("待办事项  截至 ", kSampleAsOf, "  未来31天  规范 national  范围 全部"));
}

// A load's line: the file's size until the first message is in, then how
// much of it and the time left at that pace, then the building of the Store.
TEST(Cli, LoadLineSaysHowFarAndHowLong) {
  using std::chrono::seconds;
  EXPECT_EQ(cli::LoadLine("p.djs", 0, 3 << 20, seconds(1), Lang::kEn), "loading p.djs (3.0 MB)… 1 s");
  EXPECT_EQ(cli::LoadLine("p.djs", 1 << 20, 3 << 20, seconds(10), Lang::kEn),
            "loading p.djs: 1.0 MB of 3.0 MB (33%)… 10 s so far, about 20 s left");
  EXPECT_EQ(cli::LoadLine("p.djs", 1 << 20, 3 << 20, seconds(10), Lang::kZh),
            "正在读取 p.djs:1.0 MB / 3.0 MB(33%)… 已用 10 s,约剩 20 s");
  EXPECT_EQ(cli::LoadLine("p.djs", (3 << 20) - 1, 3 << 20, seconds(30), Lang::kEn),
            "loading p.djs: 3.0 MB of 3.0 MB (99%)… 30 s so far, about 0 s left");
  EXPECT_EQ(cli::LoadLine("p.djs", 3 << 20, 3 << 20, seconds(31), Lang::kEn), "indexing p.djs… 31 s");
}

// On a terminal a long step shows a progress line on stderr, redrawn in
// place and erased when done; the output is the same; without a terminal,
// nothing on stderr.
TEST(Cli, ProgressOnlyOnATerminal) {
  const std::string path = ThreeMessageStream("progress.djs");
  const auto run = [](const std::vector<std::string>& args, const cli::Terminal& terminal) {
    std::istringstream in;
    std::ostringstream out, err;
    const int code = cli::Run(args, in, out, err, terminal);
    EXPECT_EQ(code, cli::kOk) << err.str();
    return std::make_pair(out.str(), err.str());
  };
  cli::Terminal terminal;
  terminal.progress = true;
  terminal.delay = std::chrono::milliseconds(0);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"check", path, "--as-of", "2026-01-01", "--parts", "1", "--lang", "en"},
           {"check", path, "--as-of", "2026-01-01", "--lang", "en"},
           {"agenda", path, "--as-of", "2026-01-01", "--lang", "en"}}) {
    SCOPED_TRACE(args.size());
    const auto [plain_out, plain_err] = run(args, cli::Terminal{});
    EXPECT_EQ(plain_err, "");
    const auto [out, err] = run(args, terminal);
    EXPECT_EQ(out, plain_out);
    // Each line drawn from the line's start and erased at the end: nothing
    // is left on the terminal, no line feed is written.
    EXPECT_EQ(err.find('\n'), std::string::npos) << err;
    EXPECT_EQ(err.rfind("\r", 0), 0u) << err;
    ASSERT_GE(err.size(), 4u);
    EXPECT_EQ(err.substr(err.size() - 4), "\r\033[K");
    if (std::find(args.begin(), args.end(), "--parts") != args.end()) {
      EXPECT_NE(err.find("reading the hierarchy of " + path), std::string::npos) << err;
      EXPECT_NE(err.find("part 2 of 3… "), std::string::npos) << err;
      EXPECT_NE(err.find("part 3 of 3… "), std::string::npos) << err;
      EXPECT_NE(err.find(" left\033[K"), std::string::npos) << err;
    } else {
      EXPECT_NE(err.find("loading " + path + " ("), std::string::npos) << err;
      EXPECT_NE(err.find("checking… 0 s\033[K"), std::string::npos) << err;
    }
  }
  // A failure erases the line before it says why.
  std::istringstream in;
  std::ostringstream out, err;
  EXPECT_EQ(cli::Run({"check", TempFile("progress-bad.json", "{\"orgs\": [")}, in, out, err, terminal), cli::kBadInput);
  EXPECT_NE(err.str().find("\r\033[Kdangjian: "), std::string::npos) << err.str();
}

TEST(MaskName, KeepsTheFirstAndLastCharacters) {
  EXPECT_EQ(MaskName("张三明"), "张*明");
  EXPECT_EQ(MaskName("欧阳明月"), "欧**月");
  EXPECT_EQ(MaskName("韩欣"), "韩*");
  EXPECT_EQ(MaskName("李"), "*");
  EXPECT_EQ(MaskName(""), "");
  EXPECT_EQ(MaskName("Anna"), "A**a");
  EXPECT_EQ(MaskName("\x80\x80\xe5"), "*");  // no character starts: nothing of it shown
}

// The pages and ledgers a person reads name members by name beside the id,
// masked when asked; text and JSON by id alone.
TEST(Cli, HtmlNamesMembersMaskedWhenAsked) {
  const std::string json = TempFile("names.json", R"({"orgs": [{"id": "b", "kind": "BRANCH"}],
      "members": [{"id": "m1", "name": "张三明", "orgId": "b", "status": "FULL"}]})");
  const Result full = Dangjian({"check", json, "--as-of", "2026-01-01", "--format", "html"});
  EXPECT_EQ(full.code, cli::kOk) << full.err;
  EXPECT_NE(full.out.find("党员 张三明 [m1]"), std::string::npos);
  const Result masked = Dangjian({"check", json, "--as-of", "2026-01-01", "--format", "html", "--mask-names"});
  EXPECT_EQ(masked.code, cli::kOk) << masked.err;
  EXPECT_NE(masked.out.find("党员 张*明 [m1]"), std::string::npos);
  EXPECT_EQ(masked.out.find("张三明"), std::string::npos);
  const Result text = Dangjian({"check", json, "--as-of", "2026-01-01"});
  EXPECT_EQ(text.out.find("张三明"), std::string::npos);
  EXPECT_NE(text.out.find("m1"), std::string::npos);
  const Result agenda = Dangjian({"agenda", json, "--as-of", "2026-01-01", "--format", "html", "--mask-names"});
  EXPECT_EQ(agenda.code, cli::kOk) << agenda.err;
  EXPECT_EQ(agenda.out.find("张三明"), std::string::npos);
  EXPECT_EQ(Dangjian({"check", json, "--mask-names=yes"}).code, cli::kBadInput);
}

}  // namespace
}  // namespace dangjian::testing
