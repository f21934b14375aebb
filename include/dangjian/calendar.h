// Civil dates and the periods rules are judged by: month, quarter, half-year
// and year.
//
// A `Day` is a civil date held as a 32-bit day number (days since 1970-01-01),
// the form every column of the Store uses; `kNoDay` marks a date not given.
// Conversions go through absl::CivilDay, so every calendar fact (leap years,
// month lengths) is abseil's.
//
// Adding months clamps to the end of the month: 2021-08-31 + 6 months is
// 2022-02-28, and 2024-02-29 + 12 months is 2025-02-28. This is how terms and
// probation periods are counted: a term begun on the 31st ends on the last day
// of a shorter month, never in the month after.
//
//   dangjian::Day d = *dangjian::ParseDate("2024-02-29");
//   dangjian::Period q = dangjian::Period::Containing(dangjian::PeriodKind::kQuarter, d);
//   q.Label();        // "2024-Q1"
//   q.last_day();     // 2024-03-31
//
// Everything here is a pure function of its arguments; safe from any thread.
#ifndef DANGJIAN_CALENDAR_H_
#define DANGJIAN_CALENDAR_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"

namespace dangjian {

using Day = int32_t;
inline constexpr Day kNoDay = std::numeric_limits<int32_t>::min();

Day ToDay(absl::CivilDay civil);
absl::CivilDay ToCivil(Day day);

// "YYYY-MM-DD", exactly, and a date that exists (no 2023-02-29).
std::optional<Day> ParseDate(std::string_view text);
// "YYYY-MM", exactly; returns the first day of the month.
std::optional<Day> ParseMonth(std::string_view text);
std::string FormatDate(Day day);  // "" for kNoDay

// Today in the machine's local time zone.
Day Today();

// `day` plus `months` calendar months, clamped to the end of the target month.
// `months` may be negative.
Day AddMonths(Day day, int months);

int YearOf(Day day);
int MonthOf(Day day);  // 1..12
// Months counted from year 0: year * 12 + month - 1. Consecutive months have
// consecutive numbers, across year ends.
int MonthNumber(Day day);

enum class PeriodKind { kMonth, kQuarter, kHalfYear, kYear };
int MonthsIn(PeriodKind kind);  // 1, 3, 6, 12

// One month, quarter, half-year or year of the civil calendar.
class Period {
 public:
  static Period Containing(PeriodKind kind, Day day);
  // The first period of `kind` that begins on or after `day`.
  static Period FirstFrom(PeriodKind kind, Day day);

  PeriodKind kind() const { return kind_; }
  Day first_day() const { return first_; }
  Day last_day() const { return last_; }
  bool Contains(Day day) const { return day >= first_ && day <= last_; }
  Period Next() const;
  // "2024", "2024-H1", "2024-Q3", "2024-07".
  std::string Label() const;
  // The label of the period of `kind` containing `day`, after what `out`
  // holds: Containing(kind, day).Label(), with no period made.
  static void AppendLabel(PeriodKind kind, Day day, std::string& out);

  friend bool operator==(const Period& a, const Period& b) {
    return a.kind_ == b.kind_ && a.first_ == b.first_;
  }

 private:
  Period(PeriodKind kind, Day first);

  PeriodKind kind_;
  Day first_, last_;
};

}  // namespace dangjian

#endif  // DANGJIAN_CALENDAR_H_
