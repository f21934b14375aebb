// The `dangjian` command, as a function so that tests can run it.
#ifndef DANGJIAN_CLI_CLI_H_
#define DANGJIAN_CLI_CLI_H_

#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

namespace dangjian::cli {

// Exit codes: the check ran; --fail-on was met; bad input or usage.
inline constexpr int kOk = 0;
inline constexpr int kFailOn = 1;
inline constexpr int kBadInput = 2;

// What the command may show a person at a terminal: a progress line on
// `err` while a long load, check or check in parts runs. main() asks for it
// when stderr is a terminal; output piped or logged never carries it.
struct Terminal {
  bool progress = false;
  std::chrono::milliseconds delay{1000};  // a step shorter than this shows nothing
};

// args excludes the program name. `in` is read when SNAPSHOT is "-".
int Run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err,
        const Terminal& terminal = {});

}  // namespace dangjian::cli

#endif  // DANGJIAN_CLI_CLI_H_
