#include "fuzz/targets.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>
#include <zip.h>

#include "capi/dangjian.h"
#include "cli/serve/service.h"
#include "dangjian/agenda.h"
#include "dangjian/assess.h"
#include "dangjian/cases.h"
#include "dangjian/check.h"
#include "dangjian/engine.h"
#include "dangjian/parts.h"
#include "dangjian/tables.h"
#include "lib/tables/tables.h"
#include "lib/tables/workbook.h"
#include "lib/tables/xlsx.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/util/json_util.h"
#include "lib/model/json_reader.h"
#include "lib/report/build.h"

namespace dangjian::fuzz {
namespace {

std::string_view Bytes(const uint8_t* data, size_t size) { return {reinterpret_cast<const char*>(data), size}; }

// The scratch files and folders of this process, removed as it exits.
std::vector<std::string>* scratch = nullptr;

// "/tmp/dangjian-fuzz-NAME-PID" and `ending`, removed as the process exits.
std::string Scratch(const std::string& name, const std::string& ending = "") {
  if (scratch == nullptr) {
    scratch = new std::vector<std::string>;
    std::atexit([] {
      for (const std::string& path : *scratch) {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
      }
    });
  }
  scratch->push_back("/tmp/dangjian-fuzz-" + name + "-" + std::to_string(::getpid()) + ending);
  return scratch->back();
}

// A store with one org of each kind and members, to check profiles and rubrics against.
const Store& SmallStore() {
  static const std::shared_ptr<const Store> store = *LoadSnapshot(R"({
    "orgs": [{"id": "wc", "kind": "WORKING_COMMITTEE"}, {"id": "c", "kind": "COMMITTEE", "parentId": "wc"},
             {"id": "gb", "kind": "GENERAL_BRANCH", "parentId": "c"}, {"id": "b", "kind": "BRANCH", "parentId": "gb"},
             {"id": "g", "kind": "PARTY_GROUP", "parentId": "b"}, {"id": "lg", "kind": "LEADING_GROUP", "parentId": "wc"}],
    "members": [{"id": "m1", "orgId": "b", "status": "FULL"}, {"id": "m2", "orgId": "b", "status": "PROBATIONARY",
                 "admittedOn": "2025-12-01"}],
    "activities": [{"id": "a1", "orgId": "b", "kind": "THEME_DAY", "heldOn": "2026-01-15", "attendeeIds": ["m1"]}]
  })", SnapshotFormat::kJson);
  return *store;
}

CheckOptions At2026() {
  CheckOptions o;
  o.as_of = *ParseDate("2026-06-30");
  return o;
}

// A Store loaded with what no rule reads (LoadLimits::keep_notes), written
// back, loads again.
void ExportLoadsAgain(const Store& store, const LoadLimits& limits) {
  if (limits.keep_notes && !LoadSnapshot(ExportSnapshot(store), limits).ok()) {
    std::abort();  // a Store written back does not load
  }
}

// An Engine created from the same bytes refuses what a load refuses and
// reports what the check of the load (`checked`, when it loaded) reports;
// its snapshot, written back, loads again.
void EngineAsALoad(std::string_view bytes, SnapshotFormat format, bool loaded,
                   const absl::StatusOr<v1::Report>& checked, const Policy& policy) {
  EngineOptions options;
  options.as_of = At2026().as_of;
  auto engine = Engine::Create(bytes, format, policy, options);
  if (engine.ok() != loaded) std::abort();  // the Engine and a load disagree on the bytes
  if (!engine.ok()) return;
  if (!checked.ok() || report::DeterministicBytes((*engine)->Report()) != report::DeterministicBytes(*checked)) {
    std::abort();  // the Engine's findings are not a check's
  }
  absl::StatusOr<std::string> written = (*engine)->Export(format);
  if (!written.ok() || !LoadSnapshot(*written, format).ok()) std::abort();  // what it wrote does not load
}

// A third of the inputs keep what no rule reads: what loads, written back,
// loads again. The others are given to an Engine too.
int Snapshot(const uint8_t* data, size_t size, SnapshotFormat format) {
  LoadLimits limits;
  limits.keep_notes = size % 3 == 0;
  auto store = LoadSnapshot(Bytes(data, size), format, limits);
  static const Policy national = *Policy::Builtin("national");
  static const Policy genhe = *Policy::Builtin("genhe-2020");
  const Policy& policy = size % 2 ? national : genhe;
  const absl::StatusOr<v1::Report> checked =
      store.ok() ? Check(**store, policy, At2026()) : absl::StatusOr<v1::Report>(store.status());
  if (!limits.keep_notes) EngineAsALoad(Bytes(data, size), format, store.ok(), checked, policy);
  if (!store.ok()) return 0;
  ExportLoadsAgain(**store, limits);
  AgendaOptions a;
  a.as_of = *ParseDate("2026-06-30");
  (void)MakeAgenda(**store, national, a);
  return 0;
}

// A delimited stream checked in parts of a few dozen bytes: the hierarchy
// read first, each part built with the orgs around it.
int Parts(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/dangjian-fuzz-parts-" + std::to_string(::getpid()) + ".djs";
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), size);
  static const Policy national = *Policy::Builtin("national");
  static const Policy genhe = *Policy::Builtin("genhe-2020");
  PartsOptions parts;
  parts.part_bytes = 1 + size % 97;
  (void)CheckInParts(path, size % 2 ? national : genhe, At2026(), parts, [](CheckedPart&) { return absl::OkStatus(); });
  std::remove(path.c_str());
  return 0;
}

int Profile(const uint8_t* data, size_t size) {
  auto policy = Policy::FromTextproto(Bytes(data, size));
  if (policy.ok()) (void)Check(SmallStore(), *policy, At2026());
  return 0;
}

int Rubric(const uint8_t* data, size_t size) {
  auto rubric = ParseRubric(Bytes(data, size));
  if (!rubric.ok()) return 0;
  static const Policy national = *Policy::Builtin("national");
  AssessOptions o;
  o.as_of = *ParseDate("2026-06-30");
  (void)Assess(SmallStore(), national, *rubric, o);
  return 0;
}

int Manual(const uint8_t* data, size_t size) {
  auto manual = ParseManualScores(Bytes(data, size), true);
  auto previous = ParseAssessment(Bytes(data, size), true);
  if (!manual.ok() && !previous.ok()) return 0;
  static const Policy national = *Policy::Builtin("national");
  static const v1::Rubric organs = *BuiltinRubric("organ-assessment");
  AssessOptions o;
  o.as_of = *ParseDate("2026-06-30");
  if (manual.ok()) o.manual = &*manual;
  if (previous.ok()) o.previous = &*previous;
  (void)Assess(SmallStore(), national, organs, o);
  return 0;
}

int Cases(const uint8_t* data, size_t size) {
  // No file a case names is read: the base is a folder that does not exist.
  (void)RunCases(Bytes(data, size), size % 2 ? CaseFormat::kJson : CaseFormat::kTextproto, "fuzz", "/nonexistent-fuzz-base");
  return 0;
}

// The C interface: the first byte picks the entry point and format.
int Capi(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int selector = data[0];
  const char* bytes = reinterpret_cast<const char*>(data + 1);
  const size_t n = size - 1;
  const int format = 1 + selector % 6;
  dj_buffer out = {nullptr, 0};
  switch (selector / 6 % 4) {
    case 0: {
      dj_snapshot* s = nullptr;
      if (dj_snapshot_load(bytes, n, format, &s) == DJ_OK) {
        dj_profile* p = nullptr;
        dj_profile_builtin("national", &p);
        dj_check_options o = {sizeof o, "2026-06-30", nullptr, nullptr, nullptr, "en", DJ_FORMAT_TEXT};
        dj_check(s, p, &o, &out);
        dj_buffer_free(&out);
        dj_profile_destroy(p);
      }
      dj_snapshot_destroy(s);
      break;
    }
    case 1: {
      dj_profile* p = nullptr;
      if (dj_profile_parse(bytes, n, format, &p) == DJ_OK) dj_profile_resolved(p, DJ_FORMAT_JSON, &out);
      dj_buffer_free(&out);
      dj_profile_destroy(p);
      break;
    }
    case 2:
      dj_run_cases(bytes, n, selector % 2 ? DJ_FORMAT_JSON : DJ_FORMAT_TEXTPROTO, "/nonexistent-fuzz-base", &out);
      dj_buffer_free(&out);
      break;
    default: {
      // Options strings from the input: NUL-separated fields.
      std::string copy(bytes, n);
      copy.push_back('\0');
      const char* as_of = copy.c_str();
      const char* scope = as_of + std::char_traits<char>::length(as_of) < copy.c_str() + copy.size() - 1
                              ? as_of + std::char_traits<char>::length(as_of) + 1 : nullptr;
      static dj_snapshot* sample = [] {
        dj_buffer b = {nullptr, 0};
        dj_snapshot* s = nullptr;
        dj_sample(&b);
        dj_snapshot_load(b.data, b.size, DJ_FORMAT_JSON, &s);
        dj_buffer_free(&b);
        return s;
      }();
      dj_profile* p = nullptr;
      dj_profile_builtin("genhe-2020", &p);
      dj_check_options o = {sizeof o, as_of, nullptr, scope, scope, as_of, format};
      dj_check(sample, p, &o, &out);
      dj_buffer_free(&out);
      dj_agenda_options a = {sizeof a, as_of, selector, scope, nullptr, format};
      dj_agenda(sample, p, &a, &out);
      dj_buffer_free(&out);
      dj_profile_destroy(p);
      break;
    }
  }
  return 0;
}

// Events applied to an Engine over the small snapshot (its members named by
// id and by place), one at a time or in batches, and its date moved: a delimited stream of binary Event messages;
// or, when the input begins with '!', steps each an opcode byte, even for a
// delimited EventBatch message after it and odd for the date moved forward
// by (opcode >> 1) days; or, when it begins with '{', JSON lines, each an
// Event, an EventBatch or "+N" (the date moved N days). After every step the
// engine's findings must equal a full check of its snapshot at its date, and
// a rejected event or batch must change nothing: a difference aborts, as a
// crash would.
int Events(const uint8_t* data, size_t size) {
  static const v1::Snapshot small = *ParseSnapshot(R"({
    "orgs": [{"id": "wc", "kind": "WORKING_COMMITTEE"}, {"id": "c", "kind": "COMMITTEE", "parentId": "wc"},
             {"id": "b", "kind": "BRANCH", "parentId": "c"}, {"id": "g", "kind": "PARTY_GROUP", "parentId": "b"}],
    "members": [{"id": "m1", "orgId": "b", "status": "FULL"}, {"id": "m2", "orgId": "b", "status": "PROBATIONARY",
                 "admittedOn": "2025-12-01"}, {"id": "m3", "orgId": "b", "status": "FULL", "groupId": "g"}],
    "terms": [{"orgId": "b", "startedOn": "2024-03-01"}],
    "activities": [{"id": "a1", "orgId": "b", "kind": "GENERAL_MEETING", "heldOn": "2026-01-15", "attendeeIds": ["m1"]},
                   {"id": "a2", "orgId": "b", "kind": "TALK", "heldOn": "2026-02-10", "talkMemberIndexes": [1, 2]},
                   {"id": "a3", "orgId": "b", "kind": "THEME_DAY", "heldOn": "2026-03-10", "attendeeIndexes": [2],
                    "absentees": [{"memberIndex": 1, "reason": "LEAVE_APPROVED"}]}],
    "duesLedger": [{"memberId": "m1", "year": 2026, "paidMonths": 7}, {"memberIndex": 2, "year": 2026, "paidMonths": 3}]
  })", SnapshotFormat::kJson);
  static const Policy national = *Policy::Builtin("national");
  EngineOptions options;
  options.as_of = *ParseDate("2026-06-30");
  options.from = *ParseDate("2026-01-01");
  std::unique_ptr<Engine> engine = *Engine::Create(small, national, options);
  const auto full_check = [&] {
    auto store = LoadSnapshot(engine->snapshot());
    if (!store.ok()) std::abort();  // an accepted event left a snapshot that does not load
    CheckOptions o;
    o.as_of = engine->as_of();
    o.from = options.from;
    return report::DeterministicBytes(*Check(**store, national, o));
  };
  const auto step = [&](auto apply) {
    const std::string before = report::DeterministicBytes(engine->snapshot());
    const std::string report = report::DeterministicBytes(engine->Report());
    if (!apply().ok()) {
      if (report::DeterministicBytes(engine->snapshot()) != before || report::DeterministicBytes(engine->Report()) != report) {
        std::abort();  // a rejected event or batch changed the state
      }
      return;
    }
    if (report::DeterministicBytes(engine->Report()) != full_check()) std::abort();
  };
  // Events are applied into one delta kept from event to event, as the C
  // API applies them; each must account for the change: the findings before,
  // less those it resolved, with those it added, are those after.
  v1::Delta kept;
  const auto findings = [](const v1::Report& r) {
    std::multiset<std::string> out;
    for (const v1::Finding& f : r.findings()) out.insert(report::DeterministicBytes(f));
    return out;
  };
  const auto event = [&](const v1::Event& e) {
    step([&] {
      std::multiset<std::string> expected = findings(engine->Report());
      const absl::Status s = engine->Apply(e, &kept);
      if (!s.ok()) {
        if (kept.added_size() + kept.resolved_size() > 0) std::abort();  // a rejected event's delta is empty
        return s;
      }
      for (const v1::Finding& f : kept.resolved()) {
        const auto it = expected.find(report::DeterministicBytes(f));
        if (it == expected.end()) std::abort();  // resolved what was not there
        expected.erase(it);
      }
      for (const v1::Finding& f : kept.added()) expected.insert(report::DeterministicBytes(f));
      if (expected != findings(engine->Report())) std::abort();
      return s;
    });
  };
  // A batch is its events applied one at a time, on an Engine of the same
  // data: accepted, to the same snapshot; rejected, at the same event with
  // the same message.
  const auto batch = [&](const v1::EventBatch& b) {
    EngineOptions now = options;
    now.as_of = engine->as_of();
    std::unique_ptr<Engine> alone = *Engine::Create(engine->snapshot(), national, now);
    std::string rejected;  // as the batch names it (an event alone: as its own)
    for (int i = 0; i < b.events_size() && rejected.empty(); ++i) {
      const absl::Status s = alone->Apply(b.events(i)).status();
      if (s.ok()) continue;
      const std::string message(s.message());
      rejected = b.events_size() == 1               ? message
                 : message.rfind("event:", 0) == 0 ? absl::StrCat("events[", i, "]", message.substr(5))
                                                   : absl::StrCat("events[", i, "].", message);
    }
    absl::Status applied;
    step([&] { return applied = engine->ApplyBatch(b).status(); });
    if (std::string(applied.message()) != rejected) std::abort();
    if (applied.ok() && report::DeterministicBytes(engine->snapshot()) != report::DeterministicBytes(alone->snapshot())) {
      std::abort();
    }
  };
  const auto advance = [&](int days) { step([&] { return engine->AdvanceTo(engine->as_of() + days).status(); }); };
  const std::string_view bytes = Bytes(data, size);
  if (!bytes.empty() && bytes[0] == '{') {
    size_t start = 0;
    for (int k = 0; start < bytes.size() && k < 16; ++k) {
      const size_t end = std::min(bytes.find('\n', start), bytes.size());
      const std::string_view line = bytes.substr(start, end - start);
      start = end + 1;
      v1::Event e;
      v1::EventBatch b;
      int days = 0;
      if (model::ReadJson(line, e).ok()) {
        event(e);
      } else if (model::ReadJson(line, b).ok()) {
        if (b.events_size() <= 16) batch(b);
      } else if (line.size() > 1 && line[0] == '+' && absl::SimpleAtoi(absl::string_view(line.data() + 1, line.size() - 1), &days) && days >= 0 && days < 400) {
        advance(days);
      }
    }
    return 0;
  }
  const bool steps = !bytes.empty() && bytes[0] == '!';
  google::protobuf::io::CodedInputStream in(data + steps, static_cast<int>(std::min<size_t>(size - steps, INT32_MAX)));
  for (int k = 0; k < 16; ++k) {
    uint8_t opcode = 0;
    if (steps) {
      if (!in.ReadRaw(&opcode, 1)) break;
      if (opcode & 1) {
        advance(opcode >> 1);
        continue;
      }
    }
    uint32_t length;
    if (!in.ReadVarint32(&length)) break;
    const auto limit = in.PushLimit(static_cast<int>(std::min<uint32_t>(length, INT32_MAX)));
    v1::Event e;
    v1::EventBatch b;
    const bool parsed = (steps ? b.ParseFromCodedStream(&in) : e.ParseFromCodedStream(&in)) && in.ConsumedEntireMessage();
    in.PopLimit(limit);
    if (!parsed) break;
    if (!steps) {
      event(e);
    } else if (b.events_size() <= 16) {
      batch(b);
    }
  }
  return 0;
}

}  // namespace

// A folder of CSV tables: the input's parts, separated by NUL bytes, are the
// files of the tables in their order (an odd first byte names them in
// Chinese). A folder that loads is checked, written back as tables and read
// again: what the tables wrote, they must read.
int CsvFolder(const uint8_t* data, size_t size) {
  static const std::string dir = Scratch("csv"), again = Scratch("csv-again");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string_view bytes = Bytes(data, size);
  const bool chinese = size > 0 && data[0] % 2;
  size_t start = 0;
  for (const tables::Table& t : tables::All()) {
    if (start > bytes.size()) break;
    const size_t end = std::min(bytes.find('\0', start), bytes.size());
    std::ofstream(dir + "/" + std::string(chinese ? t.zh : t.name) + ".csv", std::ios::binary)
        << bytes.substr(start, end - start);
    start = end + 1;
  }
  LoadLimits limits;
  limits.keep_notes = size > 0 && data[0] % 4 >= 2;
  auto store = LoadSnapshotFile(dir, limits);
  if (store.ok()) {
    static const Policy national = *Policy::Builtin("national");
    (void)Check(**store, national, At2026());
    ExportLoadsAgain(**store, limits);
    auto snapshot = ParseCsvTables(dir);
    if (!snapshot.ok() || !WriteCsvTables(*snapshot, again, chinese ? Lang::kZh : Lang::kEn).ok() ||
        !LoadSnapshotFile(again).ok()) {
      std::abort();  // tables that load, written by the tables, do not load
    }
  }
  return 0;
}

std::string Zipped(const std::vector<std::pair<std::string, std::string>>& parts, bool deflate) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (z == nullptr) std::abort();
  zip_source_keep(buffer);  // past zip_close, to be read
  for (const auto& [name, bytes] : parts) {
    zip_source_t* s = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    const zip_int64_t i = zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
    if (i < 0) {
      zip_source_free(s);
      continue;
    }
    zip_set_file_compression(z, static_cast<zip_uint64_t>(i), deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
  }
  if (zip_close(z) != 0) std::abort();
  std::string out;
  if (zip_source_open(buffer) == 0) {
    char piece[1 << 14];
    for (zip_int64_t n; (n = zip_source_read(buffer, piece, sizeof piece)) > 0;) out.append(piece, static_cast<size_t>(n));
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  return out;
}

std::vector<std::pair<std::string, std::string>> Parts(std::string_view bytes) {
  std::vector<std::pair<std::string, std::string>> parts;
  for (size_t start = 0; start <= bytes.size() && parts.size() < 32;) {
    const size_t end = std::min(bytes.find('\0', start), bytes.size());
    const std::string_view part = bytes.substr(start, end - start);
    const size_t newline = std::min(part.find('\n'), part.size());
    parts.emplace_back(std::string(part.substr(0, newline)), std::string(part.substr(std::min(newline + 1, part.size()))));
    start = end + 1;
  }
  return parts;
}

// A workbook: the bytes of an .xlsx after an even first byte, or after an
// odd one its parts (Parts), zipped here, so that the fuzzer changes the XML
// rather than the deflated stream. Read within small limits; a workbook that
// loads is checked, written as a workbook and read again: what the ledger
// wrote, it must read.
int Workbook(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest = Bytes(data + 1, size - 1);
  const std::string bytes = data[0] % 2 ? Zipped(Parts(rest), false) : std::string(rest);
  LoadLimits limits;
  limits.max_input_bytes = 4 << 20;  // the parts unpacked too: a zip bomb stops here
  limits.max_string_bytes = 1 << 12;
  limits.max_records = 1 << 14;
  tables::SnapshotRows rows;
  tables::TableReader reader(limits, rows);
  if (!tables::ReadWorkbook(bytes, reader).ok()) return 0;
  auto store = LoadSnapshot(rows.snapshot(), limits);
  if (!store.ok()) return 0;
  static const Policy national = *Policy::Builtin("national");
  (void)Check(**store, national, At2026());
  static const std::string again = Scratch("workbook", ".xlsx");
  if (!tables::WriteWorkbook(rows.snapshot(), again).ok() || !LoadSnapshotFile(again).ok()) {
    std::abort();  // a workbook that loads, written by the ledger, does not load
  }
  return 0;
}

// A request to the service: its route by the first byte, its token by the
// second, its query string up to the first newline, then its body. A read
// token over org b's subtree is never shown another org's finding, and never
// changes the state; a write token over it never changes the findings of
// b2's subtree beside it.
int Serve(const uint8_t* data, size_t size) {
  static serve::Service* const service = [] {
    static char dir[] = "/tmp/dangjian-fuzz-serve-XXXXXX";
    if (::mkdtemp(dir) == nullptr) std::abort();
    std::atexit([] { std::filesystem::remove_all(dir); });
    std::map<std::string, serve::Token> tokens;
    tokens[serve::Sha256Hex("admin")] = serve::Token{true, "*", "admin"};
    tokens[serve::Sha256Hex("branch")] = serve::Token{false, "b", "branch"};
    tokens[serve::Sha256Hex("branchw")] = serve::Token{true, "b", "branchw"};
    tokens[serve::Sha256Hex("sibling")] = serve::Token{false, "b2", "sibling"};
    serve::ServiceOptions options;
    options.data_dir = dir;
    options.as_of = *ParseDate("2026-06-30");
    options.compact_bytes = 1 << 20;
    auto opened = serve::Service::Open(*Policy::Builtin("national"), std::move(tokens), options);
    if (!opened.ok()) std::abort();
    serve::Request put{"PUT", "/v1/snapshot", {}, "Bearer admin", R"({
      "orgs": [{"id": "wc", "kind": "WORKING_COMMITTEE"}, {"id": "c", "kind": "COMMITTEE", "parentId": "wc"},
               {"id": "b", "kind": "BRANCH", "parentId": "c"}, {"id": "g", "kind": "PARTY_GROUP", "parentId": "b"},
               {"id": "b2", "kind": "BRANCH", "parentId": "c"}],
      "members": [{"id": "m1", "orgId": "b", "status": "FULL"}, {"id": "m2", "orgId": "b2", "status": "PROBATIONARY",
                   "admittedOn": "2025-12-01"}]})"};
    if ((*opened)->Handle(put).status != 200) std::abort();
    return opened->release();
  }();
  if (size < 2) return 0;
  static const std::pair<const char*, const char*> kRoutes[] = {
      {"GET", "/v1/findings"}, {"GET", "/v1/agenda"},   {"GET", "/v1/assess"},    {"POST", "/v1/check"},
      {"POST", "/v1/events"},  {"POST", "/v1/advance"}, {"PUT", "/v1/snapshot"},  {"GET", "/metrics"},
      {"GET", "/healthz"},     {"GET", "/v1/nothing"},  {"DELETE", "/v1/events"}, {"GET", "/v1/stats"}};
  static const char* const kTokens[] = {"", "Bearer admin", "Bearer branch", "Bearer wrong", "Basic admin",
                                           "Bearer branchw"};
  serve::Request r;
  const auto& route = kRoutes[data[0] % std::size(kRoutes)];
  r.method = route.first;
  r.path = route.second;
  const int token = data[1] % static_cast<int>(std::size(kTokens));
  r.authorization = kTokens[token];
  const std::string_view rest = Bytes(data + 2, size - 2);
  const size_t newline = std::min(rest.find('\n'), rest.size());
  for (const absl::string_view pair : absl::StrSplit(absl::string_view(rest.data(), newline), '&')) {
    const size_t eq = pair.find('=');
    r.query[std::string(pair.substr(0, eq))] = eq == absl::string_view::npos ? "" : std::string(pair.substr(eq + 1));
  }
  r.body = std::string(rest.substr(std::min(newline + 1, rest.size())));
  // The findings of b2's subtree, beside b's: when neither holds the other.
  // (b's ancestors are not compared: a member added within b counts in
  // their subtrees too.)
  const auto beside_b = [&] {
    const auto status = [&](const char* bearer, const char* scope) {
      return service->Handle(serve::Request{"GET", "/v1/findings", {{"scope", scope}}, bearer, ""}).status;
    };
    if (status("Bearer branch", "b2") != 403 || status("Bearer sibling", "b") != 403) return std::string();
    v1::Report report;
    const serve::Response beside = service->Handle(serve::Request{"GET", "/v1/findings", {{"scope", "b2"}}, "Bearer admin", ""});
    if (beside.status != 200) return std::string();  // no b2 (a snapshot put without it)
    if (!google::protobuf::util::JsonStringToMessage(beside.body, &report).ok()) std::abort();
    std::string rules;  // not the data findings, which name records by their place, shifted by a removal
    for (const v1::Finding& f : report.findings()) {
      if (f.rule_id().rfind("data.", 0) != 0) rules += f.key() + "\t" + f.message() + "\n";
    }
    return rules;
  };
  const bool scoped_write = token == 5 && r.path == "/v1/events" && r.method == "POST";
  const std::string before = scoped_write ? beside_b() : std::string();
  const serve::Response response = service->Handle(r);
  if (scoped_write && beside_b() != before) std::abort();  // a subtree's writer changed another org's findings
  if (response.status >= 500 && response.status != 503) std::abort();  // the service failed, not the request
  if (token == 2) {
    const bool writes = r.path == "/v1/events" || r.path == "/v1/advance" || r.path == "/v1/snapshot";
    if (writes && r.method != "DELETE" && response.status != 403) std::abort();  // a read token wrote
    if (r.path == "/v1/findings" && response.status == 200) {
      v1::Report report;
      if (!google::protobuf::util::JsonStringToMessage(response.body, &report).ok()) std::abort();
      for (const v1::Finding& f : report.findings()) {
        if (f.org_id() != "b" && f.org_id() != "g") std::abort();  // another org's finding shown
      }
    }
  }
  return 0;
}

const std::vector<Target>& Targets() {
  static const std::vector<Target> targets = {
      {"snapshot_json", [](const uint8_t* d, size_t n) { return Snapshot(d, n, SnapshotFormat::kJson); }},
      {"snapshot_binary", [](const uint8_t* d, size_t n) { return Snapshot(d, n, SnapshotFormat::kBinary); }},
      {"snapshot_delimited", [](const uint8_t* d, size_t n) { return Snapshot(d, n, SnapshotFormat::kDelimited); }},
      {"snapshot_parts", Parts},
      {"profile", Profile},
      {"rubric", Rubric},
      {"manual_scores", Manual},
      {"cases", Cases},
      {"capi", Capi},
      {"events", Events},
      {"csv_folder", CsvFolder},
      {"workbook", Workbook},
      {"serve", Serve},
  };
  return targets;
}

}  // namespace dangjian::fuzz
