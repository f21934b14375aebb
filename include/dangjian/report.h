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

#include <optional>
#include <string>
#include <string_view>

#include "dangjian/store.h"
#include "dangjian/v1/report.pb.h"
#include "google/protobuf/message.h"

namespace dangjian {

enum class Lang { kZh, kEn };

// "zh", "zh-CN", "en", "en-US"…; nullopt for anything else.
std::optional<Lang> ParseLang(std::string_view text);
std::string_view LangCode(Lang lang);  // "zh-CN" or "en"

// For a person: findings grouped by org in hierarchy order, severity first,
// then a summary.
std::string RenderText(const v1::Report& report, const Store& store, Lang lang);
// The Report message as protobuf JSON (lowerCamelCase, enums by name).
std::string RenderJson(const v1::Report& report);
// A standalone HTML page with one table.
std::string RenderHtml(const v1::Report& report, const Store& store, Lang lang);

// Any message of the schema as protobuf JSON (lowerCamelCase, enums by name,
// maps in key order), indented or on one line (for JSON Lines).
std::string RenderMessageJson(const google::protobuf::Message& message, bool one_line = false);
// A severity as a person reads it: 违规 / violation, 预警 / warning, 提醒 / notice.
std::string_view SeverityName(v1::Severity severity, Lang lang);

}  // namespace dangjian

#endif  // DANGJIAN_REPORT_H_
