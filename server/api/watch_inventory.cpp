#include "server/api/watch_inventory.h"

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "server/api/grpc_status.h"
#include "server/api/proto_mapping.h"
#include "server/api/unary_call.h"
#include "server/api/watch_stream.h"
#include "spdlog/spdlog.h"

namespace oms::api {
namespace {

using Stream = WatchStream<v1::WatchInventoryResponse>;

const std::vector<std::string>& StockEventTypes() {
  static const std::vector<std::string> types = {"StockReserved", "StockReleased", "StockShipped",
                                                 "StockAdjusted"};
  return types;
}

int64_t Int(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::string Text(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

absl::StatusOr<Stream::Spec> SpecFor(grpc::CallbackServerContext& context,
                                     const v1::WatchInventoryRequest& request, Authenticator& auth,
                                     WatchHub& hub) {
  absl::StatusOr<application::Actor> actor =
      Admit(&context, auth, "oms.v1.InventoryService/WatchInventory", &request);
  if (!actor.ok()) return actor.status();
  for (const auto& [field, value] :
       {std::pair{"sku", &request.sku()}, std::pair{"node_id", &request.node_id()},
        std::pair{"region", &request.region()}}) {
    if (value->size() > 64) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": at most 64 characters"));
    }
  }
  if (request.sku().find('@') != std::string::npos) {
    return absl::InvalidArgumentError("sku: a SKU has no '@'");
  }
  Stream::Spec spec;
  spec.filter.aggregate_type = "stock";
  if (!request.sku().empty() && !request.node_id().empty()) {
    // Both: one aggregate, found through its index.
    spec.filter.aggregate_id = absl::StrCat(request.sku(), "@", request.node_id());
  } else {
    spec.filter.sku = request.sku();
    spec.filter.node_id = request.node_id();
  }
  spec.filter.region = request.region();
  spec.filter.event_types.assign(request.event_types().begin(), request.event_types().end());
  if (absl::Status types = ValidateEventTypes(spec.filter.event_types, StockEventTypes());
      !types.ok()) {
    return types;
  }
  absl::StatusOr<int64_t> start =
      WatchStartingPoint(hub.feed(), request.after_sequence(), request.from_beginning());
  if (!start.ok()) return start.status();
  spec.start_after = *start;
  spec.with_payload = true;  // the level is in the details; stock payloads are small
  spec.to_message = &ToStockChange;
  spec.to_mark = [](int64_t sequence) {
    v1::WatchInventoryResponse mark;
    mark.set_sequence(sequence);
    return mark;
  };
  return spec;
}

}  // namespace

std::optional<v1::WatchInventoryResponse> ToStockChange(
    const application::FollowedEvent& followed) {
  const application::StoredEvent& event = followed.event;
  if (event.aggregate_type != "stock") return std::nullopt;
  const nlohmann::json payload = nlohmann::json::parse(event.payload_json, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) {
    spdlog::warn("stock event {} has an unreadable payload; watchers skip it", event.sequence);
    return std::nullopt;
  }
  const auto details_it = payload.find("details");
  const nlohmann::json details = details_it != payload.end() && details_it->is_object()
                                     ? *details_it
                                     : nlohmann::json::object();

  v1::WatchInventoryResponse message;
  message.set_sequence(event.sequence);
  v1::StockChange* change = message.mutable_change();
  change->set_event_type(event.event_type);
  SetTime(event.occurred_at, change->mutable_occurred_at());
  change->set_summary(event.summary);
  change->set_delta_on_hand(Int(details, "delta_on_hand"));
  change->set_delta_reserved(Int(details, "delta_reserved"));
  change->set_order_id(Text(details, "order_id"));
  change->set_reason(Text(details, "reason"));

  v1::StockLevel* level = change->mutable_level();
  const size_t at = event.aggregate_id.find('@');
  level->set_sku(Text(details, "sku"));
  level->set_node_id(Text(details, "node_id"));
  if (level->sku().empty() && at != std::string::npos) {
    level->set_sku(event.aggregate_id.substr(0, at));
    level->set_node_id(event.aggregate_id.substr(at + 1));
  }
  level->set_region(followed.aggregate_region);
  level->set_on_hand(Int(details, "on_hand"));
  level->set_reserved(Int(details, "reserved"));
  level->set_safety_stock(Int(details, "safety_stock"));
  level->set_available(Int(details, "available"));
  level->set_version(event.aggregate_version);
  return message;
}

grpc::ServerWriteReactor<v1::WatchInventoryResponse>* WatchInventory(
    grpc::CallbackServerContext& context, const v1::WatchInventoryRequest& request,
    Authenticator& auth, WatchHub& hub) {
  absl::StatusOr<Stream::Spec> spec;
  try {
    spec = SpecFor(context, request, auth, hub);
  } catch (const std::exception& e) {
    spdlog::error("internal error in WatchInventory: {}", e.what());
    spec = absl::InternalError("internal error; the server log has the details");
  }
  if (!spec.ok()) return Stream::Refuse(ToGrpcStatus(spec.status()));
  return Stream::Start(hub, *std::move(spec));
}

}  // namespace oms::api
