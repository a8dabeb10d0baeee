#include "services/stock_watch.h"

#include "services/call_registry.h"
#include "services/grpc_connection.h"
#include "services/inventory_client.h"
#include "services/stub_cache.h"

#include "oms/v1/inventory_service.grpc.pb.h"

#include <QMetaObject>
#include <QPointer>

#include <grpcpp/support/client_callback.h>

struct StockWatch::Stream final : CallStateBase,
                                  grpc::ClientReadReactor<oms::v1::WatchInventoryResponse>
{
    std::shared_ptr<oms::v1::InventoryService::Stub> stub;
    oms::v1::WatchInventoryRequest request;
    oms::v1::WatchInventoryResponse response;
    QPointer<StockWatch> owner; // read only on the GUI thread
    quint64 generation = 0;
    GrpcConnection *connection = nullptr;
    std::shared_ptr<CallRegistry> registry;
    std::uint64_t id = 0;
    QString server;
    std::shared_ptr<Stream> self; // keeps the reactor alive until OnDone

    void OnReadDone(bool ok) override
    {
        if (!ok)
            return; // OnDone follows with the status
        QMetaObject::invokeMethod(
                connection,
                [owner = owner, generation = generation, message = response] {
                    if (owner && owner->m_generation == generation)
                        Q_EMIT owner->message(message);
                },
                Qt::QueuedConnection);
        StartRead(&response);
    }

    void OnDone(const grpc::Status &status) override
    {
        QMetaObject::invokeMethod(
                connection,
                [owner = owner, generation = generation,
                 error = CallError::fromStatus(status, server, std::chrono::milliseconds(0))] {
                    if (owner && owner->m_generation == generation)
                        Q_EMIT owner->ended(error);
                },
                Qt::QueuedConnection);
        // After the last post: from here the connection may be destroyed.
        auto registryRef = registry;
        const auto last = std::move(self);
        registryRef->remove(id);
    }
};

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
                        Q_EMIT ended(CallError(CallError::Kind::NotSignedIn,
                                               QStringLiteral("Not signed in: choose a server "
                                                              "and sign in first.")));
                },
                Qt::QueuedConnection);
        return;
    }
    auto stream = std::make_shared<Stream>();
    stream->stub = stub;
    stream->request = request;
    stream->owner = this;
    stream->generation = m_generation;
    stream->connection = connection;
    stream->registry = connection->registry();
    stream->server = connection->address();
    connection->prepareStreamContext(stream->context);
    stream->id = stream->registry->add(stream);
    stream->self = stream;
    m_stream = stream;
    stub->async()->WatchInventory(&stream->context, &stream->request, stream.get());
    stream->StartRead(&stream->response);
    stream->StartCall();
}

void StockWatch::stop()
{
    ++m_generation;
    if (auto stream = m_stream.lock())
        stream->context.TryCancel();
    m_stream.reset();
}
