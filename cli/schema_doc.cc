#include "cli/schema_doc.h"

#include <sstream>

#include "dangjian/v1/snapshot.pb.h"
#include "lib/strings.h"
#include "lib/tables/tables.h"

namespace dangjian::cli {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;
using tables::Column;
using tables::OtherField;
using tables::Table;
using tables::Type;

std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// The heading anchor GitHub makes of an enum's heading.
std::string EnumLink(const pb::EnumDescriptor* e) {
  const tables::Enum* known = nullptr;
  for (const tables::Enum& k : tables::Enums()) {
    if (k.type == e->full_name()) known = &k;
  }
  std::string name = StrCat(e->containing_type() ? e->containing_type()->name() + "." : "", e->name());
  if (known == nullptr) return StrCat("`", name, "`");
  std::string anchor;
  for (char c : name) {
    if (c != '.') anchor += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return StrCat("[", name, "](#", anchor, ")");
}

// A field's type in JSON: what the column's type says of it, else the descriptor.
std::string JsonType(const FD* f, const Column* column) {
  const std::string list = f->is_repeated() ? "[]" : "";
  if (column != nullptr) {
    switch (column->type) {
      case Type::kDate: return "date `YYYY-MM-DD`";
      case Type::kMonth: return "month `YYYY-MM`";
      case Type::kYuan: return "int64, cents";
      case Type::kMonths: return "uint32, bit m−1 for month m";
      default: break;
    }
  }
  switch (f->type()) {
    case FD::TYPE_ENUM: return StrCat(EnumLink(f->enum_type()), list);
    case FD::TYPE_MESSAGE: return StrCat(f->message_type()->name(), list);
    case FD::TYPE_STRING: return StrCat("string", list);
    default: return StrCat(f->type_name(), list);
  }
}

std::string_view TableType(Type t) {
  switch (t) {
    case Type::kId: return "id";
    case Type::kIds: return "ids, `;`";
    case Type::kText: return "text";
    case Type::kTexts: return "texts, `;`";
    case Type::kInt: return "integer";
    case Type::kInts: return "integers, `;`";
    case Type::kYuan: return "yuan 元, `12.50`";
    case Type::kBool: return "是/否";
    case Type::kDate: return "date";
    case Type::kMonth: return "month";
    case Type::kMonths: return "months `1-6;9`";
    case Type::kEnum: return "enum";
  }
  return "";
}

// The fields of a record: its columns and its other fields, in the schema's order.
void Record(std::ostream& out, const pb::Descriptor* d, std::string_view heading, std::string_view meaning,
            absl::Span<const Column> columns, absl::Span<const OtherField> others) {
  out << "\n### " << heading << "\n\n" << meaning << "\n\n"
      << "| 字段 field | 中文 | 类型 type | 必填 required | 含义 meaning |\n|---|---|---|---|---|\n";
  for (int i = 0; i < d->field_count(); ++i) {
    const FD* f = d->field(i);
    const Column* column = nullptr;
    for (const Column& c : columns) {
      if (c.field == f->name()) column = &c;
    }
    const OtherField* other = nullptr;
    for (const OtherField& o : others) {
      if (o.field == f->name()) other = &o;
    }
    std::string_view zh = column ? column->zh : other ? other->zh : "";
    std::string_view said = column ? column->meaning : other ? other->meaning : "";
    const bool required = column != nullptr && column->required;
    // A member by id or by position: one of them.
    const bool or_index = f->name() == "member_id" && d->FindFieldByName("member_index") != nullptr;
    out << "| `" << f->json_name() << "` | " << Cell(zh) << " | " << JsonType(f, column) << " | "
        << (required ? (or_index ? "必填 required (or `memberIndex`)" : "必填 required") : "") << " | " << Cell(said)
        << " |\n";
  }
}

constexpr std::string_view kIntro = R"(# 快照的结构 The snapshot's schema

<!-- Written by `dangjian schema` from the tables (lib/tables/tables.cc) and the schema
(proto/dangjian/v1/snapshot.proto): change them and write this file again with
`build/bin/dangjian schema > docs/schema.md`. -->

快照(`dangjian.v1.Snapshot`)是平台在某一时刻所知道的全部党组织信息:单位、组织、党员、职务、届期、
组织生活记录、党费和党员事项。本文列出每种记录的每个字段(中文名、类型、是否必填、含义)、每个枚举值的
中文名、CSV 表格的列,以及从平台常见数据表到这些记录的对应关系。

A snapshot (`dangjian.v1.Snapshot`) is everything a platform knows about its party organizations as of
one moment: units, orgs, members, positions, terms, the records of organizational life, dues and what
happened to members. This page lists every field of every record (its Chinese name, type, whether it
is required, what it means), every enum value's Chinese name, the columns of the CSV tables, and how
the tables a platform typically has map to the records.

## 输入的形式 Forms of input

- **JSON** (`.json`): the Snapshot message in protobuf's JSON mapping — field names in lowerCamelCase
  (or as the proto spells them), enums by name (or number), 64-bit integers as numbers or strings,
  and an integer where an id is a string (a database's BIGINT key: `"orgId": 12` is `"12"`).
  A field the schema lacks is refused, naming it, or passed over when asked
  (`--unknown-fields ignore`; `LoadLimits::ignore_unknown_fields`; `dj_load_options`;
  `ignore_unknown_fields=True`), as it is for a column of the tables.
- **Binary protobuf** (`.pb`) and the **delimited stream** (`.djs`): varint-length-prefixed Snapshot
  messages whose records are concatenated, for national data sets.
- **CSV tables**: a folder with one file per table (below); `dangjian check FOLDER`.
- **The ledger workbook** (`.xlsx`): the same tables, a sheet each (below); `dangjian check FILE.xlsx`.

Dates are `YYYY-MM-DD`, months `YYYY-MM`, money integer cents (the tables: yuan). Ids are strings the
platform chooses, unique within their kind. Every field is optional unless marked required; the load
fills in no value by guessing. A reference to an id no record defines is not an error: the record is
kept and the reference reported as a `data.unknown_reference` finding.

## 记录 Records
)";

constexpr std::string_view kCsv = R"(
## CSV 表格 CSV tables

One file per table in a folder, named in English or Chinese (`members.csv` or `党员.csv`); a table
that is not there has no rows. `dangjian check FOLDER` reads it, as do `LoadSnapshotFile` (C++),
`dj_snapshot_load_file` (C) and `Checker.load(folder)` (Python); `dangjian export SNAPSHOT --format csv
--out FOLDER` writes any snapshot so.

- **The first row is the header**, each column by its English or its Chinese header, in any order;
  a column not listed below is refused, naming it; a required column must be there.
- **Encoding**: UTF-8, with or without a byte-order mark, or GB18030 (and so GBK), which Excel on a
  Chinese Windows writes. UTF-16 is refused.
- **Quoting** as RFC 4180: a cell in double quotes may hold commas, line breaks and doubled quotes
  (`""`); lines end in CRLF or LF. Blank rows are passed over; blanks around a value are trimmed
  (but not around text).
- **Enums** by their English name (any case) or their Chinese name (党支部, 正式党员), listed below.
- **Dates** as `2024-03-01`, `2024/3/1`, `2024.3.1` or `2024年3月1日`; a time after the date
  (`2024-03-01 09:30:00`, a database's DATETIME) is ignored. **Months** as `2024-03`, `2024/3`,
  `2024年3月`, or a date.
- **Lists** (ids, tags) separated by `;` (or `；`, `、`). **Money** in yuan, at most two decimals.
  **Yes or no**: 是/否, true/false, 1/0, yes/no; empty is no.
- The parts of an activity — attendance, decisions, resolutions — are rows of their own tables,
  keyed by the activity's id (`activity_id`), which must be in `activities.csv`.

An error names the file, line, column and header, as the file spells it and in the other language:

```
members.csv:17:6: 党员状态 (status): "正式党员x" is not a member status (FULL 正式党员, PROBATIONARY 预备党员)
orgs.csv:3: 组织编码 (id): duplicate id "b1" (also orgs.csv:2)
```

### 台账工作簿 The ledger workbook

The same tables as one Excel workbook, for an office that keeps its ledger in Excel or WPS:
`dangjian template FILE.xlsx` writes it empty, `dangjian export SNAPSHOT --format xlsx --out FILE.xlsx`
filled. A sheet per table, named by its Chinese name (党员, 组织…), its first row the Chinese headers
(bold, frozen), its cells text, as the Chinese CSV tables hold them; every enum column, and every
是/否 column, has a drop-down list of its values' Chinese names. The first sheet, 说明, lists each
sheet's columns with the English header, type, whether required, meaning and values, as below.

`dangjian check FILE.xlsx` reads a workbook — as written here, or as Excel, WPS or LibreOffice save
it — as do `LoadSnapshotFile` (C++), `dj_snapshot_load_file` (C) and `Checker.load(path)` (Python),
for a path ending in `.xlsx`; `dangjian export FILE.xlsx --format csv|json|pb|djs` writes it otherwise.

- **Sheets** by their Chinese or English name (党员 or `members`), in any order; 说明 and a sheet
  that holds nothing are passed over; another sheet is refused, naming it (passed over with
  `--unknown-fields ignore`). A table with no sheet has no rows.
- **A sheet's first row that is not blank is its header**, in English or Chinese, as for CSV;
  blank rows are passed over.
- **Cells** as the spreadsheet keeps them: text (shared or inline strings; the runs of rich text
  joined, a phonetic guide left out), a formula's result, a number as Excel shows it (`3000.01`,
  to 15 digits), TRUE/FALSE (for 是/否). A number in a date or month column is a date serial
  number: of the 1900 date system (1 is 1900-01-01; a time of day is dropped), or of the 1904
  system when the workbook says so. A formula's error (`#N/A`) is refused, naming its cell.
- **Bounded**: each part is counted against the input limit (`LoadLimits::max_input_bytes`) as it
  unpacks, so that a zip bomb stops there; XML with a document type declaration is refused.

An error names the sheet, the cell and the header (a row, as Excel names it: `组织!3:3`):

```
党员!C17: 党员状态 (status): "正式党员x" is not a member status (FULL 正式党员, PROBATIONARY 预备党员)
组织!3:3: 组织编码 (id): duplicate id "b1" (also 组织!2:2)
```
)";

constexpr std::string_view kMapping = R"(
## 从平台的数据表到快照 From a platform's tables to the snapshot

A party-building platform (智慧党建) keeps, in MySQL or the like, tables much like these; each maps to
one table above. Export each with a query whose columns are named as the table's headers, and the
folder of results is a snapshot. Numeric keys (BIGINT) are ids as they are.

| the platform's table | holds | the snapshot's table | notes |
|---|---|---|---|
| organizations / `party_org` | 组织: id, parent, type, name, the unit | `orgs.csv` (and `units.csv` for the units) | map the platform's type codes to 组织类别 (党支部, 党总支…); a party group (党小组) is an org under its branch |
| members / `party_member` | 党员: id, branch, 正式/预备, dates of admission and conversion | `members.csv` | 所在党支部 is the branch the member's relation is in (组织关系); 党小组 the group within it |
| leadership / `org_leader`, cadres | 班子成员: org, member, post, dates | `positions.csv` | 书记, 副书记, 委员, 纪检委员…; a post left has its 离任日期 |
| elections / `org_election`, 换届 | 届次, the date elected, the term's end | `terms.csv`, and an activity of kind 换届选举 | one row per term; the current one has no 届期结束日期 |
| meetings / `three_meetings_one_lesson` (三会一课), 主题党日 | meeting: org, type, date, place, topic, minutes | `activities.csv` | 活动类型 from the meeting type: 党员大会, 支委会, 党小组会, 党课… |
| attendance / `meeting_sign_in` | meeting, member, 出席/请假/缺席 | `attendance.csv` | one row per member per meeting; 列席 for observers |
| votes / resolutions of a meeting | 表决, 决议 | `decisions.csv`, `resolutions.csv` | keyed by the meeting's 活动编号 |
| dues / `party_fee` | member, month, amount, the date paid | `dues.csv` | one row per month paid; or `dues_ledger.csv`, a row per member and year |
| member changes / 组织关系转接, 外出, 表彰, 处分, 民主评议 | member, kind, date | `events.csv` | 评议等次 for 民主评议定等 |

For instance, members from a MySQL table, with the headers the table needs:

```sql
SELECT 'id', 'org_id', 'status', 'admitted_on', 'full_on'
UNION ALL
SELECT m.member_id, m.branch_id,
       CASE m.member_type WHEN 1 THEN '正式党员' ELSE '预备党员' END,
       m.join_date, m.regular_date
  FROM party_member m WHERE m.deleted = 0
  INTO OUTFILE '/var/lib/mysql-files/tables/members.csv'
  CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\n';
```

A NULL comes out as `\N` from `INTO OUTFILE`; write `IFNULL(x, '')` for an optional column.
)";

}  // namespace

std::string SchemaMarkdown() {
  std::ostringstream out;
  out << kIntro;
  {
    // The Snapshot's lists, each a table of its own.
    std::vector<OtherField> fields(tables::SnapshotFields().begin(), tables::SnapshotFields().end());
    for (const Table& t : tables::All()) {
      if (t.in_activity.empty()) fields.push_back({t.name, t.zh, t.meaning, ""});
    }
    Record(out, v1::Snapshot::descriptor(), "Snapshot — 快照", "The schema's version, and a list of each kind of record.",
           {}, fields);
  }
  for (const Table& t : tables::All()) {
    const pb::Descriptor* d = t.Descriptor();
    if (d == nullptr) {  // the attendance table: Activity.Absentee is its record within an activity
      Record(out, v1::Activity::Absentee::descriptor(), "Activity.Absentee — 缺席人员",
             "缺席: a member absent from an activity, and why.", {}, tables::AbsenteeFields());
      continue;
    }
    const std::string name = d->containing_type() ? StrCat(d->containing_type()->name(), ".", d->name()) : d->name();
    Record(out, d, StrCat(name, " — ", t.zh), t.meaning, t.columns, t.others);
  }

  out << "\n## 枚举 Enums\n\nEach value by its name in JSON and the English-headed tables, or by its Chinese "
         "name in the tables; a value after “also” is read as the same.\n";
  for (const tables::Enum& e : tables::Enums()) {
    const pb::EnumDescriptor* d = pb::DescriptorPool::generated_pool()->FindEnumTypeByName(std::string(e.type));
    const std::string name =
        d == nullptr ? std::string(e.type) : StrCat(d->containing_type() ? d->containing_type()->name() + "." : "", d->name());
    out << "\n### " << name << "\n\n" << e.zh << ", " << e.en
        << (d == nullptr ? " (the attendance table's own: how a member took part in an activity)" : "") << ".\n\n"
        << "| 值 value | 中文 |\n|---|---|\n";
    for (const tables::EnumValue& v : e.values) {
      std::string zh(tables::Enum::Zh(v));
      std::string also;
      for (std::string_view rest = v.zh; rest.find('|') != std::string_view::npos;) {
        rest.remove_prefix(rest.find('|') + 1);
        StrAppend(&also, also.empty() ? "" : ", ", rest.substr(0, rest.find('|')));
      }
      out << "| `" << v.name << "` | " << zh << (also.empty() ? "" : StrCat(" (also ", also, ")")) << " |\n";
    }
  }

  out << kCsv;
  for (const Table& t : tables::All()) {
    out << "\n### " << t.name << ".csv — " << t.zh << ".csv\n\n" << t.meaning
        << (t.in_activity.empty() ? "" : "; a row of an activity, by its id") << ".\n\n"
        << "| English header | 中文表头 | 类型 type | 必填 required | 含义 meaning |\n|---|---|---|---|---|\n";
    for (const Column& c : t.columns) {
      std::string type(TableType(c.type));
      if (const tables::Enum* e = tables::EnumOf(t, c)) {
        const pb::EnumDescriptor* d = pb::DescriptorPool::generated_pool()->FindEnumTypeByName(std::string(e->type));
        type = StrCat("enum ", d == nullptr ? std::string("[attendance](#attendance)") : EnumLink(d), " ", e->zh);
      }
      out << "| `" << c.English() << "` | " << c.zh << " | " << type << " | " << (c.required ? "必填 required" : "")
          << " | " << Cell(c.meaning) << " |\n";
    }
    if (!t.others.empty()) out << "\nThe record's other fields:\n\n";
    for (const OtherField& o : t.others) out << "- `" << o.field << "` (" << o.zh << "): " << o.instead << "\n";
  }
  out << kMapping;
  return out.str();
}

}  // namespace dangjian::cli
