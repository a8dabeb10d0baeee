#pragma once

#include <map>
#include <memory>
#include <string>

#include <grpcpp/server.h>

#include "absl/synchronization/mutex.h"
#include "oms/v1/fulfillment_service.grpc.pb.h"
#include "oms/v1/inventory_service.grpc.pb.h"
#include "oms/v1/node_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "oms/v1/session_service.grpc.pb.h"

namespace omsctl::testing {

// A few RPCs of oms.v1 with fixed answers, on a real port of 127.0.0.1, for
// running the omsctl binary end to end. Not omsd: no storage, no sagas.
//
// - OrderService: GetOrder knows one order (kOrderNumber / kOrderId), else
//   NOT_FOUND. PlaceOrder records the request and answers that order, or
//   FAILED_PRECONDITION for a line of kOutOfStockSku. SearchOrders records
//   the request and pages three orders two at a time (token "p2").
//   HoldOrder adds the hold to the order, or to one of its shipments;
//   ReleaseOrder removes it, FAILED_PRECONDITION when there is no such hold.
// - FulfillmentService (fake_fulfillment_service.cpp): the fixed order's two
//   shipments (kShipmentId at WH-BER-1, kStoreShipmentId at ST-MUC-3) and
//   kClosedShipmentId, DELIVERED, on which every action is
//   FAILED_PRECONDITION; any other id is NOT_FOUND. An action answers the
//   shipment in its new status with the order; RejectShipment and
//   ReportShortPick re-route the units to a new shipment, kReroutedShipmentId
//   at WH-HAM-2. The request id kReplayedRequestId answers replayed.
//   ListShipments filters by node, status and order and pages by offset.
// - InventoryService: AdjustStock records the request, returns a level.
// - NodeService: ListNodes returns one warehouse; region "SLOW" waits until
//   the caller gives up (for deadline tests).
// - SessionService: WhoAmI answers kPrincipal for "Bearer <kToken>", else
//   UNAUTHENTICATED.
// - grpc.health.v1.Health via gRPC's default health service.
// Thread-safe.
class FakeOmsServer {
 public:
  static constexpr char kToken[] = "test-token";
  static constexpr char kPrincipal[] = "staff:alice";
  static constexpr char kOrderNumber[] = "EU1-7Q2M-K9XD";
  static constexpr char kOrderId[] = "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B";
  static constexpr char kOutOfStockSku[] = "SKU-GONE";
  static constexpr char kShipmentId[] = "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S1";
  static constexpr char kStoreShipmentId[] =
      "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S2";
  static constexpr char kReroutedShipmentId[] =
      "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S3";
  static constexpr char kClosedShipmentId[] =
      "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S9";
  static constexpr char kReplayedRequestId[] = "replayed";

  FakeOmsServer();  // listening when it returns
  ~FakeOmsServer();

  std::string address() const;  // "127.0.0.1:PORT"
  void SetServing(bool serving);

  // The fixed order GetOrder and PlaceOrder answer: two lines, each
  // allocated with a reason, one shipment per line at different nodes.
  static oms::v1::Order FixedOrder();

  int calls() const;  // RPCs received, health checks excluded
  oms::v1::PlaceOrderRequest last_place_request() const;
  oms::v1::SearchOrdersRequest last_search_request() const;
  oms::v1::AdjustStockRequest last_adjust_request() const;

  // The last request `method` ("HoldOrder", "ShipShipment", ...) received;
  // an empty message when it received none.
  template <typename Request>
  Request last_request(const std::string& method) const {
    absl::MutexLock lock(&mu_);
    Request request;
    const auto found = recorded_.requests.find(method);
    if (found != recorded_.requests.end()) {
      request.ParseFromString(found->second);
    }
    return request;
  }

 private:
  class Orders;
  class Inventory;
  class Nodes;
  class Session;
  class Fulfillment;

  struct Recorded {
    int calls = 0;
    oms::v1::PlaceOrderRequest place;
    oms::v1::SearchOrdersRequest search;
    oms::v1::AdjustStockRequest adjust;
    std::map<std::string, std::string> requests;  // method -> serialized
  };

  // Counts a call and lets `update` record what it carried.
  template <typename Update>
  void Record(Update update) {
    absl::MutexLock lock(&mu_);
    ++recorded_.calls;
    update(recorded_);
  }

  // Counts a call and keeps `request` for last_request(method).
  void RecordRequest(const std::string& method,
                     const google::protobuf::Message& request) {
    Record([&](Recorded& r) {
      r.requests[method] = request.SerializeAsString();
    });
  }

  mutable absl::Mutex mu_;
  Recorded recorded_;  // guarded by mu_

  std::unique_ptr<Orders> orders_;
  std::unique_ptr<Inventory> inventory_;
  std::unique_ptr<Nodes> nodes_;
  std::unique_ptr<Session> session_;
  std::unique_ptr<Fulfillment> fulfillment_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace omsctl::testing
