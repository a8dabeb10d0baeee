#pragma once

#include <QString>

struct BoardShipment;
class QPrinter;

// The packing slip that goes into the parcel: order number, ship-to, the
// shipment id in large type (to scan or type at the packing table) and the
// lines with SKU, name and quantity. Drawn with QTextDocument, so the same
// page goes to a PDF file or to a printer (QPrinter, Qt Print Support).
namespace PackingSlip {

QString html(const BoardShipment &shipment, const QString &shipTo);
// Writes a PDF; false and `error` when the file cannot be written.
bool savePdf(const BoardShipment &shipment, const QString &shipTo, const QString &path,
             QString *error);
void print(const BoardShipment &shipment, const QString &shipTo, QPrinter *printer);

} // namespace PackingSlip
