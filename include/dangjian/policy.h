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

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dangjian/rules.h"
#include "dangjian/store.h"
#include "dangjian/v1/policy.pb.h"

namespace dangjian {

namespace policy {
struct Compiled;  // what the rules read (the library's own)
}  // namespace policy

class Policy {
 public:
  // A built-in profile by id.
  static absl::StatusOr<Policy> Builtin(std::string_view id);
  // A profile in textproto, or in protobuf JSON; `extends` names a built-in
  // profile.
  static absl::StatusOr<Policy> FromTextproto(std::string_view text);
  static absl::StatusOr<Policy> FromJson(std::string_view json);
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

  const v1::Policy::Setup& setup() const { return data_->resolved.setup(); }
  const v1::Policy::Terms& terms() const { return data_->resolved.terms(); }
  const v1::Policy::Life& life() const { return data_->resolved.life(); }
  const v1::Policy::Members& members() const { return data_->resolved.members(); }
  const v1::Policy::Dues& dues() const { return data_->resolved.dues(); }
  // What loads checked with this profile accept: its limits over the defaults.
  LoadLimits load_limits() const;

  // What the library's rules read, compiled from the profile; its type is
  // the library's own (opaque here).
  const policy::Compiled& compiled() const { return *data_->compiled; }

 private:
  struct Data {
    v1::Policy resolved;
    std::vector<RuleInfo> rules;  // views into the catalogue and into `resolved`
    std::vector<bool> enabled;
    std::vector<v1::Severity> severity;
    std::shared_ptr<const policy::Compiled> compiled;
  };
  explicit Policy(std::shared_ptr<const Data> data) : data_(std::move(data)) {}

  std::shared_ptr<const Data> data_;
};

}  // namespace dangjian

#endif  // DANGJIAN_POLICY_H_
