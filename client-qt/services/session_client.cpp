#include "services/session_client.h"

#include "services/stub_cache.h"

#include "oms/v1/session_service.grpc.pb.h"

#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

namespace {

QDateTime toDateTime(const google::protobuf::Timestamp &t)
{
    return QDateTime::fromMSecsSinceEpoch(t.seconds() * 1000 + t.nanos() / 1000000, Qt::UTC);
}

LoginAnswer toAnswer(oms::v1::LoginResponse &&response)
{
    return LoginAnswer{SignedInUser{QString::fromStdString(response.principal_id()),
                                    QString::fromStdString(response.display_name()),
                                    QString::fromStdString(response.role()), QString()},
                       QString::fromStdString(response.access_token()),
                       toDateTime(response.access_expires_at()),
                       QString::fromStdString(response.refresh_token()),
                       toDateTime(response.refresh_expires_at())};
}

} // namespace

SessionClient::SessionClient(GrpcConnection *connection, QObject *parent)
    : QObject(parent),
      m_connection(connection),
      m_stubs(std::make_unique<StubCache<oms::v1::SessionService>>(connection))
{
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, &SessionClient::refreshNow);
}

SessionClient::~SessionClient() = default;

PendingReply<LoginAnswer> *SessionClient::login(const QString &address, const QString &username,
                                                const QString &password, QObject *receiver)
{
    endSession();
    m_connection->open(address, QString());
    oms::v1::LoginRequest request;
    request.set_username(username.trimmed().toStdString());
    request.set_password(password.toStdString());
    auto stub = m_stubs->get();
    auto *reply = m_connection->call<oms::v1::LoginResponse, LoginAnswer>(
            std::move(request), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, Login), toAnswer);
    // Connected before the receiver can connect, so the token is in use by
    // the time the receiver hears of the answer.
    connect(reply, &PendingCall::finished, this, [this, reply] {
        if (!reply->error().isError())
            adopt(reply->result());
    });
    return reply;
}

PendingReply<SignedInUser> *SessionClient::signIn(const QString &address, const QString &token,
                                                  QObject *receiver)
{
    endSession();
    m_connection->open(address, token);
    return whoAmI(receiver);
}

PendingReply<SignedInUser> *SessionClient::whoAmI(QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::WhoAmIResponse, SignedInUser>(
            oms::v1::WhoAmIRequest(), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, WhoAmI), [](oms::v1::WhoAmIResponse &&response) {
                SignedInUser user{QString::fromStdString(response.principal_id()),
                                  QString::fromStdString(response.display_name()),
                                  QString::fromStdString(response.role()),
                                  QString::fromStdString(response.region())};
                const auto list = [](const auto &values) {
                    QStringList out;
                    for (const std::string &v : values)
                        out.append(QString::fromStdString(v));
                    return out;
                };
                user.stores = list(response.scopes().stores());
                user.nodes = list(response.scopes().nodes());
                user.regions = list(response.scopes().regions());
                user.channels = list(response.scopes().channels());
                for (const std::string &method : response.allowed_methods())
                    user.allowedMethods.insert(QString::fromStdString(method));
                return user;
            });
}

PendingCall *SessionClient::logout(QObject *receiver)
{
    oms::v1::LogoutRequest request;
    request.set_refresh_token(m_refreshToken.toStdString());
    auto stub = m_stubs->get();
    auto *reply = m_connection->call<oms::v1::LogoutResponse>(
            std::move(request), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, Logout));
    // The token went into the request's metadata already; forget it now, so
    // nothing started after this call still carries it.
    endSession();
    m_connection->setToken(QString());
    return reply;
}

QDateTime SessionClient::nextRefreshAt() const
{
    if (!m_refreshTimer.isActive())
        return {};
    return QDateTime::currentDateTimeUtc().addMSecs(m_refreshTimer.remainingTime());
}

void SessionClient::adopt(const LoginAnswer &answer)
{
    m_connection->setToken(answer.accessToken);
    m_refreshToken = answer.refreshToken;
    m_accessExpiresAt = answer.accessExpiresAt;
    // Measured against this computer's clock; a skewed clock makes the
    // refresh early or late, and a late one only costs one refused call
    // before the retry.
    const qint64 lifetimeMs =
            std::max<qint64>(1000, QDateTime::currentDateTimeUtc().msecsTo(answer.accessExpiresAt));
    const qint64 leadMs = std::min<qint64>(
            lifetimeMs / 4, std::chrono::milliseconds(kMaxRefreshLead).count());
    m_refreshTimer.start(std::chrono::milliseconds(lifetimeMs - leadMs));
}

void SessionClient::endSession()
{
    m_refreshTimer.stop();
    if (m_refreshing)
        m_refreshing->abandon();
    m_refreshing = nullptr;
    m_refreshToken.clear();
    m_accessExpiresAt = {};
}

void SessionClient::refreshNow()
{
    if (m_refreshToken.isEmpty() || m_refreshing)
        return;
    oms::v1::RefreshRequest request;
    request.set_refresh_token(m_refreshToken.toStdString());
    auto stub = m_stubs->get();
    auto *reply = m_connection->call<oms::v1::LoginResponse, LoginAnswer>(
            std::move(request), m_connection->defaultDeadline(), this,
            OMS_DESK_ASYNC_START(stub, Refresh), toAnswer);
    m_refreshing = reply;
    connect(reply, &PendingCall::finished, this, [this, reply] {
        m_refreshing = nullptr;
        const CallError &error = reply->error();
        if (!error.isError()) {
            ++m_refreshCount;
            adopt(reply->result());
            Q_EMIT refreshed();
            return;
        }
        if (error.isTransient() || error.kind() == CallError::Kind::Cancelled) {
            // The refresh token usually outlives the access token by far:
            // keep trying until the server answers.
            m_refreshTimer.start(kRefreshRetry);
            return;
        }
        const QString message = error.kind() == CallError::Kind::SignedOut
                ? QStringLiteral("Your session has ended. Sign in again; your open tabs stay.")
                : signInProblem(error);
        endSession();
        Q_EMIT sessionExpired(message);
    });
}

QString signInProblem(const CallError &error)
{
    switch (error.kind()) {
    case CallError::Kind::SignedOut:
        return QStringLiteral("The user name or password is wrong. Check both and try again.");
    case CallError::Kind::Busy: {
        // "account bob is locked after too many failed sign-ins until
        // 2026-11-25 03:10:00 UTC; ..."
        static const QRegularExpression until(
                QStringLiteral("until (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC"));
        const QRegularExpressionMatch match = until.match(error.detail());
        if (!match.hasMatch())
            return error.message();
        QDateTime at = QDateTime::fromString(match.captured(1), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        at.setTimeSpec(Qt::UTC);
        const QDateTime local = at.toLocalTime();
        const QString when = local.date() == QDate::currentDate()
                ? QLocale().toString(local.time(), QLocale::ShortFormat)
                : QLocale().toString(local, QLocale::ShortFormat);
        return QStringLiteral("This account is locked until %1 after too many wrong passwords. "
                              "Try again then, or ask an administrator to reset the password.")
                .arg(when);
    }
    case CallError::Kind::NotAllowed:
        return QStringLiteral("This account is disabled. Ask an administrator to enable it.");
    case CallError::Kind::Rejected:
        return QStringLiteral("Enter your user name and password.");
    default:
        return error.message();
    }
}
