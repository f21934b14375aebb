// The tables: their one definition against the schema, and the CSV folder —
// read, refused with the cell named, and written back.
#include <iconv.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "cli/cli.h"

#include "dangjian/check.h"
#include "dangjian/examples.h"
#include "dangjian/policy.h"
#include "dangjian/report.h"
#include "dangjian/tables.h"
#include "dangjian/v1/snapshot.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "snapshot_builder.h"
#include "temp_path.h"
#include "lib/strings.h"
#include "fuzz/targets.h"
#include "lib/tables/csv.h"
#include "lib/tables/tables.h"
#include "lib/tables/workbook.h"
#include "lib/tables/xlsx.h"

namespace dangjian::testing {
namespace {

namespace fs = std::filesystem;
namespace pb = google::protobuf;

// A fresh folder under the test's temporary directory.
class Folder {
 public:
  explicit Folder(std::string_view name) : path_(fs::path(TempPath(StrCat("tables_", name)))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Folder() { fs::remove_all(path_); }
  std::string path() const { return path_.string(); }
  Folder& Write(std::string_view file, std::string_view bytes) {
    std::ofstream(path_ / std::string(file), std::ios::binary) << bytes;
    return *this;
  }

 private:
  fs::path path_;
};

std::string Message(const absl::Status& s) { return std::string(ToStd(s.message())); }

// Every field of every record is a column of its table or said to be given
// otherwise, and every column is a field: a field added to the schema fails
// here until its table has a line for it.
TEST(Tables, EveryFieldOfEveryRecordHasItsPlace) {
  for (const tables::Table& t : tables::All()) {
    const pb::Descriptor* d = t.in_activity == "attendance" ? v1::Activity::Absentee::descriptor() : t.Descriptor();
    ASSERT_NE(d, nullptr) << t.name;
    std::set<std::string> placed;
    for (const tables::Column& c : t.columns) {
      const bool key = !t.in_activity.empty() && c.field == "activity_id";
      const bool attendance = t.in_activity == "attendance" && c.field == "attendance";
      EXPECT_TRUE(key || attendance || d->FindFieldByName(std::string(c.field)) != nullptr) << t.name << "." << c.field;
      EXPECT_FALSE(c.zh.empty()) << t.name << "." << c.field;
      EXPECT_TRUE(placed.insert(std::string(c.field)).second) << t.name << "." << c.field << " twice";
      if (c.type == tables::Type::kEnum) {
        EXPECT_NE(tables::EnumOf(t, c), nullptr) << t.name << "." << c.field;
      }
    }
    const absl::Span<const tables::OtherField> others =
        t.in_activity == "attendance" ? tables::AbsenteeFields() : t.others;
    for (const tables::OtherField& o : others) {
      EXPECT_NE(d->FindFieldByName(std::string(o.field)), nullptr) << t.name << "." << o.field;
      placed.insert(std::string(o.field));
    }
    for (int i = 0; i < d->field_count(); ++i) {
      EXPECT_TRUE(placed.count(d->field(i)->name())) << d->full_name() << "." << d->field(i)->name()
                                                     << " is neither a column of " << t.name << " nor given otherwise";
    }
  }
  // The Snapshot: a table for each list, its other fields said.
  const pb::Descriptor* s = v1::Snapshot::descriptor();
  for (int i = 0; i < s->field_count(); ++i) {
    const pb::FieldDescriptor* f = s->field(i);
    const bool other = std::any_of(tables::SnapshotFields().begin(), tables::SnapshotFields().end(),
                                   [&](const tables::OtherField& o) { return o.field == f->name(); });
    EXPECT_TRUE(other || tables::Find(f->name()) != nullptr) << "Snapshot." << f->name() << " has no table";
  }
}

// Each enum's values are the schema's, each with a Chinese name, none read as two.
TEST(Tables, EveryEnumValueHasItsChineseName) {
  for (const tables::Enum& e : tables::Enums()) {
    std::set<std::string_view> names;
    for (const tables::EnumValue& v : e.values) {
      EXPECT_FALSE(tables::Enum::Zh(v).empty()) << e.type << " " << v.name;
      EXPECT_EQ(e.Find(v.name), &v) << v.name;
      EXPECT_EQ(e.Find(tables::Enum::Zh(v)), &v) << v.zh;
      EXPECT_TRUE(names.insert(v.name).second);
    }
    const pb::EnumDescriptor* d = pb::DescriptorPool::generated_pool()->FindEnumTypeByName(std::string(e.type));
    if (e.type == "attendance") continue;
    ASSERT_NE(d, nullptr) << e.type;
    for (int i = 0; i < d->value_count(); ++i) {
      if (d->value(i)->number() == 0) continue;
      const tables::EnumValue* v = e.Find(d->value(i)->name());
      ASSERT_NE(v, nullptr) << e.type << " lacks " << d->value(i)->name();
      EXPECT_EQ(v->number, d->value(i)->number()) << v->name;
    }
    EXPECT_EQ(static_cast<int>(e.values.size()), d->value_count() - 1) << e.type;
  }
  const tables::Enum& kinds = *tables::EnumOf(*tables::Find("orgs"), *tables::Find("orgs")->FindColumn("kind"));
  EXPECT_EQ(kinds.Find("基层党委")->name, "COMMITTEE");
  EXPECT_EQ(kinds.Find("branch")->name, "BRANCH");
  EXPECT_EQ(kinds.Find("党支部x"), nullptr);
}

TEST(Csv, Rfc4180Records) {
  std::vector<std::pair<uint32_t, std::vector<std::string>>> rows;
  const absl::Status s = tables::ForEachCsvRecord(
      "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\n,,\n1,,3", tables::CsvPlace("t.csv"),
      [&](uint32_t line, absl::Span<const std::string_view> cells) {
        rows.emplace_back(line, std::vector<std::string>(cells.begin(), cells.end()));
        return absl::OkStatus();
      });
  ASSERT_TRUE(s.ok()) << s;
  ASSERT_EQ(rows.size(), 3u);  // the blank row and the row of empty cells passed over
  EXPECT_EQ(rows[1].first, 2u);
  EXPECT_EQ(rows[1].second, (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(rows[2].first, 6u);  // counted past the line break inside the quotes
  EXPECT_EQ(rows[2].second, (std::vector<std::string>{"1", "", "3"}));

  const auto error = [](std::string_view text) {
    return Message(tables::ForEachCsvRecord(text, tables::CsvPlace("t.csv"),
                                            [](uint32_t, absl::Span<const std::string_view>) { return absl::OkStatus(); }));
  };
  EXPECT_EQ(error("a,b\n1,\"open"), "t.csv:2:2: a quoted cell not closed before the end of the file");
  EXPECT_EQ(error("a,b\n\"x\"y,2"), "t.csv:2:1: text after a closing quote");
}

// The cells of every length up to 21 bytes (those read eight bytes at a
// time, and the bytes after the last eight), ended by each of a comma, LF,
// CRLF, a lone CR and the end of the text; rows of blanks alone passed over.
TEST(Csv, CellsEndAtTheirComma) {
  std::string text;
  std::vector<std::vector<std::string>> want;
  const char* ends[] = {"\n", "\r\n", "\r"};
  for (size_t length = 0; length <= 20; ++length) {
    std::vector<std::string> row;
    for (size_t k = 0; k < 3; ++k) row.push_back(std::string(length, static_cast<char>('a' + k)) + "z");
    row.push_back(std::string(length, 'q'));
    for (size_t k = 0; k < row.size(); ++k) text += (k ? "," : "") + row[k];
    text += ends[length % 3];
    want.push_back(row);
    text += std::string(length % 5, length % 2 ? ' ' : '\t') + " \v\f" + ends[(length + 1) % 3];  // blanks alone
  }
  // The last few bytes, looked at one by one: each line break there too.
  text += "last,row\rx\r\ny\nv,z\rw";  // no line break at the end
  want.insert(want.end(), {{"last", "row"}, {"x"}, {"y"}, {"v", "z"}, {"w"}});
  std::vector<std::vector<std::string>> got;
  ASSERT_TRUE(tables::ForEachCsvRecord(text, tables::CsvPlace("t.csv"),
                                       [&](uint32_t, absl::Span<const std::string_view> cells) {
                                         got.emplace_back(cells.begin(), cells.end());
                                         return absl::OkStatus();
                                       })
                  .ok());
  EXPECT_EQ(got, want);
}

// Ids compared as they are, whatever their length: the same bytes, and each
// byte of one changed.
TEST(Csv, SameId) {
  for (size_t n = 0; n <= 20; ++n) {
    std::string a(n, 'm');
    for (size_t i = 0; i < n; ++i) a[i] = static_cast<char>('0' + i % 10);
    EXPECT_TRUE(tables::SameId(a, std::string(a))) << n;
    EXPECT_FALSE(tables::SameId(a, a + "0")) << n;
    for (size_t i = 0; i < n; ++i) {
      std::string b = a;
      b[i] = 'x';
      EXPECT_FALSE(tables::SameId(a, b)) << n << " " << i;
    }
  }
}

TEST(Csv, Encodings) {
  const tables::Place place = tables::CsvPlace("t.csv");
  EXPECT_EQ(*tables::ToUtf8("\xEF\xBB\xBF党支部", place), "党支部");
  EXPECT_EQ(*tables::ToUtf8("党支部", place), "党支部");
  // GB18030 (GBK's bytes for 党支部), as Excel on a Chinese Windows saves a CSV.
  EXPECT_EQ(*tables::ToUtf8("\xB5\xB3\xD6\xA7\xB2\xBF", place), "党支部");
  EXPECT_EQ(Message(tables::ToUtf8("\xFF\xFEx\0", place).status()),
            "t.csv:1: UTF-16 is not read (save the table as CSV UTF-8, or as CSV)");
  EXPECT_EQ(Message(tables::ToUtf8("a\nb\n\x81", place).status()), "t.csv:3: neither UTF-8 nor GB18030");
  EXPECT_EQ(Message(tables::ToUtf8("\xEF\xBB\xBF" "a\n\xB5\xB3", place).status()),
            "t.csv:2: invalid UTF-8 after a UTF-8 byte-order mark");
}

std::string Gb18030(std::string_view utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* to = out.data();
  iconv(cd, &in, &in_left, &to, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

constexpr std::string_view kOrgs = "id,name,kind,parent_id\r\nwc,机关工委,WORKING_COMMITTEE,\r\nb1,第一党支部,党支部,wc\r\n";

// Headers and values in either language, dates as a spreadsheet writes them,
// GB18030 beside UTF-8: one snapshot.
TEST(Csv, ReadsEitherLanguageAndTheDatesOfASpreadsheet) {
  Folder f("either");
  f.Write("orgs.csv", kOrgs)
      .Write("党员.csv", Gb18030("党员编号,所在党支部,党员状态,入党日期,月收入(元)\n"
                                 "m1,b1,正式党员,2020/3/1,3000.5\n"
                                 "m2,b1,probationary,2026年5月9日,\n"))
      .Write("activities.csv", "\xEF\xBB\xBFid,org_id,kind,held_on,tags\nA1,b1,党员大会,2026-03-02 09:30:00,OATH_RENEWAL;x\n")
      .Write("attendance.csv", "活动编号,党员编号,出勤情况\nA1,m1,\nA1,m2,请假\n")
      .Write("dues_ledger.csv", "member_id,year,paid_months\nm1,2026,1-3;5\n");
  absl::StatusOr<v1::Snapshot> s = ParseCsvTables(f.path());
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->orgs_size(), 2);
  EXPECT_EQ(s->orgs(1).kind(), v1::Org::BRANCH);
  EXPECT_EQ(s->orgs(1).name(), "第一党支部");
  ASSERT_EQ(s->members_size(), 2);
  EXPECT_EQ(s->members(0).admitted_on(), "2020-03-01");
  EXPECT_EQ(s->members(0).monthly_income_cents(), 300050);
  EXPECT_FALSE(s->members(1).has_monthly_income_cents());
  EXPECT_EQ(s->members(1).status(), v1::Member::PROBATIONARY);
  EXPECT_EQ(s->members(1).admitted_on(), "2026-05-09");
  ASSERT_EQ(s->activities_size(), 1);
  EXPECT_EQ(s->activities(0).held_on(), "2026-03-02");
  EXPECT_EQ(s->activities(0).tags_size(), 2);
  EXPECT_EQ(s->activities(0).attendee_ids(0), "m1");
  ASSERT_EQ(s->activities(0).absentees_size(), 1);
  EXPECT_EQ(s->activities(0).absentees(0).reason(), v1::Activity::Absentee::LEAVE_APPROVED);
  EXPECT_EQ(s->dues_ledger(0).paid_months(), 0b10111u);
  EXPECT_TRUE(LoadSnapshotFile(f.path()).ok());
}

// Each cell refused names its file, line, column and header, in the
// language asked for; and so does a record the load refuses.
TEST(Csv, ErrorsNameTheCell) {
  const auto error = [](std::string_view members) {
    Folder f("errors");
    f.Write("orgs.csv", kOrgs).Write("members.csv", members);
    return Message(LoadSnapshotFile(f.path()).status());
  };
  const std::string status = error("id,org_id,党员状态\nm1,b1,正式党员\nm2,b1,正式党员x\n");
  EXPECT_EQ(status, "members.csv:3:3: 党员状态 (status): \"正式党员x\" is not a member status "
                    "(FULL 正式党员, PROBATIONARY 预备党员)");
  EXPECT_EQ(TranslateError(status, Lang::kZh),
            "members.csv:3:3: 党员状态 (status): “正式党员x”不是党员状态(FULL 正式党员, PROBATIONARY 预备党员)");
  EXPECT_EQ(error("id,org_id,status,full_on\nm1,b1,FULL,2024-02-30\n"),
            "members.csv:2:4: full_on (转正日期): \"2024-02-30\" is not a date (YYYY-MM-DD)");
  EXPECT_EQ(error("id,org_id,status\nm1,,FULL\n"), "members.csv:2:2: org_id (所在党支部): missing (required)");
  EXPECT_EQ(error("id,org_id\nm1,b1\n"), "members.csv:1: no column 党员状态 (status) (required)");
  EXPECT_EQ(error("id,org_id,status,colour\n"),
            StrCat("members.csv:1:4: unknown column \"colour\" (",
                   "id 党员编号, name 姓名, org_id 所在党支部, group_id 所在党小组, unit_id 工作单位, status 党员状态, "
                   "admitted_on 入党日期, full_on 转正日期, probation_extended_months 延长预备期月数, "
                   "leading_cadre 党员领导干部, dues_category 党费类别, monthly_income_yuan 月收入(元), "
                   "dues_exempt_approved 党费减免已批准, lost_contact_since 失联日期, home_org_id 组织关系所在组织)"));
  EXPECT_EQ(error("id,org_id,status,leading_cadre\nm1,b1,FULL,maybe\n"),
            "members.csv:2:4: leading_cadre (党员领导干部): \"maybe\" is not yes or no (是, 否, true, false, 1, 0)");
  EXPECT_EQ(error("id,org_id,status,probation_extended_months\nm1,b1,FULL,3000000000\n"),
            "members.csv:2:4: probation_extended_months (延长预备期月数): 3000000000 is out of range");
  EXPECT_EQ(error("id,org_id,status\nm1,b1,FULL,x\n"), "members.csv:2:4: 4 cells, more than the header's 3");
  // Found by the load, named by the row.
  Folder f("duplicate");
  f.Write("orgs.csv", "组织编码,组织类别\nb1,党支部\nb1,党支部\n");
  EXPECT_EQ(Message(LoadSnapshotFile(f.path()).status()),
            "orgs.csv:3: 组织编码 (id): duplicate id \"b1\" (also orgs.csv:2)");
  f.Write("attendance.csv", "activity_id,member_id\nA9,m1\n");
  EXPECT_EQ(Message(LoadSnapshotFile(f.path()).status()),
            "attendance.csv:2:1: activity_id (活动编号): no activity \"A9\" in activities");
  // Rows after a blank line and after a cell over two lines: each by its own line.
  Folder lines("lines");
  lines.Write("orgs.csv", "id,kind\nb1,BRANCH\n\nb2,BRANCH\nb3,BRANCH\n\"b\n4\",BRANCH\nb5,BRANCH\nb1,BRANCH\n");
  EXPECT_EQ(Message(LoadSnapshotFile(lines.path()).status()),
            "orgs.csv:9: id (组织编码): duplicate id \"b1\" (also orgs.csv:2)");
  lines.Write("orgs.csv", "id,kind\nb1,BRANCH\n\nb2,BRANCH\nb3,BRANCH\n\"b\n4\",BRANCH\nb2,BRANCH\nb5,BRANCH\n");
  EXPECT_EQ(Message(LoadSnapshotFile(lines.path()).status()),
            "orgs.csv:8: id (组织编码): duplicate id \"b2\" (also orgs.csv:4)");
  lines.Write("orgs.csv", "id,kind\nb1,BRANCH\n\nb2,BRANCH\nb3,BRANCH\nb4,BRANCH\nb3,BRANCH\n");
  EXPECT_EQ(Message(LoadSnapshotFile(lines.path()).status()),
            "orgs.csv:7: id (组织编码): duplicate id \"b3\" (also orgs.csv:5)");
  Folder g("strays");
  g.Write("member.csv", "id\n");
  EXPECT_EQ(Message(LoadSnapshotFile(g.path()).status()).substr(0, 38), "member.csv: not a table (units.csv, or");
}

std::vector<std::string> Findings(const Store& store) {
  absl::StatusOr<Policy> policy = Policy::Builtin("national");
  CheckOptions options;
  options.as_of = *ParseDate(kSampleAsOf);
  absl::StatusOr<v1::Report> report = Check(store, *policy, options);
  std::vector<std::string> out;
  for (const v1::Finding& f : report->findings()) {
    out.push_back(StrCat(f.rule_id(), " ", f.org_id(), " ", f.member_id(), " ", f.activity_id(), " ", f.unit_id(), " ",
                         f.period(), " ", f.message()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The sample written as tables, in Chinese and in English, and read back:
// the same findings.
TEST(Csv, TheSampleRoundTrips) {
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok());
  absl::StatusOr<std::shared_ptr<const Store>> original = LoadSnapshot(*sample);
  ASSERT_TRUE(original.ok());
  const std::vector<std::string> expected = Findings(**original);
  ASSERT_GT(expected.size(), 10u);
  for (const Lang lang : {Lang::kZh, Lang::kEn}) {
    Folder f(lang == Lang::kZh ? "zh" : "en");
    ASSERT_TRUE(WriteCsvTables(*sample, f.path(), lang).ok());
    absl::StatusOr<std::shared_ptr<const Store>> read = LoadSnapshotFile(f.path());
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(Findings(**read), expected);
    // Every field the tables hold comes back as it went.
    absl::StatusOr<v1::Snapshot> back = ParseCsvTables(f.path());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->members_size(), sample->members_size());
    EXPECT_EQ(back->members(0).DebugString(), sample->members(0).DebugString());
    EXPECT_EQ(back->orgs(3).DebugString(), sample->orgs(3).DebugString());
  }
  // The export of a store too, its members named by position; its data
  // findings name records by their place in the export.
  const v1::Snapshot exported = ExportSnapshot(**original);
  const std::vector<std::string> expected_export = Findings(**LoadSnapshot(exported));
  Folder f("store");
  ASSERT_TRUE(WriteCsvTables(exported, f.path(), Lang::kZh).ok());
  absl::StatusOr<std::shared_ptr<const Store>> read = LoadSnapshotFile(f.path());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(Findings(**read), expected_export);
}

// What no rule reads of an activity and an event, as an export writes it.
std::vector<std::string> Notes(const v1::Snapshot& s) {
  std::vector<std::string> out;
  for (const v1::Activity& a : s.activities()) {
    std::string line = StrCat(a.id(), " place=", a.place(), " topic=", a.topic(), " minutes=", a.minutes(), " observers=");
    for (const std::string& m : a.observer_ids()) line += m + ",";
    line += " resolutions=";
    for (const auto& r : a.resolutions()) line += StrCat(r.text(), "/", r.owner_id(), ";");
    out.push_back(std::move(line));
  }
  for (const v1::MemberEvent& e : s.events()) out.push_back(StrCat(e.member_id(), " ", e.on(), " ", e.kind(), " ", e.detail()));
  std::sort(out.begin(), out.end());
  return out;
}

// Loaded with keep_notes, every way in, a Store writes back an activity's
// place, topic, minutes, observers and resolutions and an event's detail as
// they were given; without, placeholders, as before. The findings are the
// same either way.
TEST(Export, NotesKeptComeBackAsGiven) {
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok());
  // First in the list and last by date, so that the Store's order is not the
  // input's: observers known and not, resolutions with and without an owner
  // and one whose owner is not there; an event's detail whose member is not
  // there.
  v1::Activity noted = sample->activities(3);
  noted.set_id("noted");
  noted.set_held_on("2026-11-20");
  noted.set_place("第三会议室");
  noted.set_topic("");
  noted.set_minutes("发言：\n一、学习。\r\n二、\"讨论\"，完毕。");
  noted.add_observer_ids(sample->members(0).id());
  noted.add_observer_ids("nobody");
  noted.clear_resolutions();
  noted.add_resolutions()->set_text("整改台账");
  noted.add_resolutions()->set_owner_id(sample->members(1).id());
  v1::Activity::Resolution& owned = *noted.add_resolutions();
  owned.set_text("按期交纳");
  owned.set_owner_id("somebody");
  *sample->mutable_activities()->Add() = noted;
  sample->mutable_activities()->SwapElements(0, sample->activities_size() - 1);
  v1::MemberEvent& away = *sample->add_events();
  away.set_member_id("gone");
  away.set_kind(v1::MemberEvent::LEFT_LOCALITY);
  away.set_on("2026-03-01");
  away.set_detail("外出务工");
  const std::vector<std::string> given = Notes(*sample);
  ASSERT_GE(std::count_if(given.begin(), given.end(), [](const std::string& x) { return x.find("minutes= ") == std::string::npos; }), 10);

  LoadLimits keep;
  keep.keep_notes = true;
  absl::StatusOr<std::shared_ptr<const Store>> plain = LoadSnapshot(*sample);
  ASSERT_TRUE(plain.ok()) << plain.status();
  const std::vector<std::string> findings = Findings(**plain);
  EXPECT_TRUE((*plain)->notes().activities.empty());
  EXPECT_NE(Notes(ExportSnapshot(**plain)), given);

  v1::Snapshot first = *sample, rest;  // a delimited stream of two messages
  rest.mutable_activities()->Swap(first.mutable_activities());
  rest.mutable_events()->Swap(first.mutable_events());
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*sample, &json).ok());
  Folder csv("notes_csv"), book("notes_book");
  ASSERT_TRUE(WriteCsvTables(*sample, csv.path(), Lang::kZh).ok());
  ASSERT_TRUE(tables::WriteWorkbook(*sample, book.path() + "/notes.xlsx").ok());
  const std::string stream = TempPath("tables_notes.djs");
  std::ofstream(stream, std::ios::binary) << Delimited({first, rest});
  const std::vector<std::pair<std::string, std::function<absl::StatusOr<std::shared_ptr<const Store>>()>>> ways = {
      {"message", [&] { return LoadSnapshot(*sample, keep); }},
      {"json", [&] { return LoadSnapshot(json, SnapshotFormat::kJson, keep); }},
      {"binary", [&] { return LoadSnapshot(sample->SerializeAsString(), SnapshotFormat::kBinary, keep); }},
      {"stream", [&] { return LoadSnapshotFile(stream, keep); }},
      {"csv", [&] { return LoadSnapshotFile(csv.path(), keep); }},
      {"workbook", [&] { return LoadSnapshotFile(book.path() + "/notes.xlsx", keep); }},
  };
  for (const auto& [way, load] : ways) {
    absl::StatusOr<std::shared_ptr<const Store>> store = load();
    ASSERT_TRUE(store.ok()) << way << ": " << store.status();
    EXPECT_EQ(Findings(**store), findings) << way;
    const v1::Snapshot exported = ExportSnapshot(**store);
    EXPECT_EQ(Notes(exported), given) << way;
    // Exported and loaded again, the same export.
    absl::StatusOr<std::shared_ptr<const Store>> again = LoadSnapshot(exported, keep);
    ASSERT_TRUE(again.ok()) << way << ": " << again.status();
    EXPECT_EQ(ExportSnapshot(**again).SerializeAsString(), exported.SerializeAsString()) << way;
  }
  std::filesystem::remove(stream);
}

}  // namespace
}  // namespace dangjian::testing

namespace dangjian::testing {
namespace {

struct Ran {
  int code;
  std::string out, err;
};
Ran Dangjian(std::vector<std::string> args) {
  std::istringstream in;
  std::ostringstream out, err;
  const int code = cli::Run(args, in, out, err);
  return {code, out.str(), err.str()};
}

// `export` writes any snapshot as tables, `check` reads them, and says which
// cell is wrong in the language asked for.
TEST(Csv, ExportAndCheckAFolder) {
  Folder f("command");
  const std::string dir = f.path() + "/tables";
  ASSERT_EQ(Dangjian({"export", "sample", "--out", dir}).code, cli::kOk);
  std::ifstream members(dir + "/members.csv", std::ios::binary);
  std::string header;
  std::getline(members, header);
  EXPECT_EQ(header.substr(0, 3 + 12), "\xEF\xBB\xBF党员编号");  // Chinese, after a byte-order mark, for Excel
  const Ran sample = Dangjian({"check", "sample", "--format", "json"});
  const Ran tables = Dangjian({"check", dir, "--as-of", std::string(kSampleAsOf), "--format", "json"});
  ASSERT_EQ(tables.code, cli::kOk) << tables.err;
  EXPECT_EQ(tables.out, sample.out);
  // Back to JSON, every field kept: names too.
  const std::string json = f.path() + "/back.json";
  ASSERT_EQ(Dangjian({"export", dir, "--format", "json", "--out", json}).code, cli::kOk);
  std::ifstream back(json);
  const std::string text((std::istreambuf_iterator<char>(back)), {});
  EXPECT_NE(text.find("\"name\""), std::string::npos);
  EXPECT_TRUE(LoadSnapshotFile(json).ok());
  // And as binary and as a delimited stream: the same snapshot.
  for (const char* format : {"pb", "djs"}) {
    const std::string file = StrCat(f.path(), "/back.", format);
    ASSERT_EQ(Dangjian({"export", json, "--format", format, "--out", file}).code, cli::kOk) << format;
    const Ran again = Dangjian({"check", file, "--as-of", std::string(kSampleAsOf), "--format", "json"});
    ASSERT_EQ(again.code, cli::kOk) << again.err;
    EXPECT_EQ(again.out, sample.out) << format;
    const auto parsed = [](const std::string& path, SnapshotFormat as) {
      std::ifstream in(path, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), {});
      absl::StatusOr<v1::Snapshot> snapshot = ParseSnapshot(bytes, as);
      return snapshot.ok() ? snapshot->SerializeAsString() : std::string(snapshot.status().message());
    };
    EXPECT_EQ(parsed(file, std::string(format) == "pb" ? SnapshotFormat::kBinary : SnapshotFormat::kDelimited),
              parsed(json, SnapshotFormat::kJson)) << format;
  }

  f.Write("tables/members.csv", "党员编号,所在党支部,党员状态\nm1,b-kgq,正式党员x\n");
  const Ran bad = Dangjian({"check", dir, "--lang", "zh"});
  EXPECT_EQ(bad.code, cli::kBadInput);
  EXPECT_EQ(bad.err, StrCat("dangjian: ", dir,
                            ": members.csv:2:3: 党员状态 (status): “正式党员x”不是党员状态(FULL 正式党员, PROBATIONARY 预备党员)\n"));
  EXPECT_EQ(Dangjian({"export", "sample"}).err,
            "dangjian: export: --out is required (a folder for csv, a file for xlsx, json, pb and djs)\n");
  EXPECT_EQ(Dangjian({"export", "sample", "--out", dir, "--format", "xml"}).err,
            "dangjian: --format: \"xml\" is not csv, xlsx, json, pb or djs\n");
}

// The ledger workbook: written where it can be, and where it cannot, an
// error that says so, with the exit of any other write that fails.
TEST(Workbook, WrittenOrAClearError) {
  Folder f("workbook");
  const std::string book = f.path() + "/台账.xlsx";
  ASSERT_EQ(Dangjian({"template", book}).code, cli::kOk);
  std::ifstream in(book, std::ios::binary);
  std::string magic(2, '\0');
  in.read(magic.data(), 2);
  EXPECT_EQ(magic, "PK");  // a zip, as every .xlsx is
  const std::string nowhere = f.path() + "/no such folder/台账.xlsx";
  const Ran json = Dangjian({"export", "sample", "--format", "json", "--out", f.path() + "/no such folder/x.json"});
  ASSERT_NE(json.code, cli::kOk);
  const Ran empty = Dangjian({"template", nowhere});
  EXPECT_EQ(empty.code, json.code);
  EXPECT_EQ(empty.err, StrCat("dangjian: cannot write \"", nowhere, "\"\n"));
  const Ran filled = Dangjian({"export", "sample", "--format", "xlsx", "--out", nowhere});
  EXPECT_EQ(filled.code, json.code);
  EXPECT_EQ(filled.err, StrCat("dangjian: cannot write \"", nowhere, "\"\n"));
  EXPECT_EQ(Dangjian({"template"}).err, "dangjian: template: give the workbook to write (FILE.xlsx)\n");
  EXPECT_EQ(Dangjian({"template", book, "other.xlsx"}).code, cli::kBadInput);
}

// A platform's export: BIGINT keys as JSON numbers, and fields or columns
// the schema lacks, passed over when asked.
TEST(PlatformJson, NumericIdsAndUnknownFields) {
  const std::string json = R"({"orgs": [{"id": 1, "kind": "WORKING_COMMITTEE"},
             {"id": 12, "kind": "BRANCH", "parentId": 1, "createdBy": {"who": [1, "x", null]}}],
    "members": [{"id": 9007199254740993, "orgId": 12, "status": "FULL"}],
    "activities": [{"id": 7, "orgId": 12, "kind": "THEME_DAY", "heldOn": "2026-01-15", "attendeeIds": [9007199254740993]}]})";
  EXPECT_EQ(Message(ParseSnapshot(json, SnapshotFormat::kJson).status()), "orgs[1].createdBy: unknown field in Org");
  LoadLimits ignore;
  ignore.ignore_unknown_fields = true;
  absl::StatusOr<v1::Snapshot> s = ParseSnapshot(json, SnapshotFormat::kJson, ignore);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->orgs(1).id(), "12");
  EXPECT_EQ(s->orgs(1).parent_id(), "1");
  EXPECT_EQ(ParseSnapshot(R"({"orgs": [{"id": -3}]})", SnapshotFormat::kJson)->orgs(0).id(), "-3");
  EXPECT_EQ(s->members(0).id(), "9007199254740993");  // every digit, past a double's
  EXPECT_EQ(s->activities(0).attendee_ids(0), "9007199254740993");
  EXPECT_TRUE(LoadSnapshot(json, SnapshotFormat::kJson, ignore).ok());
  // Only ids: a name is text, and an id is not a fraction.
  EXPECT_EQ(Message(ParseSnapshot(R"({"orgs": [{"id": "a", "name": 5}]})", SnapshotFormat::kJson).status()),
            "orgs[0].name: expected a string (line 1, column 31)");
  EXPECT_EQ(Message(ParseSnapshot(R"({"orgs": [{"id": 1.5}]})", SnapshotFormat::kJson).status()),
            "orgs[0].id: 1.5 is not an id (a string, or an integer)");
  // What is passed over must still be JSON, within the limits.
  EXPECT_EQ(Message(ParseSnapshot(R"({"orgs": [{"x": [1, }]})", SnapshotFormat::kJson, ignore).status()),
            "orgs[0].x: expected a number (line 1, column 21)");
  ignore.max_depth = 3;
  EXPECT_FALSE(ParseSnapshot(R"({"orgs": [{"x": [[[[[1]]]]]}]})", SnapshotFormat::kJson, ignore).ok());
  // And the tables' columns.
  Folder f("unknown");
  f.Write("orgs.csv", "id,kind,created_by\nb1,BRANCH,admin\n");
  EXPECT_EQ(Message(LoadSnapshotFile(f.path()).status()).substr(0, 41), "orgs.csv:1:3: unknown column \"created_by\"");
  LoadLimits tables;
  tables.ignore_unknown_fields = true;
  EXPECT_TRUE(LoadSnapshotFile(f.path(), tables).ok());
  EXPECT_EQ(Dangjian({"check", f.path(), "--unknown-fields", "ignore", "--as-of", "2026-01-01"}).code, cli::kOk);
  EXPECT_EQ(Dangjian({"check", f.path(), "--unknown-fields", "maybe"}).err,
            "dangjian: --unknown-fields: \"maybe\" is not refuse or ignore\n");
}

// Members given by position (the compact form) are written by their id.
TEST(Csv, MembersByPositionAreWrittenById) {
  v1::Snapshot s;
  for (const char* id : {"m0", "m1"}) {
    v1::Member* m = s.add_members();
    m->set_id(id);
    m->set_org_id("b1");
    m->set_status(v1::Member::FULL);
  }
  v1::Activity* a = s.add_activities();
  a->set_id("a1");
  a->set_org_id("b1");
  a->set_kind(v1::Activity::GENERAL_MEETING);
  a->set_held_on("2026-03-02");
  a->add_attendee_indexes(1);
  a->add_absentees()->set_member_index(0);
  v1::DuesLedger* l = s.add_dues_ledger();
  l->set_member_index(1);
  l->set_year(2026);
  l->set_paid_months(0b111);
  Folder f("positions");
  ASSERT_TRUE(WriteCsvTables(s, f.path(), Lang::kEn).ok());
  absl::StatusOr<v1::Snapshot> back = ParseCsvTables(f.path());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->activities(0).attendee_ids(0), "m1");
  EXPECT_EQ(back->activities(0).absentees(0).member_id(), "m0");
  EXPECT_EQ(back->dues_ledger(0).member_id(), "m1");
  EXPECT_EQ(back->dues_ledger(0).paid_months(), 0b111u);
  a->add_talk_member_indexes(2);
  EXPECT_EQ(Message(WriteCsvTables(s, f.path(), Lang::kEn)), "activities[0]: 2 is not a position in members");
}

}  // namespace
}  // namespace dangjian::testing

// ---- The ledger workbook read ------------------------------------------------

namespace dangjian::testing {
namespace {

std::string Xml(std::string_view body) { return StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n", body); }

// A workbook made of its XML, as a spreadsheet writes it: each sheet a name
// and the rows of its sheetData, the shared strings' items.
struct Book {
  std::vector<std::pair<std::string, std::string>> sheets;
  std::vector<std::string> shared;  // each <si>'s text, or its inner XML
  bool date1904 = false;
  std::string doctype;  // before a sheet's root

  std::string Bytes() const {
    static constexpr std::string_view kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    static constexpr std::string_view kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    static constexpr std::string_view kPkg = "http://schemas.openxmlformats.org/package/2006/relationships";
    std::vector<std::pair<std::string, std::string>> parts;
    parts.emplace_back("_rels/.rels", Xml(StrCat("<Relationships xmlns=\"", kPkg, "\"><Relationship Id=\"rId1\" Type=\"", kRel,
                                                 "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")));
    std::string list, rels;
    for (size_t i = 0; i < sheets.size(); ++i) {
      StrAppend(&list, "<sheet name=\"", sheets[i].first, "\" sheetId=\"", i + 1, "\" r:id=\"rId", i + 1, "\"/>");
      StrAppend(&rels, "<Relationship Id=\"rId", i + 1, "\" Type=\"", kRel, "/worksheet\" Target=\"worksheets/sheet", i + 1,
                ".xml\"/>");
      parts.emplace_back(StrCat("xl/worksheets/sheet", i + 1, ".xml"),
                         Xml(StrCat(doctype, "<worksheet xmlns=\"", kMain, "\"><sheetData>", sheets[i].second,
                                    "</sheetData></worksheet>")));
    }
    parts.emplace_back("xl/workbook.xml", Xml(StrCat("<workbook xmlns=\"", kMain, "\" xmlns:r=\"", kRel, "\"><workbookPr",
                                                     date1904 ? " date1904=\"1\"" : "", "/><sheets>", list,
                                                     "</sheets></workbook>")));
    std::string items;
    for (const std::string& si : shared) StrAppend(&items, "<si>", si[0] == '<' ? si : StrCat("<t>", si, "</t>"), "</si>");
    parts.emplace_back("xl/sharedStrings.xml", Xml(StrCat("<sst xmlns=\"", kMain, "\">", items, "</sst>")));
    StrAppend(&rels, "<Relationship Id=\"rIdS\" Type=\"", kRel, "/sharedStrings\" Target=\"/xl/sharedStrings.xml\"/>");
    parts.emplace_back("xl/_rels/workbook.xml.rels", Xml(StrCat("<Relationships xmlns=\"", kPkg, "\">", rels, "</Relationships>")));
    return fuzz::Zipped(parts, true);
  }
};

// A row of inline strings, from column A.
std::string InlineRow(int row, std::vector<std::string_view> cells) {
  std::string out = StrCat("<row r=\"", row, "\">");
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].empty()) continue;
    StrAppend(&out, "<c r=\"", std::string(1, static_cast<char>('A' + i)), row, "\" t=\"inlineStr\"><is><t>", cells[i],
              "</t></is></c>");
  }
  return out + "</row>";
}

const std::string kOrgSheet = InlineRow(1, {"组织编码", "组织类别"}) + InlineRow(2, {"b1", "党支部"});

// Shared and inline strings, rich text and its phonetic guide, numbers,
// dates as serial numbers, a formula's result, TRUE, cells without their
// reference, a namespace prefix, sheets by either name, the 1904 system.
TEST(Workbook, ReadsWhatSpreadsheetsWrite) {
  Folder f("workbook_read");
  Book book;
  book.shared = {"组织编码", "组织类别", "成立日期", "党支部", "b1",
                 "<r><t>正式</t></r><r><rPr><b/></rPr><t>党员</t></r><rPh sb=\"0\" eb=\"2\"><t>ZHENGSHI</t></rPh>",
                 "第一_x000D_党支部", "组织名称"};
  book.sheets = {
      {"说明", InlineRow(1, {"whatever it says"})},
      {"members",  // English headers, as inline strings; the cells as a spreadsheet holds them
       InlineRow(1, {"id", "org_id", "status", "admitted_on", "full_on", "leading_cadre", "monthly_income_yuan",
                     "probation_extended_months"}) +
           "<row r=\"2\"><c r=\"A2\"><v>1001</v></c><c r=\"B2\" t=\"s\"><v>4</v></c><c r=\"C2\" t=\"s\"><v>5</v></c>"
           "<c r=\"D2\" s=\"3\"><v>45352</v></c><c r=\"E2\" t=\"d\"><v>2025-03-01T00:00:00</v></c>"
           "<c r=\"F2\" t=\"b\"><v>1</v></c><c r=\"G2\"><v>3000.0100000000002</v></c>"
           "<c r=\"H2\" t=\"str\"><f>1+1</f><v>2</v></c></row>"
           "<row><c><v>1002</v></c><c t=\"s\"><v>4</v></c><c t=\"inlineStr\"><is><t>预备党员</t></is></c>"
           "<c><v>45352.75</v></c></row>"},
      {"Sheet3", ""},
      {"组织", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c>"
               "<c r=\"D1\" t=\"s\"><v>7</v></c></row><row r=\"3\"></row>"
               "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>4</v></c><c r=\"B5\" t=\"s\"><v>3</v></c><c r=\"C5\"><v>45352</v></c>"
               "<c r=\"D5\" t=\"s\"><v>6</v></c></row>"},
  };
  f.Write("ledger.xlsx", book.Bytes());
  absl::StatusOr<v1::Snapshot> s = ParseWorkbook(f.path() + "/ledger.xlsx");
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->orgs_size(), 1);
  EXPECT_EQ(s->orgs(0).id(), "b1");
  EXPECT_EQ(s->orgs(0).kind(), v1::Org::BRANCH);
  EXPECT_EQ(s->orgs(0).established_on(), "2024-03-01");
  EXPECT_EQ(s->orgs(0).name(), "第一\r党支部");
  ASSERT_EQ(s->members_size(), 2);
  const v1::Member& m = s->members(0);
  EXPECT_EQ(m.id(), "1001");
  EXPECT_EQ(m.org_id(), "b1");
  EXPECT_EQ(m.status(), v1::Member::FULL);  // the runs joined, the phonetic guide left out
  EXPECT_EQ(m.admitted_on(), "2024-03-01");
  EXPECT_EQ(m.full_on(), "2025-03-01");
  EXPECT_TRUE(m.leading_cadre());
  EXPECT_EQ(m.monthly_income_cents(), 300001);
  EXPECT_EQ(m.probation_extended_months(), 2);
  EXPECT_EQ(s->members(1).id(), "1002");
  EXPECT_EQ(s->members(1).status(), v1::Member::PROBATIONARY);
  EXPECT_EQ(s->members(1).admitted_on(), "2024-03-01");  // the time of day dropped
  EXPECT_EQ(Message(LoadSnapshotFile(f.path() + "/ledger.xlsx").status()), "");

  // The 1904 date system (a workbook made on an old Mac): serial 0 is its first day.
  Book mac;
  mac.date1904 = true;
  mac.sheets = {{"orgs", InlineRow(1, {"id", "kind", "established_on"}) +
                             "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>b1</t></is></c><c r=\"B2\" "
                             "t=\"inlineStr\"><is><t>BRANCH</t></is></c><c r=\"C2\"><v>0</v></c></row>"}};
  f.Write("mac.xlsx", mac.Bytes());
  EXPECT_EQ(ParseWorkbook(f.path() + "/mac.xlsx")->orgs(0).established_on(), "1904-01-01");
  EXPECT_EQ(tables::SerialDate(1, false), "1900-01-01");
  EXPECT_EQ(tables::SerialDate(59, false), "1900-02-28");
  EXPECT_EQ(tables::SerialDate(60, false), "");  // 1900-02-29, which Excel counts and the calendar has not
  EXPECT_EQ(tables::SerialDate(61, false), "1900-03-01");
  EXPECT_EQ(tables::SerialDate(1461, true), "1908-01-01");
  EXPECT_EQ(tables::SerialDate(45352 - 1462, true), "2024-03-01");  // the two systems 1462 days apart
}

// As much of `text` as `expected` is long.
std::string Prefix(const std::string& text, std::string_view expected) { return text.substr(0, expected.size()); }

std::string WorkbookError(const Book& book, const LoadLimits& limits = {}) {
  Folder f("workbook_error");
  f.Write("bad.xlsx", book.Bytes());
  return Message(LoadSnapshotFile(f.path() + "/bad.xlsx", limits).status());
}

// Each error names the sheet, the cell and its header; a workbook that is
// not one, malformed XML, an entity, and a part that unpacks past the limit
// are errors too.
TEST(Workbook, ErrorsNameTheSheetAndCell) {
  Book book;
  book.sheets = {{"组织", kOrgSheet},
                 {"党员", InlineRow(1, {"党员编号", "所在党支部", "党员状态"}) + InlineRow(2, {"m1", "b1", "正式党员"}) +
                              InlineRow(3, {"m2", "b1", "正式党员x"})}};
  const std::string status = WorkbookError(book);
  EXPECT_EQ(status, "党员!C3: 党员状态 (status): \"正式党员x\" is not a member status (FULL 正式党员, PROBATIONARY 预备党员)");
  EXPECT_EQ(TranslateError(status, Lang::kZh),
            "党员!C3: 党员状态 (status): “正式党员x”不是党员状态(FULL 正式党员, PROBATIONARY 预备党员)");
  book.sheets[1].second = InlineRow(1, {"id", "org_id", "status"}) + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>m1</t></is>"
                          "</c><c r=\"B2\" t=\"s\"><v>99</v></c></row>";
  EXPECT_EQ(WorkbookError(book), "党员!B2: \"99\" is not a shared string of the workbook");
  book.sheets[1].second = InlineRow(1, {"id", "org_id", "status"}) + InlineRow(2, {"m1", "b1"}) +
                          "<row r=\"3\"><c r=\"C3\" t=\"e\"><v>#N/A</v></c></row>";
  EXPECT_EQ(WorkbookError(book), "党员!C2: status (党员状态): missing (required)");
  book.sheets[1].second = InlineRow(1, {"id", "org_id", "status"}) +
                          "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>m1</t></is></c><c r=\"C2\" t=\"e\"><v>#N/A</v></c></row>";
  const std::string formula = WorkbookError(book);
  EXPECT_EQ(formula, "党员!C2: status (党员状态): the formula's error #N/A");
  EXPECT_EQ(TranslateError(formula, Lang::kZh), "党员!C2: status (党员状态): 公式出错 #N/A");
  book.sheets[1].second = InlineRow(1, {"id", "org_id"});
  EXPECT_EQ(WorkbookError(book), "党员!1:1: no column 党员状态 (status) (required)");
  // Found by the load, named by the row.
  book.sheets = {{"组织", kOrgSheet + InlineRow(3, {"b1", "党支部"})}};
  EXPECT_EQ(WorkbookError(book), "组织!3:3: 组织编码 (id): duplicate id \"b1\" (also 组织!2:2)");
  // Sheets: one that is no table, unless empty or asked to pass over; a table twice.
  book.sheets = {{"组织", kOrgSheet}, {"Sheet2", InlineRow(4, {"", "a note"})}};
  EXPECT_EQ(Prefix(WorkbookError(book), "Sheet2: not a table (单位 units, 组织 orgs"), "Sheet2: not a table (单位 units, 组织 orgs");
  LoadLimits ignore;
  ignore.ignore_unknown_fields = true;
  EXPECT_EQ(WorkbookError(book, ignore), "");
  book.sheets = {{"组织", kOrgSheet}, {"orgs", kOrgSheet}};
  EXPECT_EQ(WorkbookError(book), "orgs: the same table as 组织");
  book.sheets = {{"Sheet1", ""}};
  EXPECT_EQ(Prefix(WorkbookError(book), "no tables (单位 units, "), "no tables (单位 units, ");
  // What is not a workbook, or not well-formed.
  Folder f("workbook_not");
  f.Write("not.xlsx", "id,kind\nb1,BRANCH\n");
  EXPECT_EQ(Message(LoadSnapshotFile(f.path() + "/not.xlsx").status()), "not a workbook (.xlsx): Not a zip archive");
  book.sheets = {{"组织", "<row r=\"1\"><c r=\"A1\">"}};
  EXPECT_EQ(WorkbookError(book), "xl/worksheets/sheet1.xml:2: malformed XML: mismatched tag");
  book.sheets = {{"组织", "<row r=\"2\"/><row r=\"1\"/>"}};
  EXPECT_EQ(WorkbookError(book), "xl/worksheets/sheet1.xml:2: malformed XML: row 1 after row 2");
  book.sheets = {{"组织", kOrgSheet}};
  book.doctype = "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>";
  EXPECT_EQ(WorkbookError(book), "xl/worksheets/sheet1.xml:2: malformed XML: a document type declaration");
  // A zip bomb: a sheet that unpacks far past the limit stops at the limit.
  book.doctype.clear();
  book.sheets = {{"组织", kOrgSheet + std::string(4 << 20, ' ')}};
  LoadLimits small;
  small.max_input_bytes = 1 << 20;
  EXPECT_EQ(WorkbookError(book, small), "xl/worksheets/sheet1.xml: unpacked to more than the limit of 1048576 bytes");
  EXPECT_EQ(WorkbookError(book), "");
}

// The sample written as a workbook and read back: the same findings; and so
// the workbook LibreOffice writes from it.
TEST(Workbook, TheSampleRoundTrips) {
  absl::StatusOr<v1::Snapshot> sample = ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  ASSERT_TRUE(sample.ok());
  const std::vector<std::string> expected = Findings(**LoadSnapshot(*sample));
  Folder f("workbook_sample");
  const std::string book = f.path() + "/sample.xlsx";
  ASSERT_TRUE(tables::WriteWorkbook(*sample, book).ok());
  absl::StatusOr<std::shared_ptr<const Store>> read = LoadSnapshotFile(book);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(Findings(**read), expected);
  absl::StatusOr<v1::Snapshot> back = ParseWorkbook(book);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->members(0).DebugString(), sample->members(0).DebugString());
  EXPECT_EQ(back->activities(5).DebugString(), sample->activities(5).DebugString());
  // Text that looks like OOXML's escape of a character stays as it was.
  v1::Snapshot escapes;
  v1::Org* org = escapes.add_orgs();
  org->set_id("b_x0041_");
  org->set_kind(v1::Org::BRANCH);
  org->set_name("_x000D_ and _x005F_x0041_, as typed");
  ASSERT_TRUE(tables::WriteWorkbook(escapes, f.path() + "/escapes.xlsx").ok());
  absl::StatusOr<v1::Snapshot> kept = ParseWorkbook(f.path() + "/escapes.xlsx");
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(kept->orgs(0).DebugString(), org->DebugString());
  // The export of a store, its members named by position.
  const v1::Snapshot exported = ExportSnapshot(**LoadSnapshot(*sample));
  ASSERT_TRUE(tables::WriteWorkbook(exported, f.path() + "/export.xlsx").ok());
  read = LoadSnapshotFile(f.path() + "/export.xlsx");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(Findings(**read), Findings(**LoadSnapshot(exported)));

  if (std::system("command -v libreoffice > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "LibreOffice is not installed (Debian: libreoffice-calc-nogui): the workbook it writes is not read";
  }
  const std::string out = f.path() + "/libreoffice";
  const std::string command = StrCat("libreoffice -env:UserInstallation=file://", f.path(), "/profile --headless ",
                                     "--convert-to xlsx --outdir ", out, " ", book, " > ", f.path(), "/lo.log 2>&1");
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  read = LoadSnapshotFile(out + "/sample.xlsx");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(Findings(**read), expected);
  EXPECT_EQ(ParseWorkbook(out + "/sample.xlsx")->DebugString(), back->DebugString());
}

// `check` reads a workbook, and says which cell is wrong in the language asked for.
TEST(Workbook, CheckAWorkbook) {
  Folder f("workbook_check");
  const std::string book = f.path() + "/台账.xlsx";
  ASSERT_EQ(Dangjian({"export", "sample", "--format", "xlsx", "--out", book}).code, cli::kOk);
  const Ran sample = Dangjian({"check", "sample", "--format", "json"});
  const Ran read = Dangjian({"check", book, "--as-of", std::string(kSampleAsOf), "--format", "json"});
  ASSERT_EQ(read.code, cli::kOk) << read.err;
  EXPECT_EQ(read.out, sample.out);
  // And as CSV tables, and back.
  ASSERT_EQ(Dangjian({"export", book, "--format", "csv", "--out", f.path() + "/tables"}).code, cli::kOk);
  EXPECT_EQ(Dangjian({"check", f.path() + "/tables", "--as-of", std::string(kSampleAsOf), "--format", "json"}).out, sample.out);
  Book bad;
  bad.sheets = {{"组织", kOrgSheet}, {"党员", InlineRow(1, {"党员编号", "所在党支部", "党员状态"}) + InlineRow(2, {"m1", "b1", "正式党员x"})}};
  f.Write("bad.xlsx", bad.Bytes());
  const Ran refused = Dangjian({"check", f.path() + "/bad.xlsx", "--lang", "zh"});
  EXPECT_EQ(refused.code, cli::kBadInput);
  EXPECT_EQ(refused.err, StrCat("dangjian: ", f.path(), "/bad.xlsx: 党员!C2: 党员状态 (status): “正式党员x”不是党员状态(FULL 正式党员, PROBATIONARY 预备党员)\n"));
}

// The dues, the ledger and the events are read beside the other tables, on a
// thread of their own: the errors are still those of the tables read one
// after the other — a cell's before what the load finds, the records past
// the limit before a later cell's.
TEST(Csv, TablesReadBesideSayWhatTablesReadInTurnSay) {
  Folder f("beside");
  f.Write("orgs.csv", "id,kind\nb1,BRANCH\n")
      .Write("members.csv", "id,org_id,status\nm1,b1,FULL\nm2,b1,FULL\n")
      .Write("dues.csv", "member_id,month\nm1,2026-01\nm2,2026/2\nm9,2026-03\n")
      .Write("events.csv", "member_id,kind,on\nm2,COMMENDED,2026-04-01\n");
  absl::StatusOr<std::shared_ptr<const Store>> store = LoadSnapshotFile(f.path());
  ASSERT_TRUE(store.ok()) << store.status();
  const v1::Snapshot back = ExportSnapshot(**store);
  ASSERT_EQ(back.dues_size(), 3);  // m9's kept as given, naming no member
  EXPECT_EQ(back.dues(1).month(), "2026-02");
  // m1 and m2 found among the members read by the other thread, m9 not.
  EXPECT_EQ(back.dues(0).member_id(), "m1");
  EXPECT_EQ(back.dues(1).member_id(), "m2");
  EXPECT_EQ(back.dues(2).member_id(), "m9");
  ASSERT_EQ((*store)->data_issues().size(), 1u);
  EXPECT_EQ((*store)->data_issues()[0].value, "m9");
  ASSERT_EQ(back.events_size(), 1);
  EXPECT_EQ(back.events(0).kind(), v1::MemberEvent::COMMENDED);

  f.Write("orgs.csv", "id,kind\nb1,BRANCH\nb1,BRANCH\n");  // found by the load
  EXPECT_EQ(Message(LoadSnapshotFile(f.path()).status()), "orgs.csv:3: id (组织编码): duplicate id \"b1\" (also orgs.csv:2)");
  f.Write("dues.csv", "member_id,month\nm1,2026-01\nm2,2026-13\n");  // a cell: said first
  EXPECT_EQ(Message(LoadSnapshotFile(f.path()).status()),
            "dues.csv:3:2: month (月份): \"2026-13\" is not a month (YYYY-MM)");
  LoadLimits limits;
  limits.max_records = 5;  // 2 orgs, 2 members, then the dues' first row: the second is past the limit
  EXPECT_EQ(Message(LoadSnapshotFile(f.path(), limits).status()), "more than the limit of 5 records");
  limits.max_records = 6;
  EXPECT_EQ(Message(LoadSnapshotFile(f.path(), limits).status()),
            "dues.csv:3:2: month (月份): \"2026-13\" is not a month (YYYY-MM)");
  f.Write("members.csv", "id,org_id,status\nm1,b1,FULL\nm2,b1,FULL\nm3,b1,FULLY\n");  // an earlier table's cell
  EXPECT_EQ(Message(LoadSnapshotFile(f.path(), limits).status()).substr(0, 23), "members.csv:4:3: status");
}

}  // namespace
}  // namespace dangjian::testing

namespace dangjian::testing {
namespace {

// The attendance names its members by id; those found among the members
// are loaded by their position, each activity's as a whole: an activity with
// a member no row of members.csv defines keeps every one of its rows by id.
// Either way the store is the one the same snapshot given by ids loads.
TEST(Csv, AttendanceLoadsAsTheSameSnapshotByIds) {
  Folder f("attendance");
  f.Write("orgs.csv", "id,kind\nb1,BRANCH\n")
      .Write("members.csv", "id,org_id,status\nm1,b1,FULL\nm2,b1,FULL\nm3,b1,PROBATIONARY\n")
      .Write("activities.csv",
             "id,org_id,kind,held_on\na1,b1,GENERAL_MEETING,2026-03-02\na2,b1,TALK,2026-03-05\n"
             "a3,b1,GENERAL_MEETING,2026-06-01\n")
      .Write("attendance.csv",
             "activity_id,member_id,attendance\na1,m2,ATTENDED\na3,m9,\na1,m1,\na1,m3,LEAVE_APPROVED\n"
             "a2,m1,TALKED_WITH\na3,m1,ATTENDED\na3,m2,OBSERVER\n");
  absl::StatusOr<v1::Snapshot> by_ids = ParseSnapshot(R"({
    "orgs": [{"id": "b1", "kind": "BRANCH"}],
    "members": [{"id": "m1", "orgId": "b1", "status": "FULL"}, {"id": "m2", "orgId": "b1", "status": "FULL"},
                {"id": "m3", "orgId": "b1", "status": "PROBATIONARY"}],
    "activities": [
      {"id": "a1", "orgId": "b1", "kind": "GENERAL_MEETING", "heldOn": "2026-03-02", "attendeeIds": ["m2", "m1"],
       "absentees": [{"memberId": "m3", "reason": "LEAVE_APPROVED"}]},
      {"id": "a2", "orgId": "b1", "kind": "TALK", "heldOn": "2026-03-05", "talkMemberIds": ["m1"]},
      {"id": "a3", "orgId": "b1", "kind": "GENERAL_MEETING", "heldOn": "2026-06-01", "attendeeIds": ["m9", "m1"],
       "observerIds": ["m2"]}]})",
                                                      SnapshotFormat::kJson);
  ASSERT_TRUE(by_ids.ok()) << by_ids.status();
  absl::StatusOr<std::shared_ptr<const Store>> expected = LoadSnapshot(*by_ids);
  ASSERT_TRUE(expected.ok()) << expected.status();
  absl::StatusOr<std::shared_ptr<const Store>> read = LoadSnapshotFile(f.path());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(ExportSnapshot(**read).DebugString(), ExportSnapshot(**expected).DebugString());
  const std::vector<std::string> findings = Findings(**read);
  EXPECT_EQ(findings, Findings(**expected));
  EXPECT_TRUE(std::any_of(findings.begin(), findings.end(), [](const std::string& s) {
    return s.find("m9") != std::string::npos;
  }));  // the member no row defines, named as the row named it
  // The same rows in the activities' order, as a table written by activity
  // is (held as they come); then with the order broken only by the last row,
  // after an activity with no rows (put in order when the rows are all read).
  for (const char* rows : {"a1,m2,ATTENDED\na1,m1,\na1,m3,LEAVE_APPROVED\na2,m1,TALKED_WITH\na3,m9,\na3,m1,ATTENDED\n"
                           "a3,m2,OBSERVER\n",
                           "a1,m2,ATTENDED\na1,m1,\na1,m3,LEAVE_APPROVED\na3,m9,\na3,m1,ATTENDED\na3,m2,OBSERVER\n"
                           "a2,m1,TALKED_WITH\n"}) {
    f.Write("attendance.csv", std::string("activity_id,member_id,attendance\n") + rows);
    read = LoadSnapshotFile(f.path());
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(ExportSnapshot(**read).DebugString(), ExportSnapshot(**expected).DebugString()) << rows;
  }

  // An activity id given twice, its attendance out of order (so that the
  // activities' ids were indexed as it was read): the load says so.
  f.Write("activities.csv",
          "id,org_id,kind,held_on\na1,b1,GENERAL_MEETING,2026-03-02\na2,b1,TALK,2026-03-05\n"
          "a3,b1,GENERAL_MEETING,2026-06-01\na2,b1,TALK,2026-07-05\n");
  EXPECT_EQ(Message(LoadSnapshotFile(f.path()).status()),
            "activities.csv:5: id (活动编号): duplicate id \"a2\" (also activities.csv:3)");
  // The same with the dues read beside, whose reading indexes the
  // activities' ids while the attendance is read.
  f.Write("dues.csv", "member_id,month\nm1,2026-01\nm2,2026-02\n");
  EXPECT_EQ(Message(LoadSnapshotFile(f.path()).status()),
            "activities.csv:5: id (活动编号): duplicate id \"a2\" (also activities.csv:3)");
  // A member id given twice: the load says so, whatever the attendance names.
  f.Write("members.csv", "id,org_id,status\nm1,b1,FULL\nm2,b1,FULL\nm1,b1,FULL\n");
  EXPECT_EQ(Message(LoadSnapshotFile(f.path()).status()).substr(0, 18), "members.csv:4: id ");
}

// A large attendance is read by both threads of a folder's load: the dues'
// thread, its own table read, takes the lower half of the rows the other has
// not reached. The store is the one the tables read in turn give (parsed
// into a snapshot, then loaded), whether the rows beside keep the
// activities' order or not, name members the members define or not; an
// error in either half names its line; a table with a cell in quotes is
// read by one thread alone.
TEST(Csv, AttendanceReadByTwoThreadsLoadsAsReadInTurn) {
  Folder f("attendance_shared");
  constexpr int kMembers = 2000, kActivities = 5000, kEach = 20;
  std::string members = "id,org_id,status\n", activities = "id,org_id,kind,held_on\n";
  const auto member = [](int m) { return StrCat("m", 10000 + m); };
  const auto activity = [](int a) { return StrCat("a", 100000 + a); };
  for (int m = 0; m < kMembers; ++m) StrAppend(&members, member(m), ",b1,", m % 9 ? "FULL" : "PROBATIONARY", "\n");
  for (int a = 0; a < kActivities; ++a) {
    StrAppend(&activities, activity(a), ",b1,", a % 3 ? "GENERAL_MEETING" : "TALK", ",2026-", 1 + a % 12, "-", 1 + a % 28, "\n");
  }
  std::vector<std::string> rows;  // by activity, kEach members from one that moves along
  for (int a = 0; a < kActivities; ++a) {
    for (int k = 0; k < kEach; ++k) {
      rows.push_back(StrCat(activity(a), ",", member((a * 7 + k) % kMembers), k % 9 == 4 ? ",LEAVE_APPROVED" : ""));
    }
  }
  f.Write("orgs.csv", "id,kind\nb1,BRANCH\n")
      .Write("members.csv", members)
      .Write("activities.csv", activities)
      .Write("dues.csv", StrCat("member_id,month\n", member(1), ",2026-01\n"));
  const auto attendance = [&](const std::vector<std::string>& lines) {
    std::string text = "activity_id,member_id,attendance\n";
    for (const std::string& line : lines) StrAppend(&text, line, "\n");
    f.Write("attendance.csv", text);
  };
  const auto same_as_in_turn = [&](const std::string& what) {
    absl::StatusOr<std::shared_ptr<const Store>> read = LoadSnapshotFile(f.path());
    ASSERT_TRUE(read.ok()) << what << ": " << read.status();
    absl::StatusOr<v1::Snapshot> parsed = ParseCsvTables(f.path());
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    absl::StatusOr<std::shared_ptr<const Store>> in_turn = LoadSnapshot(*parsed);
    ASSERT_TRUE(in_turn.ok()) << in_turn.status();
    const v1::Snapshot exported = ExportSnapshot(**read);
    EXPECT_EQ(exported.activities(kActivities - 1).attendee_ids_size() +
                  exported.activities(kActivities - 1).absentees_size(),
              kEach) << what;
    EXPECT_TRUE(exported.SerializeAsString() == ExportSnapshot(**in_turn).SerializeAsString()) << what;
    EXPECT_EQ(Findings(**read), Findings(**in_turn)) << what;
  };
  attendance(rows);
  same_as_in_turn("in the activities' order");
  std::vector<std::string> changed = rows;
  std::swap(changed[10], changed.back());  // an early row last, the late one early: the order broken at both ends
  attendance(changed);
  same_as_in_turn("out of order");
  changed = rows;
  changed[rows.size() - 30] = StrCat(activity(kActivities - 2), ",m_not_defined");
  changed[40] = StrCat(activity(2), ",m_not_defined_either,OBSERVER");
  attendance(changed);
  same_as_in_turn("naming members no row defines");

  changed = rows;
  changed.back() += "x";  // its attendance, LEAVE_APPROVEDx, or its member
  changed[rows.size() - 2] = StrCat(activity(kActivities - 1), ",", member(1), ",PRESENTED");
  attendance(changed);
  const std::string last_error = StrCat("attendance.csv:", rows.size(), ":3: attendance (出勤情况): \"PRESENTED\" is not");
  EXPECT_EQ(Message(LoadSnapshotFile(f.path()).status()).substr(0, last_error.size()), last_error);
  changed[100] = StrCat(activity(5), ",", member(1), ",ABSENTT");
  attendance(changed);
  const std::string first_error = "attendance.csv:102:3: attendance (出勤情况): \"ABSENTT\" is not";
  EXPECT_EQ(Message(LoadSnapshotFile(f.path()).status()).substr(0, first_error.size()), first_error);

  changed = rows;
  changed[rows.size() / 2] = StrCat(activity(kActivities / 2), ",\"", member(3), "\"");
  attendance(changed);
  same_as_in_turn("a cell in quotes");
}

}  // namespace
}  // namespace dangjian::testing
