#include "services/order_client.h"

#include "services/stub_cache.h"

#include "oms/v1/order_service.grpc.pb.h"

namespace {

constexpr int kEventPageSize = 200;

// Order ids are region + ULID (26 characters); numbers are XXX-XXXX-XXXX.
bool looksLikeOrderId(const QString &order)
{
    const qsizetype dash = order.indexOf(QLatin1Char('-'));
    return dash > 0 && order.size() - dash - 1 == 26;
}

} // namespace

OrderClient::OrderClient(GrpcConnection *connection, QObject *parent)
    : QObject(parent),
      m_connection(connection),
      m_stubs(std::make_unique<StubCache<oms::v1::OrderService>>(connection))
{
}

OrderClient::~OrderClient() = default;

PendingReply<oms::v1::SearchOrdersResponse> *
OrderClient::searchOrders(const oms::v1::SearchOrdersRequest &request, QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::SearchOrdersResponse>(
            request, m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, SearchOrders));
}

PendingReply<oms::v1::Order> *OrderClient::getOrder(const QString &order, QObject *receiver)
{
    oms::v1::GetOrderRequest request;
    if (looksLikeOrderId(order))
        request.set_order_id(order.toStdString());
    else
        request.set_order_number(order.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::Order>(std::move(request), m_connection->defaultDeadline(),
                                              receiver, OMS_DESK_ASYNC_START(stub, GetOrder));
}

PendingReply<oms::v1::ListOrderEventsResponse> *
OrderClient::listOrderEvents(const QString &order, const QString &pageToken, QObject *receiver)
{
    oms::v1::ListOrderEventsRequest request;
    request.set_order_id(order.toStdString());
    request.mutable_page()->set_page_size(kEventPageSize);
    request.mutable_page()->set_page_token(pageToken.toStdString());
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::ListOrderEventsResponse>(
            std::move(request), m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, ListOrderEvents));
}

PendingReply<oms::v1::CancellationPreview> *
OrderClient::previewCancellation(const oms::v1::CancelOrderRequest &request, QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::CancellationPreview>(
            request, m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, PreviewCancellation));
}

PendingReply<oms::v1::CancelOrderResponse> *
OrderClient::cancelOrder(const oms::v1::CancelOrderRequest &request, QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::CancelOrderResponse>(
            request, m_connection->defaultDeadline(), receiver, OMS_DESK_ASYNC_START(stub, CancelOrder));
}

PendingReply<oms::v1::Order> *OrderClient::holdOrder(const oms::v1::HoldOrderRequest &request,
                                                     QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::Order>(request, m_connection->defaultDeadline(), receiver,
                                              OMS_DESK_ASYNC_START(stub, HoldOrder));
}

PendingReply<oms::v1::Order> *OrderClient::releaseOrder(const oms::v1::ReleaseOrderRequest &request,
                                                        QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::Order>(request, m_connection->defaultDeadline(), receiver,
                                              OMS_DESK_ASYNC_START(stub, ReleaseOrder));
}

PendingReply<oms::v1::Order> *OrderClient::addOrderNote(const oms::v1::AddOrderNoteRequest &request,
                                                        QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::Order>(request, m_connection->defaultDeadline(), receiver,
                                              OMS_DESK_ASYNC_START(stub, AddOrderNote));
}

PendingReply<oms::v1::PlaceOrderResponse> *
OrderClient::placeOrder(const oms::v1::PlaceOrderRequest &request, QObject *receiver)
{
    auto stub = m_stubs->get();
    return m_connection->call<oms::v1::PlaceOrderResponse>(
            request, m_connection->defaultDeadline(), receiver,
            OMS_DESK_ASYNC_START(stub, PlaceOrder));
}
