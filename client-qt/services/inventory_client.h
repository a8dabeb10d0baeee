#pragma once

#include "services/pending_call.h"

#include <QObject>

#include <memory>

namespace oms::v1 {
class InventoryService;
class ListStockRequest;
class ListStockResponse;
} // namespace oms::v1

class GrpcConnection;
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

private:
    GrpcConnection *m_connection;
    std::unique_ptr<StubCache<oms::v1::InventoryService>> m_stubs;
};
