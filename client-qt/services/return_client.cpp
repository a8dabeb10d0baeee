#include "services/return_client.h"

#include "services/stub_cache.h"

#include "oms/v1/return_service.grpc.pb.h"

ReturnClient::ReturnClient(GrpcConnection *connection, QObject *parent)
    : QObject(parent),
      m_connection(connection),
      m_stubs(std::make_unique<StubCache<oms::v1::ReturnService>>(connection))
{
}

ReturnClient::~ReturnClient() = default;

PendingReply<oms::v1::ReturnResponse> *
ReturnClient::createReturn(const oms::v1::CreateReturnRequest &request, QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ReturnResponse>(request, m_connection->defaultDeadline(),
                                                       receiver, OMS_DESK_ASYNC_START(stub, CreateReturn));
}

PendingReply<oms::v1::ReturnResponse> *
ReturnClient::receiveReturn(const oms::v1::ReceiveReturnRequest &request, QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ReturnResponse>(request, m_connection->defaultDeadline(),
                                                       receiver, OMS_DESK_ASYNC_START(stub, ReceiveReturn));
}

PendingReply<oms::v1::ReturnResponse> *
ReturnClient::cancelReturn(const QString &returnId, const QString &reason, QObject *receiver)
{
    oms::v1::CancelReturnRequest request;
    request.set_return_id(returnId.toStdString());
    request.set_reason(reason.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ReturnResponse>(std::move(request),
                                                       m_connection->defaultDeadline(), receiver,
                                                       OMS_DESK_ASYNC_START(stub, CancelReturn));
}
