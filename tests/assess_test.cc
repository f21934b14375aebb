// Assessment: hand-computed scores under each model, XCCDF's edge cases, a
// tier at its boundary, a tie in the ranking, the two-year flag.
#include "dangjian/assess.h"

#include <cmath>

#include "dangjian/examples.h"
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

// Category A (weight 2): a1, 10 points, 4 lost per branch_min finding; a2, 5
// points, manual. Category B (weight 1): b1, worth 0; b2, 10 points, for joint
// branches only.
v1::Rubric TestRubric(v1::Rubric::Model model) {
  absl::StatusOr<v1::Rubric> r = ParseRubric(R"pb(
    id: "test" model: FLAT assessed: [BRANCH]
    categories { id: "A" weight: 2
      items { id: "a1" points: 10 deduction: 4 rule_ids: "setup.branch_min_full_members" }
      items { id: "a2" points: 5 manual: true } }
    categories { id: "B" weight: 1
      items { id: "b1" points: 0 deduction: 1 rule_ids: "term" }
      items { id: "b2" points: 10 deduction: 3 rule_ids: "term.missing" applies_to: JOINT_BRANCH } }
  )pb");
  EXPECT_TRUE(r.ok()) << r.status();
  r->set_model(model);
  return *r;
}

// One branch of two full members (one branch_min finding) and no term.
SnapshotBuilder TwoMembers(const std::string& id = "b") {
  SnapshotBuilder b;
  b.Org(id, v1::Org::BRANCH);
  b.Members(id, 2);
  return b;
}

v1::ManualScores Manual(const std::string& org, double a2) {
  v1::ManualScores m;
  auto& o = *m.add_orgs();
  o.set_org_id(org);
  auto& s = *o.add_items();
  s.set_id("a2");
  s.set_score(a2);
  return m;
}

v1::Assessment AssessOf(const SnapshotBuilder& b, const v1::Rubric& rubric, const v1::ManualScores* manual = nullptr,
                        const v1::Assessment* previous = nullptr) {
  AssessOptions options;
  options.as_of = *ParseDate("2026-06-30");
  options.manual = manual;
  options.previous = previous;
  auto store = b.Load();
  absl::StatusOr<v1::Assessment> a = Assess(*store, *Policy::Builtin("national"), rubric, options);
  EXPECT_TRUE(a.ok()) << a.status();
  return *a;
}

TEST(Models, HandComputed) {
  const SnapshotBuilder b = TwoMembers();
  const v1::ManualScores manual = Manual("b", 2.5);
  // flat: (6 + 2.5 + 0) / (10 + 5 + 0) = 8.5 / 15.
  v1::Assessment a = AssessOf(b, TestRubric(v1::Rubric::FLAT), &manual);
  ASSERT_EQ(a.orgs_size(), 1);
  EXPECT_DOUBLE_EQ(a.orgs(0).earned(), 8.5);
  EXPECT_DOUBLE_EQ(a.orgs(0).maximum(), 15);
  EXPECT_NEAR(a.orgs(0).score(), 56.666667, 1e-6);
  // flat_unweighted: 0.6 + 0.5 of 2 items; b1, worth 0, stays out.
  a = AssessOf(b, TestRubric(v1::Rubric::FLAT_UNWEIGHTED), &manual);
  EXPECT_DOUBLE_EQ(a.orgs(0).earned(), 1.1);
  EXPECT_DOUBLE_EQ(a.orgs(0).maximum(), 2);
  EXPECT_NEAR(a.orgs(0).score(), 55, 1e-9);
  // default: A = (60*10 + 50*5) / 15; B has nothing applicable with weight, left out.
  a = AssessOf(b, TestRubric(v1::Rubric::DEFAULT), &manual);
  EXPECT_NEAR(a.orgs(0).categories(0).score(), 56.666667, 1e-6);
  EXPECT_NEAR(a.orgs(0).score(), 56.666667, 1e-6);
  // absolute: something was lost.
  a = AssessOf(b, TestRubric(v1::Rubric::ABSOLUTE), &manual);
  EXPECT_EQ(a.orgs(0).score(), 0);
}

TEST(Models, ItemResultsAndDeductionsTrace) {
  const v1::ManualScores manual = Manual("b", 5);
  const v1::Assessment a = AssessOf(TwoMembers(), TestRubric(v1::Rubric::FLAT), &manual);
  const auto& items_a = a.orgs(0).categories(0).items();
  const auto& items_b = a.orgs(0).categories(1).items();
  EXPECT_EQ(items_a[0].result(), v1::Assessment::ItemScore::FAIL);
  ASSERT_EQ(items_a[0].deductions_size(), 1);
  EXPECT_EQ(items_a[0].deductions(0).rule_id(), "setup.branch_min_full_members");
  EXPECT_EQ(items_a[0].deductions(0).org_id(), "b");
  EXPECT_DOUBLE_EQ(items_a[0].deductions(0).points(), 4);
  EXPECT_EQ(items_a[1].result(), v1::Assessment::ItemScore::PASS);
  EXPECT_EQ(items_b[0].earned(), 0);  // worth nothing, loses nothing
  EXPECT_EQ(items_b[1].result(), v1::Assessment::ItemScore::NOT_APPLICABLE);
}

TEST(Models, UnknownCountsAgainst) {
  // No manual score for a2: unknown, scored 0 but counted: 6 / 15.
  const v1::Assessment a = AssessOf(TwoMembers(), TestRubric(v1::Rubric::FLAT));
  EXPECT_EQ(a.orgs(0).categories(0).items(1).result(), v1::Assessment::ItemScore::UNKNOWN);
  EXPECT_NEAR(a.orgs(0).score(), 40, 1e-9);
}

TEST(Models, AbsoluteWithAMaximumOfZero) {
  absl::StatusOr<v1::Rubric> r = ParseRubric(R"pb(
    id: "zero" model: ABSOLUTE assessed: [BRANCH]
    categories { id: "A" weight: 1 items { id: "z" points: 0 deduction: 1 rule_ids: "setup" } }
  )pb");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(AssessOf(TwoMembers(), *r).orgs(0).score(), 100);
  r->set_model(v1::Rubric::FLAT);
  EXPECT_EQ(AssessOf(TwoMembers(), *r).orgs(0).maximum(), 0);
}

TEST(Deductions, CappedAndPerPeriod) {
  absl::StatusOr<v1::Rubric> r = ParseRubric(R"pb(
    id: "days" model: FLAT assessed: [BRANCH]
    categories { id: "A" weight: 1
      items { id: "theme" points: 5 deduction: 2 per_period: true rule_ids: "life.theme_day" } }
  )pb");
  ASSERT_TRUE(r.ok());
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH).set_established_on("2000-01-01");
  b.Members("b", 3);
  b.Activity("b", v1::Activity::THEME_DAY, "2026-01-10");  // February to June missed: 5 months
  const v1::Assessment a = AssessOf(b, *r);
  const auto& item = a.orgs(0).categories(0).items(0);
  EXPECT_DOUBLE_EQ(item.earned(), 0);  // 5 x 2 = 10, capped at 5
  ASSERT_EQ(item.deductions_size(), 3);  // the findings that cost points named; the capped ones counted
  EXPECT_DOUBLE_EQ(item.deductions(0).points(), 2);
  EXPECT_DOUBLE_EQ(item.deductions(2).points(), 1);
  EXPECT_EQ(item.uncounted(), 2);
  EXPECT_EQ(item.deductions(0).period(), "2026-02");
}

// A committee's subtree items do not repeat every finding below it: along a
// chain of committees, each with a branch missing its theme days, the
// deductions of the whole assessment grow with the orgs, not their square.
TEST(Deductions, LinearInTheDepthOfTheTree) {
  absl::StatusOr<v1::Rubric> r = ParseRubric(R"pb(
    id: "chain" model: FLAT assessed: [COMMITTEE, BRANCH]
    categories { id: "A" weight: 1
      items { id: "theme" points: 4 deduction: 1 scope: SUBTREE rule_ids: "life.theme_day" } }
  )pb");
  ASSERT_TRUE(r.ok()) << r.status();
  const auto deductions = [&](int depth) {
    SnapshotBuilder b;
    std::string parent;
    for (int d = 0; d < depth; ++d) {
      const std::string c = StrCat("c", d), branch = StrCat("b", d);
      b.Org(c, v1::Org::COMMITTEE, parent).set_established_on("2000-01-01");
      b.Org(branch, v1::Org::BRANCH, c).set_established_on("2000-01-01");
      b.Members(branch, 3);
      b.Activity(branch, v1::Activity::THEME_DAY, "2026-01-10");  // February to June missed
      parent = c;
    }
    const v1::Assessment a = AssessOf(b, *r);
    size_t listed = 0, counted = 0;
    for (const auto& o : a.orgs()) {
      for (const auto& item : o.categories(0).items()) {
        listed += item.deductions_size();
        counted += item.deductions_size() + item.uncounted();
      }
    }
    EXPECT_LE(listed, size_t{4} * a.orgs_size());  // no item lists more than its 4 points
    EXPECT_GT(counted, listed);                      // and the committees near the top count the rest
    return listed;
  };
  const size_t shallow = deductions(10), deep = deductions(40);
  EXPECT_LE(deep, 4 * shallow + 8);
}

v1::Rubric Ranked(double bottom_share) {
  absl::StatusOr<v1::Rubric> r = ParseRubric(R"pb(
    id: "ranked" model: FLAT assessed: [BRANCH]
    categories { id: "A" weight: 1
      items { id: "size" points: 10 deduction: 2 rule_ids: "setup.branch_min_full_members" } }
    tiers { id: "ordinary" min_score: 0 }
    tiers { id: "standardized" min_score: 80 }
    tiers { id: "demonstration" min_score: 100 no_violation_of: "setup" }
  )pb");
  EXPECT_TRUE(r.ok()) << r.status();
  r->set_bottom_share(bottom_share);
  return *r;
}

// b1 has 3 full members (100); b2 and b3 have 2 (80 each: a tie).
SnapshotBuilder ThreeBranches() {
  SnapshotBuilder b;
  for (const auto& [id, full] : std::vector<std::pair<std::string, int>>{{"b1", 3}, {"b2", 2}, {"b3", 2}}) {
    b.Org(id, v1::Org::BRANCH);
    b.Position(id, b.Members(id, full)[0], v1::Position::SECRETARY);  // nothing else amiss
  }
  return b;
}

TEST(Ranks, TiesShareARankAndTiersMeetTheirMinimum) {
  const v1::Assessment a = AssessOf(ThreeBranches(), Ranked(0.3));
  ASSERT_EQ(a.orgs_size(), 3);
  EXPECT_EQ(a.orgs(0).org_id(), "b1");
  EXPECT_EQ(a.orgs(0).rank(), 1);
  EXPECT_EQ(a.orgs(0).tier(), "demonstration");
  EXPECT_EQ(a.orgs(1).rank(), 2);
  EXPECT_EQ(a.orgs(2).rank(), 2);
  EXPECT_EQ(a.orgs(1).peers(), 3);
  EXPECT_DOUBLE_EQ(a.orgs(1).composite(), 80);
  EXPECT_EQ(a.orgs(1).tier(), "standardized");  // exactly at the minimum
  // A bottom 30% of 3 is one place: the tie at rank 2 keeps both out of it.
  EXPECT_FALSE(a.orgs(1).bottom());
  EXPECT_FALSE(a.orgs(2).bottom());
  // A bottom 34% is two places: both tied branches are in it.
  const v1::Assessment wider = AssessOf(ThreeBranches(), Ranked(0.34));
  EXPECT_TRUE(wider.orgs(1).bottom());
  EXPECT_TRUE(wider.orgs(2).bottom());
  EXPECT_FALSE(wider.orgs(0).bottom());
}

TEST(Ranks, DemonstrationNeedsNoViolation) {
  // 100 points, but a violation of a setup rule the rubric does not score.
  SnapshotBuilder b = ThreeBranches();
  b.Org("g", v1::Org::PARTY_GROUP, "b1");
  b.Members("g", 1);  // a member of a party group: structure.member_org_kind, not setup
  v1::Rubric r = Ranked(0.3);
  r.mutable_tiers(2)->add_no_violation_of("structure");
  const v1::Assessment a = AssessOf(b, r);
  EXPECT_EQ(a.orgs(0).org_id(), "b1");
  EXPECT_DOUBLE_EQ(a.orgs(0).composite(), 100);
  EXPECT_EQ(a.orgs(0).tier(), "standardized");
}

TEST(Ranks, BottomTwoYearsRunning) {
  v1::Assessment previous;
  for (const auto& [id, bottom] : std::vector<std::pair<std::string, bool>>{{"b1", false}, {"b2", true}, {"b3", false}}) {
    auto& o = *previous.add_orgs();
    o.set_org_id(id);
    o.set_bottom(bottom);
  }
  const v1::Assessment a = AssessOf(ThreeBranches(), Ranked(0.34), nullptr, &previous);
  for (const auto& o : a.orgs()) {
    EXPECT_EQ(o.bottom_two_years(), o.org_id() == "b2") << o.org_id();
  }
}

TEST(Composite, WeighsTheRubricWithManualComponents) {
  v1::Rubric r = Ranked(0);
  for (const auto& [id, weight, rubric] : std::vector<std::tuple<std::string, double, bool>>{
           {"field", 0.6, true}, {"routine", 0.3, false}, {"democratic", 0.1, false}}) {
    auto& c = *r.add_components();
    c.set_id(id);
    c.set_weight(weight);
    c.set_rubric(rubric);
  }
  v1::ManualScores manual;
  auto& o = *manual.add_orgs();
  o.set_org_id("b2");
  auto* s = o.add_components();
  s->set_id("routine");
  s->set_score(90);
  s = o.add_components();
  s->set_id("democratic");
  s->set_score(70);
  const v1::Assessment a = AssessOf(ThreeBranches(), r, &manual);
  for (const auto& org : a.orgs()) {
    if (org.org_id() == "b2") {
      EXPECT_NEAR(org.composite(), 0.6 * 80 + 0.3 * 90 + 0.1 * 70, 1e-9);  // 82
    } else if (org.org_id() == "b3") {
      EXPECT_NEAR(org.composite(), 0.6 * 80, 1e-9);  // no manual scores: 0 each
      EXPECT_FALSE(org.components(1).given());
    }
  }
}

TEST(Units, EachOnTheFindingsOfTheOrgsCoveringIt) {
  absl::StatusOr<v1::Rubric> r = ParseRubric(R"pb(
    id: "units" model: FLAT by_unit: true
    categories { id: "A" weight: 1
      items { id: "size" points: 10 deduction: 3 rule_ids: "setup.branch_min_full_members" scope: SUBTREE }
      items { id: "staff" points: 10 deduction: 5 rule_ids: "setup.party_staff_ratio" } }
  )pb");
  ASSERT_TRUE(r.ok()) << r.status();
  SnapshotBuilder b;
  b.Unit("ua").set_staff_count(200);
  b.snapshot().mutable_units(0)->set_party_staff_count(1);  // below 1%
  b.Unit("ub");
  b.Unit("uc");  // no org covers it: not assessed
  b.Org("c", v1::Org::COMMITTEE).add_unit_ids("ua");
  b.Org("b1", v1::Org::BRANCH, "c");  // 2 full members, in ua's committee's subtree
  b.Members("b1", 2);
  b.Org("b2", v1::Org::BRANCH).add_unit_ids("ub");
  b.Members("b2", 5);
  const v1::Assessment a = AssessOf(b, *r);
  ASSERT_EQ(a.orgs_size(), 2);
  EXPECT_EQ(a.orgs(0).org_id(), "ub");
  EXPECT_EQ(a.orgs(0).kind(), "UNIT");
  EXPECT_DOUBLE_EQ(a.orgs(0).score(), 100);
  EXPECT_EQ(a.orgs(1).org_id(), "ua");
  EXPECT_DOUBLE_EQ(a.orgs(1).score(), 100 * (20 - 3 - 5) / 20.0);  // 60
  EXPECT_EQ(a.orgs(1).rank(), 2);
  EXPECT_EQ(a.orgs(1).categories(0).items(0).deductions(0).org_id(), "b1");
  EXPECT_EQ(a.orgs(1).categories(0).items(1).deductions(0).unit_id(), "ua");
}

TEST(Rubrics, BuiltinsParseAndErrorsAreClear) {
  for (const std::string& id : BuiltinRubricIds()) EXPECT_TRUE(BuiltinRubric(id).ok()) << id;
  EXPECT_EQ(BuiltinRubricIds(), (std::vector<std::string>{"branch-standardization", "organ-assessment"}));
  const auto error = [](std::string_view text) {
    absl::StatusOr<v1::Rubric> r = ParseRubric(text);
    return r.ok() ? std::string() : std::string(r.status().message());
  };
  EXPECT_EQ(error(R"(id: "x" assessed: BRANCH)"), "rubric \"x\": model: missing or unknown");
  EXPECT_EQ(error(R"(id: "x" model: FLAT)"), "rubric \"x\": assessed: which org kinds are assessed? (missing)");
  EXPECT_EQ(error(R"(id: "x" model: FLAT assessed: BRANCH categories { items { id: "i" points: 1 } })"),
            "rubric \"x\": categories[0].items[0]: either manual or rule_ids, one of the two");
  EXPECT_EQ(error(R"(id: "x" model: FLAT assessed: BRANCH tiers { min_score: 80 } tiers { min_score: 70 })"),
            "rubric \"x\": tiers[1].min_score: tiers go from lowest to highest");
  // A rule id the profile does not know is an error when assessing.
  absl::StatusOr<v1::Rubric> r = ParseRubric(R"(id: "x" model: FLAT assessed: BRANCH
      categories { items { id: "i" points: 1 deduction: 1 rule_ids: "setup.nothing" } })");
  ASSERT_TRUE(r.ok());
  auto store = TwoMembers().Load();
  auto a = Assess(*store, *Policy::Builtin("national"), *r, {});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(std::string(a.status().message()), "rubric \"x\": item \"i\": no rule \"setup.nothing\"");
}

TEST(Sample, BranchesRankedAndEveryLostPointTraced) {
  auto store = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  AssessOptions options;
  options.as_of = *ParseDate(kSampleAsOf);
  auto a = Assess(**store, *Policy::Builtin("national"), *BuiltinRubric("branch-standardization"), options);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_GT(a->orgs_size(), 50);
  int ranked_below_top = 0;
  for (const auto& o : a->orgs()) {
    double lost = 0;
    for (const auto& c : o.categories()) {
      for (const auto& item : c.items()) {
        double traced = 0;
        for (const auto& d : item.deductions()) traced += d.points();
        EXPECT_NEAR(item.points() - item.earned(), traced, 1e-9) << o.org_id() << " " << item.id();
        lost += traced;
      }
    }
    EXPECT_NEAR(o.score(), 100 - lost, 1e-6) << o.org_id();  // 100 points in all, flat
    ranked_below_top += o.rank() > 1;
  }
  EXPECT_GT(ranked_below_top, 5);
  EXPECT_FALSE(RenderAssessmentText(*a, Lang::kZh).empty());
}

}  // namespace
}  // namespace dangjian::testing
