// A progress line for a person at a terminal: what a long step of the command
// is doing and how far it is, redrawn in place on stderr and erased when the
// step ends. A command done within the delay draws nothing, and a Progress made
// without a stream draws nothing at all: the command makes one only when
// stderr is a terminal, so output that is piped or logged stays as it was.
#ifndef DANGJIAN_CLI_PROGRESS_H_
#define DANGJIAN_CLI_PROGRESS_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "dangjian/report.h"

namespace dangjian::cli {

class Progress {
 public:
  using Clock = std::chrono::steady_clock;
  // The line of a step, given the time since it began.
  using Line = std::function<std::string(Clock::duration elapsed)>;

  // `out` nullptr: a Progress that draws nothing.
  Progress(std::ostream* out, std::chrono::milliseconds delay);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // A step begins (ending the one before): its line is drawn once the delay
  // has passed since the first step began, then redrawn twice a second. Many
  // short steps (the parts of a stream) show as a long one does.
  void Begin(Line line);
  // The step ends: its line, if drawn, is erased. Call before writing to a
  // stream the terminal may show.
  void End();

 private:
  void Draw();

  std::ostream* const out_;
  const std::chrono::milliseconds delay_;
  std::mutex mu_;
  std::condition_variable wake_;
  Line line_;
  Clock::time_point began_;              // of the step
  std::optional<Clock::time_point> first_; // of the first step: the delay runs from it
  bool drawn_ = false;                   // a line is on the screen
  bool stop_ = false;
  std::thread drawer_;
};

// "12 s", "2:31", "1:02:03".
std::string Duration(Progress::Clock::duration elapsed);
// "812 B", "14.2 MB", "1.2 GB" (powers of 1024).
std::string Bytes(uint64_t bytes);

// The line of a load: `read` of the `total` bytes of `source` in (0: not
// known yet, the file's size shown), with the time left at that pace; all
// read: the Store being built.
std::string LoadLine(std::string_view source, uint64_t read, uint64_t total, Progress::Clock::duration elapsed, Lang lang);

}  // namespace dangjian::cli

#endif  // DANGJIAN_CLI_PROGRESS_H_
