// A file mapped read-only, for a delimited stream too large to read into
// memory: its pages come in as a load reads them, and go again once the
// messages on them are in, so that a load holds the Store and little of the
// file (LoadSnapshotFile, and a check in parts, which reads the file twice).
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

 private:
  MappedFile(char* data, size_t size) : data_(data), size_(size) {}
  char* data_;
  size_t size_;
  size_t released_ = 0;  // in this pass
};

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_MAPPED_FILE_H_
