#pragma once

#include "models/refund_draft.h"
#include "services/call_error.h"

#include <QObject>
#include <QPointer>

class IntentKeys;
class OrderClient;
class PaymentClient;
class PendingCall;
class QTimer;

// One refund being prepared in the refund dialog: loads the order
// (GetOrder -> RefundDraft), previews the choice as it changes (debounced,
// never blocking; an answer to an older choice is ignored) and commits it
// with RefundOrder under the intent's idempotency key, settled once the
// server gave a final answer.
class RefundSession final : public QObject
{
    Q_OBJECT

public:
    RefundSession(OrderClient *orders, PaymentClient *payments, IntentKeys *intents,
                  QString order, QObject *parent = nullptr);

    const RefundDraft &draft() const { return m_draft; }
    bool isLoaded() const { return m_loaded; }
    bool isCommitting() const { return !m_commitCall.isNull(); }
    // The newest preview answered for the current choice; valid while
    // hasPreview().
    const RefundOutcome &preview() const { return m_preview; }
    bool hasPreview() const { return m_previewFor == m_draft.intent() && m_havePreview; }
    // Milliseconds between the last change and its preview.
    void setDebounce(int ms);

    void load();
    void setQuantity(int lineNo, qint64 quantity);
    void setRestock(int lineNo, bool restock);
    void setShipping(bool shipping);
    void setGoodwillMinor(qint64 amountMinor);
    void setReason(const QString &reason);
    void setPolicy(int policy);
    // RefundOrder for the current choice with its intent's key.
    void commit();

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString &message);
    // A preview is on its way (the shown one is out of date).
    void previewPending();
    void previewChanged(const RefundOutcome &preview);
    void previewFailed(const QString &message);
    void committed(const RefundOutcome &refund, bool replayed);
    void commitFailed(const QString &message);

private:
    void choiceChanged();
    void requestPreview();

    OrderClient *m_orders;
    PaymentClient *m_payments;
    IntentKeys *m_intents;
    QString m_ref;
    RefundDraft m_draft;
    bool m_loaded = false;
    QTimer *m_debounce;
    RefundOutcome m_preview;
    bool m_havePreview = false;
    QString m_previewFor;
    quint64 m_generation = 0;
    QPointer<PendingCall> m_previewCall;
    QPointer<PendingCall> m_commitCall;
};
