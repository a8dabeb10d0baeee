// Staff sign-in against the real server: Login, Refresh, Logout, expiry,
// lock-out, disabled accounts (SessionService; docs/SECURITY.md).
#include <gtest/gtest.h>

#include "server/storage/store.h"
#include "tests/server/identity_server.h"
#include "tests/support/status_macros.h"

namespace oms::testing {
namespace {

class SignInTest : public ::testing::Test {
 protected:
  grpc::Status Login(const std::string& user, const std::string& password,
                     v1::LoginResponse* out = nullptr) {
    v1::LoginRequest request;
    request.set_username(user);
    request.set_password(password);
    v1::LoginResponse response;
    grpc::Status status = server_.session().Login(IdentityServer::Context().get(), request,
                                                  out != nullptr ? out : &response);
    return status;
  }
  grpc::Status WhoAmI(const std::string& token, v1::WhoAmIResponse* out = nullptr) {
    v1::WhoAmIResponse response;
    return server_.session().WhoAmI(IdentityServer::Context(token).get(), {},
                                    out != nullptr ? out : &response);
  }
  grpc::Status Refresh(const std::string& refresh_token, v1::LoginResponse* out = nullptr) {
    v1::RefreshRequest request;
    request.set_refresh_token(refresh_token);
    v1::LoginResponse response;
    return server_.session().Refresh(IdentityServer::Context().get(), request,
                                     out != nullptr ? out : &response);
  }

  IdentityServer server_;
};

TEST_F(SignInTest, LoginReturnsAnAccessTokenThatNamesTheAccount) {
  v1::LoginResponse session;
  ASSERT_TRUE(Login("wendy", "wendy-demo-pass", &session).ok());
  EXPECT_FALSE(session.access_token().empty());
  EXPECT_FALSE(session.refresh_token().empty());
  EXPECT_EQ(session.principal_id(), "staff:wendy");
  EXPECT_EQ(session.role(), "warehouse");
  EXPECT_EQ(session.access_expires_at().seconds(),
            absl::ToUnixSeconds(server_.clock().Now() + absl::Minutes(15)));
  EXPECT_EQ(session.refresh_expires_at().seconds(),
            absl::ToUnixSeconds(server_.clock().Now() + absl::Hours(12)));

  v1::WhoAmIResponse me;
  ASSERT_TRUE(WhoAmI(session.access_token(), &me).ok());
  EXPECT_EQ(me.principal_id(), "staff:wendy");
  EXPECT_EQ(me.display_name(), "Wendy Warehouse");
  ASSERT_EQ(me.scopes().nodes_size(), 1);
  EXPECT_EQ(me.scopes().nodes(0), "EU1-WH-BER");
}

TEST_F(SignInTest, FixedDemoTokensKeepTheirOwnScopesAndSignedInUsersTheirAccounts) {
  v1::WhoAmIResponse me;
  ASSERT_TRUE(WhoAmI("demo-store-token", &me).ok());
  EXPECT_EQ(me.principal_id(), "staff:steve");
  ASSERT_EQ(me.scopes().stores_size(), 1);
  EXPECT_EQ(me.scopes().stores(0), "*") << "the demo's master key for every store";
  v1::LoginResponse session;
  ASSERT_TRUE(Login("steve", "steve-demo-pass", &session).ok());
  ASSERT_TRUE(WhoAmI(session.access_token(), &me).ok());
  ASSERT_EQ(me.scopes().stores_size(), 1);
  EXPECT_EQ(me.scopes().stores(0), "EU1-ST-PAR") << "steve signed in holds one store";
  ASSERT_TRUE(WhoAmI("demo-channel-web-token", &me).ok());
  ASSERT_EQ(me.scopes().channels_size(), 1);
  EXPECT_EQ(me.scopes().channels(0), "web");
}

TEST_F(SignInTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  grpc::Status wrong = Login("alice", "not-her-password");
  grpc::Status unknown = Login("nobody", "whatever-password");
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.error_message(), unknown.error_message());
}

TEST_F(SignInTest, AnEmptyUsernameOrPasswordIsInvalidArgument) {
  EXPECT_EQ(Login("", "alice-demo-pass").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Login("alice", "").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Refresh("").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SignInTest, LoginNeedsNoBearerTokenButWhoAmIDoes) {
  EXPECT_TRUE(Login("alice", "alice-demo-pass").ok());
  EXPECT_EQ(WhoAmI("").error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SignInTest, FiveFailuresLockTheAccountUntilTheLockOutEnds) {
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(Login("sam", "wrong-password").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  grpc::Status fifth = Login("sam", "wrong-password");
  EXPECT_EQ(fifth.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  grpc::Status locked = Login("sam", "sam-demo-pass");
  EXPECT_EQ(locked.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(locked.error_message().find("locked"), std::string::npos) << locked.error_message();
  EXPECT_NE(locked.error_message().find("ask an admin"), std::string::npos);

  server_.clock().Advance(absl::Minutes(14));
  EXPECT_EQ(Login("sam", "sam-demo-pass").error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  server_.clock().Advance(absl::Minutes(2));
  EXPECT_TRUE(Login("sam", "sam-demo-pass").ok());
}

TEST_F(SignInTest, ASuccessfulLoginForgetsEarlierFailures) {
  for (int i = 0; i < 4; ++i) Login("sam", "wrong-password");
  ASSERT_TRUE(Login("sam", "sam-demo-pass").ok());
  for (int i = 0; i < 4; ++i) Login("sam", "wrong-password");
  EXPECT_TRUE(Login("sam", "sam-demo-pass").ok());
}

TEST_F(SignInTest, RefreshRotatesAndTheOldRefreshTokenStopsWorking) {
  v1::LoginResponse first;
  ASSERT_TRUE(Login("alice", "alice-demo-pass", &first).ok());
  v1::LoginResponse second;
  ASSERT_TRUE(Refresh(first.refresh_token(), &second).ok());
  EXPECT_NE(second.refresh_token(), first.refresh_token());
  EXPECT_NE(second.access_token(), first.access_token());
  EXPECT_TRUE(WhoAmI(second.access_token()).ok());
  EXPECT_EQ(Refresh(first.refresh_token()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Refresh(second.refresh_token()).ok());
}

TEST_F(SignInTest, ARefreshTokenIsNotABearerToken) {
  v1::LoginResponse session;
  ASSERT_TRUE(Login("alice", "alice-demo-pass", &session).ok());
  EXPECT_EQ(WhoAmI(session.refresh_token()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SignInTest, AccessTokenExpiresAndRefreshGivesANewOne) {
  v1::LoginResponse session;
  ASSERT_TRUE(Login("alice", "alice-demo-pass", &session).ok());
  ASSERT_TRUE(WhoAmI(session.access_token()).ok());  // now cached
  server_.clock().Advance(absl::Minutes(15) + absl::Seconds(1));
  grpc::Status expired = WhoAmI(session.access_token());
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(expired.error_message().find("expired"), std::string::npos);
  v1::LoginResponse renewed;
  ASSERT_TRUE(Refresh(session.refresh_token(), &renewed).ok());
  EXPECT_TRUE(WhoAmI(renewed.access_token()).ok());
}

TEST_F(SignInTest, RefreshTokenExpires) {
  v1::LoginResponse session;
  ASSERT_TRUE(Login("alice", "alice-demo-pass", &session).ok());
  server_.clock().Advance(absl::Hours(12) + absl::Seconds(1));
  EXPECT_EQ(Refresh(session.refresh_token()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SignInTest, LogoutEndsTheAccessAndRefreshTokens) {
  v1::LoginResponse session;
  ASSERT_TRUE(Login("alice", "alice-demo-pass", &session).ok());
  ASSERT_TRUE(WhoAmI(session.access_token()).ok());
  v1::LogoutRequest request;
  request.set_refresh_token(session.refresh_token());
  v1::LogoutResponse response;
  ASSERT_TRUE(server_.session()
                  .Logout(IdentityServer::Context(session.access_token()).get(), request, &response)
                  .ok());
  EXPECT_EQ(WhoAmI(session.access_token()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Refresh(session.refresh_token()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SignInTest, ADisabledAccountIsRefusedAndItsTokensStopAtOnce) {
  v1::LoginResponse session;
  ASSERT_TRUE(Login("steve", "steve-demo-pass", &session).ok());
  ASSERT_TRUE(WhoAmI(session.access_token()).ok());  // cached
  ASSERT_TRUE(WhoAmI("demo-store-token").ok());

  v1::UserRequest disable;
  disable.set_username("steve");
  v1::User user;
  ASSERT_TRUE(server_.admin()
                  .DisableUser(IdentityServer::Context("demo-admin-token").get(), disable, &user)
                  .ok());
  EXPECT_TRUE(user.disabled());

  EXPECT_EQ(WhoAmI(session.access_token()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(WhoAmI("demo-store-token").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Refresh(session.refresh_token()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status login = Login("steve", "steve-demo-pass");
  EXPECT_EQ(login.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(login.error_message().find("disabled"), std::string::npos);
  // A wrong password still says only that.
  EXPECT_EQ(Login("steve", "wrong-password").error_code(), grpc::StatusCode::UNAUTHENTICATED);

  ASSERT_TRUE(server_.admin()
                  .EnableUser(IdentityServer::Context("demo-admin-token").get(), disable, &user)
                  .ok());
  EXPECT_TRUE(Login("steve", "steve-demo-pass").ok());
  EXPECT_TRUE(WhoAmI("demo-store-token").ok());
}

}  // namespace
}  // namespace oms::testing
