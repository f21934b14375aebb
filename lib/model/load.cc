// The entry points of a load (store.h): bytes, a file or a parsed message,
// through the Input (input.h, stream.h) into a Store (builder.h).
#include <climits>
#include <filesystem>

#include "dangjian/store.h"
#include "lib/model/builder.h"
#include "lib/model/json_reader.h"
#include "lib/model/mapped_file.h"
#include "lib/model/stream.h"
#include "lib/status.h"
#include "lib/tables/csv.h"
#include "lib/tables/workbook.h"
#include "lib/strings.h"

namespace dangjian {
namespace {

absl::Status TooManyRecords(uint64_t records, const LoadLimits& limits) {
  return absl::InvalidArgumentError(StrCat(records, " records, more than the limit of ", limits.max_records));
}

absl::Status NotBinarySnapshot(std::string_view bytes) {
  return absl::InvalidArgumentError(StrCat("not a dangjian.v1.Snapshot in binary protobuf (", bytes.size(), " bytes)"));
}

absl::StatusOr<v1::Snapshot> ParseSnapshotBytes(std::string_view bytes, SnapshotFormat format,
                                                const LoadLimits& limits) {
  v1::Snapshot snapshot;
  switch (format) {
    case SnapshotFormat::kJson: {
      absl::Status s = model::ReadJson(bytes, snapshot, limits.max_depth, limits.max_string_bytes,
                                        limits.ignore_unknown_fields);
      if (!s.ok()) return s;
      return snapshot;
    }
    case SnapshotFormat::kBinary:
      if (!model::ParseSnapshotMessage(bytes, limits.max_depth, snapshot)) return NotBinarySnapshot(bytes);
      return snapshot;
    case SnapshotFormat::kDelimited:
      return model::ParseStream(bytes, limits);
  }
  return absl::OutOfRangeError("unknown snapshot format");
}

// The Store of what was appended, or the append's error.
absl::StatusOr<std::shared_ptr<const Store>> Built(const absl::Status& appended, model::Input in) {
  if (!appended.ok()) return appended;
  absl::StatusOr<std::shared_ptr<Store>> store = model::BuildStore(std::move(in));
  if (!store.ok()) return store.status();
  return std::shared_ptr<const Store>(*std::move(store));
}

}  // namespace

absl::Status model::AppendSnapshot(const Source& source, SnapshotFormat format, const LoadLimits& limits, Input& in,
                                   const std::function<void(size_t end)>& appended) {
  const std::string_view bytes = source.bytes();
  DJ_RETURN_IF_ERROR(model::InputLimit(bytes, limits));
  if (format == SnapshotFormat::kDelimited) return model::AppendStream(source, limits, in, appended);
  // One message, read straight from the wire.
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return NotBinarySnapshot(bytes);
  bool well_formed = true;
  absl::Status s = model::AppendWire(bytes, limits, in, well_formed);
  if (!well_formed) return NotBinarySnapshot(bytes);
  return s;
}

absl::StatusOr<v1::Snapshot> ParseSnapshot(std::string_view bytes, SnapshotFormat format, const LoadLimits& limits) {
  return WithinMemory([&]() -> absl::StatusOr<v1::Snapshot> {
    absl::Status size = model::InputLimit(bytes, limits);
    if (!size.ok()) return size;
    absl::StatusOr<v1::Snapshot> parsed = ParseSnapshotBytes(bytes, format, limits);
    if (parsed.ok() && model::RecordCount(*parsed) > limits.max_records) {
      return TooManyRecords(model::RecordCount(*parsed), limits);
    }
    return parsed;
  });
}

absl::StatusOr<std::shared_ptr<const Store>> LoadSnapshot(const v1::Snapshot& snapshot, const LoadLimits& limits) {
  return WithinMemory([&]() -> absl::StatusOr<std::shared_ptr<const Store>> {
    if (model::RecordCount(snapshot) > limits.max_records) return TooManyRecords(model::RecordCount(snapshot), limits);
    model::Input in;
    const absl::Status appended = model::Append(snapshot, limits, in);
    return Built(appended, std::move(in));
  });
}

absl::StatusOr<std::shared_ptr<const Store>> LoadSnapshot(std::string_view bytes, SnapshotFormat format,
                                                          const LoadLimits& limits) {
  return WithinMemory([&]() -> absl::StatusOr<std::shared_ptr<const Store>> {
    absl::Status size = model::InputLimit(bytes, limits);
    if (!size.ok()) return size;
    if (format == SnapshotFormat::kJson) {
      absl::StatusOr<v1::Snapshot> snapshot = ParseSnapshot(bytes, format, limits);
      if (!snapshot.ok()) return snapshot.status();
      return LoadSnapshot(*snapshot, limits);
    }
    model::Input in;
    const absl::Status appended = model::AppendSnapshot(model::Source(bytes), format, limits, in);
    return Built(appended, std::move(in));
  });
}

absl::StatusOr<std::shared_ptr<const Store>> LoadSnapshotFile(const std::string& path, const LoadLimits& limits,
                                                              const LoadProgress& progress) {
  return WithinMemory([&]() -> absl::StatusOr<std::shared_ptr<const Store>> {
    std::error_code not_a_folder;
    if (std::filesystem::is_directory(path, not_a_folder)) return tables::LoadCsvFolder(path, limits);
    if (tables::IsWorkbookPath(path)) return tables::LoadWorkbook(path, limits);
    const std::optional<SnapshotFormat> format = SnapshotFormatFromPath(path);
    if (!format) return absl::OutOfRangeError("unknown snapshot format (use .json, .pb or .djs, a workbook .xlsx, or a folder of CSV tables)");
    absl::StatusOr<std::unique_ptr<model::MappedFile>> file = model::MappedFile::Open(path);
    if (!file.ok()) return file.status();
    const std::string_view bytes = (*file)->bytes();
    if (*format == SnapshotFormat::kJson) return LoadSnapshot(bytes, *format, limits);
    (*file)->Sequential();
    model::Input in;
    const absl::Status appended = model::AppendSnapshot(model::Source(**file), *format, limits, in, [&](size_t end) {
      if (progress) progress(end, bytes.size());
    });
    return Built(appended, std::move(in));
  });
}

}  // namespace dangjian
