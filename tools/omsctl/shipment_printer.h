#pragma once

#include <ostream>
#include <string>

#include "oms/v1/fulfillment_service.pb.h"
#include "oms/v1/order.pb.h"

namespace omsctl {

// Shipments for people, in order_printer.h's conventions: enums without
// their prefixes, money as "12.34 EUR", times in ISO 8601 UTC, "-" for an
// empty cell.

// One shipment in full: the fields, then its lines, holds and status
// history.
void PrintShipment(const oms::v1::Shipment& shipment, std::ostream& out);

// One row per shipment, then the next page token.
void PrintShipments(const oms::v1::ListShipmentsResponse& response,
                    std::ostream& out);

// What an action did: a note when the request id replayed an earlier one,
// the shipment after the change, then the order's statuses and every one of
// its shipments, so that re-routing (a new shipment at another node) shows.
void PrintShipmentAction(const oms::v1::ShipmentActionResponse& response,
                         std::ostream& out);

// The "Shipments" section of an order: one row per shipment with node,
// kind, status, holds, carrier, tracking, lines and routing reason, and a
// NOTE column (why rejected, in exception) when any shipment has a note.
// Prints nothing for an order without shipments.
void PrintOrderShipments(const oms::v1::Order& order, std::ostream& out);

// "SKU-TEE x2, SKU-MUG x1"; "-" for a shipment without lines.
std::string FormatShipmentLines(const oms::v1::Shipment& shipment);

// "DHL express"; "-" when no carrier is known yet.
std::string FormatCarrier(const oms::v1::Shipment& shipment);

}  // namespace omsctl
