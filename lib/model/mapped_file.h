// A file mapped read-only, for a delimited stream too large to read into
// memory: its pages come in as they are read, and go again once the
// messages on them are in, so that a load holds the Store and little of the
// file (LoadSnapshotFile, a check in parts, which reads the file twice, and
// an Engine, which holds its records). A load, and an Engine holding its
// records, read only the length prefixes so, and copy each message out of
// the file (CopyOut, model::BodyOf).
#ifndef DANGJIAN_LIB_MODEL_MAPPED_FILE_H_
#define DANGJIAN_LIB_MODEL_MAPPED_FILE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace dangjian::model {

class MappedFile {
 public:
  // Fails with NotFound "cannot read".
  static absl::StatusOr<std::unique_ptr<MappedFile>> Open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {data_, size_}; }
  // Read from first to last from here on.
  void Sequential();
  // The pages before `end` leave memory (they are read again from the file
  // if touched). An `end` before the last starts over: a new pass over the
  // file.
  void ReleaseBefore(size_t end);
  // The `n` bytes of bytes() at `offset` copied into `out`, read from the
  // file rather than through the mapping (model::BodyOf tells when and
  // why). False if the file no longer holds them.
  bool CopyOut(size_t offset, size_t n, char* out) const;

 private:
  MappedFile(int fd, char* data, size_t size) : fd_(fd), data_(data), size_(size) {}
  int fd_;  // open while mapped, for CopyOut
  char* data_;
  size_t size_;
  size_t released_ = 0;  // in this pass
};

// What a reader of a snapshot's bytes reads: bytes in memory, or the bytes
// of a mapped file, whose pages go again as the reader passes them
// (Release) and whose messages are copied out of it (model::BodyOf).
class Source {
 public:
  explicit Source(std::string_view bytes) : bytes_(bytes) {}
  explicit Source(MappedFile& file) : bytes_(file.bytes()), file_(&file) {}

  std::string_view bytes() const { return bytes_; }
  // The file bytes() map, or null.
  const MappedFile* file() const { return file_; }
  // The bytes before `end` are not needed for now: a file's pages before
  // it leave memory; bytes in memory stay where they are.
  void Release(size_t end) const {
    if (file_ != nullptr) file_->ReleaseBefore(end);
  }

 private:
  std::string_view bytes_;
  MappedFile* file_ = nullptr;
};

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_MAPPED_FILE_H_
