#pragma once

#include <memory>
#include <vector>

#include "server/application/marketplace_order_format.h"

namespace oms::integrations {

// Every marketplace payload format omsd reads, by Name(): the one place a
// new format is registered (docs/CHANNELS.md, "Adding a format").
std::vector<std::unique_ptr<application::MarketplaceOrderFormat>> MarketplaceFormats();

}  // namespace oms::integrations
