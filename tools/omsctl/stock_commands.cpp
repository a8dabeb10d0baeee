// omsctl stock list | availability | adjust | drop-preorder

#include <memory>
#include <string>

#include "oms/v1/inventory_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/format.h"
#include "omsctl/methods.h"
#include "omsctl/paging.h"
#include "omsctl/request_id.h"
#include "omsctl/resource_printers.h"

namespace omsctl {
namespace {

struct ListOptions {
  std::string sku, node, region;
  PagingOptions paging;
};

struct AdjustOptions {
  std::string sku, node, kind, reason, request_id;
  int64_t quantity = 0;
};

int List(const GlobalOptions& globals, const ListOptions& options) {
  oms::v1::ListStockRequest request;
  request.set_sku(options.sku);
  request.set_node_id(options.node);
  request.set_region(options.region);
  return CallPagedAndPrint<oms::v1::ListStockResponse>(
      globals, kListStock, &request, request.mutable_page(), options.paging,
      &PrintStockLevels);
}

int Availability(const GlobalOptions& globals, const std::string& sku) {
  oms::v1::GetAvailabilityRequest request;
  request.set_sku(sku);
  return CallAndPrint<oms::v1::GetAvailabilityResponse>(
      globals, kGetAvailability, request, &PrintAvailability);
}

int Adjust(const GlobalOptions& globals, const AdjustOptions& options) {
  absl::StatusOr<int> kind =
      ParseEnumLabel(*oms::v1::AdjustmentKind_descriptor(), options.kind);
  if (!kind.ok()) return ReportUsageError(kind.status());
  oms::v1::AdjustStockRequest request;
  request.set_sku(options.sku);
  request.set_node_id(options.node);
  request.set_kind(static_cast<oms::v1::AdjustmentKind>(*kind));
  request.set_quantity(options.quantity);
  request.set_reason(options.reason);
  // A receive retried under a new id would count twice.
  request.set_request_id(RequestIdOrNew(options.request_id));
  return CallAndPrint<oms::v1::StockLevel>(globals, kAdjustStock, request,
                                           &PrintStockLevel);
}

struct DropOptions {
  std::string sku, reason, request_id;
};

void PrintDropped(const oms::v1::DropPreorderResponse& response,
                  std::ostream& out) {
  if (response.replayed()) {
    out << "Replayed: this request_id was used before; its outcome:\n";
  }
  out << "Orders cancelled: " << response.orders_cancelled() << "\n"
      << "Units cancelled:  " << response.units_cancelled() << "\n";
  if (response.failures_size() > 0) {
    out << "Left as they were (drop again with a new --request-id to retry):\n";
    for (const auto& failure : response.failures()) out << "  " << failure << "\n";
  }
}

int Drop(const GlobalOptions& globals, const DropOptions& options) {
  oms::v1::DropPreorderRequest request;
  request.set_sku(options.sku);
  request.set_reason(options.reason);
  request.set_request_id(RequestIdOrNew(options.request_id));
  return CallAndPrint<oms::v1::DropPreorderResponse>(globals, kDropPreorder,
                                                     request, &PrintDropped);
}

}  // namespace

void AddStockCommands(CLI::App& app, const GlobalOptions& globals,
                      Action* selected) {
  CLI::App* stock = app.add_subcommand("stock", "Stock levels per node");
  stock->require_subcommand(1);

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = stock->add_subcommand("list", "Stock levels per SKU and node");
  list->add_option("--sku", list_options->sku, "One SKU");
  list->add_option("--node", list_options->node, "One node");
  list->add_option("--region", list_options->region, "One region");
  AddPagingOptions(list, &list_options->paging);
  OnSelected(list, selected, [&globals, list_options] {
    return List(globals, *list_options);
  });

  auto sku = std::make_shared<std::string>();
  CLI::App* availability = stock->add_subcommand(
      "availability", "What can be sold of a SKU, in total and per node");
  availability->add_option("sku", *sku, "The SKU")->required();
  OnSelected(availability, selected,
             [&globals, sku] { return Availability(globals, *sku); });

  auto adjust_options = std::make_shared<AdjustOptions>();
  CLI::App* adjust = stock->add_subcommand(
      "adjust", "Receive, count or write off stock at a node");
  adjust->add_option("--sku", adjust_options->sku, "The SKU")->required();
  adjust->add_option("--node", adjust_options->node, "The node")->required();
  adjust->add_option("--kind", adjust_options->kind,
                     "receive (on hand += Q), count (on hand = Q), "
                     "damage (on hand -= Q)")
      ->required();
  adjust->add_option("--quantity", adjust_options->quantity, "Units")
      ->required()
      ->check(CLI::NonNegativeNumber);
  adjust->add_option("--reason", adjust_options->reason,
                     "Why, kept in the inventory ledger")
      ->required();
  adjust->add_option("--request-id", adjust_options->request_id,
                     "Idempotency key (default: a new one, printed)");
  OnSelected(adjust, selected, [&globals, adjust_options] {
    return Adjust(globals, *adjust_options);
  });

  auto drop_options = std::make_shared<DropOptions>();
  CLI::App* drop = stock->add_subcommand(
      "drop-preorder",
      "A preorder that will never come (supervisor, admin): no more "
      "preorders, and omsd cancels every order's preordered units");
  drop->add_option("sku", drop_options->sku, "The preorder SKU")->required();
  drop->add_option("--reason", drop_options->reason,
                   "Why, shown on every order cancelled")
      ->required();
  drop->add_option("--request-id", drop_options->request_id,
                   "Idempotency key (default: a new one, printed)");
  OnSelected(drop, selected, [&globals, drop_options] {
    return Drop(globals, *drop_options);
  });

  AddStockWatchCommand(stock, globals, selected);
}

}  // namespace omsctl
