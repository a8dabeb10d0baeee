#pragma once

#include <string>

#include "fake_oms_server.h"
#include "oms/v1/fulfillment_service.grpc.pb.h"

namespace omsctl::testing {

// FakeOmsServer's FulfillmentService; see fake_oms_server.h for what it
// answers. Thread-safe: it keeps no state but what FakeOmsServer records.
class FakeOmsServer::Fulfillment final
    : public oms::v1::FulfillmentService::Service {
 public:
  explicit Fulfillment(FakeOmsServer* server) : server_(server) {}

  grpc::Status ListShipments(grpc::ServerContext*,
                             const oms::v1::ListShipmentsRequest* request,
                             oms::v1::ListShipmentsResponse* reply) override;
  grpc::Status GetShipment(grpc::ServerContext*,
                           const oms::v1::GetShipmentRequest* request,
                           oms::v1::Shipment* reply) override;
  grpc::Status StartPicking(grpc::ServerContext*,
                            const oms::v1::ShipmentActionRequest* request,
                            oms::v1::ShipmentActionResponse* reply) override;
  grpc::Status PackShipment(grpc::ServerContext*,
                            const oms::v1::ShipmentActionRequest* request,
                            oms::v1::ShipmentActionResponse* reply) override;
  grpc::Status ShipShipment(grpc::ServerContext*,
                            const oms::v1::ShipShipmentRequest* request,
                            oms::v1::ShipmentActionResponse* reply) override;
  grpc::Status DeliverShipment(grpc::ServerContext*,
                               const oms::v1::ShipmentActionRequest* request,
                               oms::v1::ShipmentActionResponse* reply) override;
  grpc::Status ReportShortPick(grpc::ServerContext*,
                               const oms::v1::ReportShortPickRequest* request,
                               oms::v1::ShipmentActionResponse* reply) override;
  grpc::Status RejectShipment(grpc::ServerContext*,
                              const oms::v1::RejectShipmentRequest* request,
                              oms::v1::ShipmentActionResponse* reply) override;
  grpc::Status MarkReadyForPickup(
      grpc::ServerContext*, const oms::v1::ShipmentActionRequest* request,
      oms::v1::ShipmentActionResponse* reply) override;
  grpc::Status CompletePickup(grpc::ServerContext*,
                              const oms::v1::ShipmentActionRequest* request,
                              oms::v1::ShipmentActionResponse* reply) override;

 private:
  // Moves `shipment_id` to `to` and answers it with the order; NOT_FOUND
  // or FAILED_PRECONDITION as fake_oms_server.h says.
  grpc::Status Move(const std::string& request_id,
                    const std::string& shipment_id, oms::v1::ShipmentStatus to,
                    oms::v1::ShipmentActionResponse* reply);

  FakeOmsServer* server_;
};

}  // namespace omsctl::testing
