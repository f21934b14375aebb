#include "lib/report/build.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

#include "lib/strings.h"
#include "dangjian/rules.h"
#include "lib/report/messages.h"

namespace dangjian {
namespace {

// An id as a part of a key: '%' and '/' written as %25 and %2F, so that no
// id can end its part early and two different findings never share a key.
void AppendEscaped(std::string& out, std::string_view id) {
  for (const char c : id) {
    if (c == '%') {
      out += "%25";
    } else if (c == '/') {
      out += "%2F";
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string FindingKey(const v1::Finding& f) {
  std::string key = f.rule_id();
  const auto part = [&](std::string_view name, const std::string& value) {
    if (value.empty()) return;
    key += '/';
    key += name;
    key += ':';
    AppendEscaped(key, value);
  };
  part("org", f.org_id());
  part("member", f.member_id());
  part("unit", f.unit_id());
  part("activity", f.activity_id());
  part("period", f.period());
  // A finding about a field of a record (the data rules): which field, and
  // the value it holds; a record may name several things that are not there.
  const auto field = f.evidence().find("field");
  if (field != f.evidence().end()) {
    part("field", field->second);
    const auto value = f.evidence().find("value");
    if (value != f.evidence().end()) part("value", value->second);
  }
  return key;
}

namespace report {

std::string MessageKey(const check::Finding& f, const Policy& policy) {
  if (!f.message_key.empty()) return std::string(f.message_key);
  const std::string_view id = policy.Rule(f.rule).id;
  return f.variant.empty() ? std::string(id) : StrCat(id, ".", f.variant);
}


v1::Report BuildReport(const std::vector<check::Finding>& findings, const Store& store,
                       const Policy& policy, Day as_of, std::string_view scope, Lang lang) {
  v1::Report report;
  report.set_as_of(FormatDate(as_of));
  report.set_profile_id(policy.id());
  report.set_scope(std::string(scope));
  report.set_lang(std::string(LangCode(lang)));
  v1::Summary& summary = *report.mutable_summary();
  for (const check::Finding& f : findings) {
    const RuleInfo& rule = policy.Rule(f.rule);
    v1::Finding& out = *report.add_findings();
    out.set_rule_id(std::string(rule.id));
    out.set_severity(f.severity);
    if (f.org != kNone) out.set_org_id(std::string(store.orgs().id[f.org]));
    if (f.member != kNone) out.set_member_id(std::string(store.members().id[f.member]));
    if (f.unit != kNone) out.set_unit_id(std::string(store.units().id[f.unit]));
    if (f.activity != kNone) out.set_activity_id(std::string(store.activities().id[f.activity]));
    if (f.period) out.set_period(f.period->Label());
    if (f.due_on != kNoDay) out.set_due_on(FormatDate(f.due_on));
    const std::string key = MessageKey(f, policy);
    out.set_message_key(key);
    out.set_message(Render(MessageTemplate(key, lang), f.params, lang));
    out.set_citation(std::string(lang == Lang::kEn ? rule.citation_en : rule.citation_zh));
    auto& evidence = *out.mutable_evidence();
    for (const check::Param& p : f.params) evidence[std::string(p.name)] = FormatForEvidence(p);
    out.set_key(FindingKey(out));

    summary.set_total(summary.total() + 1);
    (*summary.mutable_by_rule())[out.rule_id()]++;
    (*summary.mutable_by_severity())[v1::Severity_Name(f.severity)]++;
    if (!out.org_id().empty()) (*summary.mutable_by_org())[out.org_id()]++;
  }
  return report;
}

std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

}  // namespace report
}  // namespace dangjian
