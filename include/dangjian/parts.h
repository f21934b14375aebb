// A check of a delimited stream too large to load at once, a part at a time.
//
// A national export (100 million members) does not fit one machine's memory
// as one Store. `CheckInParts` reads the stream twice: first its hierarchy
// alone (every unit and org, and each org's members counted), then its
// messages a part at a time — consecutive messages of about `part_bytes` —
// each part loaded into a Store of its own, checked, handed to `each` with
// the findings of its own orgs and records, and released. Around its own
// orgs a part's Store holds, from the hierarchy, their ancestors and their
// children defined in other parts (outside orgs, whose findings are their
// own part's), and every org counts the members of its whole subtree: the
// thresholds of a committee whose branches lie in other parts are judged on
// the stream's numbers.
//
//   dangjian::PartsOptions parts;
//   parts.part_bytes = uint64_t{1} << 30;
//   absl::Status s = dangjian::CheckInParts("nation.djs", *policy, options, parts,
//                                           [](dangjian::CheckedPart& part) {
//                                             Publish(part.report);
//                                             return absl::OkStatus();
//                                           });
//
// The findings of all the parts are those of a check of the whole stream when
// every record is in the part of the org it belongs to — the member with its
// org and group, the position, term and activity with their org, the payment
// and ledger row with their member, a party group with its branch, a unit
// with the orgs that cover it — as in a stream written one committee (机关党委)
// at a time. A record that breaks this, if the stream says so (an org or unit
// id another part defines, a member position in another part), fails the
// check with an error naming it and the part; a member named by id in another
// part cannot be told from one named by no record, and is reported as unknown.
// Not seen across parts: an id defined twice in two parts, for members and
// activities (orgs and units are seen).
//
// Errors: those of a load of the whole stream that its hierarchy shows (a
// malformed message, an org's field, a duplicate org, an unknown parent, a
// cycle) before any part is checked; then those of each part's load, named
// "part k (messages a–b): ", records counted from the part's first message.
// A check stops at the first error, and at the first error `each` returns.
// A path that is not a .djs, or a scope, is a bad argument (OutOfRange,
// status.h).
#ifndef DANGJIAN_PARTS_H_
#define DANGJIAN_PARTS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "dangjian/check.h"
#include "dangjian/policy.h"
#include "dangjian/stats.h"
#include "dangjian/store.h"
#include "dangjian/v1/report.pb.h"

namespace dangjian {

struct PartsOptions {
  // Messages are gathered into parts of about this many bytes of the
  // stream (a message is never split). Loading a part peaks at about twice
  // its bytes; the hierarchy adds about 120 bytes an org.
  uint64_t part_bytes = uint64_t{1} << 30;
  LoadLimits limits;
};

struct CheckedPart {
  size_t index = 0, parts = 0;                 // part `index` of `parts`
  size_t first_message = 0, end_message = 0;   // its messages: [first, end)
  std::shared_ptr<const Store> store;          // its records, and the outside orgs around them
  v1::Report report;                           // the findings of its own orgs and records
};

// `options.scope` must be empty: a check in parts covers the whole stream.
// A directory `SplitInParts` wrote is checked with CheckSplitParts.
absl::Status CheckInParts(const std::string& path, const Policy& policy, const CheckOptions& options,
                          const PartsOptions& parts, const std::function<absl::Status(CheckedPart& part)>& each);

// Parts that stand alone, for a check spread over machines: `SplitInParts`
// writes the stream's parts (as a check in parts cuts it at
// `parts.part_bytes`) into the directory `dir`, each part's messages copied
// as they are into part-00000.djs, part-00001.djs…, with the hierarchy
// (every unit and org, hierarchy.djs) and an index of the parts and of each
// org's members (parts.pb, v1::PartsIndex). `CheckSplitParts` then checks
// the parts `ks` of `dir` in turn, wherever `dir` is copied or shared: it
// reads the hierarchy and index once and each part's file, no other part,
// and hands `each` every part as CheckInParts of the whole stream does: the
// same Store, the same findings. Their union over all the parts is a check
// in parts of the stream. A machine given only some parts needs only their
// files with hierarchy.djs and parts.pb.
//
// Split fails as CheckInParts fails on the hierarchy, before writing any
// part; a part's own records are read when it is checked, and fail there.
// `written(k, parts)` is told as each part is out. A directory the index
// and a part file disagree on (a part file of another split) fails naming
// the file. `SplitParts` is the number of parts in `dir`.
absl::StatusOr<size_t> SplitInParts(const std::string& path, const std::string& dir, const PartsOptions& parts,
                                    const std::function<void(size_t k, size_t parts)>& written = {});
absl::StatusOr<size_t> SplitParts(const std::string& dir);
// A part number past the last is a bad argument (OutOfRange), before any is
// checked.
absl::Status CheckSplitParts(const std::string& dir, const std::vector<size_t>& ks, const Policy& policy,
                             const CheckOptions& options, const LoadLimits& limits,
                             const std::function<absl::Status(CheckedPart& part)>& each);

// The statistics (stats.h) of a split directory, spread as its check is:
// `SplitStatistics` computes those of the parts `ks` of `dir`, each part's
// own orgs on its own Store as ComputeStatistics computes them, adds them to
// `gathered` (statistics of other parts of the same directory this function
// returned, on other machines) and returns them as one: each org's row once
// (an org's dues collected in another part added to its row), in the
// hierarchy's order, and the total and every committee's roll-up made again
// from the hierarchy, so that a committee whose branches lie in several parts
// counts them all. Statistics of all the parts, in any grouping, are those of
// the whole stream. `options.scope` must be empty; `options.as_of` kNoDay is
// today, one day for every part. Gathered statistics of another window or
// profile, or naming an org the hierarchy lacks, are bad input
// (InvalidArgument), named by their place in `gathered`.
absl::StatusOr<v1::Statistics> SplitStatistics(const std::string& dir, const std::vector<size_t>& ks,
                                               const Policy& policy, const StatsOptions& options,
                                               const LoadLimits& limits,
                                               const std::vector<v1::Statistics>& gathered = {});

}  // namespace dangjian

#endif  // DANGJIAN_PARTS_H_
