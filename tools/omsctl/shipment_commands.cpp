// omsctl shipment list | get | pick | pack | ship | deliver | ready | collect
//                | short-pick | reject

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "oms/v1/fulfillment_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/format.h"
#include "omsctl/methods.h"
#include "omsctl/paging.h"
#include "omsctl/request_id.h"
#include "omsctl/shipment_printer.h"

namespace omsctl {
namespace {

using oms::v1::ShipmentActionResponse;

struct ListOptions {
  std::string node, order;
  std::vector<std::string> statuses;
  PagingOptions paging;
};

// What every action takes; the fields an action does not use stay empty.
struct ActionOptions {
  std::string shipment, request_id;
  std::string carrier, service, tracking;  // ship
  std::vector<std::string> lines;          // short-pick
  std::string reason;                      // short-pick, reject
};

absl::StatusOr<oms::v1::ListShipmentsRequest> BuildList(
    const ListOptions& options) {
  oms::v1::ListShipmentsRequest request;
  request.set_node_id(options.node);
  if (!options.order.empty()) {
    absl::StatusOr<OrderRef> order = ParseOrderRef(options.order);
    if (!order.ok()) return order.status();
    request.set_order_id(order->value);  // the server takes an id or a number
  }
  for (const std::string& text : options.statuses) {
    absl::StatusOr<int> status =
        ParseEnumLabel(*oms::v1::ShipmentStatus_descriptor(), text);
    if (!status.ok()) return status.status();
    request.add_statuses(static_cast<oms::v1::ShipmentStatus>(*status));
  }
  return request;
}

int List(const GlobalOptions& globals, const ListOptions& options) {
  absl::StatusOr<oms::v1::ListShipmentsRequest> request = BuildList(options);
  if (!request.ok()) return ReportUsageError(request.status());
  return CallPagedAndPrint<oms::v1::ListShipmentsResponse>(
      globals, kListShipments, &*request, request->mutable_page(),
      options.paging, &PrintShipments);
}

int Get(const GlobalOptions& globals, const std::string& id_text) {
  absl::StatusOr<std::string> id = ParseShipmentId(id_text);
  if (!id.ok()) return ReportUsageError(id.status());
  oms::v1::GetShipmentRequest request;
  request.set_shipment_id(*id);
  return CallAndPrint<oms::v1::Shipment>(globals, kGetShipment, request,
                                         &PrintShipment);
}

// The actions that need nothing but the shipment: pick, pack, deliver,
// ready, collect.
int SimpleAction(const GlobalOptions& globals, std::string_view method,
                 const ActionOptions& options) {
  absl::StatusOr<std::string> id = ParseShipmentId(options.shipment);
  if (!id.ok()) return ReportUsageError(id.status());
  oms::v1::ShipmentActionRequest request;
  request.set_shipment_id(*id);
  request.set_request_id(RequestIdOrNew(options.request_id));
  return CallAndPrint<ShipmentActionResponse>(globals, method, request,
                                              &PrintShipmentAction);
}

int Ship(const GlobalOptions& globals, const ActionOptions& options) {
  absl::StatusOr<std::string> id = ParseShipmentId(options.shipment);
  if (!id.ok()) return ReportUsageError(id.status());
  oms::v1::ShipShipmentRequest request;
  request.set_shipment_id(*id);
  request.set_carrier(options.carrier);
  request.set_service(options.service);
  request.set_tracking_id(options.tracking);
  request.set_request_id(RequestIdOrNew(options.request_id));
  return CallAndPrint<ShipmentActionResponse>(globals, kShipShipment, request,
                                              &PrintShipmentAction);
}

int ShortPick(const GlobalOptions& globals, const ActionOptions& options) {
  absl::StatusOr<std::string> id = ParseShipmentId(options.shipment);
  if (!id.ok()) return ReportUsageError(id.status());
  oms::v1::ReportShortPickRequest request;
  request.set_shipment_id(*id);
  for (const std::string& text : options.lines) {
    absl::StatusOr<ShortLineArg> line = ParseShortLine(text);
    if (!line.ok()) return ReportUsageError(line.status());
    oms::v1::ShortLine* short_line = request.add_lines();
    short_line->set_line_no(line->line_no);
    short_line->set_missing(line->missing);
  }
  request.set_reason(options.reason);
  request.set_request_id(RequestIdOrNew(options.request_id));
  return CallAndPrint<ShipmentActionResponse>(globals, kReportShortPick,
                                              request, &PrintShipmentAction);
}

int Reject(const GlobalOptions& globals, const ActionOptions& options) {
  absl::StatusOr<std::string> id = ParseShipmentId(options.shipment);
  if (!id.ok()) return ReportUsageError(id.status());
  oms::v1::RejectShipmentRequest request;
  request.set_shipment_id(*id);
  request.set_reason(options.reason);
  request.set_request_id(RequestIdOrNew(options.request_id));
  return CallAndPrint<ShipmentActionResponse>(globals, kRejectShipment, request,
                                              &PrintShipmentAction);
}

// The positional shipment id and --request-id, which every action has.
CLI::App* AddAction(CLI::App* shipment, const char* name,
                    const char* description, ActionOptions* options) {
  CLI::App* verb = shipment->add_subcommand(name, description);
  verb->add_option("shipment", options->shipment, "Shipment id (EU1-01J...-S2)")
      ->required();
  verb->add_option("--request-id", options->request_id,
                   "Idempotency key; reuse it to retry safely (default: a "
                   "new one, printed)");
  return verb;
}

void AddSimpleAction(CLI::App* shipment, const GlobalOptions& globals,
                     Action* selected, const char* name,
                     const char* description, std::string_view method) {
  auto options = std::make_shared<ActionOptions>();
  CLI::App* verb = AddAction(shipment, name, description, options.get());
  OnSelected(verb, selected, [&globals, method, options] {
    return SimpleAction(globals, method, *options);
  });
}

void AddList(CLI::App* shipment, const GlobalOptions& globals,
             Action* selected) {
  auto options = std::make_shared<ListOptions>();
  CLI::App* list =
      shipment->add_subcommand("list", "Find shipments, oldest first");
  list->add_option("--node", options->node, "Shipments of one node");
  list->add_option("--status", options->statuses,
                   "One or more statuses, e.g. PACKED ready-for-pickup")
      ->delimiter(',');
  list->add_option("--order", options->order,
                   "Shipments of one order (number or id)");
  AddPagingOptions(list, &options->paging);
  OnSelected(list, selected,
             [&globals, options] { return List(globals, *options); });
}

void AddGet(CLI::App* shipment, const GlobalOptions& globals,
            Action* selected) {
  auto id = std::make_shared<std::string>();
  CLI::App* get = shipment->add_subcommand(
      "get", "Show a shipment: node, status, carrier, lines, holds, history");
  get->add_option("shipment", *id, "Shipment id (EU1-01J...-S2)")->required();
  OnSelected(get, selected, [&globals, id] { return Get(globals, *id); });
}

void AddShip(CLI::App* shipment, const GlobalOptions& globals,
             Action* selected) {
  auto options = std::make_shared<ActionOptions>();
  CLI::App* ship = AddAction(
      shipment, "ship", "Hand a packed shipment to the carrier", options.get());
  ship->add_option("--carrier", options->carrier, "Carrier, e.g. DHL")
      ->required();
  ship->add_option("--tracking", options->tracking, "The carrier's tracking id")
      ->required();
  ship->add_option("--service", options->service, "Service, e.g. express");
  OnSelected(ship, selected,
             [&globals, options] { return Ship(globals, *options); });
}

void AddShortPick(CLI::App* shipment, const GlobalOptions& globals,
                  Action* selected) {
  auto options = std::make_shared<ActionOptions>();
  CLI::App* short_pick =
      AddAction(shipment, "short-pick",
                "Report units that could not be found; the OMS re-routes them",
                options.get());
  short_pick
      ->add_option("--line", options->lines,
                   "LINE:MISSING, e.g. 2:1 (one unit of order line 2); "
                   "repeat for more lines")
      ->required()
      ->delimiter(',');
  short_pick->add_option("--reason", options->reason, "What happened")
      ->required();
  OnSelected(short_pick, selected,
             [&globals, options] { return ShortPick(globals, *options); });
}

void AddReject(CLI::App* shipment, const GlobalOptions& globals,
               Action* selected) {
  auto options = std::make_shared<ActionOptions>();
  CLI::App* reject =
      AddAction(shipment, "reject",
                "Decline the whole shipment at this node; the OMS re-routes it",
                options.get());
  reject->add_option("--reason", options->reason, "Why the node declines it")
      ->required();
  OnSelected(reject, selected,
             [&globals, options] { return Reject(globals, *options); });
}

}  // namespace

void AddShipmentCommands(CLI::App& app, const GlobalOptions& globals,
                         Action* selected) {
  CLI::App* shipment =
      app.add_subcommand("shipment", "Find shipments and work them at a node");
  shipment->alias("shipments");
  shipment->require_subcommand(1);
  AddList(shipment, globals, selected);
  AddGet(shipment, globals, selected);
  AddSimpleAction(shipment, globals, selected, "pick",
                  "Start picking (CREATED -> PICKING)", kStartPicking);
  AddSimpleAction(shipment, globals, selected, "pack",
                  "Mark packed (PICKING -> PACKED)", kPackShipment);
  AddShip(shipment, globals, selected);
  AddSimpleAction(shipment, globals, selected, "deliver",
                  "Mark delivered (SHIPPED -> DELIVERED)", kDeliverShipment);
  AddSimpleAction(shipment, globals, selected, "ready",
                  "Ready for pickup at the store (PACKED -> READY_FOR_PICKUP)",
                  kMarkReadyForPickup);
  AddSimpleAction(shipment, globals, selected, "collect",
                  "The customer collected it (READY_FOR_PICKUP -> PICKED_UP)",
                  kCompletePickup);
  AddShortPick(shipment, globals, selected);
  AddReject(shipment, globals, selected);
}

}  // namespace omsctl
