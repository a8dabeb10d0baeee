#pragma once

#include "services/desk_services.h"
#include "services/signed_in_user.h"

#include <QWidget>

class BusyIndicator;
class QDialog;
class CustomerClient;
class CustomerPanel;
class OrderClient;
class OrderDocument;
class OrderFollower;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QSplitter;
class QTableView;
class ShipmentPanel;

// Everything about one order: header (statuses, holds, channel, customer,
// address, totals), lines with their quantities, allocations and routing
// reasons, one panel per shipment (node, status, carrier, tracking, lines,
// holds, timeline), tenders, and the event timeline; Refresh reloads all of
// it. "Customer" opens the customer panel beside it with the balances.
class OrderDetailView final : public QWidget
{
    Q_OBJECT

public:
    // `order` is an order id or number; loading starts at once.
    OrderDetailView(OrderClient *orders, CustomerClient *customers, const QString &order,
                    QWidget *parent = nullptr);
    // The full desk: as above, plus the actions the user's role may take
    // (the others disabled with the reason), and the order followed live
    // through WatchOrders, so a change by anyone shows without Refresh.
    OrderDetailView(const DeskServices &services, const SignedInUser &user, const QString &order,
                    QWidget *parent = nullptr);

    OrderDocument *document() const { return m_document; }
    CustomerPanel *customerPanel() const { return m_customerPanel; }
    QTableView *linesTable() const { return m_lines; }
    QTableView *tendersTable() const { return m_tenders; }
    QTableView *timelineTable() const { return m_timeline; }
    // One per shipment, in the order the server sent them.
    QList<ShipmentPanel *> shipmentPanels() const { return m_shipmentPanels; }
    // The order number once known, else what it was opened with.
    QString title() const;

    void refresh();
    void showCustomer();

    // The actions (full desk only). Each opens its dialog window-modal and
    // returns it; null when the action is not available now.
    QDialog *startCancel();
    QDialog *startHold();
    QDialog *startRelease();
    QDialog *startNote();
    OrderFollower *follower() const { return m_follower; }
    // The last "done" message of an action, shown above the order.
    QString noticeText() const;

Q_SIGNALS:
    void titleChanged(const QString &title);

private:
    void createActions();
    // Opens the hold, release or note dialog (kind: OrderChangeDialog::Kind).
    QDialog *startChange(QPushButton *button, int kind);
    void updateActions();
    void showNotice(const QString &message);
    void updateHeader();
    void updateShipments();
    // Keeps up to three lines in sight and grows the shipments pane to fit
    // its tallest card (up to a cap), taking the height from the timeline,
    // then the payments: a splitter does not move its handles by itself when
    // a pane's minimum height grows after it was laid out.
    void fitPanes();
    QWidget *makeShipmentsArea();
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
    QLabel *m_noShipments;
    QHBoxLayout *m_shipmentRow;
    QWidget *m_shipmentsArea;
    QSplitter *m_tables;
    QList<ShipmentPanel *> m_shipmentPanels;
    QSplitter *m_sideSplitter;
    // Full desk only.
    DeskServices m_services;
    SignedInUser m_user;
    OrderFollower *m_follower = nullptr;
    QLabel *m_live = nullptr;
    QLabel *m_notice = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_hold = nullptr;
    QPushButton *m_release = nullptr;
    QPushButton *m_note = nullptr;
    QHBoxLayout *m_actionRow = nullptr;
};
