#include "lib/model/org_order.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <utility>

namespace dangjian::model {

namespace {

// A block's size when blocks are made or cut; a block is cut when it grows
// past twice this, and two neighbours are merged when they fit in it. An
// edit rewrites a block's places, and the first rank of each block between
// the places it leaves and joins: at a province's half a million orgs, some
// hundreds of each.
constexpr int32_t kBlock = 512;

// The first rank of a block new, or of a place new in sequence_: none a
// rank can be, so that Restart writes it.
constexpr int32_t kUnset = -1;

// No rank settled before the last block: Restart goes to the end.
constexpr int32_t kNoneSettled = std::numeric_limits<int32_t>::max();

}  // namespace

void OrgOrder::Start(int32_t n, size_t room) {
  blocks_.clear();
  unused_.clear();
  sequence_.clear();
  starts_.clear();
  first_.clear();
  for (auto* of_org : {&block_, &place_}) {
    of_org->reserve(room);
    of_org->assign(n, 0);
  }
  for (int32_t k = 0; k < n; k += kBlock) {
    const int32_t id = NewBlock();
    blocks_[id].resize(std::min(kBlock, n - k));
    std::iota(blocks_[id].begin(), blocks_[id].end(), k);
    sequence_.push_back(id);
    starts_.push_back(kUnset);
    Renumber(id);
  }
  Restart(0, kNoneSettled);
}

int32_t OrgOrder::Size() const {
  return sequence_.empty() ? 0 : starts_.back() + static_cast<int32_t>(blocks_[sequence_.back()].size());
}

size_t OrgOrder::BlockAt(int32_t k) const {
  return static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), k) - starts_.begin()) - 1;
}

int32_t OrgOrder::At(int32_t k) const {
  const size_t p = BlockAt(k);
  return blocks_[sequence_[p]][k - starts_[p]];
}

void OrgOrder::Append(int32_t o) {
  block_.resize(o + 1);
  place_.resize(o + 1);
  const size_t p = sequence_.empty() ? 0 : sequence_.size() - 1;
  Put(p, sequence_.empty() ? 0 : static_cast<int32_t>(blocks_[sequence_[p]].size()), {o});
  Restart(p, kNoneSettled);
}

void OrgOrder::Move(int32_t a, int32_t b, int32_t to) {
  if (a == b || to == a || to == b) return;
  // The org they go before, found again by its block once they are out;
  // -1 when they go last.
  const int32_t before = to < Size() ? At(to) : -1;
  size_t taken_from;
  const std::vector<int32_t> orgs = Take(a, b, taken_from);
  size_t p = sequence_.size() - 1;  // some org is left: `before`, or the last
  int32_t at = static_cast<int32_t>(blocks_[sequence_[p]].size());
  if (before >= 0) {
    p = static_cast<size_t>(std::find(sequence_.begin(), sequence_.end(), block_[before]) - sequence_.begin());
    at = place_[before];
  }
  Put(p, at, orgs);
  // Only the orgs from the first of [a, b) and `to` to the last of them
  // change rank: those at max(b, to) and after keep theirs.
  Restart(std::min(taken_from, p), std::max(b, to));
}

std::vector<int32_t> OrgOrder::Take(int32_t a, int32_t b, size_t& changed) {
  std::vector<int32_t> out;
  out.reserve(b - a);
  const size_t first = BlockAt(a);
  const int32_t first_id = sequence_[first];
  const int32_t first_from = a - starts_[first];  // its orgs before the first taken stay where they are
  size_t p = first;
  // starts_ still ranks the blocks as they were, as a and b do.
  for (int32_t k = a; k < b; ++p) {
    std::vector<int32_t>& block = blocks_[sequence_[p]];
    const int32_t from = k - starts_[p];
    const int32_t until = std::min(static_cast<int32_t>(block.size()), b - starts_[p]);
    out.insert(out.end(), block.begin() + from, block.begin() + until);
    block.erase(block.begin() + from, block.begin() + until);
    k += until - from;
  }
  // The blocks emptied leave the sequence, their room given back; then each
  // block beside a new neighbour (what is left of the first and the last
  // one touched, and the block after them) goes into the one before it when
  // both fit in one.
  size_t kept = first;
  for (size_t q = first; q < p; ++q) {
    if (blocks_[sequence_[q]].empty()) {
      blocks_[sequence_[q]].shrink_to_fit();
      unused_.push_back(sequence_[q]);
    } else {
      sequence_[kept++] = sequence_[q];
    }
  }
  sequence_.erase(sequence_.begin() + kept, sequence_.begin() + p);
  starts_.erase(starts_.begin() + kept, starts_.begin() + p);
  for (size_t q = first; q < kept; ++q) Renumber(sequence_[q], sequence_[q] == first_id ? first_from : 0);
  for (size_t q = kept + 1; q-- > first;) MergeBefore(q);
  changed = first > 0 ? first - 1 : 0;  // the block before the first may have taken in what was left of it
  return out;
}

void OrgOrder::Put(size_t p, int32_t at, const std::vector<int32_t>& orgs) {
  if (orgs.empty()) return;
  if (sequence_.empty()) {
    sequence_.push_back(NewBlock());
    starts_.push_back(kUnset);
  }
  std::vector<int32_t>& block = blocks_[sequence_[p]];
  block.insert(block.begin() + at, orgs.begin(), orgs.end());
  Cut(p, at);
}

void OrgOrder::Cut(size_t p, int32_t changed) {
  std::vector<int32_t>& block = blocks_[sequence_[p]];
  const int32_t n = static_cast<int32_t>(block.size());
  if (n <= 2 * kBlock) {
    Renumber(sequence_[p], changed);
    return;
  }
  // In pieces of equal size, each at least kBlock / 2.
  const int32_t pieces = (n + kBlock - 1) / kBlock;
  std::vector<int32_t> all = std::move(block);
  std::vector<int32_t> ids = {sequence_[p]};
  for (int32_t i = 1; i < pieces; ++i) ids.push_back(NewBlock());
  for (int32_t i = 0; i < pieces; ++i) {
    const int32_t from = static_cast<int32_t>(int64_t{n} * i / pieces);
    const int32_t until = static_cast<int32_t>(int64_t{n} * (i + 1) / pieces);
    blocks_[ids[i]].assign(all.begin() + from, all.begin() + until);
    Renumber(ids[i]);
  }
  sequence_.insert(sequence_.begin() + p + 1, ids.begin() + 1, ids.end());
  starts_.insert(starts_.begin() + p + 1, ids.size() - 1, kUnset);
}

void OrgOrder::MergeBefore(size_t p) {
  if (p == 0 || p >= sequence_.size()) return;
  std::vector<int32_t>& before = blocks_[sequence_[p - 1]];
  std::vector<int32_t>& block = blocks_[sequence_[p]];
  if (before.size() + block.size() > static_cast<size_t>(kBlock)) return;
  const int32_t joined = static_cast<int32_t>(before.size());  // the orgs before them stay where they are
  before.insert(before.end(), block.begin(), block.end());
  block.clear();
  block.shrink_to_fit();
  unused_.push_back(sequence_[p]);
  sequence_.erase(sequence_.begin() + p);
  starts_.erase(starts_.begin() + p);
  Renumber(sequence_[p - 1], joined);
}

void OrgOrder::Renumber(int32_t id, int32_t from) {
  const std::vector<int32_t>& block = blocks_[id];
  for (size_t i = static_cast<size_t>(from); i < block.size(); ++i) {
    block_[block[i]] = id;
    place_[block[i]] = static_cast<int32_t>(i);
  }
}

void OrgOrder::Restart(size_t p, int32_t settled) {
  for (size_t q = p; q < sequence_.size(); ++q) {
    const int32_t start = q == 0 ? 0 : starts_[q - 1] + static_cast<int32_t>(blocks_[sequence_[q - 1]].size());
    // A block that begins among the ranks kept, and at the rank it had, is
    // one the edit left whole, as it left every block after it: its first
    // org and those before it are the orgs they were, in their number.
    if (q > p && start >= settled && starts_[q] == start && first_[sequence_[q]] == start) return;
    starts_[q] = start;
    first_[sequence_[q]] = start;
  }
}

int32_t OrgOrder::NewBlock() {
  if (!unused_.empty()) {
    const int32_t id = unused_.back();
    unused_.pop_back();
    first_[id] = kUnset;
    return id;
  }
  blocks_.emplace_back();
  first_.push_back(kUnset);
  return static_cast<int32_t>(blocks_.size() - 1);
}

size_t OrgOrder::MemoryBytes() const {
  size_t bytes = blocks_.capacity() * sizeof(blocks_[0]);
  for (const auto& block : blocks_) bytes += block.capacity() * sizeof(int32_t);
  for (const auto* v : {&unused_, &sequence_, &starts_, &first_, &block_, &place_}) {
    bytes += v->capacity() * sizeof(int32_t);
  }
  return bytes;
}

}  // namespace dangjian::model
