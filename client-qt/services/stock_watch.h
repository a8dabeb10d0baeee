#pragma once

#include "services/call_error.h"

#include "oms/v1/inventory_service.pb.h"

#include <QObject>

#include <memory>

class InventoryClient;
template <typename Response>
struct ReadStream;
template <typename Service>
class StubCache;
namespace oms::v1 {
class InventoryService;
} // namespace oms::v1

// One InventoryService.WatchInventory stream for the GUI: start() opens it
// (closing the one before), every message arrives as message() on the GUI
// thread, and the end, for whatever reason, as ended(). Nothing blocks: the
// stream runs on gRPC's callback API and posts through the connection like
// GrpcConnection::call(), so a watch destroyed meanwhile gets nothing and
// the connection's destructor cancels and waits for the stream
// (services/read_stream.h, shared with OrderWatch).
//
// No retries here: the owner decides (StockModel resumes with backoff from
// the last sequence it saw). GUI thread only.
class StockWatch final : public QObject
{
    Q_OBJECT

public:
    explicit StockWatch(InventoryClient *client, QObject *parent = nullptr);
    ~StockWatch() override; // stop()

    void start(const oms::v1::WatchInventoryRequest &request);
    // Cancels the open stream; its ended() is not delivered.
    void stop();
    bool isOpen() const { return !m_stream.expired(); }

Q_SIGNALS:
    // A change (with the level after it) or a mark; both carry the sequence
    // to resume from.
    void message(const oms::v1::WatchInventoryResponse &message);
    void ended(const CallError &error);

private:
    InventoryClient *m_client;
    std::unique_ptr<StubCache<oms::v1::InventoryService>> m_stubs;
    std::weak_ptr<ReadStream<oms::v1::WatchInventoryResponse>> m_stream;
    quint64 m_generation = 0; // messages of older streams are dropped
};
