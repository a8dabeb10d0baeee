#include "services/pending_call.h"

PendingCall::PendingCall(QObject *parent) : QObject(parent) {}

PendingCall::~PendingCall()
{
    // Nobody is left to take the answer: let the server stop working on it.
    if (!m_finished && m_canceller)
        m_canceller();
}

void PendingCall::cancel()
{
    if (!m_finished && m_canceller)
        m_canceller();
}

void PendingCall::abandon()
{
    disconnect(this, &PendingCall::finished, nullptr, nullptr);
    cancel();
    m_canceller = {};
    m_finished = true;
    deleteLater();
}

void PendingCall::finish(CallError error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_canceller = {};
    m_error = std::move(error);
    Q_EMIT finished();
    deleteLater();
}
