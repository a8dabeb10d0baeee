#pragma once

#include "services/call_error.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>

namespace oms::v1 {
class Order;
class CreateReturnRequest;
class ReceiveReturnRequest;
class ReturnResponse;
} // namespace oms::v1

class IntentKeys;
class OrderClient;
class PendingCall;
template <typename Result>
class PendingReply;
class ReturnClient;

// A line of the order as a new return sees it.
struct ReturnableLine
{
    int lineNo = 0;
    QString sku;
    QString name;
    qint64 returnable = 0; // delivered, less returned or refunded, less already coming back
    qint64 quantity = 0;   // chosen
    QString shippedFrom;   // the node that shipped it: where it goes back by default
};

// One line of an existing return.
struct ReturnedLine
{
    int lineNo = 0;
    QString sku;
    qint64 quantity = 0;
    QString reason;
    qint64 restocked = 0;
    qint64 damaged = 0;
    QString restockNode; // chosen on receipt; defaults to the node that shipped it
};

// An existing return of the order.
struct ReturnSummary
{
    QString returnId;
    int status = 0; // oms.v1.ReturnStatus
    QString statusText;
    QString value;
    bool awaitingReceipt = false;
    QList<ReturnedLine> lines;
};

// What the agent asks to send back, and the returns the order already has.
struct ReturnDraft
{
    QString orderId;
    QString orderNumber;
    QList<ReturnableLine> lines;
    int reason = 0; // oms.v1.ReturnReason, for every chosen line
    QString note;
    QList<ReturnSummary> returns;
    QStringList nodes; // nodes that shipped the order

    static ReturnDraft fromOrder(const oms::v1::Order &order);
    bool isEmpty() const;
    // "return|<order id>|1x2,3x1|reason:5|note:<note>"
    QString intent() const;
    void fillRequest(oms::v1::CreateReturnRequest *request) const;
    // Every unit of `summary` received: restocked at its line's node, or
    // written off as damaged. "receive-return|<return id>|1:2@N1/0,..."
    static QString receiveIntent(const ReturnSummary &summary);
    static void fillReceive(const ReturnSummary &summary, oms::v1::ReceiveReturnRequest *request);
    // Reasons in words, index = oms.v1.ReturnReason.
    static QStringList reasonNames();
};

// Loads the order for the return dialog, creates a return and receives one,
// each with an idempotency key per intent, settled on a final answer.
class ReturnSession final : public QObject
{
    Q_OBJECT

public:
    ReturnSession(OrderClient *orders, ReturnClient *returns, IntentKeys *intents, QString order,
                  QObject *parent = nullptr);

    ReturnDraft &draft() { return m_draft; }
    const ReturnDraft &draft() const { return m_draft; }
    bool isLoaded() const { return m_loaded; }
    bool isBusy() const { return !m_call.isNull(); }

    void load();
    void create();
    void receive(const ReturnSummary &summary);

Q_SIGNALS:
    void loaded();
    void failed(const QString &message);
    void created(const QString &returnId, bool replayed);
    void received(const QString &returnId);

private:
    void take(const oms::v1::Order &order);
    // Follows a create or receive call: settles the intent's key unless the
    // failure may pass, and on success takes the order and calls `done`.
    void follow(PendingReply<oms::v1::ReturnResponse> *reply, const QString &intent,
                std::function<void(const oms::v1::ReturnResponse &)> done);

    OrderClient *m_orders;
    ReturnClient *m_returns;
    IntentKeys *m_intents;
    QString m_ref;
    ReturnDraft m_draft;
    bool m_loaded = false;
    QPointer<PendingCall> m_call;
};
