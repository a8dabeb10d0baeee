#include "server/application/channel_stock.h"

#include "absl/strings/str_cat.h"
#include "server/domain/available_to_sell.h"

namespace oms::application::channel_stock {

absl::StatusOr<std::map<std::string, int64_t>> Limit(
    const Channel& channel, const std::vector<PlaceOrderCommand::Line>& lines,
    const std::set<std::string>& nodes, std::vector<domain::StockLevel>& levels,
    std::map<std::string, domain::Product>& products) {
  std::map<std::string, int64_t> wanted;
  std::map<std::string, size_t> first_line;
  for (size_t i = 0; i < lines.size(); ++i) {
    wanted[lines[i].sku] += lines[i].quantity;
    first_line.emplace(lines[i].sku, i);
  }
  std::map<std::string, int64_t> oversold;
  for (const auto& [sku, quantity] : wanted) {
    auto product = products.find(sku);
    if (product == products.end()) continue;  // placement names the unknown SKU
    if (product->second.preorder || product->second.backorder_allowed) continue;
    const int64_t sellable = domain::AvailableToSell(levels, sku, nodes, channel.stock_buffer);
    if (quantity <= sellable) continue;
    if (channel.type != ChannelType::kMarketplace) {
      return absl::FailedPreconditionError(absl::StrCat(
          "lines[", first_line[sku], "]: ", sku, " is out of stock for this order: ", quantity,
          " asked, ", sellable, " available to sell on channel ", channel.id,
          channel.stock_buffer > 0 ? absl::StrCat(" (", channel.stock_buffer, " held back)") : ""));
    }
    oversold[sku] = quantity - sellable;
    // Route only what may be sold; the rest waits as a backorder.
    const int64_t available = domain::AvailableToSell(levels, sku, nodes, 0);
    domain::HoldBack(levels, sku, nodes, available - sellable);
    product->second.backorder_allowed = true;
  }
  return oversold;
}

}  // namespace oms::application::channel_stock
