#include "dangjian/calendar.h"

#include "gtest/gtest.h"

namespace dangjian {
namespace {

Day D(const char* text) { return *ParseDate(text); }

TEST(ParseDate, AcceptsRealDatesOnly) {
  EXPECT_TRUE(ParseDate("2024-02-29"));
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("2024-02-30"));
  EXPECT_FALSE(ParseDate("2024-13-01"));
  EXPECT_FALSE(ParseDate("2024-00-10"));
  EXPECT_FALSE(ParseDate("2024-1-01"));
  EXPECT_FALSE(ParseDate("2024-01-01T00"));
  EXPECT_FALSE(ParseDate("２０２４-01-01"));
  EXPECT_FALSE(ParseDate(""));
  EXPECT_EQ(FormatDate(D("1999-12-31")), "1999-12-31");
  EXPECT_EQ(FormatDate(kNoDay), "");
  EXPECT_EQ(FormatDate(D("0001-01-01")), "0001-01-01");
  EXPECT_EQ(FormatDate(D("9999-12-31")), "9999-12-31");
  EXPECT_EQ(FormatDate(D("9999-12-31") + 1), "10000-01-01");
  EXPECT_EQ(FormatDate(D("0000-01-01") - 1), "-001-12-31");
  // What ParseDate reads back, every day of two centuries and leap days in
  // them (2000, not 1900 nor 2100).
  for (Day d = D("1900-01-01"); d <= D("2100-12-31"); ++d) {
    ASSERT_EQ(ParseDate(FormatDate(d)), d) << d;
  }
  EXPECT_EQ(FormatDate(D("2000-02-28") + 1), "2000-02-29");
  EXPECT_EQ(FormatDate(D("1900-02-28") + 1), "1900-03-01");
  EXPECT_EQ(FormatDate(D("2100-02-28") + 1), "2100-03-01");
}

TEST(ParseMonth, AcceptsYearAndMonth) {
  EXPECT_EQ(ParseMonth("2024-07"), D("2024-07-01"));
  EXPECT_FALSE(ParseMonth("2024-13"));
  EXPECT_FALSE(ParseMonth("2024-00"));
  EXPECT_FALSE(ParseMonth("2024-7"));
}

TEST(AddMonths, ClampsToTheEndOfTheMonth) {
  EXPECT_EQ(AddMonths(D("2021-08-31"), 6), D("2022-02-28"));
  EXPECT_EQ(AddMonths(D("2023-08-31"), 6), D("2024-02-29"));  // a leap year
  EXPECT_EQ(AddMonths(D("2024-02-29"), 12), D("2025-02-28"));
  EXPECT_EQ(AddMonths(D("2024-02-29"), 48), D("2028-02-29"));
  EXPECT_EQ(AddMonths(D("2021-01-31"), 1), D("2021-02-28"));
  EXPECT_EQ(AddMonths(D("2021-03-31"), -1), D("2021-02-28"));
  EXPECT_EQ(AddMonths(D("2021-06-15"), 36), D("2024-06-15"));
  EXPECT_EQ(AddMonths(D("2021-12-15"), 1), D("2022-01-15"));
  EXPECT_EQ(AddMonths(D("2022-01-15"), -1), D("2021-12-15"));
}

TEST(Period, QuarterEdges) {
  const Period q1 = Period::Containing(PeriodKind::kQuarter, D("2024-03-31"));
  EXPECT_EQ(q1.Label(), "2024-Q1");
  EXPECT_EQ(q1.first_day(), D("2024-01-01"));
  EXPECT_EQ(q1.last_day(), D("2024-03-31"));
  EXPECT_TRUE(q1.Contains(D("2024-03-31")));
  EXPECT_FALSE(q1.Contains(D("2024-04-01")));
  EXPECT_EQ(Period::Containing(PeriodKind::kQuarter, D("2024-04-01")).Label(), "2024-Q2");
  EXPECT_EQ(q1.Next().Label(), "2024-Q2");
}

TEST(Period, MonthsOf28_29_30And31Days) {
  EXPECT_EQ(Period::Containing(PeriodKind::kMonth, D("2023-02-10")).last_day(), D("2023-02-28"));
  EXPECT_EQ(Period::Containing(PeriodKind::kMonth, D("2024-02-10")).last_day(), D("2024-02-29"));
  EXPECT_EQ(Period::Containing(PeriodKind::kMonth, D("2024-04-10")).last_day(), D("2024-04-30"));
  EXPECT_EQ(Period::Containing(PeriodKind::kMonth, D("2024-12-31")).Label(), "2024-12");
  EXPECT_EQ(Period::Containing(PeriodKind::kMonth, D("2024-12-31")).Next().Label(), "2025-01");
}

TEST(Period, HalfYearAndYear) {
  EXPECT_EQ(Period::Containing(PeriodKind::kHalfYear, D("2024-06-30")).Label(), "2024-H1");
  EXPECT_EQ(Period::Containing(PeriodKind::kHalfYear, D("2024-07-01")).Label(), "2024-H2");
  EXPECT_EQ(Period::Containing(PeriodKind::kHalfYear, D("2024-07-01")).last_day(), D("2024-12-31"));
  const Period y = Period::Containing(PeriodKind::kYear, D("2024-12-31"));
  EXPECT_EQ(y.Label(), "2024");
  EXPECT_EQ(y.first_day(), D("2024-01-01"));
  EXPECT_EQ(y.last_day(), D("2024-12-31"));
  EXPECT_EQ(y.Next().Label(), "2025");
}

// A label's year: four digits from 0 to 9999, five past it, and a minus
// sign before one before 0; at the ends of the years of four digits, of
// year 0 and of the year before it.
TEST(Period, LabelsAtTheEndsOfTheYearsOfFourDigits) {
  const auto label = [](PeriodKind kind, Day day) { return Period::Containing(kind, day).Label(); };
  EXPECT_EQ(label(PeriodKind::kMonth, D("0999-12-31")), "0999-12");
  EXPECT_EQ(label(PeriodKind::kQuarter, D("1000-01-01")), "1000-Q1");
  EXPECT_EQ(label(PeriodKind::kHalfYear, D("9999-12-31")), "9999-H2");
  EXPECT_EQ(label(PeriodKind::kMonth, D("9999-12-31") + 1), "10000-01");
  EXPECT_EQ(label(PeriodKind::kYear, D("9999-12-31") + 1), "10000");
  const Day year_zero = D("0000-01-01");
  EXPECT_EQ(label(PeriodKind::kMonth, year_zero), "0000-01");
  EXPECT_EQ(label(PeriodKind::kQuarter, year_zero - 1), "-001-Q4");
  EXPECT_EQ(label(PeriodKind::kMonth, year_zero - 1), "-001-12");
}

TEST(Day, RoundTripsThroughCivil) {
  for (const char* text : {"1970-01-01", "1921-07-01", "2024-02-29", "2099-12-31"}) {
    EXPECT_EQ(FormatDate(ToDay(ToCivil(D(text)))), text);
  }
  EXPECT_EQ(D("1970-01-02") - D("1970-01-01"), 1);
  EXPECT_EQ(YearOf(D("2024-02-29")), 2024);
  EXPECT_EQ(MonthOf(D("2024-02-29")), 2);
}

TEST(Period, AppendLabelIsTheLabelOfThePeriodContainingTheDay) {
  // Any day of a period, after what the string holds; years of other than
  // four digits as Label pads them.
  for (const char* text : {"2024-02-29", "2024-03-31", "2024-07-01", "2024-12-31", "0999-06-15", "9999-12-31"}) {
    for (const PeriodKind kind : {PeriodKind::kMonth, PeriodKind::kQuarter, PeriodKind::kHalfYear, PeriodKind::kYear}) {
      std::string out = "x";
      Period::AppendLabel(kind, D(text), out);
      EXPECT_EQ(out, "x" + Period::Containing(kind, D(text)).Label()) << text;
    }
  }
  std::string out;
  Period::AppendLabel(PeriodKind::kQuarter, D("2024-03-31"), out);
  EXPECT_EQ(out, "2024-Q1");
  Period::AppendLabel(PeriodKind::kHalfYear, D("2024-07-01"), out);
  EXPECT_EQ(out, "2024-Q12024-H2");
  out.clear();
  Period::AppendLabel(PeriodKind::kMonth, D("0999-06-15"), out);
  EXPECT_EQ(out, "0999-06");
}

TEST(MonthNumber, IsTheCivilMonthOfEveryDay) {
  // Every day of the years looked up (1900 to 2199), leap days, century
  // ends and the days either side of them, against the civil date.
  for (Day d = D("1899-12-01"); d <= D("2200-01-31"); ++d) {
    const absl::CivilDay c = ToCivil(d);
    ASSERT_EQ(MonthNumber(d), c.year() * 12 + c.month() - 1) << FormatDate(d);
  }
  EXPECT_EQ(MonthNumber(D("1899-12-31")), 1899 * 12 + 11);
  EXPECT_EQ(MonthNumber(D("1900-01-01")), 1900 * 12);
  EXPECT_EQ(MonthNumber(D("2024-02-29")), 2024 * 12 + 1);
  EXPECT_EQ(MonthNumber(D("2199-12-31")), 2199 * 12 + 11);
  EXPECT_EQ(MonthNumber(D("2200-01-01")), 2200 * 12);
  EXPECT_EQ(MonthNumber(D("0001-01-01")), 12);
  EXPECT_EQ(MonthNumber(D("9999-12-31")), 9999 * 12 + 11);
}

}  // namespace
}  // namespace dangjian
