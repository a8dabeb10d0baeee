#pragma once

#include "absl/status/statusor.h"
#include "oms/v1/order.pb.h"
#include "oms/v1/order_service.pb.h"
#include "tests/server/test_region.h"

// Steps many integration tests take to get an order where they need it,
// through the real API as the warehouse user.
namespace oms::testing {

absl::Status ToStatus(const grpc::Status& s);

// Places the order, ships its one shipment and waits until the card money
// is captured.
absl::StatusOr<v1::Order> PlacedShippedCaptured(TestRegion& region,
                                                const v1::PlaceOrderRequest& request);

// The carrier delivers a shipped shipment (as the warehouse user).
absl::Status DeliverShipment(TestRegion& region, const std::string& shipment_id);

// As above, then the carrier delivers it.
absl::StatusOr<v1::Order> PlacedAndDelivered(TestRegion& region,
                                             const v1::PlaceOrderRequest& request);

}  // namespace oms::testing
