#include "server/application/fulfilment_steps.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "server/application/sourcing_request.h"
#include "server/domain/sourcing.h"

namespace oms::application::fulfilment::steps {

using domain::Order;
using UnitMove = domain::Order::UnitMove;

absl::StatusOr<std::optional<Outcome>> Replay(Transaction& tx, const Actor& actor,
                                              const RequestKey& key,
                                              const std::string& shipment_id) {
  if (key.request_id.empty()) return std::nullopt;
  auto existing = tx.idempotency().Find(actor.principal_id, key.request_id);
  if (!existing.ok()) return existing.status();
  if (!existing->has_value()) return std::nullopt;
  if ((*existing)->request_hash != key.request_hash) {
    return absl::AlreadyExistsError(absl::StrCat("request_id ", key.request_id,
                                                 " was already used for a different request; "
                                                 "use a new request_id for a new action"));
  }
  auto order = tx.orders().Load((*existing)->resource_id);
  if (!order.ok()) return order.status();
  return Outcome{order->state(), shipment_id, /*replayed=*/true};
}

absl::StatusOr<Order> LoadForShipment(Transaction& tx, const std::string& order_id,
                                      const std::string& shipment_id) {
  auto order = tx.orders().Load(order_id);
  if (absl::IsNotFound(order.status()) ||
      (order.ok() && order->FindShipment(shipment_id) == nullptr)) {
    return absl::NotFoundError(absl::StrCat("shipment ", shipment_id, " not found"));
  }
  return order;
}

absl::StatusOr<Outcome> Save(Transaction& tx, Order& order, const Actor& actor,
                             const RequestKey& key, const std::string& shipment_id,
                             absl::Time now) {
  if (absl::Status s = tx.orders().Update(order); !s.ok()) return s;
  if (!key.request_id.empty()) {
    if (absl::Status s = tx.idempotency().Insert({actor.principal_id, key.request_id,
                                                  key.request_hash, order.id(),
                                                  order.state().region, now});
        !s.ok()) {
      return s;
    }
  }
  return Outcome{order.state(), shipment_id, false};
}

absl::Status HandedOver(Transaction& tx, const Order& order, const std::string& shipment_id,
                        const std::vector<Order::StockMove>& moves, absl::Time now) {
  for (const auto& m : moves) {
    if (absl::Status s = tx.stock().Consume(m.sku, m.node_id, m.quantity, order.id()); !s.ok()) {
      return s;
    }
  }
  const domain::ShipmentState* shipment = order.FindShipment(shipment_id);
  if (shipment != nullptr && shipment->charge_minor > shipment->captured_minor) {
    FulfilmentJob job;
    job.kind = FulfilmentJob::Kind::kCapture;
    job.order_id = order.id();
    job.shipment_id = shipment_id;
    job.next_attempt = now;
    return tx.jobs().Upsert(job);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<UnitMove>> RouteAgain(Transaction& tx,
                                                 const FulfilmentSettings& settings,
                                                 const domain::OrderState& order,
                                                 const domain::OrderLine& line,
                                                 const std::string& from_node, int64_t quantity,
                                                 absl::Time now) {
  if (order.shipping_option == "pickup" || order.shipping_option == "carry_out") {
    return std::vector<UnitMove>{{UnitMove::Kind::kCancel, "", quantity,
                                  absl::StrCat("the pickup store ", from_node,
                                               " cannot supply them")}};
  }
  auto nodes = RoutableNodes(tx, order.region);
  if (!nodes.ok()) return nodes.status();
  auto stock = tx.stock().ForSkus({line.sku});
  if (!stock.ok()) return stock.status();
  auto products = tx.catalog().Find({line.sku});
  if (!products.ok()) return products.status();
  if (products->count(line.sku) == 0) {
    return absl::InternalError(absl::StrCat("line ", line.line_no, ": SKU ", line.sku,
                                            " is no longer in the catalog"));
  }
  // The units were sold already: they are routed like ordinary stock.
  (*products)[line.sku].preorder = false;
  auto request = SourcingRequestFor(tx, settings, order, now);
  if (!request.ok()) return request.status();
  request->lines = {{line.line_no, line.sku, quantity}};
  request->excluded_nodes[line.line_no].insert(from_node);
  // Units split off an order go alone: ship-complete no longer applies.
  request->policy.ship_complete = false;
  auto plan = domain::PlanSourcing(*request, *stock, *nodes, *products);
  std::vector<UnitMove> moves;
  if (absl::IsFailedPrecondition(plan.status())) {
    moves.push_back({UnitMove::Kind::kCancel, "", quantity,
                     absl::StrCat("no other node holds ", line.sku,
                                  " and it cannot be backordered")});
    return moves;
  }
  if (!plan.ok()) return plan.status();
  for (const auto& r : plan->reservations) {
    moves.push_back({UnitMove::Kind::kNode, r.node_id, r.quantity,
                     absl::StrCat(r.reason, " (re-routed from ", from_node, ")")});
  }
  for (const auto& [line_no, qty] : plan->backordered) {
    moves.push_back({UnitMove::Kind::kBackorder, "", qty,
                     absl::StrCat("no other node holds ", line.sku, " now")});
  }
  return moves;
}

absl::Status ReserveMoves(Transaction& tx, const std::string& order_id, const std::string& sku,
                          const std::vector<UnitMove>& moves) {
  for (const auto& m : moves) {
    if (m.kind != UnitMove::Kind::kNode) continue;
    if (absl::Status s = tx.stock().Reserve(sku, m.node_id, m.quantity, order_id); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status VoidIfCancelled(Transaction& tx, const Order& order, absl::Time now) {
  if (order.status() != domain::OrderStatus::kCancelled) return absl::OkStatus();
  for (const auto& t : order.state().tenders) {
    if (t.type == domain::TenderType::kCard && t.status == domain::TenderStatus::kAuthorized) {
      SagaRecord saga;
      saga.order_id = order.id();
      saga.step = SagaRecord::Step::kVoiding;
      saga.deadline = now;
      saga.next_attempt = now;
      return tx.sagas().Upsert(saga);
    }
  }
  return absl::OkStatus();
}

absl::Status RejectUnits(Transaction& tx, Order& order, const std::string& shipment_id,
                         const std::string& reason, const FulfilmentSettings& settings,
                         absl::Time now) {
  const domain::ShipmentState* shipment = order.FindShipment(shipment_id);
  if (shipment == nullptr) {
    return absl::NotFoundError(absl::StrCat("shipment ", shipment_id, " not found"));
  }
  const std::string node = shipment->node_id;
  const std::vector<domain::ShipmentLine> lines = shipment->lines;
  std::map<int, std::vector<UnitMove>> moves;
  for (const auto& sl : lines) {
    const domain::OrderLine* line = nullptr;
    for (const auto& l : order.state().lines) {
      if (l.line_no == sl.line_no) line = &l;
    }
    auto routed = RouteAgain(tx, settings, order.state(), *line, node, sl.quantity, now);
    if (!routed.ok()) return routed.status();
    // Released before reserving elsewhere: the rejecting node's reservation
    // goes back to its available stock.
    if (absl::Status s = tx.stock().Release(sl.sku, node, sl.quantity, order.id()); !s.ok()) {
      return s;
    }
    if (absl::Status s = ReserveMoves(tx, order.id(), sl.sku, *routed); !s.ok()) return s;
    moves[sl.line_no] = std::move(*routed);
  }
  if (absl::Status s = order.RejectShipment(shipment_id, reason, moves, now); !s.ok()) return s;
  if (absl::Status s = ReleaseAndFollow(tx, order, settings, now); !s.ok()) return s;
  return VoidIfCancelled(tx, order, now);
}

}  // namespace oms::application::fulfilment::steps
