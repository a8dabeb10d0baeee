#pragma once

#include <QObject>
#include <QTimer>

class GrpcConnection;

// When to retry a refresh that failed for a transient reason: after 1, 2, 4,
// then every 8 seconds, or at once when the connection comes back. A model
// calls schedule() after a transient failure and reset() after a success;
// it refreshes on due(). GUI thread only.
class RetrySchedule final : public QObject
{
    Q_OBJECT

public:
    explicit RetrySchedule(GrpcConnection *connection, QObject *parent = nullptr);

    void schedule();
    void reset();
    bool isPending() const { return m_timer.isActive(); }
    int attempts() const { return m_attempts; }
    // The delay schedule() uses next; tests shorten it.
    void setBaseDelay(int ms) { m_baseDelayMs = ms; }

Q_SIGNALS:
    void due();

private:
    void fireNow();

    QTimer m_timer;
    int m_attempts = 0;
    int m_baseDelayMs = 1000;
};
