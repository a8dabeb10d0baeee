#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "absl/status/statusor.h"

namespace omsctl {

// The RPC methods compiled into omsctl: every service of every generated
// .proto file linked into the binary (all of oms.v1, and grpc.health.v1).

// Finds a method by name. Accepts "oms.v1.OrderService/PlaceOrder", the
// same with a leading "/", or "oms.v1.OrderService.PlaceOrder".
// NOT_FOUND names the missing service or method and lists what exists.
absl::StatusOr<const google::protobuf::MethodDescriptor*> FindMethod(
    std::string_view name);

// Every method of every service, sorted by service then declaration order.
std::vector<const google::protobuf::MethodDescriptor*> ListMethods();

// "oms.v1.OrderService/PlaceOrder", the form `omsctl call` takes.
std::string MethodName(const google::protobuf::MethodDescriptor& method);

// "/oms.v1.OrderService/PlaceOrder", the HTTP/2 path gRPC calls.
std::string MethodPath(const google::protobuf::MethodDescriptor& method);

}  // namespace omsctl
