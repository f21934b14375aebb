// Writes the seed corpora of the fuzz targets from the repository's data:
//   make_seeds SOURCE_DIR OUT_DIR
// JSON snapshots (small ones cut from the tests, and the sample) also as
// binary and delimited; profiles, rubrics, cases as they are.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <algorithm>
#include <string>

#include <zip.h>

#include "dangjian/examples.h"
#include "dangjian/store.h"
#include "dangjian/tables.h"
#include "fuzz/targets.h"
#include "lib/tables/tables.h"
#include "lib/tables/xlsx.h"
#include "dangjian/v1/event.pb.h"
#include "lib/model/json_reader.h"
#include "absl/strings/numbers.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace fs = std::filesystem;

namespace {

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void Write(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

void CopyAll(const fs::path& from, const std::string& ext, const fs::path& to) {
  if (!fs::exists(from)) return;
  for (const auto& e : fs::recursive_directory_iterator(from)) {
    if (e.is_regular_file() && e.path().extension() == ext) Write(to / e.path().filename(), Read(e.path()));
  }
}

// The parts of the workbook file `path` that the reader reads (the package's
// and the workbook's relationships, the workbook, its strings and sheets),
// its sheets without their drop-down lists.
std::vector<std::pair<std::string, std::string>> WorkbookParts(const fs::path& path) {
  std::vector<std::pair<std::string, std::string>> parts;
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (z == nullptr) return parts;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    const std::string name = zip_get_name(z, static_cast<zip_uint64_t>(i), 0);
    if (name.find("rels") == std::string::npos && name != "xl/workbook.xml" && name != "xl/sharedStrings.xml" &&
        name.rfind("xl/worksheets/sheet", 0) != 0) {
      continue;
    }
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    if (f == nullptr) continue;
    std::string bytes;
    char piece[1 << 14];
    for (zip_int64_t n; (n = zip_fread(f, piece, sizeof piece)) > 0;) bytes.append(piece, static_cast<size_t>(n));
    zip_fclose(f);
    // The drop-down lists, which the reader passes over, left out: a seed
    // within the length of an input the fuzzer makes.
    const size_t from = bytes.find("<dataValidations"), to = bytes.find("</dataValidations>");
    if (from != std::string::npos && to != std::string::npos) bytes.erase(from, to + 18 - from);
    parts.emplace_back(name, std::move(bytes));
  }
  zip_discard(z);
  return parts;
}

// `snapshot` as the workbook target's two seeds: the .xlsx file, and its
// parts (fuzz/targets.h).
void WorkbookSeeds(const dangjian::v1::Snapshot& snapshot, const fs::path& out, const std::string& name) {
  const fs::path book = out / "workbook-scratch.xlsx";
  if (!dangjian::tables::WriteWorkbook(snapshot, book.string()).ok()) return;
  Write(out / "workbook" / (name + ".xlsx"), std::string(1, '\0') + Read(book));
  std::string parts(1, '\1');
  for (const auto& [part, bytes] : WorkbookParts(book)) {
    if (parts.size() > 1) parts += '\0';
    parts += part + "\n" + bytes;
  }
  fs::remove(book);
  Write(out / "workbook" / (name + ".parts"), parts);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_seeds SOURCE_DIR OUT_DIR\n";
    return 2;
  }
  const fs::path src = argv[1], out = argv[2];
  // Snapshots: the fuzz seeds kept in the repository, in three formats.
  int n = 0;
  for (const auto& e : fs::directory_iterator(src / "fuzz" / "seeds" / "snapshots")) {
    const std::string json = Read(e.path());
    const std::string name = e.path().stem().string();
    Write(out / "snapshot_json" / (name + ".json"), json);
    Write(out / "capi" / (name + ".json"), std::string(1, '\0') + json);
    auto snapshot = dangjian::ParseSnapshot(json, dangjian::SnapshotFormat::kJson);
    if (!snapshot.ok()) continue;
    const std::string binary = snapshot->SerializeAsString();
    Write(out / "snapshot_binary" / (name + ".pb"), binary);
    std::string delimited;
    {
      google::protobuf::io::StringOutputStream stream(&delimited);
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.WriteVarint32(static_cast<uint32_t>(binary.size()));
      coded.WriteString(binary);
    }
    Write(out / "snapshot_delimited" / (name + ".djs"), delimited + delimited);
    // For a check in parts: the records of each kind in a message of their
    // own, so that parts fall between an org and its records.
    std::string by_kind;
    {
      google::protobuf::io::StringOutputStream stream(&by_kind);
      google::protobuf::io::CodedOutputStream coded(&stream);
      const google::protobuf::Descriptor* d = snapshot->GetDescriptor();
      for (int f = 0; f < d->field_count(); ++f) {
        if (!d->field(f)->is_repeated()) continue;
        dangjian::v1::Snapshot part;
        part.GetReflection()->SwapFields(&part, &*snapshot, {d->field(f)});
        const std::string bytes = part.SerializeAsString();
        coded.WriteVarint32(static_cast<uint32_t>(bytes.size()));
        coded.WriteString(bytes);
      }
    }
    Write(out / "snapshot_parts" / (name + ".djs"), delimited);
    // As CSV tables: the files of the folder in the tables' order, NUL between.
    for (const dangjian::Lang lang : {dangjian::Lang::kEn, dangjian::Lang::kZh}) {
      const fs::path folder = out / "tables-scratch";
      if (!dangjian::WriteCsvTables(*snapshot, folder.string(), lang).ok()) continue;
      std::string files;
      for (const dangjian::tables::Table& t : dangjian::tables::All()) {
        if (&t != dangjian::tables::All().data()) files += '\0';
        files += Read(folder / (std::string(t.name) + ".csv"));
      }
      fs::remove_all(folder);
      Write(out / "csv_folder" / (name + (lang == dangjian::Lang::kZh ? "-zh.bin" : "-en.bin")), files);
    }
    Write(out / "snapshot_parts" / (name + "-by-kind.djs"), by_kind);
    WorkbookSeeds(*snapshot, out, name);
    ++n;
  }
  // Workbooks: the template, and the sample cut to the first records of each
  // list (the whole of it is larger than an input the fuzzer makes).
  WorkbookSeeds(dangjian::v1::Snapshot(), out, "template");
  if (auto sample = dangjian::ParseSnapshot(dangjian::SampleSnapshotJson(), dangjian::SnapshotFormat::kJson); sample.ok()) {
    const google::protobuf::Reflection* r = sample->GetReflection();
    const google::protobuf::Descriptor* d = sample->GetDescriptor();
    for (int f = 0; f < d->field_count(); ++f) {
      if (!d->field(f)->is_repeated()) continue;
      while (r->FieldSize(*sample, d->field(f)) > 12) r->RemoveLast(&*sample, d->field(f));
    }
    WorkbookSeeds(*sample, out, "sample-cut");
  }
  CopyAll(src / "data" / "profiles", ".textproto", out / "profile");
  CopyAll(src / "data" / "rubrics", ".textproto", out / "rubric");
  CopyAll(src / "tests" / "cases", ".textproto", out / "cases");
  CopyAll(src / "data" / "examples" / "assessment", ".json", out / "manual_scores");
  for (const char* target : {"profile", "cases", "rubric"}) {
    CopyAll(src / "fuzz" / "seeds" / target, ".textproto", out / target);
  }
  // Events: each file as JSON lines, and the same events as delimited binary.
  for (const auto& e : fs::directory_iterator(src / "fuzz" / "seeds" / "events")) {
    const std::string text = Read(e.path());
    Write(out / "events" / e.path().filename(), text);
    std::string delimited;
    {
      google::protobuf::io::StringOutputStream stream(&delimited);
      google::protobuf::io::CodedOutputStream coded(&stream);
      size_t start = 0;
      while (start < text.size()) {
        const size_t end = std::min(text.find('\n', start), text.size());
        dangjian::v1::Event event;
        if (dangjian::model::ReadJson(std::string_view(text).substr(start, end - start), event).ok()) {
          const std::string binary = event.SerializeAsString();
          coded.WriteVarint32(static_cast<uint32_t>(binary.size()));
          coded.WriteString(binary);
        }
        start = end + 1;
      }
    }
    Write(out / "events" / (e.path().stem().string() + ".bin"), delimited);
    // And as steps ('!'): each event or batch a batch, each "+N" the date moved.
    std::string steps = "!";
    {
      google::protobuf::io::StringOutputStream stream(&steps);
      google::protobuf::io::CodedOutputStream coded(&stream);
      size_t start = 0;
      while (start < text.size()) {
        const size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = std::string_view(text).substr(start, end - start);
        start = end + 1;
        dangjian::v1::EventBatch batch;
        int days = 0;
        if (!line.empty() && line[0] == '+' && absl::SimpleAtoi(absl::string_view(line.data() + 1, line.size() - 1), &days) && days >= 0 && days < 128) {
          const uint8_t opcode = static_cast<uint8_t>(days << 1 | 1);
          coded.WriteRaw(&opcode, 1);
          continue;
        }
        if (!dangjian::model::ReadJson(line, *batch.add_events()).ok()) {
          batch.Clear();
          if (!dangjian::model::ReadJson(line, batch).ok()) continue;
        }
        const uint8_t opcode = 0;
        coded.WriteRaw(&opcode, 1);
        const std::string binary = batch.SerializeAsString();
        coded.WriteVarint32(static_cast<uint32_t>(binary.size()));
        coded.WriteString(binary);
      }
    }
    Write(out / "events" / (e.path().stem().string() + ".steps"), steps);
  }
  // Requests to the service: the shapes kept beside the tests.
  CopyAll(src / "tests" / "fuzz" / "serve", ".req", out / "serve");
  std::cout << n << " snapshot seeds in three formats, and the profiles, rubrics, cases and events\n";
  return 0;
}
