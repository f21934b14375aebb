// The snapshot as tables: the one definition of every table a platform or a
// party-affairs office fills in — a CSV file each in a folder, a sheet each in
// a workbook — and of docs/schema.md, which `dangjian schema --format md`
// writes from it.
//
// A table is a record kind of dangjian.v1.Snapshot (members: Member) or a
// part of an activity (attendance, decisions, resolutions) keyed by the
// activity's id. A column is a field of the record, by its proto name, with an
// English header (the field's name) and a Chinese one (组织编码), a type, and
// whether it is required. Adding a field to the schema is adding one line to
// its table (tables.cc); a test fails while a field of a record is neither in
// a column nor named as kept out of the tables.
#ifndef DANGJIAN_LIB_TABLES_TABLES_H_
#define DANGJIAN_LIB_TABLES_TABLES_H_

#include <string_view>

#include "absl/types/span.h"
#include "dangjian/report.h"
#include "google/protobuf/descriptor.h"

namespace dangjian::tables {

// What a cell holds, as a person writes it.
enum class Type {
  kId,      // an id: 12, "b-07" (kept as text)
  kIds,     // ids separated by ; (or ；, 、)
  kText,    // text as it is
  kTexts,   // texts separated by ; (or ；, 、)
  kInt,     // a whole number
  kInts,    // whole numbers separated by ; (or ；, 、)
  kYuan,    // money in yuan, at most two decimals: 12.50 (the schema keeps cents)
  kBool,    // 是/否, true/false, 1/0, yes/no; empty is no
  kDate,    // 2024-03-01, 2024/3/1, 2024年3月1日; a time after it is ignored
  kMonth,   // 2024-03, 2024/3, 2024年3月
  kMonths,  // months of a year: 1;2;3 or 1-6;9 (the ledger's bit mask)
  kEnum,    // a value of the field's enum by its English or Chinese name
};

inline constexpr bool kRequired = true;
inline constexpr bool kOptional = false;

struct Column {
  std::string_view field;  // the record's field (proto name), and the English header
  std::string_view zh;     // the Chinese header
  Type type;
  bool required;
  std::string_view meaning;
  // The English header when it is not the field's name: money in yuan is
  // "amount_yuan" for the field amount_cents.
  std::string_view en = {};

  std::string_view English() const { return en.empty() ? field : en; }
};

// A field of a record that is not a column of its table, and how the tables
// give it instead.
struct OtherField {
  std::string_view field;  // the proto name
  std::string_view zh;
  std::string_view meaning;
  std::string_view instead;  // "the attendance table: 出席"
};

struct Table {
  std::string_view name;     // members: members.csv, and the Snapshot's list
  std::string_view zh;       // 党员: 党员.csv, and the workbook's sheet
  std::string_view message;  // the record: "dangjian.v1.Member"
  std::string_view meaning;
  absl::Span<const Column> columns;
  // A part of an activity: the Activity field its rows go to ("decisions"),
  // found by the first column, activity_id. Empty for a record of the Snapshot.
  std::string_view in_activity = {};
  // The record's fields that are not columns (a test holds every field of
  // the record to a column or to this list).
  absl::Span<const OtherField> others = {};

  const google::protobuf::Descriptor* Descriptor() const;
  // The column whose English or Chinese header is `header` (English: any
  // case, _ or space alike); nullptr when none is.
  const Column* FindColumn(std::string_view header) const;
};

// Every table, in the order they are read: an activity before its parts.
absl::Span<const Table> All();
// By its name or its Chinese name ("members", "党员"); nullptr when none.
const Table* Find(std::string_view name);

// The attendance table's own enum (出勤情况): how a member took part in an
// activity, which says the Activity field the row goes to.
enum class Attendance { kAttended = 1, kLeaveApproved, kUnexcused, kAbsent, kObserver, kTalkedWith };

// A value of an enum column, named in English and in Chinese.
struct EnumValue {
  std::string_view name;  // the proto name: "BRANCH"
  std::string_view zh;    // "党支部"; other names read as it after a |: "机关党委|基层党委"
  int number;
};
struct Enum {
  std::string_view type;  // the proto enum's full name, or "attendance"
  std::string_view en, zh;  // what a value is: "org kind" / "组织类别"
  absl::Span<const EnumValue> values;

  // The value named `text` (its English name in any case, or a Chinese one);
  // nullptr when none is.
  const EnumValue* Find(std::string_view text) const;
  // The Chinese name written: the first of zh.
  static std::string_view Zh(const EnumValue& v) { return v.zh.substr(0, v.zh.find('|')); }
};

// The enum of an enum column; nullptr for another column.
const Enum* EnumOf(const Table& table, const Column& column);
// A record within a record, not a table of its own: Activity.Absentee, given
// by the attendance table; its fields.
absl::Span<const OtherField> AbsenteeFields();
// The Snapshot's own fields that are not lists of records.
absl::Span<const OtherField> SnapshotFields();

// Every enum of the snapshot, the attendance table's too.
absl::Span<const Enum> Enums();
// "member status" in `lang` ("党员状态"): how errors name what a value is not.
// `en` itself when no enum is so named.
std::string_view EnumKindName(std::string_view en, Lang lang);

}  // namespace dangjian::tables

#endif  // DANGJIAN_LIB_TABLES_TABLES_H_
