#include "lib/model/stream.h"

#include <algorithm>
#include <climits>
#include <vector>

#include "google/protobuf/io/coded_stream.h"
#include "lib/model/in_order.h"
#include "lib/strings.h"

namespace dangjian::model {
namespace {

// The next message of a stream, at `offset`: where its bytes are.
absl::StatusOr<std::string_view> NextMessage(std::string_view bytes, size_t offset, size_t k) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data() + offset),
                                            static_cast<int>(std::min<size_t>(bytes.size() - offset, INT_MAX)));
  // Read whole: a prefix of 2^32 or more read as 32 bits would wrap, and
  // announce a short message where a huge one was meant.
  uint64_t size;
  if (!in.ReadVarint64(&size)) {
    return absl::InvalidArgumentError(StrCat("message ", k, " (byte ", offset, "): bad length prefix"));
  }
  const size_t header = in.CurrentPosition();
  if (size > bytes.size() - offset - header) {
    return absl::InvalidArgumentError(StrCat("message ", k, " (byte ", offset, "): truncated, ", size,
                                             " bytes announced, ", bytes.size() - offset - header, " left"));
  }
  return bytes.substr(offset + header, size);
}

// The records of `from` put after those of `to`, each record moved, not
// copied: a stream's messages are parts of one snapshot, and a province's
// attendance copied record by record would take longer than reading it.
template <typename Record>
void MoveRecords(google::protobuf::RepeatedPtrField<Record>& from, google::protobuf::RepeatedPtrField<Record>& to) {
  if (to.empty()) {
    to.Swap(&from);
    return;
  }
  // Room made first, so that once a record is taken nothing can fail.
  std::vector<Record*> taken(from.size());
  to.Reserve(to.size() + from.size());
  from.ExtractSubrange(0, from.size(), taken.data());
  for (Record* x : taken) to.AddAllocated(x);
}

// A stream's next message added to what came before it, as MergeFrom would.
void MergeMoving(v1::Snapshot& from, v1::Snapshot& to) {
  MoveRecords(*from.mutable_units(), *to.mutable_units());
  MoveRecords(*from.mutable_orgs(), *to.mutable_orgs());
  MoveRecords(*from.mutable_members(), *to.mutable_members());
  MoveRecords(*from.mutable_positions(), *to.mutable_positions());
  MoveRecords(*from.mutable_terms(), *to.mutable_terms());
  MoveRecords(*from.mutable_activities(), *to.mutable_activities());
  MoveRecords(*from.mutable_dues(), *to.mutable_dues());
  MoveRecords(*from.mutable_dues_ledger(), *to.mutable_dues_ledger());
  MoveRecords(*from.mutable_events(), *to.mutable_events());
  to.MergeFrom(from);  // what is left: the fields of one value
}

absl::Status NotASnapshot(const Frame& frame, size_t k) {
  return absl::InvalidArgumentError(StrCat("message ", k, " (byte ", frame.offset, "): not a dangjian.v1.Snapshot"));
}

}  // namespace

absl::Status AppendInParts(size_t parts, bool readers, const std::function<absl::Status(size_t k, Input& into)>& append,
                           const LoadLimits& limits, Input& in, const std::function<void(size_t k)>& appended) {
  struct Part {
    absl::Status appended;
    Input local;
  };
  const auto read = [&](size_t k) {
    Part p;
    p.appended = append(k, p.local);
    return p;
  };
  // A part refused alone is appended again onto `in` itself, so that the
  // error counts the records before it.
  const auto add = [&](size_t k, Part& p) -> absl::Status {
    if (!p.appended.ok()) {
      absl::Status again = append(k, in);
      return again.ok() ? p.appended : again;
    }
    return Merge(std::move(p.local), limits, in);
  };
  return InOrder<Part>(parts, readers, read, add, [&](size_t k) {
    if (appended) appended(k);
  });
}

std::vector<Frame> Frames(const Source& source, absl::Status& error) {
  constexpr size_t kReleaseEvery = size_t{16} << 20;
  const std::string_view bytes = source.bytes();
  std::vector<Frame> frames;
  size_t offset = 0, next_release = kReleaseEvery;
  for (size_t k = 0; offset < bytes.size(); ++k) {
    if (offset >= next_release) {
      source.Release(offset);
      next_release = offset + kReleaseEvery;
    }
    absl::StatusOr<std::string_view> body = NextMessage(bytes, offset, k);
    if (!body.ok()) {
      error = body.status();
      break;
    }
    frames.push_back({offset, *body});
    offset = frames.back().EndIn(bytes);
  }
  source.Release(offset);
  return frames;
}

std::optional<std::string_view> BodyOf(const Frame& frame, const Source& source, std::unique_ptr<char[]>& copy) {
  if (source.file() == nullptr || frame.body.size() > kLargestCopied) return frame.body;
  copy.reset(new char[frame.body.size()]);
  const size_t offset = static_cast<size_t>(frame.body.data() - source.bytes().data());
  if (!source.file()->CopyOut(offset, frame.body.size(), copy.get())) {
    return std::nullopt;
  }
  return std::string_view(copy.get(), frame.body.size());
}

absl::Status AppendFrames(const Source& source, absl::Span<const Frame> frames, size_t first_message,
                          const LoadLimits& limits, Input& in, const std::function<void(size_t end)>& appended) {
  const size_t n = frames.size();
  if (n == 0) return absl::OkStatus();
  const auto end_of = [&](size_t k) { return frames[k].EndIn(source.bytes()); };
  const auto append = [&](size_t k, Input& into) -> absl::Status {
    std::unique_ptr<char[]> copy;
    const std::optional<std::string_view> body = BodyOf(frames[k], source, copy);
    if (!body) {
      return absl::DataLossError(StrCat("message ", first_message + k, " (byte ", frames[k].offset,
                                        "): the file was cut short while it was read"));
    }
    bool well_formed = true;
    absl::Status read = AppendWire(*body, limits, into, well_formed);
    return well_formed ? read : NotASnapshot(frames[k], first_message + k);
  };
  return AppendInParts(n, end_of(n - 1) - frames[0].offset >= kBytesForReaders, append, limits, in,
                       [&](size_t k) {
                         source.Release(end_of(k));
                         if (appended) appended(end_of(k));
                       });
}

absl::Status AppendStream(const Source& source, const LoadLimits& limits, Input& in,
                          const std::function<void(size_t end)>& appended) {
  absl::Status framing;
  const std::vector<Frame> frames = Frames(source, framing);
  absl::Status status = AppendFrames(source, frames, 0, limits, in, appended);
  return status.ok() ? framing : status;
}

absl::StatusOr<v1::Snapshot> ParseStream(std::string_view bytes, const LoadLimits& limits) {
  struct Part {
    bool well_formed = true;
    v1::Snapshot message;
  };
  absl::Status framing;
  const std::vector<Frame> frames = Frames(Source(bytes), framing);
  v1::Snapshot snapshot;
  const auto read = [&](size_t k) {
    Part p;
    p.well_formed = ParseSnapshotMessage(frames[k].body, limits.max_depth, p.message);
    return p;
  };
  const auto add = [&](size_t k, Part& p) -> absl::Status {
    if (!p.well_formed) return NotASnapshot(frames[k], k);
    const int32_t version = p.message.schema_version();
    if (version != 0 && snapshot.schema_version() != 0 && version != snapshot.schema_version()) {
      return absl::InvalidArgumentError(
          StrCat("message ", k, ": schemaVersion ", version, " differs from ", snapshot.schema_version()));
    }
    MergeMoving(p.message, snapshot);
    if (RecordCount(snapshot) > limits.max_records) {
      return absl::InvalidArgumentError(StrCat("message ", k, ": more than the limit of ", limits.max_records, " records"));
    }
    return absl::OkStatus();
  };
  absl::Status merged = InOrderOfFrames<Part>(Source(bytes), frames, read, add);
  if (!merged.ok()) return merged;
  if (!framing.ok()) return framing;
  return snapshot;
}

bool ParseSnapshotMessage(std::string_view bytes, int max_depth, v1::Snapshot& out) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return false;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
  in.SetRecursionLimit(max_depth);
  return out.ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
}

}  // namespace dangjian::model
