#include "lib/engine/held.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <iterator>
#include <type_traits>

#include "absl/container/inlined_vector.h"
#include "lib/huge_pages.h"
#include "lib/model/in_order.h"
#include "lib/model/stream.h"
#include "lib/model/wire.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian {
namespace {

constexpr size_t kChunk = kHugePage;

// Each list of a snapshot with its field number, in the order of the schema.
template <typename Snapshot, typename Each>
void ForEachList(Snapshot& s, Each each) {
  each(2, s.units);
  each(3, s.orgs);
  each(4, s.members);
  each(5, s.positions);
  each(6, s.terms);
  each(7, s.activities);
  each(8, s.dues);
  each(9, s.dues_ledger);
  each(10, s.events);
}

// The message's list of field `field` (2 to 10).
template <typename Take>
void WithMessageList(v1::Snapshot& s, int field, Take take) {
  switch (field) {
    case 2: take(*s.mutable_units()); break;
    case 3: take(*s.mutable_orgs()); break;
    case 4: take(*s.mutable_members()); break;
    case 5: take(*s.mutable_positions()); break;
    case 6: take(*s.mutable_terms()); break;
    case 7: take(*s.mutable_activities()); break;
    case 8: take(*s.mutable_dues()); break;
    case 9: take(*s.mutable_dues_ledger()); break;
    case 10: take(*s.mutable_events()); break;
  }
}

}  // namespace

HeldList::Chunk::Chunk(size_t size, bool huge_pages) : size_(size), mapped_(huge_pages) {
  data_ = static_cast<char*>(huge_pages ? MapHugePages(size) : ::operator new(size));
}

HeldList::Chunk::~Chunk() {
  if (data_ == nullptr) return;
  if (mapped_) {
    UnmapHugePages(data_, size_);
  } else {
    ::operator delete(data_);
  }
}

char* HeldList::Room(size_t size, At& at) {
  if (chunks_.empty() || last_size_ - last_used_ < size) {
    last_size_ = std::max(kChunk, size);
    // After its first chunk, a list's chunks of many records are huge pages:
    // a small snapshot's lists keep 4 KB pages, of which only those written
    // are memory.
    chunks_.emplace_back(last_size_, last_size_ == kChunk && written_ >= kChunk);
    last_used_ = 0;
  }
  const uint32_t chunk = static_cast<uint32_t>(chunks_.size() - 1);
  at = At(chunk, size == 0 || size > kChunk ? 0 : static_cast<uint32_t>(last_used_), size);
  if (size >= At::kLarge) large_.emplace_back(at, size);
  if (size > kChunk) {
    last_size_ = last_used_ = 0;  // alone in its chunk, which nothing follows into
  } else {
    last_used_ += size;
  }
  written_ += size;
  live_ += size;
  return chunks_[chunk].get() + at.offset();
}

void HeldList::Add(std::string_view bytes) {
  GrowOnHugePages(at_, at_.size() + 1);
  at_.emplace_back();
  At at;
  std::memcpy(Room(bytes.size(), at), bytes.data(), bytes.size());
  at_.back() = at;
}

void HeldList::Set(int i, std::string_view bytes) {
  At at;
  std::memcpy(Room(bytes.size(), at), bytes.data(), bytes.size());
  live_ -= Size(at_[i]);
  at_[i] = at;
  RepackIfWasted();
}

std::optional<size_t> HeldList::WriteOver(int i, std::string_view bytes) {
  const At was = at_[i];
  if (was.size() == At::kLarge || bytes.size() > was.size()) return std::nullopt;
  std::memmove(chunks_[was.chunk()].get() + was.offset(), bytes.data(), bytes.size());
  at_[i] = At(was.chunk(), was.offset(), bytes.size());
  return was.size() - bytes.size();
}

void HeldList::Released(size_t bytes) {
  live_ -= bytes;
  RepackIfWasted();
}

void HeldList::Insert(int i, std::string_view bytes) {
  Add(bytes);
  std::rotate(at_.begin() + i, at_.end() - 1, at_.end());
}

void HeldList::RemoveLast() {
  live_ -= Size(at_.back());
  at_.pop_back();
  RepackIfWasted();
}

void HeldList::Append(HeldList&& more) {
  if (more.written_ < kChunk / 4) {  // its few records copied: a list's chunks stay few, whatever it is appended from
    for (int i = 0; i < more.size(); ++i) Add(more[i]);
    more = HeldList();
    return;
  }
  const uint32_t first = static_cast<uint32_t>(chunks_.size());
  // Room grown at least twofold, as push_back grows it: many lists are
  // appended one after another.
  GrowOnHugePages(at_, at_.size() + more.at_.size());
  for (const At at : more.at_) at_.push_back(at.InChunkAfter(first));
  for (const auto& [at, size] : more.large_) large_.emplace_back(at.InChunkAfter(first), size);
  if (!more.chunks_.empty()) {  // the room left in our last chunk is not written again
    std::move(more.chunks_.begin(), more.chunks_.end(), std::back_inserter(chunks_));
    last_size_ = more.last_size_;
    last_used_ = more.last_used_;
  }
  live_ += more.live_;
  written_ += more.written_;
  more = HeldList();
}

void HeldList::ShrinkLast() {
  if (chunks_.empty() || last_used_ == last_size_) return;
  Chunk cut(last_used_, false);
  std::memcpy(cut.get(), chunks_.back().get(), last_used_);
  chunks_.back() = std::move(cut);
  last_size_ = last_used_;
}

void HeldList::RepackIfWasted() {
  if (written_ - live_ <= live_ + 4 * kChunk) return;
  HeldList fresh;
  fresh.at_.reserve(at_.size());
  for (int i = 0; i < size(); ++i) fresh.Add((*this)[i]);
  *this = std::move(fresh);
}

HeldSnapshot HeldSnapshot::Of(v1::Snapshot&& snapshot) {
  HeldSnapshot out;
  out.schema_version = snapshot.schema_version();
  ForEachList(out, [&](int field, HeldList& list) {
    WithMessageList(snapshot, field, [&](auto& records) {
      list.Reserve(records.size());
      std::string bytes;
      for (const auto& x : records) {
        bytes.clear();
        x.SerializeToString(&bytes);
        list.Add(bytes);
      }
      records.DeleteSubrange(0, records.size());  // given back now
    });
  });
  return out;
}

absl::StatusOr<HeldSnapshot> HeldSnapshot::Read(const model::Source& source, SnapshotFormat format,
                                                size_t bytes_for_threads) {
  const std::string_view bytes = source.bytes();
  HeldSnapshot out;
  bool well_formed = true;
  if (format == SnapshotFormat::kBinary) {
    well_formed = out.AppendWire(bytes);
    source.Release(bytes.size());
  } else {
    absl::Status framing;  // found by the load before
    const std::vector<model::Frame> frames = model::Frames(source, framing);
    // Each message held apart, on two threads side by side for a large
    // stream, and put after those before it: copying the records is most
    // of the time holding them takes.
    struct Part {
      bool well_formed = true;
      HeldSnapshot held;
    };
    const auto read = [&](size_t k) {
      Part p;
      std::unique_ptr<char[]> copy;
      const std::optional<std::string_view> body = model::BodyOf(frames[k], source, copy);
      p.well_formed = body && p.held.AppendWire(*body);
      ForEachList(p.held, [](int, HeldList& list) { list.ShrinkLast(); });
      return p;
    };
    const auto add = [&](size_t, Part& p) {
      if (!p.well_formed) return absl::InternalError("not a Snapshot message");
      if (out.schema_version == 0) out.schema_version = p.held.schema_version;
      ForEachList(out, [&](int field, HeldList& list) {
        ForEachList(p.held, [&](int f, HeldList& more) {
          if (f == field) list.Append(std::move(more));
        });
      });
      return absl::OkStatus();
    };
    well_formed = model::InOrderOfFrames<Part>(source, frames, read, add, bytes_for_threads).ok();
  }
  if (!well_formed) return absl::InternalError("a snapshot the load took does not read again");
  ForEachList(out, [](int, HeldList& list) { list.Fit(); });
  return out;
}

bool HeldSnapshot::AppendWire(std::string_view bytes) {
  return model::wire::ForEachRecord(
      bytes,
      [&](uint32_t field, std::string_view record) {
        ForEachList(*this, [&](int f, HeldList& list) {
          if (static_cast<uint32_t>(f) == field) list.Add(record);
        });
        return true;
      },
      [&](int32_t v) {
        if (v != 0) schema_version = v;
      });
}

v1::Snapshot HeldSnapshot::ToMessage() const {
  v1::Snapshot out;
  out.set_schema_version(schema_version);
  ForEachList(*this, [&](int field, const HeldList& list) {
    WithMessageList(out, field, [&](auto& records) {
      records.Reserve(list.size());
      for (int i = 0; i < list.size(); ++i) {
        const std::string_view bytes = list[i];
        records.Add()->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
      }
    });
  });
  return out;
}

bool RewriteStrings(std::string_view bytes, absl::Span<const std::pair<uint32_t, std::string_view>> fields,
                    std::string& out) {
  using model::wire::Cursor;
  out.clear();
  out.reserve(bytes.size() + 64);
  // The fields given, in the order of their numbers; `next` the first not
  // yet written.
  absl::InlinedVector<std::pair<uint32_t, std::string_view>, 4> given(fields.begin(), fields.end());
  std::sort(given.begin(), given.end());
  size_t next = 0;
  const auto write_before = [&](uint32_t field) {
    for (; next < given.size() && given[next].first < field; ++next) {
      const auto& [number, value] = given[next];
      if (value.empty()) continue;
      model::wire::PutVarint(uint64_t{number} << 3 | model::wire::kLength, out);
      model::wire::PutVarint(value.size(), out);
      out.append(value);
    }
  };
  Cursor c(bytes);
  while (!c.done()) {
    const char* start = c.at();
    uint32_t field, type;
    if (!c.Tag(field, type) || !c.Skip(field, type)) return false;
    write_before(field);
    const bool replaced = std::any_of(given.begin(), given.end(), [&](const auto& g) { return g.first == field; });
    if (!replaced) out.append(start, c.at());
  }
  write_before(UINT32_MAX);
  return true;
}

bool RewriteActivityPlaces(std::string_view bytes, std::string& out,
                           const std::function<std::optional<int32_t>(int list, int k, int32_t v)>& place,
                           const std::function<void(int k, std::string_view absentee)>& dropped) {
  using model::wire::Cursor;
  using model::wire::PutVarint;
  constexpr uint32_t kAbsentees = 10, kAttendeeIndexes = 17, kTalkMemberIndexes = 18, kAbsenteeIndex = 3;
  out.clear();
  std::vector<int32_t> lists[2];
  int absentee = 0;
  std::string written;
  Cursor c(bytes);
  while (!c.done()) {
    const char* start = c.at();
    uint32_t field, type;
    if (!c.Tag(field, type)) return false;
    if (field == kAttendeeIndexes || field == kTalkMemberIndexes) {
      const int list = field == kAttendeeIndexes ? 0 : 1;
      uint64_t v;
      if (type == model::wire::kVarint) {
        if (!c.Varint(v)) return false;
        lists[list].push_back(static_cast<int32_t>(v));
      } else if (type == model::wire::kLength) {
        std::string_view packed;
        if (!c.Bytes(packed)) return false;
        for (Cursor p(packed); !p.done();) {
          if (!p.Varint(v)) return false;
          lists[list].push_back(static_cast<int32_t>(v));
        }
      } else {
        return false;
      }
      continue;
    }
    if (field == kAbsentees && type == model::wire::kLength) {
      std::string_view record;
      if (!c.Bytes(record)) return false;
      const int k = absentee++;
      // Its member_index, the last given as the generated parser keeps it.
      bool has_index = false;
      uint64_t index = 0;
      for (Cursor a(record); !a.done();) {
        uint32_t f, t;
        if (!a.Tag(f, t)) return false;
        if (f == kAbsenteeIndex && t == model::wire::kVarint) {
          if (!a.Varint(index)) return false;
          has_index = true;
        } else if (!a.Skip(f, t)) {
          return false;
        }
      }
      if (!has_index) {
        out.append(start, c.at());
        continue;
      }
      const std::optional<int32_t> now = place(2, k, static_cast<int32_t>(index));
      if (!now) {
        dropped(k, record);
        continue;
      }
      written.clear();
      for (Cursor a(record); !a.done();) {  // read through once above: well formed
        const char* from = a.at();
        uint32_t f = 0, t = 0;
        if (!a.Tag(f, t) || !a.Skip(f, t)) return false;
        if (f != kAbsenteeIndex || t != model::wire::kVarint) written.append(from, a.at());
      }
      written.push_back(static_cast<char>(kAbsenteeIndex << 3 | model::wire::kVarint));
      PutVarint(static_cast<uint64_t>(int64_t{*now}), written);
      out.push_back(static_cast<char>(kAbsentees << 3 | model::wire::kLength));
      PutVarint(written.size(), out);
      out += written;
      continue;
    }
    if (!c.Skip(field, type)) return false;
    out.append(start, c.at());
  }
  for (int list = 0; list < 2; ++list) {
    written.clear();
    for (size_t k = 0; k < lists[list].size(); ++k) {
      const std::optional<int32_t> now = place(list, static_cast<int>(k), lists[list][k]);
      if (now) PutVarint(static_cast<uint64_t>(int64_t{*now}), written);
    }
    if (written.empty()) continue;
    PutVarint((list == 0 ? kAttendeeIndexes : kTalkMemberIndexes) << 3 | model::wire::kLength, out);
    PutVarint(written.size(), out);
    out += written;
  }
  return true;
}

absl::StatusOr<std::string> HeldSnapshot::Write(bool delimited) const {
  using model::wire::PutVarint;
  constexpr size_t kMessage = size_t{16} << 20;
  std::string out, message;
  const auto flush = [&] {
    PutVarint(message.size(), out);
    out += message;
    message.clear();
  };
  if (schema_version != 0) {
    message.push_back(1 << 3);  // field 1, a varint
    PutVarint(static_cast<uint64_t>(int64_t{schema_version}), message);
  }
  ForEachList(*this, [&](int field, const HeldList& list) {
    for (int i = 0; i < list.size(); ++i) {
      const std::string_view record = list[i];
      message.push_back(static_cast<char>(field << 3 | 2));  // a length-delimited field
      PutVarint(record.size(), message);
      message += record;
      if (delimited && message.size() >= kMessage) flush();
    }
  });
  if (!delimited) {
    if (message.size() > static_cast<size_t>(INT_MAX)) {
      return absl::OutOfRangeError(StrCat("the snapshot is ", message.size(), " bytes, more than binary protobuf holds (write a delimited stream)"));
    }
    return message;
  }
  if (!message.empty() || out.empty()) flush();
  return out;
}

absl::Status HeldSnapshot::AppendTo(const LoadLimits& limits, model::Input& in) const {
  if (schema_version != 0) {
    if (schema_version != 1) {
      return model::Invalid("schemaVersion", StrCat("unsupported version ", schema_version, " (this library reads 1)"));
    }
    in.schema_version = schema_version;
  }
  // The lists in a load's order, cut in parts of a few megabytes, appended
  // on two threads as a stream's messages are, when there are several.
  constexpr size_t kPartBytes = size_t{4} << 20;
  const HeldList* const lists[] = {&units, &orgs, &members, &positions, &terms, &activities, &dues, &dues_ledger, &events};
  struct Part {
    int list, begin, end;
  };
  std::vector<Part> parts;
  size_t total = 0;
  for (int l = 0; l < static_cast<int>(std::size(lists)); ++l) {
    const HeldList& list = *lists[l];
    size_t bytes = 0;
    int begin = 0;
    for (int i = 0; i < list.size(); ++i) {
      bytes += list[i].size();
      total += list[i].size();
      if (bytes >= kPartBytes || i + 1 == list.size()) {
        parts.push_back({l, begin, i + 1});
        begin = i + 1;
        bytes = 0;
      }
    }
  }
  const auto append = [&](size_t k, model::Input& into) -> absl::Status {
    const Part& part = parts[k];
    model::RecordAppender appender(limits, into);
    // The part's records read into `view` (a wire view of their kind) and appended.
    const auto each = [&](const char* name, auto view) -> absl::Status {
      const HeldList& list = *lists[part.list];
      for (int i = part.begin; i < part.end; ++i) {
        bool well_formed;
        if constexpr (std::is_same_v<decltype(view), model::wire::Activity>) {
          well_formed = view.Parse(list[i], limits.max_depth - 1);  // within the snapshot
        } else {
          well_formed = view.Parse(list[i]);
        }
        if (!well_formed) return model::Invalid(model::At(name, i), "not a well-formed record (a string not UTF-8?)");
        DJ_RETURN_IF_ERROR(appender.Add(view));
      }
      return absl::OkStatus();
    };
    switch (part.list) {
      case 0: return each("units", model::wire::Unit());
      case 1: return each("orgs", model::wire::Org());
      case 2: return each("members", model::wire::Member());
      case 3: return each("positions", model::wire::Position());
      case 4: return each("terms", model::wire::Term());
      case 5: return each("activities", model::wire::Activity());
      case 6: return each("dues", model::wire::DuesPayment());
      case 7: return each("duesLedger", model::wire::DuesLedger());
      default: return each("events", model::wire::MemberEvent());
    }
  };
  return model::AppendInParts(parts.size(), total >= 2 * kPartBytes, append, limits, in);
}

}  // namespace dangjian
