#include "models/shipment_details.h"

#include "models/proto_text.h"

#include "oms/v1/order.pb.h"

using ProtoText::str;

namespace {

// "EU1-01J...-S2" -> "S2". An id in another form is shown whole.
QString labelOf(const QString &shipmentId, const QString &orderId)
{
    if (!orderId.isEmpty() && shipmentId.startsWith(orderId + QLatin1Char('-')))
        return shipmentId.mid(orderId.size() + 1);
    const qsizetype dash = shipmentId.lastIndexOf(QLatin1Char('-'));
    return dash >= 0 && shipmentId.mid(dash + 1).startsWith(QLatin1Char('S'))
            ? shipmentId.mid(dash + 1)
            : shipmentId;
}

} // namespace

ShipmentDetails shipmentDetails(const oms::v1::Shipment &shipment)
{
    ShipmentDetails d;
    d.shipmentId = str(shipment.shipment_id());
    d.label = labelOf(d.shipmentId, str(shipment.order_id()));
    d.nodeId = str(shipment.node_id());
    d.kind = shipment.kind();
    d.status = shipment.status();
    d.carrier = str(shipment.carrier());
    d.service = str(shipment.service());
    d.trackingId = str(shipment.tracking_id());
    d.routingReason = str(shipment.routing_reason());
    d.note = str(shipment.note());
    d.partnerRef = str(shipment.partner_ref());
    if (shipment.has_captured() && shipment.captured().amount_minor() != 0)
        d.captured = ProtoText::money(shipment.captured());
    d.pickupExpiresAt = ProtoText::dateTime(shipment.pickup_expires_at());
    for (const auto &line : shipment.lines())
        d.lines.append({line.line_no(), str(line.sku()), str(line.name()), line.quantity()});
    for (const auto &hold : shipment.holds())
        d.holds.append(ProtoText::hold(hold));
    for (const auto &change : shipment.history())
        d.history.append({change.status(), ProtoText::dateTime(change.at()), str(change.note())});
    d.createdAt = ProtoText::dateTime(shipment.created_at());
    d.updatedAt = ProtoText::dateTime(shipment.updated_at());
    return d;
}

QList<ShipmentDetails> shipmentsOf(const oms::v1::Order &order)
{
    QList<ShipmentDetails> shipments;
    shipments.reserve(order.shipments_size());
    for (const auto &shipment : order.shipments())
        shipments.append(shipmentDetails(shipment));
    return shipments;
}
