#pragma once

#include "oms/v1/order_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/placement_saga.h"
#include "server/application/queries.h"

namespace oms::api {

// gRPC adapter of OrderService: maps protos, calls the use case or the read
// model, maps the answer. No business rules here.
class OrderService final : public v1::OrderService::CallbackService {
 public:
  OrderService(Authenticator& auth, application::ReadModel& reads,
               application::PlacementSaga& placement);

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

 private:
  // Resolves an order id or number; NOT_FOUND when neither names an order.
  absl::StatusOr<domain::OrderState> Find(const std::string& id_or_number);

  Authenticator& auth_;
  application::ReadModel& reads_;
  application::PlacementSaga& placement_;
};

// INVALID_ARGUMENT unless 0 <= page_size <= 500; 0 becomes `fallback`.
absl::StatusOr<int> PageSize(int requested, int fallback);

}  // namespace oms::api
