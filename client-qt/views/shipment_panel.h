#pragma once

#include "models/shipment_details.h"

#include <QFrame>

class QFormLayout;
class QLabel;

// One shipment of an order as a card: which node hands over which units,
// its kind and status, carrier, service and tracking id, why the units were
// routed to that node, holds, and its status timeline. Text is selectable,
// so a tracking id can be copied. setShipment() updates the card in place.
class ShipmentPanel final : public QFrame
{
    Q_OBJECT

public:
    explicit ShipmentPanel(QWidget *parent = nullptr);

    void setShipment(const ShipmentDetails &shipment);
    const ShipmentDetails &shipment() const { return m_shipment; }

private:
    // A selectable, word-wrapped value with an object name tests can find.
    QLabel *addRow(const QString &caption, const char *objectName);
    void setRow(QLabel *value, const QString &text, bool hideWhenEmpty);

    ShipmentDetails m_shipment;
    QLabel *m_title;
    QLabel *m_node;
    QLabel *m_kind;
    QLabel *m_status;
    QFormLayout *m_fields;
    QLabel *m_carrier;
    QLabel *m_service;
    QLabel *m_tracking;
    QLabel *m_routing;
    QLabel *m_note;
    QLabel *m_holds;
    QLabel *m_captured;
    QLabel *m_collectBy;
    QLabel *m_partnerRef;
    QLabel *m_lines;
    QLabel *m_history;
};
