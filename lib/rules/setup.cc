// setup.*: 组织设置 — thresholds, committees, secretaries, discipline roles.
#include <algorithm>

#include "lib/rules/families.h"

namespace dangjian::rules {
namespace {

using check::CheckContext;
using check::Sink;

// What an org's current positions amount to.
struct Holders {
  int committee = 0;  // distinct members holding a committee role (支部委员会)
  int secretaries = 0, deputies = 0, committee_members = 0, discipline_members = 0;
  int designees = 0, group_leaders = 0;
};

Holders CurrentHolders(const CheckContext& ctx, OrgIndex o) {
  const auto& p = ctx.store.positions();
  Holders h;
  // Committees are small: a linear scan for distinct people beats a set.
  absl::InlinedVector<MemberIndex, 16> people;
  for (const int32_t i : ctx.store.PositionsOf(o)) {
    if (!ctx.Current(i)) continue;
    bool committee_role = true;
    switch (p.role[i]) {
      case v1::Position::SECRETARY: ++h.secretaries; break;
      case v1::Position::DEPUTY_SECRETARY: ++h.deputies; break;
      case v1::Position::COMMITTEE_MEMBER: ++h.committee_members; break;
      case v1::Position::DISCIPLINE_MEMBER: ++h.discipline_members; break;
      case v1::Position::DISCIPLINE_DESIGNEE: ++h.designees; committee_role = false; break;
      case v1::Position::GROUP_LEADER: ++h.group_leaders; committee_role = false; break;
      default: committee_role = false; break;
    }
    if (!committee_role) continue;
    // A position naming no known member still is a seat held by someone.
    const MemberIndex m = p.member[i];
    if (m == kNone || std::find(people.begin(), people.end(), m) == people.end()) {
      ++h.committee;
      if (m != kNone) people.push_back(m);
    }
  }
  return h;
}

bool HasLiveChild(const CheckContext& ctx, OrgIndex o, OrgKind kind) {
  for (OrgIndex c : ctx.store.Children(o)) {
    if ((kind == v1::Org::KIND_UNSPECIFIED || ctx.store.orgs().kind[c] == kind) && ctx.Exists(c)) return true;
  }
  return false;
}

// setup.branch_min_full_members, branch_max_members, upgrade_suggested for a BRANCH.
void BranchSize(const CheckContext& ctx, OrgIndex o, Sink& sink) {
  const Store& s = ctx.store;
  const Policy& p = ctx.policy;
  const uint32_t full = s.FullMembers(o), all = s.AllMembers(o);
  const CountBound& min = p.compiled().branch_min;
  if (!min.Reached(min.Count(full, all))) {
    sink.Add(kSetupBranchMinFullMembers, o).Int("count", min.Count(full, all)).Basis("basis", min).AtLeast("required", min);
  }
  const CountBound& max = p.compiled().branch_max;
  if (!max.Within(max.Count(full, all))) {
    sink.Add(kSetupBranchMaxMembers, o).Int("count", max.Count(full, all)).Basis("basis", max).AtMost("allowed", max);
  }
}

// The larger form whose threshold `o`'s subtree reaches, if larger than its own.
void UpgradeSuggested(const CheckContext& ctx, OrgIndex o, Sink& sink) {
  const Store& s = ctx.store;
  const Policy& p = ctx.policy;
  const uint32_t full = s.SubtreeFullMembers(o), all = s.SubtreeAllMembers(o);
  const OrgKind kind = s.orgs().kind[o];
  const CountBound* reached = nullptr;
  OrgKind suggested = v1::Org::KIND_UNSPECIFIED;
  if (p.compiled().committee_min.Reached(p.compiled().committee_min.Count(full, all))) {
    reached = &p.compiled().committee_min;
    suggested = v1::Org::COMMITTEE;
  } else if (kind == v1::Org::BRANCH && p.compiled().general_branch_min.Reached(p.compiled().general_branch_min.Count(full, all))) {
    reached = &p.compiled().general_branch_min;
    suggested = v1::Org::GENERAL_BRANCH;
  }
  if (reached == nullptr) return;
  sink.Add(kSetupUpgradeSuggested, o)
      .Int("count", reached->Count(full, all))
      .Basis("basis", *reached)
      .Kind("suggested", suggested)
      .AtLeast("threshold", *reached);
}

// The subtree threshold of a GENERAL_BRANCH or COMMITTEE.
void FormMinimum(const CheckContext& ctx, OrgIndex o, RuleId rule, const CountBound& min, Sink& sink) {
  const Store& s = ctx.store;
  if (s.orgs().approved_exception[o]) return;  // 经上级党组织批准
  const uint32_t count = min.Count(s.SubtreeFullMembers(o), s.SubtreeAllMembers(o));
  if (!min.Reached(count)) {
    sink.Add(rule, o).Int("count", count).Basis("basis", min).AtLeast("required", min);
  }
}

// The committee rules of a BRANCH or JOINT_BRANCH (O Art. 7, B ch. 6, O Art. 9).
void BranchCommittee(const CheckContext& ctx, OrgIndex o, const Holders& h, Sink& sink) {
  const Store& s = ctx.store;
  const Policy& p = ctx.policy;
  const v1::Policy::Setup& setup = p.setup();
  const CountBound& at = p.compiled().branch_committee_at;
  const uint32_t count = at.Count(s.FullMembers(o), s.AllMembers(o));
  const bool must = at.Reached(count);  // a branch "with a committee" is one that must have it
  if (must && h.committee < setup.committee_size_min()) {
    sink.Add(kSetupBranchCommitteeRequired, o)
        .Int("count", count).Basis("basis", at).AtLeast("threshold", at)
        .Int("committee", h.committee).Int("min", setup.committee_size_min());
  } else if (must && h.committee > setup.committee_size_max()) {
    sink.Add(kSetupBranchCommitteeSize, o, v1::VIOLATION).Variant("over_max")
        .Int("committee", h.committee).Int("max", setup.committee_size_max());
  } else if (must && h.committee > setup.committee_size_usual_max()) {
    sink.Add(kSetupBranchCommitteeSize, o)
        .Int("committee", h.committee).Int("min", setup.committee_size_min())
        .Int("usualMax", setup.committee_size_usual_max());
  }
  // 只设书记1人,必要时可设副书记1名
  if (!must && (h.committee_members > 0 || h.discipline_members > 0 || h.secretaries > 1 || h.deputies > 1)) {
    sink.Add(kSetupBranchNoCommitteeRoles, o)
        .Int("count", count).Basis("basis", at).AtLeast("threshold", at).Int("roles", h.committee);
  }
  if (must && h.discipline_members == 0) {
    sink.Add(kSetupDisciplineMember, o).Kind("kind", s.orgs().kind[o]);
  }
  if (!must && h.designees == 0) {
    sink.Add(kSetupDisciplineDesignee, o);
  }
}

}  // namespace

void CheckSetup(const CheckContext& ctx, int32_t begin, int32_t end, Sink& sink) {
  const Store& s = ctx.store;
  const auto& orgs = s.orgs();
  const Policy& p = ctx.policy;
  for (int32_t k = begin; k < end; ++k) {
    const OrgIndex o = ctx.store.OrgAt(k);
    if (!ctx.Exists(o)) continue;
    const OrgKind kind = orgs.kind[o];
    const Holders h = CurrentHolders(ctx, o);
    switch (kind) {
      case v1::Org::BRANCH:
        BranchSize(ctx, o, sink);
        UpgradeSuggested(ctx, o, sink);
        BranchCommittee(ctx, o, h, sink);
        break;
      case v1::Org::JOINT_BRANCH:
        if (s.UnitsOf(o).size() > static_cast<size_t>(p.setup().joint_branch_max_units())) {
          sink.Add(kSetupJointBranchMaxUnits, o)
              .Int("units", s.UnitsOf(o).size()).Int("max", p.setup().joint_branch_max_units());
        }
        BranchCommittee(ctx, o, h, sink);
        break;
      case v1::Org::GENERAL_BRANCH:
        FormMinimum(ctx, o, kSetupGeneralBranchMinMembers, p.compiled().general_branch_min, sink);
        UpgradeSuggested(ctx, o, sink);
        if (h.discipline_members == 0) sink.Add(kSetupDisciplineMember, o).Kind("kind", kind);
        break;
      case v1::Org::COMMITTEE:
        FormMinimum(ctx, o, kSetupCommitteeMinMembers, p.compiled().committee_min, sink);
        if (!HasLiveChild(ctx, o, v1::Org::DISCIPLINE_COMMITTEE)) sink.Add(kSetupDisciplineCommittee, o);
        break;
      case v1::Org::PARTY_GROUP:
        if (h.group_leaders == 0) sink.Add(kSetupGroupLeaderVacant, o);
        break;
      default:
        break;
    }
    // Every org that leads people has a secretary; a party group has its
    // leader and a leading group its own secretary (党组书记).
    if (kind != v1::Org::PARTY_GROUP && kind != v1::Org::LEADING_GROUP && h.secretaries == 0 &&
        (s.AllMembers(o) > 0 || HasLiveChild(ctx, o, v1::Org::KIND_UNSPECIFIED))) {
      sink.Add(kSetupSecretaryVacant, o).Kind("kind", kind);
    }
    if (sink.Wants(kSetupSecretaryNotApproved)) {
      const auto& pos = s.positions();
      for (const int32_t i : s.PositionsOf(o)) {
        if ((pos.role[i] == v1::Position::SECRETARY || pos.role[i] == v1::Position::DEPUTY_SECRETARY) &&
            !pos.approved[i] && ctx.Current(i)) {
          sink.Add(kSetupSecretaryNotApproved, o).Member(pos.member[i]).RoleParam("role", pos.role[i]);
        }
      }
    }
    // 选出的党支部委员,报上级党组织备案: a committee member's approved is
    // the filing (the secretary's and deputy's, the approval above).
    if ((kind == v1::Org::BRANCH || kind == v1::Org::JOINT_BRANCH) && sink.Wants(kSetupCommitteeMemberNotFiled)) {
      const auto& pos = s.positions();
      for (const int32_t i : s.PositionsOf(o)) {
        if ((pos.role[i] == v1::Position::COMMITTEE_MEMBER || pos.role[i] == v1::Position::DISCIPLINE_MEMBER) &&
            !pos.approved[i] && ctx.Current(i)) {
          sink.Add(kSetupCommitteeMemberNotFiled, o).Member(pos.member[i]).RoleParam("role", pos.role[i]);
        }
      }
    }
  }
}

void CheckSetupUnits(const CheckContext& ctx, Sink& sink) {
  const Store& s = ctx.store;
  const auto& orgs = s.orgs();
  const size_t n_units = s.units().size();
  if (n_units == 0) return;
  const bool whole = ctx.scope_begin == 0 && ctx.scope_end == static_cast<OrgIndex>(orgs.size());

  // Which live orgs cover each unit: in scope at all, by a joint branch of the
  // scope (the first one), by any other form anywhere.
  std::vector<uint8_t> in_scope(n_units, whole ? 1 : 0), other_form(n_units, 0);
  std::vector<OrgIndex> joint(n_units, kNone);
  for (int32_t k = 0; k < static_cast<int32_t>(orgs.size()); ++k) {  // in the hierarchy's order
    const OrgIndex o = s.OrgAt(k);
    if (!ctx.Exists(o)) continue;
    const OrgKind kind = orgs.kind[o];
    for (UnitIndex u : s.UnitsOf(o)) {
      if (ctx.InScope(o)) in_scope[u] = 1;
      if (kind == v1::Org::JOINT_BRANCH) {
        if (joint[u] == kNone && ctx.InScope(o)) joint[u] = o;
      } else if (kind == v1::Org::BRANCH || kind == v1::Org::GENERAL_BRANCH || kind == v1::Org::COMMITTEE) {
        other_form[u] = 1;
      }
    }
  }

  // setup.unit_own_branch: the unit's own members in the joint branches covering it.
  const CountBound& min = ctx.policy.compiled().branch_min;
  if (sink.Wants(kSetupUnitOwnBranch)) {
    std::vector<uint32_t> full(n_units, 0), all(n_units, 0);
    const auto& m = s.members();
    for (size_t i = 0; i < m.size(); ++i) {
      const UnitIndex u = m.unit[i];
      const OrgIndex o = m.org[i];
      if (u == kNone || o == kNone || orgs.kind[o] != v1::Org::JOINT_BRANCH || joint[u] == kNone) continue;
      const auto units = s.UnitsOf(o);
      if (std::find(units.begin(), units.end(), u) == units.end()) continue;
      ++all[u];
      if (m.status[i] == v1::Member::FULL) ++full[u];
    }
    for (size_t u = 0; u < n_units; ++u) {
      if (joint[u] == kNone || other_form[u]) continue;
      const uint32_t count = min.Count(full[u], all[u]);
      if (min.Reached(count)) {
        sink.Add(kSetupUnitOwnBranch, joint[u]).Unit(u)
            .Text("unit", s.units().id[u]).Int("count", count).Basis("basis", min).AtLeast("required", min);
      }
    }
  }

  // setup.party_staff_ratio (O Art. 30): party staff / staff ≥ the minimum.
  const int64_t permille = ctx.policy.setup().party_staff_min_permille();
  for (size_t u = 0; u < n_units; ++u) {
    const int64_t staff = s.units().staff_count[u], party = s.units().party_staff_count[u];
    if (!in_scope[u] || staff <= 0 || party < 0) continue;
    if (party * 1000 < staff * permille) {
      sink.Add(kSetupPartyStaffRatio, kNone).Unit(u)
          .Text("unit", s.units().id[u]).Int("partyStaff", party).Int("staff", staff)
          .Percent("ratio", party * 100000 / staff).Percent("min", permille * 100);
    }
  }
}

}  // namespace dangjian::rules
