// A snapshot as a folder of CSV files, one a table (tables.h): members.csv
// (or 党员.csv), orgs.csv… A table that is not there has no rows.
//
// Each file: RFC 4180 (cells in double quotes may hold commas, quotes doubled
// and line breaks; lines end in CRLF or LF), its first row the header, in
// English or Chinese; UTF-8 with or without a byte-order mark, or GB18030
// (and so GBK), which Excel on a Chinese Windows writes. Blank rows are
// passed over. Errors name the file, line, column and header.
#ifndef DANGJIAN_LIB_TABLES_CSV_H_
#define DANGJIAN_LIB_TABLES_CSV_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dangjian/store.h"
#include "lib/tables/records.h"

namespace dangjian::tables {

// What the pass that checks a text's encoding counts in it.
struct TextCounts {
  size_t line_breaks = 0;  // the '\n'
  bool quotes = false;     // whether a '"' is: if not, each record is a line
};
// A file's bytes as UTF-8: `text` past a UTF-8 byte-order mark, or, when it
// is GB18030, converted into `converted` and `text` viewing it. `place`
// names the line of an error. `counts`, when given, gets what is counted in
// `text` in the same pass over it.
absl::Status AsUtf8(std::string_view& text, std::string& converted, const Place& place, TextCounts* counts = nullptr);
// The same, into a string of its own.
absl::StatusOr<std::string> ToUtf8(std::string_view bytes, const Place& place);

// Each record of a CSV text, with the line it begins on, to `record`, its
// cells as views that last until the next record; the first error (a quote
// not closed, text after a closing quote, or `record`'s) stops it.
// `next_line`, when given: the line the text begins on (else 1), and, once
// every record is read, the line after the last.
absl::Status ForEachCsvRecord(std::string_view text, const Place& place,
                              const std::function<absl::Status(uint32_t line, absl::Span<const std::string_view> cells)>& record,
                              uint32_t* next_line = nullptr);

// The tables of the folder `dir` into `reader`.
absl::Status ReadCsvFolder(const std::string& dir, TableReader& reader);

// The folder loaded (store.h's LoadSnapshotFile for a folder): an error of
// the load names the row of the record.
absl::StatusOr<std::shared_ptr<const Store>> LoadCsvFolder(const std::string& dir, const LoadLimits& limits);

// `snapshot` as a CSV file a table in `dir` (made if need be), every table
// written, its header and enum values in English (`en`) or Chinese; Chinese
// tables begin with a UTF-8 byte-order mark, for Excel.
absl::Status WriteCsvFolder(const v1::Snapshot& snapshot, const std::string& dir, bool en);

}  // namespace dangjian::tables

#endif  // DANGJIAN_LIB_TABLES_CSV_H_
