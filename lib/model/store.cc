// The Store's lookups, its ids and its memory accounting.
#include "lib/model/store.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "absl/hash/hash.h"
#include "absl/strings/match.h"
#include "lib/hash_table.h"
#include "lib/huge_pages.h"
#include "lib/strings.h"

namespace dangjian {

// The set holds indices; hashing and comparing them reads their bytes, so an
// id costs its bytes, an 8-byte end and a 4-byte slot (plus a control byte).
struct Ids::Data {
  // An id looked up for the first slot whose hash bits match its own.
  struct Candidate {
    std::string_view id;
    int32_t* slot;
  };
  struct Hash {
    using is_transparent = void;
    const Data* data;
    size_t operator()(std::string_view id) const { return absl::Hash<absl::string_view>()(absl::string_view(id.data(), id.size())); }
    size_t operator()(int32_t i) const { return (*this)(data->At(i)); }
  };
  struct Eq {
    using is_transparent = void;
    const Data* data;
    bool operator()(int32_t a, int32_t b) const { return a == b || data->At(a) == data->At(b); }
    bool operator()(int32_t a, std::string_view b) const { return data->At(a) == b; }
    bool operator()(std::string_view a, int32_t b) const { return a == data->At(b); }
    // A candidate's slot taken, its bytes not read (Ids::Find of many).
    bool operator()(int32_t a, const Candidate& b) const;
  };

  std::string_view At(size_t i) const {
    const uint64_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes.data() + begin, ends[i] - begin);
  }

  // Grown apart (lib/hash_table.h), on huge pages: a province's index of
  // activities is some 80 MB, each lookup at a place of its own.
  using Index = HashSet<int32_t, Hash, Eq, HugePageAllocator<int32_t>>;

  // Indexes the ids not indexed yet, in order; the first repeat of all
  // indexed so far, if any.
  std::optional<std::pair<int32_t, int32_t>> Catch_up() {
    index.reserve(ends.size());
    for (size_t i = indexed; i < ends.size(); ++i) {
      auto [it, added] = index.insert(static_cast<int32_t>(i));
      if (!added && !repeat) repeat = std::make_pair(static_cast<int32_t>(i), *it);
    }
    indexed = ends.size();
    return repeat;
  }
  // Every id indexed, for a writer's call: no other call runs beside it, so
  // no lock is taken.
  void CatchUpAlone() {
    if (indexed == ends.size()) return;
    Catch_up();
    complete.store(true, std::memory_order_relaxed);
  }

  std::string bytes;
  std::vector<uint64_t> ends;
  Index index{0, Hash{this}, Eq{this}};
  size_t indexed = 0;  // ids [0, indexed) are in the index
  std::optional<std::pair<int32_t, int32_t>> repeat;  // the first id indexed that repeats an earlier one
  std::atomic<bool> complete{true};  // indexed == ends.size(), as seen from any thread
  std::mutex mu;  // taken to catch up
};

bool Ids::Data::Eq::operator()(int32_t a, const Candidate& b) const {
  *b.slot = a;
  return true;
}

Ids::Ids() : d_(std::make_unique<Data>()) {}
Ids::Ids(Ids&&) noexcept = default;
Ids& Ids::operator=(Ids&&) noexcept = default;
Ids::~Ids() = default;

size_t Ids::size() const { return d_->ends.size(); }
std::string_view Ids::operator[](size_t i) const { return d_->At(i); }

void Ids::Prefetch(size_t i, bool bytes) const {
  const Data& d = *d_;
  if (bytes) {
    __builtin_prefetch(d.At(i).data());
    return;
  }
  __builtin_prefetch(&d.ends[i]);
  if (i > 0) __builtin_prefetch(&d.ends[i - 1]);
}

std::optional<std::pair<int32_t, int32_t>> Ids::Index() const {
  std::lock_guard<std::mutex> lock(d_->mu);
  auto repeat = d_->Catch_up();
  d_->complete.store(true, std::memory_order_release);
  return repeat;
}

int32_t Ids::Find(std::string_view id) const {
  if (!d_->complete.load(std::memory_order_acquire)) Index();
  auto it = d_->index.find(id);
  return it == d_->index.end() ? kNone : *it;
}

void Ids::Find(absl::Span<const std::string_view> ids, int32_t* out) const {
  if (!d_->complete.load(std::memory_order_acquire)) Index();
  const Data& d = *d_;
  const Data::Index& index = d.index;
  // Each lookup waits on memory three times over: the table's group and
  // slot, the id's end, its bytes. Rather than one id after the other, the
  // whole list goes through each step before the next, the memory of the
  // next step asked for as each is taken. First, for each id, the first
  // slot whose hash bits match its own (almost always its own slot, when it
  // is there), found without reading any id's bytes; the groups of the next
  // few ids asked for meanwhile.
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < ids.size() && i < kAhead; ++i) index.prefetch(ids[i]);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i + kAhead < ids.size()) index.prefetch(ids[i + kAhead]);
    out[i] = kNone;
    index.find(Data::Candidate{ids[i], &out[i]}, Data::Hash{&d}(ids[i]));
    if (out[i] != kNone) Prefetch(out[i], false);
  }
  // Their bytes.
  for (size_t i = 0; i < ids.size(); ++i) {
    if (out[i] != kNone) Prefetch(out[i], true);
  }
  // Each candidate that is another id (its hash bits alike) looked up in full;
  // none matched: not there.
  for (size_t i = 0; i < ids.size(); ++i) {
    if (out[i] != kNone && d.At(out[i]) != ids[i]) {
      const auto it = index.find(ids[i]);
      out[i] = it == index.end() ? kNone : *it;
    }
  }
}

// A writer's call, never concurrent with another: no lock.
std::pair<int32_t, bool> Ids::Insert(std::string_view id) {
  Data& d = *d_;
  d.CatchUpAlone();
  // One hash of `id`, whether it is found or added.
  bool added = false;
  auto it = d.index.lazy_emplace(id, [&](const auto& construct) {
    d.bytes.append(id.data(), id.size());
    d.ends.push_back(d.bytes.size());
    construct(static_cast<int32_t>(d.ends.size() - 1));
    added = true;
  });
  d.indexed = d.ends.size();
  return {*it, added};
}

void Ids::Forget(int32_t i) {
  Data& d = *d_;
  d.CatchUpAlone();
  d.index.erase(i);
}

void Ids::Append(std::string_view id) {
  GrowOnHugePages(d_->bytes, d_->bytes.size() + id.size());
  GrowOnHugePages(d_->ends, d_->ends.size() + 1);
  d_->bytes.append(id.data(), id.size());
  d_->ends.push_back(d_->bytes.size());
  d_->complete.store(false, std::memory_order_relaxed);
}

void Ids::Clear() {
  Data& d = *d_;
  d.bytes.clear();
  d.ends.clear();
  d.index.clear();
  d.indexed = 0;
  d.repeat.reset();
  d.complete.store(true, std::memory_order_relaxed);
}

void Ids::Reserve(size_t more) {
  GrowOnHugePages(d_->ends, d_->ends.size() + more);
  GrowOnHugePages(d_->bytes, d_->bytes.size() + more * 16);
}

void AppendName(Ids& names, size_t index, std::string_view name) {
  if (name.empty() && names.size() == 0) return;
  while (names.size() < index) names.Append("");
  names.Append(name);
}

void Ids::Append(const Ids& more) {
  const Data& m = *more.d_;
  const size_t n = m.ends.size();  // `more` may be this Ids itself
  if (n == 0) return;
  const uint64_t base = d_->bytes.size();
  GrowOnHugePages(d_->bytes, base + m.bytes.size());
  GrowOnHugePages(d_->ends, d_->ends.size() + n);
  d_->bytes.append(m.bytes);
  for (size_t k = 0; k < n; ++k) d_->ends.push_back(base + m.ends[k]);
  d_->complete.store(false, std::memory_order_relaxed);
}

void Ids::Reorder(int32_t first, absl::Span<const int32_t> order) {
  Data& d = *d_;
  d.CatchUpAlone();
  if (order.empty()) return;
  const int32_t last = first + static_cast<int32_t>(order.size());
  // The range's bytes keep their length, so the ids after it stay where they are.
  const uint64_t begin = first == 0 ? 0 : d.ends[first - 1];
  std::string bytes;
  GrowOnHugePages(bytes, d.ends[last - 1] - begin);
  std::vector<uint64_t> ends;
  GrowOnHugePages(ends, order.size());
  ends.resize(order.size());
  std::vector<int32_t> new_of;
  GrowOnHugePages(new_of, order.size());
  new_of.resize(order.size());
  for (size_t k = 0; k < order.size(); ++k) {
    const std::string_view id = d.At(order[k]);
    bytes.append(id.data(), id.size());
    ends[k] = begin + bytes.size();
    new_of[order[k] - first] = first + static_cast<int32_t>(k);
  }
  d.bytes.replace(begin, bytes.size(), bytes);
  std::copy(ends.begin(), ends.end(), d.ends.begin() + first);
  const auto moved = [&](int32_t i) { return i >= first && i < last ? new_of[i - first] : i; };
  // Each slot of the set holds an index; the id there now is the one it
  // held before, so the slot's hash, and so its place, stay right.
  for (const int32_t& i : d.index) const_cast<int32_t&>(i) = moved(i);
  if (d.repeat) d.repeat = std::make_pair(moved(d.repeat->first), moved(d.repeat->second));
}

size_t Ids::MemoryBytes() const {
  return d_->bytes.capacity() + d_->ends.capacity() * sizeof(uint64_t) +
         d_->index.capacity() * (sizeof(int32_t) + 1);
}

std::optional<SnapshotFormat> SnapshotFormatFromPath(std::string_view path_view) {
  const absl::string_view path(path_view.data(), path_view.size());
  if (absl::EndsWithIgnoreCase(path, ".json")) return SnapshotFormat::kJson;
  if (absl::EndsWithIgnoreCase(path, ".pb") || absl::EndsWithIgnoreCase(path, ".bin")) {
    return SnapshotFormat::kBinary;
  }
  if (absl::EndsWithIgnoreCase(path, ".djs")) return SnapshotFormat::kDelimited;
  return std::nullopt;
}

bool IsBranchKind(OrgKind kind) {
  return kind == v1::Org::BRANCH || kind == v1::Org::JOINT_BRANCH ||
         kind == v1::Org::TEMPORARY_BRANCH;
}

OrgIndex Store::FindOrg(std::string_view id) const { return orgs_.id.Find(id); }
MemberIndex Store::FindMember(std::string_view id) const { return members_.id.Find(id); }
UnitIndex Store::FindUnit(std::string_view id) const { return units_.id.Find(id); }

int Store::FindTag(std::string_view tag) const {
  for (size_t i = 0; i < tags_.size(); ++i) {
    if (tags_[i] == tag) return static_cast<int>(i);
  }
  return -1;
}

int32_t Store::PaidYear(MemberIndex m, int year) const {
  const auto first = paid_years_.begin() + paid_offsets_[m], last = paid_years_.begin() + paid_offsets_[m + 1];
  const auto it = std::lower_bound(first, last, year);
  return it != last && *it == year ? static_cast<int32_t>(it - paid_years_.begin()) : kNone;
}

uint16_t Store::PaidMonths(MemberIndex m, int year) const {
  if (!paid_lists_.empty()) {
    const auto it = paid_lists_.find(m);
    if (it != paid_lists_.end()) {
      const auto& years = it->second;
      const auto at = std::lower_bound(years.begin(), years.end(), year,
                                       [](const std::pair<int16_t, uint16_t>& x, int y) { return x.first < y; });
      return at != years.end() && at->first == year ? at->second : 0;
    }
  }
  const int32_t i = PaidYear(m, year);
  return i == kNone ? 0 : paid_masks_[i];
}

std::vector<std::pair<int, uint16_t>> Store::PaidYears(MemberIndex m) const {
  std::vector<std::pair<int, uint16_t>> out;
  if (!paid_lists_.empty()) {
    const auto it = paid_lists_.find(m);
    if (it != paid_lists_.end()) {
      for (const auto& [year, months] : it->second) out.emplace_back(year, months);
      return out;
    }
  }
  for (uint32_t i = paid_offsets_[m]; i < paid_offsets_[m + 1]; ++i) out.emplace_back(paid_years_[i], paid_masks_[i]);
  return out;
}

Day Store::FirstPaid(MemberIndex m) const {
  if (!paid_lists_.empty()) {
    const auto it = paid_lists_.find(m);
    if (it != paid_lists_.end()) {
      for (const auto& [year, months] : it->second) {
        if (months != 0) return FirstMonthPaid(year, months);
      }
      return kNoDay;
    }
  }
  for (uint32_t i = paid_offsets_[m]; i < paid_offsets_[m + 1]; ++i) {
    if (paid_masks_[i] != 0) return FirstMonthPaid(paid_years_[i], paid_masks_[i]);
  }
  return kNoDay;
}

IndexList Store::ActivitiesFrom(OrgIndex o, Day day) const {
  const IndexList all = ActivitiesOf(o);
  uint32_t lo = 0, hi = all.size();
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    if (activities_.held_on[all[mid]] < day) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return all.From(lo);
}

bool Store::Present(MemberIndex m, ActivityIndex a) const {
  if (activities_.lecturer[a] == m) return true;
  const auto attendees = AttendeesOf(a);
  return std::find(attendees.begin(), attendees.end(), m) != attendees.end();
}

bool Store::AccountedFor(MemberIndex m, ActivityIndex a) const {
  const auto attendees = AttendeesOf(a);
  const auto absentees = AbsenteesOf(a);
  return std::find(attendees.begin(), attendees.end(), m) != attendees.end() ||
         std::any_of(absentees.begin(), absentees.end(), [m](const auto& x) { return x.member == m; });
}

}  // namespace dangjian

namespace dangjian {
namespace {

// Heap bytes of a string: none within its inline buffer.
size_t Bytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

// Heap bytes of a column; an Ids' go to `ids` instead.
template <typename T>
size_t Bytes(const std::vector<T>& v, size_t&) {
  return v.capacity() * sizeof(T);
}
size_t Bytes(const std::vector<std::string>& v, size_t&) {
  size_t bytes = v.capacity() * sizeof(std::string);
  for (const std::string& s : v) bytes += Bytes(s);
  return bytes;
}
size_t Bytes(const model::OrgOrder& v, size_t&) { return v.MemoryBytes(); }
size_t Bytes(const Ids& v, size_t& ids) {
  ids += v.MemoryBytes();
  return 0;
}

// Heap bytes of every column of a list.
template <typename List>
size_t Bytes(const List& list, size_t& ids) {
  size_t bytes = 0;
  List::ForEachColumn([&](auto column) { bytes += Bytes(list.*column, ids); });
  return bytes;
}

}  // namespace

std::vector<std::pair<std::string, size_t>> Store::MemoryBytes() const {
  size_t ids = 0;
  const auto bytes = [&ids](const auto&... columns) { return (Bytes(columns, ids) + ...); };
  const size_t attendees = bytes(activities_.attendees);
  std::vector<std::pair<std::string, size_t>> out = {
      {"orgs", bytes(orgs_, units_)},
      {"members", bytes(members_)},
      {"positions and terms", bytes(positions_, terms_)},
      {"activities", bytes(activities_) - attendees},
      {"attendees", attendees},
      {"dues", bytes(dues_, dues_offsets_, paid_offsets_, paid_years_, paid_masks_)},
      {"events", bytes(events_, event_offsets_)},
      {"index", bytes(lecture_offsets_, lectures_, talk_by_member_offsets_, talks_, decisions_about_offsets_,
                      decisions_about_)},
  };
  // A hash map's slots, each with its control byte, and what each holds on the heap.
  size_t notes = notes_.activities.capacity() * (sizeof(std::pair<const ActivityIndex, v1::Activity>) + 1) +
                 notes_.event_details.capacity() * (sizeof(std::pair<const uint32_t, std::string>) + 1);
  for (const auto& [a, note] : notes_.activities) notes += note.SpaceUsedLong() - sizeof(note);
  for (const auto& [e, detail] : notes_.event_details) notes += Bytes(detail);
  out.emplace_back("notes", notes);
  out.emplace_back("ids", ids);  // counted by the lists above
  return out;
}

}  // namespace dangjian
