#include "dangjian/policy.h"

#include <fstream>

#include "dangjian/rules.h"

#include "lib/policy/compiled.h"
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

const RuleInfo& Rule(std::string_view id) { return *FindRule(id); }
int Index(std::string_view id) { return static_cast<int>(FindRule(id) - Rules().data()); }

TEST(Builtin, NationalAndGenhe) {
  EXPECT_EQ(Policy::BuiltinIds(), (std::vector<std::string>{"national", "genhe-2020"}));
  absl::StatusOr<Policy> national = Policy::Builtin("national");
  ASSERT_TRUE(national.ok()) << national.status();
  EXPECT_EQ(national->compiled().branch_min.value, 3);
  EXPECT_TRUE(national->compiled().branch_min.full_members_only);
  EXPECT_TRUE(national->compiled().branch_min.inclusive);
  EXPECT_FALSE(national->compiled().committee_min.full_members_only);
  EXPECT_EQ(national->compiled().TermMonths(v1::Org::COMMITTEE), 60);
  EXPECT_EQ(national->compiled().TermMonths(v1::Org::BRANCH), 36);
  EXPECT_EQ(national->compiled().TermMonths(v1::Org::TEMPORARY_BRANCH), 0);
  EXPECT_FALSE(national->RuleEnabled(Index("setup.discipline_designee")));

  absl::StatusOr<Policy> genhe = Policy::Builtin("genhe-2020");
  ASSERT_TRUE(genhe.ok()) << genhe.status();
  EXPECT_FALSE(genhe->compiled().branch_min.inclusive);
  EXPECT_TRUE(genhe->compiled().committee_min.full_members_only);
  EXPECT_FALSE(genhe->compiled().branch_committee_at.full_members_only);  // 党员人数超过7名
  EXPECT_EQ(genhe->setup().party_staff_min_permille(), 20);
  EXPECT_EQ(genhe->setup().committee_size_max(), 7);  // inherited
  EXPECT_EQ(genhe->compiled().TermMonths(v1::Org::COMMITTEE), 60);  // inherited
  EXPECT_EQ(genhe->terms().reminder_months_size(), 2);   // inherited, not doubled
  EXPECT_TRUE(genhe->RuleEnabled(Index("setup.discipline_designee")));
  EXPECT_EQ(genhe->resolved().extends(), "national");
  EXPECT_FALSE(Policy::Builtin("nowhere").ok());
}

TEST(UserProfile, ExtendsABuiltinAndOverrides) {
  absl::StatusOr<Policy> p = Policy::FromTextproto(R"pb(
    id: "my-city"
    extends: "genhe-2020"
    setup { branch_max { value: 40 } }
    terms { lengths { kind: BRANCH months: 24 } reminder_months: [1] }
    rules { id: "setup.branch_max_members" severity: VIOLATION }
    rules { id: "term.due_soon" enabled: false }
  )pb");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->id(), "my-city");
  EXPECT_EQ(p->compiled().branch_max.value, 40);
  EXPECT_TRUE(p->compiled().branch_max.full_members_only);  // basis and bound from genhe-2020
  EXPECT_FALSE(p->compiled().branch_max.inclusive);
  EXPECT_EQ(p->compiled().TermMonths(v1::Org::BRANCH), 24);
  EXPECT_EQ(p->compiled().TermMonths(v1::Org::GENERAL_BRANCH), 36);
  EXPECT_EQ(p->terms().reminder_months_size(), 1);
  EXPECT_EQ(p->SeverityOverride(Index("setup.branch_max_members")), v1::VIOLATION);
  EXPECT_FALSE(p->RuleEnabled(Index("term.due_soon")));
  EXPECT_TRUE(p->RuleEnabled(Index("setup.discipline_designee")));  // from genhe-2020

  // The profile changes what a check reports.
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  b.Members("b", 45);
  b.Term("b", "2024-01-01");
  auto store = b.Load();
  CheckOptions options;
  options.as_of = *ParseDate("2026-12-01");
  auto report = Check(*store, *p, options);
  ASSERT_TRUE(report.ok());
  const auto max = FindingsOf(*report, "setup.branch_max_members");
  ASSERT_EQ(max.size(), 1u);
  EXPECT_EQ(max[0].severity(), v1::VIOLATION);
  EXPECT_EQ(CountOf(*report, "term.expired"), 1);  // 24 months
  EXPECT_EQ(CountOf(*report, "term.due_soon"), 0);
}

TEST(UserProfile, Errors) {
  const auto error = [](std::string_view text) {
    absl::StatusOr<Policy> p = Policy::FromTextproto(text);
    EXPECT_FALSE(p.ok()) << text;
    return p.ok() ? std::string() : std::string(p.status().message());
  };
  EXPECT_EQ(error(R"(id: "x" extends: "nowhere")"), "profile \"x\": extends: no built-in profile \"nowhere\"");
  EXPECT_EQ(error(R"(id: "x" extends: "national" rules { id: "setup.nothing" })"),
            "profile \"x\": rules[0].id: no rule \"setup.nothing\"");
  EXPECT_EQ(error(R"(id: "x" extends: "national" rules { id: "structure.invalid_nesting" enabled: false })"),
            "profile \"x\": rules[0].enabled: structure.invalid_nesting is always on");
  EXPECT_EQ(error(R"(extends: "national")"), "id: missing (required)");
  // A root profile must say everything.
  EXPECT_EQ(error(R"(id: "bare")"),
            "profile \"bare\": setup.branch_min: incomplete (value, basis and inclusive are required)");
  EXPECT_EQ(error(R"(id: "x" extends: "national" terms { lengths { kind: BRANCH months: 0 } })"),
            "profile \"x\": terms.lengths[BRANCH].months: must be from 1 to 1200");
  EXPECT_EQ(error("id: \"x\"\nsetup { branch_min { valu: 3 } }").rfind("line 2, column ", 0), 0u);
}

TEST(BuiltinFiles, AreTheOnesCompiledIn) {
  // data/profiles is the source; the library holds exactly what it says.
  for (const std::string& id : Policy::BuiltinIds()) {
    std::ifstream f(std::string(DANGJIAN_SOURCE_DIR) + "/data/profiles/" + id + ".textproto");
    ASSERT_TRUE(f) << id;
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    absl::StatusOr<Policy> from_file = Policy::FromTextproto(text);
    ASSERT_TRUE(from_file.ok()) << from_file.status();
    EXPECT_EQ(from_file->resolved().SerializeAsString(), Policy::Builtin(id)->resolved().SerializeAsString());
  }
  EXPECT_EQ(Rule("setup.discipline_designee").severity, v1::WARNING);
}

}  // namespace
}  // namespace dangjian::testing
