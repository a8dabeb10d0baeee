#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QPointer>

class IntentKeys;
class PaymentClient;
class PendingCall;

// Refunds waiting for a supervisor (PaymentService.ListPendingApprovals,
// oldest first), and the decisions on them. refresh() replaces the rows in
// place; approve()/reject() send the decision and refresh.
class ApprovalQueueModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { OrderColumn, AmountColumn, RequestedByColumn, RequestedAtColumn, ReasonColumn, ColumnCount };

    struct Approval
    {
        QString refundId;
        QString orderId;
        QString orderNumber;
        QString amount;
        QString requestedBy;
        QString reason;
        QDateTime requestedAt;
    };

    ApprovalQueueModel(PaymentClient *payments, IntentKeys *intents, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    const Approval &approval(int row) const { return m_rows.at(row); }
    int rowOf(const QString &refundId) const;
    bool isBusy() const { return !m_listCall.isNull(); }
    bool isDeciding() const { return !m_decideCall.isNull(); }

    void refresh();
    // DecideRefundRequest has no request id: the refund id is the key (a
    // refund is decided once). The intent ("approve|<refund id>|<reason>")
    // is still kept open until the answer, so a retry after a lost answer
    // is recognised as the same decision.
    void approve(const QString &refundId, const QString &reason);
    void reject(const QString &refundId, const QString &reason);

Q_SIGNALS:
    void refreshed();
    void errorChanged(const QString &message);
    void decided(const QString &refundId, bool approved);
    void decisionFailed(const QString &refundId, const QString &message);

private:
    void decide(const QString &refundId, const QString &reason, bool approve);

    PaymentClient *m_payments;
    IntentKeys *m_intents;
    QList<Approval> m_rows;
    QPointer<PendingCall> m_listCall;
    QPointer<PendingCall> m_decideCall;
};
