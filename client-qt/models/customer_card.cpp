#include "models/customer_card.h"

#include "models/proto_text.h"
#include "services/customer_client.h"
#include "services/pending_call.h"

#include "oms/v1/customer_service.pb.h"

using ProtoText::str;

CustomerCard::CustomerCard(CustomerClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{
}

CustomerCard::~CustomerCard() = default;

void CustomerCard::load(const QString &customerId)
{
    if (customerId != m_customerId) {
        m_loaded = false;
        m_profile = {};
    }
    m_customerId = customerId;
    refresh();
}

void CustomerCard::refresh()
{
    const bool wasBusy = isBusy();
    if (m_pending)
        m_pending->abandon();
    auto *reply = m_client->getCustomer(m_customerId, this);
    m_pending = reply;
    connect(reply, &PendingCall::finished, this, [this, reply] {
        m_pending = nullptr;
        Q_EMIT busyChanged(false);
        m_error = reply->error();
        if (m_error.isError()) {
            Q_EMIT errorChanged(m_error.message());
            return;
        }
        const auto &c = reply->result();
        m_profile = {str(c.customer_id()),
                     str(c.name()),
                     str(c.email()),
                     str(c.phone()),
                     str(c.home_region()),
                     ProtoText::money(c.store_credit_balance()),
                     ProtoText::money(c.wallet_balance()),
                     c.store_credit_balance().amount_minor(),
                     c.wallet_balance().amount_minor()};
        m_loaded = true;
        Q_EMIT errorChanged({});
        Q_EMIT loaded();
    });
    if (!wasBusy)
        Q_EMIT busyChanged(true);
}
