#include "server/integrations/callback_formats.h"

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace oms::integrations {
namespace {

using json = nlohmann::ordered_json;
using Kind = CallbackFacts::Kind;

// Compact, and an odd byte from an order never throws.
std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// {"event", "event_id", "occurred_at", "channel", "order", and one of
// "shipment", "cancellation", "refund"}; amounts in minor units.
class OmsCallbackFormat final : public CallbackFormat {
 public:
  std::string name() const override { return "oms"; }
  std::string Body(const CallbackFacts& f) const override {
    json items = json::array();
    for (const auto& i : f.items) {
      items.push_back({{"line_no", i.line_no}, {"sku", i.sku}, {"quantity", i.quantity}});
    }
    json body = {{"event", Event(f.kind)},
                 {"event_id", f.event_id},
                 {"occurred_at", Rfc3339(f.occurred_at)},
                 {"channel", f.channel},
                 {"order",
                  {{"order_id", f.order_id},
                   {"order_number", f.order_number},
                   {"external_ref", f.external_ref},
                   {"status", f.order_status}}}};
    switch (f.kind) {
      case Kind::kShipmentShipped:
      case Kind::kShipmentDelivered:
        body["shipment"] = {{"shipment_id", f.shipment_id},
                            {"carrier", f.carrier},
                            {"service", f.service},
                            {"tracking_id", f.tracking_id},
                            {"items", items}};
        break;
      case Kind::kUnitsCancelled:
        body["cancellation"] = {
            {"reason", f.cancel_reason}, {"initiator", f.initiator}, {"items", items}};
        break;
      case Kind::kUnitsBackordered:
        body["backorder"] = {{"items", items}};
        break;
      case Kind::kRefundSucceeded:
        body["refund"] = {{"refund_id", f.refund_id},
                          {"amount_minor", f.refund_minor},
                          {"shipping_minor", f.refund_shipping_minor},
                          {"currency", f.currency},
                          {"reason", f.refund_reason},
                          {"items", items}};
        break;
    }
    return Dump(body);
  }

 private:
  static const char* Event(Kind kind) {
    switch (kind) {
      case Kind::kShipmentShipped:
        return "shipment.shipped";
      case Kind::kShipmentDelivered:
        return "shipment.delivered";
      case Kind::kUnitsCancelled:
        return "order.units_cancelled";
      case Kind::kUnitsBackordered:
        return "order.units_backordered";
      case Kind::kRefundSucceeded:
        return "order.refunded";
    }
    return "";
  }
};

// Shaped like Shopify's Admin API objects: a fulfillment with tracking, a
// fulfillment event, a cancellation, a refund with its transaction.
// Amounts are decimal strings; order_id is the marketplace's order id.
class ShopifyCallbackFormat final : public CallbackFormat {
 public:
  std::string name() const override { return "shopify"; }
  std::string Body(const CallbackFacts& f) const override {
    json items = json::array();
    for (const auto& i : f.items) items.push_back({{"sku", i.sku}, {"quantity", i.quantity}});
    switch (f.kind) {
      case Kind::kShipmentShipped:
        return Dump({{"fulfillment",
                      {{"id", f.shipment_id},
                       {"order_id", f.external_ref},
                       {"name", f.order_number},
                       {"status", "success"},
                       {"tracking_company", f.carrier},
                       {"tracking_number", f.tracking_id},
                       {"tracking_numbers", json::array({f.tracking_id})},
                       {"service", f.service},
                       {"line_items", items},
                       {"created_at", Rfc3339(f.occurred_at)}}}});
      case Kind::kShipmentDelivered:
        return Dump({{"fulfillment_event",
                      {{"fulfillment_id", f.shipment_id},
                       {"order_id", f.external_ref},
                       {"status", "delivered"},
                       {"happened_at", Rfc3339(f.occurred_at)}}}});
      case Kind::kUnitsCancelled:
        return Dump({{"cancellation",
                      {{"order_id", f.external_ref},
                       {"name", f.order_number},
                       {"reason", Reason(f.cancel_reason)},
                       {"order_cancelled", f.order_status == "CANCELLED"},
                       {"line_items", items},
                       {"cancelled_at", Rfc3339(f.occurred_at)}}}});
      case Kind::kUnitsBackordered:
        // Shopify has no backorder object: a fulfillment order on hold
        // for want of inventory is its nearest.
        return Dump({{"fulfillment_hold",
                      {{"order_id", f.external_ref},
                       {"name", f.order_number},
                       {"reason", "inventory_out_of_stock"},
                       {"line_items", items},
                       {"held_at", Rfc3339(f.occurred_at)}}}});
      case Kind::kRefundSucceeded:
        return Dump({{"refund",
                      {{"id", f.refund_id},
                       {"order_id", f.external_ref},
                       {"note", f.refund_reason},
                       {"refund_line_items", items},
                       {"transactions", json::array({{{"kind", "refund"},
                                                      {"status", "success"},
                                                      {"amount", DecimalAmount(f.refund_minor)},
                                                      {"currency", f.currency}}})},
                       {"created_at", Rfc3339(f.occurred_at)}}}});
    }
    return "{}";
  }

 private:
  // Shopify's cancel reasons: customer, fraud, inventory, declined, other.
  static const char* Reason(const std::string& reason) {
    if (reason == "CUSTOMER_REQUEST") return "customer";
    if (reason == "FRAUD") return "fraud";
    if (reason == "OUT_OF_STOCK") return "inventory";
    if (reason == "PAYMENT_FAILURE") return "declined";
    return "other";
  }
};

// Shaped like Amazon's order feeds (shipment confirmation, order
// adjustment, cancellation): PascalCase, SellerSKU, {CurrencyCode, Amount}.
class AmazonCallbackFormat final : public CallbackFormat {
 public:
  std::string name() const override { return "amazon"; }
  std::string Body(const CallbackFacts& f) const override {
    json items = json::array();
    for (const auto& i : f.items) {
      items.push_back({{"SellerSKU", i.sku}, {"Quantity", i.quantity}});
    }
    json body = {{"MessageType", MessageType(f.kind)},
                 {"AmazonOrderId", f.external_ref},
                 {"SellerOrderId", f.order_number}};
    const std::string at = Rfc3339(f.occurred_at);
    switch (f.kind) {
      case Kind::kShipmentShipped:
        body["PackageDetail"] = {{"PackageReferenceId", f.shipment_id},
                                 {"CarrierCode", f.carrier},
                                 {"ShippingMethod", f.service},
                                 {"TrackingNumber", f.tracking_id},
                                 {"ShipDate", at},
                                 {"OrderItems", items}};
        break;
      case Kind::kShipmentDelivered:
        body["PackageReferenceId"] = f.shipment_id;
        body["DeliveryDate"] = at;
        break;
      case Kind::kUnitsCancelled:
        body["CancelReason"] = Reason(f.cancel_reason);
        body["FullyCancelled"] = f.order_status == "CANCELLED";
        body["OrderItems"] = items;
        body["CancellationDate"] = at;
        break;
      case Kind::kUnitsBackordered:
        body["OrderItems"] = items;
        body["ExpectedShipDate"] = nullptr;  // unknown until stock arrives
        body["NotificationDate"] = at;
        break;
      case Kind::kRefundSucceeded:
        body["AdjustmentId"] = f.refund_id;
        body["Memo"] = f.refund_reason;
        body["AdjustedItems"] = items;
        body["ShippingAdjustment"] = Money(f.refund_shipping_minor, f.currency);
        body["AdjustmentTotal"] = Money(f.refund_minor, f.currency);
        body["AdjustmentDate"] = at;
        break;
    }
    return Dump(body);
  }

 private:
  static json Money(int64_t minor, const std::string& currency) {
    return {{"CurrencyCode", currency}, {"Amount", DecimalAmount(minor)}};
  }
  static const char* MessageType(Kind kind) {
    switch (kind) {
      case Kind::kShipmentShipped:
        return "ShipmentConfirmation";
      case Kind::kShipmentDelivered:
        return "DeliveryConfirmation";
      case Kind::kUnitsCancelled:
        return "OrderCancellation";
      case Kind::kUnitsBackordered:
        return "BackorderNotification";
      case Kind::kRefundSucceeded:
        return "OrderAdjustment";
    }
    return "";
  }
  static const char* Reason(const std::string& reason) {
    if (reason == "CUSTOMER_REQUEST") return "BuyerCanceled";
    if (reason == "OUT_OF_STOCK") return "NoInventory";
    if (reason == "FRAUD") return "RiskAssessmentInformationNotValid";
    return "GeneralAdjustment";
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<CallbackFormat>> FindCallbackFormat(const std::string& format) {
  if (format.empty() || format == "oms") return std::make_unique<OmsCallbackFormat>();
  if (format == "shopify") return std::make_unique<ShopifyCallbackFormat>();
  if (format == "amazon") return std::make_unique<AmazonCallbackFormat>();
  return absl::NotFoundError(
      absl::StrCat("no callback format '", format, "' (amazon, oms, shopify)"));
}

}  // namespace oms::integrations
