#include "services/session_client.h"

#include "services/stub_cache.h"

#include "oms/v1/session_service.grpc.pb.h"

SessionClient::SessionClient(GrpcConnection *connection, QObject *parent)
    : QObject(parent),
      m_connection(connection),
      m_stubs(std::make_unique<StubCache<oms::v1::SessionService>>(connection))
{
}

SessionClient::~SessionClient() = default;

PendingReply<SignedInUser> *SessionClient::signIn(const QString &address, const QString &token,
                                                  QObject *receiver)
{
    m_connection->open(address, token);
    return whoAmI(receiver);
}

PendingReply<SignedInUser> *SessionClient::whoAmI(QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::WhoAmIResponse, SignedInUser>(
            oms::v1::WhoAmIRequest(), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, WhoAmI), [](oms::v1::WhoAmIResponse &&response) {
                return SignedInUser{QString::fromStdString(response.principal_id()),
                                    QString::fromStdString(response.display_name()),
                                    QString::fromStdString(response.role()),
                                    QString::fromStdString(response.region())};
            });
}
