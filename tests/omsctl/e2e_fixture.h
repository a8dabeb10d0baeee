#pragma once

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fake_oms_server.h"
#include "subprocess.h"

namespace omsctl::testing {

// Runs the built omsctl binary (OMSCTL_BINARY) against a FakeOmsServer of
// its own.
class OmsctlEndToEndTest : public ::testing::Test {
 protected:
  // omsctl with --server pointing at the fake and nothing else from the
  // environment, so that a developer's OMS_TOKEN cannot change a result.
  ProcessResult Run(std::vector<std::string> args,
                    std::vector<std::string> env = {},
                    const std::string& input = "") {
    args.insert(args.begin(), {OMSCTL_BINARY, "--server", server_.address()});
    return RunProcess(args, env, input);
  }

  ProcessResult RunWithoutServerFlag(std::vector<std::string> args,
                                     std::vector<std::string> env) {
    args.insert(args.begin(), OMSCTL_BINARY);
    return RunProcess(args, env);
  }

  std::string WriteTempFile(const std::string& text) {
    char path[] = "/tmp/omsctl_test_XXXXXX";
    const int fd = mkstemp(path);
    EXPECT_GE(fd, 0);
    close(fd);
    std::ofstream(path) << text;
    temp_files_.push_back(path);
    return path;
  }

  void TearDown() override {
    for (const std::string& path : temp_files_) std::remove(path.c_str());
  }

  FakeOmsServer server_;
  std::vector<std::string> temp_files_;
};

}  // namespace omsctl::testing
