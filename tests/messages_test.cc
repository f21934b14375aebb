// The one message table: every key once, every string in both languages with
// the same parameters, and the strings read beside the findings rendered as
// messages are.
#include "lib/report/messages.h"

#include <map>
#include <set>

#include "dangjian/examples.h"
#include "dangjian/store.h"
#include "gtest/gtest.h"
#include "lib/check/checker.h"
#include "lib/check/window.h"
#include "lib/report/build.h"
#include "lib/strings.h"

namespace dangjian::testing {
namespace {

// The {names} of a template.
std::set<std::string> Parameters(std::string_view tmpl) {
  std::set<std::string> names;
  for (size_t open = tmpl.find('{'); open != std::string_view::npos; open = tmpl.find('{', open + 1)) {
    const size_t close = tmpl.find('}', open);
    if (close == std::string_view::npos) break;
    names.emplace(tmpl.substr(open + 1, close - open - 1));
  }
  return names;
}

TEST(Messages, EveryKeyOnceInBothLanguagesWithTheSameParameters) {
  std::map<std::string_view, int> seen;
  int ui = 0;
  for (std::string_view key : MessageKeys()) {
    EXPECT_EQ(++seen[key], 1) << key << " is in the table twice: the second is never read";
    const std::string_view zh = MessageTemplate(key, Lang::kZh), en = MessageTemplate(key, Lang::kEn);
    EXPECT_FALSE(zh.empty()) << key;
    EXPECT_FALSE(en.empty()) << key;
    EXPECT_EQ(Parameters(zh), Parameters(en)) << key;
    ui += key.rfind("ui.", 0) == 0;
  }
  EXPECT_GT(ui, 0);
}

TEST(Messages, TextRendersAUiStringAsAMessage) {
  EXPECT_EQ(report::Text("ui.as_of", Lang::kZh, {report::Arg("asOf", "2026-11-30")}), "截至 2026-11-30");
  EXPECT_EQ(report::Text("ui.as_of", Lang::kEn, {report::Arg("asOf", "2026-11-30")}), "as of 2026-11-30");
  EXPECT_EQ(report::Text("ui.agenda.horizon", Lang::kZh, {report::Arg("days", 45)}), "未来45天");
  EXPECT_EQ(report::Text("ui.agenda.horizon", Lang::kEn, {report::Arg("days", 45)}), "next 45 days");
  EXPECT_EQ(report::Text("ui.report.title", Lang::kEn), "Compliance check");
  // What the code names and the table lacks shows, and a test catches it.
  EXPECT_EQ(report::Text("ui.no_such_label", Lang::kZh), "ui.no_such_label");
  EXPECT_EQ(report::Text("ui.as_of", Lang::kEn), "as of {asOf}");
}

// An error in Chinese: each phrase the table knows in its words, the path
// before it as it is; a phrase it does not know stays English.
TEST(Messages, ErrorsTranslatedAtTheEdge) {
  const auto zh = [](std::string_view message) { return TranslateError(message, Lang::kZh); };
  EXPECT_EQ(zh("bad.json: orgs[12].parentId: no org \"x\""), "bad.json: orgs[12].parentId: 没有组织“x”");
  EXPECT_EQ(zh("terms[0].startedOn: \"2024-02-30\" is not a date (YYYY-MM-DD)"),
            "terms[0].startedOn: “2024-02-30”不是日期(YYYY-MM-DD)");
  EXPECT_EQ(zh("orgs[0].kind: unknown Org.Kind \"BRANCHH\" (one of WORKING_COMMITTEE, BRANCH)"),
            "orgs[0].kind: Org.Kind中没有“BRANCHH”(应为 WORKING_COMMITTEE, BRANCH 之一)");
  EXPECT_EQ(zh("orgs[0]: expected ',' or '}' (line 1, column 22)"), "orgs[0]: 此处应为 ',' 或 '}'(第1行第22列)");
  EXPECT_EQ(zh("p.textproto: line 3, column 5: Expected identifier, got: 7"),
            "p.textproto: 第3行第5列: Expected identifier, got: 7");  // the parser's own words stay
  EXPECT_EQ(zh("orgs[0].parentId: cycle \"a\" → \"b\" → \"a\""), "orgs[0].parentId: 上级关系成环:\"a\" → \"b\" → \"a\"");
  EXPECT_EQ(zh("--format: \"xml\" is not text, json, html or xlsx"), "--format: “xml”不是 text、json、html 或 xlsx");
  EXPECT_EQ(zh("message 0 (byte 0): truncated, 127 bytes announced, 0 left"),
            "message 0 (byte 0): 数据不完整:声明 127 字节,只剩 0 字节");
  EXPECT_EQ(zh("something new: nobody translated this"), "something new: nobody translated this");
  EXPECT_EQ(TranslateError("orgs[0].parentId: no org \"x\"", Lang::kEn), "orgs[0].parentId: no org \"x\"");
}

// Each error phrase of the table, its parameters filled, is read back as itself.
TEST(Messages, EveryErrorPhraseIsRecognized) {
  int phrases = 0;
  for (std::string_view key : MessageKeys()) {
    if (key.rfind("ui.error.", 0) != 0 || key == "ui.error.at_line_column") continue;
    ++phrases;
    const std::set<std::string> names = Parameters(MessageTemplate(key, Lang::kEn));
    std::vector<std::string> values;
    for (const std::string& name : names) values.push_back(name + "-value");
    std::vector<check::Param> params;
    size_t i = 0;
    for (const std::string& name : names) params.push_back(check::Param{name, check::ParamKind::kText, 0, false, values[i++]});
    const std::string en = report::Render(MessageTemplate(key, Lang::kEn), params, Lang::kEn);
    const std::string zh = report::Render(MessageTemplate(key, Lang::kZh), params, Lang::kZh);
    // The particular before the general: no phrase is read as another's.
    EXPECT_EQ(TranslateError(StrCat("orgs[0].id: ", en), Lang::kZh), StrCat("orgs[0].id: ", zh)) << key;
  }
  EXPECT_GT(phrases, 40);
}

// A report of many findings is rendered in shares on threads of their own:
// the same findings, in the same order, with the same summary, as rendered
// a few at a time on one.
TEST(Messages, AReportRenderedOnThreadsIsTheOneRenderedAFewAtATime) {
  auto store = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(store.ok()) << store.status();
  const Policy policy = *Policy::Builtin("national");
  const Day as_of = *ParseDate(std::string(kSampleAsOf));
  auto window = check::ResolveWindow(**store, as_of, kNoDay, "");
  ASSERT_TRUE(window.ok());
  auto once = check::RunCheck(**store, policy, CheckOptions{}, *window);
  ASSERT_TRUE(once.ok()) << once.status();
  ASSERT_GT(once->size(), 10u);
  // Every finding of the sample many times over, each copy due another day
  // (so that no two shares read alike): several threads' shares.
  std::vector<check::Finding> many;
  for (int copy = 0; many.size() < 100000; ++copy) {
    for (const check::Finding* f : *once) many.push_back(check::Finding(*f).DueOn(as_of + copy));
  }
  const v1::Report whole = report::BuildReport(many, **store, policy, as_of, "", Lang::kZh);
  ASSERT_EQ(static_cast<size_t>(whole.findings_size()), many.size());
  v1::Report few;
  for (size_t i = 0; i < many.size(); i += 1000) {
    const std::vector<check::Finding> part(many.begin() + i, many.begin() + std::min(many.size(), i + 1000));
    v1::Report r = report::BuildReport(part, **store, policy, as_of, "", Lang::kZh);
    for (v1::Finding& f : *r.mutable_findings()) *few.add_findings() = std::move(f);
  }
  for (int i = 0; i < whole.findings_size(); ++i) {
    ASSERT_EQ(report::DeterministicBytes(whole.findings(i)), report::DeterministicBytes(few.findings(i))) << "finding " << i;
  }
  // The summary, counted over every finding.
  const int copies = static_cast<int>(many.size() / once->size());
  const v1::Report one = report::BuildReport(once->in_order, **store, policy, as_of, "", Lang::kZh);
  EXPECT_EQ(whole.summary().total(), static_cast<int>(many.size()));
  for (const auto& [rule, n] : one.summary().by_rule()) EXPECT_EQ(whole.summary().by_rule().at(rule), n * copies) << rule;
  for (const auto& [org, n] : one.summary().by_org()) EXPECT_EQ(whole.summary().by_org().at(org), n * copies) << org;
  for (const auto& [severity, n] : one.summary().by_severity()) EXPECT_EQ(whole.summary().by_severity().at(severity), n * copies);
  EXPECT_EQ(whole.summary().by_rule().size(), one.summary().by_rule().size());
  EXPECT_EQ(whole.summary().by_org().size(), one.summary().by_org().size());
}

// A period, a month and a run of months as a finding's message and evidence
// write them: every day of the years about a century's ends, leap days and
// the years of other than four digits (which go as Period::Label writes them).
TEST(Messages, PeriodsAndMonthsWrittenAsTheCalendarLabelsThem) {
  const auto day = [](const char* text) { return *ParseDate(text); };
  for (const auto& [from, to] : {std::pair{"1999-12-01", "2001-01-31"}, std::pair{"2099-12-01", "2100-03-31"},
                                 std::pair{"0999-12-01", "1000-01-31"}, std::pair{"9999-12-01", "9999-12-31"}}) {
    for (Day d = day(from); d <= day(to); ++d) {
      const absl::CivilDay c = ToCivil(d);
      for (const PeriodKind kind : {PeriodKind::kMonth, PeriodKind::kQuarter, PeriodKind::kHalfYear, PeriodKind::kYear}) {
        const Period p = Period::Containing(kind, d);
        check::Param period{"period", check::ParamKind::kPeriod, p.first_day()};
        period.extra = static_cast<uint8_t>(kind);
        std::string evidence = "x";
        report::AppendForEvidence(period, evidence);
        ASSERT_EQ(evidence, "x" + p.Label()) << FormatDate(d);
        std::string zh;
        report::AppendForMessage(period, Lang::kZh, zh);
        const int quarter = (c.month() - 1) / 3 + 1;
        const std::string year = StrCat(c.year(), "年");
        const std::string want = kind == PeriodKind::kMonth     ? StrCat(year, c.month(), "月")
                                 : kind == PeriodKind::kQuarter ? StrCat(year, "第", quarter, "季度")
                                 : kind == PeriodKind::kHalfYear ? year + (c.month() <= 6 ? "上半年" : "下半年")
                                                                 : year;
        ASSERT_EQ(zh, want) << FormatDate(d);
      }
    }
  }
  // A run of months: each of them listed, across a year's end, in evidence.
  check::Param run{"months", check::ParamKind::kMonthRange, 2025 * 12 + 10};
  run.set_last_month(2026 * 12 + 1);
  std::string listed;
  report::AppendForEvidence(run, listed);
  EXPECT_EQ(listed, "2025-11,2025-12,2026-01,2026-02");
  std::string zh;
  report::AppendForMessage(run, Lang::kZh, zh);
  EXPECT_EQ(zh, "2025年11月至2026年2月");
  run.value = 999 * 12 + 11;  // a year of three digits, as StrAppend writes it
  run.set_last_month(999 * 12 + 11);
  listed.clear();
  report::AppendForEvidence(run, listed);
  EXPECT_EQ(listed, "999-12");
  run.value = 9999 * 12 + 11, run.set_last_month(10000 * 12);  // into a year of five digits
  listed.clear();
  report::AppendForEvidence(run, listed);
  EXPECT_EQ(listed, "9999-12,10000-01");
}

}  // namespace
}  // namespace dangjian::testing
