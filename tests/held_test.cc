// The Engine holds its snapshot as its records' bytes: the list that holds
// them, an Engine created from a file's bytes, and the snapshot written back.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench/synthetic.h"
#include "dangjian/engine.h"
#include "dangjian/examples.h"
#include "dangjian/tables.h"
#include "lib/engine/held.h"
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

// Random adds, rewrites, inserts, removals and filters, the list compared with
// a vector of strings after each; records of up to 3 MB, so that chunks fill,
// a record outgrows a chunk and the list is written out afresh.
TEST(HeldList, HoldsWhatAVectorOfStringsHolds) {
  std::mt19937_64 rng(3);
  HeldList list;
  std::vector<std::string> model;
  const auto record = [&] {
    const size_t size = rng() % 50 == 0 ? rng() % (3 << 20) : rng() % 200;
    std::string bytes(size, '\0');
    for (char& c : bytes) c = static_cast<char>('a' + rng() % 26);
    return bytes;
  };
  for (int step = 0; step < 3000; ++step) {
    const int op = static_cast<int>(rng() % 10);
    if (op < 4 || model.empty()) {
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
