// Fulfilment units that move units between nodes: short picks, rejections,
// backorders and preorders served, pickups expired.
#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "server/application/fulfilment_steps.h"
#include "server/application/fulfilment_units.h"
#include "server/application/sourcing_request.h"
#include "server/domain/sourcing.h"

namespace oms::application::fulfilment {

using domain::Order;
using domain::OrderStatus;

absl::StatusOr<Outcome> ShortPick(Transaction& tx, const std::string& shipment_id,
                                  const std::vector<ShortLine>& lines, const std::string& reason,
                                  const RequestKey& key, const Actor& actor,
                                  const FulfilmentSettings& settings, absl::Time now) {
  tx.SetActor(actor);
  auto order_id = OrderIdOfShipment(shipment_id);
  if (!order_id.ok()) return order_id.status();
  if (lines.empty()) {
    return absl::InvalidArgumentError("lines: name at least one line and its missing units");
  }
  return steps::OncePerKey(tx, actor, key, shipment_id, [&]() -> absl::StatusOr<Outcome> {
    auto order = steps::LoadForShipment(tx, *order_id, shipment_id);
    if (!order.ok()) return order.status();
    const std::string node = order->FindShipment(shipment_id)->node_id;
    for (const ShortLine& short_line : lines) {
      const domain::OrderLine* line = nullptr;
      for (const auto& l : order->state().lines) {
        if (l.line_no == short_line.line_no) line = &l;
      }
      if (line == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("lines: order ", order->state().order_number,
                                                       " has no line ", short_line.line_no));
      }
      const std::string sku = line->sku;
      const domain::OrderLine line_before = *line;
      auto moves = steps::RouteAgain(tx, settings, order->state(), line_before, node,
                                     short_line.missing, now);
      if (!moves.ok()) return moves.status();
      if (absl::Status s = order->ShortPick(shipment_id, short_line.line_no, short_line.missing,
                                            *moves, reason, now);
          !s.ok()) {
        return s;
      }
      // The node does not have them: its reservation is released and the
      // missing units written off its count.
      if (absl::Status s = tx.stock().Release(sku, node, short_line.missing, order->id());
          !s.ok()) {
        return s;
      }
      auto written_off = tx.stock().Adjust(
          sku, node, domain::StockAdjustment::kDamage, short_line.missing,
          absl::StrCat("short pick on shipment ", shipment_id, reason.empty() ? "" : ": ", reason));
      if (!written_off.ok()) return written_off.status();
      if (absl::Status s = steps::ReserveMoves(tx, order->id(), sku, *moves); !s.ok()) return s;
    }
    if (absl::Status s = ReleaseAndFollow(tx, *order, settings, now); !s.ok()) return s;
    if (absl::Status s = steps::VoidIfCancelled(tx, *order, now); !s.ok()) return s;
    return steps::Save(tx, *order, actor, key, shipment_id, now);
  });
}

absl::StatusOr<Outcome> Reject(Transaction& tx, const std::string& shipment_id,
                               const std::string& reason, const RequestKey& key, const Actor& actor,
                               const FulfilmentSettings& settings, absl::Time now) {
  tx.SetActor(actor);
  auto order_id = OrderIdOfShipment(shipment_id);
  if (!order_id.ok()) return order_id.status();
  if (reason.empty() || reason.size() > 200) {
    return absl::InvalidArgumentError(
        "reason: say why the node rejects it (at most 200 characters)");
  }
  return steps::OncePerKey(tx, actor, key, shipment_id, [&]() -> absl::StatusOr<Outcome> {
    auto order = steps::LoadForShipment(tx, *order_id, shipment_id);
    if (!order.ok()) return order.status();
    if (absl::Status s = steps::RejectUnits(tx, *order, shipment_id, reason, settings, now);
        !s.ok()) {
      return s;
    }
    return steps::Save(tx, *order, actor, key, shipment_id, now);
  });
}

absl::StatusOr<int> ServeWaiting(Transaction& tx, const std::string& sku, bool preorders,
                                 const FulfilmentSettings& settings, absl::Time now) {
  auto products = tx.catalog().Find({sku});
  if (!products.ok()) return products.status();
  if (products->count(sku) == 0) return 0;
  // Whatever no node holds yet keeps waiting.
  (*products)[sku].preorder = false;
  (*products)[sku].backorder_allowed = true;
  // Nothing to give while no node has a unit available: the orders are not
  // even loaded.
  auto nothing_available = [&]() -> absl::StatusOr<bool> {
    auto stock = tx.stock().ForSkus({sku});
    if (!stock.ok()) return stock.status();
    for (const auto& level : *stock) {
      if (level.available() > 0) return false;
    }
    return true;
  };
  if (auto none = nothing_available(); !none.ok() || *none) {
    if (!none.ok()) return none.status();
    return 0;
  }
  auto ids = tx.orders().WaitingFor(sku, preorders, 200);
  if (!ids.ok()) return ids.status();
  const Order::Waiting from =
      preorders ? Order::Waiting::kPreordered : Order::Waiting::kBackordered;
  std::map<std::string, std::vector<domain::FulfillmentNode>> nodes_of_region;
  int served = 0;
  for (const std::string& id : *ids) {
    auto order = tx.orders().Load(id);
    if (!order.ok()) return order.status();
    if (order->status() != OrderStatus::kConfirmed &&
        order->status() != OrderStatus::kPartiallyFulfilled) {
      continue;  // a pending order is served when stock next arrives after it is confirmed
    }
    bool changed = false;
    for (const domain::OrderLine& line_ref : order->state().lines) {
      const domain::OrderLine line = line_ref;  // the order changes below
      const int64_t waiting = preorders ? line.preordered : line.backordered;
      if (line.sku != sku || waiting == 0) continue;
      const std::string& region = order->state().region;
      if (!nodes_of_region.count(region)) {
        auto nodes = RoutableNodes(tx, region);
        if (!nodes.ok()) return nodes.status();
        nodes_of_region[region] = std::move(*nodes);
      }
      auto stock = tx.stock().ForSkus({sku});
      if (!stock.ok()) return stock.status();
      auto request = SourcingRequestFor(tx, settings, order->state(), now);
      if (!request.ok()) return request.status();
      request->lines = {{line.line_no, sku, waiting}};
      request->policy.ship_complete = false;
      if (request->mode == domain::DeliveryMode::kCarryOut)
        request->mode = domain::DeliveryMode::kShip;
      auto plan = domain::PlanSourcing(*request, *stock, nodes_of_region[region], *products);
      if (!plan.ok()) return plan.status();
      for (const auto& r : plan->reservations) {
        if (absl::Status s = tx.stock().Reserve(sku, r.node_id, r.quantity, id); !s.ok()) return s;
        if (absl::Status s = order->AllocateWaitingUnits(
                line.line_no, from, r.node_id, r.quantity,
                absl::StrCat(r.reason, preorders ? " (preorder released)" : " (stock arrived)"),
                now);
            !s.ok()) {
          return s;
        }
        changed = true;
      }
    }
    if (!changed) continue;
    if (absl::Status s = ReleaseAndFollow(tx, *order, settings, now); !s.ok()) return s;
    if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
    ++served;
    auto none = nothing_available();
    if (!none.ok()) return none.status();
    if (*none) break;
  }
  return served;
}

absl::StatusOr<int> ReleaseDuePreorders(Transaction& tx, const FulfilmentSettings& settings,
                                        absl::Time now) {
  auto skus = tx.orders().PreorderedSkus();
  if (!skus.ok()) return skus.status();
  if (skus->empty()) return 0;
  auto products = tx.catalog().Find(*skus);
  if (!products.ok()) return products.status();
  int served = 0;
  for (const auto& [sku, product] : *products) {
    if (product.release_unix > absl::ToUnixSeconds(now)) continue;
    auto n = ServeWaiting(tx, sku, /*preorders=*/true, settings, now);
    if (!n.ok()) return n.status();
    served += *n;
  }
  return served;
}

absl::StatusOr<int> ExpirePickups(Transaction& tx, const FulfilmentSettings& settings,
                                  absl::Time now) {
  auto due = tx.orders().PickupsExpiredBy(now, 100);
  if (!due.ok()) return due.status();
  int expired = 0;
  for (const auto& [order_id, shipment_id] : *due) {
    auto order = tx.orders().Load(order_id);
    if (!order.ok()) return order.status();
    auto released = order->ExpirePickup(shipment_id, now);
    if (!released.ok()) return released.status();
    for (const auto& m : *released) {
      if (absl::Status s = tx.stock().Release(m.sku, m.node_id, m.quantity, order_id); !s.ok()) {
        return s;
      }
    }
    if (absl::Status s = ReleaseAndFollow(tx, *order, settings, now); !s.ok()) return s;
    if (absl::Status s = steps::VoidIfCancelled(tx, *order, now); !s.ok()) return s;
    if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
    ++expired;
  }
  return expired;
}

}  // namespace oms::application::fulfilment
