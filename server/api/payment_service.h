#pragma once

#include "oms/v1/payment_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/queries.h"
#include "server/application/refunds.h"

namespace oms::api {

class HomeForwarder;

// gRPC adapter of PaymentService: maps protos, calls application::Refunds,
// maps the answer. Roles and the agents' limit are the policy table's
// (application/policy.h); object scope is checked here first (scope_guard.h).
class PaymentService final : public v1::PaymentService::CallbackService {
 public:
  PaymentService(Authenticator& auth, application::ReadModel& reads, application::Refunds& refunds,
                 HomeForwarder* forwarder = nullptr);

  grpc::ServerUnaryReactor* PreviewRefund(grpc::CallbackServerContext* context,
                                          const v1::RefundOrderRequest* request,
                                          v1::Refund* response) override;
  grpc::ServerUnaryReactor* RefundOrder(grpc::CallbackServerContext* context,
                                        const v1::RefundOrderRequest* request,
                                        v1::RefundOrderResponse* response) override;
  grpc::ServerUnaryReactor* ApproveRefund(grpc::CallbackServerContext* context,
                                          const v1::DecideRefundRequest* request,
                                          v1::RefundOrderResponse* response) override;
  grpc::ServerUnaryReactor* RejectRefund(grpc::CallbackServerContext* context,
                                         const v1::DecideRefundRequest* request,
                                         v1::RefundOrderResponse* response) override;
  grpc::ServerUnaryReactor* ListPendingApprovals(
      grpc::CallbackServerContext* context, const v1::ListPendingApprovalsRequest* request,
      v1::ListPendingApprovalsResponse* response) override;
  grpc::ServerUnaryReactor* GetCustomerBalances(grpc::CallbackServerContext* context,
                                                const v1::GetCustomerBalancesRequest* request,
                                                v1::CustomerBalances* response) override;
  grpc::ServerUnaryReactor* GetAccountStatement(grpc::CallbackServerContext* context,
                                                const v1::GetAccountStatementRequest* request,
                                                v1::AccountStatement* response) override;

 private:
  grpc::ServerUnaryReactor* Decide(grpc::CallbackServerContext* context,
                                   const v1::DecideRefundRequest* request, bool approve,
                                   v1::RefundOrderResponse* response);

  Authenticator& auth_;
  application::ReadModel& reads_;
  application::Refunds& refunds_;
  HomeForwarder* forwarder_;  // null: a single region
};

}  // namespace oms::api
