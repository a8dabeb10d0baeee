#include "views/shipment_panel.h"

#include "models/display_text.h"
#include "views/desk_theme.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace {

const QString kNone = QStringLiteral("—");

QLabel *selectable(QWidget *parent, const char *objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QLabel *caption(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    DeskTheme::setRole(label, "caption");
    return label;
}

// Rows of cells as a rich-text table: one QLabel stays cheap and selectable
// where a QTableView per card would be heavy for two or three rows.
QString htmlTable(const QList<QStringList> &rows, int rightAlignedColumn = -1)
{
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\">");
    for (const QStringList &row : rows) {
        html += QStringLiteral("<tr>");
        for (int c = 0; c < row.size(); ++c) {
            const QString align = c == rightAlignedColumn ? QStringLiteral(" align=\"right\"") : QString();
            const QString pad = c > 0 ? QStringLiteral(" style=\"padding-left:10px\"") : QString();
            html += QStringLiteral("<td%1%2>%3</td>").arg(align, pad, row[c].toHtmlEscaped());
        }
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</table>");
}

} // namespace

ShipmentPanel::ShipmentPanel(QWidget *parent)
    : QFrame(parent),
      m_title(new QLabel(this)),
      m_node(selectable(this, "shipmentNode")),
      m_kind(new QLabel(this)),
      m_status(new QLabel(this)),
      m_fields(new QFormLayout),
      m_carrier(addRow(QStringLiteral("Carrier"), "shipmentCarrier")),
      m_service(addRow(QStringLiteral("Service"), "shipmentService")),
      m_tracking(addRow(QStringLiteral("Tracking"), "shipmentTracking")),
      m_routing(addRow(QStringLiteral("Routing"), "shipmentRouting")),
      m_note(addRow(QStringLiteral("Note"), "shipmentNote")),
      m_holds(addRow(QStringLiteral("Holds"), "shipmentHolds")),
      m_captured(addRow(QStringLiteral("Captured"), "shipmentCaptured")),
      m_collectBy(addRow(QStringLiteral("Collect by"), "shipmentCollectBy")),
      m_partnerRef(addRow(QStringLiteral("Partner ref"), "shipmentPartnerRef")),
      m_lines(selectable(this, "shipmentLines")),
      m_history(selectable(this, "shipmentHistory"))
{
    setObjectName(QStringLiteral("shipmentPanel"));
    DeskTheme::setRole(this, "panel");
    setMinimumWidth(320);

    m_title->setObjectName(QStringLiteral("shipmentTitle"));
    DeskTheme::setRole(m_title, "section");
    m_node->setWordWrap(false);
    QFont nodeFont = m_node->font();
    nodeFont.setBold(true);
    m_node->setFont(nodeFont);
    m_kind->setObjectName(QStringLiteral("shipmentKind"));
    DeskTheme::setRole(m_kind, "caption");
    m_status->setObjectName(QStringLiteral("shipmentStatus"));
    m_status->setToolTip(QStringLiteral("Shipment status"));

    auto *top = new QHBoxLayout;
    top->setSpacing(8);
    top->addWidget(m_title);
    top->addWidget(m_node);
    top->addWidget(m_kind);
    top->addStretch();
    top->addWidget(m_status);

    m_fields->setHorizontalSpacing(10);
    m_fields->setVerticalSpacing(3);
    m_fields->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_fields->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_lines->setTextFormat(Qt::RichText);
    m_history->setTextFormat(Qt::RichText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 10);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addLayout(m_fields);
    layout->addSpacing(4);
    layout->addWidget(caption(QStringLiteral("Lines"), this));
    layout->addWidget(m_lines);
    layout->addSpacing(4);
    layout->addWidget(caption(QStringLiteral("Timeline"), this));
    layout->addWidget(m_history);
    layout->addStretch();
}

QLabel *ShipmentPanel::addRow(const QString &text, const char *objectName)
{
    QLabel *value = selectable(this, objectName);
    m_fields->addRow(caption(text, this), value);
    return value;
}

void ShipmentPanel::setRow(QLabel *value, const QString &text, bool hideWhenEmpty)
{
    value->setText(text.isEmpty() ? kNone : text);
    m_fields->setRowVisible(value, !(hideWhenEmpty && text.isEmpty()));
}

void ShipmentPanel::setShipment(const ShipmentDetails &shipment)
{
    m_shipment = shipment;
    m_title->setText(shipment.label);
    setToolTip(QStringLiteral("Shipment %1").arg(shipment.shipmentId));
    m_node->setText(shipment.nodeId);
    m_kind->setText(DisplayText::shipmentKind(shipment.kind));
    // Tone before text, as in the order header: the pill's padding comes with it.
    DeskTheme::setTone(m_status, DisplayText::shipmentStatusTone(shipment.status));
    m_status->setText(DisplayText::shipmentStatus(shipment.status));

    setRow(m_carrier, shipment.carrier, false);
    setRow(m_service, shipment.service, false);
    setRow(m_tracking, shipment.trackingId, false);
    setRow(m_routing, shipment.routingReason, false);
    setRow(m_note, shipment.note, true);
    setRow(m_holds, shipment.holds.isEmpty() ? QStringLiteral("None") : shipment.holds.join(QLatin1Char('\n')),
           false);
    setRow(m_captured, shipment.captured, true);
    setRow(m_collectBy, DisplayText::dateTime(shipment.pickupExpiresAt), true);
    setRow(m_partnerRef, shipment.partnerRef, true);

    QList<QStringList> lines;
    for (const auto &line : shipment.lines)
        lines.append({line.sku, line.name, QStringLiteral("× %1").arg(line.quantity)});
    m_lines->setText(lines.isEmpty() ? kNone : htmlTable(lines, 2));

    QList<QStringList> history;
    for (const auto &change : shipment.history)
        history.append({DisplayText::dateTime(change.at), DisplayText::shipmentStatus(change.status),
                        change.note});
    m_history->setText(history.isEmpty() ? kNone : htmlTable(history));
}
