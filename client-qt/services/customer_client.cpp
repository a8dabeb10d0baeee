#include "services/customer_client.h"

#include "services/stub_cache.h"

#include "oms/v1/customer_service.grpc.pb.h"

CustomerClient::CustomerClient(GrpcConnection *connection, QObject *parent)
    : QObject(parent),
      m_connection(connection),
      m_stubs(std::make_unique<StubCache<oms::v1::CustomerService>>(connection))
{
}

CustomerClient::~CustomerClient() = default;

PendingReply<oms::v1::CustomerProfile> *CustomerClient::getCustomer(const QString &customerId,
                                                                    QObject *receiver)
{
    oms::v1::GetCustomerRequest request;
    request.set_customer_id(customerId.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::CustomerProfile>(std::move(request),
                                                        m_connection->defaultDeadline(), receiver,
                                                        OMS_DESK_ASYNC_START(stub, GetCustomer));
}

PendingReply<oms::v1::SearchCustomersResponse> *
CustomerClient::searchCustomers(const QString &query, QObject *receiver)
{
    oms::v1::SearchCustomersRequest request;
    request.set_query(query.toStdString());
    request.mutable_page()->set_page_size(20);
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::SearchCustomersResponse>(
            std::move(request), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, SearchCustomers));
}
