#pragma once

#include "oms/v1/return_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/returns.h"

namespace oms::api {

// gRPC adapter of ReturnService: maps protos, calls application::Returns,
// maps the answer. Roles are the use case's (returns.h).
class ReturnService final : public v1::ReturnService::CallbackService {
 public:
  ReturnService(Authenticator& auth, application::Returns& returns);

  grpc::ServerUnaryReactor* CreateReturn(grpc::CallbackServerContext* context,
                                         const v1::CreateReturnRequest* request,
                                         v1::ReturnResponse* response) override;
  grpc::ServerUnaryReactor* ReceiveReturn(grpc::CallbackServerContext* context,
                                          const v1::ReceiveReturnRequest* request,
                                          v1::ReturnResponse* response) override;
  grpc::ServerUnaryReactor* CancelReturn(grpc::CallbackServerContext* context,
                                         const v1::CancelReturnRequest* request,
                                         v1::ReturnResponse* response) override;

 private:
  Authenticator& auth_;
  application::Returns& returns_;
};

}  // namespace oms::api
