#include "models/retry_schedule.h"

#include "services/grpc_connection.h"

#include <algorithm>

namespace {
constexpr int kMaxDoublings = 3;
}

RetrySchedule::RetrySchedule(GrpcConnection *connection, QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RetrySchedule::due);
    if (connection)
        connect(connection, &GrpcConnection::reconnected, this, &RetrySchedule::fireNow);
}

void RetrySchedule::schedule()
{
    m_timer.start(m_baseDelayMs << std::min(m_attempts, kMaxDoublings));
    ++m_attempts;
}

void RetrySchedule::reset()
{
    m_timer.stop();
    m_attempts = 0;
}

void RetrySchedule::fireNow()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    Q_EMIT due();
}
