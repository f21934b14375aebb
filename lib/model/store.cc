#include "lib/strings.h"
#include "dangjian/store.h"

#include <algorithm>

#include "absl/strings/match.h"

namespace dangjian {
namespace {

template <typename Map>
int32_t Find(const Map& map, std::string_view id) {
  auto it = map.find(id);
  return it == map.end() ? kNone : it->second;
}

}  // namespace

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

OrgIndex Store::FindOrg(std::string_view id) const { return Find(org_by_id_, id); }
MemberIndex Store::FindMember(std::string_view id) const { return Find(member_by_id_, id); }
UnitIndex Store::FindUnit(std::string_view id) const { return Find(unit_by_id_, id); }

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

bool Store::Present(MemberIndex m, ActivityIndex a) const {
  if (activities_.lecturer[a] == m) return true;
  const auto attendees = AttendeesOf(a);
  return std::find(attendees.begin(), attendees.end(), m) != attendees.end();
}

}  // namespace dangjian
