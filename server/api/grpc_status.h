#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace oms::api {

// The one place absl::Status becomes grpc::Status: same code, same message
// (STYLE.md's code table is shared by both).
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace oms::api
