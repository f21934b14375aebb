// structure.* and data.*: the shape of the hierarchy and the data itself.
#include "lib/rules/families.h"

namespace dangjian::rules {
namespace {

// Which kind may sit under which (O Art. 5-9, B Art. 5), as
// structure.invalid_nesting explains it in docs/rules.md.
bool MaySitUnder(OrgKind child, OrgKind parent) {
  switch (parent) {
    case v1::Org::WORKING_COMMITTEE:
      return child != v1::Org::PARTY_GROUP && child != v1::Org::DISCIPLINE_COMMITTEE;
    case v1::Org::COMMITTEE:
      return child == v1::Org::GENERAL_BRANCH || IsBranchKind(child) ||
             child == v1::Org::DISCIPLINE_COMMITTEE;
    case v1::Org::GENERAL_BRANCH:
      return IsBranchKind(child);
    case v1::Org::BRANCH:
    case v1::Org::JOINT_BRANCH:
    case v1::Org::TEMPORARY_BRANCH:
      return child == v1::Org::PARTY_GROUP;
    default:  // a leading group, a party group and a discipline committee have no children
      return false;
  }
}

}  // namespace

void CheckStructure(const check::CheckContext& ctx, int32_t begin, int32_t end, check::Sink& sink) {
  const Store& s = ctx.store;
  const auto& orgs = s.orgs();
  for (int32_t k = begin; k < end; ++k) {
    const OrgIndex o = ctx.store.OrgAt(k);
    const OrgIndex parent = orgs.parent[o];
    if (parent != kNone && !MaySitUnder(orgs.kind[o], orgs.kind[parent])) {
      sink.Add(kStructureInvalidNesting, o).Kind("kind", orgs.kind[o]).Kind("parentKind", orgs.kind[parent]);
    }
    if (!IsBranchKind(orgs.kind[o])) {
      for (MemberIndex m : s.MembersOf(o)) {
        sink.Add(kStructureMemberOrgKind, o).Member(m).Kind("orgKind", orgs.kind[o]);
      }
    }
  }
}

void CheckData(const check::CheckContext& ctx, check::Sink& sink) { CheckDataIssues(ctx, ctx.store.data_issues(), sink); }

void CheckDataIssues(const check::CheckContext& ctx, absl::Span<const DataIssue> issues, check::Sink& sink) {
  const bool whole = ctx.scope_begin == 0 && ctx.scope_end == static_cast<OrgIndex>(ctx.store.orgs().size());
  for (const DataIssue& issue : issues) {
    // A record that belongs to no org of the scope is outside it; one that
    // belongs to no org at all is seen only by an unscoped check.
    if (issue.org == kNone ? !whole : !ctx.InScope(issue.org)) continue;
    const RuleId rule = issue.kind == DataIssue::Kind::kUnknownReference ? kDataUnknownReference : kDataInvalidValue;
    check::Finding& f = sink.Add(rule, issue.org).Member(issue.member).Unit(issue.unit);
    f.activity = issue.activity;
    f.Text("field", issue.field).Text("value", issue.value).Problem("problem", issue.problem);
  }
}

}  // namespace dangjian::rules
