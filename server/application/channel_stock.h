#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/application/channels.h"
#include "server/application/place_order_command.h"
#include "server/domain/stock.h"

// The channel's share of stock at placement (docs/CHANNELS.md, "Stock
// across channels"). Internal to server/application: placement uses it.
namespace oms::application::channel_stock {

// Checks the order's lines against the channel's available-to-sell
// (available at the region's nodes less safety stock and the channel's
// buffer). Products sold as preorders or with backorders allowed are not
// limited. A web checkout or POS order asking for more is
// FAILED_PRECONDITION naming the line and what may be sold. A marketplace
// order was already sold: it is accepted, and the units beyond
// available-to-sell are answered per SKU; `levels` and `products` are
// adjusted so that routing reserves only what the channel may sell and
// backorders the rest.
absl::StatusOr<std::map<std::string, int64_t>> Limit(
    const Channel& channel, const std::vector<PlaceOrderCommand::Line>& lines,
    const std::set<std::string>& nodes, std::vector<domain::StockLevel>& levels,
    std::map<std::string, domain::Product>& products);

}  // namespace oms::application::channel_stock
