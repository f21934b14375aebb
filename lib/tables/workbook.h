// A ledger workbook (.xlsx) read into the tables (records.h): as the template
// and `export --format xlsx` write it (xlsx.h), and as Excel, WPS or
// LibreOffice save it.
//
// A sheet is a table by its Chinese or English name (党员 or members); the
// sheet 说明 and sheets that hold nothing are passed over, any other sheet
// is refused (or passed over with LoadLimits::ignore_unknown_fields). A
// sheet's first row that is not blank is its header. A cell is read as its
// text: shared or inline strings, a formula's cached result, a number as
// Excel shows it (3000.01, not 3000.0100000000002), TRUE/FALSE; a number in
// a date or month column is a date serial number, of the 1900 date system or,
// when the workbook says so, the 1904 one. Errors name the sheet, cell and
// header:
//
//   党员!C17: 党员状态 (status): "正式党员x" is not a member status (…)
//
// and a row as Excel names it: 党员!17:17.
//
// Bounded: the file within LoadLimits::max_input_bytes, and every part it
// unpacks counted against the same limit as it is read (a zip bomb stops at
// it); a document type declaration (entities) is refused; a workbook that is
// not a zip, or not well-formed XML, is an error naming the part and line.
#ifndef DANGJIAN_LIB_TABLES_WORKBOOK_H_
#define DANGJIAN_LIB_TABLES_WORKBOOK_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "dangjian/store.h"
#include "lib/tables/records.h"

namespace dangjian::tables {

// A path that names a workbook: it ends in .xlsx (any case).
bool IsWorkbookPath(std::string_view path);

// The workbook `bytes` (the .xlsx file) into `reader`.
absl::Status ReadWorkbook(std::string_view bytes, TableReader& reader);

// The workbook at `path` parsed (the message) or loaded (store.h's
// LoadSnapshotFile for a .xlsx path): an error of the load names the row of
// the record.
absl::StatusOr<v1::Snapshot> ParseWorkbookFile(const std::string& path, const LoadLimits& limits);
absl::StatusOr<std::shared_ptr<const Store>> LoadWorkbook(const std::string& path, const LoadLimits& limits);

// The date of an Excel serial number, "2024-03-01" (1900 date system:
// serial 1 is 1900-01-01, and 60 the 1900-02-29 that never was; 1904: serial
// 0 is 1904-01-01); empty for a serial that is no date.
std::string SerialDate(double serial, bool date1904);

}  // namespace dangjian::tables

#endif  // DANGJIAN_LIB_TABLES_WORKBOOK_H_
