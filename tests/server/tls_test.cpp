// TLS and mutual TLS handshakes against the real server, with certificates
// made by scripts/dev-certs.sh; the plaintext rule of the configuration.
#include <gtest/gtest.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "tests/server/identity_server.h"

namespace oms::testing {
namespace {

namespace fs = std::filesystem;

// Two independent development CAs: `trusted` signs the server's and the
// client's certificates; `other` is a stranger to both.
class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::temp_directory_path() / absl::StrCat("oms-tls-", NewSecretToken(6));
    ASSERT_TRUE(MakeDevCerts(root_ / "trusted"));
    ASSERT_TRUE(MakeDevCerts(root_ / "other"));
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  static std::function<void(ServerConfig&)> Tls(bool require_client_cert) {
    return [require_client_cert](ServerConfig& c) {
      c.tls.cert = (root_ / "trusted" / "server.crt").string();
      c.tls.key = (root_ / "trusted" / "server.key").string();
      if (require_client_cert) {
        c.tls.client_ca = (root_ / "trusted" / "ca.crt").string();
        c.tls.require_client_cert = true;
      }
    };
  }

  // WhoAmI over TLS to localhost:<port>, trusting `ca`, presenting the
  // client certificate of `client_set` (none when empty).
  static grpc::Status Call(int port, const std::string& ca, const std::string& client_set = {}) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = ReadFile(root_ / ca / "ca.crt");
    if (!client_set.empty()) {
      options.pem_cert_chain = ReadFile(root_ / client_set / "client.crt");
      options.pem_private_key = ReadFile(root_ / client_set / "client.key");
    }
    auto channel =
        grpc::CreateChannel(absl::StrCat("localhost:", port), grpc::SslCredentials(options));
    auto stub = v1::SessionService::NewStub(channel);
    auto context = IdentityServer::Context("demo-agent-token");
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    v1::WhoAmIResponse response;
    return stub->WhoAmI(context.get(), {}, &response);
  }

  static fs::path root_;
};

fs::path TlsTest::root_;

TEST_F(TlsTest, HandshakeSucceedsWithTheTrustedCa) {
  IdentityServer server(Tls(false));
  grpc::Status status = Call(server.port(), "trusted");
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(TlsTest, HandshakeFailsWithAnUntrustedCa) {
  IdentityServer server(Tls(false));
  EXPECT_EQ(Call(server.port(), "other").error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, PlaintextClientCannotTalkToATlsServer) {
  IdentityServer server(Tls(false));
  v1::WhoAmIResponse response;
  grpc::Status status =
      server.session().WhoAmI(IdentityServer::Context("demo-agent-token").get(), {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsRefusesAClientWithoutACertificate) {
  IdentityServer server(Tls(true));
  EXPECT_EQ(Call(server.port(), "trusted").error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsRefusesAClientCertificateFromAnotherCa) {
  IdentityServer server(Tls(true));
  EXPECT_EQ(Call(server.port(), "trusted", "other").error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsAcceptsAClientCertificateFromItsCa) {
  IdentityServer server(Tls(true));
  grpc::Status status = Call(server.port(), "trusted", "trusted");
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST(TransportConfigTest, PlaintextOnANonLoopbackAddressIsRefusedUnlessAllowed) {
  ServerConfig config;
  config.listen = "0.0.0.0:50051";
  absl::Status status = ValidateConfig(config);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("allow_plaintext_remote"), std::string::npos) << status;
  config.tls.allow_plaintext_remote = true;
  EXPECT_TRUE(ValidateConfig(config).ok());
  config.tls.allow_plaintext_remote = false;
  config.tls.cert = "server.crt";
  config.tls.key = "server.key";
  EXPECT_TRUE(ValidateConfig(config).ok());
}

TEST(TransportConfigTest, TlsAndAuthKeysAreReadFromTheFile) {
  const fs::path file =
      fs::temp_directory_path() / absl::StrCat("oms-config-", NewSecretToken(6), ".toml");
  std::ofstream(file) << "listen = \"0.0.0.0:50051\"\n"
                         "tls_cert = \"/certs/server.crt\"\n"
                         "tls_key = \"/certs/server.key\"\n"
                         "tls_client_ca = \"/certs/ca.crt\"\n"
                         "require_client_cert = true\n"
                         "[auth]\n"
                         "access_token_minutes = 5\n"
                         "refresh_token_hours = 2\n"
                         "max_failed_logins = 3\n"
                         "lockout_minutes = 1\n";
  absl::StatusOr<ServerConfig> config = LoadConfig(file.string());
  fs::remove(file);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->tls.cert, "/certs/server.crt");
  EXPECT_EQ(config->tls.key, "/certs/server.key");
  EXPECT_EQ(config->tls.client_ca, "/certs/ca.crt");
  EXPECT_TRUE(config->tls.require_client_cert);
  EXPECT_FALSE(config->tls.allow_plaintext_remote);
  EXPECT_EQ(config->auth.access_token_ttl, absl::Minutes(5));
  EXPECT_EQ(config->auth.refresh_token_ttl, absl::Hours(2));
  EXPECT_EQ(config->auth.max_failed_logins, 3);
  EXPECT_EQ(config->auth.lockout, absl::Minutes(1));
}

TEST(TransportConfigTest, LoopbackAddressesAreRecognised) {
  EXPECT_TRUE(IsLoopbackListen("127.0.0.1:50051"));
  EXPECT_TRUE(IsLoopbackListen("localhost:0"));
  EXPECT_TRUE(IsLoopbackListen("[::1]:50051"));
  EXPECT_FALSE(IsLoopbackListen("0.0.0.0:50051"));
  EXPECT_FALSE(IsLoopbackListen("[::]:50051"));
  EXPECT_FALSE(IsLoopbackListen("10.1.2.3:50051"));
}

TEST(TransportConfigTest, MutualTlsNeedsAClientCaAndTlsNeedsBothFiles) {
  ServerConfig config;
  config.tls.cert = "server.crt";
  EXPECT_EQ(ValidateConfig(config).code(), absl::StatusCode::kInvalidArgument);
  config.tls.key = "server.key";
  config.tls.require_client_cert = true;
  EXPECT_EQ(ValidateConfig(config).code(), absl::StatusCode::kInvalidArgument);
}

TEST(TransportConfigTest, AnUnreadableCertificateStopsTheServerWithItsPath) {
  OmsServer::Options options;
  const fs::path dir = fs::temp_directory_path() / absl::StrCat("oms-tls-", NewSecretToken(6));
  options.config.listen = "127.0.0.1:0";
  options.config.data_dir = (dir / "data").string();
  options.config.resources_dir = OMS_RESOURCES_DIR;
  options.config.partner_listen = "127.0.0.1:0";
  options.config.tls.cert = "/nonexistent/server.crt";
  options.config.tls.key = "/nonexistent/server.key";
  auto server = OmsServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(server.status().message().find("/nonexistent/server.crt"), std::string::npos);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace oms::testing
