#include "services/node_client.h"

#include "services/stub_cache.h"

#include "oms/v1/node_service.grpc.pb.h"

NodeClient::NodeClient(GrpcConnection *connection, QObject *parent)
    : QObject(parent),
      m_connection(connection),
      m_stubs(std::make_unique<StubCache<oms::v1::NodeService>>(connection))
{
}

NodeClient::~NodeClient() = default;

PendingReply<oms::v1::ListNodesResponse> *NodeClient::listNodes(QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ListNodesResponse>(oms::v1::ListNodesRequest(),
                                                          m_connection->defaultDeadline(),
                                                          receiver,
                                                          OMS_DESK_ASYNC_START(stub, ListNodes));
}
