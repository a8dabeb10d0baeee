#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace oms::v1 {
class WatchOrdersResponse;
}

class CallError;
class OrderClient;
class OrderDocument;
class OrderWatch;
class RetrySchedule;

// Keeps an open order current without anyone pressing Refresh: follows the
// order's events through OrderService.WatchOrders and reloads the document
// after a change. Reloads are coalesced, so a burst of events (a flash sale,
// a replay of a thousand events) costs a few reloads, not a thousand: at
// most one reload in flight, and the next at least `minReloadGapMs` after
// the one before started. The stream opens once the document knows its
// order id; when it ends for a transient reason it is reopened (1, 2, 4,
// then every 8 s, or at once when the connection comes back) from the last
// sequence seen, so no change is missed; a resume point the server does not
// know starts again from now with one reload.
class OrderFollower final : public QObject
{
    Q_OBJECT

public:
    OrderFollower(OrderClient *client, OrderDocument *document, QObject *parent = nullptr);
    ~OrderFollower() override;

    bool isLive() const { return m_live; }
    // Events received since the follower started; reloads it asked for.
    int eventsSeen() const { return m_events; }
    int reloadsAsked() const { return m_reloads; }
    void setMinReloadGapMs(int ms) { m_minGapMs = ms; }
    // No reload waiting or running: the document shows every event seen.
    bool isSettled() const;

Q_SIGNALS:
    void liveChanged(bool live);
    // An event of the order arrived (before the reload it causes).
    void changed();

private:
    void startWatch();
    void takeMessage(const oms::v1::WatchOrdersResponse &message);
    void watchEnded(const CallError &error);
    void reloadSoon();
    void reloadNow();
    void setLive(bool live);

    OrderDocument *m_document;
    OrderWatch *m_watch;
    RetrySchedule *m_retry;
    QTimer m_reloadTimer;
    QElapsedTimer m_sinceReload;
    qint64 m_sequence = 0;
    bool m_fromNow = true;
    bool m_live = false;
    bool m_reloadWanted = false;
    int m_minGapMs = 300;
    int m_events = 0;
    int m_reloads = 0;
};
