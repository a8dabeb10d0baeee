#pragma once

#include "oms/v1/order_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/api/watch_hub.h"
#include "server/application/fulfilment.h"
#include "server/application/placement_saga.h"
#include "server/application/queries.h"
#include "server/application/replication.h"

namespace oms::api {

class HomeForwarder;

// gRPC adapter of OrderService: maps protos, calls the use case or the read
// model, maps the answer. No business rules here.
class OrderService final : public v1::OrderService::CallbackService {
 public:
  OrderService(Authenticator& auth, application::ReadModel& reads,
               application::PlacementSaga& placement, application::Fulfilment& fulfilment,
               WatchHub* watches = nullptr,
               const application::RegionDirectory* regions = nullptr,
               HomeForwarder* forwarder = nullptr);

  grpc::ServerUnaryReactor* PlaceOrder(grpc::CallbackServerContext* context,
                                       const v1::PlaceOrderRequest* request,
                                       v1::PlaceOrderResponse* response) override;
  grpc::ServerUnaryReactor* GetOrder(grpc::CallbackServerContext* context,
                                     const v1::GetOrderRequest* request,
                                     v1::Order* response) override;
  grpc::ServerUnaryReactor* SearchOrders(grpc::CallbackServerContext* context,
                                         const v1::SearchOrdersRequest* request,
                                         v1::SearchOrdersResponse* response) override;
  grpc::ServerUnaryReactor* ListOrderEvents(grpc::CallbackServerContext* context,
                                            const v1::ListOrderEventsRequest* request,
                                            v1::ListOrderEventsResponse* response) override;
  grpc::ServerUnaryReactor* HoldOrder(grpc::CallbackServerContext* context,
                                      const v1::HoldOrderRequest* request,
                                      v1::Order* response) override;
  grpc::ServerUnaryReactor* ReleaseOrder(grpc::CallbackServerContext* context,
                                         const v1::ReleaseOrderRequest* request,
                                         v1::Order* response) override;
  grpc::ServerUnaryReactor* RejectOrderHold(grpc::CallbackServerContext* context,
                                            const v1::RejectOrderHoldRequest* request,
                                            v1::CancelOrderResponse* response) override;
  grpc::ServerUnaryReactor* CancelOrder(grpc::CallbackServerContext* context,
                                        const v1::CancelOrderRequest* request,
                                        v1::CancelOrderResponse* response) override;
  grpc::ServerUnaryReactor* AddOrderNote(grpc::CallbackServerContext* context,
                                         const v1::AddOrderNoteRequest* request,
                                         v1::Order* response) override;
  grpc::ServerUnaryReactor* PreviewCancellation(grpc::CallbackServerContext* context,
                                                const v1::CancelOrderRequest* request,
                                                v1::CancellationPreview* response) override;
  // UNIMPLEMENTED when built without a WatchHub.
  grpc::ServerWriteReactor<v1::WatchOrdersResponse>* WatchOrders(
      grpc::CallbackServerContext* context, const v1::WatchOrdersRequest* request) override;

 private:
  // Resolves an order id or number; NOT_FOUND when neither names an order.
  // Out of the actor's scope is the same NOT_FOUND (scope_guard.h).
  absl::StatusOr<domain::OrderState> Find(const application::Actor& actor,
                                          const std::string& id_or_number);

  Authenticator& auth_;
  const application::RegionDirectory* regions_;  // null: a single region
  HomeForwarder* forwarder_;                     // null: a single region
  application::ReadModel& reads_;
  grpc::ServerUnaryReactor* ChangeHold(grpc::CallbackServerContext* context,
                                       absl::string_view method,
                                       const google::protobuf::Message& request, bool hold,
                                       const std::string& request_id, const std::string& order,
                                       v1::HoldReason reason, const std::string& note,
                                       const std::string& shipment_id, std::string request_hash,
                                       v1::Order* response);

  application::PlacementSaga& placement_;
  application::Fulfilment& fulfilment_;
  WatchHub* watches_;  // not owned; may be null
};

// INVALID_ARGUMENT unless 0 <= page_size <= 500; 0 becomes `fallback`.
absl::StatusOr<int> PageSize(int requested, int fallback);

}  // namespace oms::api
