#include "server/api/admin_service.h"

#include <functional>

#include "server/api/proto_mapping.h"
#include "server/api/session_service.h"
#include "server/api/unary_call.h"

namespace oms::api {
namespace {

using application::Actor;

void ToProto(const application::StaffAccount& a, v1::User* out) {
  out->set_username(a.username);
  out->set_principal_id(a.principal_id);
  out->set_display_name(a.display_name);
  out->set_role(a.role);
  oms::api::ToProto(a.scopes, out->mutable_scopes());
  out->set_disabled(a.disabled);
  out->set_failed_attempts(a.failed_attempts);
  if (a.locked_until) SetTime(*a.locked_until, out->mutable_locked_until());
  SetTime(a.created_at, out->mutable_created_at());
  SetTime(a.updated_at, out->mutable_updated_at());
  if (a.last_login_at) SetTime(*a.last_login_at, out->mutable_last_login_at());
}

void ToProto(const application::StoredToken& t, v1::ServiceToken* out) {
  out->set_token_id(t.token_id);
  out->set_name(t.name);
  out->set_description(t.description);
  out->set_principal_id(t.principal_id);
  out->set_role(t.role);
  oms::api::ToProto(t.scopes, out->mutable_scopes());
  SetTime(t.created_at, out->mutable_created_at());
  if (t.expires_at) SetTime(*t.expires_at, out->mutable_expires_at());
  if (t.revoked_at) SetTime(*t.revoked_at, out->mutable_revoked_at());
  out->set_created_by(t.created_by);
}

template <typename T, typename P>
absl::Status Answer(const absl::StatusOr<T>& result, P* response) {
  if (!result.ok()) return result.status();
  ToProto(*result, response);
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* AdminService::CreateUser(grpc::CallbackServerContext* context,
                                                   const v1::CreateUserRequest* request,
                                                   v1::User* response) {
  return Unary(context, auth_, "oms.v1.AdminService/CreateUser", *request, [&](const Actor& actor) {
    return Answer(admin_.CreateUser(actor, {.username = request->username(),
                                            .display_name = request->display_name(),
                                            .password = request->password(),
                                            .role = request->role(),
                                            .scopes = FromProto(request->scopes())}),
                  response);
  });
}

grpc::ServerUnaryReactor* AdminService::UpdateUser(grpc::CallbackServerContext* context,
                                                   const v1::UpdateUserRequest* request,
                                                   v1::User* response) {
  return Unary(context, auth_, "oms.v1.AdminService/UpdateUser", *request, [&](const Actor& actor) {
    application::AccountChanges changes{.username = request->username()};
    if (!request->display_name().empty()) changes.display_name = request->display_name();
    if (!request->role().empty()) changes.role = request->role();
    if (request->has_scopes()) changes.scopes = FromProto(request->scopes());
    return Answer(admin_.UpdateUser(actor, changes), response);
  });
}

grpc::ServerUnaryReactor* AdminService::DisableUser(grpc::CallbackServerContext* context,
                                                    const v1::UserRequest* request,
                                                    v1::User* response) {
  return Unary(context, auth_, "oms.v1.AdminService/DisableUser", *request,
               [&](const Actor& actor) {
                 return Answer(admin_.SetDisabled(actor, request->username(), true), response);
               });
}

grpc::ServerUnaryReactor* AdminService::EnableUser(grpc::CallbackServerContext* context,
                                                   const v1::UserRequest* request,
                                                   v1::User* response) {
  return Unary(context, auth_, "oms.v1.AdminService/EnableUser", *request, [&](const Actor& actor) {
    return Answer(admin_.SetDisabled(actor, request->username(), false), response);
  });
}

grpc::ServerUnaryReactor* AdminService::ResetPassword(grpc::CallbackServerContext* context,
                                                      const v1::ResetPasswordRequest* request,
                                                      v1::User* response) {
  return Unary(
      context, auth_, "oms.v1.AdminService/ResetPassword", *request, [&](const Actor& actor) {
        return Answer(admin_.ResetPassword(actor, request->username(), request->new_password()),
                      response);
      });
}

grpc::ServerUnaryReactor* AdminService::ListUsers(grpc::CallbackServerContext* context,
                                                  const v1::ListUsersRequest* request,
                                                  v1::ListUsersResponse* response) {
  return Unary(context, auth_, "oms.v1.AdminService/ListUsers", *request,
               [&](const Actor& actor) -> absl::Status {
                 auto users = admin_.ListUsers(actor);
                 if (!users.ok()) return users.status();
                 for (const auto& u : *users) ToProto(u, response->add_users());
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* AdminService::CreateServiceToken(
    grpc::CallbackServerContext* context, const v1::CreateServiceTokenRequest* request,
    v1::CreateServiceTokenResponse* response) {
  return Unary(
      context, auth_, "oms.v1.AdminService/CreateServiceToken", *request,
      [&](const Actor& actor) -> absl::Status {
        if (request->expires_in_seconds() < 0) {
          return absl::InvalidArgumentError("expires_in_seconds must be 0 (never) or positive");
        }
        application::NewServiceToken token{.name = request->name(),
                                           .description = request->description(),
                                           .role = request->role(),
                                           .scopes = FromProto(request->scopes())};
        if (request->expires_in_seconds() > 0) {
          token.expires_in = absl::Seconds(request->expires_in_seconds());
        }
        auto issued = admin_.CreateServiceToken(actor, token);
        if (!issued.ok()) return issued.status();
        ToProto(issued->token, response->mutable_token());
        response->set_secret(issued->secret);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* AdminService::RevokeServiceToken(
    grpc::CallbackServerContext* context, const v1::RevokeServiceTokenRequest* request,
    v1::ServiceToken* response) {
  return Unary(context, auth_, "oms.v1.AdminService/RevokeServiceToken", *request,
               [&](const Actor& actor) {
                 return Answer(admin_.RevokeServiceToken(actor, request->token_id()), response);
               });
}

grpc::ServerUnaryReactor* AdminService::ListServiceTokens(
    grpc::CallbackServerContext* context, const v1::ListServiceTokensRequest* request,
    v1::ListServiceTokensResponse* response) {
  return Unary(context, auth_, "oms.v1.AdminService/ListServiceTokens", *request,
               [&](const Actor& actor) -> absl::Status {
                 auto tokens = admin_.ListServiceTokens(actor, request->include_revoked());
                 if (!tokens.ok()) return tokens.status();
                 for (const auto& t : *tokens) ToProto(t, response->add_tokens());
                 return absl::OkStatus();
               });
}

}  // namespace oms::api
