#include "dangjian/policy.h"

#include <algorithm>
#include <map>

#include "lib/strings.h"
#include "dangjian/rules.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "lib/embedded.h"
#include "lib/rules/rule_id.h"

namespace dangjian {
namespace {

// Keeps the first error of a textproto parse, as one line.
class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    if (message_.empty()) message_ = StrCat("line ", line + 1, ", column ", column + 1, ": ", message);
  }
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

absl::StatusOr<v1::Policy> ParseTextproto(std::string_view text) {
  v1::Policy profile;
  FirstError errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &profile)) {
    return absl::InvalidArgumentError(errors.message().empty() ? "not a dangjian.v1.Policy textproto"
                                                               : errors.message());
  }
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

// The rule settings of one profile, checked against the catalogue.
absl::Status CheckRuleSettings(const v1::Policy& p) {
  for (int i = 0; i < p.rules_size(); ++i) {
    const v1::RuleSetting& s = p.rules(i);
    const RuleInfo* rule = FindRule(s.id());
    const std::string where = StrCat("profile \"", p.id(), "\": rules[", i, "]");
    if (rule == nullptr) return absl::InvalidArgumentError(StrCat(where, ".id: no rule \"", s.id(), "\""));
    if (rule->always_on && s.has_enabled() && !s.enabled()) {
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
  base.MergeFrom(scalars);
  base.clear_extends();

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

absl::Status RequirePositive(bool has, int32_t value, std::string_view path, bool zero_ok = false) {
  if (!has) return absl::InvalidArgumentError(StrCat(path, ": missing"));
  if (value < 0 || (value == 0 && !zero_ok)) {
    return absl::InvalidArgumentError(StrCat(path, ": must be positive, is ", value));
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
  for (const v1::Policy* p : chain) {
    absl::Status s = CheckRuleSettings(*p);
    if (!s.ok()) return s;
  }

  Policy out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) Overlay(out.resolved_, **it);
  out.resolved_.set_id(profile.id());
  out.resolved_.set_extends(profile.extends());

  const v1::Policy::Setup& setup = out.resolved_.setup();
  const std::string p = StrCat("profile \"", profile.id(), "\": ");
  struct { const v1::CountBound& message; CountBound* bound; const char* path; } bounds[] = {
      {setup.branch_min(), &out.branch_min_, "setup.branch_min"},
      {setup.branch_max(), &out.branch_max_, "setup.branch_max"},
      {setup.general_branch_min(), &out.general_branch_min_, "setup.general_branch_min"},
      {setup.committee_min(), &out.committee_min_, "setup.committee_min"},
      {setup.branch_committee_at(), &out.branch_committee_at_, "setup.branch_committee_at"},
  };
  for (auto& b : bounds) {
    absl::StatusOr<CountBound> bound = Bound(b.message, StrCat(p, b.path));
    if (!bound.ok()) return bound.status();
    *b.bound = *bound;
  }
  for (absl::Status s : {
           RequirePositive(setup.has_committee_size_min(), setup.committee_size_min(), p + "setup.committee_size_min"),
           RequirePositive(setup.has_committee_size_usual_max(), setup.committee_size_usual_max(), p + "setup.committee_size_usual_max"),
           RequirePositive(setup.has_committee_size_max(), setup.committee_size_max(), p + "setup.committee_size_max"),
           RequirePositive(setup.has_joint_branch_max_units(), setup.joint_branch_max_units(), p + "setup.joint_branch_max_units"),
           RequirePositive(setup.has_party_staff_min_permille(), setup.party_staff_min_permille(), p + "setup.party_staff_min_permille", true),
           RequirePositive(out.resolved_.terms().has_adjustment_limit_months(), out.resolved_.terms().adjustment_limit_months(), p + "terms.adjustment_limit_months", true),
           RequirePositive(out.resolved_.terms().has_early_election_grace_months(), out.resolved_.terms().early_election_grace_months(), p + "terms.early_election_grace_months", true),
       }) {
    if (!s.ok()) return s;
  }

  out.term_months_.assign(v1::Org::Kind_ARRAYSIZE, 0);
  for (const v1::TermLength& t : out.resolved_.terms().lengths()) {
    if (t.kind() == v1::Org::KIND_UNSPECIFIED || !v1::Org::Kind_IsValid(t.kind())) {
      return absl::InvalidArgumentError(p + "terms.lengths.kind: missing or unknown");
    }
    if (t.months() <= 0) {
      return absl::InvalidArgumentError(StrCat(p, "terms.lengths[", v1::Org::Kind_Name(t.kind()), "].months: must be positive"));
    }
    out.term_months_[t.kind()] = t.months();
  }
  for (int32_t m : out.resolved_.terms().reminder_months()) {
    if (m <= 0) return absl::InvalidArgumentError(StrCat(p, "terms.reminder_months: must be positive, is ", m));
  }

  out.enabled_.assign(rules::kRuleCount, true);
  out.severity_.assign(rules::kRuleCount, v1::SEVERITY_UNSPECIFIED);
  for (const v1::RuleSetting& s : out.resolved_.rules()) {
    const int index = static_cast<int>(FindRule(s.id()) - Rules().data());
    if (s.has_enabled()) out.enabled_[index] = s.enabled();
    out.severity_[index] = s.severity();
  }
  return out;
}

}  // namespace dangjian
