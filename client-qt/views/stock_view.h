#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class BusyIndicator;
class InventoryClient;
class NodeListModel;
class QCheckBox;
class QComboBox;
class PendingCall;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSystemTrayIcon;
class QTableView;
class StockChart;
class StockModel;
class WatchedSkus;

// The inventory dashboard: stock per SKU and node, live from WatchInventory,
// low and out-of-stock rows tinted (with a legend), the selected SKU's stock
// over time and reservations per minute, and an alert when a watched SKU
// runs out. The node and region filters go to the server; the SKU filter
// narrows the rows already loaded as you type (any part of the SKU).
class StockView final : public QWidget
{
    Q_OBJECT

public:
    StockView(InventoryClient *inventory, NodeListModel *nodes, QWidget *parent = nullptr);

    StockModel *model() const { return m_model; }
    // What the table shows: the model after the SKU filter and sorting.
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    StockChart *chart() const { return m_chart; }
    // "Available to sell per channel" of the charted SKU (GetAvailability).
    QLabel *channelAvailability() const { return m_channels; }
    WatchedSkus *watchedSkus() const { return m_watched; }
    // The banner naming the watched SKUs that ran out; hidden when none.
    QLabel *alertBanner() const { return m_alert; }

    // Selects the first row of `sku` shown, and charts it.
    bool selectSku(const QString &sku);

    void setSkuFilter(const QString &text);
    void setRegionFilter(const QString &region);
    void setNodeFilter(const QString &nodeId);
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void applyServerFilter();
    void updateStatusLine();
    void showError(const QString &message);
    void fillRegions();
    void showTableMenu(const QPoint &pos);
    void currentRowChanged();
    void askChannelAvailability();
    void watchedRanOut(const QString &sku);
    void updateAlertBanner();

    StockModel *m_model;
    QSortFilterProxyModel *m_proxy;
    NodeListModel *m_nodes;
    QLineEdit *m_sku;
    QComboBox *m_node;
    QComboBox *m_region;
    QCheckBox *m_auto;
    QTableView *m_table;
    BusyIndicator *m_busy;
    QLabel *m_updated;
    QLabel *m_error;
    WatchedSkus *m_watched;
    StockChart *m_chart;
    InventoryClient *m_inventory;
    QLabel *m_channels;
    QTimer m_channelsDue;
    QPointer<PendingCall> m_channelsCall;
    QString m_channelsSku;
    QLabel *m_alert;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer m_statusLine;
};
