#include "services/inventory_client.h"

#include "services/stub_cache.h"

#include "oms/v1/inventory_service.grpc.pb.h"

InventoryClient::InventoryClient(GrpcConnection *connection, QObject *parent)
    : QObject(parent),
      m_connection(connection),
      m_stubs(std::make_unique<StubCache<oms::v1::InventoryService>>(connection))
{
}

InventoryClient::~InventoryClient() = default;

PendingReply<oms::v1::ListStockResponse> *
InventoryClient::listStock(const oms::v1::ListStockRequest &request, QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ListStockResponse>(
            request, m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, ListStock));
}
