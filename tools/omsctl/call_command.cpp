// omsctl call METHOD [BODY] | call --list: any unary RPC, JSON in and out.

#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "omsctl/command.h"
#include "omsctl/input_source.h"
#include "omsctl/json_codec.h"
#include "omsctl/method_catalog.h"
#include "omsctl/table.h"

namespace omsctl {
namespace {

using google::protobuf::MethodDescriptor;

struct CallOptions {
  std::string method;
  std::string body = "{}";
  bool list = false;
};

bool IsUnary(const MethodDescriptor& method) {
  return !method.client_streaming() && !method.server_streaming();
}

int List(const GlobalOptions& globals) {
  if (globals.json) {
    nlohmann::json methods = nlohmann::json::array();
    for (const MethodDescriptor* method : ListMethods()) {
      methods.push_back({{"method", MethodName(*method)},
                         {"request", method->input_type()->full_name()},
                         {"response", method->output_type()->full_name()},
                         {"unary", IsUnary(*method)}});
    }
    std::cout << nlohmann::json{{"methods", methods}}.dump() << '\n';
    return kExitOk;
  }
  Table table({"METHOD", "REQUEST", "RESPONSE"});
  for (const MethodDescriptor* method : ListMethods()) {
    table.AddRow({MethodName(*method), method->input_type()->full_name(),
                  method->output_type()->full_name() +
                      (IsUnary(*method) ? "" : " (streaming)")});
  }
  table.Print(std::cout);
  return kExitOk;
}

int Call(const GlobalOptions& globals, const CallOptions& options) {
  if (options.method.empty()) {
    return ReportUsageError(absl::InvalidArgumentError(
        "call needs a METHOD, e.g. oms.v1.OrderService/GetOrder "
        "(omsctl call --list shows them all)"));
  }
  absl::StatusOr<const MethodDescriptor*> method = FindMethod(options.method);
  if (!method.ok()) return ReportUsageError(method.status());
  if (!IsUnary(**method)) {
    return ReportUsageError(absl::InvalidArgumentError(absl::StrCat(
        MethodName(**method), " streams; omsctl call supports unary methods")));
  }
  absl::StatusOr<std::string> body = ReadBodyArgument(options.body);
  if (!body.ok()) return ReportUsageError(body.status());
  auto request = ParseJsonAs(*(*method)->input_type(), *body);
  if (!request.ok()) return ReportUsageError(request.status());

  RpcClient client(globals.connection);
  std::unique_ptr<google::protobuf::Message> reply =
      NewMessage(*(*method)->output_type());
  if (absl::Status status =
          client.Call(MethodPath(**method), **request, reply.get());
      !status.ok()) {
    return ReportRpcError(status);
  }
  std::cout << ToJson(*reply, globals.json ? JsonStyle::kCompact
                                           : JsonStyle::kPretty)
            << '\n';
  return kExitOk;
}

}  // namespace

void AddCallCommand(CLI::App& app, const GlobalOptions& globals,
                    Action* selected) {
  auto options = std::make_shared<CallOptions>();
  CLI::App* call = app.add_subcommand(
      "call", "Call any unary RPC with a JSON request; print the JSON reply");
  call->add_option("method", options->method,
                   "package.Service/Method, e.g. oms.v1.OrderService/GetOrder");
  call->add_option("body", options->body,
                   "Request JSON, - for standard input, @FILE for a file "
                   "(default: {})");
  call->add_flag("--list", options->list, "List every method instead");
  OnSelected(call, selected, [&globals, options] {
    return options->list ? List(globals) : Call(globals, *options);
  });
}

}  // namespace omsctl
