#include "services/payment_client.h"

#include "services/stub_cache.h"

#include "oms/v1/payment_service.grpc.pb.h"

namespace {

constexpr int kApprovalPageSize = 500;

} // namespace

PaymentClient::PaymentClient(GrpcConnection *connection, QObject *parent)
    : QObject(parent),
      m_connection(connection),
      m_stubs(std::make_unique<StubCache<oms::v1::PaymentService>>(connection))
{
}

PaymentClient::~PaymentClient() = default;

PendingReply<oms::v1::Refund> *
PaymentClient::previewRefund(const oms::v1::RefundOrderRequest &request, QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::Refund>(request, m_connection->defaultDeadline(), receiver,
                                               OMS_DESK_ASYNC_START(stub, PreviewRefund));
}

PendingReply<oms::v1::RefundOrderResponse> *
PaymentClient::refundOrder(const oms::v1::RefundOrderRequest &request, QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::RefundOrderResponse>(
            request, m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, RefundOrder));
}

PendingReply<oms::v1::RefundOrderResponse> *
PaymentClient::approveRefund(const QString &refundId, const QString &reason, QObject *receiver)
{
    oms::v1::DecideRefundRequest request;
    request.set_refund_id(refundId.toStdString());
    request.set_reason(reason.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::RefundOrderResponse>(
            std::move(request), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, ApproveRefund));
}

PendingReply<oms::v1::RefundOrderResponse> *
PaymentClient::rejectRefund(const QString &refundId, const QString &reason, QObject *receiver)
{
    oms::v1::DecideRefundRequest request;
    request.set_refund_id(refundId.toStdString());
    request.set_reason(reason.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::RefundOrderResponse>(
            std::move(request), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, RejectRefund));
}

PendingReply<oms::v1::ListPendingApprovalsResponse> *
PaymentClient::listPendingApprovals(QObject *receiver)
{
    oms::v1::ListPendingApprovalsRequest request;
    request.set_page_size(kApprovalPageSize);
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ListPendingApprovalsResponse>(
            std::move(request), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, ListPendingApprovals));
}
