#include <algorithm>
#include <map>
#include <new>
#include <string>

#include "absl/strings/ascii.h"
#include "lib/strings.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "dangjian/report.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "lib/report/build.h"
#include "lib/report/header.h"
#include "lib/report/messages.h"

namespace dangjian {
namespace {

using report::Arg;
using report::Text;

std::string OrgHeading(const Store& store, std::string_view org_id, Lang lang) {
  const OrgIndex o = store.FindOrg(org_id);
  if (o == kNone) return Text("ui.report.no_org", lang);
  const std::string& name = store.orgs().name[o];
  return StrCat(name.empty() ? org_id : name, " [", org_id, "] ",
                      report::OrgKindName(store.orgs().kind[o], lang));
}

std::string SummaryLine(const v1::Report& report, Lang lang) {
  std::string line = Text("ui.report.total", lang, {Arg("total", report.summary().total())});
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
  std::string s;
  if (!f.member_id().empty()) StrAppend(&s, " (", Text("ui.member", lang, {Arg("member", f.member_id())}), ")");
  if (!f.unit_id().empty()) StrAppend(&s, " (", Text("ui.unit", lang, {Arg("unit", f.unit_id())}), ")");
  if (!f.period().empty()) StrAppend(&s, " [", f.period(), "]");
  if (!f.due_on().empty()) StrAppend(&s, " (", Text("ui.due", lang, {Arg("dueOn", f.due_on())}), ")");
  return s;
}


}  // namespace

std::string report::ScopeLabel(const Store& store, std::string_view scope, Lang lang) {
  if (scope.empty()) return Text("ui.report.scope", lang, {Arg("scope", Text("ui.report.everything", lang))});
  const OrgIndex o = store.FindOrg(scope);
  const std::string_view name = o == kNone ? std::string_view() : std::string_view(store.orgs().name[o]);
  return Text("ui.report.scope", lang, {Arg("scope", name.empty() ? std::string(scope) : StrCat(name, " [", scope, "]"))});
}

std::string report::OrgPath(const Store& store, OrgIndex o) {
  std::vector<OrgIndex> chain;
  for (OrgIndex p = o; p != kNone; p = store.orgs().parent[p]) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const std::string& name = store.orgs().name[*it];
    StrAppend(&out, out.empty() ? "" : " › ", name.empty() ? std::string(store.orgs().id[*it]) : name);
  }
  return out;
}

std::string MaskName(std::string_view name) {
  // Characters by their first byte (UTF-8): a byte 10xxxxxx continues one.
  std::vector<size_t> starts;
  for (size_t i = 0; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  if (starts.size() <= 1) return name.empty() ? "" : "*";
  const std::string_view first = name.substr(0, starts[1]);
  if (starts.size() == 2) return StrCat(first, "*");
  return StrCat(first, std::string(starts.size() - 2, '*'), name.substr(starts.back()));
}

std::string report::MemberName(const Store& store, std::string_view member_id, MemberNames names) {
  const std::string_view name = store.MemberName(store.FindMember(member_id));
  return names == MemberNames::kMasked ? MaskName(name) : std::string(name);
}

std::string report::MemberLabel(const Store& store, std::string_view member_id, MemberNames names) {
  const std::string name = MemberName(store, member_id, names);
  return name.empty() ? std::string(member_id) : StrCat(name, " [", member_id, "]");
}

std::string report::RulesLabel(const google::protobuf::RepeatedPtrField<std::string>& rules, Lang lang) {
  if (rules.empty()) return "";
  return Text("ui.report.rules", lang, {Arg("rules", absl::StrJoin(rules, ", "))});
}

std::optional<Lang> ParseLang(std::string_view text) {
  const std::string t = absl::AsciiStrToLower(std::string(text));
  if (t == "zh" || t == "zh-cn" || t == "zh_cn" || t == "zh-hans") return Lang::kZh;
  if (t == "en" || t == "en-us" || t == "en-gb" || t == "en_us") return Lang::kEn;
  return std::nullopt;
}

std::string_view LangCode(Lang lang) { return lang == Lang::kEn ? "en" : "zh-CN"; }

std::string RenderText(const v1::Report& report, const Store& store, Lang lang) {
  std::string out = StrCat(Text("ui.report.title", lang), "  ", Text("ui.as_of", lang, {Arg("asOf", report.as_of())}),
                           "  ", Text("ui.profile", lang, {Arg("profile", report.profile_id())}), "  ",
                           report::ScopeLabel(store, report.scope(), lang),
                           report.rules().empty() ? "" : StrCat("  ", report::RulesLabel(report.rules(), lang)), "\n");
  if (report.findings().empty()) return StrCat(out, Text("ui.report.no_findings", lang), "\n");
  StrAppend(&out, SummaryLine(report, lang), "\n");
  for (const auto& [org_id, findings] : ByOrg(report)) {
    StrAppend(&out, "\n■ ", OrgHeading(store, org_id, lang), "\n");
    for (const v1::Finding* f : findings) {
      StrAppend(&out, "  [", SeverityName(f->severity(), lang), "] ", f->message(), Subject(*f, lang),
                "\n      ", f->rule_id(), " · ", Text("ui.report.citation", lang, {Arg("citation", f->citation())}),
                "\n");
    }
  }
  return out;
}

namespace {

// Bytes that grow as the writer fills them, every allocation made here
// and caught: a writer whose stream throws cannot be closed when an
// allocation fails in the middle, and the process would end. When more
// cannot be set aside the stream ends, as a full disk would, and the
// caller throws once the writer has returned. Given in parts of at most
// 1 GiB, as a stream's sizes are ints.
class GrowingBlock : public google::protobuf::io::ZeroCopyOutputStream {
 public:
  explicit GrowingBlock(std::string& bytes) : bytes_(bytes) {}
  bool Next(void** data, int* size) override {
    if (written_ == bytes_.size()) {
      try {
        bytes_.resize(2 * bytes_.size() + 4096);
      } catch (const std::bad_alloc&) {
        out_of_memory_ = true;
        return false;
      }
    }
    const size_t part = std::min<size_t>(bytes_.size() - written_, size_t{1} << 30);
    *data = bytes_.data() + written_;
    *size = static_cast<int>(part);
    written_ += part;
    return true;
  }
  void BackUp(int count) override { written_ -= static_cast<size_t>(count); }
  int64_t ByteCount() const override { return static_cast<int64_t>(written_); }
  bool out_of_memory() const { return out_of_memory_; }

 private:
  std::string& bytes_;
  size_t written_ = 0;
  bool out_of_memory_ = false;
};

}  // namespace

std::string RenderMessageJson(const google::protobuf::Message& message, bool one_line) {
  // Deterministic bytes first, so that maps print in key order.
  const std::string binary = report::DeterministicBytes(message);
  static google::protobuf::util::TypeResolver* const resolver = google::protobuf::util::NewTypeResolverForDescriptorPool(
      "type.googleapis.com", google::protobuf::DescriptorPool::generated_pool());
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = !one_line;
  const std::string type = StrCat("type.googleapis.com/", message.GetDescriptor()->full_name());
  std::string json(2 * binary.size() + 4096, '\0');
  GrowingBlock block(json);
  google::protobuf::io::ArrayInputStream in(binary.data(), static_cast<int>(binary.size()));
  (void)google::protobuf::util::BinaryToJsonStream(resolver, type, &in, &block, options);
  if (block.out_of_memory()) throw std::bad_alloc();
  json.resize(static_cast<size_t>(block.ByteCount()));
  json.shrink_to_fit();
  return json;
}

std::string RenderJson(const v1::Report& r) { return RenderMessageJson(r); }

}  // namespace dangjian
