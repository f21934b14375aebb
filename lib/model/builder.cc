// The second stage of a load (builder.h). The data issues come in the order
// of the lists: units, orgs, members, positions, terms, activities, dues,
// ledger, events.
#include "lib/model/builder.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <optional>
#include <thread>
#include <type_traits>

#include "absl/strings/str_join.h"
#include "lib/huge_pages.h"
#include "lib/model/store_edit.h"
#include "lib/worker.h"
#include "lib/strings.h"

namespace dangjian::model {
namespace {

// Record indices sorted by (org, key), records of no known org last.
template <typename Key>
std::vector<int32_t> OrderByOrg(const std::vector<OrgIndex>& org, Key key) {
  std::vector<int32_t> order(org.size());
  std::iota(order.begin(), order.end(), 0);
  const auto before = [&](int32_t a, int32_t b) {
    const uint32_t oa = static_cast<uint32_t>(org[a]), ob = static_cast<uint32_t>(org[b]);
    if (oa != ob) return oa < ob;  // kNone (-1) sorts last as unsigned
    return key(a) < key(b);
  };
  // Exports are often in order already; then there is nothing to sort.
  if (std::is_sorted(order.begin(), order.end(), before)) return order;
  std::stable_sort(order.begin(), order.end(), before);
  return order;
}

// Record indices by org (kNone last), then by day, then by input order: a
// counting sort by org, and a sort of each org's few records by day where
// they are not in order already.
std::vector<int32_t> ByOrgThenDay(const std::vector<OrgIndex>& org, const std::vector<Day>& day, size_t n_orgs) {
  std::vector<uint32_t> start(n_orgs + 2, 0);  // bucket n_orgs holds kNone
  const auto bucket = [&](OrgIndex o) { return o == kNone ? n_orgs : static_cast<size_t>(o); };
  for (OrgIndex o : org) ++start[bucket(o) + 1];
  for (size_t b = 0; b + 1 < start.size(); ++b) start[b + 1] += start[b];
  std::vector<int32_t> order(org.size());
  {
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (size_t i = 0; i < org.size(); ++i) order[next[bucket(org[i])]++] = static_cast<int32_t>(i);
  }
  const auto by_day = [&](int32_t a, int32_t b) { return day[a] < day[b]; };
  for (size_t b = 0; b + 1 < start.size(); ++b) {
    const auto first = order.begin() + start[b], last = order.begin() + start[b + 1];
    if (!std::is_sorted(first, last, by_day)) std::stable_sort(first, last, by_day);
  }
  return order;
}

// offsets[o]..offsets[o+1] is the range of org o in `sorted_org`.
std::vector<uint32_t> Offsets(size_t n_orgs, const std::vector<OrgIndex>& sorted_org) {
  std::vector<uint32_t> offsets;
  offsets.reserve(WithRoom(n_orgs + 1));
  offsets.assign(n_orgs + 1, 0);
  for (OrgIndex o : sorted_org) {
    if (o != kNone) ++offsets[o + 1];
  }
  for (size_t i = 0; i < n_orgs; ++i) offsets[i + 1] += offsets[i];
  return offsets;
}

// `v` in the order `order` gives, and `v` released.
template <typename T>
std::vector<T> Gather(std::vector<T>& v, const std::vector<int32_t>& order) {
  std::vector<T> out;
  GrowOnHugePages(out, WithRoom(order.size()));
  for (int32_t i : order) out.push_back(std::move(v[i]));
  std::vector<T>().swap(v);
  return out;
}

// The ids of `symbols` for the records in `order` (input indices), indexed
// when first looked up.
Ids GatherIds(const Symbols& symbols, const std::vector<int32_t>& symbol_of, const std::vector<int32_t>& order) {
  Ids ids;
  for (int32_t i : order) ids.Append(symbols.ids[symbol_of[i]]);
  return ids;
}

// Whether `order` keeps every record where it is.
bool InOrder(const std::vector<int32_t>& order) {
  for (size_t i = 0; i < order.size(); ++i) {
    if (order[i] != static_cast<int32_t>(i)) return false;
  }
  return true;
}

// The ids in the order `order` gives.
Ids GatherIds(const Ids& input, const std::vector<int32_t>& order) {
  Ids ids;
  for (int32_t i : order) ids.Append(input[i]);
  return ids;
}

// A CSR list by member from (member, value) pairs, each member's values by
// the day `day_of` gives them.
template <typename V, typename DayOf>
void BuildByMember(std::vector<std::pair<MemberIndex, V>>& pairs, size_t members, DayOf day_of,
                   std::vector<uint32_t>& offsets, std::vector<V>& values) {
  std::stable_sort(pairs.begin(), pairs.end(), [&](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : day_of(x.second) < day_of(y.second);
  });
  GrowOnHugePages(offsets, WithRoom(members + 1));
  offsets.assign(members + 1, 0);
  values.clear();
  values.reserve(pairs.size());
  for (const auto& [m, v] : pairs) {
    ++offsets[m + 1];
    values.push_back(v);
  }
  for (size_t m = 0; m < members; ++m) offsets[m + 1] += offsets[m];
}

}  // namespace

class StoreBuilder {
 public:
  explicit StoreBuilder(Input in) : in_(std::move(in)), store_(std::make_shared<Store>()) {}

  absl::StatusOr<std::shared_ptr<Store>> Build(InputPlaces* places) {
    keep_indexed_ = places != nullptr;
    // The member ids are indexed beside the hierarchy and the members: for
    // duplicates, and for the records that name a member by id.
    std::optional<std::pair<int32_t, int32_t>> repeat;
    absl::Status orgs;
    Beside([&] { repeat = in_.member_ids.Index(); }, [&] {
      Units();
      if ((orgs = Orgs()).ok()) Members();
    });
    if (!orgs.ok()) return orgs;
    if (repeat) return Duplicate("members", in_.member_ids, *repeat);
    named_member_.resize(in_.member_refs.size());
    OnTwoThreads(named_member_.size(), [&](size_t s) { named_member_[s] = in_.member_ids.Find(in_.member_refs[s]); });
    if (members_in_order_ || keep_indexed_) store_->members_.id = Kept(in_.member_ids, members_in_order_, dense_member_);
    // The rest depend on orgs and members only, and not on each other: the
    // activities, most of a large snapshot, get a thread of their own, and
    // so does indexing the activity ids, for duplicates and make-ups (on a
    // machine of two cores, the three share them as their work ends).
    absl::Status ids;
    Beside([this] { Activities(); }, [&] {
      Beside([&] { ids = IndexActivityIds(); }, [this] { Positions(), Terms(), Dues(), Events(); });
    });
    if (!ids.ok()) return ids;
    Makeups();
    if (activities_in_order_ || keep_indexed_) {
      store_->activities_.id = Kept(in_.activity_ids, activities_in_order_, activity_dense_);
    }
    auto& out = store_->data_issues_;
    for (auto& section : issues_) {
      out.insert(out.end(), std::make_move_iterator(section.begin()), std::make_move_iterator(section.end()));
    }
    if (places) *places = InputPlaces{std::move(dense_org_), std::move(dense_member_), std::move(activity_dense_)};
    return std::move(store_);
  }

 private:
  static constexpr uint64_t kRecordsForThreads = 100'000;
  // The input's ids, with their index, put in the Store's order (`dense`:
  // by input index, the Store's) unless they are in it.
  static Ids Kept(Ids& input, bool in_order, const std::vector<int32_t>& dense) {
    if (!in_order) {
      std::vector<int32_t> order(dense.size());
      for (size_t i = 0; i < dense.size(); ++i) order[dense[i]] = static_cast<int32_t>(i);
      input.Reorder(0, order);
    }
    return std::move(input);
  }
  // `side` on a thread of its own while `main` runs, when the input is
  // large; else one after the other.
  template <typename Side, typename Main>
  void Beside(Side side, Main main) {
    if (in_.records < kRecordsForThreads) {
      side();
      main();
      return;
    }
    Worker thread(side);
    main();
    thread.Join();
  }
  static constexpr int kActivitiesForThreads = 100'000;
  // Issues are kept per list, so that the lists can be built side by side,
  // and joined in this order.
  enum Section { kUnits, kOrgs, kMembers, kPositions, kTerms, kActivities, kDues, kEvents, kSections };

  void UnknownRef(Section s, std::string field, std::string_view id, std::string_view what, OrgIndex org,
                  MemberIndex member = kNone, ActivityIndex activity = kNone) {
    issues_[s].push_back(DataIssue{DataIssue::Kind::kUnknownReference, std::move(field), std::string(id),
                                   std::string(what), org, member, kNone, activity, kNone});
  }
  void InvalidValue(Section s, std::string field, std::string value, std::string problem, OrgIndex org,
                    MemberIndex member = kNone, UnitIndex unit = kNone) {
    issues_[s].push_back(DataIssue{DataIssue::Kind::kInvalidValue, std::move(field), std::move(value),
                                   std::move(problem), org, member, unit, kNone, kNone});
  }

  OrgIndex Org(int32_t symbol) const {
    const int32_t i = in_.org_ids.Resolve(symbol);
    return i == kNone ? kNone : dense_org_[i];
  }
  std::string_view OrgText(int32_t symbol) const { return in_.org_ids.ids[symbol]; }
  UnitIndex Unit(int32_t symbol) const { return in_.unit_ids.Resolve(symbol); }  // units keep input order

  MemberIndex Member(MemberRef ref) const {
    if (ref == kNoMemberRef) return kNone;
    if (ref & kByPosition) {
      const uint32_t position = ref & ~kByPosition;
      return position < dense_member_.size() ? dense_member_[position] : kNone;
    }
    const int32_t i = named_member_[ref];
    return i == kNone ? kNone : dense_member_[i];
  }
  // The reference as the input gave it: the id, or the position.
  std::string MemberText(MemberRef ref) const {
    if (ref & kByPosition) return StrCat(ref & ~kByPosition);
    return std::string(in_.member_refs[ref]);
  }
  // A member reference: its index; kNone and an issue when it names no
  // member; kNone and nothing said when it is absent. `path(by_position)`
  // names the field.
  template <typename Path>
  MemberIndex Member(Section s, MemberRef ref, Path path, OrgIndex org, ActivityIndex activity = kNone) {
    const MemberIndex m = Member(ref);
    if (m == kNone && ref != kNoMemberRef) {
      UnknownRef(s, path((ref & kByPosition) != 0), MemberText(ref), "member", org, kNone, activity);
    }
    return m;
  }
  OrgIndex OrgOfMember(MemberIndex m) const { return m == kNone ? kNone : store_->members_.org[m]; }
  // A record of dues or events whose member `ref` is not there, kept as given
  // (Store::unplaced) with its member as the input named it.
  template <typename Record>
  Record& Unplaced(google::protobuf::RepeatedPtrField<Record>& list, MemberRef ref) const {
    Record& x = *list.Add();
    if constexpr (std::is_same_v<Record, v1::MemberEvent>) {  // events name members by id alone
      x.set_member_id(MemberText(ref));
    } else if (ref & kByPosition) {
      x.set_member_index(static_cast<int32_t>(ref & ~kByPosition));
    } else {
      x.set_member_id(MemberText(ref));
    }
    return x;
  }

  void Units() {
    Input::Units& in = in_.units;
    Store::Units& u = store_->units_;
    const int n = static_cast<int>(in.symbol.size());
    std::vector<int32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    u.id = GatherIds(in_.unit_ids, in.symbol, order);
    u.name = std::move(in.name);
    for (auto [given, out, field] : {std::tuple{&in.staff, &u.staff_count, "staffCount"},
                                     std::tuple{&in.party_staff, &u.party_staff_count, "partyStaffCount"}}) {
      out->reserve(n);
      for (int i = 0; i < n; ++i) {
        const int32_t v = (*given)[i];
        if (v != kNotGiven && v < 0) InvalidValue(kUnits, At("units", i, field), StrCat(v), "negative count", kNone, kNone, i);
        out->push_back(v == kNotGiven ? -1 : v);
      }
    }
  }

  absl::Status Orgs() {
    Input::Orgs& in = in_.orgs;
    const int n = static_cast<int>(in.symbol.size());
    std::vector<int32_t> parent(n, kNone);  // input indices
    for (int i = 0; i < n; ++i) {
      if (in.parent[i] == kNone) continue;
      parent[i] = in_.org_ids.Resolve(in.parent[i]);
      if (parent[i] == kNone) {
        return Invalid(At("orgs", i, "parentId"), StrCat("no org \"", OrgText(in.parent[i]), "\""));
      }
    }
    // Children in input order; roots in input order; depth-first preorder.
    std::vector<int32_t> input_order(n);
    std::iota(input_order.begin(), input_order.end(), 0);
    const std::vector<int32_t> preorder = Preorder(parent, input_order);
    if (static_cast<int>(preorder.size()) != n) return CycleError(parent, preorder);

    dense_org_.assign(n, kNone);
    for (int d = 0; d < n; ++d) dense_org_[preorder[d]] = d;

    Store::Orgs& out = store_->orgs_;
    out.id = GatherIds(in_.org_ids, in.symbol, preorder);
    out.name = Gather(in.name, preorder);
    out.kind = Gather(in.kind, preorder);
    out.established_on = Gather(in.established, preorder);
    out.dissolved_on = Gather(in.dissolved, preorder);
    out.approved_exception = Gather(in.approved_exception, preorder);
    if (!in.outside.empty()) out.outside = Gather(in.outside, preorder);
    if (!in.carried_full.empty()) {
      carried_full_ = Gather(in.carried_full, preorder);
      carried_probationary_ = Gather(in.carried_probationary, preorder);
    }
    out.parent.reserve(WithRoom(n));
    out.unit_offsets.reserve(WithRoom(n + 1));
    out.unit_offsets.push_back(0);
    for (int d = 0; d < n; ++d) {
      const int i = preorder[d];
      out.parent.push_back(parent[i] == kNone ? kNone : dense_org_[parent[i]]);
      if (out.established_on[d] != kNoDay && out.dissolved_on[d] != kNoDay &&
          out.dissolved_on[d] < out.established_on[d]) {
        InvalidValue(kOrgs, At("orgs", i, "dissolvedOn"), FormatDate(out.dissolved_on[d]), "before establishedOn", d);
      }
      for (uint32_t k = in.unit_offsets[i]; k < in.unit_offsets[i + 1]; ++k) {
        const UnitIndex u = Unit(in.units[k]);
        if (u == kNone) {
          UnknownRef(kOrgs, StrCat(At("orgs", i, "unitIds"), "[", k - in.unit_offsets[i], "]"),
                     in_.unit_ids.ids[in.units[k]], "unit", d);
        } else {
          out.units.push_back(u);
        }
      }
      out.unit_offsets.push_back(out.units.size());
    }
    LinkChildren(out);
    return absl::OkStatus();
  }

  absl::Status CycleError(const std::vector<int32_t>& parent, const std::vector<int32_t>& reached) {
    std::vector<bool> seen(parent.size(), false);
    for (int32_t i : reached) seen[i] = true;
    int32_t start = 0;
    while (seen[start]) ++start;  // the first org, in input order, that no root reaches
    // Walk up until an org repeats: that org lies on the cycle.
    std::vector<int32_t> walk_pos(parent.size(), -1);
    std::vector<int32_t> walk;
    int32_t i = start;
    while (walk_pos[i] < 0) {
      walk_pos[i] = walk.size();
      walk.push_back(i);
      i = parent[i];
    }
    std::vector<std::string> names;
    const auto id = [&](int32_t org) { return StrCat("\"", OrgText(in_.orgs.symbol[org]), "\""); };
    for (size_t k = walk_pos[i]; k < walk.size(); ++k) names.push_back(id(walk[k]));
    names.push_back(id(i));
    return Invalid(At("orgs", i, "parentId"), StrCat("cycle ", absl::StrJoin(names, " → ")));
  }

  void Members() {
    Input::Members& in = in_.members;
    const int n = static_cast<int>(in.org.size());
    std::vector<OrgIndex> org(n);
    for (int i = 0; i < n; ++i) org[i] = Org(in.org[i]);
    const std::vector<int32_t> order = OrderByOrg(org, [](int32_t i) { return i; });
    dense_member_.assign(n, kNone);
    for (int d = 0; d < n; ++d) dense_member_[order[d]] = d;

    Store::Members& out = store_->members_;
    Store::Orgs& orgs = store_->orgs_;
    const size_t n_orgs = orgs.size();
    for (auto* count : {&orgs.own_full, &orgs.own_probationary}) {
      count->reserve(WithRoom(n_orgs));
      count->assign(n_orgs, 0);
    }
    members_in_order_ = InOrder(order);
    if (!members_in_order_ && !keep_indexed_) out.id = GatherIds(in_.member_ids, order);
    if (in_.member_names.size() == static_cast<size_t>(n)) {
      out.name = members_in_order_ ? std::move(in_.member_names) : GatherIds(in_.member_names, order);
    }
    out.status = Gather(in.status, order);
    out.admitted_on = Gather(in.admitted, order);
    out.full_on = Gather(in.full, order);
    out.lost_contact_since = Gather(in.lost_contact, order);
    out.probation_extended_months = Gather(in.extended_months, order);
    out.leading_cadre = Gather(in.leading_cadre, order);
    out.dues_exempt_approved = Gather(in.dues_exempt, order);
    out.dues_category = Gather(in.dues_category, order);
    for (auto* column : {&out.org, &out.group, &out.home_org}) GrowOnHugePages(*column, WithRoom(n));
    GrowOnHugePages(out.unit, WithRoom(n));
    GrowOnHugePages(out.monthly_income_cents, WithRoom(n));
    for (int d = 0; d < n; ++d) {
      const int i = order[d];
      const OrgIndex o = org[i];
      out.org.push_back(o);
      if (o == kNone) UnknownRef(kMembers, At("members", i, "orgId"), OrgText(in.org[i]), "org", kNone, d);
      const OrgIndex group = Org(in.group[i]);
      if (group == kNone && in.group[i] != kNone) {
        UnknownRef(kMembers, At("members", i, "groupId"), OrgText(in.group[i]), "org", o, d);
      }
      out.group.push_back(group);
      const OrgIndex home = Org(in.home[i]);
      if (home == kNone && in.home[i] != kNone) {
        UnknownRef(kMembers, At("members", i, "homeOrgId"), OrgText(in.home[i]), "org", o, d);
      }
      out.home_org.push_back(home);
      const UnitIndex unit = Unit(in.unit[i]);
      if (unit == kNone && in.unit[i] != kNone) {
        UnknownRef(kMembers, At("members", i, "unitId"), in_.unit_ids.ids[in.unit[i]], "unit", o, d);
      }
      out.unit.push_back(unit);
      if (out.admitted_on[d] != kNoDay && out.full_on[d] != kNoDay && out.full_on[d] < out.admitted_on[d]) {
        InvalidValue(kMembers, At("members", i, "fullOn"), FormatDate(out.full_on[d]), "before admittedOn", o, d);
      }
      if (out.probation_extended_months[d] < 0) {
        InvalidValue(kMembers, At("members", i, "probationExtendedMonths"), StrCat(out.probation_extended_months[d]),
                     "negative count", o, d);
      }
      const int64_t income = in.income[i];
      if (income != kAmountNotGiven && income < 0) {
        InvalidValue(kMembers, At("members", i, "monthlyIncomeCents"), StrCat(income), "negative amount", o, d);
      }
      out.monthly_income_cents.push_back(income);  // a negative one as given, reported above
      if (o != kNone) ++OwnCount(orgs, out.status[d])[o];
    }
    in = {};
    orgs.member_offsets = Offsets(n_orgs, out.org);
    CountSubtrees(orgs, carried_full_, carried_probationary_);
  }

  void Positions() {
    Input::Positions& in = in_.positions;
    const int n = static_cast<int>(in.org.size());
    std::vector<OrgIndex> org(n);
    for (int i = 0; i < n; ++i) org[i] = Org(in.org[i]);
    const std::vector<int32_t> order = OrderByOrg(org, [](int32_t i) { return i; });
    Store::Positions& out = store_->positions_;
    out.member.reserve(n);
    for (int p = 0; p < n; ++p) {  // in the Store's order, so that an issue can name the position
      const int i = order[p];
      const OrgIndex o = org[i];
      const size_t first_issue = issues_[kPositions].size();
      const MemberIndex m = Member(kPositions, in.member[i], [&](bool) { return At("positions", i, "memberId"); }, o);
      if (o == kNone) UnknownRef(kPositions, At("positions", i, "orgId"), OrgText(in.org[i]), "org", kNone, m);
      if (in.since[i] != kNoDay && in.until[i] != kNoDay && in.until[i] < in.since[i]) {
        InvalidValue(kPositions, At("positions", i, "until"), FormatDate(in.until[i]), "before since", o, m);
      }
      for (size_t k = first_issue; k < issues_[kPositions].size(); ++k) issues_[kPositions][k].record = p;
      out.member.push_back(m);
    }
    out.org = Gather(org, order);
    out.role = Gather(in.role, order);
    out.since = Gather(in.since, order);
    out.until = Gather(in.until, order);
    out.approved = Gather(in.approved, order);
    store_->orgs_.position_offsets = Offsets(store_->orgs_.size(), out.org);
  }

  void Terms() {
    Input::Terms& in = in_.terms;
    const int n = static_cast<int>(in.org.size());
    std::vector<OrgIndex> org(n);
    for (int i = 0; i < n; ++i) org[i] = Org(in.org[i]);
    const std::vector<int32_t> order = OrderByOrg(org, [&](int32_t i) { return in.started[i]; });
    for (int t = 0; t < n; ++t) {
      const int i = order[t];
      const size_t first_issue = issues_[kTerms].size();
      if (org[i] == kNone) UnknownRef(kTerms, At("terms", i, "orgId"), OrgText(in.org[i]), "org", kNone);
      if (in.ended[i] != kNoDay && in.ended[i] < in.started[i]) {
        InvalidValue(kTerms, At("terms", i, "endedOn"), FormatDate(in.ended[i]), "before startedOn", org[i]);
      }
      for (size_t k = first_issue; k < issues_[kTerms].size(); ++k) issues_[kTerms][k].record = t;
    }
    Store::Terms& out = store_->terms_;
    out.org = Gather(org, order);
    out.number = Gather(in.number, order);
    out.started_on = Gather(in.started, order);
    out.ended_on = Gather(in.ended, order);
    out.adjust_months = Gather(in.adjust_months, order);
    out.adjust_approved = Gather(in.adjust_approved, order);
    store_->orgs_.term_offsets = Offsets(store_->orgs_.size(), out.org);
  }

  // The activity ids, indexed: the first that repeats an earlier one fails the load.
  absl::Status IndexActivityIds() {
    if (auto repeat = in_.activity_ids.Index()) return Duplicate("activities", in_.activity_ids, *repeat);
    return absl::OkStatus();
  }

  // The error for record `repeat.first` of `list`, whose id repeats that of
  // record `repeat.second`.
  static absl::Status Duplicate(std::string_view list, const Ids& ids, std::pair<int32_t, int32_t> repeat) {
    return Invalid(At(list, repeat.first, "id"),
                   StrCat("duplicate id \"", ids[repeat.first], "\" (also ", At(list, repeat.second), ")"));
  }

  // The activities that make up for another: resolved once the ids are indexed.
  void Makeups() {
    Store::Activities& a = store_->activities_;
    std::vector<int32_t> made_up(makeups_.size());  // input indices
    OnTwoThreads(made_up.size(), [&](size_t k) {
      made_up[k] = in_.activity_ids.Find(in_.makeup_targets[makeups_[k].second]);
    });
    for (size_t k = 0; k < makeups_.size(); ++k) {
      const auto [i, target] = makeups_[k];
      const ActivityIndex d = activity_dense_[i];
      if (made_up[k] == kNone) {
        UnknownRef(kActivities, At("activities", i, "makeupFor"), in_.makeup_targets[target], "activity",
                   a.org[d], kNone, d);
      } else {
        a.makeup_for[d] = activity_dense_[made_up[k]];
      }
    }
    in_.makeup_targets = Ids();
  }

  void Activities() {
    Input::Activities& in = in_.activities;
    const int n = static_cast<int>(in.org.size());
    std::vector<OrgIndex> org(n);
    for (int i = 0; i < n; ++i) org[i] = Org(in.org[i]);
    const std::vector<int32_t> order = ByOrgThenDay(org, in.held_on, store_->orgs_.size());
    activity_dense_.assign(n, kNone);
    std::vector<ActivityIndex>& dense = activity_dense_;
    for (int d = 0; d < n; ++d) dense[order[d]] = d;
    for (auto& [i, notes] : in_.notes.activities) store_->notes_.activities.emplace(dense[i], std::move(notes));
    in_.notes.activities = {};

    Store::Activities& a = store_->activities_;
    activities_in_order_ = InOrder(order);
    if (!activities_in_order_ && !keep_indexed_) a.id = GatherIds(in_.activity_ids, order);
    a.kind = Gather(in.kind, order);
    a.held_on = Gather(in.held_on, order);
    a.recorded = Gather(in.recorded, order);
    a.unowned_resolutions = Gather(in.unowned_resolutions, order);
    GrowOnHugePages(a.org, WithRoom(n));
    GrowOnHugePages(a.lecturer, WithRoom(n));
    GrowOnHugePages(a.makeup_for, WithRoom(n));
    for (auto* offsets : {&a.tag_offsets, &a.decision_offsets}) {
      GrowOnHugePages(*offsets, WithRoom(n + 1));
      offsets->push_back(0);
    }
    for (auto* bound : {&a.absentee_begin, &a.absentee_end, &a.talk_begin, &a.talk_end}) GrowOnHugePages(*bound, WithRoom(n));
    // Each list given the room its input takes (a reference dropped leaves some).
    GrowOnHugePages(a.absentees, in.absentees.size());
    GrowOnHugePages(a.decisions, in.decisions.size());
    GrowOnHugePages(a.decision_subjects, in.subjects.size());
    GrowOnHugePages(a.talk_members, in.talks.size());
    GrowOnHugePages(a.tags, in.tags.size());
    const Section s = kActivities;
    for (int d = 0; d < n; ++d) {
      const int i = order[d];
      const OrgIndex o = org[i];
      const auto path = [i] { return At("activities", i); };  // built only for an issue
      const auto field = [&](std::string_view name) { return [&, name](bool) { return At("activities", i, name); }; };
      if (o == kNone) UnknownRef(s, At("activities", i, "orgId"), OrgText(in.org[i]), "org", kNone, kNone, d);
      a.org.push_back(o);
      a.lecturer.push_back(Member(s, in.lecturer[i], field("lecturerId"), o, d));
      if (in.makeup_for[i] != kNone) makeups_.emplace_back(i, in.makeup_for[i]);
      a.makeup_for.push_back(kNone);  // resolved by Makeups()
      a.absentee_begin.push_back(static_cast<uint32_t>(a.absentees.size()));
      a.talk_begin.push_back(static_cast<uint32_t>(a.talk_members.size()));
      for (uint32_t k = in.absentee_offsets[i]; k < in.absentee_offsets[i + 1]; ++k) {
        const auto [ref, reason] = in.absentees[k];
        const uint32_t j = k - in.absentee_offsets[i];
        const MemberIndex m = Member(s, ref, [&](bool by_position) {
          return StrCat(path(), ".absentees[", j, by_position ? "].memberIndex" : "].memberId");
        }, o, d);
        if (m != kNone) a.absentees.push_back({m, reason});
      }
      for (uint32_t k = in.decision_offsets[i]; k < in.decision_offsets[i + 1]; ++k) {
        const Input::Decision& dec = in.decisions[k];
        const uint32_t j = k - in.decision_offsets[i];
        const uint32_t begin = a.decision_subjects.size();
        for (uint32_t x = dec.subject_begin; x < dec.subject_end; ++x) {
          const MemberIndex m = Member(s, in.subjects[x], [&](bool) {
            return StrCat(path(), ".decisions[", j, "].subjectMemberIds[", x - dec.subject_begin, "]");
          }, o, d);
          if (m != kNone) a.decision_subjects.push_back(m);
        }
        for (const auto& [name, votes] : {std::pair<const char*, int32_t>{"votesFor", dec.votes_for},
                                          {"votesAgainst", dec.votes_against}, {"votesAbstain", dec.votes_abstain}}) {
          if (votes != kNotGiven && votes < 0) {
            InvalidValue(s, StrCat(path(), ".decisions[", j, "].", name), StrCat(votes), "negative count", o);
          }
        }
        if (dec.seats != kNotGiven && dec.seats < 0) {
          InvalidValue(s, StrCat(path(), ".decisions[", j, "].seats"), StrCat(dec.seats), "negative count", o);
        }
        const uint32_t candidates = a.decision_candidates.size();
        for (uint32_t x = dec.candidate_begin; x < dec.candidate_end; ++x) {
          const uint32_t c = x - dec.candidate_begin;
          const MemberIndex m = Member(s, in.candidates[x], [&](bool) {
            return StrCat(path(), ".decisions[", j, "].candidateMemberIds[", c, "]");
          }, o, d);
          const int32_t votes = in.candidate_votes[x];
          if (votes != kNotGiven && votes < 0) {
            InvalidValue(s, StrCat(path(), ".decisions[", j, "].candidateVotes[", c, "]"), StrCat(votes), "negative count", o);
          }
          if (m != kNone) a.decision_candidates.push_back({m, votes});
        }
        a.decisions.push_back({dec.kind, static_cast<int32_t>(dec.subject_end - dec.subject_begin), begin,
                               static_cast<uint32_t>(a.decision_subjects.size()), dec.votes_for,
                               dec.votes_against, dec.votes_abstain, dec.seats,
                               static_cast<int32_t>(dec.candidate_end - dec.candidate_begin), candidates,
                               static_cast<uint32_t>(a.decision_candidates.size())});
      }
      MemberList(in.talks, in.talk_offsets, i, "talkMemberIds", "talkMemberIndexes", o, d, a.talk_members);
      for (uint32_t k = in.tag_offsets[i]; k < in.tag_offsets[i + 1]; ++k) a.tags.push_back(in.tags[k]);
      a.absentee_end.push_back(static_cast<uint32_t>(a.absentees.size()));
      a.decision_offsets.push_back(a.decisions.size());
      a.talk_end.push_back(static_cast<uint32_t>(a.talk_members.size()));
      a.tag_offsets.push_back(a.tags.size());
    }
    for (const Input::Mention& x : in.mentions) {
      const int d = dense[x.activity];
      const MemberIndex m = Member(s, x.member, [&](bool) {
        return StrCat(At("activities", x.activity), x.field == Input::Mention::kObserver ? ".observerIds[" : ".resolutions[",
                      x.k, x.field == Input::Mention::kObserver ? "]" : "].ownerId");
      }, a.org[d], d);
      if (m != kNone) a.mentions.emplace_back(d, m);
    }
    // The lists by member and the attendees do not touch each other.
    std::optional<Worker> by_member;
    if (n >= kActivitiesForThreads) {
      by_member.emplace([this] { ByMember(); });
    } else {
      ByMember();
    }
    Attendees(dense);
    if (by_member) by_member->Join();
    store_->tags_ = std::move(in_.tags);
    store_->orgs_.activity_offsets = Offsets(store_->orgs_.size(), a.org);
    for (Day day : a.held_on) {
      if (store_->activities_since_ == kNoDay || day < store_->activities_since_) store_->activities_since_ = day;
    }
    in = {};
  }

  // A member list of activity i (ids, then positions) onto `out`, the
  // references that name no member reported and left out.
  void MemberList(const std::vector<MemberRef>& refs, const std::vector<uint32_t>& offsets, int i,
                  std::string_view by_id, std::string_view by_position, OrgIndex o,
                  ActivityIndex d, std::vector<MemberIndex>& out) {
    uint32_t ids = 0, positions = 0;
    for (uint32_t k = offsets[i]; k < offsets[i + 1]; ++k) {
      const MemberRef ref = refs[k];
      const bool by_pos = ref != kNoMemberRef && (ref & kByPosition);
      const uint32_t j = by_pos ? positions++ : ids++;
      const MemberIndex m = Member(kActivities, ref, [&](bool) {
        return StrCat(At("activities", i, by_pos ? by_position : by_id), "[", j, "]");
      }, o, d);
      if (m != kNone) out.push_back(m);
    }
  }

  // The attendees are resolved where they lie, in input order, and each
  // activity keeps its range: the largest list of a snapshot is never copied.
  void Attendees(const std::vector<ActivityIndex>& dense) {
    Input::Activities& in = in_.activities;
    Store::Activities& a = store_->activities_;
    const size_t n = dense.size();
    for (auto* bound : {&a.attendee_begin, &a.attendee_end}) {
      GrowOnHugePages(*bound, WithRoom(n));
      bound->assign(n, 0);
    }
    std::vector<int32_t>& list = in.attendees;
    size_t w = 0;
    for (size_t i = 0; i < n; ++i) {
      const ActivityIndex d = dense[i];
      const OrgIndex o = a.org[d];
      a.attendee_begin[d] = static_cast<uint32_t>(w);
      uint32_t ids = 0, positions = 0;
      const uint32_t n_members = static_cast<uint32_t>(dense_member_.size());
      for (uint32_t k = in.attendee_offsets[i]; k < in.attendee_offsets[i + 1]; ++k) {
        const MemberRef ref = static_cast<MemberRef>(list[k]);
        // The common case of a large export: a member by a position that is there.
        if (ref != kNoMemberRef && (ref & kByPosition) && (ref & ~kByPosition) < n_members) {
          ++positions;
          list[w++] = dense_member_[ref & ~kByPosition];
          continue;
        }
        const bool by_pos = ref != kNoMemberRef && (ref & kByPosition);
        const uint32_t j = by_pos ? positions++ : ids++;
        const MemberIndex m = Member(kActivities, ref, [&](bool) {
          return StrCat(At("activities", i), by_pos ? ".attendeeIndexes[" : ".attendeeIds[", j, "]");
        }, o, d);
        if (m != kNone) list[w++] = m;
      }
      a.attendee_end[d] = static_cast<uint32_t>(w);
    }
    if (w < list.size()) {  // references dropped: give the room back
      list.resize(w);
      list.shrink_to_fit();
    }
    a.attendees = std::move(list);
  }

  // Per member, by date: the lectures they gave, the talks with them, the decisions about them.
  void ByMember() {
    Store::Activities& a = store_->activities_;
    const int n = static_cast<int>(a.org.size());
    std::vector<std::pair<MemberIndex, ActivityIndex>> lectures, talks;
    std::vector<std::pair<MemberIndex, std::pair<ActivityIndex, uint32_t>>> about;
    for (int d = 0; d < n; ++d) {
      if (a.lecturer[d] != kNone) lectures.emplace_back(a.lecturer[d], d);
      if (a.kind[d] == v1::Activity::TALK) {
        for (uint32_t k = a.talk_begin[d]; k < a.talk_end[d]; ++k) talks.emplace_back(a.talk_members[k], d);
      }
      for (uint32_t k = a.decision_offsets[d]; k < a.decision_offsets[d + 1]; ++k) {
        for (uint32_t j = a.decisions[k].subject_begin; j < a.decisions[k].subject_end; ++j) {
          about.push_back({a.decision_subjects[j], {d, k}});
        }
      }
    }
    Store& s = *store_;
    const size_t members = s.members_.size();
    const auto day = [&](ActivityIndex x) { return a.held_on[x]; };
    BuildByMember(lectures, members, day, s.lecture_offsets_, s.lectures_);
    BuildByMember(talks, members, day, s.talk_by_member_offsets_, s.talks_);
    BuildByMember(about, members, [&](const std::pair<ActivityIndex, uint32_t>& x) { return a.held_on[x.first]; },
                  s.decisions_about_offsets_, s.decisions_about_);
  }

  void Dues() {
    Store& s = *store_;
    const size_t members = s.members_.size();
    // Payments, by member then month: each member's payments are one range.
    // The input's columns become the Store's where they can: each row's
    // member written over its reference, the rows of members not there taken
    // out, and the rest moved (or, out of order, gathered) into place.
    Input::Dues& in = in_.dues;
    size_t kept = 0;
    bool in_order = true;  // by member, then month: a platform's table mostly is
    for (size_t i = 0; i < in.member.size(); ++i) {
      const MemberIndex m = Member(kDues, in.member[i], [&](bool by_position) {
        return At("dues", i, by_position ? "memberIndex" : "memberId");
      }, kNone);
      if (in.amount[i] < 0) {
        InvalidValue(kDues, At("dues", i, "amountCents"), StrCat(in.amount[i]), "negative amount", OrgOfMember(m), m);
      }
      if (m == kNone) {
        if (in.member[i] != kNoMemberRef) {
          v1::DuesPayment& x = Unplaced(*s.unplaced_.mutable_dues(), in.member[i]);
          x.set_month(FormatDate(in.month[i]).substr(0, 7));
          x.set_amount_cents(in.amount[i]);
          if (in.paid_on[i] != kNoDay) x.set_paid_on(FormatDate(in.paid_on[i]));
        }
        continue;
      }
      if (kept > 0) {
        const MemberIndex before = static_cast<MemberIndex>(in.member[kept - 1]);
        in_order = in_order && (before != m ? before < m : in.month[kept - 1] <= in.month[i]);
      }
      in.member[kept] = static_cast<MemberRef>(m);
      in.month[kept] = in.month[i], in.amount[kept] = in.amount[i], in.paid_on[kept] = in.paid_on[i];
      ++kept;
    }
    Input::Dues::ForEachColumn([&](auto column, auto) { (in.*column).resize(kept); });
    Store::Dues& dues = s.dues_;
    dues.member.assign(in.member.begin(), in.member.end());
    std::vector<MemberRef>().swap(in.member);
    if (in_order) {
      dues.month = std::move(in.month), dues.amount_cents = std::move(in.amount), dues.paid_on = std::move(in.paid_on);
    } else {
      std::vector<int32_t> order(kept);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
        return dues.member[a] != dues.member[b] ? dues.member[a] < dues.member[b] : in.month[a] < in.month[b];
      });
      dues.member = Gather(dues.member, order);
      dues.month = Gather(in.month, order);
      dues.amount_cents = Gather(in.amount, order);
      dues.paid_on = Gather(in.paid_on, order);
    }
    in = {};
    const auto since = [&](Day month) {
      if (s.dues_since_ == kNoDay || month < s.dues_since_) s.dues_since_ = month;
    };
    // Payments and the ledger merge into one mask per member-year: the
    // payments' of a member-year, by member, one entry already. In the same
    // pass, each member's range of payments counted, and the first month.
    struct Paid {
      MemberIndex member;
      int16_t year;
      uint16_t mask;
    };
    std::vector<Paid> paid;
    GrowOnHugePages(s.dues_offsets_, WithRoom(members + 1));
    s.dues_offsets_.assign(members + 1, 0);
    // Each month's year and bit, worked out once a month rather than once a
    // payment: a table of dues names a few dozen months, each a million
    // times. By the month's first day, which is every payment's month, mod
    // 64: the months of five years fall on slots of their own.
    struct YearAndBit {
      Day month = kNoDay;
      int16_t year = 0;
      uint16_t bit = 0;
    };
    std::array<YearAndBit, 64> years_and_bits;
    for (size_t i = 0; i < dues.size(); ++i) {
      const Day month = dues.month[i];
      ++s.dues_offsets_[dues.member[i] + 1];
      since(month);
      YearAndBit& of = years_and_bits[static_cast<uint32_t>(month) % years_and_bits.size()];
      if (of.month != month) {
        of = {month, static_cast<int16_t>(YearOf(month)), static_cast<uint16_t>(1u << (MonthOf(month) - 1))};
      }
      const Paid p{dues.member[i], of.year, of.bit};
      if (!paid.empty() && paid.back().member == p.member && paid.back().year == p.year) {
        paid.back().mask |= p.mask;
      } else {
        GrowOnHugePages(paid, paid.size() + 1);
        paid.push_back(p);
      }
    }
    for (size_t m = 0; m < members; ++m) s.dues_offsets_[m + 1] += s.dues_offsets_[m];
    Input::Ledger& ledger = in_.ledger;
    for (size_t i = 0; i < ledger.member.size(); ++i) {
      const MemberIndex m = Member(kDues, ledger.member[i], [&](bool by_position) {
        return At("duesLedger", i, by_position ? "memberIndex" : "memberId");
      }, kNone);
      const int32_t year = ledger.year[i];
      const uint32_t months = ledger.paid_months[i];
      const bool plausible = Input::Ledger::Plausible(year);
      if (!plausible) {
        InvalidValue(kDues, At("duesLedger", i, "year"), StrCat(year), "not a plausible year", OrgOfMember(m), m);
      }
      if (months > 0xFFF) {
        InvalidValue(kDues, At("duesLedger", i, "paidMonths"), StrCat(months), "bits beyond month 12 are set",
                     OrgOfMember(m), m);
      }
      // A row of a member not there, or what the Store cannot hold of a row
      // (by its member's id), kept as given, so that an export writes it
      // back and its finding comes again.
      v1::DuesLedger* as_given = nullptr;
      if (m == kNone && ledger.member[i] != kNoMemberRef) {
        as_given = &Unplaced(*s.unplaced_.mutable_dues_ledger(), ledger.member[i]);
      } else if (m != kNone && (!plausible || months > 0xFFF)) {
        as_given = s.unplaced_.add_dues_ledger();
        as_given->set_member_id(std::string(s.members_.id[m]));
      }
      if (as_given != nullptr) as_given->set_year(year), as_given->set_paid_months(months);
      if (m == kNone || !plausible) continue;
      const uint16_t bits = Input::Ledger::Months(months);
      GrowOnHugePages(paid, paid.size() + 1);
      paid.push_back({m, static_cast<int16_t>(year), bits});
      if (bits != 0) since(FirstMonthPaid(year, bits));
    }
    ledger = {};
    // A part of a stream: months before the stream's first with dues are
    // unknown, not those before the part's own first.
    if (in_.dues_since != kNoDay) since(in_.dues_since);
    // Exports are usually by member already.
    const auto before = [](const Paid& a, const Paid& b) {
      return a.member != b.member ? a.member < b.member : a.year < b.year;
    };
    if (!std::is_sorted(paid.begin(), paid.end(), before)) std::sort(paid.begin(), paid.end(), before);
    GrowOnHugePages(s.paid_offsets_, WithRoom(members + 1));
    s.paid_offsets_.assign(members + 1, 0);
    GrowOnHugePages(s.paid_years_, paid.size());
    GrowOnHugePages(s.paid_masks_, paid.size());
    for (const Paid& p : paid) {
      if (s.paid_offsets_[p.member + 1] > 0 && s.paid_years_.back() == p.year) {
        s.paid_masks_.back() |= p.mask;
        continue;
      }
      s.paid_years_.push_back(p.year);
      s.paid_masks_.push_back(p.mask);
      ++s.paid_offsets_[p.member + 1];
    }
    for (size_t m = 0; m < members; ++m) s.paid_offsets_[m + 1] += s.paid_offsets_[m];
  }

  void Events() {
    Input::Events& in = in_.events;
    Store::Events e;
    // The details kept (Input::Notes), by the index each event takes in `e`.
    std::vector<std::pair<int32_t, std::string>>& details = in_.notes.event_details;
    auto detail = details.begin();
    for (size_t i = 0; i < in.member.size(); ++i) {
      const bool detailed = detail != details.end() && detail->first == static_cast<int32_t>(i);
      const MemberIndex m = Member(kEvents, in.member[i], [&](bool) { return At("events", i, "memberId"); }, kNone);
      if (m == kNone) {
        std::string text;  // an unplaced event's detail goes with it
        if (detailed) text.swap((detail++)->second);
        if (in.member[i] == kNoMemberRef) continue;
        v1::MemberEvent& x = Unplaced(*store_->unplaced_.mutable_events(), in.member[i]);
        x.set_kind(in.kind[i]);
        x.set_on(FormatDate(in.on[i]));
        x.set_grade(in.grade[i]);
        x.set_detail(std::move(text));
        continue;
      }
      if (detailed) (detail++)->first = static_cast<int32_t>(e.member.size());
      e.member.push_back(m);
      e.kind.push_back(in.kind[i]);
      e.on.push_back(in.on[i]);
      e.grade.push_back(in.grade[i]);
    }
    in = {};
    std::vector<int32_t> order(e.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
      return e.member[a] != e.member[b] ? e.member[a] < e.member[b] : e.on[a] < e.on[b];
    });
    Store& s = *store_;
    s.events_.member = Gather(e.member, order);
    s.events_.kind = Gather(e.kind, order);
    s.events_.on = Gather(e.on, order);
    s.events_.grade = Gather(e.grade, order);
    if (!details.empty()) {
      std::vector<uint32_t> sorted_at(order.size());
      for (size_t k = 0; k < order.size(); ++k) sorted_at[order[k]] = static_cast<uint32_t>(k);
      for (auto& [k, text] : details) {
        if (k < static_cast<int32_t>(sorted_at.size()) && !text.empty()) s.notes_.event_details.emplace(sorted_at[k], std::move(text));
      }
      details = {};
    }
    GrowOnHugePages(s.event_offsets_, WithRoom(s.members_.size() + 1));
    s.event_offsets_.assign(s.members_.size() + 1, 0);
    for (MemberIndex m : s.events_.member) ++s.event_offsets_[m + 1];
    for (size_t m = 0; m < s.members_.size(); ++m) s.event_offsets_[m + 1] += s.event_offsets_[m];
  }

  Input in_;
  std::shared_ptr<Store> store_;
  std::vector<OrgIndex> dense_org_;        // by input index
  std::vector<MemberIndex> dense_member_;  // by input index
  std::vector<int32_t> named_member_;      // by member_refs symbol: the input index of the member, or kNone
  std::vector<uint32_t> carried_full_, carried_probationary_;  // by org; empty unless a part
  std::vector<ActivityIndex> activity_dense_;  // by input index
  bool members_in_order_ = false, activities_in_order_ = false;  // the input's order is the Store's
  // For an Engine: the member and activity ids keep the index the load made
  // (Kept), not gathered into the Store's order unindexed.
  bool keep_indexed_ = false;
  std::vector<std::pair<int32_t, int32_t>> makeups_;  // (activity, into makeup_targets), by input index
  std::vector<DataIssue> issues_[kSections];
};

absl::StatusOr<std::shared_ptr<Store>> BuildStore(Input in, InputPlaces* places) {
  return StoreBuilder(std::move(in)).Build(places);
}

}  // namespace dangjian::model
