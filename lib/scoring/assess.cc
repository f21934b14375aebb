// Assessment: findings -> item, category and model scores -> composite, tier,
// rank. The scoring models follow XCCDF 1.2 (NISTIR 7275r4, 7.3.2), with an
// item's result a fraction (points earned over points) rather than pass/fail.
#include "dangjian/assess.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "dangjian/check.h"
#include "lib/check/checker.h"
#include "lib/embedded.h"
#include "lib/hash_table.h"
#include "lib/model/json_reader.h"
#include "lib/model/textproto.h"
#include "lib/report/messages.h"
#include "lib/status.h"
#include "lib/strings.h"

namespace dangjian {
namespace {

using Item = v1::Rubric::Item;
using Result = v1::Assessment::ItemScore::Result;

template <typename Message>
absl::StatusOr<Message> Parse(std::string_view text, bool json) {
  Message m;
  absl::Status s = json ? model::ReadJson(text, m) : model::ReadTextproto(text, m);
  if (!s.ok()) return s;
  return m;
}

absl::Status CheckRubric(const v1::Rubric& r) {
  const auto fail = [&](std::string what) {
    return absl::InvalidArgumentError(StrCat("rubric \"", r.id(), "\": ", what));
  };
  if (r.id().empty()) return absl::InvalidArgumentError("rubric: id: missing (required)");
  if (r.model() == v1::Rubric::MODEL_UNSPECIFIED || !v1::Rubric::Model_IsValid(r.model())) return fail("model: missing or unknown");
  if (r.assessed().empty() && !r.by_unit()) return fail("assessed: which org kinds are assessed? (missing)");
  if (r.bottom_share() < 0 || r.bottom_share() >= 1) return fail("bottom_share: must be in [0, 1)");
  std::vector<std::string> ids;
  for (int c = 0; c < r.categories_size(); ++c) {
    const auto& cat = r.categories(c);
    if (cat.weight() < 0) return fail(StrCat("categories[", c, "].weight: negative"));
    for (int i = 0; i < cat.items_size(); ++i) {
      const Item& item = cat.items(i);
      const std::string where = StrCat("categories[", c, "].items[", i, "]");
      if (item.id().empty()) return fail(where + ".id: missing (required)");
      if (std::find(ids.begin(), ids.end(), item.id()) != ids.end()) return fail(StrCat(where, ".id: duplicate \"", item.id(), "\""));
      ids.push_back(item.id());
      if (item.points() < 0) return fail(where + ".points: negative");
      if (item.manual() == (item.rule_ids_size() > 0)) return fail(where + ": either manual or rule_ids, one of the two");
      if (!item.manual() && item.deduction() <= 0) return fail(where + ".deduction: must be positive");
    }
  }
  double total = 0;
  for (int k = 0; k < r.components_size(); ++k) {
    if (r.components(k).weight() < 0) return fail(StrCat("components[", k, "].weight: negative"));
    total += r.components(k).weight();
  }
  if (r.components_size() > 0 && total <= 0) return fail("components: the weights add up to nothing");
  for (int t = 1; t < r.tiers_size(); ++t) {
    if (r.tiers(t).min_score() < r.tiers(t - 1).min_score()) return fail(StrCat("tiers[", t, "].min_score: tiers go from lowest to highest"));
  }
  return absl::OkStatus();
}

bool AnyRuleMatches(const google::protobuf::RepeatedPtrField<std::string>& patterns, std::string_view rule_id) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) { return RuleMatches(p, rule_id); });
}

// The findings of the org (`org_only`) or of its whole subtree.
struct FindingIndex {
  const v1::Report& report;
  std::vector<int32_t> rank;  // the rank of each finding's org (Store::Rank), kNone for none

  // The findings of the orgs ranked [begin, end), by index; findings are in
  // the orgs' order.
  std::vector<int> In(int32_t begin, int32_t end) const {
    const auto [first, last] = Range(begin, end);
    std::vector<int> out(last - first);
    for (int i = first; i < last; ++i) out[i - first] = i;
    return out;
  }
  std::pair<int, int> Range(int32_t begin, int32_t end) const {
    const auto lo = std::lower_bound(rank.begin(), rank.end(), begin, [](int32_t a, int32_t b) {
      return static_cast<uint32_t>(a) < static_cast<uint32_t>(b);
    });
    const auto hi = std::lower_bound(lo, rank.end(), end, [](int32_t a, int32_t b) {
      return static_cast<uint32_t>(a) < static_cast<uint32_t>(b);
    });
    return {static_cast<int>(lo - rank.begin()), static_cast<int>(hi - rank.begin())};
  }
};

const v1::ManualScores::Org* ManualFor(const v1::ManualScores* manual, const std::string& org) {
  if (manual == nullptr) return nullptr;
  for (const auto& o : manual->orgs()) {
    if (o.org_id() == org) return &o;
  }
  return nullptr;
}

template <typename Scores>
const v1::ManualScores::Score* ScoreFor(const Scores& scores, const std::string& id) {
  for (const auto& s : scores) {
    if (s.id() == id) return &s;
  }
  return nullptr;
}

// One item for one org.
v1::Assessment::ItemScore ScoreItem(const Item& item, OrgKind kind, const FindingIndex& index,
                                    const std::vector<int>& own, const std::vector<int>& subtree,
                                    const v1::ManualScores::Org* manual, const Policy& policy) {
  v1::Assessment::ItemScore out;
  out.set_id(item.id());
  out.set_title(item.title());
  out.set_points(item.points());
  const bool applies = item.applies_to().empty() ||
                       std::find(item.applies_to().begin(), item.applies_to().end(), kind) != item.applies_to().end();
  if (!applies) {
    out.set_result(v1::Assessment::ItemScore::NOT_APPLICABLE);
    return out;
  }
  if (item.manual()) {
    const v1::ManualScores::Score* s = manual == nullptr ? nullptr : ScoreFor(manual->items(), item.id());
    if (s == nullptr) {  // XCCDF's "unknown": counts against
      out.set_result(v1::Assessment::ItemScore::UNKNOWN);
      return out;
    }
    out.set_earned(std::clamp(s->score(), 0.0, item.points()));
    out.set_result(out.earned() < item.points() ? v1::Assessment::ItemScore::FAIL : v1::Assessment::ItemScore::PASS);
    return out;
  }
  // Rules the profile does not check cannot cost points: XCCDF's "notchecked".
  bool checked = false;
  for (size_t r = 0; r < policy.RuleCount(); ++r) {
    checked |= policy.RuleEnabled(static_cast<int>(r)) && AnyRuleMatches(item.rule_ids(), policy.Rule(static_cast<int>(r)).id);
  }
  if (!checked) {
    out.set_result(v1::Assessment::ItemScore::NOT_APPLICABLE);
    return out;
  }
  double lost = 0;
  std::vector<std::string> periods;
  for (int i : item.scope() == Item::SUBTREE ? subtree : own) {
    const v1::Finding& f = index.report.findings(i);
    // A reminder about a period still running costs nothing.
    if (f.severity() == v1::NOTICE || !AnyRuleMatches(item.rule_ids(), f.rule_id())) continue;
    double cost = item.deduction();
    if (item.per_period() && !f.period().empty()) {
      const std::string key = StrCat(f.rule_id(), "/", f.org_id(), "/", f.member_id(), "/", f.period());
      if (std::find(periods.begin(), periods.end(), key) != periods.end()) cost = 0;
      else periods.push_back(key);
    }
    cost = std::min(cost, item.points() - lost);  // never more than the item is worth
    if (cost <= 0) {  // counted, not listed: the output stays linear in the findings
      out.set_uncounted(out.uncounted() + 1);
      continue;
    }
    lost += cost;
    v1::Assessment::Deduction& d = *out.add_deductions();
    d.set_points(cost);
    d.set_rule_id(f.rule_id());
    d.set_org_id(f.org_id());
    d.set_member_id(f.member_id());
    d.set_activity_id(f.activity_id());
    d.set_unit_id(f.unit_id());
    d.set_period(f.period());
    d.set_message(f.message());
  }
  out.set_earned(item.points() - lost);
  out.set_result(lost > 0 ? v1::Assessment::ItemScore::FAIL : v1::Assessment::ItemScore::PASS);
  return out;
}

bool Counted(const v1::Assessment::ItemScore& s) { return s.result() != v1::Assessment::ItemScore::NOT_APPLICABLE; }
double Fraction(const v1::Assessment::ItemScore& s) { return s.points() > 0 ? s.earned() / s.points() : 0; }

// The model's score for one org: fills category scores and the org's score,
// earned and maximum.
void ApplyModel(v1::Rubric::Model model, v1::Assessment::Org& org) {
  double earned = 0, maximum = 0, weighted = 0, weights = 0;
  for (v1::Assessment::CategoryScore& c : *org.mutable_categories()) {
    double c_earned = 0, c_points = 0, c_weighted = 0, c_weights = 0;
    for (const v1::Assessment::ItemScore& s : c.items()) {
      if (!Counted(s)) continue;  // left out: not applicable
      c_earned += s.earned();
      c_points += s.points();
      c_weighted += Fraction(s) * 100 * s.points();  // an item's weight is its points
      c_weights += s.points();
      switch (model) {
        case v1::Rubric::FLAT:
        case v1::Rubric::ABSOLUTE:
          earned += s.earned();
          maximum += s.points();
          break;
        case v1::Rubric::FLAT_UNWEIGHTED:
          if (s.points() > 0) {  // weight 0 stays 0
            earned += Fraction(s);
            maximum += 1;
          }
          break;
        default:
          break;
      }
    }
    c.set_earned(c_earned);
    c.set_points(c_points);
    c.set_score(c_points > 0 ? 100 * c_earned / c_points : 0);
    if (model == v1::Rubric::DEFAULT && c_weights > 0) {
      c.set_score(c_weighted / c_weights);
      weighted += c.score() * c.weight();
      weights += c.weight();
    }
  }
  switch (model) {
    case v1::Rubric::DEFAULT:
      org.set_earned(weights > 0 ? weighted / weights : 0);
      org.set_maximum(100);
      org.set_score(org.earned());
      break;
    case v1::Rubric::ABSOLUTE: {
      const bool all = earned >= maximum;  // a maximum of 0 is met: XCCDF scores it 1
      org.set_earned(all ? 1 : 0);
      org.set_maximum(1);
      org.set_score(all ? 100 : 0);
      break;
    }
    default:  // FLAT, FLAT_UNWEIGHTED
      org.set_earned(earned);
      org.set_maximum(maximum);
      org.set_score(maximum > 0 ? 100 * earned / maximum : 100);
      break;
  }
}

double Round(double x) { return std::round(x * 1e6) / 1e6; }

}  // namespace

std::vector<std::string> BuiltinRubricIds() {
  std::vector<std::string> ids;
  for (size_t i = 0; i < embedded::kRubricsCount; ++i) ids.emplace_back(embedded::kRubrics[i].stem);
  return ids;
}

absl::StatusOr<v1::Rubric> BuiltinRubric(std::string_view id) {
  for (size_t i = 0; i < embedded::kRubricsCount; ++i) {
    if (embedded::kRubrics[i].stem == id) return ParseRubric(embedded::kRubrics[i].content);
  }
  return absl::NotFoundError(StrCat("no built-in rubric \"", id, "\""));
}

absl::StatusOr<v1::Rubric> ParseRubric(std::string_view text, bool json) {
  absl::StatusOr<v1::Rubric> r = Parse<v1::Rubric>(text, json);
  if (!r.ok()) return r.status();
  absl::Status s = CheckRubric(*r);
  if (!s.ok()) return s;
  return r;
}

absl::StatusOr<v1::ManualScores> ParseManualScores(std::string_view text, bool json) {
  return Parse<v1::ManualScores>(text, json);
}

absl::StatusOr<v1::Assessment> ParseAssessment(std::string_view text, bool json) {
  return Parse<v1::Assessment>(text, json);
}

absl::StatusOr<v1::Assessment> Assess(const Store& store, const Policy& policy, const v1::Rubric& rubric,
                                      const AssessOptions& options) {
  return WithinMemory([&]() -> absl::StatusOr<v1::Assessment> {
    if (absl::Status s = CheckRubric(rubric); !s.ok()) return s;
    for (const auto& cat : rubric.categories()) {
      for (const Item& item : cat.items()) {
        for (const std::string& id : item.rule_ids()) {
          bool known = false;
          for (size_t r = 0; r < policy.RuleCount(); ++r) known |= RuleMatches(id, policy.Rule(static_cast<int>(r)).id);
          if (!known) return absl::InvalidArgumentError(StrCat("rubric \"", rubric.id(), "\": item \"", item.id(), "\": no rule \"", id, "\""));
        }
      }
    }
    const absl::StatusOr<check::Window> window = check::ResolveWindow(store, options.as_of, options.from, options.scope);
    if (!window.ok()) return window.status();
    CheckOptions check;
    check.scope = options.scope;
    check.lang = options.lang;
    absl::StatusOr<v1::Report> report = check::CheckWindow(store, policy, check, *window);
    if (!report.ok()) return report.status();

    FindingIndex index{*report, {}};
    for (const v1::Finding& f : report->findings()) {
      const OrgIndex o = f.org_id().empty() ? kNone : store.FindOrg(f.org_id());
      index.rank.push_back(o == kNone ? kNone : store.Rank(o));
    }

    v1::Assessment out;
    out.set_rubric_id(rubric.id());
    out.set_model(v1::Rubric::Model_Name(rubric.model()));
    out.set_as_of(report->as_of());
    out.set_profile_id(policy.id());
    out.set_scope(options.scope);
    const Day as_of = window->as_of;
    const int32_t begin = window->scope_begin, end = window->scope_end;
    const auto& orgs = store.orgs();
    const auto live = [&](OrgIndex o) {
      const Day est = orgs.established_on[o], dis = orgs.dissolved_on[o];
      return (est == kNoDay || est <= as_of) && (dis == kNoDay || dis > as_of);
    };
    // One assessed org or unit, on the findings about it (`own`) and about its
    // subtree (`subtree`).
    const auto score = [&](const std::string& id, const std::string& name, const std::string& kind_name, OrgKind kind,
                           const std::vector<int>& own, const std::vector<int>& subtree) {
      v1::Assessment::Org& a = *out.add_orgs();
      a.set_org_id(id);
      a.set_name(name);
      a.set_kind(kind_name);
      const v1::ManualScores::Org* manual = ManualFor(options.manual, id);
      for (const auto& cat : rubric.categories()) {
        v1::Assessment::CategoryScore& c = *a.add_categories();
        c.set_id(cat.id());
        c.set_title(cat.title());
        c.set_weight(cat.weight());
        for (const Item& item : cat.items()) *c.add_items() = ScoreItem(item, kind, index, own, subtree, manual, policy);
      }
      ApplyModel(rubric.model(), a);

      // The composite: the rubric's score weighed with manual components.
      double weighted = 0, weights = 0;
      for (const auto& comp : rubric.components()) {
        v1::Assessment::ComponentScore& cs = *a.add_components();
        cs.set_id(comp.id());
        cs.set_weight(comp.weight());
        const v1::ManualScores::Score* given = comp.rubric() || manual == nullptr ? nullptr : ScoreFor(manual->components(), comp.id());
        cs.set_given(comp.rubric() || given != nullptr);
        cs.set_score(comp.rubric() ? a.score() : given != nullptr ? std::clamp(given->score(), 0.0, 100.0) : 0);
        weighted += cs.score() * cs.weight();
        weights += cs.weight();
      }
      a.set_composite(Round(rubric.components().empty() ? a.score() : weighted / weights));
      a.set_score(Round(a.score()));

      // The highest tier reached whose conditions hold.
      for (const auto& tier : rubric.tiers()) {
        if (a.composite() + 1e-9 < tier.min_score()) continue;
        const bool clean = std::none_of(subtree.begin(), subtree.end(), [&](int i) {
          const v1::Finding& f = report->findings(i);
          return f.severity() == v1::VIOLATION && AnyRuleMatches(tier.no_violation_of(), f.rule_id());
        });
        if (clean) {
          a.set_tier(tier.id());
          a.set_tier_title(tier.title());
        }
      }
    };

    if (!rubric.by_unit()) {
      for (int32_t k = begin; k < end; ++k) {
        const OrgIndex o = store.OrgAt(k);
        const OrgKind kind = orgs.kind[o];
        if (std::find(rubric.assessed().begin(), rubric.assessed().end(), kind) == rubric.assessed().end() || !live(o)) continue;
        score(std::string(orgs.id[o]), orgs.name[o], v1::Org::Kind_Name(kind), kind, index.In(k, k + 1), index.In(k, store.SubtreeEnd(o)));
      }
    } else {
      // A unit's findings: those naming it, and those of the orgs covering it.
      const auto& units = store.units();
      for (UnitIndex u = 0; u < static_cast<UnitIndex>(units.size()); ++u) {
        std::vector<OrgIndex> covering;
        for (int32_t k = begin; k < end; ++k) {
          const OrgIndex o = store.OrgAt(k);
          const auto list = store.UnitsOf(o);
          if (live(o) && std::find(list.begin(), list.end(), u) != list.end()) covering.push_back(o);
        }
        if (covering.empty()) continue;  // no org of the scope covers it
        std::set<int> own, subtree;
        for (int i = 0; i < report->findings_size(); ++i) {
          if (report->findings(i).unit_id() == units.id[u]) own.insert(i), subtree.insert(i);
        }
        for (OrgIndex o : covering) {
          for (int i : index.In(store.Rank(o), store.Rank(o) + 1)) own.insert(i);
          for (int i : index.In(store.Rank(o), store.SubtreeEnd(o))) subtree.insert(i);
        }
        score(std::string(units.id[u]), units.name[u], "UNIT", v1::Org::KIND_UNSPECIFIED, std::vector<int>(own.begin(), own.end()),
              std::vector<int>(subtree.begin(), subtree.end()));
      }
    }

    // Ranks among the same kind: by composite, ties sharing a rank (1, 1, 3).
    std::map<std::string, std::vector<v1::Assessment::Org*>> by_kind;
    for (v1::Assessment::Org& a : *out.mutable_orgs()) by_kind[a.kind()].push_back(&a);
    HashMap<std::string, bool> previous_bottom;
    if (options.previous != nullptr) {
      for (const auto& p : options.previous->orgs()) previous_bottom[p.org_id()] = p.bottom();
    }
    for (auto& [kind, peers] : by_kind) {
      std::stable_sort(peers.begin(), peers.end(), [](const auto* x, const auto* y) { return x->composite() > y->composite(); });
      const int n = static_cast<int>(peers.size());
      const int bottom = static_cast<int>(std::ceil(n * rubric.bottom_share() - 1e-9));
      for (int i = 0; i < n; ++i) {
        const int rank = i > 0 && peers[i]->composite() == peers[i - 1]->composite() ? peers[i - 1]->rank() : i + 1;
        peers[i]->set_rank(rank);
        peers[i]->set_peers(n);
        peers[i]->set_bottom(bottom > 0 && rank > n - bottom);
        auto it = previous_bottom.find(peers[i]->org_id());
        peers[i]->set_bottom_two_years(peers[i]->bottom() && it != previous_bottom.end() && it->second);
      }
    }
    std::stable_sort(out.mutable_orgs()->begin(), out.mutable_orgs()->end(), [](const auto& x, const auto& y) {
      return x.kind() != y.kind() ? x.kind() < y.kind() : x.rank() < y.rank();
    });
    return out;
  });
}

namespace {

// The scope as a header names it: the org's name where the assessment holds
// it (the scope's own org is scored with its subtree), else its id.
std::string AssessedScope(const v1::Assessment& a, Lang lang) {
  using report::Arg;
  using report::Text;
  if (a.scope().empty()) return Text("ui.report.scope", lang, {Arg("scope", Text("ui.report.everything", lang))});
  for (const auto& o : a.orgs()) {
    if (o.org_id() == a.scope() && !o.name().empty()) {
      return Text("ui.report.scope", lang, {Arg("scope", StrCat(o.name(), " [", a.scope(), "]"))});
    }
  }
  return Text("ui.report.scope", lang, {Arg("scope", a.scope())});
}

}  // namespace

std::string RenderAssessmentText(const v1::Assessment& a, Lang lang) {
  using report::Arg;
  using report::Text;
  std::string out = StrCat(Text("ui.assess.title", lang, {Arg("rubric", a.rubric_id())}), "  ",
                           Text("ui.as_of", lang, {Arg("asOf", a.as_of())}), "  ",
                           Text("ui.assess.model", lang, {Arg("model", a.model())}), "  ",
                           Text("ui.profile", lang, {Arg("profile", a.profile_id())}), "  ",
                           AssessedScope(a, lang), "\n");
  const auto fixed = [](double x) {
    const int64_t tenths = static_cast<int64_t>(std::llround(x * 10));
    return StrCat(tenths / 10, ".", tenths % 10);
  };
  std::string kind;
  for (const auto& o : a.orgs()) {
    if (o.kind() != kind) {
      kind = o.kind();
      v1::Org::Kind k = v1::Org::KIND_UNSPECIFIED;
      v1::Org::Kind_Parse(kind, &k);
      StrAppend(&out, "\n", kind == "UNIT" ? Text("ui.assess.units", lang) : std::string(report::OrgKindName(k, lang)),
                "  ", Text("ui.assess.columns", lang), "\n");
    }
    StrAppend(&out, "  ", o.rank(), "/", o.peers(), "  ", fixed(o.score()), "  ", fixed(o.composite()), "  ",
              o.tier().empty() ? "-" : o.tier_title().empty() ? o.tier() : o.tier_title(), "  ", o.name().empty() ? o.org_id() : o.name(), " [", o.org_id(), "]",
              o.bottom_two_years() ? StrCat("  ", Text("ui.assess.bottom_two_years", lang))
                                   : o.bottom() ? StrCat("  ", Text("ui.assess.bottom", lang)) : "",
              "\n");
  }
  StrAppend(&out, "\n", Text("ui.assess.points_lost", lang), "\n");
  for (const auto& o : a.orgs()) {
    bool header = false;
    for (const auto& c : o.categories()) {
      for (const auto& item : c.items()) {
        if (item.earned() >= item.points() && item.result() != v1::Assessment::ItemScore::UNKNOWN) continue;
        if (!header) {
          StrAppend(&out, "■ ", o.name().empty() ? o.org_id() : o.name(), " [", o.org_id(), "]\n");
          header = true;
        }
        StrAppend(&out, "  ", item.title().empty() ? item.id() : item.title(), "  -", fixed(item.points() - item.earned()),
                  item.result() == v1::Assessment::ItemScore::UNKNOWN ? StrCat("  ", Text("ui.assess.unscored", lang)) : "",
                  "\n");
        for (const auto& d : item.deductions()) {
          if (d.points() <= 0) continue;
          StrAppend(&out, "      -", fixed(d.points()), "  ", d.rule_id(), d.period().empty() ? "" : StrCat(" [", d.period(), "]"),
                    "  ", d.message(), "\n");
        }
      }
    }
  }
  return out;
}

}  // namespace dangjian
