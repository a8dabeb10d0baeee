// AdminService against the real server: accounts, service tokens, admin-only
// enforcement and the audit events (docs/SECURITY.md).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "server/application/policy.h"
#include "server/storage/store.h"
#include "tests/server/identity_server.h"
#include "tests/support/status_macros.h"

namespace oms::testing {
namespace {

constexpr char kAdmin[] = "demo-admin-token";

class AccountAdminTest : public ::testing::Test {
 protected:
  grpc::Status CreateUser(const std::string& username, const std::string& password,
                          const std::string& role, const std::string& token = kAdmin) {
    v1::CreateUserRequest request;
    request.set_username(username);
    request.set_display_name("Bob Builder");
    request.set_password(password);
    request.set_role(role);
    request.mutable_scopes()->add_regions("EU1");
    v1::User user;
    return server_.admin().CreateUser(IdentityServer::Context(token).get(), request, &user);
  }
  grpc::Status Login(const std::string& user, const std::string& password,
                     v1::LoginResponse* out = nullptr) {
    v1::LoginRequest request;
    request.set_username(user);
    request.set_password(password);
    v1::LoginResponse response;
    return server_.session().Login(IdentityServer::Context().get(), request,
                                   out != nullptr ? out : &response);
  }
  grpc::Status WhoAmI(const std::string& token, v1::WhoAmIResponse* out = nullptr) {
    v1::WhoAmIResponse response;
    return server_.session().WhoAmI(IdentityServer::Context(token).get(), {},
                                    out != nullptr ? out : &response);
  }
  absl::StatusOr<v1::CreateServiceTokenResponse> CreateToken(int64_t expires_in_seconds) {
    v1::CreateServiceTokenRequest request;
    request.set_name("web-shop");
    request.set_description("Web shop checkout");
    request.set_role("channel");
    request.mutable_scopes()->add_channels("web");
    request.set_expires_in_seconds(expires_in_seconds);
    v1::CreateServiceTokenResponse response;
    grpc::Status status = server_.admin().CreateServiceToken(IdentityServer::Context(kAdmin).get(),
                                                             request, &response);
    if (!status.ok()) return absl::InternalError(status.error_message());
    return response;
  }

  IdentityServer server_;
};

TEST_F(AccountAdminTest, ACreatedUserSignsInWithTheRoleAndScopesGiven) {
  ASSERT_TRUE(CreateUser("bob", "correct-horse-battery", "supervisor").ok());
  v1::LoginResponse session;
  ASSERT_TRUE(Login("bob", "correct-horse-battery", &session).ok());
  EXPECT_EQ(session.principal_id(), "staff:bob");
  EXPECT_EQ(session.role(), "supervisor");
  ASSERT_EQ(session.scopes().regions_size(), 1);
  EXPECT_EQ(session.scopes().regions(0), "EU1");

  v1::ListUsersResponse users;
  ASSERT_TRUE(server_.admin().ListUsers(IdentityServer::Context(kAdmin).get(), {}, &users).ok());
  bool found = false;
  for (const auto& u : users.users()) found = found || u.username() == "bob";
  EXPECT_TRUE(found);
}

TEST_F(AccountAdminTest, ATakenUsernameIsAlreadyExistsAndABadOneInvalid) {
  EXPECT_EQ(CreateUser("alice", "long-enough-pass", "agent").error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(CreateUser("Bad Name", "long-enough-pass", "agent").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CreateUser("carol", "short", "agent").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CreateUser("carol", "long-enough-pass", "wizard").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(AccountAdminTest, OnlyAdminsManageAccountsAndTokens) {
  grpc::Status agent = CreateUser("bob", "correct-horse-battery", "agent", "demo-agent-token");
  EXPECT_EQ(agent.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Says who may (the use case's check and the policy table's both name admin).
  EXPECT_NE(agent.error_message().find("admin"), std::string::npos) << agent.error_message();
  v1::ListServiceTokensResponse tokens;
  EXPECT_EQ(
      server_.admin()
          .ListServiceTokens(IdentityServer::Context("demo-supervisor-token").get(), {}, &tokens)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::ListUsersResponse users;
  EXPECT_EQ(server_.admin().ListUsers(IdentityServer::Context().get(), {}, &users).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccountAdminTest, UpdateUserChangesRoleAndScopesOnTheNextCall) {
  v1::LoginResponse session;
  ASSERT_TRUE(Login("alice", "alice-demo-pass", &session).ok());
  ASSERT_TRUE(WhoAmI(session.access_token()).ok());
  v1::UpdateUserRequest request;
  request.set_username("alice");
  request.set_role("supervisor");
  request.mutable_scopes()->add_regions("US1");
  v1::User user;
  ASSERT_TRUE(
      server_.admin().UpdateUser(IdentityServer::Context(kAdmin).get(), request, &user).ok());
  v1::WhoAmIResponse me;
  ASSERT_TRUE(WhoAmI(session.access_token(), &me).ok());
  EXPECT_EQ(me.role(), "supervisor");
  ASSERT_EQ(me.scopes().regions_size(), 1);
  EXPECT_EQ(me.scopes().regions(0), "US1");
}

TEST_F(AccountAdminTest, WhoAmIListsWhatTheRoleMayCallFromThePolicyTable) {
  v1::LoginResponse session;
  ASSERT_TRUE(Login("alice", "alice-demo-pass", &session).ok());  // an agent
  v1::WhoAmIResponse me;
  ASSERT_TRUE(WhoAmI(session.access_token(), &me).ok());
  const std::set<std::string> allowed(me.allowed_methods().begin(), me.allowed_methods().end());
  EXPECT_TRUE(allowed.count("oms.v1.OrderService/CancelOrder"));
  EXPECT_TRUE(allowed.count("oms.v1.PaymentService/RefundOrder"));
  EXPECT_TRUE(allowed.count("oms.v1.SessionService/Login")) << "public methods are listed too";
  EXPECT_FALSE(allowed.count("oms.v1.PaymentService/ApproveRefund")) << "supervisors approve";
  EXPECT_FALSE(allowed.count("oms.v1.AdminService/CreateUser"));
  for (const std::string& method : allowed) {
    const auto* rule = application::FindRule(method);
    ASSERT_NE(rule, nullptr) << method;
    EXPECT_TRUE(rule->is_public || (rule->roles & application::RoleBit("agent")) != 0) << method;
  }
}

TEST_F(AccountAdminTest, ResetPasswordClearsTheLockOutAndEndsSessions) {
  v1::LoginResponse session;
  ASSERT_TRUE(Login("alice", "alice-demo-pass", &session).ok());
  for (int i = 0; i < 5; ++i) Login("alice", "wrong-password");
  ASSERT_EQ(Login("alice", "alice-demo-pass").error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);

  v1::ResetPasswordRequest reset;
  reset.set_username("alice");
  reset.set_new_password("a-brand-new-password");
  v1::User user;
  ASSERT_TRUE(
      server_.admin().ResetPassword(IdentityServer::Context(kAdmin).get(), reset, &user).ok());
  EXPECT_FALSE(user.has_locked_until());
  EXPECT_EQ(WhoAmI(session.access_token()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Login("alice", "alice-demo-pass").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Login("alice", "a-brand-new-password").ok());
}

TEST_F(AccountAdminTest, AServiceTokenWorksUntilRevoked) {
  ASSERT_OK_AND_ASSIGN(v1::CreateServiceTokenResponse created, CreateToken(0));
  EXPECT_FALSE(created.secret().empty());
  EXPECT_FALSE(created.token().has_expires_at());
  v1::WhoAmIResponse me;
  ASSERT_TRUE(WhoAmI(created.secret(), &me).ok());
  EXPECT_EQ(me.principal_id(), "service:web-shop");
  EXPECT_EQ(me.role(), "channel");
  ASSERT_EQ(me.scopes().channels_size(), 1);
  EXPECT_EQ(me.scopes().channels(0), "web");

  v1::RevokeServiceTokenRequest revoke;
  revoke.set_token_id(created.token().token_id());
  v1::ServiceToken revoked;
  ASSERT_TRUE(server_.admin()
                  .RevokeServiceToken(IdentityServer::Context(kAdmin).get(), revoke, &revoked)
                  .ok());
  EXPECT_TRUE(revoked.has_revoked_at());
  EXPECT_EQ(WhoAmI(created.secret()).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  v1::ListServiceTokensRequest list;
  v1::ListServiceTokensResponse live;
  ASSERT_TRUE(
      server_.admin().ListServiceTokens(IdentityServer::Context(kAdmin).get(), list, &live).ok());
  EXPECT_EQ(live.tokens_size(), 0);
  list.set_include_revoked(true);
  v1::ListServiceTokensResponse all;
  ASSERT_TRUE(
      server_.admin().ListServiceTokens(IdentityServer::Context(kAdmin).get(), list, &all).ok());
  ASSERT_EQ(all.tokens_size(), 1);
  EXPECT_EQ(all.tokens(0).name(), "web-shop");
}

TEST_F(AccountAdminTest, AServiceTokenWithAnExpiryStopsThen) {
  ASSERT_OK_AND_ASSIGN(v1::CreateServiceTokenResponse created, CreateToken(3600));
  EXPECT_EQ(created.token().expires_at().seconds(),
            absl::ToUnixSeconds(server_.clock().Now() + absl::Hours(1)));
  ASSERT_TRUE(WhoAmI(created.secret()).ok());
  server_.clock().Advance(absl::Hours(1) + absl::Seconds(1));
  EXPECT_EQ(WhoAmI(created.secret()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccountAdminTest, ChangesAreRecordedAsEventsWithoutSecrets) {
  ASSERT_TRUE(CreateUser("bob", "correct-horse-battery", "agent").ok());
  ASSERT_OK_AND_ASSIGN(v1::CreateServiceTokenResponse created, CreateToken(0));
  auto account_events = server_.server().store().read_model().ListEvents("bob", 50, "");
  ASSERT_OK(account_events.status());
  ASSERT_EQ(account_events->items.size(), 1u);
  const auto& event = account_events->items[0];
  EXPECT_EQ(event.aggregate_type, "account");
  EXPECT_EQ(event.event_type, "AccountCreated");
  EXPECT_EQ(event.principal_id, "staff:ada");
  EXPECT_EQ(event.payload_json.find("correct-horse-battery"), std::string::npos);
  EXPECT_EQ(event.payload_json.find("argon2"), std::string::npos);

  auto token_events =
      server_.server().store().read_model().ListEvents(created.token().token_id(), 50, "");
  ASSERT_OK(token_events.status());
  ASSERT_EQ(token_events->items.size(), 1u);
  EXPECT_EQ(token_events->items[0].event_type, "ServiceTokenCreated");
  EXPECT_EQ(token_events->items[0].payload_json.find(created.secret()), std::string::npos);
}

}  // namespace
}  // namespace oms::testing
