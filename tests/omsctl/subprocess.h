#pragma once

#include <string>
#include <vector>

namespace omsctl::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when the process did not exit normally
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] an absolute path) with exactly `env` as its
// environment and `input` on standard input; waits for it and returns what
// it printed. Safe to call while other threads run (fork, then only
// async-signal-safe calls until exec).
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env,
                         const std::string& input = "");

}  // namespace omsctl::testing
