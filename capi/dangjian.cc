// The C interface over the C++ engine. Each entry point catches everything:
// no exception crosses into C, and every failure leaves its message in the
// calling thread's last error.
#include "capi/dangjian.h"

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "absl/strings/str_split.h"
#include "dangjian/agenda.h"
#include "dangjian/assess.h"
#include "dangjian/cases.h"
#include "dangjian/check.h"
#include "dangjian/parts.h"
#include "dangjian/engine.h"
#include "dangjian/dues.h"
#include "dangjian/examples.h"
#include "dangjian/rules.h"
#include "dangjian/report.h"
#include "dangjian/stats.h"
#include "dangjian/status.h"
#include "google/protobuf/text_format.h"
#include "lib/report/arena.h"
#include "lib/strings.h"

namespace {

// What the opaque handles point to. dj_profile and dj_snapshot are never
// defined, so that no C++ type shows through the interface (nor in its ABI).
struct Profile {
  dangjian::Policy policy;
};
struct Snapshot {
  std::shared_ptr<const dangjian::Store> store;
};
// An Engine, and the delta each event is written into, in the room of the
// one before (Engine::Apply): a small delta allocates little.
struct EngineHandle {
  std::unique_ptr<dangjian::Engine> engine;
  dangjian::v1::Delta delta;
};
// A delta of more findings than this is let go once written out, not kept
// for the next event: most events' deltas have a few, and the room of a
// rare large one (a member added to a branch of many meetings, an event
// applied by rebuild) is not held for the rest of the Engine's life.
constexpr int kDeltaKept = 1024;

const Profile* Unwrap(const dj_profile* p) { return reinterpret_cast<const Profile*>(p); }
const Snapshot* Unwrap(const dj_snapshot* s) { return reinterpret_cast<const Snapshot*>(s); }
dj_profile* Wrap(Profile* p) { return reinterpret_cast<dj_profile*>(p); }
dj_snapshot* Wrap(Snapshot* s) { return reinterpret_cast<dj_snapshot*>(s); }
EngineHandle* Unwrap(dj_engine* e) { return reinterpret_cast<EngineHandle*>(e); }
// A reader's view: the Engine, const.
const dangjian::Engine& EngineOf(const dj_engine* e) { return *reinterpret_cast<const EngineHandle*>(e)->engine; }
dj_engine* Wrap(EngineHandle* e) { return reinterpret_cast<dj_engine*>(e); }

using dangjian::StrCat;

thread_local std::string last_error;

dj_status Fail(dj_status status, std::string_view message) {
  last_error = dangjian::Printable(message);
  return status;
}

// The one translation of the library's status codes (dangjian/status.h)
// into the C interface's; the message, after `context`, is the last error.
dj_status FromStatus(const absl::Status& s, std::string_view context = {}) {
  if (s.ok()) return DJ_OK;
  dj_status code = DJ_INTERNAL;
  switch (s.code()) {
    case absl::StatusCode::kInvalidArgument: code = DJ_BAD_INPUT; break;
    case absl::StatusCode::kOutOfRange: code = DJ_INVALID_ARGUMENT; break;
    case absl::StatusCode::kNotFound: code = DJ_NOT_FOUND; break;
    case absl::StatusCode::kCancelled: code = DJ_STOPPED; break;
    case absl::StatusCode::kResourceExhausted: code = DJ_NO_MEMORY; break;
    default: break;
  }
  return Fail(code, StrCat(context, dangjian::ToStd(s.message())));
}

// Runs `body`, turning any exception into a status.
template <typename Body>
dj_status Guard(Body body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(DJ_NO_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return Fail(DJ_INTERNAL, StrCat("internal error: ", e.what()));
  } catch (...) {
    return Fail(DJ_INTERNAL, "internal error");
  }
}

// Copies `bytes` into a buffer the caller frees with dj_buffer_free; text
// gets a NUL after its size, for convenience.
dj_status Output(std::string_view bytes, dj_buffer* out) {
  char* data = static_cast<char*>(std::malloc(bytes.size() + 1));
  if (data == nullptr) return Fail(DJ_NO_MEMORY, "out of memory");
  std::memcpy(data, bytes.data(), bytes.size());
  data[bytes.size()] = '\0';
  out->data = data;
  out->size = bytes.size();
  return DJ_OK;
}

// A message as JSON, binary or textproto; nullopt for another format.
std::optional<std::string> MessageBytes(const google::protobuf::Message& m, int format) {
  switch (format) {
    case 0:
    case DJ_FORMAT_JSON:
      return dangjian::RenderMessageJson(m);
    case DJ_FORMAT_BINARY:
      return m.SerializeAsString();
    case DJ_FORMAT_TEXTPROTO: {
      std::string text;
      google::protobuf::TextFormat::PrintToString(m, &text);
      return text;
    }
    default:
      return std::nullopt;
  }
}

dj_status OutputMessage(const google::protobuf::Message& m, int format, dj_buffer* out) {
  const std::optional<std::string> bytes = MessageBytes(m, format);
  if (!bytes) return Fail(DJ_INVALID_ARGUMENT, StrCat("format: ", format, " is not one this call can write"));
  return Output(*bytes, out);
}

std::string_view Bytes(const char* data, size_t size) { return size == 0 ? std::string_view() : std::string_view(data, size); }

dj_status ParseLang(const char* lang, dangjian::Lang* out) {
  if (lang == nullptr) {
    *out = dangjian::Lang::kZh;
    return DJ_OK;
  }
  std::optional<dangjian::Lang> l = dangjian::ParseLang(lang);
  if (!l) return Fail(DJ_INVALID_ARGUMENT, StrCat("lang: \"", lang, "\" is not zh or en"));
  *out = *l;
  return DJ_OK;
}

dj_status ParseDay(const char* text, const char* what, dangjian::Day* out) {
  if (text == nullptr) {
    *out = dangjian::kNoDay;
    return DJ_OK;
  }
  std::optional<dangjian::Day> d = dangjian::ParseDate(text);
  if (!d) return Fail(DJ_INVALID_ARGUMENT, StrCat(what, ": \"", text, "\" is not a date (YYYY-MM-DD)"));
  *out = *d;
  return DJ_OK;
}

// The rule ids and families of a comma-separated list, each trimmed:
// "term, setup" is "term,setup".
std::vector<std::string> RuleList(const char* rules) {
  std::vector<std::string> out;
  for (const absl::string_view r : absl::StrSplit(rules, ',')) {
    const absl::string_view id = absl::StripAsciiWhitespace(r);
    if (!id.empty()) out.emplace_back(id);
  }
  return out;
}

// A snapshot's format from its DJ_FORMAT_ number.
dj_status SnapshotFormatOf(int format, dangjian::SnapshotFormat* out) {
  switch (format) {
    case DJ_FORMAT_JSON: *out = dangjian::SnapshotFormat::kJson; return DJ_OK;
    case DJ_FORMAT_BINARY: *out = dangjian::SnapshotFormat::kBinary; return DJ_OK;
    case DJ_FORMAT_DELIMITED: *out = dangjian::SnapshotFormat::kDelimited; return DJ_OK;
    default: return Fail(DJ_INVALID_ARGUMENT, StrCat("format: ", format, " is not JSON, binary or delimited"));
  }
}

// A field of a caller's option struct is read only if the caller's struct,
// whose size it states, has it: an older program passes a shorter struct.
#define DJ_HAS(options, type, field) \
  ((options)->struct_size >= offsetof(type, field) + sizeof(((type*)nullptr)->field))

// The size an option struct states (dangjian.h): at least its own field, at
// most this library's struct. A longer one is from a newer header, whose
// options this library does not know: refused rather than read in part.
template <typename Options>
dj_status StructSize(const Options& options, std::string_view call, std::string_view type) {
  if (options.struct_size < sizeof(size_t)) return Fail(DJ_INVALID_ARGUMENT, StrCat(call, ": options.struct_size is not set"));
  if (options.struct_size > sizeof(Options)) {
    return Fail(DJ_INVALID_ARGUMENT, StrCat(call, ": options.struct_size ", options.struct_size, " is more than the ",
                                            sizeof(Options), " bytes of this library's ", type, " (a newer dangjian.h)"));
  }
  return DJ_OK;
}

// The agenda of `store` for dj_agenda_for_rules and dj_engine_agenda; an
// as_of the options leave unset is `as_of`.
dj_status AgendaOf(const dangjian::Store& store, const dangjian::Policy& policy, dangjian::Day as_of,
                   const dj_agenda_options* options, const char* rules, dj_buffer* out) {
  dangjian::AgendaOptions o;
  o.as_of = as_of;
  int format = DJ_FORMAT_JSON;
  if (options != nullptr) {
    if (dj_status given = StructSize(*options, "dj_agenda", "dj_agenda_options"); given != DJ_OK) return given;
    dj_status s = DJ_OK;
    if (DJ_HAS(options, dj_agenda_options, as_of) && options->as_of != nullptr &&
        (s = ParseDay(options->as_of, "as_of", &o.as_of)) != DJ_OK) {
      return s;
    }
    if (DJ_HAS(options, dj_agenda_options, days) && options->days != DJ_AGENDA_DEFAULT_HORIZON) o.days = options->days;
    if (DJ_HAS(options, dj_agenda_options, scope) && options->scope != nullptr) o.scope = options->scope;
    if (DJ_HAS(options, dj_agenda_options, lang) && (s = ParseLang(options->lang, &o.lang)) != DJ_OK) return s;
    if (DJ_HAS(options, dj_agenda_options, format) && options->format != 0) format = options->format;
  }
  if (rules != nullptr) o.rules = RuleList(rules);
  if (format != DJ_FORMAT_JSON && format != DJ_FORMAT_BINARY && format != DJ_FORMAT_TEXT) {
    return Fail(DJ_INVALID_ARGUMENT, StrCat("format: ", format, " is not JSON, binary or text"));
  }
  absl::StatusOr<dangjian::v1::Agenda> agenda = dangjian::MakeAgenda(store, policy, o);
  if (!agenda.ok()) return FromStatus(agenda.status());
  if (format == DJ_FORMAT_TEXT) return Output(dangjian::RenderAgendaText(*agenda, store, o.lang), out);
  return OutputMessage(*agenda, format, out);
}

// Manual scores or a previous assessment as a caller passes them: JSON, read
// by `parse_json` with errors naming the field, or the message's binary form.
template <typename Message>
absl::StatusOr<Message> ParseInput(std::string_view bytes, int format,
                                   absl::StatusOr<Message> (*parse_json)(std::string_view, bool)) {
  if (format == DJ_FORMAT_JSON) return parse_json(bytes, true);
  Message message;
  if (bytes.size() > INT32_MAX || !message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError(StrCat("not a ", Message::descriptor()->name(), " message in binary"));
  }
  return message;
}

// An assessment of `store` for dj_assess and dj_engine_assess, with `policy`
// or, when null, the rubric's own profile (or national); the as_of and from
// the options leave unset are `as_of` and `from`.
dj_status AssessmentOf(const dangjian::Store& store, const dangjian::Policy* policy, dangjian::Day as_of,
                       dangjian::Day from, const char* rubric, size_t rubric_size, const dj_assess_options* options,
                       dj_buffer* out) {
  absl::StatusOr<dangjian::v1::Rubric> r =
      rubric_size == 0 ? dangjian::BuiltinRubric(rubric) : dangjian::ParseRubric(Bytes(rubric, rubric_size));
  if (!r.ok()) return FromStatus(r.status());
  dangjian::AssessOptions o;
  o.as_of = as_of;
  o.from = from;
  int format = DJ_FORMAT_JSON;
  std::optional<dangjian::v1::ManualScores> manual;
  std::optional<dangjian::v1::Assessment> previous;
  if (options != nullptr) {
    if (dj_status given = StructSize(*options, "dj_assess", "dj_assess_options"); given != DJ_OK) return given;
    dj_status s = DJ_OK;
    if (DJ_HAS(options, dj_assess_options, as_of) && options->as_of != nullptr &&
        (s = ParseDay(options->as_of, "as_of", &o.as_of)) != DJ_OK) {
      return s;
    }
    if (DJ_HAS(options, dj_assess_options, scope) && options->scope != nullptr) o.scope = options->scope;
    if (DJ_HAS(options, dj_assess_options, lang) && (s = ParseLang(options->lang, &o.lang)) != DJ_OK) return s;
    const int inputs = DJ_HAS(options, dj_assess_options, inputs_format) && options->inputs_format != 0
                           ? options->inputs_format
                           : DJ_FORMAT_JSON;
    if (inputs != DJ_FORMAT_JSON && inputs != DJ_FORMAT_BINARY) {
      return Fail(DJ_INVALID_ARGUMENT, StrCat("inputs_format: ", inputs, " is not JSON or binary"));
    }
    if (DJ_HAS(options, dj_assess_options, manual_size) && options->manual != nullptr) {
      absl::StatusOr<dangjian::v1::ManualScores> m =
          ParseInput<dangjian::v1::ManualScores>(Bytes(options->manual, options->manual_size), inputs,
                                                 dangjian::ParseManualScores);
      if (!m.ok()) return FromStatus(m.status(), "manual: ");
      manual = *std::move(m);
      o.manual = &*manual;
    }
    if (DJ_HAS(options, dj_assess_options, previous_size) && options->previous != nullptr) {
      absl::StatusOr<dangjian::v1::Assessment> p =
          ParseInput<dangjian::v1::Assessment>(Bytes(options->previous, options->previous_size), inputs,
                                               dangjian::ParseAssessment);
      if (!p.ok()) return FromStatus(p.status(), "previous: ");
      previous = *std::move(p);
      o.previous = &*previous;
    }
    if (DJ_HAS(options, dj_assess_options, format) && options->format != 0) format = options->format;
  }
  if (format != DJ_FORMAT_JSON && format != DJ_FORMAT_BINARY && format != DJ_FORMAT_TEXT) {
    return Fail(DJ_INVALID_ARGUMENT, StrCat("format: ", format, " is not JSON, binary or text"));
  }
  std::optional<dangjian::Policy> own;
  if (policy == nullptr) {
    absl::StatusOr<dangjian::Policy> p = dangjian::Policy::Builtin(r->profile_id().empty() ? "national" : r->profile_id());
    if (!p.ok()) return FromStatus(p.status());
    own = *std::move(p);
  }
  absl::StatusOr<dangjian::v1::Assessment> a = dangjian::Assess(store, policy != nullptr ? *policy : *own, *r, o);
  if (!a.ok()) return FromStatus(a.status());
  if (format == DJ_FORMAT_TEXT) return Output(dangjian::RenderAssessmentText(*a, o.lang), out);
  return OutputMessage(*a, format, out);
}

// An Event or EventBatch message in JSON or binary; `parse_json` reads the
// JSON, with errors naming the field.
template <typename Message, typename ParseJson>
dj_status ReadEventMessage(std::string_view bytes, int format, ParseJson parse_json, Message& out) {
  if (format == DJ_FORMAT_JSON) {
    absl::StatusOr<Message> parsed = parse_json(bytes);
    if (!parsed.ok()) return FromStatus(parsed.status());
    out = *std::move(parsed);
    return DJ_OK;
  }
  if (format == DJ_FORMAT_BINARY) {
    if (bytes.size() > INT32_MAX || !out.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return Fail(DJ_BAD_INPUT, StrCat("not a ", out.GetTypeName(), " in binary protobuf"));
    }
    return DJ_OK;
  }
  return Fail(DJ_INVALID_ARGUMENT, StrCat("format: ", format, " is not JSON or binary"));
}

// The first version of this interface, 0.1.0: a number below it is no
// version of dangjian.h.
constexpr int kFirstVersion = 100;

}  // namespace

extern "C" {

int dj_version_number(void) { return DJ_VERSION_NUMBER; }
const char* dj_version_string(void) { return DJ_VERSION_STRING; }

int dj_check_version(int header_version) {
  if (header_version < kFirstVersion || header_version / 10000 != DJ_VERSION_MAJOR || header_version > DJ_VERSION_NUMBER) {
    return Fail(DJ_VERSION_MISMATCH, StrCat("built against dangjian ", header_version, ", running ", DJ_VERSION_NUMBER));
  }
  return DJ_OK;
}

const char* dj_last_error(void) { return last_error.c_str(); }

void dj_buffer_free(dj_buffer* buffer) {
  if (buffer == nullptr) return;
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->size = 0;
}

dj_status dj_profile_builtin(const char* id, dj_profile** out) {
  return Guard([&]() -> dj_status {
    if (id == nullptr || out == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_profile_builtin: id and out are required");
    *out = nullptr;
    absl::StatusOr<dangjian::Policy> p = dangjian::Policy::Builtin(id);
    if (!p.ok()) return FromStatus(p.status());
    *out = Wrap(new Profile{*std::move(p)});
    return DJ_OK;
  });
}

dj_status dj_profile_parse(const char* data, size_t size, int format, dj_profile** out) {
  return Guard([&]() -> dj_status {
    if (out == nullptr || (data == nullptr && size > 0)) return Fail(DJ_INVALID_ARGUMENT, "dj_profile_parse: data and out are required");
    *out = nullptr;
    const std::string_view bytes = Bytes(data, size);
    absl::StatusOr<dangjian::Policy> p;
    switch (format) {
      case DJ_FORMAT_TEXTPROTO:
        p = dangjian::Policy::FromTextproto(bytes);
        break;
      case DJ_FORMAT_JSON:
        p = dangjian::Policy::FromJson(bytes);
        break;
      case DJ_FORMAT_BINARY: {
        dangjian::v1::Policy message;
        if (bytes.size() > INT32_MAX || !message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
          return Fail(DJ_BAD_INPUT, "not a dangjian.v1.Policy in binary protobuf");
        }
        p = dangjian::Policy::FromMessage(message);
        break;
      }
      default:
        return Fail(DJ_INVALID_ARGUMENT, StrCat("format: ", format, " is not textproto, JSON or binary"));
    }
    if (!p.ok()) return FromStatus(p.status());
    *out = Wrap(new Profile{*std::move(p)});
    return DJ_OK;
  });
}

void dj_profile_destroy(dj_profile* profile) { delete Unwrap(profile); }

dj_status dj_profile_resolved(const dj_profile* profile, int format, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (profile == nullptr || out == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_profile_resolved: profile and out are required");
    return OutputMessage(Unwrap(profile)->policy.resolved(), format, out);
  });
}

dj_status dj_profile_list(int format, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (out == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_profile_list: out is required");
    dangjian::v1::ProfileList list;
    for (const std::string& id : dangjian::Policy::BuiltinIds()) {
      const dangjian::v1::Policy& p = *dangjian::Policy::BuiltinMessage(id);
      dangjian::v1::ProfileSummary& s = *list.add_profiles();
      s.set_id(p.id());
      s.set_title(p.title());
      s.set_extends(p.extends());
    }
    return OutputMessage(list, format, out);
  });
}

dj_status dj_snapshot_load(const char* data, size_t size, int format, dj_snapshot** out) {
  return Guard([&]() -> dj_status {
    if (out == nullptr || (data == nullptr && size > 0)) return Fail(DJ_INVALID_ARGUMENT, "dj_snapshot_load: data and out are required");
    *out = nullptr;
    dangjian::SnapshotFormat f;
    if (dj_status s = SnapshotFormatOf(format, &f); s != DJ_OK) return s;
    absl::StatusOr<std::shared_ptr<const dangjian::Store>> store = dangjian::LoadSnapshot(Bytes(data, size), f);
    if (!store.ok()) return FromStatus(store.status());
    *out = Wrap(new Snapshot{*std::move(store)});
    return DJ_OK;
  });
}

// The limits of a load with `options` (NULL: the defaults).
dj_status ReadLoadOptions(const dj_load_options* options, std::string_view call, dangjian::LoadLimits& limits) {
  if (options == nullptr) return DJ_OK;
  if (dj_status given = StructSize(*options, call, "dj_load_options"); given != DJ_OK) return given;
  if (DJ_HAS(options, dj_load_options, ignore_unknown_fields)) limits.ignore_unknown_fields = options->ignore_unknown_fields != 0;
  return DJ_OK;
}

dj_status dj_snapshot_load_with(const char* data, size_t size, int format, const dj_load_options* options,
                                dj_snapshot** out) {
  return Guard([&]() -> dj_status {
    if (out == nullptr || (data == nullptr && size > 0)) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_snapshot_load_with: data and out are required");
    }
    *out = nullptr;
    dangjian::SnapshotFormat f;
    if (dj_status s = SnapshotFormatOf(format, &f); s != DJ_OK) return s;
    dangjian::LoadLimits limits;
    if (dj_status s = ReadLoadOptions(options, "dj_snapshot_load_with", limits); s != DJ_OK) return s;
    absl::StatusOr<std::shared_ptr<const dangjian::Store>> store = dangjian::LoadSnapshot(Bytes(data, size), f, limits);
    if (!store.ok()) return FromStatus(store.status());
    *out = Wrap(new Snapshot{*std::move(store)});
    return DJ_OK;
  });
}

dj_status dj_snapshot_load_file(const char* path, const dj_load_options* options, dj_snapshot** out) {
  return Guard([&]() -> dj_status {
    if (out == nullptr || path == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_snapshot_load_file: path and out are required");
    *out = nullptr;
    dangjian::LoadLimits limits;
    if (dj_status s = ReadLoadOptions(options, "dj_snapshot_load_file", limits); s != DJ_OK) return s;
    absl::StatusOr<std::shared_ptr<const dangjian::Store>> store = dangjian::LoadSnapshotFile(path, limits);
    if (!store.ok()) return FromStatus(store.status());
    *out = Wrap(new Snapshot{*std::move(store)});
    return DJ_OK;
  });
}

void dj_snapshot_destroy(dj_snapshot* snapshot) { delete Unwrap(snapshot); }

dj_status dj_sample(dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (out == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_sample: out is required");
    return Output(dangjian::SampleSnapshotJson(), out);
  });
}

// The options of dj_check and dj_check_parts (`call` names the function in
// messages); `options` may be NULL.
dj_status ReadCheckOptions(const dj_check_options* options, std::string_view call, dangjian::CheckOptions& o,
                           int& format) {
  format = DJ_FORMAT_JSON;
  if (options != nullptr) {
    if (dj_status given = StructSize(*options, call, "dj_check_options"); given != DJ_OK) return given;
    dj_status s = DJ_OK;
    if (DJ_HAS(options, dj_check_options, as_of) && (s = ParseDay(options->as_of, "as_of", &o.as_of)) != DJ_OK) return s;
    if (DJ_HAS(options, dj_check_options, from) && (s = ParseDay(options->from, "from", &o.from)) != DJ_OK) return s;
    if (DJ_HAS(options, dj_check_options, scope) && options->scope != nullptr) o.scope = options->scope;
    if (DJ_HAS(options, dj_check_options, rules) && options->rules != nullptr) {
      o.rules = RuleList(options->rules);
    }
    if (DJ_HAS(options, dj_check_options, lang) && (s = ParseLang(options->lang, &o.lang)) != DJ_OK) return s;
    if (DJ_HAS(options, dj_check_options, format) && options->format != 0) format = options->format;
  }
  if (format != DJ_FORMAT_JSON && format != DJ_FORMAT_BINARY && format != DJ_FORMAT_TEXT && format != DJ_FORMAT_HTML) {
    return Fail(DJ_INVALID_ARGUMENT, StrCat("format: ", format, " is not JSON, binary, text or HTML"));
  }
  return DJ_OK;
}

// The options of dj_stats and dj_stats_split_parts.
dj_status ReadStatsOptions(const dj_stats_options* options, std::string_view call, dangjian::StatsOptions& o,
                           dangjian::Lang& lang, int& format) {
  lang = dangjian::Lang::kZh;
  format = DJ_FORMAT_JSON;
  if (options != nullptr) {
    if (dj_status given = StructSize(*options, call, "dj_stats_options"); given != DJ_OK) return given;
    dj_status s = DJ_OK;
    if (DJ_HAS(options, dj_stats_options, as_of) && options->as_of != nullptr &&
        (s = ParseDay(options->as_of, "as_of", &o.as_of)) != DJ_OK) {
      return s;
    }
    if (DJ_HAS(options, dj_stats_options, from) && options->from != nullptr &&
        (s = ParseDay(options->from, "from", &o.from)) != DJ_OK) {
      return s;
    }
    if (DJ_HAS(options, dj_stats_options, scope) && options->scope != nullptr) o.scope = options->scope;
    if (DJ_HAS(options, dj_stats_options, lang) && (s = ParseLang(options->lang, &lang)) != DJ_OK) return s;
    if (DJ_HAS(options, dj_stats_options, format) && options->format != 0) format = options->format;
  }
  if (format != DJ_FORMAT_JSON && format != DJ_FORMAT_BINARY && format != DJ_FORMAT_TEXT && format != DJ_FORMAT_HTML) {
    return Fail(DJ_INVALID_ARGUMENT, StrCat("format: ", format, " is not JSON, binary, text or HTML"));
  }
  return DJ_OK;
}

// A report in `format` (one ReadCheckOptions accepts), for the Store it was
// checked over.
std::string Rendered(const dangjian::v1::Report& report, const dangjian::Store& store, int format, dangjian::Lang lang) {
  switch (format) {
    case DJ_FORMAT_TEXT: return dangjian::RenderText(report, store, lang);
    case DJ_FORMAT_HTML: return dangjian::RenderHtml(report, store, lang);
    default: return *MessageBytes(report, format);
  }
}

dj_status dj_check(const dj_snapshot* snapshot, const dj_profile* profile, const dj_check_options* options,
                   dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (snapshot == nullptr || profile == nullptr || out == nullptr) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_check: snapshot, profile and out are required");
    }
    dangjian::CheckOptions o;
    int format;
    if (dj_status s = ReadCheckOptions(options, "dj_check", o, format); s != DJ_OK) return s;
    // A province's report holds a million findings: written on an arena of
    // its own, freed whole.
    google::protobuf::Arena arena(dangjian::report::LargeMessageArena());
    auto* report = google::protobuf::Arena::CreateMessage<dangjian::v1::Report>(&arena);
    if (absl::Status s = dangjian::Check(*Unwrap(snapshot)->store, Unwrap(profile)->policy, o, report); !s.ok()) {
      return FromStatus(s);
    }
    return Output(Rendered(*report, *Unwrap(snapshot)->store, format, o.lang), out);
  });
}

dj_status dj_check_parts(const char* path, uint64_t part_bytes, const dj_profile* profile,
                         const dj_check_options* options, dj_part_fn each, void* context) {
  return Guard([&]() -> dj_status {
    if (path == nullptr || profile == nullptr || each == nullptr) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_check_parts: path, profile and each are required");
    }
    if (part_bytes == 0) return Fail(DJ_INVALID_ARGUMENT, "dj_check_parts: part_bytes is 0");
    dangjian::CheckOptions o;
    int format;
    if (dj_status s = ReadCheckOptions(options, "dj_check_parts", o, format); s != DJ_OK) return s;
    if (!o.scope.empty()) return Fail(DJ_INVALID_ARGUMENT, "dj_check_parts: a check in parts covers the whole stream (no scope)");
    dangjian::PartsOptions parts;
    parts.part_bytes = part_bytes;
    parts.limits = Unwrap(profile)->policy.load_limits();
    const absl::Status s = dangjian::CheckInParts(path, Unwrap(profile)->policy, o, parts, [&](dangjian::CheckedPart& part) {
      const std::string report = Rendered(part.report, *part.store, format, o.lang);
      if (each(context, part.index, part.parts, report.c_str(), report.size()) == 0) return absl::OkStatus();
      return absl::CancelledError(StrCat("dj_check_parts: stopped at part ", part.index, " of ", part.parts));
    });
    return FromStatus(s);
  });
}

dj_status dj_split(const char* path, const char* dir, uint64_t part_bytes, const dj_profile* profile,
                   size_t* parts) {
  return Guard([&]() -> dj_status {
    if (path == nullptr || dir == nullptr || parts == nullptr) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_split: path, dir and parts are required");
    }
    if (part_bytes == 0) return Fail(DJ_INVALID_ARGUMENT, "dj_split: part_bytes is 0");
    dangjian::PartsOptions o;
    o.part_bytes = part_bytes;
    if (profile != nullptr) o.limits = Unwrap(profile)->policy.load_limits();
    absl::StatusOr<size_t> written = dangjian::SplitInParts(path, dir, o);
    if (!written.ok()) return FromStatus(written.status());
    *parts = *written;
    return DJ_OK;
  });
}

dj_status dj_split_parts(const char* dir, size_t* parts) {
  return Guard([&]() -> dj_status {
    if (dir == nullptr || parts == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_split_parts: dir and parts are required");
    absl::StatusOr<size_t> n = dangjian::SplitParts(dir);
    if (!n.ok()) return FromStatus(n.status());
    *parts = *n;
    return DJ_OK;
  });
}

dj_status dj_check_split_parts(const char* dir, const size_t* which, size_t count, const dj_profile* profile,
                               const dj_check_options* options, dj_part_fn each, void* context) {
  return Guard([&]() -> dj_status {
    if (dir == nullptr || (which == nullptr && count > 0) || profile == nullptr || each == nullptr) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_check_split_parts: dir, which, profile and each are required");
    }
    dangjian::CheckOptions o;
    int format;
    if (dj_status s = ReadCheckOptions(options, "dj_check_split_parts", o, format); s != DJ_OK) return s;
    if (!o.scope.empty()) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_check_split_parts: a check in parts covers the whole stream (no scope)");
    }
    const std::vector<size_t> ks(which, which + count);
    const dangjian::Policy& policy = Unwrap(profile)->policy;
    const absl::Status s = dangjian::CheckSplitParts(dir, ks, policy, o, policy.load_limits(), [&](dangjian::CheckedPart& part) {
      const std::string report = Rendered(part.report, *part.store, format, o.lang);
      if (each(context, part.index, part.parts, report.c_str(), report.size()) == 0) return absl::OkStatus();
      return absl::CancelledError(StrCat("dj_check_split_parts: stopped at part ", part.index, " of ", part.parts));
    });
    return FromStatus(s);
  });
}

dj_status dj_stats_split_parts(const char* dir, const size_t* which, size_t count, const dj_profile* profile,
                               const dj_stats_options* options, const char* const* gathered,
                               const size_t* gathered_sizes, size_t gathered_count, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (dir == nullptr || (which == nullptr && count > 0) || profile == nullptr || out == nullptr ||
        ((gathered == nullptr || gathered_sizes == nullptr) && gathered_count > 0)) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_stats_split_parts: dir, which, profile, gathered and out are required");
    }
    dangjian::StatsOptions o;
    dangjian::Lang lang;
    int format;
    if (dj_status s = ReadStatsOptions(options, "dj_stats_split_parts", o, lang, format); s != DJ_OK) return s;
    if (format == DJ_FORMAT_HTML) return Fail(DJ_INVALID_ARGUMENT, "format: HTML is not one this call can write");
    if (!o.scope.empty()) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_stats_split_parts: statistics in parts cover the whole stream (no scope)");
    }
    std::vector<dangjian::v1::Statistics> parsed(gathered_count);
    for (size_t i = 0; i < gathered_count; ++i) {
      if (gathered[i] == nullptr && gathered_sizes[i] > 0) {
        return Fail(DJ_INVALID_ARGUMENT, StrCat("dj_stats_split_parts: gathered ", i, " is NULL"));
      }
      const std::string_view bytes = Bytes(gathered[i], gathered_sizes[i]);
      if (bytes.size() > INT32_MAX || !parsed[i].ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        return Fail(DJ_BAD_INPUT, StrCat("statistics gathered ", i, ": not a Statistics message in binary"));
      }
    }
    const std::vector<size_t> ks(which, which + count);
    const dangjian::Policy& policy = Unwrap(profile)->policy;
    absl::StatusOr<dangjian::v1::Statistics> stats =
        dangjian::SplitStatistics(dir, ks, policy, o, policy.load_limits(), parsed);
    if (!stats.ok()) return FromStatus(stats.status());
    if (format == DJ_FORMAT_TEXT) return Output(dangjian::RenderStatisticsText(*stats, lang), out);
    return OutputMessage(*stats, format, out);
  });
}

dj_status dj_agenda(const dj_snapshot* snapshot, const dj_profile* profile, const dj_agenda_options* options,
                    dj_buffer* out) {
  return dj_agenda_for_rules(snapshot, profile, options, nullptr, out);
}

dj_status dj_agenda_for_rules(const dj_snapshot* snapshot, const dj_profile* profile, const dj_agenda_options* options,
                              const char* rules, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (snapshot == nullptr || profile == nullptr || out == nullptr) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_agenda: snapshot, profile and out are required");
    }
    return AgendaOf(*Unwrap(snapshot)->store, Unwrap(profile)->policy, dangjian::kNoDay, options, rules, out);
  });
}

namespace {

void Describe(const dangjian::RuleInfo& r, bool en, dangjian::v1::RuleDescription& d) {
  d.set_id(std::string(r.id));
  d.set_severity(r.severity);
  d.set_subject(std::string(r.subject));
  d.set_citation(std::string(en ? r.citation_en : r.citation_zh));
  d.set_title(std::string(en ? r.title_en : r.title_zh));
  d.set_explanation(std::string(en ? r.explain_en : r.explain_zh));
  d.set_always_on(r.always_on);
}

}  // namespace

dj_status dj_rules(const char* lang, int format, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (out == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_rules: out is required");
    dangjian::Lang l;
    if (dj_status s = ParseLang(lang, &l); s != DJ_OK) return s;
    dangjian::v1::RuleCatalogue catalogue;
    for (const dangjian::RuleInfo& r : dangjian::Rules()) Describe(r, l == dangjian::Lang::kEn, *catalogue.add_rules());
    return OutputMessage(catalogue, format, out);
  });
}

dj_status dj_profile_rules(const dj_profile* profile, const char* lang, int format, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (profile == nullptr || out == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_profile_rules: profile and out are required");
    dangjian::Lang l;
    if (dj_status s = ParseLang(lang, &l); s != DJ_OK) return s;
    const dangjian::Policy& policy = Unwrap(profile)->policy;
    const size_t catalogue_size = dangjian::Rules().size();
    dangjian::v1::RuleCatalogue catalogue;
    for (int i = 0; i < static_cast<int>(policy.RuleCount()); ++i) {
      dangjian::v1::RuleDescription& d = *catalogue.add_rules();
      Describe(policy.Rule(i), l == dangjian::Lang::kEn, d);
      if (policy.SeverityOverride(i) != dangjian::v1::SEVERITY_UNSPECIFIED) d.set_severity(policy.SeverityOverride(i));
      d.set_enabled(policy.RuleEnabled(i));
      d.set_local(static_cast<size_t>(i) >= catalogue_size);
    }
    return OutputMessage(catalogue, format, out);
  });
}

dj_status dj_dues_standard(int category, int64_t monthly_income_cents, const dj_profile* profile, int64_t* out_cents) {
  return Guard([&]() -> dj_status {
    if (out_cents == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_dues_standard: out_cents is required");
    if (!dangjian::v1::Member::DuesCategory_IsValid(category) || category == 0) {
      return Fail(DJ_INVALID_ARGUMENT, StrCat("category: ", category, " is not a dues category (DJ_DUES_*)"));
    }
    std::optional<dangjian::Policy> national;
    if (profile == nullptr) {
      absl::StatusOr<dangjian::Policy> p = dangjian::Policy::Builtin("national");
      if (!p.ok()) return FromStatus(p.status());
      national = *std::move(p);
    }
    absl::StatusOr<int64_t> dues = dangjian::StandardMonthlyDues(
        static_cast<dangjian::v1::Member::DuesCategory>(category), monthly_income_cents,
        profile != nullptr ? Unwrap(profile)->policy : *national);
    if (!dues.ok()) return FromStatus(dues.status());
    *out_cents = *dues;
    return DJ_OK;
  });
}

dj_status dj_assess(const dj_snapshot* snapshot, const dj_profile* profile, const char* rubric, size_t rubric_size,
                    const dj_assess_options* options, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (snapshot == nullptr || rubric == nullptr || out == nullptr) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_assess: snapshot, rubric and out are required");
    }
    return AssessmentOf(*Unwrap(snapshot)->store, profile != nullptr ? &Unwrap(profile)->policy : nullptr, dangjian::kNoDay,
                        dangjian::kNoDay, rubric, rubric_size, options, out);
  });
}

dj_status dj_stats(const dj_snapshot* snapshot, const dj_profile* profile, const dj_stats_options* options,
                   dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (snapshot == nullptr || out == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_stats: snapshot and out are required");
    dangjian::StatsOptions o;
    dangjian::Lang lang;
    int format;
    if (dj_status s = ReadStatsOptions(options, "dj_stats", o, lang, format); s != DJ_OK) return s;
    std::optional<dangjian::Policy> national;
    if (profile == nullptr) {
      absl::StatusOr<dangjian::Policy> p = dangjian::Policy::Builtin("national");
      if (!p.ok()) return FromStatus(p.status());
      national = *std::move(p);
    }
    absl::StatusOr<dangjian::v1::Statistics> stats = dangjian::ComputeStatistics(
        *Unwrap(snapshot)->store, profile != nullptr ? Unwrap(profile)->policy : *national, o);
    if (!stats.ok()) return FromStatus(stats.status());
    if (format == DJ_FORMAT_TEXT) return Output(dangjian::RenderStatisticsText(*stats, lang), out);
    if (format == DJ_FORMAT_HTML) return Output(dangjian::RenderStatisticsHtml(*stats, *Unwrap(snapshot)->store, lang), out);
    return OutputMessage(*stats, format, out);
  });
}

dj_status dj_run_cases(const char* data, size_t size, int format, const char* base_dir, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (out == nullptr || (data == nullptr && size > 0)) return Fail(DJ_INVALID_ARGUMENT, "dj_run_cases: data and out are required");
    if (format != DJ_FORMAT_TEXTPROTO && format != DJ_FORMAT_JSON) {
      return Fail(DJ_INVALID_ARGUMENT, StrCat("format: ", format, " is not textproto or JSON"));
    }
    absl::StatusOr<dangjian::v1::CaseResults> results = dangjian::RunCases(
        Bytes(data, size), format == DJ_FORMAT_JSON ? dangjian::CaseFormat::kJson : dangjian::CaseFormat::kTextproto,
        "", base_dir == nullptr ? "." : base_dir);
    if (!results.ok()) return FromStatus(results.status());
    return OutputMessage(*results, DJ_FORMAT_JSON, out);
  });
}

dj_status dj_engine_create(const char* data, size_t size, int format, const dj_profile* profile,
                           const dj_engine_options* options, dj_engine** out) {
  return Guard([&]() -> dj_status {
    if (out == nullptr || profile == nullptr || (data == nullptr && size > 0)) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_engine_create: data, profile and out are required");
    }
    *out = nullptr;
    dangjian::SnapshotFormat f;
    if (dj_status s = SnapshotFormatOf(format, &f); s != DJ_OK) return s;
    dangjian::EngineOptions o;
    if (options != nullptr) {
      if (dj_status given = StructSize(*options, "dj_engine_create", "dj_engine_options"); given != DJ_OK) return given;
      dj_status s = DJ_OK;
      if (DJ_HAS(options, dj_engine_options, as_of) && (s = ParseDay(options->as_of, "as_of", &o.as_of)) != DJ_OK) return s;
      if (DJ_HAS(options, dj_engine_options, from) && (s = ParseDay(options->from, "from", &o.from)) != DJ_OK) return s;
      if (DJ_HAS(options, dj_engine_options, lang) && (s = ParseLang(options->lang, &o.lang)) != DJ_OK) return s;
    }
    absl::StatusOr<std::unique_ptr<dangjian::Engine>> engine =
        dangjian::Engine::Create(Bytes(data, size), f, Unwrap(profile)->policy, o);
    if (!engine.ok()) return FromStatus(engine.status());
    *out = Wrap(new EngineHandle{*std::move(engine), {}});
    return DJ_OK;
  });
}

void dj_engine_destroy(dj_engine* engine) { delete Unwrap(engine); }

dj_status dj_engine_apply(dj_engine* engine, const char* event, size_t size, int format, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (engine == nullptr || out == nullptr || (event == nullptr && size > 0)) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_engine_apply: engine, event and out are required");
    }
    dangjian::v1::Event e;
    if (dj_status s = ReadEventMessage(Bytes(event, size), format, dangjian::ParseEvent, e); s != DJ_OK) return s;
    EngineHandle& handle = *Unwrap(engine);
    const absl::Status applied = handle.engine->Apply(e, &handle.delta);
    if (!applied.ok()) return FromStatus(applied);
    const dj_status written = OutputMessage(handle.delta, format, out);
    if (handle.delta.added_size() + handle.delta.resolved_size() > kDeltaKept) handle.delta = dangjian::v1::Delta();
    return written;
  });
}

dj_status dj_engine_report(const dj_engine* engine, int format, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (engine == nullptr || out == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_engine_report: engine and out are required");
    if (format != DJ_FORMAT_JSON && format != DJ_FORMAT_BINARY) {
      return Fail(DJ_INVALID_ARGUMENT, StrCat("format: ", format, " is not JSON or binary"));
    }
    google::protobuf::Arena arena(dangjian::report::LargeMessageArena());  // as dj_check's
    auto* report = google::protobuf::Arena::CreateMessage<dangjian::v1::Report>(&arena);
    if (absl::Status s = EngineOf(engine).Report(report); !s.ok()) return FromStatus(s);
    return OutputMessage(*report, format, out);
  });
}

dj_status dj_engine_export(const dj_engine* engine, int format, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (engine == nullptr || out == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_engine_export: engine and out are required");
    dangjian::SnapshotFormat f;
    if (dj_status s = SnapshotFormatOf(format, &f); s != DJ_OK) return s;
    absl::StatusOr<std::string> bytes = EngineOf(engine).Export(f);
    if (!bytes.ok()) return FromStatus(bytes.status());
    return Output(*bytes, out);
  });
}

dj_status dj_engine_apply_batch(dj_engine* engine, const char* batch, size_t size, int format, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (engine == nullptr || out == nullptr || (batch == nullptr && size > 0)) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_engine_apply_batch: engine, batch and out are required");
    }
    dangjian::v1::EventBatch b;
    if (dj_status s = ReadEventMessage(Bytes(batch, size), format, dangjian::ParseEventBatch, b); s != DJ_OK) return s;
    absl::StatusOr<dangjian::v1::Delta> delta = Unwrap(engine)->engine->ApplyBatch(b);
    if (!delta.ok()) return FromStatus(delta.status());
    return OutputMessage(*delta, format, out);
  });
}

dj_status dj_engine_advance(dj_engine* engine, const char* as_of, int format, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (engine == nullptr || as_of == nullptr || out == nullptr) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_engine_advance: engine, as_of and out are required");
    }
    if (format != DJ_FORMAT_JSON && format != DJ_FORMAT_BINARY) {
      return Fail(DJ_INVALID_ARGUMENT, StrCat("format: ", format, " is not JSON or binary"));
    }
    dangjian::Day day;
    if (dj_status s = ParseDay(as_of, "as_of", &day); s != DJ_OK) return s;
    // The first day of a month reminds every branch of the month's
    // obligations: a delta written on an arena of its own, freed whole.
    google::protobuf::Arena arena(dangjian::report::LargeMessageArena());
    auto* delta = google::protobuf::Arena::CreateMessage<dangjian::v1::Delta>(&arena);
    if (absl::Status s = Unwrap(engine)->engine->AdvanceTo(day, delta); !s.ok()) return FromStatus(s);
    return OutputMessage(*delta, format, out);
  });
}

dj_status dj_engine_agenda(const dj_engine* engine, const dj_agenda_options* options, const char* rules,
                           dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (engine == nullptr || out == nullptr) return Fail(DJ_INVALID_ARGUMENT, "dj_engine_agenda: engine and out are required");
    const dangjian::Engine& e = EngineOf(engine);
    return AgendaOf(e.store(), e.policy(), e.as_of(), options, rules, out);
  });
}

dj_status dj_engine_assess(const dj_engine* engine, const char* rubric, size_t rubric_size,
                           const dj_assess_options* options, dj_buffer* out) {
  return Guard([&]() -> dj_status {
    if (engine == nullptr || rubric == nullptr || out == nullptr) {
      return Fail(DJ_INVALID_ARGUMENT, "dj_engine_assess: engine, rubric and out are required");
    }
    const dangjian::Engine& e = EngineOf(engine);
    return AssessmentOf(e.store(), &e.policy(), e.as_of(), e.from(), rubric, rubric_size, options, out);
  });
}

}  // extern "C"
