#include "views/order_detail_view.h"

#include "models/cancellation.h"
#include "models/customer_card.h"
#include "models/order_change.h"
#include "models/order_follower.h"
#include "models/display_text.h"
#include "models/order_document.h"
#include "models/order_event_model.h"
#include "models/order_line_model.h"
#include "models/tender_model.h"
#include "services/customer_client.h"
#include "services/order_client.h"
#include "views/busy_indicator.h"
#include "views/cancel_dialog.h"
#include "views/data_table.h"
#include "views/customer_panel.h"
#include "views/desk_theme.h"
#include "views/hold_dialog.h"
#include "views/shipment_panel.h"
#include "views/order_money_actions.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {

constexpr int kHoldPreview = 110;
// The shipments area asks for the height of its tallest card up to this; a
// card with a long timeline scrolls inside the area.
constexpr int kMaxShipmentsHeight = 380;
// Lines kept in sight however much room the shipments take; more scroll.
constexpr int kLinesInSight = 3;

QLabel *valueLabel(QWidget *parent, const char *name = nullptr)
{
    auto *label = new QLabel(parent);
    if (name)
        label->setObjectName(QString::fromLatin1(name));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QWidget *section(const QString &title, QWidget *body, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    auto *caption = new QLabel(title, box);
    DeskTheme::setRole(caption, "section");
    layout->addWidget(caption);
    layout->addWidget(body, 1);
    return box;
}

} // namespace

OrderDetailView::OrderDetailView(OrderClient *orders, CustomerClient *customers,
                                 const QString &order, QWidget *parent)
    : QWidget(parent),
      m_document(new OrderDocument(orders, order, this)),
      m_customerPanel(new CustomerPanel(customers, this)),
      m_number(new QLabel(order, this)),
      m_status(new QLabel(this)),
      m_payment(new QLabel(this)),
      m_fulfillment(new QLabel(this)),
      m_error(new QLabel(this)),
      m_busy(new BusyIndicator(this)),
      m_customerButton(new QPushButton(QStringLiteral("C&ustomer"), this)),
      m_channel(valueLabel(this, "channel")),
      m_externalRef(valueLabel(this)),
      m_region(valueLabel(this, "region")),
      m_created(valueLabel(this)),
      m_updated(valueLabel(this)),
      m_customer(valueLabel(this, "customer")),
      m_shipTo(valueLabel(this)),
      m_holds(valueLabel(this, "holds")),
      m_subtotal(valueLabel(this)),
      m_discount(valueLabel(this)),
      m_shipping(valueLabel(this)),
      m_tax(valueLabel(this)),
      m_total(valueLabel(this, "total")),
      m_lines(makeTable("linesTable")),
      m_tenders(makeTable("tendersTable")),
      m_timeline(makeTable("timelineTable")),
      m_noShipments(new QLabel(this)),
      m_shipmentRow(nullptr),
      m_shipmentsArea(nullptr),
      m_tables(new QSplitter(Qt::Vertical, this)),
      m_sideSplitter(new QSplitter(Qt::Horizontal, this))
{
    setObjectName(QStringLiteral("orderDetail"));
    m_number->setObjectName(QStringLiteral("orderNumber"));
    DeskTheme::setRole(m_number, "heading");
    m_number->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(QStringLiteral("orderStatus"));
    m_payment->setObjectName(QStringLiteral("paymentStatus"));
    m_fulfillment->setObjectName(QStringLiteral("fulfillmentStatus"));
    for (QLabel *pill : {m_status, m_payment, m_fulfillment})
        pill->hide();
    m_status->setToolTip(QStringLiteral("Order status"));
    m_payment->setToolTip(QStringLiteral("Payment status"));
    m_fulfillment->setToolTip(QStringLiteral("Fulfillment status"));

    auto *refresh = new QPushButton(QStringLiteral("&Refresh"), this);
    refresh->setObjectName(QStringLiteral("refresh"));
    refresh->setIcon(DeskTheme::icon(QStringLiteral("refresh"), palette()));
    refresh->setToolTip(QStringLiteral("Reload the order and its timeline (F5)"));
    m_customerButton->setObjectName(QStringLiteral("showCustomer"));
    m_customerButton->setIcon(DeskTheme::icon(QStringLiteral("customer"), palette()));
    m_customerButton->setToolTip(QStringLiteral("Look up the customer: contact and balances"));
    m_customerButton->setEnabled(false);

    auto *top = new QHBoxLayout;
    top->addWidget(m_number);
    top->addSpacing(8);
    top->addWidget(m_status);
    top->addWidget(m_payment);
    top->addWidget(m_fulfillment);
    top->addStretch();
    top->addWidget(m_busy);
    top->addWidget(m_customerButton);
    top->addWidget(refresh);

    m_error->setObjectName(QStringLiteral("orderError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();

    auto *header = new QFrame(this);
    DeskTheme::setRole(header, "panel");
    auto *blocks = new QHBoxLayout(header);
    blocks->setContentsMargins(12, 8, 12, 10);
    blocks->setSpacing(24);
    // Four blocks of caption/value pairs side by side, each its own grid so
    // a tall value in one does not spread the rows of the others.
    auto block = [header, blocks](int stretch, std::initializer_list<std::pair<const char *, QLabel *>> rows) {
        auto *grid = new QGridLayout;
        grid->setHorizontalSpacing(10);
        grid->setVerticalSpacing(3);
        int row = 0;
        for (const auto &[caption, value] : rows) {
            auto *label = new QLabel(QString::fromUtf8(caption), header);
            DeskTheme::setRole(label, "caption");
            label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
            grid->addWidget(label, row, 0, Qt::AlignTop);
            grid->addWidget(value, row, 1, Qt::AlignTop);
            ++row;
        }
        grid->setColumnStretch(1, 1);
        grid->setRowStretch(row, 1);
        blocks->addLayout(grid, stretch);
    };
    block(2, {{"Channel", m_channel}, {"External ref", m_externalRef}, {"Region", m_region},
              {"Created", m_created}, {"Updated", m_updated}});
    block(3, {{"Customer", m_customer}, {"Ship to", m_shipTo}});
    block(3, {{"Holds", m_holds}});
    DeskTheme::setRole(m_total, "total");
    for (QLabel *amount : {m_subtotal, m_discount, m_shipping, m_tax, m_total})
        amount->setAlignment(Qt::AlignRight | Qt::AlignTop);
    block(1, {{"Subtotal", m_subtotal}, {"Discount", m_discount}, {"Shipping", m_shipping},
              {"Tax", m_tax}, {"Total", m_total}});

    m_lines->setModel(m_document->lines());
    m_tenders->setModel(m_document->tenders());
    m_timeline->setModel(m_document->events());
    m_lines->setColumnWidth(OrderLineModel::LineColumn, 30);
    m_lines->setColumnWidth(OrderLineModel::SkuColumn, 120);
    m_lines->setColumnWidth(OrderLineModel::NameColumn, 170);
    m_lines->setColumnWidth(OrderLineModel::UnitPriceColumn, 76);
    for (int c = OrderLineModel::OrderedColumn; c <= OrderLineModel::RefundedColumn; ++c)
        m_lines->setColumnWidth(c, 76);
    m_lines->setColumnWidth(OrderLineModel::LineTotalColumn, 80);
    m_lines->setColumnWidth(OrderLineModel::AllocationsColumn, 160);
    m_lines->setColumnWidth(OrderLineModel::RoutingColumn, 300);
    // Where the units are and why there, next to what was ordered: the ten
    // quantity columns after them are mostly empty, and at a usual width the
    // last columns would be out of sight.
    m_lines->horizontalHeader()->moveSection(OrderLineModel::AllocationsColumn,
                                             OrderLineModel::ReservedColumn);
    m_lines->horizontalHeader()->moveSection(OrderLineModel::RoutingColumn,
                                             OrderLineModel::ReservedColumn + 1);
    for (int c = 0; c < TenderModel::ColumnCount; ++c)
        m_tenders->setColumnWidth(c, 92);
    m_tenders->setColumnWidth(TenderModel::StatusColumn, 104);
    m_tenders->setColumnWidth(TenderModel::PaymentRefColumn, 150);
    m_timeline->setColumnWidth(OrderEventModel::TimeColumn, 150);
    m_timeline->setColumnWidth(OrderEventModel::EventColumn, 190);
    m_timeline->setColumnWidth(OrderEventModel::SummaryColumn, 460);
    m_timeline->setColumnWidth(OrderEventModel::PrincipalColumn, 160);

    QSplitter *tables = m_tables;
    tables->addWidget(section(QStringLiteral("Lines"), m_lines, tables));
    tables->addWidget(section(QStringLiteral("Shipments"), makeShipmentsArea(), tables));
    tables->addWidget(section(QStringLiteral("Payments"), m_tenders, tables));
    tables->addWidget(section(QStringLiteral("Timeline"), m_timeline, tables));
    tables->setStretchFactor(0, 2);
    tables->setStretchFactor(1, 4);
    tables->setStretchFactor(2, 1);
    tables->setStretchFactor(3, 3);
    tables->setChildrenCollapsible(false);

    m_sideSplitter->addWidget(tables);
    m_sideSplitter->addWidget(m_customerPanel);
    m_sideSplitter->setStretchFactor(0, 4);
    m_sideSplitter->setStretchFactor(1, 1);
    m_customerPanel->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addLayout(top);
    m_actionRow = new QHBoxLayout;
    m_actionRow->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_actionRow);
    layout->addWidget(m_error);
    layout->addWidget(header);
    layout->addWidget(m_sideSplitter, 1);

    connect(refresh, &QPushButton::clicked, this, &OrderDetailView::refresh);
    connect(m_customerButton, &QPushButton::clicked, this, &OrderDetailView::showCustomer);
    connect(m_customerPanel, &CustomerPanel::closeRequested, m_customerPanel, &QWidget::hide);
    connect(m_document, &OrderDocument::headerChanged, this, &OrderDetailView::updateHeader);
    connect(m_document, &OrderDocument::shipmentsChanged, this, &OrderDetailView::updateShipments);
    connect(m_document, &OrderDocument::busyChanged, m_busy, &BusyIndicator::setRunning);
    connect(m_document, &OrderDocument::errorChanged, this, &OrderDetailView::showError);
    m_document->refresh();

    // Refunds and returns (desk-money): "Refund…" and "Returns…" before the
    // Customer button; they find their services through the MainWindow.
    top->insertWidget(top->indexOf(m_customerButton), new OrderMoneyActions(m_document, this));
}

OrderDetailView::OrderDetailView(const DeskServices &services, const SignedInUser &user,
                                 const QString &order, QWidget *parent)
    : OrderDetailView(services.orders, services.customers, order, parent)
{
    m_services = services;
    m_user = user;
    createActions();
}

void OrderDetailView::createActions()
{
    m_follower = new OrderFollower(m_services.orders, m_document, this);
    m_live = new QLabel(this);
    m_live->setObjectName(QStringLiteral("liveState"));
    DeskTheme::setRole(m_live, "caption");
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("orderNotice"));
    DeskTheme::setRole(m_notice, "notice");
    m_notice->hide();
    auto button = [this](const QString &text, const char *name, const char *icon) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QString::fromLatin1(name));
        b->setIcon(DeskTheme::icon(QString::fromLatin1(icon), palette()));
        b->setAutoDefault(false);
        return b;
    };
    m_cancel = button(QStringLiteral("Ca&ncel…"), "cancelOrder", "cancel");
    m_hold = button(QStringLiteral("&Hold…"), "holdOrder", "hold");
    m_release = button(QStringLiteral("Re&lease…"), "releaseOrder", "release");
    m_note = button(QStringLiteral("N&ote…"), "addNote", "note");
    m_actionRow->addWidget(m_cancel);
    m_actionRow->addWidget(m_hold);
    m_actionRow->addWidget(m_release);
    m_actionRow->addWidget(m_note);
    m_actionRow->addSpacing(12);
    m_actionRow->addWidget(m_notice, 1);
    m_actionRow->addStretch();
    m_actionRow->addWidget(m_live);

    connect(m_cancel, &QPushButton::clicked, this, &OrderDetailView::startCancel);
    connect(m_hold, &QPushButton::clicked, this, &OrderDetailView::startHold);
    connect(m_release, &QPushButton::clicked, this, &OrderDetailView::startRelease);
    connect(m_note, &QPushButton::clicked, this, &OrderDetailView::startNote);
    connect(m_document, &OrderDocument::headerChanged, this, &OrderDetailView::updateActions);
    connect(m_follower, &OrderFollower::liveChanged, this, [this](bool live) {
        m_live->setText(live ? QStringLiteral("● live") : QStringLiteral("not live: F5 reloads"));
        m_live->setToolTip(live ? QStringLiteral("Changes to this order show as they happen")
                                : QStringLiteral("The live feed is down; it reconnects by itself"));
    });
    updateActions();
}

void OrderDetailView::updateActions()
{
    if (!m_cancel)
        return;
    const OrderHeader &h = m_document->header();
    const bool loaded = m_document->order() != nullptr;
    // CONFIRMED or PARTIALLY_FULFILLED: something is left to cancel or hold.
    const bool open = h.status == 2 || h.status == 3;
    const bool pending = h.status == 1;
    auto gate = [this, loaded](QPushButton *b, const char *method, const QString &what, bool possible,
                               const QString &notNow) {
        const QString denied = m_user.whyNot(QString::fromLatin1(method), what);
        b->setVisible(true);
        b->setEnabled(loaded && denied.isEmpty() && possible);
        b->setToolTip(!denied.isEmpty() ? denied : !loaded ? QStringLiteral("Loading the order…")
                              : !possible                  ? notNow
                                                           : QString());
    };
    const QString status = DisplayText::orderStatus(h.status);
    const QString stillPlacing = QStringLiteral("The order is still being placed; try once it is confirmed.");
    gate(m_cancel, "OrderService/CancelOrder", QStringLiteral("cancel orders"), open,
         pending ? stillPlacing : QStringLiteral("A %1 order has nothing left to cancel.").arg(status.toLower()));
    gate(m_hold, "OrderService/HoldOrder", QStringLiteral("hold orders"), open,
         pending ? stillPlacing : QStringLiteral("A %1 order cannot be held.").arg(status.toLower()));
    gate(m_release, "OrderService/ReleaseOrder", QStringLiteral("release holds"), !h.holdReasons.isEmpty(),
         QStringLiteral("The order has no hold."));
    gate(m_note, "OrderService/AddOrderNote", QStringLiteral("add notes"), true, QString());
}

QString OrderDetailView::noticeText() const
{
    return m_notice && m_notice->isVisible() ? m_notice->text() : QString();
}

void OrderDetailView::showNotice(const QString &message)
{
    m_notice->setText(message);
    m_notice->show();
    QTimer::singleShot(15000, m_notice, [notice = m_notice, message] {
        if (notice->text() == message)
            notice->hide();
    });
    // The live feed brings the change; a reload now covers a feed that is down.
    if (!m_follower->isLive())
        refresh();
}

QDialog *OrderDetailView::startCancel()
{
    if (!m_cancel || !m_cancel->isEnabled() || !m_document->order())
        return nullptr;
    auto *cancellation = new Cancellation(m_services.orders, m_services.intents, *m_document->order());
    auto *dialog = new CancelDialog(cancellation, title(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &CancelDialog::cancelled, this, &OrderDetailView::showNotice);
    dialog->show();
    return dialog;
}

QDialog *OrderDetailView::startChange(QPushButton *button, int kind)
{
    if (!button || !button->isEnabled())
        return nullptr;
    const auto which = OrderChangeDialog::Kind(kind);
    const QList<int> holds = which == OrderChangeDialog::Kind::Release ? m_document->header().holdReasons
                                                                       : QList<int>();
    auto *dialog = new OrderChangeDialog(
            which, new OrderChange(m_services.orders, m_services.intents, m_document->orderId()), title(),
            holds, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &OrderChangeDialog::changed, this, &OrderDetailView::showNotice);
    dialog->show();
    return dialog;
}

QDialog *OrderDetailView::startHold()
{
    return startChange(m_hold, int(OrderChangeDialog::Kind::Hold));
}

QDialog *OrderDetailView::startRelease()
{
    return startChange(m_release, int(OrderChangeDialog::Kind::Release));
}

QDialog *OrderDetailView::startNote()
{
    return startChange(m_note, int(OrderChangeDialog::Kind::Note));
}

QTableView *OrderDetailView::makeTable(const char *name)
{
    auto *table = new QTableView(this);
    table->setObjectName(QString::fromLatin1(name));
    setUpDataTable(table);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QWidget *OrderDetailView::makeShipmentsArea()
{
    // Cards side by side (a split order reads left to right), scrolling
    // when there are more than fit.
    auto *row = new QWidget;
    row->setObjectName(QStringLiteral("shipments"));
    m_shipmentRow = new QHBoxLayout(row);
    m_shipmentRow->setContentsMargins(0, 0, 0, 0);
    m_shipmentRow->setSpacing(8);
    m_noShipments->setObjectName(QStringLiteral("noShipments"));
    m_noShipments->setText(QStringLiteral("Loading…"));
    DeskTheme::setRole(m_noShipments, "caption");
    m_noShipments->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_shipmentRow->addWidget(m_noShipments);
    m_shipmentRow->addStretch();
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("shipmentsArea"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(row);
    m_shipmentsArea = scroll;
    return scroll;
}

QString OrderDetailView::title() const
{
    const QString number = m_document->header().number;
    return number.isEmpty() ? m_document->orderRef() : number;
}

void OrderDetailView::refresh()
{
    m_document->refresh();
    if (m_customerPanel->isVisible())
        m_customerPanel->card()->refresh();
}

void OrderDetailView::showCustomer()
{
    if (!m_customerPanel->isVisible()) {
        m_customerPanel->show();
        const int panel = 330;
        m_sideSplitter->setSizes({qMax(0, m_sideSplitter->width() - panel), panel});
    }
    m_customerPanel->showCustomer(m_document->header().customerId);
}

void OrderDetailView::updateHeader()
{
    const OrderHeader &h = m_document->header();
    const QString none = QStringLiteral("—");
    auto orNone = [&none](const QString &text) { return text.isEmpty() ? none : text; };
    m_number->setText(h.number);
    m_number->setToolTip(QStringLiteral("Order id %1, version %2").arg(h.orderId).arg(h.version));
    // Tone before text: QLabel caches its size hint when the text is set, and
    // the pill's padding comes with the tone.
    DeskTheme::setTone(m_status, DisplayText::orderStatusTone(h.status));
    m_status->setText(DisplayText::orderStatus(h.status));
    DeskTheme::setTone(m_payment, DisplayText::paymentStatusTone(h.paymentStatus));
    m_payment->setText(DisplayText::paymentStatus(h.paymentStatus));
    DeskTheme::setTone(m_fulfillment, DisplayText::fulfillmentStatusTone(h.fulfillmentStatus));
    m_fulfillment->setText(DisplayText::fulfillmentStatus(h.fulfillmentStatus));
    for (QLabel *pill : {m_status, m_payment, m_fulfillment})
        pill->show();

    m_channel->setText(orNone(h.channel));
    m_externalRef->setText(orNone(h.externalRef));
    m_region->setText(orNone(h.region));
    // Another region's order: the copy here may trail its home, and changes
    // are made there (the server forwards them).
    if (h.replica) {
        m_region->setText(QStringLiteral("%1 (copy in %2, as of %3)")
                              .arg(h.region, h.answeredBy,
                                   h.replicaAsOf.isValid() ? DisplayText::dateTime(h.replicaAsOf)
                                                           : QStringLiteral("unknown")));
        m_region->setToolTip(QStringLiteral("Read from region %1's copy of this %2 order. Changes "
                                            "are sent to %2; while %2 cannot be reached they are "
                                            "refused and the copy stays readable.")
                                 .arg(h.answeredBy, h.region));
    } else {
        m_region->setToolTip(QString());
    }
    m_created->setText(orNone(DisplayText::dateTime(h.createdAt)));
    m_updated->setText(orNone(DisplayText::dateTime(h.updatedAt)));
    QStringList customer;
    for (const QString &part : {h.customerName, h.customerEmail, h.customerPhone})
        if (!part.isEmpty())
            customer.append(part);
    m_customer->setText(customer.isEmpty() ? QStringLiteral("Guest") : customer.join(QLatin1Char('\n')));
    QString shipTo = h.shipTo;
    if (!h.shippingOption.isEmpty())
        shipTo += (shipTo.isEmpty() ? QString() : QStringLiteral("\n")) + QStringLiteral("Option: %1").arg(h.shippingOption);
    if (!h.pickupNodeId.isEmpty())
        shipTo += (shipTo.isEmpty() ? QString() : QStringLiteral("\n")) + QStringLiteral("Pickup at: %1").arg(h.pickupNodeId);
    m_shipTo->setText(orNone(shipTo));
    QStringList holds = h.holds;
    if (!h.rejectionReason.isEmpty())
        holds.append(QStringLiteral("Rejected: %1").arg(h.rejectionReason));
    // Server notes can be long (a gateway's whole error): the start here,
    // all of it in the tooltip.
    QStringList shortHolds;
    for (const QString &hold : holds)
        shortHolds.append(hold.size() > kHoldPreview ? hold.left(kHoldPreview) + QStringLiteral("…") : hold);
    m_holds->setText(holds.isEmpty() ? QStringLiteral("None") : shortHolds.join(QLatin1Char('\n')));
    m_holds->setToolTip(holds.join(QStringLiteral("\n\n")));
    m_subtotal->setText(h.subtotal);
    m_discount->setText(h.discount);
    m_shipping->setText(h.shipping);
    m_tax->setText(h.tax);
    m_total->setText(h.total);
    m_customerButton->setEnabled(!h.customerId.isEmpty());
    m_customerButton->setToolTip(h.customerId.isEmpty()
                                         ? QStringLiteral("A guest order has no customer account")
                                         : QStringLiteral("Look up the customer: contact and balances"));
    Q_EMIT titleChanged(title());
}

void OrderDetailView::updateShipments()
{
    const QList<ShipmentDetails> &shipments = m_document->shipments();
    // Same count: the cards update in place, so a selection or the scroll
    // position survives a refresh.
    while (m_shipmentPanels.size() > shipments.size())
        delete m_shipmentPanels.takeLast();
    while (m_shipmentPanels.size() < shipments.size()) {
        auto *panel = new ShipmentPanel(m_shipmentRow->parentWidget());
        // Before the stretch at the end of the row.
        m_shipmentRow->insertWidget(m_shipmentRow->count() - 1, panel, 1);
        m_shipmentPanels.append(panel);
    }
    for (qsizetype i = 0; i < shipments.size(); ++i)
        m_shipmentPanels[i]->setShipment(shipments[i]);
    m_noShipments->setText(QStringLiteral("No shipments yet: the order has not been released to a node."));
    m_noShipments->setVisible(shipments.isEmpty());
    fitPanes();
}

void OrderDetailView::fitPanes()
{
    // Up to three lines stay in sight whatever the panes below ask for.
    const int rows = qMin(m_lines->model()->rowCount(), kLinesInSight);
    m_lines->setMinimumHeight(m_lines->horizontalHeader()->sizeHint().height()
                              + rows * m_lines->verticalHeader()->defaultSectionSize()
                              + m_lines->horizontalScrollBar()->sizeHint().height()
                              + 2 * m_lines->frameWidth());

    // The shipments, measured on the cards, not the row: a card just added
    // is shown by a queued call, and until then the row's size hint leaves
    // it out. Each card gets an equal share of the width, and its
    // word-wrapped values make its height depend on that share.
    const int count = int(m_shipmentPanels.size());
    const int share = (m_shipmentsArea->width() - m_shipmentRow->spacing() * (count - 1)) / qMax(1, count);
    int cards = 0;
    for (ShipmentPanel *panel : std::as_const(m_shipmentPanels)) {
        panel->ensurePolished();
        const int width = qMax(panel->minimumWidth(), share);
        cards = qMax(cards, panel->hasHeightForWidth() ? panel->heightForWidth(width)
                                                         : panel->sizeHint().height());
    }
    m_shipmentsArea->setMinimumHeight(qMin(cards, kMaxShipmentsHeight));

    if (!m_tables->isVisible())
        return; // not laid out yet: the splitter will honour the minimums
    constexpr int kLines = 0, kShipments = 1, kPayments = 2, kTimeline = 3;
    constexpr int kKeep = 90;
    QList<int> sizes = m_tables->sizes();
    if (sizes.size() != 4)
        return;
    const int linesMissing = qMax(0, m_lines->minimumHeight() - m_lines->height());
    const int shipmentsMissing = qMax(0, m_shipmentsArea->minimumHeight() - m_shipmentsArea->height());
    int left = linesMissing + shipmentsMissing;
    if (left == 0)
        return;
    // The timeline gives up height first, then the payments.
    for (const int pane : {kTimeline, kPayments}) {
        const int take = qBound(0, sizes[pane] - kKeep, left);
        sizes[pane] -= take;
        left -= take;
    }
    int given = linesMissing + shipmentsMissing - left;
    const int toLines = qMin(given, linesMissing);
    sizes[kLines] += toLines;
    sizes[kShipments] += given - toLines;
    m_tables->setSizes(sizes);
}

void OrderDetailView::showError(const QString &message)
{
    if (message.isEmpty()) {
        m_error->hide();
        return;
    }
    const bool retrying = m_document->lastError().isTransient();
    m_error->setText(QStringLiteral("Could not load the order: %1%2")
                             .arg(message, retrying ? QStringLiteral(" Retrying by itself.") : QString()));
    m_error->show();
}
