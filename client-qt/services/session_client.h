#pragma once

#include "services/pending_call.h"
#include "services/signed_in_user.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>

namespace oms::v1 {
class SessionService;
}

class GrpcConnection;
template <typename Service>
class StubCache;


// What Login and Refresh answer: the user and a new pair of tokens.
struct LoginAnswer
{
    SignedInUser user;
    QString accessToken;
    QDateTime accessExpiresAt;  // UTC
    QString refreshToken;
    QDateTime refreshExpiresAt; // UTC
};

// The session with one omsd. Lives on the GUI thread.
//
// Two ways in: login() with a user name and password (SessionService.Login),
// or signIn() with a service token (tests, kiosks), checked with WhoAmI.
// After login() the access token goes on every call through the connection,
// and a timer refreshes it (SessionService.Refresh, in the background) a
// little before it expires; the refresh token rotates each time. A refresh
// the server refuses (UNAUTHENTICATED, or a disabled account) ends the
// session: sessionExpired() asks the window to sign in again. A refresh that
// fails for a transient reason is retried every few seconds.
class SessionClient final : public QObject
{
    Q_OBJECT

public:
    explicit SessionClient(GrpcConnection *connection, QObject *parent = nullptr);
    ~SessionClient() override;

    GrpcConnection *connection() const { return m_connection; }

    // Opens the connection to `address` without a token and asks Login. On
    // success the access token is in use and refreshing is scheduled before
    // the reply's finished() reaches `receiver`. A failure leaves the
    // connection pointing at the new address without a token.
    PendingReply<LoginAnswer> *login(const QString &address, const QString &username,
                                     const QString &password, QObject *receiver);
    // Opens the connection to `address` with a service `token` and asks
    // WhoAmI. Ends a password session (no refreshing). A failure leaves the
    // connection pointing at the new address; sign in again.
    PendingReply<SignedInUser> *signIn(const QString &address, const QString &token,
                                       QObject *receiver);
    PendingReply<SignedInUser> *whoAmI(QObject *receiver);
    // Revokes the access token and the refresh token (SessionService.Logout),
    // then forgets both whatever the answer: the client is signed out
    // either way.
    PendingCall *logout(QObject *receiver);

    // True between a successful login() and its end (logout, a refused
    // refresh, another sign-in).
    bool hasPasswordSession() const { return !m_refreshToken.isEmpty(); }
    QDateTime accessExpiresAt() const { return m_accessExpiresAt; }
    // When the next refresh is due; invalid when none is scheduled.
    QDateTime nextRefreshAt() const;
    int refreshCount() const { return m_refreshCount; }

    // How long before expiry to refresh: a quarter of the token's lifetime,
    // at most kMaxRefreshLead.
    static constexpr std::chrono::seconds kMaxRefreshLead{60};
    static constexpr std::chrono::seconds kRefreshRetry{3};

Q_SIGNALS:
    // A refresh replaced the access token.
    void refreshed();
    // The server no longer accepts the session; `message` says why, in
    // words for the sign-in dialog.
    void sessionExpired(const QString &message);

private:
    void adopt(const LoginAnswer &answer);
    void endSession();
    void refreshNow();

    GrpcConnection *m_connection;
    std::unique_ptr<StubCache<oms::v1::SessionService>> m_stubs;
    QString m_refreshToken;
    QDateTime m_accessExpiresAt;
    QTimer m_refreshTimer;
    QPointer<PendingCall> m_refreshing;
    int m_refreshCount = 0;
};

// The sentence the sign-in dialog shows when Login (or Refresh) failed: one
// message for an unknown user and a wrong password, as the server answers;
// the time a locked account opens again (local time); a disabled account;
// otherwise the error's own message (unreachable server, timeout...).
QString signInProblem(const CallError &error);
