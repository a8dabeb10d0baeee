#include "models/order_follower.h"

#include "models/order_document.h"
#include "models/retry_schedule.h"
#include "services/call_error.h"
#include "services/order_client.h"
#include "services/order_watch.h"

#include "oms/v1/order_service.pb.h"

OrderFollower::OrderFollower(OrderClient *client, OrderDocument *document, QObject *parent)
    : QObject(parent),
      m_document(document),
      m_watch(new OrderWatch(client, this)),
      m_retry(new RetrySchedule(client->connection(), this))
{
    m_reloadTimer.setSingleShot(true);
    connect(&m_reloadTimer, &QTimer::timeout, this, &OrderFollower::reloadNow);
    connect(m_watch, &OrderWatch::message, this, &OrderFollower::takeMessage);
    connect(m_watch, &OrderWatch::ended, this, &OrderFollower::watchEnded);
    connect(m_retry, &RetrySchedule::due, this, &OrderFollower::startWatch);
    // The stream is per order id: open it once the first load says which.
    connect(m_document, &OrderDocument::loaded, this, [this] {
        if (!m_watch->isOpen() && !m_retry->isPending())
            startWatch();
        // A reload asked while this one was in flight.
        if (m_reloadWanted)
            reloadSoon();
    });
    if (m_document->isLoaded())
        startWatch();
}

OrderFollower::~OrderFollower() = default;

void OrderFollower::startWatch()
{
    if (m_document->orderId().isEmpty())
        return;
    oms::v1::WatchOrdersRequest request;
    request.set_order_id(m_document->orderId().toStdString());
    request.set_after_sequence(m_sequence);
    m_fromNow = m_sequence == 0;
    m_watch->start(request);
}

void OrderFollower::takeMessage(const oms::v1::WatchOrdersResponse &message)
{
    m_sequence = message.sequence();
    if (!m_live) {
        m_retry->reset();
        setLive(true);
        // From now: a change between the last load and the stream's start
        // comes with one reload. Resumed: the stream brings what was missed.
        if (m_fromNow)
            reloadSoon();
    }
    if (!message.has_event())
        return; // a mark
    ++m_events;
    Q_EMIT changed();
    reloadSoon();
}

void OrderFollower::watchEnded(const CallError &error)
{
    setLive(false);
    switch (error.watchNext()) {
    case CallError::WatchNext::StartOver:
        m_sequence = 0; // an unknown resume point: from now, with a reload
        m_retry->schedule();
        break;
    case CallError::WatchNext::GiveUp:
        // No watch to be had: Refresh (F5) still works. A new sign-in
        // reloads the document, and its loaded() opens the stream again.
        break;
    case CallError::WatchNext::Resume:
        m_retry->schedule();
        break;
    }
}

void OrderFollower::reloadSoon()
{
    m_reloadWanted = true;
    if (m_document->isBusy() || m_reloadTimer.isActive())
        return; // loaded() or the timer comes back here
    const qint64 since = m_sinceReload.isValid() ? m_sinceReload.elapsed() : m_minGapMs;
    m_reloadTimer.start(int(qMax<qint64>(0, m_minGapMs - since)));
}

void OrderFollower::reloadNow()
{
    if (m_document->isBusy()) {
        return; // loaded() asks again
    }
    m_reloadWanted = false;
    ++m_reloads;
    m_sinceReload.restart();
    m_document->refresh();
}

bool OrderFollower::isSettled() const
{
    return !m_reloadWanted && !m_reloadTimer.isActive() && !m_document->isBusy();
}

void OrderFollower::setLive(bool live)
{
    if (live == m_live)
        return;
    m_live = live;
    Q_EMIT liveChanged(live);
}
