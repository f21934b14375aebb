// The policy cases of tests/cases against the rule list: every rule has a
// case named "RULE.pass" in which it finds nothing and one named "RULE.fail"
// in which it finds something, each with the rule selected and on; every
// finding the cases and the sample give speaks a message the list gives its
// rule, and every message of the list is spoken; each rule is written by the
// family the list names.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "dangjian/examples.h"
#include "dangjian/rules.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "lib/check/checker.h"
#include "lib/report/build.h"
#include "lib/report/messages.h"
#include "lib/rules/catalogue.h"
#include "lib/rules/families.h"
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = fs::path(DANGJIAN_SOURCE_DIR) / "tests" / "cases";

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every case of tests/cases, by name.
const std::map<std::string, v1::PolicyCase>& Cases() {
  static const auto* cases = [] {
    auto* out = new std::map<std::string, v1::PolicyCase>;
    for (const auto& entry : fs::directory_iterator(kCases)) {
      v1::PolicyCases file;
      const std::string bytes = Read(entry.path());
      const bool parsed = entry.path().extension() == ".json"
                              ? google::protobuf::util::JsonStringToMessage(bytes, &file).ok()
                              : google::protobuf::TextFormat::ParseFromString(bytes, &file);
      EXPECT_TRUE(parsed) << entry.path();
      for (const v1::PolicyCase& c : file.cases()) {
        EXPECT_TRUE(out->emplace(c.name(), c).second) << c.name() << " twice";
      }
    }
    return out;
  }();
  return *cases;
}

// A case made ready to check, as `dangjian test` makes it.
struct Prepared {
  Policy policy;
  std::shared_ptr<const Store> store;
  CheckOptions options;
};

Prepared Prepare(const v1::PolicyCase& c) {
  absl::StatusOr<Policy> policy = c.has_profile() ? Policy::FromMessage(c.profile())
                                                  : Policy::Builtin(c.profile_id().empty() ? "national" : c.profile_id());
  EXPECT_TRUE(policy.ok()) << c.name() << ": " << policy.status();
  absl::StatusOr<std::shared_ptr<const Store>> store =
      c.snapshot_path().empty() ? LoadSnapshot(c.snapshot())
                                : LoadSnapshot(Read(kCases / c.snapshot_path()), *SnapshotFormatFromPath(c.snapshot_path()));
  EXPECT_TRUE(store.ok()) << c.name() << ": " << store.status();
  CheckOptions options;
  options.as_of = *ParseDate(c.as_of());
  if (!c.from().empty()) options.from = *ParseDate(c.from());
  options.rules.assign(c.rules().begin(), c.rules().end());
  return Prepared{*std::move(policy), *std::move(store), options};
}

v1::Report CheckCase(const v1::PolicyCase& c, Lang lang = Lang::kZh) {
  Prepared p = Prepare(c);
  p.options.lang = lang;
  absl::StatusOr<v1::Report> report = Check(*p.store, p.policy, p.options);
  EXPECT_TRUE(report.ok()) << c.name() << ": " << report.status();
  return report.ok() ? *report : v1::Report();
}

bool Names(const google::protobuf::RepeatedPtrField<v1::Expectation>& list, std::string_view rule) {
  return std::any_of(list.begin(), list.end(), [&](const v1::Expectation& e) { return e.rule_id() == rule; });
}

// The case puts the rule to work: it selects it, its profile has it on, and,
// for an obligation rule, the profile owes an obligation that carries it.
void ExpectPutToWork(const v1::PolicyCase& c, const RuleInfo& r) {
  const Prepared p = Prepare(c);
  EXPECT_TRUE(c.rules().empty() || std::any_of(c.rules().begin(), c.rules().end(),
                                               [&](const std::string& w) { return RuleMatches(w, r.id); }))
      << c.name() << " does not select " << r.id;
  const int index = p.policy.FindRule(r.id);
  EXPECT_TRUE(p.policy.RuleEnabled(index)) << c.name() << ": " << r.id << " is off in its profile";
  if (r.parameters == "obligations") {
    EXPECT_TRUE(std::any_of(p.policy.compiled().obligations.begin(), p.policy.compiled().obligations.end(),
                            [&](const ObligationSpec& o) { return o.rule == index; }))
        << c.name() << ": its profile owes no obligation carrying " << r.id;
  }
  EXPECT_GT(c.snapshot().ByteSizeLong() + c.snapshot_path().size(), 0u) << c.name() << ": an empty snapshot";
}

TEST(Cases, EveryRuleHasAPassAndAFailCase) {
  for (const RuleInfo& r : Rules()) {
    const std::string id(r.id);
    const auto pass = Cases().find(id + ".pass"), fail = Cases().find(id + ".fail");
    ASSERT_NE(pass, Cases().end()) << id << " has no case named " << id << ".pass in tests/cases";
    ASSERT_NE(fail, Cases().end()) << id << " has no case named " << id << ".fail in tests/cases";

    EXPECT_TRUE(Names(pass->second.absent(), id)) << pass->first << " expects no finding of " << id << " absent";
    EXPECT_FALSE(Names(pass->second.present(), id)) << pass->first;
    ExpectPutToWork(pass->second, r);
    EXPECT_EQ(CountOf(CheckCase(pass->second), id), 0) << pass->first << " finds " << id;

    EXPECT_TRUE(Names(fail->second.present(), id)) << fail->first << " expects no finding of " << id << " present";
    ExpectPutToWork(fail->second, r);
    EXPECT_GT(CountOf(CheckCase(fail->second), id), 0) << fail->first << " finds no " << id;
  }
}

// The keys a finding of `rule` may speak: its own messages, or the
// obligation engine's (a profile's local rule, not in the catalogue, too).
bool Speaks(std::string_view rule, std::string_view key) {
  const RuleInfo* r = FindRule(rule);
  if (r == nullptr || r->parameters == "obligations") return RuleMatches("life.obligation", key);
  return RuleMatches(r->id, key) && !MessageTemplate(key, Lang::kZh).empty();
}

// What the agenda of the case (30 days ahead) says, as findings: the
// reminders only an agenda gives (a talk due) with the others.
v1::Report AgendaOf(const v1::PolicyCase& c, Lang lang) {
  const Prepared p = Prepare(c);
  const Store& s = *p.store;
  const OrgIndex n = static_cast<OrgIndex>(s.orgs().size());
  const Day as_of = p.options.as_of;
  const check::CheckContext ctx{s, p.policy, as_of, ToDay(absl::CivilDay(YearOf(as_of), 1, 1)), as_of + 30, 0, n};
  const std::vector<bool> every(p.policy.RuleCount(), true);
  check::Sink sink(p.policy, every);
  rules::CheckObligations(ctx, 0, n, sink);
  rules::CheckTerms(ctx, 0, n, sink);
  rules::CheckMembers(ctx, 0, n, sink);
  return report::BuildReport(sink.findings(), s, p.policy, as_of, "", lang);
}

// What the rules say in the cases (checked, and as an agenda) and in the
// sample is what the list gives them, rendered whole; and everything the list
// gives is said somewhere (a variant no case reaches is a variant no test has
// seen rendered).
TEST(Messages, WhatTheRulesSayIsListedAndEveryListedMessageIsSaid) {
  std::vector<v1::Report> reports;
  for (const auto& [name, c] : Cases()) {
    for (Lang lang : {Lang::kZh, Lang::kEn}) {
      reports.push_back(CheckCase(c, lang));
      reports.push_back(AgendaOf(c, lang));
    }
  }
  auto sample = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok());
  for (const char* profile : kProfiles) {
    CheckOptions options;
    options.as_of = *ParseDate(kSampleAsOf);
    reports.push_back(*Check(**sample, *Policy::Builtin(profile), options));
  }
  std::set<std::string> said;
  for (const v1::Report& report : reports) {
    for (const v1::Finding& f : report.findings()) {
      EXPECT_TRUE(Speaks(f.rule_id(), f.message_key())) << f.rule_id() << " says " << f.message_key();
      EXPECT_FALSE(f.message().empty()) << f.message_key();
      EXPECT_EQ(f.message().find('{'), std::string::npos) << f.message_key() << ": " << f.message();
      said.insert(f.message_key());
    }
  }
  const auto listed = [] {
    std::vector<std::string_view> keys = {
#define DJ_MESSAGE(enumerator, key, zh, en) key,
#define DJ_OBLIGATION_MESSAGE(key, zh, en) key,
#include "lib/rules/catalogue.inc"
    };
    return keys;
  }();
  for (std::string_view key : listed) EXPECT_TRUE(said.count(std::string(key))) << key << " is said by no case";
}

// Runs the family alone over every org of the case.
std::set<std::string> FindingsOfFamily(const Prepared& p, rules::Family family) {
  const Store& s = *p.store;
  const Day from = p.options.from != kNoDay ? p.options.from : ToDay(absl::CivilDay(YearOf(p.options.as_of), 1, 1));
  const check::CheckContext ctx{s, p.policy, p.options.as_of, from, kNoDay, 0, static_cast<OrgIndex>(s.orgs().size())};
  const std::vector<bool> every(p.policy.RuleCount(), true);
  check::Sink sink(p.policy, every);
  const OrgIndex n = static_cast<OrgIndex>(s.orgs().size());
  switch (family) {
    case rules::Family::kStructure: rules::CheckStructure(ctx, 0, n, sink); break;
    case rules::Family::kData: rules::CheckData(ctx, sink); break;
    case rules::Family::kSetup: rules::CheckSetup(ctx, 0, n, sink); break;
    case rules::Family::kSetupUnits: rules::CheckSetupUnits(ctx, sink); break;
    case rules::Family::kTerms: rules::CheckTerms(ctx, 0, n, sink); break;
    case rules::Family::kObligations: rules::CheckObligations(ctx, 0, n, sink); break;
    case rules::Family::kRecords: rules::CheckRecords(ctx, 0, n, sink); break;
    case rules::Family::kMembers: rules::CheckMembers(ctx, 0, n, sink); break;
  }
  std::set<std::string> out;
  for (const check::Finding& f : sink.findings()) out.insert(std::string(p.policy.Rule(f.rule).id));
  return out;
}

TEST(Families, EachRuleIsWrittenByTheFamilyTheListNames) {
  constexpr rules::Family kAll[] = {rules::Family::kStructure,  rules::Family::kData,    rules::Family::kSetup,
                                    rules::Family::kSetupUnits, rules::Family::kTerms,   rules::Family::kObligations,
                                    rules::Family::kRecords,    rules::Family::kMembers};
  for (size_t r = 0; r < Rules().size(); ++r) {
    const std::string id(Rules()[r].id);
    const auto fail = Cases().find(id + ".fail");
    ASSERT_NE(fail, Cases().end()) << id;
    const Prepared p = Prepare(fail->second);
    for (rules::Family family : kAll) {
      const std::set<std::string> written = FindingsOfFamily(p, family);
      for (const std::string& w : written) {
        if (FindRule(w) == nullptr) continue;  // a profile's local rule
        EXPECT_EQ(rules::FamilyOf(static_cast<rules::RuleId>(FindRule(w) - Rules().data())), family)
            << w << " is written by family " << static_cast<int>(family) << " (in " << fail->first << ")";
      }
      if (family == rules::FamilyOf(static_cast<rules::RuleId>(r))) {
        EXPECT_TRUE(written.count(id)) << id << " is not written by the family the list names";
      }
    }
  }
}

}  // namespace
}  // namespace dangjian::testing
