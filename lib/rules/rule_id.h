// Dense rule numbers, in catalogue order: the index of a rule in Rules().
// One enumerator a rule of the list (catalogue.inc), in its order.
#ifndef DANGJIAN_LIB_RULES_RULE_ID_H_
#define DANGJIAN_LIB_RULES_RULE_ID_H_

#include <cstdint>

namespace dangjian::rules {

enum RuleId : uint16_t {
#define DJ_RULE(enumerator, ...) enumerator,
#include "lib/rules/catalogue.inc"
  kRuleCount,
};

}  // namespace dangjian::rules

#endif  // DANGJIAN_LIB_RULES_RULE_ID_H_
