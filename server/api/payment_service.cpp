#include "server/api/payment_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/home_forwarding.h"
#include "server/api/order_service.h"
#include "server/api/proto_mapping.h"
#include "server/api/refund_mapping.h"
#include "server/api/scope_guard.h"
#include "server/api/unary_call.h"

namespace oms::api {
namespace {

using application::RefundOutcome;

absl::StatusOr<application::RefundCommand> ToCommand(const v1::RefundOrderRequest& request) {
  if (request.order_id().empty()) return absl::InvalidArgumentError("order_id: required");
  if (request.request_id().size() > 255) {
    return absl::InvalidArgumentError("request_id: at most 255 characters");
  }
  auto refund = ToRefundRequest(request, "");
  if (!refund.ok()) return refund.status();
  application::RefundCommand command;
  command.order_ref = request.order_id();
  command.request = std::move(*refund);
  command.request_id = request.request_id();
  v1::RefundOrderRequest without_key = request;
  without_key.clear_request_id();
  command.request_hash = absl::StrCat("refund:", Fingerprint(without_key));
  return command;
}

void FillResponse(const RefundOutcome& in, v1::RefundOrderResponse* out) {
  for (const auto& r : in.order.refunds) {
    if (r.refund_id == in.refund_id) api::ToProto(r, in.order.currency, out->mutable_refund());
  }
  api::ToProto(in.order, out->mutable_order());
  out->set_replayed(in.replayed);
}

application::Refunds::Callback Answer(v1::RefundOrderResponse* response, Finish finish) {
  return [response, finish](absl::StatusOr<RefundOutcome> outcome) {
    if (outcome.ok()) FillResponse(*outcome, response);
    finish(outcome.status());
  };
}

}  // namespace

PaymentService::PaymentService(Authenticator& auth, application::ReadModel& reads,
                               application::Refunds& refunds, HomeForwarder* forwarder)
    : auth_(auth), reads_(reads), refunds_(refunds), forwarder_(forwarder) {}

grpc::ServerUnaryReactor* PaymentService::PreviewRefund(grpc::CallbackServerContext* context,
                                                        const v1::RefundOrderRequest* request,
                                                        v1::Refund* response) {
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.PaymentService/PreviewRefund",
                                            request->order_id(), *request, response)) {
    return forwarded;
  }
  return AsyncUnary(context, auth_, "oms.v1.PaymentService/PreviewRefund", *request,
                    [=, this](const application::Actor& actor, Finish finish) {
                      auto command = ToCommand(*request);
                      if (!command.ok()) return finish(command.status());
                      auto order = VisibleOrder(reads_, actor, request->order_id());
                      if (!order.ok()) return finish(order.status());
                      refunds_.Preview(
                          std::move(*command), actor,
                          [response, finish](absl::StatusOr<application::RefundPreview> preview) {
                            if (preview.ok()) ToProto(preview->refund, preview->currency, response);
                            finish(preview.status());
                          });
                    });
}

grpc::ServerUnaryReactor* PaymentService::RefundOrder(grpc::CallbackServerContext* context,
                                                      const v1::RefundOrderRequest* request,
                                                      v1::RefundOrderResponse* response) {
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.PaymentService/RefundOrder",
                                            request->order_id(), *request, response)) {
    return forwarded;
  }
  return AsyncUnary(context, auth_, "oms.v1.PaymentService/RefundOrder", *request,
                    [=, this](const application::Actor& actor, Finish finish) {
                      auto command = ToCommand(*request);
                      if (!command.ok()) return finish(command.status());
                      auto order = VisibleOrder(reads_, actor, request->order_id());
                      if (!order.ok()) return finish(order.status());
                      refunds_.Request(std::move(*command), actor, Answer(response, finish));
                    });
}

grpc::ServerUnaryReactor* PaymentService::Decide(grpc::CallbackServerContext* context,
                                                 const v1::DecideRefundRequest* request,
                                                 bool approve, v1::RefundOrderResponse* response) {
  return AsyncUnary(
      context, auth_,
      approve ? "oms.v1.PaymentService/ApproveRefund" : "oms.v1.PaymentService/RejectRefund",
      *request, [=, this](const application::Actor& actor, Finish finish) {
        if (request->refund_id().empty()) {
          return finish(absl::InvalidArgumentError("refund_id: required"));
        }
        if (absl::Status s = RequireVisibleRefund(reads_, actor, request->refund_id()); !s.ok()) {
          return finish(s);
        }
        refunds_.Decide(request->refund_id(), approve, request->reason(), actor,
                        Answer(response, finish));
      });
}

grpc::ServerUnaryReactor* PaymentService::ApproveRefund(grpc::CallbackServerContext* context,
                                                        const v1::DecideRefundRequest* request,
                                                        v1::RefundOrderResponse* response) {
  // The refund id starts with its order's, and so with its home region.
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.PaymentService/ApproveRefund",
                                            request->refund_id(), *request, response)) {
    return forwarded;
  }
  return Decide(context, request, true, response);
}

grpc::ServerUnaryReactor* PaymentService::RejectRefund(grpc::CallbackServerContext* context,
                                                       const v1::DecideRefundRequest* request,
                                                       v1::RefundOrderResponse* response) {
  // The refund id starts with its order's, and so with its home region.
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.PaymentService/RejectRefund",
                                            request->refund_id(), *request, response)) {
    return forwarded;
  }
  return Decide(context, request, false, response);
}

grpc::ServerUnaryReactor* PaymentService::ListPendingApprovals(
    grpc::CallbackServerContext* context, const v1::ListPendingApprovalsRequest* request,
    v1::ListPendingApprovalsResponse* response) {
  return AsyncUnary(
      context, auth_, "oms.v1.PaymentService/ListPendingApprovals", *request,
      [=, this](const application::Actor& actor, Finish finish) {
        auto size = PageSize(request->page_size(), 100);
        if (!size.ok()) return finish(size.status());
        refunds_.ListPendingApprovals(
            *size, actor,
            [response, finish](absl::StatusOr<std::vector<application::PendingApproval>> list) {
              if (list.ok()) {
                for (const auto& a : *list) {
                  auto* out = response->add_approvals();
                  out->set_refund_id(a.refund_id);
                  out->set_order_id(a.order_id);
                  out->set_order_number(a.order_number);
                  out->mutable_amount()->set_amount_minor(a.amount_minor);
                  out->mutable_amount()->set_currency(a.currency);
                  out->set_requested_by(a.requested_by);
                  out->set_reason(a.reason);
                  SetTime(a.requested_at, out->mutable_requested_at());
                }
              }
              finish(list.status());
            });
      });
}

grpc::ServerUnaryReactor* PaymentService::GetCustomerBalances(
    grpc::CallbackServerContext* context, const v1::GetCustomerBalancesRequest* request,
    v1::CustomerBalances* response) {
  return AsyncUnary(context, auth_, "oms.v1.PaymentService/GetCustomerBalances", *request,
                    [=, this](const application::Actor& actor, Finish finish) {
                      if (request->customer_id().empty()) {
                        return finish(absl::InvalidArgumentError("customer_id: required"));
                      }
                      refunds_.Balances(
                          request->customer_id(), actor,
                          [response, finish](absl::StatusOr<application::CustomerBalances> b) {
                            if (b.ok()) {
                              response->set_customer_id(b->customer_id);
                              response->set_wallet_minor(b->wallet_minor);
                              response->set_store_credit_minor(b->store_credit_minor);
                            }
                            finish(b.status());
                          });
                    });
}

grpc::ServerUnaryReactor* PaymentService::GetAccountStatement(
    grpc::CallbackServerContext* context, const v1::GetAccountStatementRequest* request,
    v1::AccountStatement* response) {
  return AsyncUnary(context, auth_, "oms.v1.PaymentService/GetAccountStatement", *request,
                    [=, this](const application::Actor& actor, Finish finish) {
                      if (request->customer_id().empty()) {
                        return finish(absl::InvalidArgumentError("customer_id: required"));
                      }
                      auto size = PageSize(request->page_size(), 100);
                      if (!size.ok()) return finish(size.status());
                      const bool store_credit = request->account() == v1::ACCOUNT_KIND_STORE_CREDIT;
                      response->set_customer_id(request->customer_id());
                      response->set_account(store_credit ? v1::ACCOUNT_KIND_STORE_CREDIT
                                                         : v1::ACCOUNT_KIND_WALLET);
                      refunds_.Statement(
                          request->customer_id(), store_credit, *size, actor,
                          [=, this](absl::StatusOr<std::vector<application::StatementLine>> lines) {
                            if (!lines.ok()) return finish(lines.status());
                            // An account holds one currency; an account without postings shows
                            // none.
                            if (!lines->empty()) {
                              response->mutable_balance()->set_currency(lines->front().currency);
                            }
                            for (const auto& l : *lines) {
                              auto* out = response->add_lines();
                              out->set_entry_id(l.entry_id);
                              out->mutable_amount()->set_amount_minor(l.amount_minor);
                              out->mutable_amount()->set_currency(l.currency);
                              out->set_order_id(l.order_id);
                              out->set_memo(l.memo);
                              SetTime(l.occurred_at, out->mutable_occurred_at());
                            }
                            // The balance is the sum of every posting, not only this page.
                            refunds_.Balances(
                                request->customer_id(), actor,
                                [response, finish,
                                 store_credit](absl::StatusOr<application::CustomerBalances> b) {
                                  if (b.ok()) {
                                    response->mutable_balance()->set_amount_minor(
                                        store_credit ? b->store_credit_minor : b->wallet_minor);
                                  }
                                  finish(b.status());
                                });
                          });
                    });
}

}  // namespace oms::api
