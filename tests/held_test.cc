// The Engine holds its snapshot as its records' bytes: the list that holds
// them, an Engine created from a file's bytes, and the snapshot written back.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench/synthetic.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "dangjian/check.h"
#include "dangjian/engine.h"
#include "dangjian/examples.h"
#include "dangjian/tables.h"
#include "lib/engine/held.h"
#include "lib/model/builder.h"
#include "lib/model/mapped_file.h"
#include "lib/report/build.h"
#include "lib/strings.h"
#include "tests/snapshot_builder.h"
#include "tests/temp_path.h"
#include "gtest/gtest.h"

namespace dangjian {
namespace {

using testing::Delimited;
using testing::TempPath;

std::string Bytes(const google::protobuf::Message& m) { return report::DeterministicBytes(m); }

// A generated city, its records naming members by their places.
std::vector<v1::Snapshot> Generated(long members) {
  std::vector<v1::Snapshot> messages;
  synthetic::Generator(11, members, true).Run([&](const v1::Snapshot& m) { messages.push_back(m); });
  return messages;
}

v1::Snapshot Merged(const std::vector<v1::Snapshot>& messages) {
  v1::Snapshot whole;
  for (const v1::Snapshot& m : messages) whole.MergeFrom(m);
  return whole;
}

EngineOptions At2026() {
  EngineOptions options;
  options.as_of = *ParseDate(kSampleAsOf);
  return options;
}

const Policy& National() {
  static const Policy national = *Policy::Builtin("national");
  return national;
}

// Random adds, rewrites (anew, or over a record's own bytes), inserts,
// removals, filters and lists appended, the list compared with
// a vector of strings after each; records of up to 5 MB, so that chunks fill
// (those after the first huge pages), a record outgrows a chunk (2 MB) and
// the list is written out afresh; records of no bytes, and of a chunk's
// size and one byte either side.
TEST(HeldList, HoldsWhatAVectorOfStringsHolds) {
  std::mt19937_64 rng(3);
  HeldList list;
  std::vector<std::string> model;
  const auto record = [&] {
    const size_t edges[] = {0, 0, (2 << 20) - 1, 2 << 20, (2 << 20) + 1};
    const uint64_t pick = rng() % 50;
    const size_t size = pick == 0 ? rng() % (5 << 20) : pick == 1 ? edges[rng() % 5] : rng() % 200;
    std::string bytes(size, '\0');
    for (char& c : bytes) c = static_cast<char>('a' + rng() % 26);
    return bytes;
  };
  // Records of no bytes after a record larger than a chunk and after a
  // chunk filled whole.
  for (const size_t size : {size_t{5} << 20, size_t{0}, size_t{2} << 20, size_t{0}, size_t{5}}) {
    model.push_back(std::string(size, 'x'));
    list.Add(model.back());
  }
  for (int step = 0; step < 3000; ++step) {
    const int op = static_cast<int>(rng() % 11);
    if (op == 10 && !model.empty()) {
      // Over its own bytes: a record no longer than it was, and not one of
      // a large record's (1 << 17 bytes or more); else left as it was.
      const int i = static_cast<int>(rng() % model.size());
      const std::string r = rng() % 2 ? model[i].substr(0, rng() % (model[i].size() + 1)) : record();
      const std::optional<size_t> gave_up = list.WriteOver(i, r);
      if (r.size() <= model[i].size() && model[i].size() < (size_t{1} << 17) - 1) {
        ASSERT_TRUE(gave_up) << "step " << step;
        EXPECT_EQ(*gave_up, model[i].size() - r.size());
        list.Released(*gave_up);
        model[i] = r;
      } else {
        ASSERT_FALSE(gave_up) << "step " << step;
      }
    } else if (op < 4 || model.empty()) {
      model.push_back(record());
      list.Add(model.back());
    } else if (op < 7) {
      const int i = static_cast<int>(rng() % model.size());
      model[i] = record();
      list.Set(i, model[i]);
    } else if (op == 7) {
      const int i = static_cast<int>(rng() % (model.size() + 1));
      const std::string r = record();
      model.insert(model.begin() + i, r);
      list.Insert(i, r);
    } else if (op == 8) {
      model.pop_back();
      list.RemoveLast();
    } else if (rng() % 2 == 0) {
      HeldList more;
      for (int k = static_cast<int>(rng() % 4); k > 0; --k) {
        model.push_back(record());
        more.Add(model.back());
      }
      list.Append(std::move(more));
      ASSERT_EQ(more.size(), 0);
      if (rng() % 4 == 0) list.Fit();
    } else {
      const uint64_t mask = rng();
      std::vector<std::string> kept;
      for (size_t i = 0; i < model.size(); ++i) {
        if (mask >> (i % 64) & 1) kept.push_back(model[i]);
      }
      model = kept;
      list.KeepIf([&](int i) { return (mask >> (i % 64) & 1) != 0; });
    }
    ASSERT_EQ(list.size(), static_cast<int>(model.size())) << "step " << step;
    for (size_t i = 0; i < model.size(); ++i) ASSERT_EQ(list[static_cast<int>(i)], model[i]) << "step " << step;
  }
}

// Members removed, moved and changed, the first of them by the places the
// generated snapshot names them at.
std::vector<v1::Event> SomeEvents(const v1::Snapshot& s) {
  std::vector<v1::Event> events;
  for (int i = 0; i < 30; ++i) {
    v1::Event e;
    const v1::Member& m = s.members(i * 37 + 1);
    if (i % 3 == 0) {
      e.set_member_removed(m.id());
    } else if (i % 3 == 1) {
      e.mutable_status_changed()->set_member_id(m.id());
      e.mutable_status_changed()->set_status(m.status() == v1::Member::FULL ? v1::Member::PROBATIONARY : v1::Member::FULL);
    } else {
      e.mutable_member_moved()->set_member_id(m.id());
      e.mutable_member_moved()->set_org_id(s.members(i * 53).org_id());
    }
    events.push_back(e);
  }
  return events;
}

// Random activities, their places rewritten on the wire, against the same
// change made to the parsed message: every place moved or dropped, an
// absentee dropped whole, the other fields as they were; a list given
// unpacked, an absentee's index written twice or before its id.
TEST(RewriteActivityPlaces, AsTheMessageChanged) {
  std::mt19937_64 rng(9);
  const auto gone = [](int32_t v) { return v % 5 == 2; };
  const auto moved = [](int32_t v) { return v < 0 ? v : v - v / 5; };
  for (int round = 0; round < 2000; ++round) {
    v1::Activity a;
    a.set_id(StrCat("a", round));
    a.set_org_id("b");
    a.set_kind(v1::Activity::THEME_DAY);
    a.set_held_on("2026-03-10");
    if (rng() % 2) a.set_topic("主题");
    for (int k = static_cast<int>(rng() % 8); k > 0; --k) a.add_attendee_indexes(static_cast<int32_t>(rng() % 40) - 2);
    for (int k = static_cast<int>(rng() % 3); k > 0; --k) a.add_talk_member_indexes(static_cast<int32_t>(rng() % 40));
    for (int k = static_cast<int>(rng() % 4); k > 0; --k) {
      v1::Activity::Absentee& x = *a.add_absentees();
      if (rng() % 3) {
        x.set_member_index(static_cast<int32_t>(rng() % 40));
      } else {
        x.set_member_id("m9");
      }
      x.set_reason(v1::Activity::Absentee::LEAVE_APPROVED);
    }
    if (rng() % 2) a.add_attendee_ids("m1");
    std::string bytes = a.SerializeAsString();
    if (round % 7 == 0 && a.attendee_indexes_size() > 0) {  // the first attendee again, unpacked, at the front
      std::string unpacked;
      {
        google::protobuf::io::StringOutputStream stream(&unpacked);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.WriteTag(17 << 3 | 0);  // attendee_indexes, a varint
        coded.WriteVarint64(static_cast<uint64_t>(int64_t{a.attendee_indexes(0)}));
      }
      bytes = unpacked + bytes;
      a.mutable_attendee_indexes()->Add(a.attendee_indexes(0));
      std::rotate(a.mutable_attendee_indexes()->rbegin(), a.mutable_attendee_indexes()->rbegin() + 1,
                  a.mutable_attendee_indexes()->rend());
    }
    v1::Activity expected = a;
    const auto shift = [&](google::protobuf::RepeatedField<int32_t>& list) {
      google::protobuf::RepeatedField<int32_t> kept;
      for (const int32_t v : list) {
        if (!gone(v)) kept.Add(moved(v));
      }
      list.Swap(&kept);
    };
    shift(*expected.mutable_attendee_indexes());
    shift(*expected.mutable_talk_member_indexes());
    std::vector<int> dropped_expected;
    google::protobuf::RepeatedPtrField<v1::Activity::Absentee> absentees;
    for (int k = 0; k < expected.absentees_size(); ++k) {
      v1::Activity::Absentee x = expected.absentees(k);
      if (x.has_member_index() && gone(x.member_index())) {
        dropped_expected.push_back(k);
        continue;
      }
      if (x.has_member_index()) x.set_member_index(moved(x.member_index()));
      *absentees.Add() = x;
    }
    expected.mutable_absentees()->Swap(&absentees);

    std::string out;
    std::vector<int> dropped;
    ASSERT_TRUE(RewriteActivityPlaces(
        bytes, out, [&](int, int, int32_t v) -> std::optional<int32_t> {
          if (gone(v)) return std::nullopt;
          return moved(v);
        },
        [&](int k, std::string_view) { dropped.push_back(k); }));
    v1::Activity got;
    ASSERT_TRUE(got.ParseFromString(out)) << round;
    EXPECT_EQ(Bytes(got), Bytes(expected)) << round << "\n" << got.DebugString() << "\n" << expected.DebugString();
    EXPECT_EQ(dropped, dropped_expected) << round;
  }
  std::string out;
  EXPECT_FALSE(RewriteActivityPlaces("\x8a\x01\x05", out, [](int, int, int32_t v) { return std::optional<int32_t>(v); },
                                     [](int, std::string_view) {}));
}

// Random members, moved on the wire, against the same change made to the
// parsed message: the bytes protobuf writes for it, each field where its
// number puts it; an org, group or home org given empty not written; a
// field the schema does not know kept; a field written twice taken out.
TEST(RewriteStrings, AsTheMessageChanged) {
  std::mt19937_64 rng(11);
  const auto some = [&](const char* prefix) { return rng() % 3 == 0 ? std::string() : StrCat(prefix, rng() % 1000); };
  for (int round = 0; round < 2000; ++round) {
    v1::Member m;
    m.set_id(StrCat("m", round));
    if (rng() % 2) m.set_name("张三");
    m.set_org_id(some("b"));
    m.set_group_id(some("g"));
    m.set_unit_id(some("u"));
    m.set_status(rng() % 2 ? v1::Member::FULL : v1::Member::PROBATIONARY);
    if (rng() % 2) m.set_monthly_income_cents(static_cast<int64_t>(rng() % 100000));
    m.set_lost_contact_since(rng() % 4 == 0 ? "2026-01-05" : "");
    m.set_home_org_id(some("h"));
    std::string bytes = m.SerializeAsString();
    if (round % 5 == 0) bytes += std::string("\xa2\x06\x03" "new", 6);  // field 100, unknown here
    const std::string org = some("b"), group = some("g"), home = some("h");
    std::string out;
    ASSERT_TRUE(RewriteStrings(bytes, {{v1::Member::kHomeOrgIdFieldNumber, home}, {v1::Member::kOrgIdFieldNumber, org},
                                       {v1::Member::kGroupIdFieldNumber, group}},
                               out));
    v1::Member expected;
    ASSERT_TRUE(expected.ParseFromString(bytes));
    expected.set_org_id(org);
    expected.set_group_id(group);
    expected.set_home_org_id(home);
    EXPECT_EQ(out, expected.SerializeAsString()) << round;
    if (round % 7 == 0) {  // the org written twice: the last wins in the message, the value given in both
      std::string twice = bytes;
      twice += std::string("\x1a\x02" "b9", 4);
      ASSERT_TRUE(RewriteStrings(twice, {{v1::Member::kOrgIdFieldNumber, org}}, out));
      v1::Member got;
      ASSERT_TRUE(got.ParseFromString(out));
      EXPECT_EQ(got.org_id(), org) << round;
      EXPECT_EQ(got.home_org_id(), m.home_org_id()) << round;
    }
  }
  std::string out;
  EXPECT_FALSE(RewriteStrings("\x1a\x05" "ab", {{v1::Member::kOrgIdFieldNumber, "b1"}}, out));
}

// From a file's bytes in each format an Engine reports what one created from
// the parsed message reports, and holds the same snapshot; so after events
// that find members by their places in it.
TEST(EngineFromBytes, EachFormatAsTheMessage) {
  const std::vector<v1::Snapshot> messages = Generated(3000);
  const v1::Snapshot whole = Merged(messages);
  auto from_message = Engine::Create(whole, National(), At2026());
  ASSERT_TRUE(from_message.ok()) << from_message.status();
  ASSERT_GT((*from_message)->Report().findings_size(), 100);
  const std::vector<v1::Event> events = SomeEvents(whole);
  std::vector<std::string> reports;
  for (const v1::Event& e : events) {
    ASSERT_TRUE((*from_message)->Apply(e).ok()) << e.DebugString();
    reports.push_back(Bytes((*from_message)->Report()));
  }
  const std::string json = RenderMessageJson(whole);
  for (const auto& [format, bytes] : {std::pair<SnapshotFormat, std::string>{SnapshotFormat::kBinary, whole.SerializeAsString()},
                                      {SnapshotFormat::kDelimited, Delimited(messages)},
                                      {SnapshotFormat::kJson, json}}) {
    auto engine = Engine::Create(bytes, format, National(), At2026());
    ASSERT_TRUE(engine.ok()) << engine.status();
    EXPECT_EQ(Bytes((*engine)->snapshot()), Bytes(whole)) << static_cast<int>(format);
    for (size_t i = 0; i < events.size(); ++i) {
      ASSERT_TRUE((*engine)->Apply(events[i]).ok()) << i;
      ASSERT_EQ(Bytes((*engine)->Report()), reports[i]) << "format " << static_cast<int>(format) << ", event " << i;
    }
    EXPECT_EQ(Bytes((*engine)->snapshot()), Bytes((*from_message)->snapshot())) << static_cast<int>(format);
  }
}

// Bytes a load refuses the Engine refuses too, with the load's code; bytes
// it takes, the Engine takes: the sample cut short and with a byte changed,
// at 150 places through it, in binary and delimited.
TEST(EngineFromBytes, RefusesWhatALoadRefuses) {
  const v1::Snapshot sample = *ParseSnapshot(SampleSnapshotJson(), SnapshotFormat::kJson);
  for (const SnapshotFormat format : {SnapshotFormat::kBinary, SnapshotFormat::kDelimited}) {
    const std::string good = format == SnapshotFormat::kBinary ? sample.SerializeAsString() : Delimited({sample});
    std::vector<std::string> variants;
    const size_t step = good.size() / 150 + 1;
    for (size_t cut = 0; cut < good.size(); cut += step) variants.push_back(good.substr(0, cut));
    for (size_t at = 0; at < good.size(); at += step) {
      std::string changed = good;
      changed[at] = static_cast<char>(changed[at] ^ 0x80);
      variants.push_back(changed);
    }
    int refused = 0;
    for (const std::string& bytes : variants) {
      auto store = LoadSnapshot(bytes, format);
      auto engine = Engine::Create(bytes, format, National(), At2026());
      ASSERT_EQ(engine.status().code(), store.status().code())
          << "engine: " << engine.status() << "\nload: " << store.status();
      if (!store.ok()) ++refused;
    }
    EXPECT_GT(refused, 10);
  }
  auto garbage = Engine::Create("not a snapshot", SnapshotFormat::kBinary, National(), At2026());
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(garbage.status().message().find("not a dangjian.v1.Snapshot"), std::string::npos) << garbage.status();
}

// A schemaVersion other than 1 in any message of a stream is refused, as a
// load refuses it.
TEST(EngineFromBytes, AnUnsupportedVersionInAnyMessage) {
  v1::Snapshot one, two;
  one.set_schema_version(1);
  two.set_schema_version(2);
  for (const std::vector<v1::Snapshot>& stream : {std::vector<v1::Snapshot>{one, two}, {two, one}}) {
    auto engine = Engine::Create(Delimited(stream), SnapshotFormat::kDelimited, National(), At2026());
    ASSERT_FALSE(engine.ok());
    EXPECT_NE(engine.status().message().find("unsupported version 2"), std::string::npos) << engine.status();
    EXPECT_FALSE(LoadSnapshot(Delimited(stream), SnapshotFormat::kDelimited).ok());
  }
}

// Written back in each format after events, the snapshot creates an Engine
// that holds it and reports what the first one reports; a stream past 16 MB
// is written in more than one message.
TEST(EngineExport, ReadsBackInEachFormat) {
  const std::vector<v1::Snapshot> messages = Generated(50000);
  auto engine = Engine::Create(Delimited(messages), SnapshotFormat::kDelimited, National(), At2026());
  ASSERT_TRUE(engine.ok()) << engine.status();
  const v1::Snapshot before = (*engine)->snapshot();
  for (int i = 0; i < 40; ++i) {
    v1::Event e;
    if (i % 4 == 3) {
      e.set_member_removed(before.members(i * 31).id());
    } else {
      e.mutable_status_changed()->set_member_id(before.members(i * 17).id());
      e.mutable_status_changed()->set_status(i % 2 ? v1::Member::PROBATIONARY : v1::Member::FULL);
    }
    ASSERT_TRUE((*engine)->Apply(e).ok()) << i;
  }
  const std::string report = Bytes((*engine)->Report());
  const std::string now = Bytes((*engine)->snapshot());
  ASSERT_NE(now, Bytes(before));
  for (const SnapshotFormat format : {SnapshotFormat::kBinary, SnapshotFormat::kDelimited, SnapshotFormat::kJson}) {
    absl::StatusOr<std::string> bytes = (*engine)->Export(format);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    if (format == SnapshotFormat::kDelimited) {
      size_t parts = 0;
      for (size_t at = 0; at < bytes->size(); ++parts) {
        uint64_t size = 0;
        for (int shift = 0;; shift += 7) {
          const uint8_t b = static_cast<uint8_t>((*bytes)[at++]);
          size |= uint64_t{b & 0x7fu} << shift;
          if (b < 0x80) break;
        }
        at += size;
      }
      EXPECT_GE(parts, 2u) << bytes->size() << " bytes";
    }
    auto again = Engine::Create(*bytes, format, National(), At2026());
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(Bytes((*again)->Report()), report) << static_cast<int>(format);
    EXPECT_EQ(Bytes((*again)->snapshot()), now) << static_cast<int>(format);
  }
}

// Past 16 MB the records are appended in parts on two threads: a batch
// rejected after members were removed in place builds the Store again from
// them, and the Engine reports and holds what it did before the batch; a
// record refused names its place among all, as a load of the message names it.
TEST(HeldSnapshot, AppendedInPartsAsALoadAppends) {
  const v1::Snapshot whole = Merged(Generated(50000));
  auto engine = Engine::Create(whole, National(), At2026());
  ASSERT_TRUE(engine.ok()) << engine.status();
  const std::string report = Bytes((*engine)->Report());
  v1::EventBatch batch;
  for (int i = 0; i < 5; ++i) batch.add_events()->set_member_removed(whole.members(100 + 977 * i).id());
  batch.add_events()->set_member_removed("nobody");
  const uint64_t rebuilt = (*engine)->applied_by_rebuild();
  ASSERT_FALSE((*engine)->ApplyBatch(batch).ok());
  EXPECT_EQ(Bytes((*engine)->Report()), report);
  EXPECT_EQ(Bytes((*engine)->snapshot()), Bytes(whole));
  EXPECT_EQ((*engine)->applied_by_rebuild(), rebuilt);
  batch.mutable_events()->RemoveLast();
  auto delta = (*engine)->ApplyBatch(batch);
  ASSERT_TRUE(delta.ok()) << delta.status();
  auto fresh = Engine::Create((*engine)->snapshot(), National(), At2026());
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(Bytes((*engine)->Report()), Bytes((*fresh)->Report()));
  EXPECT_EQ((*engine)->snapshot().members_size(), whole.members_size() - 5);

  for (const int bad : {whole.activities_size() - 3, 5, whole.activities_size() / 2}) {
    v1::Snapshot refused = whole;
    refused.mutable_activities(bad)->set_held_on("2026-02-30");
    if (bad != whole.activities_size() - 3) refused.mutable_activities(whole.activities_size() - 3)->set_held_on("2026-02-31");
    model::Input held, loaded;
    const absl::Status from_held = HeldSnapshot::Of(v1::Snapshot(refused)).AppendTo(LoadLimits(), held);
    const absl::Status from_message = model::Append(refused, LoadLimits(), loaded);
    ASSERT_FALSE(from_message.ok()) << bad;
    EXPECT_NE(from_message.message().find(StrCat("activities[", bad, "]")), std::string::npos) << from_message;
    EXPECT_EQ(from_held, from_message);
  }
}

// An Input emptied and given a message holds what a new one given the same
// holds: each list of ids the same ids, each found where it is, and a Store
// built from each checks alike, its data issues and all. (The Engine checks
// each event's record in one Input, emptied between them.)
TEST(Input, ClearedHoldsWhatANewOneHolds) {
  const v1::Snapshot city = Merged(Generated(3000));
  v1::Snapshot sample;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(SampleSnapshotJson()), &sample).ok());
  sample.mutable_activities(0)->add_attendee_ids("no-such-member");  // a data issue
  LoadLimits keep;
  keep.keep_notes = true;
  model::Input used, fresh;
  ASSERT_TRUE(model::Append(city, keep, used).ok());
  used.Clear();
  ASSERT_TRUE(model::Append(sample, keep, used).ok());
  ASSERT_TRUE(model::Append(sample, keep, fresh).ok());
  EXPECT_EQ(used.records, fresh.records);
  EXPECT_EQ(used.schema_version, fresh.schema_version);
  const auto same_ids = [](const Ids& a, const Ids& b, const char* what) {
    ASSERT_EQ(a.size(), b.size()) << what;
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i], b[i]) << what << " " << i;
      EXPECT_EQ(a.Find(a[i]), b.Find(b[i])) << what << " " << a[i];
    }
  };
  same_ids(used.unit_ids.ids, fresh.unit_ids.ids, "unit ids");
  same_ids(used.org_ids.ids, fresh.org_ids.ids, "org ids");
  same_ids(used.member_ids, fresh.member_ids, "member ids");
  same_ids(used.activity_ids, fresh.activity_ids, "activity ids");
  same_ids(used.member_refs, fresh.member_refs, "member references");
  same_ids(used.makeup_targets, fresh.makeup_targets, "make-ups' meetings");
  same_ids(used.member_names, fresh.member_names, "names");
  EXPECT_EQ(used.tags, fresh.tags);
  EXPECT_EQ(used.notes.activities.size(), fresh.notes.activities.size());
  auto built_used = model::BuildStore(std::move(used));
  auto built_fresh = model::BuildStore(std::move(fresh));
  ASSERT_TRUE(built_used.ok()) << built_used.status();
  ASSERT_TRUE(built_fresh.ok()) << built_fresh.status();
  CheckOptions at;
  at.as_of = *ParseDate(kSampleAsOf);
  const auto checked_used = Check(**built_used, National(), at);
  const auto checked_fresh = Check(**built_fresh, National(), at);
  ASSERT_TRUE(checked_used.ok() && checked_fresh.ok());
  EXPECT_GT(checked_fresh->findings_size(), 0);
  EXPECT_EQ(Bytes(*checked_used), Bytes(*checked_fresh));
  EXPECT_EQ((*built_used)->data_issues().size(), (*built_fresh)->data_issues().size());
  EXPECT_FALSE((*built_fresh)->data_issues().empty());
}

// A stream whose messages are held on two threads holds what one read on
// the calling thread holds: each list in the message's order, the schema
// version of the first message. Bytes that do not read are refused either
// way.
TEST(HeldSnapshot, ReadOnTwoThreadsAsOnOne) {
  const std::vector<v1::Snapshot> messages = Generated(3000);
  const std::string stream = Delimited(messages);
  ASSERT_GT(messages.size(), 2u);
  absl::StatusOr<HeldSnapshot> one = HeldSnapshot::Read(model::Source(stream), SnapshotFormat::kDelimited);
  ASSERT_TRUE(one.ok()) << one.status();
  absl::StatusOr<HeldSnapshot> two = HeldSnapshot::Read(model::Source(stream), SnapshotFormat::kDelimited, 1);
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(two->schema_version, messages[0].schema_version());
  EXPECT_EQ(Bytes(two->ToMessage()), Bytes(one->ToMessage()));
  EXPECT_EQ(Bytes(two->ToMessage()), Bytes(Merged(messages)));
  // A last message whose one record (activities, field 7) says 5 bytes and
  // has 2: its frame reads, its records do not.
  const std::string broken = stream + std::string("\x04\x3a\x05" "ab", 5);
  EXPECT_FALSE(HeldSnapshot::Read(model::Source(broken), SnapshotFormat::kDelimited, 1).ok());
  EXPECT_FALSE(HeldSnapshot::Read(model::Source(broken), SnapshotFormat::kDelimited).ok());
}

// A file's records held, and loaded, as its bytes are: a stream's messages
// copied out of the file, on two threads or one, and a binary message read
// through the mapping. A stream cut short after it was mapped is refused,
// not read past its end.
TEST(HeldSnapshot, ReadFromAFileAsFromItsBytes) {
  const std::vector<v1::Snapshot> messages = Generated(3000);
  const std::string stream = Delimited(messages), binary = Merged(messages).SerializeAsString();
  const std::string stream_path = TempPath("held.djs"), binary_path = TempPath("held.pb");
  std::ofstream(stream_path, std::ios::binary) << stream;
  std::ofstream(binary_path, std::ios::binary) << binary;
  const std::string expected = Bytes(Merged(messages));
  for (const size_t bytes_for_threads : {size_t{1}, model::kBytesForReaders}) {
    absl::StatusOr<std::unique_ptr<model::MappedFile>> file = model::MappedFile::Open(stream_path);
    ASSERT_TRUE(file.ok()) << file.status();
    absl::StatusOr<HeldSnapshot> held =
        HeldSnapshot::Read(model::Source(**file), SnapshotFormat::kDelimited, bytes_for_threads);
    ASSERT_TRUE(held.ok()) << held.status();
    EXPECT_EQ(held->schema_version, messages[0].schema_version());
    EXPECT_EQ(Bytes(held->ToMessage()), expected);
  }
  absl::StatusOr<std::unique_ptr<model::MappedFile>> file = model::MappedFile::Open(binary_path);
  ASSERT_TRUE(file.ok()) << file.status();
  absl::StatusOr<HeldSnapshot> held = HeldSnapshot::Read(model::Source(**file), SnapshotFormat::kBinary);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(Bytes(held->ToMessage()), expected);
  absl::StatusOr<std::shared_ptr<const Store>> loaded = LoadSnapshotFile(stream_path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  absl::StatusOr<std::shared_ptr<const Store>> from_bytes = LoadSnapshot(stream, SnapshotFormat::kDelimited);
  ASSERT_TRUE(from_bytes.ok()) << from_bytes.status();
  EXPECT_EQ(Bytes(ExportSnapshot(**loaded)), Bytes(ExportSnapshot(**from_bytes)));

  // The stream cut in its last message's body once mapped: its frames still
  // read (their lengths are on pages the file keeps), its last body does not.
  file = model::MappedFile::Open(stream_path);
  ASSERT_TRUE(file.ok()) << file.status();
  absl::Status framing;
  const std::vector<model::Frame> frames = model::Frames(model::Source((*file)->bytes()), framing);
  ASSERT_TRUE(framing.ok()) << framing;
  const size_t last_body = static_cast<size_t>(frames.back().body.data() - (*file)->bytes().data());
  ASSERT_GT(frames.back().body.size(), 1u);
  std::filesystem::resize_file(stream_path, last_body + 1);
  for (const size_t bytes_for_threads : {size_t{1}, model::kBytesForReaders}) {
    EXPECT_FALSE(HeldSnapshot::Read(model::Source(**file), SnapshotFormat::kDelimited, bytes_for_threads).ok());
  }
  model::Input in;
  const absl::Status appended =
      model::AppendSnapshot(model::Source(**file), SnapshotFormat::kDelimited, LoadLimits{}, in);
  EXPECT_EQ(appended.code(), absl::StatusCode::kDataLoss) << appended;
  EXPECT_EQ(appended.message(), StrCat("message ", frames.size() - 1, " (byte ", frames.back().offset,
                                       "): the file was cut short while it was read"));
}

// A message is copied out of its file up to kLargestCopied bytes, and read
// through the mapping past that; without the file, it is always a view.
TEST(MappedFile, MessagesCopiedOutUpToTheLargest) {
  const std::string path = TempPath("sparse.djs");
  std::ofstream(path, std::ios::binary) << "x";
  std::filesystem::resize_file(path, model::kLargestCopied + 1);  // sparse: nothing written
  absl::StatusOr<std::unique_ptr<model::MappedFile>> file = model::MappedFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status();
  const std::string_view bytes = (*file)->bytes();
  std::unique_ptr<char[]> copy;
  for (const size_t size : {size_t{0}, size_t{100}, model::kLargestCopied}) {
    const model::Frame frame{0, bytes.substr(0, size)};
    const std::optional<std::string_view> body = model::BodyOf(frame, model::Source(**file), copy);
    ASSERT_TRUE(body.has_value()) << size;
    EXPECT_EQ(body->data(), copy.get()) << size;
    EXPECT_EQ(body->size(), size);
    EXPECT_EQ(body->substr(0, 100), bytes.substr(0, std::min<size_t>(size, 100))) << size;
    EXPECT_EQ(model::BodyOf(frame, model::Source(bytes), copy)->data(), bytes.data()) << size;
  }
  const model::Frame largest{0, bytes};
  EXPECT_EQ(model::BodyOf(largest, model::Source(**file), copy)->data(), bytes.data());
}

// CopyOut copies what the mapping holds, anywhere in the file, and refuses
// bytes past its end.
TEST(MappedFile, CopiesOutWhatItMaps) {
  const std::string path = TempPath("copied.bin");
  std::string bytes(3 * 4096 + 17, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 + i / 251);
  std::ofstream(path, std::ios::binary) << bytes;
  absl::StatusOr<std::unique_ptr<model::MappedFile>> file = model::MappedFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ((*file)->bytes(), bytes);
  for (const auto& [offset, n] : std::vector<std::pair<size_t, size_t>>{
           {0, bytes.size()}, {4095, 2}, {4096 * 3, 17}, {bytes.size(), 0}, {100, 0}}) {
    std::string out(n, 'x');
    ASSERT_TRUE((*file)->CopyOut(offset, n, out.data())) << offset << " " << n;
    EXPECT_EQ(out, bytes.substr(offset, n)) << offset << " " << n;
  }
  char one = 0;
  EXPECT_FALSE((*file)->CopyOut(bytes.size(), 1, &one));
  EXPECT_FALSE((*file)->CopyOut(bytes.size() - 1, 2, &one));
  EXPECT_FALSE((*file)->CopyOut(bytes.size() + 1, 0, &one));
  EXPECT_FALSE((*file)->CopyOut(1, std::numeric_limits<size_t>::max(), &one));
}

// From a file of each kind an Engine holds the snapshot the file holds and
// reports what one created from the message reports; a file it cannot read is
// the load's error.
TEST(EngineFromFile, EachKindOfFile) {
  const std::vector<v1::Snapshot> messages = Generated(3000);
  const v1::Snapshot whole = Merged(messages);
  const std::string report = Bytes((*Engine::Create(whole, National(), At2026()))->Report());
  const std::string stream = TempPath("city.djs"), binary = TempPath("city.pb"), json = TempPath("city.json"),
                    csv = TempPath("city-csv");
  std::ofstream(stream, std::ios::binary) << Delimited(messages);
  std::ofstream(binary, std::ios::binary) << whole.SerializeAsString();
  std::ofstream(json, std::ios::binary) << RenderMessageJson(whole);
  ASSERT_TRUE(WriteCsvTables(whole, csv, Lang::kZh).ok());
  for (const std::string& path : {stream, binary, json, csv}) {
    auto engine = Engine::CreateFromFile(path, National(), At2026());
    ASSERT_TRUE(engine.ok()) << path << ": " << engine.status();
    EXPECT_EQ(Bytes((*engine)->Report()), report) << path;
    if (path != csv) {
      EXPECT_EQ(Bytes((*engine)->snapshot()), Bytes(whole)) << path;
    }
  }
  std::ofstream(TempPath("city.txt")) << "x";
  for (const std::string& path : {TempPath("nothing.djs"), TempPath("city.txt")}) {
    auto engine = Engine::CreateFromFile(path, National(), At2026());
    ASSERT_FALSE(engine.ok()) << path;
    EXPECT_EQ(engine.status(), LoadSnapshotFile(path).status()) << path;
  }
}

TEST(EngineExport, AnEmptyEngineReadsBack) {
  auto engine = Engine::Create(v1::Snapshot(), National(), At2026());
  ASSERT_TRUE(engine.ok());
  for (const SnapshotFormat format : {SnapshotFormat::kBinary, SnapshotFormat::kDelimited, SnapshotFormat::kJson}) {
    absl::StatusOr<std::string> bytes = (*engine)->Export(format);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    auto again = Engine::Create(*bytes, format, National(), At2026());
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ((*again)->Report().findings_size(), (*engine)->Report().findings_size());
  }
}

}  // namespace
}  // namespace dangjian
