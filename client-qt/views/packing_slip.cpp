#include "views/packing_slip.h"

#include "models/display_text.h"
#include "models/shipment_board_model.h"

#include <QFile>
#include <QFileInfo>
#include <QPageLayout>
#include <QPrinter>
#include <QTextDocument>

namespace PackingSlip {

QString html(const BoardShipment &shipment, const QString &shipTo)
{
    const ShipmentDetails &d = shipment.details;
    QString rows;
    for (const auto &line : d.lines)
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td align=right>%4</td></tr>")
                        .arg(line.lineNo)
                        .arg(line.sku.toHtmlEscaped(), line.name.toHtmlEscaped())
                        .arg(line.quantity);
    QString shipToHtml = shipTo.toHtmlEscaped();
    shipToHtml.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    const QString carrier = d.carrier.isEmpty()
            ? QString()
            : QStringLiteral("<p>%1 %2 %3</p>")
                      .arg(d.carrier.toHtmlEscaped(), d.service.toHtmlEscaped(),
                           d.trackingId.toHtmlEscaped());
    return QStringLiteral(
                   "<h1>Packing slip</h1>"
                   "<p style='font-size:28pt; font-family:monospace'><b>%1</b></p>"
                   "<p>Order <b>%2</b> · shipment %3 · from %4 · %5</p>"
                   "<h3>Ship to</h3><p>%6</p>%7"
                   "<table width=100% cellspacing=0 cellpadding=4 border=1>"
                   "<tr><th align=left>Line</th><th align=left>SKU</th><th align=left>Item</th>"
                   "<th align=right>Qty</th></tr>%8</table>")
            .arg(d.shipmentId.toHtmlEscaped(),
                 (shipment.orderNumber.isEmpty() ? shipment.orderId : shipment.orderNumber).toHtmlEscaped(),
                 d.label.toHtmlEscaped(), d.nodeId.toHtmlEscaped(), DisplayText::shipmentKind(d.kind),
                 shipToHtml.isEmpty() ? QStringLiteral("—") : shipToHtml, carrier, rows);
}

void print(const BoardShipment &shipment, const QString &shipTo, QPrinter *printer)
{
    QTextDocument document;
    document.setHtml(html(shipment, shipTo));
    document.print(printer);
}

bool savePdf(const BoardShipment &shipment, const QString &shipTo, const QString &path,
             QString *error)
{
    QFile::remove(path); // so that a file left from before does not count as written
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setOutputFileName(path);
    printer.setPageSize(QPageSize(QPageSize::A4));
    printer.setDocName(QStringLiteral("Packing slip %1").arg(shipment.details.shipmentId));
    print(shipment, shipTo, &printer);
    if (!QFileInfo(path).isFile() || QFileInfo(path).size() == 0) {
        if (error)
            *error = QStringLiteral("Could not write %1. Choose a folder you may write to.").arg(path);
        return false;
    }
    return true;
}

} // namespace PackingSlip
