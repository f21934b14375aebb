// A snapshot as the ledger workbook (台账) a party-affairs office keeps in
// Excel or WPS: a sheet a table (tables.h), named by the table's Chinese
// name (党员, 组织…), its first row the Chinese headers, bold and frozen;
// every enum column a drop-down list of its values' Chinese names; and first
// a sheet 说明 that says each sheet's columns — header, type, required,
// meaning, values — from the same table definitions as docs/schema.md.
//
// The cells hold what the CSV tables hold (records.h's Rows, Chinese), as
// text: an id such as 007 stays 007. `dangjian template` writes it with no
// rows; `dangjian export --format xlsx`, filled.
#ifndef DANGJIAN_LIB_TABLES_XLSX_H_
#define DANGJIAN_LIB_TABLES_XLSX_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "dangjian/store.h"

namespace dangjian::tables {

// The sheet of instructions, before the tables' sheets.
inline constexpr std::string_view kInstructionsSheet = "说明";

// The width of `text` in Excel's units, about one a Latin character: a
// Chinese character takes two.
double DisplayWidth(std::string_view text);

// `snapshot` as a workbook at `path` (an empty Snapshot: the template).
// NotFound when the file cannot be written; OutOfRange for a member named
// by a position past the members.
absl::Status WriteWorkbook(const v1::Snapshot& snapshot, const std::string& path);

}  // namespace dangjian::tables

#endif  // DANGJIAN_LIB_TABLES_XLSX_H_
