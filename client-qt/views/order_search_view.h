#pragma once

#include "models/order_search_filter.h"

#include <QWidget>

class BusyIndicator;
class NodeListModel;
class OrderClient;
class OrderSearchModel;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QToolButton;
class SavedSearches;
class StatusFilterButton;

// Find orders: a form with every SearchOrders filter above a table of
// results that loads more pages as it scrolls. Enter in the form searches,
// Enter (or a double click) in the table opens the order.
class OrderSearchView final : public QWidget
{
    Q_OBJECT

public:
    OrderSearchView(OrderClient *orders, NodeListModel *nodes, QWidget *parent = nullptr);

    OrderSearchModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

    OrderSearchFilter currentFilter() const;
    void setFilter(const OrderSearchFilter &filter);
    // Runs the search the form describes.
    void search();
    void refresh();
    void clearFilters();
    // Moves the keyboard focus to the first filter (Ctrl+F).
    void focusSearch();

    // Saved searches: keep the form's filters under a name, and run them again.
    SavedSearches *savedSearches() const { return m_saved; }
    // Empty on success, else why not (shown under the form too).
    QString saveSearchAs(const QString &name);
    void runSavedSearch(const QString &name);

    // Asks where to save, then exportCsv().
    void chooseExportFile();
    // Fetches every remaining page, then writes the results to `path`;
    // exportFinished() tells how it went.
    void exportCsv(const QString &path);

Q_SIGNALS:
    void openOrderRequested(const QString &orderId, const QString &orderNumber);
    void exportFinished(bool ok, const QString &message);

private:
    void openRow(int row);
    void updateStatusLine();
    void showError(const QString &message);
    void writeExport();
    void fillRegions();
    void fillSavedMenu();
    void askNameAndSave();

    OrderSearchModel *m_model;
    SavedSearches *m_saved;
    QToolButton *m_savedButton;
    NodeListModel *m_nodes;
    QLineEdit *m_number;
    QLineEdit *m_email;
    QLineEdit *m_phone;
    QLineEdit *m_name;
    QLineEdit *m_sku;
    StatusFilterButton *m_statuses;
    QComboBox *m_channel;
    QComboBox *m_node;
    QComboBox *m_region;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QPushButton *m_searchButton;
    QPushButton *m_exportButton;
    QTableView *m_table;
    BusyIndicator *m_busy;
    QLabel *m_count;
    QLabel *m_error;
    QString m_exportPath;
};
