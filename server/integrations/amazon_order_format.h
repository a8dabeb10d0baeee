#pragma once

#include "server/integrations/marketplace_payload.h"

namespace oms::integrations {

// An Amazon SP-API-style order: the getOrder fields with the getOrderItems
// list inline as `OrderItems` (docs/CHANNELS.md has the fields read).
// Money is {"CurrencyCode", "Amount"}; every amount must be in OrderTotal's
// currency. An item's ItemPrice is for its whole quantity, so it must divide
// evenly into a unit price. Only `OrderStatus: "Unshipped"` is taken
// (Pending is not paid yet). Shipping is the items' ShippingPrice, tax their
// ItemTax + ShippingTax, discounts their PromotionDiscount +
// ShippingDiscount; OrderTotal must equal lines + shipping + tax -
// discounts. The external reference is AmazonOrderId; Expedited, NextDay
// and SecondDay ship express, anything else standard.
class AmazonOrderFormat final : public JsonOrderFormat {
 public:
  std::string Name() const override { return "amazon"; }

 protected:
  absl::StatusOr<application::PlaceOrderCommand> NormalizeJson(
      const nlohmann::json& order, const application::Channel& channel) const override;
};

}  // namespace oms::integrations
