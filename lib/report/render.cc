#include <map>

#include "absl/strings/ascii.h"
#include "lib/strings.h"
#include "absl/strings/str_replace.h"
#include "dangjian/report.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "lib/report/build.h"
#include "lib/report/messages.h"

namespace dangjian {
namespace {

struct Labels {
  std::string_view title, as_of, profile, scope, all, total, other, member, unit, due, citation, none;
};
constexpr Labels kZh = {"党建合规检查", "截至", "规范", "范围", "全部", "共", "其他", "党员",
                        "单位", "到期", "依据", "未发现问题。"};
constexpr Labels kEn = {"Compliance check", "as of", "profile", "scope", "everything", "total", "other", "member",
                        "unit", "due", "source", "No findings."};
const Labels& LabelsFor(Lang lang) { return lang == Lang::kEn ? kEn : kZh; }

std::string OrgHeading(const Store& store, std::string_view org_id, Lang lang) {
  const OrgIndex o = store.FindOrg(org_id);
  if (o == kNone) return std::string(LabelsFor(lang).other);
  const std::string& name = store.orgs().name[o];
  return StrCat(name.empty() ? org_id : name, " [", org_id, "] ",
                      report::OrgKindName(store.orgs().kind[o], lang));
}

std::string SummaryLine(const v1::Report& report, Lang lang) {
  const Labels& l = LabelsFor(lang);
  std::string line = StrCat(l.total, " ", report.summary().total());
  for (v1::Severity s : {v1::VIOLATION, v1::WARNING, v1::NOTICE}) {
    auto it = report.summary().by_severity().find(v1::Severity_Name(s));
    const int n = it == report.summary().by_severity().end() ? 0 : it->second;
    StrAppend(&line, " · ", SeverityName(s, lang), " ", n);
  }
  return line;
}

// Findings of each org, the org's findings in report order (severity first).
std::vector<std::pair<std::string, std::vector<const v1::Finding*>>> ByOrg(const v1::Report& report) {
  std::vector<std::pair<std::string, std::vector<const v1::Finding*>>> groups;
  for (const v1::Finding& f : report.findings()) {
    if (groups.empty() || groups.back().first != f.org_id()) groups.emplace_back(f.org_id(), std::vector<const v1::Finding*>{});
    groups.back().second.push_back(&f);
  }
  return groups;
}

std::string Subject(const v1::Finding& f, Lang lang) {
  const Labels& l = LabelsFor(lang);
  std::string s;
  if (!f.member_id().empty()) StrAppend(&s, " (", l.member, " ", f.member_id(), ")");
  if (!f.unit_id().empty()) StrAppend(&s, " (", l.unit, " ", f.unit_id(), ")");
  if (!f.period().empty()) StrAppend(&s, " [", f.period(), "]");
  if (!f.due_on().empty()) StrAppend(&s, " (", l.due, " ", f.due_on(), ")");
  return s;
}

std::string Html(std::string_view text) {
  return absl::StrReplaceAll(absl::string_view(text.data(), text.size()), {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

}  // namespace

std::optional<Lang> ParseLang(std::string_view text) {
  const std::string t = absl::AsciiStrToLower(std::string(text));
  if (t == "zh" || t == "zh-cn" || t == "zh_cn" || t == "zh-hans") return Lang::kZh;
  if (t == "en" || t == "en-us" || t == "en-gb" || t == "en_us") return Lang::kEn;
  return std::nullopt;
}

std::string_view LangCode(Lang lang) { return lang == Lang::kEn ? "en" : "zh-CN"; }

std::string RenderText(const v1::Report& report, const Store& store, Lang lang) {
  const Labels& l = LabelsFor(lang);
  std::string out = StrCat(l.title, "  ", l.as_of, " ", report.as_of(), "  ", l.profile, " ",
                                 report.profile_id(), "  ", l.scope, " ",
                                 report.scope().empty() ? std::string(l.all) : report.scope(), "\n");
  if (report.findings().empty()) return StrCat(out, l.none, "\n");
  StrAppend(&out, SummaryLine(report, lang), "\n");
  for (const auto& [org_id, findings] : ByOrg(report)) {
    StrAppend(&out, "\n■ ", OrgHeading(store, org_id, lang), "\n");
    for (const v1::Finding* f : findings) {
      StrAppend(&out, "  [", SeverityName(f->severity(), lang), "] ", f->message(),
                      Subject(*f, lang), "\n      ", f->rule_id(), " · ", l.citation, " ", f->citation(), "\n");
    }
  }
  return out;
}

std::string RenderMessageJson(const google::protobuf::Message& message, bool one_line) {
  // Deterministic bytes first, so that maps print in key order.
  std::string binary;
  {
    google::protobuf::io::StringOutputStream stream(&binary);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  static google::protobuf::util::TypeResolver* const resolver = google::protobuf::util::NewTypeResolverForDescriptorPool(
      "type.googleapis.com", google::protobuf::DescriptorPool::generated_pool());
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = !one_line;
  std::string json;
  (void)google::protobuf::util::BinaryToJsonString(
      resolver, StrCat("type.googleapis.com/", message.GetDescriptor()->full_name()), binary, &json, options);
  return json;
}

std::string RenderJson(const v1::Report& r) { return RenderMessageJson(r); }

std::string RenderHtml(const v1::Report& report, const Store& store, Lang lang) {
  const Labels& l = LabelsFor(lang);
  std::string out = StrCat(
      "<!doctype html>\n<html lang=\"", LangCode(lang), "\"><head><meta charset=\"utf-8\"><title>", l.title,
      "</title>\n<style>body{font-family:sans-serif}td,th{border-bottom:1px solid #ddd;padding:4px 8px;"
      "text-align:left;vertical-align:top}.VIOLATION{color:#b00}.WARNING{color:#b60}.NOTICE{color:#06b}"
      "</style></head><body>\n<h1>", l.title, "</h1>\n<p>", l.as_of, " ", Html(report.as_of()), " · ", l.profile,
      " ", Html(report.profile_id()), " · ", Html(SummaryLine(report, lang)), "</p>\n");
  for (const auto& [org_id, findings] : ByOrg(report)) {
    StrAppend(&out, "<h2>", Html(OrgHeading(store, org_id, lang)), "</h2>\n<table>\n");
    for (const v1::Finding* f : findings) {
      StrAppend(&out, "<tr><td class=\"", v1::Severity_Name(f->severity()), "\">",
                      SeverityName(f->severity(), lang), "</td><td>", Html(f->message()),
                      Html(Subject(*f, lang)), "</td><td><code>", Html(f->rule_id()), "</code></td><td>",
                      Html(f->citation()), "</td></tr>\n");
    }
    StrAppend(&out, "</table>\n");
  }
  if (report.findings().empty()) StrAppend(&out, "<p>", l.none, "</p>\n");
  StrAppend(&out, "</body></html>\n");
  return out;
}

}  // namespace dangjian
