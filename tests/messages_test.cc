// The one message table: every key once, every string in both languages with
// the same parameters, and the strings read beside the findings rendered as
// messages are.
#include "lib/report/messages.h"

#include <map>
#include <set>

#include "gtest/gtest.h"

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

}  // namespace
}  // namespace dangjian::testing
