#include "tests/server/order_steps.h"

#include "absl/strings/str_cat.h"

namespace oms::testing {
namespace {

constexpr char kWarehouse[] = "demo-warehouse-token";

}  // namespace

absl::Status ToStatus(const grpc::Status& s) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

absl::StatusOr<v1::Order> PlacedShippedCaptured(TestRegion& region,
                                                const v1::PlaceOrderRequest& request) {
  auto placed = region.Place(request);
  if (!placed.ok()) return placed.status();
  if (placed->shipments_size() != 1) {
    return absl::InternalError(absl::StrCat("expected one shipment: ", placed->DebugString()));
  }
  const std::string shipment_id = placed->shipments(0).shipment_id();
  v1::ShipmentActionRequest action;
  action.set_shipment_id(shipment_id);
  v1::ShipmentActionResponse response;
  {
    auto context = region.Context(kWarehouse);
    if (auto s = region.fulfillment().StartPicking(context.get(), action, &response); !s.ok()) {
      return ToStatus(s);
    }
  }
  {
    auto context = region.Context(kWarehouse);
    if (auto s = region.fulfillment().PackShipment(context.get(), action, &response); !s.ok()) {
      return ToStatus(s);
    }
  }
  v1::ShipShipmentRequest ship;
  ship.set_shipment_id(shipment_id);
  ship.set_carrier("DHL");
  ship.set_tracking_id(absl::StrCat("JJD-", shipment_id));
  {
    auto context = region.Context(kWarehouse);
    if (auto s = region.fulfillment().ShipShipment(context.get(), ship, &response); !s.ok()) {
      return ToStatus(s);
    }
  }
  if (!region.AwaitOrder(placed->order_id(), [](const v1::Order& o) {
        return o.payment_status() == v1::PAYMENT_STATUS_CAPTURED;
      })) {
    return absl::DeadlineExceededError("the order was never captured");
  }
  return region.Get(placed->order_id());
}

absl::Status DeliverShipment(TestRegion& region, const std::string& shipment_id) {
  v1::ShipmentActionRequest action;
  action.set_shipment_id(shipment_id);
  v1::ShipmentActionResponse response;
  auto context = region.Context(kWarehouse);
  return ToStatus(region.fulfillment().DeliverShipment(context.get(), action, &response));
}

absl::StatusOr<v1::Order> PlacedAndDelivered(TestRegion& region,
                                             const v1::PlaceOrderRequest& request) {
  auto order = PlacedShippedCaptured(region, request);
  if (!order.ok()) return order.status();
  if (absl::Status s = DeliverShipment(region, order->shipments(0).shipment_id()); !s.ok()) {
    return s;
  }
  return region.Get(order->order_id());
}

}  // namespace oms::testing
