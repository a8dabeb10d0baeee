#include "views/pos_view.h"

#include "models/display_text.h"
#include "models/pos_cart.h"
#include "models/pos_sale.h"
#include "views/desk_theme.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <cmath>

namespace {

QString kindLabel(PosCart::TenderKind kind)
{
    switch (kind) {
    case PosCart::TenderKind::Cash: return QStringLiteral("Cash");
    case PosCart::TenderKind::Card: return QStringLiteral("Card");
    case PosCart::TenderKind::StoreCredit: return QStringLiteral("Store credit");
    case PosCart::TenderKind::Wallet: return QStringLiteral("Wallet");
    }
    return {};
}

} // namespace

PosView::PosView(const DeskServices &services, QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_sale(new PosSale(services.catalog, services.customers, services.orders, services.intents,
                         this))
{
    setObjectName(QStringLiteral("posView"));
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(buildSalePage());
    m_pages->addWidget(buildReceiptPage());
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);

    connect(m_sale->cart(), &PosCart::changed, this, &PosView::updateState);
    connect(m_sale, &PosSale::scanFailed, this, [this](const QString &message) {
        m_scanMessage->setText(message);
        m_scanMessage->setVisible(true);
    });
    connect(m_sale, &PosSale::customerFound, this, [this](const QString &summary) {
        m_customerLabel->setText(summary.isEmpty() ? QStringLiteral("No customer (anonymous sale)")
                                                   : summary);
        const PosCart::Customer &c = m_sale->cart()->customer();
        if (m_addrName->text().isEmpty())
            m_addrName->setText(c.name);
        updateState();
    });
    connect(m_sale, &PosSale::customerFailed, this,
            [this](const QString &message) { m_customerLabel->setText(message); });
    connect(m_sale, &PosSale::placingChanged, this, [this](bool) { updateState(); });
    connect(m_sale, &PosSale::placeFailed, this, &PosView::showError);
    connect(m_sale, &PosSale::placed, this, &PosView::showReceipt);
    updateState();
}

PosView::~PosView() = default;

PosCart *PosView::cart() const
{
    return m_sale->cart();
}

QWidget *PosView::buildSalePage()
{
    auto *page = new QWidget(this);
    auto *grid = new QHBoxLayout(page);

    // Left: what is sold.
    auto *left = new QVBoxLayout;
    auto *storeRow = new QHBoxLayout;
    m_store = new QComboBox(page);
    m_store->setObjectName(QStringLiteral("posStore"));
    m_store->setEditable(true);
    m_store->setToolTip(QStringLiteral("The store this sale is for"));
    storeRow->addWidget(new QLabel(QStringLiteral("Store"), page));
    storeRow->addWidget(m_store, 1);
    left->addLayout(storeRow);

    auto *scanRow = new QHBoxLayout;
    m_scanField = new QLineEdit(page);
    m_scanField->setObjectName(QStringLiteral("posScan"));
    m_scanField->setPlaceholderText(QStringLiteral("Scan or type a SKU, Enter (3*SKU for three)"));
    m_quantity = new QSpinBox(page);
    m_quantity->setObjectName(QStringLiteral("posQuantity"));
    m_quantity->setRange(1, 999);
    m_quantity->setToolTip(QStringLiteral("How many to add"));
    auto *add = new QPushButton(QStringLiteral("Add"), page);
    add->setObjectName(QStringLiteral("posAdd"));
    scanRow->addWidget(m_scanField, 1);
    scanRow->addWidget(m_quantity);
    scanRow->addWidget(add);
    left->addLayout(scanRow);
    m_scanMessage = new QLabel(page);
    m_scanMessage->setObjectName(QStringLiteral("posScanMessage"));
    m_scanMessage->setWordWrap(true);
    DeskTheme::setRole(m_scanMessage, "error");
    m_scanMessage->setVisible(false);
    left->addWidget(m_scanMessage);
    auto doScan = [this] {
        m_scanMessage->setVisible(false);
        m_sale->scan(m_scanField->text(), m_quantity->value());
        m_scanField->clear();
        m_quantity->setValue(1);
    };
    connect(m_scanField, &QLineEdit::returnPressed, this, doScan);
    connect(add, &QPushButton::clicked, this, doScan);

    m_table = new QTableView(page);
    m_table->setObjectName(QStringLiteral("posCart"));
    m_table->setModel(m_sale->cart());
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(PosCart::Name, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    left->addWidget(m_table, 1);
    auto *remove = new QPushButton(QStringLiteral("Remove line"), page);
    remove->setObjectName(QStringLiteral("posRemoveLine"));
    connect(remove, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid())
            m_sale->cart()->removeLine(current.row());
    });
    left->addWidget(remove, 0, Qt::AlignLeft);
    grid->addLayout(left, 3);

    // Right: who, how it leaves, how it is paid.
    auto *right = new QVBoxLayout;
    auto *customerBox = new QGroupBox(QStringLiteral("Customer"), page);
    auto *customerLayout = new QVBoxLayout(customerBox);
    auto *customerRow = new QHBoxLayout;
    m_customerQuery = new QLineEdit(customerBox);
    m_customerQuery->setObjectName(QStringLiteral("posCustomerQuery"));
    m_customerQuery->setPlaceholderText(QStringLiteral("Email or phone (optional)"));
    auto *find = new QPushButton(QStringLiteral("Find"), customerBox);
    find->setObjectName(QStringLiteral("posFindCustomer"));
    customerRow->addWidget(m_customerQuery, 1);
    customerRow->addWidget(find);
    customerLayout->addLayout(customerRow);
    m_customerLabel = new QLabel(QStringLiteral("No customer (anonymous sale)"), customerBox);
    m_customerLabel->setObjectName(QStringLiteral("posCustomer"));
    m_customerLabel->setWordWrap(true);
    customerLayout->addWidget(m_customerLabel);
    auto lookUp = [this] { m_sale->findCustomer(m_customerQuery->text()); };
    connect(m_customerQuery, &QLineEdit::returnPressed, this, lookUp);
    connect(find, &QPushButton::clicked, this, lookUp);
    right->addWidget(customerBox);

    auto *howBox = new QGroupBox(QStringLiteral("Hand-over"), page);
    auto *howLayout = new QVBoxLayout(howBox);
    auto *howRow = new QHBoxLayout;
    m_fulfilment = new QButtonGroup(this);
    const std::pair<PosCart::Fulfilment, QString> choices[] = {
            {PosCart::Fulfilment::CarryOut, QStringLiteral("Carry out")},
            {PosCart::Fulfilment::PickUpLater, QStringLiteral("Pick up later")},
            {PosCart::Fulfilment::Ship, QStringLiteral("Ship")}};
    const char *names[] = {"posCarryOut", "posPickUp", "posShip"};
    for (int i = 0; i < 3; ++i) {
        auto *radio = new QRadioButton(choices[i].second, howBox);
        radio->setObjectName(QLatin1String(names[i]));
        m_fulfilment->addButton(radio, int(choices[i].first));
        howRow->addWidget(radio);
    }
    m_fulfilment->button(int(PosCart::Fulfilment::CarryOut))->setChecked(true);
    howLayout->addLayout(howRow);
    m_addressBox = new QGroupBox(QStringLiteral("Ship to"), howBox);
    auto *addressForm = new QFormLayout(m_addressBox);
    auto field = [this](const char *name) {
        auto *edit = new QLineEdit(m_addressBox);
        edit->setObjectName(QLatin1String(name));
        connect(edit, &QLineEdit::textEdited, this, &PosView::takeAddress);
        return edit;
    };
    m_addrName = field("posAddressName");
    m_addrLine1 = field("posAddressLine1");
    m_addrCity = field("posAddressCity");
    m_addrPostal = field("posAddressPostalCode");
    m_addrCountry = field("posAddressCountry");
    m_addrCountry->setPlaceholderText(QStringLiteral("FR, DE, …"));
    m_addrCountry->setMaxLength(2);
    addressForm->addRow(QStringLiteral("Name"), m_addrName);
    addressForm->addRow(QStringLiteral("Street"), m_addrLine1);
    addressForm->addRow(QStringLiteral("City"), m_addrCity);
    addressForm->addRow(QStringLiteral("Postal code"), m_addrPostal);
    addressForm->addRow(QStringLiteral("Country"), m_addrCountry);
    m_addressBox->setVisible(false);
    howLayout->addWidget(m_addressBox);
    connect(m_fulfilment, &QButtonGroup::idClicked, this, [this](int id) {
        m_sale->cart()->setFulfilment(PosCart::Fulfilment(id));
        m_addressBox->setVisible(id == int(PosCart::Fulfilment::Ship));
        if (id == int(PosCart::Fulfilment::Ship) && m_addrName->text().isEmpty())
            m_addrName->setText(m_sale->cart()->customer().name);
        takeAddress();
    });
    right->addWidget(howBox);

    auto *payBox = new QGroupBox(QStringLiteral("Payment"), page);
    auto *payLayout = new QVBoxLayout(payBox);
    auto *tenderRow = new QHBoxLayout;
    m_tenderKind = new QComboBox(payBox);
    m_tenderKind->setObjectName(QStringLiteral("posTenderKind"));
    for (auto kind : {PosCart::TenderKind::Cash, PosCart::TenderKind::Card,
                      PosCart::TenderKind::StoreCredit, PosCart::TenderKind::Wallet})
        m_tenderKind->addItem(kindLabel(kind), int(kind));
    m_tenderAmount = new QDoubleSpinBox(payBox);
    m_tenderAmount->setObjectName(QStringLiteral("posTenderAmount"));
    m_tenderAmount->setRange(0, 1000000);
    m_tenderAmount->setDecimals(2);
    auto *rest = new QPushButton(QStringLiteral("Rest"), payBox);
    rest->setObjectName(QStringLiteral("posTenderRest"));
    rest->setToolTip(QStringLiteral("Fill in what is still to be paid"));
    m_cardToken = new QLineEdit(payBox);
    m_cardToken->setObjectName(QStringLiteral("posCardToken"));
    m_cardToken->setPlaceholderText(QStringLiteral("Card token from the terminal"));
    m_cardToken->setVisible(false);
    auto *addTenderButton = new QPushButton(QStringLiteral("Add tender"), payBox);
    addTenderButton->setObjectName(QStringLiteral("posAddTender"));
    tenderRow->addWidget(m_tenderKind);
    tenderRow->addWidget(m_tenderAmount, 1);
    tenderRow->addWidget(rest);
    tenderRow->addWidget(addTenderButton);
    payLayout->addLayout(tenderRow);
    payLayout->addWidget(m_cardToken);
    connect(m_tenderKind, &QComboBox::currentIndexChanged, this, [this] {
        m_cardToken->setVisible(m_tenderKind->currentData().toInt()
                                == int(PosCart::TenderKind::Card));
    });
    connect(rest, &QPushButton::clicked, this, [this] {
        m_tenderAmount->setValue(double(m_sale->cart()->remainingMinor()) / 100.0);
    });
    connect(addTenderButton, &QPushButton::clicked, this, [this] {
        const qint64 amount = std::llround(m_tenderAmount->value() * 100.0);
        if (amount <= 0) {
            showError(QStringLiteral("Type the amount of the tender, or press Rest for what is "
                                     "still to be paid."));
            return;
        }
        addTender(m_tenderKind->currentData().toInt(), amount, m_cardToken->text());
        m_tenderAmount->setValue(0);
        m_cardToken->clear();
    });
    m_tenderList = new QListWidget(payBox);
    m_tenderList->setObjectName(QStringLiteral("posTenders"));
    m_tenderList->setMaximumHeight(90);
    payLayout->addWidget(m_tenderList);
    auto *removeTender = new QPushButton(QStringLiteral("Remove tender"), payBox);
    removeTender->setObjectName(QStringLiteral("posRemoveTender"));
    connect(removeTender, &QPushButton::clicked, this, [this] {
        m_sale->cart()->removeTender(m_tenderList->currentRow());
    });
    payLayout->addWidget(removeTender, 0, Qt::AlignLeft);
    right->addWidget(payBox);

    m_totals = new QLabel(page);
    m_totals->setObjectName(QStringLiteral("posTotals"));
    m_totals->setTextFormat(Qt::RichText);
    right->addWidget(m_totals);
    m_place = new QPushButton(QStringLiteral("Place sale"), page);
    m_place->setObjectName(QStringLiteral("posPlace"));
    m_place->setDefault(true);
    connect(m_place, &QPushButton::clicked, this, [this] {
        m_error->setVisible(false);
        m_sale->place();
    });
    right->addWidget(m_place);
    m_reason = new QLabel(page);
    m_reason->setObjectName(QStringLiteral("posReason"));
    m_reason->setWordWrap(true);
    right->addWidget(m_reason);
    m_error = new QLabel(page);
    m_error->setObjectName(QStringLiteral("posError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    DeskTheme::setRole(m_error, "error");
    m_error->setVisible(false);
    right->addWidget(m_error);
    right->addStretch(1);
    grid->addLayout(right, 2);

    connect(m_store, &QComboBox::currentTextChanged, this,
            [this](const QString &store) { setStore(store); });
    return page;
}

QWidget *PosView::buildReceiptPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_receiptNote = new QLabel(page);
    m_receiptNote->setObjectName(QStringLiteral("posReceiptNote"));
    m_receiptNote->setWordWrap(true);
    layout->addWidget(m_receiptNote);
    m_receiptView = new QTextBrowser(page);
    m_receiptView->setObjectName(QStringLiteral("posReceipt"));
    layout->addWidget(m_receiptView, 1);
    auto *buttons = new QHBoxLayout;
    auto *print = new QPushButton(QStringLiteral("Print receipt…"), page);
    print->setObjectName(QStringLiteral("posPrint"));
    auto *pdf = new QPushButton(QStringLiteral("Save receipt as PDF…"), page);
    pdf->setObjectName(QStringLiteral("posSavePdf"));
    auto *next = new QPushButton(QStringLiteral("New sale"), page);
    next->setObjectName(QStringLiteral("posNewSale"));
    buttons->addWidget(print);
    buttons->addWidget(pdf);
    buttons->addStretch(1);
    buttons->addWidget(next);
    layout->addLayout(buttons);
    connect(print, &QPushButton::clicked, this, &PosView::printReceipt);
    connect(pdf, &QPushButton::clicked, this, &PosView::chooseReceiptFile);
    connect(next, &QPushButton::clicked, this, [this] {
        m_sale->newSale();
        m_customerQuery->clear();
        m_customerLabel->setText(QStringLiteral("No customer (anonymous sale)"));
        for (QLineEdit *e : {m_addrName, m_addrLine1, m_addrCity, m_addrPostal, m_addrCountry})
            e->clear();
        m_addressBox->setVisible(false);
        m_fulfilment->button(int(PosCart::Fulfilment::CarryOut))->setChecked(true);
        m_error->setVisible(false);
        m_pages->setCurrentIndex(0);
        m_scanField->setFocus();
    });
    return page;
}

void PosView::setUser(const SignedInUser &user)
{
    m_user = user;
    m_disabledReason = user.whyNot(QStringLiteral("OrderService/PlaceOrder"),
                                   QStringLiteral("take sales at the till"));
    const QStringList stores = user.workplaces();
    m_store->clear();
    for (const QString &store : stores) {
        if (store != QLatin1String("*"))
            m_store->addItem(store);
    }
    // Store staff sell for their own stores; others (and staff of every
    // store) type the store.
    m_store->setEditable(m_store->count() == 0 || user.role != QLatin1String("store"));
    setStore(m_store->currentText());
    updateState();
}

void PosView::setStore(const QString &storeId)
{
    if (m_store->currentText() != storeId)
        m_store->setCurrentText(storeId);
    // The tax region: the server's own, else the one region the user works in.
    QString region = m_user.region;
    if (region.isEmpty() && m_user.regions.size() == 1 && m_user.regions.first() != QLatin1String("*"))
        region = m_user.regions.first();
    m_sale->cart()->setStore(storeId.trimmed(), region);
}

void PosView::addTender(int kind, qint64 amountMinor, const QString &cardToken)
{
    PosCart::Tender tender;
    tender.kind = PosCart::TenderKind(kind);
    tender.amountMinor = amountMinor > 0 ? amountMinor : m_sale->cart()->remainingMinor();
    tender.cardToken = cardToken;
    m_sale->cart()->addTender(tender);
}

void PosView::takeAddress()
{
    PosCart::Address a;
    a.name = m_addrName->text();
    a.line1 = m_addrLine1->text();
    a.city = m_addrCity->text();
    a.postalCode = m_addrPostal->text();
    a.country = m_addrCountry->text();
    a.phone = m_sale->cart()->customer().phone;
    m_sale->cart()->setAddress(a);
}

void PosView::updateTenderList()
{
    const PosCart *cart = m_sale->cart();
    m_tenderList->clear();
    for (const PosCart::Tender &t : cart->tenders()) {
        QString text = QStringLiteral("%1  %2").arg(kindLabel(t.kind),
                                                    DisplayText::money(t.amountMinor, cart->currency()));
        if (t.kind == PosCart::TenderKind::Card)
            text += QStringLiteral("  (%1)").arg(t.cardToken);
        m_tenderList->addItem(text);
    }
}

void PosView::updateState()
{
    const PosCart *cart = m_sale->cart();
    updateTenderList();
    const QString c = cart->currency();
    auto money = [&](qint64 v) { return DisplayText::money(v, c); };
    QString totals = QStringLiteral("<table width='100%'>"
                                    "<tr><td>Subtotal</td><td align='right'>%1</td></tr>"
                                    "<tr><td>Shipping</td><td align='right'>%2</td></tr>"
                                    "<tr><td>Tax (estimate)</td><td align='right'>%3</td></tr>"
                                    "<tr><td><b>Total</b></td><td align='right'><b>%4</b></td></tr>"
                                    "<tr><td>Tendered</td><td align='right'>%5</td></tr>"
                                    "<tr><td>To pay</td><td align='right'>%6</td></tr>")
                             .arg(money(cart->subtotalMinor()), money(cart->shippingMinor()),
                                  money(cart->taxMinor()), money(cart->totalMinor()),
                                  money(cart->tenderedMinor()), money(cart->remainingMinor()));
    if (cart->changeDueMinor() > 0)
        totals += QStringLiteral("<tr><td><b>Change due</b></td><td align='right'><b>%1</b></td></tr>")
                          .arg(money(cart->changeDueMinor()));
    totals += QStringLiteral("</table>");
    m_totals->setText(totals);

    QString reason = m_disabledReason;
    if (reason.isEmpty() && m_sale->isPlacing())
        reason = QStringLiteral("Placing the sale…");
    if (reason.isEmpty())
        reason = cart->whyNotReady();
    m_pages->widget(0)->setEnabled(m_disabledReason.isEmpty());
    m_place->setEnabled(reason.isEmpty());
    m_place->setToolTip(reason);
    m_reason->setText(reason);
    m_reason->setVisible(!reason.isEmpty());
    if (!m_disabledReason.isEmpty()) {
        // The page is disabled; say why where the user looks.
        m_reason->setEnabled(true);
    }
}

void PosView::showError(const QString &message, const QString &detail)
{
    m_error->setText(message);
    m_error->setToolTip(detail);
    m_error->setVisible(true);
    updateState();
}

void PosView::showReceipt()
{
    const PosReceipt &receipt = m_sale->receipt();
    m_receiptView->setHtml(receipt.html());
    m_receiptNote->setText(
            receipt.replayed
                    ? QStringLiteral("Sale %1 was already placed by an earlier attempt; this is "
                                     "its receipt (nothing was sold twice).")
                              .arg(receipt.orderNumber)
                    : QStringLiteral("Sale %1 placed.").arg(receipt.orderNumber));
    m_pages->setCurrentIndex(1);
}

void PosView::printReceipt()
{
    QPrinter printer;
    QPrintDialog dialog(&printer, this);
    dialog.setWindowTitle(QStringLiteral("Print receipt"));
    if (dialog.exec() == QDialog::Accepted)
        m_sale->receipt().print(&printer);
}

void PosView::chooseReceiptFile()
{
    const QString path = QFileDialog::getSaveFileName(
            this, QStringLiteral("Save receipt as PDF"),
            QStringLiteral("receipt-%1.pdf").arg(m_sale->receipt().orderNumber),
            QStringLiteral("PDF (*.pdf)"));
    if (!path.isEmpty())
        saveReceiptPdf(path);
}

bool PosView::saveReceiptPdf(const QString &path)
{
    QString error;
    if (m_sale->receipt().savePdf(path, &error)) {
        m_receiptNote->setText(QStringLiteral("Receipt saved to %1.").arg(path));
        return true;
    }
    m_receiptNote->setText(error);
    return false;
}

QString PosView::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString PosView::reasonText() const
{
    return m_reason->text();
}

void PosView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The scanner types into whatever has the focus: the scan field.
    if (m_pages->currentIndex() == 0)
        m_scanField->setFocus();
}
