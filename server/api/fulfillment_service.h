#pragma once

#include "oms/v1/fulfillment_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/fulfilment.h"
#include "server/application/queries.h"

namespace oms::api {

// gRPC adapter of FulfillmentService: maps protos, calls the use case or the
// read model, maps the answer. No business rules here.
class FulfillmentService final : public v1::FulfillmentService::CallbackService {
 public:
  FulfillmentService(Authenticator& auth, application::ReadModel& reads,
                     application::Fulfilment& fulfilment);

  grpc::ServerUnaryReactor* ListShipments(grpc::CallbackServerContext* context,
                                          const v1::ListShipmentsRequest* request,
                                          v1::ListShipmentsResponse* response) override;
  grpc::ServerUnaryReactor* GetShipment(grpc::CallbackServerContext* context,
                                        const v1::GetShipmentRequest* request,
                                        v1::Shipment* response) override;
  grpc::ServerUnaryReactor* StartPicking(grpc::CallbackServerContext* context,
                                         const v1::ShipmentActionRequest* request,
                                         v1::ShipmentActionResponse* response) override;
  grpc::ServerUnaryReactor* PackShipment(grpc::CallbackServerContext* context,
                                         const v1::ShipmentActionRequest* request,
                                         v1::ShipmentActionResponse* response) override;
  grpc::ServerUnaryReactor* ShipShipment(grpc::CallbackServerContext* context,
                                         const v1::ShipShipmentRequest* request,
                                         v1::ShipmentActionResponse* response) override;
  grpc::ServerUnaryReactor* DeliverShipment(grpc::CallbackServerContext* context,
                                            const v1::ShipmentActionRequest* request,
                                            v1::ShipmentActionResponse* response) override;
  grpc::ServerUnaryReactor* ReportShortPick(grpc::CallbackServerContext* context,
                                            const v1::ReportShortPickRequest* request,
                                            v1::ShipmentActionResponse* response) override;
  grpc::ServerUnaryReactor* RejectShipment(grpc::CallbackServerContext* context,
                                           const v1::RejectShipmentRequest* request,
                                           v1::ShipmentActionResponse* response) override;
  grpc::ServerUnaryReactor* MarkReadyForPickup(grpc::CallbackServerContext* context,
                                               const v1::ShipmentActionRequest* request,
                                               v1::ShipmentActionResponse* response) override;
  grpc::ServerUnaryReactor* CompletePickup(grpc::CallbackServerContext* context,
                                           const v1::ShipmentActionRequest* request,
                                           v1::ShipmentActionResponse* response) override;

 private:
  grpc::ServerUnaryReactor* Act(grpc::CallbackServerContext* context, absl::string_view method,
                                const v1::ShipmentActionRequest* request,
                                application::fulfilment::Action action,
                                v1::ShipmentActionResponse* response);

  Authenticator& auth_;
  application::ReadModel& reads_;
  application::Fulfilment& fulfilment_;
};

// Fills a ShipmentActionResponse from a use case's outcome.
void ToProto(const application::fulfilment::Outcome& in, v1::ShipmentActionResponse* out);

}  // namespace oms::api
