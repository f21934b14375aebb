#include <set>

#include "dangjian/examples.h"
#include "dangjian/rules.h"
#include "lib/report/messages.h"
#include "lib/rules/rule_id.h"
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

TEST(Catalogue, IdsAreUniqueAndInRuleIdOrder) {
  std::set<std::string_view> ids;
  for (const RuleInfo& r : Rules()) EXPECT_TRUE(ids.insert(r.id).second) << r.id;
  EXPECT_EQ(Rules().size(), static_cast<size_t>(rules::kRuleCount));
  EXPECT_EQ(Rules()[rules::kStructureInvalidNesting].id, "structure.invalid_nesting");
  EXPECT_EQ(Rules()[rules::kDataInvalidValue].id, "data.invalid_value");
  EXPECT_EQ(Rules()[rules::kSetupBranchMinFullMembers].id, "setup.branch_min_full_members");
  EXPECT_EQ(Rules()[rules::kSetupGroupLeaderVacant].id, "setup.group_leader_vacant");
  EXPECT_EQ(Rules()[rules::kTermMissing].id, "term.missing");
  EXPECT_EQ(Rules()[rules::kTermAdjustmentUnapproved].id, "term.adjustment_unapproved");
}

TEST(Catalogue, EveryRuleIsDocumentedInBothLanguages) {
  for (const RuleInfo& r : Rules()) {
    EXPECT_FALSE(r.citation_zh.empty()) << r.id;
    EXPECT_FALSE(r.citation_en.empty()) << r.id;
    EXPECT_FALSE(r.title_zh.empty()) << r.id;
    EXPECT_FALSE(r.title_en.empty()) << r.id;
    EXPECT_FALSE(r.explain_zh.empty()) << r.id;
    EXPECT_FALSE(r.explain_en.empty()) << r.id;
    // A message under the rule's id, or under each of its variants ("rule.variant");
    // obligation rules speak through the engine's messages (life.obligation*).
    if (r.parameters == "obligations") continue;
    int messages = 0;
    for (std::string_view key : report::TemplateKeys()) {
      if (key == r.id || key.substr(0, r.id.size() + 1) == std::string(r.id) + ".") {
        ++messages;
        EXPECT_FALSE(report::Template(key, Lang::kZh).empty()) << key;
        EXPECT_FALSE(report::Template(key, Lang::kEn).empty()) << key;
      }
    }
    EXPECT_GT(messages, 0) << r.id;
    EXPECT_EQ(r.always_on, r.id.rfind("structure.", 0) == 0 || r.id.rfind("data.", 0) == 0) << r.id;
  }
  // Every template belongs to a rule (or a variant of one), or is a string
  // read beside the findings ("ui.").
  for (std::string_view key : report::TemplateKeys()) {
    const size_t dot = key.rfind('.');
    EXPECT_TRUE(FindRule(key) != nullptr || FindRule(key.substr(0, dot)) != nullptr ||
                key.rfind("life.obligation", 0) == 0 || key.rfind("ui.", 0) == 0)
        << key;
  }
}

TEST(Sample, ShowsEveryRuleAndRendersEveryParameter) {
  auto store = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_GT((*store)->members().size(), 1300u);
  EXPECT_GT((*store)->orgs().size(), 100u);
  std::set<std::string> seen;
  for (const char* profile : kProfiles) {
    for (Lang lang : {Lang::kZh, Lang::kEn}) {
      CheckOptions options;
      options.as_of = *ParseDate(kSampleAsOf);
      options.lang = lang;
      auto report = Check(**store, *Policy::Builtin(profile), options);
      ASSERT_TRUE(report.ok());
      for (const v1::Finding& f : report->findings()) {
        seen.insert(f.rule_id());
        EXPECT_EQ(f.message().find('{'), std::string::npos) << f.message_key() << ": " << f.message();
        EXPECT_FALSE(f.message().empty()) << f.message_key();
      }
    }
  }
  for (const RuleInfo& r : Rules()) EXPECT_TRUE(seen.count(std::string(r.id))) << r.id << " has no instance in the sample";
}

}  // namespace
}  // namespace dangjian::testing

namespace dangjian::testing {
namespace {

v1::Report SampleReport(const std::string& profile, const std::string& scope) {
  auto store = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  CheckOptions options;
  options.as_of = *ParseDate(kSampleAsOf);
  options.scope = scope;
  options.rules = {"life"};
  auto report = Check(**store, *Policy::Builtin(profile), options);
  EXPECT_TRUE(report.ok());
  return *report;
}

TEST(Sample, ABranchThatMeetsEveryObligationHasNoLifeFinding) {
  for (const char* profile : kProfiles) {
    const v1::Report r = SampleReport(profile, "b-swu-1");
    EXPECT_EQ(r.findings_size(), 0) << profile << ": " << (r.findings_size() ? r.findings(0).message() : "");
  }
}

TEST(Sample, ABranchMissingOneQuartersGeneralMeeting) {
  const v1::Report r = SampleReport("national", "b-swj");
  EXPECT_EQ(PeriodsOf(r, "life.general_meeting"), Periods{"2026-Q2"});
  EXPECT_EQ(r.findings_size(), 1);
}

}  // namespace
}  // namespace dangjian::testing
