#pragma once

#include <string>

#include "oms/v1/session_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/sign_in.h"

namespace oms::api {

// SessionService: WhoAmI, and staff sign-in (Login, Refresh, Logout).
// Login and Refresh are the only RPCs served without a bearer token.
class SessionService final : public v1::SessionService::CallbackService {
 public:
  // `sign_in` may be null: Login, Refresh and Logout then answer UNIMPLEMENTED.
  SessionService(Authenticator& auth, application::SignIn* sign_in, std::string region)
      : auth_(auth), sign_in_(sign_in), region_(std::move(region)) {}
  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context,
                                   const v1::WhoAmIRequest* request,
                                   v1::WhoAmIResponse* response) override;
  grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* context,
                                  const v1::LoginRequest* request,
                                  v1::LoginResponse* response) override;
  grpc::ServerUnaryReactor* Refresh(grpc::CallbackServerContext* context,
                                    const v1::RefreshRequest* request,
                                    v1::LoginResponse* response) override;
  grpc::ServerUnaryReactor* Logout(grpc::CallbackServerContext* context,
                                   const v1::LogoutRequest* request,
                                   v1::LogoutResponse* response) override;

 private:
  Authenticator& auth_;
  application::SignIn* sign_in_;
  const std::string region_;
};

void ToProto(const application::Scopes& scopes, v1::Scopes* out);
application::Scopes FromProto(const v1::Scopes& scopes);

}  // namespace oms::api
