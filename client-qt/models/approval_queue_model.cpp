#include "models/approval_queue_model.h"

#include "models/display_text.h"
#include "models/proto_text.h"
#include "services/intent_keys.h"
#include "services/payment_client.h"

#include "oms/v1/payment_service.pb.h"

ApprovalQueueModel::ApprovalQueueModel(PaymentClient *payments, IntentKeys *intents, QObject *parent)
    : QAbstractTableModel(parent), m_payments(payments), m_intents(intents)
{
}

int ApprovalQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ApprovalQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApprovalQueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Approval &a = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case OrderColumn: return a.orderNumber.isEmpty() ? a.orderId : a.orderNumber;
        case AmountColumn: return a.amount;
        case RequestedByColumn: return a.requestedBy;
        case RequestedAtColumn: return DisplayText::dateTime(a.requestedAt);
        case ReasonColumn: return a.reason;
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole)
        return QStringLiteral("Refund %1 of order %2").arg(a.refundId, a.orderId);
    if (role == Qt::TextAlignmentRole && index.column() == AmountColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ApprovalQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OrderColumn: return QStringLiteral("Order");
    case AmountColumn: return QStringLiteral("Amount");
    case RequestedByColumn: return QStringLiteral("Requested by");
    case RequestedAtColumn: return QStringLiteral("When");
    case ReasonColumn: return QStringLiteral("Reason");
    default: return {};
    }
}

int ApprovalQueueModel::rowOf(const QString &refundId) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows[row].refundId == refundId)
            return row;
    return -1;
}

void ApprovalQueueModel::refresh()
{
    if (m_listCall)
        return; // one list at a time; the next tick asks again
    auto *reply = m_payments->listPendingApprovals(this);
    m_listCall = reply;
    connect(reply, &PendingCall::finished, this, [this, reply] {
        m_listCall.clear();
        if (reply->error().isError()) {
            Q_EMIT errorChanged(reply->error().message());
            return;
        }
        QList<Approval> rows;
        for (const oms::v1::PendingApproval &p : reply->result().approvals()) {
            Approval a;
            a.refundId = ProtoText::str(p.refund_id());
            a.orderId = ProtoText::str(p.order_id());
            a.orderNumber = ProtoText::str(p.order_number());
            a.amount = ProtoText::money(p.amount());
            a.requestedBy = ProtoText::str(p.requested_by());
            a.reason = ProtoText::str(p.reason());
            a.requestedAt = ProtoText::dateTime(p.requested_at());
            rows.append(a);
        }
        // Same refunds in the same order: update in place, so the selection stays.
        bool same = rows.size() == m_rows.size();
        for (int i = 0; same && i < rows.size(); ++i)
            same = rows[i].refundId == m_rows[i].refundId;
        if (same) {
            m_rows = rows;
            if (!rows.isEmpty())
                Q_EMIT dataChanged(index(0, 0), index(int(rows.size()) - 1, ColumnCount - 1));
        } else {
            beginResetModel();
            m_rows = rows;
            endResetModel();
        }
        Q_EMIT errorChanged(QString());
        Q_EMIT refreshed();
    });
}

void ApprovalQueueModel::approve(const QString &refundId, const QString &reason)
{
    decide(refundId, reason, true);
}

void ApprovalQueueModel::reject(const QString &refundId, const QString &reason)
{
    decide(refundId, reason, false);
}

void ApprovalQueueModel::decide(const QString &refundId, const QString &reason, bool approve)
{
    if (m_decideCall)
        return;
    const QString intent = QStringLiteral("%1|%2|%3")
                                   .arg(approve ? QStringLiteral("approve-refund") : QStringLiteral("reject-refund"),
                                        refundId, reason.trimmed());
    if (m_intents)
        m_intents->keyFor(intent);
    auto *reply = approve ? m_payments->approveRefund(refundId, reason.trimmed(), this)
                          : m_payments->rejectRefund(refundId, reason.trimmed(), this);
    m_decideCall = reply;
    connect(reply, &PendingCall::finished, this, [this, reply, intent, refundId, approve] {
        m_decideCall.clear();
        const CallError &error = reply->error();
        if (m_intents)
            m_intents->settleIfFinal(intent, error);
        if (error.isError())
            Q_EMIT decisionFailed(refundId, error.message());
        else
            Q_EMIT decided(refundId, approve);
        refresh();
    });
}
