// The statistics (stats.h) of small snapshots, every figure counted by hand.
#include "dangjian/stats.h"

#include "dangjian/v1/report.pb.h"
#include "gtest/gtest.h"
#include "lib/strings.h"
#include "tests/snapshot_builder.h"

namespace dangjian {
namespace {

using testing::SnapshotBuilder;
using Row = v1::Statistics::OrgStatistics;

// 市教育局机关党委 (c) with 教研室党支部 (b1: 7 full and 1 probationary, so a
// committee; its party group g1) and 办公室党支部 (b2: 3 full, no committee).
SnapshotBuilder City() {
  SnapshotBuilder b;
  b.Org("c", v1::Org::COMMITTEE).set_name("市教育局机关党委");
  b.Org("b1", v1::Org::BRANCH, "c").set_name("教研室党支部");
  b.Org("g1", v1::Org::PARTY_GROUP, "b1").set_name("第一党小组");
  b.Org("b2", v1::Org::BRANCH, "c").set_name("办公室党支部");
  const std::vector<std::string> b1 = b.Members("b1", 7, 1);
  b.snapshot().mutable_members(7)->set_admitted_on("2026-03-10");  // the probationary one: owes dues from March
  b.snapshot().mutable_members(6)->set_lost_contact_since("2026-02-01");
  const std::vector<std::string> b2 = b.Members("b2", 3);
  v1::Member& a = *b.snapshot().mutable_members(8);
  a.set_dues_category(v1::Member::EMPLOYED);
  a.set_monthly_income_cents(300000);  // 3000 yuan: 0.5%, 15.00 a month
  b.snapshot().mutable_members(9)->set_dues_category(v1::Member::STUDENT);  // 0.20 a month
  b.snapshot().mutable_members(10)->set_dues_exempt_approved(true);
  for (const char* month : {"2026-01", "2026-02", "2026-03", "2026-05"}) {
    v1::DuesPayment& p = *b.snapshot().add_dues();
    p.set_member_id(b2[0]);
    p.set_month(month);
    p.set_amount_cents(1500);
  }
  v1::DuesLedger& ledger = *b.snapshot().add_dues_ledger();  // the student paid April, on the ledger
  ledger.set_member_id(b2[1]);
  ledger.set_year(2026);
  ledger.set_paid_months(1u << 3);

  b.Activity("b1", v1::Activity::GENERAL_MEETING, "2026-03-31");  // the quarter's last day
  b.Activity("b1", v1::Activity::COMMITTEE_MEETING, "2025-12-31");  // before the window
  b.Activity("b1", v1::Activity::COMMITTEE_MEETING, "2026-01-15");
  b.Activity("b1", v1::Activity::COMMITTEE_MEETING, "2026-02-28");
  b.Activity("b1", v1::Activity::COMMITTEE_MEETING, "2026-04-01");
  b.Activity("b1", v1::Activity::COMMITTEE_MEETING, "2026-05-16");  // after as_of
  b.Activity("b1", v1::Activity::THEME_DAY, "2026-01-10").set_id("theme-jan");
  b.Activity("b1", v1::Activity::THEME_DAY, "2026-01-20");
  b.Activity("b1", v1::Activity::THEME_DAY, "2026-02-12").set_makeup_for("theme-jan");  // a make-up: not the org's
  b.Activity("b1", v1::Activity::THEME_DAY, "2026-04-30");
  b.Activity("b1", v1::Activity::ORG_LIFE_MEETING, "2026-02-10");
  b.Activity("b1", v1::Activity::PARTY_LECTURE, "2026-03-05");
  b.Activity("g1", v1::Activity::GROUP_MEETING, "2026-03-05");
  b.Activity("b2", v1::Activity::THEME_DAY, "2026-01-08");
  return b;
}

v1::Statistics Stats(const SnapshotBuilder& b, const std::string& as_of, const std::string& from = "",
                     const std::string& scope = "") {
  std::shared_ptr<const Store> store = b.Load();
  absl::StatusOr<Policy> policy = Policy::Builtin("national");
  StatsOptions options;
  options.as_of = *ParseDate(as_of);
  if (!from.empty()) options.from = *ParseDate(from);
  options.scope = scope;
  absl::StatusOr<v1::Statistics> stats = ComputeStatistics(*store, *policy, options);
  EXPECT_TRUE(stats.ok()) << stats.status();
  return stats.ok() ? *stats : v1::Statistics();
}

const Row& Find(const google::protobuf::RepeatedPtrField<Row>& rows, const std::string& id) {
  for (const Row& r : rows) {
    if (r.org_id() == id) return r;
  }
  ADD_FAILURE() << "no row for " << id;
  static const Row none;
  return none;
}

int Index(const v1::Statistics& s, v1::Activity::Kind kind) {
  for (int i = 0; i < s.activities_size(); ++i) {
    if (s.activities(i) == v1::Activity::Kind_Name(kind)) return i;
  }
  ADD_FAILURE() << "not counted: " << v1::Activity::Kind_Name(kind);
  return 0;
}

// held, owed, periods due, periods met of `kind` in each month of `row`.
std::vector<std::vector<int>> Column(const v1::Statistics& s, const Row& row, v1::Activity::Kind kind) {
  std::vector<std::vector<int>> out;
  for (const auto& m : row.months()) {
    const auto& k = m.meetings(Index(s, kind));
    EXPECT_EQ(k.activity(), v1::Activity::Kind_Name(kind));
    out.push_back({k.held(), k.owed(), k.periods_due(), k.periods_met()});
  }
  return out;
}
using Grid = std::vector<std::vector<int>>;

TEST(Stats, MonthsOfTheWindowToTheMonthOfAsOf) {
  const v1::Statistics s = Stats(City(), "2026-05-15");
  EXPECT_EQ(s.as_of(), "2026-05-15");
  EXPECT_EQ(s.from(), "2026-01-01");
  EXPECT_EQ(s.profile_id(), "national");
  const Row& b1 = Find(s.orgs(), "b1");
  ASSERT_EQ(b1.months_size(), 5);
  EXPECT_EQ(b1.months(0).month(), "2026-01");
  EXPECT_EQ(b1.months(4).month(), "2026-05");
  EXPECT_EQ(b1.path(), "市教育局机关党委 › 教研室党支部");
  EXPECT_EQ(b1.kind(), "BRANCH");
  // Every org in hierarchy order; the committee owes a cadre congress, so it has a row.
  ASSERT_EQ(s.orgs_size(), 4);
  EXPECT_EQ(s.orgs(0).org_id(), "c");
  EXPECT_EQ(s.orgs(3).org_id(), "b2");
}

TEST(Stats, HeldAgainstOwedAsTheRulesCount) {
  const v1::Statistics s = Stats(City(), "2026-05-15");
  const Row& b1 = Find(s.orgs(), "b1");
  // The quarter's general meeting is owed in March, held on its last day; the
  // second quarter has not ended.
  EXPECT_EQ(Column(s, b1, v1::Activity::GENERAL_MEETING),
            (Grid{{0, 0, 0, 0}, {0, 0, 0, 0}, {1, 1, 1, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}}));
  // Monthly committee meetings (b1 has 7 full members): owed January to April,
  // May still running; December's and the one after as_of are not counted.
  EXPECT_EQ(Column(s, b1, v1::Activity::COMMITTEE_MEETING),
            (Grid{{1, 1, 1, 1}, {1, 1, 1, 1}, {0, 1, 1, 0}, {1, 1, 1, 1}, {0, 0, 0, 0}}));
  // Two theme days in January; February's make-up is a member's, not the org's.
  EXPECT_EQ(Column(s, b1, v1::Activity::THEME_DAY),
            (Grid{{2, 1, 1, 1}, {0, 1, 1, 0}, {0, 1, 1, 0}, {1, 1, 1, 1}, {0, 0, 0, 0}}));
  // The year's org-life meeting: held, not yet owed.
  EXPECT_EQ(Column(s, b1, v1::Activity::ORG_LIFE_MEETING),
            (Grid{{0, 0, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}));
  // A party lecture held; a branch owes none under the national profile.
  EXPECT_EQ(Column(s, b1, v1::Activity::PARTY_LECTURE),
            (Grid{{0, 0, 0, 0}, {0, 0, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}));
  // The party group owes its own meetings, monthly.
  EXPECT_EQ(Column(s, Find(s.orgs(), "g1"), v1::Activity::GROUP_MEETING),
            (Grid{{0, 1, 1, 0}, {0, 1, 1, 0}, {1, 1, 1, 1}, {0, 1, 1, 0}, {0, 0, 0, 0}}));
  // b2 has 3 full members: no committee, so no committee meetings owed.
  const Row& b2 = Find(s.orgs(), "b2");
  EXPECT_EQ(Column(s, b2, v1::Activity::COMMITTEE_MEETING), (Grid(5, {0, 0, 0, 0})));
  EXPECT_EQ(Column(s, b2, v1::Activity::GENERAL_MEETING),
            (Grid{{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 1, 1, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}));
}

TEST(Stats, PeriodsBeginningBeforeFromAreNotOwed) {
  // From 1 February: the first quarter began before it and is not judged, as
  // the rules judge it; January is not a month of the table.
  const v1::Statistics s = Stats(City(), "2026-05-15", "2026-02-01");
  const Row& b1 = Find(s.orgs(), "b1");
  ASSERT_EQ(b1.months_size(), 4);
  EXPECT_EQ(b1.months(0).month(), "2026-02");
  EXPECT_EQ(Column(s, b1, v1::Activity::GENERAL_MEETING),
            (Grid{{0, 0, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}));
  EXPECT_EQ(Column(s, b1, v1::Activity::COMMITTEE_MEETING),
            (Grid{{1, 1, 1, 1}, {0, 1, 1, 0}, {1, 1, 1, 1}, {0, 0, 0, 0}}));
}

TEST(Stats, AMonthEndingOnAsOfIsOwed) {
  const v1::Statistics s = Stats(City(), "2026-03-31");
  const Row& b1 = Find(s.orgs(), "b1");
  ASSERT_EQ(b1.months_size(), 3);
  EXPECT_EQ(Column(s, b1, v1::Activity::GENERAL_MEETING), (Grid{{0, 0, 0, 0}, {0, 0, 0, 0}, {1, 1, 1, 1}}));
  EXPECT_EQ(Column(s, b1, v1::Activity::COMMITTEE_MEETING), (Grid{{1, 1, 1, 1}, {1, 1, 1, 1}, {0, 1, 1, 0}}));
  // A day before, March is still running: nothing owed in it.
  const v1::Statistics before = Stats(City(), "2026-03-30");
  EXPECT_EQ(Column(before, Find(before.orgs(), "b1"), v1::Activity::COMMITTEE_MEETING),
            (Grid{{1, 1, 1, 1}, {1, 1, 1, 1}, {0, 0, 0, 0}}));
  EXPECT_EQ(Find(before.orgs(), "b2").months(2).dues_members_owing(), 0);
}

TEST(Stats, MembersByStatus) {
  const v1::Statistics s = Stats(City(), "2026-05-15");
  const Row& b1 = Find(s.orgs(), "b1");
  EXPECT_EQ(b1.full_members(), 7);
  EXPECT_EQ(b1.probationary_members(), 1);
  EXPECT_EQ(b1.lost_contact(), 1);
  EXPECT_EQ(b1.orgs(), 1);
  const Row& b2 = Find(s.orgs(), "b2");
  EXPECT_EQ(b2.full_members(), 3);
  EXPECT_EQ(b2.lost_contact(), 0);
  // Out of contact since after as_of: not yet.
  EXPECT_EQ(Find(Stats(City(), "2026-01-31").orgs(), "b1").lost_contact(), 0);
}

TEST(Stats, DuesPaidAndOwedByMonth) {
  const v1::Statistics s = Stats(City(), "2026-05-15");
  const Row& b2 = Find(s.orgs(), "b2");
  // owing, paid, unpaid, paid cents, unpaid cents. The exempt member owes
  // nothing; the employed one pays 15.00 January to March and in May (May is
  // not yet owed); the student (0.20) paid only April, on the ledger.
  const std::vector<std::vector<int64_t>> expected = {
      {2, 1, 1, 1500, 20}, {2, 1, 1, 1500, 20}, {2, 1, 1, 1500, 20}, {2, 1, 1, 0, 1500}, {0, 1, 0, 1500, 0}};
  for (int m = 0; m < 5; ++m) {
    const auto& mo = b2.months(m);
    EXPECT_EQ((std::vector<int64_t>{mo.dues_members_owing(), mo.dues_members_paid(), mo.dues_members_unpaid(),
                                    mo.dues_paid_cents(), mo.dues_unpaid_cents()}),
              expected[m])
        << mo.month();
  }
  // b1's members have no dues category: owed and unpaid, their standard
  // unknown; the probationary one owes from March, when admitted.
  const Row& b1 = Find(s.orgs(), "b1");
  const std::vector<int> owing = {7, 7, 8, 8, 0};
  for (int m = 0; m < 5; ++m) {
    EXPECT_EQ(b1.months(m).dues_members_owing(), owing[m]) << m;
    EXPECT_EQ(b1.months(m).dues_members_unpaid(), owing[m]) << m;
    EXPECT_EQ(b1.months(m).dues_unpaid_cents(), 0) << m;
  }
}

TEST(Stats, NoDuesOnRecordOwesNone) {
  SnapshotBuilder b = City();
  b.snapshot().clear_dues();
  b.snapshot().clear_dues_ledger();
  const v1::Statistics s = Stats(b, "2026-05-15");
  for (const auto& m : s.total().months()) EXPECT_EQ(m.dues_members_owing(), 0) << m.month();
}

TEST(Stats, RolledUpByCommitteeAndScope) {
  const v1::Statistics s = Stats(City(), "2026-05-15");
  ASSERT_EQ(s.committees_size(), 1);
  const Row& c = s.committees(0);
  EXPECT_EQ(c.org_id(), "c");
  EXPECT_EQ(c.orgs(), 4);
  EXPECT_EQ(c.full_members(), 10);
  EXPECT_EQ(c.probationary_members(), 1);
  // Theme days: b1 and b2 each owe one a month January to April.
  EXPECT_EQ(Column(s, c, v1::Activity::THEME_DAY),
            (Grid{{3, 2, 2, 2}, {0, 2, 2, 0}, {0, 2, 2, 0}, {1, 2, 2, 1}, {0, 0, 0, 0}}));
  EXPECT_EQ(c.months(0).dues_members_owing(), 9);  // 7 in b1, 2 in b2
  EXPECT_EQ(c.months(0).dues_paid_cents(), 1500);
  // The whole snapshot: the same as its one committee, with no org named.
  EXPECT_EQ(s.total().org_id(), "");
  EXPECT_EQ(s.total().orgs(), 4);
  EXPECT_EQ(Column(s, s.total(), v1::Activity::THEME_DAY), Column(s, c, v1::Activity::THEME_DAY));

  // Scope b1: its own orgs only, and no committee under it.
  const v1::Statistics scoped = Stats(City(), "2026-05-15", "", "b1");
  EXPECT_EQ(scoped.scope(), "b1");
  ASSERT_EQ(scoped.orgs_size(), 2);
  EXPECT_EQ(scoped.committees_size(), 0);
  EXPECT_EQ(scoped.total().org_id(), "b1");
  EXPECT_EQ(scoped.total().orgs(), 2);
  EXPECT_EQ(scoped.total().full_members(), 7);
}

TEST(Stats, BadArguments) {
  std::shared_ptr<const Store> store = City().Load();
  absl::StatusOr<Policy> policy = Policy::Builtin("national");
  StatsOptions options;
  options.as_of = *ParseDate("2026-05-15");
  options.scope = "nowhere";
  EXPECT_TRUE(absl::IsNotFound(ComputeStatistics(*store, *policy, options).status()));
  options.scope.clear();
  options.from = *ParseDate("2026-06-01");
  EXPECT_TRUE(absl::IsOutOfRange(ComputeStatistics(*store, *policy, options).status()));
}

TEST(Stats, TextNamesEachKindAndTheDues) {
  const v1::Statistics s = Stats(City(), "2026-05-15");
  const std::string zh = RenderStatisticsText(s, Lang::kZh);
  EXPECT_NE(zh.find("主题党日"), std::string::npos);
  EXPECT_NE(zh.find("市教育局机关党委 › 办公室党支部"), std::string::npos);
  EXPECT_NE(zh.find("2026-01  0/0  1/1  0/0  0/0  2/1  0/0"), std::string::npos) << zh;  // b1's January
  EXPECT_NE(zh.find("已交 1/2 人 15.00 元,未交 1 人 0.20 元"), std::string::npos) << zh;
  const std::string en = RenderStatisticsText(s, Lang::kEn);
  EXPECT_NE(en.find("theme days"), std::string::npos);
}

TEST(Stats, HtmlIsOnePageWithEveryOrgAndTheCommitteesRolledUp) {
  SnapshotBuilder city = City();
  std::shared_ptr<const Store> store = city.Load();
  const v1::Statistics s = Stats(City(), "2026-05-15");
  const std::string zh = RenderStatisticsHtml(s, *store, Lang::kZh);
  EXPECT_EQ(zh.find("<script src"), std::string::npos);
  EXPECT_EQ(zh.find("<link"), std::string::npos);
  EXPECT_NE(zh.find("\"kind\":\"stats\""), std::string::npos);
  EXPECT_NE(zh.find("统计期间 2026-01-01 至 2026-05-15"), std::string::npos) << zh.substr(0, 2000);
  for (const auto& org : s.orgs()) EXPECT_NE(zh.find(StrCat("\"", org.org_id(), "\"")), std::string::npos) << org.org_id();
  ASSERT_GT(s.committees_size(), 0);
  // A committee's line states its subtree's members, not those of its own.
  const auto& c = s.committees(0);
  EXPECT_NE(zh.find(StrCat("正式党员 ", c.full_members(), " · 预备党员 ", c.probationary_members())), std::string::npos);
  const std::string en = RenderStatisticsHtml(s, *store, Lang::kEn);
  EXPECT_NE(en.find("By month"), std::string::npos);
  EXPECT_NE(en.find("<html lang=\"en\">"), std::string::npos);
}

}  // namespace
}  // namespace dangjian
