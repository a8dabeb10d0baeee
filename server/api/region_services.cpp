#include "server/api/region_services.h"

#include <exception>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/grpc_status.h"
#include "server/api/proto_mapping.h"
#include "server/api/unary_call.h"
#include "server/api/watch_hub.h"
#include "server/api/watch_stream.h"
#include "spdlog/spdlog.h"

namespace oms::api {
namespace {

using Stream = WatchStream<v1::ReplicationMessage>;

}  // namespace

void MarkReplica(const application::RegionDirectory* regions, const std::string& home_region,
                 v1::Replica* replica) {
  if (regions == nullptr || !regions->IsPeer(home_region)) return;
  replica->set_is_replica(true);
  replica->set_answered_by(regions->local_region());
  // Unset while this region has never been known complete for that home.
  if (const absl::Time as_of = regions->ReplicaAsOf(home_region); as_of != absl::InfinitePast()) {
    SetTime(as_of, replica->mutable_as_of());
  }
}

RegionService::RegionService(Authenticator& auth, std::string region,
                             application::EventFeed* feed,
                             const application::RegionDirectory* regions)
    : auth_(auth), region_(std::move(region)), feed_(feed), regions_(regions) {}

grpc::ServerUnaryReactor* RegionService::GetRegionStatus(grpc::CallbackServerContext* context,
                                                         const v1::GetRegionStatusRequest* request,
                                                         v1::RegionStatus* response) {
  return Unary(context, auth_, "oms.v1.RegionService/GetRegionStatus", *request,
               [&](const application::Actor&) -> absl::Status {
                 response->set_region(region_);
                 if (feed_ != nullptr) {
                   absl::StatusOr<int64_t> head = feed_->LastSequence();
                   if (!head.ok()) return head.status();
                   response->set_head_sequence(*head);
                 }
                 if (regions_ == nullptr) return absl::OkStatus();
                 const absl::Time now = absl::Now();
                 for (const application::PeerReplicaStatus& p : regions_->Peers()) {
                   v1::PeerStatus* out = response->add_peers();
                   out->set_region(p.region);
                   out->set_address(p.address);
                   out->set_connected(p.connected);
                   out->set_applied_sequence(p.applied_sequence);
                   out->set_peer_head_sequence(p.peer_head_sequence);
                   out->set_lag_events(p.lag_events());
                   out->set_lag_seconds(p.lag_seconds(now));
                   if (p.caught_up_at != absl::InfinitePast()) {
                     SetTime(p.caught_up_at, out->mutable_caught_up_at());
                   }
                   if (p.last_applied_at != absl::InfinitePast()) {
                     SetTime(p.last_applied_at, out->mutable_last_applied_at());
                   }
                   out->set_last_error(p.last_error);
                 }
                 return absl::OkStatus();
               });
}

ReplicationService::ReplicationService(Authenticator& auth, std::string region, WatchHub* hub)
    : auth_(auth), region_(std::move(region)), hub_(hub) {}

grpc::ServerWriteReactor<v1::ReplicationMessage>* ReplicationService::StreamEvents(
    grpc::CallbackServerContext* context, const v1::StreamEventsRequest* request) {
  absl::StatusOr<Stream::Spec> spec;
  try {
    absl::StatusOr<application::Actor> actor =
        Admit(context, auth_, "oms.v1.ReplicationService/StreamEvents", request);
    if (!actor.ok()) return Stream::Refuse(ToGrpcStatus(actor.status()));
    if (hub_ == nullptr) {
      return Stream::Refuse(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                         "this server has no event feed to replicate"));
    }
    if (request->after_sequence() < 0) {
      return Stream::Refuse(grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("after_sequence: must not be negative, got ", request->after_sequence())));
    }
    absl::StatusOr<int64_t> head = hub_->feed().LastSequence();
    if (!head.ok()) return Stream::Refuse(ToGrpcStatus(head.status()));
    if (request->after_sequence() > *head) {
      // The follower saw more of this log than there is: this region's store
      // was restored from an older backup or replaced. Resending from here
      // would skip events it never had; an operator has to decide.
      return Stream::Refuse(grpc::Status(
          grpc::StatusCode::FAILED_PRECONDITION,
          absl::StrCat("after_sequence ", request->after_sequence(), " is beyond region ",
                       region_, "'s log (head ", *head,
                       "): its store was restored or replaced; rebuild the follower's replica")));
    }
    spdlog::info("region {} follows {} from sequence {}", actor->principal_id, region_,
                 request->after_sequence());
    Stream::Spec s;
    s.filter.aggregate_type = "order";
    s.filter.origin_region = region_;
    s.with_payload = true;
    s.start_after = request->after_sequence();
    s.mark_every_heartbeat = true;
    s.counted = false;  // a region per peer at most; desk watches must not crowd it out
    WatchHub* hub = hub_;
    const std::string region = region_;
    s.to_message = [hub, region](const application::FollowedEvent& followed) {
      v1::ReplicationMessage message;
      message.set_sequence(followed.event.sequence);
      message.set_head_sequence(std::max(hub->head(), followed.event.sequence));
      message.set_region(region);
      ToProto(followed.event, message.mutable_event());
      return std::optional(std::move(message));
    };
    s.to_mark = [hub, region](int64_t sequence) {
      v1::ReplicationMessage mark;
      mark.set_sequence(sequence);
      mark.set_head_sequence(std::max(hub->head(), sequence));
      mark.set_region(region);
      return mark;
    };
    spec = std::move(s);
  } catch (const std::exception& e) {
    spdlog::error("internal error in StreamEvents: {}", e.what());
    spec = absl::InternalError("internal error; the server log has the details");
  }
  if (!spec.ok()) return Stream::Refuse(ToGrpcStatus(spec.status()));
  return Stream::Start(*hub_, *std::move(spec));
}

}  // namespace oms::api
