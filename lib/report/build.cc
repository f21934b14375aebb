#include "lib/report/build.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <thread>

#include "absl/container/inlined_vector.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

#include "lib/strings.h"
#include "dangjian/rules.h"
#include "lib/report/messages.h"
#include "lib/worker.h"

namespace dangjian {
namespace {

// An id as a part of a key: '%' and '/' written as %25 and %2F, so that no
// id can end its part early and two different findings never share a key.
void AppendEscaped(std::string& out, std::string_view id) {
  // Most ids have neither, and are appended whole once the library's search
  // finds none (a finding's key has an id or two and a period).
  if (id.empty()) return;
  if (std::memchr(id.data(), '%', id.size()) == nullptr && std::memchr(id.data(), '/', id.size()) == nullptr) {
    out.append(id);
    return;
  }
  // The runs between the characters escaped appended whole.
  size_t run = 0;
  for (size_t i = 0; i < id.size(); ++i) {
    if (id[i] != '%' && id[i] != '/') continue;
    out.append(id.data() + run, i - run);
    out += id[i] == '%' ? "%25" : "%2F";
    run = i + 1;
  }
  out.append(id.data() + run, id.size() - run);
}

}  // namespace

std::string FindingKey(const v1::Finding& f) {
  std::string key;
  report::AppendFindingKey(f, key);
  return key;
}

namespace report {

namespace {

// A finding's key from its parts; `field` and `value`, when a finding about
// a field of a record has them (the data rules), are its evidence's values
// of those names: which field, and the value it holds, since a record may
// name several things that are not there.
void AppendKeyOf(const v1::Finding& f, const std::string* field, const std::string* value, std::string& key) {
  // Room for every part as most are written (an id escaped is longer).
  key.reserve(key.size() + f.rule_id().size() + f.org_id().size() + f.member_id().size() + f.unit_id().size() +
              f.activity_id().size() + f.period().size() + 64);
  key += f.rule_id();
  // `prefix`: "/" and the part's name and ":", appended at once.
  const auto part = [&](std::string_view prefix, const std::string& part_value) {
    if (part_value.empty()) return;
    key += prefix;
    AppendEscaped(key, part_value);
  };
  part("/org:", f.org_id());
  part("/member:", f.member_id());
  part("/unit:", f.unit_id());
  part("/activity:", f.activity_id());
  part("/period:", f.period());
  if (field == nullptr) return;
  part("/field:", *field);
  if (value != nullptr) part("/value:", *value);
}

}  // namespace

void AppendFindingKey(const v1::Finding& f, std::string& key) {
  const auto evidence = [&](const char* name) -> const std::string* {
    const auto found = f.evidence().find(name);
    return found == f.evidence().end() ? nullptr : &found->second;
  };
  AppendKeyOf(f, evidence("field"), evidence("value"), key);
}

void AppendMessageKey(const check::Finding& f, const Policy& policy, std::string& key) {
  if (!f.message_key.empty()) {
    key += f.message_key;
    return;
  }
  key += policy.Rule(f.rule).id;
  if (!f.variant.empty()) key += '.', key += f.variant;
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

// A finding written by `fill` into the next of `to`'s findings: one `to`
// cleared and kept, when it has one (RepeatedPtrField::Clear keeps its
// messages, and their strings their room), so that a delta written again
// and again into one message allocates little but its evidence. If memory
// runs out while it is filled, it is taken out of `to` and abandoned, not
// destroyed, as FilledApart abandons a message: its map may be half grown.
template <class Fill>
void AppendFilled(google::protobuf::RepeatedPtrField<v1::Finding>& to, Fill fill, SpareFindings* spare = nullptr) {
  v1::Finding* reused = nullptr;
  if (spare != nullptr && !spare->empty() && to.Capacity() > to.size()) {
    // Added within the room reserved: AddAllocated takes it without growing.
    reused = spare->back().release();
    spare->pop_back();
    to.AddAllocated(reused);
    // Cleared but for its evidence, which fill writes over.
    google::protobuf::Map<std::string, std::string> evidence;
    evidence.swap(*reused->mutable_evidence());
    reused->Clear();
    reused->mutable_evidence()->swap(evidence);
  }
  v1::Finding& x = reused != nullptr ? *reused : *to.Add();
  try {
    fill(x);
  } catch (const std::bad_alloc&) {
    (void)to.UnsafeArenaReleaseLast();  // never a copy, on an arena or not
    throw;
  }
}

// The summary's counts, kept in a standard map until the end (its insertions
// are safe when an allocation fails) and copied into the message once.
void CountInto(const std::map<std::string, int32_t>& counts, google::protobuf::Map<std::string, int32_t>& to) {
  for (const auto& [key, n] : counts) to[key] = n;
}

}  // namespace

void AppendCopy(const v1::Finding& finding, google::protobuf::RepeatedPtrField<v1::Finding>& to) {
  AppendFilled(to, [&](v1::Finding& copy) { copy = finding; });
}

namespace {

// What a thread rendering findings keeps from one to the next: the template
// of the last message key, looked up again when the key changes (a rule's
// findings come together).
struct Rendering {
  std::string last_key;
  std::string_view tmpl;
};

// Finding `f` rendered into `x`: a finding cleared, or one rendered before
// (a spare of the same rule, whose evidence has the same names, each of its
// entries written over in the room it had).
void Render(const check::Finding& f, const Store& store, const Policy& policy, Lang lang, Rendering& r,
            v1::Finding& x) {
  const RuleInfo& rule = policy.Rule(f.rule);
  // A string field given its value in the room it has.
  const auto put = [](std::string* field, std::string_view value) { field->assign(value.data(), value.size()); };
  put(x.mutable_rule_id(), rule.id);
  x.set_severity(f.severity);
  if (f.org != kNone) put(x.mutable_org_id(), store.orgs().id[f.org]);
  if (f.member != kNone) put(x.mutable_member_id(), store.members().id[f.member]);
  if (f.unit != kNone) put(x.mutable_unit_id(), store.units().id[f.unit]);
  if (f.activity != kNone) put(x.mutable_activity_id(), store.activities().id[f.activity]);
  if (f.period) Period::AppendLabel(f.period->kind(), f.period->first_day(), *x.mutable_period());  // cleared
  if (f.due_on != kNoDay) put(x.mutable_due_on(), FormatDate(f.due_on));
  std::string& key = *x.mutable_message_key();
  AppendMessageKey(f, policy, key);
  if (key != r.last_key) {
    r.last_key = key;
    r.tmpl = MessageTemplate(key, lang);
  }
  AppendRendered(r.tmpl, f.params, lang, *x.mutable_message());
  put(x.mutable_citation(), lang == Lang::kEn ? rule.citation_en : rule.citation_zh);
  // The entries of a spare finding found by going over them rather than by
  // hashing each name. An entry that no parameter names goes; a parameter
  // that no entry holds is added.
  auto& evidence = *x.mutable_evidence();
  absl::InlinedVector<bool, 8> written(f.params.size());
  const std::string* field = nullptr;  // the evidence's "field" and "value", for the key
  const std::string* value = nullptr;
  const auto write = [&](const check::Param& p, std::string& into) {
    into.clear();
    AppendForEvidence(p, into);
    if (p.name() == "field") field = &into;  // a map's values stay where they are while it grows
    if (p.name() == "value") value = &into;
  };
  for (auto entry = evidence.begin(); entry != evidence.end();) {
    size_t k = 0;
    while (k < f.params.size() && f.params[k].name() != entry->first) ++k;
    if (k == f.params.size()) {
      entry = evidence.erase(entry);
      continue;
    }
    written[k] = true;
    write(f.params[k], entry->second);
    ++entry;
  }
  for (size_t k = 0; k < f.params.size(); ++k) {
    if (!written[k]) write(f.params[k], evidence[f.params[k].name()]);
  }
  AppendKeyOf(x, field, value, *x.mutable_key());
}

// The ids finding `f` names, asked of memory ahead of its rendering
// (Ids::Prefetch): where each ends, or its bytes.
void AskForIds(const check::Finding& f, const Store& store, bool bytes) {
  if (f.org != kNone) store.orgs().id.Prefetch(f.org, bytes);
  if (f.member != kNone) store.members().id.Prefetch(f.member, bytes);
  if (f.unit != kNone) store.units().id.Prefetch(f.unit, bytes);
  if (f.activity != kNone) store.activities().id.Prefetch(f.activity, bytes);
}

// render(i) for each finding i of `findings` in turn, the ids of those a
// few after it asked for meanwhile. A finding names ids from anywhere in
// the Store (an Engine's delta a few, at orgs and activities far apart),
// and each id waits on memory twice, its end then its bytes; rendering a
// finding is too long for the processor to reach the next one's ids while
// it waits, so without this each finding's waits follow the last's.
template <typename Render>
void WithIdsAhead(absl::Span<const check::Finding* const> findings, const Store& store, Render render) {
  constexpr size_t kEndsAhead = 8, kBytesAhead = 4;
  const size_t n = findings.size();
  for (size_t i = 0; i < n && i < kEndsAhead; ++i) AskForIds(*findings[i], store, false);
  for (size_t i = 0; i < n && i < kBytesAhead; ++i) AskForIds(*findings[i], store, true);
  for (size_t i = 0; i < n; ++i) {
    if (i + kEndsAhead < n) AskForIds(*findings[i + kEndsAhead], store, false);
    if (i + kBytesAhead < n) AskForIds(*findings[i + kBytesAhead], store, true);
    render(i);
  }
}

// A share of a report's findings rendered on one thread, into `out`, each
// in the room of a spare finding, or of one `out` kept, if there is one
// (AppendFilled).
void RenderShare(absl::Span<const check::Finding* const> findings, const Store& store, const Policy& policy,
                 Lang lang, google::protobuf::RepeatedPtrField<v1::Finding>& out, SpareFindings* spare = nullptr) {
  out.Reserve(out.size() + static_cast<int>(findings.size()));
  Rendering r;
  WithIdsAhead(findings, store, [&](size_t i) {
    const check::Finding& f = *findings[i];
    if (spare != nullptr) {
      // Of the last few spare findings, one of the same rule, whose evidence
      // has the same names, is written into first.
      const std::string_view id = policy.Rule(f.rule).id;
      const size_t n = spare->size();
      for (size_t k = n; k > 0 && n - k < 16; --k) {
        if ((*spare)[k - 1]->rule_id() == id) {
          std::swap((*spare)[k - 1], spare->back());
          break;
        }
      }
    }
    AppendFilled(out, [&](v1::Finding& x) { Render(f, store, policy, lang, r, x); }, spare);
  });
}

// Findings rendered on a thread, each some microseconds: fewer than this
// many a thread are rendered on the caller's.
constexpr size_t kFindingsPerThread = 20000;

// f(t, begin, end) for each of `threads` equal shares t of [0, n), the
// first on the caller's thread, the others on threads of their own.
template <typename F>
void InShares(size_t n, int threads, F f) {
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 1; t < threads; ++t) {
    const size_t b = n * t / threads, e = n * (t + 1) / threads;
    workers.push_back(std::make_unique<Worker>([&f, t, b, e] { f(t, b, e); }));
  }
  f(0, 0, n / threads);
  for (auto& w : workers) w->Join();
}

}  // namespace

std::vector<const check::Finding*> InTheirOrder(const std::vector<check::Finding>& findings) {
  std::vector<const check::Finding*> in_order(findings.size());
  for (size_t i = 0; i < findings.size(); ++i) in_order[i] = &findings[i];
  return in_order;
}

v1::Report BuildReport(const std::vector<check::Finding>& findings, const Store& store,
                       const Policy& policy, Day as_of, std::string_view scope, Lang lang) {
  return BuildReport(InTheirOrder(findings), store, policy, as_of, scope, lang);
}

void RenderFindings(absl::Span<const check::Finding* const> findings, const Store& store, const Policy& policy,
                    Lang lang, google::protobuf::RepeatedPtrField<v1::Finding>& out, SpareFindings* spare) {
  // Rendered in equal shares on threads of their own, then put in order
  // (each finding moved, not copied).
  const size_t n = findings.size();
  const int threads = n < 2 * kFindingsPerThread
                          ? 1
                          : static_cast<int>(std::min<size_t>(n / kFindingsPerThread,
                                                              std::max(1u, std::thread::hardware_concurrency())));
  if (threads == 1) {
    RenderShare(findings, store, policy, lang, out, spare);
    return;
  }
  if (out.GetArena() != nullptr) {
    // On an arena, the findings added here, then each thread's share
    // rendered where it lies: an arena allocates for threads at once, and
    // frees its messages whole (none is destroyed alone, so none is
    // abandoned, as AppendFilled abandons one).
    const int base = out.size();
    out.Reserve(base + static_cast<int>(n));
    for (size_t i = 0; i < n; ++i) out.Add();
    InShares(n, threads, [&, base](int, size_t b, size_t e) {
      Rendering r;
      WithIdsAhead(findings.subspan(b, e - b), store, [&](size_t i) {
        Render(*findings[b + i], store, policy, lang, r, *out.Mutable(base + static_cast<int>(b + i)));
      });
    });
    return;
  }
  std::vector<google::protobuf::RepeatedPtrField<v1::Finding>> shares(threads);
  InShares(n, threads, [&](int t, size_t b, size_t e) {
    RenderShare(findings.subspan(b, e - b), store, policy, lang, shares[t]);
  });
  out.Reserve(out.size() + static_cast<int>(n));
  for (auto& share : shares) {
    std::vector<v1::Finding*> taken(share.size());
    share.ExtractSubrange(0, share.size(), taken.data());
    for (v1::Finding* x : taken) out.AddAllocated(x);  // room reserved: no allocation
  }
}

v1::Report BuildReport(absl::Span<const check::Finding* const> findings, const Store& store,
                       const Policy& policy, Day as_of, std::string_view scope, Lang lang) {
  v1::Report report;
  BuildReport(findings, store, policy, as_of, scope, lang, report);
  return report;
}

void BuildReport(absl::Span<const check::Finding* const> findings, const Store& store, const Policy& policy,
                 Day as_of, std::string_view scope, Lang lang, v1::Report& report) {
  report.Clear();
  report.set_as_of(FormatDate(as_of));
  report.set_profile_id(policy.id());
  report.set_scope(std::string(scope));
  report.set_lang(std::string(LangCode(lang)));
  RenderFindings(findings, store, policy, lang, *report.mutable_findings());
  const size_t n = findings.size();
  // The summary: counted by index, each name looked up once. (A report of
  // a few findings, of a Store of half a million orgs, goes over no org
  // that none of them names.)
  std::vector<int32_t> rule_count(policy.RuleCount());
  std::map<v1::Severity, int32_t> severity_count;
  std::vector<OrgIndex> orgs;
  orgs.reserve(n);
  for (const check::Finding* f : findings) {
    ++rule_count[f->rule];
    ++severity_count[f->severity];
    if (f->org != kNone) orgs.push_back(f->org);
  }
  std::sort(orgs.begin(), orgs.end());
  std::map<std::string, int32_t> by_rule, by_severity, by_org;
  for (size_t r = 0; r < rule_count.size(); ++r) {
    if (rule_count[r]) by_rule[std::string(policy.Rule(static_cast<int>(r)).id)] += rule_count[r];
  }
  for (const auto& [severity, count] : severity_count) by_severity[v1::Severity_Name(severity)] = count;
  for (size_t i = 0, next; i < orgs.size(); i = next) {
    for (next = i + 1; next < orgs.size() && orgs[next] == orgs[i];) ++next;
    by_org[std::string(store.orgs().id[orgs[i]])] = static_cast<int32_t>(next - i);
  }
  report.set_allocated_summary(FilledApart<v1::Summary>([&](v1::Summary& summary) {
                                 summary.set_total(static_cast<int32_t>(n));
                                 CountInto(by_rule, *summary.mutable_by_rule());
                                 CountInto(by_severity, *summary.mutable_by_severity());
                                 CountInto(by_org, *summary.mutable_by_org());
                               }).release());
}

std::string DeterministicBytes(const google::protobuf::Message& message) {
  // Into bytes set aside whole before the first is written: a stream that
  // grows as it writes cannot be closed when an allocation fails in the
  // middle (ordering a map's keys allocates), and the process would end.
  const size_t size = message.ByteSizeLong();
  if (size > static_cast<size_t>(std::numeric_limits<int>::max())) return {};  // past 2 GiB: no protobuf message
  std::string out(size, '\0');
  google::protobuf::io::ArrayOutputStream stream(out.data(), static_cast<int>(out.size()));
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeWithCachedSizes(&coded);
  return out;
}

}  // namespace report
}  // namespace dangjian
