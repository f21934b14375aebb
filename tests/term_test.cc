// term.*: due dates one day before, on and after; adjustments of 12 and 13 months.
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

// A branch (or committee) with a current term begun on `started`.
SnapshotBuilder WithTerm(const std::string& started, v1::Org::Kind kind = v1::Org::BRANCH) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("o", kind, "wc");
  b.Term("o", started);
  return b;
}

TEST(TermExpired, DayBeforeOnAndAfterTheDueDate) {
  for (const char* profile : kProfiles) {
    const SnapshotBuilder b = WithTerm("2021-06-15");  // 3 years: due 2024-06-15
    EXPECT_EQ(CountOf(b.Check(profile, "2024-06-14"), "term.expired"), 0);
    EXPECT_EQ(CountOf(b.Check(profile, "2024-06-15"), "term.expired"), 0);
    const auto f = FindingsOf(b.Check(profile, "2024-06-16"), "term.expired");
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].due_on(), "2024-06-15");
    EXPECT_EQ(f[0].evidence().at("overdueDays"), "1");
    EXPECT_EQ(f[0].severity(), v1::VIOLATION);
  }
}

TEST(TermExpired, CommitteesServeFiveYears) {
  const SnapshotBuilder b = WithTerm("2020-03-01", v1::Org::COMMITTEE);
  EXPECT_EQ(CountOf(b.Check("national", "2025-03-01"), "term.expired"), 0);
  EXPECT_EQ(CountOf(b.Check("national", "2025-03-02"), "term.expired"), 1);
}

TEST(TermExpired, MonthEndAndLeapDayStarts) {
  // Begun on a leap day: three years later there is no 29 February.
  const SnapshotBuilder leap = WithTerm("2024-02-29");
  EXPECT_EQ(CountOf(leap.Check("national", "2027-02-28"), "term.expired"), 0);
  EXPECT_EQ(CountOf(leap.Check("national", "2027-03-01"), "term.expired"), 1);
}

TEST(TermExpired, KindsWithoutTermsAndLifetime) {
  EXPECT_EQ(CountOf(WithTerm("2001-01-01", v1::Org::TEMPORARY_BRANCH).Check("national", "2026-01-01"), "term.expired"), 0);
  EXPECT_EQ(CountOf(WithTerm("2001-01-01", v1::Org::WORKING_COMMITTEE).Check("national", "2026-01-01"), "term.missing"), 0);
  SnapshotBuilder dissolved = WithTerm("2001-01-01");
  dissolved.snapshot().mutable_orgs(1)->set_dissolved_on("2005-01-01");
  EXPECT_EQ(CountOf(dissolved.Check("national", "2026-01-01"), "term.expired"), 0);
}

TEST(TermDueSoon, SixAndThreeMonthWindows) {
  const SnapshotBuilder b = WithTerm("2021-06-15");  // due 2024-06-15
  EXPECT_EQ(CountOf(b.Check("national", "2023-12-14"), "term.due_soon"), 0);  // 6 months + 1 day ahead
  auto f = FindingsOf(b.Check("national", "2023-12-15"), "term.due_soon");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence().at("window"), "6");
  EXPECT_EQ(f[0].due_on(), "2024-06-15");
  f = FindingsOf(b.Check("national", "2024-03-14"), "term.due_soon");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence().at("window"), "6");
  f = FindingsOf(b.Check("national", "2024-03-15"), "term.due_soon");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence().at("window"), "3");
  f = FindingsOf(b.Check("national", "2024-06-15"), "term.due_soon");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence().at("daysLeft"), "0");
  EXPECT_EQ(CountOf(b.Check("national", "2024-06-16"), "term.due_soon"), 0);  // expired instead
}

struct Adjustment {
  int months;
  bool approved;
  const char* first_expired_day;
  int limit_findings;
};

TEST(TermAdjustment, TwelveAndThirteenMonthsApprovedOrNot) {
  // Begun 2021-06-15, due 2024-06-15 before any adjustment.
  for (const Adjustment& a : {Adjustment{12, true, "2025-06-16", 0}, Adjustment{13, true, "2025-06-16", 1},
                              Adjustment{12, false, "2024-06-16", 0}, Adjustment{13, false, "2024-06-16", 1},
                              Adjustment{-12, true, "2023-06-16", 0}, Adjustment{-13, true, "2023-06-16", 1}}) {
    for (const char* profile : kProfiles) {
      SnapshotBuilder b = WithTerm("2021-06-15");
      v1::Term& t = *b.snapshot().mutable_terms(0);
      t.set_adjust_months(a.months);
      t.set_adjust_approved(a.approved);
      const Day first = *ParseDate(a.first_expired_day);
      const v1::Report before = b.Check(profile, FormatDate(first - 1));
      const v1::Report after = b.Check(profile, a.first_expired_day);
      EXPECT_EQ(CountOf(before, "term.expired"), 0) << a.months << a.approved;
      EXPECT_EQ(CountOf(after, "term.expired"), 1) << a.months << a.approved;
      EXPECT_EQ(CountOf(after, "term.adjustment_limit"), a.limit_findings) << a.months << a.approved;
    }
  }
}

TEST(TermAdjustmentUnapproved, EarlyAndLateElections) {
  // The term before the current one: begun 2021-06-15, due 2024-06-15.
  struct { const char* ended; bool approved; int adjust; const char* variant; } cases[] = {
      {"2024-05-15", false, 0, ""},         // a month early: within the grace
      {"2024-05-14", false, 0, "early"},    // a day more
      {"2024-06-15", false, 0, ""},         // on the due date
      {"2024-06-16", false, 0, "late"},     // a day late
      {"2024-12-01", true, 6, ""},          // late, within an approved extension
      {"2025-01-01", true, 6, "late"},      // beyond it
      {"2023-12-15", true, -6, ""},         // early, with an approved advance
  };
  for (const auto& c : cases) {
    SnapshotBuilder b = WithTerm("2021-06-15");
    v1::Term& t = *b.snapshot().mutable_terms(0);
    t.set_ended_on(c.ended);
    t.set_adjust_months(c.adjust);
    t.set_adjust_approved(c.approved);
    b.Term("o", c.ended);
    const auto f = FindingsOf(b.Check("national", "2025-06-30"), "term.adjustment_unapproved");
    if (*c.variant == '\0') {
      EXPECT_TRUE(f.empty()) << c.ended;
    } else {
      ASSERT_EQ(f.size(), 1u) << c.ended;
      EXPECT_EQ(f[0].message_key(), std::string("term.adjustment_unapproved.") + c.variant);
    }
  }
}

TEST(TermMissing, NoCurrentTerm) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("b", v1::Org::BRANCH, "wc");
  b.Org("gb", v1::Org::GENERAL_BRANCH, "wc");
  b.Org("jb", v1::Org::JOINT_BRANCH, "wc");
  b.Org("c", v1::Org::COMMITTEE, "wc");
  b.Org("g", v1::Org::PARTY_GROUP, "b");
  b.Term("b", "2020-01-01", "2023-01-01");  // ended, none after it
  const v1::Report r = b.Check("national", "2024-01-01");
  for (const char* org : {"b", "gb", "jb", "c"}) EXPECT_EQ(CountOf(r, "term.missing", org), 1) << org;
  EXPECT_EQ(CountOf(r, "term.missing"), 4);
  // A term begun after as-of is not current yet.
  b.Term("b", "2024-06-01");
  EXPECT_EQ(CountOf(b.Check("national", "2024-01-01"), "term.missing", "b"), 1);
  EXPECT_EQ(CountOf(b.Check("national", "2024-06-01"), "term.missing", "b"), 0);
}

}  // namespace
}  // namespace dangjian::testing
