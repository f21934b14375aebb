#include "lib/report/build.h"

#include <map>
#include <memory>
#include <new>

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

namespace {

// protobuf's Map (3.21) updates its bucket count before it allocates the
// larger table; when that allocation fails the map can no longer be
// destroyed. So a message with a map is filled apart from the report and,
// if memory runs out while filling it, abandoned rather than destroyed:
// a few bytes lost when memory is exhausted, instead of the host.
template <class Message, class Fill>
std::unique_ptr<Message> FilledApart(Fill fill) {
  auto message = std::make_unique<Message>();
  try {
    fill(*message);
  } catch (const std::bad_alloc&) {
    (void)message.release();
    throw;
  }
  return message;
}

// Adds an unowned message to a repeated field; if the field cannot grow,
// the message is destroyed whole (its maps are complete).
template <class Message>
void Append(std::unique_ptr<Message> message, google::protobuf::RepeatedPtrField<Message>& to) {
  to.AddAllocated(message.get());
  (void)message.release();
}

// The summary's counts, kept in a standard map until the end (its insertions
// are safe when an allocation fails) and copied into the message once.
void CountInto(const std::map<std::string, int32_t>& counts, google::protobuf::Map<std::string, int32_t>& to) {
  for (const auto& [key, n] : counts) to[key] = n;
}

}  // namespace

void AppendCopy(const v1::Finding& finding, google::protobuf::RepeatedPtrField<v1::Finding>& to) {
  Append(FilledApart<v1::Finding>([&](v1::Finding& copy) { copy = finding; }), to);
}

v1::Report BuildReport(const std::vector<check::Finding>& findings, const Store& store,
                       const Policy& policy, Day as_of, std::string_view scope, Lang lang) {
  v1::Report report;
  report.set_as_of(FormatDate(as_of));
  report.set_profile_id(policy.id());
  report.set_scope(std::string(scope));
  report.set_lang(std::string(LangCode(lang)));
  report.mutable_findings()->Reserve(static_cast<int>(findings.size()));
  std::map<std::string, int32_t> by_rule, by_severity, by_org;
  for (const check::Finding& f : findings) {
    const RuleInfo& rule = policy.Rule(f.rule);
    Append(FilledApart<v1::Finding>([&](v1::Finding& out) {
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
           }),
           *report.mutable_findings());
    const v1::Finding& out = report.findings(report.findings_size() - 1);
    ++by_rule[out.rule_id()];
    ++by_severity[v1::Severity_Name(f.severity)];
    if (!out.org_id().empty()) ++by_org[out.org_id()];
  }
  report.set_allocated_summary(FilledApart<v1::Summary>([&](v1::Summary& summary) {
                                 summary.set_total(static_cast<int32_t>(findings.size()));
                                 CountInto(by_rule, *summary.mutable_by_rule());
                                 CountInto(by_severity, *summary.mutable_by_severity());
                                 CountInto(by_org, *summary.mutable_by_org());
                               }).release());
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
