#include "server/application/sourcing_request.h"

namespace oms::application {

absl::StatusOr<domain::SourcingRequest> SourcingRequestFor(
    Transaction& tx, const FulfilmentSettings& settings, const std::string& channel,
    const std::string& region, const domain::PostalAddress& ship_to,
    const std::string& shipping_option, const std::string& pickup_node_id, absl::Time now) {
  domain::SourcingRequest request;
  request.region = region;
  if (shipping_option == "pickup") {
    request.mode = domain::DeliveryMode::kPickup;
  } else if (shipping_option == "carry_out") {
    request.mode = domain::DeliveryMode::kCarryOut;
  }
  request.pickup_node_id = pickup_node_id;
  request.policy = settings.PolicyFor(channel);
  if (settings.geo != nullptr) {
    request.destination = settings.geo->Find(ship_to.country, ship_to.postal_code, ship_to.city);
  }
  // A node's daily capacity counts the shipments it got since midnight UTC.
  const absl::Time midnight = absl::FromCivil(
      absl::CivilDay(absl::ToCivilDay(now, absl::UTCTimeZone())), absl::UTCTimeZone());
  auto load = tx.orders().ShipmentsCreatedSince(midnight);
  if (!load.ok()) return load.status();
  request.node_orders_today = std::move(*load);
  return request;
}

absl::StatusOr<std::vector<domain::FulfillmentNode>> RoutableNodes(Transaction& tx,
                                                                   const std::string& region) {
  auto nodes = tx.nodes().All();
  if (!nodes.ok()) return nodes;
  std::erase_if(*nodes, [&](const domain::FulfillmentNode& n) { return n.region != region; });
  return nodes;
}

absl::StatusOr<domain::SourcingRequest> SourcingRequestFor(Transaction& tx,
                                                           const FulfilmentSettings& settings,
                                                           const domain::OrderState& order,
                                                           absl::Time now) {
  auto request = SourcingRequestFor(tx, settings, order.channel, order.region,
                                    order.shipping_address, order.shipping_option,
                                    order.pickup_node_id, now);
  if (!request.ok()) return request;
  for (const auto& line : order.lines) {
    for (const auto& node : line.excluded_nodes) request->excluded_nodes[line.line_no].insert(node);
  }
  return request;
}

}  // namespace oms::application
