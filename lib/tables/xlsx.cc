#include "lib/tables/xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "lib/status.h"
#include "lib/strings.h"
#include "lib/tables/records.h"
#include "lib/tables/tables.h"

namespace dangjian::tables {
namespace {

constexpr double kMinWidth = 8, kMaxWidth = 50;

// A cell's type as the 说明 sheet tells it to whoever fills the ledger in.
std::string_view TypeShown(Type t) {
  switch (t) {
    case Type::kId: return "编码";
    case Type::kIds: return "编码,多个以;分隔";
    case Type::kText: return "文字";
    case Type::kTexts: return "文字,多个以;分隔";
    case Type::kInt: return "整数";
    case Type::kInts: return "整数,多个以;分隔";
    case Type::kYuan: return "金额(元),至多两位小数";
    case Type::kBool: return "是/否";
    case Type::kDate: return "日期,如 2024-03-01";
    case Type::kMonth: return "月份,如 2024-03";
    case Type::kMonths: return "月份,如 1-6;9";
    case Type::kEnum: return "下拉选项";
  }
  return "";
}

// The values a drop-down offers: an enum's Chinese names, or 是 and 否;
// empty for a column without one.
std::vector<std::string> Choices(const Table& table, const Column& column) {
  std::vector<std::string> out;
  if (column.type == Type::kBool) return {"是", "否"};
  if (const Enum* e = EnumOf(table, column)) {
    for (const EnumValue& v : e->values) out.emplace_back(Enum::Zh(v));
  }
  return out;
}

// Text as a cell keeps it: "_x0041_" in a string is how OOXML writes a
// character (A), so a string that holds such a sequence has its underscore
// written as _x005F_, as Excel does, and reads back as it was.
std::string Escaped(const std::string& text) {
  const auto escape_at = [&](size_t i) {
    if (text.size() - i < 7 || text[i] != '_' || text[i + 1] != 'x' || text[i + 6] != '_') return false;
    for (size_t k = 2; k < 6; ++k) {
      if (!std::isxdigit(static_cast<unsigned char>(text[i + k]))) return false;
    }
    return true;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (escape_at(i)) out += "_x005F";
    out += text[i];
  }
  return out;
}

struct WorkbookDeleter {
  void operator()(lxw_workbook* w) const { lxw_workbook_free(w); }
};

class Writer {
 public:
  explicit Writer(const std::string& path) : path_(path), book_(workbook_new(path.c_str())) {}

  absl::Status Write(const v1::Snapshot& snapshot) {
    if (book_ == nullptr) return Unwritable();
    // libxlsxwriter would say on stderr why it cannot create the file, beside
    // our error: the path is tried first (opened to append, so that nothing
    // is lost), and a file it made is removed when the workbook fails.
    std::error_code ec;
    const bool existed = std::filesystem::exists(path_, ec);
    if (!std::ofstream(path_, std::ios::binary | std::ios::app)) return Unwritable();
    const absl::Status written = WriteAll(snapshot);
    if (!written.ok() && !existed) std::filesystem::remove(path_, ec);
    return written;
  }

 private:
  absl::Status WriteAll(const v1::Snapshot& snapshot) {
    bold_ = workbook_add_format(book_.get());
    format_set_bold(bold_);
    text_ = workbook_add_format(book_.get());
    format_set_num_format(text_, "@");  // what is typed stays as typed: 007, 2024-03-01
    wrap_ = workbook_add_format(book_.get());
    format_set_text_wrap(wrap_);
    format_set_num_format(wrap_, "@");
    DJ_RETURN_IF_ERROR(Instructions());
    for (const Table& table : All()) DJ_RETURN_IF_ERROR(Sheet(snapshot, table));
    const lxw_error closed = workbook_close(book_.release());
    if (closed == LXW_ERROR_CREATING_XLSX_FILE || closed == LXW_ERROR_CREATING_TMPFILE ||
        closed == LXW_ERROR_ZIP_FILE_OPERATION || closed == LXW_ERROR_ZIP_CLOSE) {
      return Unwritable();
    }
    if (closed != LXW_NO_ERROR) return absl::InternalError(StrCat(path_, ": ", lxw_strerror(closed)));
    return absl::OkStatus();
  }

  absl::Status Unwritable() const { return absl::NotFoundError(StrCat("cannot write \"", path_, "\"")); }

  // `row` of `sheet`, one cell a string; an error names the cell: 党员!C17 (发言记录).
  absl::Status Cells(lxw_worksheet* sheet, std::string_view name, lxw_row_t row, absl::Span<const std::string> cells,
                     absl::Span<const std::string_view> headers, lxw_format* format) {
    for (size_t c = 0; c < cells.size(); ++c) {
      if (cells[c].empty()) continue;
      const lxw_error e =
          worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), Escaped(cells[c]).c_str(), format);
      if (e == LXW_NO_ERROR) continue;
      char cell[LXW_MAX_CELL_NAME_LENGTH];
      lxw_rowcol_to_cell(cell, row, static_cast<lxw_col_t>(c));
      const std::string where = StrCat(name, "!", cell, c < headers.size() ? StrCat(" (", headers[c], ")") : "");
      if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
        return absl::InvalidArgumentError(StrCat(where, ": text of more than 32767 characters, more than a cell holds"));
      }
      if (e == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE) {
        return absl::InvalidArgumentError(StrCat(name, ": more than ", LXW_ROW_MAX - 1, " rows, more than a sheet holds"));
      }
      return absl::InternalError(StrCat(where, ": ", lxw_strerror(e)));
    }
    return absl::OkStatus();
  }

  // 说明: each table, then each of its columns with its type, whether it is
  // required, its meaning and its values.
  absl::Status Instructions() {
    const std::string name(kInstructionsSheet);
    lxw_worksheet* sheet = workbook_add_worksheet(book_.get(), name.c_str());
    const std::vector<std::string> header = {"工作表", "列名", "英文列名", "类型", "必填", "说明", "可选值"};
    const std::vector<std::string_view> shown(header.begin(), header.end());
    DJ_RETURN_IF_ERROR(Cells(sheet, name, 0, header, shown, bold_));
    worksheet_freeze_panes(sheet, 1, 0);
    const double widths[] = {12, 20, 26, 22, 6, 60, 40};
    for (lxw_col_t c = 0; c < 7; ++c) worksheet_set_column(sheet, c, c, widths[c], c >= 5 ? wrap_ : nullptr);
    lxw_row_t row = 1;
    for (const Table& table : All()) {
      const std::vector<std::string> about = {std::string(table.zh), "", std::string(table.name), "", "",
                                              std::string(table.meaning), ""};
      DJ_RETURN_IF_ERROR(Cells(sheet, name, row++, about, shown, bold_));
      for (const Column& column : table.columns) {
        std::string choices;
        for (const std::string& c : Choices(table, column)) StrAppend(&choices, choices.empty() ? "" : "、", c);
        const std::vector<std::string> cells = {std::string(table.zh), std::string(column.zh),
                                                std::string(column.English()), std::string(TypeShown(column.type)),
                                                column.required ? "是" : "否", std::string(column.meaning), choices};
        DJ_RETURN_IF_ERROR(Cells(sheet, name, row++, cells, shown, nullptr));
      }
    }
    return absl::OkStatus();
  }

  // A table's sheet: the Chinese headers, bold and frozen, the rows, each
  // column as wide as what it holds, and a drop-down on each enum column.
  absl::Status Sheet(const v1::Snapshot& snapshot, const Table& table) {
    const std::string name(table.zh);
    lxw_worksheet* sheet = workbook_add_worksheet(book_.get(), name.c_str());
    if (sheet == nullptr) return absl::InternalError(StrCat(name, ": not a sheet name"));
    std::vector<std::string_view> headers;
    std::vector<std::string> header;
    std::vector<double> widths;
    for (const Column& c : table.columns) {
      headers.push_back(c.zh);
      header.emplace_back(c.zh);
      widths.push_back(std::max(kMinWidth, DisplayWidth(c.zh)));
    }
    std::vector<std::vector<std::string>> rows;
    DJ_RETURN_IF_ERROR(Rows(snapshot, table, /*en=*/false, [&](std::vector<std::string>& cells) {
      for (size_t c = 0; c < cells.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(cells[c]));
      rows.push_back(std::move(cells));
    }));
    for (size_t c = 0; c < widths.size(); ++c) {
      worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), std::min(widths[c], kMaxWidth) + 2,
                           text_);
    }
    DJ_RETURN_IF_ERROR(Cells(sheet, name, 0, header, headers, bold_));
    worksheet_freeze_panes(sheet, 1, 0);
    for (size_t r = 0; r < rows.size(); ++r) {
      if (r + 1 >= LXW_ROW_MAX) {
        return absl::InvalidArgumentError(StrCat(name, ": more than ", LXW_ROW_MAX - 1, " rows, more than a sheet holds"));
      }
      DJ_RETURN_IF_ERROR(Cells(sheet, name, static_cast<lxw_row_t>(r + 1), rows[r], headers, nullptr));
    }
    for (size_t c = 0; c < table.columns.size(); ++c) {
      std::vector<std::string> choices = Choices(table, table.columns[c]);
      if (choices.empty()) continue;
      std::vector<char*> list;
      for (std::string& s : choices) list.push_back(s.data());
      list.push_back(nullptr);
      lxw_data_validation v = {};
      v.validate = LXW_VALIDATION_TYPE_LIST;
      v.value_list = list.data();
      v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
      const std::string message = StrCat(table.columns[c].zh, ": 请从下拉列表中选择");
      v.error_message = const_cast<char*>(message.c_str());
      const auto col = static_cast<lxw_col_t>(c);
      const lxw_error e = worksheet_data_validation_range(sheet, 1, col, LXW_ROW_MAX - 1, col, &v);
      if (e != LXW_NO_ERROR) return absl::InternalError(StrCat(name, " (", table.columns[c].zh, "): ", lxw_strerror(e)));
    }
    return absl::OkStatus();
  }

  const std::string& path_;
  std::unique_ptr<lxw_workbook, WorkbookDeleter> book_;
  lxw_format* bold_ = nullptr;
  lxw_format* text_ = nullptr;
  lxw_format* wrap_ = nullptr;
};

}  // namespace

double DisplayWidth(std::string_view text) {
  double width = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) width += 1;
    else if ((c & 0xC0) == 0xC0) width += 2;  // the lead byte of a character outside ASCII
  }
  return width;
}

absl::Status WriteWorkbook(const v1::Snapshot& snapshot, const std::string& path) {
  return Writer(path).Write(snapshot);
}

}  // namespace dangjian::tables
