// The record rules: completeness, quorums, votes, make-ups, leaders' dual
// organizational life, elections, and a temporary branch's limits.
#include "snapshot_builder.h"

namespace dangjian::testing {
namespace {

using A = v1::Activity;

SnapshotBuilder Branch(int full, int probationary = 0, v1::Org::Kind kind = v1::Org::BRANCH) {
  SnapshotBuilder b;
  b.Org("b", kind).set_established_on("2010-01-01");
  b.Members("b", full, probationary);
  return b;
}

std::vector<std::string> Ids(const SnapshotBuilder& b, int from, int to) {
  std::vector<std::string> ids;
  for (int i = from; i < to; ++i) ids.push_back(b.snapshot().members(i).id());
  return ids;
}

void Attend(v1::Activity& a, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) a.add_attendee_ids(id);
}

CheckOptions Only(const std::string& rule) {
  CheckOptions o;
  o.rules = {rule};
  return o;
}

TEST(RecordIncomplete, EachMissingPart) {
  SnapshotBuilder b = Branch(3);
  v1::Activity& good = b.Activity("b", A::GENERAL_MEETING, "2024-03-01");
  Attend(good, Ids(b, 0, 2));
  good.add_absentees()->set_member_id(b.snapshot().members(2).id());
  v1::Activity& bare = b.Activity("b", A::COMMITTEE_MEETING, "2024-03-02");
  bare.clear_place();
  bare.clear_minutes();
  v1::Activity& roll = b.Activity("b", A::GENERAL_MEETING, "2024-03-03");
  Attend(roll, Ids(b, 0, 2));  // the third member is neither present nor absent
  v1::Activity& vote = b.Activity("b", A::GROUP_MEETING, "2024-03-04");
  Attend(vote, Ids(b, 0, 1));
  vote.add_decisions()->set_kind(A::Decision::OTHER);  // no tally
  vote.add_resolutions()->set_text("落实");               // no owner
  b.Activity("b", A::THEME_DAY, "2024-03-05").clear_place();  // not a meeting: not judged
  const auto f = FindingsOf(b.Check("national", "2024-03-31", Only("life.record_incomplete")), "life.record_incomplete");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].activity_id(), "a2");
  EXPECT_EQ(f[0].evidence().at("missing"), "place,attendees,minutes");
  EXPECT_EQ(f[0].message(), "2024-03-02的委员会会议记录缺少:地点、出席人员、发言记录");
  EXPECT_EQ(f[1].evidence().at("missing"), "roll");
  EXPECT_EQ(f[2].evidence().at("missing"), "tally,owner");
}

// 记录要素 (S4 三(二)2): a general meeting's present and absent account for
// the members of the branch on its day — admitted or transferred in by then,
// not transferred out by then — as the member rules count a member's months
// in the branch. The third member, neither present nor absent, on each side
// of each edge.
TEST(RecordIncomplete, TheRollIsOfTheMembersOfTheDay) {
  using Event = v1::MemberEvent;
  struct Case {
    const char* what;
    const char* admitted_on;
    Event::Kind event;
    const char* on;
    bool on_the_roll;
  };
  const Case cases[] = {
      {"admitted the day after", "2024-03-11", Event::KIND_UNSPECIFIED, "", false},
      {"admitted on the day", "2024-03-10", Event::KIND_UNSPECIFIED, "", true},
      {"admitted the day before", "2024-03-09", Event::KIND_UNSPECIFIED, "", true},
      {"transferred in the day after", "2019-06-01", Event::TRANSFERRED_IN, "2024-03-11", false},
      {"transferred in on the day", "2019-06-01", Event::TRANSFERRED_IN, "2024-03-10", true},
      {"transferred out the day before", "2019-06-01", Event::TRANSFERRED_OUT, "2024-03-09", false},
      {"transferred out on the day", "2019-06-01", Event::TRANSFERRED_OUT, "2024-03-10", false},
      {"transferred out the day after", "2019-06-01", Event::TRANSFERRED_OUT, "2024-03-11", true},
  };
  for (const Case& c : cases) {
    SnapshotBuilder b = Branch(3);
    Attend(b.Activity("b", A::GENERAL_MEETING, "2024-03-10"), Ids(b, 0, 2));
    v1::Member& third = *b.snapshot().mutable_members(2);
    third.set_admitted_on(c.admitted_on);
    if (c.event != Event::KIND_UNSPECIFIED) b.Event(third.id(), c.event, c.on);
    for (const char* profile : kProfiles) {
      const auto f = FindingsOf(b.Check(profile, "2024-03-31", Only("life.record_incomplete")), "life.record_incomplete");
      ASSERT_EQ(f.size(), c.on_the_roll ? 1u : 0u) << c.what << ", " << profile;
      if (c.on_the_roll) {
        EXPECT_EQ(f[0].evidence().at("missing"), "roll") << c.what;
      }
    }
  }
}

TEST(RecordIncomplete, APartyLectureIsRecordedToo) {
  // 三会一课: the lecture, the 一课, keeps a record as the meetings do.
  SnapshotBuilder b = Branch(3);
  v1::Activity& whole = b.Activity("b", A::PARTY_LECTURE, "2024-03-01");
  Attend(whole, Ids(b, 0, 3));
  v1::Activity& bare = b.Activity("b", A::PARTY_LECTURE, "2024-03-02");
  Attend(bare, Ids(b, 0, 3));
  bare.clear_topic();
  bare.clear_minutes();
  for (const char* profile : kProfiles) {
    const auto f = FindingsOf(b.Check(profile, "2024-03-31", Only("life.record_incomplete")), "life.record_incomplete");
    ASSERT_EQ(f.size(), 1u) << profile;
    EXPECT_EQ(f[0].activity_id(), bare.id());
    EXPECT_EQ(f[0].evidence().at("missing"), "topic,minutes");
  }
}

TEST(CommitteeQuorum, HalfOrMoreHalfIncluded) {
  // 半数以上: of 4, 2 is a quorum; of 5, 3 (half is 2.5). The same in both profiles.
  for (const auto& [size, present, findings] : std::vector<std::tuple<int, int, int>>{
           {4, 1, 1}, {4, 2, 0}, {4, 3, 0}, {4, 4, 0}, {5, 2, 1}, {5, 3, 0}}) {
    SnapshotBuilder b = Branch(9);
    b.Committee("b", Ids(b, 0, size), size);
    Attend(b.Activity("b", A::COMMITTEE_MEETING, "2024-03-01"), Ids(b, 0, present));
    for (const char* profile : kProfiles) {
      const auto f = FindingsOf(b.Check(profile, "2024-03-31", Only("life.committee_quorum")), "life.committee_quorum");
      ASSERT_EQ(static_cast<int>(f.size()), findings) << profile << " " << present << " of " << size;
      if (findings > 0) {
        EXPECT_EQ(f[0].evidence().at("need"), size == 4 ? "2" : "3");
      }
    }
  }
}

TEST(CommitteeQuorum, AProfileMayMakeTheShareExclusive) {
  // 超过半数: of 4, 2 is not enough, 3 is.
  const Policy strict = *Policy::FromTextproto(
      R"(id: "strict" extends: "national" life { committee_quorum_inclusive: false })");
  for (const auto& [present, findings] : std::vector<std::pair<int, int>>{{2, 1}, {3, 0}}) {
    SnapshotBuilder b = Branch(9);
    b.Committee("b", Ids(b, 0, 4), 4);
    Attend(b.Activity("b", A::COMMITTEE_MEETING, "2024-03-01"), Ids(b, 0, present));
    EXPECT_EQ(CountOf(b.Check(strict, "2024-03-31", Only("life.committee_quorum")), "life.committee_quorum"), findings) << present;
  }
}

TEST(CommitteeQuorum, TheCommitteeOfTheMeetingDay) {
  SnapshotBuilder b = Branch(9);
  b.Committee("b", Ids(b, 0, 4), 4);
  b.snapshot().mutable_positions(3)->set_until("2024-02-28");  // left before the meeting: 3 remain
  Attend(b.Activity("b", A::COMMITTEE_MEETING, "2024-03-01"), Ids(b, 0, 2));
  EXPECT_EQ(CountOf(b.Check("national", "2024-03-31", Only("life.committee_quorum")), "life.committee_quorum"), 0);
}

// A general meeting of a branch of 10 full members and 2 probationary ones,
// deciding one thing with `votes_for` for; `present` full members attend, and
// both probationary members (who have no vote).
SnapshotBuilder Deciding(int present, int votes_for) {
  SnapshotBuilder b = Branch(10, 2);
  v1::Activity& gm = b.Activity("b", A::GENERAL_MEETING, "2024-03-01");
  Attend(gm, Ids(b, 0, present));
  Attend(gm, Ids(b, 10, 12));
  A::Decision& d = *gm.add_decisions();
  d.set_kind(A::Decision::OTHER);
  d.set_votes_for(votes_for);
  d.set_votes_against(0);
  d.set_votes_abstain(0);
  return b;
}

TEST(MeetingQuorum, HalfOfThoseWithAVoteHalfIncluded) {
  // 半数以上: of 10 full members, 5 present is a quorum, 4 is not; probationary members do not count.
  for (const auto& [present, findings] : std::vector<std::pair<int, int>>{{4, 1}, {5, 0}, {6, 0}}) {
    const SnapshotBuilder b = Deciding(present, present);
    for (const char* profile : kProfiles) {
      const auto f = FindingsOf(b.Check(profile, "2024-03-31", Only("life.meeting_quorum")), "life.meeting_quorum");
      ASSERT_EQ(static_cast<int>(f.size()), findings) << profile << " " << present;
      if (findings > 0) {
        EXPECT_EQ(f[0].evidence().at("entitled"), "10");
        EXPECT_EQ(f[0].evidence().at("need"), "5");
      }
    }
  }
  // A meeting that decides nothing needs no quorum.
  SnapshotBuilder b = Deciding(4, 4);
  b.snapshot().mutable_activities(0)->clear_decisions();
  EXPECT_EQ(CountOf(b.Check("national", "2024-03-31", Only("life.meeting_quorum")), "life.meeting_quorum"), 0);
}

// 应到会有表决权的党员 (B Art. 11): those with a vote are the branch's full
// members on the meeting's day — members then (admitted or transferred in
// by then, not transferred out by then, as the roll's) and full then (their
// fullOn, where given, not after the day). Of 10 such, 5 present is a
// quorum; an 11th makes 6 needed. The 11th on each side of each edge.
TEST(MeetingQuorum, ThoseWithAVoteAreThoseOfTheDay) {
  using Event = v1::MemberEvent;
  struct Case {
    const char* what;
    const char* admitted_on;
    const char* full_on;
    Event::Kind event;
    const char* on;
    bool votes;
  };
  const Case cases[] = {
      {"admitted the day after", "2024-03-02", "", Event::KIND_UNSPECIFIED, "", false},
      {"admitted on the day", "2024-03-01", "", Event::KIND_UNSPECIFIED, "", true},
      {"full the day after", "2023-02-01", "2024-03-02", Event::KIND_UNSPECIFIED, "", false},
      {"full on the day", "2023-02-01", "2024-03-01", Event::KIND_UNSPECIFIED, "", true},
      {"full the day before", "2023-02-01", "2024-02-29", Event::KIND_UNSPECIFIED, "", true},
      {"transferred in the day after", "2019-06-01", "", Event::TRANSFERRED_IN, "2024-03-02", false},
      {"transferred in on the day", "2019-06-01", "", Event::TRANSFERRED_IN, "2024-03-01", true},
      {"transferred out on the day", "2019-06-01", "", Event::TRANSFERRED_OUT, "2024-03-01", false},
      {"transferred out the day after", "2019-06-01", "", Event::TRANSFERRED_OUT, "2024-03-02", true},
  };
  for (const Case& c : cases) {
    SnapshotBuilder b = Deciding(5, 5);  // held 2024-03-01
    v1::Member& eleventh = *b.snapshot().add_members();
    eleventh.set_id("b/eleventh");
    eleventh.set_org_id("b");
    eleventh.set_status(v1::Member::FULL);
    eleventh.set_admitted_on(c.admitted_on);
    eleventh.set_full_on(c.full_on);
    if (c.event != Event::KIND_UNSPECIFIED) b.Event(eleventh.id(), c.event, c.on);
    for (const char* profile : kProfiles) {
      const auto f = FindingsOf(b.Check(profile, "2024-03-31", Only("life.meeting_quorum")), "life.meeting_quorum");
      ASSERT_EQ(f.size(), c.votes ? 1u : 0u) << c.what << ", " << profile;
      if (c.votes) {
        EXPECT_EQ(f[0].evidence().at("entitled"), "11") << c.what;
        EXPECT_EQ(f[0].evidence().at("need"), "6") << c.what;
      }
    }
  }
}

TEST(VoteThreshold, MoreThanHalfOfThoseEntitledNotOfThosePresent) {
  // 6 of 10 present: 4 votes for is a majority of those present, not of the 10 entitled.
  // Exactly half of the entitled (5) is not enough; one more (6) is.
  for (const auto& [present, votes, findings] : std::vector<std::tuple<int, int, int>>{
           {6, 4, 1}, {10, 5, 1}, {10, 6, 0}, {6, 6, 0}}) {
    const SnapshotBuilder b = Deciding(present, votes);
    for (const char* profile : kProfiles) {
      const auto f = FindingsOf(b.Check(profile, "2024-03-31", Only("life.vote_threshold")), "life.vote_threshold");
      ASSERT_EQ(static_cast<int>(f.size()), findings) << profile << " " << votes << " of " << present;
      if (findings > 0) {
        EXPECT_EQ(f[0].evidence().at("need"), "6");
        EXPECT_EQ(f[0].evidence().at("votesFor"), std::to_string(votes));
      }
    }
  }
  // An admission counts the same way (发展党员工作细则).
  SnapshotBuilder b = Deciding(10, 5);
  b.snapshot().mutable_activities(0)->mutable_decisions(0)->set_kind(A::Decision::ADMIT_PROBATIONARY);
  EXPECT_EQ(CountOf(b.Check("national", "2024-03-31", Only("life.vote_threshold")), "life.vote_threshold"), 1);
}

TEST(IndividualVote, OnePersonAVote) {
  for (int subjects : {1, 2}) {
    SnapshotBuilder b = Branch(5, 2);
    A::Decision& d = *b.Activity("b", A::GENERAL_MEETING, "2024-03-01").add_decisions();
    d.set_kind(A::Decision::CONVERT_TO_FULL);
    for (const std::string& id : Ids(b, 5, 5 + subjects)) d.add_subject_member_ids(id);
    d.set_votes_for(5);
    EXPECT_EQ(CountOf(b.Check("national", "2024-03-31", Only("life.individual_vote")), "life.individual_vote"),
              subjects > 1 ? 1 : 0);
  }
}

TEST(MakeupMissing, Day30AndDay31) {
  for (const auto& [makeup_day, findings] : std::vector<std::pair<std::string, int>>{
           {"2024-03-31", 0}, {"2024-04-01", 1}, {"", 1}}) {
    SnapshotBuilder b = Branch(3);
    v1::Activity& meeting = b.Activity("b", A::GENERAL_MEETING, "2024-03-01");
    meeting.set_id("gm");
    Attend(meeting, Ids(b, 0, 2));
    A::Absentee& away = *meeting.add_absentees();
    away.set_member_id(b.snapshot().members(2).id());
    away.set_reason(A::Absentee::LEAVE_APPROVED);
    if (!makeup_day.empty()) {
      v1::Activity& m = b.Activity("b", A::GENERAL_MEETING, makeup_day);
      m.set_makeup_for("gm");
      Attend(m, Ids(b, 2, 3));
    }
    const auto f = FindingsOf(b.Check("national", "2024-06-30", Only("life.makeup_missing")), "life.makeup_missing");
    ASSERT_EQ(static_cast<int>(f.size()), findings) << makeup_day;
    if (findings) {
      EXPECT_EQ(f[0].member_id(), b.snapshot().members(2).id());
    }
  }
}

// A make-up counts held by the meeting's org or by the absent member's own
// branch, one make-up for several members: by day 30 at the branch, and on
// day 31 not.
TEST(MakeupMissing, AtTheMeetingsOrgOrTheMembersOwnBranch) {
  for (const auto& [own_day, findings] : std::vector<std::pair<std::string, int>>{{"2024-03-31", 0}, {"2024-04-01", 1}}) {
    SnapshotBuilder b = Branch(3);
    b.Org("c", v1::Org::BRANCH).set_established_on("2010-01-01");
    b.Members("c", 2);
    v1::Activity& meeting = b.Activity("b", A::GENERAL_MEETING, "2024-03-01");
    meeting.set_id("gm");
    Attend(meeting, Ids(b, 0, 2));
    for (const std::string& id : Ids(b, 2, 5)) {
      A::Absentee& away = *meeting.add_absentees();
      away.set_member_id(id);
      away.set_reason(A::Absentee::LEAVE_APPROVED);
    }
    v1::Activity& at_b = b.Activity("b", A::GENERAL_MEETING, "2024-03-20");
    at_b.set_makeup_for("gm");
    Attend(at_b, {b.snapshot().members(2).id(), b.snapshot().members(4).id()});
    v1::Activity& at_c = b.Activity("c", A::GENERAL_MEETING, own_day);
    at_c.set_makeup_for("gm");
    Attend(at_c, Ids(b, 3, 4));
    const auto f = FindingsOf(b.Check("national", "2024-06-30", Only("life.makeup_missing")), "life.makeup_missing");
    ASSERT_EQ(static_cast<int>(f.size()), findings) << own_day;
    if (findings) {
      EXPECT_EQ(f[0].member_id(), b.snapshot().members(3).id());
    }
  }
}

TEST(MakeupMissing, NotJudgedBeforeTheDaysAreOver) {
  SnapshotBuilder b = Branch(3);
  v1::Activity& meeting = b.Activity("b", A::THEME_DAY, "2024-03-01");
  A::Absentee& away = *meeting.add_absentees();
  away.set_member_id(b.snapshot().members(2).id());
  away.set_reason(A::Absentee::LEAVE_APPROVED);
  EXPECT_EQ(CountOf(b.Check("national", "2024-03-31", Only("life.makeup_missing")), "life.makeup_missing"), 0);
  EXPECT_EQ(CountOf(b.Check("national", "2024-04-01", Only("life.makeup_missing")), "life.makeup_missing"), 1);
  // An unexcused absence is not made up: nothing to report here.
  b.snapshot().mutable_activities(0)->mutable_absentees(0)->set_reason(A::Absentee::UNEXCUSED);
  EXPECT_EQ(CountOf(b.Check("national", "2024-04-01", Only("life.makeup_missing")), "life.makeup_missing"), 0);
}

TEST(LeaderDualLife, EachQuarterWithMeetings) {
  SnapshotBuilder b = Branch(4);
  b.snapshot().mutable_members(0)->set_leading_cadre(true);
  Attend(b.Activity("b", A::GENERAL_MEETING, "2024-02-01"), Ids(b, 1, 4));  // Q1: absent
  Attend(b.Activity("b", A::GENERAL_MEETING, "2024-05-01"), Ids(b, 1, 4));  // Q2: absent from one...
  Attend(b.Activity("b", A::ORG_LIFE_MEETING, "2024-06-01"), Ids(b, 0, 4)); // ...present at the other
  // Q3: the branch held none; Q4 has not ended.
  const auto f = FindingsOf(b.Check("national", "2024-11-30", Only("life.leader_dual_life")), "life.leader_dual_life");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].period(), "2024-Q1");
  EXPECT_EQ(f[0].member_id(), b.snapshot().members(0).id());
}

// A leader owes the meetings held while it was a member of the branch: one
// transferred in after the quarter's only meeting owes none of it, one
// transferred out by its day none either. Each side of each edge.
TEST(LeaderDualLife, TheMeetingsHeldWhileInTheBranch) {
  using Event = v1::MemberEvent;
  for (const auto& [kind, on, owed] : std::vector<std::tuple<Event::Kind, std::string, bool>>{
           {Event::TRANSFERRED_IN, "2024-05-02", false},
           {Event::TRANSFERRED_IN, "2024-05-01", true},
           {Event::TRANSFERRED_OUT, "2024-05-01", false},
           {Event::TRANSFERRED_OUT, "2024-05-02", true}}) {
    SnapshotBuilder b = Branch(4);
    v1::Member& leader = *b.snapshot().mutable_members(0);
    leader.set_leading_cadre(true);
    leader.set_admitted_on("2010-06-01");
    Attend(b.Activity("b", A::GENERAL_MEETING, "2024-05-01"), Ids(b, 1, 4));  // Q2's only meeting, the leader absent
    b.Event(leader.id(), kind, on);
    for (const char* profile : kProfiles) {
      const auto f = FindingsOf(b.Check(profile, "2024-11-30", Only("life.leader_dual_life")), "life.leader_dual_life");
      ASSERT_EQ(f.size(), owed ? 1u : 0u) << Event::Kind_Name(kind) << " " << on << ", " << profile;
      if (owed) {
        EXPECT_EQ(f[0].period(), "2024-Q2");
      }
    }
  }
}

TEST(ElectionQuorum, MoreThanFourFifths) {
  // 10 full members entitled: 8 present is not more than 4/5, 9 is.
  for (const auto& [present, findings] : std::vector<std::pair<int, int>>{{8, 1}, {9, 0}}) {
    SnapshotBuilder b = Branch(10, 2);
    v1::Activity& e = b.Activity("b", A::ELECTION, "2024-03-01");
    Attend(e, Ids(b, 0, present));
    Attend(e, Ids(b, 10, 12));  // probationary members attend without a vote
    EXPECT_EQ(CountOf(b.Check("national", "2024-03-31", Only("term.election_quorum")), "term.election_quorum"), findings) << present;
  }
  // Those entitled are the full members of the day: 8 present of 10 is not
  // more than 4/5, of 9 it is — an absent one transferred out by the day
  // is not entitled.
  for (const auto& [out_on, findings] : std::vector<std::pair<std::string, int>>{{"2024-03-01", 0}, {"2024-03-02", 1}}) {
    SnapshotBuilder b = Branch(10, 2);
    Attend(b.Activity("b", A::ELECTION, "2024-03-01"), Ids(b, 0, 8));
    b.Event(b.snapshot().members(9).id(), v1::MemberEvent::TRANSFERRED_OUT, out_on);
    for (const char* profile : kProfiles) {
      EXPECT_EQ(CountOf(b.Check(profile, "2024-03-31", Only("term.election_quorum")), "term.election_quorum"), findings)
          << out_on << ", " << profile;
    }
  }
}

TEST(ProbationaryVoter, MoreVotesThanFullMembersPresent) {
  for (const auto& [votes, findings] : std::vector<std::pair<int, int>>{{9, 0}, {10, 1}}) {
    SnapshotBuilder b = Branch(10, 2);
    v1::Activity& e = b.Activity("b", A::ELECTION, "2024-03-01");
    Attend(e, Ids(b, 0, 9));
    Attend(e, Ids(b, 10, 12));
    A::Decision& d = *e.add_decisions();
    d.set_kind(A::Decision::ELECT);
    d.set_votes_for(votes - 1);
    d.set_votes_against(1);
    EXPECT_EQ(CountOf(b.Check("national", "2024-03-31", Only("term.probationary_voter")), "term.probationary_voter"), findings) << votes;
  }
}

TEST(ProbationaryCandidate, OnProbationOnTheDay) {
  SnapshotBuilder b = Branch(3, 1);
  b.snapshot().mutable_members(3)->set_admitted_on("2023-10-01");
  b.snapshot().mutable_members(2)->set_full_on("2024-03-02");  // full the day after the election
  b.snapshot().mutable_members(1)->set_full_on("2024-03-01");  // full on the day
  A::Decision& d = *b.Activity("b", A::ELECTION, "2024-03-01").add_decisions();
  d.set_kind(A::Decision::ELECT);
  for (int i = 0; i < 4; ++i) d.add_subject_member_ids(b.snapshot().members(i).id());
  for (const char* profile : kProfiles) {
    const auto f = FindingsOf(b.Check(profile, "2024-03-31", Only("term.probationary_candidate")), "term.probationary_candidate");
    ASSERT_EQ(f.size(), 2u) << profile;
    EXPECT_EQ(f[0].member_id(), b.snapshot().members(2).id());
    EXPECT_EQ(f[1].member_id(), b.snapshot().members(3).id());
  }
}

// 差额选举 (E): at least the seats plus a fifth of them stand; the same in both profiles.
TEST(CompetitiveElection, TheSeatsPlusTwentyPercent) {
  for (const auto& [seats, candidates, findings] : std::vector<std::tuple<int, int, int>>{
           {3, 3, 1}, {3, 4, 0}, {5, 5, 1}, {5, 6, 0}, {100, 119, 1}, {100, 120, 0}, {100, 121, 0}}) {
    SnapshotBuilder b = Branch(121);
    v1::Activity& e = b.Activity("b", A::ELECTION, "2024-03-01");
    Attend(e, Ids(b, 0, 121));
    A::Decision& d = *e.add_decisions();
    d.set_kind(A::Decision::ELECT);
    d.set_seats(seats);
    for (const std::string& id : Ids(b, 0, candidates)) d.add_candidate_member_ids(id);
    for (const char* profile : kProfiles) {
      const auto f = FindingsOf(b.Check(profile, "2024-03-31", Only("term.competitive_election")), "term.competitive_election");
      ASSERT_EQ(static_cast<int>(f.size()), findings) << profile << " " << candidates << " for " << seats;
      if (findings > 0) {
        EXPECT_EQ(f[0].evidence().at("need"), std::to_string(seats == 3 ? 4 : seats == 5 ? 6 : 120));
        EXPECT_EQ(f[0].activity_id(), e.id());
      }
    }
  }
  // Without seats, or without candidates, not judged.
  SnapshotBuilder b = Branch(5);
  A::Decision& d = *b.Activity("b", A::ELECTION, "2024-03-01").add_decisions();
  d.set_kind(A::Decision::ELECT);
  d.add_candidate_member_ids(b.snapshot().members(0).id());
  EXPECT_EQ(CountOf(b.Check("national", "2024-03-31", Only("term.competitive_election")), "term.competitive_election"), 0);
  d.clear_candidate_member_ids();
  d.set_seats(3);
  EXPECT_EQ(CountOf(b.Check("national", "2024-03-31", Only("term.competitive_election")), "term.competitive_election"), 0);
}

// 赞成票超过实到会有选举权的人数的一半,始得当选 (E): 10 full members present
// (the 2 probationary ones have no vote); 5 votes is exactly half, 6 one more.
TEST(WinnerMajority, MoreThanHalfOfThoseWithAVotePresent) {
  SnapshotBuilder b = Branch(12, 2);
  v1::Activity& e = b.Activity("b", A::ELECTION, "2024-03-01");
  Attend(e, Ids(b, 0, 10));
  Attend(e, Ids(b, 12, 14));
  A::Decision& d = *e.add_decisions();
  d.set_kind(A::Decision::ELECT);
  d.set_seats(3);
  for (const std::string& id : Ids(b, 0, 5)) d.add_candidate_member_ids(id);
  for (int votes : {10, 6, 5, 5}) d.add_candidate_votes(votes);  // the fifth has no count
  for (const std::string& id : {Ids(b, 0, 3)[0], Ids(b, 0, 3)[1], Ids(b, 0, 3)[2]}) d.add_subject_member_ids(id);
  for (const char* profile : kProfiles) {
    const auto f = FindingsOf(b.Check(profile, "2024-03-31", Only("term.winner_majority")), "term.winner_majority");
    ASSERT_EQ(f.size(), 1u) << profile;  // the fourth, with 5 too, was not elected
    EXPECT_EQ(f[0].member_id(), b.snapshot().members(2).id());
    EXPECT_EQ(f[0].evidence().at("votesFor"), "5");
    EXPECT_EQ(f[0].evidence().at("present"), "10");
    EXPECT_EQ(f[0].message(), "2024-03-01的换届选举中当选,得票5张,未超过到会有选举权的10人的50%");
  }
  // The fifth elected, without a count: not judged; the third at 6: one more than half.
  d.add_subject_member_ids(b.snapshot().members(4).id());
  d.set_candidate_votes(2, 6);
  EXPECT_EQ(CountOf(b.Check("national", "2024-03-31", Only("term.winner_majority")), "term.winner_majority"), 0);
}

// 每年和基层党组织负责人谈心谈话 (genhe-2020): each branch secretary under a
// general branch, in office the whole year, in a talk the general branch holds.
TEST(GeneralBranchTalks, EachBranchSecretaryOnceAYear) {
  SnapshotBuilder b;
  b.Org("gb", v1::Org::GENERAL_BRANCH).set_established_on("2010-01-01");
  std::vector<std::string> secretaries;
  for (const char* id : {"b1", "b2", "b3"}) {
    b.Org(id, v1::Org::BRANCH, "gb").set_established_on("2010-01-01");
    secretaries.push_back(b.Members(id, 3)[0]);
    b.Position(id, secretaries.back(), v1::Position::SECRETARY).set_since("2020-01-01");
  }
  b.snapshot().mutable_positions(2)->set_since("2024-01-02");  // b3's secretary: in office from the second day
  v1::Activity& talk = b.Activity("gb", A::TALK, "2024-12-31");  // the year's last day counts
  talk.add_talk_member_ids(secretaries[0]);
  b.Activity("b2", A::TALK, "2024-06-01").add_talk_member_ids(secretaries[1]);  // the branch's own: not the general branch's
  CheckOptions o = Only("life.general_branch_talks");
  EXPECT_EQ(b.Check("national", "2024-12-31", o).findings_size(), 0);  // off in national
  auto f = FindingsOf(b.Check("genhe-2020", "2024-12-31", o), "life.general_branch_talks");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].member_id(), secretaries[1]);
  EXPECT_EQ(f[0].org_id(), "gb");
  EXPECT_EQ(f[0].severity(), v1::WARNING);
  EXPECT_EQ(f[0].message(), "2024年党总支未与该基层党组织负责人谈心谈话");
  // The year still running: a reminder, due on its last day; the talk of the 31st not yet held.
  f = FindingsOf(b.Check("genhe-2020", "2024-12-30", o), "life.general_branch_talks");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity(), v1::NOTICE);
  EXPECT_EQ(f[0].due_on(), "2024-12-31");
  // b2 dissolved within the year: nothing owed for it.
  b.snapshot().mutable_orgs(2)->set_dissolved_on("2024-12-01");
  EXPECT_EQ(CountOf(b.Check("genhe-2020", "2024-12-31", o), "life.general_branch_talks"), 0);
}

TEST(TemporaryBranchScope, ElectionsAdmissionsDues) {
  SnapshotBuilder b = Branch(3, 0, v1::Org::TEMPORARY_BRANCH);
  b.Activity("b", A::ELECTION, "2024-03-01");
  b.Activity("b", A::GENERAL_MEETING, "2024-03-02").add_decisions()->set_kind(A::Decision::ADMIT_PROBATIONARY);
  b.Activity("b", A::GENERAL_MEETING, "2024-03-03").add_decisions()->set_kind(A::Decision::OTHER);
  v1::DuesPayment& p = *b.snapshot().add_dues();
  p.set_member_id(b.snapshot().members(0).id());
  p.set_month("2024-02");
  p.set_amount_cents(2000);
  const auto f = FindingsOf(b.Check("national", "2024-03-31", Only("setup.temporary_branch_scope")), "setup.temporary_branch_scope");
  ASSERT_EQ(f.size(), 3u);
  std::vector<std::string> keys;
  for (const auto& x : f) keys.push_back(x.message_key());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"setup.temporary_branch_scope.admission", "setup.temporary_branch_scope.dues",
                                             "setup.temporary_branch_scope.election"}));
  // An ordinary branch may do all three.
  SnapshotBuilder ordinary = Branch(3);
  ordinary.Activity("b", A::ELECTION, "2024-03-01");
  EXPECT_EQ(CountOf(ordinary.Check("national", "2024-03-31"), "setup.temporary_branch_scope"), 0);
}

// A temporary branch's members pay dues at home (组织关系不转接): the home
// org's runs, not the temporary branch's; a member can satisfy both rules.
TEST(TemporaryBranchScope, DuesAreThoseOfTheHomeOrg) {
  SnapshotBuilder b;
  b.Org("home", v1::Org::BRANCH);
  b.Org("temp", v1::Org::TEMPORARY_BRANCH);
  b.Members("home", 3);
  const auto people = b.Members("temp", 2);
  b.snapshot().mutable_members(3)->set_home_org_id("home");  // temp/m4; temp/m5 has no home given
  for (int i = 0; i < 3; ++i) {  // the home branch's own pay every month of 2024
    v1::DuesLedger& l = *b.snapshot().add_dues_ledger();
    l.set_member_id(b.snapshot().members(i).id());
    l.set_year(2024);
    l.set_paid_months(0xFFF);
  }
  CheckOptions o;
  o.rules = {"member.dues_unpaid_run", "setup.temporary_branch_scope"};
  for (const char* profile : kProfiles) {
    // Nobody in the temporary branch paid: temp/m4 owes its home six months; temp/m5 owes no one here.
    const auto runs = FindingsOf(b.Check(profile, "2024-06-30", o), "member.dues_unpaid_run");
    ASSERT_EQ(runs.size(), 1u) << profile;
    EXPECT_EQ(runs[0].member_id(), people[0]);
    EXPECT_EQ(runs[0].org_id(), "home");
    EXPECT_EQ(CountOf(b.Check(profile, "2024-06-30", o), "setup.temporary_branch_scope"), 0) << profile;
  }
  // temp/m4 pays at home: no run, and no dues collected by the temporary branch.
  v1::DuesLedger& paid = *b.snapshot().add_dues_ledger();
  paid.set_member_id(people[0]);
  paid.set_year(2024);
  paid.set_paid_months(0xFFF);
  v1::DuesPayment& p = *b.snapshot().add_dues();
  p.set_member_id(people[0]);
  p.set_month("2024-06");
  p.set_amount_cents(2000);
  for (const char* profile : kProfiles) {
    EXPECT_EQ(b.Check(profile, "2024-06-30", o).findings_size(), 0) << profile;
  }
  // temp/m5 pays through the temporary branch, its home unknown: collected there.
  v1::DuesPayment& q = *b.snapshot().add_dues();
  q.set_member_id(people[1]);
  q.set_month("2024-06");
  q.set_amount_cents(2000);
  for (const char* profile : kProfiles) {
    const v1::Report r = b.Check(profile, "2024-06-30", o);
    EXPECT_EQ(CountOf(r, "setup.temporary_branch_scope"), 1) << profile;
    EXPECT_EQ(CountOf(r, "member.dues_unpaid_run"), 0) << profile;
  }
}

TEST(Records, OnlyTheWindowIsJudged) {
  SnapshotBuilder b = Branch(3);
  b.Activity("b", A::COMMITTEE_MEETING, "2023-12-31").clear_place();
  b.Activity("b", A::COMMITTEE_MEETING, "2024-04-01").clear_place();  // after as-of
  EXPECT_EQ(CountOf(b.Check("national", "2024-03-31", Only("life.record_incomplete")), "life.record_incomplete"), 0);
}

}  // namespace
}  // namespace dangjian::testing
