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

#include "bench/synthetic.h"
#include "dangjian/v1/snapshot.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"

namespace {

using namespace dangjian::synthetic;  // and the schema's names it uses

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

constexpr std::string_view kUsage =
    "usage: dangjian_generate [--members N] [--seed S] [--out FILE.djs] [--refs indexes|ids] [--csv DIR]\n"
    "\n"
    "Writes a synthetic city as a delimited stream, one committee at a time.\n"
    "  --members N         about this many members (default 100000)\n"
    "  --seed S            the same seed writes the same city (default 1)\n"
    "  --out FILE.djs      where to write it (default synthetic.djs)\n"
    "  --refs indexes|ids  members in attendance, talks and dues by position or by id (default indexes)\n"
    "  --csv DIR           also the same data as plain tables in DIR, for the SQL peers\n";

int main(int argc, char** argv) {
  long members = 100000;
  uint64_t seed = 1;
  std::string out = "synthetic.djs", csv, refs = "indexes";
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::cout << kUsage;
      return 0;
    }
  }
  bool bad = false;
  for (int i = 1; i < argc && !bad; i += 2) {
    if (i + 1 == argc) bad = true;  // an option without its value
    else if (!std::strcmp(argv[i], "--members")) members = std::atol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--out")) out = argv[i + 1];
    else if (!std::strcmp(argv[i], "--csv")) csv = argv[i + 1];
    else if (!std::strcmp(argv[i], "--refs")) refs = argv[i + 1];
    else bad = true;
  }
  if (bad || (refs != "indexes" && refs != "ids") || members <= 0) {
    std::cerr << kUsage;
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
