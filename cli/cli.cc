#include "cli/cli.h"
#include "cli/progress.h"
#include "cli/schema_doc.h"
#include "cli/split.h"
#include "cli/stats.h"
#include "cli/serve.h"
#include "dangjian.h"  // the library's version

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <new>
#include <optional>
#include <sstream>

#include "absl/strings/ascii.h"
#include "lib/engine/held.h"
#include "lib/report/arena.h"
#include "lib/strings.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "dangjian/agenda.h"
#include "dangjian/assess.h"
#include "dangjian/cases.h"
#include "dangjian/check.h"
#include "dangjian/dues.h"
#include "dangjian/examples.h"
#include "dangjian/parts.h"
#include "dangjian/report.h"
#include "dangjian/rules.h"
#include "dangjian/tables.h"
#include "lib/tables/report_xlsx.h"
#include "lib/tables/tables.h"
#include "lib/tables/workbook.h"
#include "lib/tables/xlsx.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "absl/strings/match.h"

namespace dangjian::cli {
namespace {

constexpr std::string_view kUsage = R"(usage: dangjian VERB [options]
       dangjian VERB --help     the verb's options
       dangjian --version       the library's version

verbs:
  check SNAPSHOT   check a snapshot (.json, .pb, .djs, a workbook .xlsx, a folder of CSV tables, - for stdin,
                   or sample)
  agenda SNAPSHOT  what each org must still do, by when
  assess SNAPSHOT  score orgs with a rubric (--rubric ID|FILE)
  stats SNAPSHOT   organizational life held against owed, members and dues, per org and month
  demo             check the bundled sample city
  profiles         list the built-in profiles
  rules            list the rule catalogue with its sources (--format md: as a document, docs/rules.md)
  explain RULE_ID  what a rule checks, its parameters in each profile, its source
  dues             the standard monthly dues: --category EMPLOYED --income 3000.01
  test PATH...     run policy test cases (files, or folders of .textproto / .json case files)
  export SNAPSHOT  write a snapshot as CSV tables (--format csv --out DIR), a workbook (--format xlsx),
                   JSON, binary or a delimited stream (.djs)
  template FILE    an empty ledger workbook (.xlsx) to fill in: a sheet a table, drop-down lists
  schema           the snapshot's records and tables as a document (docs/schema.md)
  split EXPORT.djs write an export as parts checked apart (--out DIR --part-size 1G)
  serve            the Engine behind HTTP: --data DIR --tokens FILE [--listen HOST:PORT]

SNAPSHOT is a file (.json, .pb, .djs), a workbook (.xlsx), a folder of CSV tables, - for stdin, or
sample for the bundled city.
--lang zh|en sets the language of the output (default zh) and of errors (default en).

exit: 0 the check ran, 1 --fail-on was met (test: a case failed), 2 bad input or usage
)";

// What a size option takes, said after its value is refused.
constexpr std::string_view kSizes = " (1 to 1T; K, M, G for 2^10, 2^20, 2^30)";

// The lines of the options verbs share, in the order help lists them.
constexpr std::pair<std::string_view, std::string_view> kOptionHelp[] = {
    {"profile", "  --profile ID|FILE       a built-in profile or a textproto file (default national)\n"},
    {"as-of", "  --as-of YYYY-MM-DD      the date to judge as of (default today; sample and demo: 2026-11-30)\n"},
    {"from", "  --from YYYY-MM-DD       judge the periods that begin on or after this day\n"
             "                          (default: 1 January of --as-of's year)\n"},
    {"days", "  --days N                the horizon: items due within N days (default: 30 days and on to the\n"
             "                          end of the month they end in)\n"},
    {"rubric", "  --rubric ID|FILE        a built-in rubric (branch-standardization, organ-assessment) or a file\n"},
    {"manual", "  --manual FILE           the assessors' scores (ManualScores, .json or .textproto)\n"},
    {"previous", "  --previous FILE         last time's assessment (.json): the bottom two years running\n"},
    {"format", ""},  // each verb's own line (Verb::own)
    {"lang", "  --lang zh|en            the language of the output (default zh) and of errors (default en)\n"},
    {"scope", "  --scope ORG_ID          only this org's subtree\n"},
    {"rules", "  --rules ID[,ID...]      only these rules or families (e.g. term,setup.secretary_vacant);\n"
              "                          may be given more than once\n"},
    {"fail-on", "  --fail-on violation|warning|notice   exit 1 when a finding this severe or worse is found\n"},
    {"input-format", "  --input-format json|pb|djs           the format of SNAPSHOT whatever its name\n"
                     "                                       (default: from its name; stdin: json)\n"},
    {"parts", "  --parts SIZE            check a .djs file too large to load at once, about SIZE bytes of it at a\n"
              "                          time (e.g. 1G; K, M, G): a report for each part (text, or json: one a line)\n"},
    {"part-size", "  --part-size SIZE        about SIZE bytes of the export a part (default 1G; K, M, G)\n"},
    {"category", "  --category C            EMPLOYED, RETIRED, STUDENT, UNEMPLOYED, LOW_INCOME, FARMER or OTHER_FLAT\n"},
    {"income", "  --income YUAN           the after-tax monthly income (3000.01); the flat categories need none\n"},
    {"unknown-fields", "  --unknown-fields refuse|ignore       a field (JSON) or column (CSV) the schema lacks: refused\n"
                       "                                       (the default) or passed over\n"},
    {"out", "  --out PATH              where to write: a folder for csv, a file for xlsx, json, pb and djs\n"},
    {"mask-names", "  --mask-names            html and xlsx name members masked (张三明: 张*明) beside their ids\n"},
    {"listen", "  --listen HOST:PORT      where to listen (default 127.0.0.1:8080; port 0: any free port)\n"},
    {"data", "  --data DIR              the data directory: the last snapshot and the journal of events since\n"},
    {"tokens", "  --tokens FILE           the bearer tokens, one a line: SHA256-HEX read|write ORG_ID|* [NAME]\n"},
    {"tls-cert", "  --tls-cert FILE         serve HTTPS with this certificate chain (PEM) ...\n"},
    {"tls-key", "  --tls-key FILE          ... and this private key (PEM)\n"},
    {"allow-plain", "  --allow-plain yes       listen without TLS on an address other than loopback\n"},
    {"max-body", "  --max-body BYTES        the largest request body (default 268435456)\n"},
    {"timeout", "  --timeout SECONDS       to read a request, to write its answer, to wait for a thread or for the data\n"
                "                          while another request changes it (default 30)\n"},
    {"threads", "  --threads N             connections served at once (default 64); more wait\n"},
    {"queue", "  --queue N               connections that may wait; past it, or waiting past --timeout: 503 (default 256)\n"},
    {"compact-bytes", "  --compact-bytes BYTES   a journal this long is folded into a new snapshot (default 67108864)\n"},
};

// Options after the verb: --name value or --name=value; the rest positional.
// --rules may be given more than once and adds to the list; any other option
// given twice keeps its last value.
struct Args {
  std::map<std::string, std::string> options;
  std::vector<std::string> positional;
};

class Command;

// A verb of the command: what it does, the options it takes, and how it runs.
struct Verb {
  std::string_view name;
  std::string_view usage;      // after "usage: dangjian "
  std::string_view about;      // what it does, a paragraph
  std::vector<std::string_view> options;
  // Its own lines for options whose meaning is its own: --format always.
  std::vector<std::pair<std::string_view, std::string_view>> own;
  int (Command::*run)(const Args&);
};

const std::vector<Verb>& Verbs();

const Verb* FindVerb(std::string_view name) {
  for (const Verb& v : Verbs()) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

bool Takes(const Verb& verb, std::string_view option) {
  return std::find(verb.options.begin(), verb.options.end(), option) != verb.options.end();
}

// `dangjian VERB --help`: its usage, what it does and each option it takes.
std::string Help(const Verb& verb) {
  std::string out = StrCat("usage: dangjian ", verb.usage, "\n\n", verb.about, "\n");
  if (!verb.options.empty()) StrAppend(&out, "\noptions:\n");
  for (const auto& option : kOptionHelp) {
    if (!Takes(verb, option.first)) continue;
    const auto own = std::find_if(verb.own.begin(), verb.own.end(), [&](const auto& o) { return o.first == option.first; });
    StrAppend(&out, own == verb.own.end() ? option.second : own->second);
  }
  return out;
}

// Options that take no value: given or not.
bool IsSwitch(std::string_view name) { return name == "mask-names"; }

MemberNames Names(const Args& a) { return a.options.count("mask-names") ? MemberNames::kMasked : MemberNames::kFull; }

std::optional<Args> ParseArgs(const std::vector<std::string>& args, size_t from, const Verb& verb, std::string& error) {
  Args out;
  bool options_end = false;
  for (size_t i = from; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options_end || a.size() <= 2 || a.rfind("--", 0) != 0) {
      out.positional.push_back(a);
      continue;
    }
    if (a == "--") {  // what follows is positional, even if it begins with --
      options_end = true;
      continue;
    }
    std::string name = a.substr(2), value;
    const size_t eq = name.find('=');
    if (eq != std::string::npos) name = name.substr(0, eq);
    const bool known = std::any_of(std::begin(kOptionHelp), std::end(kOptionHelp),
                                   [&](const auto& option) { return option.first == name; });
    if (!known) {
      error = StrCat("unknown option --", name);
      return std::nullopt;
    }
    if (!Takes(verb, name)) {
      error = StrCat("--", name, " is not an option of ", verb.name, " (see dangjian ", verb.name, " --help)");
      return std::nullopt;
    }
    if (IsSwitch(name)) {
      if (eq != std::string::npos) {
        error = StrCat("--", name, " takes no value");
        return std::nullopt;
      }
      value = "yes";
    } else if (eq != std::string::npos) {
      value = a.substr(2 + eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      error = StrCat("--", name, ": missing value");
      return std::nullopt;
    }
    std::string& held = out.options[name];
    held = name == "rules" && !held.empty() ? StrCat(held, ",", value) : value;
  }
  return out;
}

// The ids and families of --rules: "term, setup" and "--rules term --rules setup" alike.
std::vector<std::string> RuleList(const Args& a) {
  std::vector<std::string> rules;
  auto it = a.options.find("rules");
  if (it == a.options.end()) return rules;
  for (const absl::string_view r : absl::StrSplit(it->second, ',')) {
    const absl::string_view id = absl::StripAsciiWhitespace(r);
    if (!id.empty()) rules.emplace_back(id);
  }
  return rules;
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

class Command {
 public:
  Command(std::istream& in, std::ostream& out, std::ostream& err, const Terminal& terminal)
      : in_(in), out_(out), err_(err), progress_(terminal.progress ? &err : nullptr, terminal.delay) {}

  int Fail(std::string_view message) {
    progress_.End();
    err_ << "dangjian: " << Printable(TranslateError(message, error_lang_)) << "\n";
    return kBadInput;
  }
  int Fail(const absl::Status& status) { return Fail(ToStd(status.message())); }

  Lang LangOr(const Args& a, bool& ok) {
    auto it = a.options.find("lang");
    if (it == a.options.end()) return Lang::kZh;
    std::optional<Lang> lang = ParseLang(it->second);
    if (!lang) {
      ok = false;
      Fail(StrCat("--lang: \"", it->second, "\" is not zh or en"));
      return Lang::kZh;
    }
    return *lang;
  }

  // The date option `name`, if given, into `day`; false (and the message on
  // stderr) when it is not a date.
  bool DateOption(const Args& a, const std::string& name, Day& day) {
    auto it = a.options.find(name);
    if (it == a.options.end()) return true;
    std::optional<Day> d = ParseDate(it->second);
    if (!d) {
      Fail(StrCat("--", name, ": \"", it->second, "\" is not a date (YYYY-MM-DD)"));
      return false;
    }
    day = *d;
    return true;
  }

  absl::StatusOr<Policy> LoadPolicy(const Args& a) {
    auto it = a.options.find("profile");
    if (it == a.options.end()) return Policy::Builtin("national");
    if (Policy::BuiltinMessage(it->second) != nullptr) return Policy::Builtin(it->second);
    std::optional<std::string> text = ReadFile(it->second);
    if (!text) {
      return absl::InvalidArgumentError(StrCat("--profile: no built-in profile or readable file \"", it->second, "\""));
    }
    absl::StatusOr<Policy> p = Policy::FromTextproto(*text);
    if (!p.ok()) return absl::InvalidArgumentError(StrCat(it->second, ": ", p.status().message()));
    return p;
  }

  // The snapshot named by the one positional argument: a file, "-" for
  // stdin, or "sample" for the bundled one. A file in the format its name
  // says is read by the load itself, as it goes; the others are held as bytes.
  struct Input {
    std::string bytes;
    SnapshotFormat format;
    std::string source;
    bool file = false;    // `source` is a path to read
    bool sample = false;  // the bundled city, judged as of kSampleAsOf by default
    bool folder = false;  // `source` is a folder of CSV tables
    bool workbook = false;  // `source` is a workbook (.xlsx)
  };
  absl::StatusOr<std::shared_ptr<const Store>> Load(const Input& input, const LoadLimits& limits, Lang lang) {
    const uint64_t total = input.file ? FileSize(input.source) : input.bytes.size();
    // A delimited stream tells how far it is (the bytes whose messages are
    // in); other formats are parsed in one piece.
    auto read = std::make_shared<std::atomic<uint64_t>>(0);
    progress_.Begin([source = input.source, total, read, lang](Progress::Clock::duration elapsed) {
      return LoadLine(source, read->load(std::memory_order_relaxed), total, elapsed, lang);
    });
    LoadLimits asked = limits;
    asked.ignore_unknown_fields = ignore_unknown_fields_;
    absl::StatusOr<std::shared_ptr<const Store>> store =
        input.file ? LoadSnapshotFile(input.source, asked,
                                      [read](uint64_t done, uint64_t) { read->store(done, std::memory_order_relaxed); })
                   : LoadSnapshot(input.bytes, input.format, asked);
    progress_.End();
    if (!store.ok()) return absl::Status(store.status().code(), StrCat(input.source, ": ", ToStd(store.status().message())));
    return store;
  }

  // The bytes of a file, or of the files of a folder of tables.
  static uint64_t FileSize(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      const uintmax_t size = std::filesystem::file_size(path, error);
      return error ? 0 : static_cast<uint64_t>(size);
    }
    uint64_t total = 0;
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
      const uintmax_t size = entry.is_regular_file(error) ? entry.file_size(error) : 0;
      if (!error) total += size;
    }
    return total;
  }

  void Checking(Lang lang) {
    progress_.Begin([lang](Progress::Clock::duration elapsed) {
      return Text("ui.progress.checking", lang, {TextArg("elapsed", Duration(elapsed))});
    });
  }

  // check and demo.
  int CheckInput(const Args& a, const Input& input, Day default_as_of) {
    bool ok = true;
    const Lang lang = LangOr(a, ok);
    if (!ok) return kBadInput;
    CheckOptions options;
    options.lang = lang;
    options.as_of = default_as_of;
    if (!DateOption(a, "as-of", options.as_of) || !DateOption(a, "from", options.from)) return kBadInput;
    if (auto it = a.options.find("scope"); it != a.options.end()) options.scope = it->second;
    options.rules = RuleList(a);
    const std::string format_name = a.options.count("format") ? a.options.at("format") : "text";
    if (format_name != "text" && format_name != "json" && format_name != "html" && format_name != "xlsx") {
      return Fail(StrCat("--format: \"", format_name, "\" is not text, json, html or xlsx"));
    }
    if (!OutFor(a, format_name)) return kBadInput;
    std::optional<v1::Severity> fail_on;
    if (auto it = a.options.find("fail-on"); it != a.options.end()) {
      v1::Severity s;
      if (!v1::Severity_Parse(absl::AsciiStrToUpper(it->second), &s) || s == v1::SEVERITY_UNSPECIFIED) {
        return Fail(StrCat("--fail-on: \"", it->second, "\" is not violation, warning or notice"));
      }
      fail_on = s;
    }
    absl::StatusOr<Policy> policy = LoadPolicy(a);
    if (!policy.ok()) return Fail(policy.status());

    const auto fails = [&](const v1::Report& report) {
      return fail_on && std::any_of(report.findings().begin(), report.findings().end(),
                                    [&](const v1::Finding& f) { return f.severity() <= *fail_on; });  // VIOLATION < WARNING < NOTICE
    };
    if (auto it = a.options.find("parts"); it != a.options.end()) {
      const std::optional<uint64_t> size = ParseByteSize(it->second);
      if (!size) return Fail(StrCat("--parts: \"", it->second, "\" is not a size in bytes", kSizes));
      if (!input.file || input.format != SnapshotFormat::kDelimited) return Fail("--parts: checks a .djs file");
      if (format_name == "html" || format_name == "xlsx") return Fail("--parts: reports as text or json");
      PartsOptions parts;
      parts.part_bytes = *size;
      parts.limits = policy->load_limits();
      bool failed = false;
      const Progress::Clock::time_point start = Progress::Clock::now();
      progress_.Begin([source = input.source, lang](Progress::Clock::duration elapsed) {
        return Text("ui.progress.hierarchy", lang, {TextArg("source", source), TextArg("elapsed", Duration(elapsed))});
      });
      const absl::Status checked = CheckInParts(input.source, *policy, options, parts, [&](CheckedPart& part) {
        progress_.End();
        if (format_name == "json") {
          out_ << RenderMessageJson(part.report, /*one_line=*/true) << "\n";
        } else {
          out_ << Text("ui.parts.header", lang,
                               {TextArg("source", input.source), TextArg("part", part.index + 1),
                                TextArg("parts", part.parts), TextArg("first", part.first_message),
                                TextArg("last", part.end_message - 1)})
               << "\n" << RenderText(part.report, *part.store, lang);
        }
        out_.flush();
        failed |= fails(part.report);
        // The parts left, at the pace of those done.
        const int64_t done = static_cast<int64_t>(part.index) + 1, parts_count = static_cast<int64_t>(part.parts);
        if (done < parts_count) {
          const Progress::Clock::duration so_far = Progress::Clock::now() - start;
          progress_.Begin([=](Progress::Clock::duration) {
            const Progress::Clock::duration elapsed = Progress::Clock::now() - start;
            const Progress::Clock::duration left = so_far / done * (parts_count - done) - (elapsed - so_far);
            return Text("ui.progress.part", lang,
                                {TextArg("part", done + 1), TextArg("parts", parts_count),
                                 TextArg("elapsed", Duration(elapsed)),
                                 TextArg("left", Duration(std::max(left, Progress::Clock::duration::zero())))});
          });
        }
        return absl::OkStatus();
      });
      progress_.End();
      if (!checked.ok()) return Fail(StrCat(input.source, ": ", ToStd(checked.message())));
      return failed ? kFailOn : kOk;
    }

    absl::StatusOr<std::shared_ptr<const Store>> store = Load(input, policy->load_limits(), lang);
    if (!store.ok()) return Fail(store.status());
    Checking(lang);
    // A province's report holds a million findings: written on an arena of
    // its own, freed whole.
    google::protobuf::Arena arena(report::LargeMessageArena());
    v1::Report* report = google::protobuf::Arena::CreateMessage<v1::Report>(&arena);
    const absl::Status checked = Check(**store, *policy, options, report);
    progress_.End();
    if (!checked.ok()) return Fail(checked);

    absl::Status written;
    if (format_name == "xlsx") written = tables::WriteFindingsWorkbook(*report, **store, lang, Names(a), a.options.at("out"));
    else if (format_name == "json") written = Emit(a, RenderJson(*report));
    else if (format_name == "html") written = Emit(a, RenderHtml(*report, **store, lang, Names(a)));
    else written = Emit(a, RenderText(*report, **store, lang));
    if (!written.ok()) return Fail(written);

    return fails(*report) ? kFailOn : kOk;
  }

  int RunSplit(const Args& a) {
    bool ok = true;
    const Lang lang = LangOr(a, ok);
    if (!ok) return kBadInput;
    if (a.positional.size() != 1) return Fail("split: give one EXPORT.djs (see dangjian split --help)");
    const std::string& source = a.positional[0];
    if (SnapshotFormatFromPath(source) != SnapshotFormat::kDelimited) return Fail("split: EXPORT is a .djs file");
    const auto out = a.options.find("out");
    if (out == a.options.end() || out->second.empty()) return Fail("split: --out DIR is required");
    uint64_t part_bytes = PartsOptions().part_bytes;
    if (auto it = a.options.find("part-size"); it != a.options.end()) {
      const std::optional<uint64_t> size = ParseByteSize(it->second);
      if (!size) return Fail(StrCat("--part-size: \"", it->second, "\" is not a size in bytes", kSizes));
      part_bytes = *size;
    }
    absl::StatusOr<Policy> policy = LoadPolicy(a);
    if (!policy.ok()) return Fail(policy.status());
    const absl::Status split = Split(source, out->second, part_bytes, policy->load_limits(), lang, out_, progress_);
    if (!split.ok()) return Fail(StrCat(source, ": ", ToStd(split.message())));
    return kOk;
  }

  // --out: required by xlsx (a workbook is no stream); true when it is there
  // or not needed, else false with the message on stderr.
  bool OutFor(const Args& a, std::string_view format_name) {
    if (format_name != "xlsx" || a.options.count("out")) return true;
    Fail("--format xlsx: --out FILE.xlsx is required");
    return false;
  }
  // What a verb renders, to --out when given, else to stdout.
  absl::Status Emit(const Args& a, const std::string& rendered) {
    auto it = a.options.find("out");
    if (it == a.options.end()) {
      out_ << rendered;
      out_.flush();
      return absl::OkStatus();
    }
    std::ofstream file(it->second, std::ios::binary | std::ios::trunc);
    file << rendered;
    file.close();
    return file ? absl::OkStatus() : absl::NotFoundError(StrCat("cannot write \"", it->second, "\""));
  }

  // Fails with the message on stderr.
  std::optional<Input> ReadInput(const Args& a, std::string_view verb) {
    if (a.positional.size() != 1) {
      Fail(StrCat(verb, ": give one SNAPSHOT (a file, - for stdin, or sample)"));
      return std::nullopt;
    }
    if (auto it = a.options.find("unknown-fields"); it != a.options.end()) {
      if (it->second != "refuse" && it->second != "ignore") {
        Fail(StrCat("--unknown-fields: \"", it->second, "\" is not refuse or ignore"));
        return std::nullopt;
      }
      ignore_unknown_fields_ = it->second == "ignore";
    }
    const std::string& path = a.positional[0];
    if (path == "sample") {
      return Input{std::string(SampleSnapshotJson()), SnapshotFormat::kJson, "sample-city.json", false, true};
    }
    std::optional<SnapshotFormat> asked;
    if (auto it = a.options.find("input-format"); it != a.options.end()) {
      asked = SnapshotFormatFromPath(StrCat("stdin.", it->second));
      if (!asked) {
        Fail(StrCat("--input-format: \"", it->second, "\" is not json, pb or djs"));
        return std::nullopt;
      }
    }
    if (path == "-") {
      return Input{std::string(std::istreambuf_iterator<char>(in_), std::istreambuf_iterator<char>()),
                   asked.value_or(SnapshotFormat::kJson), "stdin"};
    }
    std::error_code not_a_folder;
    if (std::filesystem::is_directory(path, not_a_folder)) {  // CSV tables, read by the load
      return Input{"", SnapshotFormat::kJson, path, /*file=*/true, /*sample=*/false, /*folder=*/true};
    }
    if (!asked && tables::IsWorkbookPath(path)) {  // the ledger's sheets, read by the load
      return Input{"", SnapshotFormat::kJson, path, /*file=*/true, /*sample=*/false, /*folder=*/false, /*workbook=*/true};
    }
    const std::optional<SnapshotFormat> named = SnapshotFormatFromPath(path);
    if (!asked && !named) {
      Fail(StrCat(path, ": unknown snapshot format (use .json, .pb or .djs, a workbook .xlsx, or a folder of CSV tables)"));
      return std::nullopt;
    }
    // A file whose name says another format than the one asked for is read
    // whole and loaded as asked; a check in parts goes by the name (.djs).
    if (asked && asked != named) {
      if (a.options.count("parts")) {
        Fail("--parts: checks a .djs file");
        return std::nullopt;
      }
      std::optional<std::string> bytes = ReadFile(path);
      if (!bytes) {
        Fail(StrCat(path, ": cannot read"));
        return std::nullopt;
      }
      return Input{*std::move(bytes), *asked, path};
    }
    return Input{"", *named, path, /*file=*/true};
  }

  int RunCheck(const Args& a) {
    std::optional<Input> input = ReadInput(a, "check");
    if (!input) return kBadInput;
    return CheckInput(a, *input, input->sample ? *ParseDate(kSampleAsOf) : kNoDay);
  }

  int RunAgenda(const Args& a) {
    bool ok = true;
    const Lang lang = LangOr(a, ok);
    if (!ok) return kBadInput;
    AgendaOptions options;
    options.lang = lang;
    if (!DateOption(a, "as-of", options.as_of)) return kBadInput;
    if (auto it = a.options.find("days"); it != a.options.end()) {
      char* end = nullptr;
      const long days = std::strtol(it->second.c_str(), &end, 10);
      if (it->second.empty() || *end != '\0' || days < 0 || days > 3660) {
        return Fail(StrCat("--days: \"", it->second, "\" is not a number of days from 0 to 3660"));
      }
      options.days = static_cast<int>(days);
    }
    if (auto it = a.options.find("scope"); it != a.options.end()) options.scope = it->second;
    options.rules = RuleList(a);
    const std::string format_name = a.options.count("format") ? a.options.at("format") : "text";
    if (format_name != "text" && format_name != "json" && format_name != "html" && format_name != "xlsx") {
      return Fail(StrCat("--format: \"", format_name, "\" is not text, json, html or xlsx"));
    }
    if (!OutFor(a, format_name)) return kBadInput;
    std::optional<Input> input = ReadInput(a, "agenda");
    if (!input) return kBadInput;
    if (input->sample && options.as_of == kNoDay) options.as_of = *ParseDate(kSampleAsOf);
    absl::StatusOr<Policy> policy = LoadPolicy(a);
    if (!policy.ok()) return Fail(policy.status());
    absl::StatusOr<std::shared_ptr<const Store>> store = Load(*input, policy->load_limits(), lang);
    if (!store.ok()) return Fail(store.status());
    Checking(lang);
    absl::StatusOr<v1::Agenda> agenda = MakeAgenda(**store, *policy, options);
    progress_.End();
    if (!agenda.ok()) return Fail(agenda.status());
    const absl::Status written =
        format_name == "xlsx" ? tables::WriteAgendaWorkbook(*agenda, **store, lang, Names(a), a.options.at("out"))
                              : Emit(a, format_name == "json"   ? RenderAgendaJson(*agenda)
                                        : format_name == "html" ? RenderAgendaHtml(*agenda, **store, lang, Names(a))
                                                                : RenderAgendaText(*agenda, **store, lang));
    return written.ok() ? kOk : Fail(written);
  }

  int RunDemo(const Args& a) {
    if (!a.positional.empty()) return Fail("demo: takes no SNAPSHOT");
    return CheckInput(a, Input{std::string(SampleSnapshotJson()), SnapshotFormat::kJson, "sample-city.json", false, true},
                      *ParseDate(kSampleAsOf));
  }

  int RunProfiles(const Args& a) {
    if (!a.positional.empty()) return Fail("profiles: takes no arguments");
    for (const std::string& id : Policy::BuiltinIds()) {
      const v1::Policy& p = *Policy::BuiltinMessage(id);
      // The lines of `profiles` and `test` take no --lang: the command's default language.
      out_ << id
           << (p.extends().empty() ? "" : StrCat("  ", Text("ui.profiles.extends", Lang::kZh,
                                                                    {TextArg("profile", p.extends())})))
           << "\n  " << p.title() << "\n";
    }
    return kOk;
  }

  int RunRules(const Args& a) {
    bool ok = true;
    const Lang lang = LangOr(a, ok);
    if (!ok) return kBadInput;
    if (!a.positional.empty()) return Fail("rules: takes no arguments");
    const std::string format_name = a.options.count("format") ? a.options.at("format") : "text";
    if (format_name == "md") {
      if (a.options.count("profile")) return Fail("--profile: rules --format md documents the built-in profiles");
      return RulesMarkdown();
    }
    if (format_name != "text") return Fail(StrCat("--format: \"", format_name, "\" is not text or md"));
    const bool en = lang == Lang::kEn;
    if (!a.options.count("profile")) {
      for (const RuleInfo& r : Rules()) {
        out_ << r.id << "  [" << SeverityName(r.severity, lang) << "] "
             << (en ? r.title_en : r.title_zh) << "\n    " << (en ? r.citation_en : r.citation_zh) << "\n";
      }
      return kOk;
    }
    // The rules of a profile: the catalogue's, then its own (local rules),
    // each with its severity there, or off.
    absl::StatusOr<Policy> policy = LoadPolicy(a);
    if (!policy.ok()) return Fail(policy.status());
    for (int i = 0; i < static_cast<int>(policy->RuleCount()); ++i) {
      const RuleInfo& r = policy->Rule(i);
      const v1::Severity s = policy->SeverityOverride(i) != v1::SEVERITY_UNSPECIFIED ? policy->SeverityOverride(i) : r.severity;
      out_ << r.id << "  [" << (policy->RuleEnabled(i) ? std::string(SeverityName(s, lang)) : Text("ui.explain.off", lang))
           << "] " << (en ? r.title_en : r.title_zh) << "\n    " << (en ? r.citation_en : r.citation_zh) << "\n";
    }
    return kOk;
  }

  // The profile's obligations that carry `rule`: each in textproto on one
  // line, without its source, and its source.
  static std::vector<std::pair<std::string, std::string>> ObligationsCarrying(const Policy& p, std::string_view rule) {
    google::protobuf::TextFormat::Printer printer;
    printer.SetSingleLineMode(true);
    std::vector<std::pair<std::string, std::string>> out;
    for (const v1::Obligation& o : p.resolved().obligations()) {
      if (o.rule_id() != rule) continue;
      v1::Obligation bare = o;
      bare.clear_source();
      std::string text;
      printer.PrintToString(bare, &text);
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out.emplace_back(std::move(text), o.source());
    }
    return out;
  }

  // rules --format md: the catalogue as a document for policy authors
  // (docs/rules.md), Chinese and English side by side, with each rule's
  // setting and parameters in every built-in profile.
  int RulesMarkdown() {
    std::vector<Policy> profiles;
    for (const std::string& id : Policy::BuiltinIds()) {
      absl::StatusOr<Policy> p = Policy::Builtin(id);
      if (!p.ok()) return Fail(p.status());
      profiles.push_back(*std::move(p));
    }
    // A table cell holds one line and no bar.
    const auto cell = [](std::string_view text) {
      std::string out;
      for (char c : text) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string("<br>") : std::string(1, c);
      return out;
    };
    const auto severity = [](v1::Severity s) {
      return StrCat(v1::Severity_Name(s), " ", SeverityName(s, Lang::kZh));
    };
    // The rules of a family, under the family's heading.
    static constexpr std::pair<std::string_view, std::string_view> kFamilies[] = {
        {"structure", "组织结构 Structure"}, {"data", "数据 Data"},       {"setup", "组织设置 Setup"},
        {"term", "换届 Terms"},             {"life", "组织生活 Organizational life"}, {"member", "党员管理 Members"},
    };
    const auto family_of = [](std::string_view id) { return id.substr(0, id.find('.')); };
    const auto message = [&](std::string_view key) {
      out_ << "- `" << key << "`: " << MessageTemplate(key, Lang::kZh) << "<br>" << MessageTemplate(key, Lang::kEn)
           << "\n";
    };

    out_ << "# 规则目录 Rule catalogue\n\n"
         << "<!-- Written by `dangjian rules --format md` from the rule list, lib/rules/catalogue.inc: "
            "change the list and write this file again. -->\n\n"
         << "每条规则的编号(报告中的 ruleId,不会改名)、默认严重程度、对象、依据、检查什么、怎样计算,"
            "以及它在每个内置规范(profile)中的设置和参数。规范可以关闭规则、改变严重程度、修改参数;"
            "组织结构和数据规则总是启用。\n\n"
         << "Each rule's id (a finding's ruleId, never renamed), default severity, subject, source, what it "
            "checks and how it counts, and its setting and parameters in each built-in profile. A profile may "
            "turn a rule off, change its severity and set its parameters; the structure and data rules are "
            "always on.\n\n"
         << "对象 Subject: O 组织 org, M 党员 member, A 活动 activity, U 单位 unit; A/M: one or the other.\n\n"
         << "| 规则 Rule | 严重程度 Severity | 对象 Subject | 检查 Checks |\n|---|---|---|---|\n";
    for (const RuleInfo& r : Rules()) {
      std::string anchor;
      for (char c : r.id) {
        if (c != '.') anchor += c;
      }
      out_ << "| [" << r.id << "](#" << anchor << ") | " << severity(r.severity) << " | " << r.subject << " | "
           << cell(r.title_zh) << "<br>" << cell(r.title_en) << " |\n";
    }
    std::string_view family;
    for (const RuleInfo& r : Rules()) {
      if (family_of(r.id) != family) {
        family = family_of(r.id);
        for (const auto& [id, title] : kFamilies) {
          if (id == family) out_ << "\n## " << title << "\n";
        }
      }
      out_ << "\n### " << r.id << "\n\n"
           << "**" << r.title_zh << "**<br>\n**" << r.title_en << "**\n\n"
           << "- 严重程度 Severity: " << severity(r.severity) << (r.always_on ? " (总是启用 always on)" : "") << "\n"
           << "- 对象 Subject: " << r.subject << "\n"
           << "- 依据: " << r.citation_zh << "\n"
           << "- Source: " << r.citation_en << "\n\n"
           << r.explain_zh << "\n\n"
           << r.explain_en << "\n\n";
      const int index = static_cast<int>(&r - Rules().data());
      const bool obligations = r.parameters == "obligations";
      const std::vector<std::string> paths =
          r.parameters.empty() || obligations
              ? std::vector<std::string>()
              : std::vector<std::string>(absl::StrSplit(absl::string_view(r.parameters.data(), r.parameters.size()), ','));
      out_ << "| 规范 Profile | 设置 Setting |" << (paths.empty() && !obligations ? "" : " 参数 Parameters |") << "\n"
           << "|---|---|" << (paths.empty() && !obligations ? "" : "---|") << "\n";
      for (const Policy& p : profiles) {
        const v1::Severity s =
            p.SeverityOverride(index) != v1::SEVERITY_UNSPECIFIED ? p.SeverityOverride(index) : r.severity;
        out_ << "| " << p.id() << " | " << (p.RuleEnabled(index) ? severity(s) : std::string("off 关闭")) << " |";
        if (obligations) {
          std::vector<std::string> shown;
          for (const auto& [text, source] : ObligationsCarrying(p, r.id)) {
            shown.push_back(StrCat("`obligations { ", text, " }`", source.empty() ? "" : StrCat(" ", source)));
          }
          out_ << " " << (shown.empty() ? std::string("没有这项义务 no such obligation") : cell(absl::StrJoin(shown, "\n")))
               << " |";
        } else if (!paths.empty()) {
          std::vector<std::string> shown;
          for (const std::string& path : paths) shown.push_back(StrCat("`", path, " ", Parameter(p.resolved(), path, true), "`"));
          out_ << " " << cell(absl::StrJoin(shown, "\n")) << " |";
        }
        out_ << "\n";
      }
      // What its findings say (a platform may render them itself).
      out_ << "\n消息 Messages:\n\n";
      if (obligations) {
        out_ << "- [义务的消息 the obligation messages](#义务的消息-obligation-messages)\n";
      } else {
        for (std::string_view key : MessageKeys()) {
          if (RuleMatches(r.id, key)) message(key);
        }
      }
    }
    out_ << "\n## 义务的消息 Obligation messages\n\n"
         << "每条义务规则(以及规范自己的 local_rules)的发现都用这些消息。\n\n"
         << "The findings of every obligation rule (and of a profile's local_rules) speak these.\n\n";
    for (std::string_view key : MessageKeys()) {
      if (RuleMatches("life.obligation", key)) message(key);
    }
    return kOk;
  }

  // "O", "M", "A/M"… spelled out: "org", "member", "activity or member".
  static std::string SubjectName(std::string_view letters, Lang lang) {
    std::string out;
    for (const absl::string_view letter : absl::StrSplit(absl::string_view(letters.data(), letters.size()), '/')) {
      const std::string_view key = letter == "O"   ? "ui.subject.org"
                                   : letter == "M" ? "ui.subject.member"
                                   : letter == "A" ? "ui.subject.activity"
                                   : letter == "U" ? "ui.subject.unit"
                                                   : "";
      const std::string name = key.empty() ? std::string(letter) : Text(key, lang);
      out = out.empty() ? name : Text("ui.subject.either", lang, {TextArg("one", out), TextArg("other", name)});
    }
    return out;
  }

  // One field of the resolved profile, by its dotted path, in textproto;
  // `readable` (docs/rules.md): messages in braces, text in UTF-8.
  static std::string Parameter(const v1::Policy& p, std::string_view path, bool readable = false) {
    const google::protobuf::Message* m = &p;
    std::vector<std::string> parts = absl::StrSplit(absl::string_view(path.data(), path.size()), '.');
    for (size_t i = 0; i < parts.size(); ++i) {
      const google::protobuf::FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(parts[i]);
      if (f == nullptr) return "?";
      const bool last = i + 1 == parts.size();
      if (!last) {
        m = &m->GetReflection()->GetMessage(*m, f);
        continue;
      }
      google::protobuf::TextFormat::Printer printer;
      printer.SetSingleLineMode(true);
      printer.SetUseUtf8StringEscaping(readable);
      const auto braced = [&](std::string text) {
        while (!text.empty() && text.back() == ' ') text.pop_back();
        return readable && f->message_type() != nullptr ? StrCat("{ ", text, " }") : text;
      };
      if (!f->is_repeated()) {
        std::string text;
        printer.PrintFieldValueToString(*m, f, -1, &text);
        return readable ? braced(text) : text;
      }
      std::vector<std::string> items;
      for (int k = 0; k < m->GetReflection()->FieldSize(*m, f); ++k) {
        std::string item;
        printer.PrintFieldValueToString(*m, f, k, &item);
        items.push_back(braced(item));
      }
      return StrCat("[", absl::StrJoin(items, ", "), "]");
    }
    return "?";
  }

  // The wording a parameter comes from, when the profile records it (a
  // threshold's `source`); "" otherwise.
  static std::string Source(const v1::Policy& p, std::string_view path) {
    const google::protobuf::Message* m = &p;
    for (const absl::string_view part : absl::StrSplit(absl::string_view(path.data(), path.size()), '.')) {
      const google::protobuf::FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(std::string(part));
      if (f == nullptr || f->is_repeated() || f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) return "";
      m = &m->GetReflection()->GetMessage(*m, f);
    }
    const google::protobuf::FieldDescriptor* source = m->GetDescriptor()->FindFieldByName("source");
    return source == nullptr || source->type() != google::protobuf::FieldDescriptor::TYPE_STRING
               ? "" : m->GetReflection()->GetString(*m, source);
  }

  // explain RULE_ID: the rule, then its setting in each built-in profile, or
  // in the one --profile names (which may define the rule: a local rule).
  int RunExplain(const Args& a) {
    bool ok = true;
    const Lang lang = LangOr(a, ok);
    if (!ok) return kBadInput;
    if (a.positional.size() != 1) return Fail("explain: give one RULE_ID");
    std::vector<Policy> profiles;
    if (a.options.count("profile")) {
      absl::StatusOr<Policy> p = LoadPolicy(a);
      if (!p.ok()) return Fail(p.status());
      profiles.push_back(*std::move(p));
    } else {
      for (const std::string& id : Policy::BuiltinIds()) {
        absl::StatusOr<Policy> p = Policy::Builtin(id);
        if (!p.ok()) return Fail(p.status());
        profiles.push_back(*std::move(p));
      }
    }
    const RuleInfo* r = FindRule(a.positional[0]);
    for (const Policy& p : profiles) {
      if (r == nullptr && p.FindRule(a.positional[0]) >= 0) r = &p.Rule(p.FindRule(a.positional[0]));
    }
    if (r == nullptr) return Fail(StrCat("explain: no rule \"", a.positional[0], "\" (see `dangjian rules`)"));
    const bool en = lang == Lang::kEn;
    out_ << r->id << " — " << (en ? r->title_en : r->title_zh) << "\n\n"
         << Text("ui.explain.severity", lang, {TextArg("severity", SeverityName(r->severity, lang))}) << "   "
         << Text("ui.explain.subject", lang, {TextArg("subject", SubjectName(r->subject, lang))}) << "\n"
         << Text("ui.explain.source", lang, {TextArg("citation", en ? r->citation_en : r->citation_zh)}) << "\n\n"
         << (en ? r->explain_en : r->explain_zh) << "\n\n"
         << Text("ui.explain.profiles", lang) << "\n";
    // A reader of Chinese gets each parameter as a sentence, the field it is
    // set by after it; the English lines are the profile's own textproto.
    for (const Policy& p : profiles) {
      const int index = p.FindRule(r->id);
      if (index < 0) continue;
      const v1::Severity s = p.SeverityOverride(index) != v1::SEVERITY_UNSPECIFIED ? p.SeverityOverride(index) : r->severity;
      out_ << "  " << p.id() << ": "
           << (p.RuleEnabled(index) ? std::string(SeverityName(s, lang)) : Text("ui.explain.off", lang)) << "\n";
      if (r->parameters == "obligations") {
        // The profile's obligations that carry this rule, one a line.
        int shown_count = 0;
        if (en) {
          for (const auto& [text, source] : ObligationsCarrying(p, r->id)) {
            ++shown_count;
            out_ << "    obligations { " << text << " }\n";
            if (!source.empty()) out_ << "      # " << source << "\n";
          }
        } else {
          for (const v1::Obligation& o : p.resolved().obligations()) {
            if (o.rule_id() != r->id) continue;
            ++shown_count;
            out_ << "    " << ObligationText(o, lang) << "  [obligations " << o.id() << "]\n";
            if (!o.source().empty()) out_ << "      # " << o.source() << "\n";
          }
        }
        if (shown_count == 0) out_ << "    " << Text("ui.explain.no_obligation", lang) << "\n";
      } else if (!r->parameters.empty()) {
        for (const std::string& path : std::vector<std::string>(absl::StrSplit(absl::string_view(r->parameters.data(), r->parameters.size()), ','))) {
          const std::string sentence = en ? "" : ParameterText(p.resolved(), path, lang);
          if (sentence.empty()) {
            out_ << "    " << path << " " << Parameter(p.resolved(), path) << "\n";
            continue;
          }
          out_ << "    " << sentence << "  [" << path << "]\n";
          if (const std::string source = Source(p.resolved(), path); !source.empty()) out_ << "      # " << source << "\n";
        }
      }
    }
    return kOk;
  }

  // dues --category C --income YUAN: the standard, in yuan.
  int RunDues(const Args& a) {
    if (!a.positional.empty()) return Fail("dues: takes options only (--category, --income)");
    auto it = a.options.find("category");
    if (it == a.options.end()) {
      return Fail("dues: --category is required (EMPLOYED, RETIRED, STUDENT, UNEMPLOYED, LOW_INCOME, FARMER, OTHER_FLAT)");
    }
    v1::Member::DuesCategory category;
    if (!v1::Member::DuesCategory_Parse(absl::AsciiStrToUpper(it->second), &category) ||
        category == v1::Member::DUES_CATEGORY_UNSPECIFIED) {
      return Fail(StrCat("--category: \"", it->second, "\" is not a dues category"));
    }
    int64_t income = -1;
    if (auto in = a.options.find("income"); in != a.options.end()) {
      std::optional<int64_t> cents = ParseYuan(in->second);
      if (!cents) return Fail(StrCat("--income: \"", in->second, "\" is not an amount in yuan (3000.01)"));
      income = *cents;
    }
    absl::StatusOr<Policy> policy = LoadPolicy(a);
    if (!policy.ok()) return Fail(policy.status());
    absl::StatusOr<int64_t> dues = StandardMonthlyDues(category, income, *policy);
    if (!dues.ok()) return Fail(StrCat("dues: ", ToStd(dues.status().message()), income < 0 ? " (give --income)" : ""));
    out_ << FormatYuan(*dues) << "\n";
    return kOk;
  }

  // test PATH...: one line a failing case, then "N passed, M failed". A file
  // that cannot be read or parsed is bad input, not a failing case: its
  // result names no case (every case has a name, its own or its place).
  int RunTest(const Args& a) {
    if (a.positional.empty()) return Fail("test: give case files or folders");
    const v1::CaseResults results = RunCasePaths(a.positional);
    int unread = 0;
    for (const v1::CaseResult& r : results.results()) {
      if (!r.name().empty()) continue;
      ++unread;
      Fail(StrCat(r.file(), ": ", absl::StrJoin(r.problems(), "; ")));
    }
    for (const v1::CaseResult& r : results.results()) {
      if (r.passed() || r.name().empty()) continue;
      out_ << Text("ui.test.failed", Lang::kZh,
                           {TextArg("case", StrCat(r.file(), ": ", r.name())), TextArg("problems", absl::StrJoin(r.problems(), "; "))})
           << "\n";
    }
    out_ << Text("ui.test.summary", Lang::kZh,
                         {TextArg("passed", results.passed()), TextArg("failed", results.failed() - unread)})
         << "\n";
    return unread > 0 ? kBadInput : results.failed() > 0 ? kFailOn : kOk;
  }

  // export SNAPSHOT --format csv|xlsx|json|pb|djs --out PATH: the snapshot as
  // it was given, every field (names, minutes), once it loads.
  int RunExport(const Args& a) {
    bool ok = true;
    const Lang lang = LangOr(a, ok);
    if (!ok) return kBadInput;
    const std::string format_name = a.options.count("format") ? a.options.at("format") : "csv";
    if (format_name != "csv" && format_name != "xlsx" && format_name != "json" && format_name != "pb" &&
        format_name != "djs") {
      return Fail(StrCat("--format: \"", format_name, "\" is not csv, xlsx, json, pb or djs"));
    }
    auto out = a.options.find("out");
    if (out == a.options.end()) return Fail("export: --out is required (a folder for csv, a file for xlsx, json, pb and djs)");
    std::optional<Input> input = ReadInput(a, "export");
    if (!input) return kBadInput;
    // Loaded first, for its errors (a folder's name the row); then parsed, for every field.
    absl::StatusOr<std::shared_ptr<const Store>> store = Load(*input, LoadLimits(), lang);
    if (!store.ok()) return Fail(store.status());
    absl::StatusOr<v1::Snapshot> snapshot;
    LoadLimits limits;
    limits.ignore_unknown_fields = ignore_unknown_fields_;
    if (input->folder) {
      snapshot = ParseCsvTables(input->source, limits);
    } else if (input->workbook) {
      snapshot = ParseWorkbook(input->source, limits);
    } else if (input->file) {
      std::optional<std::string> bytes = ReadFile(input->source);
      if (!bytes) return Fail(StrCat(input->source, ": cannot read"));
      snapshot = ParseSnapshot(*bytes, input->format, limits);
    } else {
      snapshot = ParseSnapshot(input->bytes, input->format, limits);
    }
    if (!snapshot.ok()) return Fail(StrCat(input->source, ": ", ToStd(snapshot.status().message())));
    if (format_name == "csv") {
      const absl::Status written = WriteCsvTables(*snapshot, out->second, lang);
      return written.ok() ? kOk : Fail(written);
    }
    if (format_name == "xlsx") {
      const absl::Status written = tables::WriteWorkbook(*snapshot, out->second);
      return written.ok() ? kOk : Fail(written);
    }
    // Binary holds at most 2 GiB; a delimited stream (.djs) any size, a
    // message per 16 MB of records.
    absl::StatusOr<std::string> bytes;
    if (format_name == "json") {
      bytes = RenderMessageJson(*snapshot);
    } else {
      bytes = HeldSnapshot::Of(*std::move(snapshot)).Write(format_name == "djs");
      if (!bytes.ok()) return Fail(StrCat(input->source, ": ", ToStd(bytes.status().message()), ": --format djs"));
    }
    std::ofstream file(out->second, std::ios::binary | std::ios::trunc);
    file << *bytes;
    file.close();
    if (!file) return Fail(StrCat("cannot write \"", out->second, "\""));
    return kOk;
  }

  // template FILE.xlsx: the ledger workbook with no rows, to fill in.
  int RunTemplate(const Args& a) {
    bool ok = true;
    LangOr(a, ok);
    if (!ok) return kBadInput;
    if (a.positional.size() != 1) return Fail("template: give the workbook to write (FILE.xlsx)");
    const absl::Status written = tables::WriteWorkbook(v1::Snapshot(), a.positional[0]);
    return written.ok() ? kOk : Fail(written);
  }

  // schema: docs/schema.md.
  int RunServe(const Args& a) {
    if (!a.positional.empty()) return Fail("serve: takes no SNAPSHOT (PUT /v1/snapshot)");
    absl::StatusOr<Policy> policy = LoadPolicy(a);
    if (!policy.ok()) return Fail(policy.status());
    return Serve(a.options, *std::move(policy), out_, err_);
  }

  int RunSchema(const Args& a) {
    if (!a.positional.empty()) return Fail("schema: takes no arguments");
    out_ << SchemaMarkdown();
    return kOk;
  }

  // assess SNAPSHOT --rubric ID|FILE: the ranked table, or the Assessment as JSON.
  int RunAssess(const Args& a) {
    bool ok = true;
    const Lang lang = LangOr(a, ok);
    if (!ok) return kBadInput;
    AssessOptions options;
    options.lang = lang;
    if (!DateOption(a, "as-of", options.as_of) || !DateOption(a, "from", options.from)) return kBadInput;
    if (auto it = a.options.find("scope"); it != a.options.end()) options.scope = it->second;
    const std::string format_name = a.options.count("format") ? a.options.at("format") : "text";
    if (format_name != "text" && format_name != "json" && format_name != "html" && format_name != "xlsx") {
      return Fail(StrCat("--format: \"", format_name, "\" is not text, json, html or xlsx"));
    }
    if (!OutFor(a, format_name)) return kBadInput;
    auto it = a.options.find("rubric");
    if (it == a.options.end()) {
      return Fail(StrCat("assess: --rubric is required (", absl::StrJoin(BuiltinRubricIds(), ", "), ", or a file)"));
    }
    absl::StatusOr<v1::Rubric> rubric = BuiltinRubric(it->second);
    if (!rubric.ok() && absl::IsNotFound(rubric.status())) {
      std::optional<std::string> text = ReadFile(it->second);
      if (!text) return Fail(StrCat("--rubric: no built-in rubric or readable file \"", it->second, "\""));
      rubric = ParseRubric(*text, absl::EndsWith(it->second, ".json"));
      if (!rubric.ok()) return Fail(StrCat(it->second, ": ", ToStd(rubric.status().message())));
    }
    if (!rubric.ok()) return Fail(rubric.status());
    // Optional inputs, JSON or textproto by their extension.
    const auto read = [&](const std::string& name, auto parse, auto& into) -> bool {
      auto in = a.options.find(name);
      if (in == a.options.end()) return true;
      std::optional<std::string> text = ReadFile(in->second);
      if (!text) return Fail(StrCat("--", name, ": cannot read \"", in->second, "\"")), false;
      auto parsed = parse(*text, absl::EndsWith(in->second, ".json"));
      if (!parsed.ok()) return Fail(StrCat(in->second, ": ", ToStd(parsed.status().message()))), false;
      into = *std::move(parsed);
      return true;
    };
    std::optional<v1::ManualScores> manual;
    std::optional<v1::Assessment> previous;
    if (!read("manual", ParseManualScores, manual) || !read("previous", ParseAssessment, previous)) return kBadInput;
    if (manual) options.manual = &*manual;
    if (previous) options.previous = &*previous;

    std::optional<Input> input = ReadInput(a, "assess");
    if (!input) return kBadInput;
    if (input->sample && options.as_of == kNoDay) options.as_of = *ParseDate(kSampleAsOf);
    absl::StatusOr<Policy> policy = a.options.count("profile") || rubric->profile_id().empty()
                                        ? LoadPolicy(a) : Policy::Builtin(rubric->profile_id());
    if (!policy.ok()) return Fail(policy.status());
    absl::StatusOr<std::shared_ptr<const Store>> store = Load(*input, policy->load_limits(), lang);
    if (!store.ok()) return Fail(store.status());
    Checking(lang);
    absl::StatusOr<v1::Assessment> assessment = Assess(**store, *policy, *rubric, options);
    progress_.End();
    if (!assessment.ok()) return Fail(assessment.status());
    const absl::Status written =
        format_name == "xlsx" ? tables::WriteAssessmentWorkbook(*assessment, **store, Names(a), a.options.at("out"))
                              : Emit(a, format_name == "json"   ? RenderMessageJson(*assessment)
                                        : format_name == "html" ? RenderAssessmentHtml(*assessment, **store, lang)
                                                                : RenderAssessmentText(*assessment, lang));
    return written.ok() ? kOk : Fail(written);
  }

  // stats SNAPSHOT: the 组织生活汇总 and 党费 tables (cli/stats.cc).
  int RunStats(const Args& a) {
    bool ok = true;
    const Lang lang = LangOr(a, ok);
    if (!ok) return kBadInput;
    StatsRequest request;
    if (!DateOption(a, "as-of", request.options.as_of) || !DateOption(a, "from", request.options.from)) return kBadInput;
    if (auto it = a.options.find("scope"); it != a.options.end()) request.options.scope = it->second;
    if (auto it = a.options.find("format"); it != a.options.end()) request.format = it->second;
    if (auto it = a.options.find("out"); it != a.options.end()) request.out = it->second;
    if (const absl::Status valid = ValidStatsRequest(request); !valid.ok()) return Fail(valid);
    std::optional<Input> input = ReadInput(a, "stats");
    if (!input) return kBadInput;
    if (input->sample && request.options.as_of == kNoDay) request.options.as_of = *ParseDate(kSampleAsOf);
    absl::StatusOr<Policy> policy = LoadPolicy(a);
    if (!policy.ok()) return Fail(policy.status());
    absl::StatusOr<std::shared_ptr<const Store>> store = Load(*input, policy->load_limits(), lang);
    if (!store.ok()) return Fail(store.status());
    const absl::Status written = WriteStats(**store, *policy, request, lang, out_);
    return written.ok() ? kOk : Fail(written);
  }

  int Dispatch(const std::vector<std::string>& args) {
    // Errors in the language --lang asks for, wherever it stands.
    for (size_t i = 0; i < args.size(); ++i) {
      std::optional<Lang> lang;
      if (args[i] == "--lang" && i + 1 < args.size()) lang = ParseLang(args[i + 1]);
      if (args[i].rfind("--lang=", 0) == 0) lang = ParseLang(args[i].substr(7));
      if (lang) error_lang_ = *lang;
    }
    if (args.empty()) {
      err_ << kUsage;
      return kBadInput;
    }
    const std::string& first = args[0];
    if (first == "--version" || first == "version") {
      out_ << "dangjian " << dj_version_string() << "\n";
      return kOk;
    }
    if (first == "help" || first == "--help" || first == "-h") {
      if (args.size() < 2) {
        out_ << kUsage;
        return kOk;
      }
      const Verb* verb = FindVerb(args[1]);
      if (verb == nullptr) return Fail(StrCat("unknown verb \"", args[1], "\" (see dangjian help)"));
      out_ << Help(*verb);
      return kOk;
    }
    const Verb* verb = FindVerb(first);
    if (verb == nullptr) return Fail(StrCat("unknown verb \"", first, "\" (see dangjian help)"));
    // `dangjian VERB --help` is help whatever else is given, as in git.
    for (size_t i = 1; i < args.size() && args[i] != "--"; ++i) {
      if (args[i] == "--help" || args[i] == "-h") {
        out_ << Help(*verb);
        return kOk;
      }
    }
    std::string error;
    std::optional<Args> a = ParseArgs(args, 1, *verb, error);
    if (!a) return Fail(error);
    return (this->*verb->run)(*a);
  }

 private:
  std::istream& in_;
  std::ostream& out_;
  std::ostream& err_;
  Lang error_lang_ = Lang::kEn;
  bool ignore_unknown_fields_ = false;  // --unknown-fields ignore
  Progress progress_;
};

const std::vector<Verb>& Verbs() {
  // Verbs whose output has no language of its own: --lang is their errors'.
  const std::vector<std::pair<std::string_view, std::string_view>> kLangOfErrors = {
      {"lang", "  --lang zh|en            the language of errors (default en)\n"}};
  static const std::vector<Verb> verbs = {
      {"check", "check SNAPSHOT [options]",
       "Checks a snapshot against a profile's rules and prints every finding: its rule, severity, org,\n"
       "message and source. SNAPSHOT is a file (.json, .pb or .djs), a workbook (.xlsx), a folder of CSV\n"
       "tables, - for stdin, or sample (the bundled city). A check of a large file on a terminal shows its progress on stderr.",
       {"profile", "as-of", "from", "format", "out", "lang", "scope", "rules", "fail-on", "input-format", "parts",
        "unknown-fields", "mask-names"},
       {{"format", "  --format text|json|html|xlsx  (default text; xlsx: the 整改台账, a row a finding)\n"},
        {"out", "  --out FILE              write there, not to stdout (xlsx: required)\n"}},
       &Command::RunCheck},
      {"agenda", "agenda SNAPSHOT [options]",
       "What each org must still do, by when: obligations of organizational life not yet met, terms and\n"
       "probations falling due or overdue, talks owed, by due date. SNAPSHOT as for check.",
       {"profile", "as-of", "days", "format", "out", "lang", "scope", "rules", "input-format", "unknown-fields",
        "mask-names"},
       {{"format", "  --format text|json|html|xlsx  (default text)\n"},
        {"out", "  --out FILE              write there, not to stdout (xlsx: required)\n"}},
       &Command::RunAgenda},
      {"assess", "assess SNAPSHOT --rubric ID|FILE [options]",
       "Scores orgs with a rubric: each org's score, composite, tier and rank among its kind, and every\n"
       "point lost with the finding that cost it. SNAPSHOT as for check.",
       {"rubric", "profile", "as-of", "from", "manual", "previous", "format", "out", "lang", "scope", "input-format",
        "unknown-fields", "mask-names"},
       {{"format", "  --format text|json|html|xlsx  (default text; xlsx: the ranking and every deduction)\n"},
        {"out", "  --out FILE              write there, not to stdout (xlsx: required)\n"}},
       &Command::RunAssess},
      {"stats", "stats SNAPSHOT [options]",
       "The organizational-life and dues tables (组织生活汇总, 党费): per org and month, the 三会一课, theme\n"
       "days and org-life meetings held against those the profile owes, members by status, dues paid and\n"
       "owed; rolled up for every 机关党委 and 党总支 and the whole scope. SNAPSHOT as for check.",
       {"profile", "as-of", "from", "format", "out", "lang", "scope", "input-format", "unknown-fields"},
       {{"format", "  --format text|json|html|xlsx (default text)\n"},
        {"out", "  --out FILE              write there, not to stdout (xlsx: required)\n"}},
       &Command::RunStats},
      {"demo", "demo [options]", "Checks the bundled sample city, as of 2026-11-30: check sample.",
       {"profile", "as-of", "from", "format", "out", "lang", "scope", "rules", "fail-on", "mask-names"},
       {{"format", "  --format text|json|html|xlsx  (default text)\n"},
        {"out", "  --out FILE              write there, not to stdout (xlsx: required)\n"}},
       &Command::RunDemo},
      {"profiles", "profiles", "Lists the built-in profiles, each with the profile it extends and its title.",
       {"lang"}, kLangOfErrors, &Command::RunProfiles},
      {"rules", "rules [options]",
       "Lists the rule catalogue: each rule's id, default severity, title and source; or, --format md, the\n"
       "catalogue as a document (docs/rules.md) with each rule's setting and parameters in each profile.",
       {"profile", "lang", "format"},
       {{"profile", "  --profile ID|FILE       the rules of this profile, its own among them, with its severities\n"},
        {"format", "  --format text|md        (default text)\n"}},
       &Command::RunRules},
      {"explain", "explain RULE_ID [options]",
       "What a rule checks, its severity, subjects and source, and its setting and parameters in each\n"
       "built-in profile, or in the one --profile gives (a rule of its own, too).",
       {"profile", "lang"}, {}, &Command::RunExplain},
      {"dues", "dues --category C [--income YUAN] [options]",
       "The standard monthly dues, in yuan, for a dues category and an after-tax monthly income.",
       {"category", "income", "profile", "lang"}, kLangOfErrors, &Command::RunDues},
      {"test", "test PATH...",
       "Runs policy test cases: case files (.textproto, .txtpb, .json) and the case files under folders.\n"
       "Prints each failing case and \"N passed, M failed\"; exits 1 when a case fails, 2 when a file\n"
       "cannot be read or parsed.",
       {"lang"}, kLangOfErrors, &Command::RunTest},
      {"export", "export SNAPSHOT --out PATH [options]",
       "Writes a snapshot, once it loads, with every field it has: as CSV tables in a folder (one file a\n"
       "table, as docs/schema.md says; the headers and enum values in --lang), as a ledger workbook\n"
       "(.xlsx, as `template` writes it, in Chinese), as JSON, as binary protobuf (at most 2 GiB) or as a\n"
       "delimited stream of messages (.djs, any size). SNAPSHOT as for check: so a folder of CSV tables can be written as JSON, and JSON as tables.",
       {"format", "out", "lang", "input-format", "unknown-fields"},
       {{"format", "  --format csv|xlsx|json|pb|djs  (default csv)\n"},
        {"lang", "  --lang zh|en            the language of the tables' headers and values (default zh) and of errors\n"}},
       &Command::RunExport},
      {"template", "template FILE.xlsx",
       "Writes an empty ledger workbook (台账) to fill in with Excel or WPS: a sheet a table, named in\n"
       "Chinese (党员, 组织…), Chinese headers, a drop-down list on every enum column, and a sheet 说明\n"
       "that says each column's type, whether it is required and what it means (docs/schema.md).",
       {"lang"}, kLangOfErrors, &Command::RunTemplate},
      {"split", "split EXPORT.djs --out DIR [--part-size SIZE]",
       "Writes a .djs export as parts that are checked apart, on this machine or many: each part its run\n"
       "of the export's messages (one committee's subtree or several, as the export is written), with the\n"
       "hierarchy (every unit and org, and each org's members) and an index, so that each part checked\n"
       "alone finds what check --parts finds in it. The parts are cut as check --parts SIZE cuts them.",
       {"out", "part-size", "profile", "lang"},
       {{"out", "  --out DIR               the directory of the parts (made if missing)\n"},
        {"profile", "  --profile ID|FILE       whose load limits apply (default national)\n"},
        {"lang", "  --lang zh|en            the language of the output (default zh) and of errors (default en)\n"}},
       &Command::RunSplit},
      {"schema", "schema",
       "The snapshot's records and fields with their Chinese names, types and meaning, every enum value's\n"
       "Chinese name, the CSV tables' columns, and a guide from a platform's tables: docs/schema.md.",
       {"lang"}, kLangOfErrors, &Command::RunSchema},
      {"serve", "serve --data DIR --tokens FILE [options]",
       "Serves the Engine over HTTP/1.1 with JSON bodies: PUT /v1/snapshot, POST /v1/events, POST\n"
       "/v1/advance, GET /v1/findings, /v1/agenda, /v1/assess, /v1/stats, POST /v1/check, GET /healthz,\n"
       "/metrics.\n"
       "Every accepted event is journaled in DIR and flushed before it is acknowledged; a start loads\n"
       "the last snapshot and replays the journal. Stops on SIGTERM. See docs/serve.md.",
       {"listen", "data", "tokens", "profile", "as-of", "from", "lang", "tls-cert", "tls-key", "allow-plain",
        "max-body", "timeout", "threads", "queue", "compact-bytes"},
       {{"as-of", "  --as-of YYYY-MM-DD      a new data directory's date (default today); POST /v1/advance moves it\n"},
        {"lang", "  --lang zh|en            the language of the findings' messages (default zh)\n"}},
       &Command::RunServe},
  };
  return verbs;
}

}  // namespace

int Run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err,
        const Terminal& terminal) {
  try {
    return Command(in, out, err, terminal).Dispatch(args);
  } catch (const std::bad_alloc&) {  // from what returns no status: rendering
    err << "dangjian: out of memory\n";
    return kBadInput;
  } catch (const std::exception& e) {
    err << "dangjian: " << Printable(e.what()) << "\n";
    return kBadInput;
  }
}

}  // namespace dangjian::cli
