#include "lib/tables/records.h"

#include <charconv>
#include <cstdio>
#include <limits>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "dangjian/calendar.h"
#include "dangjian/dues.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian::tables {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

// Blanks around a value, ASCII and the ideographic space an IME types.
std::string_view Trim(std::string_view s) {
  static constexpr std::string_view kIdeographicSpace = "\u3000";
  // Most cells have no blank at either end: told by their first and last
  // bytes (the ideographic space is E3 80 80).
  const auto may_blank = [](char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == kIdeographicSpace[0] || c == kIdeographicSpace[2];
  };
  if (s.empty() || (!may_blank(s.front()) && !may_blank(s.back()))) return s;
  for (bool again = true; again;) {
    again = false;
    while (!s.empty() && absl::ascii_isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1), again = true;
    while (!s.empty() && absl::ascii_isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1), again = true;
    if (s.substr(0, 3) == kIdeographicSpace) s.remove_prefix(3), again = true;
    if (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace) s.remove_suffix(3), again = true;
  }
  return s;
}

// The items of a list cell, separated by ; (ASCII or full width) or 、, into `items`.
void Items(std::string_view text, std::vector<std::string_view>& items) {
  items.clear();
  size_t start = 0;
  for (size_t i = 0; i <= text.size();) {
    size_t width = 0;
    if (i == text.size()) width = 1;
    else if (text[i] == ';') width = 1;
    else if (text.substr(i, 3) == "；" || text.substr(i, 3) == "、") width = 3;
    if (width == 0) {
      ++i;
      continue;
    }
    const std::string_view item = Trim(text.substr(start, i - start));
    if (!item.empty()) items.push_back(item);
    i += width;
    start = i;
  }
}

// Digits at `at` (at most `most` of them) into `value`.
bool Number(std::string_view s, size_t& at, int most, int& value) {
  const size_t start = at;
  value = 0;
  while (at < s.size() && at - start < static_cast<size_t>(most) && absl::ascii_isdigit(static_cast<unsigned char>(s[at]))) {
    value = value * 10 + (s[at++] - '0');
  }
  return at > start;
}

// A separator of a date's parts: - / . or the Chinese 年 and 月.
bool Separator(std::string_view s, size_t& at, std::string_view chinese) {
  if (at < s.size() && (s[at] == '-' || s[at] == '/' || s[at] == '.')) return ++at, true;
  if (s.substr(at, chinese.size()) == chinese) return at += chinese.size(), true;
  return false;
}

std::string Digits(int value, int width) {
  std::string s = StrCat(value);
  return std::string(width > static_cast<int>(s.size()) ? width - s.size() : 0, '0') + s;
}

// 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, with a time after it or not
// (a DATETIME column of a database): "2024-03-01"; nullopt otherwise.
std::optional<std::string> NormalDate(std::string_view s) {
  size_t at = 0;
  int y, m, d;
  if (!Number(s, at, 4, y) || at != 4 || !Separator(s, at, "年") || !Number(s, at, 2, m) || !Separator(s, at, "月") ||
      !Number(s, at, 2, d)) {
    return std::nullopt;
  }
  if (s.substr(at, 3) == "日") at += 3;
  if (at != s.size() && s[at] != ' ' && s[at] != 'T') return std::nullopt;
  std::string date = StrCat(Digits(y, 4), "-", Digits(m, 2), "-", Digits(d, 2));
  if (!ParseDate(date)) return std::nullopt;
  return date;
}

// 2024-03, 2024/3, 2024年3月, or a date: "2024-03".
std::optional<std::string> NormalMonth(std::string_view s) {
  if (std::optional<std::string> date = NormalDate(s)) return date->substr(0, 7);
  size_t at = 0;
  int y, m;
  if (!Number(s, at, 4, y) || at != 4 || !Separator(s, at, "年") || !Number(s, at, 2, m)) return std::nullopt;
  if (s.substr(at, 3) == "月") at += 3;
  if (at != s.size()) return std::nullopt;
  std::string month = StrCat(Digits(y, 4), "-", Digits(m, 2));
  if (!ParseMonth(month)) return std::nullopt;
  return month;
}

std::optional<bool> Boolean(std::string_view s) {
  static constexpr std::string_view kYes[] = {"是", "true", "yes", "y", "1"}, kNo[] = {"否", "false", "no", "n", "0"};
  for (std::string_view y : kYes) {
    if (absl::EqualsIgnoreCase(absl::string_view(s.data(), s.size()), absl::string_view(y.data(), y.size()))) return true;
  }
  for (std::string_view n : kNo) {
    if (absl::EqualsIgnoreCase(absl::string_view(s.data(), s.size()), absl::string_view(n.data(), n.size()))) return false;
  }
  return std::nullopt;
}

// "1;2;3", "1-6;9" (or 1~6): the ledger's bits, month m at bit m-1.
std::optional<uint32_t> MonthSet(std::string_view s, std::vector<std::string_view>& items) {
  uint32_t bits = 0;
  Items(s, items);
  for (std::string_view item : items) {
    size_t at = 0;
    int first, last;
    if (!Number(item, at, 2, first)) return std::nullopt;
    last = first;
    if (at < item.size() && (item[at] == '-' || item[at] == '~')) {
      ++at;
      if (!Number(item, at, 2, last)) return std::nullopt;
    }
    if (at != item.size() || first < 1 || last > 12 || first > last) return std::nullopt;
    for (int m = first; m <= last; ++m) bits |= 1u << (m - 1);
  }
  return bits;
}

std::string MonthSetText(uint32_t bits) {
  std::string out;
  for (int m = 1; m <= 12; ++m) {
    if (!((bits >> (m - 1)) & 1)) continue;
    int last = m;
    while (last < 12 && ((bits >> last) & 1)) ++last;
    StrAppend(&out, out.empty() ? "" : ";", m);
    if (last > m) StrAppend(&out, "-", last);
    m = last;
  }
  return out;
}

std::optional<int64_t> Yuan(std::string_view s) {
  const bool negative = !s.empty() && s[0] == '-';
  std::optional<int64_t> cents = ParseYuan(negative ? s.substr(1) : s);
  if (!cents) return std::nullopt;
  return negative ? -*cents : *cents;
}

std::string EnumChoices(const Enum& e) {
  std::string out;
  for (const EnumValue& v : e.values) StrAppend(&out, out.empty() ? "" : ", ", v.name, " ", Enum::Zh(v));
  return out;
}

}  // namespace

Place CsvPlace(std::string source) {
  return [source = std::move(source)](uint32_t line, int column) {
    return column < 0 ? StrCat(source, ":", line) : StrCat(source, ":", line, ":", column + 1);
  };
}

absl::Status TooManyRecords(const LoadLimits& limits) {
  return absl::InvalidArgumentError(StrCat("more than the limit of ", limits.max_records, " records"));
}

void SourceMap::Take(SourceMap&& other) {
  for (auto& [name, source] : other.sources_) sources_.try_emplace(name, std::move(source));
}

std::string HeaderShown(const Column& column, std::string_view as_written) {
  if (as_written.empty() || as_written == column.zh) return StrCat(column.zh, " (", column.English(), ")");
  return StrCat(as_written, " (", column.zh, ")");
}

absl::Status TableReader::Fail(int column, std::string_view what) const {
  if (column < 0) return absl::InvalidArgumentError(StrCat(source_->place(line_, -1), ": ", what));
  const int at = cell_of_column_[column];
  return absl::InvalidArgumentError(StrCat(source_->place(line_, at), ": ",
                                           HeaderShown(table_->columns[column], source_->headers[column]), ": ", what));
}

absl::Status TableReader::Begin(const Table& table, Place place, uint32_t line, absl::Span<const std::string_view> header,
                                size_t rows) {
  table_ = &table;
  source_ = &sources_.Of(table);
  source_->table = &table;
  source_->place = std::move(place);
  source_->headers.assign(table.columns.size(), "");
  line_ = line;
  column_of_cell_.assign(header.size(), -1);
  cell_of_column_.assign(table.columns.size(), -1);
  field_of_column_.assign(table.columns.size(), nullptr);
  enum_of_column_.assign(table.columns.size(), nullptr);
  for (size_t k = 0; k < table.columns.size(); ++k) enum_of_column_[k] = EnumOf(table, table.columns[k]);
  values_.resize(table.columns.size());
  if (const pb::Descriptor* d = table.Descriptor(); d != nullptr && table.in_activity != "attendance") {
    for (size_t k = 0; k < table.columns.size(); ++k) field_of_column_[k] = d->FindFieldByName(std::string(table.columns[k].field));
  }
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string_view name = Trim(header[i]);
    if (name.empty()) continue;  // a column no one headed: its cells must be empty
    const Column* c = table.FindColumn(name);
    if (c == nullptr && limits_.ignore_unknown_fields) {  // its cells are passed over
      column_of_cell_[i] = -2;
      continue;
    }
    if (c == nullptr) {
      std::string columns;
      for (const Column& known : table.columns) StrAppend(&columns, columns.empty() ? "" : ", ", known.English(), " ", known.zh);
      return absl::InvalidArgumentError(
          StrCat(source_->place(line, static_cast<int>(i)), ": unknown column \"", name, "\" (", columns, ")"));
    }
    const int k = static_cast<int>(c - table.columns.data());
    if (cell_of_column_[k] >= 0) {
      return absl::InvalidArgumentError(StrCat(source_->place(line, static_cast<int>(i)), ": column \"", name,
                                               "\" given twice (also column ", cell_of_column_[k] + 1, ")"));
    }
    cell_of_column_[k] = static_cast<int>(i);
    column_of_cell_[i] = k;
    source_->headers[k] = std::string(name);
  }
  for (size_t k = 0; k < table.columns.size(); ++k) {
    if (table.columns[k].required && cell_of_column_[k] < 0) {
      return absl::InvalidArgumentError(
          StrCat(source_->place(line, -1), ": no column ", HeaderShown(table.columns[k], ""), " (required)"));
    }
  }
  if (table.name == "activities") activity_ids_.Reserve(rows);  // room for their ids at once
  sink_.Begin(table, rows);
  return absl::OkStatus();
}

const Column* TableReader::ColumnOf(size_t cell) const {
  if (table_ == nullptr || cell >= column_of_cell_.size() || column_of_cell_[cell] < 0) return nullptr;
  return &table_->columns[column_of_cell_[cell]];
}

absl::Status TableReader::Row(uint32_t line, absl::Span<const std::string_view> cells) {
  line_ = line;
  for (size_t i = column_of_cell_.size(); i < cells.size(); ++i) {
    if (!Trim(cells[i]).empty()) {
      return absl::InvalidArgumentError(StrCat(source_->place(line, static_cast<int>(i)), ": ", cells.size(),
                                               " cells, more than the header's ", column_of_cell_.size()));
    }
  }
  for (size_t i = 0; i < cells.size() && i < column_of_cell_.size(); ++i) {
    if (column_of_cell_[i] == -1 && !Trim(cells[i]).empty()) {
      return absl::InvalidArgumentError(StrCat(source_->place(line, static_cast<int>(i)), ": a value under no header"));
    }
  }
  if (++records_ > limits_.max_records) return TooManyRecords(limits_);
  const auto cell = [&](int column) -> std::string_view {
    const int at = cell_of_column_[column];
    return at < 0 || static_cast<size_t>(at) >= cells.size() ? std::string_view() : cells[at];
  };
  int activity = -1;
  size_t first = 0;
  if (table_->in_activity.empty()) {
    source_->lines.push_back(line);
  } else {  // a part of an activity: the activity by its id, the first column
    const std::string_view id = Trim(cell(0));
    if (id.empty()) return Fail(0, "missing (required)");
    // A part's rows come by activity, in the activities' order, as the
    // tables are written (an activity may have none): the activity found
    // last, then the few after it, are looked at before the hash, which is
    // then built only for a table in another order.
    // (A table in another order, often by member, goes to the hash at once
    // while the few after the last missed it.)
    const Ids& activities = *activities_;
    if (last_activity_ < 0 || !SameId(id, last_activity_id_)) {
      int found = kNone;
      const int ahead = activity_by_hash_ ? 1 : 8;
      for (int a = last_activity_ + 1; a < static_cast<int>(activities.size()) && a <= last_activity_ + ahead; ++a) {
        if (SameId(activities[a], id)) {
          found = a;
          break;
        }
      }
      activity_by_hash_ = found == kNone;
      if (found == kNone) found = activities.Find(id);  // an id given twice is refused by the build
      if (found == kNone) return Fail(0, StrCat("no activity \"", id, "\" in ", Find("activities")->name));
      last_activity_ = found;
      last_activity_id_ = activities[found];  // while no activity is added (below)
    }
    activity = last_activity_;
    first = 1;
    if (table_->in_activity == "attendance") {  // columns 1 and 2: member_id, attendance
      const std::string_view member = Trim(cell(1));
      if (member.empty()) return Fail(1, "missing (required)");
      if (member.size() > limits_.max_string_bytes) {
        return Fail(1, StrCat("a string longer than ", limits_.max_string_bytes, " bytes"));
      }
      const Enum& kinds = *enum_of_column_[2];
      const std::string_view text = Trim(cell(2));
      const EnumValue* how = text.empty() ? &kinds.values[0] : kinds.Find(text);
      if (how == nullptr) return Fail(2, StrCat("\"", text, "\" is not a ", kinds.en, " (", EnumChoices(kinds), ")"));
      values_[1].given = values_[2].given = true;
      values_[1].text = member;
      values_[2].number = how->number;
      sink_.Row(values_, activity);
      return absl::OkStatus();
    }
  }
  for (size_t k = first; k < table_->columns.size(); ++k) {
    DJ_RETURN_IF_ERROR(Read(table_->columns[k], static_cast<int>(k), cell(static_cast<int>(k)), values_[k]));
  }
  if (table_->name == "activities") activity_ids_.Append(values_[0].text), last_activity_ = -1;
  sink_.Row(values_, activity);
  return absl::OkStatus();
}

namespace {

// A date or month already in the schema's form (2024-03-01, 2024-03): the
// common case, read without rewriting it.
bool SchemaForm(std::string_view s) {
  if (s.size() != 7 && s.size() != 10) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? s[i] != '-' : !absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

absl::Status TableReader::Read(const Column& column, int at, std::string_view raw, Value& value) {
  value.given = false;
  const std::string_view text = column.type == Type::kText ? raw : Trim(raw);
  if (text.empty() || Trim(text).empty()) return column.required ? Fail(at, "missing (required)") : absl::OkStatus();
  if (text.size() > limits_.max_string_bytes) return Fail(at, StrCat("a string longer than ", limits_.max_string_bytes, " bytes"));
  value.given = true;
  // By value: the text then stays in registers on the way to `value`, where a
  // copy of a view kept in memory for the lambda stalls, once a cell.
  const auto quoted = [text] { return StrCat("\"", text, "\""); };
  switch (column.type) {
    case Type::kId:
    case Type::kText:
      value.text = text;
      return absl::OkStatus();
    case Type::kIds:
    case Type::kTexts:
      Items(text, value.items);
      return absl::OkStatus();
    case Type::kDate: {
      if (text.size() == 10 && SchemaForm(text) && ParseDate(text)) {
        value.text = text;
        return absl::OkStatus();
      }
      std::optional<std::string> date = NormalDate(text);
      if (!date) return Fail(at, StrCat(quoted(), " is not a date (YYYY-MM-DD)"));
      value.normal = *std::move(date);
      value.text = value.normal;
      return absl::OkStatus();
    }
    case Type::kMonth: {
      // Its month from 01 to 12 checked here, and the day it begins counted
      // once, by the load (a table of dues has a month a row).
      if (text.size() == 7 && SchemaForm(text) && text.substr(5) >= "01" && text.substr(5) <= "12") {
        value.text = text;
        return absl::OkStatus();
      }
      std::optional<std::string> month = NormalMonth(text);
      if (!month) return Fail(at, StrCat(quoted(), " is not a month (YYYY-MM)"));
      value.normal = *std::move(month);
      value.text = value.normal;
      return absl::OkStatus();
    }
    case Type::kBool: {
      std::optional<bool> b = Boolean(text);
      if (!b) return Fail(at, StrCat(quoted(), " is not yes or no (是, 否, true, false, 1, 0)"));
      value.number = *b;
      return absl::OkStatus();
    }
    case Type::kMonths: {
      std::optional<uint32_t> bits = MonthSet(text, value.items);
      if (!bits) return Fail(at, StrCat(quoted(), " is not months of a year (1;2;3 or 1-12)"));
      value.number = *bits;
      return absl::OkStatus();
    }
    case Type::kYuan: {
      std::optional<int64_t> cents = Yuan(text);
      if (!cents) return Fail(at, StrCat(quoted(), " is not an amount in yuan (3000.01)"));
      value.number = *cents;
      return absl::OkStatus();
    }
    case Type::kInt:
    case Type::kInts: {
      const FD* f = field_of_column_[at];
      const bool is32 = f->cpp_type() == FD::CPPTYPE_INT32, isu32 = f->cpp_type() == FD::CPPTYPE_UINT32;
      const int64_t lo = is32 ? std::numeric_limits<int32_t>::min() : isu32 ? 0 : std::numeric_limits<int64_t>::min();
      const int64_t hi = is32 ? std::numeric_limits<int32_t>::max()
                              : isu32 ? std::numeric_limits<uint32_t>::max() : std::numeric_limits<int64_t>::max();
      if (column.type == Type::kInts) {
        Items(text, value.items);
      } else {
        value.items.assign(1, text);
      }
      value.numbers.clear();
      for (std::string_view item : value.items) {
        int64_t v = 0;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (end != item.data() + item.size() || ec == std::errc::invalid_argument) {
          return Fail(at, StrCat("\"", item, "\" is not an integer"));
        }
        if (ec == std::errc::result_out_of_range || v < lo || v > hi) return Fail(at, StrCat(item, " is out of range"));
        value.numbers.push_back(v);
      }
      value.number = value.numbers.empty() ? 0 : value.numbers[0];
      return absl::OkStatus();
    }
    case Type::kEnum: {
      const Enum& e = *enum_of_column_[at];
      const EnumValue* v = e.Find(text);
      if (v == nullptr) return Fail(at, StrCat(quoted(), " is not a ", e.en, " (", EnumChoices(e), ")"));
      value.number = v->number;
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

void SnapshotRows::Begin(const Table& table, size_t) {
  table_ = &table;
  list_ = table.in_activity.empty() ? v1::Snapshot::descriptor()->FindFieldByName(std::string(table.name))
                                    : v1::Activity::descriptor()->FindFieldByName(std::string(table.in_activity));
  field_of_column_.assign(table.columns.size(), nullptr);
  if (const pb::Descriptor* d = table.Descriptor(); d != nullptr && table.in_activity != "attendance") {
    for (size_t k = 0; k < table.columns.size(); ++k) field_of_column_[k] = d->FindFieldByName(std::string(table.columns[k].field));
  }
}

void SnapshotRows::Row(absl::Span<const Value> values, int activity) {
  pb::Message* record;
  size_t first = 0;
  if (activity < 0) {
    record = snapshot_.GetReflection()->AddMessage(&snapshot_, list_);
  } else {
    v1::Activity& a = *snapshot_.mutable_activities(activity);
    if (table_->in_activity == "attendance") {
      const std::string member(values[1].text);
      switch (static_cast<Attendance>(values[2].number)) {
        case Attendance::kAttended: a.add_attendee_ids(member); break;
        case Attendance::kObserver: a.add_observer_ids(member); break;
        case Attendance::kTalkedWith: a.add_talk_member_ids(member); break;
        case Attendance::kLeaveApproved:
        case Attendance::kUnexcused:
        case Attendance::kAbsent: {
          v1::Activity::Absentee* x = a.add_absentees();
          x->set_member_id(member);
          x->set_reason(values[2].number == static_cast<int>(Attendance::kLeaveApproved) ? v1::Activity::Absentee::LEAVE_APPROVED
                        : values[2].number == static_cast<int>(Attendance::kUnexcused) ? v1::Activity::Absentee::UNEXCUSED
                                                                                        : v1::Activity::Absentee::REASON_UNSPECIFIED);
          break;
        }
      }
      return;
    }
    record = a.GetReflection()->AddMessage(&a, list_);
    first = 1;
  }
  const pb::Reflection* r = record->GetReflection();
  for (size_t k = first; k < table_->columns.size(); ++k) {
    const Value& v = values[k];
    const FD* f = field_of_column_[k];
    if (!v.given) continue;
    switch (table_->columns[k].type) {
      case Type::kId:
      case Type::kText:
      case Type::kDate:
      case Type::kMonth:
        r->SetString(record, f, std::string(v.text));
        break;
      case Type::kIds:
      case Type::kTexts:
        for (std::string_view item : v.items) r->AddString(record, f, std::string(item));
        break;
      case Type::kBool:
        r->SetBool(record, f, v.number != 0);
        break;
      case Type::kMonths:
        r->SetUInt32(record, f, static_cast<uint32_t>(v.number));
        break;
      case Type::kYuan:
        r->SetInt64(record, f, v.number);
        break;
      case Type::kInt:
      case Type::kInts: {
        const bool repeated = table_->columns[k].type == Type::kInts;
        for (int64_t n : v.numbers) {
          switch (f->cpp_type()) {
            case FD::CPPTYPE_INT32:
              repeated ? r->AddInt32(record, f, static_cast<int32_t>(n)) : r->SetInt32(record, f, static_cast<int32_t>(n));
              break;
            case FD::CPPTYPE_UINT32:
              repeated ? r->AddUInt32(record, f, static_cast<uint32_t>(n)) : r->SetUInt32(record, f, static_cast<uint32_t>(n));
              break;
            default:
              repeated ? r->AddInt64(record, f, n) : r->SetInt64(record, f, n);
          }
        }
        break;
      }
      case Type::kEnum:
        r->SetEnumValue(record, f, static_cast<int>(v.number));
        break;
    }
  }
}

std::string SourceMap::Locate(std::string_view message) const {
  // `list[i]` at `at`: the source of the list and the record's line.
  const auto record = [&](size_t at, size_t& end, const Source*& source, uint32_t& line) {
    size_t i = at;
    while (i < message.size() && absl::ascii_isalpha(static_cast<unsigned char>(message[i]))) ++i;
    if (i == at || i >= message.size() || message[i] != '[') return false;
    const FD* list = v1::Snapshot::descriptor()->FindFieldByCamelcaseName(std::string(message.substr(at, i - at)));
    if (list == nullptr) return false;
    auto it = sources_.find(list->name());
    if (it == sources_.end()) return false;
    size_t index = 0, j = i + 1;
    if (j >= message.size() || !absl::ascii_isdigit(static_cast<unsigned char>(message[j]))) return false;
    while (j < message.size() && absl::ascii_isdigit(static_cast<unsigned char>(message[j]))) {
      index = index * 10 + (message[j++] - '0');
      if (index > it->second.lines.size()) return false;
    }
    if (j >= message.size() || message[j] != ']' || index >= it->second.lines.size()) return false;
    source = &it->second;
    line = it->second.lines[index];
    end = j + 1;
    return true;
  };
  std::string out;
  size_t at = 0;
  size_t end;
  const Source* source;
  uint32_t line;
  if (record(0, end, source, line)) {
    at = end;
    bool named = false;
    if (end < message.size() && message[end] == '.') {  // a field: its column, when it has one
      size_t f = end + 1;
      while (f < message.size() && absl::ascii_isalnum(static_cast<unsigned char>(message[f]))) ++f;
      const std::string_view json = message.substr(end + 1, f - end - 1);
      const pb::Descriptor* d = source->table->Descriptor();
      for (size_t k = 0; d != nullptr && k < source->table->columns.size(); ++k) {
        const FD* field = d->FindFieldByName(std::string(source->table->columns[k].field));
        if (field != nullptr && field->json_name() == json && message.substr(f, 2) == ": ") {
          out = StrCat(source->place(line, -1), ": ", HeaderShown(source->table->columns[k], source->headers[k]));
          at = f;
          named = true;
          break;
        }
      }
      if (!named) {
        out = StrCat(source->place(line, -1), ": ");
        at = end + 1;
      }
    } else {
      out = source->place(line, -1);
    }
  }
  // The records mentioned after it: "(also orgs[0])".
  while (at < message.size()) {
    const bool boundary = at == 0 || !absl::ascii_isalnum(static_cast<unsigned char>(message[at - 1]));
    if (boundary && absl::ascii_isalpha(static_cast<unsigned char>(message[at])) && record(at, end, source, line)) {
      out += source->place(line, -1);
      at = end;
    } else {
      out += message[at++];
    }
  }
  return out;
}

std::string Written(const Table& table, const Column& column, const pb::Message& record, bool en) {
  const FD* f = record.GetDescriptor()->FindFieldByName(std::string(column.field));
  const pb::Reflection* r = record.GetReflection();
  switch (column.type) {
    case Type::kId:
    case Type::kText:
    case Type::kDate:
    case Type::kMonth:
      return r->GetString(record, f);
    case Type::kIds:
    case Type::kTexts: {
      std::string out;
      for (int k = 0; k < r->FieldSize(record, f); ++k) StrAppend(&out, k ? ";" : "", r->GetRepeatedString(record, f, k));
      return out;
    }
    case Type::kBool:
      return r->GetBool(record, f) ? (en ? "true" : "是") : (en ? "false" : "否");
    case Type::kMonths:
      return MonthSetText(r->GetUInt32(record, f));
    case Type::kYuan:
      return r->HasField(record, f) ? FormatYuan(r->GetInt64(record, f)) : "";
    case Type::kInts: {
      std::string out;
      for (int k = 0; k < r->FieldSize(record, f); ++k) {
        StrAppend(&out, k ? ";" : "",
                  f->cpp_type() == FD::CPPTYPE_INT32    ? StrCat(r->GetRepeatedInt32(record, f, k))
                  : f->cpp_type() == FD::CPPTYPE_UINT32 ? StrCat(r->GetRepeatedUInt32(record, f, k))
                                                        : StrCat(r->GetRepeatedInt64(record, f, k)));
      }
      return out;
    }
    case Type::kInt:
      if (!r->HasField(record, f)) return "";
      switch (f->cpp_type()) {
        case FD::CPPTYPE_INT32: return StrCat(r->GetInt32(record, f));
        case FD::CPPTYPE_UINT32: return StrCat(r->GetUInt32(record, f));
        default: return StrCat(r->GetInt64(record, f));
      }
    case Type::kEnum: {
      const int number = r->GetEnumValue(record, f);
      const Enum* e = EnumOf(table, column);
      for (const EnumValue& v : e->values) {
        if (v.number == number) return std::string(en ? v.name : Enum::Zh(v));
      }
      return number == 0 ? "" : StrCat(number);  // a number the schema does not name: refused when read back
    }
  }
  return "";
}

absl::Status Rows(const v1::Snapshot& snapshot, const Table& table, bool en,
                  const std::function<void(std::vector<std::string>&)>& row) {
  // A member by position, by its id.
  absl::Status status;
  const auto member_at = [&](int64_t position, std::string_view record) -> std::string {
    if (position >= 0 && position < snapshot.members_size()) return snapshot.members(static_cast<int>(position)).id();
    if (status.ok()) status = absl::OutOfRangeError(StrCat(record, ": ", position, " is not a position in members"));
    return "";
  };
  std::vector<std::string> cells;
  if (table.in_activity == "attendance") {
    const Enum& kinds = *EnumOf(table, table.columns[2]);
    const auto emit = [&](const v1::Activity& a, std::string member, Attendance how) {
      const EnumValue& v = kinds.values[static_cast<int>(how) - 1];
      cells = {a.id(), std::move(member), std::string(en ? v.name : Enum::Zh(v))};
      row(cells);
    };
    for (int i = 0; i < snapshot.activities_size(); ++i) {
      const v1::Activity& a = snapshot.activities(i);
      const std::string at = StrCat("activities[", i, "]");
      for (const std::string& m : a.attendee_ids()) emit(a, m, Attendance::kAttended);
      for (int32_t p : a.attendee_indexes()) emit(a, member_at(p, at), Attendance::kAttended);
      for (const v1::Activity::Absentee& x : a.absentees()) {
        emit(a, x.has_member_index() ? member_at(x.member_index(), at) : x.member_id(),
             x.reason() == v1::Activity::Absentee::LEAVE_APPROVED ? Attendance::kLeaveApproved
             : x.reason() == v1::Activity::Absentee::UNEXCUSED  ? Attendance::kUnexcused
                                                                : Attendance::kAbsent);
      }
      for (const std::string& m : a.observer_ids()) emit(a, m, Attendance::kObserver);
      for (const std::string& m : a.talk_member_ids()) emit(a, m, Attendance::kTalkedWith);
      for (int32_t p : a.talk_member_indexes()) emit(a, member_at(p, at), Attendance::kTalkedWith);
    }
    return status;
  }
  const auto write = [&](const pb::Message& record, const std::string* activity_id, std::string_view at) {
    cells.clear();
    const pb::Reflection* r = record.GetReflection();
    const FD* index = record.GetDescriptor()->FindFieldByName("member_index");
    for (const Column& c : table.columns) {
      if (activity_id != nullptr && &c == &table.columns[0]) {
        cells.push_back(*activity_id);
      } else if (c.field == "member_id" && index != nullptr && r->HasField(record, index)) {
        cells.push_back(member_at(r->GetInt32(record, index), at));
      } else {
        cells.push_back(Written(table, c, record, en));
      }
    }
    row(cells);
  };
  if (table.in_activity.empty()) {
    const FD* list = v1::Snapshot::descriptor()->FindFieldByName(std::string(table.name));
    const pb::Reflection* r = snapshot.GetReflection();
    for (int i = 0; i < r->FieldSize(snapshot, list); ++i) {
      write(r->GetRepeatedMessage(snapshot, list, i), nullptr, StrCat(list->json_name(), "[", i, "]"));
    }
    return status;
  }
  for (const v1::Activity& a : snapshot.activities()) {
    const FD* list = a.GetDescriptor()->FindFieldByName(std::string(table.in_activity));
    for (int k = 0; k < a.GetReflection()->FieldSize(a, list); ++k) {
      write(a.GetReflection()->GetRepeatedMessage(a, list, k), &a.id(), "");
    }
  }
  return status;
}

}  // namespace dangjian::tables
