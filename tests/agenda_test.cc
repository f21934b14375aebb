#include "dangjian/agenda.h"

#include "dangjian/examples.h"
#include "lib/model/store.h"
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

v1::Agenda AgendaOf(const SnapshotBuilder& b, const std::string& profile, const std::string& as_of, int days,
                    const std::string& scope = "") {
  AgendaOptions options;
  options.as_of = *ParseDate(as_of);
  options.days = days;
  options.scope = scope;
  auto store = b.Load();
  absl::StatusOr<v1::Agenda> agenda = MakeAgenda(*store, *Policy::Builtin(profile), options);
  EXPECT_TRUE(agenda.ok()) << agenda.status();
  return *agenda;
}

SnapshotBuilder Branch() {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH).set_established_on("2010-01-01");
  const auto people = b.Members("b", 5);
  b.Position("b", people[0], v1::Position::SECRETARY);
  b.Term("b", "2021-12-20");  // due 2024-12-20
  v1::Activity& talk = b.Activity("b", v1::Activity::TALK, "2024-03-01");  // this year's talks: done
  for (const std::string& id : people) talk.add_talk_member_ids(id);
  return b;
}

TEST(Agenda, WhatIsDueWithinTheHorizonByDate) {
  SnapshotBuilder b = Branch();
  b.Activity("b", v1::Activity::THEME_DAY, "2024-11-05");  // November done
  const v1::Agenda a = AgendaOf(b, "national", "2024-11-20", 41);  // to 2024-12-31
  std::vector<std::string> rows;
  for (const auto& item : a.items()) rows.push_back(item.due_on() + " " + item.rule_id() + " " + item.period());
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "2024-12-20 term.due_soon ",  // by date, then org, then the rule's catalogue order
                      "2024-12-31 life.general_meeting 2024-Q4",
                      "2024-12-31 life.theme_day 2024-12",
                      "2024-12-31 life.org_life_meeting 2024",
                      "2024-12-31 life.democratic_evaluation 2024",
                  }));
  EXPECT_EQ(a.items(2).activity(), "THEME_DAY");
  EXPECT_EQ(a.items(2).required(), 1);
  EXPECT_EQ(a.items(2).done(), 0);
  EXPECT_EQ(a.items(2).severity(), v1::NOTICE);
}

TEST(Agenda, HorizonEdges) {
  const SnapshotBuilder b = Branch();
  // As of 2024-11-30, 31 days reach 2024-12-31; 30 days do not.
  EXPECT_EQ(AgendaOf(b, "national", "2024-11-30", 31).items_size(), 5);
  EXPECT_EQ(AgendaOf(b, "national", "2024-11-30", 30).items_size(), 1);  // the term, due 12-20
  EXPECT_EQ(AgendaOf(b, "national", "2024-11-30", 19).items_size(), 0);
  EXPECT_EQ(AgendaOf(b, "national", "2024-11-30", 20).items_size(), 1);
}

// Unset, the horizon is 30 days and on to the end of the month they end in:
// a month's obligations, all due on its last day, come in whole.
TEST(Agenda, TheDefaultHorizonEndsWithAMonth) {
  EXPECT_EQ(DefaultAgendaDays(*ParseDate("2024-11-30")), 31);  // to 2024-12-31, not 12-30
  EXPECT_EQ(DefaultAgendaDays(*ParseDate("2024-12-01")), 30);  // 12-31: the month 30 days on is this one
  EXPECT_EQ(DefaultAgendaDays(*ParseDate("2024-12-02")), 60);  // 2025-01-01 falls in January: to 01-31
  EXPECT_EQ(DefaultAgendaDays(*ParseDate("2024-01-31")), 60);  // 03-01 (a leap year): to 03-31
  EXPECT_EQ(DefaultAgendaDays(*ParseDate("2023-01-29")), 30);  // 02-28, February's last
  EXPECT_EQ(DefaultAgendaDays(*ParseDate("2023-01-30")), 60);  // 03-01: to 03-31
  const SnapshotBuilder b = Branch();
  AgendaOptions options;
  options.as_of = *ParseDate("2024-11-30");
  auto store = b.Load();
  const absl::StatusOr<v1::Agenda> agenda = MakeAgenda(*store, *Policy::Builtin("national"), options);
  ASSERT_TRUE(agenda.ok()) << agenda.status();
  EXPECT_EQ(agenda->days(), 31);
  EXPECT_EQ(agenda->items_size(), AgendaOf(b, "national", "2024-11-30", 31).items_size());
}

// Some rules or families only, as a check takes them.
TEST(Agenda, OfSomeRules) {
  const SnapshotBuilder b = Branch();
  AgendaOptions options;
  options.as_of = *ParseDate("2024-11-30");
  options.days = 31;
  options.rules = {"life.theme_day", "term"};
  auto store = b.Load();
  const absl::StatusOr<v1::Agenda> agenda = MakeAgenda(*store, *Policy::Builtin("national"), options);
  ASSERT_TRUE(agenda.ok()) << agenda.status();
  std::vector<std::string> rules;
  for (const auto& item : agenda->items()) rules.push_back(item.rule_id());
  EXPECT_EQ(rules, (std::vector<std::string>{"term.due_soon", "life.theme_day"}));
  EXPECT_EQ(std::vector<std::string>(agenda->rules().begin(), agenda->rules().end()), options.rules);
  options.rules = {"nope"};
  EXPECT_EQ(MakeAgenda(*store, *Policy::Builtin("national"), options).status().message(), "rules: no rule or family \"nope\"");
}

TEST(Agenda, OverdueTermsComeFirst) {
  const v1::Agenda a = AgendaOf(Branch(), "national", "2025-01-10", 10);
  ASSERT_GE(a.items_size(), 1);
  EXPECT_EQ(a.items(0).rule_id(), "term.expired");
  EXPECT_EQ(a.items(0).due_on(), "2024-12-20");
  EXPECT_EQ(a.items(0).severity(), v1::VIOLATION);
}

TEST(Agenda, PersonalObligationsNameThePerson) {
  const v1::Agenda a = AgendaOf(Branch(), "genhe-2020", "2024-12-01", 30);
  int lectures = 0;
  for (const auto& item : a.items()) {
    if (item.rule_id() == "life.secretary_lecture") {
      ++lectures;
      EXPECT_EQ(item.member_id(), "b/m1");
      EXPECT_EQ(item.required(), 2);
    }
  }
  EXPECT_EQ(lectures, 1);
}

TEST(Agenda, SampleRendersAndScopes) {
  auto store = LoadSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(store.ok());
  AgendaOptions options;
  options.as_of = *ParseDate(kSampleAsOf);
  options.days = 45;
  options.scope = "c-swu";
  auto a = MakeAgenda(**store, *Policy::Builtin("national"), options);
  ASSERT_TRUE(a.ok());
  ASSERT_GT(a->items_size(), 0);
  for (const auto& item : a->items()) EXPECT_TRUE((*store)->InSubtree((*store)->FindOrg("c-swu"), (*store)->FindOrg(item.org_id())));
  for (int i = 1; i < a->items_size(); ++i) EXPECT_LE(a->items(i - 1).due_on(), a->items(i).due_on());
  EXPECT_NE(RenderAgendaText(*a, **store, Lang::kZh).find("待办事项"), std::string::npos);
  EXPECT_NE(RenderAgendaJson(*a).find("\"dueOn\""), std::string::npos);
}

}  // namespace
}  // namespace dangjian::testing
