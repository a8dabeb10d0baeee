#pragma once

#include <QPointer>
#include <QWidget>

class OrderDocument;
class QPushButton;
class RefundDialog;
class ReturnSession;
class ReturnDialog;
struct DeskServices;
struct SignedInUser;

// "Refund…" and "Returns…" for the order detail: two buttons that open the
// refund dialog and the return dialog on the document's order and refresh
// the document when they changed it. The services and the signed-in user
// come from the MainWindow the view sits in (looked up when shown and when
// clicked), so OrderDetailView's constructor does not change for them;
// outside a MainWindow (a view test) the buttons are disabled. The
// Returns button says how many returns the order has and how many are
// expected (one more GetOrder per load of the order, through ReturnSession).
class OrderMoneyActions final : public QWidget
{
    Q_OBJECT

public:
    explicit OrderMoneyActions(OrderDocument *document, QWidget *parent = nullptr);

    QPushButton *refundButton() const { return m_refund; }
    QPushButton *returnButton() const { return m_return; }
    // Open (or raise) the dialogs; nullptr outside a MainWindow.
    RefundDialog *openRefund();
    ReturnDialog *openReturns();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateButtons();
    // The order's returns on the Returns button ("Returns (1 expected)…").
    void loadReturns();
    void showReturns();
    bool findServices(DeskServices *services, SignedInUser *user) const;

    OrderDocument *m_document;
    QPushButton *m_refund;
    QPushButton *m_return;
    QPointer<RefundDialog> m_refundDialog;
    QPointer<ReturnDialog> m_returnDialog;
    bool m_watchingSignIn = false;
    QPointer<ReturnSession> m_returns;
};
