#pragma once

#include "oms/v1/intake_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/queries.h"

namespace oms::api {

// IntakeService: the rejected-intake log for people (agents, supervisors,
// admins), read from the read model. Thread-safe.
class IntakeService final : public v1::IntakeService::CallbackService {
 public:
  IntakeService(Authenticator& auth, application::ReadModel& reads);

  grpc::ServerUnaryReactor* ListRejectedIntake(grpc::CallbackServerContext* context,
                                               const v1::ListRejectedIntakeRequest* request,
                                               v1::ListRejectedIntakeResponse* response) override;

 private:
  Authenticator& auth_;
  application::ReadModel& reads_;
};

}  // namespace oms::api
