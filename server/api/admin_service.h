#pragma once

#include "oms/v1/admin_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/account_admin.h"

namespace oms::api {

// AdminService: staff accounts and service tokens, for role admin only
// (application::AccountAdmin checks it and says so).
class AdminService final : public v1::AdminService::CallbackService {
 public:
  AdminService(Authenticator& auth, application::AccountAdmin& admin)
      : auth_(auth), admin_(admin) {}

  grpc::ServerUnaryReactor* CreateUser(grpc::CallbackServerContext* context,
                                       const v1::CreateUserRequest* request,
                                       v1::User* response) override;
  grpc::ServerUnaryReactor* UpdateUser(grpc::CallbackServerContext* context,
                                       const v1::UpdateUserRequest* request,
                                       v1::User* response) override;
  grpc::ServerUnaryReactor* DisableUser(grpc::CallbackServerContext* context,
                                        const v1::UserRequest* request,
                                        v1::User* response) override;
  grpc::ServerUnaryReactor* EnableUser(grpc::CallbackServerContext* context,
                                       const v1::UserRequest* request, v1::User* response) override;
  grpc::ServerUnaryReactor* ResetPassword(grpc::CallbackServerContext* context,
                                          const v1::ResetPasswordRequest* request,
                                          v1::User* response) override;
  grpc::ServerUnaryReactor* ListUsers(grpc::CallbackServerContext* context,
                                      const v1::ListUsersRequest* request,
                                      v1::ListUsersResponse* response) override;
  grpc::ServerUnaryReactor* CreateServiceToken(grpc::CallbackServerContext* context,
                                               const v1::CreateServiceTokenRequest* request,
                                               v1::CreateServiceTokenResponse* response) override;
  grpc::ServerUnaryReactor* RevokeServiceToken(grpc::CallbackServerContext* context,
                                               const v1::RevokeServiceTokenRequest* request,
                                               v1::ServiceToken* response) override;
  grpc::ServerUnaryReactor* ListServiceTokens(grpc::CallbackServerContext* context,
                                              const v1::ListServiceTokensRequest* request,
                                              v1::ListServiceTokensResponse* response) override;

 private:
  Authenticator& auth_;
  application::AccountAdmin& admin_;
};

}  // namespace oms::api
