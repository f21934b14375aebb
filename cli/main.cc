#include <iostream>

#include "cli/cli.h"
#include "google/protobuf/stubs/logging.h"

int main(int argc, char** argv) {
  // Every error reaches the user as one line from the command, not as a log.
  google::protobuf::SetLogHandler(nullptr);
  std::ios::sync_with_stdio(false);
  return dangjian::cli::Run(std::vector<std::string>(argv + 1, argv + argc), std::cin, std::cout, std::cerr);
}
