// A synthetic snapshot shaped like the real thing, written as a delimited
// stream (.djs) one committee at a time, so that nothing but the current
// committee is ever held in memory.
//
//   dangjian_generate --members 100000 --seed 1 --out city.djs
//
// Shape: a working committee over committees of about 40 branches, a general
// branch for about every 8 of them; branches of about 19 members on a long
// tail (1 to 350); party groups in branches of 25 or more; a year of
// organizational life (2026-01 to 2026-11) with attendance; dues in the
// compact ledger for 2025 and 2026; terms begun in the last six years.
// Planted faults, at known rates: 3% of branches skip one quarter's general
// meeting, 2% have no term on record, 5% of terms are overdue, 1% of members
// leave 6 months of dues unpaid, 1% of probationary members are overdue.
//
// Members in attendance, absences, talks and the ledger are given by position
// (`attendeeIndexes`, `memberIndex`), the compact form for large exports;
// `--refs ids` gives their ids instead. `--csv DIR` also writes the data as
// plain tables (orgs, members, positions, terms, activities, attendance,
// dues: one row per month paid) for the SQL peers in bench/peers.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "dangjian/v1/snapshot.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"

namespace {

using dangjian::v1::Activity;
using dangjian::v1::Member;
using dangjian::v1::Org;
using dangjian::v1::Position;
using dangjian::v1::Snapshot;

struct Counts {
  long orgs = 0, members = 0, activities = 0, attendance = 0, ledger = 0, terms = 0, positions = 0;
};

std::string Id(const char* prefix, long n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%08ld", prefix, n);
  return buf;
}

std::string Date(int y, int m, int d) {
  char buf[16];
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

// The plain tables of `--csv DIR`: the same data, one row a record, with
// members by id everywhere and dues as one row per month paid.
class CsvTables {
 public:
  explicit CsvTables(const std::string& dir) {
    for (const auto& [name, header] : kTables) {
      files_.emplace_back(dir + "/" + name + ".csv");
      files_.back() << header << "\n";
    }
  }
  bool ok() const {
    for (const auto& f : files_) {
      if (!f) return false;
    }
    return true;
  }

  void Write(const Snapshot& s) {
    for (const Org& o : s.orgs()) {
      orgs() << o.id() << ',' << o.parent_id() << ',' << Org::Kind_Name(o.kind()) << '\n';
    }
    for (const Member& m : s.members()) {
      members() << m.id() << ',' << m.org_id() << ',' << Member::Status_Name(m.status()) << ',' << m.admitted_on()
                << '\n';
    }
    for (const Position& p : s.positions()) {
      positions() << p.org_id() << ',' << p.member_id() << ',' << Position::Role_Name(p.role()) << '\n';
    }
    for (const auto& t : s.terms()) terms() << t.org_id() << ',' << t.started_on() << ',' << t.ended_on() << '\n';
    for (const Activity& a : s.activities()) {
      activities() << a.id() << ',' << a.org_id() << ',' << Activity::Kind_Name(a.kind()) << ',' << a.held_on() << ','
                   << a.makeup_for() << '\n';
      for (const std::string& m : a.attendee_ids()) attendance() << a.id() << ',' << m << '\n';
      for (int32_t m : a.attendee_indexes()) attendance() << a.id() << ',' << Id("m", m) << '\n';
    }
    for (const auto& l : s.dues_ledger()) {
      const std::string member = l.has_member_index() ? Id("m", l.member_index()) : l.member_id();
      for (int month = 1; month <= 12; ++month) {
        if (l.paid_months() >> (month - 1) & 1) {
          char ym[8];
          std::snprintf(ym, sizeof ym, "%04d-%02d", l.year(), month);
          dues() << member << ',' << ym << '\n';
        }
      }
    }
  }

 private:
  static constexpr std::pair<const char*, const char*> kTables[] = {
      {"orgs", "id,parent_id,kind"},
      {"members", "id,org_id,status,admitted_on"},
      {"positions", "org_id,member_id,role"},
      {"terms", "org_id,started_on,ended_on"},
      {"activities", "id,org_id,kind,held_on,makeup_for"},
      {"attendance", "activity_id,member_id"},
      {"dues", "member_id,month"},
  };
  std::ofstream& orgs() { return files_[0]; }
  std::ofstream& members() { return files_[1]; }
  std::ofstream& positions() { return files_[2]; }
  std::ofstream& terms() { return files_[3]; }
  std::ofstream& activities() { return files_[4]; }
  std::ofstream& attendance() { return files_[5]; }
  std::ofstream& dues() { return files_[6]; }

  std::vector<std::ofstream> files_;
};

}  // namespace

int main(int argc, char** argv) {
  long members = 100000;
  uint64_t seed = 1;
  std::string out = "synthetic.djs", csv, refs = "indexes";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--members")) members = std::atol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--out")) out = argv[i + 1];
    else if (!std::strcmp(argv[i], "--csv")) csv = argv[i + 1];
    else if (!std::strcmp(argv[i], "--refs")) refs = argv[i + 1];
    else {
      argc = -1;
      break;
    }
  }
  if (argc < 0 || (refs != "indexes" && refs != "ids") || members <= 0) {
    std::cerr << "usage: dangjian_generate [--members N] [--seed S] [--out FILE.djs] [--refs indexes|ids] [--csv DIR]\n";
    return 2;
  }
  std::ofstream file(out, std::ios::binary);
  if (!file) {
    std::cerr << "dangjian_generate: cannot write " << out << "\n";
    return 2;
  }
  std::unique_ptr<CsvTables> tables;
  if (!csv.empty()) {
    tables = std::make_unique<CsvTables>(csv);
    if (!tables->ok()) {
      std::cerr << "dangjian_generate: cannot write the tables in " << csv << "\n";
      return 2;
    }
  }
  google::protobuf::io::OstreamOutputStream stream(&file);
  google::protobuf::io::CodedOutputStream coded(&stream);
  Generator g(seed, members, refs == "indexes");
  g.Run([&](const Snapshot& chunk) {
    coded.WriteVarint32(static_cast<uint32_t>(chunk.ByteSizeLong()));
    chunk.SerializeToCodedStream(&coded);
    if (tables) tables->Write(chunk);
  });
  const Counts& c = g.counts();
  std::cerr << out << ": " << c.members << " members, " << c.orgs << " orgs, " << c.positions << " positions, "
            << c.terms << " terms, " << c.activities << " activities, " << c.attendance << " attendance entries, "
            << c.ledger << " ledger rows\n";
  return 0;
}
