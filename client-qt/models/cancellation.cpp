#include "models/cancellation.h"

#include "models/display_text.h"
#include "models/proto_text.h"
#include "services/intent_keys.h"
#include "services/order_client.h"

#include "oms/v1/order_service.pb.h"

namespace {

constexpr int kDebounceMs = 250;

void fill(const QString &orderId, const CancelChoice &choice, oms::v1::CancelOrderRequest *request)
{
    request->set_order_id(orderId.toStdString());
    for (auto it = choice.lines.constBegin(); it != choice.lines.constEnd(); ++it) {
        if (it.value() <= 0)
            continue;
        auto *line = request->add_lines();
        line->set_line_no(it.key());
        line->set_quantity(it.value());
    }
    request->set_reason(static_cast<oms::v1::CancelReason>(choice.reason));
    request->set_initiator(static_cast<oms::v1::CancelInitiator>(choice.initiator));
    request->set_note(choice.note.toStdString());
}

CancelOutcome outcomeOf(const oms::v1::CancellationPreview &preview)
{
    CancelOutcome out;
    for (const auto &part : preview.parts())
        out.parts.append({part.line_no(), ProtoText::str(part.sku()), part.quantity(),
                          ProtoText::str(part.unit_state()), ProtoText::str(part.node_id()),
                          int(part.effect()), ProtoText::str(part.why())});
    for (const auto &money : preview.money())
        out.money.append({DisplayText::tenderType(money.type()), ProtoText::money(money.voided()),
                          ProtoText::money(money.refunded())});
    out.value = ProtoText::money(preview.value());
    out.unsettled = preview.unsettled().amount_minor() != 0 ? ProtoText::money(preview.unsettled())
                                                            : QString();
    out.orderCancelled = preview.order_cancelled();
    return out;
}

} // namespace

Cancellation::Cancellation(OrderClient *client, IntentKeys *intents, const oms::v1::Order &order,
                           QObject *parent)
    : QObject(parent),
      m_client(client),
      m_intents(intents),
      m_orderId(QString::fromStdString(order.order_id())),
      m_lines(cancellableLines(order))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &Cancellation::requestPreview);
}

QList<CancellableLine> Cancellation::cancellableLines(const oms::v1::Order &order)
{
    QList<CancellableLine> lines;
    for (const auto &line : order.lines()) {
        const qint64 open = line.ordered() - line.cancelled() - line.shipped();
        lines.append({line.line_no(), QString::fromStdString(line.sku()),
                      QString::fromStdString(line.name()), qMax<qint64>(0, open)});
    }
    return lines;
}

QString Cancellation::intent() const
{
    QString lines;
    for (auto it = m_choice.lines.constBegin(); it != m_choice.lines.constEnd(); ++it)
        if (it.value() > 0)
            lines += QStringLiteral("%1x%2,").arg(it.key()).arg(it.value());
    return QStringLiteral("cancel|%1|%2|%3|%4|%5")
            .arg(m_orderId, lines.isEmpty() ? QStringLiteral("all") : lines)
            .arg(m_choice.reason)
            .arg(m_choice.initiator)
            .arg(m_choice.note);
}

QString Cancellation::problem() const
{
    if (m_choice.reason <= 0)
        return QStringLiteral("Choose why the order is cancelled.");
    for (const CancellableLine &line : m_lines) {
        const qint64 units = m_choice.lines.value(line.lineNo, 0);
        if (units > line.open)
            return QStringLiteral("Line %1 has %2 units left to cancel, not %3.")
                    .arg(line.lineNo)
                    .arg(line.open)
                    .arg(units);
    }
    if (!m_choice.lines.isEmpty()) {
        bool any = false;
        for (qint64 units : m_choice.lines)
            any = any || units > 0;
        if (!any)
            return QStringLiteral("Choose the units to cancel, or the whole order.");
    }
    return {};
}

void Cancellation::setChoice(const CancelChoice &choice)
{
    m_choice = choice;
    ++m_generation; // answers to the choice before are dropped
    if (m_previewCall)
        m_previewCall->abandon();
    m_previewValid = false;
    Q_EMIT previewChanged();
    if (problem().isEmpty())
        m_debounce.start();
    else
        m_debounce.stop();
    Q_EMIT busyChanged();
}

void Cancellation::requestPreview()
{
    oms::v1::CancelOrderRequest request;
    fill(m_orderId, m_choice, &request);
    const quint64 generation = m_generation;
    auto *reply = m_client->previewCancellation(request, this);
    m_previewCall = reply;
    Q_EMIT busyChanged();
    connect(reply, &PendingCall::finished, this, [this, reply, generation] {
        if (generation != m_generation)
            return;
        m_previewCall = nullptr;
        Q_EMIT busyChanged();
        if (reply->error().isError()) {
            Q_EMIT previewFailed(reply->error().message());
            return;
        }
        m_preview = outcomeOf(reply->result());
        m_previewValid = true;
        Q_EMIT previewChanged();
    });
}

void Cancellation::confirm()
{
    if (isConfirming() || !problem().isEmpty())
        return;
    const QString intent = this->intent();
    oms::v1::CancelOrderRequest request;
    fill(m_orderId, m_choice, &request);
    if (m_intents)
        request.set_request_id(m_intents->keyFor(intent).toStdString());
    auto *reply = m_client->cancelOrder(request, this);
    m_confirmCall = reply;
    Q_EMIT busyChanged();
    connect(reply, &PendingCall::finished, this, [this, reply, intent] {
        m_confirmCall = nullptr;
        Q_EMIT busyChanged();
        const CallError &error = reply->error();
        if (m_intents)
            m_intents->settleIfFinal(intent, error);
        if (error.isError()) {
            Q_EMIT confirmFailed(error.isTransient()
                                         ? error.message()
                                                   + QStringLiteral(" Confirm again: it is sent as "
                                                                    "the same request, so nothing "
                                                                    "is cancelled twice.")
                                         : error.message());
            return;
        }
        Q_EMIT confirmed(outcomeOf(reply->result().applied()), reply->result().replayed());
    });
}
