// omsctl whoami | health | login | logout

#include <iostream>
#include <memory>
#include <string>

#include "absl/time/time.h"

#include "grpc/health/v1/health.pb.h"
#include "oms/v1/session_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/methods.h"
#include "omsctl/resource_printers.h"

namespace omsctl {
namespace {

using grpc::health::v1::HealthCheckResponse;

int WhoAmI(const GlobalOptions& globals) {
  return CallAndPrint<oms::v1::WhoAmIResponse>(
      globals, kWhoAmI, oms::v1::WhoAmIRequest(), &PrintWhoAmI);
}

int Health(const GlobalOptions& globals) {
  RpcClient client(globals.connection);
  grpc::health::v1::HealthCheckRequest request;  // "": the whole server
  HealthCheckResponse reply;
  if (absl::Status status =
          client.Call(kHealthCheck, request, &reply, Auth::kAnonymous);
      !status.ok()) {
    return ReportRpcError(status);
  }
  PrintResult(globals, reply, [&](std::ostream& out) {
    out << HealthCheckResponse::ServingStatus_Name(reply.status()) << '\n';
  });
  // A script waiting for the server loops on the exit status.
  return reply.status() == HealthCheckResponse::SERVING ? kExitOk
                                                        : kExitRpcError;
}

// Prints the access token alone on stdout, so that
//   export OMS_TOKEN=$(omsctl login ada)
// works; the rest goes to stderr. Nothing is written to disk.
int Login(const GlobalOptions& globals, const std::string& username, std::string password) {
  if (password.empty()) {
    std::cerr << "password for " << username << ": " << std::flush;
    std::getline(std::cin, password);
  }
  oms::v1::LoginRequest request;
  request.set_username(username);
  request.set_password(password);
  RpcClient client(globals.connection);
  oms::v1::LoginResponse reply;
  if (absl::Status status = client.Call(kLogin, request, &reply, Auth::kAnonymous);
      !status.ok()) {
    return ReportRpcError(status);
  }
  if (globals.json) {
    PrintResult(globals, reply, [](std::ostream&) {});
    return kExitOk;
  }
  std::cerr << "signed in as " << reply.principal_id() << " (" << reply.role()
            << "); the access token expires at "
            << absl::FormatTime("%Y-%m-%d %H:%M:%SZ",
                                absl::FromUnixSeconds(reply.access_expires_at().seconds()),
                                absl::UTCTimeZone())
            << "; refresh token (omsctl --json login shows it again):\n"
            << reply.refresh_token() << '\n';
  std::cout << reply.access_token() << '\n';
  return kExitOk;
}

int Refresh(const GlobalOptions& globals, const std::string& refresh_token) {
  oms::v1::RefreshRequest request;
  request.set_refresh_token(refresh_token);
  RpcClient client(globals.connection);
  oms::v1::LoginResponse reply;
  if (absl::Status status = client.Call(kRefresh, request, &reply, Auth::kAnonymous);
      !status.ok()) {
    return ReportRpcError(status);
  }
  PrintResult(globals, reply, [&](std::ostream& out) {
    out << reply.access_token() << '\n';
    std::cerr << "new refresh token (the old one no longer works):\n"
              << reply.refresh_token() << '\n';
  });
  return kExitOk;
}

int Logout(const GlobalOptions& globals, const std::string& refresh_token) {
  oms::v1::LogoutRequest request;
  request.set_refresh_token(refresh_token);
  RpcClient client(globals.connection);
  oms::v1::LogoutResponse reply;
  if (absl::Status status = client.Call(kLogout, request, &reply); !status.ok()) {
    return ReportRpcError(status);
  }
  PrintResult(globals, reply, [](std::ostream& out) { out << "signed out\n"; });
  return kExitOk;
}

}  // namespace

void AddSessionCommands(CLI::App& app, const GlobalOptions& globals,
                        Action* selected) {
  CLI::App* whoami = app.add_subcommand(
      "whoami", "Show who the server takes the token for");
  OnSelected(whoami, selected, [&globals] { return WhoAmI(globals); });

  CLI::App* health = app.add_subcommand(
      "health", "SERVING or NOT_SERVING (exit 1); needs no token");
  OnSelected(health, selected, [&globals] { return Health(globals); });

  auto username = std::make_shared<std::string>();
  auto password = std::make_shared<std::string>();
  CLI::App* login = app.add_subcommand(
      "login", "Sign in; prints the access token (for OMS_TOKEN) on stdout; needs no token");
  login->add_option("username", *username)->required();
  login->add_option("--password", *password, "Else read from stdin")->envname("OMS_PASSWORD");
  OnSelected(login, selected,
             [&globals, username, password] { return Login(globals, *username, *password); });

  auto refresh_token = std::make_shared<std::string>();
  CLI::App* refresh = app.add_subcommand(
      "refresh", "Exchange a refresh token for a new pair; prints the access token");
  refresh->add_option("refresh-token", *refresh_token)->required()->envname("OMS_REFRESH_TOKEN");
  OnSelected(refresh, selected,
             [&globals, refresh_token] { return Refresh(globals, *refresh_token); });

  CLI::App* logout = app.add_subcommand(
      "logout", "Revoke the --token access token (and --refresh-token if given)");
  logout->add_option("--refresh-token", *refresh_token)->envname("OMS_REFRESH_TOKEN");
  OnSelected(logout, selected,
             [&globals, refresh_token] { return Logout(globals, *refresh_token); });
}

}  // namespace omsctl
