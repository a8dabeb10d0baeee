#pragma once

#include "oms/v1/inventory_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/queries.h"
#include "server/application/unit_of_work.h"

namespace oms::api {

class InventoryService final : public v1::InventoryService::CallbackService {
 public:
  InventoryService(Authenticator& auth, application::ReadModel& reads,
                   application::UnitOfWork& unit_of_work);

  grpc::ServerUnaryReactor* GetAvailability(grpc::CallbackServerContext* context,
                                            const v1::GetAvailabilityRequest* request,
                                            v1::GetAvailabilityResponse* response) override;
  grpc::ServerUnaryReactor* AdjustStock(grpc::CallbackServerContext* context,
                                        const v1::AdjustStockRequest* request,
                                        v1::StockLevel* response) override;
  grpc::ServerUnaryReactor* ListStock(grpc::CallbackServerContext* context,
                                      const v1::ListStockRequest* request,
                                      v1::ListStockResponse* response) override;

 private:
  Authenticator& auth_;
  application::ReadModel& reads_;
  application::UnitOfWork& unit_of_work_;
};

}  // namespace oms::api
