#pragma once

#include "services/call_error.h"

#include "oms/v1/order_service.pb.h"

#include <QObject>

#include <memory>

namespace oms::v1 {
class OrderService;
}

class OrderClient;
template <typename Response>
struct ReadStream;
template <typename Service>
class StubCache;

// One OrderService.WatchOrders stream for the GUI: start() opens it (closing
// the one before), every event or mark arrives as message() on the GUI
// thread, and the end, for whatever reason, as ended(). Nothing blocks (see
// read_stream.h). No retries here: the owner decides, and resumes from the
// last sequence it saw. GUI thread only.
class OrderWatch final : public QObject
{
    Q_OBJECT

public:
    explicit OrderWatch(OrderClient *client, QObject *parent = nullptr);
    ~OrderWatch() override; // stop()

    void start(const oms::v1::WatchOrdersRequest &request);
    // Cancels the open stream; its ended() is not delivered.
    void stop();
    bool isOpen() const { return !m_stream.expired(); }

Q_SIGNALS:
    void message(const oms::v1::WatchOrdersResponse &message);
    void ended(const CallError &error);

private:
    OrderClient *m_client;
    std::unique_ptr<StubCache<oms::v1::OrderService>> m_stubs;
    std::weak_ptr<ReadStream<oms::v1::WatchOrdersResponse>> m_stream;
    quint64 m_generation = 0; // messages of older streams are dropped
};
