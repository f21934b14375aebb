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
// A profile may define obligations of organizational life (at least n
// activities of a kind per period, owed by orgs of given kinds or by the
// holders of given roles) and local rules for them: a city's own obligation
// needs no code.
//
// A Policy is an immutable value, cheap to copy (it shares its data); read it
// from any thread.
#ifndef DANGJIAN_POLICY_H_
#define DANGJIAN_POLICY_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dangjian/calendar.h"
#include "dangjian/rules.h"
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

// An obligation of organizational life, compiled for the engine.
struct ObligationSpec {
  std::string id;
  int rule;  // index into Policy::Rule()
  v1::Activity::Kind activity;
  uint32_t holder_kinds;  // bit k set: Org.Kind k owes it
  bool needs_committee;   // only branches that must have a committee
  int at_least;
  PeriodKind period;
  std::string tag;           // "" = any
  uint16_t months;           // bit m set: month m counts; 0 = every month
  uint16_t preferred_months; // 0 = none
  std::vector<Role> performers;  // empty: the org owes it; else each holder of these roles

  bool OwedBy(OrgKind kind) const { return (holder_kinds >> kind) & 1u; }
  bool personal() const { return !performers.empty(); }
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

  const std::string& id() const { return data_->resolved.id(); }
  // The whole chain flattened into one message.
  const v1::Policy& resolved() const { return data_->resolved; }

  // The rules this profile knows: the catalogue, then its local rules.
  size_t RuleCount() const { return data_->rules.size(); }
  const RuleInfo& Rule(int rule) const { return data_->rules[rule]; }
  int FindRule(std::string_view id) const;  // -1 when unknown

  bool RuleEnabled(int rule) const { return data_->enabled[rule]; }
  // The profile's severity for a rule, or SEVERITY_UNSPECIFIED to keep the rule's own.
  v1::Severity SeverityOverride(int rule) const { return data_->severity[rule]; }

  const CountBound& branch_min() const { return data_->branch_min; }
  const CountBound& branch_max() const { return data_->branch_max; }
  const CountBound& general_branch_min() const { return data_->general_branch_min; }
  const CountBound& committee_min() const { return data_->committee_min; }
  const CountBound& branch_committee_at() const { return data_->branch_committee_at; }
  const v1::Policy::Setup& setup() const { return data_->resolved.setup(); }
  const v1::Policy::Terms& terms() const { return data_->resolved.terms(); }
  const v1::Policy::Life& life() const { return data_->resolved.life(); }
  const v1::Policy::Members& members() const { return data_->resolved.members(); }
  const v1::Policy::Dues& dues() const { return data_->resolved.dues(); }
  // The term length of an org kind in months; 0 when the kind has no term.
  int TermMonths(OrgKind kind) const { return data_->term_months[kind]; }
  // What loads checked with this profile accept: its limits over the defaults.
  LoadLimits load_limits() const;
  // The enabled obligations whose rule is enabled.
  const std::vector<ObligationSpec>& obligations() const { return data_->obligations; }

 private:
  struct Data {
    v1::Policy resolved;
    std::vector<RuleInfo> rules;  // views into the catalogue and into `resolved`
    std::vector<bool> enabled;
    std::vector<v1::Severity> severity;
    CountBound branch_min, branch_max, general_branch_min, committee_min, branch_committee_at;
    std::vector<int> term_months;
    std::vector<ObligationSpec> obligations;
  };
  explicit Policy(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
  static absl::Status CompileObligations(Data& data, const std::string& where);

  std::shared_ptr<const Data> data_;
};

}  // namespace dangjian

#endif  // DANGJIAN_POLICY_H_
