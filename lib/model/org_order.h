// The hierarchy's order as an Engine edits it: the org at each rank, and
// each org's rank.
//
// A Store as loaded ranks each org by its index and keeps none of this. Once
// an Engine adds or moves an org, ranks shift: an org added near the top of
// the order would move the rank of every org after it. So the orgs, in rank
// order, are kept in blocks of a few hundred. An org's rank is the first rank
// of its block plus its place in the block. An org added or a subtree moved
// rewrites the places in the blocks it leaves and joins, from where it left
// or joined them on, and the first rank of each block; the ranks of the orgs
// after it follow without being written.
#ifndef DANGJIAN_LIB_MODEL_ORG_ORDER_H_
#define DANGJIAN_LIB_MODEL_ORG_ORDER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dangjian::model {

class OrgOrder {
 public:
  // Empty: every org's rank is its index.
  bool empty() const { return block_.empty(); }
  // Orgs 0..n-1, each ranked by its index, with room for `room` orgs in
  // all: those appended after it, up to that many, do not copy its lists.
  void Start(int32_t n, size_t room);
  // Org o's rank; the org at rank k.
  int32_t Rank(int32_t o) const { return first_[block_[o]] + place_[o]; }
  int32_t At(int32_t k) const;
  // Org o, new (the next index), ranked last.
  void Append(int32_t o);
  // The orgs at ranks [a, b), in their order, put before the org now at
  // rank `to`, or last when `to` is the number of orgs; `to` is not within
  // (a, b).
  void Move(int32_t a, int32_t b, int32_t to);
  size_t MemoryBytes() const;

 private:
  int32_t Size() const;
  // The place in sequence_ of the block that holds rank k (k < Size()).
  size_t BlockAt(int32_t k) const;
  // The orgs at ranks [a, b), taken out; the first ranks left to Restart,
  // from place `changed` on.
  std::vector<int32_t> Take(int32_t a, int32_t b, size_t& changed);
  // `orgs` put at place `at` of the block at place p of sequence_; the first
  // ranks left to Restart, from place p on.
  void Put(size_t p, int32_t at, const std::vector<int32_t>& orgs);
  // The block at place p of sequence_ cut in blocks of about kBlock when it
  // has grown past twice that; its orgs' blocks and places written from
  // place `changed` of it on (those before it are where they were).
  void Cut(size_t p, int32_t changed);
  // The block at place p merged into the one before when both fit in one.
  void MergeBefore(size_t p);
  // Each org of block `id` from place `from` of it on: its block and place.
  void Renumber(int32_t id, int32_t from = 0);
  // The first ranks of the blocks from place p of sequence_ on, once an
  // edit has changed blocks from there on and the ranks before `settled`
  // only: past the blocks edited, the first block that begins at or after
  // `settled` and has its first rank written already ends it.
  void Restart(size_t p, int32_t settled);
  int32_t NewBlock();

  std::vector<std::vector<int32_t>> blocks_;  // by block id: its orgs, in rank order
  std::vector<int32_t> unused_;               // ids of blocks emptied, to use again
  std::vector<int32_t> sequence_;             // the ids of the blocks in rank order, none empty
  std::vector<int32_t> starts_;               // by place in sequence_: the block's first rank
                                              // (kept beside it as places come and go)
  std::vector<int32_t> first_;                // by block id: the same (kUnset for a block new)
  std::vector<int32_t> block_, place_;        // by org: its block's id, its place in it
};

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_ORG_ORDER_H_
