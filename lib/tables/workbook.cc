#include "lib/tables/workbook.h"

#include <expat.h>
#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "dangjian/tables.h"
#include "lib/model/mapped_file.h"
#include "lib/status.h"
#include "lib/tables/load.h"
#include "lib/strings.h"
#include "lib/tables/xlsx.h"

namespace dangjian::tables {
namespace {

// The largest sheet Excel makes: 1048576 rows of 16384 columns (XFD).
constexpr uint32_t kMaxRows = 1 << 20;
constexpr uint32_t kMaxColumns = 1 << 14;

// "C17": column 2 (from 0) and row 17.
std::string CellName(uint32_t row, uint32_t column) {
  std::string letters;
  for (uint32_t c = column + 1; c > 0; c = (c - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return StrCat(letters, row);
}

// A sheet's places: "党员!C17", and a row as Excel names it, "党员!17:17".
Place SheetPlace(std::string sheet) {
  return [sheet = std::move(sheet)](uint32_t line, int column) {
    return column < 0 ? StrCat(sheet, "!", line, ":", line) : StrCat(sheet, "!", CellName(line, static_cast<uint32_t>(column)));
  };
}

// A name without its namespace: expat gives "URI|c" for <x:c>, "c" for <c>.
std::string_view Local(const XML_Char* name) {
  const std::string_view s(name);
  const size_t bar = s.rfind('|');
  return bar == std::string_view::npos ? s : s.substr(bar + 1);
}

// The attribute of `attributes` whose local name is `name`; nullopt if none.
std::optional<std::string_view> Attribute(const XML_Char** attributes, std::string_view name) {
  for (const XML_Char** a = attributes; a[0] != nullptr; a += 2) {
    if (Local(a[0]) == name) return std::string_view(a[1]);
  }
  return std::nullopt;
}

std::string_view DirectoryOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : part.substr(0, slash + 1);
}

// A relationship's target as a part name: "worksheets/sheet1.xml" from
// "xl/" is "xl/worksheets/sheet1.xml"; "/xl/…" is from the package's root.
std::string Resolve(std::string_view from_directory, std::string_view target) {
  std::string joined = target.substr(0, 1) == "/" ? std::string(target.substr(1)) : StrCat(from_directory, target);
  std::vector<std::string_view> parts;
  for (std::string_view rest = joined; !rest.empty();) {
    const size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
  }
  std::string out;
  for (std::string_view p : parts) StrAppend(&out, out.empty() ? "" : "/", p);
  return out;
}

// A number as Excel shows it, to 15 significant digits: 3000.01, not the
// 3000.0100000000002 a file may hold; a whole number without a point.
std::string NumberText(double v) {
  if (std::trunc(v) == v && std::fabs(v) < 9007199254740992.0) return StrCat(static_cast<int64_t>(v));
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", v);
  return text;
}

std::optional<double> ParseNumber(std::string_view s) {
  s = ToStd(absl::StripAsciiWhitespace(absl::string_view(s.data(), s.size())));
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// The package's parts, read through libzip from the bytes of the file, each
// unpacked within what is left of the limit.
class Package {
 public:
  Package(std::string_view bytes, uint64_t limit) : limit_(limit) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source != nullptr) {
      zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
      if (zip_ == nullptr) zip_source_free(source);
    }
    if (zip_ == nullptr) opened_ = absl::InvalidArgumentError(StrCat("not a workbook (.xlsx): ", zip_error_strerror(&error)));
    zip_error_fini(&error);
  }
  ~Package() {
    if (zip_ != nullptr) zip_discard(zip_);
  }
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  const absl::Status& opened() const { return opened_; }
  bool Has(const std::string& part) const { return zip_name_locate(zip_, part.c_str(), ZIP_FL_NOCASE) >= 0; }

  // `part` unpacked a piece at a time into `piece`; NotFound when the
  // package lacks it.
  absl::Status Read(const std::string& part, const std::function<absl::Status(std::string_view piece, bool last)>& piece) {
    const zip_int64_t index = zip_name_locate(zip_, part.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return absl::NotFoundError(StrCat(part, ": not in the workbook"));
    zip_file_t* file = zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0);
    if (file == nullptr) return absl::InvalidArgumentError(StrCat(part, ": ", zip_strerror(zip_)));
    std::string buffer(64 << 10, '\0');
    absl::Status status;
    while (status.ok()) {
      const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
      if (n < 0) {
        status = absl::InvalidArgumentError(StrCat(part, ": ", zip_file_strerror(file)));
        break;
      }
      unpacked_ += static_cast<uint64_t>(n);
      if (unpacked_ > limit_) {
        status = absl::InvalidArgumentError(StrCat(part, ": unpacked to more than the limit of ", limit_, " bytes"));
        break;
      }
      status = piece(std::string_view(buffer.data(), static_cast<size_t>(n)), n == 0);
      if (n == 0) break;
    }
    zip_fclose(file);
    return status;
  }

 private:
  zip_t* zip_ = nullptr;
  absl::Status opened_;
  uint64_t limit_;
  uint64_t unpacked_ = 0;
};

// A part read as XML with expat, its elements and text handed to the
// virtual functions; a document type declaration (and so any entity) is
// refused, as no part of a workbook has one.
class XmlPart {
 public:
  virtual ~XmlPart() = default;

  absl::Status Parse(Package& package, const std::string& part) {
    part_ = &part;
    XML_Parser parser = XML_ParserCreateNS(nullptr, '|');
    if (parser == nullptr) throw std::bad_alloc();
    parser_ = parser;
    XML_SetUserData(parser, this);
    XML_SetElementHandler(
        parser, [](void* self, const XML_Char* name, const XML_Char** attributes) {
          static_cast<XmlPart*>(self)->Call([&] { return static_cast<XmlPart*>(self)->Start(Local(name), attributes); });
        },
        [](void* self, const XML_Char* name) {
          static_cast<XmlPart*>(self)->Call([&] { return static_cast<XmlPart*>(self)->End(Local(name)); });
        });
    XML_SetCharacterDataHandler(parser, [](void* self, const XML_Char* text, int size) {
      static_cast<XmlPart*>(self)->Call(
          [&] { return static_cast<XmlPart*>(self)->Text(std::string_view(text, static_cast<size_t>(size))); });
    });
    XML_SetStartDoctypeDeclHandler(parser, [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
      static_cast<XmlPart*>(self)->Call([&] { return static_cast<XmlPart*>(self)->Malformed("a document type declaration"); });
    });
    absl::Status status = package.Read(part, [&](std::string_view piece, bool last) -> absl::Status {
      if (XML_Parse(parser, piece.data(), static_cast<int>(piece.size()), last) == XML_STATUS_OK) return absl::OkStatus();
      if (!error_.ok()) return error_;
      return Malformed(XML_ErrorString(XML_GetErrorCode(parser)));
    });
    XML_ParserFree(parser);
    parser_ = nullptr;
    if (!status.ok()) return status;
    return error_;
  }

 protected:
  virtual absl::Status Start(std::string_view, const XML_Char**) { return absl::OkStatus(); }
  virtual absl::Status End(std::string_view) { return absl::OkStatus(); }
  virtual absl::Status Text(std::string_view) { return absl::OkStatus(); }

  const std::string& part() const { return *part_; }

  // "xl/worksheets/sheet1.xml:3: malformed XML: not well-formed (invalid token)".
  absl::Status Malformed(std::string_view what) const {
    return absl::InvalidArgumentError(
        StrCat(*part_, ":", XML_GetCurrentLineNumber(parser_), ": malformed XML: ", what));
  }

 private:
  template <typename F>
  void Call(F f) {
    if (!error_.ok()) return;
    error_ = f();
    if (!error_.ok()) XML_StopParser(parser_, XML_FALSE);
  }

  const std::string* part_ = nullptr;
  XML_Parser parser_ = nullptr;
  absl::Status error_;
};

// _rels/.rels and the like: each relationship's type (its last word:
// "worksheet", "sharedStrings") and target, by id.
class Relationships : public XmlPart {
 public:
  struct Target {
    std::string type, part;
  };
  explicit Relationships(std::string_view directory) : directory_(directory) {}
  const std::map<std::string, Target, std::less<>>& by_id() const { return by_id_; }
  // The first target of `type`, or "".
  std::string Of(std::string_view type) const {
    for (const auto& [id, t] : by_id_) {
      if (t.type == type) return t.part;
    }
    return "";
  }

 protected:
  absl::Status Start(std::string_view name, const XML_Char** attributes) override {
    if (name != "Relationship") return absl::OkStatus();
    const std::optional<std::string_view> id = Attribute(attributes, "Id"), type = Attribute(attributes, "Type"),
                                          target = Attribute(attributes, "Target"),
                                          mode = Attribute(attributes, "TargetMode");
    if (!id || !type || !target || (mode && *mode == "External")) return absl::OkStatus();
    by_id_.emplace(std::string(*id), Target{std::string(type->substr(type->rfind('/') + 1)), Resolve(directory_, *target)});
    return absl::OkStatus();
  }

 private:
  std::string directory_;
  std::map<std::string, Target, std::less<>> by_id_;
};

// The relationships of `part`, from _rels/ beside it; none if it has none.
absl::StatusOr<Relationships> RelationshipsOf(Package& package, std::string_view part) {
  const std::string_view directory = DirectoryOf(part);
  Relationships rels(directory);
  const std::string path = StrCat(directory, "_rels/", part.substr(directory.size()), ".rels");
  if (package.Has(path)) DJ_RETURN_IF_ERROR(rels.Parse(package, path));
  return rels;
}

// xl/workbook.xml: its sheets, in order, and its date system.
class WorkbookPart : public XmlPart {
 public:
  struct Sheet {
    std::string name, id;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;

 protected:
  absl::Status Start(std::string_view name, const XML_Char** attributes) override {
    if (name == "workbookPr") {
      const std::optional<std::string_view> d = Attribute(attributes, "date1904");
      date1904 = d && (*d == "1" || *d == "true");
    } else if (name == "sheet") {
      const std::optional<std::string_view> sheet = Attribute(attributes, "name"), id = Attribute(attributes, "id");
      if (sheet && id) sheets.push_back({std::string(*sheet), std::string(*id)});
    }
    return absl::OkStatus();
  }
};

// xl/sharedStrings.xml: each string item's text, its runs joined, its
// phonetic guide (rPh) left out.
class SharedStrings : public XmlPart {
 public:
  explicit SharedStrings(uint32_t max_string_bytes) : max_(max_string_bytes) {}
  std::vector<std::string> strings;

 protected:
  absl::Status Start(std::string_view name, const XML_Char**) override {
    if (name == "si") current_.clear();
    else if (name == "rPh") ++phonetic_;
    else if (name == "t") in_text_ = phonetic_ == 0;
    return absl::OkStatus();
  }
  absl::Status End(std::string_view name) override {
    if (name == "si") strings.push_back(std::move(current_)), current_.clear();
    else if (name == "rPh") --phonetic_;
    else if (name == "t") in_text_ = false;
    return absl::OkStatus();
  }
  absl::Status Text(std::string_view text) override {
    if (!in_text_) return absl::OkStatus();
    current_.append(text);
    if (current_.size() > max_) {
      return absl::InvalidArgumentError(
          StrCat(part(), ": string ", strings.size() + 1, ": a string longer than ", max_, " bytes"));
    }
    return absl::OkStatus();
  }

 private:
  uint32_t max_;
  std::string current_;
  int phonetic_ = 0;
  bool in_text_ = false;
};

// _x000D_ in a string is the character U+000D: how OOXML writes what XML
// cannot hold; _x005F_ is the underscore, so that _x005F_x000D_ is itself.
std::string Unescaped(std::string text) {
  if (text.find("_x") == std::string::npos) return text;
  std::string out;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    bool escape = text.size() - i >= 7 && text[i] == '_' && text[i + 1] == 'x' && text[i + 6] == '_';
    for (size_t k = 2; escape && k < 6; ++k) {
      const char c = text[i + k];
      escape = absl::ascii_isxdigit(static_cast<unsigned char>(c));
      cp = cp * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    if (!escape || cp == 0) {  // NUL ends a C string: kept as written
      out += text[i++];
      continue;
    }
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) out += static_cast<char>(0xC0 | cp >> 6), out += static_cast<char>(0x80 | (cp & 0x3F));
    else if (cp < 0xD800 || cp > 0xDFFF) {
      out += static_cast<char>(0xE0 | cp >> 12), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    i += 7;
  }
  return out;
}

// A cell as the sheet holds it, before its column says what it is.
struct RawCell {
  enum Kind { kText, kNumber, kError } kind = kText;
  std::string text;
};

// A worksheet: its rows of cells, each row handed on when it ends. A cell
// is placed by its reference (r="C17"), or after the one before it.
class SheetPart : public XmlPart {
 public:
  using RowFn = std::function<absl::Status(uint32_t row, std::vector<RawCell>& cells)>;
  SheetPart(const Place& place, const std::vector<std::string>& shared, uint32_t max_string_bytes, RowFn row)
      : place_(place), shared_(shared), max_(max_string_bytes), row_fn_(std::move(row)) {}

 protected:
  absl::Status Start(std::string_view name, const XML_Char** attributes) override {
    if (name == "sheetData") in_data_ = true;
    if (!in_data_) return absl::OkStatus();  // columns' widths, merged cells, validations
    if (name == "row") {
      uint32_t row = row_ + 1;
      if (const std::optional<std::string_view> r = Attribute(attributes, "r")) {
        const auto [end, ec] = std::from_chars(r->data(), r->data() + r->size(), row);
        if (ec != std::errc() || end != r->data() + r->size()) return Malformed(StrCat("row \"", *r, "\""));
      }
      if (row <= row_ || row > kMaxRows) return Malformed(StrCat("row ", row, " after row ", row_));
      row_ = row;
      cells_.clear();
      column_ = -1;
    } else if (name == "c") {
      uint32_t column = static_cast<uint32_t>(column_ + 1);
      if (const std::optional<std::string_view> r = Attribute(attributes, "r")) {
        size_t at = 0;
        column = 0;
        while (at < r->size() && absl::ascii_isalpha(static_cast<unsigned char>((*r)[at])) && column <= kMaxColumns) {
          column = column * 26 + (absl::ascii_toupper(static_cast<unsigned char>((*r)[at++])) - 'A' + 1);
        }
        uint32_t row = 0;
        const auto [end, ec] = std::from_chars(r->data() + at, r->data() + r->size(), row);
        if (at == 0 || column > kMaxColumns || ec != std::errc() || end != r->data() + r->size() || row != row_) {
          return Malformed(StrCat("cell \"", *r, "\" in row ", row_));
        }
        --column;
      }
      if (static_cast<int64_t>(column) <= column_ || column >= kMaxColumns) {
        return Malformed(StrCat("cell ", CellName(row_, column), " after ", CellName(row_, static_cast<uint32_t>(column_))));
      }
      column_ = static_cast<int64_t>(column);
      type_ = std::string(Attribute(attributes, "t").value_or("n"));
      text_.clear();
      in_value_ = in_text_ = false;
    } else if (name == "v") {
      in_value_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t") {
      in_text_ = phonetic_ == 0;
    }
    return absl::OkStatus();
  }

  absl::Status End(std::string_view name) override {
    if (name == "sheetData") in_data_ = false;
    if (!in_data_) return absl::OkStatus();
    if (name == "v") {
      in_value_ = false;
    } else if (name == "t") {
      in_text_ = false;
    } else if (name == "rPh") {
      --phonetic_;
    } else if (name == "c") {
      return Cell();
    } else if (name == "row") {
      return row_fn_(row_, cells_);
    }
    return absl::OkStatus();
  }

  absl::Status Text(std::string_view text) override {
    // <v>: a value; <is><t>: an inline string (inline strings have no <v>).
    if (!in_value_ && !(in_text_ && type_ == "inlineStr")) return absl::OkStatus();
    text_.append(text);
    if (text_.size() > max_) {
      return absl::InvalidArgumentError(StrCat(place_(row_, static_cast<int>(column_)), ": a string longer than ", max_, " bytes"));
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Cell() {
    RawCell cell;
    if (type_ == "s") {  // a shared string, by its index
      if (text_.empty()) return absl::OkStatus();
      uint64_t index = 0;
      const auto [end, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), index);
      if (ec != std::errc() || end != text_.data() + text_.size() || index >= shared_.size()) {
        return absl::InvalidArgumentError(
            StrCat(place_(row_, static_cast<int>(column_)), ": \"", text_, "\" is not a shared string of the workbook"));
      }
      cell.text = Unescaped(shared_[index]);
    } else if (type_ == "b") {
      cell.text = text_ == "1" ? "TRUE" : text_ == "0" ? "FALSE" : text_;
    } else if (type_ == "e") {  // a formula's error: #N/A, #REF!
      cell.kind = RawCell::kError;
      cell.text = text_;
    } else if (type_ == "n") {
      if (absl::StripAsciiWhitespace(text_).empty()) return absl::OkStatus();
      cell.kind = RawCell::kNumber;
      cell.text = text_;
    } else {  // inlineStr, str (a formula's text), d (an ISO 8601 date)
      cell.text = Unescaped(text_);
    }
    if (cell.text.empty() && cell.kind == RawCell::kText) return absl::OkStatus();
    cells_.resize(static_cast<size_t>(column_) + 1);
    cells_[static_cast<size_t>(column_)] = std::move(cell);
    return absl::OkStatus();
  }

  const Place& place_;
  const std::vector<std::string>& shared_;
  uint32_t max_;
  RowFn row_fn_;
  bool in_data_ = false, in_value_ = false, in_text_ = false;
  int phonetic_ = 0;
  uint32_t row_ = 0;
  int64_t column_ = -1;
  std::string type_, text_;
  std::vector<RawCell> cells_;
};

bool Blank(const std::vector<RawCell>& cells) {
  for (const RawCell& c : cells) {
    if (!absl::StripAsciiWhitespace(c.text).empty()) return false;
  }
  return true;
}

std::string KnownSheets() {
  std::string out;
  for (const Table& t : All()) StrAppend(&out, out.empty() ? "" : ", ", t.zh, " ", t.name);
  return out;
}

// The sheet `part` of `table` into `reader`: its first row that is not
// blank its header, then its rows.
absl::Status ReadSheet(Package& package, const std::string& part, const std::string& sheet, const Table& table,
                       const std::vector<std::string>& shared, bool date1904, TableReader& reader) {
  const Place place = SheetPlace(sheet);
  bool begun = false;
  std::vector<std::string> header, cells;
  std::vector<std::string_view> views;
  SheetPart rows(place, shared, reader.limits().max_string_bytes, [&](uint32_t row, std::vector<RawCell>& raw) -> absl::Status {
    if (Blank(raw)) return absl::OkStatus();
    cells.assign(raw.size(), "");
    for (size_t i = 0; i < raw.size(); ++i) {
      const Column* column = begun ? reader.ColumnOf(i) : nullptr;
      const auto failed = [&](std::string_view what) {
        const std::string shown = column == nullptr ? "" : StrCat(HeaderShown(*column, header[i]), ": ");
        return absl::InvalidArgumentError(StrCat(place(row, static_cast<int>(i)), ": ", shown, what));
      };
      if (raw[i].kind == RawCell::kError) return failed(StrCat("the formula's error ", raw[i].text));
      if (raw[i].kind == RawCell::kText) {
        cells[i] = std::move(raw[i].text);
        continue;
      }
      const std::optional<double> number = ParseNumber(raw[i].text);
      if (!number) return failed(StrCat("\"", raw[i].text, "\" is not a number"));
      cells[i] = NumberText(*number);
      if (column != nullptr && (column->type == Type::kDate || column->type == Type::kMonth)) {
        std::string date = SerialDate(*number, date1904);
        if (!date.empty()) cells[i] = std::move(date);  // a month column takes a date's month
      }
    }
    views.assign(cells.begin(), cells.end());
    if (begun) return reader.Row(row, views);
    begun = true;
    header = cells;
    return reader.Begin(table, place, row, views);
  });
  DJ_RETURN_IF_ERROR(rows.Parse(package, part));
  return absl::OkStatus();
}

// A sheet that is no table: passed over if it holds nothing.
absl::Status PassOver(Package& package, const std::string& part, const std::string& sheet,
                      const std::vector<std::string>& shared, uint32_t max_string_bytes) {
  const Place place = SheetPlace(sheet);
  SheetPart rows(place, shared, max_string_bytes, [&](uint32_t, std::vector<RawCell>& raw) -> absl::Status {
    if (Blank(raw)) return absl::OkStatus();
    return absl::InvalidArgumentError(StrCat(sheet, ": not a table (", KnownSheets(), ")"));
  });
  return rows.Parse(package, part);
}

}  // namespace

bool IsWorkbookPath(std::string_view path) {
  return path.size() >= 5 && absl::EqualsIgnoreCase(absl::string_view(path.data() + path.size() - 5, 5), ".xlsx");
}

std::string SerialDate(double serial, bool date1904) {
  constexpr double kLast = 2958465;  // 9999-12-31 in the 1900 system
  if (!(serial >= 0) || serial > kLast) return "";
  const auto day = static_cast<int64_t>(std::floor(serial));
  absl::CivilDay date;
  if (date1904) {
    date = absl::CivilDay(1904, 1, 1) + day;
  } else if (day < 1 || day == 60) {  // 0 is 1900-01-00; 60, Lotus 1-2-3's 1900-02-29
    return "";
  } else {
    date = (day < 60 ? absl::CivilDay(1899, 12, 31) : absl::CivilDay(1899, 12, 30)) + day;
  }
  if (date.year() > 9999) return "";
  return absl::FormatCivilTime(date);
}

absl::Status ReadWorkbook(std::string_view bytes, TableReader& reader) {
  const LoadLimits& limits = reader.limits();
  if (bytes.size() > limits.max_input_bytes) {
    return absl::InvalidArgumentError(
        StrCat("input of ", bytes.size(), " bytes, more than the limit of ", limits.max_input_bytes));
  }
  Package package(bytes, limits.max_input_bytes);
  DJ_RETURN_IF_ERROR(package.opened());
  absl::StatusOr<Relationships> root = RelationshipsOf(package, "");
  if (!root.ok()) return root.status();
  std::string workbook = root->Of("officeDocument");
  if (workbook.empty()) workbook = "xl/workbook.xml";
  if (!package.Has(workbook)) return absl::InvalidArgumentError(StrCat("not a workbook (.xlsx): no ", workbook));
  WorkbookPart book;
  DJ_RETURN_IF_ERROR(book.Parse(package, workbook));
  absl::StatusOr<Relationships> rels = RelationshipsOf(package, workbook);
  if (!rels.ok()) return rels.status();
  SharedStrings shared(limits.max_string_bytes);
  if (const std::string strings = rels->Of("sharedStrings"); !strings.empty() && package.Has(strings)) {
    DJ_RETURN_IF_ERROR(shared.Parse(package, strings));
  }
  // Each table's sheet, to be read in the tables' order (an activity before
  // its attendance), whatever the order of the sheets.
  struct Found {
    std::string sheet, part;
  };
  std::map<const Table*, Found> found;
  for (const WorkbookPart::Sheet& sheet : book.sheets) {
    auto target = rels->by_id().find(sheet.id);
    if (target == rels->by_id().end() || target->second.type != "worksheet") continue;  // a chart sheet
    const std::string& part = target->second.part;
    if (sheet.name == kInstructionsSheet) continue;
    const Table* table = Find(ToStd(absl::StripAsciiWhitespace(sheet.name)));
    if (table == nullptr) {
      if (!limits.ignore_unknown_fields) {
        DJ_RETURN_IF_ERROR(PassOver(package, part, sheet.name, shared.strings, limits.max_string_bytes));
      }
      continue;
    }
    if (auto [at, added] = found.emplace(table, Found{sheet.name, part}); !added) {
      return absl::InvalidArgumentError(StrCat(sheet.name, ": the same table as ", at->second.sheet));
    }
  }
  if (found.empty()) return absl::InvalidArgumentError(StrCat("no tables (", KnownSheets(), ")"));
  for (const Table& table : All()) {
    auto it = found.find(&table);
    if (it == found.end()) continue;
    DJ_RETURN_IF_ERROR(
        ReadSheet(package, it->second.part, it->second.sheet, table, shared.strings, book.date1904, reader));
  }
  return absl::OkStatus();
}

namespace {

absl::Status ReadWorkbookFile(const std::string& path, TableReader& reader) {
  absl::StatusOr<std::unique_ptr<model::MappedFile>> file = model::MappedFile::Open(path);
  if (!file.ok()) return file.status();
  return ReadWorkbook((*file)->bytes(), reader);
}

}  // namespace

absl::StatusOr<v1::Snapshot> ParseWorkbookFile(const std::string& path, const LoadLimits& limits) {
  SnapshotRows rows;
  TableReader reader(limits, rows);
  DJ_RETURN_IF_ERROR(ReadWorkbookFile(path, reader));
  return std::move(rows.snapshot());
}

absl::StatusOr<std::shared_ptr<const Store>> LoadWorkbook(const std::string& path, const LoadLimits& limits) {
  return LoadTables(limits, [&](TableReader& reader) { return ReadWorkbookFile(path, reader); });
}

}  // namespace dangjian::tables

namespace dangjian {

absl::StatusOr<v1::Snapshot> ParseWorkbook(const std::string& path, const LoadLimits& limits) {
  return WithinMemory([&]() -> absl::StatusOr<v1::Snapshot> { return tables::ParseWorkbookFile(path, limits); });
}

}  // namespace dangjian
