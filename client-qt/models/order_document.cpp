#include "models/order_document.h"

#include "models/order_event_model.h"
#include "models/order_line_model.h"
#include "models/proto_text.h"
#include "models/retry_schedule.h"
#include "models/shipment_details.h"
#include "models/tender_model.h"
#include "services/order_client.h"
#include "services/pending_call.h"

#include "oms/v1/order_service.pb.h"

using ProtoText::str;

namespace {

constexpr int kMaxEventPages = 50;

QString addressText(const oms::v1::Address &address)
{
    QStringList parts;
    for (const std::string *part : {&address.name(), &address.line1(), &address.line2()})
        if (!part->empty())
            parts.append(str(*part));
    const QString city = QStringLiteral("%1 %2").arg(str(address.postal_code()), str(address.city())).trimmed();
    if (!city.isEmpty())
        parts.append(city);
    if (!address.country().empty())
        parts.append(str(address.country()));
    if (!address.phone().empty())
        parts.append(str(address.phone()));
    return parts.join(QLatin1Char('\n'));
}

OrderHeader headerOf(const oms::v1::Order &order)
{
    OrderHeader h;
    h.orderId = str(order.order_id());
    h.number = str(order.order_number());
    h.region = str(order.region());
    h.channel = str(order.channel());
    h.externalRef = str(order.external_ref());
    h.status = order.status();
    h.paymentStatus = order.payment_status();
    h.fulfillmentStatus = order.fulfillment_status();
    for (const auto &hold : order.holds()) {
        h.holds.append(ProtoText::hold(hold));
        h.holdReasons.append(int(hold.reason()));
    }
    h.rejectionReason = str(order.rejection_reason());
    h.customerId = str(order.customer().customer_id());
    h.customerName = str(order.customer().name());
    h.customerEmail = str(order.customer().email());
    h.customerPhone = str(order.customer().phone());
    h.shipTo = addressText(order.shipping_address());
    h.shippingOption = str(order.shipping_option());
    h.pickupNodeId = str(order.pickup_node_id());
    h.subtotal = ProtoText::money(order.totals().subtotal());
    h.discount = ProtoText::money(order.totals().discount());
    h.shipping = ProtoText::money(order.totals().shipping());
    h.tax = ProtoText::money(order.totals().tax());
    h.total = ProtoText::money(order.totals().total());
    h.createdAt = ProtoText::dateTime(order.created_at());
    h.updatedAt = ProtoText::dateTime(order.updated_at());
    h.version = order.version();
    h.replica = order.replica().is_replica();
    h.answeredBy = str(order.replica().answered_by());
    if (order.replica().has_as_of())
        h.replicaAsOf = ProtoText::dateTime(order.replica().as_of());
    return h;
}

} // namespace

OrderDocument::OrderDocument(OrderClient *client, QString order, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_ref(std::move(order)),
      m_lines(new OrderLineModel(this)),
      m_tenders(new TenderModel(this)),
      m_events(new OrderEventModel(this)),
      m_retry(new RetrySchedule(client->connection(), this))
{
    connect(m_retry, &RetrySchedule::due, this, &OrderDocument::refresh);
}

OrderDocument::~OrderDocument() = default;

void OrderDocument::refresh()
{
    const bool wasBusy = isBusy();
    if (m_orderCall)
        m_orderCall->abandon();
    if (m_eventsCall)
        m_eventsCall->abandon();
    m_retry->reset();
    const quint64 generation = ++m_generation;
    m_orderDone = false;
    m_eventsDone = false;
    m_eventBuffer.clear();

    auto *reply = m_client->getOrder(m_ref, this);
    m_orderCall = reply;
    connect(reply, &PendingCall::finished, this, [this, reply, generation] {
        if (generation != m_generation)
            return;
        m_orderCall = nullptr;
        if (reply->error().isError()) {
            fail(reply->error());
            return;
        }
        setOrder(reply->result());
        m_orderDone = true;
        finishIfComplete();
    });
    requestEvents({});
    if (!wasBusy)
        Q_EMIT busyChanged(true);
}

void OrderDocument::setOrder(const oms::v1::Order &order)
{
    m_order = std::make_unique<oms::v1::Order>(order);
    m_header = headerOf(order);
    m_lines->setOrder(order);
    m_tenders->setOrder(order);
    m_shipments = shipmentsOf(order);
    Q_EMIT headerChanged();
    Q_EMIT shipmentsChanged();
}

void OrderDocument::requestEvents(const QString &pageToken)
{
    auto *reply = m_client->listOrderEvents(m_ref, pageToken, this);
    m_eventsCall = reply;
    const quint64 generation = m_generation;
    connect(reply, &PendingCall::finished, this,
            [this, reply, generation] { takeEvents(reply, generation); });
}

void OrderDocument::takeEvents(PendingReply<oms::v1::ListOrderEventsResponse> *reply,
                               quint64 generation)
{
    if (generation != m_generation)
        return;
    m_eventsCall = nullptr;
    if (reply->error().isError()) {
        fail(reply->error());
        return;
    }
    const auto &page = reply->result();
    m_eventBuffer.insert(m_eventBuffer.end(), page.events().begin(), page.events().end());
    const QString next = str(page.next_page_token());
    // The cap only guards against a server that keeps returning a token.
    if (!next.isEmpty() && m_eventBuffer.size() < size_t(kMaxEventPages) * 200) {
        requestEvents(next);
        return;
    }
    m_events->setEvents(std::move(m_eventBuffer));
    m_eventBuffer.clear();
    m_eventsDone = true;
    finishIfComplete();
}

void OrderDocument::fail(const CallError &error)
{
    // One failure ends this round; the other call's answer is not needed.
    ++m_generation;
    if (m_orderCall)
        m_orderCall->abandon();
    if (m_eventsCall)
        m_eventsCall->abandon();
    m_orderCall = nullptr;
    m_eventsCall = nullptr;
    setError(error);
    Q_EMIT busyChanged(false);
    if (error.isTransient())
        m_retry->schedule();
}

void OrderDocument::finishIfComplete()
{
    if (!m_orderDone || !m_eventsDone)
        return;
    m_loaded = true;
    m_retry->reset();
    setError({});
    Q_EMIT busyChanged(false);
    Q_EMIT loaded();
}

void OrderDocument::setError(const CallError &error)
{
    const bool changed = error.message() != m_error.message();
    m_error = error;
    if (changed)
        Q_EMIT errorChanged(error.message());
}
