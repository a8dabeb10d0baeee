#pragma once

#include "models/shipment_details.h"
#include "services/call_error.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>
#include <vector>

namespace oms::v1 {
class Order;
class OrderEvent;
class ListOrderEventsResponse;
} // namespace oms::v1

class OrderClient;
class OrderEventModel;
class OrderLineModel;
class PendingCall;
template <typename Result>
class PendingReply;
class RetrySchedule;
class TenderModel;

// The header of an order, in the words and formats a view shows.
struct OrderHeader
{
    QString orderId;
    QString number;
    QString region;
    QString channel;
    QString externalRef;
    int status = 0;            // oms.v1.OrderStatus
    int paymentStatus = 0;     // oms.v1.PaymentStatus
    int fulfillmentStatus = 0; // oms.v1.FulfillmentStatus
    QStringList holds;         // "Fraud review — note"
    QList<int> holdReasons;    // oms.v1.HoldReason of each hold, in the same order
    QString rejectionReason;
    QString customerId;
    QString customerName;
    QString customerEmail;
    QString customerPhone;
    QString shipTo;            // the address, one line per part
    QString shippingOption;
    QString pickupNodeId;      // pickup and carry-out orders: the store
    QString subtotal;
    QString discount;
    QString shipping;
    QString tax;
    QString total;
    QDateTime createdAt;
    QDateTime updatedAt;
    qint64 version = 0;
    // Read from another region's copy (docs/REGIONS.md): who answered and
    // the last moment that copy was known complete (invalid: never).
    bool replica = false;
    QString answeredBy;
    QDateTime replicaAsOf;
};

// One order as a view shows it: the header, the lines, the tenders, the
// shipments and the event timeline, loaded together by refresh() (GetOrder
// and ListOrderEvents in parallel, every page of events; the shipments come
// inside the Order). Transient failures retry by themselves and keep what
// was shown before.
class OrderDocument final : public QObject
{
    Q_OBJECT

public:
    // `order` is an order id or an order number.
    OrderDocument(OrderClient *client, QString order, QObject *parent = nullptr);
    ~OrderDocument() override;

    // What the document was opened with, and the order id once loaded.
    QString orderRef() const { return m_ref; }
    QString orderId() const { return m_header.orderId; }
    bool isLoaded() const { return m_loaded; }
    bool isBusy() const { return !m_orderCall.isNull() || !m_eventsCall.isNull(); }
    const CallError &lastError() const { return m_error; }
    const OrderHeader &header() const { return m_header; }

    OrderLineModel *lines() const { return m_lines; }
    TenderModel *tenders() const { return m_tenders; }
    OrderEventModel *events() const { return m_events; }
    // In the order the server sent them; empty until the order is released
    // to nodes.
    const QList<ShipmentDetails> &shipments() const { return m_shipments; }

    // The order as the server last sent it; null until loaded. For the
    // models of actions (cancel, refund, return) that start from it.
    const oms::v1::Order *order() const { return m_order.get(); }

    void refresh();
    // For tests and tools: shows `order` as if the server had sent it.
    void setOrder(const oms::v1::Order &order);

Q_SIGNALS:
    // The header, the three models and the shipments hold a fresh copy of
    // the order.
    void loaded();
    void headerChanged();
    void shipmentsChanged();
    void busyChanged(bool busy);
    void errorChanged(const QString &message);

private:
    void requestEvents(const QString &pageToken);
    void takeEvents(PendingReply<oms::v1::ListOrderEventsResponse> *reply, quint64 generation);
    void fail(const CallError &error);
    void finishIfComplete();
    void setError(const CallError &error);

    OrderClient *m_client;
    QString m_ref;
    OrderLineModel *m_lines;
    TenderModel *m_tenders;
    OrderEventModel *m_events;
    RetrySchedule *m_retry;
    OrderHeader m_header;
    QList<ShipmentDetails> m_shipments;
    std::unique_ptr<oms::v1::Order> m_order;
    bool m_loaded = false;
    bool m_orderDone = false;
    bool m_eventsDone = false;
    std::vector<oms::v1::OrderEvent> m_eventBuffer;
    QPointer<PendingCall> m_orderCall;
    QPointer<PendingCall> m_eventsCall;
    quint64 m_generation = 0;
    CallError m_error;
};
