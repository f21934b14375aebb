// Rows of the tables (tables.h) read into a Snapshot message or a load
// (load.h), and a Snapshot written back as rows, whatever holds the rows: a
// CSV folder (csv.h) or, as they come, the sheets of a workbook.
//
// Reading checks each cell against its column — required, the type, the
// enum's names — and names the cell of every error, with the header as the
// file has it and in the other language:
//
//   members.csv:17:6: 党员状态 (status): "正式党员x" is not a member status (FULL 正式党员, PROBATIONARY 预备党员)
//
// What only the load finds (a duplicate id, a parent that is not there) it
// names by the record's place in the Snapshot's lists; `SourceMap::Locate`
// names that record's row in the same way.
#ifndef DANGJIAN_LIB_TABLES_RECORDS_H_
#define DANGJIAN_LIB_TABLES_RECORDS_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "dangjian/report.h"
#include "dangjian/store.h"
#include "lib/hash_table.h"
#include "lib/model/store.h"
#include "lib/tables/tables.h"

namespace dangjian::tables {

// Where a cell is: "members.csv:17:6" (file, line, column), as `Place` says
// for a line and a column counted from 0 (-1: the row).
using Place = std::function<std::string(uint32_t line, int column)>;
// A CSV file's places: "members.csv:17:6", "members.csv:17".
Place CsvPlace(std::string source);

// The line of each record of a table, kept as runs of records on lines one
// after the other, as a table mostly is: a few bytes for a file of many
// millions of rows rather than four a row.
class Lines {
 public:
  void push_back(uint32_t line) {
    if (runs_.empty() || line != runs_.back().line + (size_ - runs_.back().record)) runs_.push_back({size_, line});
    ++size_;
  }
  size_t size() const { return size_; }
  uint32_t operator[](size_t record) const {
    const auto run = std::upper_bound(runs_.begin(), runs_.end(), record,
                                      [](size_t r, const Run& x) { return r < x.record; }) - 1;
    return run->line + static_cast<uint32_t>(record - run->record);
  }

 private:
  struct Run {
    size_t record;  // the run's first record
    uint32_t line;  // and its line
  };
  std::vector<Run> runs_;
  size_t size_ = 0;
};

// Where the records of each list of the Snapshot came from, by their index.
class SourceMap {
 public:
  struct Source {
    const Table* table = nullptr;
    Place place;
    std::vector<std::string> headers;  // by column of the table: as the file has it, or empty
    Lines lines;                       // by record
  };
  Source& Of(const Table& table) { return sources_[table.name]; }
  // The sources of `other`'s tables, those of tables these have not, taken.
  void Take(SourceMap&& other);
  // `message` with its leading record path ("members[12].orgId: …") and the
  // records it mentions ("(also orgs[0])") named by their rows.
  std::string Locate(std::string_view message) const;

 private:
  HashMap<std::string_view, Source> sources_;
};

// "党员状态 (status)": a column as the file names it, then in the other language.
std::string HeaderShown(const Column& column, std::string_view as_written);

// The error of more rows than LoadLimits::max_records.
absl::Status TooManyRecords(const LoadLimits& limits);

// Whether two ids are the same, as a == b, but for the ids of 8 to 16 bytes
// that most tables hold without a call to memcmp: a row's ids are compared
// with those of the rows before it, hundreds of millions of times.
inline bool SameId(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n < 8 || n > 16) return a == b;
  uint64_t a0, a1, b0, b1;  // the first eight bytes and the last eight, which overlap below 16
  std::memcpy(&a0, a.data(), 8), std::memcpy(&a1, a.data() + n - 8, 8);
  std::memcpy(&b0, b.data(), 8), std::memcpy(&b1, b.data() + n - 8, 8);
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

// A cell read by its column's type: what the record's field gets.
struct Value {
  bool given = false;                   // false: the cell is empty
  std::string_view text;                // kId, kText, kDate, kMonth (a date as 2024-03-01, a month as 2024-03)
  int64_t number = 0;                   // kInt, kYuan (cents), kBool (1 or 0), kMonths (bits), kEnum
  std::vector<std::string_view> items;  // kIds, kTexts
  std::vector<int64_t> numbers;         // kInts
  std::string normal;                   // a date or month written otherwise, rewritten: `text` views it
};

// Where the rows a TableReader reads go: into a Snapshot message
// (SnapshotRows), or straight into a load's columns (load.h). The values'
// texts last only until the next row.
class RowSink {
 public:
  virtual ~RowSink() = default;
  // A table begun; its rows follow, about `rows` of them (0: not known).
  virtual void Begin(const Table& table, size_t rows) = 0;
  // A row of the table begun, by column: values[k] is table.columns[k]'s.
  // For a part of an activity, `activity` is the activity's index among the
  // activities read (and values[0], its id, is not read); -1 otherwise. An
  // attendance row's attendance is read as its enum's number, ATTENDED when
  // the cell is empty.
  virtual void Row(absl::Span<const Value> values, int activity) = 0;
};

// Reads tables into a sink: each table's header, then its rows, the tables
// in the order of All() (an activity before its attendance). Each cell is
// checked against its column — required, its type, the enum's names — and an
// error names the cell.
class TableReader {
 public:
  TableReader(const LoadLimits& limits, RowSink& sink) : limits_(limits), sink_(sink) {}

  // A table's header row, at `line`: its cells are matched to the columns.
  // `rows`: about how many rows follow, when known (a file's lines), for the
  // sink to make room for them at once.
  absl::Status Begin(const Table& table, Place place, uint32_t line, absl::Span<const std::string_view> header,
                     size_t rows = 0);
  // A row of the table begun; its cells in the header's order (fewer: the
  // rest are empty).
  absl::Status Row(uint32_t line, absl::Span<const std::string_view> cells);

  // The column of the table begun under the header's cell `cell`; nullptr
  // for a cell under no header, or under one passed over.
  const Column* ColumnOf(size_t cell) const;

  const LoadLimits& limits() const { return limits_; }
  SourceMap& sources() { return sources_; }
  // The rows counted so far, against LoadLimits::max_records.
  uint64_t records() const { return records_; }
  // The ids of the activities read, in their order.
  const Ids& activity_ids() const { return activity_ids_; }
  // The rows of parts from now name activities among `activities`: another
  // reader's, which read the activities' table and reads on beside this one.
  void FindActivitiesIn(const Ids& activities) { activities_ = &activities; }
  // The ids of the activities read, in their order, and indexed once a part
  // of an activity looked one up: taken, when the tables are all read.
  Ids TakeActivityIds() {
    last_activity_ = -1, last_activity_id_ = {};
    return std::move(activity_ids_);
  }

 private:
  absl::Status Read(const Column& column, int at, std::string_view text, Value& value);
  absl::Status Fail(int column, std::string_view what) const;

  const LoadLimits& limits_;
  RowSink& sink_;
  SourceMap sources_;
  uint64_t records_ = 0;
  // The table begun.
  const Table* table_ = nullptr;
  SourceMap::Source* source_ = nullptr;
  std::vector<int> column_of_cell_;  // by header cell: the table's column, or -1 (a blank header)
  std::vector<int> cell_of_column_;  // by table column: its header cell, or -1
  // Looked up once a table, not once a cell: each column's field (nullptr
  // for a column no field holds as it is), for the range of its integers.
  std::vector<const google::protobuf::FieldDescriptor*> field_of_column_;
  std::vector<const Enum*> enum_of_column_;  // nullptr for a column that is not an enum's
  std::vector<Value> values_;  // by table column, reused from row to row
  uint32_t line_ = 0;
  Ids activity_ids_;         // of the activities read, in their order
  const Ids* activities_ = &activity_ids_;  // those the parts' rows name
  int last_activity_ = -1;  // the activity the last part's row named
  std::string_view last_activity_id_;  // and its id
  bool activity_by_hash_ = false;  // whether the hash found it, the few after the one before missing it
};

// The rows into one Snapshot message, as they are: to be parsed, exported or
// written again.
class SnapshotRows : public RowSink {
 public:
  void Begin(const Table& table, size_t rows) override;
  void Row(absl::Span<const Value> values, int activity) override;
  v1::Snapshot& snapshot() { return snapshot_; }

 private:
  v1::Snapshot snapshot_;
  const Table* table_ = nullptr;
  // Looked up once a table: the list its rows go to, and each column's field.
  const google::protobuf::FieldDescriptor* list_ = nullptr;
  std::vector<const google::protobuf::FieldDescriptor*> field_of_column_;
};

// A cell as written, by the column's type; `en`: English names of enums and
// booleans, otherwise Chinese.
std::string Written(const Table& table, const Column& column, const google::protobuf::Message& record, bool en);

// The rows of `table` from `snapshot`, each as its cells in the order of the
// table's columns, handed to `row`. Members named by position are named by
// their id; OutOfRange for a position past the members.
absl::Status Rows(const v1::Snapshot& snapshot, const Table& table, bool en,
                  const std::function<void(std::vector<std::string>&)>& row);

}  // namespace dangjian::tables

#endif  // DANGJIAN_LIB_TABLES_RECORDS_H_
