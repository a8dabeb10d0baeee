#pragma once

#include <QWidget>

class BusyIndicator;
class InventoryClient;
class NodeListModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class StockModel;

// Stock per SKU and node. The node and region filters go to the server; the
// SKU filter narrows the rows already loaded as you type (any part of the
// SKU). Refreshes every few seconds while visible.
class StockView final : public QWidget
{
    Q_OBJECT

public:
    StockView(InventoryClient *inventory, NodeListModel *nodes, QWidget *parent = nullptr);

    StockModel *model() const { return m_model; }
    // What the table shows: the model after the SKU filter and sorting.
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }

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
};
