#include "cli/serve.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

#include "cli/serve/service.h"
#include "lib/strings.h"

namespace dangjian::cli {
namespace {

constexpr int kBadInput = 2;

int Fail(std::ostream& err, std::string_view message) {
  err << "dangjian: " << message << "\n";
  return kBadInput;
}

// A plain listener only here, unless the operator insists: tokens must not
// cross a network in clear.
bool Loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

bool Number(const std::map<std::string, std::string>& o, const std::string& name, uint64_t low, uint64_t high,
            uint64_t& value, std::ostream& err) {
  auto it = o.find(name);
  if (it == o.end()) return true;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0' || n < low || n > high || it->second[0] == '-') {
    Fail(err, StrCat("--", name, ": \"", it->second, "\" is not a number from ", low, " to ", high));
    return false;
  }
  value = n;
  return true;
}

// Whether this thread answers its connection's requests 503 (busy).
thread_local bool refusing = false;

// The request threads, and a bound on the connections waiting for one: past
// `queue` waiting, a connection is answered 503 by a thread that refuses
// (and if that one is behind as much, the listener waits and the kernel's
// backlog holds the rest), so that a flood costs bounded memory. A
// connection that waited longer than `wait` for a thread is refused too:
// its client has most likely given up.
class Pool : public httplib::TaskQueue {
 public:
  Pool(size_t threads, size_t queue, std::chrono::seconds wait) : queue_(queue), wait_(wait) {
    for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(waiting_, ready_); });
    threads_.emplace_back([this] { Work(refused_, refuse_); });
  }
  void enqueue(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock(mu_);
    if (waiting_.size() < queue_) {
      waiting_.push_back({std::move(fn), std::chrono::steady_clock::now()});
      ready_.notify_one();
      return;
    }
    room_.wait(lock, [this] { return refused_.size() < queue_; });
    refused_.push_back({std::move(fn), {}});
    refuse_.notify_one();
  }
  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      shutdown_ = true;
    }
    ready_.notify_all();
    refuse_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

 private:
  struct Job {
    std::function<void()> run;
    std::chrono::steady_clock::time_point since;
  };
  void Work(std::deque<Job>& jobs, std::condition_variable& ready) {
    const bool refuser = &jobs == &refused_;
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        ready.wait(lock, [&] { return !jobs.empty() || shutdown_; });
        if (jobs.empty()) return;  // shut down, and every connection taken
        job = std::move(jobs.front());
        jobs.pop_front();
        if (refuser) room_.notify_one();
      }
      refusing = refuser || std::chrono::steady_clock::now() - job.since > wait_;
      job.run();
    }
  }

  const size_t queue_;
  const std::chrono::seconds wait_;
  std::mutex mu_;
  std::condition_variable ready_, refuse_, room_;
  std::deque<Job> waiting_, refused_;
  bool shutdown_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

int Serve(const std::map<std::string, std::string>& o, Policy policy, std::ostream& out, std::ostream& err) {
  auto option = [&](const std::string& name) {
    auto it = o.find(name);
    return it == o.end() ? std::string() : it->second;
  };
  serve::ServiceOptions options;
  options.data_dir = option("data");
  if (options.data_dir.empty()) return Fail(err, "serve: --data DIR is needed (where the snapshot and journal are kept)");
  const std::string tokens_path = option("tokens");
  if (tokens_path.empty()) return Fail(err, "serve: --tokens FILE is needed (who may read and write)");
  for (const char* name : {"as-of", "from"}) {
    const std::string text = option(name);
    if (text.empty()) continue;
    std::optional<Day> day = ParseDate(text);
    if (!day) return Fail(err, StrCat("--", name, ": \"", text, "\" is not a date (YYYY-MM-DD)"));
    (std::string_view(name) == "as-of" ? options.as_of : options.from) = *day;
  }
  if (const std::string lang = option("lang"); !lang.empty()) {
    std::optional<Lang> l = ParseLang(lang);
    if (!l) return Fail(err, StrCat("--lang: \"", lang, "\" is not zh or en"));
    options.lang = *l;
  }
  uint64_t max_body = uint64_t{256} << 20, timeout = 30, threads = 64, queue = 256, compact = options.compact_bytes;
  if (!Number(o, "max-body", 1, uint64_t{1} << 40, max_body, err) || !Number(o, "timeout", 1, 3600, timeout, err) ||
      !Number(o, "threads", 1, 1024, threads, err) || !Number(o, "queue", 1, 1 << 20, queue, err) ||
      !Number(o, "compact-bytes", 1, uint64_t{1} << 40, compact, err)) {
    return kBadInput;
  }
  options.compact_bytes = compact;
  options.state_wait = std::chrono::seconds(timeout);

  std::string listen = option("listen");
  if (listen.empty()) listen = "127.0.0.1:8080";
  const size_t colon = listen.rfind(':');
  uint64_t port = 0;
  std::string host = colon == std::string::npos ? "" : listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  {
    std::map<std::string, std::string> p{{"listen", colon == std::string::npos ? "" : listen.substr(colon + 1)}};
    if (host.empty() || !Number(p, "listen", 0, 65535, port, err)) {
      return Fail(err, StrCat("--listen: \"", listen, "\" is not HOST:PORT"));
    }
  }
  const std::string cert = option("tls-cert"), key = option("tls-key");
  if (cert.empty() != key.empty()) return Fail(err, "serve: --tls-cert and --tls-key go together");
  const bool tls = !cert.empty();
  if (!tls && !Loopback(host) && o.count("allow-plain") == 0) {
    return Fail(err, StrCat("--listen: ", host, " is not loopback: give --tls-cert and --tls-key, or --allow-plain yes "
                                                "to send tokens in clear"));
  }

  std::ifstream tokens_file(tokens_path, std::ios::binary);
  if (!tokens_file) return Fail(err, StrCat(tokens_path, ": cannot read"));
  absl::StatusOr<std::map<std::string, serve::Token>> tokens = serve::ParseTokens(
      std::string(std::istreambuf_iterator<char>(tokens_file), std::istreambuf_iterator<char>()));
  if (!tokens.ok()) return Fail(err, StrCat(tokens_path, ": ", ToStd(tokens.status().message())));

  // SIGTERM and SIGINT are taken by one thread, which stops the server; the
  // others never see them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  absl::StatusOr<std::unique_ptr<serve::Service>> service =
      serve::Service::Open(std::move(policy), *std::move(tokens), options);
  if (!service.ok()) return Fail(err, ToStd(service.status().message()));

  std::unique_ptr<httplib::Server> server =
      tls ? std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str()) : std::make_unique<httplib::Server>();
  if (!server->is_valid()) return Fail(err, StrCat("--tls-cert, --tls-key: cannot use \"", cert, "\" and \"", key, "\""));
  server->new_task_queue = [threads, queue, timeout] {
    return new Pool(static_cast<size_t>(threads), static_cast<size_t>(queue), std::chrono::seconds(timeout));
  };
  server->set_payload_max_length(static_cast<size_t>(max_body));
  server->set_read_timeout(static_cast<time_t>(timeout));
  server->set_write_timeout(static_cast<time_t>(timeout));
  server->set_keep_alive_timeout(5);
  // A connection keeps its thread while it is kept alive: many requests on
  // it spare a new connection each few, and the threads (--threads, more
  // than the clients that keep connections) leave none waiting.
  server->set_keep_alive_max_count(100);
  server->set_tcp_nodelay(true);  // an answer is written in two parts: no wait for the peer's ack between them
  serve::Service& handler = **service;
  const auto answer = [&handler](const httplib::Request& req, httplib::Response& res) {
    if (refusing) {
      res.status = 503;
      res.set_header("Retry-After", "1");
      res.set_header("Connection", "close");
      res.set_header("Content-Type", "application/json");
      res.body = "{\"error\":\"busy: too many requests wait already, try again later\"}\n";
      handler.Record("busy", 503, 0);
      return;
    }
    serve::Request request;
    request.method = req.method;
    request.path = req.path;
    for (const auto& [name, value] : req.params) request.query[name] = value;
    request.authorization = req.get_header_value("Authorization");
    request.body = req.body;
    serve::Response response = handler.Handle(request);
    res.status = response.status;
    if (response.status == 401) res.set_header("WWW-Authenticate", "Bearer");
    if (response.retry_after > 0) res.set_header("Retry-After", std::to_string(response.retry_after));
    res.set_header("Content-Type", response.content_type);
    res.body = std::move(response.body);
  };
  // Every path to the one handler, which routes (the body is read first).
  server->Get(".*", answer).Post(".*", answer).Put(".*", answer).Delete(".*", answer).Patch(".*", answer);

  const int bound = port == 0 ? server->bind_to_any_port(host) : (server->bind_to_port(host, static_cast<int>(port)) ? static_cast<int>(port) : -1);
  if (bound < 0) return Fail(err, StrCat("--listen: cannot listen on ", listen));
  out << "dangjian: serving on " << (tls ? "https" : "http") << "://" << (host.find(':') != std::string::npos ? StrCat("[", host, "]") : host)
      << ":" << bound << " (" << handler.replayed() << " journal records replayed";
  if (handler.torn_bytes() > 0) out << ", a torn end of " << handler.torn_bytes() << " bytes cut";
  out << ")" << std::endl;

  // A signal may come before the listener runs, when stopping it does
  // nothing: stop until it has returned.
  std::atomic<bool> listening_done{false};
  std::thread stopper([&server, &listening_done, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    while (!listening_done.load()) {
      server->stop();  // in-flight requests finish, then listen returns
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  server->listen_after_bind();
  listening_done.store(true);
  // Stopped by a signal, the stopper returns; stopped otherwise, it is woken.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  out << "dangjian: stopped" << std::endl;
  return 0;
}

}  // namespace dangjian::cli
