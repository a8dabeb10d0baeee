#pragma once

#include <functional>
#include <iostream>
#include <memory>
#include <string_view>

#include <CLI/CLI.hpp>
#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "omsctl/paging.h"
#include "omsctl/rpc_client.h"

namespace omsctl {

// What every verb shares: the global options, the exit statuses, and the
// one way to report errors and print results.

inline constexpr int kExitOk = 0;
inline constexpr int kExitRpcError = 1;  // the call failed or was refused
inline constexpr int kExitUsage = 2;     // the command line or input is wrong

struct GlobalOptions {
  ConnectionOptions connection;
  bool json = false;  // print the reply in the protobuf JSON mapping
};

// The selected verb, bound to its parsed options. Runs once, after the whole
// command line parsed (so that options given after the verb, and the
// environment, are in place), and returns the exit status.
using Action = std::function<int()>;

// Makes `verb`, when it is the one on the command line, set `*selected`.
void OnSelected(CLI::App* verb, Action* selected, Action run);

// "omsctl: FAILED_PRECONDITION: out of stock: ..." on stderr; kExitRpcError.
int ReportRpcError(const absl::Status& status);

// "omsctl: <message>" on stderr; kExitUsage.
int ReportUsageError(const absl::Status& status);

// The reply as one line of JSON with --json, else `print_for_people`.
void PrintResult(const GlobalOptions& globals,
                 const google::protobuf::Message& reply,
                 const std::function<void(std::ostream&)>& print_for_people);

// Calls `method` and prints the reply with PrintResult. The exit status.
template <typename Reply>
int CallAndPrint(const GlobalOptions& globals, std::string_view method,
                 const google::protobuf::Message& request,
                 void (*print)(const Reply&, std::ostream&),
                 Auth auth = Auth::kBearerToken) {
  RpcClient client(globals.connection);
  Reply reply;
  if (absl::Status status = client.Call(method, request, &reply, auth);
      !status.ok()) {
    return ReportRpcError(status);
  }
  PrintResult(globals, reply, [&](std::ostream& out) { print(reply, out); });
  return kExitOk;
}

// Like CallAndPrint, for list methods: fetches one page, or every page with
// --all (see CallPaged).
template <typename Reply>
int CallPagedAndPrint(const GlobalOptions& globals, std::string_view method,
                      google::protobuf::Message* request,
                      oms::v1::PageRequest* page, const PagingOptions& paging,
                      void (*print)(const Reply&, std::ostream&)) {
  RpcClient client(globals.connection);
  Reply reply;
  if (absl::Status status =
          CallPaged(client, method, request, page, paging, &reply);
      !status.ok()) {
    return ReportRpcError(status);
  }
  PrintResult(globals, reply, [&](std::ostream& out) { print(reply, out); });
  return kExitOk;
}

// Verb registration, one function per file of verbs.
void AddCallCommand(CLI::App& app, const GlobalOptions& globals,
                    Action* selected);
void AddOrderCommands(CLI::App& app, const GlobalOptions& globals,
                      Action* selected);
// `order hold` and `order release`, under the `order` verb.
void AddOrderHoldCommands(CLI::App* order, const GlobalOptions& globals,
                          Action* selected);
void AddOrderCancelCommands(CLI::App* order, const GlobalOptions& globals, Action* selected);
// `order watch` and `stock watch`: server streams, one line per event.
void AddOrderWatchCommand(CLI::App* order, const GlobalOptions& globals, Action* selected);
void AddStockWatchCommand(CLI::App* stock, const GlobalOptions& globals, Action* selected);
void AddShipmentCommands(CLI::App& app, const GlobalOptions& globals,
                         Action* selected);
void AddStockCommands(CLI::App& app, const GlobalOptions& globals,
                      Action* selected);
void AddProductCommands(CLI::App& app, const GlobalOptions& globals,
                        Action* selected);
void AddCustomerCommands(CLI::App& app, const GlobalOptions& globals,
                         Action* selected);
void AddNodeCommands(CLI::App& app, const GlobalOptions& globals,
                     Action* selected);
void AddSessionCommands(CLI::App& app, const GlobalOptions& globals,
                        Action* selected);
// `refund create|preview|approve|reject|pending` and `account
// balances|statement` (PaymentService).
void AddRefundCommands(CLI::App& app, const GlobalOptions& globals,
                       Action* selected);
void AddAccountCommands(CLI::App& app, const GlobalOptions& globals,
                        Action* selected);
void AddIntakeCommands(CLI::App& app, const GlobalOptions& globals, Action* selected);
void AddDeadLetterCommands(CLI::App& app, const GlobalOptions& globals, Action* selected);
// `return create|receive|cancel|get` (ReturnService).
void AddReturnCommands(CLI::App& app, const GlobalOptions& globals, Action* selected);
// admin user create|list|update|disable|enable|reset-password, admin token
// create|list|revoke (admin_commands.cpp).
void AddAdminCommands(CLI::App& app, const GlobalOptions& globals, Action* selected);

}  // namespace omsctl
