#include "server/api/watch_orders.h"

#include <exception>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/grpc_status.h"
#include "server/api/proto_mapping.h"
#include "server/api/watch_stream.h"
#include "spdlog/spdlog.h"

namespace oms::api {
namespace {

using Stream = WatchStream<v1::WatchOrdersResponse>;

absl::StatusOr<Stream::Spec> SpecFor(
    grpc::CallbackServerContext& context, const v1::WatchOrdersRequest& request,
    Authenticator& auth,
    const std::function<absl::StatusOr<std::string>(const std::string&)>& order_id_of,
    WatchHub& hub) {
  if (absl::StatusOr<application::Actor> actor = auth.Authenticate(context); !actor.ok()) {
    return actor.status();
  }
  for (const auto& [field, value] :
       {std::pair{"node_id", &request.node_id()}, std::pair{"region", &request.region()}}) {
    if (value->size() > 64) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": at most 64 characters"));
    }
  }
  Stream::Spec spec;
  spec.filter.aggregate_type = "order";
  if (!request.order_id().empty()) {
    absl::StatusOr<std::string> order_id = order_id_of(request.order_id());
    if (!order_id.ok()) return order_id.status();
    spec.filter.aggregate_id = *order_id;
  }
  spec.filter.node_id = request.node_id();
  spec.filter.region = request.region();
  spec.filter.event_types.assign(request.event_types().begin(), request.event_types().end());
  if (absl::Status types = ValidateEventTypes(spec.filter.event_types, {}); !types.ok()) {
    return types;
  }
  absl::StatusOr<int64_t> start =
      WatchStartingPoint(hub.feed(), request.after_sequence(), request.from_beginning());
  if (!start.ok()) return start.status();
  spec.start_after = *start;
  spec.with_payload = request.include_payload();
  spec.to_message = [](const application::FollowedEvent& followed) {
    v1::WatchOrdersResponse message;
    message.set_sequence(followed.event.sequence);
    ToProto(followed.event, message.mutable_event());
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
    Authenticator& auth,
    const std::function<absl::StatusOr<std::string>(const std::string&)>& order_id_of,
    WatchHub& hub) {
  absl::StatusOr<Stream::Spec> spec;
  try {
    spec = SpecFor(context, request, auth, order_id_of, hub);
  } catch (const std::exception& e) {
    spdlog::error("internal error in WatchOrders: {}", e.what());
    spec = absl::InternalError("internal error; the server log has the details");
  }
  if (!spec.ok()) return Stream::Refuse(ToGrpcStatus(spec.status()));
  return Stream::Start(hub, *std::move(spec));
}

}  // namespace oms::api
