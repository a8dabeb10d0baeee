#include "services/catalog_client.h"

#include "services/stub_cache.h"

#include "oms/v1/catalog_service.grpc.pb.h"

CatalogClient::CatalogClient(GrpcConnection *connection, QObject *parent)
    : QObject(parent),
      m_connection(connection),
      m_stubs(std::make_unique<StubCache<oms::v1::CatalogService>>(connection))
{
}

CatalogClient::~CatalogClient() = default;

PendingReply<oms::v1::Product> *CatalogClient::getProduct(const QString &sku, QObject *receiver)
{
    oms::v1::GetProductRequest request;
    request.set_sku(sku.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::Product>(std::move(request),
                                                m_connection->defaultDeadline(), receiver,
                                                OMS_DESK_ASYNC_START(stub, GetProduct));
}
