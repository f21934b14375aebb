// A delimited stream (.djs): Snapshot messages one after another, each after
// its length as a varint, so that an export of any size is written and read
// a message at a time.
//
// One way to read one, for every reader: its messages are found from their
// length prefixes alone (Frames), then each is parsed on its own — by two
// readers side by side when there are many bytes — and added in order on the
// calling thread, the readers a few messages ahead at most: into an Input,
// for a load and for a check in parts (AppendFrames), or into one Snapshot
// message, for a parse alone (MergeFrames). Errors name a message by its
// number in the stream and the byte its length prefix starts at.
#ifndef DANGJIAN_LIB_MODEL_STREAM_H_
#define DANGJIAN_LIB_MODEL_STREAM_H_

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "lib/model/input.h"
#include "lib/model/mapped_file.h"

namespace dangjian::model {

// Streams below this size are read on the calling thread alone.
inline constexpr size_t kBytesForReaders = size_t{8} << 20;

// A message of a stream: where its bytes are.
struct Frame {
  size_t offset = 0;      // of its length prefix
  std::string_view body;  // its bytes
  // Where its bytes end in `bytes`, the stream it is of.
  size_t EndIn(std::string_view bytes) const { return static_cast<size_t>(body.data() + body.size() - bytes.data()); }
};

// The messages of the stream `source`, found from their length prefixes
// alone, up to the first that is malformed (its error in `error`). The bytes
// passed are released now and then (Source::Release): reading a prefix maps
// the pages around it, which for a stream of many messages is many pages.
std::vector<Frame> Frames(const Source& source, absl::Status& error);

// A message of more than this many bytes (a stream written whole as one) is
// read through the mapping by BodyOf, not copied: the copy would double the
// memory it takes.
inline constexpr size_t kLargestCopied = size_t{64} << 20;

// The bytes of `frame`'s message: a view of them in `source`'s bytes, or,
// when `source` is a file and the message is no larger than kLargestCopied,
// a copy read out of it (MappedFile::CopyOut) into `copy`; nullopt when the
// file no longer holds them (cut short since). Readers of a large file copy
// its messages so: each page read through the mapping would be released
// again, and releasing pages while other threads write memory new to them
// slows those threads (a province's stream is loaded in four fifths of the
// time, on a virtual machine).
std::optional<std::string_view> BodyOf(const Frame& frame, const Source& source, std::unique_ptr<char[]>& copy);

// Appends every message of `frames` (of `source`; the first is message
// `first_message` of the stream) to `in` in order, each appended on its own
// into an Input and merged (input.h), read as BodyOf reads it, and its
// bytes released once it is in; `appended(end)`, if given, is told then that
// the messages before `end` are in. Errors name records by their place
// among the records of `frames`.
absl::Status AppendFrames(const Source& source, absl::Span<const Frame> frames, size_t first_message,
                          const LoadLimits& limits, Input& in,
                          const std::function<void(size_t end)>& appended = {});

// `parts` appended to `in` in order, as AppendFrames appends messages: part k
// appended on its own by `append(k, into)` into an Input of its own — on two
// threads side by side when `readers` — then merged after the parts before
// it, `appended(k)` told then. A part refused alone is appended again onto
// `in` itself, so that its error names records by their place among all.
absl::Status AppendInParts(size_t parts, bool readers, const std::function<absl::Status(size_t k, Input& into)>& append,
                           const LoadLimits& limits, Input& in, const std::function<void(size_t k)>& appended = {});

// Every message of the stream `source` appended to `in`, as AppendFrames; a
// malformed length prefix fails after the messages before it are in.
absl::Status AppendStream(const Source& source, const LoadLimits& limits, Input& in,
                          const std::function<void(size_t end)>& appended = {});

// The records of a snapshot in binary (one message) or delimited appended to
// `in`, with a load's errors; `appended` told as AppendFrames tells it. A
// file's pages are released as they are read, and a stream's messages
// copied out of it (BodyOf).
absl::Status AppendSnapshot(const Source& source, SnapshotFormat format, const LoadLimits& limits, Input& in,
                            const std::function<void(size_t end)>& appended = {});

// Every message of the stream `bytes` merged into one Snapshot message, as
// protobuf merges messages (lists appended): the stream parsed, not checked
// beyond its schemaVersion and the limits.
absl::StatusOr<v1::Snapshot> ParseStream(std::string_view bytes, const LoadLimits& limits);

// One Snapshot message in binary protobuf, nested no deeper than `max_depth`.
bool ParseSnapshotMessage(std::string_view bytes, int max_depth, v1::Snapshot& out);

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_STREAM_H_
