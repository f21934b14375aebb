// member.* and the dues standard: every example of the dues provisions, each
// bracket's edges in both rounding modes, runs at their edges.
#include "dangjian/dues.h"
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

using Cat = v1::Member;

int64_t Dues(Cat::DuesCategory category, const std::string& yuan, const Policy& policy) {
  absl::StatusOr<int64_t> d = StandardMonthlyDues(category, *ParseYuan(yuan), policy);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.ok() ? *d : -1;
}

Policy UpToTenCents() {
  return *Policy::FromTextproto(R"(id: "dimes" extends: "national" dues { rounding: UP_TO_TEN_CENTS })");
}

TEST(Dues, TheExamplesOfTheProvisions) {
  const Policy p = *Policy::Builtin("national");
  EXPECT_EQ(Dues(Cat::EMPLOYED, "3000.00", p), 1500);
  EXPECT_EQ(Dues(Cat::EMPLOYED, "3000.01", p), 3000);
  EXPECT_EQ(Dues(Cat::EMPLOYED, "5000.00", p), 5000);
  EXPECT_EQ(Dues(Cat::EMPLOYED, "10000.00", p), 15000);
  EXPECT_EQ(Dues(Cat::EMPLOYED, "12000.00", p), 24000);
  EXPECT_EQ(Dues(Cat::RETIRED, "5000.00", p), 2500);
  EXPECT_EQ(Dues(Cat::RETIRED, "5000.01", p), 5000);
  EXPECT_EQ(*StandardMonthlyDues(Cat::STUDENT, -1, p), 20);
  EXPECT_EQ(*StandardMonthlyDues(Cat::UNEMPLOYED, -1, p), 20);
  EXPECT_EQ(*StandardMonthlyDues(Cat::LOW_INCOME, -1, p), 20);
  EXPECT_EQ(*StandardMonthlyDues(Cat::FARMER, -1, p), 20);
}

TEST(Dues, BracketEdgesHalfUpToTheCent) {
  const Policy p = *Policy::Builtin("national");
  struct { const char* income; int64_t cents; } cases[] = {
      {"0", 0}, {"1001.00", 501},  // 5.005 rounds half up
      {"1000.10", 500},            // 5.0005 rounds down
      {"3000.00", 1500}, {"3000.01", 3000}, {"5000.00", 5000}, {"5000.01", 7500},
      {"10000.00", 15000}, {"10000.01", 20000}};
  for (const auto& c : cases) EXPECT_EQ(Dues(Cat::EMPLOYED, c.income, p), c.cents) << c.income;
}

TEST(Dues, BracketEdgesUpToTenCents) {
  const Policy p = UpToTenCents();
  struct { const char* income; int64_t cents; } cases[] = {
      {"0", 10}, {"10.00", 10},    // the 0.1 yuan floor
      {"1001.00", 510},            // 5.005 up to 5.10
      {"3000.00", 1500}, {"3000.01", 3010}, {"5000.00", 5000}, {"5000.01", 7510},
      {"10000.00", 15000}, {"10000.01", 20010}};
  for (const auto& c : cases) EXPECT_EQ(Dues(Cat::EMPLOYED, c.income, p), c.cents) << c.income;
  EXPECT_EQ(Dues(Cat::RETIRED, "5000.01", p), 5010);
}

TEST(Dues, Errors) {
  const Policy p = *Policy::Builtin("national");
  EXPECT_FALSE(StandardMonthlyDues(Cat::EMPLOYED, -1, p).ok());
  EXPECT_FALSE(StandardMonthlyDues(Cat::DUES_CATEGORY_UNSPECIFIED, 100, p).ok());
  EXPECT_FALSE(StandardMonthlyDues(Cat::EMPLOYED, int64_t{1} << 60, p).ok());
  EXPECT_FALSE(ParseYuan("3000.001"));
  EXPECT_FALSE(ParseYuan("-1"));
  EXPECT_FALSE(ParseYuan("1e3"));
  EXPECT_FALSE(ParseYuan(".5"));
  EXPECT_EQ(ParseYuan("3000.1"), 300010);
  EXPECT_EQ(FormatYuan(3000), "30.00");
  EXPECT_EQ(FormatYuan(5), "0.05");
}

// A branch with one member, admitted on `admitted`, paying every month of
// 2025-2026 but `unpaid` ("YYYY-MM").
SnapshotBuilder Payer(const std::vector<std::string>& unpaid, const std::string& admitted = "2010-01-01") {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  const std::string m = b.Members("b", 1)[0];
  b.snapshot().mutable_members(0)->set_admitted_on(admitted);
  for (int year : {2025, 2026}) {
    uint32_t mask = 0xFFF;
    for (const std::string& u : unpaid) {
      if (std::stoi(u.substr(0, 4)) == year) mask &= ~(1u << (std::stoi(u.substr(5, 2)) - 1));
    }
    v1::DuesLedger& l = *b.snapshot().add_dues_ledger();
    l.set_member_id(m);
    l.set_year(year);
    l.set_paid_months(mask);
  }
  return b;
}

CheckOptions Dues(const std::string& from = "") {
  CheckOptions o;
  o.rules = {"member.dues_unpaid_run", "member.dues_arrears"};
  if (!from.empty()) o.from = *ParseDate(from);
  return o;
}

TEST(DuesRun, FiveAndSixMonths) {
  const v1::Report five = Payer({"2026-02", "2026-03", "2026-04", "2026-05", "2026-06"}).Check("national", "2026-11-30", Dues());
  EXPECT_EQ(CountOf(five, "member.dues_unpaid_run"), 0);
  EXPECT_EQ(CountOf(five, "member.dues_arrears"), 1);
  const v1::Report six = Payer({"2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07"}).Check("national", "2026-11-30", Dues());
  const auto f = FindingsOf(six, "member.dues_unpaid_run");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(CountOf(six, "member.dues_arrears"), 0);  // one finding for the run
  EXPECT_EQ(f[0].evidence().at("months"), "2026-02,2026-03,2026-04,2026-05,2026-06,2026-07");
  EXPECT_EQ(f[0].evidence().at("count"), "6");
  EXPECT_EQ(f[0].severity(), v1::VIOLATION);
  EXPECT_EQ(f[0].message(), "2026年2月至2026年7月连续6个月未交纳党费");
  const v1::Report two = Payer({"2026-02", "2026-03"}).Check("national", "2026-11-30", Dues());
  EXPECT_EQ(two.findings_size(), 0);
}

TEST(DuesRun, AcrossTheYearEndLookingBackBeforeTheWindow) {
  // October to March: the run reaches back into last year, before the window's 1 January.
  const v1::Report r = Payer({"2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"}).Check("national", "2026-06-30", Dues());
  const auto f = FindingsOf(r, "member.dues_unpaid_run");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence().at("months"), "2025-10,2025-11,2025-12,2026-01,2026-02,2026-03");
  // A run that ended before the window is last year's business.
  EXPECT_EQ(Payer({"2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08"}).Check("national", "2026-06-30", Dues()).findings_size(), 0);
}

// Paid January to June 2024, nothing since: a run still unmet on the as-of
// day stands, whatever the window's start (1 January by default).
TEST(DuesRun, AStandingRunIsSeenAcrossTheYearEnd) {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  const std::string m = b.Members("b", 1)[0];
  b.snapshot().mutable_members(0)->set_admitted_on("2010-01-01");
  v1::DuesLedger& l = *b.snapshot().add_dues_ledger();
  l.set_member_id(m);
  l.set_year(2024);
  l.set_paid_months(0x3F);
  for (const char* profile : kProfiles) {
    for (const auto& [as_of, count] : std::vector<std::pair<std::string, std::string>>{
             {"2024-12-31", "6"}, {"2025-01-01", "6"}, {"2025-01-05", "6"}, {"2025-01-31", "7"}}) {
      const auto f = FindingsOf(b.Check(profile, as_of, Dues()), "member.dues_unpaid_run");
      ASSERT_EQ(f.size(), 1u) << profile << " " << as_of;
      EXPECT_EQ(f[0].evidence().at("count"), count) << profile << " " << as_of;
    }
  }
  // Paid again in December: the run ended before the window, last year's business.
  b.snapshot().mutable_dues_ledger(0)->set_paid_months(0x83F);
  for (const char* profile : kProfiles) {
    EXPECT_EQ(b.Check(profile, "2025-01-05", Dues()).findings_size(), 0) << profile;
    EXPECT_EQ(CountOf(b.Check(profile, "2024-12-31", Dues()), "member.dues_arrears"), 1) << profile;  // July to November
  }
}

TEST(DuesRun, OnlyMonthsThatHaveEnded) {
  // Unpaid October and November; as of 30 November both have ended; as of 29 November only October.
  const SnapshotBuilder b = Payer({"2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"});
  EXPECT_EQ(CountOf(b.Check("national", "2026-11-30", Dues()), "member.dues_arrears"), 1);
  EXPECT_EQ(FindingsOf(b.Check("national", "2026-11-30", Dues()), "member.dues_arrears")[0].evidence().at("count"), "5");
  EXPECT_EQ(FindingsOf(b.Check("national", "2026-11-29", Dues()), "member.dues_arrears")[0].evidence().at("count"), "4");
  EXPECT_EQ(CountOf(b.Check("national", "2026-12-31", Dues()), "member.dues_unpaid_run"), 1);
}

TEST(DuesRun, MonthsBeforeAdmissionAreNotUnpaid) {
  // Unpaid from January, admitted on 10 March: March to June is four months.
  const v1::Report r = Payer({"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"}, "2026-03-10")
                           .Check("national", "2026-11-30", Dues());
  const auto f = FindingsOf(r, "member.dues_arrears");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence().at("months"), "2026-03,2026-04,2026-05,2026-06");
  EXPECT_EQ(CountOf(r, "member.dues_unpaid_run"), 0);
}

TEST(DuesRun, ExemptMembersAreLeftOut) {
  SnapshotBuilder b = Payer({"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"});
  b.snapshot().mutable_members(0)->set_dues_exempt_approved(true);
  EXPECT_EQ(b.Check("national", "2026-11-30", Dues()).findings_size(), 0);
}

TEST(DuesRun, TransferredInMidRun) {
  SnapshotBuilder b = Payer({"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"});
  v1::MemberEvent& e = *b.snapshot().add_events();
  e.set_member_id(b.snapshot().members(0).id());
  e.set_kind(v1::MemberEvent::TRANSFERRED_IN);
  e.set_on("2026-04-20");  // April to June here: three months
  const auto f = FindingsOf(b.Check("national", "2026-11-30", Dues()), "member.dues_arrears");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence().at("months"), "2026-04,2026-05,2026-06");
}

TEST(DuesRun, PaymentsAndLedgerMerge) {
  SnapshotBuilder b = Payer({"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"});
  v1::DuesPayment& p = *b.snapshot().add_dues();  // March was paid after all
  p.set_member_id(b.snapshot().members(0).id());
  p.set_month("2026-03");
  p.set_amount_cents(1000);
  const v1::Report r = b.Check("national", "2026-11-30", Dues());
  EXPECT_EQ(CountOf(r, "member.dues_unpaid_run"), 0);
  EXPECT_EQ(CountOf(r, "member.dues_arrears"), 1);  // April to June; January and February too short
}

TEST(DuesBelowStandard, ComparesPaymentsWithTheStandard) {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  b.Members("b", 1);
  v1::Member& m = *b.snapshot().mutable_members(0);
  m.set_dues_category(v1::Member::EMPLOYED);
  m.set_monthly_income_cents(300001);  // standard 30.00
  for (const auto& [month, cents] : std::vector<std::pair<std::string, int>>{{"2026-01", 3000}, {"2026-02", 2999}, {"2026-03", 1500}}) {
    v1::DuesPayment& p = *b.snapshot().add_dues();
    p.set_member_id(m.id());
    p.set_month(month);
    p.set_amount_cents(cents);
  }
  CheckOptions o;
  o.rules = {"member.dues_below_standard"};
  const auto f = FindingsOf(b.Check("national", "2026-11-30", o), "member.dues_below_standard");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence().at("payments"), "2");
  EXPECT_EQ(f[0].evidence().at("firstMonth"), "2026-02");
  EXPECT_EQ(f[0].evidence().at("standard"), "30.00");
  EXPECT_EQ(f[0].evidence().at("lowest"), "15.00");
}

// A branch of 3 whose general meetings, one a month, `absent` misses in `months`.
SnapshotBuilder Attender(const std::vector<int>& missed) {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  const auto people = b.Members("b", 3);
  for (int month = 1; month <= 11; ++month) {
    v1::Activity& a = b.Activity("b", v1::Activity::THEME_DAY, month < 10 ? "2026-0" + std::to_string(month) + "-15"
                                                                          : "2026-" + std::to_string(month) + "-15");
    a.add_attendee_ids(people[0]);
    a.add_attendee_ids(people[1]);
    if (std::find(missed.begin(), missed.end(), month) == missed.end()) a.add_attendee_ids(people[2]);
  }
  return b;
}

TEST(NoOrgLifeRun, FiveAndSixMonths) {
  CheckOptions o;
  o.rules = {"member.no_org_life_run"};
  EXPECT_EQ(CountOf(Attender({3, 4, 5, 6, 7}).Check("national", "2026-11-30", o), "member.no_org_life_run"), 0);
  const auto f = FindingsOf(Attender({3, 4, 5, 6, 7, 8}).Check("national", "2026-11-30", o), "member.no_org_life_run");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].member_id(), "b/m3");
  EXPECT_EQ(f[0].evidence().at("months"), "2026-03,2026-04,2026-05,2026-06,2026-07,2026-08");
}

TEST(NoOrgLifeRun, MonthsWithoutActivitiesNeitherCountNorBreak) {
  SnapshotBuilder b = Attender({3, 4, 5, 7, 8, 9});
  b.snapshot().mutable_activities()->DeleteSubrange(5, 1);  // nothing held in June
  CheckOptions o;
  o.rules = {"member.no_org_life_run"};
  const auto f = FindingsOf(b.Check("national", "2026-11-30", o), "member.no_org_life_run");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence().at("count"), "6");
  // A make-up counts as present.
  v1::Activity& makeup = b.Activity("b", v1::Activity::THEME_DAY, "2026-07-20");
  makeup.set_makeup_for(b.snapshot().activities(5).id());
  makeup.add_attendee_ids("b/m3");
  EXPECT_EQ(CountOf(b.Check("national", "2026-11-30", o), "member.no_org_life_run"), 0);
}

TEST(NoOrgLifeRun, AStandingRunIsSeenAcrossTheYearEnd) {
  // A theme day each month of 2024 and in January 2025; b/m3 attends none from July.
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  const auto people = b.Members("b", 3);
  for (int month = 1; month <= 13; ++month) {
    const int y = month > 12 ? 2025 : 2024, mo = (month - 1) % 12 + 1;
    v1::Activity& a = b.Activity("b", v1::Activity::THEME_DAY, StrCat(y, mo < 10 ? "-0" : "-", mo, "-03"));
    a.add_attendee_ids(people[0]);
    a.add_attendee_ids(people[1]);
    if (month < 7) a.add_attendee_ids(people[2]);
  }
  CheckOptions o;
  o.rules = {"member.no_org_life_run"};
  for (const char* profile : kProfiles) {
    for (const auto& [as_of, count] : std::vector<std::pair<std::string, std::string>>{
             {"2024-12-31", "6"}, {"2025-01-01", "6"}, {"2025-01-05", "6"}, {"2025-01-31", "7"}}) {
      const auto f = FindingsOf(b.Check(profile, as_of, o), "member.no_org_life_run");
      ASSERT_EQ(f.size(), 1u) << profile << " " << as_of;
      EXPECT_EQ(f[0].evidence().at("count"), count) << profile << " " << as_of;
    }
  }
  // Present in January 2025: the run ended in December, before the window.
  b.snapshot().mutable_activities(12)->add_attendee_ids(people[2]);
  for (const char* profile : kProfiles) {
    EXPECT_EQ(CountOf(b.Check(profile, "2025-01-31", o), "member.no_org_life_run"), 0) << profile;
    EXPECT_EQ(CountOf(b.Check(profile, "2024-12-31", o), "member.no_org_life_run"), 1) << profile;
  }
}

SnapshotBuilder WithEvent(v1::MemberEvent::Kind kind, const std::string& on) {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH).add_unit_ids("u1");
  b.Unit("u1");
  b.Unit("u2");
  b.Members("b", 3, 0, "u1");
  v1::MemberEvent& e = *b.snapshot().add_events();
  e.set_member_id("b/m1");
  e.set_kind(kind);
  e.set_on(on);
  return b;
}

TEST(TalkRequired, Day30AndDay31) {
  for (const auto& [talk_on, findings] : std::vector<std::pair<std::string, int>>{
           {"2026-03-31", 0}, {"2026-04-01", 1}, {"2026-02-28", 1}, {"", 1}}) {
    SnapshotBuilder b = WithEvent(v1::MemberEvent::JOB_CHANGED, "2026-03-01");
    if (!talk_on.empty()) b.Activity("b", v1::Activity::TALK, talk_on).add_talk_member_ids("b/m1");
    EXPECT_EQ(CountOf(b.Check("national", "2026-06-30"), "member.talk_required"), findings) << talk_on;
  }
  // Not judged while the 30 days run.
  const SnapshotBuilder pending = WithEvent(v1::MemberEvent::HARDSHIP, "2026-03-01");
  EXPECT_EQ(CountOf(pending.Check("national", "2026-03-31"), "member.talk_required"), 0);
  EXPECT_EQ(CountOf(pending.Check("national", "2026-04-01"), "member.talk_required"), 1);
  // Events outside the six are not reported.
  EXPECT_EQ(CountOf(WithEvent(v1::MemberEvent::RETURNED, "2026-03-01").Check("national", "2026-06-30"), "member.talk_required"), 0);
}

TEST(TransferOverdue, AwaySixMonthsUnitChangedThree) {
  const SnapshotBuilder away = WithEvent(v1::MemberEvent::LEFT_LOCALITY, "2026-01-15");
  EXPECT_EQ(CountOf(away.Check("national", "2026-07-14"), "member.transfer_overdue"), 0);
  EXPECT_EQ(CountOf(away.Check("national", "2026-07-15"), "member.transfer_overdue"), 1);
  SnapshotBuilder back = WithEvent(v1::MemberEvent::LEFT_LOCALITY, "2026-01-15");
  v1::MemberEvent& r = *back.snapshot().add_events();
  r.set_member_id("b/m1");
  r.set_kind(v1::MemberEvent::RETURNED);
  r.set_on("2026-05-01");
  EXPECT_EQ(CountOf(back.Check("national", "2026-08-01"), "member.transfer_overdue"), 0);

  SnapshotBuilder moved = WithEvent(v1::MemberEvent::UNIT_CHANGED, "2026-01-15");
  EXPECT_EQ(CountOf(moved.Check("national", "2026-06-01"), "member.transfer_overdue"), 0);  // still in u1
  moved.snapshot().mutable_members(0)->set_unit_id("u2");
  EXPECT_EQ(CountOf(moved.Check("national", "2026-04-14"), "member.transfer_overdue"), 0);
  EXPECT_EQ(CountOf(moved.Check("national", "2026-04-15"), "member.transfer_overdue"), 1);
}

SnapshotBuilder Probationary(const std::string& admitted, int extended) {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  b.Members("b", 3, 1);
  b.snapshot().mutable_members(3)->set_admitted_on(admitted);
  b.snapshot().mutable_members(3)->set_probation_extended_months(extended);
  return b;
}

TEST(Probation, TwelveTwelvePlusTwelveAndThirteen) {
  CheckOptions o;
  o.rules = {"member.probation_overdue", "member.probation_extension_limit", "member.probation_due_soon"};
  // Exactly 12 months: ends 2026-03-10.
  const SnapshotBuilder twelve = Probationary("2025-03-10", 0);
  EXPECT_EQ(CountOf(twelve.Check("national", "2026-03-10", o), "member.probation_overdue"), 0);
  EXPECT_EQ(CountOf(twelve.Check("national", "2026-03-10", o), "member.probation_due_soon"), 1);
  EXPECT_EQ(CountOf(twelve.Check("national", "2026-03-11", o), "member.probation_overdue"), 1);
  EXPECT_EQ(FindingsOf(twelve.Check("national", "2026-03-11", o), "member.probation_overdue")[0].due_on(), "2026-03-10");
  // 12 + 12: ends 2027-03-10, within the limit.
  const SnapshotBuilder twice = Probationary("2025-03-10", 12);
  EXPECT_EQ(CountOf(twice.Check("national", "2027-03-10", o), "member.probation_overdue"), 0);
  EXPECT_EQ(CountOf(twice.Check("national", "2027-03-10", o), "member.probation_extension_limit"), 0);
  EXPECT_EQ(CountOf(twice.Check("national", "2027-03-11", o), "member.probation_overdue"), 1);
  // 12 + 13: beyond the limit, and the excess does not count.
  const SnapshotBuilder over = Probationary("2025-03-10", 13);
  EXPECT_EQ(CountOf(over.Check("national", "2027-03-10", o), "member.probation_extension_limit"), 1);
  EXPECT_EQ(CountOf(over.Check("national", "2027-03-11", o), "member.probation_overdue"), 1);
}

TEST(Probation, AnExtensionOfHalfAYearToAYear) {
  CheckOptions o;
  o.rules = {"member.probation_extension", "member.probation_extension_limit"};
  for (const auto& [months, shorter, longer] : std::vector<std::tuple<int, int, int>>{
           {0, 0, 0}, {5, 1, 0}, {6, 0, 0}, {12, 0, 0}, {13, 0, 1}}) {
    const SnapshotBuilder b = Probationary("2025-03-10", months);
    for (const char* profile : kProfiles) {
      const v1::Report r = b.Check(profile, "2025-06-30", o);
      EXPECT_EQ(CountOf(r, "member.probation_extension"), shorter) << profile << " " << months;
      EXPECT_EQ(CountOf(r, "member.probation_extension_limit"), longer) << profile << " " << months;
    }
  }
}

TEST(Probation, DueSoonWithin30DaysAndDecided) {
  CheckOptions o;
  o.rules = {"member.probation_overdue", "member.probation_due_soon"};
  SnapshotBuilder b = Probationary("2025-03-10", 0);
  EXPECT_EQ(CountOf(b.Check("national", "2026-02-07", o), "member.probation_due_soon"), 0);  // 31 days
  EXPECT_EQ(CountOf(b.Check("national", "2026-02-08", o), "member.probation_due_soon"), 1);  // 30 days
  // A conversion decided at the branch meeting ends it.
  v1::Activity::Decision& d = *b.Activity("b", v1::Activity::GENERAL_MEETING, "2026-03-05").add_decisions();
  d.set_kind(v1::Activity::Decision::CONVERT_TO_FULL);
  d.add_subject_member_ids(b.snapshot().members(3).id());
  EXPECT_EQ(b.Check("national", "2026-06-30", o).findings_size(), 0);
}

TEST(LostContactAndUnqualified, AtTheirEdges) {
  SnapshotBuilder b = WithEvent(v1::MemberEvent::EVALUATED, "2026-01-10");
  b.snapshot().mutable_events(0)->set_grade(v1::MemberEvent::UNQUALIFIED);
  b.snapshot().mutable_members(1)->set_lost_contact_since("2026-01-31");
  EXPECT_EQ(CountOf(b.Check("national", "2026-04-10"), "member.unqualified_unhandled"), 0);  // day 90
  EXPECT_EQ(CountOf(b.Check("national", "2026-04-11"), "member.unqualified_unhandled"), 1);
  EXPECT_EQ(CountOf(b.Check("national", "2026-07-30"), "member.lost_contact"), 0);
  EXPECT_EQ(CountOf(b.Check("national", "2026-07-31"), "member.lost_contact"), 1);
  v1::MemberEvent& h = *b.snapshot().add_events();
  h.set_member_id("b/m1");
  h.set_kind(v1::MemberEvent::HANDLED);
  h.set_on("2026-04-10");
  EXPECT_EQ(CountOf(b.Check("national", "2026-06-30"), "member.unqualified_unhandled"), 0);
}

TEST(LostContactAndUnqualified, UnhandledStandsAcrossTheYearEnd) {
  // Graded UNQUALIFIED on 2024-09-01: the 90 days end on 2024-11-30.
  SnapshotBuilder b = WithEvent(v1::MemberEvent::EVALUATED, "2024-09-01");
  b.snapshot().mutable_events(0)->set_grade(v1::MemberEvent::UNQUALIFIED);
  CheckOptions o;
  o.rules = {"member.unqualified_unhandled"};
  for (const char* profile : kProfiles) {
    for (const char* as_of : {"2024-12-31", "2025-01-01", "2025-01-05", "2025-01-31"}) {
      EXPECT_EQ(CountOf(b.Check(profile, as_of, o), "member.unqualified_unhandled"), 1) << profile << " " << as_of;
    }
  }
  // Handled late, on 2025-01-02: a fault of 2024, no longer standing in 2025.
  v1::MemberEvent& h = *b.snapshot().add_events();
  h.set_member_id("b/m1");
  h.set_kind(v1::MemberEvent::HANDLED);
  h.set_on("2025-01-02");
  for (const char* profile : kProfiles) {
    EXPECT_EQ(CountOf(b.Check(profile, "2024-12-31", o), "member.unqualified_unhandled"), 1) << profile;
    EXPECT_EQ(CountOf(b.Check(profile, "2025-01-01", o), "member.unqualified_unhandled"), 1) << profile;
    EXPECT_EQ(CountOf(b.Check(profile, "2025-01-05", o), "member.unqualified_unhandled"), 0) << profile;
  }
}

// 党员全员参与 (genhe-2020): each month's theme day, present or on approved leave.
TEST(ThemeDayAttendance, PresentOrOnLeaveEachMonth) {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  const auto people = b.Members("b", 5, 1);  // m1-m5 full, m6 probationary: all take part
  const auto day = [&](const std::string& on, std::vector<int> present) -> v1::Activity& {
    v1::Activity& a = b.Activity("b", v1::Activity::THEME_DAY, on);
    for (int i : present) a.add_attendee_ids(people[i]);
    return a;
  };
  // January: m1 on approved leave, m2 absent unexcused, m6 not recorded at all.
  v1::Activity& jan = day("2024-01-10", {2, 3, 4});
  v1::Activity::Absentee* x = jan.add_absentees();
  x->set_member_id(people[0]);
  x->set_reason(v1::Activity::Absentee::LEAVE_APPROVED);
  x = jan.add_absentees();
  x->set_member_id(people[1]);
  x->set_reason(v1::Activity::Absentee::UNEXCUSED);
  // February: two theme days; m2 at the second only, which is enough for the month.
  day("2024-02-05", {0, 2, 3, 4, 5});
  day("2024-02-20", {1});
  // m1's make-up of January: a make-up is no theme day of its own.
  day("2024-01-25", {0}).set_makeup_for(jan.id());
  CheckOptions o;
  o.rules = {"life.theme_day_attendance"};
  EXPECT_EQ(b.Check("national", "2024-12-31", o).findings_size(), 0);  // off in national
  const auto f = FindingsOf(b.Check("genhe-2020", "2024-12-31", o), "life.theme_day_attendance");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].member_id(), people[1]);
  EXPECT_EQ(f[0].activity_id(), jan.id());
  EXPECT_EQ(f[0].message(), "未参加2024-01-10的主题党日,也未经批准请假");
  EXPECT_EQ(f[1].member_id(), people[5]);
  // Not yet a member on the day, or already gone: nothing owed.
  b.snapshot().mutable_members(5)->set_admitted_on("2024-01-11");
  v1::MemberEvent& out = *b.snapshot().add_events();
  out.set_member_id(people[1]);
  out.set_kind(v1::MemberEvent::TRANSFERRED_OUT);
  out.set_on("2024-01-10");
  EXPECT_EQ(CountOf(b.Check("genhe-2020", "2024-12-31", o), "life.theme_day_attendance"), 0);
  // Only theme days within the window, up to the as-of day.
  b.snapshot().mutable_members(5)->clear_admitted_on();
  EXPECT_EQ(CountOf(b.Check("genhe-2020", "2024-01-09", o), "life.theme_day_attendance"), 0);
  EXPECT_EQ(CountOf(b.Check("genhe-2020", "2024-01-10", o), "life.theme_day_attendance"), 1);
}

TEST(MemberTalk, OnceAYear) {
  SnapshotBuilder b;
  b.Org("b", v1::Org::BRANCH);
  b.Members("b", 2);
  b.Activity("b", v1::Activity::TALK, "2025-06-01").add_talk_member_ids("b/m1");
  CheckOptions o;
  o.rules = {"life.member_talk"};
  o.from = *ParseDate("2025-01-01");
  const v1::Report r = b.Check("national", "2025-12-31", o);
  ASSERT_EQ(CountOf(r, "life.member_talk"), 1);
  EXPECT_EQ(FindingsOf(r, "life.member_talk")[0].member_id(), "b/m2");
  EXPECT_EQ(FindingsOf(r, "life.member_talk")[0].severity(), v1::WARNING);
  const auto running = FindingsOf(b.Check("national", "2025-12-30", o), "life.member_talk");
  ASSERT_EQ(running.size(), 1u);
  EXPECT_EQ(running[0].severity(), v1::NOTICE);
  EXPECT_EQ(running[0].due_on(), "2025-12-31");
}

}  // namespace
}  // namespace dangjian::testing
