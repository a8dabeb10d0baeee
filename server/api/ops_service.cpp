#include "server/api/ops_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/order_service.h"
#include "server/api/proto_mapping.h"
#include "server/api/scope_guard.h"
#include "server/api/unary_call.h"

namespace oms::api {
namespace {

v1::DeadLetterStatus ToProto(application::DeadLetterStatus status) {
  switch (status) {
    case application::DeadLetterStatus::kDead:
      return v1::DEAD_LETTER_STATUS_DEAD;
    case application::DeadLetterStatus::kReplaying:
      return v1::DEAD_LETTER_STATUS_REPLAYING;
    case application::DeadLetterStatus::kReplayed:
      return v1::DEAD_LETTER_STATUS_REPLAYED;
  }
  return v1::DEAD_LETTER_STATUS_UNSPECIFIED;
}

void ToProto(const application::DeadLetter& d, v1::DeadLetter* out) {
  out->set_dead_letter_id(d.dead_letter_id);
  out->set_destination(d.destination);
  out->set_event_seq(d.event_seq);
  out->set_event_id(d.event_id);
  out->set_event_type(d.event_type);
  out->set_order_id(d.aggregate_id);
  out->set_status(ToProto(d.status));
  out->set_attempts(d.attempts);
  out->set_last_error(d.last_error);
  SetTime(d.created_at, out->mutable_created_at());
  SetTime(d.updated_at, out->mutable_updated_at());
  if (d.replayed_at != absl::InfinitePast()) SetTime(d.replayed_at, out->mutable_replayed_at());
}

}  // namespace

OpsService::OpsService(Authenticator& auth, application::ReadModel& reads,
                       application::OutboxRelay& relay)
    : auth_(auth), reads_(reads), relay_(relay) {}

grpc::ServerUnaryReactor* OpsService::ListAuditLog(grpc::CallbackServerContext* context,
                                                   const v1::ListAuditLogRequest* request,
                                                   v1::ListAuditLogResponse* response) {
  return Unary(
      context, auth_, "oms.v1.OpsService/ListAuditLog", *request,
      [&](const application::Actor& actor) -> absl::Status {
        application::AuditQuery query;
        if (!request->order_id().empty()) {
          auto order = VisibleOrder(reads_, actor, request->order_id());
          if (!order.ok()) return order.status();
          query.aggregate_id = order->order_id;
        }
        if (request->principal().size() > 200) {
          return absl::InvalidArgumentError("principal: at most 200 characters");
        }
        query.principal_id = request->principal();
        if (request->has_from()) query.from = FromTimestamp(request->from());
        if (request->has_to()) query.to = FromTimestamp(request->to());
        if (query.aggregate_id.empty() && query.principal_id.empty() && !query.from && !query.to) {
          return absl::InvalidArgumentError(
              "give order_id, principal, from or to: the whole log is for the outbox tools");
        }
        auto size = PageSize(request->page().page_size(), 100);
        if (!size.ok()) return size.status();
        query.page_size = *size;
        query.page_token = request->page().page_token();
        auto page = reads_.ListAuditLog(query);
        if (!page.ok()) return page.status();
        for (const application::StoredEvent& e : page->items) ToProto(e, response->add_entries());
        response->set_next_page_token(page->next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* OpsService::ListDeadLetters(grpc::CallbackServerContext* context,
                                                      const v1::ListDeadLettersRequest* request,
                                                      v1::ListDeadLettersResponse* response) {
  return Unary(context, auth_, "oms.v1.OpsService/ListDeadLetters", *request,
               [&](const application::Actor& actor) -> absl::Status {
                 auto page =
                     relay_.ListDeadLetters(request->destination(), request->page().page_size(),
                                            request->page().page_token());
                 if (!page.ok()) return page.status();
                 for (const application::DeadLetter& d : page->items)
                   ToProto(d, response->add_dead_letters());
                 response->set_next_page_token(page->next_page_token);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* OpsService::ReplayDeadLetter(grpc::CallbackServerContext* context,
                                                       const v1::ReplayDeadLetterRequest* request,
                                                       v1::ReplayDeadLetterResponse* response) {
  return AsyncUnary(context, auth_, "oms.v1.OpsService/ReplayDeadLetter", *request,
                    [this, request, response](const application::Actor& actor, Finish finish) {
                      if (request->dead_letter_id().empty()) {
                        return finish(absl::InvalidArgumentError("dead_letter_id: is required"));
                      }
                      relay_.ReplayDeadLetter(
                          request->dead_letter_id(),
                          [response, finish](absl::StatusOr<application::DeadLetter> letter) {
                            if (!letter.ok()) return finish(letter.status());
                            ToProto(*letter, response->mutable_dead_letter());
                            finish(absl::OkStatus());
                          });
                    });
}

}  // namespace oms::api
