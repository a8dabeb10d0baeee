// Fulfilment units: shipments worked inside the OMS, holds, release to nodes.
#include "server/application/fulfilment_units.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/application/fulfilment_steps.h"

namespace oms::application::fulfilment {

using domain::Order;
using domain::OrderStatus;
using domain::ShipmentKind;

absl::StatusOr<std::string> OrderIdOfShipment(const std::string& shipment_id) {
  const size_t cut = shipment_id.rfind("-S");
  int n = 0;
  if (shipment_id.size() > 100 || cut == std::string::npos || cut == 0 ||
      !absl::SimpleAtoi(absl::string_view(shipment_id).substr(cut + 2), &n) || n < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "shipment_id: '", shipment_id, "' is not a shipment id (order id + \"-S\" + number)"));
  }
  return shipment_id.substr(0, cut);
}

absl::Status ReleaseAndFollow(Transaction& tx, Order& order, const FulfilmentSettings& settings,
                              absl::Time now) {
  const absl::Time release_at = order.state().created_at + settings.release_grace;
  // A carry-out is handed over at the till: no grace window for it.
  if (now < release_at && order.state().shipping_option != "carry_out") {
    // In the grace window: a RELEASE job comes back for it when it ends.
    FulfilmentJob job;
    job.kind = FulfilmentJob::Kind::kRelease;
    job.order_id = order.id();
    job.shipment_id = order.id();
    job.next_attempt = release_at;
    return tx.jobs().Upsert(job);
  }
  for (const std::string& id : order.ReleaseToNodes(now)) {
    const domain::ShipmentState* shipment = order.FindShipment(id);
    if (shipment->kind == ShipmentKind::kCarryOut) {
      auto moves = order.CarryOut(id, now);
      if (!moves.ok()) return moves.status();
      if (absl::Status s = steps::HandedOver(tx, order, id, *moves, now); !s.ok()) return s;
    } else if (settings.is_partner_node && settings.is_partner_node(shipment->node_id)) {
      FulfilmentJob job;
      job.kind = FulfilmentJob::Kind::kNodeRequest;
      job.order_id = order.id();
      job.shipment_id = id;
      job.next_attempt = now;
      if (absl::Status s = tx.jobs().Upsert(job); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Outcome> Work(Transaction& tx, const ShipmentCommand& command, const Actor& actor,
                             const FulfilmentSettings& settings, absl::Time now) {
  tx.SetActor(actor);
  auto order_id = OrderIdOfShipment(command.shipment_id);
  if (!order_id.ok()) return order_id.status();
  return steps::OncePerKey(
      tx, actor, command.key, command.shipment_id, [&]() -> absl::StatusOr<Outcome> {
        auto order = steps::LoadForShipment(tx, *order_id, command.shipment_id);
        if (!order.ok()) return order.status();
        const std::string& id = command.shipment_id;
        absl::Status status;
        switch (command.action) {
          case Action::kStartPicking:
            status = order->StartPicking(id, now);
            break;
          case Action::kPack:
            status = order->PackShipment(id, now);
            break;
          case Action::kShip: {
            auto moves =
                order->ShipShipment(id, command.carrier, command.service, command.tracking_id, now);
            status = moves.ok() ? steps::HandedOver(tx, *order, id, *moves, now) : moves.status();
            break;
          }
          case Action::kDeliver:
            status = order->DeliverShipment(id, now);
            break;
          case Action::kReadyForPickup:
            status = order->MarkReadyForPickup(id, now, now + settings.pickup_window);
            break;
          case Action::kCompletePickup: {
            auto moves = order->CompletePickup(id, now);
            status = moves.ok() ? steps::HandedOver(tx, *order, id, *moves, now) : moves.status();
            break;
          }
        }
        if (!status.ok()) return status;
        return steps::Save(tx, *order, actor, command.key, id, now);
      });
}

absl::StatusOr<Outcome> AddNote(Transaction& tx, const std::string& order_id,
                                const std::string& text, const RequestKey& key,
                                const Actor& actor, absl::Time now) {
  tx.SetActor(actor);
  return steps::OncePerKey(tx, actor, key, "", [&]() -> absl::StatusOr<Outcome> {
    auto order = tx.orders().Load(order_id);
    if (!order.ok()) return order.status();
    if (absl::Status s = order->AddNote(actor.principal_id, text, now); !s.ok()) return s;
    return steps::Save(tx, *order, actor, key, "", now);
  });
}

absl::StatusOr<Outcome> ChangeHold(Transaction& tx, const std::string& order_id, bool hold,
                                   domain::HoldReason reason, const std::string& note,
                                   const std::string& shipment_id, const RequestKey& key,
                                   const Actor& actor, const FulfilmentSettings& settings,
                                   absl::Time now) {
  tx.SetActor(actor);
  return steps::OncePerKey(tx, actor, key, shipment_id, [&]() -> absl::StatusOr<Outcome> {
    auto order = tx.orders().Load(order_id);
    if (!order.ok()) return order.status();
    absl::Status status;
    if (!shipment_id.empty()) {
      status = hold ? order->PlaceShipmentHold(shipment_id, reason, note, now)
                    : order->ReleaseShipmentHold(shipment_id, reason, now);
    } else if (hold) {
      status = order->PlaceHold(reason, note, now);
    } else {
      if (reason == domain::HoldReason::kAwaitingPayment &&
          order->status() == OrderStatus::kPending) {
        return absl::FailedPreconditionError(
            "the AWAITING_PAYMENT hold is released by the payment saga when the gateway answers");
      }
      status = order->ReleaseHold(reason, now);
      // The last hold gone: the order continues where it was.
      if (status.ok()) status = ReleaseAndFollow(tx, *order, settings, now);
    }
    if (!status.ok()) return status;
    return steps::Save(tx, *order, actor, key, shipment_id, now);
  });
}

}  // namespace oms::application::fulfilment
