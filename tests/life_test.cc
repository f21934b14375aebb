// life.*: the obligation engine at the period edges, in both profiles.
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

using A = v1::Activity;

// A working committee over one branch of `full` full members, established long ago.
SnapshotBuilder Branch(int full = 5) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("b", v1::Org::BRANCH, "wc").set_established_on("2010-01-01");
  const auto people = b.Members("b", full);
  b.Position("b", people[0], v1::Position::SECRETARY);
  return b;
}

CheckOptions Only(const std::string& rule, const std::string& from = "") {
  CheckOptions o;
  o.rules = {rule};
  if (!from.empty()) o.from = *ParseDate(from);
  return o;
}

TEST(GeneralMeeting, LastDayOfAQuarterCountsForIt) {
  SnapshotBuilder b = Branch();
  b.Activity("b", A::GENERAL_MEETING, "2024-03-31");
  EXPECT_EQ(PeriodsOf(b.Check("national", "2024-06-30", Only("life.general_meeting")), "life.general_meeting"),
            Periods{"2024-Q2"});
}

TEST(GeneralMeeting, FirstDayOfTheNextQuarterDoesNot) {
  SnapshotBuilder b = Branch();
  b.Activity("b", A::GENERAL_MEETING, "2024-04-01");
  const v1::Report r = b.Check("national", "2024-06-30", Only("life.general_meeting"));
  EXPECT_EQ(PeriodsOf(r, "life.general_meeting"), Periods{"2024-Q1"});
  const auto f = FindingsOf(r, "life.general_meeting");
  EXPECT_EQ(f[0].severity(), v1::VIOLATION);
  EXPECT_EQ(f[0].evidence().at("required"), "1");
  EXPECT_EQ(f[0].evidence().at("found"), "0");
  EXPECT_EQ(f[0].evidence().at("activity"), "GENERAL_MEETING");
  EXPECT_EQ(f[0].message(), "2024年第1季度党员大会应不少于1次,实际0次");
}

TEST(GeneralMeeting, AsOfOnThePeriodsLastDayAndTheDayAfter) {
  SnapshotBuilder b = Branch();
  b.Activity("b", A::GENERAL_MEETING, "2024-02-10");
  // The day before Q2 ends: Q2 is still running, a reminder due on its last day.
  v1::Report r = b.Check("national", "2024-06-29", Only("life.general_meeting"));
  auto f = FindingsOf(r, "life.general_meeting");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity(), v1::NOTICE);
  EXPECT_EQ(f[0].period(), "2024-Q2");
  EXPECT_EQ(f[0].due_on(), "2024-06-30");
  EXPECT_EQ(f[0].message_key(), "life.obligation.due");
  // On its last day it has ended: a violation.
  r = b.Check("national", "2024-06-30", Only("life.general_meeting"));
  EXPECT_EQ(PeriodsOf(r, "life.general_meeting", v1::VIOLATION), Periods{"2024-Q2"});
  EXPECT_TRUE(PeriodsOf(r, "life.general_meeting", v1::NOTICE).empty());
  // The day after: Q2 stays a violation; Q3 has begun and is not met yet.
  r = b.Check("national", "2024-07-01", Only("life.general_meeting"));
  EXPECT_EQ(PeriodsOf(r, "life.general_meeting", v1::VIOLATION), Periods{"2024-Q2"});
  EXPECT_EQ(PeriodsOf(r, "life.general_meeting", v1::NOTICE), Periods{"2024-Q3"});
}

TEST(ThemeDay, MonthsOf28_29And31Days) {
  SnapshotBuilder b = Branch();
  b.Activity("b", A::THEME_DAY, "2023-01-31");
  b.Activity("b", A::THEME_DAY, "2023-02-28");  // the last day of a 28-day February
  b.Activity("b", A::THEME_DAY, "2023-04-01");  // not March
  EXPECT_EQ(PeriodsOf(b.Check("national", "2023-04-30", Only("life.theme_day")), "life.theme_day"), Periods{"2023-03"});
  SnapshotBuilder leap = Branch();
  leap.Activity("b", A::THEME_DAY, "2024-01-31");
  leap.Activity("b", A::THEME_DAY, "2024-02-29");  // leap day
  leap.Activity("b", A::THEME_DAY, "2024-03-01");
  EXPECT_TRUE(PeriodsOf(leap.Check("national", "2024-03-31", Only("life.theme_day")), "life.theme_day").empty());
  EXPECT_EQ(PeriodsOf(leap.Check("national", "2024-04-30", Only("life.theme_day")), "life.theme_day"), Periods{"2024-04"});
}

TEST(Lifetime, AnOrgSetUpMidPeriodOwesNothingForIt) {
  SnapshotBuilder b = Branch();
  b.snapshot().mutable_orgs(1)->set_established_on("2024-05-10");
  b.Activity("b", A::THEME_DAY, "2024-07-15");
  const v1::Report r = b.Check("national", "2024-09-30", Only("life"));
  EXPECT_EQ(PeriodsOf(r, "life.general_meeting"), Periods{"2024-Q3"});            // Q2 not owed
  EXPECT_EQ(PeriodsOf(r, "life.theme_day"), (Periods{"2024-06", "2024-08", "2024-09"}));  // May not owed
}

TEST(Lifetime, ADissolvedOrgOwesNothingForThePeriodItEnded) {
  SnapshotBuilder b = Branch();
  b.snapshot().mutable_orgs(1)->set_dissolved_on("2024-08-15");
  const v1::Report r = b.Check("national", "2024-12-31", Only("life"));
  EXPECT_EQ(PeriodsOf(r, "life.general_meeting"), (Periods{"2024-Q1", "2024-Q2"}));
  EXPECT_EQ(PeriodsOf(r, "life.theme_day").back(), "2024-07");
  EXPECT_TRUE(PeriodsOf(r, "life.org_life_meeting").empty());  // the year was not whole
}

TEST(Window, FromSetsTheFirstPeriodJudged) {
  const SnapshotBuilder b = Branch();
  EXPECT_EQ(PeriodsOf(b.Check("national", "2024-06-30", Only("life.general_meeting")), "life.general_meeting"),
            (Periods{"2024-Q1", "2024-Q2"}));
  EXPECT_EQ(PeriodsOf(b.Check("national", "2024-06-30", Only("life.general_meeting", "2024-04-01")), "life.general_meeting"),
            Periods{"2024-Q2"});
  // A window over the year end.
  EXPECT_EQ(PeriodsOf(b.Check("national", "2024-03-31", Only("life.general_meeting", "2023-10-01")), "life.general_meeting"),
            (Periods{"2023-Q4", "2024-Q1"}));
  // A from that is not a period's first day: the period it falls in is not judged.
  EXPECT_EQ(PeriodsOf(b.Check("national", "2024-06-30", Only("life.general_meeting", "2024-01-02")), "life.general_meeting"),
            Periods{"2024-Q2"});
}

TEST(Makeup, AMakeupIsNotAMeetingOfTheOrg) {
  SnapshotBuilder b = Branch();
  b.Activity("b", A::GENERAL_MEETING, "2023-12-10").set_id("dec");
  b.Activity("b", A::GENERAL_MEETING, "2024-01-05").set_makeup_for("dec");
  EXPECT_EQ(PeriodsOf(b.Check("national", "2024-03-31", Only("life.general_meeting")), "life.general_meeting"),
            Periods{"2024-Q1"});
}

TEST(CommitteeMeeting, OnlyBranchesThatMustHaveACommittee) {
  // 6 full members: no committee in either profile. 7 full: national only. 8: both.
  for (const auto& [full, national, genhe] : std::vector<std::tuple<int, int, int>>{{6, 0, 0}, {7, 1, 0}, {8, 1, 1}}) {
    const SnapshotBuilder b = Branch(full);
    EXPECT_EQ(CountOf(b.Check("national", "2024-01-31", Only("life.committee_meeting")), "life.committee_meeting"), national) << full;
    EXPECT_EQ(CountOf(b.Check("genhe-2020", "2024-01-31", Only("life.committee_meeting")), "life.committee_meeting"), genhe) << full;
  }
}

TEST(GroupMeeting, PartyGroupsMonthly) {
  SnapshotBuilder b = Branch();
  b.Org("g", v1::Org::PARTY_GROUP, "b");
  b.Activity("g", A::GROUP_MEETING, "2024-01-20");
  EXPECT_EQ(PeriodsOf(b.Check("national", "2024-02-29", Only("life.group_meeting")), "life.group_meeting"), Periods{"2024-02"});
}

TEST(Profiles, PartyLectureQuarterlyOnlyInGenhe) {
  SnapshotBuilder b = Branch();
  b.Activity("b", A::PARTY_LECTURE, "2024-02-01");
  EXPECT_EQ(CountOf(b.Check("national", "2024-06-30", Only("life.party_lecture")), "life.party_lecture"), 0);
  EXPECT_EQ(PeriodsOf(b.Check("genhe-2020", "2024-06-30", Only("life.party_lecture")), "life.party_lecture"), Periods{"2024-Q2"});
}

TEST(Profiles, SecretaryLecturesTwiceAYearOnlyInGenhe) {
  SnapshotBuilder b = Branch();
  const std::string secretary = b.snapshot().members(0).id();
  b.Activity("b", A::PARTY_LECTURE, "2024-03-01").set_lecturer_id(secretary);
  b.Activity("b", A::PARTY_LECTURE, "2024-09-01").set_lecturer_id(b.snapshot().members(1).id());  // someone else
  EXPECT_EQ(CountOf(b.Check("national", "2024-12-31", Only("life.secretary_lecture")), "life.secretary_lecture"), 0);
  auto f = FindingsOf(b.Check("genhe-2020", "2024-12-31", Only("life.secretary_lecture")), "life.secretary_lecture");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].member_id(), secretary);
  EXPECT_EQ(f[0].period(), "2024");
  EXPECT_EQ(f[0].evidence().at("found"), "1");
  EXPECT_EQ(f[0].evidence().at("required"), "2");
  EXPECT_EQ(f[0].message(), "2024年书记讲党课应不少于2次,实际1次");
  // Before the year ends: a reminder.
  f = FindingsOf(b.Check("genhe-2020", "2024-12-30", Only("life.secretary_lecture")), "life.secretary_lecture");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity(), v1::NOTICE);
  b.Activity("b", A::PARTY_LECTURE, "2024-12-31").set_lecturer_id(secretary);
  EXPECT_EQ(CountOf(b.Check("genhe-2020", "2024-12-31", Only("life.secretary_lecture")), "life.secretary_lecture"), 0);
}

TEST(Profiles, ASecretaryNotInOfficeAllYearOwesNothingThatYear) {
  SnapshotBuilder b = Branch();
  b.snapshot().mutable_positions(0)->set_since("2024-03-01");
  EXPECT_EQ(CountOf(b.Check("genhe-2020", "2024-12-31", Only("life.secretary_lecture")), "life.secretary_lecture"), 0);
  EXPECT_EQ(CountOf(b.Check("genhe-2020", "2025-12-31", Only("life.secretary_lecture", "2025-01-01")), "life.secretary_lecture"), 1);
}

TEST(Profiles, LeaderLecturesNationalSecretaryGenheEveryMember) {
  SnapshotBuilder b = Branch();
  b.Org("lg", v1::Org::LEADING_GROUP, "wc");
  b.Position("lg", b.snapshot().members(0).id(), v1::Position::LEADING_GROUP_SECRETARY);
  b.Position("lg", b.snapshot().members(1).id(), v1::Position::LEADING_GROUP_MEMBER);
  b.Position("lg", b.snapshot().members(2).id(), v1::Position::LEADING_GROUP_MEMBER);
  b.Activity("b", A::PARTY_LECTURE, "2024-05-01").set_lecturer_id(b.snapshot().members(2).id());
  EXPECT_EQ(CountOf(b.Check("national", "2024-12-31", Only("life.leader_lecture")), "life.leader_lecture"), 1);
  EXPECT_EQ(CountOf(b.Check("genhe-2020", "2024-12-31", Only("life.leader_lecture")), "life.leader_lecture"), 2);
}

TEST(Profiles, CommitteeSecretaryLectures) {
  SnapshotBuilder b;
  b.Org("c", v1::Org::COMMITTEE).set_established_on("2000-01-01");
  b.Org("b", v1::Org::BRANCH, "c");
  const auto people = b.Members("b", 5);
  b.Position("c", people[0], v1::Position::SECRETARY);
  EXPECT_EQ(CountOf(b.Check("national", "2024-12-31", Only("life.leader_lecture")), "life.leader_lecture"), 1);
  b.Activity("b", A::PARTY_LECTURE, "2024-05-01").set_lecturer_id(people[0]);  // at a branch below
  EXPECT_EQ(CountOf(b.Check("national", "2024-12-31", Only("life.leader_lecture")), "life.leader_lecture"), 0);
  EXPECT_EQ(PeriodsOf(b.Check("national", "2024-12-31", Only("life.cadre_congress")), "life.cadre_congress"), Periods{"2024"});
}

TEST(Profiles, OathDayInJuneOnlyInGenhe) {
  SnapshotBuilder b = Branch();
  b.Activity("b", A::THEME_DAY, "2024-07-01").add_tags("OATH_RENEWAL");  // after July 1: does not count
  b.Activity("b", A::THEME_DAY, "2024-06-15");                           // June, but untagged
  EXPECT_EQ(CountOf(b.Check("national", "2024-12-31", Only("life.oath_theme_day")), "life.oath_theme_day"), 0);
  // Judged once June is over: the day before, a reminder; on June 30, a warning.
  auto f = FindingsOf(b.Check("genhe-2020", "2024-06-29", Only("life.oath_theme_day")), "life.oath_theme_day");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity(), v1::NOTICE);
  EXPECT_EQ(f[0].due_on(), "2024-06-30");
  f = FindingsOf(b.Check("genhe-2020", "2024-06-30", Only("life.oath_theme_day")), "life.oath_theme_day");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity(), v1::WARNING);
  EXPECT_EQ(f[0].period(), "2024");
  EXPECT_EQ(f[0].message(), "2024年主题党日(6月,重温入党誓词)应不少于1次,实际0次");
  // Before June nothing is due yet.
  EXPECT_EQ(CountOf(b.Check("genhe-2020", "2024-05-31", Only("life.oath_theme_day")), "life.oath_theme_day"), 0);
  b.Activity("b", A::THEME_DAY, "2024-06-30").add_tags("OATH_RENEWAL");
  EXPECT_EQ(CountOf(b.Check("genhe-2020", "2024-12-31", Only("life.oath_theme_day")), "life.oath_theme_day"), 0);
}

TEST(Profiles, GeneralBranchMeetingsOnlyInGenhe) {
  SnapshotBuilder b;
  b.Org("gb", v1::Org::GENERAL_BRANCH).set_established_on("2000-01-01");
  b.Activity("gb", A::GENERAL_MEETING, "2024-03-01");
  b.Activity("gb", A::COMMITTEE_MEETING, "2024-03-31");
  b.Activity("gb", A::INSPECTION, "2024-07-01");
  EXPECT_EQ(CountOf(b.Check("national", "2024-12-31", Only("life")), "life.general_branch_meetings"), 0);
  const v1::Report r = b.Check("genhe-2020", "2024-12-31", Only("life.general_branch_meetings"));
  // Committee meetings missing in Q2-Q4, the inspection in H1.
  EXPECT_EQ(PeriodsOf(r, "life.general_branch_meetings"), (Periods{"2024-H1", "2024-Q2", "2024-Q3", "2024-Q4"}));
}

TEST(OrgLifeMeeting, UsuallyInTheFourthQuarter) {
  SnapshotBuilder b = Branch();
  b.Activity("b", A::ORG_LIFE_MEETING, "2024-09-30");
  auto f = FindingsOf(b.Check("national", "2024-12-31", Only("life.org_life_meeting")), "life.org_life_meeting");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity(), v1::NOTICE);
  EXPECT_EQ(f[0].message_key(), "life.obligation.not_preferred");
  EXPECT_EQ(f[0].message(), "2024年组织生活会未安排在10至12月召开");
  b.Activity("b", A::ORG_LIFE_MEETING, "2024-10-01");
  EXPECT_EQ(CountOf(b.Check("national", "2024-12-31", Only("life.org_life_meeting")), "life.org_life_meeting"), 0);
}

// 民主生活会: a leading group's, once a year, in both profiles; a branch owes none.
TEST(DemocraticLifeMeeting, ALeadingGroupOnceAYear) {
  SnapshotBuilder b = Branch();
  b.Org("lg", v1::Org::LEADING_GROUP).set_established_on("2000-01-01");
  b.Activity("lg", A::DEMOCRATIC_LIFE_MEETING, "2024-12-31");  // the last day of 2024 counts for it
  b.Activity("lg", A::DEMOCRATIC_LIFE_MEETING, "2026-01-01");  // the first day of 2026: not 2025's
  for (const char* profile : kProfiles) {
    const v1::Report r = b.Check(profile, "2025-12-31", Only("life.democratic_life_meeting", "2024-01-01"));
    EXPECT_EQ(PeriodsOf(r, "life.democratic_life_meeting", v1::VIOLATION), Periods{"2025"}) << profile;
    const auto f = FindingsOf(r, "life.democratic_life_meeting");
    ASSERT_EQ(f.size(), 1u) << profile;
    EXPECT_EQ(f[0].org_id(), "lg");
    EXPECT_EQ(f[0].message(), "2025年民主生活会应不少于1次,实际0次");
    // The day before the year ends: a reminder due on its last day.
    const auto due = FindingsOf(b.Check(profile, "2025-12-30", Only("life.democratic_life_meeting")),
                                "life.democratic_life_meeting");
    ASSERT_EQ(due.size(), 1u) << profile;
    EXPECT_EQ(due[0].severity(), v1::NOTICE);
    EXPECT_EQ(due[0].due_on(), "2025-12-31");
    EXPECT_EQ(CountOf(b.Check(profile, "2026-12-31", Only("life.democratic_life_meeting")), "life.democratic_life_meeting"), 0)
        << profile;
  }
  // A branch's own 民主生活会 owes nothing and counts for no leading group.
  SnapshotBuilder c = Branch();
  c.Activity("b", A::DEMOCRATIC_LIFE_MEETING, "2025-06-01");
  EXPECT_EQ(CountOf(c.Check("national", "2025-12-31", Only("life.democratic_life_meeting")), "life.democratic_life_meeting"), 0);
}

// 年初制定支部工作计划: genhe-2020 wants the plan by 31 March; national asks nothing.
TEST(WorkPlan, ByTheEndOfMarchInGenheOnly) {
  for (const auto& [adopted, findings] : std::vector<std::pair<std::string, int>>{
           {"2025-01-01", 0}, {"2025-03-31", 0}, {"2025-04-01", 1}, {"", 1}}) {
    SnapshotBuilder b = Branch();
    if (!adopted.empty()) b.Activity("b", A::WORK_PLAN, adopted);
    EXPECT_EQ(CountOf(b.Check("national", "2025-12-31", Only("life.work_plan")), "life.work_plan"), 0) << adopted;
    const auto f = FindingsOf(b.Check("genhe-2020", "2025-12-31", Only("life.work_plan")), "life.work_plan");
    ASSERT_EQ(static_cast<int>(f.size()), findings) << adopted;
    if (findings > 0) {
      EXPECT_EQ(f[0].severity(), v1::WARNING);
      EXPECT_EQ(f[0].period(), "2025");
      EXPECT_EQ(f[0].message(), "2025年支部工作计划(1至3月)应不少于1次,实际0次");
    }
  }
  // Judged from 31 March: the day before, a reminder due that day.
  SnapshotBuilder b = Branch();
  auto f = FindingsOf(b.Check("genhe-2020", "2025-03-30", Only("life.work_plan")), "life.work_plan");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity(), v1::NOTICE);
  EXPECT_EQ(f[0].due_on(), "2025-03-31");
  f = FindingsOf(b.Check("genhe-2020", "2025-03-31", Only("life.work_plan")), "life.work_plan");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity(), v1::WARNING);
  // A work plan is a record, not a gathering: a month with nothing else held
  // is no month of absence from organizational life.
  for (int month = 1; month <= 12; ++month) b.Activity("b", A::WORK_PLAN, StrCat("2025-", month < 10 ? "0" : "", month, "-10"));
  EXPECT_EQ(CountOf(b.Check("national", "2025-12-31", Only("member.no_org_life_run")), "member.no_org_life_run"), 0);
}

TEST(LocalProfile, AddsAnObligationWithoutCode) {
  // A city's monthly 进社区 on top of the national rules, and a rule of its own.
  absl::StatusOr<Policy> city = Policy::FromTextproto(R"pb(
    id: "my-city"
    extends: "national"
    local_rules { id: "local.ethics_lecture" severity: WARNING title_zh: "每半年一次廉政党课" citation_zh: "市纪委通知(2024)" }
    obligations { id: "community_service" rule_id: "life.community_service" activity: COMMUNITY_SERVICE
                  holders: [BRANCH] at_least: 1 period: MONTH }
    obligations { id: "ethics" rule_id: "local.ethics_lecture" activity: PARTY_LECTURE tag: "ETHICS"
                  holders: [BRANCH] at_least: 1 period: HALF_YEAR }
    obligations { id: "theme_day" enabled: false }
  )pb");
  ASSERT_TRUE(city.ok()) << city.status();
  SnapshotBuilder b = Branch();
  b.Activity("b", A::COMMUNITY_SERVICE, "2024-01-10");
  b.Activity("b", A::PARTY_LECTURE, "2024-03-10").add_tags("ETHICS");
  const v1::Report r = b.Check(*city, "2024-12-31");
  EXPECT_EQ(PeriodsOf(r, "life.community_service").size(), 11u);  // February to December
  EXPECT_EQ(PeriodsOf(r, "local.ethics_lecture"), Periods{"2024-H2"});
  EXPECT_EQ(FindingsOf(r, "local.ethics_lecture")[0].severity(), v1::WARNING);
  EXPECT_EQ(FindingsOf(r, "local.ethics_lecture")[0].citation(), "市纪委通知(2024)");
  EXPECT_EQ(CountOf(r, "life.theme_day"), 0);  // switched off
  EXPECT_EQ(CountOf(b.Check("national", "2024-12-31"), "life.community_service"), 0);
}

TEST(LocalProfile, ObligationErrors) {
  const auto error = [](std::string_view text) {
    absl::StatusOr<Policy> p = Policy::FromTextproto(text);
    return p.ok() ? std::string() : std::string(p.status().message());
  };
  EXPECT_EQ(error(R"(id: "x" extends: "national" obligations { id: "o" rule_id: "local.nothing" activity: TALK holders: [BRANCH] at_least: 1 period: YEAR })"),
            "profile \"x\": obligations[10].ruleId: no rule \"local.nothing\" (a catalogue rule or a localRules id)");
  EXPECT_EQ(error(R"(id: "x" extends: "national" obligations { id: "o" rule_id: "life.theme_day" activity: TALK holders: [BRANCH] at_least: 0 period: YEAR })"),
            "profile \"x\": obligations[10].atLeast: must be 1 or more");
  EXPECT_EQ(error(R"(id: "x" extends: "national" obligations { id: "o" rule_id: "life.theme_day" activity: TALK holders: [BRANCH] at_least: 1 period: YEAR months: [13] })"),
            "profile \"x\": obligations[10].months: a month is 1 to 12");
  EXPECT_EQ(error(R"(id: "x" extends: "national" local_rules { id: "term.expired" })"),
            "profile \"x\": localRules[0].id: \"term.expired\" is a catalogue rule");
}

}  // namespace
}  // namespace dangjian::testing
