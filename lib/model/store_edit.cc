#include "lib/model/store_edit.h"

namespace dangjian::model {

// In preorder an org comes before its subtree: from the last org to the
// first, each org's count is complete when it is added to its parent's.
void CountSubtrees(Store::Orgs& orgs, const std::vector<uint32_t>& carried_full,
                   const std::vector<uint32_t>& carried_probationary) {
  orgs.subtree_full = orgs.own_full;
  orgs.subtree_probationary = orgs.own_probationary;
  for (size_t o = 0; o < carried_full.size(); ++o) {
    orgs.subtree_full[o] += carried_full[o];
    orgs.subtree_probationary[o] += carried_probationary[o];
  }
  for (OrgIndex o = static_cast<OrgIndex>(orgs.size()) - 1; o >= 0; --o) {
    const OrgIndex p = orgs.parent[o];
    if (p == kNone) continue;
    orgs.subtree_full[p] += orgs.subtree_full[o];
    orgs.subtree_probationary[p] += orgs.subtree_probationary[o];
  }
}

void StoreEdit::SetStatus(MemberIndex m, MemberStatus status, Day full_on) {
  Store::Orgs& orgs = s_.orgs_;
  const MemberStatus before = s_.members_.status[m];
  const OrgIndex o = s_.members_.org[m];
  if (o != kNone && before != status) {
    for (OrgIndex a = o; a != kNone; a = orgs.parent[a]) {
      --SubtreeCount(orgs, before)[a];
      ++SubtreeCount(orgs, status)[a];
    }
    --OwnCount(orgs, before)[o];
    ++OwnCount(orgs, status)[o];
  }
  s_.members_.status[m] = status;
  s_.members_.full_on[m] = full_on;
}

bool StoreEdit::AddPaidMonths(MemberIndex m, int year, uint16_t months) {
  const int32_t i = s_.PaidYear(m, year);
  if (i == kNone) return false;
  if (months != 0 && FirstMonthPaid(year, months) < s_.dues_since_) return false;
  s_.paid_masks_[i] |= months;
  return true;
}

void StoreEdit::Dissolve(OrgIndex o, Day on) { s_.orgs_.dissolved_on[o] = on; }

}  // namespace dangjian::model
