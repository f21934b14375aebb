#include "lib/strings.h"
#include "dangjian/store.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/match.h"

namespace dangjian {

// The set holds indices; hashing and comparing them reads their bytes, so an
// id costs its bytes, an 8-byte end and a 4-byte slot (plus a control byte).
struct Ids::Data {
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
  };

  std::string_view At(size_t i) const {
    const uint64_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes.data() + begin, ends[i] - begin);
  }

  // Indexes the ids not indexed yet, in order; the first repeat, if any.
  std::optional<std::pair<int32_t, int32_t>> Catch_up() {
    std::optional<std::pair<int32_t, int32_t>> repeat;
    index.reserve(ends.size());
    for (size_t i = indexed; i < ends.size(); ++i) {
      auto [it, added] = index.insert(static_cast<int32_t>(i));
      if (!added && !repeat) repeat = std::make_pair(static_cast<int32_t>(i), *it);
    }
    indexed = ends.size();
    return repeat;
  }

  std::string bytes;
  std::vector<uint64_t> ends;
  absl::flat_hash_set<int32_t, Hash, Eq> index{0, Hash{this}, Eq{this}};
  size_t indexed = 0;  // ids [0, indexed) are in the index
  std::atomic<bool> complete{true};  // indexed == ends.size(), as seen from any thread
  std::mutex mu;  // taken to catch up
};

Ids::Ids() : d_(std::make_unique<Data>()) {}
Ids::Ids(Ids&&) noexcept = default;
Ids& Ids::operator=(Ids&&) noexcept = default;
Ids::~Ids() = default;

size_t Ids::size() const { return d_->ends.size(); }
std::string_view Ids::operator[](size_t i) const { return d_->At(i); }

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

// A writer's call, never concurrent with another: no lock.
std::pair<int32_t, bool> Ids::Insert(std::string_view id) {
  Data& d = *d_;
  if (d.indexed != d.ends.size()) {
    d.Catch_up();
    d.complete.store(true, std::memory_order_relaxed);
  }
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

void Ids::Append(std::string_view id) {
  d_->bytes.append(id.data(), id.size());
  d_->ends.push_back(d_->bytes.size());
  d_->complete.store(false, std::memory_order_relaxed);
}

void Ids::Append(const Ids& more) {
  const Data& m = *more.d_;
  const size_t n = m.ends.size();  // `more` may be this Ids itself
  if (n == 0) return;
  const uint64_t base = d_->bytes.size();
  d_->bytes.append(m.bytes);
  for (size_t k = 0; k < n; ++k) d_->ends.push_back(base + m.ends[k]);
  d_->complete.store(false, std::memory_order_relaxed);
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

uint16_t Store::PaidMonths(MemberIndex m, int year) const {
  const auto first = paid_years_.begin() + paid_offsets_[m], last = paid_years_.begin() + paid_offsets_[m + 1];
  const auto it = std::lower_bound(first, last, year);
  return it != last && *it == year ? paid_masks_[it - paid_years_.begin()] : 0;
}

std::vector<std::pair<int, uint16_t>> Store::PaidYears(MemberIndex m) const {
  std::vector<std::pair<int, uint16_t>> out;
  for (uint32_t i = paid_offsets_[m]; i < paid_offsets_[m + 1]; ++i) out.emplace_back(paid_years_[i], paid_masks_[i]);
  return out;
}

bool Store::Present(MemberIndex m, ActivityIndex a) const {
  if (activities_.lecturer[a] == m) return true;
  const auto attendees = AttendeesOf(a);
  return std::find(attendees.begin(), attendees.end(), m) != attendees.end();
}

}  // namespace dangjian

namespace dangjian {
namespace {

template <typename T>
size_t Bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}
template <typename T, typename... More>
size_t Bytes(const std::vector<T>& v, const More&... more) {
  return Bytes(v) + Bytes(more...);
}

}  // namespace

std::vector<std::pair<std::string, size_t>> Store::MemoryBytes() const {
  const Orgs& o = orgs_;
  const Members& m = members_;
  const Activities& a = activities_;
  size_t names = 0;
  for (const auto* list : {&o.name, &units_.name}) {
    for (const std::string& n : *list) names += n.capacity() > 15 ? n.capacity() + 1 : 0;
  }
  return {
      {"orgs", Bytes(o.name, o.kind, o.parent, o.subtree_end, o.established_on, o.dissolved_on,
                     o.approved_exception, o.child_offsets, o.children, o.unit_offsets, o.units, o.member_offsets,
                     o.own_full, o.own_probationary, o.subtree_full, o.subtree_probationary, o.position_offsets,
                     o.term_offsets, o.activity_offsets, o.outside) + names},
      {"members", Bytes(m.org, m.group, m.unit, m.status, m.admitted_on, m.full_on, m.lost_contact_since,
                        m.probation_extended_months, m.leading_cadre, m.dues_exempt_approved, m.dues_category,
                        m.monthly_income_cents)},
      {"positions and terms", Bytes(positions_.org, positions_.member, positions_.role, positions_.since,
                                    positions_.until, positions_.approved, terms_.org, terms_.number,
                                    terms_.started_on, terms_.ended_on, terms_.adjust_months, terms_.adjust_approved)},
      {"activities", Bytes(a.org, a.kind, a.held_on, a.recorded, a.lecturer, a.makeup_for, a.unowned_resolutions,
                           a.attendee_begin, a.attendee_end, a.tag_offsets, a.absentee_offsets, a.decision_offsets,
                           a.talk_offsets, a.talk_members, a.tags, a.absentees, a.decisions, a.decision_subjects)},
      {"attendees", Bytes(a.attendees)},
      {"dues", Bytes(dues_.member, dues_.month, dues_.amount_cents, dues_.paid_on, dues_offsets_, paid_offsets_,
                     paid_years_, paid_masks_)},
      {"events", Bytes(events_.member, events_.kind, events_.on, events_.grade, event_offsets_)},
      {"index", Bytes(lecture_offsets_, lectures_, talk_by_member_offsets_, talks_, decisions_about_offsets_,
                      decisions_about_)},
      {"ids", o.id.MemoryBytes() + m.id.MemoryBytes() + units_.id.MemoryBytes() + a.id.MemoryBytes()},
  };
}

}  // namespace dangjian
