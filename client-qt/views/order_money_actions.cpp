#include "views/order_money_actions.h"

#include "models/order_document.h"
#include "models/return_session.h"
#include "views/desk_theme.h"
#include "views/main_window.h"
#include "views/refund_dialog.h"
#include "views/return_dialog.h"

#include <QHBoxLayout>
#include <QPushButton>

OrderMoneyActions::OrderMoneyActions(OrderDocument *document, QWidget *parent)
    : QWidget(parent),
      m_document(document),
      m_refund(new QPushButton(QStringLiteral("Re&fund…"), this)),
      m_return(new QPushButton(QStringLiteral("Re&turns…"), this))
{
    setObjectName(QStringLiteral("orderMoneyActions"));
    m_refund->setObjectName(QStringLiteral("openRefund"));
    m_return->setObjectName(QStringLiteral("openReturns"));
    m_refund->setIcon(DeskTheme::icon(QStringLiteral("refund"), palette()));
    m_return->setIcon(DeskTheme::icon(QStringLiteral("return"), palette()));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_refund);
    layout->addWidget(m_return);
    connect(m_refund, &QPushButton::clicked, this, &OrderMoneyActions::openRefund);
    connect(m_return, &QPushButton::clicked, this, &OrderMoneyActions::openReturns);
    connect(m_document, &OrderDocument::headerChanged, this, &OrderMoneyActions::updateButtons);
    // loaded, not only headerChanged: the header changes before isLoaded() turns true.
    connect(m_document, &OrderDocument::loaded, this, &OrderMoneyActions::updateButtons);
    connect(m_document, &OrderDocument::loaded, this, &OrderMoneyActions::loadReturns);
    updateButtons();
}

bool OrderMoneyActions::findServices(DeskServices *services, SignedInUser *user) const
{
    auto *main = qobject_cast<MainWindow *>(window());
    if (!main || !main->services().payments || !main->services().returns)
        return false;
    *services = main->services();
    *user = main->user();
    return true;
}

void OrderMoneyActions::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_watchingSignIn) {
        if (auto *main = qobject_cast<MainWindow *>(window())) {
            connect(main, &MainWindow::signedIn, this, &OrderMoneyActions::updateButtons);
            m_watchingSignIn = true;
        }
    }
    updateButtons();
}

void OrderMoneyActions::updateButtons()
{
    DeskServices services;
    SignedInUser user;
    if (!findServices(&services, &user)) {
        m_refund->setEnabled(false);
        m_return->setEnabled(false);
        return;
    }
    const QString loading = m_document->isLoaded() ? QString() : QStringLiteral("Loading the order…");
    QString whyNot = user.whyNot(QStringLiteral("PaymentService/RefundOrder"), QStringLiteral("refund orders"));
    if (whyNot.isEmpty())
        whyNot = loading;
    m_refund->setEnabled(whyNot.isEmpty());
    m_refund->setToolTip(whyNot.isEmpty()
                                 ? QStringLiteral("Refund units, the shipping charge or a goodwill amount, with the split previewed")
                                 : whyNot);
    // Returns: agents create them, warehouse and store staff receive them.
    QString whyNotReturns;
    if (!user.may(QStringLiteral("ReturnService/CreateReturn")) && !user.may(QStringLiteral("ReturnService/ReceiveReturn")))
        whyNotReturns = user.whyNot(QStringLiteral("ReturnService/CreateReturn"), QStringLiteral("handle returns"));
    if (whyNotReturns.isEmpty())
        whyNotReturns = loading;
    m_return->setEnabled(whyNotReturns.isEmpty());
    m_return->setToolTip(whyNotReturns.isEmpty() ? QStringLiteral("Create a return, or receive an expected one")
                                                 : whyNotReturns);
}

RefundDialog *OrderMoneyActions::openRefund()
{
    DeskServices services;
    SignedInUser user;
    if (!findServices(&services, &user))
        return nullptr;
    if (!m_refundDialog) {
        const QString order = m_document->orderId().isEmpty() ? m_document->orderRef() : m_document->orderId();
        m_refundDialog = new RefundDialog(services.orders, services.payments, services.intents, user, order, this);
        m_refundDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_refundDialog, &RefundDialog::refunded, m_document, &OrderDocument::refresh);
    }
    m_refundDialog->show();
    m_refundDialog->raise();
    m_refundDialog->activateWindow();
    return m_refundDialog;
}

ReturnDialog *OrderMoneyActions::openReturns()
{
    DeskServices services;
    SignedInUser user;
    if (!findServices(&services, &user))
        return nullptr;
    if (!m_returnDialog) {
        const QString order = m_document->orderId().isEmpty() ? m_document->orderRef() : m_document->orderId();
        m_returnDialog = new ReturnDialog(services.orders, services.returns, services.intents, user, order, this);
        m_returnDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_returnDialog, &ReturnDialog::orderChanged, m_document, &OrderDocument::refresh);
    }
    m_returnDialog->show();
    m_returnDialog->raise();
    m_returnDialog->activateWindow();
    return m_returnDialog;
}

void OrderMoneyActions::loadReturns()
{
    DeskServices services;
    SignedInUser user;
    if (!findServices(&services, &user) || m_document->orderId().isEmpty())
        return;
    if (m_returns)
        delete m_returns; // a newer load replaces an older one (and cancels its call)
    m_returns = new ReturnSession(services.orders, services.returns, services.intents, m_document->orderId(), this);
    connect(m_returns, &ReturnSession::loaded, this, &OrderMoneyActions::showReturns);
    m_returns->load();
}

void OrderMoneyActions::showReturns()
{
    const QList<ReturnSummary> &returns = m_returns->draft().returns;
    int expected = 0;
    QStringList lines;
    for (const ReturnSummary &r : returns) {
        if (r.awaitingReceipt)
            ++expected;
        lines.append(QStringLiteral("%1: %2, %3").arg(r.returnId, r.statusText, r.value));
    }
    if (returns.isEmpty())
        m_return->setText(QStringLiteral("Re&turns…"));
    else if (expected > 0)
        m_return->setText(QStringLiteral("Re&turns (%1, %2 expected)…").arg(returns.size()).arg(expected));
    else
        m_return->setText(QStringLiteral("Re&turns (%1)…").arg(returns.size()));
    if (m_return->isEnabled() && !lines.isEmpty())
        m_return->setToolTip(lines.join(QLatin1Char('\n')));
}

