#include "services/stock_watch.h"

#include "services/grpc_connection.h"
#include "services/inventory_client.h"
#include "services/read_stream.h"
#include "services/stub_cache.h"

#include "oms/v1/inventory_service.grpc.pb.h"

#include <QMetaObject>
#include <QPointer>

StockWatch::StockWatch(InventoryClient *client, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_stubs(std::make_unique<StubCache<oms::v1::InventoryService>>(client->connection()))
{
}

StockWatch::~StockWatch()
{
    stop();
}

void StockWatch::start(const oms::v1::WatchInventoryRequest &request)
{
    stop();
    GrpcConnection *connection = m_client->connection();
    auto stub = m_stubs->get();
    if (!stub) {
        const quint64 generation = m_generation;
        QMetaObject::invokeMethod(
                this,
                [this, generation] {
                    if (generation == m_generation)
                        Q_EMIT ended(CallError::notSignedIn());
                },
                Qt::QueuedConnection);
        return;
    }
    QPointer<StockWatch> self(this);
    const quint64 generation = m_generation;
    m_stream = openReadStream<oms::v1::WatchInventoryResponse>(
            connection, stub, request,
            [](oms::v1::InventoryService::Stub &s, grpc::ClientContext *context,
               const oms::v1::WatchInventoryRequest *r,
               grpc::ClientReadReactor<oms::v1::WatchInventoryResponse> *reactor) {
                s.async()->WatchInventory(context, r, reactor);
            },
            [self, generation](const oms::v1::WatchInventoryResponse &message) {
                if (self && self->m_generation == generation)
                    Q_EMIT self->message(message);
            },
            [self, generation](const CallError &error) {
                if (self && self->m_generation == generation)
                    Q_EMIT self->ended(error);
            });
}

void StockWatch::stop()
{
    ++m_generation;
    if (auto stream = m_stream.lock())
        stream->context.TryCancel();
    m_stream.reset();
}
