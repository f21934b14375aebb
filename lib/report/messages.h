// The one message table: a template per message key and language, and the
// localized names of the schema's enums. Templates name parameters in braces:
// "{count}". Messages are rendered at the edge only (lib/report). The rules'
// templates are written beside the rules, in the rule list
// (lib/rules/catalogue.inc).
#ifndef DANGJIAN_LIB_REPORT_MESSAGES_H_
#define DANGJIAN_LIB_REPORT_MESSAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "dangjian/report.h"
#include "lib/check/finding.h"

namespace dangjian::report {

// The template for `key` ("setup.branch_committee_size.over_max"); empty if none.
std::string_view Template(std::string_view key, Lang lang);
// Every key of the table, for tests.
std::vector<std::string_view> TemplateKeys();

std::string_view OrgKindName(OrgKind kind, Lang lang);
std::string_view RoleName(Role role, Lang lang);
std::string_view SeverityName(v1::Severity severity, Lang lang);
// Plural in English ("general meetings"): messages count them.
std::string_view ActivityKindName(v1::Activity::Kind kind, Lang lang);

// A parameter as a message shows it, and as evidence records it.
std::string FormatForMessage(const check::Param& param, Lang lang);
std::string FormatForEvidence(const check::Param& param);

// `tmpl` with each {name} replaced by its parameter.
std::string Render(std::string_view tmpl, absl::Span<const check::Param> params, Lang lang);

}  // namespace dangjian::report

#endif  // DANGJIAN_LIB_REPORT_MESSAGES_H_
