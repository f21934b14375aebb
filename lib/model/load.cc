// Bytes → v1::Snapshot → validated Store.
//
// Validation fails the whole load at the first error, in record order, with a
// message naming the record and field. What a rule should report instead of a
// load refusing (an id no record defines, a value out of range) is kept as a
// DataIssue.
#include <algorithm>
#include <numeric>

#include "lib/strings.h"
#include "absl/strings/str_join.h"
#include "dangjian/store.h"
#include "google/protobuf/io/coded_stream.h"
#include "lib/model/json_reader.h"

namespace dangjian {
namespace {

absl::Status Invalid(std::string_view path, std::string_view what) {
  return absl::InvalidArgumentError(StrCat(path, ": ", what));
}

std::string At(std::string_view list, int i) { return StrCat(list, "[", i, "]"); }
std::string At(std::string_view list, int i, std::string_view field) {
  return StrCat(list, "[", i, "].", field);
}

// The index of each id, refusing empty and duplicate ones.
template <typename Records, typename IdOf>
absl::StatusOr<absl::flat_hash_map<std::string_view, int32_t>> IndexIds(
    std::string_view list, const Records& records, IdOf id_of, size_t max_bytes) {
  absl::flat_hash_map<std::string_view, int32_t> index;
  index.reserve(records.size());
  for (int i = 0; i < records.size(); ++i) {
    std::string_view id = id_of(records.Get(i));
    if (id.empty()) return Invalid(At(list, i, "id"), "missing (required)");
    if (id.size() > max_bytes) return Invalid(At(list, i, "id"), StrCat("longer than ", max_bytes, " bytes"));
    auto [it, added] = index.emplace(id, i);
    if (!added) {
      return Invalid(At(list, i, "id"),
                     StrCat("duplicate id \"", id, "\" (also ", At(list, it->second), ")"));
    }
  }
  return index;
}

template <typename EnumValid>
absl::Status RequireEnum(std::string_view path, int value, EnumValid valid, std::string_view type) {
  if (value == 0) return Invalid(path, "missing (required)");
  if (!valid(value)) return Invalid(path, StrCat("unknown ", type, " ", value));
  return absl::OkStatus();
}

template <typename EnumValid>
absl::Status OptionalEnum(std::string_view path, int value, EnumValid valid, std::string_view type) {
  if (value != 0 && !valid(value)) return Invalid(path, StrCat("unknown ", type, " ", value));
  return absl::OkStatus();
}

// A date field: kNoDay when empty, an error when malformed or required and absent.
absl::StatusOr<Day> DateField(std::string_view path, const std::string& text, bool required = false) {
  if (text.empty()) {
    if (required) return Invalid(path, "missing (required)");
    return kNoDay;
  }
  std::optional<Day> day = ParseDate(text);
  if (!day) return Invalid(path, StrCat("\"", text, "\" is not a date (YYYY-MM-DD)"));
  return *day;
}

absl::Status RequireId(std::string_view path, const std::string& id) {
  return id.empty() ? Invalid(path, "missing (required)") : absl::OkStatus();
}

#define DJ_ASSIGN_OR_RETURN(lhs, expr)         \
  auto DJ_CONCAT(_r, __LINE__) = (expr);       \
  if (!DJ_CONCAT(_r, __LINE__).ok()) return DJ_CONCAT(_r, __LINE__).status(); \
  lhs = *std::move(DJ_CONCAT(_r, __LINE__))
#define DJ_CONCAT_INNER(a, b) a##b
#define DJ_CONCAT(a, b) DJ_CONCAT_INNER(a, b)
#define DJ_RETURN_IF_ERROR(expr)             \
  do {                                       \
    absl::Status _s = (expr);                \
    if (!_s.ok()) return _s;                 \
  } while (0)

// Sorts record indices by (org, key) with records of no known org last.
template <typename Key>
std::vector<int32_t> OrderByOrg(const std::vector<OrgIndex>& org, Key key) {
  std::vector<int32_t> order(org.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    const uint32_t oa = static_cast<uint32_t>(org[a]), ob = static_cast<uint32_t>(org[b]);
    if (oa != ob) return oa < ob;  // kNone (-1) sorts last as unsigned
    return key(a) < key(b);
  });
  return order;
}

// offsets[o]..offsets[o+1] is the range of org o in `sorted_org`.
std::vector<uint32_t> Offsets(size_t n_orgs, const std::vector<OrgIndex>& sorted_org) {
  std::vector<uint32_t> offsets(n_orgs + 1, 0);
  for (OrgIndex o : sorted_org) {
    if (o != kNone) ++offsets[o + 1];
  }
  for (size_t i = 0; i < n_orgs; ++i) offsets[i + 1] += offsets[i];
  return offsets;
}

// A CSR list by member from (member, value) pairs, each member's values by
// the day `day_of` gives them.
template <typename V, typename DayOf>
void BuildByMember(std::vector<std::pair<MemberIndex, V>>& pairs, size_t members, DayOf day_of,
                   std::vector<uint32_t>& offsets, std::vector<V>& values) {
  std::stable_sort(pairs.begin(), pairs.end(), [&](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : day_of(x.second) < day_of(y.second);
  });
  offsets.assign(members + 1, 0);
  values.clear();
  for (const auto& [m, v] : pairs) {
    ++offsets[m + 1];
    values.push_back(v);
  }
  for (size_t m = 0; m < members; ++m) offsets[m + 1] += offsets[m];
}

template <typename T>
void Permute(std::vector<T>& v, const std::vector<int32_t>& order) {
  std::vector<T> out;
  out.reserve(v.size());
  for (int32_t i : order) out.push_back(std::move(v[i]));
  v = std::move(out);
}

}  // namespace

absl::StatusOr<v1::Snapshot> ParseSnapshotBytes(std::string_view bytes, SnapshotFormat format, const LoadLimits& limits);

class StoreBuilder {
 public:
  StoreBuilder(const v1::Snapshot& snap, const LoadLimits& limits)
      : snap_(snap), limits_(limits), store_(std::make_shared<Store>()) {}

  absl::StatusOr<std::shared_ptr<const Store>> Build() {
    if (snap_.schema_version() != 0 && snap_.schema_version() != 1) {
      return Invalid("schemaVersion", StrCat("unsupported version ", snap_.schema_version(),
                                                   " (this library reads 1)"));
    }
    DJ_RETURN_IF_ERROR(Units());
    DJ_RETURN_IF_ERROR(Orgs());
    DJ_RETURN_IF_ERROR(Members());
    DJ_RETURN_IF_ERROR(Positions());
    DJ_RETURN_IF_ERROR(Terms());
    DJ_RETURN_IF_ERROR(Activities());
    DJ_RETURN_IF_ERROR(Dues());
    DJ_RETURN_IF_ERROR(Events());
    Index();
    return std::shared_ptr<const Store>(std::move(store_));
  }

 private:
  void Issue(DataIssue::Kind kind, std::string field, std::string value, std::string problem,
             OrgIndex org, MemberIndex member = kNone, UnitIndex unit = kNone,
             ActivityIndex activity = kNone) {
    store_->data_issues_.push_back(DataIssue{kind, std::move(field), std::move(value),
                                             std::move(problem), org, member, unit, activity});
  }
  void UnknownRef(std::string field, const std::string& id, std::string_view what, OrgIndex org,
                  MemberIndex member = kNone, ActivityIndex activity = kNone) {
    Issue(DataIssue::Kind::kUnknownReference, std::move(field), id, std::string(what), org, member,
          kNone, activity);
  }
  void InvalidValue(std::string field, std::string value, std::string problem, OrgIndex org,
                    MemberIndex member = kNone, UnitIndex unit = kNone) {
    Issue(DataIssue::Kind::kInvalidValue, std::move(field), std::move(value), std::move(problem),
          org, member, unit);
  }

  OrgIndex OrgOf(const std::string& id) const {
    auto it = org_input_.find(id);
    return it == org_input_.end() ? kNone : dense_of_input_[it->second];
  }
  MemberIndex MemberOf(const std::string& id) const {
    auto it = member_input_.find(id);
    return it == member_input_.end() ? kNone : member_dense_[it->second];
  }

  absl::Status Units() {
    DJ_ASSIGN_OR_RETURN(unit_input_, IndexIds("units", snap_.units(), [](const v1::Unit& u) -> std::string_view { return u.id(); }, limits_.max_string_bytes));
    Store::Units& u = store_->units_;
    for (int i = 0; i < snap_.units_size(); ++i) {
      const v1::Unit& in = snap_.units(i);
      u.id.push_back(in.id());
      u.name.push_back(in.name());
      u.staff_count.push_back(in.has_staff_count() ? in.staff_count() : -1);
      u.party_staff_count.push_back(in.has_party_staff_count() ? in.party_staff_count() : -1);
      if (in.has_staff_count() && in.staff_count() < 0) {
        InvalidValue(At("units", i, "staffCount"), StrCat(in.staff_count()), "negative count", kNone, kNone, i);
      }
      if (in.has_party_staff_count() && in.party_staff_count() < 0) {
        InvalidValue(At("units", i, "partyStaffCount"), StrCat(in.party_staff_count()), "negative count", kNone, kNone, i);
      }
    }
    return absl::OkStatus();
  }

  absl::Status Orgs() {
    const auto& orgs = snap_.orgs();
    const int n = orgs.size();
    DJ_ASSIGN_OR_RETURN(org_input_, IndexIds("orgs", orgs, [](const v1::Org& o) -> std::string_view { return o.id(); }, limits_.max_string_bytes));
    std::vector<int32_t> parent_input(n, kNone);
    for (int i = 0; i < n; ++i) {
      const v1::Org& o = orgs.Get(i);
      DJ_RETURN_IF_ERROR(RequireEnum(At("orgs", i, "kind"), o.kind(), v1::Org::Kind_IsValid, "Org.Kind"));
      if (!o.parent_id().empty()) {
        auto it = org_input_.find(o.parent_id());
        if (it == org_input_.end()) {
          return Invalid(At("orgs", i, "parentId"), StrCat("no org \"", o.parent_id(), "\""));
        }
        parent_input[i] = it->second;
      }
      DJ_RETURN_IF_ERROR(DateField(At("orgs", i, "establishedOn"), o.established_on()).status());
      DJ_RETURN_IF_ERROR(DateField(At("orgs", i, "dissolvedOn"), o.dissolved_on()).status());
    }

    // Children in input order; roots in input order; depth-first preorder.
    std::vector<std::vector<int32_t>> children_input(n);
    std::vector<int32_t> roots;
    for (int i = 0; i < n; ++i) {
      (parent_input[i] == kNone ? roots : children_input[parent_input[i]]).push_back(i);
    }
    std::vector<int32_t> preorder;
    preorder.reserve(n);
    std::vector<int32_t> stack(roots.rbegin(), roots.rend());
    while (!stack.empty()) {
      const int32_t i = stack.back();
      stack.pop_back();
      preorder.push_back(i);
      stack.insert(stack.end(), children_input[i].rbegin(), children_input[i].rend());
    }
    if (static_cast<int>(preorder.size()) != n) return CycleError(parent_input, preorder);

    dense_of_input_.assign(n, kNone);
    for (int d = 0; d < n; ++d) dense_of_input_[preorder[d]] = d;

    Store::Orgs& out = store_->orgs_;
    out.subtree_end.assign(n, 0);
    out.child_offsets.push_back(0);
    out.unit_offsets.push_back(0);
    for (int d = 0; d < n; ++d) {
      const int i = preorder[d];
      const v1::Org& o = orgs.Get(i);
      out.id.push_back(o.id());
      out.name.push_back(o.name());
      out.kind.push_back(o.kind());
      out.parent.push_back(parent_input[i] == kNone ? kNone : dense_of_input_[parent_input[i]]);
      const Day established = *DateField("", o.established_on());
      const Day dissolved = *DateField("", o.dissolved_on());
      out.established_on.push_back(established);
      out.dissolved_on.push_back(dissolved);
      if (established != kNoDay && dissolved != kNoDay && dissolved < established) {
        InvalidValue(At("orgs", i, "dissolvedOn"), o.dissolved_on(), "before establishedOn", d);
      }
      out.approved_exception.push_back(o.approved_exception());
      for (int32_t c : children_input[i]) out.children.push_back(dense_of_input_[c]);
      out.child_offsets.push_back(out.children.size());
      for (int k = 0; k < o.unit_ids_size(); ++k) {
        auto it = unit_input_.find(o.unit_ids(k));
        if (it == unit_input_.end()) {
          UnknownRef(StrCat(At("orgs", i, "unitIds"), "[", k, "]"), o.unit_ids(k), "unit", d);
        } else {
          out.units.push_back(it->second);
        }
      }
      out.unit_offsets.push_back(out.units.size());
    }
    // In preorder a subtree ends where the next org outside it begins.
    for (int d = n - 1; d >= 0; --d) {
      OrgIndex end = d + 1;
      for (OrgIndex c : store_->Children(d)) end = std::max(end, out.subtree_end[c]);
      out.subtree_end[d] = end;
    }
    return absl::OkStatus();
  }

  absl::Status CycleError(const std::vector<int32_t>& parent_input, const std::vector<int32_t>& reached) {
    std::vector<bool> seen(parent_input.size(), false);
    for (int32_t i : reached) seen[i] = true;
    int32_t start = 0;
    while (seen[start]) ++start;  // the first org, in input order, that no root reaches
    // Walk up until an org repeats: that org lies on the cycle.
    std::vector<int32_t> walk_pos(parent_input.size(), -1);
    std::vector<int32_t> walk;
    int32_t i = start;
    while (walk_pos[i] < 0) {
      walk_pos[i] = walk.size();
      walk.push_back(i);
      i = parent_input[i];
    }
    std::vector<std::string> names;
    for (size_t k = walk_pos[i]; k < walk.size(); ++k) {
      names.push_back(StrCat("\"", snap_.orgs(walk[k]).id(), "\""));
    }
    names.push_back(StrCat("\"", snap_.orgs(i).id(), "\""));
    return Invalid(At("orgs", i, "parentId"), StrCat("cycle ", absl::StrJoin(names, " → ")));
  }

  absl::Status Members() {
    const auto& members = snap_.members();
    const int n = members.size();
    DJ_ASSIGN_OR_RETURN(member_input_, IndexIds("members", members, [](const v1::Member& m) -> std::string_view { return m.id(); }, limits_.max_string_bytes));
    std::vector<OrgIndex> org(n);
    for (int i = 0; i < n; ++i) {
      const v1::Member& m = members.Get(i);
      DJ_RETURN_IF_ERROR(RequireId(At("members", i, "orgId"), m.org_id()));
      DJ_RETURN_IF_ERROR(RequireEnum(At("members", i, "status"), m.status(), v1::Member::Status_IsValid, "Member.Status"));
      DJ_RETURN_IF_ERROR(OptionalEnum(At("members", i, "duesCategory"), m.dues_category(), v1::Member::DuesCategory_IsValid, "Member.DuesCategory"));
      DJ_RETURN_IF_ERROR(DateField(At("members", i, "admittedOn"), m.admitted_on()).status());
      DJ_RETURN_IF_ERROR(DateField(At("members", i, "fullOn"), m.full_on()).status());
      DJ_RETURN_IF_ERROR(DateField(At("members", i, "lostContactSince"), m.lost_contact_since()).status());
      org[i] = OrgOf(m.org_id());
    }
    const std::vector<int32_t> order = OrderByOrg(org, [](int32_t i) { return i; });
    member_dense_.assign(n, kNone);
    for (int d = 0; d < n; ++d) member_dense_[order[d]] = d;

    Store::Members& out = store_->members_;
    Store::Orgs& orgs = store_->orgs_;
    const size_t n_orgs = orgs.size();
    orgs.own_full.assign(n_orgs, 0);
    orgs.own_probationary.assign(n_orgs, 0);
    for (int d = 0; d < n; ++d) {
      const int i = order[d];
      const v1::Member& m = members.Get(i);
      const OrgIndex o = org[i];
      out.id.push_back(m.id());
      out.org.push_back(o);
      if (o == kNone) UnknownRef(At("members", i, "orgId"), m.org_id(), "org", kNone, d);
      OrgIndex group = kNone;
      if (!m.group_id().empty()) {
        group = OrgOf(m.group_id());
        if (group == kNone) UnknownRef(At("members", i, "groupId"), m.group_id(), "org", o, d);
      }
      out.group.push_back(group);
      UnitIndex unit = kNone;
      if (!m.unit_id().empty()) {
        auto it = unit_input_.find(m.unit_id());
        if (it == unit_input_.end()) {
          UnknownRef(At("members", i, "unitId"), m.unit_id(), "unit", o, d);
        } else {
          unit = it->second;
        }
      }
      out.unit.push_back(unit);
      out.status.push_back(m.status());
      const Day admitted = *DateField("", m.admitted_on());
      const Day full = *DateField("", m.full_on());
      out.admitted_on.push_back(admitted);
      out.full_on.push_back(full);
      if (admitted != kNoDay && full != kNoDay && full < admitted) {
        InvalidValue(At("members", i, "fullOn"), m.full_on(), "before admittedOn", o, d);
      }
      out.lost_contact_since.push_back(*DateField("", m.lost_contact_since()));
      out.probation_extended_months.push_back(m.probation_extended_months());
      if (m.probation_extended_months() < 0) {
        InvalidValue(At("members", i, "probationExtendedMonths"), StrCat(m.probation_extended_months()), "negative count", o, d);
      }
      out.leading_cadre.push_back(m.leading_cadre());
      out.dues_exempt_approved.push_back(m.dues_exempt_approved());
      out.dues_category.push_back(m.dues_category());
      out.monthly_income_cents.push_back(m.has_monthly_income_cents() ? m.monthly_income_cents() : -1);
      if (m.has_monthly_income_cents() && m.monthly_income_cents() < 0) {
        InvalidValue(At("members", i, "monthlyIncomeCents"), StrCat(m.monthly_income_cents()), "negative amount", o, d);
      }
      if (o != kNone) {
        (m.status() == v1::Member::FULL ? orgs.own_full : orgs.own_probationary)[o]++;
      }
    }
    orgs.member_offsets = Offsets(n_orgs, out.org);
    orgs.subtree_full = orgs.own_full;
    orgs.subtree_probationary = orgs.own_probationary;
    for (OrgIndex o = static_cast<OrgIndex>(n_orgs) - 1; o >= 0; --o) {
      const OrgIndex p = orgs.parent[o];
      if (p == kNone) continue;
      orgs.subtree_full[p] += orgs.subtree_full[o];
      orgs.subtree_probationary[p] += orgs.subtree_probationary[o];
    }
    return absl::OkStatus();
  }

  absl::Status Positions() {
    const auto& in = snap_.positions();
    const int n = in.size();
    Store::Positions p;
    for (int i = 0; i < n; ++i) {
      const v1::Position& x = in.Get(i);
      DJ_RETURN_IF_ERROR(RequireId(At("positions", i, "orgId"), x.org_id()));
      DJ_RETURN_IF_ERROR(RequireId(At("positions", i, "memberId"), x.member_id()));
      DJ_RETURN_IF_ERROR(RequireEnum(At("positions", i, "role"), x.role(), v1::Position::Role_IsValid, "Position.Role"));
      DJ_ASSIGN_OR_RETURN(const Day since, DateField(At("positions", i, "since"), x.since()));
      DJ_ASSIGN_OR_RETURN(const Day until, DateField(At("positions", i, "until"), x.until()));
      const OrgIndex o = OrgOf(x.org_id());
      const MemberIndex m = MemberOf(x.member_id());
      if (o == kNone) UnknownRef(At("positions", i, "orgId"), x.org_id(), "org", kNone, m);
      if (m == kNone) UnknownRef(At("positions", i, "memberId"), x.member_id(), "member", o);
      if (since != kNoDay && until != kNoDay && until < since) {
        InvalidValue(At("positions", i, "until"), x.until(), "before since", o, m);
      }
      p.org.push_back(o);
      p.member.push_back(m);
      p.role.push_back(x.role());
      p.since.push_back(since);
      p.until.push_back(until);
      p.approved.push_back(x.approved());
    }
    const std::vector<int32_t> order = OrderByOrg(p.org, [](int32_t i) { return i; });
    Permute(p.org, order);
    Permute(p.member, order);
    Permute(p.role, order);
    Permute(p.since, order);
    Permute(p.until, order);
    Permute(p.approved, order);
    store_->orgs_.position_offsets = Offsets(store_->orgs_.size(), p.org);
    store_->positions_ = std::move(p);
    return absl::OkStatus();
  }

  absl::Status Terms() {
    const auto& in = snap_.terms();
    Store::Terms t;
    for (int i = 0; i < in.size(); ++i) {
      const v1::Term& x = in.Get(i);
      DJ_RETURN_IF_ERROR(RequireId(At("terms", i, "orgId"), x.org_id()));
      DJ_ASSIGN_OR_RETURN(const Day started, DateField(At("terms", i, "startedOn"), x.started_on(), true));
      DJ_ASSIGN_OR_RETURN(const Day ended, DateField(At("terms", i, "endedOn"), x.ended_on()));
      const OrgIndex o = OrgOf(x.org_id());
      if (o == kNone) UnknownRef(At("terms", i, "orgId"), x.org_id(), "org", kNone);
      if (ended != kNoDay && ended < started) {
        InvalidValue(At("terms", i, "endedOn"), x.ended_on(), "before startedOn", o);
      }
      t.org.push_back(o);
      t.number.push_back(x.number());
      t.started_on.push_back(started);
      t.ended_on.push_back(ended);
      t.adjust_months.push_back(x.adjust_months());
      t.adjust_approved.push_back(x.adjust_approved());
    }
    const std::vector<int32_t> order = OrderByOrg(t.org, [&](int32_t i) { return t.started_on[i]; });
    Permute(t.org, order);
    Permute(t.number, order);
    Permute(t.started_on, order);
    Permute(t.ended_on, order);
    Permute(t.adjust_months, order);
    Permute(t.adjust_approved, order);
    store_->orgs_.term_offsets = Offsets(store_->orgs_.size(), t.org);
    store_->terms_ = std::move(t);
    return absl::OkStatus();
  }

  absl::Status Activities() {
    const auto& in = snap_.activities();
    const int n = in.size();
    DJ_ASSIGN_OR_RETURN(auto activity_input, IndexIds("activities", in, [](const v1::Activity& a) -> std::string_view { return a.id(); }, limits_.max_string_bytes));
    std::vector<OrgIndex> org(n);
    std::vector<Day> held(n);
    for (int i = 0; i < n; ++i) {
      const v1::Activity& x = in.Get(i);
      DJ_RETURN_IF_ERROR(RequireId(At("activities", i, "orgId"), x.org_id()));
      DJ_RETURN_IF_ERROR(RequireEnum(At("activities", i, "kind"), x.kind(), v1::Activity::Kind_IsValid, "Activity.Kind"));
      DJ_ASSIGN_OR_RETURN(held[i], DateField(At("activities", i, "heldOn"), x.held_on(), true));
      for (int k = 0; k < x.absentees_size(); ++k) {
        DJ_RETURN_IF_ERROR(OptionalEnum(StrCat(At("activities", i, "absentees"), "[", k, "].reason"),
                                        x.absentees(k).reason(), v1::Activity::Absentee::Reason_IsValid, "Absentee.Reason"));
      }
      for (int k = 0; k < x.decisions_size(); ++k) {
        DJ_RETURN_IF_ERROR(OptionalEnum(StrCat(At("activities", i, "decisions"), "[", k, "].kind"),
                                        x.decisions(k).kind(), v1::Activity::Decision::Kind_IsValid, "Decision.Kind"));
      }
      org[i] = OrgOf(x.org_id());
    }
    const std::vector<int32_t> order = OrderByOrg(org, [&](int32_t i) { return held[i]; });
    std::vector<ActivityIndex> dense(n);
    for (int d = 0; d < n; ++d) dense[order[d]] = d;

    Store::Activities& a = store_->activities_;
    for (auto* offsets : {&a.attendee_offsets, &a.tag_offsets, &a.absentee_offsets, &a.decision_offsets, &a.talk_offsets}) {
      offsets->push_back(0);
    }
    absl::flat_hash_map<std::string, uint16_t> tag_index;
    for (int d = 0; d < n; ++d) {
      const int i = order[d];
      const v1::Activity& x = in.Get(i);
      const OrgIndex o = org[i];
      const std::string path = At("activities", i);
      if (o == kNone) UnknownRef(path + ".orgId", x.org_id(), "org", kNone, kNone, d);
      // A member reference: its index, or kNone (and a reported issue) when it names no member.
      const auto member = [&](const std::string& id, auto field) -> MemberIndex {
        if (id.empty()) return kNone;
        const MemberIndex m = MemberOf(id);
        if (m == kNone) UnknownRef(field(), id, "member", o, kNone, d);
        return m;
      };
      a.id.push_back(x.id());
      a.org.push_back(o);
      a.kind.push_back(x.kind());
      a.held_on.push_back(held[i]);
      a.recorded.push_back((x.place().empty() ? 0 : Store::Activities::kPlace) |
                           (x.topic().empty() ? 0 : Store::Activities::kTopic) |
                           (x.minutes().empty() ? 0 : Store::Activities::kMinutes) |
                           (x.attendee_ids_size() == 0 ? 0 : Store::Activities::kAttendees));
      a.lecturer.push_back(member(x.lecturer_id(), [&] { return path + ".lecturerId"; }));
      ActivityIndex makeup = kNone;
      if (!x.makeup_for().empty()) {
        auto it = activity_input.find(x.makeup_for());
        if (it == activity_input.end()) UnknownRef(path + ".makeupFor", x.makeup_for(), "activity", o, kNone, d);
        else makeup = dense[it->second];
      }
      a.makeup_for.push_back(makeup);
      int unowned = 0;
      for (int k = 0; k < x.resolutions_size(); ++k) {
        if (x.resolutions(k).owner_id().empty()) ++unowned;
        member(x.resolutions(k).owner_id(), [&] { return StrCat(path, ".resolutions[", k, "].ownerId"); });
      }
      a.unowned_resolutions.push_back(unowned);
      for (int k = 0; k < x.attendee_ids_size(); ++k) {
        const MemberIndex m = member(x.attendee_ids(k), [&] { return StrCat(path, ".attendeeIds[", k, "]"); });
        if (m != kNone) a.attendees.push_back(m);
      }
      for (int k = 0; k < x.observer_ids_size(); ++k) {
        member(x.observer_ids(k), [&] { return StrCat(path, ".observerIds[", k, "]"); });
      }
      for (int k = 0; k < x.absentees_size(); ++k) {
        const MemberIndex m = member(x.absentees(k).member_id(), [&] { return StrCat(path, ".absentees[", k, "].memberId"); });
        if (m != kNone) a.absentees.push_back({m, x.absentees(k).reason()});
      }
      for (int k = 0; k < x.decisions_size(); ++k) {
        const v1::Activity::Decision& dec = x.decisions(k);
        const uint32_t subjects_begin = a.decision_subjects.size();
        for (int j = 0; j < dec.subject_member_ids_size(); ++j) {
          const MemberIndex m = member(dec.subject_member_ids(j), [&] { return StrCat(path, ".decisions[", k, "].subjectMemberIds[", j, "]"); });
          if (m != kNone) a.decision_subjects.push_back(m);
        }
        for (const auto& [field, votes] : {std::pair<const char*, int32_t>{"votesFor", dec.votes_for()},
                                           {"votesAgainst", dec.votes_against()}, {"votesAbstain", dec.votes_abstain()}}) {
          if (votes < 0) {
            InvalidValue(StrCat(path, ".decisions[", k, "].", field), StrCat(votes), "negative count", o);
          }
        }
        a.decisions.push_back({dec.kind(), dec.subject_member_ids_size(), subjects_begin,
                               static_cast<uint32_t>(a.decision_subjects.size()), dec.has_votes_for() ? dec.votes_for() : -1,
                               dec.has_votes_against() ? dec.votes_against() : -1,
                               dec.has_votes_abstain() ? dec.votes_abstain() : -1});
      }
      for (int k = 0; k < x.talk_member_ids_size(); ++k) {
        const MemberIndex m = member(x.talk_member_ids(k), [&] { return StrCat(path, ".talkMemberIds[", k, "]"); });
        if (m != kNone) a.talk_members.push_back(m);
      }
      for (const std::string& tag : x.tags()) {
        auto [it, added] = tag_index.emplace(tag, static_cast<uint16_t>(store_->tags_.size()));
        if (added) {
          if (store_->tags_.size() >= 0xFFFF) return Invalid(path + ".tags", "more than 65535 distinct tags");
          store_->tags_.push_back(tag);
        }
        a.tags.push_back(it->second);
      }
      a.attendee_offsets.push_back(a.attendees.size());
      a.tag_offsets.push_back(a.tags.size());
      a.absentee_offsets.push_back(a.absentees.size());
      a.decision_offsets.push_back(a.decisions.size());
      a.talk_offsets.push_back(a.talk_members.size());
    }
    store_->orgs_.activity_offsets = Offsets(store_->orgs_.size(), a.org);
    for (Day d : a.held_on) {
      if (store_->activities_since_ == kNoDay || d < store_->activities_since_) store_->activities_since_ = d;
    }

    // Per member, by date: the lectures they gave, the talks with them, the decisions about them.
    std::vector<std::pair<MemberIndex, ActivityIndex>> lectures, talks;
    std::vector<std::pair<MemberIndex, std::pair<ActivityIndex, uint32_t>>> about;
    for (int d = 0; d < n; ++d) {
      if (a.lecturer[d] != kNone) lectures.emplace_back(a.lecturer[d], d);
      if (a.kind[d] == v1::Activity::TALK) {
        for (uint32_t k = a.talk_offsets[d]; k < a.talk_offsets[d + 1]; ++k) talks.emplace_back(a.talk_members[k], d);
      }
      for (uint32_t k = a.decision_offsets[d]; k < a.decision_offsets[d + 1]; ++k) {
        for (uint32_t j = a.decisions[k].subject_begin; j < a.decisions[k].subject_end; ++j) {
          about.push_back({a.decision_subjects[j], {d, k}});
        }
      }
    }
    const size_t members = store_->members_.size();
    const auto day = [&](ActivityIndex x) { return a.held_on[x]; };
    BuildByMember(lectures, members, day, store_->lecture_offsets_, store_->lectures_);
    BuildByMember(talks, members, day, store_->talk_by_member_offsets_, store_->talks_);
    BuildByMember(about, members, [&](const std::pair<ActivityIndex, uint32_t>& x) { return a.held_on[x.first]; },
                  store_->decisions_about_offsets_, store_->decisions_about_);
    return absl::OkStatus();
  }

  OrgIndex OrgOfMember(MemberIndex m) const {
    return m == kNone ? kNone : store_->members_.org[m];
  }

  absl::Status Dues() {
    struct Payment {
      MemberIndex member;
      Day month;
      int64_t amount_cents;
      Day paid_on;
    };
    std::vector<Payment> payments;
    for (int i = 0; i < snap_.dues_size(); ++i) {
      const v1::DuesPayment& x = snap_.dues(i);
      DJ_RETURN_IF_ERROR(RequireId(At("dues", i, "memberId"), x.member_id()));
      if (x.month().empty()) return Invalid(At("dues", i, "month"), "missing (required)");
      if (!ParseMonth(x.month())) {
        return Invalid(At("dues", i, "month"), StrCat("\"", x.month(), "\" is not a month (YYYY-MM)"));
      }
      DJ_ASSIGN_OR_RETURN(const Day paid_on, DateField(At("dues", i, "paidOn"), x.paid_on()));
      const MemberIndex m = MemberOf(x.member_id());
      if (m == kNone) UnknownRef(At("dues", i, "memberId"), x.member_id(), "member", kNone);
      if (x.amount_cents() < 0) {
        InvalidValue(At("dues", i, "amountCents"), StrCat(x.amount_cents()), "negative amount", OrgOfMember(m), m);
      }
      if (m == kNone) continue;
      payments.push_back({m, *ParseMonth(x.month()), x.amount_cents(), paid_on});
    }
    // By member, then month: each member's payments are one range.
    std::stable_sort(payments.begin(), payments.end(), [](const Payment& x, const Payment& y) {
      return x.member != y.member ? x.member < y.member : x.month < y.month;
    });
    Store::Dues& dues = store_->dues_;
    store_->dues_offsets_.assign(store_->members_.size() + 1, 0);
    for (const Payment& p : payments) {
      dues.member.push_back(p.member);
      dues.month.push_back(p.month);
      dues.amount_cents.push_back(p.amount_cents);
      dues.paid_on.push_back(p.paid_on);
      ++store_->dues_offsets_[p.member + 1];
    }
    for (size_t m = 0; m < store_->members_.size(); ++m) store_->dues_offsets_[m + 1] += store_->dues_offsets_[m];

    // Payments and the ledger merge into one mask per member-year.
    struct Paid {
      MemberIndex member;
      int year;
      uint16_t mask;
    };
    std::vector<Paid> paid;
    for (const Payment& p : payments) {
      paid.push_back({p.member, YearOf(p.month), static_cast<uint16_t>(1u << (MonthOf(p.month) - 1))});
    }
    for (int i = 0; i < snap_.dues_ledger_size(); ++i) {
      const v1::DuesLedger& x = snap_.dues_ledger(i);
      const MemberIndex m = MemberOf(x.member_id());
      if (m == kNone || x.year() < 1921 || x.year() > 9999) continue;
      paid.push_back({m, x.year(), static_cast<uint16_t>(x.paid_months() & 0xFFF)});
      const uint32_t bits = x.paid_months() & 0xFFF;
      if (bits != 0) {
        int first_month = 1;
        while (!((bits >> (first_month - 1)) & 1)) ++first_month;
        const Day first = ToDay(absl::CivilDay(x.year(), first_month, 1));
        if (store_->dues_since_ == kNoDay || first < store_->dues_since_) store_->dues_since_ = first;
      }
    }
    for (const Payment& p : payments) {
      if (store_->dues_since_ == kNoDay || p.month < store_->dues_since_) store_->dues_since_ = p.month;
    }
    std::sort(paid.begin(), paid.end(), [](const Paid& a, const Paid& b) {
      return a.member != b.member ? a.member < b.member : a.year < b.year;
    });
    store_->paid_offsets_.assign(store_->members_.size() + 1, 0);
    for (const Paid& p : paid) {
      if (!store_->paid_years_.empty() && store_->paid_offsets_[p.member + 1] > 0 && store_->paid_years_.back() == p.year) {
        store_->paid_masks_.back() |= p.mask;
        continue;
      }
      store_->paid_years_.push_back(static_cast<int16_t>(p.year));
      store_->paid_masks_.push_back(p.mask);
      ++store_->paid_offsets_[p.member + 1];
    }
    for (size_t m = 0; m < store_->members_.size(); ++m) store_->paid_offsets_[m + 1] += store_->paid_offsets_[m];
    for (int i = 0; i < snap_.dues_ledger_size(); ++i) {
      const v1::DuesLedger& x = snap_.dues_ledger(i);
      DJ_RETURN_IF_ERROR(RequireId(At("duesLedger", i, "memberId"), x.member_id()));
      if (x.year() == 0) return Invalid(At("duesLedger", i, "year"), "missing (required)");
      const MemberIndex m = MemberOf(x.member_id());
      if (m == kNone) UnknownRef(At("duesLedger", i, "memberId"), x.member_id(), "member", kNone);
      if (x.year() < 1921 || x.year() > 9999) {
        InvalidValue(At("duesLedger", i, "year"), StrCat(x.year()), "not a plausible year", OrgOfMember(m), m);
      }
      if (x.paid_months() > 0xFFF) {
        InvalidValue(At("duesLedger", i, "paidMonths"), StrCat(x.paid_months()),
                     "bits beyond month 12 are set", OrgOfMember(m), m);
      }
    }
    return absl::OkStatus();
  }

  absl::Status Events() {
    Store::Events e;
    for (int i = 0; i < snap_.events_size(); ++i) {
      const v1::MemberEvent& x = snap_.events(i);
      DJ_RETURN_IF_ERROR(RequireId(At("events", i, "memberId"), x.member_id()));
      DJ_RETURN_IF_ERROR(RequireEnum(At("events", i, "kind"), x.kind(), v1::MemberEvent::Kind_IsValid, "MemberEvent.Kind"));
      DJ_RETURN_IF_ERROR(OptionalEnum(At("events", i, "grade"), x.grade(), v1::MemberEvent::Grade_IsValid, "MemberEvent.Grade"));
      DJ_ASSIGN_OR_RETURN(const Day on, DateField(At("events", i, "on"), x.on(), true));
      const MemberIndex m = MemberOf(x.member_id());
      if (m == kNone) {
        UnknownRef(At("events", i, "memberId"), x.member_id(), "member", kNone);
        continue;
      }
      e.member.push_back(m);
      e.kind.push_back(x.kind());
      e.on.push_back(on);
      e.grade.push_back(x.grade());
    }
    std::vector<int32_t> order(e.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
      return e.member[a] != e.member[b] ? e.member[a] < e.member[b] : e.on[a] < e.on[b];
    });
    Permute(e.member, order);
    Permute(e.kind, order);
    Permute(e.on, order);
    Permute(e.grade, order);
    store_->event_offsets_.assign(store_->members_.size() + 1, 0);
    for (MemberIndex m : e.member) ++store_->event_offsets_[m + 1];
    for (size_t m = 0; m < store_->members_.size(); ++m) store_->event_offsets_[m + 1] += store_->event_offsets_[m];
    store_->events_ = std::move(e);
    return absl::OkStatus();
  }

  void Index() {
    Store& s = *store_;
    for (size_t i = 0; i < s.orgs_.id.size(); ++i) s.org_by_id_.emplace(s.orgs_.id[i], i);
    for (size_t i = 0; i < s.members_.id.size(); ++i) s.member_by_id_.emplace(s.members_.id[i], i);
    for (size_t i = 0; i < s.units_.id.size(); ++i) s.unit_by_id_.emplace(s.units_.id[i], i);
  }

  const v1::Snapshot& snap_;
  const LoadLimits& limits_;
  std::shared_ptr<Store> store_;
  absl::flat_hash_map<std::string_view, int32_t> unit_input_, org_input_, member_input_;
  std::vector<OrgIndex> dense_of_input_;
  std::vector<MemberIndex> member_dense_;
};

namespace {

// One binary message, with the recursion limit set.
bool ParseBinary(std::string_view bytes, int max_depth, v1::Snapshot& out) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return false;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
  in.SetRecursionLimit(max_depth);
  return out.ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
}

uint64_t Records(const v1::Snapshot& s) {
  return uint64_t{0} + s.units_size() + s.orgs_size() + s.members_size() + s.positions_size() + s.terms_size() +
         s.activities_size() + s.dues_size() + s.dues_ledger_size() + s.events_size();
}

}  // namespace

absl::StatusOr<v1::Snapshot> ParseSnapshot(std::string_view bytes, SnapshotFormat format, const LoadLimits& limits) {
  if (bytes.size() > limits.max_input_bytes) {
    return absl::InvalidArgumentError(StrCat("input of ", bytes.size(), " bytes, more than the limit of ", limits.max_input_bytes));
  }
  absl::StatusOr<v1::Snapshot> parsed = ParseSnapshotBytes(bytes, format, limits);
  if (parsed.ok() && Records(*parsed) > limits.max_records) {
    return absl::InvalidArgumentError(StrCat(Records(*parsed), " records, more than the limit of ", limits.max_records));
  }
  return parsed;
}

absl::StatusOr<v1::Snapshot> ParseSnapshotBytes(std::string_view bytes, SnapshotFormat format, const LoadLimits& limits) {
  v1::Snapshot snapshot;
  switch (format) {
    case SnapshotFormat::kJson: {
      absl::Status s = model::ReadJson(bytes, snapshot, limits.max_depth, limits.max_string_bytes);
      if (!s.ok()) return s;
      return snapshot;
    }
    case SnapshotFormat::kBinary:
      if (!ParseBinary(bytes, limits.max_depth, snapshot)) {
        return absl::InvalidArgumentError(
            StrCat("not a dangjian.v1.Snapshot in binary protobuf (", bytes.size(), " bytes)"));
      }
      return snapshot;
    case SnapshotFormat::kDelimited: {
      // Each message is read on its own stream, so no total-size limit applies
      // to the whole file.
      size_t offset = 0;
      for (int k = 0; offset < bytes.size(); ++k) {
        google::protobuf::io::CodedInputStream in(
            reinterpret_cast<const uint8_t*>(bytes.data() + offset),
            static_cast<int>(std::min<size_t>(bytes.size() - offset, INT_MAX)));
        uint32_t size;
        if (!in.ReadVarint32(&size)) {
          return absl::InvalidArgumentError(StrCat("message ", k, " (byte ", offset, "): bad length prefix"));
        }
        const size_t header = in.CurrentPosition();
        if (size > bytes.size() - offset - header) {
          return absl::InvalidArgumentError(StrCat("message ", k, " (byte ", offset, "): truncated, ",
                                                         size, " bytes announced, ", bytes.size() - offset - header, " left"));
        }
        v1::Snapshot part;
        if (!ParseBinary(bytes.substr(offset + header, size), limits.max_depth, part)) {
          return absl::InvalidArgumentError(StrCat("message ", k, " (byte ", offset, "): not a dangjian.v1.Snapshot"));
        }
        if (part.schema_version() != 0 && snapshot.schema_version() != 0 &&
            part.schema_version() != snapshot.schema_version()) {
          return absl::InvalidArgumentError(StrCat("message ", k, ": schemaVersion ", part.schema_version(),
                                                         " differs from ", snapshot.schema_version()));
        }
        snapshot.MergeFrom(part);
        offset += header + size;
        if (Records(snapshot) > limits.max_records) {
          return absl::InvalidArgumentError(StrCat("message ", k, ": more than the limit of ", limits.max_records, " records"));
        }
      }
      return snapshot;
    }
  }
  return absl::InvalidArgumentError("unknown snapshot format");
}

absl::StatusOr<std::shared_ptr<const Store>> LoadSnapshot(const v1::Snapshot& snapshot, const LoadLimits& limits) {
  if (Records(snapshot) > limits.max_records) {
    return absl::InvalidArgumentError(StrCat(Records(snapshot), " records, more than the limit of ", limits.max_records));
  }
  return StoreBuilder(snapshot, limits).Build();
}

absl::StatusOr<std::shared_ptr<const Store>> LoadSnapshot(std::string_view bytes, SnapshotFormat format,
                                                          const LoadLimits& limits) {
  absl::StatusOr<v1::Snapshot> snapshot = ParseSnapshot(bytes, format, limits);
  if (!snapshot.ok()) return snapshot.status();
  return LoadSnapshot(*snapshot, limits);
}

}  // namespace dangjian
