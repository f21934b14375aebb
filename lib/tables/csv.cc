#include "lib/tables/csv.h"

#include "dangjian/tables.h"

#include <iconv.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "absl/strings/ascii.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian::tables {
namespace {

namespace fs = std::filesystem;

// Where `text` stops being UTF-8, or its size.
size_t Utf8Prefix(std::string_view s) {
  size_t p = 0;
  while (p < s.size()) {
    const auto c = static_cast<unsigned char>(s[p]);
    if (c < 0x80) {
      ++p;
      continue;
    }
    size_t n;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07, min = 0x10000;
    else return p;
    if (p + n > s.size()) return p;
    for (size_t i = 1; i < n; ++i) {
      const auto b = static_cast<unsigned char>(s[p + i]);
      if ((b & 0xC0) != 0x80) return p;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return p;
    p += n;
  }
  return p;
}

uint32_t LineAt(std::string_view s, size_t at) {
  uint32_t line = 1;
  for (size_t i = 0; i < at && i < s.size(); ++i) line += s[i] == '\n';
  return line;
}

// GB18030 to UTF-8, or the offset of the first byte that is not GB18030.
bool FromGb18030(std::string_view in, std::string& out, size_t& bad) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    bad = 0;
    return false;
  }
  out.resize(in.size() * 2 + 16);  // a GB18030 character of 2 bytes is at most 3 in UTF-8; of 4, 4
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  const size_t result = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (result == static_cast<size_t>(-1)) {
    bad = in.size() - src_left;
    return false;
  }
  out.resize(out.size() - dst_left);
  return true;
}

std::string KnownTables() {
  std::string out;
  for (const Table& t : All()) StrAppend(&out, out.empty() ? "" : ", ", t.name, ".csv");
  return out;
}

}  // namespace

absl::StatusOr<std::string> ToUtf8(std::string_view bytes, const Place& place) {
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    return absl::InvalidArgumentError(
        StrCat(place(1, -1), ": UTF-16 is not read (save the table as CSV UTF-8, or as CSV)"));
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    const size_t valid = Utf8Prefix(bytes);
    if (valid != bytes.size()) {
      return absl::InvalidArgumentError(StrCat(place(LineAt(bytes, valid), -1), ": invalid UTF-8 after a UTF-8 byte-order mark"));
    }
    return std::string(bytes);
  }
  const size_t valid = Utf8Prefix(bytes);
  if (valid == bytes.size()) return std::string(bytes);
  std::string out;
  size_t bad = 0;
  if (!FromGb18030(bytes, out, bad)) {
    return absl::InvalidArgumentError(StrCat(place(LineAt(bytes, std::min(valid, bad)), -1), ": neither UTF-8 nor GB18030"));
  }
  return out;
}

absl::Status ForEachCsvRecord(std::string_view text, const Place& place,
                              const std::function<absl::Status(uint32_t line, std::vector<std::string>& cells)>& record) {
  std::vector<std::string> cells;
  uint32_t line = 1;
  size_t p = 0;
  while (p < text.size()) {
    const uint32_t first_line = line;
    cells.clear();
    bool end_of_record = false;
    while (!end_of_record) {
      std::string cell;
      if (p < text.size() && text[p] == '"') {  // quoted: "" is a quote; commas and line breaks are the cell's
        const uint32_t opened = line;
        ++p;
        while (true) {
          if (p >= text.size()) {
            return absl::InvalidArgumentError(StrCat(place(opened, static_cast<int>(cells.size())),
                                                     ": a quoted cell not closed before the end of the file"));
          }
          const char c = text[p++];
          if (c == '"') {
            if (p < text.size() && text[p] == '"') {
              cell += '"';
              ++p;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          cell += c;
        }
        if (p < text.size() && text[p] != ',' && text[p] != '\n' && text[p] != '\r') {
          return absl::InvalidArgumentError(
              StrCat(place(line, static_cast<int>(cells.size())), ": text after a closing quote"));
        }
      } else {
        const size_t start = p;
        while (p < text.size() && text[p] != ',' && text[p] != '\n' && text[p] != '\r') ++p;
        cell.assign(text.substr(start, p - start));
      }
      cells.push_back(std::move(cell));
      if (p >= text.size()) {
        end_of_record = true;
      } else if (text[p] == ',') {
        ++p;
      } else {  // \n, \r\n or a lone \r
        if (text[p] == '\r') ++p;
        if (p < text.size() && text[p] == '\n') ++p;
        ++line;
        end_of_record = true;
      }
    }
    bool blank = true;
    for (const std::string& c : cells) blank = blank && absl::StripAsciiWhitespace(c).empty();
    if (!blank) DJ_RETURN_IF_ERROR(record(first_line, cells));
  }
  return absl::OkStatus();
}

absl::Status ReadCsvFolder(const std::string& dir, TableReader& reader) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) return absl::NotFoundError(StrCat("cannot read \"", dir, "\""));
  std::map<const Table*, fs::path> files;  // by table, so read in the order of All()
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const fs::path path = it->path();
    std::string extension = path.extension().string();
    absl::AsciiStrToLower(&extension);
    if (extension != ".csv") continue;
    const std::string stem = path.stem().string(), name = path.filename().string();
    const Table* table = Find(stem);
    if (table == nullptr) return absl::InvalidArgumentError(StrCat(name, ": not a table (", KnownTables(), ")"));
    if (auto [at, added] = files.emplace(table, path); !added) {
      return absl::InvalidArgumentError(StrCat(name, ": the same table as ", at->second.filename().string()));
    }
  }
  if (error) return absl::NotFoundError(StrCat("cannot read \"", dir, "\""));
  if (files.empty()) return absl::InvalidArgumentError(StrCat("no tables (", KnownTables(), ")"));
  const LoadLimits& limits = reader.limits();
  uint64_t bytes_read = 0;
  for (const Table& table : All()) {
    auto it = files.find(&table);
    if (it == files.end()) continue;
    const std::string name = it->second.filename().string();
    const Place place = CsvPlace(name);
    std::ifstream in(it->second, std::ios::binary);
    std::string bytes(std::istreambuf_iterator<char>(in), {});
    if (!in && !in.eof()) return absl::NotFoundError(StrCat("cannot read \"", it->second.string(), "\""));
    bytes_read += bytes.size();
    if (bytes_read > limits.max_input_bytes) {
      return absl::InvalidArgumentError(
          StrCat("input of ", bytes_read, " bytes, more than the limit of ", limits.max_input_bytes));
    }
    absl::StatusOr<std::string> text = ToUtf8(bytes, place);
    if (!text.ok()) return text.status();
    bytes.clear();
    bytes.shrink_to_fit();
    bool header = true;
    DJ_RETURN_IF_ERROR(ForEachCsvRecord(*text, place, [&](uint32_t line, std::vector<std::string>& cells) {
      if (header) {
        header = false;
        return reader.Begin(table, place, line, cells);
      }
      return reader.Row(line, cells);
    }));
    if (header) return absl::InvalidArgumentError(StrCat(name, ": no header row"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const Store>> LoadCsvFolder(const std::string& dir, const LoadLimits& limits) {
  TableReader reader(limits);
  DJ_RETURN_IF_ERROR(ReadCsvFolder(dir, reader));
  absl::StatusOr<std::shared_ptr<const Store>> store = LoadSnapshot(reader.snapshot(), limits);
  if (!store.ok() && absl::IsInvalidArgument(store.status())) {
    return absl::InvalidArgumentError(reader.sources().Locate(ToStd(store.status().message())));
  }
  return store;
}

absl::Status WriteCsvFolder(const v1::Snapshot& snapshot, const std::string& dir, bool en) {
  std::error_code error;
  fs::create_directories(dir, error);
  // A cell in quotes when it holds what would end it, or blanks a reader trims.
  const auto cell = [](std::string_view text) {
    const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) return std::string(text);
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  for (const Table& table : All()) {
    const fs::path path = fs::path(dir) / StrCat(table.name, ".csv");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return absl::NotFoundError(StrCat("cannot write \"", path.string(), "\""));
    if (!en) out << "\xEF\xBB\xBF";
    std::string line;
    for (const Column& c : table.columns) StrAppend(&line, line.empty() ? "" : ",", cell(en ? c.English() : c.zh));
    out << line << "\r\n";
    DJ_RETURN_IF_ERROR(Rows(snapshot, table, en, [&](std::vector<std::string>& cells) {
      line.clear();
      for (size_t i = 0; i < cells.size(); ++i) StrAppend(&line, i ? "," : "", cell(cells[i]));
      out << line << "\r\n";
    }));
    out.close();
    if (!out) return absl::NotFoundError(StrCat("cannot write \"", path.string(), "\""));
  }
  return absl::OkStatus();
}

}  // namespace dangjian::tables

namespace dangjian {

absl::StatusOr<v1::Snapshot> ParseCsvTables(const std::string& dir, const LoadLimits& limits) {
  return WithinMemory([&]() -> absl::StatusOr<v1::Snapshot> {
    tables::TableReader reader(limits);
    DJ_RETURN_IF_ERROR(tables::ReadCsvFolder(dir, reader));
    return std::move(reader.snapshot());
  });
}

absl::Status WriteCsvTables(const v1::Snapshot& snapshot, const std::string& dir, Lang lang) {
  return tables::WriteCsvFolder(snapshot, dir, lang == Lang::kEn);
}

}  // namespace dangjian
