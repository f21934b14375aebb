// The catalogue, written from the rule list (catalogue.inc).
#include <array>
#include <string_view>

#include "dangjian/rules.h"
#include "dangjian/v1/snapshot.pb.h"
#include "lib/rules/catalogue.h"

namespace dangjian {
namespace {

// Structure and data rules: no profile turns them off.
constexpr bool AlwaysOn(std::string_view id) {
  return id.substr(0, 10) == "structure." || id.substr(0, 5) == "data.";
}

constexpr std::array<RuleInfo, rules::kRuleCount> kRules = {{
#define DJ_RULE(enumerator, id, severity, subject, family, reads, parameters, citation_zh, citation_en, title_zh, \
                title_en, explain_zh, explain_en)                                                                 \
  {id, v1::severity, subject, AlwaysOn(id), citation_zh, citation_en, title_zh, title_en, explain_zh, explain_en, \
   parameters},
#include "lib/rules/catalogue.inc"
}};

using namespace rules::input;  // the list names the kinds of record bare

constexpr rules::Inputs kReads[] = {
#define DJ_RULE(enumerator, id, severity, subject, family, reads, ...) reads,
#include "lib/rules/catalogue.inc"
};

constexpr rules::Family kFamilies[] = {
#define DJ_RULE(enumerator, id, severity, subject, family, ...) rules::Family::family,
#include "lib/rules/catalogue.inc"
};

// DJ_ROLL's kinds of activity.
using Activity = v1::Activity;
static_assert(Activity::Kind_MAX < 32, "a kind of activity is a bit of rules::ActivityKinds");
template <typename... Kind>
constexpr rules::ActivityKinds Kinds(Kind... kinds) {
  return (rules::ActivityKinds{0} | ... | (rules::ActivityKinds{1} << kinds));
}
struct RuleRoll {
  rules::RuleId rule;
  rules::Roll roll;
};
constexpr RuleRoll kRolls[] = {
#define DJ_ROLL(enumerator, kinds, at) {rules::enumerator, {kinds, rules::RollAt::at}},
#include "lib/rules/catalogue.inc"
};

// A roll is read by a record rule that reads the members or their standing.
constexpr bool RollsAreRecordRulesReadingMembers() {
  for (const RuleRoll& r : kRolls) {
    if (kFamilies[r.rule] != rules::Family::kRecords || !(kReads[r.rule] & (kMembers | kMemberStatus))) return false;
  }
  return true;
}
static_assert(RollsAreRecordRulesReadingMembers(), "a DJ_ROLL names a record rule that reads kMembers or kMemberStatus");

// Each message belongs to the rule it names: its key is the rule's id, or
// the id and a variant.
struct MessageOf {
  rules::RuleId rule;
  std::string_view key;
};
constexpr MessageOf kMessageKeys[] = {
#define DJ_MESSAGE(enumerator, key, zh, en) {rules::enumerator, key},
#include "lib/rules/catalogue.inc"
};

constexpr bool MessagesNameTheirRules() {
  for (const MessageOf& m : kMessageKeys) {
    const std::string_view id = kRules[m.rule].id;
    if (m.key != id && !(m.key.size() > id.size() + 1 && m.key.substr(0, id.size()) == id && m.key[id.size()] == '.')) {
      return false;
    }
  }
  return true;
}
static_assert(MessagesNameTheirRules(), "a DJ_MESSAGE's key is its rule's id, or the id, a dot and a variant");

// A rule speaks through a message of its own, or through the obligation engine's.
constexpr bool EveryRuleHasAMessage() {
  for (const RuleInfo& r : kRules) {
    bool found = r.parameters == "obligations";
    for (const MessageOf& m : kMessageKeys) found = found || kRules[m.rule].id == r.id;
    if (!found) return false;
  }
  return true;
}
static_assert(EveryRuleHasAMessage(), "every rule but an obligation rule has a DJ_MESSAGE");

}  // namespace

absl::Span<const RuleInfo> Rules() { return kRules; }

bool RuleMatches(std::string_view id_or_family, std::string_view rule_id) {
  return rule_id == id_or_family ||
         (rule_id.size() > id_or_family.size() && rule_id.substr(0, id_or_family.size()) == id_or_family &&
          rule_id[id_or_family.size()] == '.');
}

const RuleInfo* FindRule(std::string_view id) {
  for (const RuleInfo& rule : kRules) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

namespace rules {

Inputs Reads(RuleId rule) { return kReads[rule]; }

Family FamilyOf(RuleId rule) { return kFamilies[rule]; }

Roll RollOf(RuleId rule) {
  for (const RuleRoll& r : kRolls) {
    if (r.rule == rule) return r.roll;
  }
  return {kEveryActivityKind, RollAt::kEvery};
}

}  // namespace rules
}  // namespace dangjian
