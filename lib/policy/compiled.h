// A profile compiled for the rules: its member-count thresholds ready to
// apply, its term lengths by org kind, and its obligations of organizational
// life, each checked and turned into what a rule tests org by org. Built once
// by Policy::FromMessage (policy.cc) and read through the Policy's accessors.
#ifndef DANGJIAN_LIB_POLICY_COMPILED_H_
#define DANGJIAN_LIB_POLICY_COMPILED_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dangjian/calendar.h"
#include "dangjian/policy.h"
#include "lib/model/store.h"

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

namespace policy {

struct Compiled {
  CountBound branch_min, branch_max, general_branch_min, committee_min, branch_committee_at;
  std::vector<int> term_months;  // by Org.Kind
  std::vector<ObligationSpec> obligations;  // the enabled ones whose rule is enabled

  // The term length of an org kind in months; 0 when the kind has no term.
  int TermMonths(v1::Org::Kind kind) const { return term_months[kind]; }
};

}  // namespace policy

}  // namespace dangjian

#endif  // DANGJIAN_LIB_POLICY_COMPILED_H_
