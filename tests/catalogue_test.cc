// The rule list (lib/rules/catalogue.inc): the enum and the catalogue in its
// order, every rule and every message whole in both languages, every message
// the rules' code names written in the list, parameter paths that are fields
// of the profile, and declared inputs that are true of the code.
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <tuple>

#include "absl/strings/str_split.h"
#include "dangjian/examples.h"
#include "dangjian/rules.h"
#include "google/protobuf/descriptor.h"
#include "lib/report/build.h"
#include "lib/report/messages.h"
#include "lib/policy/compiled.h"
#include "lib/rules/catalogue.h"
#include "lib/rules/families.h"
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

struct ListedRule {
  rules::RuleId rule;
  std::string_view enumerator, id;
};
constexpr ListedRule kListedRules[] = {
#define DJ_RULE(enumerator, id, ...) {rules::enumerator, #enumerator, id},
#include "lib/rules/catalogue.inc"
};

struct ListedMessage {
  int rule;  // -1: the obligation engine's
  std::string_view key, zh, en;
};
constexpr ListedMessage kListedMessages[] = {
#define DJ_MESSAGE(enumerator, key, zh, en) {rules::enumerator, key, zh, en},
#define DJ_OBLIGATION_MESSAGE(key, zh, en) {-1, key, zh, en},
#include "lib/rules/catalogue.inc"
};

// "setup.branch_min_full_members" → "kSetupBranchMinFullMembers".
std::string Enumerator(std::string_view id) {
  std::string out = "k";
  bool upper = true;
  for (char c : id) {
    if (c == '.' || c == '_') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(c - 'a' + 'A') : c;
      upper = false;
    }
  }
  return out;
}

// Any character of the CJK block (UTF-8 lead bytes E4 to E9).
bool HasChinese(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return u >= 0xE4 && u <= 0xE9;
  });
}

// The {names} of a template.
std::multiset<std::string> Placeholders(std::string_view tmpl) {
  std::multiset<std::string> out;
  for (size_t open = tmpl.find('{'); open != std::string_view::npos; open = tmpl.find('{', open + 1)) {
    const size_t close = tmpl.find('}', open);
    if (close == std::string_view::npos) break;
    out.insert(std::string(tmpl.substr(open + 1, close - open - 1)));
  }
  return out;
}

bool ObligationRule(const RuleInfo& r) { return r.parameters == "obligations"; }

TEST(Catalogue, TheEnumAndTheCatalogueFollowTheList) {
  ASSERT_EQ(std::size(kListedRules), static_cast<size_t>(rules::kRuleCount));
  ASSERT_EQ(Rules().size(), static_cast<size_t>(rules::kRuleCount));
  std::set<std::string_view> ids;
  for (size_t i = 0; i < std::size(kListedRules); ++i) {
    const ListedRule& l = kListedRules[i];
    EXPECT_EQ(static_cast<size_t>(l.rule), i) << l.id;
    EXPECT_EQ(Rules()[l.rule].id, l.id);
    EXPECT_EQ(l.enumerator, Enumerator(l.id)) << "the enumerator names its rule";
    EXPECT_EQ(FindRule(l.id), &Rules()[i]);
    EXPECT_TRUE(ids.insert(l.id).second) << l.id << " twice";
  }
}

TEST(Catalogue, EveryRuleIsDocumentedInBothLanguages) {
  const std::regex id_form("(structure|data|setup|term|life|member)\\.[a-z_]+");
  const std::regex subject_form("[OMAU](/[OMAU])*");
  for (const RuleInfo& r : Rules()) {
    EXPECT_TRUE(std::regex_match(std::string(r.id), id_form)) << r.id;
    EXPECT_TRUE(r.severity == v1::VIOLATION || r.severity == v1::WARNING || r.severity == v1::NOTICE) << r.id;
    EXPECT_TRUE(std::regex_match(std::string(r.subject), subject_form)) << r.id << ": " << r.subject;
    EXPECT_EQ(r.always_on, RuleMatches("structure", r.id) || RuleMatches("data", r.id)) << r.id;
    for (std::string_view zh : {r.citation_zh, r.title_zh, r.explain_zh}) {
      EXPECT_TRUE(HasChinese(zh)) << r.id << ": \"" << zh << "\" is not Chinese";
    }
    for (std::string_view en : {r.citation_en, r.title_en, r.explain_en}) {
      EXPECT_FALSE(en.empty()) << r.id;
      EXPECT_FALSE(HasChinese(en)) << r.id << ": \"" << en << "\" is not English";
    }
  }
}

TEST(Messages, EveryTemplateIsWholeInBothLanguages) {
  std::set<std::string_view> keys;
  for (const ListedMessage& m : kListedMessages) {
    EXPECT_TRUE(keys.insert(m.key).second) << m.key << " twice";
    EXPECT_TRUE(HasChinese(m.zh)) << m.key;
    EXPECT_FALSE(m.en.empty()) << m.key;
    EXPECT_FALSE(HasChinese(m.en)) << m.key;
    EXPECT_EQ(Placeholders(m.zh), Placeholders(m.en)) << m.key << ": both languages say the same parameters";
    EXPECT_EQ(std::count(m.zh.begin(), m.zh.end(), '{'), std::count(m.zh.begin(), m.zh.end(), '}')) << m.key;
    EXPECT_EQ(std::count(m.en.begin(), m.en.end(), '{'), std::count(m.en.begin(), m.en.end(), '}')) << m.key;
    // The one table is what the list says.
    EXPECT_EQ(MessageTemplate(m.key, Lang::kZh), m.zh) << m.key;
    EXPECT_EQ(MessageTemplate(m.key, Lang::kEn), m.en) << m.key;
    if (m.rule < 0) {
      EXPECT_TRUE(RuleMatches("life.obligation", m.key)) << m.key;
    }
  }
  for (const RuleInfo& r : Rules()) {
    const bool own = std::any_of(std::begin(kListedMessages), std::end(kListedMessages),
                                 [&](const ListedMessage& m) { return m.rule >= 0 && Rules()[m.rule].id == r.id; });
    EXPECT_NE(own, ObligationRule(r)) << r.id << ": a message of its own, or the obligation engine's";
  }
}

// Every variant and key the rules' code writes (Finding::Variant, Finding::Key
// with a literal) is a message of the list: a new variant cannot go out
// without its templates.
TEST(Messages, EveryVariantTheRulesWriteIsListed) {
  const std::regex call("\\b(Variant|Key)\\(([^)]*)\\)");
  const std::regex literal("\"([^\"\\\\]*)\"");
  int variants = 0, keys = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(DANGJIAN_SOURCE_DIR) + "/lib/rules")) {
    if (entry.path().extension() != ".cc") continue;
    std::ifstream in(entry.path());
    const std::string code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto c = std::sregex_iterator(code.begin(), code.end(), call); c != std::sregex_iterator(); ++c) {
      const std::string what = (*c)[1], args = (*c)[2];
      for (auto l = std::sregex_iterator(args.begin(), args.end(), literal); l != std::sregex_iterator(); ++l) {
        const std::string text = (*l)[1];
        const bool listed = std::any_of(std::begin(kListedMessages), std::end(kListedMessages), [&](const ListedMessage& m) {
          if (what == "Key") return m.key == text;
          const std::string suffix = "." + text;
          return m.rule >= 0 && m.key.size() > suffix.size() &&
                 m.key.substr(m.key.size() - suffix.size()) == suffix;
        });
        EXPECT_TRUE(listed) << entry.path().filename() << ": " << what << "(\"" << text << "\") has no DJ_MESSAGE";
        ++(what == "Key" ? keys : variants);
      }
    }
  }
  // The scan sees the code: today's variants and keys are found.
  EXPECT_GE(variants, 8);
  EXPECT_GE(keys, 7);
}

// The field of dangjian.v1.Policy at a dotted path, or nullptr.
const google::protobuf::FieldDescriptor* PolicyField(std::string_view path) {
  const google::protobuf::Descriptor* message = v1::Policy::descriptor();
  const google::protobuf::FieldDescriptor* field = nullptr;
  for (std::string_view rest = path; message != nullptr;) {
    const size_t dot = rest.find('.');
    field = message->FindFieldByName(std::string(rest.substr(0, dot)));
    if (field == nullptr || dot == std::string_view::npos) return field;
    if (field->is_repeated()) return nullptr;  // no path goes through a list
    message = field->message_type();
    rest = rest.substr(dot + 1);
  }
  return nullptr;
}

std::vector<std::string> Paths(const RuleInfo& r) {
  return r.parameters.empty() ? std::vector<std::string>()
                              : std::vector<std::string>(absl::StrSplit(std::string(r.parameters), ','));
}

TEST(Parameters, EveryPathIsAFieldOfThePolicy) {
  for (const RuleInfo& r : Rules()) {
    for (const std::string& path : Paths(r)) {
      EXPECT_NE(PolicyField(path), nullptr) << r.id << ": \"" << path << "\" is no field of dangjian.v1.Policy";
    }
  }
  EXPECT_EQ(PolicyField("setup.branch_min")->message_type(), v1::CountBound::descriptor());
  EXPECT_EQ(PolicyField("setup.branch_mim"), nullptr);
  EXPECT_EQ(PolicyField("obligations.rule_id"), nullptr);
}

// What a profile sets for the rules is read by a rule that says so: a new
// parameter cannot go into the profile unexplained.
TEST(Parameters, EveryRuleParameterOfTheProfileIsNamedByARule) {
  std::set<std::string> named;
  for (const RuleInfo& r : Rules()) {
    for (const std::string& path : Paths(r)) named.insert(path);
  }
  const auto is_named = [&](const std::string& path) {
    for (const std::string& n : named) {
      if (path == n || RuleMatches(n, path)) return true;
    }
    return false;
  };
  for (const char* group : {"setup", "terms", "life", "dues", "members"}) {
    const google::protobuf::Descriptor* message = PolicyField(group)->message_type();
    for (int i = 0; i < message->field_count(); ++i) {
      const std::string path = StrCat(group, ".", message->field(i)->name());
      EXPECT_TRUE(is_named(path)) << path << " is read by no rule of the catalogue";
    }
  }
  EXPECT_TRUE(is_named("obligations"));
}

// The built-in profiles' obligations carry obligation rules, whose parameters
// are the obligations (`dangjian explain`, docs/rules.md).
TEST(Parameters, TheBuiltInObligationsCarryObligationRules) {
  for (const char* profile : kProfiles) {
    const absl::StatusOr<Policy> policy = Policy::Builtin(profile);
    ASSERT_TRUE(policy.ok()) << policy.status();
    for (const v1::Obligation& o : policy->resolved().obligations()) {
      const RuleInfo* r = FindRule(o.rule_id());
      ASSERT_NE(r, nullptr) << o.rule_id();
      EXPECT_TRUE(ObligationRule(*r)) << profile << ": " << o.id() << " carries " << o.rule_id();
    }
  }
}

// Each finding of a check of `snapshot` as of the sample's date, with each
// profile: found(profile, finding).
void ForEachFinding(const v1::Snapshot& snapshot,
                    const std::function<void(const char* profile, const v1::Finding&)>& found) {
  auto store = LoadSnapshot(snapshot);
  ASSERT_TRUE(store.ok()) << store.status();
  for (const char* profile : kProfiles) {
    CheckOptions options;
    options.as_of = *ParseDate(kSampleAsOf);
    auto report = Check(**store, *Policy::Builtin(profile), options);
    ASSERT_TRUE(report.ok()) << report.status();
    for (const v1::Finding& f : report->findings()) found(profile, f);
  }
}

// The sample's findings, by rule, each as its bytes, with both profiles.
std::map<std::string, std::multiset<std::string>> FindingsByRule(const v1::Snapshot& snapshot) {
  std::map<std::string, std::multiset<std::string>> out;
  ForEachFinding(snapshot, [&](const char* profile, const v1::Finding& f) {
    out[f.rule_id()].insert(StrCat(profile, report::DeterministicBytes(f)));
  });
  return out;
}

// Every member of the sample there thirty times over, each copy with an id of
// its own: an org's members and the members under it counted again.
void ThirtyTimesOver(v1::Snapshot& s) {
  const int members = s.members_size();
  for (int copy = 1; copy < 30; ++copy) {
    for (int i = 0; i < members; ++i) {
      v1::Member m = s.members(i);
      m.set_id(StrCat(m.id(), "-", copy));
      *s.add_members() = std::move(m);
    }
  }
}

// Changes to the sample, each of one kind of record (activities: their
// attendance with them), each changing some rule's findings.
struct Change {
  const char* what;
  rules::Inputs touches;
  std::function<void(v1::Snapshot&)> apply;
};
std::vector<Change> ChangesOfEachKind() {
  using namespace rules::input;
  return {
      {"every org's exception turned over, its units dropped", kOrgs,
       [](v1::Snapshot& s) {
         for (v1::Org& o : *s.mutable_orgs()) {
           o.set_approved_exception(!o.approved_exception());
           o.clear_unit_ids();
         }
       }},
      {"every org dissolved in June", kOrgDates,
       [](v1::Snapshot& s) {
         for (v1::Org& o : *s.mutable_orgs()) o.set_dissolved_on("2026-06-30");
       }},
      {"every org established in June", kOrgDates,
       [](v1::Snapshot& s) {
         for (v1::Org& o : *s.mutable_orgs()) o.set_established_on("2026-06-01");
       }},
      {"every unit 100 staff, none of them party staff", kUnits,
       [](v1::Snapshot& s) {
         for (v1::Unit& u : *s.mutable_units()) {
           u.set_staff_count(100);
           u.set_party_staff_count(0);
         }
       }},
      {"every member's standing turned over, full members on probation and probationary members full", kMemberStatus,
       [](v1::Snapshot& s) {
         for (v1::Member& m : *s.mutable_members()) {
           const bool full = m.status() == v1::Member::FULL;
           m.set_status(full ? v1::Member::PROBATIONARY : v1::Member::FULL);
           m.set_full_on(full ? "" : "2026-01-15");
         }
       }},
      {"every member's leadership, exemption and contact turned over", kMembers,
       [](v1::Snapshot& s) {
         for (v1::Member& m : *s.mutable_members()) {
           m.set_leading_cadre(!m.leading_cadre());
           m.set_dues_exempt_approved(!m.dues_exempt_approved());
           m.set_lost_contact_since(m.lost_contact_since().empty() ? "2025-01-01" : "");
         }
       }},
      {"no positions", kPositions, [](v1::Snapshot& s) { s.clear_positions(); }},
      {"no terms", kTerms, [](v1::Snapshot& s) { s.clear_terms(); }},
      {"no activities", kActivities | kAttendance, [](v1::Snapshot& s) { s.clear_activities(); }},
      {"no one present, absent or talked with", kAttendance,
       [](v1::Snapshot& s) {
         for (v1::Activity& a : *s.mutable_activities()) {
           a.clear_attendee_ids();
           a.clear_attendee_indexes();
           a.clear_absentees();
           a.clear_talk_member_ids();
           a.clear_talk_member_indexes();
         }
       }},
      {"no dues paid", kDues,
       [](v1::Snapshot& s) {
         s.clear_dues();
         s.clear_dues_ledger();
       }},
      {"no member events", kMemberEvents, [](v1::Snapshot& s) { s.clear_events(); }},
      {"every member there thirty times over", kMembers | kMemberStatus | kSubtreeMembers, ThirtyTimesOver},
  };
}

// A rule that does not declare reading a kind of record gives the same
// findings when the sample's records of that kind are changed or taken away.
TEST(Reads, ARuleIsBlindToWhatItDoesNotDeclare) {
  using namespace rules::input;
  const std::vector<Change> changes = ChangesOfEachKind();
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok()) << sample.status();
  const auto before = FindingsByRule(*sample);
  rules::Inputs covered = 0;
  for (const Change& c : changes) {
    v1::Snapshot changed = *sample;
    c.apply(changed);
    const auto after = FindingsByRule(changed);
    int rules_changed = 0;
    for (size_t r = 0; r < Rules().size(); ++r) {
      const std::string id(Rules()[r].id);
      const auto b = before.find(id), a = after.find(id);
      const bool same = (b == before.end() ? a == after.end() : a != after.end() && a->second == b->second);
      if (same) continue;
      ++rules_changed;
      EXPECT_NE(rules::Reads(static_cast<rules::RuleId>(r)) & c.touches, 0u)
          << id << " changed with " << c.what << ", but declares reading none of it";
    }
    EXPECT_GT(rules_changed, 0) << c.what << " changes no rule's findings: the change tests nothing";
    covered |= c.touches;
  }
  EXPECT_EQ(covered, kEverything) << "a kind of record no change touches";
}

// An obligation's findings, whatever rule carries it, depend only on what
// the obligation engine reads of it (rules::ObligationReads), within what
// its rule declares for any obligation: a member's coming or going, for one,
// only where a branch owes it while it must have a committee. The Engine
// runs again only the obligations a change reaches.
TEST(Reads, AnObligationIsBlindToWhatItDoesNotRead) {
  using namespace rules::input;
  // By profile and rule: what the profile's obligations carrying it read.
  std::map<std::string, rules::Inputs> reads;
  for (const char* profile : kProfiles) {
    const absl::StatusOr<Policy> policy = Policy::Builtin(profile);
    ASSERT_TRUE(policy.ok()) << policy.status();
    for (const ObligationSpec& ob : policy->compiled().obligations) {
      EXPECT_EQ(rules::ObligationReads(ob) & ~kObligationReads, 0u) << profile << " " << ob.id;
      reads[StrCat(profile, "/", policy->Rule(ob.rule).id)] |= rules::ObligationReads(ob);
    }
  }
  ASSERT_FALSE(reads.empty());
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok()) << sample.status();
  const auto by_profile_and_rule = [](const v1::Snapshot& snapshot) {
    std::map<std::string, std::multiset<std::string>> out;
    ForEachFinding(snapshot, [&](const char* profile, const v1::Finding& f) {
      out[StrCat(profile, "/", f.rule_id())].insert(report::DeterministicBytes(f));
    });
    return out;
  };
  const auto before = by_profile_and_rule(*sample);
  std::set<std::string> changed_by_members;  // the obligations' rules a change to the members changed
  for (const Change& c : ChangesOfEachKind()) {
    v1::Snapshot changed = *sample;
    c.apply(changed);
    const auto after = by_profile_and_rule(changed);
    for (const auto& [rule, read] : reads) {
      const auto b = before.find(rule), a = after.find(rule);
      const bool same = (b == before.end() ? a == after.end() : a != after.end() && a->second == b->second);
      if (same) continue;
      if (c.touches & (kMembers | kMemberStatus)) changed_by_members.insert(rule);
      EXPECT_NE(read & c.touches, 0u) << rule << " changed with " << c.what << ", but its obligations read none of it";
    }
  }
  // The members change findings that some obligation reads them for (the
  // committee's monthly meeting), so the test would see one that read them
  // without saying so.
  EXPECT_FALSE(changed_by_members.empty()) << "no change to the members changes an obligation's findings";
}

// A change to an org's members changes at the orgs above it only the findings
// of rules that count the members under an org (kSubtreeMembers): the Engine
// runs no other rule again there.
TEST(Reads, AboveAMembersOrgOnlyTheRulesCountingTheMembersUnderItChange) {
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok()) << sample.status();
  std::set<std::string> with_members;  // the orgs the members are in
  for (const v1::Member& m : sample->members()) with_members.insert(m.org_id());
  // By profile, rule and org: the findings at the orgs no member is in.
  const auto above = [&](const v1::Snapshot& snapshot) {
    std::map<std::tuple<std::string, std::string, std::string>, std::multiset<std::string>> out;
    ForEachFinding(snapshot, [&](const char* profile, const v1::Finding& f) {
      if (f.org_id().empty() || with_members.count(f.org_id())) return;
      out[{profile, f.rule_id(), f.org_id()}].insert(report::DeterministicBytes(f));
    });
    return out;
  };
  v1::Snapshot more = *sample;
  ThirtyTimesOver(more);
  const auto before = above(*sample), after = above(more);
  std::set<std::string> changed;
  for (const auto* side : {&before, &after}) {
    for (const auto& [at, findings] : *side) {
      const auto& other = side == &before ? after : before;
      const auto there = other.find(at);
      if (there == other.end() || there->second != findings) changed.insert(std::get<1>(at));
    }
  }
  EXPECT_FALSE(changed.empty()) << "no finding above the members' orgs changed: the change tests nothing";
  for (size_t r = 0; r < Rules().size(); ++r) {
    if (!changed.count(std::string(Rules()[r].id))) continue;
    EXPECT_TRUE(rules::Reads(static_cast<rules::RuleId>(r)) & rules::input::kSubtreeMembers)
        << Rules()[r].id << " changed above the members' orgs, but declares not counting the members under an org";
  }
}

TEST(Reads, EveryRuleReadsWhatItsFamilyMustAndTheDataRulesEverything) {
  using namespace rules::input;
  for (size_t r = 0; r < Rules().size(); ++r) {
    const auto rule = static_cast<rules::RuleId>(r);
    const rules::Inputs reads = rules::Reads(rule);
    EXPECT_EQ(reads & ~kEverything, 0u) << Rules()[r].id;
    switch (rules::FamilyOf(rule)) {
      case rules::Family::kData: EXPECT_EQ(reads, kEverything) << "a data issue may come from any record"; break;
      case rules::Family::kObligations: EXPECT_EQ(reads, kObligationReads) << Rules()[r].id; break;
      case rules::Family::kTerms: EXPECT_TRUE(reads & kTerms) << Rules()[r].id; break;
      case rules::Family::kRecords: EXPECT_TRUE(reads & kActivities) << Rules()[r].id; break;
      case rules::Family::kMembers: EXPECT_TRUE(reads & kMembers) << Rules()[r].id; break;
      default: EXPECT_NE(reads, 0u) << Rules()[r].id; break;
    }
    EXPECT_EQ(rules::FamilyOf(rule) == rules::Family::kObligations, ObligationRule(Rules()[r])) << Rules()[r].id;
  }
}

// Every finding the sample shows renders whole in both languages; every rule's
// messages, variants included, are rendered by the policy cases (cases_test).
TEST(Sample, RendersEveryParameter) {
  auto store = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_GT((*store)->members().size(), 1300u);
  EXPECT_GT((*store)->orgs().size(), 100u);
  for (const char* profile : kProfiles) {
    for (Lang lang : {Lang::kZh, Lang::kEn}) {
      CheckOptions options;
      options.as_of = *ParseDate(kSampleAsOf);
      options.lang = lang;
      auto report = Check(**store, *Policy::Builtin(profile), options);
      ASSERT_TRUE(report.ok());
      for (const v1::Finding& f : report->findings()) {
        EXPECT_EQ(f.message().find('{'), std::string::npos) << f.message_key() << ": " << f.message();
        EXPECT_FALSE(f.message().empty()) << f.message_key();
      }
    }
  }
}

}  // namespace
}  // namespace dangjian::testing

namespace dangjian::testing {
namespace {

v1::Report SampleReport(const std::string& profile, const std::string& scope) {
  auto store = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  CheckOptions options;
  options.as_of = *ParseDate(kSampleAsOf);
  options.scope = scope;
  options.rules = {"life"};
  auto report = Check(**store, *Policy::Builtin(profile), options);
  EXPECT_TRUE(report.ok());
  return *report;
}

TEST(Sample, ABranchThatMeetsEveryObligationHasNoLifeFinding) {
  for (const char* profile : kProfiles) {
    const v1::Report r = SampleReport(profile, "b-swu-1");
    EXPECT_EQ(r.findings_size(), 0) << profile << ": " << (r.findings_size() ? r.findings(0).message() : "");
  }
}

TEST(Sample, ABranchMissingOneQuartersGeneralMeeting) {
  const v1::Report r = SampleReport("national", "b-swj");
  EXPECT_EQ(PeriodsOf(r, "life.general_meeting"), Periods{"2026-Q2"});
  EXPECT_EQ(r.findings_size(), 1);
}

}  // namespace
}  // namespace dangjian::testing
