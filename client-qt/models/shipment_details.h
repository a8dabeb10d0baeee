#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace oms::v1 {
class Order;
class Shipment;
} // namespace oms::v1

// One shipment of an order in the words and formats a view shows: the units
// one node hands over, where they stand, and why they went to that node.
// A plain value (Qt types only), so views need no generated headers.
struct ShipmentDetails
{
    struct Line
    {
        int lineNo = 0;    // the order line
        QString sku;
        QString name;
        qint64 quantity = 0;
    };
    // One entry of the shipment's status timeline.
    struct StatusChange
    {
        int status = 0;    // oms.v1.ShipmentStatus
        QDateTime at;
        QString note;
    };

    QString shipmentId;    // EU1-01J...-S2
    QString label;         // "S2": the part after the order id
    QString nodeId;
    int kind = 0;          // oms.v1.ShipmentKind
    int status = 0;        // oms.v1.ShipmentStatus
    QString carrier;
    QString service;
    QString trackingId;
    QString routingReason; // why this node: the routing plan's reason
    QString note;          // why rejected, cancelled or in exception
    QString partnerRef;    // a 3PL's or drop-shipper's id for it
    QString captured;      // card money captured when it shipped; empty if none
    QDateTime pickupExpiresAt;
    QList<Line> lines;
    QStringList holds;     // as ProtoText::hold() words them
    QList<StatusChange> history; // as the server sent it, oldest first
    QDateTime createdAt;
    QDateTime updatedAt;
};

ShipmentDetails shipmentDetails(const oms::v1::Shipment &shipment);
// Every shipment of `order`, in the order the server sent them.
QList<ShipmentDetails> shipmentsOf(const oms::v1::Order &order);
