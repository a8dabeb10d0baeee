// omsctl end to end against the real server: an admin creates an account,
// the new user signs in with omsctl login, and the printed token works.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/ids.h"
#include "tests/server/identity_server.h"

namespace oms::testing {
namespace {

struct Output {
  int exit_code = -1;
  std::string stdout_text;
};

// Runs omsctl with `args` (a shell-quoted string) against `port`, with
// `input` as one line of stdin; stderr is left to the test log.
Output Omsctl(int port, const std::string& args, const std::string& input = "") {
  const std::string command =
      absl::StrCat("printf '%s\\n' '", input, "' | env -u OMS_TOKEN -u OMS_PASSWORD ",
                   OMSCTL_BINARY, " --server 127.0.0.1:", port, " ", args);
  Output out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.stdout_text.append(buffer, n);
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TEST(OmsctlIdentityTest, AdminCreatesAUserWhoSignsInWithOmsctlLogin) {
  IdentityServer server;
  Output created = Omsctl(server.port(),
                          "--token demo-admin-token admin user create bob --role agent "
                          "--display-name 'Bob Builder' --regions EU1 "
                          "--password correct-horse-battery");
  ASSERT_EQ(created.exit_code, 0) << created.stdout_text;
  EXPECT_NE(created.stdout_text.find("staff:bob"), std::string::npos) << created.stdout_text;

  Output listed = Omsctl(server.port(), "--token demo-admin-token admin user list");
  ASSERT_EQ(listed.exit_code, 0);
  EXPECT_NE(listed.stdout_text.find("Bob Builder"), std::string::npos) << listed.stdout_text;

  // The password from stdin, as a person would type it.
  Output login = Omsctl(server.port(), "login bob", "correct-horse-battery");
  ASSERT_EQ(login.exit_code, 0);
  const std::string token(absl::StripAsciiWhitespace(login.stdout_text));
  ASSERT_FALSE(token.empty());

  Output me = Omsctl(server.port(), absl::StrCat("--token ", token, " whoami"));
  ASSERT_EQ(me.exit_code, 0);
  EXPECT_NE(me.stdout_text.find("staff:bob"), std::string::npos) << me.stdout_text;

  Output wrong = Omsctl(server.port(), "login bob --password not-the-password");
  EXPECT_EQ(wrong.exit_code, 1);
}

TEST(OmsctlIdentityTest, AdminIssuesAndRevokesAServiceToken) {
  IdentityServer server;
  Output created = Omsctl(server.port(),
                          "--token demo-admin-token --json admin token create web-shop "
                          "--role channel --channels web --expires 30d");
  ASSERT_EQ(created.exit_code, 0) << created.stdout_text;
  // {"token":{"tokenId":"tok_..."...},"secret":"oms_..."}
  auto field = [&](const std::string& name) {
    const std::string key = absl::StrCat("\"", name, "\":\"");
    const size_t at = created.stdout_text.find(key);
    if (at == std::string::npos) return std::string();
    const size_t start = at + key.size();
    return created.stdout_text.substr(start, created.stdout_text.find('"', start) - start);
  };
  const std::string secret = field("secret");
  const std::string token_id = field("tokenId");
  ASSERT_FALSE(secret.empty()) << created.stdout_text;
  ASSERT_FALSE(token_id.empty()) << created.stdout_text;

  EXPECT_EQ(Omsctl(server.port(), absl::StrCat("--token ", secret, " whoami")).exit_code, 0);
  EXPECT_EQ(
      Omsctl(server.port(), absl::StrCat("--token demo-admin-token admin token revoke ", token_id))
          .exit_code,
      0);
  EXPECT_EQ(Omsctl(server.port(), absl::StrCat("--token ", secret, " whoami")).exit_code, 1);
}

TEST(OmsctlIdentityTest, OmsctlSpeaksMutualTlsWithTheDevCertificates) {
  const std::filesystem::path certs =
      std::filesystem::temp_directory_path() / absl::StrCat("oms-omsctl-tls-", NewSecretToken(6));
  ASSERT_TRUE(MakeDevCerts(certs));
  IdentityServer server([&](ServerConfig& c) {
    c.tls.cert = (certs / "server.crt").string();
    c.tls.key = (certs / "server.key").string();
    c.tls.client_ca = (certs / "ca.crt").string();
    c.tls.require_client_cert = true;
  });
  const std::string ca = (certs / "ca.crt").string();
  Output with_cert = Omsctl(
      server.port(),
      absl::StrCat("--tls-ca ", ca, " --tls-cert ", (certs / "client.crt").string(), " --tls-key ",
                   (certs / "client.key").string(), " --token demo-agent-token whoami"));
  EXPECT_EQ(with_cert.exit_code, 0);
  EXPECT_NE(with_cert.stdout_text.find("staff:alice"), std::string::npos);
  Output without_cert =
      Omsctl(server.port(), absl::StrCat("--tls-ca ", ca, " --token demo-agent-token whoami"));
  EXPECT_EQ(without_cert.exit_code, 1);
  Output plaintext = Omsctl(server.port(), "--token demo-agent-token whoami");
  EXPECT_EQ(plaintext.exit_code, 1);
  std::error_code ec;
  std::filesystem::remove_all(certs, ec);
}

}  // namespace
}  // namespace oms::testing
