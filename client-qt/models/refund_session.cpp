#include "models/refund_session.h"

#include "services/intent_keys.h"
#include "services/order_client.h"
#include "services/payment_client.h"

#include "oms/v1/order.pb.h"
#include "oms/v1/payment_service.pb.h"
#include "oms/v1/refund.pb.h"

#include <QTimer>

namespace {

constexpr int kDefaultDebounceMs = 250;

} // namespace

RefundSession::RefundSession(OrderClient *orders, PaymentClient *payments, IntentKeys *intents,
                             QString order, QObject *parent)
    : QObject(parent),
      m_orders(orders),
      m_payments(payments),
      m_intents(intents),
      m_ref(std::move(order)),
      m_debounce(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDefaultDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &RefundSession::requestPreview);
}

void RefundSession::setDebounce(int ms)
{
    m_debounce->setInterval(ms);
}

void RefundSession::load()
{
    auto *reply = m_orders->getOrder(m_ref, this);
    connect(reply, &PendingCall::finished, this, [this, reply] {
        if (reply->error().isError()) {
            Q_EMIT loadFailed(reply->error().message());
            return;
        }
        RefundDraft fresh = RefundDraft::fromOrder(reply->result());
        // Keep what was chosen so far (a reload after a refund).
        fresh.shipping = m_draft.shipping && fresh.shippingRefundable;
        fresh.goodwillMinor = m_draft.goodwillMinor;
        fresh.reason = m_draft.reason;
        fresh.policy = m_draft.policy;
        m_draft = fresh;
        m_loaded = true;
        Q_EMIT loaded();
        choiceChanged();
    });
}

void RefundSession::setQuantity(int lineNo, qint64 quantity)
{
    for (RefundableLine &line : m_draft.lines)
        if (line.lineNo == lineNo)
            line.quantity = qBound<qint64>(0, quantity, line.refundable);
    choiceChanged();
}

void RefundSession::setRestock(int lineNo, bool restock)
{
    for (RefundableLine &line : m_draft.lines)
        if (line.lineNo == lineNo)
            line.restock = restock;
    choiceChanged();
}

void RefundSession::setShipping(bool shipping)
{
    m_draft.shipping = shipping && m_draft.shippingRefundable;
    choiceChanged();
}

void RefundSession::setGoodwillMinor(qint64 amountMinor)
{
    m_draft.goodwillMinor = qMax<qint64>(0, amountMinor);
    choiceChanged();
}

void RefundSession::setReason(const QString &reason)
{
    // The reason does not change the split: no new preview for it.
    m_draft.reason = reason;
}

void RefundSession::setPolicy(int policy)
{
    m_draft.policy = policy;
    choiceChanged();
}

void RefundSession::choiceChanged()
{
    ++m_generation;
    if (m_previewCall)
        m_previewCall->abandon();
    m_havePreview = false;
    if (!m_loaded || m_draft.isEmpty()) {
        m_debounce->stop();
        return;
    }
    Q_EMIT previewPending();
    m_debounce->start();
}

void RefundSession::requestPreview()
{
    if (!m_loaded || m_draft.isEmpty())
        return;
    oms::v1::RefundOrderRequest request;
    m_draft.fillRequest(&request);
    const quint64 generation = m_generation;
    const QString intent = m_draft.intent();
    auto *reply = m_payments->previewRefund(request, this);
    m_previewCall = reply;
    connect(reply, &PendingCall::finished, this, [this, reply, generation, intent] {
        if (generation != m_generation)
            return; // an answer to an older choice
        if (reply->error().isError()) {
            Q_EMIT previewFailed(reply->error().message());
            return;
        }
        m_preview = RefundOutcome::fromRefund(reply->result(), m_draft.tenderLabels);
        m_previewFor = intent;
        m_havePreview = true;
        Q_EMIT previewChanged(m_preview);
    });
}

void RefundSession::commit()
{
    if (isCommitting() || !m_loaded || m_draft.isEmpty())
        return;
    const QString intent = m_draft.intent();
    oms::v1::RefundOrderRequest request;
    m_draft.fillRequest(&request);
    request.set_request_id(m_intents->keyFor(intent).toStdString());
    const QHash<QString, QString> labels = m_draft.tenderLabels;
    auto *reply = m_payments->refundOrder(request, this);
    m_commitCall = reply;
    connect(reply, &PendingCall::finished, this, [this, reply, intent, labels] {
        m_commitCall.clear();
        const CallError &error = reply->error();
        // Settled on a final answer only: after a timeout or a lost
        // connection the next Confirm sends the same key, and the server
        // answers the first refund instead of making a second.
        m_intents->settleIfFinal(intent, error);
        if (error.isError()) {
            Q_EMIT commitFailed(error.message());
            return;
        }
        // Done: nothing stays chosen, so a second Confirm cannot refund the
        // same thing again by accident.
        for (RefundableLine &line : m_draft.lines)
            line.quantity = 0;
        m_draft.shipping = false;
        m_draft.goodwillMinor = 0;
        ++m_generation;
        m_havePreview = false;
        Q_EMIT committed(RefundOutcome::fromRefund(reply->result().refund(), labels),
                         reply->result().replayed());
    });
}
