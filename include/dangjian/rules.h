// The rule catalogue: every rule's stable id, default severity, subject,
// source, and what it checks, in Chinese and English. docs/rules.md is the
// same catalogue as a document, with each rule's parameters in each built-in
// profile.
//
// Rule ids are the public contract: platforms store them, tests assert them,
// profiles enable, disable and re-grade rules by them. An id is never reused
// for a different meaning.
//
//   for (const dangjian::RuleInfo& rule : dangjian::Rules()) {
//     std::cout << rule.id << "  " << rule.citation_zh << "\n";
//   }
//
// The catalogue is static data; safe from any thread.
#ifndef DANGJIAN_RULES_H_
#define DANGJIAN_RULES_H_

#include <string_view>

#include "absl/types/span.h"
#include "dangjian/v1/report.pb.h"

namespace dangjian {

struct RuleInfo {
  std::string_view id;          // "setup.branch_min_full_members"
  v1::Severity severity;        // the default; a profile may change it
  std::string_view subject;     // O org, M member, A activity, U unit
  bool always_on;               // structure and data rules: no profile turns them off
  std::string_view citation_zh;
  std::string_view citation_en;
  std::string_view title_zh;    // what it checks, in one line
  std::string_view title_en;
  std::string_view explain_zh;  // how it counts, its edges, what it leaves out
  std::string_view explain_en;
  // The profile fields it reads, comma-separated paths into dangjian.v1.Policy.
  std::string_view parameters;
};

// Every rule, in catalogue order (by family, as docs/rules.md lists them).
absl::Span<const RuleInfo> Rules();

// The rule with this id, or nullptr.
const RuleInfo* FindRule(std::string_view id);

// Does `id_or_family` ("term.expired", or a family such as "term" or
// "setup") name `rule_id`?
bool RuleMatches(std::string_view id_or_family, std::string_view rule_id);

}  // namespace dangjian

#endif  // DANGJIAN_RULES_H_
