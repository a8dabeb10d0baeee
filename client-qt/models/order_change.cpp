#include "models/order_change.h"

#include "services/intent_keys.h"
#include "services/order_client.h"

#include "oms/v1/order_service.pb.h"

OrderChange::OrderChange(OrderClient *client, IntentKeys *intents, QString orderId, QObject *parent)
    : QObject(parent), m_client(client), m_intents(intents), m_orderId(std::move(orderId))
{
}

template <typename Reply>
void OrderChange::watch(Reply *reply, const QString &intent)
{
    m_call = reply;
    Q_EMIT busyChanged(true);
    connect(reply, &PendingCall::finished, this, [this, reply, intent] {
        m_call = nullptr;
        Q_EMIT busyChanged(false);
        const CallError &error = reply->error();
        // A transient failure may have reached the server: keep the key, so
        // the next press is the same intent. Anything else is final.
        if (m_intents)
            m_intents->settleIfFinal(intent, error);
        if (error.isError())
            Q_EMIT failed(error.message());
        else
            Q_EMIT done();
    });
}

void OrderChange::hold(int reason, const QString &note)
{
    const QString intent = QStringLiteral("hold|%1|%2|%3").arg(m_orderId).arg(reason).arg(note);
    oms::v1::HoldOrderRequest request;
    request.set_request_id(m_intents ? m_intents->keyFor(intent).toStdString() : std::string());
    request.set_order_id(m_orderId.toStdString());
    request.set_reason(static_cast<oms::v1::HoldReason>(reason));
    request.set_note(note.toStdString());
    watch(m_client->holdOrder(request, this), intent);
}

void OrderChange::release(int reason)
{
    const QString intent = QStringLiteral("release|%1|%2").arg(m_orderId).arg(reason);
    oms::v1::ReleaseOrderRequest request;
    request.set_request_id(m_intents ? m_intents->keyFor(intent).toStdString() : std::string());
    request.set_order_id(m_orderId.toStdString());
    request.set_reason(static_cast<oms::v1::HoldReason>(reason));
    watch(m_client->releaseOrder(request, this), intent);
}

void OrderChange::addNote(const QString &text)
{
    const QString intent = QStringLiteral("note|%1|%2").arg(m_orderId, text);
    oms::v1::AddOrderNoteRequest request;
    request.set_request_id(m_intents ? m_intents->keyFor(intent).toStdString() : std::string());
    request.set_order_id(m_orderId.toStdString());
    request.set_text(text.toStdString());
    watch(m_client->addOrderNote(request, this), intent);
}
