#pragma once

#include <string>

#include "oms/v1/inventory_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/api/watch_hub.h"
#include "common/clock.h"
#include "server/application/channels.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/queries.h"
#include "server/application/unit_of_work.h"

namespace oms::api {

class InventoryService final : public v1::InventoryService::CallbackService {
 public:
  InventoryService(Authenticator& auth, application::ReadModel& reads,
                   application::UnitOfWork& unit_of_work,
                   const application::FulfilmentSettings& fulfilment, const Clock& clock,
                   WatchHub* watches = nullptr,
                   const application::ChannelDirectory* channels = nullptr,
                   std::string region = {});

  grpc::ServerUnaryReactor* GetAvailability(grpc::CallbackServerContext* context,
                                            const v1::GetAvailabilityRequest* request,
                                            v1::GetAvailabilityResponse* response) override;
  grpc::ServerUnaryReactor* AdjustStock(grpc::CallbackServerContext* context,
                                        const v1::AdjustStockRequest* request,
                                        v1::StockLevel* response) override;
  grpc::ServerUnaryReactor* ListStock(grpc::CallbackServerContext* context,
                                      const v1::ListStockRequest* request,
                                      v1::ListStockResponse* response) override;
  grpc::ServerUnaryReactor* ExpectInboundDelivery(grpc::CallbackServerContext* context,
                                                  const v1::ExpectInboundDeliveryRequest* request,
                                                  v1::InboundDelivery* response) override;
  grpc::ServerUnaryReactor* ReceiveInboundDelivery(
      grpc::CallbackServerContext* context, const v1::ReceiveInboundDeliveryRequest* request,
      v1::InboundDelivery* response) override;
  grpc::ServerUnaryReactor* ListInboundDeliveries(
      grpc::CallbackServerContext* context, const v1::ListInboundDeliveriesRequest* request,
      v1::ListInboundDeliveriesResponse* response) override;
  grpc::ServerUnaryReactor* DropPreorder(grpc::CallbackServerContext* context,
                                         const v1::DropPreorderRequest* request,
                                         v1::DropPreorderResponse* response) override;
  // UNIMPLEMENTED when built without a WatchHub.
  grpc::ServerWriteReactor<v1::WatchInventoryResponse>* WatchInventory(
      grpc::CallbackServerContext* context, const v1::WatchInventoryRequest* request) override;

 private:
  Authenticator& auth_;
  application::ReadModel& reads_;
  application::UnitOfWork& unit_of_work_;
  const application::FulfilmentSettings& fulfilment_;
  const Clock& clock_;
  WatchHub* watches_;  // not owned; may be null
  const application::ChannelDirectory* channels_;  // not owned; may be null
  std::string region_;
};

}  // namespace oms::api
