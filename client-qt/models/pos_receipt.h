#pragma once

#include <QList>
#include <QString>

namespace oms::v1 {
class Order;
}
class QPagedPaintDevice;

// A placed POS sale as the server answered it (the order's own lines,
// totals and tenders: the truth, not the till's estimate), and its receipt
// as a printable document.
struct PosReceipt
{
    struct Line
    {
        QString sku, name, unitPrice, total;
        qint64 quantity = 0;
    };
    struct Tender
    {
        QString kind, amount, status, declineReason;
    };

    QString orderId;
    QString orderNumber;
    QString store;
    QString placedAt;
    int status = 0;           // oms.v1.OrderStatus
    QString rejectionReason;
    QString subtotal, shipping, tax, total, change;
    QString shippingOption;
    QList<Line> lines;
    QList<Tender> tenders;
    bool replayed = false;

    // `taken`: the tenders the till sent, shown when the answer has none (a
    // role that may not see payments, such as store staff, gets the order
    // without its tenders; the server accepted exactly these amounts).
    static PosReceipt fromOrder(const oms::v1::Order &order, qint64 changeMinor, bool replayed,
                                const QList<Tender> &taken = {});
    // Card authorization still running (the order is PENDING).
    bool isPending() const;
    bool isRejected() const;
    // Why a rejected sale failed, in words for the cashier.
    QString problem() const;
    QString html() const;
    // Renders html() on a printer or a PDF writer.
    void print(QPagedPaintDevice *device) const;
    // Writes a PDF file; false with *error set when it cannot be written.
    bool savePdf(const QString &path, QString *error) const;
};
