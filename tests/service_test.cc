// dangjian serve's handler, without HTTP: a request that waits for the data
// while another holds it is refused after ServiceOptions::state_wait, and
// leaves nothing done.
#include <filesystem>
#include <future>
#include <map>
#include <string>

#include "cli/serve/service.h"
#include "gtest/gtest.h"
#include "tests/temp_path.h"

namespace dangjian::serve {

// Holds the data as a long change would (a new snapshot being built).
class ServiceTestPeer {
 public:
  static std::unique_lock<std::shared_timed_mutex> HoldData(Service& service) {
    return std::unique_lock<std::shared_timed_mutex>(service.state_mu_);
  }
};

namespace {

using dangjian::testing::TempPath;

constexpr const char* kSnapshot = R"({
  "orgs": [{"id": "c", "kind": "COMMITTEE"}, {"id": "b", "kind": "BRANCH", "parentId": "c"}],
  "members": [{"id": "m1", "orgId": "b", "status": "FULL"}, {"id": "m2", "orgId": "b", "status": "FULL"}]})";

std::unique_ptr<Service> OpenService(const std::string& dir) {
  std::filesystem::remove_all(dir);
  std::map<std::string, Token> tokens;
  tokens[Sha256Hex("admin")] = Token{true, "*", "admin"};
  ServiceOptions options;
  options.data_dir = dir;
  options.as_of = *ParseDate("2026-06-30");
  options.state_wait = std::chrono::milliseconds(50);
  absl::StatusOr<std::unique_ptr<Service>> service = Service::Open(*Policy::Builtin("national"), tokens, options);
  EXPECT_TRUE(service.ok()) << service.status();
  if (!service.ok()) return nullptr;
  EXPECT_EQ((*service)->Handle({"PUT", "/v1/snapshot", {}, "Bearer admin", kSnapshot}).status, 200);
  return *std::move(service);
}

Response HandleApart(Service& service, Request request) {
  return std::async(std::launch::async, [&] { return service.Handle(request); }).get();
}

TEST(Service, ARequestWaitingPastTheStateWaitIsBusyAndDoesNothing) {
  const std::string dir = TempPath("data");
  std::unique_ptr<Service> service = OpenService(dir);
  ASSERT_NE(service, nullptr);
  const Request read{"GET", "/v1/findings", {}, "Bearer admin", ""};
  const Request event{"POST", "/v1/events", {}, "Bearer admin", R"({"statusChanged": {"memberId": "m2", "status": "PROBATIONARY"}})"};
  const Response before = service->Handle(read);
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.retry_after, 0);
  {
    auto held = ServiceTestPeer::HoldData(*service);
    for (const Request& r : {read, event, Request{"GET", "/v1/stats", {}, "Bearer admin", ""},
                             Request{"POST", "/v1/advance", {}, "Bearer admin", R"({"asOf": "2026-07-01"})"},
                             Request{"PUT", "/v1/snapshot", {}, "Bearer admin", kSnapshot}}) {
      const Response busy = HandleApart(*service, r);
      EXPECT_EQ(busy.status, 503) << r.method << " " << r.path << ": " << busy.body;
      EXPECT_EQ(busy.retry_after, 1) << r.path;
      EXPECT_NE(busy.body.find("busy"), std::string::npos) << busy.body;
    }
    // Refused before the data is read: a request with no token still gets 401.
    EXPECT_EQ(HandleApart(*service, {"GET", "/v1/findings", {}, "", ""}).status, 401);
  }
  // The event refused was not applied: the findings are those before.
  EXPECT_EQ(service->Handle(read).body, before.body);
  // Nor journaled: a restart replays nothing.
  service.reset();
  std::map<std::string, Token> tokens;
  tokens[Sha256Hex("admin")] = Token{true, "*", "admin"};
  ServiceOptions options;
  options.data_dir = dir;
  absl::StatusOr<std::unique_ptr<Service>> reopened = Service::Open(*Policy::Builtin("national"), tokens, options);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ((*reopened)->replayed(), 0u);
  EXPECT_EQ((*reopened)->Handle(read).body, before.body);
  // Once the data is free the same event goes through.
  EXPECT_EQ((*reopened)->Handle(event).status, 200);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dangjian::serve
