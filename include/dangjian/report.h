// Reports: what a check returns (dangjian.v1.Report), and its renderings for
// a person (text, HTML) and for a program (protobuf JSON).
//
// A finding names people by id only; messages are rendered in one language,
// Chinese by default, from a message key and the finding's evidence, so a
// platform may render its own from `messageKey` and `evidence`.
//
//   std::cout << dangjian::RenderText(report, *store, dangjian::Lang::kZh);
//
// Pure functions of their arguments; safe from any thread.
#ifndef DANGJIAN_REPORT_H_
#define DANGJIAN_REPORT_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dangjian/store.h"
#include "dangjian/v1/report.pb.h"
#include "google/protobuf/message.h"

namespace dangjian {

namespace v1 {
class Obligation;
class Policy;
}  // namespace v1

enum class Lang { kZh, kEn };

// "zh", "zh-CN", "en", "en-US"…; nullopt for anything else.
std::optional<Lang> ParseLang(std::string_view text);
std::string_view LangCode(Lang lang);  // "zh-CN" or "en"

// For a person: findings grouped by org in hierarchy order, severity first,
// then a summary.
std::string RenderText(const v1::Report& report, const Store& store, Lang lang);
// The Report message as protobuf JSON (lowerCamelCase, enums by name).
std::string RenderJson(const v1::Report& report);
// How the pages and workbooks a person reads (HTML, Excel) name a member
// whose name (姓名) the snapshot gives: in full beside the id, or masked
// (张*明) for a report that goes further than those who may see names.
// Text and JSON name members by id alone.
enum class MemberNames { kFull, kMasked };
// A name masked: its first and last characters kept and those between
// starred (张三明 → 张*明, 欧阳明月 → 欧**月); of two, the first kept (韩欣 → 韩*).
std::string MaskName(std::string_view name);

// For a person, as one self-contained page: a summary with charts, the org
// tree with counts rolled up, filters, and a print layout as a 通报.
std::string RenderHtml(const v1::Report& report, const Store& store, Lang lang,
                       MemberNames names = MemberNames::kFull);

// Any message of the schema as protobuf JSON (lowerCamelCase, enums by name,
// maps in key order), indented or on one line (for JSON Lines).
std::string RenderMessageJson(const google::protobuf::Message& message, bool one_line = false);
// A severity as a person reads it: 违规 / violation, 预警 / warning, 提醒 / notice.
std::string_view SeverityName(v1::Severity severity, Lang lang);

// A finding's key (dangjian.v1.Finding.key): the same finding has the same key
// in a check, an Engine's report and its deltas, in any run or process, so a
// platform can follow it through rectification (整改) while its evidence and
// message change. It is the rule id, then each id the finding names and its
// period, in this order, those it lacks left out; a finding about a field of
// a record (the data rules) adds the field and the value it holds:
//
//   life.group_meeting/org:b-gaj-xz-g2/period:2026-05
//   member.dues_arrears/org:b-mzj/member:m1006
//   data.unknown_reference/org:b-gaj-11/activity:a-7/field:activities[3].attendeeIds[0]/value:m9
//
// An id's '%' and '/' are written %25 and %2F, so different findings never
// share a key. A string a person can read and a platform can store as it is
// (or hash to a length of its choosing), rather than a hash that would need
// its function specified and could collide.
std::string FindingKey(const v1::Finding& finding);

// The one message table, for a platform that renders findings itself from
// their messageKey and evidence: the template of `key`
// ("setup.branch_committee_size.over_max", "ui.report.title") in `lang`, its
// parameters in braces ("{count}"); empty if the table has no such key.
std::string_view MessageTemplate(std::string_view key, Lang lang);
// Every key of the table.
std::vector<std::string_view> MessageKeys();

// A named value a UI string shows: a text as given, or a number.
struct TextArg {
  TextArg(std::string_view name_, std::string_view text_) : name(name_), text(text_) {}
  TextArg(std::string_view name_, int64_t number_) : name(name_), number(number_), is_number(true) {}
  std::string_view name, text;
  int64_t number = 0;
  bool is_number = false;
};
// A string a person reads beside the findings, a heading or a label: the
// "ui." key's template in the one message table, rendered in `lang` as
// findings' messages are. A key the table lacks shows as itself.
//
//   Text("ui.report.as_of", Lang::kEn, {{"asOf", "2026-11-30"}})
std::string Text(std::string_view key, Lang lang, std::initializer_list<TextArg> args = {});

// An error's message in `lang`, for a person who reads it: each phrase the
// table knows ("no org \"x\"") in its words, the record and field path before
// it ("orgs[12].parentId: ") as it is. A phrase the table does not know stays
// as the library wrote it, in English.
//
//   TranslateError("bad.json: orgs[12].parentId: no org \"x\"", Lang::kZh)
//   // "bad.json: orgs[12].parentId: 没有组织“x”"
std::string TranslateError(std::string_view message, Lang lang);

// A parameter of a resolved profile, by its dotted path into dangjian.v1.Policy
// (a RuleInfo's `parameters`), as a sentence: "setup.branch_min" is
// "成立党支部须正式党员3名以上". "" for a path the table has no sentence for.
std::string ParameterText(const v1::Policy& profile, std::string_view path, Lang lang);
// An obligation of organizational life as a sentence: "党支部:每季度党员大会不少于1次".
std::string ObligationText(const v1::Obligation& obligation, Lang lang);

}  // namespace dangjian

#endif  // DANGJIAN_REPORT_H_
