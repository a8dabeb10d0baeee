#include "omsctl/order_printer.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "omsctl/format.h"
#include "omsctl/paging.h"
#include "omsctl/shipment_printer.h"
#include "omsctl/table.h"

namespace omsctl {
namespace {

using oms::v1::Order;

std::string JoinNonEmpty(const std::vector<std::string>& parts,
                         const char* separator) {
  std::vector<std::string> kept;
  for (const std::string& part : parts) {
    if (!part.empty()) kept.push_back(part);
  }
  return absl::StrJoin(kept, separator);
}

void PrintHeader(const Order& order, std::ostream& out) {
  Fields fields = {
      {"Order", order.order_number()},
      {"Id", order.order_id()},
      {"Status", EnumLabel(order.status())},
      {"Payment", EnumLabel(order.payment_status())},
      {"Fulfillment", EnumLabel(order.fulfillment_status())},
      {"Rejected", order.rejection_reason()},
      {"Region", order.region()},
      {"Channel", order.channel()},
      {"External ref", order.external_ref()},
      {"Customer", FormatCustomer(order.customer())},
      {"Ship to", FormatAddress(order.shipping_address())},
      {"Shipping", order.shipping_option()},
      {"Pickup at", order.pickup_node_id()},
      {"Created", FormatTimestamp(order.created_at())},
      {"Updated", FormatTimestamp(order.updated_at())},
      {"Saga deadline", order.has_saga_deadline()
                            ? FormatTimestamp(order.saga_deadline())
                            : ""},
      {"Version", absl::StrCat(order.version())},
  };
  PrintFields(fields, out);
}

void PrintNotes(const Order& order, std::ostream& out) {
  if (order.notes().empty()) return;
  out << "\nNotes\n";
  Table table({"WHEN", "BY", "NOTE"});
  for (const oms::v1::OrderNote& note : order.notes()) {
    table.AddRow({FormatTimestamp(note.at()), note.author(), note.text()});
  }
  table.Print(out);
}

void PrintHolds(const Order& order, std::ostream& out) {
  if (order.holds().empty()) return;
  out << "\nHolds\n";
  Table table({"REASON", "PLACED", "NOTE"});
  for (const oms::v1::Hold& hold : order.holds()) {
    table.AddRow({EnumLabel(hold.reason()), FormatTimestamp(hold.placed_at()),
                  hold.note()});
  }
  table.Print(out);
}

void PrintLines(const Order& order, std::ostream& out) {
  out << "\nLines\n";
  Table table({"LINE", "SKU", "NAME", "UNIT PRICE", "TOTAL", "ORDERED",
               "QUANTITIES", "ALLOCATIONS"});
  for (const oms::v1::OrderLine& line : order.lines()) {
    table.AddRow({absl::StrCat(line.line_no()), line.sku(), line.name(),
                  FormatMoney(line.unit_price()), FormatMoney(line.line_total()),
                  absl::StrCat(line.ordered()), QuantityBreakdown(line),
                  FormatAllocations(line)});
  }
  table.Print(out);
}

// Why each line's units sit where they do, and the nodes it may no longer
// go to. Left out when the server gave no reasons and excluded nothing.
void PrintAllocationReasons(const Order& order, std::ostream& out) {
  Table table({"LINE", "SKU", "NODE", "QUANTITY", "REASON"});
  bool any_reason = false;
  for (const oms::v1::OrderLine& line : order.lines()) {
    for (const oms::v1::Allocation& allocation : line.allocations()) {
      any_reason = any_reason || !allocation.reason().empty();
      table.AddRow({absl::StrCat(line.line_no()), line.sku(),
                    allocation.node_id(), absl::StrCat(allocation.quantity()),
                    allocation.reason().empty() ? "-" : allocation.reason()});
    }
    for (const std::string& node : line.excluded_nodes()) {
      any_reason = true;
      table.AddRow({absl::StrCat(line.line_no()), line.sku(), node, "-",
                    "excluded: rejected or short-picked this line before"});
    }
  }
  if (!any_reason) return;
  out << "\nAllocations\n";
  table.Print(out);
}

std::string TenderDetails(const oms::v1::Tender& tender) {
  return JoinNonEmpty(
      {tender.gateway(), tender.payment_ref(),
       tender.card_last4().empty() ? "" : "card ****" + tender.card_last4(),
       tender.decline_reason().empty()
           ? ""
           : "declined: " + tender.decline_reason()},
      ", ");
}

void PrintTenders(const Order& order, std::ostream& out) {
  if (order.tenders().empty()) return;
  out << "\nTenders\n";
  Table table({"TENDER", "TYPE", "STATUS", "AMOUNT", "AUTHORIZED", "CAPTURED",
               "REFUNDED", "VOIDED", "DETAILS"});
  for (const oms::v1::Tender& tender : order.tenders()) {
    const std::string& currency = tender.amount().currency();
    table.AddRow({tender.tender_id(), EnumLabel(tender.type()),
                  EnumLabel(tender.status()), FormatMoney(tender.amount()),
                  FormatMinor(tender.authorized_minor(), currency),
                  FormatMinor(tender.captured_minor(), currency),
                  FormatMinor(tender.refunded_minor(), currency),
                  FormatMinor(tender.voided_minor(), currency),
                  TenderDetails(tender)});
  }
  table.Print(out);
}

// One row per return or exchange; `omsctl return get` shows one in full.
void PrintReturns(const Order& order, std::ostream& out) {
  if (order.returns().empty()) return;
  out << "\nReturns\n";
  Table table({"RETURN", "STATUS", "UNITS", "VALUE", "REFUND", "REPLACEMENT"});
  for (const oms::v1::Return& ret : order.returns()) {
    int64_t units = 0;
    for (const oms::v1::ReturnLine& line : ret.lines()) {
      units += line.quantity();
    }
    const std::string refunds =
        JoinNonEmpty({ret.exchange_refund_id(), ret.refund_id()}, ", ");
    const std::string& replacement = ret.replacement_order_id();
    table.AddRow({ret.return_id(), EnumLabel(ret.status()), absl::StrCat(units),
                  FormatMoney(ret.value()), refunds.empty() ? "-" : refunds,
                  replacement.empty() ? "-" : replacement});
  }
  table.Print(out);
}

void PrintTotals(const Order& order, std::ostream& out) {
  if (!order.has_totals()) return;
  const oms::v1::OrderTotals& totals = order.totals();
  // An absent discount or tax is zero in the order's currency.
  const std::string& currency = totals.total().currency();
  const auto money = [&](const oms::v1::Money& m) {
    return FormatMinor(m.amount_minor(),
                       m.currency().empty() ? currency : m.currency());
  };
  out << "\nTotals\n";
  PrintFields({{"Subtotal", money(totals.subtotal())},
               {"Discount", money(totals.discount())},
               {"Shipping", money(totals.shipping())},
               {"Tax", money(totals.tax())},
               {"Total", money(totals.total())}},
              out);
}

}  // namespace

std::string QuantityBreakdown(const oms::v1::OrderLine& line) {
  const std::pair<const char*, int64_t> quantities[] = {
      {"reserved", line.reserved()},   {"backordered", line.backordered()},
      {"preordered", line.preordered()}, {"allocated", line.allocated()},
      {"shipped", line.shipped()},     {"delivered", line.delivered()},
      {"cancelled", line.cancelled()}, {"returned", line.returned()},
      {"refunded", line.refunded()},
  };
  std::vector<std::string> parts;
  for (const auto& [name, quantity] : quantities) {
    if (quantity != 0) parts.push_back(absl::StrCat(name, " ", quantity));
  }
  return parts.empty() ? "-" : absl::StrJoin(parts, ", ");
}

std::string FormatAllocations(const oms::v1::OrderLine& line) {
  if (line.allocations().empty()) return "-";
  return absl::StrJoin(line.allocations(), ", ",
                       [](std::string* out, const oms::v1::Allocation& a) {
                         absl::StrAppend(out, a.node_id(), " x", a.quantity());
                       });
}

std::string FormatCustomer(const oms::v1::Customer& customer) {
  return JoinNonEmpty(
      {customer.name(),
       customer.email().empty() ? "" : "<" + customer.email() + ">",
       customer.phone(),
       customer.customer_id().empty() ? "" : "(" + customer.customer_id() + ")"},
      " ");
}

std::string FormatAddress(const oms::v1::Address& address) {
  return JoinNonEmpty(
      {address.name(), address.line1(), address.line2(),
       JoinNonEmpty({address.postal_code(), address.city()}, " "),
       address.country()},
      ", ");
}

void PrintOrder(const Order& order, std::ostream& out) {
  PrintHeader(order, out);
  PrintHolds(order, out);
  PrintLines(order, out);
  PrintAllocationReasons(order, out);
  PrintOrderShipments(order, out);
  PrintTenders(order, out);
  PrintReturns(order, out);
  PrintTotals(order, out);
  PrintNotes(order, out);
}

void PrintPlaceOrderResponse(const oms::v1::PlaceOrderResponse& response,
                             std::ostream& out) {
  if (response.replayed()) {
    out << "Replayed: this request id was already used; this is the order it "
           "placed.\n\n";
  }
  PrintOrder(response.order(), out);
}

void PrintOrderSummaries(const oms::v1::SearchOrdersResponse& response,
                         std::ostream& out) {
  if (response.orders().empty()) {
    out << "No orders found.\n";
  } else {
    Table table({"NUMBER", "CREATED", "STATUS", "PAYMENT", "FULFILLMENT",
                 "CUSTOMER", "TOTAL", "LINES", "HOLDS", "CHANNEL"});
    for (const oms::v1::OrderSummary& order : response.orders()) {
      std::vector<std::string> holds;
      for (const int hold : order.holds()) {
        holds.push_back(EnumLabel(static_cast<oms::v1::HoldReason>(hold)));
      }
      table.AddRow({order.order_number(), FormatTimestamp(order.created_at()),
                    EnumLabel(order.status()), EnumLabel(order.payment_status()),
                    EnumLabel(order.fulfillment_status()),
                    order.customer().name(), FormatMoney(order.total()),
                    absl::StrCat(order.line_count()),
                    holds.empty() ? "-" : absl::StrJoin(holds, ","),
                    order.channel()});
    }
    table.Print(out);
  }
  PrintNextPage(response.next_page_token(), out);
}

void PrintOrderEvents(const oms::v1::ListOrderEventsResponse& response,
                      std::ostream& out) {
  if (response.events().empty()) {
    out << "No events.\n";
  } else {
    Table table({"SEQ", "OCCURRED", "TYPE", "VERSION", "PRINCIPAL", "SUMMARY"});
    for (const oms::v1::OrderEvent& event : response.events()) {
      table.AddRow({absl::StrCat(event.sequence()),
                    FormatTimestamp(event.occurred_at()), event.event_type(),
                    absl::StrCat(event.aggregate_version()), event.principal(),
                    event.summary()});
    }
    table.Print(out);
  }
  PrintNextPage(response.next_page_token(), out);
}

}  // namespace omsctl
