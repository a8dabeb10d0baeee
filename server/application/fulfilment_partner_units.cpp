// Fulfilment units fed by the outside: partner nodes' answers, ship
// confirmations and stock snapshots; the captures that follow the goods.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/application/fulfilment_steps.h"
#include "server/application/fulfilment_units.h"

namespace oms::application::fulfilment {

using domain::ShipmentStatus;

namespace {

Actor NodeActor(const std::string& node_id) {
  Actor actor;
  actor.principal_id = absl::StrCat("node:", node_id);
  actor.role = "node";
  return actor;
}

}  // namespace

std::string CaptureKey(const std::string& order_id, const std::string& tender_id,
                       const std::string& shipment_id) {
  return absl::StrCat(order_id, ":", tender_id, ":capture:", shipment_id);
}

std::string RenewKey(const std::string& order_id, const std::string& tender_id, int renewal) {
  return absl::StrCat(order_id, ":", tender_id, ":renew:", renewal);
}

absl::StatusOr<Outcome> ApplyNodeAnswer(Transaction& tx, const std::string& shipment_id,
                                        const NodeAnswer& answer,
                                        const FulfilmentSettings& settings, absl::Time now) {
  auto order_id = OrderIdOfShipment(shipment_id);
  if (!order_id.ok()) return order_id.status();
  auto order = steps::LoadForShipment(tx, *order_id, shipment_id);
  if (!order.ok()) return order.status();
  const domain::ShipmentState* shipment = order->FindShipment(shipment_id);
  tx.SetActor(NodeActor(shipment->node_id));
  FulfilmentJob job;
  job.kind = FulfilmentJob::Kind::kNodeRequest;
  job.shipment_id = shipment_id;
  if (absl::Status s = tx.jobs().Delete(job); !s.ok()) return s;
  // Answers may come after the shipment moved on (cancelled, or already
  // confirmed shipped by the partner): nothing left to decide then.
  if (shipment->status == ShipmentStatus::kCreated ||
      shipment->status == ShipmentStatus::kPicking) {
    absl::Status s = answer.accepted
                         ? order->RecordShipmentAccepted(shipment_id, answer.partner_ref, now)
                         : steps::RejectUnits(tx, *order, shipment_id,
                                              answer.reason.empty() ? "rejected by the node"
                                                                    : answer.reason,
                                              settings, now);
    if (!s.ok()) return s;
    if (absl::Status s2 = tx.orders().Update(*order); !s2.ok()) return s2;
  }
  return Outcome{order->state(), shipment_id, false};
}

absl::Status ApplyShipConfirmation(Transaction& tx, const ShipConfirmation& c,
                                   const FulfilmentSettings& settings, absl::Time now) {
  if (c.confirmation_id.empty() || c.confirmation_id.size() > 255) {
    return absl::InvalidArgumentError("confirmation_id: required, at most 255 characters");
  }
  if (c.sequence <= 0) return absl::InvalidArgumentError("sequence: must be 1 or more");
  const Actor actor = NodeActor(c.node_id);
  tx.SetActor(actor);
  const std::string fingerprint =
      absl::StrCat(c.shipment_id, "|", static_cast<int>(c.kind), "|", c.sequence, "|",
                   c.tracking_id);
  auto seen = tx.idempotency().Find(actor.principal_id, c.confirmation_id);
  if (!seen.ok()) return seen.status();
  if (seen->has_value()) {
    if ((*seen)->request_hash == fingerprint) return absl::OkStatus();  // applied before
    return absl::FailedPreconditionError(absl::StrCat(
        "confirmation ", c.confirmation_id, " was already applied with other content"));
  }
  auto order_id = OrderIdOfShipment(c.shipment_id);
  if (!order_id.ok()) return order_id.status();
  auto order = steps::LoadForShipment(tx, *order_id, c.shipment_id);
  if (!order.ok()) return order.status();
  const domain::ShipmentState* shipment = order->FindShipment(c.shipment_id);
  if (shipment->node_id != c.node_id) {
    return absl::NotFoundError(
        absl::StrCat("shipment ", c.shipment_id, " not found at node ", c.node_id));
  }
  if (absl::Status s = order->RecordPartnerSequence(c.shipment_id, c.sequence); !s.ok()) return s;
  switch (c.kind) {
    case ShipConfirmation::Kind::kShipped: {
      // The partner picks and packs on its own side.
      if (shipment->status == ShipmentStatus::kCreated) {
        if (absl::Status s = order->StartPicking(c.shipment_id, now); !s.ok()) return s;
      }
      if (order->FindShipment(c.shipment_id)->status == ShipmentStatus::kPicking) {
        if (absl::Status s = order->PackShipment(c.shipment_id, now); !s.ok()) return s;
      }
      auto moves = order->ShipShipment(c.shipment_id, c.carrier, c.service, c.tracking_id, now);
      if (!moves.ok()) return moves.status();
      if (absl::Status s = steps::HandedOver(tx, *order, c.shipment_id, *moves, now); !s.ok()) {
        return s;
      }
      break;
    }
    case ShipConfirmation::Kind::kDelivered:
      if (shipment->status != ShipmentStatus::kShipped) {
        return absl::FailedPreconditionError(absl::StrCat(
            "shipment ", c.shipment_id, " is ", domain::Name(shipment->status),
            ": a delivery is applied only after SHIPPED; send the SHIPPED confirmation first"));
      }
      if (absl::Status s = order->DeliverShipment(c.shipment_id, now); !s.ok()) return s;
      break;
    case ShipConfirmation::Kind::kException:
      if (absl::Status s = order->ReportShipmentException(
              c.shipment_id, c.note.empty() ? "reported by the node" : c.note, now);
          !s.ok()) {
        return s;
      }
      break;
  }
  if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
  return tx.idempotency().Insert(
      {actor.principal_id, c.confirmation_id, fingerprint, order->id(), order->state().region, now});
}

absl::Status ApplyStockSnapshot(Transaction& tx, const StockSnapshot& snapshot,
                                const FulfilmentSettings& settings, absl::Time now) {
  if (snapshot.snapshot_id.empty() || snapshot.snapshot_id.size() > 255) {
    return absl::InvalidArgumentError("snapshot_id: required, at most 255 characters");
  }
  tx.SetActor(NodeActor(snapshot.node_id));
  auto applied = tx.snapshots().Applied(snapshot.node_id, snapshot.snapshot_id);
  if (!applied.ok()) return applied.status();
  if (*applied) return absl::OkStatus();
  auto newest = tx.snapshots().Newest(snapshot.node_id);
  if (!newest.ok()) return newest.status();
  if (newest->has_value() && **newest > snapshot.taken_at) {
    return absl::FailedPreconditionError(absl::StrCat(
        "snapshot ", snapshot.snapshot_id, " was taken at ",
        absl::FormatTime(absl::RFC3339_sec, snapshot.taken_at, absl::UTCTimeZone()),
        ", before the newest one applied for ", snapshot.node_id, " (",
        absl::FormatTime(absl::RFC3339_sec, **newest, absl::UTCTimeZone()), ")"));
  }
  std::vector<std::string> skus;
  for (const auto& item : snapshot.items) skus.push_back(item.sku);
  auto products = tx.catalog().Find(skus);
  if (!products.ok()) return products.status();
  std::vector<std::string> grown;
  for (const auto& item : snapshot.items) {
    if (products->count(item.sku) == 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("snapshot ", snapshot.snapshot_id, ": unknown SKU ", item.sku));
    }
    if (item.on_hand < 0) {
      return absl::InvalidArgumentError(absl::StrCat("items: ", item.sku, " on_hand is negative"));
    }
    int64_t before = 0;
    if (auto level = tx.stock().Get(item.sku, snapshot.node_id); level.ok()) {
      before = level->on_hand;
    }
    auto counted = tx.stock().Adjust(item.sku, snapshot.node_id, domain::StockAdjustment::kCount,
                                     item.on_hand,
                                     absl::StrCat("stock snapshot ", snapshot.snapshot_id));
    if (!counted.ok()) return counted.status();
    if (item.on_hand > before) grown.push_back(item.sku);
  }
  if (absl::Status s = tx.snapshots().Record(snapshot.node_id, snapshot.snapshot_id,
                                             snapshot.taken_at, now);
      !s.ok()) {
    return s;
  }
  for (const auto& sku : grown) {
    if (auto served = ServeWaiting(tx, sku, /*preorders=*/false, settings, now); !served.ok()) {
      return served.status();
    }
  }
  return absl::OkStatus();
}

std::optional<CaptureStep> NextCapture(const domain::OrderState& order,
                                       const std::string& shipment_id,
                                       const FulfilmentSettings& settings, absl::Time now) {
  const domain::ShipmentState* shipment = nullptr;
  for (const auto& s : order.shipments) {
    if (s.shipment_id == shipment_id) shipment = &s;
  }
  if (shipment == nullptr) return std::nullopt;
  const int64_t due = shipment->charge_minor - shipment->captured_minor;
  if (due <= 0) return std::nullopt;
  for (const auto& t : order.tenders) {
    if (t.type != domain::TenderType::kCard) continue;
    if (t.status != domain::TenderStatus::kAuthorized &&
        t.status != domain::TenderStatus::kCaptured) {
      continue;
    }
    const int64_t room = t.authorized_minor - t.captured_minor - t.voided_minor;
    if (room <= 0) continue;
    CaptureStep step;
    step.order_id = order.order_id;
    step.shipment_id = shipment_id;
    step.tender_id = t.tender_id;
    step.gateway = t.gateway;
    step.payment_ref = t.payment_ref;
    step.currency = order.currency;
    step.amount_minor = std::min(due, room);
    step.renew_first =
        t.authorized_at + settings.authorization_validity - settings.renew_before <= now;
    step.renewals = t.renewals;
    step.uncaptured_minor = room;
    step.card_token = t.card_token;
    return step;
  }
  return std::nullopt;
}

}  // namespace oms::application::fulfilment
