// The one message table: a template per message key and language, for the
// findings' messages and for every other string a person reads ("ui." keys:
// headings, labels), and the localized names of the schema's enums. Templates
// name parameters in braces: "{count}". Messages are rendered at the edge only
// (lib/report). The rules' templates are written beside the rules, in the rule
// list (lib/rules/catalogue.inc).
#ifndef DANGJIAN_LIB_REPORT_MESSAGES_H_
#define DANGJIAN_LIB_REPORT_MESSAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "dangjian/report.h"
#include "lib/check/finding.h"

namespace dangjian::report {

// The table's templates (dangjian::MessageTemplate and MessageKeys in report.h).
using ::dangjian::MessageKeys;
using ::dangjian::MessageTemplate;

std::string_view OrgKindName(OrgKind kind, Lang lang);
std::string_view RoleName(Role role, Lang lang);
// Plural in English ("general meetings"): messages count them.
std::string_view ActivityKindName(v1::Activity::Kind kind, Lang lang);

// A parameter as a message shows it, and as evidence records it, written
// after what `out` holds.
void AppendForMessage(const check::Param& param, Lang lang, std::string& out);
void AppendForEvidence(const check::Param& param, std::string& out);

// `tmpl` with each {name} replaced by its parameter; AppendRendered writes
// it after what `out` holds (a finding's message written again where it
// was, in the room it had).
std::string Render(std::string_view tmpl, absl::Span<const check::Param> params, Lang lang);
void AppendRendered(std::string_view tmpl, absl::Span<const check::Param> params, Lang lang, std::string& out);

// The UI strings (dangjian::Text in report.h), named as the layers call them.
using ::dangjian::Text;
using Arg = ::dangjian::TextArg;

}  // namespace dangjian::report

#endif  // DANGJIAN_LIB_REPORT_MESSAGES_H_
