#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "server/application/channels.h"
#include "server/application/place_order_command.h"

namespace oms::application {

// One marketplace's order payload, turned into the canonical placement
// command. Implementations live in server/integrations (one class per
// format, listed in integrations::MarketplaceFormats()).
//
// Normalize keeps the marketplace's prices, discounts, shipping and tax as
// given (compute_totals is false), sets the channel, names the order by the marketplace's id
// (external_ref), and pays it with one MARKETPLACE tender of the
// marketplace's total. It writes nothing. INVALID_ARGUMENT "<field>: <why>"
// naming the payload's own field path (e.g. "line_items[1].price: ...") for
// anything that is not a paid order of this format. Thread-safe (const).
class MarketplaceOrderFormat {
 public:
  virtual ~MarketplaceOrderFormat() = default;
  virtual std::string Name() const = 0;
  virtual absl::StatusOr<PlaceOrderCommand> Normalize(std::string_view body,
                                                      const Channel& channel) const = 0;
};

}  // namespace oms::application
