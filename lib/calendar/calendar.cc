#include "dangjian/calendar.h"

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace dangjian {
namespace {

const absl::CivilDay kEpoch(1970, 1, 1);

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

Day ToDay(absl::CivilDay civil) { return static_cast<Day>(civil - kEpoch); }
absl::CivilDay ToCivil(Day day) { return kEpoch + day; }

std::optional<Day> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!IsDigits(y) || !IsDigits(m) || !IsDigits(d)) return std::nullopt;
  const int year = ToInt(y), month = ToInt(m), dom = ToInt(d);
  const absl::CivilDay civil(year, month, dom);
  // abseil normalizes 2024-02-30 to 2024-03-01; a real date survives unchanged.
  if (civil.year() != year || civil.month() != month || civil.day() != dom) {
    return std::nullopt;
  }
  return ToDay(civil);
}

std::optional<Day> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  std::string_view y = text.substr(0, 4), m = text.substr(5, 2);
  if (!IsDigits(y) || !IsDigits(m)) return std::nullopt;
  const int month = ToInt(m);
  if (month < 1 || month > 12) return std::nullopt;
  return ToDay(absl::CivilDay(ToInt(y), month, 1));
}

std::string FormatDate(Day day) {
  if (day == kNoDay) return "";
  const absl::CivilDay c = ToCivil(day);
  return absl::StrFormat("%04d-%02d-%02d", c.year(), c.month(), c.day());
}

Day Today() {
  return ToDay(absl::ToCivilDay(absl::Now(), absl::LocalTimeZone()));
}

Day AddMonths(Day day, int months) {
  const absl::CivilDay c = ToCivil(day);
  const absl::CivilMonth target = absl::CivilMonth(c) + months;
  const absl::CivilDay first(target);
  const absl::CivilDay last = absl::CivilDay(target + 1) - 1;
  const absl::CivilDay wanted = first + (c.day() - 1);
  return ToDay(wanted > last ? last : wanted);
}

int YearOf(Day day) { return static_cast<int>(ToCivil(day).year()); }
int MonthOf(Day day) { return ToCivil(day).month(); }

int MonthNumber(Day day) { return YearOf(day) * 12 + MonthOf(day) - 1; }

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
  const absl::CivilDay c = ToCivil(day);
  const int span = MonthsIn(kind);
  const int first_month = (c.month() - 1) / span * span + 1;
  return Period(kind, ToDay(absl::CivilDay(c.year(), first_month, 1)));
}

Period Period::FirstFrom(PeriodKind kind, Day day) {
  const Period p = Containing(kind, day);
  return p.first_day() < day ? p.Next() : p;
}

Day Period::last_day() const { return AddMonths(first_, MonthsIn(kind_)) - 1; }

Period Period::Next() const { return Period(kind_, AddMonths(first_, MonthsIn(kind_))); }

std::string Period::Label() const {
  const absl::CivilDay c = ToCivil(first_);
  const int index = (c.month() - 1) / MonthsIn(kind_) + 1;
  switch (kind_) {
    case PeriodKind::kMonth: return absl::StrFormat("%04d-%02d", c.year(), c.month());
    case PeriodKind::kQuarter: return absl::StrFormat("%04d-Q%d", c.year(), index);
    case PeriodKind::kHalfYear: return absl::StrFormat("%04d-H%d", c.year(), index);
    case PeriodKind::kYear: return absl::StrFormat("%04d", c.year());
  }
  return "";
}

}  // namespace dangjian
