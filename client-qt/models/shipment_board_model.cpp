#include "models/shipment_board_model.h"

#include "models/display_text.h"
#include "models/model_roles.h"
#include "models/proto_text.h"
#include "models/retry_schedule.h"
#include "services/fulfillment_client.h"
#include "services/intent_keys.h"
#include "services/order_client.h"
#include "services/pending_call.h"

#include "oms/v1/fulfillment_service.pb.h"
#include "oms/v1/order.pb.h"

#include <QSet>

using ProtoText::str;

namespace {

// Everything the board shows; cancelled shipments are not on it.
constexpr oms::v1::ShipmentStatus kListed[] = {
        oms::v1::SHIPMENT_STATUS_CREATED,          oms::v1::SHIPMENT_STATUS_PICKING,
        oms::v1::SHIPMENT_STATUS_PACKED,           oms::v1::SHIPMENT_STATUS_READY_FOR_PICKUP,
        oms::v1::SHIPMENT_STATUS_SHIPPED,          oms::v1::SHIPMENT_STATUS_DELIVERED,
        oms::v1::SHIPMENT_STATUS_PICKED_UP,        oms::v1::SHIPMENT_STATUS_REJECTED,
        oms::v1::SHIPMENT_STATUS_EXCEPTION,
};

BoardShipment boardShipment(const oms::v1::Shipment &shipment)
{
    return {shipmentDetails(shipment), str(shipment.order_id()), str(shipment.order_number())};
}

QString addressText(const oms::v1::Address &address)
{
    QStringList parts;
    for (const std::string *part : {&address.name(), &address.line1(), &address.line2()})
        if (!part->empty())
            parts.append(str(*part));
    const QString city =
            QStringLiteral("%1 %2").arg(str(address.postal_code()), str(address.city())).trimmed();
    if (!city.isEmpty())
        parts.append(city);
    if (!address.country().empty())
        parts.append(str(address.country()));
    return parts.join(QLatin1Char('\n'));
}

// Rows are equal for the board when nothing it shows changed.
bool sameShipment(const BoardShipment &a, const BoardShipment &b)
{
    return a.details.updatedAt == b.details.updatedAt && a.details.status == b.details.status
            && a.details.holds == b.details.holds && a.details.lines.size() == b.details.lines.size()
            && a.details.trackingId == b.details.trackingId;
}

} // namespace

QString ShipmentAction::intent() const
{
    static const char *const names[] = {"pick", "pack", "ship", "short-pick", "reject",
                                        "ready-for-pickup", "hand-over"};
    QStringList parts{QString::fromLatin1(names[kind]), shipmentId};
    switch (kind) {
    case Ship:
        parts << carrier << service << trackingId;
        break;
    case ShortPick:
        for (const auto &[lineNo, units] : missing)
            parts << QStringLiteral("line:%1x%2").arg(lineNo).arg(units);
        parts << reason;
        break;
    case Reject:
        parts << reason;
        break;
    default:
        break;
    }
    return parts.join(QLatin1Char('|'));
}

QString ShipmentAction::method(Kind kind)
{
    switch (kind) {
    case Pick: return QStringLiteral("FulfillmentService/StartPicking");
    case Pack: return QStringLiteral("FulfillmentService/PackShipment");
    case Ship: return QStringLiteral("FulfillmentService/ShipShipment");
    case ShortPick: return QStringLiteral("FulfillmentService/ReportShortPick");
    case Reject: return QStringLiteral("FulfillmentService/RejectShipment");
    case ReadyForPickup: return QStringLiteral("FulfillmentService/MarkReadyForPickup");
    case HandOver: return QStringLiteral("FulfillmentService/CompletePickup");
    }
    return {};
}

QString ShipmentAction::what(Kind kind)
{
    switch (kind) {
    case Pick: return QStringLiteral("pick shipments");
    case Pack: return QStringLiteral("pack shipments");
    case Ship: return QStringLiteral("ship shipments");
    case ShortPick: return QStringLiteral("report short picks");
    case Reject: return QStringLiteral("reject shipments");
    case ReadyForPickup: return QStringLiteral("offer shipments for pickup");
    case HandOver: return QStringLiteral("hand over pickups");
    }
    return {};
}

bool ShipmentAction::appliesTo(Kind action, int status, int shipmentKind)
{
    using S = oms::v1::ShipmentStatus;
    switch (action) {
    case Pick: return status == S::SHIPMENT_STATUS_CREATED && shipmentKind != oms::v1::SHIPMENT_KIND_CARRY_OUT;
    case Pack: return status == S::SHIPMENT_STATUS_PICKING;
    case Ship: return status == S::SHIPMENT_STATUS_PACKED && shipmentKind == oms::v1::SHIPMENT_KIND_SHIP;
    case ShortPick:
    case Reject: return status == S::SHIPMENT_STATUS_CREATED || status == S::SHIPMENT_STATUS_PICKING;
    case ReadyForPickup:
        return status == S::SHIPMENT_STATUS_PACKED && shipmentKind == oms::v1::SHIPMENT_KIND_PICKUP;
    case HandOver: return status == S::SHIPMENT_STATUS_READY_FOR_PICKUP;
    }
    return false;
}

ShipmentBoardModel::ShipmentBoardModel(FulfillmentClient *fulfillment, OrderClient *orders,
                                       IntentKeys *intents, QObject *parent)
    : QAbstractListModel(parent),
      m_fulfillment(fulfillment),
      m_orders(orders),
      m_intents(intents),
      m_retry(new RetrySchedule(fulfillment->connection(), this))
{
    m_autoTimer.setInterval(kDefaultIntervalMs);
    connect(&m_autoTimer, &QTimer::timeout, this, [this] {
        if (!isBusy() && !m_retry->isPending())
            refresh();
    });
    connect(m_retry, &RetrySchedule::due, this, &ShipmentBoardModel::refresh);
}

ShipmentBoardModel::~ShipmentBoardModel() = default;

QString ShipmentBoardModel::groupTitle(Group group)
{
    switch (group) {
    case ToPick: return QStringLiteral("To pick");
    case Picking: return QStringLiteral("Picking");
    case Packed: return QStringLiteral("Packed");
    case ShippedToday: return QStringLiteral("Shipped today");
    case Exceptions: return QStringLiteral("Exceptions");
    default: return {};
    }
}

int ShipmentBoardModel::groupOf(const ShipmentDetails &shipment, const QDate &today)
{
    using S = oms::v1::ShipmentStatus;
    const bool open = shipment.status == S::SHIPMENT_STATUS_CREATED
            || shipment.status == S::SHIPMENT_STATUS_PICKING
            || shipment.status == S::SHIPMENT_STATUS_PACKED
            || shipment.status == S::SHIPMENT_STATUS_READY_FOR_PICKUP;
    // A held shipment waits for someone to look at it, whatever its status.
    if (open && !shipment.holds.isEmpty())
        return Exceptions;
    const bool changedToday = shipment.updatedAt.isValid() && shipment.updatedAt.toLocalTime().date() == today;
    switch (shipment.status) {
    case S::SHIPMENT_STATUS_CREATED: return ToPick;
    case S::SHIPMENT_STATUS_PICKING: return Picking;
    case S::SHIPMENT_STATUS_PACKED:
    case S::SHIPMENT_STATUS_READY_FOR_PICKUP: return Packed;
    case S::SHIPMENT_STATUS_SHIPPED:
    case S::SHIPMENT_STATUS_DELIVERED:
    case S::SHIPMENT_STATUS_PICKED_UP: return changedToday ? ShippedToday : -1;
    case S::SHIPMENT_STATUS_EXCEPTION: return Exceptions;
    case S::SHIPMENT_STATUS_REJECTED: return changedToday ? Exceptions : -1;
    default: return -1;
    }
}

void ShipmentBoardModel::setNodes(const QStringList &nodeIds)
{
    if (nodeIds == m_nodes)
        return;
    m_nodes = nodeIds;
    refresh();
}

void ShipmentBoardModel::refresh()
{
    if (m_pending)
        m_pending->abandon();
    m_retry->reset();
    ++m_generation;
    m_buffer.clear();
    requestPage(0, {});
    Q_EMIT busyChanged(true);
}

void ShipmentBoardModel::setAutoRefresh(bool on)
{
    if (on)
        m_autoTimer.start();
    else
        m_autoTimer.stop();
}

void ShipmentBoardModel::requestPage(int nodeIndex, const QString &pageToken)
{
    oms::v1::ListShipmentsRequest request;
    if (nodeIndex < m_nodes.size())
        request.set_node_id(m_nodes.at(nodeIndex).toStdString());
    for (auto status : kListed)
        request.add_statuses(status);
    request.mutable_page()->set_page_size(kPageSize);
    request.mutable_page()->set_page_token(pageToken.toStdString());
    auto *reply = m_fulfillment->listShipments(request, this);
    m_pending = reply;
    const quint64 generation = m_generation;
    connect(reply, &PendingCall::finished, this, [this, reply, generation, nodeIndex] {
        takePage(reply, generation, nodeIndex);
    });
}

void ShipmentBoardModel::takePage(PendingReply<oms::v1::ListShipmentsResponse> *reply,
                                  quint64 generation, int nodeIndex)
{
    if (generation != m_generation)
        return;
    m_pending = nullptr;
    if (reply->error().isError()) {
        m_buffer.clear();
        setError(reply->error());
        Q_EMIT busyChanged(false);
        if (reply->error().isTransient())
            m_retry->schedule();
        return;
    }
    const QDate today = QDate::currentDate();
    for (const auto &shipment : reply->result().shipments()) {
        BoardShipment row = boardShipment(shipment);
        if (groupOf(row.details, today) >= 0)
            m_buffer.append(std::move(row));
    }
    const QString next = str(reply->result().next_page_token());
    if (!next.isEmpty() && m_buffer.size() < kMaxRows) {
        requestPage(nodeIndex, next);
        return;
    }
    if (nodeIndex + 1 < m_nodes.size()) {
        requestPage(nodeIndex + 1, {});
        return;
    }
    m_retry->reset();
    setError({});
    setShipments(std::move(m_buffer));
    m_buffer.clear();
    m_lastUpdated = QDateTime::currentDateTime();
    Q_EMIT busyChanged(false);
    Q_EMIT refreshed();
}

void ShipmentBoardModel::setShipments(QList<BoardShipment> next)
{
    QSet<QString> keep;
    for (const auto &row : next)
        keep.insert(row.details.shipmentId);
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (!keep.contains(m_rows.at(i).details.shipmentId)) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    for (auto &row : next) {
        const int at = rowOf(row.details.shipmentId);
        if (at < 0) {
            beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
            m_rows.append(std::move(row));
            endInsertRows();
        } else if (!sameShipment(m_rows.at(at), row)) {
            m_rows[at] = std::move(row);
            Q_EMIT dataChanged(index(at), index(at));
        }
    }
}

void ShipmentBoardModel::applyShipment(const oms::v1::Shipment &shipment)
{
    BoardShipment row = boardShipment(shipment);
    const int at = rowOf(row.details.shipmentId);
    const bool onBoard = groupOf(row.details, QDate::currentDate()) >= 0;
    if (at >= 0 && !onBoard) {
        beginRemoveRows({}, at, at);
        m_rows.removeAt(at);
        endRemoveRows();
    } else if (at >= 0) {
        m_rows[at] = std::move(row);
        Q_EMIT dataChanged(index(at), index(at));
    } else if (onBoard) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
        m_rows.append(std::move(row));
        endInsertRows();
    }
}

int ShipmentBoardModel::countIn(Group group) const
{
    const QDate today = QDate::currentDate();
    int count = 0;
    for (const auto &row : m_rows)
        count += groupOf(row.details, today) == group ? 1 : 0;
    return count;
}

int ShipmentBoardModel::rowOf(const QString &shipmentId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).details.shipmentId == shipmentId)
            return i;
    return -1;
}

const BoardShipment *ShipmentBoardModel::shipment(const QString &shipmentId) const
{
    const int row = rowOf(shipmentId);
    return row < 0 ? nullptr : &m_rows.at(row);
}

void ShipmentBoardModel::requestShipTo(const QString &orderId)
{
    if (orderId.isEmpty() || m_shipTo.contains(orderId))
        return;
    m_shipTo.insert(orderId, QString()); // asked once at a time
    auto *reply = m_orders->getOrder(orderId, this);
    connect(reply, &PendingCall::finished, this, [this, reply, orderId] {
        if (reply->error().isError())
            m_shipTo.remove(orderId); // asked again the next time it is shown
        else
            takeOrder(reply->result());
    });
}

void ShipmentBoardModel::takeOrder(const oms::v1::Order &order)
{
    const QString orderId = str(order.order_id());
    QString shipTo = addressText(order.shipping_address());
    if (shipTo.isEmpty() && !order.pickup_node_id().empty())
        shipTo = QStringLiteral("Collected at %1").arg(str(order.pickup_node_id()));
    if (shipTo.isEmpty())
        shipTo = QStringLiteral("No address: handed over at the node");
    m_shipTo.insert(orderId, shipTo);
    Q_EMIT shipToLoaded(orderId);
}

PendingCall *ShipmentBoardModel::perform(const ShipmentAction &action)
{
    const QString intent = action.intent();
    const QString key = m_intents->keyFor(intent);
    const QString &id = action.shipmentId;
    FulfillmentClient::ActionReply *reply = nullptr;
    switch (action.kind) {
    case ShipmentAction::Pick: reply = m_fulfillment->startPicking(id, key, this); break;
    case ShipmentAction::Pack: reply = m_fulfillment->packShipment(id, key, this); break;
    case ShipmentAction::Ship:
        reply = m_fulfillment->shipShipment(id, action.carrier, action.service, action.trackingId,
                                            key, this);
        break;
    case ShipmentAction::ShortPick:
        reply = m_fulfillment->reportShortPick(id, action.missing, action.reason, key, this);
        break;
    case ShipmentAction::Reject: reply = m_fulfillment->rejectShipment(id, action.reason, key, this); break;
    case ShipmentAction::ReadyForPickup: reply = m_fulfillment->markReadyForPickup(id, key, this); break;
    case ShipmentAction::HandOver: reply = m_fulfillment->completePickup(id, key, this); break;
    }
    m_action = reply;
    connect(reply, &PendingCall::finished, this, [this, reply, action, intent] {
        m_action = nullptr; // views asking isPerforming() from here on get false
        const CallError &error = reply->error();
        // A final answer closes the intent; after a transient failure the
        // same action again is a retry with the same key.
        m_intents->settleIfFinal(intent, error);
        if (!error.isError()) {
            applyShipment(reply->result().shipment());
            if (reply->result().has_order())
                takeOrder(reply->result().order());
        }
        Q_EMIT actionFinished(action, error);
        if (!error.isError())
            refresh(); // re-routed units may have made new shipments
    });
    return reply;
}

void ShipmentBoardModel::setError(const CallError &error)
{
    const bool changed = error.message() != m_error.message();
    m_error = error;
    if (changed)
        Q_EMIT errorChanged(error.message());
}

int ShipmentBoardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ShipmentBoardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BoardShipment &row = m_rows.at(index.row());
    const ShipmentDetails &d = row.details;
    switch (role) {
    case Qt::DisplayRole: {
        qint64 units = 0;
        for (const auto &line : d.lines)
            units += line.quantity;
        QString text = QStringLiteral("%1 · %2\n%3 · %4 unit(s)")
                               .arg(row.orderNumber.isEmpty() ? row.orderId : row.orderNumber, d.label,
                                    d.nodeId)
                               .arg(units);
        if (d.status != oms::v1::SHIPMENT_STATUS_CREATED && d.status != oms::v1::SHIPMENT_STATUS_PICKING)
            text += QStringLiteral(" · %1").arg(DisplayText::shipmentStatus(d.status));
        if (!d.trackingId.isEmpty())
            text += QStringLiteral("\n%1 %2").arg(d.carrier, d.trackingId);
        return text;
    }
    case Qt::ToolTipRole: {
        QStringList lines{d.shipmentId};
        for (const auto &line : d.lines)
            lines.append(QStringLiteral("%1 × %2 %3").arg(line.quantity).arg(line.sku, line.name));
        lines.append(d.holds);
        if (!d.note.isEmpty())
            lines.append(d.note);
        return lines.join(QLatin1Char('\n'));
    }
    case GroupRole: return groupOf(d, QDate::currentDate());
    case StatusRole: return d.status;
    case ShipmentIdRole:
    case KeyRole: return d.shipmentId;
    case ToneRole: return int(DisplayText::shipmentStatusTone(d.status));
    default: return {};
    }
}
