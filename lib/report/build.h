// Compact findings → dangjian.v1.Report: ids restored, messages rendered.
#ifndef DANGJIAN_LIB_REPORT_BUILD_H_
#define DANGJIAN_LIB_REPORT_BUILD_H_

#include <memory>
#include <vector>

#include "absl/types/span.h"

#include "dangjian/report.h"
#include "lib/check/finding.h"

namespace dangjian::report {

// The message key of a finding (its rule id, and its variant if any),
// written after what `out` holds.
void AppendMessageKey(const check::Finding& finding, const Policy& policy, std::string& out);

// FindingKey (report.h), written after what `out` holds.
void AppendFindingKey(const v1::Finding& finding, std::string& out);

// Any message as binary protobuf, maps in key order: equal messages give
// equal bytes, so that findings can be compared and counted by their bytes.
std::string DeterministicBytes(const google::protobuf::Message& message);

// A copy of a finding appended to a list, in the room of a finding the list
// cleared and kept if it has one; safe when memory runs out (see build.cc: a
// protobuf map that failed to grow cannot be destroyed).
void AppendCopy(const v1::Finding& finding, google::protobuf::RepeatedPtrField<v1::Finding>& to);

// Findings taken out of a delta written before (ReleaseLast), their
// evidence kept: rendered into again, each finding's entries are written
// where they are rather than allocated anew.
using SpareFindings = std::vector<std::unique_ptr<v1::Finding>>;

// `findings` rendered as a report holds them (ids restored, messages
// rendered, on threads of their own when there are many), appended to `out`
// in their order: a report's findings, and a delta's, into the room of
// `spare`'s when it is given and they are rendered on one thread.
void RenderFindings(absl::Span<const check::Finding* const> findings, const Store& store, const Policy& policy,
                    Lang lang, google::protobuf::RepeatedPtrField<v1::Finding>& out, SpareFindings* spare = nullptr);

// The report of `findings`, in their order: ids restored, messages rendered
// (on threads of their own when there are many), the summary counted.
v1::Report BuildReport(absl::Span<const check::Finding* const> findings, const Store& store, const Policy& policy,
                       Day as_of, std::string_view scope, Lang lang);
v1::Report BuildReport(const std::vector<check::Finding>& findings, const Store& store, const Policy& policy,
                       Day as_of, std::string_view scope, Lang lang);
// The addresses of `findings`, in their order: what BuildReport renders.
std::vector<const check::Finding*> InTheirOrder(const std::vector<check::Finding>& findings);
// The same into `report`, cleared first. On a protobuf Arena its findings
// are allocated there, and rendered there on threads at once: on one of
// LargeMessageArena's (arena.h), a report of a million findings is written
// in a page fault for each 2 MB rather than each 4 KB.
void BuildReport(absl::Span<const check::Finding* const> findings, const Store& store, const Policy& policy,
                 Day as_of, std::string_view scope, Lang lang, v1::Report& report);

}  // namespace dangjian::report

#endif  // DANGJIAN_LIB_REPORT_BUILD_H_
