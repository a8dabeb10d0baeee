#pragma once

#include <grpcpp/server.h>

#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "oms/v1/return_service.grpc.pb.h"

namespace omsctl::testing {

// ReturnService with fixed answers, and OrderService.GetOrder for `return
// get`, on a port of 127.0.0.1 of its own (apart from FakeOmsServer, so that
// the return verbs' tests depend on nothing else). Not omsd: no storage.
//
// One order (kOrderNumber / kOrderId), delivered; any other is NOT_FOUND.
// - CreateReturn answers the order with a return kReturnId built from the
//   request (lines at 19.95 EUR a unit, AWAITING_RECEIPT) and, with
//   `replacement`, a replacement order kReplacementNumber on an
//   AWAITING_RETURN hold. Line kUndeliveredLine is FAILED_PRECONDITION; a
//   replacement without a difference tender INVALID_ARGUMENT.
// - ReceiveReturn of kReturnId answers it RECEIVED with the lines'
//   dispositions and a refund kRefundId; another id is NOT_FOUND.
// - CancelReturn of kReturnId answers it CANCELLED with the reason.
// - GetOrder answers the order with kReturnId awaiting its goods.
// The request id kReplayedRequestId answers replayed. Thread-safe.
class FakeReturnServer {
 public:
  static constexpr char kOrderNumber[] = "EU1-7Q2M-K9XD";
  static constexpr char kOrderId[] = "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B";
  static constexpr char kReturnId[] = "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-RMA1";
  static constexpr char kRefundId[] = "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-R2";
  static constexpr char kReplacementNumber[] = "EU1-RPL1-0001";
  static constexpr int kUndeliveredLine = 9;
  static constexpr char kReplayedRequestId[] = "replayed";

  FakeReturnServer();  // listening when it returns
  ~FakeReturnServer();

  std::string address() const;  // "127.0.0.1:PORT"
  int calls() const;

  // The last request `method` ("CreateReturn", ...) received; an empty
  // message when it received none.
  template <typename Request>
  Request last_request(const std::string& method) const {
    absl::MutexLock lock(&mu_);
    Request request;
    const auto found = requests_.find(method);
    if (found != requests_.end()) request.ParseFromString(found->second);
    return request;
  }

 private:
  class Returns;
  class Orders;

  void RecordRequest(const std::string& method, const google::protobuf::Message& request);

  mutable absl::Mutex mu_;
  int calls_ = 0;                                // guarded by mu_
  std::map<std::string, std::string> requests_;  // guarded by mu_

  std::unique_ptr<Returns> returns_;
  std::unique_ptr<Orders> orders_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace omsctl::testing
