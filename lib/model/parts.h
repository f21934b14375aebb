// A delimited stream read a part at a time, for a check in parts (parts.h):
// first the hierarchy of the whole stream, then parts of consecutive
// messages, each built into a Store of its own with the orgs around it.
#ifndef DANGJIAN_LIB_MODEL_PARTS_H_
#define DANGJIAN_LIB_MODEL_PARTS_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "dangjian/v1/parts.pb.h"
#include "lib/model/mapped_file.h"
#include "lib/model/store.h"
#include "lib/model/stream.h"

namespace dangjian::model {

class PartedStream {
 public:
  // Maps the stream, finds its messages and reads its hierarchy: every unit
  // and org, the members of each org counted, and the first month with dues
  // on record (nothing else is kept). Fails
  // where a load of the whole stream fails on these: a malformed message, an
  // org's field, a duplicate org id, an unknown parent, a cycle. Messages are
  // then gathered into parts of about `part_bytes`.
  static absl::StatusOr<std::unique_ptr<PartedStream>> Open(const std::string& path, const LoadLimits& limits,
                                                            uint64_t part_bytes);
  // The parts `Split` wrote to `dir`: its index and hierarchy read, each
  // part's file mapped when the part is loaded. A part loads as it did from
  // the stream.
  static absl::StatusOr<std::unique_ptr<PartedStream>> OpenSplit(const std::string& dir, const LoadLimits& limits);

  // Writes the parts to `dir` (made if missing): each part's messages copied
  // as they are into a file of its own, the hierarchy's units and orgs into
  // hierarchy.djs, and the index (v1::PartsIndex) into parts.pb. `written(k)`
  // is told when part k is out. Of a stream opened with Open only.
  absl::Status Split(const std::string& dir, const std::function<void(size_t k)>& written) const;

  size_t parts() const { return part_begin_.size() - 1; }
  // The messages of part k: [first, end).
  std::pair<size_t, size_t> messages(size_t k) const { return {part_begin_[k], part_begin_[k + 1]}; }
  // Every org of the stream, with the members of each subtree counted.
  const Store& hierarchy() const { return *hierarchy_; }

  // Part k as a Store: its records, and around its orgs, from the hierarchy,
  // their ancestors and their children defined in other parts
  // (Store::Outside). Every org's subtree counts are the whole stream's, and
  // so is its first month with dues on record (Store::dues_since). Fails
  // where a load of the part alone fails, and on a record the part cannot be
  // checked without: one that names an org or unit defined in another part,
  // or a member by a position outside the part, or a party group apart from
  // its branch.
  absl::StatusOr<std::shared_ptr<const Store>> Load(size_t k);

 private:
  PartedStream() = default;
  absl::Status ReadHierarchy();
  absl::Status ReadSplitHierarchy(const std::string& path, const v1::PartsIndex& index);
  absl::Status Confine(size_t k, Input& part) const;
  absl::Status AddOrgsAround(Input& part) const;

  std::unique_ptr<MappedFile> file_;
  LoadLimits limits_;
  std::vector<Frame> frames_;
  std::vector<uint64_t> members_before_;  // by message, and the total at the end
  std::vector<size_t> part_begin_;        // the first message of each part, and the end
  std::shared_ptr<Store> hierarchy_;
  // By org as the hierarchy defines them: the members whose org it is.
  std::vector<uint32_t> own_full_, own_probationary_;
  std::string path_;  // of a stream
  std::string dir_;   // of a split stream: its parts are files there
  std::vector<uint64_t> part_bytes_;  // of a split stream: the size of each part's file
  // The first month with dues on record across the stream, which every part
  // takes for its own (Input::dues_since); kNoDay when none is, or a split
  // stream's index does not say.
  Day dues_since_ = kNoDay;
};

// The index of a split directory (parts.pb), its parts and members checked to
// agree.
absl::StatusOr<v1::PartsIndex> ReadPartsIndex(const std::string& dir);

// The file of part k in a split directory.
std::string PartFile(const std::string& dir, size_t k);

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_PARTS_H_
