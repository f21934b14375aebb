// The records themselves (会议记录): completeness, quorums, votes, make-ups,
// leaders' dual organizational life, elections, and what a temporary branch
// may not do. Activities of the checked orgs held within the window.
#include <algorithm>

#include "absl/container/inlined_vector.h"
#include "lib/rules/families.h"

namespace dangjian::rules {
namespace {

using check::CheckContext;
using check::Sink;
using Kind = v1::Activity;

// The activities whose records must be whole: the meetings and the party
// lecture, the 一课 of 三会一课.
bool KeepsARecord(v1::Activity::Kind k) {
  switch (k) {
    case Kind::GENERAL_MEETING: case Kind::COMMITTEE_MEETING: case Kind::GROUP_MEETING:
    case Kind::ORG_LIFE_MEETING: case Kind::DEMOCRATIC_EVALUATION: case Kind::ELECTION:
    case Kind::CADRE_CONGRESS: case Kind::PARTY_LECTURE:
      return true;
    default:
      return false;
  }
}

bool Contains(absl::Span<const MemberIndex> list, MemberIndex m) {
  return std::find(list.begin(), list.end(), m) != list.end();
}

// 记录要素 (S4 三(二)2): what the record of meeting `a` of org `o` lacks, as
// check::RecordPart bits. `unnamed`: a member of o that none of o's
// activities names, or kNone (CheckRecordsOf).
uint32_t MissingParts(const Store& s, OrgIndex o, ActivityIndex a, MemberIndex unnamed) {
  using P = check::RecordPart;
  const auto& acts = s.activities();
  uint32_t missing = 0;
  const uint8_t r = acts.recorded[a];
  if (!(r & Store::Activities::kPlace)) missing |= P::kPlace;
  if (!(r & Store::Activities::kTopic)) missing |= P::kTopic;
  if (!(r & Store::Activities::kAttendees)) missing |= P::kAttendees;
  if (!(r & Store::Activities::kMinutes)) missing |= P::kMinutes;
  // A make-up (补课) records only those making up.
  const bool roll =
      acts.kind[a] == Kind::GENERAL_MEETING && (r & Store::Activities::kAttendees) && acts.makeup_for[a] == kNone;
  // A member of the branch on the day that the record cannot name is not
  // accounted for: the roll is incomplete whoever else it names.
  if (roll && unnamed != kNone && MembershipOf(s, unnamed, 0).On(acts.held_on[a])) {
    missing |= P::kRoll;
  } else if (roll) {
    // Present and absent together account for every member of the branch:
    // each is marked, a bit for each member of the Store, then the branch's
    // members are walked.
    thread_local std::vector<uint64_t> marked;
    const size_t everyone = s.members().size();
    if (marked.size() < (everyone + 63) / 64) marked.resize((everyone + 63) / 64);
    const auto mark = [&](MemberIndex m, bool on) {
      if (m < 0 || static_cast<size_t>(m) >= everyone) return;
      const uint64_t bit = uint64_t{1} << (m % 64);
      marked[m / 64] = on ? marked[m / 64] | bit : marked[m / 64] & ~bit;
    };
    const auto is_marked = [&](MemberIndex m) { return (marked[m / 64] >> (m % 64) & 1) != 0; };
    for (MemberIndex m : s.AttendeesOf(a)) mark(m, true);
    for (const auto& x : s.AbsenteesOf(a)) mark(x.member, true);
    const Day day = acts.held_on[a];
    for (const MemberIndex m : s.MembersOf(o)) {
      if (is_marked(m)) continue;
      // A member of the branch on the day (as the member rules count its
      // months in the branch).
      if (!MembershipOf(s, m, 0).On(day)) continue;
      missing |= P::kRoll;
      break;
    }
    // Unmarked again, so that no later meeting (of another Store, maybe) sees them.
    for (MemberIndex m : s.AttendeesOf(a)) mark(m, false);
    for (const auto& x : s.AbsenteesOf(a)) mark(x.member, false);
  }
  for (const auto& d : s.DecisionsOf(a)) {
    if (d.votes_for < 0) missing |= P::kTally;
  }
  if (acts.unowned_resolutions[a] > 0) missing |= P::kOwner;
  return missing;
}

// The committee of `o` on `day`: distinct members in a committee role, a
// few people, held in place.
absl::InlinedVector<MemberIndex, 12> CommitteeOn(const Store& s, OrgIndex o, Day day) {
  const auto& p = s.positions();
  absl::InlinedVector<MemberIndex, 12> people;
  for (const int32_t i : s.PositionsOf(o)) {
    const Role role = p.role[i];
    if (role != v1::Position::SECRETARY && role != v1::Position::DEPUTY_SECRETARY &&
        role != v1::Position::COMMITTEE_MEMBER && role != v1::Position::DISCIPLINE_MEMBER) {
      continue;
    }
    if ((p.since[i] != kNoDay && p.since[i] > day) || (p.until[i] != kNoDay && p.until[i] < day)) continue;
    if (p.member[i] != kNone && !Contains(people, p.member[i])) people.push_back(p.member[i]);
  }
  return people;
}

// The fewest of `of` that reach `percent` of them: the share itself when the
// bound is inclusive (半数以上: 2 of 4), one more when it is not (超过半数: 3 of 4).
int64_t Fewest(int percent, bool inclusive, size_t of) {
  const int64_t share = int64_t{percent} * static_cast<int64_t>(of);
  return inclusive ? (share + 99) / 100 : share / 100 + 1;
}

// Whether member m was made full (转正) after `day`, by its fullOn: on
// probation still that day.
bool FullAfter(const Store& s, MemberIndex m, Day day) {
  const Day full = s.members().full_on[m];
  return full != kNoDay && full > day;
}

// Whether member m of a branch had a vote there on `day`: a full member
// then (full, and not made full after the day: probationary members have
// none, C Art. 7), and a member of the branch then.
bool VotesOn(const Store& s, MemberIndex m, Day day) {
  if (s.members().status[m] != v1::Member::FULL || FullAfter(s, m, day)) return false;
  return MembershipOf(s, m, 0).On(day);
}

// The branch's members with a vote at activity a (应到会有表决权的党员, on its
// day), and how many of them were present.
std::pair<int, int> Voters(const Store& s, OrgIndex o, ActivityIndex a) {
  const Day day = s.activities().held_on[a];
  int entitled = 0, present = 0;
  for (MemberIndex m : s.MembersOf(o)) {
    if (!VotesOn(s, m, day)) continue;
    ++entitled;
    present += s.Present(m, a);
  }
  return {entitled, present};
}

// 党员大会的表决 (B Art. 11): a general meeting that decides anything needs
// half or more of the members with a vote present, and a decision passes
// only with votes for more than half of those entitled (应到会有表决权的党员),
// not of those present. A decision on record is taken as adopted.
void GeneralMeetingVotes(const CheckContext& ctx, OrgIndex o, ActivityIndex a, Sink& sink) {
  const Store& s = ctx.store;
  const auto decisions = s.DecisionsOf(a);
  if (decisions.empty() || s.activities().makeup_for[a] != kNone) return;
  const auto [entitled, present] = Voters(s, o, a);
  if (entitled == 0) return;
  const auto& life = ctx.policy.life();
  const auto add = [&](int rule) -> check::Finding& {
    check::Finding& f = sink.Add(rule, o);
    f.activity = a;
    return f.Date("heldOn", s.activities().held_on[a]);
  };
  const int64_t quorum = Fewest(life.meeting_quorum_percent(), life.meeting_quorum_inclusive(), entitled);
  if (sink.Wants(kLifeMeetingQuorum) && present < quorum) {
    add(kLifeMeetingQuorum).Int("present", present).Int("entitled", entitled).Int("need", quorum);
  }
  const int64_t pass = Fewest(life.vote_pass_percent(), life.vote_pass_inclusive(), entitled);
  int short_of = 0, fewest = 0;
  for (const auto& d : decisions) {
    if (d.votes_for < 0 || d.votes_for >= pass) continue;  // no tally: life.record_incomplete's
    if (short_of++ == 0 || d.votes_for < fewest) fewest = d.votes_for;
  }
  if (sink.Wants(kLifeVoteThreshold) && short_of > 0) {
    add(kLifeVoteThreshold).Int("decisions", short_of).Int("votesFor", fewest).Int("entitled", entitled).Int("need", pass);
  }
}

void Meeting(const CheckContext& ctx, OrgIndex o, ActivityIndex a, MemberIndex unnamed, Sink& sink) {
  const Store& s = ctx.store;
  const auto& acts = s.activities();
  const v1::Activity::Kind kind = acts.kind[a];
  const auto add = [&](int rule) -> check::Finding& {
    check::Finding& f = sink.Add(rule, o);
    f.activity = a;
    return f.Date("heldOn", acts.held_on[a]).Activity("activity", kind, true);
  };

  if (KeepsARecord(kind) && sink.Wants(kLifeRecordIncomplete)) {
    const uint32_t missing = MissingParts(s, o, a, unnamed);
    if (missing != 0) add(kLifeRecordIncomplete).RecordParts("missing", missing);
  }

  // 逐个表决: one person per admission, conversion or extension.
  for (const auto& d : s.DecisionsOf(a)) {
    if ((d.kind == v1::Activity::Decision::ADMIT_PROBATIONARY || d.kind == v1::Activity::Decision::CONVERT_TO_FULL ||
         d.kind == v1::Activity::Decision::EXTEND_PROBATION) && d.subjects >= 2) {
      add(kLifeIndividualVote).Int("subjects", d.subjects);
      break;
    }
  }

  if (kind == Kind::GENERAL_MEETING && IsBranchKind(s.orgs().kind[o])) GeneralMeetingVotes(ctx, o, a, sink);

  if (kind == Kind::COMMITTEE_MEETING && IsBranchKind(s.orgs().kind[o])) {
    const auto committee = CommitteeOn(s, o, acts.held_on[a]);
    if (!committee.empty()) {
      int present = 0;
      for (MemberIndex m : committee) present += s.Present(m, a);
      const auto& life = ctx.policy.life();
      const int64_t need = Fewest(life.committee_quorum_percent(), life.committee_quorum_inclusive(), committee.size());
      if (present < need) {
        add(kLifeCommitteeQuorum).Int("present", present).Int("committee", committee.size()).Int("need", need);
      }
    }
  }

  if (kind == Kind::ELECTION) {
    // 应到会: the branch's full members on the day; probationary members do
    // not vote (E Art. 5).
    const auto [entitled, present] = Voters(s, o, a);
    const int percent = ctx.policy.life().election_quorum_percent();
    if (entitled > 0 && int64_t{present} * 100 <= int64_t{percent} * entitled) {
      add(kTermElectionQuorum).Int("present", present).Int("entitled", entitled).Int("percent", percent);
    }
    // 预备党员没有表决权、选举权和被选举权 (C Art. 7): a member still on
    // probation on the day, elected.
    const auto& members = s.members();
    for (const auto& d : s.DecisionsOf(a)) {
      if (d.kind != v1::Activity::Decision::ELECT || !sink.Wants(kTermProbationaryCandidate)) continue;
      for (MemberIndex m : s.SubjectsOf(d)) {
        const Day day = acts.held_on[a], admitted = members.admitted_on[m];
        const bool on_probation = members.status[m] == v1::Member::PROBATIONARY ? admitted == kNoDay || admitted <= day
                                                                                  : FullAfter(s, m, day);
        if (on_probation) add(kTermProbationaryCandidate).Member(m);
      }
    }
    const auto& terms = ctx.policy.terms();
    for (const auto& d : s.DecisionsOf(a)) {
      if (d.kind != v1::Activity::Decision::ELECT) continue;
      // 差额选举 (E): the candidates outnumber the seats by a fifth of them.
      const int64_t share = int64_t{std::max(d.seats, 0)} * (100 + terms.candidate_margin_percent());
      if (d.seats > 0 && d.candidates > 0 && int64_t{d.candidates} * 100 < share && sink.Wants(kTermCompetitiveElection)) {
        add(kTermCompetitiveElection).Int("seats", d.seats).Int("candidates", d.candidates)
            .Int("percent", terms.candidate_margin_percent()).Int("need", (share + 99) / 100);
      }
      // 获得赞成票超过实到会有选举权的人数的一半,始得当选 (E).
      if (!sink.Wants(kTermWinnerMajority)) continue;
      for (MemberIndex m : s.SubjectsOf(d)) {
        for (const auto& c : s.CandidatesOf(d)) {
          if (c.member != m || c.votes_for < 0) continue;
          if (int64_t{c.votes_for} * 100 <= int64_t{terms.winner_votes_percent()} * present) {
            add(kTermWinnerMajority).Member(m).Int("votesFor", c.votes_for).Int("present", present)
                .Int("percent", terms.winner_votes_percent());
          }
          break;
        }
      }
    }
    for (const auto& d : s.DecisionsOf(a)) {
      const int64_t votes = int64_t{std::max(d.votes_for, 0)} + std::max(d.votes_against, 0) + std::max(d.votes_abstain, 0);
      if (votes > present) {
        add(kTermProbationaryVoter).Int("votes", votes).Int("fullPresent", present);
        break;
      }
    }
  }

  if (s.orgs().kind[o] == v1::Org::TEMPORARY_BRANCH) {
    const auto decisions = s.DecisionsOf(a);
    const bool admits = std::any_of(decisions.begin(), decisions.end(), [](const auto& d) {
      return d.kind == v1::Activity::Decision::ADMIT_PROBATIONARY;
    });
    if (kind == Kind::ELECTION || admits) {
      add(kSetupTemporaryBranchScope).Variant(kind == Kind::ELECTION ? "election" : "admission");
    }
  }
}

// life.makeup_missing: absent on approved leave, no make-up within the days allowed.
void Makeups(const CheckContext& ctx, OrgIndex o, ActivityIndex a, Sink& sink) {
  const Store& s = ctx.store;
  const auto& acts = s.activities();
  if (acts.kind[a] != Kind::GENERAL_MEETING && acts.kind[a] != Kind::THEME_DAY) return;
  const int days = ctx.policy.life().makeup_days();
  const Day deadline = acts.held_on[a] + days;
  if (deadline >= ctx.as_of) return;  // still time
  // The make-ups of `a` that `holder` held in time: its activities held by
  // the deadline that name it.
  const auto made_up_by = [&](OrgIndex holder, auto&& f) {
    const IndexList held = s.ActivitiesOf(holder);
    for (uint32_t k = 0; k < held.size() && acts.held_on[held[k]] <= deadline; ++k) {
      if (acts.makeup_for[held[k]] == a) f(held[k]);
    }
  };
  absl::InlinedVector<ActivityIndex, 4> own;  // o's, looked for once for every absentee
  bool looked = false;
  for (const auto& absent : s.AbsenteesOf(a)) {
    if (absent.reason != v1::Activity::Absentee::LEAVE_APPROVED) continue;
    // A make-up the member was present at: held by o, or by the member's
    // branch when that is another.
    if (!looked) {
      made_up_by(o, [&](ActivityIndex b) { own.push_back(b); });
      looked = true;
    }
    bool made_up = std::any_of(own.begin(), own.end(), [&](ActivityIndex b) { return s.Present(absent.member, b); });
    const OrgIndex branch = s.members().org[absent.member];
    if (!made_up && branch != o && branch != kNone) {
      made_up_by(branch, [&](ActivityIndex b) { made_up = made_up || s.Present(absent.member, b); });
    }
    if (!made_up) {
      check::Finding& f = sink.Add(kLifeMakeupMissing, o).Member(absent.member);
      f.activity = a;
      f.Date("heldOn", acts.held_on[a]).Activity("activity", acts.kind[a], true).Int("days", days);
    }
  }
}

// life.leader_dual_life (双重组织生活): each quarter that has ended in the
// window, a leading cadre attends at least one of the branch's general and
// org-life meetings, when it held any.
void LeadersDualLife(const CheckContext& ctx, OrgIndex o, Sink& sink) {
  const Store& s = ctx.store;
  const auto& acts = s.activities();
  const IndexList held_by_o = s.ActivitiesOf(o);
  for (MemberIndex m : s.MembersOf(o)) {
    if (!s.members().leading_cadre[m]) continue;
    // The meetings held while it was a member of the branch.
    const Membership ms = MembershipOf(s, m, 0);
    for (Period q = Period::FirstFrom(PeriodKind::kQuarter, ctx.from); q.last_day() <= ctx.as_of; q = q.Next()) {
      int held = 0, attended = 0;
      for (const ActivityIndex a : held_by_o) {
        if ((acts.kind[a] != Kind::GENERAL_MEETING && acts.kind[a] != Kind::ORG_LIFE_MEETING) || !q.Contains(acts.held_on[a]) ||
            acts.makeup_for[a] != kNone || !ms.On(acts.held_on[a])) {
          continue;
        }
        ++held;
        attended += s.Present(m, a);
      }
      if (held > 0 && attended == 0) {
        check::Finding& f = sink.Add(kLifeLeaderDualLife, o).Member(m);
        f.period = q;
        f.PeriodParam("period", q).Int("held", held);
      }
    }
  }
}

// life.general_branch_talks (S4 三(一)2: 每年和基层党组织负责人谈心谈话不少于1次):
// each year, the secretary of each branch under general branch o, in office
// the whole year (so far), in a talk o holds; the year still running, a
// reminder while none was held.
void GeneralBranchTalks(const CheckContext& ctx, OrgIndex o, Sink& sink) {
  const Store& s = ctx.store;
  const auto& pos = s.positions();
  for (Period y = Period::FirstFrom(PeriodKind::kYear, ctx.from); y.first_day() <= ctx.as_of; y = y.Next()) {
    const bool ended = y.last_day() <= ctx.as_of;
    const Day through = std::min(y.last_day(), ctx.as_of);
    if (!ctx.ExistsThroughout(o, y.first_day(), through)) continue;
    for (OrgIndex c : s.Children(o)) {
      if (!IsBranchKind(s.orgs().kind[c]) || !ctx.ExistsThroughout(c, y.first_day(), through)) continue;
      for (const int32_t i : s.PositionsOf(c)) {
        const MemberIndex m = pos.member[i];
        if (pos.role[i] != v1::Position::SECRETARY || m == kNone) continue;
        if ((pos.since[i] != kNoDay && pos.since[i] > y.first_day()) || (pos.until[i] != kNoDay && pos.until[i] < through)) continue;
        bool talked = false;
        for (ActivityIndex a : s.TalksWith(m)) {
          const Day d = s.activities().held_on[a];
          talked |= s.activities().org[a] == o && y.Contains(d) && d <= ctx.as_of;
        }
        if (talked) continue;
        check::Finding& f = ended ? sink.Add(kLifeGeneralBranchTalks, o) : sink.AddNotice(kLifeGeneralBranchTalks, o).DueOn(y.last_day());
        f.Member(m).period = y;
        f.PeriodParam("period", y);
        if (!ended) f.Key("life.general_branch_talks.due").Date("dueOn", y.last_day());
      }
    }
  }
}

// The records of org o: of each of its activities held in the window — of
// those `judged` alone, unless `every` — and the org's own (leaders' dual
// life, a general branch's talks, what a temporary branch may not do).
// `unnamed` as CheckRecordsOf's.
void OrgRecords(const CheckContext& ctx, OrgIndex o, bool every, absl::Span<const ActivityIndex> judged,
                MemberIndex unnamed, Sink& sink) {
  const Store& s = ctx.store;
  const auto& held = s.activities().held_on;
  const IndexList in_window = s.ActivitiesFrom(o, ctx.from);  // by the day held
  const auto judge = [&](ActivityIndex a) {
    Meeting(ctx, o, a, unnamed, sink);
    if (sink.Wants(kLifeMakeupMissing)) Makeups(ctx, o, a, sink);
  };
  if (every) {
    for (const ActivityIndex a : in_window) {
      if (held[a] > ctx.as_of) break;
      judge(a);
    }
  } else {
    // Those judged alone, in the org's order, as a whole check meets them:
    // each found among the activities held on its day, by its place in the
    // window.
    absl::InlinedVector<uint32_t, 16> places;
    for (const ActivityIndex a : judged) {
      if (a < 0 || held[a] < ctx.from || held[a] > ctx.as_of) continue;
      const IndexList from_its_day = s.ActivitiesFrom(o, held[a]);  // the window's last part
      for (uint32_t k = 0; k < from_its_day.size() && held[from_its_day[k]] == held[a]; ++k) {
        if (from_its_day[k] == a) {
          places.push_back(in_window.size() - from_its_day.size() + k);
          break;
        }
      }
    }
    std::sort(places.begin(), places.end());
    for (const uint32_t k : places) judge(in_window[k]);
  }
  if (sink.Wants(kLifeLeaderDualLife) && IsBranchKind(s.orgs().kind[o])) LeadersDualLife(ctx, o, sink);
  if (sink.Wants(kLifeGeneralBranchTalks) && s.orgs().kind[o] == v1::Org::GENERAL_BRANCH) GeneralBranchTalks(ctx, o, sink);
  // A temporary branch collects no dues (党员组织关系不转接): the payments of
  // a member whose home org is given are that org's, the others' its own.
  if (s.orgs().kind[o] == v1::Org::TEMPORARY_BRANCH && sink.Wants(kSetupTemporaryBranchScope)) {
    int64_t payments = 0;
    for (MemberIndex m : s.MembersOf(o)) {
      if (s.members().home_org[m] != kNone) continue;
      const auto [dfirst, dlast] = s.DuesOf(m);
      payments += dlast - dfirst;
    }
    if (payments > 0) sink.Add(kSetupTemporaryBranchScope, o).Variant("dues").Int("payments", payments);
  }
}

}  // namespace

void CheckRecords(const CheckContext& ctx, int32_t begin, int32_t end, Sink& sink) {
  for (int32_t k = begin; k < end; ++k) OrgRecords(ctx, ctx.store.OrgAt(k), true, {}, kNone, sink);
}

void CheckRecordsOf(const CheckContext& ctx, OrgIndex o, absl::Span<const ActivityIndex> judged, Sink& sink,
                    MemberIndex unnamed) {
  OrgRecords(ctx, o, false, judged, unnamed, sink);
}

}  // namespace dangjian::rules
