#pragma once

#include "services/call_error.h"

#include <QObject>
#include <QPointer>
#include <QString>

class IntentKeys;
class OrderClient;
class PendingCall;

// The small changes an agent makes to one order: hold, release, note. Each
// carries one idempotency key per intent (IntentKeys): pressing the button
// again after a timeout, or after the client restarted, sends the same key,
// so the server does it once. The answer comes as done() or failed() with a
// sentence to show where the user acted. One change at a time.
class OrderChange final : public QObject
{
    Q_OBJECT

public:
    OrderChange(OrderClient *client, IntentKeys *intents, QString orderId, QObject *parent = nullptr);

    // `reason` is an oms.v1.HoldReason.
    void hold(int reason, const QString &note);
    void release(int reason);
    void addNote(const QString &text);
    bool isBusy() const { return !m_call.isNull(); }

Q_SIGNALS:
    void done();
    void failed(const QString &message);
    void busyChanged(bool busy);

private:
    template <typename Reply>
    void watch(Reply *reply, const QString &intent);

    OrderClient *m_client;
    IntentKeys *m_intents;
    QString m_orderId;
    QPointer<PendingCall> m_call;
};
