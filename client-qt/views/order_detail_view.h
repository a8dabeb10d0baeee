#pragma once

#include <QWidget>

class BusyIndicator;
class CustomerClient;
class CustomerPanel;
class OrderClient;
class OrderDocument;
class QLabel;
class QPushButton;
class QSplitter;
class QTableView;

// Everything about one order: header (statuses, holds, channel, customer,
// address, totals), lines with their quantities and allocations, tenders,
// and the event timeline; Refresh reloads all of it. "Customer" opens the
// customer panel beside it with the balances.
class OrderDetailView final : public QWidget
{
    Q_OBJECT

public:
    // `order` is an order id or number; loading starts at once.
    OrderDetailView(OrderClient *orders, CustomerClient *customers, const QString &order,
                    QWidget *parent = nullptr);

    OrderDocument *document() const { return m_document; }
    CustomerPanel *customerPanel() const { return m_customerPanel; }
    QTableView *linesTable() const { return m_lines; }
    QTableView *tendersTable() const { return m_tenders; }
    QTableView *timelineTable() const { return m_timeline; }
    // The order number once known, else what it was opened with.
    QString title() const;

    void refresh();
    void showCustomer();

Q_SIGNALS:
    void titleChanged(const QString &title);

private:
    void updateHeader();
    void showError(const QString &message);
    QTableView *makeTable(const char *name);

    OrderDocument *m_document;
    CustomerPanel *m_customerPanel;
    QLabel *m_number;
    QLabel *m_status;
    QLabel *m_payment;
    QLabel *m_fulfillment;
    QLabel *m_error;
    BusyIndicator *m_busy;
    QPushButton *m_customerButton;
    QLabel *m_channel;
    QLabel *m_externalRef;
    QLabel *m_region;
    QLabel *m_created;
    QLabel *m_updated;
    QLabel *m_customer;
    QLabel *m_shipTo;
    QLabel *m_holds;
    QLabel *m_subtotal;
    QLabel *m_discount;
    QLabel *m_shipping;
    QLabel *m_tax;
    QLabel *m_total;
    QTableView *m_lines;
    QTableView *m_tenders;
    QTableView *m_timeline;
    QSplitter *m_sideSplitter;
};
