// setup.*: every threshold just below, at and above, in both profiles.
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

constexpr char kAsOf[] = "2026-06-30";

// A working committee over one branch with `full` + `probationary` members and
// a secretary (and, from 3 members, a committee of 3), so that only the rule
// under test has something to say.
SnapshotBuilder OneBranch(int full, int probationary = 0, v1::Org::Kind kind = v1::Org::BRANCH) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("b", kind, "wc");
  const auto people = b.Members("b", full, probationary);
  b.Committee("b", people, std::min<int>(3, people.size()));
  b.Term("b", "2025-01-01");
  return b;
}

struct Case {
  int full, probationary;
  int national, genhe;  // findings expected in each profile
};

TEST(BranchMinFullMembers, TwoThreeFour) {
  // national: 3名以上 (3 passes); genhe-2020: 超过3名 (3 fails).
  for (const Case& c : {Case{2, 0, 1, 1}, Case{2, 5, 1, 1}, Case{3, 0, 0, 1}, Case{4, 0, 0, 0}}) {
    const SnapshotBuilder b = OneBranch(c.full, c.probationary);
    EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.branch_min_full_members"), c.national) << c.full;
    EXPECT_EQ(CountOf(b.Check("genhe-2020", kAsOf), "setup.branch_min_full_members"), c.genhe) << c.full;
  }
}

TEST(BranchMinFullMembers, EvidenceNamesCountBasisAndBound) {
  const v1::Report r = OneBranch(2, 1).Check("genhe-2020", kAsOf);
  const auto f = FindingsOf(r, "setup.branch_min_full_members");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity(), v1::VIOLATION);
  EXPECT_EQ(f[0].org_id(), "b");
  EXPECT_EQ(f[0].evidence().at("count"), "2");
  EXPECT_EQ(f[0].evidence().at("basis"), "FULL_MEMBERS");
  EXPECT_EQ(f[0].evidence().at("required"), ">3");
  EXPECT_EQ(f[0].message(), "正式党员2名,成立党支部须正式党员超过3名");
  EXPECT_NE(f[0].citation().find("支部工作条例"), std::string::npos);
}

TEST(BranchMinFullMembers, OnlyBranchesNotJointBranches) {
  EXPECT_EQ(CountOf(OneBranch(1, 0, v1::Org::JOINT_BRANCH).Check("national", kAsOf), "setup.branch_min_full_members"), 0);
  EXPECT_EQ(CountOf(OneBranch(1, 0, v1::Org::TEMPORARY_BRANCH).Check("national", kAsOf), "setup.branch_min_full_members"), 0);
}

TEST(BranchMaxMembers, FiftyAndFiftyOne) {
  // national: 党员 (all) 不超过50 — 51 reported; genhe-2020: 正式党员 不足50 — 50 full reported.
  for (const Case& c : {Case{49, 0, 0, 0}, Case{48, 2, 0, 0}, Case{49, 1, 0, 0}, Case{49, 2, 1, 0},
                        Case{50, 0, 0, 1}, Case{51, 0, 1, 1}}) {
    const SnapshotBuilder b = OneBranch(c.full, c.probationary);
    EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.branch_max_members"), c.national) << c.full << "+" << c.probationary;
    EXPECT_EQ(CountOf(b.Check("genhe-2020", kAsOf), "setup.branch_max_members"), c.genhe) << c.full << "+" << c.probationary;
  }
}

// A general branch over two branches holding `full` + `probationary` members in all.
SnapshotBuilder GeneralBranch(int full, int probationary, bool approved = false) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("gb", v1::Org::GENERAL_BRANCH, "wc").set_approved_exception(approved);
  b.Org("b1", v1::Org::BRANCH, "gb");
  b.Org("b2", v1::Org::BRANCH, "gb");
  b.Members("b1", full / 2, probationary / 2);
  b.Members("b2", full - full / 2, probationary - probationary / 2);
  return b;
}

TEST(GeneralBranchMinMembers, FortyNineFiftyFiftyOne) {
  // national: 党员 50人以上 (probationary count); genhe-2020: 正式党员 超过50名.
  for (const Case& c : {Case{49, 0, 1, 1}, Case{50, 0, 0, 1}, Case{51, 0, 0, 0}, Case{48, 2, 0, 1},
                        Case{47, 2, 1, 1}}) {
    const SnapshotBuilder b = GeneralBranch(c.full, c.probationary);
    EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.general_branch_min_members", "gb"), c.national) << c.full;
    EXPECT_EQ(CountOf(b.Check("genhe-2020", kAsOf), "setup.general_branch_min_members", "gb"), c.genhe) << c.full;
  }
}

TEST(GeneralBranchMinMembers, ApprovedExceptionIsNotReported) {
  for (const char* profile : kProfiles) {
    EXPECT_EQ(CountOf(GeneralBranch(20, 0, true).Check(profile, kAsOf), "setup.general_branch_min_members"), 0);
  }
}

// A committee over four branches holding `full` + `probationary` members in all.
SnapshotBuilder Committee(int full, int probationary, bool approved = false) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("c", v1::Org::COMMITTEE, "wc").set_approved_exception(approved);
  b.Org("c-jw", v1::Org::DISCIPLINE_COMMITTEE, "c");
  for (int i = 0; i < 4; ++i) {
    const std::string id = "b" + std::to_string(i);
    b.Org(id, v1::Org::BRANCH, "c");
    b.Members(id, full / 4 + (i < full % 4), probationary / 4 + (i < probationary % 4));
  }
  return b;
}

TEST(CommitteeMinMembers, NinetyNineHundredHundredOne) {
  for (const Case& c : {Case{99, 0, 1, 1}, Case{100, 0, 0, 1}, Case{101, 0, 0, 0}, Case{98, 2, 0, 1},
                        Case{99, 2, 0, 1}}) {
    const SnapshotBuilder b = Committee(c.full, c.probationary);
    EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.committee_min_members", "c"), c.national) << c.full;
    EXPECT_EQ(CountOf(b.Check("genhe-2020", kAsOf), "setup.committee_min_members", "c"), c.genhe) << c.full;
  }
  EXPECT_EQ(CountOf(Committee(30, 0, true).Check("national", kAsOf), "setup.committee_min_members"), 0);
}

TEST(UpgradeSuggested, BranchReachingAGeneralBranchOrACommittee) {
  // national: 50 members → a general branch; 100 → both thresholds, the committee wins.
  EXPECT_EQ(CountOf(OneBranch(49).Check("national", kAsOf), "setup.upgrade_suggested"), 0);
  const auto at50 = FindingsOf(OneBranch(48, 2).Check("national", kAsOf), "setup.upgrade_suggested");
  ASSERT_EQ(at50.size(), 1u);
  EXPECT_EQ(at50[0].evidence().at("suggested"), "GENERAL_BRANCH");
  EXPECT_EQ(at50[0].severity(), v1::NOTICE);
  const auto at100 = FindingsOf(OneBranch(100).Check("national", kAsOf), "setup.upgrade_suggested");
  ASSERT_EQ(at100.size(), 1u);
  EXPECT_EQ(at100[0].evidence().at("suggested"), "COMMITTEE");
  // genhe-2020: more than 50 full members.
  EXPECT_EQ(CountOf(OneBranch(50).Check("genhe-2020", kAsOf), "setup.upgrade_suggested"), 0);
  EXPECT_EQ(CountOf(OneBranch(51).Check("genhe-2020", kAsOf), "setup.upgrade_suggested"), 1);
}

TEST(UpgradeSuggested, GeneralBranchReachingACommittee) {
  EXPECT_EQ(CountOf(GeneralBranch(99, 0).Check("national", kAsOf), "setup.upgrade_suggested", "gb"), 0);
  EXPECT_EQ(CountOf(GeneralBranch(99, 1).Check("national", kAsOf), "setup.upgrade_suggested", "gb"), 1);
  EXPECT_EQ(CountOf(GeneralBranch(100, 0).Check("genhe-2020", kAsOf), "setup.upgrade_suggested", "gb"), 0);
  EXPECT_EQ(CountOf(GeneralBranch(101, 0).Check("genhe-2020", kAsOf), "setup.upgrade_suggested", "gb"), 1);
}

TEST(JointBranchMaxUnits, FiveAndSix) {
  for (int units : {5, 6}) {
    SnapshotBuilder b = OneBranch(2, 0, v1::Org::JOINT_BRANCH);
    for (int u = 0; u < units; ++u) {
      b.Unit("u" + std::to_string(u));
      b.snapshot().mutable_orgs(1)->add_unit_ids("u" + std::to_string(u));
    }
    for (const char* profile : kProfiles) {
      EXPECT_EQ(CountOf(b.Check(profile, kAsOf), "setup.joint_branch_max_units"), units > 5 ? 1 : 0) << units;
    }
  }
}

// A joint branch covering units a and b; unit a has `own_full` full members in it.
SnapshotBuilder JointBranchWithUnit(int own_full, bool a_has_a_branch = false) {
  SnapshotBuilder b;
  b.Unit("a");
  b.Unit("b");
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  v1::Org& jb = b.Org("jb", v1::Org::JOINT_BRANCH, "wc");
  jb.add_unit_ids("a");
  jb.add_unit_ids("b");
  b.Members("jb", own_full, 0, "a");
  b.Members("jb", 2, 0, "b");
  if (a_has_a_branch) b.Org("other", v1::Org::BRANCH, "wc").add_unit_ids("a");
  return b;
}

TEST(UnitOwnBranch, ThreeFullMembersOfItsOwn) {
  EXPECT_EQ(CountOf(JointBranchWithUnit(2).Check("national", kAsOf), "setup.unit_own_branch"), 0);
  const auto f = FindingsOf(JointBranchWithUnit(3).Check("national", kAsOf), "setup.unit_own_branch");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].unit_id(), "a");
  EXPECT_EQ(f[0].org_id(), "jb");
  EXPECT_EQ(CountOf(JointBranchWithUnit(3).Check("genhe-2020", kAsOf), "setup.unit_own_branch"), 0);
  EXPECT_EQ(CountOf(JointBranchWithUnit(4).Check("genhe-2020", kAsOf), "setup.unit_own_branch"), 1);
  // A unit that a branch already covers is served.
  EXPECT_EQ(CountOf(JointBranchWithUnit(5, true).Check("national", kAsOf), "setup.unit_own_branch"), 0);
}

// A branch with `full` + `probationary` members and a committee of `committee`.
SnapshotBuilder BranchWithCommittee(int full, int probationary, int committee) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("b", v1::Org::BRANCH, "wc");
  const auto people = b.Members("b", full, probationary);
  b.Committee("b", people, committee);
  return b;
}

TEST(BranchCommitteeRequired, SevenOfWhomFiveFullAndExactlySeven) {
  // 7 members of whom 5 full: national counts full (5 < 7); genhe-2020 needs more than 7 members.
  EXPECT_EQ(CountOf(BranchWithCommittee(5, 2, 1).Check("national", kAsOf), "setup.branch_committee_required"), 0);
  EXPECT_EQ(CountOf(BranchWithCommittee(5, 2, 1).Check("genhe-2020", kAsOf), "setup.branch_committee_required"), 0);
  // Exactly 7 full: national requires a committee (7名以上); genhe-2020 does not (超过7名).
  EXPECT_EQ(CountOf(BranchWithCommittee(7, 0, 2).Check("national", kAsOf), "setup.branch_committee_required"), 1);
  EXPECT_EQ(CountOf(BranchWithCommittee(7, 0, 2).Check("genhe-2020", kAsOf), "setup.branch_committee_required"), 0);
  // 8 members, 6 of them full: genhe-2020 counts all members.
  EXPECT_EQ(CountOf(BranchWithCommittee(6, 2, 2).Check("national", kAsOf), "setup.branch_committee_required"), 0);
  EXPECT_EQ(CountOf(BranchWithCommittee(6, 2, 2).Check("genhe-2020", kAsOf), "setup.branch_committee_required"), 1);
  // A committee of 3 suffices.
  EXPECT_EQ(CountOf(BranchWithCommittee(7, 0, 3).Check("national", kAsOf), "setup.branch_committee_required"), 0);
}

TEST(BranchCommitteeRequired, CountsDistinctPeopleInCurrentPositions) {
  SnapshotBuilder b = BranchWithCommittee(9, 0, 2);
  const std::string secretary = b.snapshot().positions(0).member_id();
  b.Position("b", secretary, v1::Position::COMMITTEE_MEMBER);  // the same person twice
  b.Position("b", b.snapshot().members(5).id(), v1::Position::COMMITTEE_MEMBER).set_until("2026-06-29");  // left
  EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.branch_committee_required"), 1);
  b.Position("b", b.snapshot().members(6).id(), v1::Position::COMMITTEE_MEMBER).set_until("2026-06-30");  // leaves today
  EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.branch_committee_required"), 0);
}

TEST(BranchCommitteeSize, ThreeToFiveUsuallyAtMostSeven) {
  struct { int committee; int warnings; int violations; } cases[] = {
      {3, 0, 0}, {5, 0, 0}, {6, 1, 0}, {7, 1, 0}, {8, 0, 1}};
  for (const auto& c : cases) {
    const auto f = FindingsOf(BranchWithCommittee(20, 0, c.committee).Check("national", kAsOf), "setup.branch_committee_size");
    int w = 0, v = 0;
    for (const auto& x : f) (x.severity() == v1::WARNING ? w : v)++;
    EXPECT_EQ(w, c.warnings) << c.committee;
    EXPECT_EQ(v, c.violations) << c.committee;
    if (c.violations) {
      EXPECT_EQ(f[0].message_key(), "setup.branch_committee_size.over_max");
    }
  }
}

TEST(BranchNoCommitteeRoles, SecretaryAndOneDeputyOnly) {
  SnapshotBuilder b = BranchWithCommittee(6, 0, 2);  // secretary and deputy
  EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.branch_no_committee_roles"), 0);
  b.Position("b", b.snapshot().members(3).id(), v1::Position::COMMITTEE_MEMBER);
  EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.branch_no_committee_roles"), 1);
  // At 7 full members the committee is required, so its members are expected.
  EXPECT_EQ(CountOf(BranchWithCommittee(7, 0, 3).Check("national", kAsOf), "setup.branch_no_committee_roles"), 0);
  // genhe-2020: 7 full members are not more than 7, so no committee roles.
  EXPECT_EQ(CountOf(BranchWithCommittee(7, 0, 3).Check("genhe-2020", kAsOf), "setup.branch_no_committee_roles"), 1);
}

TEST(SecretaryVacant, CurrentOnTheDayItself) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("b", v1::Org::BRANCH, "wc");
  const auto people = b.Members("b", 3);
  b.Position("wc", people[0], v1::Position::SECRETARY);
  v1::Position& s = b.Position("b", people[0], v1::Position::SECRETARY);
  s.set_since("2020-01-01");
  for (const auto& [until, expected] : std::vector<std::pair<std::string, int>>{
           {"", 0}, {"2026-06-30", 0}, {"2026-06-29", 1}}) {
    b.snapshot().mutable_positions(1)->set_until(until);
    EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.secretary_vacant", "b"), expected) << until;
  }
  b.snapshot().mutable_positions(1)->set_until("");
  b.snapshot().mutable_positions(1)->set_since("2026-07-01");  // not yet in office
  EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.secretary_vacant", "b"), 1);
}

TEST(SecretaryVacant, OrgsWithoutMembersOrChildrenAndPartyGroupsAreLeftOut) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("lg", v1::Org::LEADING_GROUP, "wc");
  b.Org("empty", v1::Org::BRANCH, "wc");
  b.Org("b", v1::Org::BRANCH, "wc");
  b.Org("g", v1::Org::PARTY_GROUP, "b");
  const v1::Report r = b.Check("national", kAsOf);
  EXPECT_EQ(CountOf(r, "setup.secretary_vacant", "wc"), 1);  // it has children
  EXPECT_EQ(CountOf(r, "setup.secretary_vacant", "b"), 1);   // it has a party group
  EXPECT_EQ(CountOf(r, "setup.secretary_vacant", "lg"), 0);
  EXPECT_EQ(CountOf(r, "setup.secretary_vacant", "empty"), 0);
  EXPECT_EQ(CountOf(r, "setup.secretary_vacant", "g"), 0);
  EXPECT_EQ(CountOf(r, "setup.group_leader_vacant", "g"), 1);
}

TEST(SecretaryNotApproved, SecretaryAndDeputyOnly) {
  SnapshotBuilder b = OneBranch(5);
  b.snapshot().mutable_positions(0)->set_approved(false);  // the secretary
  b.snapshot().mutable_positions(2)->set_approved(false);  // the discipline member: filed, not approved
  const auto f = FindingsOf(b.Check("national", kAsOf), "setup.secretary_not_approved");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].member_id(), b.snapshot().positions(0).member_id());
  EXPECT_EQ(f[0].evidence().at("role"), "SECRETARY");
}

// 选出的党支部委员,报上级党组织备案: a committee member's approved is its filing.
TEST(CommitteeMemberNotFiled, MembersAndDisciplineMembersOfBranches) {
  for (const v1::Org::Kind kind : {v1::Org::BRANCH, v1::Org::JOINT_BRANCH, v1::Org::GENERAL_BRANCH}) {
    SnapshotBuilder b;
    b.Org("wc", v1::Org::WORKING_COMMITTEE);
    b.Org("b", kind, "wc");
    b.Committee("b", b.Members("b", 9), 5);  // secretary, deputy, discipline member, two members
    for (const char* profile : kProfiles) {
      EXPECT_EQ(CountOf(b.Check(profile, kAsOf), "setup.committee_member_not_filed"), 0) << profile;
    }
    b.snapshot().mutable_positions(0)->set_approved(false);  // the secretary: setup.secretary_not_approved's
    b.snapshot().mutable_positions(2)->set_approved(false);  // the discipline member
    b.snapshot().mutable_positions(4)->set_approved(false);  // a committee member
    v1::Position& gone = b.Position("b", b.snapshot().members(5).id(), v1::Position::COMMITTEE_MEMBER, false);
    gone.set_since("2023-01-01");
    gone.set_until("2026-06-29");  // left the day before: not current
    for (const char* profile : kProfiles) {
      const auto f = FindingsOf(b.Check(profile, kAsOf), "setup.committee_member_not_filed");
      if (kind == v1::Org::GENERAL_BRANCH) {  // the text speaks of the branch committee
        EXPECT_TRUE(f.empty()) << profile;
        continue;
      }
      ASSERT_EQ(f.size(), 2u) << profile << " " << kind;
      EXPECT_EQ(f[0].member_id(), b.snapshot().positions(2).member_id());
      EXPECT_EQ(f[0].evidence().at("role"), "DISCIPLINE_MEMBER");
      EXPECT_EQ(f[1].member_id(), b.snapshot().positions(4).member_id());
      EXPECT_EQ(f[1].message(), "委员的任职未报上级党组织备案");
    }
  }
}

TEST(DisciplineRoles, CommitteeMemberDesignee) {
  SnapshotBuilder c = Committee(120, 0);
  EXPECT_EQ(CountOf(c.Check("national", kAsOf), "setup.discipline_committee"), 0);
  c.snapshot().mutable_orgs(2)->set_dissolved_on("2026-01-01");  // the discipline committee is gone
  EXPECT_EQ(CountOf(c.Check("national", kAsOf), "setup.discipline_committee"), 1);

  // A branch with a committee needs a 纪检委员.
  EXPECT_EQ(CountOf(BranchWithCommittee(9, 0, 3).Check("national", kAsOf), "setup.discipline_member"), 0);
  EXPECT_EQ(CountOf(BranchWithCommittee(9, 0, 2).Check("national", kAsOf), "setup.discipline_member"), 1);
  // A general branch too.
  EXPECT_EQ(CountOf(GeneralBranch(60, 0).Check("national", kAsOf), "setup.discipline_member", "gb"), 1);

  // Below the committee threshold: a designee, in genhe-2020 only.
  SnapshotBuilder small = BranchWithCommittee(5, 0, 1);
  EXPECT_EQ(CountOf(small.Check("national", kAsOf), "setup.discipline_designee"), 0);
  EXPECT_EQ(CountOf(small.Check("genhe-2020", kAsOf), "setup.discipline_designee"), 1);
  small.Position("b", small.snapshot().members(1).id(), v1::Position::DISCIPLINE_DESIGNEE);
  EXPECT_EQ(CountOf(small.Check("genhe-2020", kAsOf), "setup.discipline_designee"), 0);
}

TEST(PartyStaffRatio, OnePercentNationalTwoPercentGenhe) {
  struct { int staff, party, national, genhe; } cases[] = {
      {100, 1, 0, 1}, {101, 1, 1, 1}, {100, 2, 0, 0}, {150, 3, 0, 0}, {151, 3, 0, 1}, {0, 0, 0, 0}};
  for (const auto& c : cases) {
    SnapshotBuilder b;
    v1::Unit& u = b.Unit("u");
    u.set_staff_count(c.staff);
    u.set_party_staff_count(c.party);
    b.Org("wc", v1::Org::WORKING_COMMITTEE).add_unit_ids("u");
    EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.party_staff_ratio"), c.national) << c.staff << "/" << c.party;
    EXPECT_EQ(CountOf(b.Check("genhe-2020", kAsOf), "setup.party_staff_ratio"), c.genhe) << c.staff << "/" << c.party;
  }
  SnapshotBuilder unknown;
  unknown.Unit("u").set_staff_count(100);  // party staff not given: not judged
  EXPECT_EQ(CountOf(unknown.Check("national", kAsOf), "setup.party_staff_ratio"), 0);
}

TEST(PartyStaffRatio, MessageShowsThePercentages) {
  SnapshotBuilder b;
  v1::Unit& u = b.Unit("u");
  u.set_staff_count(150);
  u.set_party_staff_count(1);
  const auto f = FindingsOf(b.Check("national", kAsOf), "setup.party_staff_ratio");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].evidence().at("ratio"), "0.666%");
  EXPECT_EQ(f[0].evidence().at("min"), "1%");
}

TEST(Lifetime, DissolvedAndNotYetEstablishedOrgsAreLeftOut) {
  SnapshotBuilder b = OneBranch(1);
  b.snapshot().mutable_orgs(1)->set_dissolved_on("2026-06-30");
  EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.branch_min_full_members"), 0);
  b.snapshot().mutable_orgs(1)->set_dissolved_on("2026-07-01");
  EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.branch_min_full_members"), 1);
  b.snapshot().mutable_orgs(1)->set_dissolved_on("");
  b.snapshot().mutable_orgs(1)->set_established_on("2026-07-01");
  EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.branch_min_full_members"), 0);
  b.snapshot().mutable_orgs(1)->set_established_on("2026-06-30");
  EXPECT_EQ(CountOf(b.Check("national", kAsOf), "setup.branch_min_full_members"), 1);
}

TEST(Structure, InvalidNestingAndMemberOrgKind) {
  SnapshotBuilder b;
  b.Org("wc", v1::Org::WORKING_COMMITTEE);
  b.Org("g", v1::Org::PARTY_GROUP, "wc");          // a party group under the working committee
  b.Org("c", v1::Org::COMMITTEE, "wc");
  b.Org("gb", v1::Org::GENERAL_BRANCH, "c");
  b.Org("gb2", v1::Org::GENERAL_BRANCH, "gb");      // a general branch under a general branch
  b.Org("b", v1::Org::BRANCH, "gb");
  b.Org("jw", v1::Org::DISCIPLINE_COMMITTEE, "c");
  b.Org("lg", v1::Org::LEADING_GROUP, "wc");
  b.Org("x", v1::Org::BRANCH, "lg");                // nothing sits under a leading group
  b.Members("gb", 1);                               // a member of a general branch
  const v1::Report r = b.Check("national", kAsOf);
  EXPECT_EQ(CountOf(r, "structure.invalid_nesting", "g"), 1);
  EXPECT_EQ(CountOf(r, "structure.invalid_nesting", "gb2"), 1);
  EXPECT_EQ(CountOf(r, "structure.invalid_nesting", "x"), 1);
  EXPECT_EQ(CountOf(r, "structure.invalid_nesting"), 3);
  const auto m = FindingsOf(r, "structure.member_org_kind");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].evidence().at("orgKind"), "GENERAL_BRANCH");
}

}  // namespace
}  // namespace dangjian::testing
