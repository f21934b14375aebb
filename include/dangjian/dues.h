// Party dues (党费): the monthly standard, as the Provisions on Party Dues
// (2008) set it and a profile parameterizes it.
//
// Employed members pay a rate of their after-tax fixed monthly wage, applied
// to the whole amount, by bracket (upper bounds inclusive): up to 3000 yuan
// 0.5%, to 5000 1%, to 10000 1.5%, above 2%. Retirees: up to 5000 yuan 0.5%,
// above 1%. Students, the unemployed and those on relief pay a flat 0.2 yuan;
// farmers the profile's flat amount. Rounding is the profile's: half up to
// the cent by default, or up to the next 0.1 yuan with a 0.1 yuan floor.
//
//   auto policy = dangjian::Policy::Builtin("national");
//   dangjian::StandardMonthlyDues(dangjian::v1::Member::EMPLOYED, 300001, *policy);  // 3000 (30.00 yuan)
//
// Pure functions; safe from any thread.
#ifndef DANGJIAN_DUES_H_
#define DANGJIAN_DUES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "dangjian/policy.h"

namespace dangjian {

// The standard monthly dues in cents. `monthly_income_cents` is needed for
// EMPLOYED and RETIRED; the flat categories ignore it. A negative or
// implausible income, or no category, is a bad argument (OutOfRange).
absl::StatusOr<int64_t> StandardMonthlyDues(v1::Member::DuesCategory category, int64_t monthly_income_cents,
                                            const Policy& policy);

// "3000.01" or "3000" (yuan, at most two decimals) to cents; nullopt otherwise.
std::optional<int64_t> ParseYuan(std::string_view text);
// Cents as yuan with two decimals: 3000 -> "30.00".
std::string FormatYuan(int64_t cents);

}  // namespace dangjian

#endif  // DANGJIAN_DUES_H_
