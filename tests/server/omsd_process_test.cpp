#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

namespace {

// Runs the real omsd binary until it prints its "listening" line.
struct OmsdProcess {
  pid_t pid = -1;
  FILE* out = nullptr;

  explicit OmsdProcess(const std::string& data_dir) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    pid = fork();
    if (pid == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      execl(OMSD_BINARY, OMSD_BINARY, "--listen", "127.0.0.1:0", "--data-dir", data_dir.c_str(),
            "--resources", OMS_RESOURCES_DIR, "--demo", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    out = fdopen(fds[0], "r");
  }
  ~OmsdProcess() {
    if (out) fclose(out);
  }
  bool AwaitListening() {
    char line[512];
    while (fgets(line, sizeof line, out) != nullptr) {
      if (std::string(line).find("omsd listening on") != std::string::npos) return true;
    }
    return false;
  }
  int StopWith(int signal) {
    kill(pid, signal);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
};

std::string TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("omsd-proc-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

TEST(OmsdProcessTest, SigtermAndSigintDrainAndExitCleanly) {
  const std::string dir = TempDir();
  for (int signal : {SIGTERM, SIGINT}) {
    OmsdProcess omsd(dir);  // the second start reopens the same database
    ASSERT_TRUE(omsd.AwaitListening());
    EXPECT_EQ(omsd.StopWith(signal), 0) << "signal " << signal;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
