#include "cli/progress.h"

#include <ostream>

#include "lib/strings.h"

namespace dangjian::cli {

Progress::Progress(std::ostream* out, std::chrono::milliseconds delay) : out_(out), delay_(delay) {
  if (out_ == nullptr) return;
  drawer_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      wake_.wait_for(lock, std::chrono::milliseconds(500));
      if (!stop_ && line_ && Clock::now() - *first_ >= delay_) Draw();
    }
  });
}

Progress::~Progress() {
  if (out_ == nullptr) return;
  End();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  drawer_.join();
}

void Progress::Draw() {
  // \r to the line's start, the line, and \033[K to erase what a longer line left.
  *out_ << "\r" << line_(Clock::now() - began_) << "\033[K" << std::flush;
  drawn_ = true;
}

void Progress::Begin(Line line) {
  if (out_ == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    line_ = std::move(line);
    began_ = Clock::now();
    if (!first_) first_ = began_;
    if (began_ - *first_ >= delay_) Draw();
  }
  wake_.notify_all();
}

void Progress::End() {
  if (out_ == nullptr) return;
  std::lock_guard<std::mutex> lock(mu_);
  line_ = nullptr;
  if (drawn_) *out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

std::string Duration(Progress::Clock::duration elapsed) {
  const int64_t s = std::chrono::duration_cast<std::chrono::seconds>(elapsed).count();
  const auto two = [](int64_t n) { return StrCat(n < 10 ? "0" : "", n); };
  if (s < 60) return StrCat(s, " s");
  if (s < 3600) return StrCat(s / 60, ":", two(s % 60));
  return StrCat(s / 3600, ":", two(s / 60 % 60), ":", two(s % 60));
}

std::string Bytes(uint64_t bytes) {
  if (bytes < 1024) return StrCat(bytes, " B");
  static constexpr const char* kUnits[] = {"KB", "MB", "GB", "TB"};
  int unit = 0;
  uint64_t scale = 1024;
  while (unit < 3 && bytes >= scale * 1024) {
    scale *= 1024;
    ++unit;
  }
  const uint64_t tenths = (bytes * 10 + scale / 2) / scale;
  return StrCat(tenths / 10, ".", tenths % 10, " ", kUnits[unit]);
}

std::string LoadLine(std::string_view source, uint64_t read, uint64_t total, Progress::Clock::duration elapsed, Lang lang) {
  if (read == 0 || total == 0) {
    return Text("ui.progress.loading", lang,
                {TextArg("source", source), TextArg("size", Bytes(total)), TextArg("elapsed", Duration(elapsed))});
  }
  if (read >= total) return Text("ui.progress.indexing", lang, {TextArg("source", source), TextArg("elapsed", Duration(elapsed))});
  const auto left = std::chrono::duration_cast<Progress::Clock::duration>(elapsed * (static_cast<double>(total - read) / static_cast<double>(read)));
  return Text("ui.progress.reading", lang,
              {TextArg("source", source), TextArg("read", Bytes(read)), TextArg("size", Bytes(total)),
               TextArg("percent", static_cast<int64_t>(read * 100 / total)), TextArg("elapsed", Duration(elapsed)),
               TextArg("left", Duration(left))});
}

}  // namespace dangjian::cli
