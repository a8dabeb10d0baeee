#include "views/customer_panel.h"

#include "models/customer_card.h"
#include "views/busy_indicator.h"
#include "views/desk_theme.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

CustomerPanel::CustomerPanel(CustomerClient *customers, QWidget *parent)
    : QFrame(parent),
      m_card(new CustomerCard(customers, this)),
      m_name(new QLabel(this)),
      m_email(new QLabel(this)),
      m_phone(new QLabel(this)),
      m_region(new QLabel(this)),
      m_id(new QLabel(this)),
      m_storeCredit(new QLabel(this)),
      m_wallet(new QLabel(this)),
      m_error(new QLabel(this)),
      m_busy(new BusyIndicator(this))
{
    setObjectName(QStringLiteral("customerPanel"));
    DeskTheme::setRole(this, "panel");
    setMinimumWidth(300);

    auto *title = new QLabel(QStringLiteral("Customer"), this);
    DeskTheme::setRole(title, "section");
    auto *refresh = new QToolButton(this);
    refresh->setIcon(DeskTheme::icon(QStringLiteral("refresh"), palette()));
    refresh->setToolTip(QStringLiteral("Reload the customer and balances"));
    refresh->setAutoRaise(true);
    auto *close = new QToolButton(this);
    close->setIcon(DeskTheme::icon(QStringLiteral("clear"), palette()));
    close->setToolTip(QStringLiteral("Hide the customer"));
    close->setAutoRaise(true);
    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addStretch();
    top->addWidget(m_busy);
    top->addWidget(refresh);
    top->addWidget(close);

    m_name->setObjectName(QStringLiteral("customerName"));
    DeskTheme::setRole(m_name, "heading");
    m_name->setWordWrap(true);
    for (QLabel *label : {m_email, m_phone, m_region, m_id}) {
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        DeskTheme::setRole(label, "value");
    }
    auto *contact = new QFormLayout;
    contact->addRow(QStringLiteral("Email"), m_email);
    contact->addRow(QStringLiteral("Phone"), m_phone);
    contact->addRow(QStringLiteral("Home region"), m_region);
    contact->addRow(QStringLiteral("Customer id"), m_id);

    auto balance = [this](const QString &caption, QLabel *value, const char *name) {
        auto *box = new QVBoxLayout;
        auto *label = new QLabel(caption, this);
        DeskTheme::setRole(label, "caption");
        value->setObjectName(QString::fromLatin1(name));
        DeskTheme::setRole(value, "balance");
        box->addWidget(label);
        box->addWidget(value);
        return box;
    };
    auto *balances = new QHBoxLayout;
    balances->addLayout(balance(QStringLiteral("Store credit"), m_storeCredit, "storeCredit"));
    balances->addLayout(balance(QStringLiteral("Wallet"), m_wallet, "wallet"));

    m_error->setObjectName(QStringLiteral("customerError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_name);
    layout->addLayout(contact);
    layout->addSpacing(8);
    layout->addLayout(balances);
    layout->addWidget(m_error);
    layout->addStretch();

    connect(refresh, &QToolButton::clicked, m_card, &CustomerCard::refresh);
    connect(close, &QToolButton::clicked, this, &CustomerPanel::closeRequested);
    connect(m_card, &CustomerCard::busyChanged, m_busy, &BusyIndicator::setRunning);
    connect(m_card, &CustomerCard::loaded, this, &CustomerPanel::updateFields);
    connect(m_card, &CustomerCard::errorChanged, this, &CustomerPanel::showError);
    updateFields();
}

void CustomerPanel::showCustomer(const QString &customerId)
{
    if (customerId.isEmpty()) {
        showError(QStringLiteral("This order has no customer account (a guest order)."));
        return;
    }
    m_card->load(customerId);
    updateFields();
}

void CustomerPanel::updateFields()
{
    const CustomerCard::Profile &p = m_card->profile();
    const QString none = QStringLiteral("—");
    m_name->setText(m_card->isLoaded() ? p.name : QStringLiteral("Loading…"));
    m_email->setText(p.email.isEmpty() ? none : p.email);
    m_phone->setText(p.phone.isEmpty() ? none : p.phone);
    m_region->setText(p.homeRegion.isEmpty() ? none : p.homeRegion);
    m_id->setText(m_card->customerId().isEmpty() ? none : m_card->customerId());
    m_storeCredit->setText(m_card->isLoaded() ? p.storeCredit : none);
    m_wallet->setText(m_card->isLoaded() ? p.wallet : none);
}

void CustomerPanel::showError(const QString &message)
{
    m_error->setVisible(!message.isEmpty());
    m_error->setText(QStringLiteral("Could not load the customer: %1").arg(message));
    if (!message.isEmpty() && !m_card->isLoaded())
        m_name->setText(QStringLiteral("Customer"));
}
