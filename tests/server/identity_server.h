#pragma once

#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <memory>
#include <string>

#include "common/clock.h"
#include "oms/v1/admin_service.grpc.pb.h"
#include "oms/v1/session_service.grpc.pb.h"
#include "server/oms_server.h"

namespace oms::testing {

// omsd (the production wiring, demo data) on a free loopback port over a
// fresh SQLite file, with a manual clock for expiry and lock-out, for the
// sign-in, account and TLS tests. No partner simulators: nothing here pays
// or ships.
class IdentityServer {
 public:
  // `adjust` changes the configuration before start (TLS files, [auth]).
  explicit IdentityServer(const std::function<void(ServerConfig&)>& adjust = {});
  ~IdentityServer();

  ManualClock& clock() { return clock_; }
  OmsServer& server() { return *server_; }
  int port() const { return server_->port(); }
  const std::filesystem::path& dir() const { return dir_; }

  // A plaintext channel to the server and stubs on it.
  v1::SessionService::Stub& session() { return *session_; }
  v1::AdminService::Stub& admin() { return *admin_; }
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token = {});

 private:
  std::filesystem::path dir_;
  ManualClock clock_{absl::Now()};
  std::unique_ptr<OmsServer> server_;
  std::unique_ptr<v1::SessionService::Stub> session_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
};

// Runs scripts/dev-certs.sh into `dir`; false (and a message) when it fails.
bool MakeDevCerts(const std::filesystem::path& dir);
std::string ReadFile(const std::filesystem::path& path);

}  // namespace oms::testing
