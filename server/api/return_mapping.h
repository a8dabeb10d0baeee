#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "oms/v1/return.pb.h"
#include "oms/v1/return_service.pb.h"
#include "server/application/returns.h"
#include "server/domain/return.h"

// Proto <-> domain mapping of returns (ReturnService, Order.returns). Pure.
namespace oms::api {

void ToProto(const domain::ReturnState& in, const std::string& currency, v1::Return* out);
// INVALID_ARGUMENT naming the field for what can be checked without the
// order: missing ids, bad enumerations, a tender type that cannot pay.
absl::StatusOr<application::CreateReturnCommand> ToCommand(const v1::CreateReturnRequest& in);
absl::StatusOr<application::ReceiveReturnCommand> ToCommand(const v1::ReceiveReturnRequest& in);

}  // namespace oms::api
