// A delimited stream: its messages found from their length prefixes, appended
// in order, and the file it is mapped from. Shared by the load of a whole
// stream (load.cc) and the check in parts (parts.cc).
#ifndef DANGJIAN_LIB_MODEL_STREAM_H_
#define DANGJIAN_LIB_MODEL_STREAM_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "dangjian/store.h"
#include "lib/model/input.h"

namespace dangjian::model {

// A message of a stream: where its bytes are.
struct Frame {
  size_t offset = 0;      // of its length prefix
  std::string_view body;  // its bytes
};

// Fails when the input is larger than `limits` allow.
absl::Status InputLimit(std::string_view bytes, const LoadLimits& limits);

// The messages of a stream, found from their length prefixes alone, up to the
// first that is malformed (its error in `error`). `release(end)` is told, now
// and then, that the bytes before `end` are not needed for now: reading a
// prefix maps the pages around it, which for a stream of many messages is
// many pages.
std::vector<Frame> Frames(std::string_view bytes, absl::Status& error,
                          const std::function<void(size_t end)>& release = [](size_t) {});

// Appends every message of `frames` (of `bytes`; the first is message
// `first_message` of the stream) in order, each parsed and appended on its
// own, by two readers side by side when there are many bytes, and merged in
// order on the calling thread. `release(end)` is told when the bytes before
// `end` are no longer needed. Errors name records by their place among the
// records of `frames`.
absl::Status AppendFrames(std::string_view bytes, absl::Span<const Frame> frames, size_t first_message,
                          const LoadLimits& limits, Input& in, const std::function<void(size_t end)>& release);

// A file mapped read-only, its pages let go once read.
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

#endif  // DANGJIAN_LIB_MODEL_STREAM_H_
