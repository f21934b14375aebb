// The one message table: a template per message key and language, for the
// findings' messages and for every other string a person reads ("ui." keys:
// headings, labels), and the localized names of the schema's enums. Templates
// name parameters in braces: "{count}". Messages are rendered at the edge only
// (lib/report).
#ifndef DANGJIAN_LIB_REPORT_MESSAGES_H_
#define DANGJIAN_LIB_REPORT_MESSAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "dangjian/report.h"
#include "lib/check/finding.h"

namespace dangjian::v1 {
class Obligation;
class Policy;
}  // namespace dangjian::v1

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

// A string a person reads beside the findings, a heading or a label: the
// template of its "ui." key rendered as a message is. A key the table lacks
// shows as itself, for a test to catch.
//
//   Text("ui.as_of", lang, {Arg("asOf", report.as_of())})  // "截至 2026-11-30"
std::string Text(std::string_view key, Lang lang, absl::Span<const check::Param> params = {});
// An error's message in `lang`: each phrase the table knows ("no org \"x\"")
// in its words, the record and field path before it ("orgs[12].parentId: ")
// as it is. A phrase the table does not know stays in English.
//
//   TranslateError("bad.json: orgs[12].parentId: no org \"x\"", Lang::kZh)
//   // "bad.json: orgs[12].parentId: 没有组织“x”"
std::string TranslateError(std::string_view message, Lang lang);

// A parameter of a profile, by its dotted path into dangjian.v1.Policy
// ("setup.branch_min"), as a sentence: "成立党支部须正式党员3名以上". "" for a
// path the table has no sentence for.
std::string ParameterText(const v1::Policy& profile, std::string_view path, Lang lang);
// An obligation of organizational life as a sentence: "党支部每季度党员大会不少于1次".
std::string ObligationText(const v1::Obligation& obligation, Lang lang);

// A parameter of a UI string: a text shown as given, or a number.
check::Param Arg(std::string_view name, std::string_view text);
check::Param Arg(std::string_view name, int64_t number);

}  // namespace dangjian::report

#endif  // DANGJIAN_LIB_REPORT_MESSAGES_H_
