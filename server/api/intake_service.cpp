#include "server/api/intake_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/proto_mapping.h"
#include "server/api/unary_call.h"

namespace oms::api {

IntakeService::IntakeService(Authenticator& auth, application::ReadModel& reads)
    : auth_(auth), reads_(reads) {}

grpc::ServerUnaryReactor* IntakeService::ListRejectedIntake(
    grpc::CallbackServerContext* context, const v1::ListRejectedIntakeRequest* request,
    v1::ListRejectedIntakeResponse* response) {
  return Unary(context, auth_, "oms.v1.IntakeService/ListRejectedIntake", *request,
               [&](const application::Actor& actor) -> absl::Status {
                 auto page = reads_.ListRejectedIntake(
                     request->channel(), request->page().page_size(), request->page().page_token());
                 if (!page.ok()) return page.status();
                 for (const application::RejectedIntake& r : page->items) {
                   v1::RejectedIntake* out = response->add_rejected();
                   out->set_intake_id(r.intake_id);
                   out->set_channel(r.channel);
                   out->set_format(r.format);
                   SetTime(r.received_at, out->mutable_received_at());
                   out->set_reason(r.reason);
                   out->set_signature_ok(r.signature_ok);
                   out->set_body(r.body);
                 }
                 response->set_next_page_token(page->next_page_token);
                 return absl::OkStatus();
               });
}

}  // namespace oms::api
