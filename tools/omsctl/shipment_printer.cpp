#include "omsctl/shipment_printer.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "omsctl/format.h"
#include "omsctl/paging.h"
#include "omsctl/table.h"

namespace omsctl {
namespace {

using oms::v1::Shipment;

std::string OrDash(const std::string& text) {
  return text.empty() ? "-" : text;
}

std::string HoldLabels(const Shipment& shipment) {
  std::vector<std::string> labels;
  for (const oms::v1::Hold& hold : shipment.holds()) {
    labels.push_back(EnumLabel(hold.reason()));
  }
  return labels.empty() ? "-" : absl::StrJoin(labels, ",");
}

int64_t Units(const Shipment& shipment) {
  int64_t units = 0;
  for (const oms::v1::ShipmentLine& line : shipment.lines()) {
    units += line.quantity();
  }
  return units;
}

void PrintShipmentLines(const Shipment& shipment, std::ostream& out) {
  out << "\nLines\n";
  Table table({"LINE", "SKU", "NAME", "QUANTITY"});
  for (const oms::v1::ShipmentLine& line : shipment.lines()) {
    table.AddRow({absl::StrCat(line.line_no()), line.sku(), line.name(),
                  absl::StrCat(line.quantity())});
  }
  table.Print(out);
}

void PrintShipmentHolds(const Shipment& shipment, std::ostream& out) {
  if (shipment.holds().empty()) return;
  out << "\nHolds\n";
  Table table({"REASON", "PLACED", "NOTE"});
  for (const oms::v1::Hold& hold : shipment.holds()) {
    table.AddRow({EnumLabel(hold.reason()), FormatTimestamp(hold.placed_at()),
                  hold.note()});
  }
  table.Print(out);
}

void PrintShipmentHistory(const Shipment& shipment, std::ostream& out) {
  if (shipment.history().empty()) return;
  out << "\nHistory\n";
  Table table({"AT", "STATUS", "NOTE"});
  for (const oms::v1::ShipmentStatusChange& change : shipment.history()) {
    table.AddRow({FormatTimestamp(change.at()), EnumLabel(change.status()),
                  change.note()});
  }
  table.Print(out);
}

}  // namespace

std::string FormatShipmentLines(const Shipment& shipment) {
  if (shipment.lines().empty()) return "-";
  return absl::StrJoin(shipment.lines(), ", ",
                       [](std::string* out, const oms::v1::ShipmentLine& l) {
                         absl::StrAppend(out, l.sku(), " x", l.quantity());
                       });
}

std::string FormatCarrier(const Shipment& shipment) {
  if (shipment.carrier().empty()) return "-";
  if (shipment.service().empty()) return shipment.carrier();
  return absl::StrCat(shipment.carrier(), " ", shipment.service());
}

void PrintShipment(const Shipment& shipment, std::ostream& out) {
  const std::string order = shipment.order_number().empty()
                                ? shipment.order_id()
                                : absl::StrCat(shipment.order_number(), " (",
                                               shipment.order_id(), ")");
  PrintFields(
      {
          {"Shipment", shipment.shipment_id()},
          {"Order", order},
          {"Node", shipment.node_id()},
          {"Kind", EnumLabel(shipment.kind())},
          {"Status", EnumLabel(shipment.status())},
          {"Carrier", shipment.carrier()},
          {"Service", shipment.service()},
          {"Tracking", shipment.tracking_id()},
          {"Partner ref", shipment.partner_ref()},
          {"Routing", shipment.routing_reason()},
          {"Note", shipment.note()},
          {"Captured",
           shipment.has_captured() ? FormatMoney(shipment.captured()) : ""},
          {"Collect by", shipment.has_pickup_expires_at()
                             ? FormatTimestamp(shipment.pickup_expires_at())
                             : ""},
          {"Created", FormatTimestamp(shipment.created_at())},
          {"Updated", FormatTimestamp(shipment.updated_at())},
      },
      out);
  PrintShipmentLines(shipment, out);
  PrintShipmentHolds(shipment, out);
  PrintShipmentHistory(shipment, out);
}

void PrintShipments(const oms::v1::ListShipmentsResponse& response,
                    std::ostream& out) {
  if (response.shipments().empty()) {
    out << "No shipments found.\n";
  } else {
    Table table({"SHIPMENT", "ORDER", "NODE", "KIND", "STATUS", "HOLDS",
                 "UNITS", "CARRIER", "TRACKING", "CREATED"});
    for (const Shipment& shipment : response.shipments()) {
      table.AddRow(
          {shipment.shipment_id(),
           OrDash(shipment.order_number().empty() ? shipment.order_id()
                                                  : shipment.order_number()),
           shipment.node_id(), EnumLabel(shipment.kind()),
           EnumLabel(shipment.status()), HoldLabels(shipment),
           absl::StrCat(Units(shipment)), FormatCarrier(shipment),
           OrDash(shipment.tracking_id()),
           FormatTimestamp(shipment.created_at())});
    }
    table.Print(out);
  }
  PrintNextPage(response.next_page_token(), out);
}

void PrintShipmentAction(const oms::v1::ShipmentActionResponse& response,
                         std::ostream& out) {
  if (response.replayed()) {
    out << "Replayed: this request id was already used; this is what it "
           "did.\n\n";
  }
  PrintShipment(response.shipment(), out);
  if (!response.has_order()) return;
  const oms::v1::Order& order = response.order();
  out << "\nOrder " << order.order_number() << ": " << EnumLabel(order.status())
      << ", payment " << EnumLabel(order.payment_status()) << ", fulfillment "
      << EnumLabel(order.fulfillment_status()) << '\n';
  PrintOrderShipments(order, out);
}

void PrintOrderShipments(const oms::v1::Order& order, std::ostream& out) {
  if (order.shipments().empty()) return;
  const bool any_note =
      std::any_of(order.shipments().begin(), order.shipments().end(),
                  [](const Shipment& s) { return !s.note().empty(); });
  std::vector<std::string> headers = {"SHIPMENT", "NODE",  "KIND",
                                      "STATUS",   "HOLDS", "CARRIER",
                                      "TRACKING", "LINES", "ROUTING"};
  if (any_note) headers.push_back("NOTE");
  out << "\nShipments\n";
  Table table(std::move(headers));
  for (const Shipment& shipment : order.shipments()) {
    table.AddRow({shipment.shipment_id(), shipment.node_id(),
                  EnumLabel(shipment.kind()), EnumLabel(shipment.status()),
                  HoldLabels(shipment), FormatCarrier(shipment),
                  OrDash(shipment.tracking_id()), FormatShipmentLines(shipment),
                  OrDash(shipment.routing_reason()), shipment.note()});
  }
  table.Print(out);
}

}  // namespace omsctl
