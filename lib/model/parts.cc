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

#include "absl/container/flat_hash_map.h"
#include "lib/model/builder.h"
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

}  // namespace

absl::StatusOr<std::unique_ptr<PartedStream>> PartedStream::Open(const std::string& path, const LoadLimits& limits,
                                                                 uint64_t part_bytes) {
  if (SnapshotFormatFromPath(path) != SnapshotFormat::kDelimited) {
    return absl::OutOfRangeError("a check in parts reads a delimited stream (.djs)");
  }
  std::unique_ptr<PartedStream> s(new PartedStream());
  s->limits_ = limits;
  absl::StatusOr<std::unique_ptr<MappedFile>> file = MappedFile::Open(path);
  if (!file.ok()) return file.status();
  s->file_ = *std::move(file);
  const std::string_view bytes = s->file_->bytes();
  DJ_RETURN_IF_ERROR(InputLimit(bytes, limits));
  absl::Status framing;
  s->frames_ = Frames(bytes, framing, [&](size_t end) { s->file_->ReleaseBefore(end); });
  if (!framing.ok()) return framing;
  DJ_RETURN_IF_ERROR(s->ReadHierarchy());

  // Parts of consecutive messages, each of at least one message.
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
  return s;
}

absl::Status PartedStream::ReadHierarchy() {
  Input in;
  MemberTally tally;
  file_->Sequential();
  for (size_t k = 0; k < frames_.size(); ++k) {
    members_before_.push_back(tally.members);
    bool well_formed = true;
    const absl::Status appended = AppendHierarchy(frames_[k].body, limits_, in, tally, well_formed);
    if (!well_formed) {
      return absl::InvalidArgumentError(
          StrCat("message ", k, " (byte ", frames_[k].offset, "): not a dangjian.v1.Snapshot"));
    }
    DJ_RETURN_IF_ERROR(appended);
    file_->ReleaseBefore(frames_[k].body.data() + frames_[k].body.size() - file_->bytes().data());
  }
  members_before_.push_back(tally.members);
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
  absl::StatusOr<std::shared_ptr<Store>> hierarchy = BuildStore(std::move(in));
  if (!hierarchy.ok()) return hierarchy.status();
  hierarchy_ = *std::move(hierarchy);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const Store>> PartedStream::Load(size_t k) {
  const auto [first, end] = messages(k);
  const std::string_view bytes = file_->bytes();
  Input part;
  DJ_RETURN_IF_ERROR(AppendFrames(bytes, absl::MakeConstSpan(frames_).subspan(first, end - first), first, limits_,
                                  part, [&](size_t upto) { file_->ReleaseBefore(upto); }));
  DJ_RETURN_IF_ERROR(Confine(k, part));
  DJ_RETURN_IF_ERROR(AddOrgsAround(part));
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
  absl::flat_hash_map<OrgIndex, bool> present;  // hierarchy index: whether the part defines it
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
