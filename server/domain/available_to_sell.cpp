#include "server/domain/available_to_sell.h"

#include <algorithm>

namespace oms::domain {

int64_t AvailableToSell(const std::vector<StockLevel>& levels, const std::string& sku,
                        const std::set<std::string>& nodes, int64_t channel_buffer) {
  int64_t available = 0;
  for (const auto& l : levels) {
    if (l.sku == sku && nodes.contains(l.node_id)) available += l.available();
  }
  return std::max<int64_t>(available - std::max<int64_t>(channel_buffer, 0), 0);
}

void HoldBack(std::vector<StockLevel>& levels, const std::string& sku,
              const std::set<std::string>& nodes, int64_t units) {
  std::vector<StockLevel*> holding;
  for (auto& l : levels) {
    if (l.sku == sku && nodes.contains(l.node_id) && l.available() > 0) holding.push_back(&l);
  }
  std::stable_sort(holding.begin(), holding.end(), [](const StockLevel* a, const StockLevel* b) {
    return a->available() > b->available();
  });
  for (StockLevel* l : holding) {
    if (units <= 0) return;
    const int64_t n = std::min(units, l->available());
    l->safety_stock += n;
    units -= n;
  }
}

}  // namespace oms::domain
