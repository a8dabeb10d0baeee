#include "server/api/watch_orders.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/grpc_status.h"
#include "server/api/proto_mapping.h"
#include "server/api/scope_guard.h"
#include "server/api/unary_call.h"
#include "server/api/watch_stream.h"
#include "spdlog/spdlog.h"

namespace oms::api {
namespace {

using Stream = WatchStream<v1::WatchOrdersResponse>;

// The only entry of a list that is not "*", if it has exactly one.
std::string SoleEntry(const std::vector<std::string>& list) {
  return list.size() == 1 && list[0] != "*" ? list[0] : std::string();
}

bool Limited(const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), "*") == list.end();
}

// Holds a watch without an order to the caller's scope: store and warehouse
// staff watch one of their nodes (their only one by default), region-bound
// callers one of their regions, channels one order at a time (their
// callbacks carry the rest).
absl::Status WatchScope(application::ReadModel& reads, const application::Actor& actor,
                        application::EventFilter& filter) {
  if (actor.role == "channel") {
    return absl::InvalidArgumentError(
        "order_id: a channel watches one of its orders at a time; its callbacks carry the rest "
        "(docs/CHANNELS.md)");
  }
  if (absl::Status s = ScopeNodeFilter(reads, actor, filter.node_id); !s.ok()) return s;
  if (Limited(actor.scopes.regions)) {
    if (filter.region.empty()) filter.region = SoleEntry(actor.scopes.regions);
    if (!application::Scopes::Allows(actor.scopes.regions, filter.region)) {
      return absl::InvalidArgumentError("region: name one of your regions to watch");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Stream::Spec> SpecFor(grpc::CallbackServerContext& context,
                                     const v1::WatchOrdersRequest& request, Authenticator& auth,
                                     application::ReadModel& reads, WatchHub& hub) {
  absl::StatusOr<application::Actor> actor =
      Admit(&context, auth, "oms.v1.OrderService/WatchOrders", &request);
  if (!actor.ok()) return actor.status();
  for (const auto& [field, value] :
       {std::pair{"node_id", &request.node_id()}, std::pair{"region", &request.region()}}) {
    if (value->size() > 64) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": at most 64 characters"));
    }
  }
  Stream::Spec spec;
  spec.filter.aggregate_type = "order";
  spec.filter.node_id = request.node_id();
  spec.filter.region = request.region();
  if (!request.order_id().empty()) {
    absl::StatusOr<domain::OrderState> order = VisibleOrder(reads, *actor, request.order_id());
    if (!order.ok()) return order.status();
    spec.filter.aggregate_id = order->order_id;
  } else if (absl::Status s = WatchScope(reads, *actor, spec.filter); !s.ok()) {
    return s;
  }
  spec.filter.event_types.assign(request.event_types().begin(), request.event_types().end());
  if (absl::Status types = ValidateEventTypes(spec.filter.event_types, {}); !types.ok()) {
    return types;
  }
  absl::StatusOr<int64_t> start =
      WatchStartingPoint(hub.feed(), request.after_sequence(), request.from_beginning());
  if (!start.ok()) return start.status();
  spec.start_after = *start;
  spec.with_payload = request.include_payload();
  spec.to_message = [viewer = *actor](const application::FollowedEvent& followed) {
    v1::WatchOrdersResponse message;
    message.set_sequence(followed.event.sequence);
    ToProto(followed.event, message.mutable_event());
    // include_payload asked for the snapshot; the viewer's role decides.
    Redact(viewer, true, message.mutable_event());
    return std::optional(std::move(message));
  };
  spec.to_mark = [](int64_t sequence) {
    v1::WatchOrdersResponse mark;
    mark.set_sequence(sequence);
    return mark;
  };
  return spec;
}

}  // namespace

grpc::ServerWriteReactor<v1::WatchOrdersResponse>* WatchOrders(
    grpc::CallbackServerContext& context, const v1::WatchOrdersRequest& request,
    Authenticator& auth, application::ReadModel& reads, WatchHub& hub) {
  absl::StatusOr<Stream::Spec> spec;
  try {
    spec = SpecFor(context, request, auth, reads, hub);
  } catch (const std::exception& e) {
    spdlog::error("internal error in WatchOrders: {}", e.what());
    spec = absl::InternalError("internal error; the server log has the details");
  }
  if (!spec.ok()) return Stream::Refuse(ToGrpcStatus(spec.status()));
  return Stream::Start(hub, *std::move(spec));
}

}  // namespace oms::api
