#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "server/domain/order_state.h"

// OrderState <-> JSON, for the orders.body column and the "snapshot" of
// order events (a replica rebuilds an order from that alone).
//
// Every field round-trips exactly, with one stated exception: times are
// stored as integer unix microseconds, so a time with a finer part comes
// back truncated to the microsecond. Enumerations are stored by their
// domain::Name, so the stored form survives reordering of the enums; an
// unknown name (a newer version wrote it) is INTERNAL on decoding, as is a
// body that is not JSON or has a field of the wrong type. Fields missing
// from the JSON take their default, so a body written before a field existed
// still reads. Thread-safe (pure functions).
namespace oms::storage {

nlohmann::json OrderStateToJson(const domain::OrderState& state);
absl::StatusOr<domain::OrderState> OrderStateFromJson(const nlohmann::json& json);

std::string EncodeOrderState(const domain::OrderState& state);
absl::StatusOr<domain::OrderState> DecodeOrderState(std::string_view text);

// Compact JSON text; invalid UTF-8 in strings is replaced by U+FFFD rather
// than thrown, so an odd byte from outside never makes a save fail.
std::string DumpJson(const nlohmann::json& j);

// Times as stored everywhere in this schema.
int64_t ToMicros(absl::Time t);
absl::Time FromMicros(int64_t micros);

}  // namespace oms::storage
