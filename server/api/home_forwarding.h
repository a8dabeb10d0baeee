#pragma once

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "server/api/authenticator.h"
#include "server/application/queries.h"
#include "server/application/replication.h"

namespace oms::api {

// Sends a change to another region's order to its home region
// (docs/REGIONS.md, Forwarding). The home is the only writer of its orders,
// so a cancel, hold, note, refund or return asked in another region is
// forwarded there as it came: the caller's token, trace and idempotency key
// (request_id) travel with it, so a retry sent to either region is still
// one change. When the home cannot be reached the caller gets UNAVAILABLE
// naming it; the replica here stays readable. Thread-safe.
class HomeForwarder {
 public:
  HomeForwarder(Authenticator& auth, const application::RegionDirectory& regions);

  // Forwards `request` to `method` ("oms.v1.OrderService/CancelOrder") in
  // the home region of `order_ref` (an order id or number) when that is a
  // peer, and returns the reactor that finishes the call with the home's
  // answer in `response`. nullptr when the order is this region's (or names
  // no region): the caller handles it here. The caller is authenticated and
  // authorized here first, so only those who may call `method` are sent on.
  grpc::ServerUnaryReactor* ForwardIfElsewhere(grpc::CallbackServerContext* context,
                                               absl::string_view method,
                                               const std::string& order_ref,
                                               const google::protobuf::Message& request,
                                               google::protobuf::Message* response);

  // PlaceOrder with an idempotency key a peer took first (learnt from its
  // events): forwarded there, where the key answers with its order, or
  // UNAVAILABLE naming that region while it is unreachable. nullptr for a
  // new key or one of this region's.
  grpc::ServerUnaryReactor* ForwardKeyHeldElsewhere(grpc::CallbackServerContext* context,
                                                    absl::string_view method,
                                                    const std::string& request_id,
                                                    application::ReadModel& reads,
                                                    const google::protobuf::Message& request,
                                                    google::protobuf::Message* response);

 private:
  // Sends the call to `home`; `what` names the object for the caller.
  grpc::ServerUnaryReactor* Forward(grpc::CallbackServerContext* context,
                                    const std::string& home, absl::string_view method,
                                    const std::string& what,
                                    const google::protobuf::Message& request,
                                    google::protobuf::Message* response);
  grpc::GenericStub& StubFor(const std::string& region, const std::string& address);

  Authenticator& auth_;
  const application::RegionDirectory& regions_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<grpc::GenericStub>> stubs_;  // by region; guarded by mu_
};

// ForwardIfElsewhere when `forwarder` is set; nullptr otherwise.
inline grpc::ServerUnaryReactor* ForwardIfElsewhere(HomeForwarder* forwarder,
                                                    grpc::CallbackServerContext* context,
                                                    absl::string_view method,
                                                    const std::string& order_ref,
                                                    const google::protobuf::Message& request,
                                                    google::protobuf::Message* response) {
  if (forwarder == nullptr) return nullptr;
  return forwarder->ForwardIfElsewhere(context, method, order_ref, request, response);
}

}  // namespace oms::api
