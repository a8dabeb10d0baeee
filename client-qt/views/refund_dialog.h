#pragma once

#include "services/signed_in_user.h"

#include <QDialog>

class IntentKeys;
class OrderClient;
class PaymentClient;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class RefundSession;
struct RefundOutcome;

// Refund by lines, the shipping charge or a goodwill amount. The split over
// the tenders (card, wallet, store credit) is previewed as the choice
// changes (PreviewRefund, debounced; the dialog never waits for it), with
// whether the refund will wait for a supervisor. Confirm sends RefundOrder
// under one idempotency key per choice (IntentKeys), so a retry after a
// lost answer is the same refund. Errors show next to Confirm. A role that
// may not refund sees Confirm disabled with the reason.
class RefundDialog final : public QDialog
{
    Q_OBJECT

public:
    // `order` is an order id or number; loading starts at once.
    RefundDialog(OrderClient *orders, PaymentClient *payments, IntentKeys *intents,
                 const SignedInUser &user, const QString &order, QWidget *parent = nullptr);

    RefundSession *session() const { return m_session; }
    QString errorText() const;

Q_SIGNALS:
    // A refund was made (or is waiting for approval): the order changed.
    void refunded(const QString &refundId);

private:
    void fillLines();
    void showPreview(const RefundOutcome &preview);
    void showPreviewPending();
    void showError(const QString &message);
    void showCommitted(const RefundOutcome &refund, bool replayed);
    void updateConfirm();

    RefundSession *m_session;
    QString m_notAllowed;
    QLabel *m_title;
    QTableWidget *m_lines;
    QCheckBox *m_shipping;
    QDoubleSpinBox *m_goodwill;
    QComboBox *m_policy;
    QLineEdit *m_reason;
    QLabel *m_total;
    QTableWidget *m_tenders;
    QLabel *m_approval;
    QLabel *m_result;
    QLabel *m_error;
    QPushButton *m_confirm;
};
