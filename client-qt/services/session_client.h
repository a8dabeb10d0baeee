#pragma once

#include "services/pending_call.h"

#include <QObject>
#include <QString>

#include <memory>

namespace oms::v1 {
class SessionService;
}

class GrpcConnection;
template <typename Service>
class StubCache;

// Who the server says the caller is (SessionService.WhoAmI).
struct SignedInUser
{
    QString principalId; // e.g. staff:alice
    QString displayName;
    QString role;        // agent, supervisor, warehouse, store, admin, channel
    QString region;      // the region of the server that answered
};

class SessionClient final : public QObject
{
    Q_OBJECT

public:
    explicit SessionClient(GrpcConnection *connection, QObject *parent = nullptr);
    ~SessionClient() override;

    GrpcConnection *connection() const { return m_connection; }

    // Opens the connection to `address` with `token` and asks WhoAmI. A
    // failure leaves the connection pointing at the new address; sign in again.
    PendingReply<SignedInUser> *signIn(const QString &address, const QString &token,
                                       QObject *receiver);
    PendingReply<SignedInUser> *whoAmI(QObject *receiver);

private:
    GrpcConnection *m_connection;
    std::unique_ptr<StubCache<oms::v1::SessionService>> m_stubs;
};
