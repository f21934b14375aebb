#include "dangjian/policy.h"

#include <algorithm>
#include <map>

#include "lib/strings.h"
#include "dangjian/rules.h"
#include "lib/model/json_reader.h"
#include "lib/model/textproto.h"
#include "lib/embedded.h"
#include "lib/policy/compiled.h"
#include "lib/rules/rule_id.h"

namespace dangjian {
namespace {

absl::StatusOr<v1::Policy> ParseTextproto(std::string_view text) {
  v1::Policy profile;
  absl::Status s = model::ReadTextproto(text, profile);
  if (!s.ok()) return s;
  return profile;
}

struct Builtins {
  std::vector<v1::Policy> profiles;  // national first
  absl::Status status;
};

const Builtins& GetBuiltins() {
  static const Builtins* builtins = [] {
    auto* b = new Builtins;
    for (size_t i = 0; i < embedded::kProfilesCount; ++i) {
      absl::StatusOr<v1::Policy> p = ParseTextproto(embedded::kProfiles[i].content);
      if (!p.ok()) {
        b->status = absl::InternalError(StrCat("built-in profile ", embedded::kProfiles[i].stem,
                                                     ": ", p.status().message()));
        continue;
      }
      b->profiles.push_back(*std::move(p));
    }
    std::stable_sort(b->profiles.begin(), b->profiles.end(), [](const v1::Policy& x, const v1::Policy& y) {
      return (x.id() != "national") < (y.id() != "national");
    });
    return b;
  }();
  return *builtins;
}

// The rule settings of one profile, checked against the catalogue and the
// local rules of its chain.
absl::Status CheckRuleSettings(const v1::Policy& p, const std::vector<std::string>& local) {
  for (int i = 0; i < p.rules_size(); ++i) {
    const v1::RuleSetting& s = p.rules(i);
    const RuleInfo* rule = dangjian::FindRule(s.id());
    const std::string where = StrCat("profile \"", p.id(), "\": rules[", i, "]");
    if (rule == nullptr && std::find(local.begin(), local.end(), s.id()) == local.end()) {
      return absl::InvalidArgumentError(StrCat(where, ".id: no rule \"", s.id(), "\""));
    }
    if (rule != nullptr && rule->always_on && s.has_enabled() && !s.enabled()) {
      return absl::InvalidArgumentError(StrCat(where, ".enabled: ", s.id(), " is always on"));
    }
    if (!v1::Severity_IsValid(s.severity())) {
      return absl::InvalidArgumentError(StrCat(where, ".severity: unknown Severity ", s.severity()));
    }
  }
  return absl::OkStatus();
}

// `child` over `base`: fields the child sets win; term lengths and rule
// settings override by key; reminder windows, when given, replace.
void Overlay(v1::Policy& base, const v1::Policy& child) {
  v1::Policy scalars = child;
  scalars.mutable_terms()->clear_lengths();
  scalars.mutable_terms()->clear_reminder_months();
  scalars.clear_rules();
  scalars.clear_obligations();
  scalars.clear_local_rules();
  scalars.mutable_dues()->clear_employed();
  scalars.mutable_dues()->clear_retired();
  base.MergeFrom(scalars);
  if (child.dues().employed_size() > 0) *base.mutable_dues()->mutable_employed() = child.dues().employed();
  if (child.dues().retired_size() > 0) *base.mutable_dues()->mutable_retired() = child.dues().retired();
  base.clear_extends();

  // An obligation replaces the one of the same id, but one that says only
  // `enabled` switches the inherited one on or off.
  for (const v1::Obligation& o : child.obligations()) {
    auto* list = base.mutable_obligations();
    auto it = std::find_if(list->begin(), list->end(), [&](const v1::Obligation& x) { return x.id() == o.id(); });
    v1::Obligation only_enabled;
    only_enabled.set_id(o.id());
    if (o.has_enabled()) only_enabled.set_enabled(o.enabled());
    if (it == list->end()) *list->Add() = o;
    else if (o.SerializeAsString() == only_enabled.SerializeAsString()) it->set_enabled(o.enabled());
    else *it = o;
  }
  for (const v1::LocalRule& r : child.local_rules()) {
    auto* list = base.mutable_local_rules();
    auto it = std::find_if(list->begin(), list->end(), [&](const v1::LocalRule& x) { return x.id() == r.id(); });
    if (it == list->end()) *list->Add() = r;
    else *it = r;
  }

  for (const v1::TermLength& t : child.terms().lengths()) {
    auto* lengths = base.mutable_terms()->mutable_lengths();
    auto it = std::find_if(lengths->begin(), lengths->end(), [&](const v1::TermLength& x) { return x.kind() == t.kind(); });
    if (it == lengths->end()) *lengths->Add() = t;
    else *it = t;
  }
  if (child.terms().reminder_months_size() > 0) {
    *base.mutable_terms()->mutable_reminder_months() = child.terms().reminder_months();
  }
  for (const v1::RuleSetting& s : child.rules()) {
    auto* rules = base.mutable_rules();
    auto it = std::find_if(rules->begin(), rules->end(), [&](const v1::RuleSetting& x) { return x.id() == s.id(); });
    if (it == rules->end()) {
      *rules->Add() = s;
    } else {
      if (s.has_enabled()) it->set_enabled(s.enabled());
      if (s.severity() != v1::SEVERITY_UNSPECIFIED) it->set_severity(s.severity());
    }
  }
}

absl::StatusOr<CountBound> Bound(const v1::CountBound& b, std::string_view path) {
  if (!b.has_value() || b.basis() == v1::CountBound::BASIS_UNSPECIFIED || !b.has_inclusive()) {
    return absl::InvalidArgumentError(StrCat(path, ": incomplete (value, basis and inclusive are required)"));
  }
  if (b.value() < 0) return absl::InvalidArgumentError(StrCat(path, ".value: negative"));
  return CountBound{b.value(), b.basis() == v1::CountBound::FULL_MEMBERS, b.inclusive()};
}

// A count of months, days or people a profile sets: present, positive (or
// zero where allowed), and no more than a century's worth, so that date
// arithmetic stays in range.
absl::Status RequirePositive(bool has, int32_t value, std::string_view path, bool zero_ok = false) {
  if (!has) return absl::InvalidArgumentError(StrCat(path, ": missing"));
  if (value < 0 || (value == 0 && !zero_ok)) {
    return absl::InvalidArgumentError(StrCat(path, ": must be positive, is ", value));
  }
  if (value > 36600) return absl::InvalidArgumentError(StrCat(path, ": ", value, " is beyond any use"));
  return absl::OkStatus();
}

int IndexOfRule(const std::vector<RuleInfo>& rules, std::string_view id) {
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

// The dues schedule: brackets rising, the last one open, flat amounts given.
absl::Status CheckDues(const v1::Policy::Dues& d, const std::string& p) {
  for (const auto* list : {&d.employed(), &d.retired()}) {
    const std::string name = list == &d.employed() ? "dues.employed" : "dues.retired";
    if (list->empty()) return absl::InvalidArgumentError(StrCat(p, name, ": missing"));
    int64_t previous = -1;
    for (int i = 0; i < list->size(); ++i) {
      const auto& b = list->Get(i);
      const bool last = i + 1 == list->size();
      if (b.rate_basis_points() < 0 || b.rate_basis_points() > 10000) {
        return absl::InvalidArgumentError(StrCat(p, name, "[", i, "].rate_basis_points: not between 0 and 10000"));
      }
      if (last != !b.has_up_to_cents()) {
        return absl::InvalidArgumentError(StrCat(p, name, "[", i, "].up_to_cents: every bracket but the last has one"));
      }
      if (!last && b.up_to_cents() <= previous) {
        return absl::InvalidArgumentError(StrCat(p, name, "[", i, "].up_to_cents: brackets must rise"));
      }
      if (!last) previous = b.up_to_cents();
    }
  }
  if (!d.has_flat_cents() || !d.has_farmer_cents() || !d.has_other_flat_cents() ||
      d.rounding() == v1::Policy::Dues::ROUNDING_UNSPECIFIED) {
    return absl::InvalidArgumentError(p + "dues: flat_cents, farmer_cents, other_flat_cents and rounding are required");
  }
  return absl::OkStatus();
}

// The obligations of `resolved`, checked, for those enabled whose rule
// (an index into `rules`) is enabled.
absl::Status CompileObligations(const v1::Policy& resolved, const std::vector<RuleInfo>& rules,
                                const std::vector<bool>& enabled, const std::string& where,
                                std::vector<ObligationSpec>& out) {
  const auto fail = [&](int i, std::string_view field, std::string_view what) {
    return absl::InvalidArgumentError(StrCat(where, "obligations[", i, "].", field, ": ", what));
  };
  const auto months_mask = [](const google::protobuf::RepeatedField<int32_t>& months, uint16_t& mask) {
    mask = 0;
    for (int32_t m : months) {
      if (m < 1 || m > 12) return false;
      mask |= 1u << m;
    }
    return true;
  };
  const auto& list = resolved.obligations();
  for (int i = 0; i < list.size(); ++i) {
    const v1::Obligation& o = list.Get(i);
    if (o.id().empty()) return fail(i, "id", "missing (required)");
    for (int j = 0; j < i; ++j) {
      if (list.Get(j).id() == o.id()) return fail(i, "id", StrCat("duplicate id \"", o.id(), "\""));
    }
    const int rule = IndexOfRule(rules, o.rule_id());
    if (rule < 0) return fail(i, "ruleId", StrCat("no rule \"", o.rule_id(), "\" (a catalogue rule or a localRules id)"));
    if (o.activity() == v1::Activity::KIND_UNSPECIFIED || !v1::Activity::Kind_IsValid(o.activity())) {
      return fail(i, "activity", "missing or unknown");
    }
    if (o.holders_size() == 0) return fail(i, "holders", "missing (required)");
    if (!o.has_at_least() || o.at_least() < 1) return fail(i, "atLeast", "must be 1 or more");
    if (o.period() == v1::Obligation::PERIOD_UNSPECIFIED || !v1::Obligation::Period_IsValid(o.period())) {
      return fail(i, "period", "missing or unknown");
    }
    ObligationSpec spec;
    spec.id = o.id();
    spec.rule = rule;
    spec.activity = o.activity();
    spec.holder_kinds = 0;
    for (int k : o.holders()) {
      if (k == 0 || !v1::Org::Kind_IsValid(k)) return fail(i, "holders", "unknown Org.Kind");
      spec.holder_kinds |= 1u << k;
    }
    spec.needs_committee = o.condition() == v1::Obligation::HAS_COMMITTEE;
    spec.at_least = o.at_least();
    spec.period = o.period() == v1::Obligation::MONTH       ? PeriodKind::kMonth
                  : o.period() == v1::Obligation::QUARTER   ? PeriodKind::kQuarter
                  : o.period() == v1::Obligation::HALF_YEAR ? PeriodKind::kHalfYear
                                                            : PeriodKind::kYear;
    spec.tag = o.tag();
    if (!months_mask(o.months(), spec.months)) return fail(i, "months", "a month is 1 to 12");
    if (!months_mask(o.preferred_months(), spec.preferred_months)) return fail(i, "preferredMonths", "a month is 1 to 12");
    for (int r : o.performers()) {
      if (r == 0 || !v1::Position::Role_IsValid(r)) return fail(i, "performers", "unknown Position.Role");
      spec.performers.push_back(static_cast<Role>(r));
    }
    if ((o.has_enabled() && !o.enabled()) || !enabled[rule]) continue;
    out.push_back(std::move(spec));
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> Policy::BuiltinIds() {
  std::vector<std::string> ids;
  for (const v1::Policy& p : GetBuiltins().profiles) ids.push_back(p.id());
  return ids;
}

const v1::Policy* Policy::BuiltinMessage(std::string_view id) {
  for (const v1::Policy& p : GetBuiltins().profiles) {
    if (p.id() == id) return &p;
  }
  return nullptr;
}

absl::StatusOr<Policy> Policy::Builtin(std::string_view id) {
  if (!GetBuiltins().status.ok()) return GetBuiltins().status;
  const v1::Policy* p = BuiltinMessage(id);
  if (p == nullptr) return absl::NotFoundError(StrCat("no built-in profile \"", id, "\""));
  return FromMessage(*p);
}

absl::StatusOr<Policy> Policy::FromTextproto(std::string_view text) {
  absl::StatusOr<v1::Policy> p = ParseTextproto(text);
  if (!p.ok()) return p.status();
  return FromMessage(*p);
}

absl::StatusOr<Policy> Policy::FromJson(std::string_view json) {
  v1::Policy profile;
  absl::Status s = model::ReadJson(json, profile);
  if (!s.ok()) return s;
  return FromMessage(profile);
}

absl::StatusOr<Policy> Policy::FromMessage(const v1::Policy& profile) {
  if (profile.id().empty()) return absl::InvalidArgumentError("id: missing (required)");
  // The chain from this profile up to its root.
  std::vector<const v1::Policy*> chain = {&profile};
  while (!chain.back()->extends().empty()) {
    const std::string& base = chain.back()->extends();
    const v1::Policy* next = BuiltinMessage(base);
    if (next == nullptr) {
      return absl::InvalidArgumentError(StrCat("profile \"", chain.back()->id(), "\": extends: no built-in profile \"", base, "\""));
    }
    for (const v1::Policy* seen : chain) {
      if (seen->id() == next->id()) {
        return absl::InvalidArgumentError(StrCat("profile \"", chain.back()->id(), "\": extends: cycle through \"", base, "\""));
      }
    }
    chain.push_back(next);
  }
  std::vector<std::string> local_ids;
  for (const v1::Policy* p : chain) {
    for (int i = 0; i < p->local_rules_size(); ++i) {
      const std::string& id = p->local_rules(i).id();
      const std::string where = StrCat("profile \"", p->id(), "\": localRules[", i, "]");
      if (id.empty()) return absl::InvalidArgumentError(where + ".id: missing (required)");
      if (dangjian::FindRule(id) != nullptr) {
        return absl::InvalidArgumentError(StrCat(where, ".id: \"", id, "\" is a catalogue rule"));
      }
      local_ids.push_back(id);
    }
  }
  for (const v1::Policy* p : chain) {
    absl::Status s = CheckRuleSettings(*p, local_ids);
    if (!s.ok()) return s;
  }

  auto data = std::make_shared<Data>();
  auto compiled = std::make_shared<policy::Compiled>();
  v1::Policy& resolved = data->resolved;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) Overlay(resolved, **it);
  resolved.set_id(profile.id());
  resolved.set_extends(profile.extends());

  const v1::Policy::Setup& setup = resolved.setup();
  const std::string p = StrCat("profile \"", profile.id(), "\": ");
  struct { const v1::CountBound& message; CountBound* bound; const char* path; } bounds[] = {
      {setup.branch_min(), &compiled->branch_min, "setup.branch_min"},
      {setup.branch_max(), &compiled->branch_max, "setup.branch_max"},
      {setup.general_branch_min(), &compiled->general_branch_min, "setup.general_branch_min"},
      {setup.committee_min(), &compiled->committee_min, "setup.committee_min"},
      {setup.branch_committee_at(), &compiled->branch_committee_at, "setup.branch_committee_at"},
  };
  for (auto& b : bounds) {
    absl::StatusOr<CountBound> bound = Bound(b.message, StrCat(p, b.path));
    if (!bound.ok()) return bound.status();
    *b.bound = *bound;
  }
  const v1::Policy::Life& life = resolved.life();
  for (absl::Status s : {
           RequirePositive(setup.has_committee_size_min(), setup.committee_size_min(), p + "setup.committee_size_min"),
           RequirePositive(setup.has_committee_size_usual_max(), setup.committee_size_usual_max(), p + "setup.committee_size_usual_max"),
           RequirePositive(setup.has_committee_size_max(), setup.committee_size_max(), p + "setup.committee_size_max"),
           RequirePositive(setup.has_joint_branch_max_units(), setup.joint_branch_max_units(), p + "setup.joint_branch_max_units"),
           RequirePositive(setup.has_party_staff_min_permille(), setup.party_staff_min_permille(), p + "setup.party_staff_min_permille", true),
           RequirePositive(resolved.terms().has_adjustment_limit_months(), resolved.terms().adjustment_limit_months(), p + "terms.adjustment_limit_months", true),
           RequirePositive(resolved.terms().has_early_election_grace_months(), resolved.terms().early_election_grace_months(), p + "terms.early_election_grace_months", true),
           RequirePositive(resolved.terms().has_candidate_margin_percent(), resolved.terms().candidate_margin_percent(), p + "terms.candidate_margin_percent", true),
           RequirePositive(resolved.terms().has_winner_votes_percent(), resolved.terms().winner_votes_percent(), p + "terms.winner_votes_percent", true),
           RequirePositive(life.has_committee_quorum_percent(), life.committee_quorum_percent(), p + "life.committee_quorum_percent", true),
           life.has_committee_quorum_inclusive() ? absl::OkStatus()
                                                 : absl::InvalidArgumentError(StrCat(p, "life.committee_quorum_inclusive: missing")),
           RequirePositive(life.has_meeting_quorum_percent(), life.meeting_quorum_percent(), p + "life.meeting_quorum_percent", true),
           life.has_meeting_quorum_inclusive() ? absl::OkStatus()
                                               : absl::InvalidArgumentError(StrCat(p, "life.meeting_quorum_inclusive: missing")),
           RequirePositive(life.has_vote_pass_percent(), life.vote_pass_percent(), p + "life.vote_pass_percent", true),
           life.has_vote_pass_inclusive() ? absl::OkStatus()
                                          : absl::InvalidArgumentError(StrCat(p, "life.vote_pass_inclusive: missing")),
           RequirePositive(life.has_election_quorum_percent(), life.election_quorum_percent(), p + "life.election_quorum_percent", true),
           RequirePositive(life.has_makeup_days(), life.makeup_days(), p + "life.makeup_days"),
       }) {
    if (!s.ok()) return s;
  }
  const v1::Policy::Members& mp = resolved.members();
  for (absl::Status s : {
           RequirePositive(mp.has_dues_run_months(), mp.dues_run_months(), p + "members.dues_run_months"),
           RequirePositive(mp.has_dues_arrears_months(), mp.dues_arrears_months(), p + "members.dues_arrears_months"),
           RequirePositive(mp.has_org_life_run_months(), mp.org_life_run_months(), p + "members.org_life_run_months"),
           RequirePositive(mp.has_left_locality_months(), mp.left_locality_months(), p + "members.left_locality_months"),
           RequirePositive(mp.has_unit_changed_months(), mp.unit_changed_months(), p + "members.unit_changed_months"),
           RequirePositive(mp.has_probation_months(), mp.probation_months(), p + "members.probation_months"),
           RequirePositive(mp.has_probation_extension_limit_months(), mp.probation_extension_limit_months(), p + "members.probation_extension_limit_months", true),
           RequirePositive(mp.has_probation_extension_min_months(), mp.probation_extension_min_months(), p + "members.probation_extension_min_months", true),
           RequirePositive(mp.has_probation_notice_days(), mp.probation_notice_days(), p + "members.probation_notice_days", true),
           RequirePositive(mp.has_talk_days(), mp.talk_days(), p + "members.talk_days"),
           RequirePositive(mp.has_lost_contact_months(), mp.lost_contact_months(), p + "members.lost_contact_months"),
           RequirePositive(mp.has_unqualified_handling_days(), mp.unqualified_handling_days(), p + "members.unqualified_handling_days"),
       }) {
    if (!s.ok()) return s;
  }
  if (mp.dues_arrears_months() > mp.dues_run_months()) {
    return absl::InvalidArgumentError(p + "members.dues_arrears_months: more than dues_run_months");
  }
  absl::Status dues = CheckDues(resolved.dues(), p);
  if (!dues.ok()) return dues;

  compiled->term_months.assign(v1::Org::Kind_ARRAYSIZE, 0);
  for (const v1::TermLength& t : resolved.terms().lengths()) {
    if (t.kind() == v1::Org::KIND_UNSPECIFIED || !v1::Org::Kind_IsValid(t.kind())) {
      return absl::InvalidArgumentError(p + "terms.lengths.kind: missing or unknown");
    }
    if (t.months() <= 0 || t.months() > 1200) {
      return absl::InvalidArgumentError(StrCat(p, "terms.lengths[", v1::Org::Kind_Name(t.kind()), "].months: must be from 1 to 1200"));
    }
    compiled->term_months[t.kind()] = t.months();
  }
  for (int32_t m : resolved.terms().reminder_months()) {
    if (m <= 0 || m > 1200) return absl::InvalidArgumentError(StrCat(p, "terms.reminder_months: must be from 1 to 1200, is ", m));
  }

  // The rules: the catalogue, then the local rules, whose text lives in `resolved`.
  data->rules.assign(Rules().begin(), Rules().end());
  for (const v1::LocalRule& r : resolved.local_rules()) {
    const v1::Severity severity = r.severity() == v1::SEVERITY_UNSPECIFIED ? v1::WARNING : r.severity();
    data->rules.push_back(RuleInfo{r.id(), severity, "O", false, r.citation_zh(), r.citation_en(), r.title_zh(),
                                   r.title_en(), r.title_zh(), r.title_en(), "obligations"});
  }
  data->enabled.assign(data->rules.size(), true);
  data->severity.assign(data->rules.size(), v1::SEVERITY_UNSPECIFIED);
  for (const v1::RuleSetting& s : resolved.rules()) {
    const int index = IndexOfRule(data->rules, s.id());
    if (s.has_enabled()) data->enabled[index] = s.enabled();
    data->severity[index] = s.severity();
  }

  absl::Status obligations = CompileObligations(resolved, data->rules, data->enabled, p, compiled->obligations);
  if (!obligations.ok()) return obligations;
  data->compiled = std::move(compiled);
  return Policy(std::move(data));
}

LoadLimits Policy::load_limits() const {
  LoadLimits limits;
  const v1::Policy::Limits& l = data_->resolved.limits();
  if (l.has_max_input_bytes()) limits.max_input_bytes = l.max_input_bytes();
  if (l.has_max_records()) limits.max_records = l.max_records();
  if (l.has_max_string_bytes()) limits.max_string_bytes = l.max_string_bytes();
  if (l.has_max_depth()) limits.max_depth = std::clamp(l.max_depth(), 4, 100);  // the schema nests 2 below the top
  return limits;
}

int Policy::FindRule(std::string_view id) const { return IndexOfRule(data_->rules, id); }

}  // namespace dangjian
