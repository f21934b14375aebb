#include "dangjian/calendar.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

#include "lib/strings.h"

namespace dangjian {
namespace {

// Day numbers and civil dates, proleptic Gregorian, in closed form (after
// H. Hinnant, "chrono-compatible low-level date algorithms"): no table, no
// loop, no normalization, so that loading and rules can turn dates freely.
struct Ymd {
  int64_t year;
  int month, day;
};

constexpr int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                // [0, 399]
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;        // [0, 146096]
  return era * 146097 + doe - 719468;
}

constexpr Ymd CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

static_assert(DaysFromCivil(1970, 1, 1) == 0);
static_assert(DaysFromCivil(2024, 2, 29) == 19782);
static_assert(CivilFromDays(19782).month == 2 && CivilFromDays(19782).day == 29);

constexpr bool IsLeap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

constexpr int DaysInMonth(int64_t y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool IsDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

Day ToDay(absl::CivilDay civil) { return static_cast<Day>(DaysFromCivil(civil.year(), civil.month(), civil.day())); }
absl::CivilDay ToCivil(Day day) {
  const Ymd c = CivilFromDays(day);
  return absl::CivilDay(c.year, c.month, c.day);
}

std::optional<Day> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!IsDigits(y) || !IsDigits(m) || !IsDigits(d)) return std::nullopt;
  const int year = ToInt(y), month = ToInt(m), dom = ToInt(d);
  if (month < 1 || month > 12 || dom < 1 || dom > DaysInMonth(year, month)) return std::nullopt;
  return static_cast<Day>(DaysFromCivil(year, month, dom));
}

std::optional<Day> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  std::string_view y = text.substr(0, 4), m = text.substr(5, 2);
  if (!IsDigits(y) || !IsDigits(m)) return std::nullopt;
  const int month = ToInt(m);
  if (month < 1 || month > 12) return std::nullopt;
  return static_cast<Day>(DaysFromCivil(ToInt(y), month, 1));
}

namespace {

// A date of years 0 to 9999 as "YYYY-MM-DD", written digit by digit into
// `text` (a report writes a date, or a period cut from one, into most
// findings).
void WriteDate(const Ymd& c, char (&text)[10]) {
  WriteFourDigits(static_cast<int>(c.year), text);
  text[4] = '-';
  WriteTwoDigits(c.month, text + 5);
  text[7] = '-';
  WriteTwoDigits(c.day, text + 8);
}

}  // namespace

std::string FormatDate(Day day) {
  if (day == kNoDay) return "";
  const Ymd c = CivilFromDays(day);
  if (c.year < 0 || c.year > 9999) return absl::StrFormat("%04d-%02d-%02d", c.year, c.month, c.day);
  char text[10];
  WriteDate(c, text);
  return std::string(text, sizeof text);
}

Day Today() {
  return ToDay(absl::ToCivilDay(absl::Now(), absl::LocalTimeZone()));
}

Day AddMonths(Day day, int months) {
  const Ymd c = CivilFromDays(day);
  const int64_t target = c.year * 12 + (c.month - 1) + months;  // months since year 0
  const int64_t year = target >= 0 ? target / 12 : (target - 11) / 12;
  const int month = static_cast<int>(target - year * 12) + 1;
  return static_cast<Day>(DaysFromCivil(year, month, std::min(c.day, DaysInMonth(year, month))));
}

int YearOf(Day day) { return static_cast<int>(CivilFromDays(day).year); }
int MonthOf(Day day) { return CivilFromDays(day).month; }

namespace {

// The first day of every month from 1900 to 2199, and the one after: the
// rules number the month of each activity they count, so its month is
// looked up rather than worked out from the civil date.
constexpr int kFirstTabledYear = 1900;
constexpr int kTabledMonths = 300 * 12;
struct MonthStarts {
  int32_t day[kTabledMonths + 1];
};
constexpr MonthStarts TableMonthStarts() {
  MonthStarts t{};
  for (int i = 0; i <= kTabledMonths; ++i) {
    t.day[i] = static_cast<int32_t>(DaysFromCivil(kFirstTabledYear + i / 12, i % 12 + 1, 1));
  }
  return t;
}
constexpr MonthStarts kMonthStarts = TableMonthStarts();

}  // namespace

int MonthNumber(Day day) {
  const int64_t since = int64_t{day} - kMonthStarts.day[0];
  if (since >= 0 && day < kMonthStarts.day[kTabledMonths]) {
    // Months of the mean Gregorian length (146097 days in 4800 months) put
    // the day within one month of its own.
    int i = static_cast<int>(since * 4800 / 146097);
    if (kMonthStarts.day[i + 1] <= day) {
      ++i;
    } else if (kMonthStarts.day[i] > day) {
      --i;
    }
    return kFirstTabledYear * 12 + i;
  }
  const Ymd c = CivilFromDays(day);
  return static_cast<int>(c.year * 12 + c.month - 1);
}

int MonthsIn(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kMonth: return 1;
    case PeriodKind::kQuarter: return 3;
    case PeriodKind::kHalfYear: return 6;
    case PeriodKind::kYear: return 12;
  }
  return 12;
}

Period Period::Containing(PeriodKind kind, Day day) {
  const Ymd c = CivilFromDays(day);
  const int span = MonthsIn(kind);
  const int first_month = (c.month - 1) / span * span + 1;
  return Period(kind, static_cast<Day>(DaysFromCivil(c.year, first_month, 1)));
}

Period Period::FirstFrom(PeriodKind kind, Day day) {
  const Period p = Containing(kind, day);
  return p.first_day() < day ? p.Next() : p;
}

Period::Period(PeriodKind kind, Day first) : kind_(kind), first_(first), last_(AddMonths(first, MonthsIn(kind)) - 1) {}

Period Period::Next() const { return Period(kind_, last_ + 1); }

std::string Period::Label() const {
  std::string label;
  AppendLabel(kind_, first_, label);
  return label;
}

void Period::AppendLabel(PeriodKind kind, Day day, std::string& out) {
  const int number = MonthNumber(day);  // year * 12 + month - 1
  const int year = number / 12 - (number % 12 < 0), month = (number % 12 + 12) % 12 + 1;
  const int index = (month - 1) / MonthsIn(kind) + 1;
  if (year >= 0 && year <= 9999) {
    // The year, then the month or the period's number.
    char text[7];
    size_t size = 7;
    WriteFourDigits(year, text);
    text[4] = '-';
    switch (kind) {
      case PeriodKind::kMonth: WriteTwoDigits(month, text + 5); break;
      case PeriodKind::kQuarter:
      case PeriodKind::kHalfYear:
        text[5] = kind == PeriodKind::kQuarter ? 'Q' : 'H', text[6] = static_cast<char>('0' + index);
        break;
      case PeriodKind::kYear: size = 4; break;
    }
    out.append(text, size);
    return;
  }
  switch (kind) {
    case PeriodKind::kMonth: out += absl::StrFormat("%04d-%02d", year, month); return;
    case PeriodKind::kQuarter: out += absl::StrFormat("%04d-Q%d", year, index); return;
    case PeriodKind::kHalfYear: out += absl::StrFormat("%04d-H%d", year, index); return;
    case PeriodKind::kYear: out += absl::StrFormat("%04d", year); return;
  }
}

}  // namespace dangjian
