#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>

#include "cli/cli.h"
#include "google/protobuf/stubs/logging.h"

int main(int argc, char** argv) {
  // Every error reaches the user as one line from the command, not as a log.
  google::protobuf::SetLogHandler(nullptr);
  std::ios::sync_with_stdio(false);
  // A progress line for a person watching, redrawn in place: only on a
  // terminal that can erase a line.
  const char* term = std::getenv("TERM");
  dangjian::cli::Terminal terminal;
  terminal.progress = ::isatty(STDERR_FILENO) == 1 && (term == nullptr || std::strcmp(term, "dumb") != 0);
  return dangjian::cli::Run(std::vector<std::string>(argv + 1, argv + argc), std::cin, std::cout, std::cerr, terminal);
}
