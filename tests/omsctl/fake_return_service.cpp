#include "fake_return_service.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <chrono>

#include "absl/strings/str_cat.h"

namespace omsctl::testing {
namespace {

oms::v1::Money Eur(int64_t minor) {
  oms::v1::Money money;
  money.set_amount_minor(minor);
  money.set_currency("EUR");
  return money;
}

constexpr int64_t kUnitPriceMinor = 1995;

bool IsTheOrder(const std::string& ref) {
  return ref == FakeReturnServer::kOrderId || ref == FakeReturnServer::kOrderNumber;
}

oms::v1::Order DeliveredOrder() {
  oms::v1::Order order;
  order.set_order_id(FakeReturnServer::kOrderId);
  order.set_order_number(FakeReturnServer::kOrderNumber);
  order.set_status(oms::v1::ORDER_STATUS_FULFILLED);
  order.set_payment_status(oms::v1::PAYMENT_STATUS_CAPTURED);
  order.set_fulfillment_status(oms::v1::FULFILLMENT_STATUS_DELIVERED);
  return order;
}

// The return as CreateReturn makes it from `request`.
oms::v1::Return ReturnFor(const oms::v1::CreateReturnRequest& request) {
  oms::v1::Return ret;
  ret.set_return_id(FakeReturnServer::kReturnId);
  ret.set_status(oms::v1::RETURN_STATUS_AWAITING_RECEIPT);
  ret.set_refund_timing(oms::v1::REFUND_TIMING_ON_RECEIPT);
  ret.set_refund_policy(request.refund_policy() == oms::v1::REFUND_POLICY_UNSPECIFIED
                            ? "REVERSE_CAPTURE"
                            : oms::v1::RefundPolicy_Name(request.refund_policy()).substr(14));
  ret.set_requested_by("staff:alice");
  ret.mutable_created_at()->set_seconds(1767225600);
  int64_t value = 0;
  for (const oms::v1::ReturnLineInput& input : request.lines()) {
    oms::v1::ReturnLine* line = ret.add_lines();
    line->set_line_no(input.line_no());
    line->set_sku(absl::StrCat("SKU-", input.line_no()));
    line->set_quantity(input.quantity());
    line->set_reason(input.reason());
    line->set_note(input.note());
    *line->mutable_amount() = Eur(kUnitPriceMinor * input.quantity());
    value += kUnitPriceMinor * input.quantity();
  }
  *ret.mutable_value() = Eur(value);
  int64_t replacement_value = 0;
  for (const oms::v1::ReplacementInput& input : request.replacement()) {
    oms::v1::ReplacementLine* line = ret.add_replacement();
    line->set_sku(input.sku());
    line->set_quantity(input.quantity());
    *line->mutable_unit_price() = Eur(2495);
    replacement_value += 2495 * input.quantity();
  }
  if (!request.replacement().empty()) {
    *ret.mutable_replacement_value() = Eur(replacement_value);
    ret.set_exchange_refund_id(absl::StrCat(FakeReturnServer::kOrderId, "-R1"));
    ret.set_replacement_order_id("EU1-01JD3M000000000000000000");
  }
  return ret;
}

// The return awaiting its goods, as GetOrder shows it.
oms::v1::Return AwaitingReturn() {
  oms::v1::CreateReturnRequest request;
  oms::v1::ReturnLineInput* line = request.add_lines();
  line->set_line_no(1);
  line->set_quantity(2);
  line->set_reason(oms::v1::RETURN_REASON_SIZE_OR_FIT);
  return ReturnFor(request);
}

grpc::Status ReturnNotFound(const std::string& id) {
  return grpc::Status(grpc::StatusCode::NOT_FOUND, absl::StrCat("return ", id, " not found"));
}

}  // namespace

class FakeReturnServer::Returns final : public oms::v1::ReturnService::Service {
 public:
  explicit Returns(FakeReturnServer* server) : server_(server) {}

  grpc::Status CreateReturn(grpc::ServerContext*, const oms::v1::CreateReturnRequest* request,
                            oms::v1::ReturnResponse* reply) override {
    server_->RecordRequest("CreateReturn", *request);
    if (!IsTheOrder(request->order_id())) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("order ", request->order_id(), " not found"));
    }
    for (const oms::v1::ReturnLineInput& line : request->lines()) {
      if (line.line_no() == kUndeliveredLine) {
        return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                            absl::StrCat("line ", kUndeliveredLine, ": ", line.quantity(),
                                         " units cannot be returned; 0 delivered, 0 refunded, "
                                         "0 already in returns waiting for their goods"));
      }
    }
    if (!request->replacement().empty() && !request->has_difference_tender()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "the replacement costs more than the returned goods: give a "
                          "difference_tender");
    }
    *reply->mutable_order() = DeliveredOrder();
    *reply->mutable_order()->add_returns() = ReturnFor(*request);
    reply->set_return_id(kReturnId);
    reply->set_replayed(request->request_id() == kReplayedRequestId);
    if (!request->replacement().empty()) {
      oms::v1::Order* replacement = reply->mutable_replacement();
      replacement->set_order_number(kReplacementNumber);
      replacement->set_status(oms::v1::ORDER_STATUS_CONFIRMED);
      replacement->set_payment_status(oms::v1::PAYMENT_STATUS_AUTHORIZED);
      replacement->add_holds()->set_reason(oms::v1::HOLD_REASON_AWAITING_RETURN);
    }
    return grpc::Status::OK;
  }

  grpc::Status ReceiveReturn(grpc::ServerContext*, const oms::v1::ReceiveReturnRequest* request,
                             oms::v1::ReturnResponse* reply) override {
    server_->RecordRequest("ReceiveReturn", *request);
    if (request->return_id() != kReturnId) return ReturnNotFound(request->return_id());
    oms::v1::Return ret = AwaitingReturn();
    ret.set_status(oms::v1::RETURN_STATUS_RECEIVED);
    ret.set_received_by("staff:wh-bob");
    ret.set_refund_id(kRefundId);
    for (const oms::v1::ReceivedLineInput& input : request->lines()) {
      for (oms::v1::ReturnLine& line : *ret.mutable_lines()) {
        if (line.line_no() != input.line_no()) continue;
        line.set_restocked(input.restocked());
        line.set_restock_node_id(input.restock_node_id());
        line.set_damaged(input.damaged());
      }
    }
    *reply->mutable_order() = DeliveredOrder();
    reply->mutable_order()->set_payment_status(oms::v1::PAYMENT_STATUS_PARTIALLY_REFUNDED);
    oms::v1::Refund* refund = reply->mutable_order()->add_refunds();
    refund->set_refund_id(kRefundId);
    refund->set_status(oms::v1::REFUND_STATUS_SUCCEEDED);
    *refund->mutable_amount() = ret.value();
    *reply->mutable_order()->add_returns() = ret;
    reply->set_return_id(kReturnId);
    reply->set_replayed(request->request_id() == kReplayedRequestId);
    return grpc::Status::OK;
  }

  grpc::Status CancelReturn(grpc::ServerContext*, const oms::v1::CancelReturnRequest* request,
                            oms::v1::ReturnResponse* reply) override {
    server_->RecordRequest("CancelReturn", *request);
    if (request->return_id() != kReturnId) return ReturnNotFound(request->return_id());
    oms::v1::Return ret = AwaitingReturn();
    ret.set_status(oms::v1::RETURN_STATUS_CANCELLED);
    ret.set_cancel_reason(request->reason());
    *reply->mutable_order() = DeliveredOrder();
    *reply->mutable_order()->add_returns() = ret;
    reply->set_return_id(kReturnId);
    return grpc::Status::OK;
  }

 private:
  FakeReturnServer* server_;
};

class FakeReturnServer::Orders final : public oms::v1::OrderService::Service {
 public:
  explicit Orders(FakeReturnServer* server) : server_(server) {}

  grpc::Status GetOrder(grpc::ServerContext*, const oms::v1::GetOrderRequest* request,
                        oms::v1::Order* reply) override {
    server_->RecordRequest("GetOrder", *request);
    const std::string& ref =
        request->order_id().empty() ? request->order_number() : request->order_id();
    if (!IsTheOrder(ref)) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, absl::StrCat("order ", ref, " not found"));
    }
    *reply = DeliveredOrder();
    *reply->add_returns() = AwaitingReturn();
    return grpc::Status::OK;
  }

 private:
  FakeReturnServer* server_;
};

FakeReturnServer::FakeReturnServer()
    : returns_(std::make_unique<Returns>(this)), orders_(std::make_unique<Orders>(this)) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(returns_.get());
  builder.RegisterService(orders_.get());
  server_ = builder.BuildAndStart();
}

FakeReturnServer::~FakeReturnServer() { server_->Shutdown(std::chrono::system_clock::now()); }

std::string FakeReturnServer::address() const { return absl::StrCat("127.0.0.1:", port_); }

int FakeReturnServer::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

void FakeReturnServer::RecordRequest(const std::string& method,
                                     const google::protobuf::Message& request) {
  absl::MutexLock lock(&mu_);
  ++calls_;
  requests_[method] = request.SerializeAsString();
}

}  // namespace omsctl::testing
