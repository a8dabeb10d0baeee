#include "views/shipment_board_view.h"

#include "models/display_text.h"
#include "models/node_list_model.h"
#include "views/busy_indicator.h"
#include "views/desk_theme.h"
#include "views/packing_slip.h"
#include "views/shipment_dialogs.h"

#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

// One column of the board: the rows of one status group, in the model's order.
class GroupProxy final : public QSortFilterProxyModel
{
public:
    GroupProxy(int group, QObject *parent) : QSortFilterProxyModel(parent), m_group(group) {}

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        return sourceModel()->index(row, 0, parent).data(ShipmentBoardModel::GroupRole).toInt() == m_group;
    }

private:
    int m_group;
};

const ShipmentAction::Kind kKinds[] = {ShipmentAction::Pick,      ShipmentAction::Pack,
                                       ShipmentAction::Ship,      ShipmentAction::ShortPick,
                                       ShipmentAction::Reject,    ShipmentAction::ReadyForPickup,
                                       ShipmentAction::HandOver};

QString buttonText(ShipmentAction::Kind kind)
{
    switch (kind) {
    case ShipmentAction::Pick: return QStringLiteral("&Pick");
    case ShipmentAction::Pack: return QStringLiteral("P&ack");
    case ShipmentAction::Ship: return QStringLiteral("&Ship…");
    case ShipmentAction::ShortPick: return QStringLiteral("S&hort pick…");
    case ShipmentAction::Reject: return QStringLiteral("Re&ject…");
    case ShipmentAction::ReadyForPickup: return QStringLiteral("Ready for pick&up");
    case ShipmentAction::HandOver: return QStringLiteral("Handed &over");
    }
    return {};
}

QString buttonName(ShipmentAction::Kind kind)
{
    static const char *const names[] = {"pickButton",   "packButton",           "shipButton",
                                        "shortPickButton", "rejectButton", "readyForPickupButton",
                                        "handOverButton"};
    return QString::fromLatin1(names[kind]);
}

// When the status or kind does not allow the action.
QString notNow(ShipmentAction::Kind kind)
{
    switch (kind) {
    case ShipmentAction::Pick: return QStringLiteral("Only a shipment still to pick can be picked.");
    case ShipmentAction::Pack: return QStringLiteral("Only a shipment being picked can be packed.");
    case ShipmentAction::Ship: return QStringLiteral("Only a packed parcel can be shipped (pickups are handed over).");
    case ShipmentAction::ShortPick: return QStringLiteral("A short pick is reported before packing.");
    case ShipmentAction::Reject: return QStringLiteral("A shipment can be rejected before packing.");
    case ShipmentAction::ReadyForPickup: return QStringLiteral("Only a packed pickup can be offered for pickup.");
    case ShipmentAction::HandOver: return QStringLiteral("Only a pickup that is ready can be handed over.");
    }
    return {};
}

// "picked", for "Picked S1."
QString doneText(ShipmentAction::Kind kind)
{
    switch (kind) {
    case ShipmentAction::Pick: return QStringLiteral("Picking started for");
    case ShipmentAction::Pack: return QStringLiteral("Packed");
    case ShipmentAction::Ship: return QStringLiteral("Shipped");
    case ShipmentAction::ShortPick: return QStringLiteral("Short pick reported for");
    case ShipmentAction::Reject: return QStringLiteral("Rejected");
    case ShipmentAction::ReadyForPickup: return QStringLiteral("Ready for pickup:");
    case ShipmentAction::HandOver: return QStringLiteral("Handed over");
    }
    return {};
}

} // namespace

ShipmentBoardView::ShipmentBoardView(const DeskServices &services, NodeListModel *nodes, QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_model(new ShipmentBoardModel(services.fulfillment, services.orders, services.intents, this)),
      m_nodes(nodes),
      m_node(new QComboBox(this)),
      m_busy(new BusyIndicator(this)),
      m_updated(new QLabel(this)),
      m_error(new QLabel(this)),
      m_detailTitle(new QLabel(this)),
      m_detail(new QLabel(this)),
      m_shipTo(new QLabel(this)),
      m_lines(new QTreeWidget(this)),
      m_savePdf(new QPushButton(QStringLiteral("Save packing slip as &PDF…"), this)),
      m_print(new QPushButton(QStringLiteral("Print packing slip…"), this)),
      m_actionError(new QLabel(this)),
      m_actionDone(new QLabel(this))
{
    setObjectName(QStringLiteral("shipmentBoard"));

    // Filters: the node, refresh, when the board last matched the server.
    m_node->setObjectName(QStringLiteral("boardNode"));
    m_node->setMinimumContentsLength(24);
    auto *refreshButton = new QPushButton(QStringLiteral("&Refresh"), this);
    refreshButton->setIcon(DeskTheme::icon(QStringLiteral("refresh"), palette()));
    m_updated->setObjectName(QStringLiteral("boardUpdated"));
    DeskTheme::setRole(m_updated, "caption");
    auto *filters = new QFrame(this);
    DeskTheme::setRole(filters, "filters");
    auto *row = new QHBoxLayout(filters);
    row->setContentsMargins(10, 8, 10, 8);
    auto *nodeLabel = new QLabel(QStringLiteral("No&de"), this);
    nodeLabel->setBuddy(m_node);
    row->addWidget(nodeLabel);
    row->addWidget(m_node, 1);
    row->addWidget(refreshButton);
    row->addWidget(m_busy);
    row->addWidget(m_updated, 2);

    m_error->setObjectName(QStringLiteral("boardError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();

    // The columns.
    auto *board = new QWidget(this);
    auto *columns = new QHBoxLayout(board);
    columns->setContentsMargins(10, 6, 4, 10);
    for (int g = 0; g < ShipmentBoardModel::GroupCount; ++g)
        columns->addWidget(makeColumn(ShipmentBoardModel::Group(g)), 1);

    // The selected shipment.
    auto *panel = new QFrame(this);
    panel->setObjectName(QStringLiteral("boardDetail"));
    DeskTheme::setRole(panel, "panel");
    panel->setMinimumWidth(320);
    m_detailTitle->setObjectName(QStringLiteral("boardDetailTitle"));
    DeskTheme::setRole(m_detailTitle, "heading");
    m_detailTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setObjectName(QStringLiteral("boardDetailText"));
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_shipTo->setObjectName(QStringLiteral("boardShipTo"));
    m_shipTo->setWordWrap(true);
    m_shipTo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lines->setObjectName(QStringLiteral("boardLines"));
    m_lines->setRootIsDecorated(false);
    m_lines->setHeaderLabels({QStringLiteral("Line"), QStringLiteral("SKU"), QStringLiteral("Item"),
                              QStringLiteral("Qty")});
    m_lines->header()->setStretchLastSection(false);
    m_lines->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_lines->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);

    auto *buttons = new QGridLayout;
    int i = 0;
    for (ShipmentAction::Kind kind : kKinds) {
        auto *button = new QPushButton(buttonText(kind), this);
        button->setObjectName(buttonName(kind));
        if (kind == ShipmentAction::Pick || kind == ShipmentAction::Pack || kind == ShipmentAction::Ship)
            DeskTheme::setRole(button, "primary");
        connect(button, &QPushButton::clicked, this, [this, kind] { trigger(kind); });
        buttons->addWidget(button, i / 3, i % 3);
        m_buttons.insert(kind, button);
        ++i;
    }
    m_savePdf->setObjectName(QStringLiteral("savePackingSlip"));
    m_print->setObjectName(QStringLiteral("printPackingSlip"));
    connect(m_savePdf, &QPushButton::clicked, this, &ShipmentBoardView::chooseAndSavePackingSlip);
    connect(m_print, &QPushButton::clicked, this, &ShipmentBoardView::printPackingSlip);
    m_actionError->setObjectName(QStringLiteral("boardActionError"));
    DeskTheme::setRole(m_actionError, "error");
    m_actionError->setWordWrap(true);
    m_actionError->hide();
    m_actionDone->setObjectName(QStringLiteral("boardActionDone"));
    DeskTheme::setRole(m_actionDone, "caption");
    m_actionDone->setWordWrap(true);

    auto *detail = new QVBoxLayout(panel);
    detail->addWidget(m_detailTitle);
    detail->addWidget(m_detail);
    auto *shipToTitle = new QLabel(QStringLiteral("Ship to"), this);
    DeskTheme::setRole(shipToTitle, "section");
    detail->addWidget(shipToTitle);
    detail->addWidget(m_shipTo);
    detail->addWidget(m_lines, 1);
    detail->addLayout(buttons);
    detail->addWidget(m_actionError);
    detail->addWidget(m_actionDone);
    auto *slip = new QHBoxLayout;
    slip->addWidget(m_savePdf);
    slip->addWidget(m_print);
    slip->addStretch(1);
    detail->addLayout(slip);

    auto *split = new QSplitter(this);
    split->addWidget(board);
    split->addWidget(panel);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(filters);
    auto *errorBox = new QVBoxLayout;
    errorBox->setContentsMargins(10, 6, 10, 0);
    errorBox->addWidget(m_error);
    layout->addLayout(errorBox);
    layout->addWidget(split, 1);

    connect(refreshButton, &QPushButton::clicked, this, &ShipmentBoardView::refresh);
    connect(m_node, &QComboBox::currentIndexChanged, this, &ShipmentBoardView::applyNodeFilter);
    connect(m_nodes, &NodeListModel::loaded, this, &ShipmentBoardView::fillNodeFilter);
    connect(m_model, &ShipmentBoardModel::busyChanged, m_busy, &BusyIndicator::setRunning);
    connect(m_model, &ShipmentBoardModel::errorChanged, this, &ShipmentBoardView::showError);
    connect(m_model, &ShipmentBoardModel::refreshed, this, &ShipmentBoardView::updateStatusLine);
    connect(m_model, &ShipmentBoardModel::actionFinished, this, &ShipmentBoardView::actionDone);
    connect(m_model, &ShipmentBoardModel::shipToLoaded, this, [this](const QString &orderId) {
        const BoardShipment *s = m_model->shipment(m_selectedId);
        if (s && s->orderId == orderId)
            updateDetail();
    });
    // The proxies were connected first, so the columns are current here.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(m_model, signal, this, [this] {
            updateCounts();
            restoreSelection();
        });
    }
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        updateCounts();
        restoreSelection();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateCounts();
        restoreSelection();
    });

    fillNodeFilter();
    updateCounts();
    updateDetail();
}

QWidget *ShipmentBoardView::makeColumn(ShipmentBoardModel::Group group)
{
    auto *box = new QWidget(this);
    auto *header = new QLabel(box);
    header->setObjectName(QStringLiteral("boardHeader%1").arg(int(group)));
    DeskTheme::setRole(header, "section");
    auto *proxy = new GroupProxy(group, this);
    proxy->setSourceModel(m_model);
    // While a shipment leaves this column (it moved on), the list moves its
    // selection to a neighbour: that is not the user's choice, and the
    // selection follows the shipment to its new column instead. Connected
    // before the list is, so the guard is up before the list reacts.
    connect(proxy, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { ++m_rowsLeaving; });
    auto *list = new QListView(box);
    list->setObjectName(QStringLiteral("boardColumn%1").arg(int(group)));
    list->setModel(proxy);
    connect(proxy, &QAbstractItemModel::rowsRemoved, this, [this] { --m_rowsLeaving; });
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list->setWordWrap(true);
    list->setSpacing(2);
    list->setAlternatingRowColors(true);
    connect(list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this, group] { onColumnSelection(group); });

    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(header);
    layout->addWidget(list, 1);
    m_proxies.append(proxy);
    m_columns.append(list);
    m_headers.append(header);
    return box;
}

void ShipmentBoardView::setUser(const SignedInUser &user)
{
    m_user = user;
    fillNodeFilter();
    updateActions();
    // Node-bound users see their nodes; the rest every node they may see.
    applyNodeFilter();
    if (isVisible())
        m_model->refresh();
}

void ShipmentBoardView::fillNodeFilter()
{
    const QString current = m_node->currentData().toStringList().join(QLatin1Char(','));
    const QStringList places = m_user.workplaces();
    const bool everyNode = places.isEmpty() || places.contains(QStringLiteral("*"));
    const QHash<QString, QString> names = m_nodes->names();
    QStringList ids;
    if (everyNode) {
        for (int row = 0; row < m_nodes->rowCount(); ++row)
            if (!m_nodes->nodeId(row).isEmpty())
                ids.append(m_nodes->nodeId(row));
    } else {
        ids = places;
    }
    const QSignalBlocker blocker(m_node);
    m_node->clear();
    // "All my nodes": one list per node for a user bound to some, else one
    // list of everything the server lets this user see.
    m_node->addItem(QStringLiteral("All my nodes"), everyNode ? QStringList() : places);
    for (const QString &id : ids) {
        const QString name = names.value(id);
        m_node->addItem(name.isEmpty() ? id : QStringLiteral("%1 — %2").arg(id, name), QStringList{id});
    }
    for (int i = 0; i < m_node->count(); ++i)
        if (m_node->itemData(i).toStringList().join(QLatin1Char(',')) == current)
            m_node->setCurrentIndex(i);
}

QStringList ShipmentBoardView::nodeChoices() const
{
    QStringList choices;
    for (int i = 0; i < m_node->count(); ++i)
        choices.append(m_node->itemText(i));
    return choices;
}

void ShipmentBoardView::applyNodeFilter()
{
    m_model->setNodes(m_node->currentData().toStringList());
}

void ShipmentBoardView::refresh()
{
    m_model->refresh();
}

void ShipmentBoardView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_model->isBusy())
        m_model->refresh();
    m_model->setAutoRefresh(true);
}

void ShipmentBoardView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_model->setAutoRefresh(false);
}

void ShipmentBoardView::onColumnSelection(ShipmentBoardModel::Group group)
{
    if (m_selecting || m_rowsLeaving > 0)
        return;
    const QModelIndexList selected = m_columns.at(group)->selectionModel()->selectedIndexes();
    // A row that left this column (it moved on) is no choice of the user's.
    if (selected.isEmpty())
        return;
    m_selectedId = selected.first().data(ShipmentBoardModel::ShipmentIdRole).toString();
    m_selecting = true;
    for (int g = 0; g < m_columns.size(); ++g)
        if (g != group)
            m_columns.at(g)->clearSelection();
    m_selecting = false;
    m_actionError->hide();
    m_actionDone->clear();
    updateDetail();
}

bool ShipmentBoardView::selectShipment(const QString &shipmentId)
{
    for (int g = 0; g < m_proxies.size(); ++g) {
        QSortFilterProxyModel *proxy = m_proxies.at(g);
        for (int row = 0; row < proxy->rowCount(); ++row) {
            const QModelIndex index = proxy->index(row, 0);
            if (index.data(ShipmentBoardModel::ShipmentIdRole).toString() == shipmentId) {
                m_columns.at(g)->setCurrentIndex(index);
                m_columns.at(g)->scrollTo(index);
                return true;
            }
        }
    }
    return false;
}

void ShipmentBoardView::restoreSelection()
{
    if (m_selectedId.isEmpty())
        return;
    if (!m_model->shipment(m_selectedId)) {
        updateDetail(); // gone from the board: the panel says so
        return;
    }
    for (QListView *list : m_columns) {
        const QModelIndexList selected = list->selectionModel()->selectedIndexes();
        if (!selected.isEmpty()
            && selected.first().data(ShipmentBoardModel::ShipmentIdRole).toString() == m_selectedId) {
            updateDetail();
            return;
        }
    }
    m_selecting = true;
    const QString id = m_selectedId;
    selectShipment(id);
    m_selecting = false;
    updateDetail();
}

void ShipmentBoardView::updateCounts()
{
    for (int g = 0; g < m_headers.size(); ++g)
        m_headers.at(g)->setText(QStringLiteral("%1 (%2)")
                                         .arg(ShipmentBoardModel::groupTitle(ShipmentBoardModel::Group(g)))
                                         .arg(m_proxies.at(g)->rowCount()));
}

void ShipmentBoardView::updateDetail()
{
    const BoardShipment *s = m_model->shipment(m_selectedId);
    m_lines->clear();
    if (!s) {
        m_detailTitle->setText(QStringLiteral("No shipment selected"));
        m_detail->setText(m_selectedId.isEmpty()
                                  ? QStringLiteral("Choose a shipment on the board.")
                                  : QStringLiteral("%1 is no longer on the board.").arg(m_selectedId));
        m_shipTo->clear();
        updateActions();
        return;
    }
    const ShipmentDetails &d = s->details;
    m_detailTitle->setText(QStringLiteral("%1 · %2").arg(s->orderNumber, d.label));
    QStringList rows;
    auto add = [&rows](const QString &label, const QString &value) {
        if (!value.isEmpty())
            rows.append(QStringLiteral("<tr><td style='padding-right:8px'><i>%1</i></td><td>%2</td></tr>")
                                .arg(label, value.toHtmlEscaped()));
    };
    add(QStringLiteral("Status"), DisplayText::shipmentStatus(d.status));
    add(QStringLiteral("Shipment"), d.shipmentId);
    add(QStringLiteral("Order"), s->orderNumber);
    add(QStringLiteral("Node"), d.nodeId);
    add(QStringLiteral("Kind"), DisplayText::shipmentKind(d.kind));
    add(QStringLiteral("Carrier"), QStringLiteral("%1 %2").arg(d.carrier, d.service).trimmed());
    add(QStringLiteral("Tracking"), d.trackingId);
    add(QStringLiteral("Why here"), d.routingReason);
    add(QStringLiteral("Note"), d.note);
    add(QStringLiteral("Holds"), d.holds.join(QStringLiteral("; ")));
    if (d.pickupExpiresAt.isValid())
        add(QStringLiteral("Collect by"), DisplayText::dateTime(d.pickupExpiresAt));
    m_detail->setText(QStringLiteral("<table>%1</table>").arg(rows.join(QString())));
    const QString shipTo = m_model->shipTo(s->orderId);
    m_shipTo->setText(shipTo.isEmpty() ? QStringLiteral("…") : shipTo);
    if (shipTo.isEmpty())
        m_model->requestShipTo(s->orderId);
    for (const auto &line : d.lines) {
        auto *item = new QTreeWidgetItem(m_lines, {QString::number(line.lineNo), line.sku, line.name,
                                                   QString::number(line.quantity)});
        item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_lines->resizeColumnToContents(0);
    m_lines->resizeColumnToContents(1);
    updateActions();
}

void ShipmentBoardView::updateActions()
{
    const BoardShipment *s = m_model->shipment(m_selectedId);
    for (ShipmentAction::Kind kind : kKinds) {
        QPushButton *button = m_buttons.value(kind);
        const QString method = ShipmentAction::method(kind);
        QString why;
        if (!m_user.may(method))
            why = m_user.whyNot(method, ShipmentAction::what(kind));
        else if (!s)
            why = QStringLiteral("Choose a shipment on the board first.");
        else if (!ShipmentAction::appliesTo(kind, s->details.status, s->details.kind))
            why = notNow(kind);
        else if (m_model->isPerforming())
            why = QStringLiteral("Waiting for the server to answer the last action.");
        button->setEnabled(why.isEmpty());
        button->setToolTip(why);
    }
    m_savePdf->setEnabled(s != nullptr);
    m_print->setEnabled(s != nullptr);
}

void ShipmentBoardView::trigger(ShipmentAction::Kind kind)
{
    const BoardShipment *s = m_model->shipment(m_selectedId);
    if (!s)
        return;
    ShipmentAction action;
    action.kind = kind;
    action.shipmentId = s->details.shipmentId;
    switch (kind) {
    case ShipmentAction::Ship: {
        auto *dialog = new ShipDialog(QStringLiteral("%1 %2").arg(s->orderNumber, s->details.label), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog, action]() mutable {
            action.carrier = dialog->carrier();
            action.service = dialog->service();
            action.trackingId = dialog->trackingId();
            perform(action);
        });
        dialog->open();
        return;
    }
    case ShipmentAction::ShortPick: {
        auto *dialog = new ShortPickDialog(s->details.lines, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog, action]() mutable {
            action.missing = dialog->missing();
            action.reason = dialog->reason();
            perform(action);
        });
        dialog->open();
        return;
    }
    case ShipmentAction::Reject: {
        auto *dialog = new RejectDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog, action]() mutable {
            action.reason = dialog->reason();
            perform(action);
        });
        dialog->open();
        return;
    }
    default:
        perform(action);
        return;
    }
}

void ShipmentBoardView::perform(const ShipmentAction &action)
{
    m_actionError->hide();
    m_actionDone->setText(QStringLiteral("Sending…"));
    m_model->perform(action);
    updateActions();
}

void ShipmentBoardView::actionDone(const ShipmentAction &action, const CallError &error)
{
    updateActions();
    const BoardShipment *s = m_model->shipment(action.shipmentId);
    const QString label = s ? QStringLiteral("%1 %2").arg(s->orderNumber, s->details.label) : action.shipmentId;
    if (!error.isError()) {
        m_actionError->hide();
        m_actionDone->setText(QStringLiteral("%1 %2.").arg(doneText(action.kind), label));
        return;
    }
    m_actionDone->clear();
    QString text = QStringLiteral("Could not %1 (%2): %3")
                           .arg(ShipmentAction::what(action.kind).section(QLatin1Char(' '), 0, 0), label,
                                error.message());
    if (error.isTransient())
        text += QStringLiteral(" Try again: the server does it only once, however often you ask.");
    m_actionError->setText(text);
    m_actionError->setToolTip(error.detail());
    m_actionError->show();
}

QString ShipmentBoardView::actionError() const
{
    return m_actionError->isHidden() ? QString() : m_actionError->text();
}

bool ShipmentBoardView::savePackingSlip(const QString &path)
{
    const BoardShipment *s = m_model->shipment(m_selectedId);
    if (!s)
        return false;
    QString error;
    if (!PackingSlip::savePdf(*s, m_model->shipTo(s->orderId), path, &error)) {
        m_actionError->setText(error);
        m_actionError->show();
        return false;
    }
    m_actionDone->setText(QStringLiteral("Packing slip saved as %1.").arg(path));
    return true;
}

void ShipmentBoardView::chooseAndSavePackingSlip()
{
    const BoardShipment *s = m_model->shipment(m_selectedId);
    if (!s)
        return;
    const QString suggested =
            QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QLatin1Char('/')
            + QStringLiteral("packing-slip-%1.pdf").arg(s->details.shipmentId);
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save packing slip"),
                                                      suggested, QStringLiteral("PDF (*.pdf)"));
    if (!path.isEmpty())
        savePackingSlip(path);
}

void ShipmentBoardView::printPackingSlip()
{
    const BoardShipment *s = m_model->shipment(m_selectedId);
    if (!s)
        return;
    QPrinter printer(QPrinter::HighResolution);
    printer.setDocName(QStringLiteral("Packing slip %1").arg(s->details.shipmentId));
    QPrintDialog dialog(&printer, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    PackingSlip::print(*s, m_model->shipTo(s->orderId), &printer);
    m_actionDone->setText(QStringLiteral("Packing slip sent to the printer."));
}

void ShipmentBoardView::showError(const QString &message)
{
    if (message.isEmpty()) {
        m_error->hide();
        return;
    }
    QString text = QStringLiteral("Could not load the shipments: %1").arg(message);
    if (m_model->lastUpdated().isValid())
        text += QStringLiteral(" Showing the board as of %1.")
                        .arg(m_model->lastUpdated().toString(QStringLiteral("HH:mm:ss")));
    if (m_model->lastError().isTransient())
        text += QStringLiteral(" Retrying by itself.");
    m_error->setText(text);
    m_error->show();
}

void ShipmentBoardView::updateStatusLine()
{
    const int count = m_model->rowCount();
    m_updated->setText(QStringLiteral("%1 · updated %2")
                               .arg(count == 1 ? QStringLiteral("1 shipment")
                                               : QStringLiteral("%1 shipments").arg(count))
                               .arg(m_model->lastUpdated().toString(QStringLiteral("HH:mm:ss"))));
}
