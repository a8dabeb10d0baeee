#pragma once

#include "services/signed_in_user.h"

#include <QWidget>

class ApprovalQueueModel;
class IntentKeys;
class PaymentClient;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

// The "Approvals" workspace: refunds above an agent's limit waiting for a
// supervisor (ListPendingApprovals: order, amount, requested by, when,
// reason), with Approve and Reject (with a reason). Polls every few seconds
// while visible. For a role that may not decide, everything is disabled and
// the reason is shown; the server still decides.
class ApprovalQueueView final : public QWidget
{
    Q_OBJECT

public:
    ApprovalQueueView(PaymentClient *payments, IntentKeys *intents, QWidget *parent = nullptr);

    ApprovalQueueModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    // Who is signed in: decides whether the queue can be used.
    void setUser(const SignedInUser &user);
    bool isAllowed() const { return m_notAllowed.isEmpty(); }
    void refresh();
    // Selects the row of `refundId`; false when it is not listed.
    bool select(const QString &refundId);

Q_SIGNALS:
    void openOrderRequested(const QString &orderId, const QString &orderNumber);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void decide(bool approve);
    void updateButtons();
    QString selectedRefund() const;

    ApprovalQueueModel *m_model;
    QTableView *m_table;
    QLineEdit *m_reason;
    QPushButton *m_approve;
    QPushButton *m_reject;
    QLabel *m_notice;
    QLabel *m_error;
    QLabel *m_status;
    QTimer *m_poll;
    QString m_notAllowed = QStringLiteral("Sign in to see refunds waiting for approval.");
};
