// The incremental Engine. Its findings are kept per org, as a check of that
// org alone gives them (a check is decomposable by org range: that is how it
// shards), plus those of the whole-scope passes (data, units). An event
// re-checks the orgs it touches and compares.
#include "dangjian/engine.h"

#include <algorithm>
#include <array>

#include "absl/container/flat_hash_map.h"
#include "lib/check/checker.h"
#include "lib/model/input.h"
#include "lib/report/build.h"
#include "lib/rules/families.h"
#include "lib/strings.h"

namespace dangjian {
namespace {

using model::Invalid;

bool SameParam(const check::Param& a, const check::Param& b) {
  return a.name == b.name && a.kind == b.kind && a.value == b.value && a.flag == b.flag && a.text == b.text &&
         a.extra == b.extra && a.value2 == b.value2;
}

bool SameFinding(const check::Finding& a, const check::Finding& b) {
  if (a.rule != b.rule || a.variant != b.variant || a.message_key != b.message_key || a.severity != b.severity ||
      a.org != b.org || a.member != b.member || a.unit != b.unit || a.activity != b.activity ||
      a.due_on != b.due_on || a.period.has_value() != b.period.has_value() ||
      (a.period && (a.period->kind() != b.period->kind() || a.period->first_day() != b.period->first_day())) ||
      a.params.size() != b.params.size()) {
    return false;
  }
  for (size_t i = 0; i < a.params.size(); ++i) {
    if (!SameParam(a.params[i], b.params[i])) return false;
  }
  return true;
}

// `before` and `after` as multisets: what only `after` has, and what only `before` has.
void Compare(const std::vector<check::Finding>& before, const std::vector<check::Finding>& after,
             std::vector<check::Finding>& added, std::vector<check::Finding>& resolved) {
  std::vector<bool> matched(before.size(), false);
  for (const check::Finding& f : after) {
    bool found = false;
    for (size_t i = 0; i < before.size() && !found; ++i) {
      if (!matched[i] && SameFinding(before[i], f)) matched[i] = found = true;
    }
    if (!found) added.push_back(f);
  }
  for (size_t i = 0; i < before.size(); ++i) {
    if (!matched[i]) resolved.push_back(before[i]);
  }
}

// What a re-check reads: the whole Store, with the obligations planned for it.
check::CheckContext WholeStore(const Store& s, const Policy& policy, Day as_of, Day from,
                               rules::ObligationPlans* plans) {
  return check::CheckContext{s, policy, as_of, from, kNoDay, 0, static_cast<OrgIndex>(s.orgs().size()), plans};
}

// Replaces the findings of `list` that `stale` picks with `fresh`; what
// changed into `added` and `resolved`.
template <typename Stale>
void Replace(std::vector<check::Finding>& list, Stale stale, std::vector<check::Finding>& fresh,
             std::vector<check::Finding>& added, std::vector<check::Finding>& resolved) {
  const auto kept = std::stable_partition(list.begin(), list.end(), [&](const check::Finding& f) { return !stale(f); });
  const std::vector<check::Finding> before(std::make_move_iterator(kept), std::make_move_iterator(list.end()));
  list.erase(kept, list.end());
  Compare(before, fresh, added, resolved);
  list.insert(list.end(), std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
}

// A one-record snapshot checked as a load would check it; errors name the
// event's field instead of the list ("memberAdded.status").
template <typename Add>
absl::Status ValidRecord(std::string_view list, std::string_view field, Add add) {
  v1::Snapshot one;
  add(one);
  model::Input scratch;
  absl::Status s = model::Append(one, LoadLimits{}, scratch);
  if (s.ok()) return s;
  std::string message(s.message());
  const std::string prefix = StrCat(list, "[0]");
  if (message.rfind(prefix, 0) == 0) message = StrCat(field, message.substr(prefix.size()));
  return absl::InvalidArgumentError(message);
}

}  // namespace

struct Engine::State {
  std::vector<bool> all_rules;
  // What a check of org o alone gives, by family (check::Family).
  std::vector<std::array<std::vector<check::Finding>, check::kFamilies>> by_org;
  std::vector<check::Finding> whole;                // the whole-scope passes
  std::vector<int32_t> member_position;             // member → its index in snapshot.members
  absl::flat_hash_map<uint64_t, int32_t> ledger_row;  // (member, year) → a row of snapshot.dues_ledger
  rules::ObligationPlansPtr plans;  // the obligations worked out for this Store, for checks org by org

  static uint64_t Key(MemberIndex m, int year) { return uint64_t(uint32_t(m)) << 32 | uint32_t(year); }
};

Engine::Engine(v1::Snapshot snapshot, Policy policy, const EngineOptions& options)
    : snapshot_(std::move(snapshot)),
      policy_(std::move(policy)),
      as_of_(check::AsOfOrToday(options.as_of)),
      from_(check::FromOrNewYear(options.from, as_of_)),
      lang_(options.lang),
      state_(std::make_unique<State>()) {}

Engine::~Engine() = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(v1::Snapshot snapshot, Policy policy,
                                                       const EngineOptions& options) {
  std::unique_ptr<Engine> engine(new Engine(std::move(snapshot), std::move(policy), options));
  if (engine->from_ > engine->as_of_) {
    return absl::InvalidArgumentError(
        StrCat("from: ", FormatDate(engine->from_), " is after asOf ", FormatDate(engine->as_of_)));
  }
  absl::Status s = engine->Rebuild();
  if (!s.ok()) return s;
  return engine;
}

absl::Status Engine::Rebuild() {
  model::Input in;
  absl::Status s = model::Append(snapshot_, LoadLimits{}, in);
  if (!s.ok()) return s;
  absl::StatusOr<std::shared_ptr<Store>> built = model::BuildStore(std::move(in));
  if (!built.ok()) return built.status();
  store_ = *std::move(built);
  const Store& st = *store_;
  State& state = *state_;
  state.all_rules.assign(policy_.RuleCount(), true);
  const OrgIndex n = static_cast<OrgIndex>(st.orgs().size());
  check::CheckContext ctx{st, policy_, as_of_, from_, kNoDay, 0, n};
  state.plans = rules::PlanObligations(ctx);
  ctx.obligation_plans = state.plans.get();
  state.by_org.assign(n, {});
  for (OrgIndex o = 0; o < n; ++o) {
    for (int f = 0; f < check::kFamilies; ++f) {
      check::Sink sink(policy_, state.all_rules);
      check::CheckFamily(ctx, static_cast<check::Family>(f), o, o + 1, sink);
      state.by_org[o][f] = std::move(sink.findings());
    }
  }
  check::Sink whole(policy_, state.all_rules);
  rules::CheckData(ctx, whole);
  rules::CheckSetupUnits(ctx, whole);
  state.whole = std::move(whole.findings());

  const size_t members = st.members().size();
  state.member_position.assign(members, kNone);
  std::vector<MemberIndex> at_position(snapshot_.members_size());
  for (int i = 0; i < snapshot_.members_size(); ++i) {
    at_position[i] = st.FindMember(snapshot_.members(i).id());
    state.member_position[at_position[i]] = i;
  }
  state.ledger_row.clear();
  for (int i = 0; i < snapshot_.dues_ledger_size(); ++i) {
    const v1::DuesLedger& row = snapshot_.dues_ledger(i);
    const MemberIndex m = row.has_member_index()
                              ? (row.member_index() >= 0 && row.member_index() < snapshot_.members_size()
                                     ? at_position[row.member_index()] : kNone)
                              : st.FindMember(row.member_id());
    if (m != kNone) state.ledger_row.emplace(State::Key(m, row.year()), i);
  }
  return absl::OkStatus();
}

v1::Report Engine::Report() const {
  std::vector<check::Finding> all;
  for (const auto& families : state_->by_org) {
    for (const auto& list : families) all.insert(all.end(), list.begin(), list.end());
  }
  all.insert(all.end(), state_->whole.begin(), state_->whole.end());
  std::stable_sort(all.begin(), all.end(), check::Before);
  return report::BuildReport(all, *store_, policy_, as_of_, "", lang_);
}

absl::Status Engine::Validate(const v1::Event& e) const {
  const Store& s = *store_;
  const auto member = [&](std::string_view field, const std::string& id) -> absl::Status {
    if (id.empty()) return Invalid(field, "missing (required)");
    if (s.FindMember(id) == kNone) return Invalid(field, StrCat("no member \"", id, "\""));
    return absl::OkStatus();
  };
  const auto org = [&](std::string_view field, const std::string& id) -> absl::Status {
    if (id.empty()) return Invalid(field, "missing (required)");
    if (s.FindOrg(id) == kNone) return Invalid(field, StrCat("no org \"", id, "\""));
    return absl::OkStatus();
  };
  switch (e.change_case()) {
    case v1::Event::kMemberAdded: {
      absl::Status r = ValidRecord("members", "memberAdded", [&](v1::Snapshot& x) { *x.add_members() = e.member_added(); });
      if (!r.ok()) return r;
      if (s.FindMember(e.member_added().id()) != kNone) {
        return Invalid("memberAdded.id", StrCat("duplicate id \"", e.member_added().id(), "\""));
      }
      return absl::OkStatus();
    }
    case v1::Event::kMemberRemoved:
      return member("memberRemoved", e.member_removed());
    case v1::Event::kMemberMoved: {
      absl::Status r = member("memberMoved.memberId", e.member_moved().member_id());
      if (!r.ok()) return r;
      if (e.member_moved().org_id().empty()) return Invalid("memberMoved.orgId", "missing (required)");
      return absl::OkStatus();
    }
    case v1::Event::kStatusChanged: {
      const v1::StatusChanged& x = e.status_changed();
      absl::Status r = member("statusChanged.memberId", x.member_id());
      if (!r.ok()) return r;
      if (x.status() == v1::Member::STATUS_UNSPECIFIED) return Invalid("statusChanged.status", "missing (required)");
      if (!v1::Member::Status_IsValid(x.status())) return Invalid("statusChanged.status", StrCat("unknown Member.Status ", x.status()));
      if (!x.full_on().empty() && !ParseDate(x.full_on())) {
        return Invalid("statusChanged.fullOn", StrCat("\"", x.full_on(), "\" is not a date (YYYY-MM-DD)"));
      }
      return absl::OkStatus();
    }
    case v1::Event::kPositionChanged:
      return ValidRecord("positions", "positionChanged", [&](v1::Snapshot& x) { *x.add_positions() = e.position_changed(); });
    case v1::Event::kTermOpened:
      return ValidRecord("terms", "termOpened", [&](v1::Snapshot& x) { *x.add_terms() = e.term_opened(); });
    case v1::Event::kActivityRecorded:
    case v1::Event::kActivityCorrected: {
      const bool recorded = e.change_case() == v1::Event::kActivityRecorded;
      const v1::Activity& a = recorded ? e.activity_recorded() : e.activity_corrected();
      const char* field = recorded ? "activityRecorded" : "activityCorrected";
      absl::Status r = ValidRecord("activities", field, [&](v1::Snapshot& x) { *x.add_activities() = a; });
      if (!r.ok()) return r;
      const bool exists = s.activities().id.Find(a.id()) != kNone;
      if (recorded && exists) return Invalid(StrCat(field, ".id"), StrCat("duplicate id \"", a.id(), "\""));
      if (!recorded && !exists) return Invalid(StrCat(field, ".id"), StrCat("no activity \"", a.id(), "\""));
      return absl::OkStatus();
    }
    case v1::Event::kDuesPaid: {
      // What a load asks of a ledger row: a member, a year.
      const v1::DuesLedger& x = e.dues_paid();
      if (!x.has_member_index() && !x.member_id().empty() && x.year() != 0) return absl::OkStatus();
      return ValidRecord("duesLedger", "duesPaid", [&](v1::Snapshot& one) { *one.add_dues_ledger() = x; });
    }
    case v1::Event::kOrgAdded: {
      const v1::Org& o = e.org_added();
      absl::Status r = ValidRecord("orgs", "orgAdded", [&](v1::Snapshot& x) { *x.add_orgs() = o; });
      if (!r.ok()) return r;
      if (s.FindOrg(o.id()) != kNone) return Invalid("orgAdded.id", StrCat("duplicate id \"", o.id(), "\""));
      if (!o.parent_id().empty()) return org("orgAdded.parentId", o.parent_id());
      return absl::OkStatus();
    }
    case v1::Event::kOrgMoved: {
      const v1::OrgMoved& x = e.org_moved();
      absl::Status r = org("orgMoved.orgId", x.org_id());
      if (!r.ok() || x.parent_id().empty()) return r;
      r = org("orgMoved.parentId", x.parent_id());
      if (!r.ok()) return r;
      if (s.InSubtree(s.FindOrg(x.org_id()), s.FindOrg(x.parent_id()))) {
        return Invalid("orgMoved.parentId", StrCat("\"", x.parent_id(), "\" is within \"", x.org_id(), "\": a cycle"));
      }
      return absl::OkStatus();
    }
    case v1::Event::kOrgDissolved: {
      absl::Status r = org("orgDissolved.orgId", e.org_dissolved().org_id());
      if (!r.ok()) return r;
      if (e.org_dissolved().on().empty()) return Invalid("orgDissolved.on", "missing (required)");
      if (!ParseDate(e.org_dissolved().on())) {
        return Invalid("orgDissolved.on", StrCat("\"", e.org_dissolved().on(), "\" is not a date (YYYY-MM-DD)"));
      }
      return absl::OkStatus();
    }
    case v1::Event::CHANGE_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("event: no change given");
}

absl::StatusOr<v1::Delta> Engine::Apply(const v1::Event& event) {
  absl::Status valid = Validate(event);
  if (!valid.ok()) return valid;
  bool done = false;
  absl::StatusOr<v1::Delta> delta = ApplyInPlace(event, done);
  if (done) {
    ++in_place_;
    return delta;
  }
  ++rebuilt_;
  return ApplyByRebuild(event);
}

// The events written where they lie. `done` stays false when this event,
// this time, needs the rebuild (a data issue would appear or go, a year of
// dues not yet on record).
absl::StatusOr<v1::Delta> Engine::ApplyInPlace(const v1::Event& e, bool& done) {
  Store& s = *store_;
  State& state = *state_;
  std::vector<std::pair<OrgIndex, unsigned>> touched;  // orgs, and the families to check again
  bool units = false;  // whether the unit rules must look again
  const auto with_ancestors = [&](OrgIndex o, unsigned families) {
    for (; o != kNone; o = s.orgs_.parent[o]) touched.emplace_back(o, families);
  };
  switch (e.change_case()) {
    case v1::Event::kStatusChanged: {
      const v1::StatusChanged& x = e.status_changed();
      const MemberIndex m = s.FindMember(x.member_id());
      const OrgIndex o = s.members_.org[m];
      const Day full = x.full_on().empty() ? s.members_.full_on[m] : *ParseDate(x.full_on());
      const Day admitted = s.members_.admitted_on[m];
      const auto misdated = [&](Day f) { return admitted != kNoDay && f != kNoDay && f < admitted; };
      if (o == kNone || misdated(full) || misdated(s.members_.full_on[m])) return v1::Delta();
      const MemberStatus before = s.members_.status[m];
      const CountBound& at = policy_.branch_committee_at();
      const auto owes_committee = [&] { return at.Reached(at.Count(s.FullMembers(o), s.AllMembers(o))); };
      const bool committee_before = owes_committee();
      if (before != x.status()) {
        for (OrgIndex a = o; a != kNone; a = s.orgs_.parent[a]) {
          auto& from = before == v1::Member::FULL ? s.orgs_.subtree_full : s.orgs_.subtree_probationary;
          auto& to = x.status() == v1::Member::FULL ? s.orgs_.subtree_full : s.orgs_.subtree_probationary;
          --from[a];
          ++to[a];
        }
        (before == v1::Member::FULL ? s.orgs_.own_full : s.orgs_.own_probationary)[o]--;
        (x.status() == v1::Member::FULL ? s.orgs_.own_full : s.orgs_.own_probationary)[o]++;
      }
      s.members_.status[m] = x.status();
      s.members_.full_on[m] = full;
      // What reads a member's status: the counts of its org and of the
      // subtrees above it (setup), whether its org owes the meetings of a
      // committee (obligations), who may vote in its elections (records),
      // the unit rules, and of the member rules m's own.
      if (before != x.status()) {
        with_ancestors(o, 1u << check::kSetup);
        if (owes_committee() != committee_before) touched.emplace_back(o, 1u << check::kObligations);
        const auto [first, last] = s.ActivitiesOf(o);
        for (ActivityIndex a = first; a < static_cast<ActivityIndex>(last); ++a) {
          if (s.activities().kind[a] == v1::Activity::ELECTION) {
            touched.emplace_back(o, 1u << check::kRecords);
            break;
          }
        }
      }
      units = s.members_.unit[m] != kNone;
      Mutate(e);
      done = true;
      return Recheck(std::move(touched), units, m);
    }
    case v1::Event::kDuesPaid: {
      const v1::DuesLedger& x = e.dues_paid();
      if (x.has_member_index() || x.year() < 1921 || x.year() > 9999 || x.paid_months() > 0xFFF) return v1::Delta();
      const MemberIndex m = s.FindMember(x.member_id());
      auto row = state.ledger_row.find(State::Key(m, x.year()));
      if (m == kNone || s.members_.org[m] == kNone || row == state.ledger_row.end()) return v1::Delta();
      const auto first = s.paid_years_.begin() + s.paid_offsets_[m], last = s.paid_years_.begin() + s.paid_offsets_[m + 1];
      const auto year = std::lower_bound(first, last, x.year());
      const uint16_t bits = static_cast<uint16_t>(x.paid_months());
      if (year == last || *year != x.year()) return v1::Delta();
      if (bits != 0 && ToDay(absl::CivilDay(x.year(), __builtin_ctz(bits) + 1, 1)) < s.dues_since_) return v1::Delta();
      s.paid_masks_[year - s.paid_years_.begin()] |= bits;
      Mutate(e);
      done = true;
      return RecheckPaidMonths(m);  // nothing else reads them
    }
    case v1::Event::kOrgDissolved: {
      const OrgIndex o = s.FindOrg(e.org_dissolved().org_id());
      const Day on = *ParseDate(e.org_dissolved().on());
      const Day established = s.orgs_.established_on[o], before = s.orgs_.dissolved_on[o];
      const auto misdated = [&](Day d) { return established != kNoDay && d != kNoDay && d < established; };
      if (misdated(on) || misdated(before)) return v1::Delta();
      s.orgs_.dissolved_on[o] = on;
      for (OrgIndex c = o; c < s.orgs_.subtree_end[o]; ++c) touched.emplace_back(c, check::kEveryFamily);
      with_ancestors(o, check::kEveryFamily);
      units = !s.UnitsOf(o).empty();  // the units it covered may be left uncovered
      break;
    }
    default:
      return v1::Delta();
  }
  Mutate(e);  // the snapshot, as the rebuild would change it
  done = true;
  return Recheck(std::move(touched), units);
}

// The data issues are the load's: an event written in place changes none of
// them (one that would goes by rebuild), so the data rules need no new look.
v1::Delta Engine::Recheck(std::vector<std::pair<OrgIndex, unsigned>> touched, bool units, MemberIndex member) {
  std::sort(touched.begin(), touched.end());
  const Store& s = *store_;
  State& state = *state_;
  const check::CheckContext ctx = WholeStore(s, policy_, as_of_, from_, state.plans.get());
  std::vector<check::Finding> added, resolved;
  for (size_t i = 0; i < touched.size();) {
    const OrgIndex o = touched[i].first;
    unsigned families = 0;
    for (; i < touched.size() && touched[i].first == o; ++i) families |= touched[i].second;
    for (int f = 0; f < check::kFamilies; ++f) {
      if (!(families >> f & 1)) continue;
      check::Sink sink(policy_, state.all_rules);
      check::CheckFamily(ctx, static_cast<check::Family>(f), o, o + 1, sink);
      Compare(state.by_org[o][f], sink.findings(), added, resolved);
      state.by_org[o][f] = std::move(sink.findings());
    }
  }
  if (member != kNone) {
    check::Sink sink(policy_, state.all_rules);
    rules::CheckMember(ctx, member, sink);
    Replace(state.by_org[s.members().org[member]][check::kMembers],
            [&](const check::Finding& f) { return f.member == member; }, sink.findings(), added, resolved);
  }
  if (units) {
    check::Sink whole(policy_, state.all_rules);
    rules::CheckData(ctx, whole);
    rules::CheckSetupUnits(ctx, whole);
    Compare(state.whole, whole.findings(), added, resolved);
    state.whole = std::move(whole.findings());
  }

  return DeltaOf(std::move(added), std::move(resolved));
}

v1::Delta Engine::RecheckPaidMonths(MemberIndex m) {
  const Store& s = *store_;
  State& state = *state_;
  const check::CheckContext ctx = WholeStore(s, policy_, as_of_, from_, state.plans.get());
  check::Sink sink(policy_, state.all_rules);
  rules::CheckPaidMonths(ctx, m, sink);
  std::vector<check::Finding> added, resolved;
  Replace(state.by_org[s.members().org[m]][check::kMembers],
          [&](const check::Finding& f) { return f.member == m && rules::FedByPaidMonths(f.rule); }, sink.findings(),
          added, resolved);
  return DeltaOf(std::move(added), std::move(resolved));
}

v1::Delta Engine::DeltaOf(std::vector<check::Finding> added, std::vector<check::Finding> resolved) const {
  v1::Delta delta;
  if (added.empty() && resolved.empty()) return delta;
  std::stable_sort(added.begin(), added.end(), check::Before);
  std::stable_sort(resolved.begin(), resolved.end(), check::Before);
  *delta.mutable_added() = report::BuildReport(added, *store_, policy_, as_of_, "", lang_).findings();
  *delta.mutable_resolved() = report::BuildReport(resolved, *store_, policy_, as_of_, "", lang_).findings();
  return delta;
}

// Every other event: the snapshot changed, the Store rebuilt, everything
// checked again, and the reports before and after compared.
absl::StatusOr<v1::Delta> Engine::ApplyByRebuild(const v1::Event& event) {
  const v1::Report before = Report();
  Mutate(event);
  // Validate refused whatever the load would refuse, so this cannot fail
  // but for want of memory; the snapshot is not copied to guard against that.
  absl::Status s = Rebuild();
  if (!s.ok()) return absl::InternalError(StrCat("rebuilding after the event: ", s.message()));
  const v1::Report after = Report();
  absl::flat_hash_map<std::string, int> count;
  for (const v1::Finding& f : before.findings()) ++count[report::DeterministicBytes(f)];
  v1::Delta delta;
  for (const v1::Finding& f : after.findings()) {
    auto it = count.find(report::DeterministicBytes(f));
    if (it != count.end() && it->second > 0) {
      --it->second;
    } else {
      *delta.add_added() = f;
    }
  }
  for (const v1::Finding& f : before.findings()) {
    auto it = count.find(report::DeterministicBytes(f));
    if (it->second > 0) {
      --it->second;
      *delta.add_resolved() = f;
    }
  }
  return delta;
}

void Engine::Mutate(const v1::Event& e) {
  v1::Snapshot& s = snapshot_;
  const auto find = [](auto& list, auto matches) -> int {
    for (int i = 0; i < list.size(); ++i) {
      if (matches(list.Get(i))) return i;
    }
    return -1;
  };
  const auto member_index = [&](const std::string& id) {
    return state_->member_position[store_->FindMember(id)];
  };
  switch (e.change_case()) {
    case v1::Event::kMemberAdded:
      *s.add_members() = e.member_added();
      break;
    case v1::Event::kMemberRemoved: {
      const int p = member_index(e.member_removed());
      s.mutable_members()->DeleteSubrange(p, 1);
      auto& positions = *s.mutable_positions();
      positions.erase(std::remove_if(positions.begin(), positions.end(),
                                     [&](const v1::Position& x) { return x.member_id() == e.member_removed(); }),
                      positions.end());
      // Those after it move up one place; references to it by place go.
      const auto shift = [p](google::protobuf::RepeatedField<int32_t>& list) {
        list.erase(std::remove(list.begin(), list.end(), p), list.end());
        for (int32_t& v : list) v -= v > p;
      };
      for (v1::Activity& a : *s.mutable_activities()) {
        shift(*a.mutable_attendee_indexes());
        shift(*a.mutable_talk_member_indexes());
      }
      for (auto* list : {s.mutable_dues_ledger()}) {
        list->erase(std::remove_if(list->begin(), list->end(),
                                   [p](const v1::DuesLedger& x) { return x.has_member_index() && x.member_index() == p; }),
                    list->end());
        for (v1::DuesLedger& x : *list) {
          if (x.has_member_index() && x.member_index() > p) x.set_member_index(x.member_index() - 1);
        }
      }
      auto& dues = *s.mutable_dues();
      dues.erase(std::remove_if(dues.begin(), dues.end(),
                                [p](const v1::DuesPayment& x) { return x.has_member_index() && x.member_index() == p; }),
                 dues.end());
      for (v1::DuesPayment& x : dues) {
        if (x.has_member_index() && x.member_index() > p) x.set_member_index(x.member_index() - 1);
      }
      break;
    }
    case v1::Event::kMemberMoved: {
      v1::Member& m = *s.mutable_members(member_index(e.member_moved().member_id()));
      m.set_org_id(e.member_moved().org_id());
      m.set_group_id(e.member_moved().group_id());
      break;
    }
    case v1::Event::kStatusChanged: {
      v1::Member& m = *s.mutable_members(member_index(e.status_changed().member_id()));
      m.set_status(e.status_changed().status());
      if (!e.status_changed().full_on().empty()) m.set_full_on(e.status_changed().full_on());
      break;
    }
    case v1::Event::kPositionChanged: {
      const v1::Position& x = e.position_changed();
      const int i = find(s.positions(), [&](const v1::Position& p) {
        return p.org_id() == x.org_id() && p.member_id() == x.member_id() && p.role() == x.role();
      });
      *(i < 0 ? s.add_positions() : s.mutable_positions(i)) = x;
      break;
    }
    case v1::Event::kTermOpened: {
      const v1::Term& x = e.term_opened();
      for (v1::Term& t : *s.mutable_terms()) {
        if (t.org_id() == x.org_id() && t.ended_on().empty() && t.started_on() <= x.started_on()) {
          t.set_ended_on(x.started_on());
        }
      }
      *s.add_terms() = x;
      break;
    }
    case v1::Event::kActivityRecorded:
      *s.add_activities() = e.activity_recorded();
      break;
    case v1::Event::kActivityCorrected: {
      const int i = find(s.activities(), [&](const v1::Activity& a) { return a.id() == e.activity_corrected().id(); });
      *s.mutable_activities(i) = e.activity_corrected();
      break;
    }
    case v1::Event::kDuesPaid: {
      const v1::DuesLedger& x = e.dues_paid();
      const MemberIndex m = x.has_member_index() ? kNone : store_->FindMember(x.member_id());
      auto row = m == kNone ? state_->ledger_row.end() : state_->ledger_row.find(State::Key(m, x.year()));
      if (row != state_->ledger_row.end()) {
        v1::DuesLedger& r = *s.mutable_dues_ledger(row->second);
        r.set_paid_months(r.paid_months() | x.paid_months());
      } else {
        *s.add_dues_ledger() = x;
      }
      break;
    }
    case v1::Event::kOrgAdded:
      *s.add_orgs() = e.org_added();
      break;
    case v1::Event::kOrgMoved:
    case v1::Event::kOrgDissolved: {
      const bool moved = e.change_case() == v1::Event::kOrgMoved;
      const std::string& id = moved ? e.org_moved().org_id() : e.org_dissolved().org_id();
      v1::Org& o = *s.mutable_orgs(find(s.orgs(), [&](const v1::Org& x) { return x.id() == id; }));
      if (moved) {
        o.set_parent_id(e.org_moved().parent_id());
      } else {
        o.set_dissolved_on(e.org_dissolved().on());
      }
      break;
    }
    case v1::Event::CHANGE_NOT_SET:
      break;
  }
}

}  // namespace dangjian
