#include "cli/serve/service.h"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <new>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "dangjian/agenda.h"
#include "dangjian/assess.h"
#include "dangjian/check.h"
#include "dangjian/report.h"
#include "dangjian/stats.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "lib/check/checker.h"
#include "lib/model/store.h"
#include "lib/report/arena.h"
#include "lib/strings.h"

namespace dangjian::serve {
namespace {

// The journal's records: the dates a generation begins with, a batch of
// events accepted, the date moved.
constexpr char kDates = 'D', kBatch = 'B', kAdvance = 'A';

Response Json(int status, const google::protobuf::Message& message) {
  return Response{status, "application/json", RenderMessageJson(message, /*one_line=*/true) + "\n"};
}

Response Error(int status, std::string_view message) {
  google::protobuf::Struct body;
  (*body.mutable_fields())["error"].set_string_value(std::string(message));
  return Json(status, body);
}

// A library error as the response a client gets, in the language it asked for.
Response Error(const absl::Status& status, Lang lang) {
  const std::string message = TranslateError(ToStd(status.message()), lang);
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return Error(400, message);
    case absl::StatusCode::kNotFound:
      return Error(404, message);
    case absl::StatusCode::kResourceExhausted:
      return Error(503, message);
    default:
      return Error(500, message);
  }
}

// The data was not free within ServiceOptions::state_wait: another request is changing it.
Response Busy() {
  Response r = Error(503, "busy: the data is being changed (a snapshot, a compaction or events); try again");
  r.retry_after = 1;
  return r;
}

const Response& Unauthorized() {
  static const Response r = Error(401, "a bearer token is needed (Authorization: Bearer TOKEN)");
  return r;
}
// The same words whatever was asked: whether an org exists outside the
// token's scope is not told.
const Response& Forbidden() {
  static const Response r = Error(403, "outside the token's scope or role");
  return r;
}

std::string Param(const Request& r, const std::string& name) {
  auto it = r.query.find(name);
  return it == r.query.end() ? std::string() : it->second;
}

std::vector<std::string> RuleList(const Request& r) {
  std::vector<std::string> rules;
  for (const absl::string_view piece : absl::StrSplit(Param(r, "rules"), ',')) {
    const absl::string_view id = absl::StripAsciiWhitespace(piece);
    if (!id.empty()) rules.emplace_back(id);
  }
  return rules;
}

// A date parameter into `day`; false when it is given and not a date.
bool DateParam(const Request& r, const std::string& name, Day& day, std::string& error) {
  const std::string text = Param(r, name);
  if (text.empty()) return true;
  std::optional<Day> d = ParseDate(text);
  if (!d) {
    error = StrCat(name, ": \"", text, "\" is not a date (YYYY-MM-DD)");
    return false;
  }
  day = *d;
  return true;
}

std::string DatesRecord(const Engine& engine) {
  return StrCat(std::string(1, kDates), FormatDate(engine.as_of()), " ", FormatDate(engine.from()));
}

// The counts of a report's findings, as a check's summary counts them.
void Summarize(v1::Report& report) {
  v1::Summary& s = *report.mutable_summary();
  s.Clear();
  s.set_total(report.findings_size());
  for (const v1::Finding& f : report.findings()) {
    ++(*s.mutable_by_rule())[f.rule_id()];
    ++(*s.mutable_by_severity())[v1::Severity_Name(f.severity())];
    if (!f.org_id().empty()) ++(*s.mutable_by_org())[f.org_id()];
  }
}

// Whether a batch written by a token scoped to `root`'s subtree touches that
// subtree alone: every org and member it names, as they are before it and
// as it leaves them, within the subtree. Read from the Store the Engine
// holds, with only what the batch's own earlier events add or move kept
// aside (its events apply in turn). An id that is not there counts as
// outside, so that a refusal says nothing of whether another org's record
// exists.
class ScopedWrite {
 public:
  ScopedWrite(const Store& store, OrgIndex root) : s_(store), root_(root) {}

  // The field of the first event that reaches outside, as the request names
  // it (`events[2].activityRecorded.attendeeIds[3]`, or without `events[2].`
  // for one event); empty when the batch keeps within.
  std::string Outside(const v1::EventBatch& batch, bool batched) {
    for (int i = 0; i < batch.events_size(); ++i) {
      if (!Allows(batch.events(i))) return batched ? StrCat("events[", i, "].", where_) : where_;
    }
    return "";
  }

 private:
  // `ok`, noting `field` as where the batch reaches outside when it is not.
  bool Within(bool ok, std::string_view field) {
    if (!ok) where_ = std::string(field);
    return ok;
  }
  bool Within(bool ok, std::string_view field, int index) {
    return Within(ok, StrCat(field, "[", index, "]"));
  }

  bool Allows(const v1::Event& e) {
    switch (e.change_case()) {
      case v1::Event::kMemberAdded: {
        const v1::Member& x = e.member_added();
        // An id held outside would be told by the Engine's "duplicate id".
        if (!Within(Fresh(x.id(), s_.FindMember(x.id()) != kNone && !Member(x.id())), "memberAdded.id") ||
            !Within(Org(x.org_id()), "memberAdded.orgId") || !Within(OptionalOrg(x.group_id()), "memberAdded.groupId") ||
            !Within(OptionalOrg(x.home_org_id()), "memberAdded.homeOrgId")) {
          return false;
        }
        members_[x.id()] = true;
        return true;
      }
      case v1::Event::kMemberRemoved:
        return Within(Member(e.member_removed()), "memberRemoved");
      case v1::Event::kMemberMoved: {
        const v1::MemberMoved& x = e.member_moved();
        return Within(Member(x.member_id()), "memberMoved.memberId") && Within(Org(x.org_id()), "memberMoved.orgId") &&
               Within(OptionalOrg(x.group_id()), "memberMoved.groupId") &&
               Within(OptionalOrg(x.home_org_id()), "memberMoved.homeOrgId");
      }
      case v1::Event::kStatusChanged:
        return Within(Member(e.status_changed().member_id()), "statusChanged.memberId");
      case v1::Event::kMemberEventRecorded:
        return Within(Member(e.member_event_recorded().member_id()), "memberEventRecorded.memberId");
      case v1::Event::kPositionChanged:
        return Within(Org(e.position_changed().org_id()), "positionChanged.orgId") &&
               Within(Member(e.position_changed().member_id()), "positionChanged.memberId");
      case v1::Event::kTermOpened:
        return Within(Org(e.term_opened().org_id()), "termOpened.orgId");
      case v1::Event::kActivityRecorded: {
        const v1::Activity& x = e.activity_recorded();
        if (!Within(Fresh(x.id(), s_.activities().id.Find(x.id()) != kNone && !Activity(x.id())),
                    "activityRecorded.id")) {
          return false;
        }
        if (!Activity(x, "activityRecorded")) return false;
        activities_[x.id()] = true;
        return true;
      }
      case v1::Event::kActivityCorrected:
        return Within(Activity(e.activity_corrected().id()), "activityCorrected.id") &&
               Activity(e.activity_corrected(), "activityCorrected");
      case v1::Event::kDuesPaid:
        return Within(!e.dues_paid().has_member_index(), "duesPaid.memberIndex") &&
               Within(Member(e.dues_paid().member_id()), "duesPaid.memberId");
      case v1::Event::kOrgAdded: {
        const v1::Org& x = e.org_added();
        if (!Within(Fresh(x.id(), s_.FindOrg(x.id()) != kNone && !Org(x.id())), "orgAdded.id")) return false;
        // Not a new root: under an org of the subtree.
        if (!Within(Org(x.parent_id()), "orgAdded.parentId")) return false;
        orgs_[x.id()] = true;
        return true;
      }
      case v1::Event::kOrgMoved:
        // Out of the subtree, or into it, is not this token's to do; its
        // own root stays where its parent put it.
        return Within(Org(e.org_moved().org_id()) && !Root(e.org_moved().org_id()), "orgMoved.orgId") &&
               Within(Org(e.org_moved().parent_id()), "orgMoved.parentId");
      case v1::Event::kOrgDissolved:
        return Within(Org(e.org_dissolved().org_id()) && !Root(e.org_dissolved().org_id()), "orgDissolved.orgId");
      case v1::Event::CHANGE_NOT_SET:
        return true;  // the Engine rejects it, naming nothing
    }
    return false;
  }

  // A new record's id, refused when `outside` holds it.
  static bool Fresh(const std::string& id, bool outside) { return !id.empty() && !outside; }
  bool Root(const std::string& id) const { return s_.FindOrg(id) == root_; }
  bool Org(const std::string& id) const {
    if (auto it = orgs_.find(id); it != orgs_.end()) return it->second;
    const OrgIndex o = id.empty() ? kNone : s_.FindOrg(id);
    return o != kNone && s_.InSubtree(root_, o);
  }
  bool OptionalOrg(const std::string& id) const { return id.empty() || Org(id); }
  // A member of the subtree, holding no position outside it and named by no
  // lecture, talk or decision of another org: removing, moving or changing
  // them changes none of those.
  bool Member(const std::string& id) const {
    if (auto it = members_.find(id); it != members_.end()) return it->second;
    const MemberIndex m = id.empty() ? kNone : s_.FindMember(id);
    if (m == kNone || s_.members().org[m] == kNone || !s_.InSubtree(root_, s_.members().org[m])) return false;
    const Store::Positions& p = s_.positions();
    for (size_t k = 0; k < p.size(); ++k) {
      if (p.member[k] == m && !s_.InSubtree(root_, p.org[k])) return false;
    }
    const auto within = [&](ActivityIndex a) { return s_.InSubtree(root_, s_.activities().org[a]); };
    const auto decided = s_.DecisionsAbout(m);
    return std::all_of(s_.LecturesBy(m).begin(), s_.LecturesBy(m).end(), within) &&
           std::all_of(s_.TalksWith(m).begin(), s_.TalksWith(m).end(), within) &&
           std::all_of(decided.begin(), decided.end(), [&](const auto& d) { return within(d.first); });
  }
  bool OptionalMember(const std::string& id) const { return id.empty() || Member(id); }
  bool Activity(const std::string& id) const {
    if (auto it = activities_.find(id); it != activities_.end()) return it->second;
    const ActivityIndex a = id.empty() ? kNone : s_.activities().id.Find(id);
    return a != kNone && s_.activities().org[a] != kNone && s_.InSubtree(root_, s_.activities().org[a]);
  }
  // An activity's org, the one it makes up for, and every member it names
  // (a lecture, attendance or a talk counts in the member's own findings).
  bool Activity(const v1::Activity& x, std::string_view kind) {
    const auto field = [&](std::string_view name) { return StrCat(kind, ".", name); };
    if (!Within(Org(x.org_id()), field("orgId"))) return false;
    if (!x.makeup_for().empty() && !Within(Activity(x.makeup_for()), field("makeupFor"))) return false;
    // By position in a snapshot: not resolved here, so not taken.
    if (!Within(x.attendee_indexes_size() == 0, field("attendeeIndexes")) ||
        !Within(x.talk_member_indexes_size() == 0, field("talkMemberIndexes"))) {
      return false;
    }
    const auto all = [&](const auto& ids, const std::string& name) {
      for (int i = 0; i < ids.size(); ++i) {
        if (!Within(Member(ids.Get(i)), name, i)) return false;
      }
      return true;
    };
    if (!Within(OptionalMember(x.lecturer_id()), field("lecturerId")) || !all(x.attendee_ids(), field("attendeeIds")) ||
        !all(x.observer_ids(), field("observerIds")) || !all(x.talk_member_ids(), field("talkMemberIds"))) {
      return false;
    }
    for (int i = 0; i < x.absentees_size(); ++i) {
      const auto& a = x.absentees(i);
      if (!Within(!a.has_member_index() && Member(a.member_id()), StrCat(field("absentees"), "[", i, "].memberId"))) {
        return false;
      }
    }
    for (int i = 0; i < x.decisions_size(); ++i) {
      const std::string decision = StrCat(field("decisions"), "[", i, "].");
      if (!all(x.decisions(i).subject_member_ids(), decision + "subjectMemberIds") ||
          !all(x.decisions(i).candidate_member_ids(), decision + "candidateMemberIds")) {
        return false;
      }
    }
    for (int i = 0; i < x.resolutions_size(); ++i) {
      if (!Within(OptionalMember(x.resolutions(i).owner_id()), StrCat(field("resolutions"), "[", i, "].ownerId"))) {
        return false;
      }
    }
    return true;
  }

  const Store& s_;
  const OrgIndex root_;
  // What the batch's earlier events added: inside the subtree or not.
  std::map<std::string, bool> orgs_, members_, activities_;
  std::string where_;
};

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

absl::StatusOr<std::map<std::string, Token>> ParseTokens(std::string_view text) {
  std::map<std::string, Token> tokens;
  int line_number = 0;
  for (const absl::string_view raw : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++line_number;
    absl::string_view line = raw.substr(0, raw.find('#'));
    std::vector<absl::string_view> fields = absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    if (fields.empty()) continue;
    const std::string where = StrCat("tokens line ", line_number, ": ");
    if (fields.size() < 3 || fields.size() > 4) {
      return absl::InvalidArgumentError(StrCat(where, "want SHA256-HEX ROLE SCOPE [NAME]"));
    }
    std::string hash = absl::AsciiStrToLower(fields[0]);
    if (hash.size() != 64 || hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return absl::InvalidArgumentError(StrCat(where, "the token's SHA-256 is 64 hex digits"));
    }
    Token token;
    if (fields[1] == "write") token.write = true;
    else if (fields[1] != "read") return absl::InvalidArgumentError(StrCat(where, "role \"", ToStd(fields[1]), "\" is not read or write"));
    token.scope = std::string(fields[2]);
    if (fields.size() == 4) token.name = std::string(fields[3]);
    if (!tokens.emplace(std::move(hash), std::move(token)).second) {
      return absl::InvalidArgumentError(StrCat(where, "the same token again"));
    }
  }
  return tokens;
}

absl::StatusOr<std::unique_ptr<Service>> Service::Open(Policy policy, std::map<std::string, Token> tokens,
                                                       ServiceOptions options) {
  std::unique_ptr<Service> service(new Service(std::move(policy), std::move(tokens), std::move(options)));
  if (absl::Status s = service->Recover(); !s.ok()) return s;
  return service;
}

absl::Status Service::Recover() {
  absl::StatusOr<Recovered> found = data_.Recover();
  if (!found.ok()) return found.status();
  if (found->empty) {
    EngineOptions engine_options{options_.as_of, options_.from, options_.lang};
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(v1::Snapshot(), policy_, engine_options);
    if (!engine.ok()) return engine.status();
    engine_ = *std::move(engine);
    return NewGeneration();
  }
  torn_bytes_ = found->torn_bytes;
  const std::string data = data_.path();
  if (found->records.empty() || found->records[0].empty() || found->records[0][0] != kDates) {
    return absl::DataLossError(StrCat(data, ": the journal does not begin with its dates"));
  }
  const std::vector<absl::string_view> dates = absl::StrSplit(absl::string_view(found->records[0]).substr(1), ' ');
  std::optional<Day> as_of = dates.size() == 2 ? ParseDate(ToStd(dates[0])) : std::nullopt;
  std::optional<Day> from = dates.size() == 2 ? ParseDate(ToStd(dates[1])) : std::nullopt;
  if (!as_of || !from) return absl::DataLossError(StrCat(data, ": the journal's dates are not dates"));
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Create(found->snapshot, found->snapshot_format, policy_, EngineOptions{*as_of, *from, options_.lang});
  if (!engine.ok()) return absl::DataLossError(StrCat(data, ": the snapshot: ", ToStd(engine.status().message())));
  engine_ = *std::move(engine);
  for (size_t i = 1; i < found->records.size(); ++i) {
    if (absl::Status s = Replay(found->records[i]); !s.ok()) {
      return absl::DataLossError(StrCat(data, ": journal record ", i, ": ", ToStd(s.message())));
    }
    ++replayed_;
  }
  journal_ = std::move(found->journal);
  return absl::OkStatus();
}

absl::Status Service::Replay(std::string_view record) {
  if (record.empty()) return absl::DataLossError("empty");
  const std::string_view data = record.substr(1);
  if (record[0] == kBatch) {
    v1::EventBatch batch;
    if (!batch.ParseFromArray(data.data(), static_cast<int>(data.size()))) return absl::DataLossError("not a batch");
    absl::StatusOr<v1::Delta> delta = engine_->ApplyBatch(batch);
    return delta.status();
  }
  if (record[0] == kAdvance) {
    std::optional<Day> day = ParseDate(data);
    if (!day) return absl::DataLossError("not a date");
    google::protobuf::Arena arena(report::LargeMessageArena());  // the delta, not kept, freed whole
    return engine_->AdvanceTo(*day, google::protobuf::Arena::CreateMessage<v1::Delta>(&arena));
  }
  return absl::DataLossError("unknown record");
}

absl::Status Service::NewGeneration() {
  absl::StatusOr<std::string> snapshot = engine_->Export(SnapshotFormat::kDelimited);
  if (!snapshot.ok()) return snapshot.status();
  absl::StatusOr<std::shared_ptr<Journal>> journal = data_.StartGeneration(*snapshot, DatesRecord(*engine_));
  if (!journal.ok()) return journal.status();
  journal_ = *std::move(journal);
  return absl::OkStatus();
}

Service::ReadLock Service::ReadState() const {
  ReadLock lock(state_mu_, std::defer_lock);
  (void)lock.try_lock_for(options_.state_wait);
  return lock;
}

Service::WriteLock Service::WriteState() {
  WriteLock lock(state_mu_, std::defer_lock);
  (void)lock.try_lock_for(options_.state_wait);
  return lock;
}

absl::Status Service::Commit(WriteLock& lock, std::string_view record) {
  absl::StatusOr<uint64_t> appended = journal_->Append(record);
  if (!appended.ok()) {
    broken_ = appended.status();
    return broken_;
  }
  if (journal_->bytes() >= options_.compact_bytes) {
    // The new generation's snapshot holds this record's change, flushed.
    absl::Status compacted = NewGeneration();
    if (!compacted.ok()) broken_ = compacted;
    return compacted;
  }
  std::shared_ptr<Journal> journal = journal_;
  lock.unlock();  // others apply while this one waits for the disk
  absl::Status synced = journal->Sync(*appended);
  if (!synced.ok()) {
    lock.lock();
    broken_ = synced;
  }
  return synced;
}

bool Service::ScopeOf(const Request& r, const Token& t, std::string& scope, Response& refused) const {
  const Store& store = engine_->store();
  const std::string asked = Param(r, "scope");
  if (t.scope == "*") {
    if (!asked.empty() && store.FindOrg(asked) == kNone) {
      refused = Error(404, StrCat("scope: no org \"", asked, "\""));
      return false;
    }
    scope = asked;
    return true;
  }
  const OrgIndex own = store.FindOrg(t.scope);
  const OrgIndex wanted = asked.empty() ? own : store.FindOrg(asked);
  if (own == kNone || wanted == kNone || !store.InSubtree(own, wanted)) {
    refused = Forbidden();
    return false;
  }
  scope = asked.empty() ? t.scope : asked;
  return true;
}

Response Service::Handle(const Request& r) {
  const auto start = std::chrono::steady_clock::now();
  std::string route = "other";
  Response response = [&]() -> Response {
    static const std::pair<std::string_view, std::string_view> kRoutes[] = {
        {"GET", "/healthz"},      {"GET", "/metrics"},     {"GET", "/v1/findings"}, {"GET", "/v1/agenda"},
        {"GET", "/v1/assess"},    {"POST", "/v1/check"},   {"PUT", "/v1/snapshot"}, {"POST", "/v1/events"},
        {"POST", "/v1/advance"},  {"GET", "/v1/stats"}};
    bool known_path = false;
    for (const auto& [method, path] : kRoutes) {
      if (path != r.path) continue;
      known_path = true;
      route = std::string(path);
      if (method != r.method) return Error(405, StrCat(r.path, " takes ", method));
    }
    if (!known_path) return Error(404, "no such resource");
    if (r.path == "/healthz") {
      ReadLock lock = ReadState();
      if (!lock) return Busy();
      if (!broken_.ok()) return Response{503, "text/plain", "the journal failed: writes are refused\n"};
      return Response{200, "text/plain", "ok\n"};
    }
    constexpr std::string_view kBearer = "Bearer ";
    if (r.authorization.compare(0, kBearer.size(), kBearer) != 0) return Unauthorized();
    auto token = tokens_.find(Sha256Hex(std::string_view(r.authorization).substr(kBearer.size())));
    if (token == tokens_.end()) return Unauthorized();
    const Token& t = token->second;
    if (r.path == "/v1/check") return Check(r);
    if (r.path == "/v1/findings") return Findings(r, t);
    if (r.path == "/v1/agenda") return Agenda(r, t);
    if (r.path == "/v1/assess") return Assess(r, t);
    if (r.path == "/v1/stats") return Stats(r, t);
    if (r.path == "/metrics") return Metrics(t);
    if (!t.write) return Forbidden();
    // Events from a token over a subtree are checked against it; a new
    // snapshot or a new date changes everything: a token over everything.
    if (r.path == "/v1/events") return PostEvents(r, t);
    if (t.scope != "*") return Forbidden();
    if (r.path == "/v1/snapshot") return PutSnapshot(r);
    return Advance(r);
  }();
  Record(route, response.status, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return response;
}

void Service::Record(std::string_view route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(metrics_mu_);
  ++requests_[{std::string(route), status}];
  const size_t bucket = std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin();
  ++latency_[bucket];
  latency_sum_ += seconds;
  ++latency_count_;
}

namespace {
Lang ErrorLang(const Request& r) {
  auto it = r.query.find("lang");
  return it == r.query.end() ? Lang::kEn : ParseLang(it->second).value_or(Lang::kEn);
}
}  // namespace

Response Service::Findings(const Request& r, const Token& t) {
  const Lang lang = ErrorLang(r);
  std::optional<v1::Severity> severity;
  if (const std::string s = Param(r, "severity"); !s.empty()) {
    v1::Severity parsed;
    if (!v1::Severity_Parse(absl::AsciiStrToUpper(s), &parsed) || parsed == v1::SEVERITY_UNSPECIFIED) {
      return Error(400, StrCat("severity: \"", s, "\" is not violation, warning or notice"));
    }
    severity = parsed;
  }
  const std::vector<std::string> rules = RuleList(r);
  absl::StatusOr<std::vector<bool>> selected = check::SelectRules(policy_, rules);
  if (!selected.ok()) return Error(absl::InvalidArgumentError(StrCat("rules: ", ToStd(selected.status().message()))), lang);

  ReadLock lock = ReadState();
  if (!lock) return Busy();
  std::string scope;
  Response refused;
  if (!ScopeOf(r, t, scope, refused)) return refused;
  const Store& store = engine_->store();
  std::shared_ptr<const FindingIndex> current = CurrentFindings();
  // The index is of the state this read sees (changes wait for the lock
  // held): an answer kept in it is that state's.
  std::string key = StrCat(scope, "\n", Param(r, "rules"), "\n", severity ? static_cast<int>(*severity) : 0);
  {
    std::lock_guard<std::mutex> kept(current->bodies_mu);
    if (auto it = current->bodies.find(key); it != current->bodies.end()) {
      return Response{200, "application/json", it->second};
    }
  }
  const v1::Report& all = current->report;
  google::protobuf::Arena arena(report::LargeMessageArena());  // the answer: up to all the state's findings
  v1::Report& report = *google::protobuf::Arena::CreateMessage<v1::Report>(&arena);
  report.set_as_of(all.as_of());
  report.set_profile_id(all.profile_id());
  report.set_lang(all.lang());
  report.set_scope(scope);
  for (const std::string& rule : rules) report.add_rules(rule);
  const auto take = [&](const v1::Finding& f) {
    if (severity && f.severity() > *severity) return;  // VIOLATION < WARNING < NOTICE
    if (!rules.empty()) {
      const int rule = policy_.FindRule(f.rule_id());
      if (rule < 0 || !(*selected)[static_cast<size_t>(rule)]) return;
    }
    *report.add_findings() = f;
  };
  if (scope.empty()) {
    for (const v1::Finding& f : all.findings()) take(f);
  } else {
    // A subtree's orgs are a range of ranks (Store::Rank).
    const OrgIndex root = store.FindOrg(scope);
    auto it = std::lower_bound(current->by_rank.begin(), current->by_rank.end(), std::make_pair(store.Rank(root), -1));
    for (; it != current->by_rank.end() && it->first < store.SubtreeEnd(root); ++it) {
      take(all.findings(it->second));
    }
  }
  Summarize(report);
  Response response = Json(200, report);
  std::lock_guard<std::mutex> kept(current->bodies_mu);
  if (current->body_bytes + response.body.size() <= kKeptBodyBytes) {
    current->body_bytes += response.body.size();
    current->bodies.emplace(std::move(key), response.body);
  }
  return response;
}

std::shared_ptr<const Service::FindingIndex> Service::CurrentFindings() const {
  std::lock_guard<std::mutex> lock(findings_mu_);
  if (findings_ == nullptr) {
    auto built = std::make_shared<FindingIndex>();
    if (!engine_->Report(&built->report).ok()) throw std::bad_alloc();  // its one failure, as by value
    const Store& store = engine_->store();
    for (int i = 0; i < built->report.findings_size(); ++i) {
      const std::string& org = built->report.findings(i).org_id();
      const OrgIndex o = org.empty() ? kNone : store.FindOrg(org);
      if (o != kNone) built->by_rank.emplace_back(store.Rank(o), i);
    }
    std::sort(built->by_rank.begin(), built->by_rank.end());
    findings_ = std::move(built);
  }
  return findings_;
}

Response Service::Agenda(const Request& r, const Token& t) {
  AgendaOptions options;
  options.lang = options_.lang;
  options.rules = RuleList(r);
  if (const std::string days = Param(r, "days"); !days.empty()) {
    char* end = nullptr;
    const long n = std::strtol(days.c_str(), &end, 10);
    if (*end != '\0' || n < 0 || n > 3660) return Error(400, StrCat("days: \"", days, "\" is not a number of days from 0 to 3660"));
    options.days = static_cast<int>(n);
  }
  ReadLock lock = ReadState();
  if (!lock) return Busy();
  Response refused;
  if (!ScopeOf(r, t, options.scope, refused)) return refused;
  absl::StatusOr<v1::Agenda> agenda = engine_->Agenda(options);
  if (!agenda.ok()) return Error(agenda.status(), ErrorLang(r));
  return Json(200, *agenda);
}

Response Service::Assess(const Request& r, const Token& t) {
  const std::string id = Param(r, "rubric");
  if (id.empty()) return Error(400, "rubric: give a built-in rubric's id (branch-standardization, organ-assessment)");
  absl::StatusOr<v1::Rubric> rubric = BuiltinRubric(id);
  if (!rubric.ok()) return Error(absl::InvalidArgumentError(StrCat("rubric: ", ToStd(rubric.status().message()))), ErrorLang(r));
  AssessOptions options;
  options.lang = options_.lang;
  ReadLock lock = ReadState();
  if (!lock) return Busy();
  Response refused;
  if (!ScopeOf(r, t, options.scope, refused)) return refused;
  absl::StatusOr<v1::Assessment> assessment = engine_->Assess(*rubric, options);
  if (!assessment.ok()) return Error(assessment.status(), ErrorLang(r));
  return Json(200, *assessment);
}

Response Service::Stats(const Request& r, const Token& t) {
  ReadLock lock = ReadState();
  if (!lock) return Busy();
  StatsOptions options;
  options.as_of = engine_->as_of();
  options.from = engine_->from();
  Response refused;
  if (!ScopeOf(r, t, options.scope, refused)) return refused;
  absl::StatusOr<v1::Statistics> stats = ComputeStatistics(engine_->store(), policy_, options);
  if (!stats.ok()) return Error(stats.status(), ErrorLang(r));
  return Json(200, *stats);
}

Response Service::Check(const Request& r) {
  const Lang lang = ErrorLang(r);
  CheckOptions options;
  options.lang = options_.lang;
  std::string error;
  if (!DateParam(r, "asOf", options.as_of, error) || !DateParam(r, "from", options.from, error)) return Error(400, error);
  options.scope = Param(r, "scope");
  options.rules = RuleList(r);
  options.threads = 1;  // a request is one of many
  LoadLimits limits = policy_.load_limits();
  limits.ignore_unknown_fields = Param(r, "unknownFields") == "ignore";
  absl::StatusOr<std::shared_ptr<const Store>> store = LoadSnapshot(r.body, SnapshotFormat::kJson, limits);
  if (!store.ok()) return Error(store.status(), lang);
  absl::StatusOr<v1::Report> report = dangjian::Check(**store, policy_, options);
  if (!report.ok()) return Error(report.status(), lang);
  return Json(200, *report);
}

Response Service::PutSnapshot(const Request& r) {
  const Lang lang = ErrorLang(r);
  LoadLimits limits = policy_.load_limits();
  limits.ignore_unknown_fields = Param(r, "unknownFields") == "ignore";
  absl::StatusOr<v1::Snapshot> snapshot = ParseSnapshot(r.body, SnapshotFormat::kJson, limits);
  if (!snapshot.ok()) return Error(snapshot.status(), lang);
  WriteLock lock = WriteState();
  if (!lock) return Busy();
  if (!broken_.ok()) return Error(503, "the journal failed: writes are refused");
  EngineOptions engine_options{engine_->as_of(), engine_->from(), options_.lang};
  std::string error;
  if (!DateParam(r, "asOf", engine_options.as_of, error) || !DateParam(r, "from", engine_options.from, error)) {
    return Error(400, error);
  }
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(*std::move(snapshot), policy_, engine_options);
  if (!engine.ok()) return Error(engine.status(), lang);
  std::unique_ptr<Engine> previous = std::move(engine_);
  engine_ = *std::move(engine);
  Changed();
  if (absl::Status s = NewGeneration(); !s.ok()) {
    engine_ = std::move(previous);  // not written: not taken
    Changed();
    return Error(500, ToStd(s.message()));
  }
  return Json(200, CurrentFindings()->report.summary());
}

Response Service::PostEvents(const Request& r, const Token& t) {
  const Lang lang = ErrorLang(r);
  // One event, or a batch: {"events": [...]}. An event has no field
  // "events": a body that is not one is looked at again only then.
  v1::EventBatch events;
  bool batch = false;
  if (absl::StatusOr<v1::Event> event = ParseEvent(r.body); event.ok()) {
    *events.add_events() = *std::move(event);
  } else {
    google::protobuf::Struct shape;
    google::protobuf::util::JsonParseOptions lenient;
    lenient.ignore_unknown_fields = true;
    batch = google::protobuf::util::JsonStringToMessage(r.body, &shape, lenient).ok() &&
            shape.fields().count("events") > 0;
    if (!batch) return Error(event.status(), lang);
    absl::StatusOr<v1::EventBatch> parsed = ParseEventBatch(r.body);
    if (!parsed.ok()) return Error(parsed.status(), lang);
    events = *std::move(parsed);
  }
  std::string record(1, kBatch);
  events.AppendToString(&record);
  WriteLock lock = WriteState();
  if (!lock) return Busy();
  if (!broken_.ok()) return Error(503, "the journal failed: writes are refused");
  if (t.scope != "*") {
    const OrgIndex root = engine_->store().FindOrg(t.scope);
    if (root == kNone) return Forbidden();
    // The field is named, never what it holds nor whether that exists
    // elsewhere: the same words for an id of another org and for none.
    const std::string outside = ScopedWrite(engine_->store(), root).Outside(events, batch);
    if (!outside.empty()) return Error(403, StrCat(outside, ": outside the token's scope"));
  }
  absl::StatusOr<v1::Delta> delta = events.events_size() == 1 ? engine_->Apply(events.events(0)) : engine_->ApplyBatch(events);
  if (!delta.ok()) return Error(delta.status(), lang);
  Changed();
  if (t.scope != "*") {
    // A subtree's writer is told of its subtree's findings only: the orgs
    // above count its members too, and a data finding elsewhere names
    // records by their place, which a removal shifts.
    const Store& store = engine_->store();
    const OrgIndex root = store.FindOrg(t.scope);
    const auto outside = [&](const v1::Finding& f) {
      const OrgIndex o = f.org_id().empty() ? kNone : store.FindOrg(f.org_id());
      return o == kNone || !store.InSubtree(root, o);
    };
    for (auto* findings : {delta->mutable_added(), delta->mutable_resolved()}) {
      findings->erase(std::remove_if(findings->begin(), findings->end(), outside), findings->end());
    }
  }
  if (absl::Status s = Commit(lock, record); !s.ok()) return Error(500, ToStd(s.message()));
  events_applied_ += static_cast<uint64_t>(events.events_size());
  return Json(200, *delta);
}

Response Service::Advance(const Request& r) {
  google::protobuf::Struct body;
  if (!google::protobuf::util::JsonStringToMessage(r.body, &body).ok() || !body.fields().count("asOf") ||
      body.fields().at("asOf").kind_case() != google::protobuf::Value::kStringValue) {
    return Error(400, "asOf: give the day to judge as of, {\"asOf\": \"YYYY-MM-DD\"}");
  }
  const std::string& text = body.fields().at("asOf").string_value();
  std::optional<Day> day = ParseDate(text);
  if (!day) return Error(400, StrCat("asOf: \"", text, "\" is not a date (YYYY-MM-DD)"));
  WriteLock lock = WriteState();
  if (!lock) return Busy();
  if (!broken_.ok()) return Error(503, "the journal failed: writes are refused");
  // The first day of a month reminds every branch of the month's
  // obligations: the delta written on an arena of its own (as
  // dj_engine_advance writes it), freed whole.
  google::protobuf::Arena arena(report::LargeMessageArena());
  auto* delta = google::protobuf::Arena::CreateMessage<v1::Delta>(&arena);
  if (absl::Status s = engine_->AdvanceTo(*day, delta); !s.ok()) return Error(s, ErrorLang(r));
  Changed();
  if (absl::Status s = Commit(lock, StrCat(std::string(1, kAdvance), FormatDate(*day))); !s.ok()) {
    return Error(500, ToStd(s.message()));
  }
  return Json(200, *delta);
}

Response Service::Metrics(const Token& t) {
  // Counts of findings are about every org: a token over everything.
  if (t.scope != "*") return Forbidden();
  std::string out;
  {
    std::lock_guard<std::mutex> lock(metrics_mu_);
    out += "# HELP dangjian_requests_total Requests answered, by route and status.\n"
           "# TYPE dangjian_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      StrAppend(&out, "dangjian_requests_total{route=\"", key.first, "\",code=\"", key.second, "\"} ", n, "\n");
    }
    out += "# HELP dangjian_request_seconds Time to answer a request.\n"
           "# TYPE dangjian_request_seconds histogram\n";
    uint64_t cumulative = 0;
    char number[64];
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += latency_[i];
      std::snprintf(number, sizeof number, "%g", kBuckets[i]);
      StrAppend(&out, "dangjian_request_seconds_bucket{le=\"", number, "\"} ", cumulative, "\n");
    }
    StrAppend(&out, "dangjian_request_seconds_bucket{le=\"+Inf\"} ", latency_count_, "\n");
    std::snprintf(number, sizeof number, "%.6f", latency_sum_);
    StrAppend(&out, "dangjian_request_seconds_sum ", number, "\n", "dangjian_request_seconds_count ", latency_count_, "\n");
  }
  StrAppend(&out, "# HELP dangjian_events_applied_total Events accepted and journaled.\n"
                  "# TYPE dangjian_events_applied_total counter\n"
                  "dangjian_events_applied_total ", events_applied_.load(), "\n");
  out += "# HELP dangjian_findings Current findings, by severity.\n# TYPE dangjian_findings gauge\n";
  ReadLock lock = ReadState();
  if (!lock) return Busy();
  const v1::Report& report = CurrentFindings()->report;
  for (const v1::Severity s : {v1::VIOLATION, v1::WARNING, v1::NOTICE}) {
    auto it = report.summary().by_severity().find(v1::Severity_Name(s));
    StrAppend(&out, "dangjian_findings{severity=\"", absl::AsciiStrToLower(v1::Severity_Name(s)), "\"} ",
              it == report.summary().by_severity().end() ? 0 : it->second, "\n");
  }
  return Response{200, "text/plain; version=0.0.4", out};
}

}  // namespace dangjian::serve
