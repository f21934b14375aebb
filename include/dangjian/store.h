// Loading a snapshot: bytes, a file or a parsed message → a Store, the
// loaded snapshot every check reads.
//
// `LoadSnapshot` parses bytes (JSON, binary protobuf or the delimited stream),
// validates them and builds the Store, or fails as a whole with one message
// that names the record and field:
//
//   orgs[12].parentId: no org "x"
//
// A failed load returns an error (status.h: InvalidArgument for the data,
// NotFound for a file that cannot be read) and builds nothing. References
// from records to ids no record defines are not load errors: the record is
// kept and the reference reported as a `data.unknown_reference` finding.
//
//   auto store = dangjian::LoadSnapshot(bytes, dangjian::SnapshotFormat::kJson);
//   if (!store.ok()) { /* store.status().message() names the record */ }
//   auto report = dangjian::Check(**store, *policy, options);
//
// A Store is opaque: the library's calls read it (Check, MakeAgenda, Assess,
// the renderings) and `ExportSnapshot` writes it back as a snapshot. It never
// changes after it is built, so that any number of calls may read it from
// many threads at once; share it by its shared_ptr. `LoadSnapshotFile` reads
// a large delimited stream as it goes.
#ifndef DANGJIAN_STORE_H_
#define DANGJIAN_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "dangjian/v1/snapshot.pb.h"

namespace dangjian {

// A loaded snapshot, columnar and validated (its layout is the library's own).
class Store;

enum class SnapshotFormat { kJson, kBinary, kDelimited };

// `.json`, `.pb` / `.bin`, `.djs`; nullopt for anything else.
std::optional<SnapshotFormat> SnapshotFormatFromPath(std::string_view path);

// What a load accepts. The defaults hold a national data set (100 million
// members and their records); past a limit the load fails and says which.
struct LoadLimits {
  uint64_t max_input_bytes = uint64_t{1} << 40;  // 1 TiB
  uint64_t max_records = 8'000'000'000;          // the records of every list together
  uint32_t max_string_bytes = 1 << 20;           // 1 MiB: an id, a name, minutes (JSON: every string)
  int max_depth = 32;                            // messages nested below the snapshot (the schema needs 2)
  // A field (JSON) or a column (CSV tables) the schema lacks is passed over
  // rather than refused: a platform's export carries what dangjian does not
  // need. Refused by default, so that a misspelt field is found.
  bool ignore_unknown_fields = false;
  // What a person wrote in a record and no rule reads (记录内容) is kept in
  // the Store, so that ExportSnapshot gives it back: an activity's place,
  // topic and minutes (地点, 主题, 发言内容), its observers (列席) and
  // resolutions (决议及分工) as given, a member event's detail (说明). Off by
  // default: a check does not need them, and minutes can be long.
  bool keep_notes = false;
};

// Parses, validates and builds. The error message names the record and field.
absl::StatusOr<std::shared_ptr<const Store>> LoadSnapshot(std::string_view bytes, SnapshotFormat format,
                                                          const LoadLimits& limits = {});
// How far a load of a delimited stream is: the messages before byte `read`
// of its `total` are in (the Store is built after the last). Called on the
// loading thread after each message: keep it cheap.
using LoadProgress = std::function<void(uint64_t read, uint64_t total)>;

// Loads the file at `path`, its format from its name (SnapshotFormatFromPath;
// another name is a bad argument, OutOfRange), the folder of CSV tables at
// `path`, or the workbook at a `path` ending in .xlsx (tables.h). A delimited stream is read a
// message at a time, each let go once it is in: a load holds the Store and
// little of the file; `progress` follows it.
absl::StatusOr<std::shared_ptr<const Store>> LoadSnapshotFile(const std::string& path, const LoadLimits& limits = {},
                                                              const LoadProgress& progress = {});
// Validates and builds from a parsed message.
absl::StatusOr<std::shared_ptr<const Store>> LoadSnapshot(const v1::Snapshot& snapshot, const LoadLimits& limits = {});
// The Store written back as a snapshot, in the Store's order: loading it
// gives the same Store, and the same findings (data findings name records by
// their place in the export). Loaded with LoadLimits::keep_notes, every field
// is written back as given. Without, what neither a rule nor a report reads
// is not kept, so not written: the text of places, topics and minutes
// ("recorded" stands in), observers, resolutions with an owner, events'
// details. Members' names are kept for the reports a person reads. Records
// naming what is not there are written back naming it, so that their data
// findings come again. The ledger is written as the Store merges it: one row
// a member and year, the months paid by payments included. Of an Engine's
// Store (Engine::store), the members it removed are not written.
v1::Snapshot ExportSnapshot(const Store& store);
// Parses only: bytes to message, with the same error messages.
absl::StatusOr<v1::Snapshot> ParseSnapshot(std::string_view bytes, SnapshotFormat format, const LoadLimits& limits = {});

}  // namespace dangjian

#endif  // DANGJIAN_STORE_H_
