#pragma once

#include "services/pending_call.h"

#include <QObject>
#include <QString>

#include <memory>

namespace oms::v1 {
class AddOrderNoteRequest;
class CancelOrderRequest;
class CancelOrderResponse;
class CancellationPreview;
class HoldOrderRequest;
class Order;
class ReleaseOrderRequest;
class SearchOrdersRequest;
class SearchOrdersResponse;
class ListOrderEventsResponse;
class OrderService;
class PlaceOrderRequest;
class PlaceOrderResponse;
} // namespace oms::v1

class GrpcConnection;
template <typename Service>
class StubCache;

// OrderService for the GUI: each method starts one RPC and returns at once;
// the reply (a child of `receiver`) emits finished() on the GUI thread.
class OrderClient final : public QObject
{
    Q_OBJECT

public:
    explicit OrderClient(GrpcConnection *connection, QObject *parent = nullptr);
    ~OrderClient() override;

    GrpcConnection *connection() const { return m_connection; }

    PendingReply<oms::v1::SearchOrdersResponse> *
    searchOrders(const oms::v1::SearchOrdersRequest &request, QObject *receiver);
    // `order` is an order id (EU1-01J...) or an order number (EU1-7Q2M-K9XD).
    PendingReply<oms::v1::Order> *getOrder(const QString &order, QObject *receiver);
    PendingReply<oms::v1::ListOrderEventsResponse> *
    listOrderEvents(const QString &order, const QString &pageToken, QObject *receiver);
    // The request carries its idempotency key (request_id): a retry with the
    // same key is answered with the first order (replayed), never a second one.
    PendingReply<oms::v1::PlaceOrderResponse> *placeOrder(const oms::v1::PlaceOrderRequest &request,
                                                          QObject *receiver);

    // Changes. Each request carries the caller's idempotency key (IntentKeys).
    PendingReply<oms::v1::CancellationPreview> *
    previewCancellation(const oms::v1::CancelOrderRequest &request, QObject *receiver);
    PendingReply<oms::v1::CancelOrderResponse> *cancelOrder(const oms::v1::CancelOrderRequest &request,
                                                            QObject *receiver);
    PendingReply<oms::v1::Order> *holdOrder(const oms::v1::HoldOrderRequest &request, QObject *receiver);
    PendingReply<oms::v1::Order> *releaseOrder(const oms::v1::ReleaseOrderRequest &request,
                                               QObject *receiver);
    PendingReply<oms::v1::Order> *addOrderNote(const oms::v1::AddOrderNoteRequest &request,
                                               QObject *receiver);

private:
    GrpcConnection *m_connection;
    std::unique_ptr<StubCache<oms::v1::OrderService>> m_stubs;
};
