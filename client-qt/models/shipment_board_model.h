#pragma once

#include "models/shipment_details.h"
#include "services/call_error.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace oms::v1 {
class ListShipmentsResponse;
class Order;
class Shipment;
} // namespace oms::v1

class FulfillmentClient;
class IntentKeys;
class OrderClient;
class PendingCall;
template <typename Result>
class PendingReply;
class RetrySchedule;

// A shipment on the board: the shipment and the order it belongs to.
struct BoardShipment
{
    ShipmentDetails details;
    QString orderId;
    QString orderNumber;
};

// What the user asked the board to do with one shipment, with every choice
// they made: intent() is the IntentKeys intent, so a retry (or the same
// action after a restart) carries the same idempotency key.
struct ShipmentAction
{
    enum Kind { Pick, Pack, Ship, ShortPick, Reject, ReadyForPickup, HandOver };

    Kind kind = Pick;
    QString shipmentId;
    QString carrier;                    // Ship
    QString service;                    // Ship
    QString trackingId;                 // Ship
    QList<QPair<int, qint64>> missing;  // ShortPick: (order line, units missing)
    QString reason;                     // ShortPick, Reject

    QString intent() const;
    // The RPC, for SignedInUser::may ("FulfillmentService/StartPicking").
    static QString method(Kind kind);
    // In words, for SignedInUser::whyNot ("pick shipments").
    static QString what(Kind kind);
    // Whether a shipment in `status` of `kind` (oms.v1 enums) can take it.
    static bool appliesTo(Kind action, int status, int shipmentKind);
};

// The shipments of the user's nodes for the warehouse board, one row per
// shipment, each in one status group (GroupRole): to pick, picking,
// packed (or ready for pickup), shipped or handed over today, exceptions
// (rejected today, in exception, or on hold). Views show one group each
// through a filter proxy on GroupRole.
//
// The node filter is a list: one ListShipments (every page) per node, or
// one for all the nodes the principal may see when the list is empty. A
// refresh updates rows in place by shipment id (dataChanged, inserts,
// removals), so a view keeps its selection while a shipment moves from one
// group to the next. While auto-refresh is on the model reloads every few
// seconds. Actions (perform) carry the intent's idempotency key, apply the
// shipment the server answers at once and then reload.
class ShipmentBoardModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Group { ToPick, Picking, Packed, ShippedToday, Exceptions, GroupCount };
    Q_ENUM(Group)
    enum Role { GroupRole = Qt::UserRole + 40, StatusRole, ShipmentIdRole };

    static constexpr int kDefaultIntervalMs = 4000;
    static constexpr int kPageSize = 200;
    static constexpr int kMaxRows = 5000;

    ShipmentBoardModel(FulfillmentClient *fulfillment, OrderClient *orders, IntentKeys *intents,
                       QObject *parent = nullptr);
    ~ShipmentBoardModel() override;

    static QString groupTitle(Group group);
    // The group of a shipment; -1 for one that is not on the board (cancelled,
    // or shipped before today). `today` is a local date.
    static int groupOf(const ShipmentDetails &shipment, const QDate &today);

    // The nodes to list; empty: every node the principal may see.
    void setNodes(const QStringList &nodeIds);
    QStringList nodes() const { return m_nodes; }

    void refresh();
    void setAutoRefresh(bool on);
    void setRefreshInterval(int ms) { m_autoTimer.setInterval(ms); }
    int refreshInterval() const { return m_autoTimer.interval(); }

    bool isBusy() const { return !m_pending.isNull(); }
    const CallError &lastError() const { return m_error; }
    QDateTime lastUpdated() const { return m_lastUpdated; }

    int countIn(Group group) const;
    // Null when not on the board.
    const BoardShipment *shipment(const QString &shipmentId) const;
    int rowOf(const QString &shipmentId) const;
    const BoardShipment &shipmentAt(int row) const { return m_rows.at(row); }

    // The order's ship-to address, one line per part; empty until
    // requestShipTo() (or an action) brought the order.
    QString shipTo(const QString &orderId) const { return m_shipTo.value(orderId); }
    void requestShipTo(const QString &orderId);

    // Starts the action; actionFinished follows. The call is a child of
    // the model.
    PendingCall *perform(const ShipmentAction &action);
    bool isPerforming() const { return !m_action.isNull(); }

    // Shows `shipments` as if they were a complete answer (tests).
    void setShipments(QList<BoardShipment> shipments);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void busyChanged(bool busy);
    void errorChanged(const QString &message);
    void refreshed();
    void shipToLoaded(const QString &orderId);
    void actionFinished(const ShipmentAction &action, const CallError &error);

private:
    void requestPage(int nodeIndex, const QString &pageToken);
    void takePage(PendingReply<oms::v1::ListShipmentsResponse> *reply, quint64 generation,
                  int nodeIndex);
    void applyShipment(const oms::v1::Shipment &shipment);
    void takeOrder(const oms::v1::Order &order);
    void setError(const CallError &error);

    FulfillmentClient *m_fulfillment;
    OrderClient *m_orders;
    IntentKeys *m_intents;
    RetrySchedule *m_retry;
    QTimer m_autoTimer;
    QStringList m_nodes;
    QList<BoardShipment> m_rows;
    QList<BoardShipment> m_buffer;
    QHash<QString, QString> m_shipTo;
    QPointer<PendingCall> m_pending;
    QPointer<PendingCall> m_action;
    quint64 m_generation = 0;
    CallError m_error;
    QDateTime m_lastUpdated;
};
