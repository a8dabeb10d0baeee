#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "server/domain/stock.h"

// Available-to-sell per channel (docs/CHANNELS.md, "Stock across channels").
namespace oms::domain {

// What a channel may still sell of `sku`: the sum over `nodes` of what each
// holds beyond its reservations and safety stock, less the channel's
// buffer; never below zero.
int64_t AvailableToSell(const std::vector<StockLevel>& levels, const std::string& sku,
                        const std::set<std::string>& nodes, int64_t channel_buffer);

// Holds `units` of `sku` back from routing: raises the safety stock the
// router sees at `nodes`, taking from the nodes holding most first, so the
// router can reserve at most what the channel may sell.
void HoldBack(std::vector<StockLevel>& levels, const std::string& sku,
              const std::set<std::string>& nodes, int64_t units);

}  // namespace oms::domain
