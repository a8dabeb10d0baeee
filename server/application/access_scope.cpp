#include "server/application/access_scope.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace oms::application {
namespace {

bool IsSystem(const Actor& actor) { return actor.role == "system"; }

}  // namespace

const std::vector<std::string>* NodeScope(const Actor& actor) {
  if (actor.role == "store") return &actor.scopes.stores;
  if (actor.role == "warehouse") return &actor.scopes.nodes;
  return nullptr;
}

std::vector<std::string> NodesOf(const domain::OrderState& order) {
  std::vector<std::string> nodes;
  if (!order.pickup_node_id.empty()) nodes.push_back(order.pickup_node_id);
  for (const auto& line : order.lines) {
    for (const auto& allocation : line.allocations) nodes.push_back(allocation.node_id);
  }
  for (const auto& shipment : order.shipments) nodes.push_back(shipment.node_id);
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  return nodes;
}

bool MaySeeOrder(const Actor& actor, const domain::OrderState& order) {
  if (IsSystem(actor)) return true;
  if (!Scopes::Allows(actor.scopes.regions, order.region)) return false;
  if (actor.role == "channel") return Scopes::Allows(actor.scopes.channels, order.channel);
  if (const std::vector<std::string>* nodes = NodeScope(actor)) {
    for (const std::string& node : NodesOf(order)) {
      if (Scopes::Allows(*nodes, node)) return true;
    }
    return false;
  }
  return true;
}

bool MaySeeNode(const Actor& actor, const std::string& node_id, const std::string& node_region) {
  if (IsSystem(actor)) return true;
  if (!Scopes::Allows(actor.scopes.regions, node_region)) return false;
  if (const std::vector<std::string>* nodes = NodeScope(actor)) {
    return Scopes::Allows(*nodes, node_id);
  }
  return true;
}

bool MayWorkAtNode(const Actor& actor, const std::string& node_id) {
  const std::vector<std::string>* nodes = NodeScope(actor);
  return nodes == nullptr || Scopes::Allows(*nodes, node_id);
}

absl::Status MayPlaceOrder(const Actor& actor, const std::string& channel,
                           const std::string& pickup_node_id) {
  if (actor.role == "channel" && channel.empty()) {
    return absl::InvalidArgumentError("channel: required");
  }
  if (actor.role == "store" && pickup_node_id.empty() && !Scopes::Allows(actor.scopes.stores, "*")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "pickup_node_id: store staff take orders for a store; give one of ",
        absl::StrJoin(actor.scopes.stores, ", ")));
  }
  if (actor.role == "channel" && !Scopes::Allows(actor.scopes.channels, channel)) {
    return absl::PermissionDeniedError(absl::StrCat(
        actor.principal_id, " may place orders only for channels ",
        absl::StrJoin(actor.scopes.channels, ", "), ", not for '", channel, "'"));
  }
  if (actor.role == "store" && !Scopes::Allows(actor.scopes.stores, pickup_node_id)) {
    return absl::PermissionDeniedError(absl::StrCat(
        actor.principal_id, " takes orders for stores ", absl::StrJoin(actor.scopes.stores, ", "),
        ": set pickup_node_id to one of them"));
  }
  return absl::OkStatus();
}

void RestrictToScope(const Actor& actor, OrderSearch& search) {
  if (IsSystem(actor)) return;
  auto limited = [](const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), "*") == list.end();
  };
  if (limited(actor.scopes.regions)) search.scope.regions = actor.scopes.regions;
  if (actor.role == "channel" && limited(actor.scopes.channels)) {
    search.scope.channels = actor.scopes.channels;
  }
  if (const std::vector<std::string>* nodes = NodeScope(actor); nodes && limited(*nodes)) {
    search.scope.any_node = *nodes;
  }
}

FieldAccess FieldAccessOf(const Actor& actor) {
  if (actor.role == "warehouse") return FieldAccess{false, false, false};
  if (actor.role == "store") return FieldAccess{false, false, true};
  return FieldAccess{};
}

}  // namespace oms::application
