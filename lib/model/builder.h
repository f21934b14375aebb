// The second stage of a load: the Input of every message (input.h) built
// into a Store (store.h), once every message is in.
//
// Building resolves every reference the Input holds as a symbol, orders the
// hierarchy in depth-first preorder, sorts the records by org and the member
// lists by member, and fails the whole load at the first structural error (a
// duplicate member or activity id, a parent no org defines, a cycle). What a
// rule should report instead of a load refusing (an id no record defines, a
// value out of range) is kept as a DataIssue. A large Input is built on two
// threads.
#ifndef DANGJIAN_LIB_MODEL_BUILDER_H_
#define DANGJIAN_LIB_MODEL_BUILDER_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/model/input.h"
#include "lib/model/store.h"

namespace dangjian::model {

// Where the build put each record of the Input, by its index there: its
// index in the Store.
struct InputPlaces {
  std::vector<OrgIndex> orgs;
  std::vector<MemberIndex> members;
  std::vector<ActivityIndex> activities;
};

// Resolves, orders and indexes. Consumes the Input. With `places` (an
// Engine's build), says where each org, member and activity went, and the
// members' and activities' ids keep the index the load made for them, which
// follows them to their places in the Store: an Engine finds them by id
// from its first event.
absl::StatusOr<std::shared_ptr<Store>> BuildStore(Input in, InputPlaces* places = nullptr);

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_BUILDER_H_
