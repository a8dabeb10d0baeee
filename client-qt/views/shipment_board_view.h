#pragma once

#include "models/shipment_board_model.h"
#include "services/desk_services.h"
#include "services/signed_in_user.h"

#include <QHash>
#include <QWidget>

class BusyIndicator;
class NodeListModel;
class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QSortFilterProxyModel;
class QTreeWidget;

// The warehouse leads' board: the shipments of the user's nodes in one
// column per status group (to pick, picking, packed, shipped today,
// exceptions; counts in the headers), the selected shipment beside them, and
// the node's actions on it. Buttons are enabled by the shipment's status and
// kind and by what the role may do (the reason is the tooltip); the server
// still decides. Errors appear beside the buttons. Reloads every few
// seconds while visible; rows move between columns in place, so the
// selected shipment stays selected.
class ShipmentBoardView final : public QWidget
{
    Q_OBJECT

public:
    ShipmentBoardView(const DeskServices &services, NodeListModel *nodes, QWidget *parent = nullptr);

    ShipmentBoardModel *model() const { return m_model; }
    QListView *column(ShipmentBoardModel::Group group) const { return m_columns.at(group); }
    QPushButton *actionButton(ShipmentAction::Kind kind) const { return m_buttons.value(kind); }

    void setUser(const SignedInUser &user);
    void refresh();
    // Selects the shipment in whichever column holds it; false if none does.
    bool selectShipment(const QString &shipmentId);
    QString selectedShipmentId() const { return m_selectedId; }
    // The error of the last action, as shown beside the buttons.
    QString actionError() const;
    // The node filter's choices, as shown.
    QStringList nodeChoices() const;

    // Writes the selected shipment's packing slip; false and a message
    // beside the buttons when it cannot.
    bool savePackingSlip(const QString &path);
    void chooseAndSavePackingSlip();
    void printPackingSlip();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *makeColumn(ShipmentBoardModel::Group group);
    void fillNodeFilter();
    void applyNodeFilter();
    void onColumnSelection(ShipmentBoardModel::Group group);
    void restoreSelection();
    void updateCounts();
    void updateDetail();
    void updateActions();
    void trigger(ShipmentAction::Kind kind);
    void perform(const ShipmentAction &action);
    void actionDone(const ShipmentAction &action, const CallError &error);
    void showError(const QString &message);
    void updateStatusLine();

    DeskServices m_services;
    ShipmentBoardModel *m_model;
    NodeListModel *m_nodes;
    SignedInUser m_user;
    QComboBox *m_node;
    BusyIndicator *m_busy;
    QLabel *m_updated;
    QLabel *m_error;
    QList<QSortFilterProxyModel *> m_proxies;
    QList<QListView *> m_columns;
    QList<QLabel *> m_headers;
    QString m_selectedId;
    bool m_selecting = false;
    int m_rowsLeaving = 0;
    QLabel *m_detailTitle;
    QLabel *m_detail;
    QLabel *m_shipTo;
    QTreeWidget *m_lines;
    QHash<int, QPushButton *> m_buttons; // by ShipmentAction::Kind
    QPushButton *m_savePdf;
    QPushButton *m_print;
    QLabel *m_actionError;
    QLabel *m_actionDone;
};
