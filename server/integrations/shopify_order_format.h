#pragma once

#include "server/integrations/marketplace_payload.h"

namespace oms::integrations {

// A Shopify-style `orders/create` webhook (docs/CHANNELS.md has the fields
// read). Amounts are taken in the presentment currency when the payload has
// `*_set.presentment_money`, else from the plain fields in `currency`.
// Only `financial_status: "paid"` orders are taken (others are not paid at
// the marketplace yet); `total_price` must equal lines + shipping + tax -
// discounts. The external reference is `id`; the shipping option is
// "express" when a shipping line's code or title says so, else "standard".
class ShopifyOrderFormat final : public JsonOrderFormat {
 public:
  std::string Name() const override { return "shopify"; }

 protected:
  absl::StatusOr<application::PlaceOrderCommand> NormalizeJson(
      const nlohmann::json& order, const application::Channel& channel) const override;
};

}  // namespace oms::integrations
