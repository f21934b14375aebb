#include "lib/tables/csv.h"

#include "dangjian/tables.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <utility>

#include "absl/strings/ascii.h"
#include "lib/model/mapped_file.h"
#include "lib/status.h"
#include "lib/tables/load.h"
#include "lib/strings.h"

namespace dangjian::tables {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kOnes = 0x0101010101010101u;

// The high bit of each byte of x that is zero, and of no other (no carry
// between the bytes), whichever end of the word holds the first byte.
uint64_t ZeroBytes(uint64_t x) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Fu;
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

// The bytes of `eight` that are '\n'.
int LineBreaksIn(uint64_t eight) {
  const uint64_t ones = ZeroBytes(eight ^ ('\n' * kOnes)) >> 7;  // 1 in each byte that was '\n'
  // Summed into the top byte by a multiplication, not a population count:
  // built for any x86-64, that is a call to a function of libgcc's.
  return static_cast<int>((ones * kOnes) >> 56);
}

// Where `text` stops being UTF-8, or its size; the '\n' before it, and
// whether a '"' is, in `counted`.
size_t Utf8Prefix(std::string_view s, TextCounts& counted) {
  size_t p = 0;
  uint64_t quotes = 0;
  size_t line_breaks = 0;  // counted here, not through `counted`, which would be read and written each word
  const auto stop = [&](size_t at) {
    counted = {line_breaks, quotes != 0};
    return at;
  };
  while (p < s.size()) {
    // Eight bytes at a time while they are ASCII, as most of a table is.
    uint64_t eight;
    while (p + 8 <= s.size() && (std::memcpy(&eight, s.data() + p, 8), (eight & 0x8080808080808080u) == 0)) {
      line_breaks += LineBreaksIn(eight);
      quotes |= ZeroBytes(eight ^ ('"' * kOnes));
      p += 8;
    }
    if (p >= s.size()) break;
    const auto c = static_cast<unsigned char>(s[p]);
    if (c < 0x80) {
      line_breaks += c == '\n';
      quotes |= c == '"';
      ++p;
      continue;
    }
    size_t n;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07, min = 0x10000;
    else return stop(p);
    if (p + n > s.size()) return stop(p);
    for (size_t i = 1; i < n; ++i) {
      const auto b = static_cast<unsigned char>(s[p + i]);
      if ((b & 0xC0) != 0x80) return stop(p);
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return stop(p);
    p += n;
  }
  return stop(p);
}

// Where an unquoted cell from `p` ends: at its first ',', '\n' or '\r', or
// at `n`. Eight bytes are looked at together, as most bytes of a file are
// looked at here.
size_t CellEnd(const char* s, size_t p, size_t n) {
  for (; p + 8 <= n; p += 8) {
    uint64_t eight;
    std::memcpy(&eight, s + p, 8);
    const uint64_t ends = ZeroBytes(eight ^ (',' * kOnes)) | ZeroBytes(eight ^ ('\n' * kOnes)) |
                          ZeroBytes(eight ^ ('\r' * kOnes));
    if (ends == 0) continue;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return p + (__builtin_clzll(ends) >> 3);  // the file's first byte, the word's highest
#else
    return p + (__builtin_ctzll(ends) >> 3);  // the file's first byte, the word's lowest
#endif
  }
  while (p < n && s[p] != ',' && s[p] != '\n' && s[p] != '\r') ++p;
  return p;
}

// Whether a cell holds nothing but ASCII blanks.
bool Blank(std::string_view cell) {
  for (char c : cell) {
    if (c != ' ' && (c < '\t' || c > '\r')) return false;
  }
  return true;
}

// The line of `s` that byte `at` is on, its line breaks counted as
// ForEachCsvRecord counts them outside quotes: \n, \r\n, a lone \r.
uint32_t LineAt(std::string_view s, size_t at) {
  uint32_t line = 1;
  for (size_t i = 0; i < at && i < s.size(); ++i) {
    line += s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'));
  }
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

absl::Status AsUtf8(std::string_view& text, std::string& converted, const Place& place, TextCounts* counts) {
  if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF") {
    return absl::InvalidArgumentError(
        StrCat(place(1, -1), ": UTF-16 is not read (save the table as CSV UTF-8, or as CSV)"));
  }
  TextCounts counted;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
    const size_t valid = Utf8Prefix(text, counted);
    if (valid != text.size()) {
      return absl::InvalidArgumentError(StrCat(place(LineAt(text, valid), -1), ": invalid UTF-8 after a UTF-8 byte-order mark"));
    }
    if (counts) *counts = counted;
    return absl::OkStatus();
  }
  const size_t valid = Utf8Prefix(text, counted);
  if (valid == text.size()) {
    if (counts) *counts = counted;
    return absl::OkStatus();
  }
  size_t bad = 0;
  if (!FromGb18030(text, converted, bad)) {
    return absl::InvalidArgumentError(StrCat(place(LineAt(text, std::min(valid, bad)), -1), ": neither UTF-8 nor GB18030"));
  }
  text = converted;
  if (counts) {
    counts->line_breaks = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    counts->quotes = text.find('"') != std::string_view::npos;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ToUtf8(std::string_view bytes, const Place& place) {
  std::string converted;
  DJ_RETURN_IF_ERROR(AsUtf8(bytes, converted, place));
  return bytes.data() == converted.data() ? std::move(converted) : std::string(bytes);
}

absl::Status ForEachCsvRecord(std::string_view text, const Place& place,
                              const std::function<absl::Status(uint32_t line, absl::Span<const std::string_view> cells)>& record,
                              uint32_t* next_line) {
  // A cell is a view into `text`; one that holds a doubled quote is written
  // without them into `unquoted`, and viewed there once the record is whole,
  // as `unquoted` may move while it grows.
  struct Unquoted {
    size_t cell, begin, size;
  };
  std::vector<std::string_view> cells;
  std::vector<Unquoted> unquoted_cells;
  std::string unquoted;
  uint32_t line = next_line != nullptr ? *next_line : 1;
  size_t p = 0;
  const size_t n = text.size();
  while (p < n) {
    const uint32_t first_line = line;
    cells.clear();
    if (!unquoted_cells.empty()) unquoted_cells.clear(), unquoted.clear();
    bool end_of_record = false;
    while (!end_of_record) {
      if (p < n && text[p] == '"') {  // quoted: "" is a quote; commas and line breaks are the cell's
        const uint32_t opened = line;
        const size_t start = ++p;
        size_t from = start;  // what is not yet copied into `unquoted`, if the cell is
        bool doubled = false;
        size_t at = 0;        // the cell's start in `unquoted`
        while (true) {
          if (p >= n) {
            return absl::InvalidArgumentError(StrCat(place(opened, static_cast<int>(cells.size())),
                                                     ": a quoted cell not closed before the end of the file"));
          }
          const char c = text[p++];
          if (c == '"') {
            if (p < n && text[p] == '"') {
              if (!doubled) at = unquoted.size();
              doubled = true;
              unquoted.append(text.data() + from, p - from);  // up to and with the first quote
              from = ++p;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
        }
        const size_t end = p - 1;  // the closing quote
        if (doubled) {
          unquoted.append(text.data() + from, end - from);
          unquoted_cells.push_back({cells.size(), at, unquoted.size() - at});
        }
        cells.push_back(text.substr(start, end - start));
        if (p < n && text[p] != ',' && text[p] != '\n' && text[p] != '\r') {
          return absl::InvalidArgumentError(
              StrCat(place(line, static_cast<int>(cells.size()) - 1), ": text after a closing quote"));
        }
      } else {
        const size_t start = p;
        p = CellEnd(text.data(), p, n);
        cells.emplace_back(text.data() + start, p - start);
      }
      if (p >= n) {
        end_of_record = true;
      } else if (text[p] == ',') {
        ++p;
      } else {  // \n, \r\n or a lone \r
        if (text[p] == '\r') ++p;
        if (p < n && text[p] == '\n') ++p;
        ++line;
        end_of_record = true;
      }
    }
    for (const Unquoted& u : unquoted_cells) cells[u.cell] = std::string_view(unquoted).substr(u.begin, u.size);
    bool blank = true;
    for (size_t i = 0; blank && i < cells.size(); ++i) blank = Blank(cells[i]);
    if (!blank) DJ_RETURN_IF_ERROR(record(first_line, cells));
  }
  if (next_line != nullptr) *next_line = line;
  return absl::OkStatus();
}

namespace {

// A table's file in a folder.
struct CsvFile {
  const Table* table;
  fs::path path;
  uint64_t bytes_before;  // of the files read before it: what LoadLimits::max_input_bytes bounds
};

// The tables' files in `dir`, in the order of All().
absl::StatusOr<std::vector<CsvFile>> CsvFiles(const std::string& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) return absl::NotFoundError(StrCat("cannot read \"", dir, "\""));
  std::map<const Table*, fs::path> found;  // by table, so read in the order of All()
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const fs::path path = it->path();
    std::string extension = path.extension().string();
    absl::AsciiStrToLower(&extension);
    if (extension != ".csv") continue;
    const std::string stem = path.stem().string(), name = path.filename().string();
    const Table* table = Find(stem);
    if (table == nullptr) return absl::InvalidArgumentError(StrCat(name, ": not a table (", KnownTables(), ")"));
    if (auto [at, added] = found.emplace(table, path); !added) {
      return absl::InvalidArgumentError(StrCat(name, ": the same table as ", at->second.filename().string()));
    }
  }
  if (error) return absl::NotFoundError(StrCat("cannot read \"", dir, "\""));
  if (found.empty()) return absl::InvalidArgumentError(StrCat("no tables (", KnownTables(), ")"));
  std::vector<CsvFile> files;
  uint64_t bytes = 0;
  for (const Table& table : All()) {
    auto it = found.find(&table);
    if (it == found.end()) continue;
    files.push_back({&table, it->second, bytes});
    std::error_code unsized;
    const uintmax_t size = fs::file_size(it->second, unsized);
    if (!unsized) bytes += size;
  }
  return files;
}

// Just past the first '\n' of `text` at or after `at`, or its end.
size_t LineEnd(std::string_view text, size_t at) {
  if (at >= text.size()) return text.size();
  const void* found = std::memchr(text.data() + at, '\n', text.size() - at);
  return found == nullptr ? text.size() : static_cast<size_t>(static_cast<const char*>(found) - text.data()) + 1;
}

// The attendance, the table of the most rows, read by both readers of a
// folder (LoadTables): the first reads it from the top, a slice at a time;
// the second, once its own tables are read, takes the lower half of what the
// first has not yet reached, and its rows follow the first's. Only a table
// whose records are its lines, no cell in quotes (which may hold a line
// break), is shared.
class SharedRows {
 public:
  // The first reader's: the text it begins to read, which the second may
  // read until Close, and how many bytes a slice is.
  void Begin(std::string_view text) {
    std::lock_guard<std::mutex> lock(mu_);
    text_ = text;
    end_ = text.size();
    slice_ = std::clamp<size_t>(text.size() / 64, size_t{64} << 10, size_t{4} << 20);
  }
  // The first reader's: the next slice of its rows, from `from` to a line's
  // end; empty at the end, or at the rows the second took.
  std::string_view Next(size_t from) {
    std::lock_guard<std::mutex> lock(mu_);
    if (from >= end_) return {};
    next_ = std::min(end_, LineEnd(text_, from + slice_));
    return text_.substr(from, next_ - from);
  }
  // The first reader's, its header read: the rest of the text is shared.
  // What the second needs to read rows as the first does: the table, its
  // place, its header and the activities the rows name.
  void Open(const Table& table, const Place& place, uint32_t header_line, const std::vector<std::string_view>& header,
            const Ids& activities) {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_ != kWaiting) return;
    table_ = &table, place_ = place, header_line_ = header_line, header_ = header, activities_ = &activities;
    state_ = kOpen;
    changed_.notify_all();
  }
  // The first reader's, at the end of its rows or of its reading (an error
  // included): nothing more is shared. Waits until the rows the second took
  // are read, and gives the first error among them.
  absl::Status Close() {
    std::unique_lock<std::mutex> lock(mu_);
    state_ = kClosed;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !reading_; });
    return std::exchange(status_, absl::OkStatus());
  }
  // The second reader's, its own tables read: waits until the first opens
  // the rows or closes them; reads the lower half of what is left, when
  // that is worth it. Its errors are the first's to give (Close).
  void Help(TableReader& reader) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return state_ != kWaiting; });
    if (state_ != kOpen) return;
    lock.unlock();
    activities_->Index();  // as the first of the rows would, before they are shared
    lock.lock();
    if (state_ != kOpen || end_ - next_ < 2 * slice_) return;
    const size_t split = LineEnd(text_, next_ + (end_ - next_) / 2);
    if (split >= end_) return;
    end_ = split;
    reading_ = true;
    lock.unlock();
    // However the reading ends (an exception too, which the load gives once
    // it joins this thread), the first reader no longer waits for it.
    struct Read {
      SharedRows& shared;
      absl::Status status;
      ~Read() {
        std::lock_guard<std::mutex> lock(shared.mu_);
        shared.status_ = std::move(status);
        shared.reading_ = false;
        shared.changed_.notify_all();
      }
    } read{*this, absl::OkStatus()};
    // The lines of the rows taken, counted from where they begin once an
    // error needs one.
    const Place place = [place = place_, text = text_, split](uint32_t line, int column) {
      return place(LineAt(text, split) + line - 1, column);
    };
    read.status = reader.Begin(*table_, place, header_line_, header_, (text_.size() - split) / 16);
    if (read.status.ok()) {
      reader.FindActivitiesIn(*activities_);
      read.status = ForEachCsvRecord(text_.substr(split), place, [&](uint32_t line, absl::Span<const std::string_view> cells) {
        return reader.Row(line, cells);
      });
    }
  }

 private:
  enum State { kWaiting, kOpen, kClosed };
  std::mutex mu_;
  std::condition_variable changed_;
  State state_ = kWaiting;
  std::string_view text_;
  size_t slice_ = 0;
  size_t next_ = 0;  // where the first reader's next slice begins
  size_t end_ = 0;   // where the first reader's rows end: where the second's begin
  const Table* table_ = nullptr;
  Place place_;
  uint32_t header_line_ = 0;
  std::vector<std::string_view> header_;
  const Ids* activities_ = nullptr;
  bool reading_ = false;  // the second reads the rows it took
  absl::Status status_;   // of those rows
};

// Whether `table`'s rows are shared by both readers of a folder: the
// attendance's, whose rows from two readers the load takes in turn
// (LoadTables).
bool ReadByBoth(const Table& table) { return table.name == "attendance"; }

// `shared` closed as the scope ends, however it ends (an exception too):
// the reader beside then reads its text no more. An error of its rows is
// given by the Close called before, if any.
struct CloseAtExit {
  SharedRows& shared;
  ~CloseAtExit() { shared.Close().IgnoreError(); }
};

// One table's file into `reader`; the attendance's rows shared with the
// reader beside, when `shared` is given.
absl::Status ReadCsvFile(const CsvFile& f, TableReader& reader, SharedRows* shared = nullptr) {
  const LoadLimits& limits = reader.limits();
  const Place place = CsvPlace(f.path.filename().string());
  absl::StatusOr<std::unique_ptr<model::MappedFile>> file = model::MappedFile::Open(f.path.string());
  if (!file.ok()) {
    if (absl::IsNotFound(file.status())) return absl::NotFoundError(StrCat("cannot read \"", f.path.string(), "\""));
    return file.status();
  }
  std::string_view text = (*file)->bytes();
  (*file)->Sequential();
  if (f.bytes_before + text.size() > limits.max_input_bytes) {
    return absl::InvalidArgumentError(StrCat("input of ", f.bytes_before + text.size(),
                                             " bytes, more than the limit of ", limits.max_input_bytes));
  }
  // About how many rows: the lines, but no more than a row of 16 bytes each
  // (an attendance row is some 20), so that a file of blank lines makes no
  // room for rows it does not hold. They are counted as the text is
  // checked, in one pass over a file that may be larger than the memory
  // that caches it.
  std::string converted;
  TextCounts counted;
  DJ_RETURN_IF_ERROR(AsUtf8(text, converted, place, &counted));
  bool header = true;
  const size_t lines = std::min(counted.line_breaks, text.size() / 16);
  std::vector<std::string_view> header_cells;
  uint32_t header_line = 0;
  const auto record = [&](uint32_t line, absl::Span<const std::string_view> cells) {
    if (header) {
      header = false;
      header_cells.assign(cells.begin(), cells.end());
      header_line = line;
      return reader.Begin(*f.table, place, line, cells, lines);
    }
    return reader.Row(line, cells);
  };
  const bool share = shared != nullptr && ReadByBoth(*f.table);
  if (!share || counted.quotes) {
    if (share) shared->Close().IgnoreError();  // none shared: nothing read beside
    DJ_RETURN_IF_ERROR(ForEachCsvRecord(text, place, record));
  } else {
    // A slice at a time, the rest shared once the header is read; whatever
    // the end, the text is read no more beside once this returns.
    const CloseAtExit closed{*shared};
    absl::Status status;
    uint32_t line = 1;
    bool opened = false;
    shared->Begin(text);
    for (size_t from = 0; status.ok();) {
      const std::string_view slice = shared->Next(from);
      if (slice.empty()) break;
      status = ForEachCsvRecord(slice, place, record, &line);
      from = static_cast<size_t>(slice.data() + slice.size() - text.data());
      if (status.ok() && !header && !opened) {
        shared->Open(*f.table, place, header_line, header_cells, reader.activity_ids());
        opened = true;
      }
    }
    const absl::Status beside = shared->Close();
    DJ_RETURN_IF_ERROR(status);
    DJ_RETURN_IF_ERROR(beside);
  }
  if (header) return absl::InvalidArgumentError(StrCat(f.path.filename().string(), ": no header row"));
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadCsvFolder(const std::string& dir, TableReader& reader) {
  absl::StatusOr<std::vector<CsvFile>> files = CsvFiles(dir);
  if (!files.ok()) return files.status();
  for (const CsvFile& f : *files) DJ_RETURN_IF_ERROR(ReadCsvFile(f, reader));
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const Store>> LoadCsvFolder(const std::string& dir, const LoadLimits& limits) {
  absl::StatusOr<std::vector<CsvFile>> files = CsvFiles(dir);
  if (!files.ok()) return files.status();
  // The tables that name members alone (dues, the ledger, events) are read
  // beside the others, on a thread of their own, which then reads a share
  // of the attendance's rows, if there are.
  const auto alone = std::find_if(files->begin(), files->end(), [](const CsvFile& f) { return NamesMembersAlone(*f.table); });
  if (alone == files->begin() || alone == files->end()) {
    return LoadTables(limits, [&](TableReader& reader) {
      for (const CsvFile& f : *files) DJ_RETURN_IF_ERROR(ReadCsvFile(f, reader));
      return absl::OkStatus();
    });
  }
  const bool attendance = std::any_of(files->begin(), alone, [](const CsvFile& f) { return ReadByBoth(*f.table); });
  SharedRows shared;
  return LoadTables(
      limits,
      [&](TableReader& reader) {
        const CloseAtExit closed{shared};  // the reader beside then waits for the attendance no more
        for (auto f = files->begin(); f != alone; ++f) DJ_RETURN_IF_ERROR(ReadCsvFile(*f, reader, &shared));
        return absl::OkStatus();
      },
      [&](TableReader& reader) {
        for (auto f = alone; f != files->end(); ++f) DJ_RETURN_IF_ERROR(ReadCsvFile(*f, reader));
        if (attendance) shared.Help(reader);
        return absl::OkStatus();
      });
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
    tables::SnapshotRows rows;
    tables::TableReader reader(limits, rows);
    DJ_RETURN_IF_ERROR(tables::ReadCsvFolder(dir, reader));
    return std::move(rows.snapshot());
  });
}

absl::Status WriteCsvTables(const v1::Snapshot& snapshot, const std::string& dir, Lang lang) {
  return tables::WriteCsvFolder(snapshot, dir, lang == Lang::kEn);
}

}  // namespace dangjian
