#include "lib/report/build.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

#include "lib/strings.h"
#include "dangjian/rules.h"
#include "lib/report/messages.h"

namespace dangjian::report {

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

}  // namespace dangjian::report
