// `dangjian serve`'s inside: the Engine behind requests, apart from the
// HTTP server, so that tests and the fuzz target call it directly.
//
// Who may see what: each bearer token (stored as its SHA-256) is bound to an
// org's subtree, or to everything ("*"), and to a role, read or write. A
// request outside its token's subtree is refused (403) before anything is
// looked up, so that nothing about other orgs leaks: not whether they exist,
// nor their findings, agenda or counts. A write token over a subtree may
// post events that touch that subtree alone (every org and member they name,
// before and after); a new snapshot or a new date changes everything and
// takes a write token over everything.
#ifndef DANGJIAN_CLI_SERVE_SERVICE_H_
#define DANGJIAN_CLI_SERVE_SERVICE_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/serve/journal.h"
#include "dangjian/engine.h"
#include "dangjian/policy.h"
#include "lib/model/store.h"
#include "lib/report/arena.h"

namespace dangjian::serve {

// SHA-256 of `bytes`, in lower-case hex.
std::string Sha256Hex(std::string_view bytes);

struct Token {
  bool write = false;
  std::string scope;  // an org id, or "*": everything
  std::string name;
};
// The token file: one token a line, "SHA256-HEX ROLE SCOPE [NAME]", ROLE
// read or write, SCOPE an org id or *; # begins a comment. Errors name the line.
absl::StatusOr<std::map<std::string, Token>> ParseTokens(std::string_view text);

struct ServiceOptions {
  std::string data_dir;
  Day as_of = kNoDay;  // a new data directory's date; kNoDay: today
  Day from = kNoDay;
  Lang lang = Lang::kZh;                     // the findings' messages
  uint64_t compact_bytes = uint64_t{64} << 20;  // a journal this long is compacted
  // How long a request waits for the state while another changes it (a new
  // snapshot, a compaction, events): past it the request is answered 503,
  // nothing done, and the client may try again.
  std::chrono::milliseconds state_wait{30000};
};

struct Request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;
  std::string authorization;  // the Authorization header
  std::string body;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  int retry_after = 0;  // seconds, for a 503 the client may repeat
};

class Service {
 public:
  // Recovers the data directory: its snapshot and journal replayed.
  static absl::StatusOr<std::unique_ptr<Service>> Open(Policy policy, std::map<std::string, Token> tokens,
                                                       ServiceOptions options);
  // Safe from many threads at once.
  Response Handle(const Request& request);
  // Recorded by the server for /metrics: a request's route, status and time.
  void Record(std::string_view route, int status, double seconds);
  // What a start recovered: records replayed, torn bytes cut.
  uint64_t replayed() const { return replayed_; }
  uint64_t torn_bytes() const { return torn_bytes_; }

 private:
  Service(Policy policy, std::map<std::string, Token> tokens, ServiceOptions options)
      : policy_(std::move(policy)), tokens_(std::move(tokens)), options_(std::move(options)), data_(options_.data_dir) {}
  absl::Status Recover();
  absl::Status Replay(std::string_view record);
  absl::Status NewGeneration();  // under the write lock

  Response Findings(const Request& r, const Token& t);
  Response Agenda(const Request& r, const Token& t);
  Response Assess(const Request& r, const Token& t);
  Response Stats(const Request& r, const Token& t);
  Response Check(const Request& r);
  Response PutSnapshot(const Request& r);
  Response PostEvents(const Request& r, const Token& t);
  Response Advance(const Request& r);
  Response Metrics(const Token& t);
  // The org whose subtree a request reads: its scope= within the token's,
  // or the token's. nullopt with the response to send.
  bool ScopeOf(const Request& r, const Token& t, std::string& scope, Response& refused) const;
  // The Engine's findings, and their positions by their org's rank in the
  // hierarchy's order (Store::Rank), so that a subtree's are found by
  // halving: built on the first read after a change. Called with state_mu_
  // held.
  struct FindingIndex {
    // The Engine's report of this state, on an arena of its own (a
    // province's holds a million findings), let go whole.
    google::protobuf::Arena arena{report::LargeMessageArena()};
    v1::Report& report = *google::protobuf::Arena::CreateMessage<v1::Report>(&arena);
    // (rank of the org, finding), sorted; findings naming no org left out
    std::vector<std::pair<int32_t, int>> by_rank;
    // The answers already given of this state, by scope, rules and
    // severity: reads between two changes render each once. Bounded in
    // bytes; past the bound an answer is rendered and not kept.
    mutable std::mutex bodies_mu;
    mutable std::map<std::string, std::string> bodies;
    mutable size_t body_bytes = 0;
  };
  static constexpr size_t kKeptBodyBytes = size_t{64} << 20;
  std::shared_ptr<const FindingIndex> CurrentFindings() const;
  void Changed() {  // under the write lock
    std::lock_guard<std::mutex> lock(findings_mu_);
    findings_.reset();
  }
  // A durable write: the record appended and flushed, or the service stops
  // accepting writes.
  using ReadLock = std::shared_lock<std::shared_timed_mutex>;
  using WriteLock = std::unique_lock<std::shared_timed_mutex>;
  // The state to read or change, waited for at most options_.state_wait:
  // a lock that owns nothing past it (answer Busy()).
  ReadLock ReadState() const;
  WriteLock WriteState();
  absl::Status Commit(WriteLock& lock, std::string_view record);
  friend class ServiceTestPeer;  // holds the state as a long change would

  const Policy policy_;
  const std::map<std::string, Token> tokens_;
  const ServiceOptions options_;
  DataDir data_;

  mutable std::shared_timed_mutex state_mu_;
  std::unique_ptr<Engine> engine_;
  std::shared_ptr<Journal> journal_;
  absl::Status broken_;
  mutable std::mutex findings_mu_;
  mutable std::shared_ptr<const FindingIndex> findings_;  // reset by every change  // a journal that failed: writes refused, /healthz says so
  uint64_t replayed_ = 0, torn_bytes_ = 0;

  // /metrics
  std::mutex metrics_mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};
  std::array<uint64_t, kBuckets.size() + 1> latency_{};
  double latency_sum_ = 0;
  uint64_t latency_count_ = 0;
  std::atomic<uint64_t> events_applied_{0};
};

}  // namespace dangjian::serve

#endif  // DANGJIAN_CLI_SERVE_SERVICE_H_
