// The Engine's snapshot held as its records' wire bytes, list by list: a
// record is read (parsed) when an event needs it and written again when an
// event changes it. A record held so takes what its bytes take, where the
// generated message takes five to six times more (a string object for every
// id in an activity's attendance); the Store holds what the rules read.
#ifndef DANGJIAN_LIB_ENGINE_HELD_H_
#define DANGJIAN_LIB_ENGINE_HELD_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "dangjian/store.h"
#include "dangjian/v1/snapshot.pb.h"
#include "lib/huge_pages.h"
#include "lib/model/input.h"
#include "lib/model/mapped_file.h"
#include "lib/model/stream.h"

namespace dangjian {

// A list of records as their bytes, in chunks that never move. A record
// written again is written anew and its old bytes left, or written over
// them when it is no longer (WriteOver); the bytes left are given back when
// they are more than the list's own (the list is written out afresh).
class HeldList {
 public:
  int size() const { return static_cast<int>(at_.size()); }
  std::string_view operator[](int i) const {
    const At a = at_[i];
    return std::string_view(chunks_[a.chunk()].get() + a.offset(), Size(a));
  }
  void Add(std::string_view bytes);
  void Set(int i, std::string_view bytes);
  // Record i written over with `bytes`, no longer than its own, where it
  // lies (the room after them left unused): the bytes it gave up, or
  // nullopt, the record left as it was, where they are longer or it is a
  // record of kLarge bytes. Records apart may be written so on several
  // threads at once; then Released counts what they gave up.
  std::optional<size_t> WriteOver(int i, std::string_view bytes);
  void Released(size_t bytes);
  // Put at `i`, those from there on moving down one.
  void Insert(int i, std::string_view bytes);
  void RemoveLast();
  // The records of `more` put after these, in their order; `more` left empty.
  void Append(HeldList&& more);
  // The last chunk cut to the bytes written in it: a list appended to
  // another brings no room it does not use.
  void ShrinkLast();
  // The rows for which `keep(i)` is true kept, in their order.
  template <typename Keep>
  void KeepIf(Keep keep) {
    size_t kept = 0;
    for (size_t i = 0; i < at_.size(); ++i) {
      if (keep(static_cast<int>(i))) {
        at_[kept++] = at_[i];
      } else {
        live_ -= Size(at_[i]);
      }
    }
    at_.resize(kept);
    RepackIfWasted();
  }
  void Reserve(size_t records) { GrowOnHugePages(at_, records); }
  // Room for a sixteenth more records than it holds, no more: a list grown
  // record by record (a stream's) has room for up to as many again.
  void Fit() {
    if (at_.capacity() > WithRoom(at_.size())) {
      std::vector<At> fitted;
      GrowOnHugePages(fitted, WithRoom(at_.size()));
      fitted.assign(at_.begin(), at_.end());
      at_ = std::move(fitted);
    }
  }

 private:
  // Where a record lies, in 8 bytes (at the province, 29 million records):
  // its chunk, its offset there (a chunk of many records is kChunk bytes at
  // most, 2 MB) and its size, or kLarge for a record of kLarge bytes or
  // more (its size in large_). A record larger than kChunk has a chunk of
  // its own.
  class At {
   public:
    static constexpr uint32_t kLarge = (1u << 17) - 1;
    At() = default;
    At(uint64_t chunk, uint32_t offset, size_t size)
        : bits_(chunk << 38 | uint64_t{offset} << 17 | std::min<size_t>(size, kLarge)) {}
    uint32_t chunk() const { return static_cast<uint32_t>(bits_ >> 38); }
    uint32_t offset() const { return (bits_ >> 17) & 0x1FFFFF; }
    uint32_t size() const { return bits_ & kLarge; }
    At InChunkAfter(uint32_t chunks) const { return At(chunk() + uint64_t{chunks}, offset(), size()); }
    bool operator<(const At& o) const { return bits_ >> 17 < o.bits_ >> 17; }  // by chunk, then offset

   private:
    uint64_t bits_ = 0;
  };
  size_t Size(At a) const {
    if (a.size() != At::kLarge) return a.size();
    return std::lower_bound(large_.begin(), large_.end(), std::make_pair(a, uint64_t{0}),
                            [](const auto& x, const auto& y) { return x.first < y.first; })->second;
  }
  // Room for `size` bytes, where `at` then says.
  char* Room(size_t size, At& at);
  void RepackIfWasted();

  // Bytes that never move: from the heap, or, after a list's first chunk,
  // each chunk of records a huge page of its own (lib/huge_pages.h),
  // written for the first time with one page fault rather than 512.
  class Chunk {
   public:
    Chunk(size_t size, bool huge_pages);
    Chunk(Chunk&& that) noexcept : data_(that.data_), size_(that.size_), mapped_(that.mapped_) { that.data_ = nullptr; }
    Chunk& operator=(Chunk&& that) noexcept {
      std::swap(data_, that.data_), std::swap(size_, that.size_), std::swap(mapped_, that.mapped_);
      return *this;
    }
    ~Chunk();
    char* get() const { return data_; }

   private:
    char* data_;
    size_t size_;
    bool mapped_;
  };
  std::vector<Chunk> chunks_;
  std::vector<std::pair<At, uint64_t>> large_;  // where each record of kLarge bytes or more lies, and its size, in order
  size_t last_size_ = 0, last_used_ = 0;  // of the last chunk
  std::vector<At> at_;
  size_t live_ = 0, written_ = 0;  // bytes of the records held; bytes in the chunks
};

// A list of one kind of record: each read as its message, written from one.
template <typename Message>
class Held : public HeldList {
 public:
  Message Get(int i) const {
    Message m;
    const std::string_view bytes = (*this)[i];
    m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
    return m;
  }
  void Add(const Message& m) { HeldList::Add(m.SerializeAsString()); }
  void Set(int i, const Message& m) { HeldList::Set(i, m.SerializeAsString()); }
  void Insert(int i, const Message& m) { HeldList::Insert(i, m.SerializeAsString()); }
  using HeldList::Add;
  using HeldList::Insert;
  using HeldList::Set;
  // The record read, changed by `change`, and written again.
  template <typename Change>
  void Update(int i, Change change) {
    Message m = Get(i);
    change(m);
    Set(i, m);
  }
};

// An Activity's bytes written to `out` with every member place they name
// passed through `place(list, k, v)`: list 0 attendee_indexes, 1
// talk_member_indexes, 2 an absentee's member_index; k its place in its list
// (among all absentees for 2); v the member's place. It gives the new place,
// or nothing to drop it — an absentee then dropped whole, its bytes told to
// `dropped(k, bytes)`. Every other field is copied as it is; the two lists
// are written packed, last. False when the bytes are malformed.
bool RewriteActivityPlaces(std::string_view bytes, std::string& out,
                           const std::function<std::optional<int32_t>(int list, int k, int32_t v)>& place,
                           const std::function<void(int k, std::string_view absentee)>& dropped);

// A record's bytes written to `out` with each string field of `fields`
// (its number and value) given its value: what the bytes held of it taken
// out, the value written (an empty one not at all, as protobuf writes it)
// before the first field of a greater number, or at the end; every other
// field copied as it is. A member moved is written so, not read into its
// message and written again. False when the bytes are malformed.
bool RewriteStrings(std::string_view bytes, absl::Span<const std::pair<uint32_t, std::string_view>> fields,
                    std::string& out);

struct HeldSnapshot {
  int32_t schema_version = 0;
  Held<v1::Unit> units;
  Held<v1::Org> orgs;
  Held<v1::Member> members;
  Held<v1::Position> positions;
  Held<v1::Term> terms;
  Held<v1::Activity> activities;
  Held<v1::DuesPayment> dues;
  Held<v1::DuesLedger> dues_ledger;
  Held<v1::MemberEvent> events;

  // The records of `snapshot`, each list given back as it is taken over.
  static HeldSnapshot Of(v1::Snapshot&& snapshot);
  // The records of a snapshot's bytes in binary or delimited that a load
  // has taken (its size, framing, versions and records checked there),
  // taken from the wire as they are: a file's pages released as they are
  // held, and a stream's messages copied out of it (model::BodyOf). A
  // stream of `bytes_for_threads` bytes or more has its messages read on
  // two threads, as a load reads them.
  static absl::StatusOr<HeldSnapshot> Read(const model::Source& source, SnapshotFormat format,
                                           size_t bytes_for_threads = model::kBytesForReaders);
  // The records of one Snapshot message's wire bytes appended, list by list;
  // false when the bytes are not a Snapshot message.
  bool AppendWire(std::string_view bytes);
  // The snapshot as a message.
  v1::Snapshot ToMessage() const;
  // The snapshot's bytes: one binary Snapshot message (OutOfRange past the
  // 2 GB protobuf reads), or a delimited stream, a message per 16 MB of
  // records, the first with the schemaVersion.
  absl::StatusOr<std::string> Write(bool delimited) const;
  // Every record appended to `in` as a load of ToMessage() appends them:
  // checked, and numbered list by list.
  absl::Status AppendTo(const LoadLimits& limits, model::Input& in) const;
};

}  // namespace dangjian

#endif  // DANGJIAN_LIB_ENGINE_HELD_H_
