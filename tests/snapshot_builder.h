// Test snapshots in a few lines: orgs, members by count, positions, terms.
#ifndef DANGJIAN_TESTS_SNAPSHOT_BUILDER_H_
#define DANGJIAN_TESTS_SNAPSHOT_BUILDER_H_

#include <string>
#include <vector>

#include "dangjian/check.h"
#include "dangjian/examples.h"
#include "lib/strings.h"
#include "dangjian/policy.h"
#include "dangjian/store.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "gtest/gtest.h"

namespace dangjian::testing {

class SnapshotBuilder {
 public:
  v1::Org& Org(const std::string& id, v1::Org::Kind kind, const std::string& parent = "") {
    v1::Org& o = *snapshot_.add_orgs();
    o.set_id(id);
    o.set_kind(kind);
    o.set_parent_id(parent);
    return o;
  }

  // `full` full and `probationary` probationary members of `org`; their ids.
  std::vector<std::string> Members(const std::string& org, int full, int probationary = 0,
                                   const std::string& unit = "") {
    std::vector<std::string> ids;
    for (int i = 0; i < full + probationary; ++i) {
      v1::Member& m = *snapshot_.add_members();
      m.set_id(org + "/m" + std::to_string(next_member_++));
      m.set_org_id(org);
      m.set_unit_id(unit);
      m.set_status(i < full ? v1::Member::FULL : v1::Member::PROBATIONARY);
      ids.push_back(m.id());
    }
    return ids;
  }

  v1::Position& Position(const std::string& org, const std::string& member, v1::Position::Role role,
                         bool approved = true) {
    v1::Position& p = *snapshot_.add_positions();
    p.set_org_id(org);
    p.set_member_id(member);
    p.set_role(role);
    p.set_approved(approved);
    return p;
  }

  // A committee of `size` distinct members: secretary, deputy, discipline member, then members.
  void Committee(const std::string& org, const std::vector<std::string>& people, int size) {
    static const v1::Position::Role kRoles[] = {v1::Position::SECRETARY, v1::Position::DEPUTY_SECRETARY,
                                                v1::Position::DISCIPLINE_MEMBER};
    for (int i = 0; i < size; ++i) {
      Position(org, people.at(i), i < 3 ? kRoles[i] : v1::Position::COMMITTEE_MEMBER);
    }
  }

  // Something that happened to a member on a day (党员事项): a transfer in or
  // out, an evaluation.
  v1::MemberEvent& Event(const std::string& member, v1::MemberEvent::Kind kind, const std::string& on) {
    v1::MemberEvent& e = *snapshot_.add_events();
    e.set_member_id(member);
    e.set_kind(kind);
    e.set_on(on);
    return e;
  }

  v1::Term& Term(const std::string& org, const std::string& started, const std::string& ended = "") {
    v1::Term& t = *snapshot_.add_terms();
    t.set_org_id(org);
    t.set_started_on(started);
    t.set_ended_on(ended);
    return t;
  }

  v1::Activity& Activity(const std::string& org, v1::Activity::Kind kind, const std::string& held_on) {
    v1::Activity& a = *snapshot_.add_activities();
    a.set_id("a" + std::to_string(next_activity_++));
    a.set_org_id(org);
    a.set_kind(kind);
    a.set_held_on(held_on);
    a.set_place("党员活动室");
    a.set_topic("学习");
    a.set_minutes("发言记录");
    return a;
  }

  v1::Unit& Unit(const std::string& id) {
    v1::Unit& u = *snapshot_.add_units();
    u.set_id(id);
    return u;
  }

  v1::Snapshot& snapshot() { return snapshot_; }
  const v1::Snapshot& snapshot() const { return snapshot_; }

  std::shared_ptr<const Store> Load() const {
    absl::StatusOr<std::shared_ptr<const Store>> store = LoadSnapshot(snapshot_);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *store : nullptr;
  }

  // The report of a check of this snapshot, with a built-in profile.
  v1::Report Check(const std::string& profile, const std::string& as_of, CheckOptions options = {}) const {
    absl::StatusOr<Policy> policy = Policy::Builtin(profile);
    EXPECT_TRUE(policy.ok()) << policy.status();
    return Check(*policy, as_of, options);
  }
  // The report of a check of this snapshot, with any profile.
  v1::Report Check(const Policy& policy, const std::string& as_of, CheckOptions options = {}) const {
    options.as_of = *ParseDate(as_of);
    std::shared_ptr<const Store> store = Load();
    absl::StatusOr<v1::Report> report = dangjian::Check(*store, policy, options);
    EXPECT_TRUE(report.ok()) << report.status();
    return *report;
  }

 private:
  v1::Snapshot snapshot_;
  int next_member_ = 1;
  int next_activity_ = 1;
};

// The findings of `rule` (about `org`, if given).
inline std::vector<v1::Finding> FindingsOf(const v1::Report& report, const std::string& rule,
                                           const std::string& org = "") {
  std::vector<v1::Finding> out;
  for (const v1::Finding& f : report.findings()) {
    if (f.rule_id() == rule && (org.empty() || f.org_id() == org)) out.push_back(f);
  }
  return out;
}

inline int CountOf(const v1::Report& report, const std::string& rule, const std::string& org = "") {
  return static_cast<int>(FindingsOf(report, rule, org).size());
}

// Messages as a delimited stream (.djs).
inline std::string Delimited(const std::vector<v1::Snapshot>& messages) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    for (const v1::Snapshot& m : messages) {
      coded.WriteVarint32(static_cast<uint32_t>(m.ByteSizeLong()));
      m.SerializeToCodedStream(&coded);
    }
  }  // the stream trims `out` to what was written
  return out;
}

// A committee C whose subtree lies in three messages, each its own part:
//   message 1: C; branch B1 (30 full members) under G, which comes later
//   message 2: general branch G under C; branch B2 (n2 members) under G
//   message 3: C's discipline committee; branch B3 (n3 members) under C,
//              its general meeting attended by members given by position
// The general branch needs 50 members in its subtree and the committee 100
// (national profile): counted across the parts.
struct Spread {
  int n2, n3;
};

inline std::string SpreadStream(Spread s) {
  SnapshotBuilder wc, m1, m2, m3;
  wc.Org("wc", v1::Org::WORKING_COMMITTEE);
  m1.Org("C", v1::Org::COMMITTEE, "wc");
  m1.Org("B1", v1::Org::BRANCH, "G");
  m1.Members("B1", 30);
  m2.Org("G", v1::Org::GENERAL_BRANCH, "C");
  m2.Org("B2", v1::Org::BRANCH, "G");
  m2.Members("B2", s.n2);
  m3.Org("C-jw", v1::Org::DISCIPLINE_COMMITTEE, "C");
  m3.Org("B3", v1::Org::BRANCH, "C");
  m3.Members("B3", s.n3 - 2, 2);
  v1::Activity& meeting = m3.Activity("B3", v1::Activity::GENERAL_MEETING, "2026-10-12");
  for (int k = 0; k < s.n3; k += 2) meeting.add_attendee_indexes(30 + s.n2 + k);
  return Delimited({wc.snapshot(), m1.snapshot(), m2.snapshot(), m3.snapshot()});
}

// An export whose parts' dues begin in different months, in two parts:
//   message 0: the working committee
//   message 1: branch B1, and its members' ledger (2025 whole, 2026 to
//              November) by id, ahead of the members it names
//   message 2: B1's five members; payments of 2022-03 by a position no
//              member holds and of 2021-05 by an id no member has
//   message 3: branch B2, its five members paying from 2026-06 (by position)
// The export's dues begin in 2025-01, so B2's members owe from then on; the
// part of message 3 alone would begin them in 2026-06. Records naming no
// member begin nothing. `first_part` is the bytes of messages 0 to 2: cut at
// it, they are the first part and message 3 the second.
struct DuesApart {
  std::string stream;
  uint64_t first_part;
};

inline DuesApart DuesBegunApart() {
  SnapshotBuilder wc, m1, m2, m3;
  wc.Org("wc", v1::Org::WORKING_COMMITTEE);
  m1.Org("B1", v1::Org::BRANCH, "wc");
  for (int k = 1; k <= 5; ++k) {
    for (auto [year, months] : {std::pair{2025, 0xFFF}, std::pair{2026, 0x7FF}}) {
      v1::DuesLedger& l = *m1.snapshot().add_dues_ledger();
      l.set_member_id("B1/m" + std::to_string(k));
      l.set_year(year);
      l.set_paid_months(months);
    }
  }
  m2.Members("B1", 5);
  v1::DuesPayment& nobody = *m2.snapshot().add_dues();
  nobody.set_member_index(999);
  nobody.set_month("2022-03");
  v1::DuesPayment& stranger = *m2.snapshot().add_dues();
  stranger.set_member_id("nobody");
  stranger.set_month("2021-05");
  m3.Org("B2", v1::Org::BRANCH, "wc");
  m3.Members("B2", 5);
  for (int position = 5; position < 10; ++position) {
    for (int month = 6; month <= 11; ++month) {
      v1::DuesPayment& p = *m3.snapshot().add_dues();
      p.set_member_index(position);
      p.set_month(StrCat("2026-", month < 10 ? "0" : "", month));
      p.set_amount_cents(2000);
    }
  }
  for (SnapshotBuilder* b : {&m2, &m3}) {
    for (v1::Member& m : *b->snapshot().mutable_members()) m.set_admitted_on("2018-05-10"), m.set_full_on("2019-05-10");
  }
  return {Delimited({wc.snapshot(), m1.snapshot(), m2.snapshot(), m3.snapshot()}),
          Delimited({wc.snapshot(), m1.snapshot(), m2.snapshot()}).size()};
}

inline constexpr const char* kProfiles[] = {"national", "genhe-2020"};

// The periods of the findings of `rule`, in report order.
inline std::vector<std::string> PeriodsOf(const v1::Report& report, const std::string& rule,
                                          v1::Severity severity = v1::SEVERITY_UNSPECIFIED) {
  std::vector<std::string> out;
  for (const v1::Finding& f : FindingsOf(report, rule)) {
    if (severity == v1::SEVERITY_UNSPECIFIED || f.severity() == severity) out.push_back(f.period());
  }
  return out;
}
using Periods = std::vector<std::string>;

}  // namespace dangjian::testing

#endif  // DANGJIAN_TESTS_SNAPSHOT_BUILDER_H_
