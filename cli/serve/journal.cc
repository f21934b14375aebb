#include "cli/serve/journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "lib/strings.h"

namespace dangjian::serve {
namespace {

std::array<uint32_t, 256> CrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

absl::Status Errno(std::string_view what, const std::string& path) {
  return absl::InternalError(StrCat(path, ": ", what, ": ", std::strerror(errno)));
}

absl::Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("write", path);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

// `bytes` written at `offset` of a file open without O_APPEND.
absl::Status WriteAllAt(int fd, std::string_view bytes, uint64_t offset, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("write", path);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
    offset += static_cast<uint64_t>(n);
  }
  return absl::OkStatus();
}

absl::Status SyncFolder(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Errno("open", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? absl::OkStatus() : Errno("fsync", path);
}

// `bytes` at `path`, safely: a temporary file flushed, then renamed over.
// The caller flushes the folder.
absl::Status WriteFileSafely(const std::string& path, std::string_view bytes) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("open", tmp);
  absl::Status written = WriteAll(fd, bytes, tmp);
  if (written.ok() && ::fsync(fd) != 0) written = Errno("fsync", tmp);
  ::close(fd);
  if (written.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) written = Errno("rename", tmp);
  if (!written.ok()) ::unlink(tmp.c_str());
  return written;
}

// A generation's snapshot is written delimited (.djs); one written before
// was binary (.pb), and a start still reads it.
constexpr std::string_view kSnapshot = ".djs", kBinarySnapshot = ".pb", kJournal = ".log";

std::string Name(std::string_view kind, uint64_t generation, std::string_view ext) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%020llu", static_cast<unsigned long long>(generation));
  return StrCat(kind, "-", buf, ext);
}

// The generation a file name holds, or 0.
uint64_t GenerationOf(const std::string& name, std::string_view kind, std::string_view ext) {
  const std::string prefix = StrCat(kind, "-");
  if (name.size() != prefix.size() + 20 + ext.size() || name.rfind(prefix, 0) != 0 ||
      name.compare(name.size() - ext.size(), ext.size(), ext) != 0) {
    return 0;
  }
  uint64_t g = 0;
  for (size_t i = prefix.size(); i < prefix.size() + 20; ++i) {
    if (name[i] < '0' || name[i] > '9') return 0;
    g = g * 10 + static_cast<uint64_t>(name[i] - '0');
  }
  return g;
}

}  // namespace

uint32_t Crc32(std::string_view bytes) {
  static const std::array<uint32_t, 256> table = CrcTable();
  uint32_t c = 0xffffffffu;
  for (const char ch : bytes) c = table[(c ^ static_cast<unsigned char>(ch)) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

std::string Frame(std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 8);
  PutU32(out, static_cast<uint32_t>(payload.size()));
  PutU32(out, Crc32(payload));
  out.append(payload);
  return out;
}

Frames ReadFrames(std::string_view bytes) {
  Frames out;
  uint64_t at = 0;
  while (bytes.size() - at >= 8) {
    const uint32_t length = GetU32(bytes.data() + at);
    const uint32_t crc = GetU32(bytes.data() + at + 4);
    // No record is empty (each begins with its kind): a zero length is the
    // journal's zeroed room ahead, where it ends.
    if (length == 0 || bytes.size() - at - 8 < length) break;
    const std::string_view payload = bytes.substr(at + 8, length);
    if (Crc32(payload) != crc) break;
    out.records.emplace_back(payload);
    at += 8 + length;
  }
  out.whole_bytes = at;
  const size_t last = bytes.find_last_not_of('\0');
  out.torn_bytes = last == std::string_view::npos || last < at ? 0 : last + 1 - at;
  return out;
}

Journal::~Journal() { ::close(fd_); }

absl::StatusOr<uint64_t> Journal::Append(std::string_view payload) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!broken_.ok()) return broken_;
  const std::string framed = Frame(payload);
  absl::Status written;
  if (bytes_ + framed.size() > room_) {
    // Zeros written ahead, so that the flush of a record writes the record
    // alone: the file's size, a change to its metadata that costs the disk
    // many times more, moves once a chunk.
    static const std::string kZeros(kRoom, '\0');
    const uint64_t end = bytes_ + framed.size() + kRoom;
    for (; written.ok() && room_ < end; room_ += kRoom) written = WriteAllAt(fd_, kZeros, room_, "journal");
  }
  if (written.ok()) written = WriteAllAt(fd_, framed, bytes_, "journal");
  if (!written.ok()) {
    broken_ = written;
    return written;
  }
  bytes_ += framed.size();
  return ++written_;
}

absl::Status Journal::Sync(uint64_t record) {
  std::unique_lock<std::mutex> lock(mu_);
  while (synced_ < record && broken_.ok()) {
    if (syncing_) {
      synced_cv_.wait(lock);
      continue;
    }
    // This writer flushes for everyone: all written so far.
    syncing_ = true;
    const uint64_t target = written_;
    lock.unlock();
    const int rc = ::fdatasync(fd_);
    lock.lock();
    syncing_ = false;
    if (rc != 0) broken_ = Errno("fdatasync", "journal");
    else synced_ = target;
    synced_cv_.notify_all();
  }
  return broken_;
}

uint64_t Journal::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

absl::StatusOr<Recovered> DataDir::Recover() {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(path_, error);
  if (error) return absl::InvalidArgumentError(StrCat("--data: cannot create \"", path_, "\": ", error.message()));
  std::vector<uint64_t> snapshots, journals;
  for (const auto& entry : fs::directory_iterator(path_, error)) {
    const std::string name = entry.path().filename().string();
    for (std::string_view ext : {kSnapshot, kBinarySnapshot}) {
      if (uint64_t g = GenerationOf(name, "snapshot", ext)) snapshots.push_back(g);
    }
    if (uint64_t g = GenerationOf(name, "journal", kJournal)) journals.push_back(g);
  }
  if (error) return absl::InvalidArgumentError(StrCat("--data: cannot read \"", path_, "\": ", error.message()));
  uint64_t newest = 0;
  for (uint64_t g : snapshots) {
    if (g > newest && std::find(journals.begin(), journals.end(), g) != journals.end()) newest = g;
  }
  // What a crash left: temporary files, an unfinished newer generation, an
  // older one not yet removed.
  for (const auto& entry : fs::directory_iterator(path_, error)) {
    const std::string name = entry.path().filename().string();
    const uint64_t g = std::max({GenerationOf(name, "snapshot", kSnapshot), GenerationOf(name, "snapshot", kBinarySnapshot),
                                 GenerationOf(name, "journal", kJournal)});
    const bool tmp = name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0 &&
                     (name.rfind("snapshot-", 0) == 0 || name.rfind("journal-", 0) == 0);
    if (tmp || (g != 0 && g != newest)) fs::remove(entry.path(), error);
  }
  generation_ = newest;
  Recovered out;
  if (newest == 0) return out;
  out.empty = false;
  std::string snapshot_path = StrCat(path_, "/", Name("snapshot", newest, kSnapshot));
  if (!fs::exists(snapshot_path, error)) {
    snapshot_path = StrCat(path_, "/", Name("snapshot", newest, kBinarySnapshot));
    out.snapshot_format = SnapshotFormat::kBinary;
  }
  const std::string journal_path = StrCat(path_, "/", Name("journal", newest, kJournal));
  {
    FILE* f = std::fopen(snapshot_path.c_str(), "rb");
    if (f == nullptr) return Errno("open", snapshot_path);
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.snapshot.append(buf, n);
    std::fclose(f);
  }
  const int fd = ::open(journal_path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return Errno("open", journal_path);
  std::string bytes;
  char buf[1 << 16];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) bytes.append(buf, static_cast<size_t>(n));
  if (n < 0) {
    ::close(fd);
    return Errno("read", journal_path);
  }
  Frames frames = ReadFrames(bytes);
  out.records = std::move(frames.records);
  out.torn_bytes = frames.torn_bytes;
  if (bytes.size() > frames.whole_bytes) {  // the torn end, and the zeroed room after it
    if (::ftruncate(fd, static_cast<off_t>(frames.whole_bytes)) != 0 || ::fsync(fd) != 0) {
      const absl::Status status = Errno("truncate", journal_path);
      ::close(fd);
      return status;
    }
  }
  out.journal = std::make_shared<Journal>(fd, frames.whole_bytes);
  return out;
}

absl::StatusOr<std::shared_ptr<Journal>> DataDir::StartGeneration(std::string_view delimited_snapshot,
                                                                  std::string_view first_record) {
  const uint64_t next = generation_ + 1;
  const std::string snapshot_path = StrCat(path_, "/", Name("snapshot", next, kSnapshot));
  const std::string journal_path = StrCat(path_, "/", Name("journal", next, kJournal));
  if (absl::Status s = WriteFileSafely(snapshot_path, delimited_snapshot); !s.ok()) return s;
  const std::string first = Frame(first_record);
  if (absl::Status s = WriteFileSafely(journal_path, first); !s.ok()) return s;
  if (absl::Status s = SyncFolder(path_); !s.ok()) return s;
  const int fd = ::open(journal_path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Errno("open", journal_path);
  // The new generation is safe: the old one may go.
  if (generation_ != 0) {
    ::unlink(StrCat(path_, "/", Name("journal", generation_, kJournal)).c_str());
    ::unlink(StrCat(path_, "/", Name("snapshot", generation_, kSnapshot)).c_str());
    ::unlink(StrCat(path_, "/", Name("snapshot", generation_, kBinarySnapshot)).c_str());
    (void)SyncFolder(path_);
  }
  generation_ = next;
  return std::make_shared<Journal>(fd, first.size());
}

}  // namespace dangjian::serve
