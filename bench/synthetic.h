// The synthetic snapshot of dangjian_generate, as a class: tests check
// against it what the benchmarks measure on it (generate.cc says its shape).
#ifndef DANGJIAN_BENCH_SYNTHETIC_H_
#define DANGJIAN_BENCH_SYNTHETIC_H_

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "dangjian/v1/snapshot.pb.h"

namespace dangjian::synthetic {

using dangjian::v1::Activity;
using dangjian::v1::Member;
using dangjian::v1::Org;
using dangjian::v1::Position;
using dangjian::v1::Snapshot;

struct Counts {
  long orgs = 0, members = 0, activities = 0, attendance = 0, ledger = 0, terms = 0, positions = 0;
};

inline std::string Id(const char* prefix, long n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%08ld", prefix, n);
  return buf;
}

inline std::string Date(int y, int m, int d) {
  char buf[40];  // room for any int, as the compiler asks
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

class Generator {
 public:
  Generator(uint64_t seed, long members, bool by_position)
      : rng_(seed), target_(members), by_position_(by_position) {}

  template <typename Write>
  void Run(Write write) {
    Snapshot head;
    head.set_schema_version(1);
    AddOrg(head, "wc", Org::WORKING_COMMITTEE, "");
    write(head);
    for (long c = 0; counts_.members < target_; ++c) {
      Snapshot chunk;
      const std::string committee = Id("c", c);
      AddOrg(chunk, committee, Org::COMMITTEE, "wc");
      AddOrg(chunk, committee + "-jw", Org::DISCIPLINE_COMMITTEE, committee);
      Term(chunk, committee, 60);
      std::string general;
      for (int b = 0; b < 40 && counts_.members < target_; ++b) {
        if (b % 8 == 0 && Chance(0.6)) {
          general = Id("g", counts_.orgs);
          AddOrg(chunk, general, Org::GENERAL_BRANCH, committee);
          Term(chunk, general, 36);
        } else if (b % 8 == 0) {
          general.clear();
        }
        Branch(chunk, general.empty() ? committee : general);
      }
      write(chunk);
    }
  }

  const Counts& counts() const { return counts_; }

 private:
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  void AddOrg(Snapshot& s, const std::string& id, Org::Kind kind, const std::string& parent) {
    Org& o = *s.add_orgs();
    o.set_id(id);
    o.set_kind(kind);
    o.set_parent_id(parent);
    o.set_established_on("2012-01-01");
    ++counts_.orgs;
  }

  void Term(Snapshot& s, const std::string& org, int months) {
    if (Chance(0.02)) return;  // planted: no term on record
    auto& t = *s.add_terms();
    t.set_org_id(org);
    // Begun within the term's length; 5% begun earlier, so overdue.
    const int back = Chance(0.05) ? months + Uniform(1, 12) : Uniform(0, months - 1);
    const int total = 2026 * 12 + 10 - back;
    t.set_started_on(Date(total / 12, total % 12 + 1, Uniform(1, 28)));
    ++counts_.terms;
  }

  // Branch sizes on a long tail: about 19 on average, from 1 to 350.
  int BranchSize() {
    const double x = std::exp(std::normal_distribution<double>(2.75, 0.65)(rng_));
    return std::max(1, std::min(350, static_cast<int>(x)));
  }

  void Branch(Snapshot& s, const std::string& parent) {
    const std::string id = Id("b", counts_.orgs);
    AddOrg(s, id, Org::BRANCH, parent);
    Term(s, id, 36);
    const int size = BranchSize();
    const int first = static_cast<int>(s.members_size());
    const long base = counts_.members;  // the position of the branch's first member in the snapshot
    for (int k = 0; k < size; ++k) {
      Member& m = *s.add_members();
      m.set_id(Id("m", counts_.members++));
      m.set_org_id(id);
      const bool probationary = Chance(0.04);
      m.set_status(probationary ? Member::PROBATIONARY : Member::FULL);
      m.set_admitted_on(probationary ? Date(Chance(0.01) ? 2025 : 2026, Uniform(1, 10), Uniform(1, 28))
                                     : Date(Uniform(1980, 2023), Uniform(1, 12), Uniform(1, 28)));
      m.set_dues_category(Member::EMPLOYED);
      m.set_monthly_income_cents(Uniform(300000, 1500000));
      // Dues: paid but for a planted 6-month gap in 1% of members.
      uint32_t mask2026 = 0x7FF;
      if (Chance(0.01)) mask2026 &= ~(0x3Fu << Uniform(0, 5));
      for (int year : {2025, 2026}) {
        auto& l = *s.add_dues_ledger();
        if (by_position_) {
          l.set_member_index(static_cast<int32_t>(base + k));
        } else {
          l.set_member_id(m.id());
        }
        l.set_year(year);
        l.set_paid_months(year == 2025 ? 0xFFF : mask2026);
        ++counts_.ledger;
      }
      if (k < 3) {
        auto& p = *s.add_positions();
        p.set_org_id(id);
        p.set_member_id(m.id());
        p.set_role(k == 0 ? Position::SECRETARY : k == 1 ? Position::DEPUTY_SECRETARY : Position::DISCIPLINE_MEMBER);
        p.set_approved(true);
        ++counts_.positions;
      }
    }
    // Party groups in big branches.
    const int groups = size >= 25 ? size / 12 : 0;
    for (int g = 0; g < groups; ++g) {
      AddOrg(s, id + "-" + std::to_string(g), Org::PARTY_GROUP, id);
      auto& p = *s.add_positions();
      p.set_org_id(id + "-" + std::to_string(g));
      p.set_member_id(s.members(first + g).id());
      p.set_role(Position::GROUP_LEADER);
      ++counts_.positions;
    }
    // A year of organizational life; 3% skip one quarter's general meeting.
    const int skipped = Chance(0.03) ? Uniform(1, 3) : 0;
    // Those present; the others absent on leave or not, as the record says.
    const auto meet = [&](const std::string& org, Activity::Kind kind, int month, int day, int from = 0, int to = -1) {
      Activity& a = *s.add_activities();
      a.set_id(Id("a", counts_.activities++));
      a.set_org_id(org);
      a.set_kind(kind);
      a.set_held_on(Date(2026, month, day));
      a.set_place("活动室");
      a.set_topic("学习");
      a.set_minutes("记录");
      for (int k = from; k < (to < 0 ? size : to); ++k) {
        const std::string& member = s.members(first + k).id();
        if (Chance(0.9)) {
          Attend(a, base + k);
          ++counts_.attendance;
        } else {
          auto& absent = *a.add_absentees();
          if (by_position_) {
            absent.set_member_index(static_cast<int32_t>(base + k));
          } else {
            absent.set_member_id(member);
          }
          absent.set_reason(Chance(0.8) ? Activity::Absentee::LEAVE_APPROVED : Activity::Absentee::UNEXCUSED);
        }
      }
      return &a;
    };
    // The year's talks: each member once, by the secretary.
    for (int k = 0; k < size; k += 10) {
      Activity& t = *meet(id, Activity::TALK, Uniform(3, 9), Uniform(1, 28), 0, 1);
      for (int j = k; j < std::min(size, k + 10); ++j) {
        if (by_position_) {
          t.add_talk_member_indexes(static_cast<int32_t>(base + j));
        } else {
          t.add_talk_member_ids(s.members(first + j).id());
        }
      }
    }
    // Those away on leave make it up within days (补课).
    const auto make_up = [&](const Activity* missed) {
      Activity up;
      int present = 0;
      for (const auto& absent : missed->absentees()) {
        if (absent.reason() != Activity::Absentee::LEAVE_APPROVED) continue;
        // Ids are "m" and the position.
        Attend(up, absent.has_member_index() ? absent.member_index() : std::stol(absent.member_id().substr(1)));
        ++present;
      }
      if (present == 0) return;
      up.set_id(Id("a", counts_.activities++));
      up.set_org_id(missed->org_id());
      up.set_kind(missed->kind());
      up.set_held_on(missed->held_on().substr(0, 8) + "28");
      up.set_makeup_for(missed->id());
      up.set_place(missed->place());
      up.set_topic(missed->topic());
      up.set_minutes(missed->minutes());
      counts_.attendance += present;
      *s.add_activities() = std::move(up);
    };
    for (int month = 1; month <= 11; ++month) {
      make_up(meet(id, Activity::THEME_DAY, month, Uniform(1, 27)));
      if (size >= 7) meet(id, Activity::COMMITTEE_MEETING, month, Uniform(1, 28), 0, 3);
      for (int g = 0; g < groups; ++g) meet(id + "-" + std::to_string(g), Activity::GROUP_MEETING, month, Uniform(1, 28));
    }
    for (int q = 1; q <= 4; ++q) {
      if (q != skipped) make_up(meet(id, Activity::GENERAL_MEETING, (q - 1) * 3 + 2, Uniform(1, 27)));
    }
    meet(id, Activity::ORG_LIFE_MEETING, 11, Uniform(1, 28));
    meet(id, Activity::DEMOCRATIC_EVALUATION, 11, Uniform(1, 28));
  }

  void Attend(Activity& a, long position) {
    if (by_position_) {
      a.add_attendee_indexes(static_cast<int32_t>(position));
    } else {
      a.add_attendee_ids(Id("m", position));
    }
  }

  std::mt19937_64 rng_;
  long target_;
  bool by_position_;
  Counts counts_;
};

}  // namespace dangjian::synthetic

#endif  // DANGJIAN_BENCH_SYNTHETIC_H_
