// The C interface when an allocation fails: the Nth allocation of a sequence
// of calls fails, for N over the whole sequence, and every call returns DJ_OK
// or DJ_NO_MEMORY ("out of memory"): the process never ends, and the same
// calls succeed once memory is back.
//
// This program replaces the global operator new, so it is its own executable,
// linked with the shared library like any host.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "dangjian.h"

namespace {

// Allocations left before the one that fails; below 0, none fails.
std::atomic<long> countdown{-1};
std::atomic<long> allocations{0};

bool FailThisOne() {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (countdown.load(std::memory_order_relaxed) < 0) return false;
  return countdown.fetch_sub(1, std::memory_order_relaxed) == 0;
}

void* Allocate(std::size_t n) {
  if (FailThisOne()) return nullptr;
  return std::malloc(n == 0 ? 1 : n);
}

void* AllocateAligned(std::size_t n, std::align_val_t align) {
  if (FailThisOne()) return nullptr;
  const auto a = static_cast<std::size_t>(align);
  return std::aligned_alloc(a, (n + a - 1) / a * a);
}

}  // namespace

void* operator new(std::size_t n) {
  void* p = Allocate(n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return Allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return Allocate(n); }
void* operator new(std::size_t n, std::align_val_t a) {
  void* p = AllocateAligned(n, a);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {

int failures = 0;

// What a call may give when memory may run out.
bool Acceptable(dj_status s, const char* call, long n) {
  if (s == DJ_OK) return true;
  if (s == DJ_NO_MEMORY && std::strncmp(dj_last_error(), "out of memory", 13) == 0) return false;
  std::fprintf(stderr, "allocation %ld failing: %s gave %d (%s)\n", n, call, s, dj_last_error());
  ++failures;
  return false;
}

// The calls of a host's day: load, check in two formats, assess, an agenda,
// an engine and an event. How many of them ran out of memory.
int Sequence(const dj_buffer& sample, long n) {
  int out_of_memory = 0;
  const auto ok = [&](dj_status s, const char* call) {
    const bool fine = Acceptable(s, call, n);
    out_of_memory += s == DJ_NO_MEMORY;
    return fine;
  };
  dj_profile* profile = nullptr;
  dj_snapshot* snapshot = nullptr;
  dj_buffer out = {nullptr, 0};
  if (ok(dj_profile_builtin("national", &profile), "dj_profile_builtin") &&
      ok(dj_snapshot_load(sample.data, sample.size, DJ_FORMAT_JSON, &snapshot), "dj_snapshot_load")) {
    dj_check_options options;
    std::memset(&options, 0, sizeof options);
    options.struct_size = sizeof options;
    options.as_of = DJ_SAMPLE_AS_OF;
    for (int format : {DJ_FORMAT_JSON, DJ_FORMAT_TEXT}) {
      options.format = format;
      ok(dj_check(snapshot, profile, &options, &out), "dj_check");
      dj_buffer_free(&out);
    }
    dj_assess_options assess;
    std::memset(&assess, 0, sizeof assess);
    assess.struct_size = sizeof assess;
    assess.as_of = DJ_SAMPLE_AS_OF;
    ok(dj_assess(snapshot, profile, "organ-assessment", 0, &assess, &out), "dj_assess");
    dj_buffer_free(&out);
    dj_agenda_options agenda;
    std::memset(&agenda, 0, sizeof agenda);
    agenda.struct_size = sizeof agenda;
    agenda.as_of = DJ_SAMPLE_AS_OF;
    agenda.days = 30;
    ok(dj_agenda(snapshot, profile, &agenda, &out), "dj_agenda");
    dj_buffer_free(&out);
  }
  dj_engine* engine = nullptr;
  dj_engine_options engine_options;
  std::memset(&engine_options, 0, sizeof engine_options);
  engine_options.struct_size = sizeof engine_options;
  engine_options.as_of = DJ_SAMPLE_AS_OF;
  if (profile != nullptr &&
      ok(dj_engine_create(sample.data, sample.size, DJ_FORMAT_JSON, profile, &engine_options, &engine), "dj_engine_create")) {
    const std::string event = R"({"statusChanged": {"memberId": "m0001", "status": "FULL"}})";
    ok(dj_engine_apply(engine, event.data(), event.size(), DJ_FORMAT_JSON, &out), "dj_engine_apply");
    dj_buffer_free(&out);
  }
  dj_engine_destroy(engine);
  dj_snapshot_destroy(snapshot);
  dj_profile_destroy(profile);
  return out_of_memory;
}

}  // namespace

int main() {
  dj_buffer sample = {nullptr, 0};
  if (dj_sample(&sample) != DJ_OK) return 1;
  // The sequence once, every allocation counted, none failing: all succeed.
  allocations = 0;
  if (Sequence(sample, -1) != 0 || failures != 0) {
    std::fprintf(stderr, "the calls fail with memory to spare\n");
    return 1;
  }
  const long total = allocations.load();
  // The first allocations one by one, then a spread over the rest.
  std::vector<long> which;
  for (long n = 0; n < 300 && n < total; ++n) which.push_back(n);
  for (long k = 1; k <= 400; ++k) which.push_back(300 + (total - 300) * k / 401);
  int ran_out = 0;
  for (long n : which) {
    countdown = n;
    const int out_of_memory = Sequence(sample, n);
    countdown = -1;
    ran_out += out_of_memory > 0;
  }
  // Memory back: everything works as before.
  if (Sequence(sample, -1) != 0) ++failures;
  dj_buffer_free(&sample);
  std::printf("%ld allocations in the sequence; %zu of them failed in turn, %d runs out of memory\n", total,
              which.size(), ran_out);
  if (ran_out < static_cast<int>(which.size()) / 2) {
    std::fprintf(stderr, "too few calls saw the failure: is operator new replaced?\n");
    ++failures;
  }
  return failures == 0 ? 0 : 1;
}
