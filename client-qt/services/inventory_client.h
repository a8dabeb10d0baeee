#pragma once

#include "services/pending_call.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

namespace oms::v1 {
class InventoryService;
class ListStockRequest;
class ListStockResponse;
} // namespace oms::v1

class GrpcConnection;

// What one channel may still sell of a SKU (GetAvailability's channels):
// available at its region's nodes less its stock buffer.
struct ChannelSellable
{
    QString channel;
    QString region;
    qint64 availableToSell = 0;
    qint64 stockBuffer = 0;
};
template <typename Service>
class StubCache;

// InventoryService for the GUI (read side).
class InventoryClient final : public QObject
{
    Q_OBJECT

public:
    explicit InventoryClient(GrpcConnection *connection, QObject *parent = nullptr);
    ~InventoryClient() override;

    GrpcConnection *connection() const { return m_connection; }

    PendingReply<oms::v1::ListStockResponse> *listStock(const oms::v1::ListStockRequest &request,
                                                        QObject *receiver);
    // GetAvailability for `sku`, as the channels see it.
    PendingReply<QList<ChannelSellable>> *channelAvailability(const QString &sku, QObject *receiver);

private:
    GrpcConnection *m_connection;
    std::unique_ptr<StubCache<oms::v1::InventoryService>> m_stubs;
};
