// Profiles: the parameters of every rule and which rules are on.
//
// A profile is a dangjian.v1.Policy message. Two are built into the library,
// from data/profiles/*.textproto: `national` (the default) and `genhe-2020`,
// which extends it. A profile may `extends` another and set only what it
// changes; `Policy` is the result of resolving that chain, checked for
// completeness, with every threshold ready for the rules.
//
//   absl::StatusOr<dangjian::Policy> national = dangjian::Policy::Builtin("national");
//   absl::StatusOr<dangjian::Policy> mine = dangjian::Policy::FromTextproto(R"(
//     id: "my-city"  extends: "genhe-2020"
//     rules { id: "setup.branch_max_members" enabled: false })");
//
// A Policy is an immutable value: copy it freely, read it from any thread.
#ifndef DANGJIAN_POLICY_H_
#define DANGJIAN_POLICY_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dangjian/store.h"
#include "dangjian/v1/policy.pb.h"

namespace dangjian {

// A member-count threshold ready to apply.
struct CountBound {
  int32_t value = 0;
  bool full_members_only = true;  // the counting basis
  bool inclusive = true;          // "3名以上" (true) or "超过3名" (false)

  // The count on this bound's basis.
  uint32_t Count(uint32_t full, uint32_t all) const { return full_members_only ? full : all; }
  // As a lower bound: is `count` enough?
  bool Reached(uint32_t count) const {
    return inclusive ? count >= static_cast<uint32_t>(value) : count > static_cast<uint32_t>(value);
  }
  // As an upper bound: is `count` within it? ("不超过50" inclusive, "不足50" strict)
  bool Within(uint32_t count) const {
    return inclusive ? count <= static_cast<uint32_t>(value) : count < static_cast<uint32_t>(value);
  }
};

class Policy {
 public:
  // A built-in profile by id.
  static absl::StatusOr<Policy> Builtin(std::string_view id);
  // A profile in textproto; `extends` names a built-in profile.
  static absl::StatusOr<Policy> FromTextproto(std::string_view text);
  // Resolves a parsed profile message.
  static absl::StatusOr<Policy> FromMessage(const v1::Policy& profile);
  // The ids of the built-in profiles, `national` first.
  static std::vector<std::string> BuiltinIds();
  // A built-in profile as written (unresolved), or nullptr.
  static const v1::Policy* BuiltinMessage(std::string_view id);

  const std::string& id() const { return resolved_.id(); }
  // The whole chain flattened into one message.
  const v1::Policy& resolved() const { return resolved_; }

  bool RuleEnabled(int rule) const { return enabled_[rule]; }
  // The profile's severity for a rule, or SEVERITY_UNSPECIFIED to keep the rule's own.
  v1::Severity SeverityOverride(int rule) const { return severity_[rule]; }

  const CountBound& branch_min() const { return branch_min_; }
  const CountBound& branch_max() const { return branch_max_; }
  const CountBound& general_branch_min() const { return general_branch_min_; }
  const CountBound& committee_min() const { return committee_min_; }
  const CountBound& branch_committee_at() const { return branch_committee_at_; }
  const v1::Policy::Setup& setup() const { return resolved_.setup(); }
  const v1::Policy::Terms& terms() const { return resolved_.terms(); }
  // The term length of an org kind in months; 0 when the kind has no term.
  int TermMonths(OrgKind kind) const { return term_months_[kind]; }

 private:
  Policy() = default;

  v1::Policy resolved_;
  std::vector<bool> enabled_;
  std::vector<v1::Severity> severity_;
  CountBound branch_min_, branch_max_, general_branch_min_, committee_min_, branch_committee_at_;
  std::vector<int> term_months_;
};

}  // namespace dangjian

#endif  // DANGJIAN_POLICY_H_
