// `dangjian serve`: the Engine behind HTTP (cli/serve/service.h).
#ifndef DANGJIAN_CLI_SERVE_H_
#define DANGJIAN_CLI_SERVE_H_

#include <iosfwd>
#include <map>
#include <string>

#include "dangjian/policy.h"

namespace dangjian::cli {

// The verb's options by name, as the command parsed them (--profile already
// resolved into `policy`). Serves until SIGTERM or SIGINT; the exit code.
int Serve(const std::map<std::string, std::string>& options, Policy policy, std::ostream& out, std::ostream& err);

}  // namespace dangjian::cli

#endif  // DANGJIAN_CLI_SERVE_H_
