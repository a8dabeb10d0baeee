#pragma once

#include "services/pending_call.h"

#include <QObject>

#include <memory>

namespace oms::v1 {
class NodeService;
class ListNodesResponse;
} // namespace oms::v1

class GrpcConnection;
template <typename Service>
class StubCache;

// NodeService for the GUI: the fulfillment nodes, for filters.
class NodeClient final : public QObject
{
    Q_OBJECT

public:
    explicit NodeClient(GrpcConnection *connection, QObject *parent = nullptr);
    ~NodeClient() override;

    GrpcConnection *connection() const { return m_connection; }

    PendingReply<oms::v1::ListNodesResponse> *listNodes(QObject *receiver);

private:
    GrpcConnection *m_connection;
    std::unique_ptr<StubCache<oms::v1::NodeService>> m_stubs;
};
