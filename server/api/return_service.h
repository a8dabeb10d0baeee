#pragma once

#include "oms/v1/return_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/queries.h"
#include "server/application/returns.h"

namespace oms::api {

class HomeForwarder;

// gRPC adapter of ReturnService: maps protos, calls application::Returns,
// maps the answer. Roles are the policy table's (application/policy.h);
// object scope is checked here first (scope_guard.h).
class ReturnService final : public v1::ReturnService::CallbackService {
 public:
  ReturnService(Authenticator& auth, application::ReadModel& reads, application::Returns& returns,
                HomeForwarder* forwarder = nullptr);

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
  application::ReadModel& reads_;
  application::Returns& returns_;
  HomeForwarder* forwarder_;  // null: a single region
};

}  // namespace oms::api
