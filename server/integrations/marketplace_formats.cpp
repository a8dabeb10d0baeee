#include "server/integrations/marketplace_formats.h"

#include "server/integrations/amazon_order_format.h"
#include "server/integrations/shopify_order_format.h"

namespace oms::integrations {

std::vector<std::unique_ptr<application::MarketplaceOrderFormat>> MarketplaceFormats() {
  std::vector<std::unique_ptr<application::MarketplaceOrderFormat>> formats;
  formats.push_back(std::make_unique<ShopifyOrderFormat>());
  formats.push_back(std::make_unique<AmazonOrderFormat>());
  return formats;
}

}  // namespace oms::integrations
