#include "tests/server/identity_server.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "gtest/gtest.h"

namespace oms::testing {

IdentityServer::IdentityServer(const std::function<void(ServerConfig&)>& adjust) {
  dir_ = std::filesystem::temp_directory_path() / absl::StrCat("oms-identity-", NewSecretToken(6));
  std::filesystem::create_directories(dir_);
  OmsServer::Options options;
  options.config.region = "EU1";
  options.config.listen = "127.0.0.1:0";
  options.config.data_dir = (dir_ / "data").string();
  options.config.resources_dir = OMS_RESOURCES_DIR;
  options.config.synchronous_full = false;
  options.config.partner_listen = "127.0.0.1:0";
  options.demo = true;
  options.clock = &clock_;
  if (adjust) adjust(options.config);
  auto server = OmsServer::Start(options);
  if (!server.ok()) {
    ADD_FAILURE() << server.status();
    return;
  }
  server_ = std::move(*server);
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                     grpc::InsecureChannelCredentials());
  session_ = v1::SessionService::NewStub(channel);
  admin_ = v1::AdminService::NewStub(channel);
}

IdentityServer::~IdentityServer() {
  server_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::unique_ptr<grpc::ClientContext> IdentityServer::Context(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

bool MakeDevCerts(const std::filesystem::path& dir) {
  const std::string command =
      absl::StrCat(OMS_SCRIPTS_DIR, "/dev-certs.sh '", dir.string(), "' > /dev/null");
  const int rc = std::system(command.c_str());
  if (rc != 0) std::cerr << command << " failed with " << rc << "\n";
  return rc == 0;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace oms::testing
