#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "server/domain/return.h"

// An order's returns <-> JSON, part of the order's body (order_codec.cpp).
// Same rules as the order codec: enumerations by name, times in unix
// microseconds, missing fields take their default. Thread-safe.
namespace oms::storage {

nlohmann::json ReturnsToJson(const std::vector<domain::ReturnState>& returns);
// INTERNAL naming the field for an unknown enumeration name or a field of
// the wrong type.
absl::StatusOr<std::vector<domain::ReturnState>> ReturnsFromJson(const nlohmann::json& returns);

}  // namespace oms::storage
