#pragma once

#include "services/pending_call.h"

#include <QObject>
#include <QString>

#include <memory>

namespace oms::v1 {
class CustomerService;
class CustomerProfile;
class SearchCustomersResponse;
} // namespace oms::v1

class GrpcConnection;
template <typename Service>
class StubCache;

// CustomerService for the GUI.
class CustomerClient final : public QObject
{
    Q_OBJECT

public:
    explicit CustomerClient(GrpcConnection *connection, QObject *parent = nullptr);
    ~CustomerClient() override;

    GrpcConnection *connection() const { return m_connection; }

    PendingReply<oms::v1::CustomerProfile> *getCustomer(const QString &customerId,
                                                        QObject *receiver);
    // `query`: an email, a phone number or the start of a name.
    PendingReply<oms::v1::SearchCustomersResponse> *searchCustomers(const QString &query,
                                                                    QObject *receiver);

private:
    GrpcConnection *m_connection;
    std::unique_ptr<StubCache<oms::v1::CustomerService>> m_stubs;
};
