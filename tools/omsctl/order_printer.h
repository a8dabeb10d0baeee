#pragma once

#include <ostream>
#include <string>

#include "oms/v1/order.pb.h"
#include "oms/v1/order_service.pb.h"

namespace omsctl {

// Orders for people: statuses and enums without their prefixes, money as
// "12.34 EUR", times in ISO 8601 UTC.

// Header, statuses, holds, lines (quantity breakdown, allocations), why
// each allocation is where it is (when the server said), shipments,
// tenders and totals.
void PrintOrder(const oms::v1::Order& order, std::ostream& out);

// The order, preceded by a note when the request id replayed an earlier one.
void PrintPlaceOrderResponse(const oms::v1::PlaceOrderResponse& response,
                             std::ostream& out);

// One row per order, then the next page token.
void PrintOrderSummaries(const oms::v1::SearchOrdersResponse& response,
                         std::ostream& out);

// One row per event, oldest first as the server sends them.
void PrintOrderEvents(const oms::v1::ListOrderEventsResponse& response,
                      std::ostream& out);

// The non-zero quantities of a line beyond `ordered`, in lifecycle order:
// "reserved 2, shipped 1"; "-" when there are none.
std::string QuantityBreakdown(const oms::v1::OrderLine& line);

// "WH-BER-1 x2, ST-MUC-3 x1"; "-" when the line is not allocated.
std::string FormatAllocations(const oms::v1::OrderLine& line);

// "Alice Example <alice@example.com> +49 30 1234 (C-0001)", parts omitted
// when empty.
std::string FormatCustomer(const oms::v1::Customer& customer);

// "Alice Example, Main St 1, 10115 Berlin, DE", parts omitted when empty.
std::string FormatAddress(const oms::v1::Address& address);

}  // namespace omsctl
