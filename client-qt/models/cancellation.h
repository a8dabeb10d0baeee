#pragma once

#include "services/call_error.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace oms::v1 {
class Order;
}

class IntentKeys;
class OrderClient;
class PendingCall;

// A line of the order as the cancel dialog offers it.
struct CancellableLine
{
    int lineNo = 0;
    QString sku;
    QString name;
    qint64 open = 0; // ordered, not yet cancelled or shipped
};

// What the user chose: some units of some lines, or the whole order.
struct CancelChoice
{
    QMap<int, qint64> lines; // line number -> units; empty: the whole order
    int reason = 1;          // oms.v1.CancelReason (customer request)
    int initiator = 1;       // oms.v1.CancelInitiator (the customer)
    QString note;
};

// What the server says a cancellation would do (PreviewCancellation), or did.
struct CancelOutcome
{
    struct Part
    {
        int lineNo = 0;
        QString sku;
        qint64 quantity = 0;
        QString unitState; // UNRELEASED, AT_NODE, PICKING, PACKED...
        QString nodeId;
        int effect = 0; // oms.v1.CancelEffect
        QString why;
    };
    struct Money
    {
        QString tender; // "Card", "Wallet"...
        QString voided;
        QString refunded;
    };
    QList<Part> parts;
    QList<Money> money;
    QString value;
    QString unsettled;
    bool orderCancelled = false;
};

// Cancelling an order or some of its lines: the choice is previewed as it
// changes (debounced, never blocking; an answer to an older choice is
// dropped), and confirm() sends CancelOrder with one idempotency key for
// the whole intent (the order and every choice), kept across retries and
// restarts until the server gives a final answer.
class Cancellation final : public QObject
{
    Q_OBJECT

public:
    Cancellation(OrderClient *client, IntentKeys *intents, const oms::v1::Order &order,
                 QObject *parent = nullptr);

    static QList<CancellableLine> cancellableLines(const oms::v1::Order &order);
    const QList<CancellableLine> &lines() const { return m_lines; }
    QString orderId() const { return m_orderId; }

    void setChoice(const CancelChoice &choice);
    const CancelChoice &choice() const { return m_choice; }
    // Empty when the choice can be sent; else why not, in words.
    QString problem() const;
    const CancelOutcome &preview() const { return m_preview; }
    bool hasPreview() const { return m_previewValid; }
    bool isPreviewing() const { return !m_previewCall.isNull() || m_debounce.isActive(); }
    bool isConfirming() const { return !m_confirmCall.isNull(); }
    // The key the next confirm() sends (for tests and the tooltip).
    QString intent() const;

    void confirm();
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }

Q_SIGNALS:
    void previewChanged();
    void previewFailed(const QString &message);
    void confirmed(const CancelOutcome &applied, bool replayed);
    void confirmFailed(const QString &message);
    void busyChanged();

private:
    void requestPreview();

    OrderClient *m_client;
    IntentKeys *m_intents;
    QString m_orderId;
    QString m_currency;
    QList<CancellableLine> m_lines;
    CancelChoice m_choice;
    CancelOutcome m_preview;
    bool m_previewValid = false;
    quint64 m_generation = 0;
    QTimer m_debounce;
    QPointer<PendingCall> m_previewCall;
    QPointer<PendingCall> m_confirmCall;
};
