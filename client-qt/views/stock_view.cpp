#include "views/stock_view.h"

#include "models/model_roles.h"
#include "models/node_list_model.h"
#include "models/stock_history.h"
#include "models/stock_model.h"
#include "models/watched_skus.h"
#include "services/inventory_client.h"
#include "services/pending_call.h"
#include "views/busy_indicator.h"
#include "views/data_table.h"
#include "views/desk_theme.h"
#include "views/stock_chart.h"
#include "views/stock_level_delegate.h"

#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTime>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

StockView::StockView(InventoryClient *inventory, NodeListModel *nodes, QWidget *parent)
    : QWidget(parent),
      m_model(new StockModel(inventory, this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_nodes(nodes),
      m_sku(new QLineEdit(this)),
      m_node(new QComboBox(this)),
      m_region(new QComboBox(this)),
      m_auto(new QCheckBox(QStringLiteral("&Auto-refresh"), this)),
      m_table(new QTableView(this)),
      m_busy(new BusyIndicator(this)),
      m_updated(new QLabel(this)),
      m_error(new QLabel(this)),
      m_watched(new WatchedSkus(this)),
      m_chart(new StockChart(m_model->history(), this)),
      m_alert(new QLabel(this))
{
    m_model->setWatchedSkus(m_watched);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RawValueRole);
    m_proxy->setFilterKeyColumn(StockModel::SkuColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_sku->setObjectName(QStringLiteral("stockSku"));
    m_sku->setPlaceholderText(QStringLiteral("any part of the SKU"));
    m_sku->setClearButtonEnabled(true);
    m_node->setObjectName(QStringLiteral("stockNode"));
    m_node->setModel(m_nodes);
    m_region->setObjectName(QStringLiteral("stockRegion"));
    m_region->addItem(QStringLiteral("any"), QString());
    m_auto->setObjectName(QStringLiteral("autoRefresh"));
    m_auto->setChecked(true);
    m_auto->setToolTip(QStringLiteral("Keep the numbers current while this tab is open: live "
                                      "from the server, or reloaded every %1 seconds when "
                                      "live updates cannot be had")
                               .arg(m_model->refreshInterval() / 1000));
    auto *refresh = new QPushButton(QStringLiteral("&Refresh"), this);
    refresh->setIcon(DeskTheme::icon(QStringLiteral("refresh"), palette()));
    m_updated->setObjectName(QStringLiteral("stockUpdated"));
    DeskTheme::setRole(m_updated, "caption");

    auto *filters = new QFrame(this);
    DeskTheme::setRole(filters, "filters");
    auto *row = new QHBoxLayout(filters);
    row->setContentsMargins(10, 8, 10, 8);
    auto label = [this](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };
    row->addWidget(label(QStringLiteral("S&KU"), m_sku));
    row->addWidget(m_sku, 2);
    row->addWidget(label(QStringLiteral("No&de"), m_node));
    row->addWidget(m_node, 2);
    row->addWidget(label(QStringLiteral("Re&gion"), m_region));
    row->addWidget(m_region, 1);
    row->addSpacing(12);
    row->addWidget(m_auto);
    row->addWidget(refresh);
    row->addWidget(m_busy);
    row->addWidget(m_updated, 1);

    m_error->setObjectName(QStringLiteral("stockError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();

    m_alert->setObjectName(QStringLiteral("stockAlert"));
    DeskTheme::setRole(m_alert, "error");
    m_alert->setWordWrap(true);
    m_alert->hide();

    // What the row tints mean, in the pills' own colours.
    auto *legend = new QHBoxLayout;
    legend->setContentsMargins(10, 4, 10, 4);
    auto pill = [this, legend](const QString &text, Tone tone, const QString &name) {
        auto *l = new QLabel(text, this);
        l->setObjectName(name);
        DeskTheme::setTone(l, tone);
        legend->addWidget(l);
    };
    pill(QStringLiteral("Out of stock: nothing available"), Tone::Bad, QStringLiteral("legendOut"));
    pill(QStringLiteral("Low: available at most the safety stock or %1").arg(m_model->lowThreshold()),
         Tone::Warning, QStringLiteral("legendLow"));
    auto *watchHint = new QLabel(QStringLiteral("Tick Watch to be alerted when a SKU runs out at the nodes shown"), this);
    DeskTheme::setRole(watchHint, "caption");
    legend->addSpacing(12);
    legend->addWidget(watchHint, 1);

    m_table->setObjectName(QStringLiteral("stockTable"));
    m_table->setModel(m_proxy);
    setUpDataTable(m_table);
    QAbstractItemDelegate *pills = m_table->itemDelegate();
    m_table->setItemDelegate(new StockLevelDelegate(m_table));
    delete pills;
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    const int widths[StockModel::ColumnCount] = {240, 200, 90, 130, 130, 130, 130, 70};
    for (int c = 0; c < StockModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, widths[c]);
    // Stretch costs nothing per row (unlike ResizeToContents).
    m_table->horizontalHeader()->setSectionResizeMode(StockModel::NodeColumn, QHeaderView::Stretch);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(StockModel::SkuColumn, Qt::AscendingOrder);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(filters);
    auto *errorBox = new QVBoxLayout;
    errorBox->setContentsMargins(10, 6, 10, 0);
    errorBox->addWidget(m_alert);
    errorBox->addWidget(m_error);
    layout->addLayout(errorBox);
    layout->addLayout(legend);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("stockSplit"));
    split->addWidget(m_table);
    m_inventory = inventory;
    m_channels = new QLabel(this);
    m_channels->setObjectName(QStringLiteral("channelAvailability"));
    m_channels->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_channels->setToolTip(QStringLiteral("What each channel may still sell of this SKU: the available "
                                          "units at its region's nodes, less the units held back for "
                                          "it (stock buffer), as PlaceOrder checks it"));
    auto *chartBox = new QWidget(this);
    auto *chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(10, 4, 10, 0);
    chartLayout->setSpacing(2);
    chartLayout->addWidget(m_channels);
    chartLayout->addWidget(m_chart, 1);
    split->addWidget(chartBox);
    // The channels' numbers follow the charted SKU's pushes, at most twice a second.
    m_channelsDue.setSingleShot(true);
    m_channelsDue.setInterval(500);
    connect(&m_channelsDue, &QTimer::timeout, this, &StockView::askChannelAvailability);
    connect(m_model->history(), &StockHistory::totalsChanged, this, [this](const QString &sku) {
        if (sku == m_channelsSku && !m_channelsDue.isActive())
            m_channelsDue.start();
    });
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_sku, &QLineEdit::textChanged, this, &StockView::setSkuFilter);
    connect(m_node, &QComboBox::currentIndexChanged, this, &StockView::applyServerFilter);
    connect(m_region, &QComboBox::currentIndexChanged, this, &StockView::applyServerFilter);
    connect(m_auto, &QCheckBox::toggled, this, [this](bool on) { m_model->setAutoRefresh(on && isVisible()); });
    connect(refresh, &QPushButton::clicked, this, &StockView::refresh);
    connect(m_nodes, &NodeListModel::loaded, this, &StockView::fillRegions);
    connect(m_nodes, &NodeListModel::loaded, this, [this] { m_model->setNodeNames(m_nodes->names()); });
    connect(m_model, &StockModel::busyChanged, m_busy, &BusyIndicator::setRunning);
    // A burst of pushes is one status line, not one per change.
    m_statusLine.setSingleShot(true);
    m_statusLine.setInterval(100);
    connect(&m_statusLine, &QTimer::timeout, this, &StockView::updateStatusLine);
    connect(m_model, &StockModel::refreshed, this, [this] {
        if (!m_statusLine.isActive())
            m_statusLine.start();
    });
    connect(m_model, &StockModel::liveChanged, this, &StockView::updateStatusLine);
    connect(m_model, &StockModel::errorChanged, this, &StockView::showError);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &StockView::updateStatusLine);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &StockView::updateStatusLine);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &StockView::updateStatusLine);
    connect(m_table, &QWidget::customContextMenuRequested, this, &StockView::showTableMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &StockView::currentRowChanged);
    // A watched SKU's sum over the nodes shown: the alert when it reaches 0.
    connect(m_model->history(), &StockHistory::totalsChanged, m_watched,
            [this](const QString &sku, qint64, qint64 available) { m_watched->observe(sku, available); });
    connect(m_watched, &WatchedSkus::watchedChanged, this, [this](const QString &sku, bool watched) {
        if (watched && m_model->history()->contains(sku))
            m_watched->observe(sku, m_model->history()->available(sku));
    });
    connect(m_watched, &WatchedSkus::ranOut, this, &StockView::watchedRanOut);
    connect(m_watched, &WatchedSkus::cameBack, this, &StockView::updateAlertBanner);
    updateStatusLine();
}

bool StockView::selectSku(const QString &sku)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        if (m_proxy->index(row, StockModel::SkuColumn).data(RawValueRole).toString() == sku) {
            m_table->selectRow(row);
            m_table->setCurrentIndex(m_proxy->index(row, StockModel::SkuColumn));
            m_table->scrollTo(m_table->currentIndex());
            return true;
        }
    }
    return false;
}

void StockView::currentRowChanged()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return;
    const QString sku = m_proxy->index(current.row(), StockModel::SkuColumn).data(RawValueRole).toString();
    m_chart->setSku(sku);
    if (sku != m_channelsSku) {
        m_channelsSku = sku;
        m_channels->setText(QStringLiteral("%1 per channel: asking…").arg(sku));
        askChannelAvailability();
    }
}

void StockView::askChannelAvailability()
{
    if (m_channelsSku.isEmpty())
        return;
    if (m_channelsCall)
        m_channelsCall->abandon();
    auto *reply = m_inventory->channelAvailability(m_channelsSku, this);
    m_channelsCall = reply;
    connect(reply, &PendingCall::finished, this, [this, reply, sku = m_channelsSku] {
        if (sku != m_channelsSku)
            return;
        if (reply->error().isError()) {
            m_channels->setText(QStringLiteral("%1 per channel: %2").arg(sku, reply->error().message()));
            return;
        }
        QStringList parts;
        for (const ChannelSellable &c : reply->result())
            parts.append(c.stockBuffer > 0 ? QStringLiteral("%1 (%2) %3, %4 held back")
                                                     .arg(c.channel, c.region)
                                                     .arg(c.availableToSell)
                                                     .arg(c.stockBuffer)
                                           : QStringLiteral("%1 (%2) %3").arg(c.channel, c.region).arg(c.availableToSell));
        m_channels->setText(parts.isEmpty()
                                    ? QStringLiteral("%1: the server has no channels configured").arg(sku)
                                    : QStringLiteral("%1 available to sell per channel: %2")
                                              .arg(sku, parts.join(QStringLiteral(" · "))));
    });
}

void StockView::showTableMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    const QString sku = m_proxy->index(index.row(), StockModel::SkuColumn).data(RawValueRole).toString();
    QMenu menu(this);
    QAction *watch = menu.addAction(m_watched->isWatched(sku) ? QStringLiteral("Stop watching %1").arg(sku)
                                                              : QStringLiteral("Watch %1").arg(sku));
    QAction *chart = menu.addAction(QStringLiteral("Chart %1").arg(sku));
    QAction *chosen = menu.exec(m_table->viewport()->mapToGlobal(pos));
    if (chosen == watch)
        m_watched->setWatched(sku, !m_watched->isWatched(sku));
    else if (chosen == chart)
        m_chart->setSku(sku);
}

void StockView::watchedRanOut(const QString &sku)
{
    updateAlertBanner();
    const QString title = QStringLiteral("%1 ran out").arg(sku);
    const QString text = QStringLiteral("Nothing of the watched SKU %1 is available at the nodes shown "
                                        "(%2).")
                                 .arg(sku, QTime::currentTime().toString(QStringLiteral("HH:mm:ss")));
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(DeskTheme::appIcon(), this);
            m_tray->setToolTip(QStringLiteral("oms-desk inventory alerts"));
        }
        m_tray->show();
        m_tray->showMessage(title, text, QSystemTrayIcon::Warning, 10000);
    } else if (auto *main = qobject_cast<QMainWindow *>(window())) {
        main->statusBar()->showMessage(QStringLiteral("%1: %2").arg(title, text), 30000);
    }
    QApplication::alert(window());
}

void StockView::updateAlertBanner()
{
    const QStringList out = m_watched->outOfStock();
    if (out.isEmpty()) {
        m_alert->hide();
        return;
    }
    m_alert->setText(QStringLiteral("Out of stock at the nodes shown (watched): %1").arg(out.join(QStringLiteral(", "))));
    m_alert->show();
}

void StockView::setSkuFilter(const QString &text)
{
    if (m_sku->text() != text)
        m_sku->setText(text);
    m_proxy->setFilterFixedString(text.trimmed());
    updateStatusLine();
}

void StockView::setRegionFilter(const QString &region)
{
    m_region->setCurrentIndex(qMax(0, m_region->findData(region)));
}

void StockView::setNodeFilter(const QString &nodeId)
{
    m_node->setCurrentIndex(qMax(0, m_node->findData(nodeId, KeyRole)));
}

void StockView::refresh()
{
    m_model->refresh();
}

void StockView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Fresh numbers whenever the tab is shown, then every few seconds.
    if (!m_model->isBusy())
        m_model->refresh();
    m_model->setAutoRefresh(m_auto->isChecked());
}

void StockView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_model->setAutoRefresh(false);
}

void StockView::applyServerFilter()
{
    m_model->setFilter(m_nodes->nodeId(m_node->currentIndex()), m_region->currentData().toString());
}

void StockView::updateStatusLine()
{
    const QDateTime updated = m_model->lastUpdated();
    if (!updated.isValid()) {
        m_updated->setText(QString());
        return;
    }
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    QString rows = shown == total ? QStringLiteral("%1 rows").arg(total)
                                  : QStringLiteral("%1 of %2 rows").arg(shown).arg(total);
    m_updated->setText(QStringLiteral("%1 · %2 %3")
                               .arg(rows, m_model->isLive() ? QStringLiteral("live, last change")
                                                            : QStringLiteral("updated"),
                                    updated.toString(QStringLiteral("HH:mm:ss"))));
}

void StockView::showError(const QString &message)
{
    if (message.isEmpty()) {
        m_error->hide();
        return;
    }
    const QDateTime updated = m_model->lastUpdated();
    QString text = QStringLiteral("Could not refresh stock: %1").arg(message);
    if (updated.isValid())
        text += QStringLiteral(" Showing stock as of %1.").arg(updated.toString(QStringLiteral("HH:mm:ss")));
    if (m_model->lastError().isTransient())
        text += QStringLiteral(" Retrying by itself.");
    m_error->setText(text);
    m_error->show();
}

void StockView::fillRegions()
{
    const QString current = m_region->currentData().toString();
    const QSignalBlocker blocker(m_region);
    m_region->clear();
    m_region->addItem(QStringLiteral("any"), QString());
    for (const QString &region : m_nodes->regions())
        m_region->addItem(region, region);
    m_region->setCurrentIndex(qMax(0, m_region->findData(current)));
}
