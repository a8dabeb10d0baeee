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

PendingReply<QList<ChannelSellable>> *InventoryClient::channelAvailability(const QString &sku,
                                                                           QObject *receiver)
{
    oms::v1::GetAvailabilityRequest request;
    request.set_sku(sku.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::GetAvailabilityResponse, QList<ChannelSellable>>(
            std::move(request), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, GetAvailability), [](oms::v1::GetAvailabilityResponse &&response) {
                QList<ChannelSellable> channels;
                for (const auto &c : response.channels())
                    channels.append({QString::fromStdString(c.channel()), QString::fromStdString(c.region()),
                                     c.available_to_sell(), c.stock_buffer()});
                return channels;
            });
}
