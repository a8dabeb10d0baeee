// omsctl order watch | stock watch: one line per event until interrupted.

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <iostream>
#include <memory>
#include <string>

#include "common/endpoints.h"
#include "oms/v1/inventory_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "omsctl/command.h"
#include "omsctl/format.h"

namespace omsctl {
namespace {

struct OrderWatchOptions {
  std::string order;
  int64_t after = 0;
  bool from_beginning = false;
};

struct StockWatchOptions {
  std::string sku, node, region;
  int64_t after = 0;
  bool from_beginning = false;
};

// The stream has no deadline (it runs until interrupted); the connection
// options' token and address apply as to every call.
std::unique_ptr<grpc::ClientContext> StreamContext(const GlobalOptions& globals) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!globals.connection.token.empty()) {
    context->AddMetadata("authorization", "Bearer " + globals.connection.token);
  }
  return context;
}

std::shared_ptr<grpc::Channel> Channel(const GlobalOptions& globals) {
  absl::StatusOr<std::string> target = oms::ChannelTarget(globals.connection.server);
  return grpc::CreateChannel(target.ok() ? *target : globals.connection.server,
                             grpc::InsecureChannelCredentials());
}

// Reads until the stream ends; marks say on stderr where a resume would start.
template <typename Response>
int Follow(const GlobalOptions& globals, grpc::ClientReader<Response>& reader,
           void (*print)(const Response&, std::ostream&)) {
  Response message;
  bool first = true;
  while (reader.Read(&message)) {
    if (first) {
      std::cerr << "watching after sequence " << message.sequence()
                << " (resume with --after SEQ)\n";
      first = false;
    }
    PrintResult(globals, message, [&](std::ostream& out) { print(message, out); });
    std::cout.flush();
  }
  const grpc::Status status = reader.Finish();
  if (!status.ok()) {
    return ReportRpcError(
        absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message()));
  }
  return kExitOk;
}

void PrintOrderEvent(const oms::v1::WatchOrdersResponse& message, std::ostream& out) {
  if (!message.has_event()) return;  // a mark
  const oms::v1::OrderEvent& e = message.event();
  out << message.sequence() << "  " << FormatTimestamp(e.occurred_at()) << "  " << e.aggregate_id()
      << "  " << e.event_type() << "  " << e.summary() << "\n";
}

void PrintStockChange(const oms::v1::WatchInventoryResponse& message, std::ostream& out) {
  if (!message.has_change()) return;  // a mark
  const oms::v1::StockChange& c = message.change();
  const oms::v1::StockLevel& l = c.level();
  out << message.sequence() << "  " << FormatTimestamp(c.occurred_at()) << "  " << l.sku() << "@"
      << l.node_id() << "  " << c.event_type() << "  on hand " << l.on_hand() << ", reserved "
      << l.reserved() << ", available " << l.available() << "\n";
}

int WatchOrders(const GlobalOptions& globals, const OrderWatchOptions& options) {
  oms::v1::WatchOrdersRequest request;
  request.set_order_id(options.order);
  request.set_after_sequence(options.after);
  request.set_from_beginning(options.from_beginning);
  auto stub = oms::v1::OrderService::NewStub(Channel(globals));
  auto context = StreamContext(globals);
  auto reader = stub->WatchOrders(context.get(), request);
  return Follow(globals, *reader, &PrintOrderEvent);
}

int WatchStock(const GlobalOptions& globals, const StockWatchOptions& options) {
  oms::v1::WatchInventoryRequest request;
  request.set_sku(options.sku);
  request.set_node_id(options.node);
  request.set_region(options.region);
  request.set_after_sequence(options.after);
  request.set_from_beginning(options.from_beginning);
  auto stub = oms::v1::InventoryService::NewStub(Channel(globals));
  auto context = StreamContext(globals);
  auto reader = stub->WatchInventory(context.get(), request);
  return Follow(globals, *reader, &PrintStockChange);
}

}  // namespace

void AddOrderWatchCommand(CLI::App* order, const GlobalOptions& globals, Action* selected) {
  auto options = std::make_shared<OrderWatchOptions>();
  CLI::App* watch = order->add_subcommand(
      "watch", "Print order events as they happen, one line each, until interrupted");
  watch->add_option("--order", options->order, "One order (id or number)");
  watch
      ->add_option("--after", options->after,
                   "Resume after this sequence (the last one printed); default: from now")
      ->check(CLI::NonNegativeNumber);
  watch->add_flag("--from-beginning", options->from_beginning, "Replay the whole log first");
  OnSelected(watch, selected, [&globals, options] { return WatchOrders(globals, *options); });
}

void AddStockWatchCommand(CLI::App* stock, const GlobalOptions& globals, Action* selected) {
  auto options = std::make_shared<StockWatchOptions>();
  CLI::App* watch = stock->add_subcommand(
      "watch", "Print stock changes as they happen, one line each, until interrupted");
  watch->add_option("--sku", options->sku, "One SKU");
  watch->add_option("--node", options->node, "One node");
  watch->add_option("--region", options->region, "Nodes of one region");
  watch
      ->add_option("--after", options->after,
                   "Resume after this sequence (the last one printed); default: from now")
      ->check(CLI::NonNegativeNumber);
  watch->add_flag("--from-beginning", options->from_beginning, "Replay the whole log first");
  OnSelected(watch, selected, [&globals, options] { return WatchStock(globals, *options); });
}

}  // namespace omsctl
