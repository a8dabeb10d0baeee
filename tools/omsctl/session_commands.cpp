// omsctl whoami | health

#include <iostream>

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

}  // namespace

void AddSessionCommands(CLI::App& app, const GlobalOptions& globals,
                        Action* selected) {
  CLI::App* whoami = app.add_subcommand(
      "whoami", "Show who the server takes the token for");
  OnSelected(whoami, selected, [&globals] { return WhoAmI(globals); });

  CLI::App* health = app.add_subcommand(
      "health", "SERVING or NOT_SERVING (exit 1); needs no token");
  OnSelected(health, selected, [&globals] { return Health(globals); });
}

}  // namespace omsctl
