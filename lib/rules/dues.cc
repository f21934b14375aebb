#include "dangjian/dues.h"

#include "lib/strings.h"

namespace dangjian {
namespace {

// Incomes above this are not plausible, and their products would overflow.
constexpr int64_t kMaxIncomeCents = int64_t{1'000'000'000'000};  // 10 billion yuan

int64_t Round(int64_t income_cents, int32_t basis_points, v1::Policy::Dues::Rounding rounding) {
  const int64_t scaled = income_cents * basis_points;  // in 1/10000 of a cent
  if (rounding == v1::Policy::Dues::UP_TO_TEN_CENTS) {
    const int64_t dimes = (scaled + 99'999) / 100'000;  // up to 0.1 yuan
    return std::max<int64_t>(dimes, 1) * 10;
  }
  return (scaled + 5'000) / 10'000;  // half up to the cent
}

}  // namespace

absl::StatusOr<int64_t> StandardMonthlyDues(v1::Member::DuesCategory category, int64_t monthly_income_cents,
                                            const Policy& policy) {
  const v1::Policy::Dues& d = policy.dues();
  switch (category) {
    case v1::Member::STUDENT:
    case v1::Member::UNEMPLOYED:
    case v1::Member::LOW_INCOME:
      return d.flat_cents();
    case v1::Member::FARMER:
      return d.farmer_cents();
    case v1::Member::OTHER_FLAT:
      return d.other_flat_cents();
    case v1::Member::EMPLOYED:
    case v1::Member::RETIRED: {
      if (monthly_income_cents < 0) return absl::OutOfRangeError("monthly income: missing or negative");
      if (monthly_income_cents > kMaxIncomeCents) {
        return absl::OutOfRangeError(StrCat("monthly income: ", FormatYuan(monthly_income_cents), " is not plausible"));
      }
      const auto& brackets = category == v1::Member::EMPLOYED ? d.employed() : d.retired();
      for (const auto& b : brackets) {
        if (!b.has_up_to_cents() || monthly_income_cents <= b.up_to_cents()) {
          return Round(monthly_income_cents, b.rate_basis_points(), d.rounding());
        }
      }
      return absl::InternalError("dues brackets end with a bounded bracket");
    }
    default:
      return absl::OutOfRangeError("dues category: missing or unknown");
  }
}

std::optional<int64_t> ParseYuan(std::string_view text) {
  if (text.empty() || text.size() > 16) return std::nullopt;
  int64_t yuan = 0, cents = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    yuan = yuan * 10 + (text[i] - '0');
  }
  if (i == 0) return std::nullopt;
  if (i < text.size()) {
    const std::string_view fraction = text.substr(i + 1);
    if (fraction.empty() || fraction.size() > 2) return std::nullopt;
    for (char c : fraction) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    cents = (fraction[0] - '0') * 10 + (fraction.size() == 2 ? fraction[1] - '0' : 0);
  }
  return yuan * 100 + cents;
}

std::string FormatYuan(int64_t cents) {
  const char* sign = cents < 0 ? "-" : "";
  const uint64_t a = cents < 0 ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  const uint64_t frac = a % 100;
  return StrCat(sign, a / 100, ".", frac < 10 ? "0" : "", frac);
}

}  // namespace dangjian
