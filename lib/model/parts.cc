// A delimited stream read a part at a time.
//
// The first pass reads the hierarchy alone: units and orgs appended as a load
// appends them, members only counted by org and status, every other record
// passed over. The counts, carried up the hierarchy, give every org the
// members of its whole subtree. A part is then appended as a stream is, its
// member positions moved to the part's own, and the orgs around its own added
// from the hierarchy as outside orgs, each carrying the members of its
// subtree that the part does not hold: so every org of the part, its own and
// the outside ones, counts the members of its subtree across the stream.
#include "lib/model/parts.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string_view>

#include "lib/hash_table.h"
#include "lib/model/builder.h"
#include "lib/model/wire.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian::model {
namespace {

constexpr std::string_view kApart = "a check in parts needs each record in the part that defines its org";

// The symbols `symbols` holds that no record of the part defines but that
// `defined_elsewhere` knows.
template <typename Known>
std::vector<uint8_t> Elsewhere(const Symbols& symbols, Known defined_elsewhere) {
  std::vector<uint8_t> out(symbols.defined.size(), 0);
  for (size_t s = 0; s < out.size(); ++s) {
    out[s] = symbols.defined[s] == kNone && defined_elsewhere(symbols.ids[s]);
  }
  return out;
}

// The record whose list, by CSR `offsets`, holds entry k.
size_t Owner(const std::vector<uint32_t>& offsets, size_t k) {
  return std::upper_bound(offsets.begin(), offsets.end(), static_cast<uint32_t>(k)) - offsets.begin() - 1;
}

constexpr std::string_view kHierarchyFile = "hierarchy.djs", kIndexFile = "parts.pb";

bool GetVarint(std::string_view& in, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto b = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    v |= uint64_t{b & 0x7Fu} << shift;
    if (b < 0x80) return true;
  }
  return false;
}

// The fields of a Snapshot message's wire bytes that the hierarchy reads
// (schema_version, units, orgs), copied as they are; every other field
// passed over. The message was read well-formed before.
std::string HierarchyFields(std::string_view message) {
  std::string out;
  while (!message.empty()) {
    const std::string_view field = message;
    uint64_t tag = 0, n = 0;
    if (!GetVarint(message, tag)) break;
    switch (tag & 7) {
      case 0: GetVarint(message, n); break;
      case 1: message.remove_prefix(std::min<size_t>(8, message.size())); break;
      case 5: message.remove_prefix(std::min<size_t>(4, message.size())); break;
      case 2:
        if (!GetVarint(message, n) || n > message.size()) return out;
        message.remove_prefix(n);
        break;
      default: return out;  // a group: no field of the schema
    }
    const uint64_t number = tag >> 3;
    if (number >= 1 && number <= 3) out.append(field.substr(0, field.size() - message.size()));
  }
  return out;
}

absl::Status CannotWrite(const std::string& path) {
  return absl::PermissionDeniedError(StrCat("cannot write \"", path, "\""));
}

absl::Status WriteWhole(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  return out ? absl::OkStatus() : CannotWrite(path);
}

// Day `a` before `b`, kNoDay being none: after every day.
bool Earlier(Day a, Day b) { return b == kNoDay || (a != kNoDay && a < b); }

// The first month with dues on record across a stream (Store::dues_since),
// found in the pass that reads its hierarchy, a message at a time: the
// earliest month a dues record pays that names a member its part's Store
// places. By position, a member of the stream (one of another part fails
// the part's load); by id, a member of the same part (an id of another
// part's member names no member there). So it is the earliest of the parts'
// own, which is the whole stream's wherever a check in parts finds what a
// whole check finds.
class FirstDuesMonth {
 public:
  // Records that cannot move it are not tallied.
  Day Before() const { return first_; }

  // The dues records and member ids of the message just tallied.
  void Message(const MemberTally& tally) {
    bool by_id = false;
    for (const MemberTally::Dues& d : tally.dues) {
      if (!Earlier(d.month, first_)) continue;
      if (d.position < 0) {
        by_id = true;
      } else if (static_cast<uint64_t>(d.position) < tally.members) {  // a member before it, or in it
        first_ = d.month;
      } else {  // perhaps a member of a later message
        auto [at, added] = ahead_.emplace(d.month, d.position);
        if (!added) at->second = std::min(at->second, d.position);
      }
    }
    if (!by_id) return;
    HashSet<std::string_view> members;
    members.insert(tally.member_ids.begin(), tally.member_ids.end());
    for (const MemberTally::Dues& d : tally.dues) {
      if (d.position >= 0 || !Earlier(d.month, first_)) continue;
      if (members.contains(d.id)) {
        first_ = d.month;
      } else {  // perhaps a member of another message of the part
        auto [at, added] = elsewhere_.try_emplace(absl::string_view(d.id.data(), d.id.size()), d.month);
        if (!added) at->second = std::min(at->second, d.month);
      }
    }
  }

  // The end of a part: the ids its messages named apart from their members
  // sought among the members of all its messages, whose ids
  // `each_member_id(f)` calls f with.
  void PartEnd(const std::function<void(const std::function<void(std::string_view)>&)>& each_member_id) {
    absl::erase_if(elsewhere_, [&](const auto& named) { return !Earlier(named.second, first_); });
    if (!elsewhere_.empty()) {
      each_member_id([&](std::string_view id) {
        const auto at = elsewhere_.find(absl::string_view(id.data(), id.size()));
        if (at != elsewhere_.end() && Earlier(at->second, first_)) first_ = at->second;
      });
    }
    elsewhere_.clear();
  }

  // Once every message is in, of `members` in all.
  Day Of(uint64_t members) const {
    for (const auto& [month, position] : ahead_) {
      if (!Earlier(month, first_)) break;
      if (static_cast<uint64_t>(position) < members) return month;
    }
    return first_;
  }

 private:
  Day first_ = kNoDay;  // of the records known to name a member
  std::map<Day, int64_t> ahead_;  // by month: the least position past the members read when it was named
  // Of the part: the ids named in a message without their member, each with
  // the earliest month it pays; no more than the part's members named.
  HashMap<std::string, Day> elsewhere_;
};

}  // namespace

std::string PartFile(const std::string& dir, size_t k) {
  char name[32];
  std::snprintf(name, sizeof name, "part-%05zu.djs", k);
  return (std::filesystem::path(dir) / name).string();
}

absl::StatusOr<std::unique_ptr<PartedStream>> PartedStream::Open(const std::string& path, const LoadLimits& limits,
                                                                 uint64_t part_bytes) {
  if (SnapshotFormatFromPath(path) != SnapshotFormat::kDelimited) {
    return absl::OutOfRangeError("a check in parts reads a delimited stream (.djs)");
  }
  std::unique_ptr<PartedStream> s(new PartedStream());
  s->limits_ = limits;
  s->path_ = path;
  absl::StatusOr<std::unique_ptr<MappedFile>> file = MappedFile::Open(path);
  if (!file.ok()) return file.status();
  s->file_ = *std::move(file);
  DJ_RETURN_IF_ERROR(InputLimit(s->file_->bytes(), limits));
  absl::Status framing;
  s->frames_ = Frames(Source(*s->file_), framing);
  if (!framing.ok()) return framing;
  // Parts of consecutive messages, each of at least one message: cut before
  // the hierarchy is read, which finds the first month of dues part by part.
  s->part_begin_.push_back(0);
  size_t part_start = 0;
  for (size_t k = 0; k < s->frames_.size(); ++k) {
    const Frame& f = s->frames_[k];
    if (k > s->part_begin_.back() && f.offset - part_start + f.body.size() > part_bytes) {
      s->part_begin_.push_back(k);
      part_start = f.offset;
    }
  }
  if (s->frames_.size() > 0) s->part_begin_.push_back(s->frames_.size());
  DJ_RETURN_IF_ERROR(s->ReadHierarchy());
  return s;
}

absl::Status PartedStream::ReadHierarchy() {
  Input in;
  MemberTally tally;
  FirstDuesMonth dues;
  file_->Sequential();
  size_t part = 0;
  for (size_t k = 0; k < frames_.size(); ++k) {
    members_before_.push_back(tally.members);
    bool well_formed = true;
    tally.dues_before = dues.Before();
    const absl::Status appended = AppendHierarchy(frames_[k].body, limits_, in, tally, well_formed);
    if (!well_formed) {
      return absl::InvalidArgumentError(
          StrCat("message ", k, " (byte ", frames_[k].offset, "): not a dangjian.v1.Snapshot"));
    }
    DJ_RETURN_IF_ERROR(appended);
    dues.Message(tally);
    file_->ReleaseBefore(frames_[k].EndIn(file_->bytes()));
    if (k + 1 == part_begin_[part + 1]) {
      dues.PartEnd([&](const std::function<void(std::string_view)>& each) {
        // Rare: a part whose dues name members by id in another message
        // than theirs. Its messages' members read again, each alone.
        for (size_t j = part_begin_[part]; j <= k; ++j) {
          Input scratch;
          MemberTally members;
          bool read = true;
          AppendHierarchy(frames_[j].body, limits_, scratch, members, read).IgnoreError();
          for (std::string_view id : members.member_ids) each(id);
        }
      });
      ++part;
    }
  }
  members_before_.push_back(tally.members);
  dues_since_ = dues.Of(tally.members);
  if (tally.members > uint64_t{0x7FFFFFFF}) {
    return absl::InvalidArgumentError(StrCat(tally.members, " members, more than a check in parts can number"));
  }
  // Each org carries its own members up its ancestors; it holds none itself.
  Input::Orgs& orgs = in.orgs;
  for (int32_t symbol : orgs.symbol) {
    const auto s = static_cast<size_t>(symbol);
    orgs.carried_full.push_back(s < tally.full.size() ? tally.full[s] : 0);
    orgs.carried_probationary.push_back(s < tally.probationary.size() ? tally.probationary[s] : 0);
  }
  own_full_ = orgs.carried_full;
  own_probationary_ = orgs.carried_probationary;
  absl::StatusOr<std::shared_ptr<Store>> hierarchy = BuildStore(std::move(in));
  if (!hierarchy.ok()) return hierarchy.status();
  hierarchy_ = *std::move(hierarchy);
  return absl::OkStatus();
}

absl::StatusOr<v1::PartsIndex> ReadPartsIndex(const std::string& dir) {
  const std::string index_path = (std::filesystem::path(dir) / kIndexFile).string();
  std::ifstream in(index_path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read \"", index_path, "\": not a directory of parts"));
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  v1::PartsIndex index;
  const auto bad = [&](std::string_view what) {
    return absl::InvalidArgumentError(StrCat(index_path, ": ", what, "; split the export again"));
  };
  if (!index.ParseFromString(bytes)) return bad("not a dangjian.v1.PartsIndex");
  if (index.schema_version() != 1) return bad(StrCat("schema version ", index.schema_version(), ", not 1"));
  const auto& begin = index.part_begin();
  if (begin.empty() || begin[0] != 0 || std::adjacent_find(begin.begin(), begin.end(), std::greater_equal<>()) != begin.end() ||
      static_cast<uint64_t>(index.members_before_size()) != begin[begin.size() - 1] + 1 ||
      index.own_full_size() != index.own_probationary_size() || index.part_bytes_size() + 1 != begin.size()) {
    return bad("its parts, members and orgs do not agree");
  }
  if (!index.dues_since().empty() && !ParseMonth(index.dues_since())) {
    return bad(StrCat("duesSince \"", index.dues_since(), "\" is not a month (YYYY-MM)"));
  }
  return index;
}

absl::StatusOr<std::unique_ptr<PartedStream>> PartedStream::OpenSplit(const std::string& dir, const LoadLimits& limits) {
  absl::StatusOr<v1::PartsIndex> index = ReadPartsIndex(dir);
  if (!index.ok()) return index.status();
  const auto& begin = index->part_begin();
  std::unique_ptr<PartedStream> s(new PartedStream());
  s->limits_ = limits;
  s->dir_ = dir;
  s->part_begin_.assign(begin.begin(), begin.end());
  s->part_bytes_.assign(index->part_bytes().begin(), index->part_bytes().end());
  s->members_before_.assign(index->members_before().begin(), index->members_before().end());
  // An index written before it carried the month says none: each part then
  // begins its dues with its own records, as a check in parts once did.
  if (!index->dues_since().empty()) s->dues_since_ = *ParseMonth(index->dues_since());
  DJ_RETURN_IF_ERROR(s->ReadSplitHierarchy((std::filesystem::path(dir) / kHierarchyFile).string(), *index));
  return s;
}

absl::Status PartedStream::ReadSplitHierarchy(const std::string& path, const v1::PartsIndex& index) {
  absl::StatusOr<std::unique_ptr<MappedFile>> file = MappedFile::Open(path);
  if (!file.ok()) return file.status();
  MappedFile& f = **file;
  f.Sequential();
  absl::Status framing;
  const std::vector<Frame> frames = Frames(Source(f), framing);
  if (!framing.ok()) return absl::Status(framing.code(), StrCat(path, ": ", framing.message()));
  Input in;
  MemberTally none;
  for (size_t k = 0; k < frames.size(); ++k) {
    bool well_formed = true;
    const absl::Status appended = AppendHierarchy(frames[k].body, limits_, in, none, well_formed);
    if (!well_formed) return absl::InvalidArgumentError(StrCat(path, ": message ", k, ": not a dangjian.v1.Snapshot"));
    if (!appended.ok()) return absl::Status(appended.code(), StrCat(path, ": ", appended.message()));
  }
  Input::Orgs& orgs = in.orgs;
  if (orgs.symbol.size() != static_cast<size_t>(index.own_full_size())) {
    return absl::InvalidArgumentError(StrCat(path, ": ", orgs.symbol.size(), " orgs where the index counts members of ",
                                             index.own_full_size(), "; split the export again"));
  }
  orgs.carried_full.assign(index.own_full().begin(), index.own_full().end());
  orgs.carried_probationary.assign(index.own_probationary().begin(), index.own_probationary().end());
  absl::StatusOr<std::shared_ptr<Store>> hierarchy = BuildStore(std::move(in));
  if (!hierarchy.ok()) return absl::Status(hierarchy.status().code(), StrCat(path, ": ", hierarchy.status().message()));
  hierarchy_ = *std::move(hierarchy);
  return absl::OkStatus();
}

absl::Status PartedStream::Split(const std::string& dir, const std::function<void(size_t k)>& written) const {
  std::error_code made;
  std::filesystem::create_directories(dir, made);
  if (made) return CannotWrite(dir);
  const std::string_view bytes = file_->bytes();
  file_->Sequential();
  v1::PartsIndex index;
  index.set_schema_version(1);
  index.set_export_name(std::filesystem::path(path_).filename().string());
  index.set_export_bytes(bytes.size());
  index.mutable_part_begin()->Assign(part_begin_.begin(), part_begin_.end());
  index.mutable_members_before()->Assign(members_before_.begin(), members_before_.end());
  index.mutable_own_full()->Assign(own_full_.begin(), own_full_.end());
  index.mutable_own_probationary()->Assign(own_probationary_.begin(), own_probationary_.end());
  if (dues_since_ != kNoDay) index.set_dues_since(FormatDate(dues_since_).substr(0, 7));

  const std::string hierarchy_path = (std::filesystem::path(dir) / kHierarchyFile).string();
  std::ofstream hierarchy(hierarchy_path, std::ios::binary | std::ios::trunc);
  std::string message, prefix;
  for (const Frame& frame : frames_) {
    message = HierarchyFields(frame.body);
    if (message.empty()) continue;
    prefix.clear();
    wire::PutVarint(message.size(), prefix);
    hierarchy << prefix << message;
    file_->ReleaseBefore(frame.EndIn(bytes));
  }
  hierarchy.close();
  if (!hierarchy) return CannotWrite(hierarchy_path);

  for (size_t k = 0; k < parts(); ++k) {
    const auto [first, end] = messages(k);
    const size_t from = frames_[first].offset;
    const size_t to = frames_[end - 1].EndIn(bytes);
    DJ_RETURN_IF_ERROR(WriteWhole(PartFile(dir, k), bytes.substr(from, to - from)));
    index.add_part_bytes(to - from);
    file_->ReleaseBefore(to);
    written(k);
  }
  return WriteWhole((std::filesystem::path(dir) / kIndexFile).string(), index.SerializeAsString());
}

absl::StatusOr<std::shared_ptr<const Store>> PartedStream::Load(size_t k) {
  const auto [first, end] = messages(k);
  Input part;
  if (dir_.empty()) {
    DJ_RETURN_IF_ERROR(
        AppendFrames(Source(*file_), absl::MakeConstSpan(frames_).subspan(first, end - first), first, limits_, part));
  } else {
    const std::string path = PartFile(dir_, k);
    absl::StatusOr<std::unique_ptr<MappedFile>> file = MappedFile::Open(path);
    if (!file.ok()) return file.status();
    MappedFile& f = **file;
    f.Sequential();
    DJ_RETURN_IF_ERROR(InputLimit(f.bytes(), limits_));
    absl::Status framing;
    const std::vector<Frame> frames = Frames(Source(f), framing);
    if (!framing.ok()) return absl::Status(framing.code(), StrCat(path, ": ", framing.message()));
    if (f.bytes().size() != part_bytes_[k] || frames.size() != end - first) {
      return absl::InvalidArgumentError(StrCat(path, ": ", f.bytes().size(), " bytes, ", frames.size(),
                                               " messages where the index has ", part_bytes_[k], " bytes, ", end - first,
                                               "; the file of another split?"));
    }
    DJ_RETURN_IF_ERROR(AppendFrames(Source(f), frames, first, limits_, part));
  }
  DJ_RETURN_IF_ERROR(Confine(k, part));
  DJ_RETURN_IF_ERROR(AddOrgsAround(part));
  part.dues_since = dues_since_;
  absl::StatusOr<std::shared_ptr<Store>> store = BuildStore(std::move(part));
  if (!store.ok()) return store.status();
  return std::shared_ptr<const Store>(*std::move(store));
}

// Refuses a record that names an org or unit another part defines, or a
// member by a position in another part; moves the other positions to the
// part's own.
absl::Status PartedStream::Confine(size_t k, Input& part) const {
  const Store& h = *hierarchy_;
  const std::vector<uint8_t> org_elsewhere =
      Elsewhere(part.org_ids, [&](std::string_view id) { return h.FindOrg(id) != kNone; });
  const std::vector<uint8_t> unit_elsewhere =
      Elsewhere(part.unit_ids, [&](std::string_view id) { return h.FindUnit(id) != kNone; });
  const auto apart = [](std::string path, std::string_view what, std::string_view id) {
    return Invalid(path, StrCat(what, " \"", id, "\" is defined in another part of the stream; ", kApart));
  };
  const auto orgs_named = [&](std::string_view list, const std::vector<int32_t>& column,
                              std::string_view field) -> absl::Status {
    for (size_t i = 0; i < column.size(); ++i) {
      if (column[i] != kNone && org_elsewhere[column[i]]) return apart(At(list, i, field), "org", part.org_ids.ids[column[i]]);
    }
    return absl::OkStatus();
  };
  DJ_RETURN_IF_ERROR(orgs_named("members", part.members.org, "orgId"));
  DJ_RETURN_IF_ERROR(orgs_named("members", part.members.group, "groupId"));
  DJ_RETURN_IF_ERROR(orgs_named("members", part.members.home, "homeOrgId"));
  DJ_RETURN_IF_ERROR(orgs_named("positions", part.positions.org, "orgId"));
  DJ_RETURN_IF_ERROR(orgs_named("terms", part.terms.org, "orgId"));
  DJ_RETURN_IF_ERROR(orgs_named("activities", part.activities.org, "orgId"));
  for (size_t i = 0; i < part.members.unit.size(); ++i) {
    const int32_t u = part.members.unit[i];
    if (u != kNone && unit_elsewhere[u]) return apart(At("members", i, "unitId"), "unit", part.unit_ids.ids[u]);
  }
  const Input::Orgs& orgs = part.orgs;
  for (size_t i = 0; i + 1 < orgs.unit_offsets.size(); ++i) {
    for (uint32_t j = orgs.unit_offsets[i]; j < orgs.unit_offsets[i + 1]; ++j) {
      if (unit_elsewhere[orgs.units[j]]) {
        return apart(StrCat(At("orgs", i, "unitIds"), "[", j - orgs.unit_offsets[i], "]"), "unit",
                     part.unit_ids.ids[orgs.units[j]]);
      }
    }
  }

  // Positions: those of the part's members move to the part's own; those
  // past every member stay, to be reported as naming none.
  const auto [first, end] = messages(k);
  const uint64_t base = members_before_[first], past = members_before_[end], total = members_before_.back();
  const auto rebase = [&](MemberRef& ref) {
    if (ref == kNoMemberRef || !(ref & kByPosition)) return true;
    const uint64_t p = ref & ~kByPosition;
    if (p >= base && p < past) {
      ref = kByPosition | static_cast<MemberRef>(p - base);
      return true;
    }
    return p >= total;
  };
  const auto member_apart = [&](std::string path, MemberRef ref) {
    return Invalid(path, StrCat("member at position ", ref & ~kByPosition, " is in another part of the stream; ", kApart));
  };
  Input::Activities& a = part.activities;
  for (size_t j = 0; j < a.attendees.size(); ++j) {
    auto ref = static_cast<MemberRef>(a.attendees[j]);
    if (!rebase(ref)) return member_apart(At("activities", Owner(a.attendee_offsets, j), "attendeeIndexes"), ref);
    a.attendees[j] = static_cast<int32_t>(ref);
  }
  for (size_t j = 0; j < a.talks.size(); ++j) {
    if (!rebase(a.talks[j])) return member_apart(At("activities", Owner(a.talk_offsets, j), "talkMemberIndexes"), a.talks[j]);
  }
  for (size_t j = 0; j < a.absentees.size(); ++j) {
    if (!rebase(a.absentees[j].first)) {
      return member_apart(At("activities", Owner(a.absentee_offsets, j), "absentees"), a.absentees[j].first);
    }
  }
  for (auto [list, column] : {std::pair{"dues", &part.dues.member}, std::pair{"duesLedger", &part.ledger.member}}) {
    for (size_t i = 0; i < column->size(); ++i) {
      if (!rebase((*column)[i])) return member_apart(At(list, i, "memberIndex"), (*column)[i]);
    }
  }
  return absl::OkStatus();
}

// Adds, from the hierarchy, the ancestors of the part's orgs and their
// children that the part does not define, as outside orgs. An outside org
// carries the members of its subtree less those under its children in the
// part: added up in the part, every org's subtree counts the stream's.
absl::Status PartedStream::AddOrgsAround(Input& part) const {
  const Store& h = *hierarchy_;
  const Store::Orgs& ho = h.orgs();
  Input::Orgs& orgs = part.orgs;
  const size_t own = orgs.symbol.size();
  orgs.outside.assign(own, 0);
  orgs.carried_full.assign(own, 0);
  orgs.carried_probationary.assign(own, 0);

  std::vector<OrgIndex> in_hierarchy(own);     // of the part's own orgs
  HashMap<OrgIndex, bool> present;  // hierarchy index: whether the part defines it
  std::vector<OrgIndex> around;                 // in the order found
  for (size_t i = 0; i < own; ++i) present[in_hierarchy[i] = h.FindOrg(part.org_ids.ids[orgs.symbol[i]])] = true;
  for (size_t i = 0; i < own; ++i) {
    const OrgIndex o = in_hierarchy[i];
    for (OrgIndex c : h.Children(o)) {
      if (present.contains(c)) continue;
      if (ho.kind[c] == v1::Org::PARTY_GROUP) {
        return Invalid(At("orgs", i), StrCat("its party group \"", ho.id[c], "\" is defined in another part of the stream; ",
                                             "a check in parts needs a party group in the part of its org"));
      }
      present[c] = false;
      around.push_back(c);
    }
    for (OrgIndex p = ho.parent[o]; p != kNone && !present.contains(p); p = ho.parent[p]) {
      present[p] = false;
      around.push_back(p);
    }
  }
  for (OrgIndex o : around) {
    uint32_t full = ho.subtree_full[o], probationary = ho.subtree_probationary[o];
    for (OrgIndex c : h.Children(o)) {
      if (!present.contains(c)) continue;
      full -= ho.subtree_full[c];
      probationary -= ho.subtree_probationary[c];
    }
    const int32_t symbol = part.org_ids.Ref(ho.id[o]);  // named by the part at most, not defined
    part.org_ids.defined[symbol] = static_cast<int32_t>(orgs.symbol.size());
    orgs.symbol.push_back(symbol);
    orgs.parent.push_back(ho.parent[o] == kNone ? kNone : part.org_ids.Ref(ho.id[ho.parent[o]]));
    orgs.name.push_back(ho.name[o]);
    orgs.kind.push_back(ho.kind[o]);
    orgs.established.push_back(ho.established_on[o]);
    orgs.dissolved.push_back(ho.dissolved_on[o]);
    orgs.approved_exception.push_back(ho.approved_exception[o]);
    orgs.unit_offsets.push_back(orgs.units.size());
    orgs.outside.push_back(1);
    orgs.carried_full.push_back(full);
    orgs.carried_probationary.push_back(probationary);
  }
  return absl::OkStatus();
}

}  // namespace dangjian::model
