#include "services/order_watch.h"

#include "services/grpc_connection.h"
#include "services/order_client.h"
#include "services/read_stream.h"
#include "services/stub_cache.h"

#include "oms/v1/order_service.grpc.pb.h"

#include <QPointer>

OrderWatch::OrderWatch(OrderClient *client, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_stubs(std::make_unique<StubCache<oms::v1::OrderService>>(client->connection()))
{
}

OrderWatch::~OrderWatch()
{
    stop();
}

void OrderWatch::start(const oms::v1::WatchOrdersRequest &request)
{
    stop();
    const quint64 generation = m_generation;
    auto stub = m_stubs->get();
    if (!stub) {
        QMetaObject::invokeMethod(
                this,
                [this, generation] {
                    if (generation == m_generation)
                        Q_EMIT ended(CallError::notSignedIn());
                },
                Qt::QueuedConnection);
        return;
    }
    QPointer<OrderWatch> self(this);
    m_stream = openReadStream<oms::v1::WatchOrdersResponse>(
            m_client->connection(), stub, request,
            [](oms::v1::OrderService::Stub &s, grpc::ClientContext *context,
               const oms::v1::WatchOrdersRequest *r,
               grpc::ClientReadReactor<oms::v1::WatchOrdersResponse> *reactor) {
                s.async()->WatchOrders(context, r, reactor);
            },
            [self, generation](const oms::v1::WatchOrdersResponse &message) {
                if (self && self->m_generation == generation)
                    Q_EMIT self->message(message);
            },
            [self, generation](const CallError &error) {
                if (self && self->m_generation == generation)
                    Q_EMIT self->ended(error);
            });
}

void OrderWatch::stop()
{
    ++m_generation;
    if (auto stream = m_stream.lock())
        stream->context.TryCancel();
    m_stream.reset();
}
