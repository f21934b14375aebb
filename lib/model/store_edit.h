// What ties a Store's columns together, written once: the builder
// (builder.cc) establishes it with these functions, and the Engine's edits of
// its own Store in place (StoreEdit) keep it with them.
//
// - Members are counted by org and status, full or probationary (预备党员):
//   a member counts in its org's own count, and in the subtree count of its
//   org and of every org above it.
// - Dues are one mask of months paid per member and year on record, payments
//   and ledger merged; `dues_since` is the first month any record names, and
//   the months before it are unknown.
#ifndef DANGJIAN_LIB_MODEL_STORE_EDIT_H_
#define DANGJIAN_LIB_MODEL_STORE_EDIT_H_

#include <cstdint>
#include <vector>

#include "lib/model/store.h"

namespace dangjian::model {

// The count a member of `status` is in, own or of a subtree.
inline std::vector<uint32_t>& OwnCount(Store::Orgs& orgs, MemberStatus status) {
  return status == v1::Member::FULL ? orgs.own_full : orgs.own_probationary;
}
inline std::vector<uint32_t>& SubtreeCount(Store::Orgs& orgs, MemberStatus status) {
  return status == v1::Member::FULL ? orgs.subtree_full : orgs.subtree_probationary;
}

// The subtree counts, from the orgs' own counts and `carried_*` (for a part
// of a stream, by org: the members of its subtree the part does not hold;
// else empty).
void CountSubtrees(Store::Orgs& orgs, const std::vector<uint32_t>& carried_full,
                   const std::vector<uint32_t>& carried_probationary);

// The first day of the first month `months` has (bit k-1 for month k; not
// 0) in `year`.
inline Day FirstMonthPaid(int year, uint16_t months) {
  return ToDay(absl::CivilDay(year, __builtin_ctz(months) + 1, 1));
}

// The edits an Engine writes into its own Store where they lie; an event
// that would change more goes by a rebuild instead.
class StoreEdit {
 public:
  explicit StoreEdit(Store& store) : s_(store) {}

  // Member m's status and fullOn; the counts of its org and of every org
  // above it follow.
  void SetStatus(MemberIndex m, MemberStatus status, Day full_on);
  // Adds `months` paid by member m in `year`. False, and nothing changed,
  // when m has no dues on record that year, or when they would be paid
  // before `dues_since` and so move it.
  bool AddPaidMonths(MemberIndex m, int year, uint16_t months);
  // Org o dissolved on `on`.
  void Dissolve(OrgIndex o, Day on);

 private:
  Store& s_;
};

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_STORE_EDIT_H_
