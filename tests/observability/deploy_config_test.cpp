// deploy/prometheus.yml and deploy/alerts.yml are what operators copy; a
// typo in them fails here, not in production. Needs promtool (Debian
// package prometheus); skipped without it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

constexpr char kPromtool[] = "/usr/bin/promtool";

int Promtool(const std::string& args) {
  const std::string command = std::string(kPromtool) + " " + args + " > /dev/null 2>&1";
  return std::system(command.c_str());
}

TEST(DeployConfigTest, ThePrometheusConfigurationPassesPromtool) {
  if (!std::filesystem::exists(kPromtool)) GTEST_SKIP() << "promtool is not installed";
  EXPECT_EQ(Promtool(std::string("check config ") + OMS_DEPLOY_DIR + "/prometheus.yml"), 0);
}

TEST(DeployConfigTest, TheAlertRulesPassPromtool) {
  if (!std::filesystem::exists(kPromtool)) GTEST_SKIP() << "promtool is not installed";
  EXPECT_EQ(Promtool(std::string("check rules ") + OMS_DEPLOY_DIR + "/alerts.yml"), 0);
}

}  // namespace
