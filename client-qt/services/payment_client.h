#pragma once

#include "services/pending_call.h"

#include <QObject>
#include <QString>

#include <memory>

namespace oms::v1 {
class ListPendingApprovalsResponse;
class PaymentService;
class Refund;
class RefundOrderRequest;
class RefundOrderResponse;
} // namespace oms::v1

class GrpcConnection;
template <typename Service>
class StubCache;

// PaymentService for the GUI: refunds, their preview and the supervisor's
// approval queue. Each method starts one RPC and returns at once; the reply
// (a child of `receiver`) emits finished() on the GUI thread.
class PaymentClient final : public QObject
{
    Q_OBJECT

public:
    explicit PaymentClient(GrpcConnection *connection, QObject *parent = nullptr);
    ~PaymentClient() override;

    GrpcConnection *connection() const { return m_connection; }

    // The refund RefundOrder would make now (split over tenders, whether it
    // waits for approval); changes nothing.
    PendingReply<oms::v1::Refund> *previewRefund(const oms::v1::RefundOrderRequest &request,
                                                 QObject *receiver);
    // `request.request_id` is the intent's idempotency key.
    PendingReply<oms::v1::RefundOrderResponse> *
    refundOrder(const oms::v1::RefundOrderRequest &request, QObject *receiver);
    PendingReply<oms::v1::RefundOrderResponse> *approveRefund(const QString &refundId,
                                                             const QString &reason,
                                                             QObject *receiver);
    PendingReply<oms::v1::RefundOrderResponse> *rejectRefund(const QString &refundId,
                                                            const QString &reason,
                                                            QObject *receiver);
    PendingReply<oms::v1::ListPendingApprovalsResponse> *listPendingApprovals(QObject *receiver);

private:
    GrpcConnection *m_connection;
    std::unique_ptr<StubCache<oms::v1::PaymentService>> m_stubs;
};
