// omsctl order place | get | search | events (hold, release:
// hold_commands.cpp)

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "oms/v1/order_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/format.h"
#include "omsctl/input_source.h"
#include "omsctl/json_codec.h"
#include "omsctl/methods.h"
#include "omsctl/order_printer.h"
#include "omsctl/paging.h"
#include "omsctl/request_id.h"

namespace omsctl {
namespace {

struct PlaceOptions {
  std::string file;
  std::string request_id;
};

struct SearchOptions {
  std::string number, email, phone, name, sku, channel, node, region;
  std::vector<std::string> statuses;
  std::string from, to;
  bool oldest_first = false;
  PagingOptions paging;
};

struct EventsOptions {
  std::string ref;
  PagingOptions paging;
};

int Place(const GlobalOptions& globals, const PlaceOptions& options) {
  absl::StatusOr<std::string> json = ReadFileOrStdin(options.file);
  if (!json.ok()) return ReportUsageError(json.status());
  oms::v1::PlaceOrderRequest request;
  if (absl::Status status = ParseJson(*json, &request); !status.ok()) {
    return ReportUsageError(status);
  }
  // --request-id wins over the file's; without either, a new one (printed).
  request.set_request_id(RequestIdOrNew(
      options.request_id.empty() ? request.request_id() : options.request_id));
  return CallAndPrint<oms::v1::PlaceOrderResponse>(
      globals, kPlaceOrder, request, &PrintPlaceOrderResponse);
}

int Get(const GlobalOptions& globals, const std::string& ref_text) {
  absl::StatusOr<OrderRef> ref = ParseOrderRef(ref_text);
  if (!ref.ok()) return ReportUsageError(ref.status());
  oms::v1::GetOrderRequest request;
  if (ref->kind == OrderRefKind::kOrderId) {
    request.set_order_id(ref->value);
  } else {
    request.set_order_number(ref->value);
  }
  return CallAndPrint<oms::v1::Order>(globals, kGetOrder, request, &PrintOrder);
}

absl::StatusOr<oms::v1::SearchOrdersRequest> BuildSearch(
    const SearchOptions& options) {
  oms::v1::SearchOrdersRequest request;
  request.set_order_number(options.number);
  request.set_email(options.email);
  request.set_phone(options.phone);
  request.set_customer_name(options.name);
  request.set_sku(options.sku);
  request.set_channel(options.channel);
  request.set_node_id(options.node);
  request.set_region(options.region);
  for (const std::string& text : options.statuses) {
    absl::StatusOr<int> status =
        ParseEnumLabel(*oms::v1::OrderStatus_descriptor(), text);
    if (!status.ok()) return status.status();
    request.add_statuses(static_cast<oms::v1::OrderStatus>(*status));
  }
  if (!options.from.empty()) {
    auto from = ParseTimestamp(options.from);
    if (!from.ok()) return from.status();
    *request.mutable_created_from() = *from;
  }
  if (!options.to.empty()) {
    auto to = ParseTimestamp(options.to, /*end_of_day=*/true);
    if (!to.ok()) return to.status();
    *request.mutable_created_to() = *to;
  }
  request.set_sort(options.oldest_first ? oms::v1::SORT_ORDER_OLDEST_FIRST
                                        : oms::v1::SORT_ORDER_NEWEST_FIRST);
  return request;
}

int Search(const GlobalOptions& globals, const SearchOptions& options) {
  absl::StatusOr<oms::v1::SearchOrdersRequest> request = BuildSearch(options);
  if (!request.ok()) return ReportUsageError(request.status());
  return CallPagedAndPrint<oms::v1::SearchOrdersResponse>(
      globals, kSearchOrders, &*request, request->mutable_page(),
      options.paging, &PrintOrderSummaries);
}

int Events(const GlobalOptions& globals, const EventsOptions& options) {
  absl::StatusOr<OrderRef> ref = ParseOrderRef(options.ref);
  if (!ref.ok()) return ReportUsageError(ref.status());
  oms::v1::ListOrderEventsRequest request;
  request.set_order_id(ref->value);  // the server takes an id or a number
  return CallPagedAndPrint<oms::v1::ListOrderEventsResponse>(
      globals, kListOrderEvents, &request, request.mutable_page(),
      options.paging, &PrintOrderEvents);
}

void AddPlace(CLI::App* order, const GlobalOptions& globals, Action* selected) {
  auto options = std::make_shared<PlaceOptions>();
  CLI::App* place = order->add_subcommand(
      "place", "Place an order from a PlaceOrderRequest in JSON");
  place->add_option("--file,-f", options->file,
                    "PlaceOrderRequest JSON file, - for standard input")
      ->required();
  place->add_option("--request-id", options->request_id,
                    "Idempotency key; reuse it to retry without a duplicate "
                    "(default: the file's, else a new one, printed)");
  OnSelected(place, selected,
             [&globals, options] { return Place(globals, *options); });
}

void AddGet(CLI::App* order, const GlobalOptions& globals, Action* selected) {
  auto ref = std::make_shared<std::string>();
  CLI::App* get = order->add_subcommand(
      "get",
      "Show an order: header, holds, lines, allocations, shipments, tenders, "
      "totals");
  get->add_option("order", *ref,
                  "Order number (EU1-7Q2M-K9XD) or order id (EU1-01J...)")
      ->required();
  OnSelected(get, selected, [&globals, ref] { return Get(globals, *ref); });
}

void AddSearch(CLI::App* order, const GlobalOptions& globals,
               Action* selected) {
  auto options = std::make_shared<SearchOptions>();
  CLI::App* search =
      order->add_subcommand("search", "Find orders, newest first");
  search->add_option("--number", options->number,
                     "Order number, or a prefix of at least 5 characters");
  search->add_option("--email", options->email, "Customer email, exact");
  search->add_option("--phone", options->phone, "Customer phone (digits)");
  search->add_option("--name", options->name, "Prefix of a customer name word");
  search->add_option("--sku", options->sku, "Orders with a line of this SKU");
  search->add_option("--status", options->statuses,
                     "One or more statuses, e.g. CONFIRMED PENDING")
      ->delimiter(',');
  search->add_option("--channel", options->channel, "web, pos, ...");
  search->add_option("--node", options->node, "Orders with units at a node");
  search->add_option("--region", options->region, "Home region, e.g. EU1");
  search->add_option("--from", options->from,
                     "Created at or after: 2026-01-01 or RFC 3339");
  search->add_option("--to", options->to,
                     "Created before; a bare date includes that day");
  search->add_flag("--oldest-first", options->oldest_first, "Sort ascending");
  AddPagingOptions(search, &options->paging);
  OnSelected(search, selected,
             [&globals, options] { return Search(globals, *options); });
}

void AddEvents(CLI::App* order, const GlobalOptions& globals,
               Action* selected) {
  auto options = std::make_shared<EventsOptions>();
  CLI::App* events =
      order->add_subcommand("events", "List an order's events, oldest first");
  events->add_option("order", options->ref, "Order number or order id")
      ->required();
  AddPagingOptions(events, &options->paging);
  OnSelected(events, selected,
             [&globals, options] { return Events(globals, *options); });
}

}  // namespace

void AddOrderCommands(CLI::App& app, const GlobalOptions& globals,
                      Action* selected) {
  CLI::App* order =
      app.add_subcommand("order", "Place, show, find, hold, release, cancel and annotate orders");
  order->require_subcommand(1);
  AddPlace(order, globals, selected);
  AddGet(order, globals, selected);
  AddSearch(order, globals, selected);
  AddEvents(order, globals, selected);
  AddOrderHoldCommands(order, globals, selected);
  AddOrderCancelCommands(order, globals, selected);
  AddOrderWatchCommand(order, globals, selected);
}

}  // namespace omsctl
