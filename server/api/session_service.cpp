#include "server/api/session_service.h"

#include <exception>
#include <iostream>

#include "server/api/grpc_status.h"
#include "server/api/proto_mapping.h"
#include "server/api/unary_call.h"
#include "server/application/policy.h"

namespace oms::api {
namespace {

absl::Status NoSignIn() {
  return absl::UnimplementedError("staff sign-in is not configured on this server");
}

void ToProto(const application::Session& s, v1::LoginResponse* out) {
  out->set_access_token(s.access_token);
  SetTime(s.access_expires_at, out->mutable_access_expires_at());
  out->set_refresh_token(s.refresh_token);
  SetTime(s.refresh_expires_at, out->mutable_refresh_expires_at());
  out->set_principal_id(s.principal_id);
  out->set_display_name(s.display_name);
  out->set_role(s.role);
  oms::api::ToProto(s.scopes, out->mutable_scopes());
}

}  // namespace

void ToProto(const application::Scopes& s, v1::Scopes* out) {
  out->mutable_stores()->Assign(s.stores.begin(), s.stores.end());
  out->mutable_nodes()->Assign(s.nodes.begin(), s.nodes.end());
  out->mutable_regions()->Assign(s.regions.begin(), s.regions.end());
  out->mutable_channels()->Assign(s.channels.begin(), s.channels.end());
}

application::Scopes FromProto(const v1::Scopes& s) {
  return application::Scopes{{s.stores().begin(), s.stores().end()},
                             {s.nodes().begin(), s.nodes().end()},
                             {s.regions().begin(), s.regions().end()},
                             {s.channels().begin(), s.channels().end()}};
}

grpc::ServerUnaryReactor* SessionService::WhoAmI(grpc::CallbackServerContext* context,
                                                 const v1::WhoAmIRequest* request,
                                                 v1::WhoAmIResponse* response) {
  return Unary(context, auth_, "oms.v1.SessionService/WhoAmI", *request,
               [&](const application::Actor&) -> absl::Status {
                 auto principal = auth_.PrincipalOf(*context);  // cached by Admit's look-up
                 if (!principal.ok()) return principal.status();
                 response->set_principal_id(principal->principal_id);
                 response->set_display_name(principal->display_name);
                 response->set_role(principal->role);
                 response->set_region(region_);
                 ToProto(principal->scopes, response->mutable_scopes());
                 const unsigned role = application::RoleBit(principal->role);
                 for (const application::RpcRule& rule : application::AllRules()) {
                   if (rule.is_public || (rule.roles & role) != 0) {
                     response->add_allowed_methods(std::string(rule.method));
                   }
                 }
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* SessionService::Login(grpc::CallbackServerContext* context,
                                                const v1::LoginRequest* request,
                                                v1::LoginResponse* response) {
  return Unary(context, auth_, "oms.v1.SessionService/Login", *request,
               [&](const application::Actor&) -> absl::Status {
                 if (sign_in_ == nullptr) return NoSignIn();
                 auto session = sign_in_->Login(request->username(), request->password());
                 if (!session.ok()) return session.status();
                 ToProto(*session, response);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* SessionService::Refresh(grpc::CallbackServerContext* context,
                                                  const v1::RefreshRequest* request,
                                                  v1::LoginResponse* response) {
  return Unary(context, auth_, "oms.v1.SessionService/Refresh", *request,
               [&](const application::Actor&) -> absl::Status {
                 if (sign_in_ == nullptr) return NoSignIn();
                 auto session = sign_in_->Refresh(request->refresh_token());
                 if (!session.ok()) return session.status();
                 ToProto(*session, response);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* SessionService::Logout(grpc::CallbackServerContext* context,
                                                 const v1::LogoutRequest* request,
                                                 v1::LogoutResponse*) {
  return Unary(context, auth_, "oms.v1.SessionService/Logout", *request,
               [&](const application::Actor&) -> absl::Status {
                 if (sign_in_ == nullptr) return NoSignIn();
                 return sign_in_->Logout(BearerTokenOf(*context), request->refresh_token());
               });
}

}  // namespace oms::api
