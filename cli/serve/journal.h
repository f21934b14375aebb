// The service's data directory: the last snapshot and the journal of every
// event accepted since, so that nothing acknowledged is lost.
//
//   DIR/snapshot-N.djs  a generation's snapshot (a delimited stream of
//                       v1::Snapshot messages, as a .djs file holds them;
//                       a data directory written before holds snapshot-N.pb,
//                       a binary v1::Snapshot, which a start reads too)
//   DIR/journal-N.log   the records accepted after it, each framed as
//                       [length u32 LE][CRC-32 u32 LE][payload]
//
// A generation N is whole when both files are there. Compaction writes
// generation N+1 beside N (each file written as .tmp, flushed, renamed, the
// folder flushed), and only then removes N: a crash at any step leaves one
// whole generation, the newest of which a start takes. A journal whose last
// record was cut short by a crash (a torn write) ends at its last whole
// record: the cut bytes were never acknowledged.
#ifndef DANGJIAN_CLI_SERVE_JOURNAL_H_
#define DANGJIAN_CLI_SERVE_JOURNAL_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dangjian/store.h"

namespace dangjian::serve {

// CRC-32 (IEEE 802.3), the checksum of a journal record.
uint32_t Crc32(std::string_view bytes);

// A record framed for the journal.
std::string Frame(std::string_view payload);

// The whole records at the start of `bytes`, and the bytes they take: a
// record cut short or failing its checksum ends the journal there, as does
// a zero length (the room written ahead). Torn: the bytes after the whole
// records up to the last that is not zero, what a crash cut short.
struct Frames {
  std::vector<std::string> records;
  uint64_t whole_bytes = 0;
  uint64_t torn_bytes = 0;
};
Frames ReadFrames(std::string_view bytes);

// One generation's journal, open for appending. Group commit: Append writes
// a record (callers append in the order they applied), Sync returns once it
// is on disk; one flush covers every record written before it began, so
// writers that wait together share it. The file is kept zeroed a chunk
// ahead of its records (a zero length ends the journal), so that a flush
// writes records and not the file's size.
class Journal {
 public:
  // `fd` open without O_APPEND, its records ending at `bytes`, the file no longer.
  Journal(int fd, uint64_t bytes) : fd_(fd), bytes_(bytes), room_(bytes) {}
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // The record's number, for Sync. An error leaves the journal unusable.
  absl::StatusOr<uint64_t> Append(std::string_view payload);
  absl::Status Sync(uint64_t record);
  uint64_t bytes() const;

 private:
  int fd_;
  mutable std::mutex mu_;
  std::condition_variable synced_cv_;
  static constexpr uint64_t kRoom = uint64_t{1} << 20;
  uint64_t bytes_;
  uint64_t room_;  // the file's size: zeros from bytes_ on
  uint64_t written_ = 0, synced_ = 0;
  bool syncing_ = false;
  absl::Status broken_;
};

// What a start finds in the data directory.
struct Recovered {
  bool empty = true;  // no generation yet
  std::string snapshot;               // its bytes,
  SnapshotFormat snapshot_format = SnapshotFormat::kDelimited;  // in this format
  std::vector<std::string> records;  // the journal's whole records, in order
  uint64_t torn_bytes = 0;           // cut from the journal's end
  std::shared_ptr<Journal> journal;  // open after its last whole record
};

class DataDir {
 public:
  explicit DataDir(std::string path) : path_(std::move(path)) {}
  // Creates the folder if need be, takes the newest whole generation, cuts
  // its journal's torn end and removes what other generations left.
  absl::StatusOr<Recovered> Recover();
  // Writes the next generation, its snapshot a delimited stream and its
  // journal beginning with `first_record`, and removes the previous one once
  // the new one is safe.
  absl::StatusOr<std::shared_ptr<Journal>> StartGeneration(std::string_view delimited_snapshot,
                                                           std::string_view first_record);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  uint64_t generation_ = 0;
};

}  // namespace dangjian::serve

#endif  // DANGJIAN_CLI_SERVE_JOURNAL_H_
