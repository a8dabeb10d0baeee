#pragma once

#include "oms/v1/catalog_service.pb.h"
#include "oms/v1/customer_service.pb.h"
#include "oms/v1/inventory_service.pb.h"
#include "oms/v1/node_service.pb.h"
#include "oms/v1/order.pb.h"
#include "oms/v1/order_service.pb.h"
#include "server/application/place_order_command.h"
#include "server/application/queries.h"
#include "server/domain/order.h"
#include "server/domain/order_state.h"

// Proto <-> domain mapping for the gRPC adapters. Pure functions, no I/O.
namespace oms::api {

// Times to and from protobuf Timestamps (microsecond precision, as stored).
void SetTime(absl::Time t, google::protobuf::Timestamp* out);
absl::Time FromTimestamp(const google::protobuf::Timestamp& t);
void SetMoney(int64_t minor, const std::string& currency, v1::Money* out);

void ToProto(const domain::OrderState& in, v1::Order* out);
void ToProto(const domain::ShipmentState& in, const std::string& currency, v1::Shipment* out);
void ToProto(const application::OrderSummaryRow& in, v1::OrderSummary* out);
void ToProto(const application::StoredEvent& in, v1::OrderEvent* out);
void ToProto(const domain::StockLevel& in, v1::StockLevel* out);
void ToProto(const domain::Product& in, v1::Product* out);
void ToProto(const domain::FulfillmentNode& in, v1::FulfillmentNode* out);
void ToProto(const application::CustomerProfile& in, v1::CustomerProfile* out);

v1::OrderStatus ToProto(domain::OrderStatus s);
// INVALID_ARGUMENT for UNSPECIFIED or a value this server does not know.
absl::StatusOr<domain::OrderStatus> FromProto(v1::OrderStatus s);
v1::ShipmentStatus ToProto(domain::ShipmentStatus s);
v1::TenderType ToProto(domain::TenderType t);
absl::StatusOr<domain::ShipmentStatus> FromProto(v1::ShipmentStatus s);
absl::StatusOr<domain::HoldReason> FromProto(v1::HoldReason r);

// Maps a placement request; INVALID_ARGUMENT for enum values that are
// unspecified or unknown (field named). request_hash is filled with the
// SHA-256 of the request without its request_id.
absl::StatusOr<application::PlaceOrderCommand> ToCommand(const v1::PlaceOrderRequest& request);

// SHA-256 hex of the message serialized deterministically.
std::string Fingerprint(const google::protobuf::Message& message);

}  // namespace oms::api
