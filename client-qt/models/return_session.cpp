#include "models/return_session.h"

#include "models/proto_text.h"
#include "services/intent_keys.h"
#include "services/order_client.h"
#include "services/return_client.h"

#include "oms/v1/order.pb.h"
#include "oms/v1/return.pb.h"
#include "oms/v1/return_service.pb.h"

#include <QHash>

namespace {

QString returnStatus(oms::v1::ReturnStatus status)
{
    switch (status) {
    case oms::v1::RETURN_STATUS_AWAITING_RECEIPT: return QStringLiteral("Expected");
    case oms::v1::RETURN_STATUS_RECEIVED: return QStringLiteral("Received");
    case oms::v1::RETURN_STATUS_CANCELLED: return QStringLiteral("Cancelled");
    default: return QStringLiteral("Unknown");
    }
}

} // namespace

QStringList ReturnDraft::reasonNames()
{
    return {QStringLiteral("Other"),           QStringLiteral("Damaged"),
            QStringLiteral("Defective"),       QStringLiteral("Wrong item"),
            QStringLiteral("Not as described"), QStringLiteral("Size or fit"),
            QStringLiteral("No longer needed"), QStringLiteral("Other")};
}

ReturnDraft ReturnDraft::fromOrder(const oms::v1::Order &order)
{
    ReturnDraft draft;
    draft.orderId = ProtoText::str(order.order_id());
    draft.orderNumber = ProtoText::str(order.order_number());
    QHash<int, QString> shippedFrom;
    for (const oms::v1::Shipment &shipment : order.shipments()) {
        const QString node = ProtoText::str(shipment.node_id());
        if (!draft.nodes.contains(node))
            draft.nodes.append(node);
        for (const oms::v1::ShipmentLine &line : shipment.lines())
            if (!shippedFrom.contains(line.line_no()))
                shippedFrom.insert(line.line_no(), node);
    }
    QHash<int, qint64> comingBack;
    const QStringList reasons = reasonNames();
    for (const oms::v1::Return &ret : order.returns()) {
        ReturnSummary summary;
        summary.returnId = ProtoText::str(ret.return_id());
        summary.status = int(ret.status());
        summary.statusText = returnStatus(ret.status());
        summary.value = ProtoText::money(ret.value());
        summary.awaitingReceipt = ret.status() == oms::v1::RETURN_STATUS_AWAITING_RECEIPT;
        for (const oms::v1::ReturnLine &line : ret.lines()) {
            ReturnedLine l;
            l.lineNo = line.line_no();
            l.sku = ProtoText::str(line.sku());
            l.quantity = line.quantity();
            l.reason = reasons.value(int(line.reason()), reasons.first());
            // Expected: every unit goes back into stock unless the receiver says otherwise.
            l.restocked = summary.awaitingReceipt ? line.quantity() : line.restocked();
            l.damaged = summary.awaitingReceipt ? 0 : line.damaged();
            l.restockNode = line.restock_node_id().empty() ? shippedFrom.value(l.lineNo)
                                                             : ProtoText::str(line.restock_node_id());
            summary.lines.append(l);
            if (summary.awaitingReceipt)
                comingBack[l.lineNo] += l.quantity;
        }
        draft.returns.append(summary);
    }
    for (const oms::v1::OrderLine &line : order.lines()) {
        ReturnableLine l;
        l.lineNo = line.line_no();
        l.sku = ProtoText::str(line.sku());
        l.name = ProtoText::str(line.name());
        // Refunded units count as returned; the server names any unit it refuses.
        const qint64 gone = qMax(line.returned(), line.refunded());
        l.returnable = qMax<qint64>(0, line.delivered() - gone - comingBack.value(l.lineNo));
        l.shippedFrom = shippedFrom.value(l.lineNo);
        draft.lines.append(l);
    }
    return draft;
}

bool ReturnDraft::isEmpty() const
{
    for (const ReturnableLine &line : lines)
        if (line.quantity > 0)
            return false;
    return true;
}

QString ReturnDraft::intent() const
{
    QStringList chosen;
    for (const ReturnableLine &line : lines)
        if (line.quantity > 0)
            chosen.append(QStringLiteral("%1x%2").arg(line.lineNo).arg(line.quantity));
    return QStringLiteral("return|%1|%2|reason:%3|note:%4")
            .arg(orderId, chosen.join(QLatin1Char(',')))
            .arg(reason)
            .arg(note.trimmed());
}

void ReturnDraft::fillRequest(oms::v1::CreateReturnRequest *request) const
{
    request->set_order_id(orderId.toStdString());
    for (const ReturnableLine &line : lines) {
        if (line.quantity <= 0)
            continue;
        oms::v1::ReturnLineInput *out = request->add_lines();
        out->set_line_no(line.lineNo);
        out->set_quantity(line.quantity);
        out->set_reason(oms::v1::ReturnReason(reason));
        out->set_note(note.trimmed().toStdString());
    }
}

QString ReturnDraft::receiveIntent(const ReturnSummary &summary)
{
    QStringList parts;
    for (const ReturnedLine &line : summary.lines)
        parts.append(QStringLiteral("%1:%2@%3/%4")
                             .arg(line.lineNo)
                             .arg(line.restocked)
                             .arg(line.restockNode)
                             .arg(line.damaged));
    return QStringLiteral("receive-return|%1|%2").arg(summary.returnId, parts.join(QLatin1Char(',')));
}

void ReturnDraft::fillReceive(const ReturnSummary &summary, oms::v1::ReceiveReturnRequest *request)
{
    request->set_return_id(summary.returnId.toStdString());
    for (const ReturnedLine &line : summary.lines) {
        oms::v1::ReceivedLineInput *out = request->add_lines();
        out->set_line_no(line.lineNo);
        out->set_restocked(line.restocked);
        if (line.restocked > 0)
            out->set_restock_node_id(line.restockNode.toStdString());
        out->set_damaged(line.damaged);
    }
}

ReturnSession::ReturnSession(OrderClient *orders, ReturnClient *returns, IntentKeys *intents,
                             QString order, QObject *parent)
    : QObject(parent), m_orders(orders), m_returns(returns), m_intents(intents), m_ref(std::move(order))
{
}

void ReturnSession::load()
{
    auto *reply = m_orders->getOrder(m_ref, this);
    connect(reply, &PendingCall::finished, this, [this, reply] {
        if (reply->error().isError()) {
            Q_EMIT failed(reply->error().message());
            return;
        }
        take(reply->result());
    });
}

void ReturnSession::take(const oms::v1::Order &order)
{
    ReturnDraft fresh = ReturnDraft::fromOrder(order);
    fresh.reason = m_draft.reason;
    fresh.note = m_draft.note;
    m_draft = fresh;
    m_loaded = true;
    Q_EMIT loaded();
}

void ReturnSession::create()
{
    if (isBusy() || m_draft.isEmpty())
        return;
    const QString intent = m_draft.intent();
    oms::v1::CreateReturnRequest request;
    m_draft.fillRequest(&request);
    request.set_request_id(m_intents->keyFor(intent).toStdString());
    follow(m_returns->createReturn(request, this), intent, [this](const oms::v1::ReturnResponse &r) {
        Q_EMIT created(ProtoText::str(r.return_id()), r.replayed());
    });
}

void ReturnSession::receive(const ReturnSummary &summary)
{
    if (isBusy())
        return;
    const QString intent = ReturnDraft::receiveIntent(summary);
    oms::v1::ReceiveReturnRequest request;
    ReturnDraft::fillReceive(summary, &request);
    request.set_request_id(m_intents->keyFor(intent).toStdString());
    follow(m_returns->receiveReturn(request, this), intent, [this](const oms::v1::ReturnResponse &r) {
        Q_EMIT received(ProtoText::str(r.return_id()));
    });
}

void ReturnSession::follow(PendingReply<oms::v1::ReturnResponse> *reply, const QString &intent,
                           std::function<void(const oms::v1::ReturnResponse &)> done)
{
    m_call = reply;
    connect(reply, &PendingCall::finished, this, [this, reply, intent, done = std::move(done)] {
        m_call.clear();
        const CallError &error = reply->error();
        m_intents->settleIfFinal(intent, error);
        if (error.isError()) {
            Q_EMIT failed(error.message());
            return;
        }
        take(reply->result().order());
        done(reply->result());
    });
}
