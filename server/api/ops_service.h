#pragma once

#include "oms/v1/ops_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/outbox_relay.h"
#include "server/application/queries.h"

namespace oms::api {

// OpsService: the relay's dead letters and the audit log, for supervisors
// and admins.
// Thread-safe; the relay must outlive it.
class OpsService final : public v1::OpsService::CallbackService {
 public:
  OpsService(Authenticator& auth, application::ReadModel& reads, application::OutboxRelay& relay);

  grpc::ServerUnaryReactor* ListDeadLetters(grpc::CallbackServerContext* context,
                                            const v1::ListDeadLettersRequest* request,
                                            v1::ListDeadLettersResponse* response) override;
  grpc::ServerUnaryReactor* ReplayDeadLetter(grpc::CallbackServerContext* context,
                                             const v1::ReplayDeadLetterRequest* request,
                                             v1::ReplayDeadLetterResponse* response) override;
  grpc::ServerUnaryReactor* ListAuditLog(grpc::CallbackServerContext* context,
                                         const v1::ListAuditLogRequest* request,
                                         v1::ListAuditLogResponse* response) override;

 private:
  Authenticator& auth_;
  application::ReadModel& reads_;
  application::OutboxRelay& relay_;
};

}  // namespace oms::api
