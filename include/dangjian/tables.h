// Snapshots as tables, for a platform's database export or a party-affairs
// office's ledger (台账): a folder of CSV files, one a record kind —
// units.csv, orgs.csv, members.csv, positions.csv, terms.csv,
// activities.csv, attendance.csv, decisions.csv, resolutions.csv, dues.csv,
// dues_ledger.csv, events.csv (or by their Chinese names: 党员.csv…).
// docs/schema.md says every table's columns, their English and Chinese
// headers, types and meaning, and each enum value's Chinese name.
//
// `LoadSnapshotFile` (store.h) loads such a folder; its errors name the
// file, line, column and header:
//
//   members.csv:17:6: 党员状态 (status): "正式党员x" is not a member status (FULL 正式党员, PROBATIONARY 预备党员)
//
//   auto store = dangjian::LoadSnapshotFile("/data/tables");   // a folder
//   dangjian::WriteCsvTables(dangjian::ExportSnapshot(**store), "/tmp/out", dangjian::Lang::kZh);
//
// A ledger workbook (.xlsx) — as `dangjian template` and `dangjian export
// --format xlsx` write it, or as Excel, WPS or LibreOffice save it — holds
// the same tables a sheet each, named in Chinese or English (党员 or
// members). `LoadSnapshotFile` loads a path ending in .xlsx; its errors name
// the sheet, cell and header:
//
//   党员!C17: 党员状态 (status): "正式党员x" is not a member status (FULL 正式党员, PROBATIONARY 预备党员)
//
// Pure functions of their arguments and the files; safe from any thread (on
// different folders when writing).
#ifndef DANGJIAN_TABLES_H_
#define DANGJIAN_TABLES_H_

#include <string>

#include "absl/status/statusor.h"
#include "dangjian/report.h"
#include "dangjian/store.h"

namespace dangjian {

// Parses only: the folder's tables to a message, with the same errors
// (those of the load itself, such as a duplicate id, are not looked for).
absl::StatusOr<v1::Snapshot> ParseCsvTables(const std::string& dir, const LoadLimits& limits = {});

// Parses only: the workbook's sheets to a message, with the same errors.
absl::StatusOr<v1::Snapshot> ParseWorkbook(const std::string& path, const LoadLimits& limits = {});

// Writes `snapshot` as a CSV file a table in `dir` (made if need be), every
// table, headers and enum values in `lang` (Chinese files begin with a UTF-8
// byte-order mark, so that Excel opens them). Members given by position are
// written by id (OutOfRange for a position past the members); NotFound when
// a file cannot be written.
absl::Status WriteCsvTables(const v1::Snapshot& snapshot, const std::string& dir, Lang lang);

}  // namespace dangjian

#endif  // DANGJIAN_TABLES_H_
