#include "models/pos_receipt.h"

#include "models/display_text.h"

#include "oms/v1/order.pb.h"

#include <QDateTime>
#include <QFile>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

PosReceipt PosReceipt::fromOrder(const oms::v1::Order &order, qint64 changeMinor, bool replayed,
                                const QList<Tender> &taken)
{
    PosReceipt r;
    const QString currency = QString::fromStdString(order.totals().total().currency());
    auto money = [&](const oms::v1::Money &m) {
        return DisplayText::money(m.amount_minor(), QString::fromStdString(m.currency()));
    };
    r.orderId = QString::fromStdString(order.order_id());
    r.orderNumber = QString::fromStdString(order.order_number());
    r.store = QString::fromStdString(order.pickup_node_id());
    r.placedAt = DisplayText::dateTime(
            QDateTime::fromSecsSinceEpoch(order.created_at().seconds(), Qt::UTC));
    r.status = order.status();
    r.rejectionReason = QString::fromStdString(order.rejection_reason());
    r.subtotal = money(order.totals().subtotal());
    r.shipping = money(order.totals().shipping());
    r.tax = money(order.totals().tax());
    r.total = money(order.totals().total());
    r.change = DisplayText::money(changeMinor, currency);
    r.shippingOption = QString::fromStdString(order.shipping_option());
    r.replayed = replayed;
    for (const auto &l : order.lines())
        r.lines.append({QString::fromStdString(l.sku()), QString::fromStdString(l.name()),
                        money(l.unit_price()), money(l.line_total()), l.ordered()});
    for (const auto &t : order.tenders())
        r.tenders.append({DisplayText::tenderType(t.type()), money(t.amount()),
                          DisplayText::tenderStatus(t.status()),
                          QString::fromStdString(t.decline_reason())});
    if (r.tenders.isEmpty())
        r.tenders = taken;
    return r;
}

bool PosReceipt::isPending() const
{
    return status == oms::v1::ORDER_STATUS_PENDING;
}

bool PosReceipt::isRejected() const
{
    return status == oms::v1::ORDER_STATUS_REJECTED;
}

QString PosReceipt::problem() const
{
    if (!isRejected())
        return {};
    for (const Tender &t : tenders) {
        if (!t.declineReason.isEmpty())
            return QStringLiteral("The card was declined (%1). Ask for another card or another "
                                  "way to pay, then place the sale again.")
                    .arg(t.declineReason);
    }
    return QStringLiteral("The sale %1 was refused: %2. Change the sale and place it again.")
            .arg(orderNumber, rejectionReason.isEmpty() ? QStringLiteral("no reason given")
                                                        : rejectionReason);
}

QString PosReceipt::html() const
{
    auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    QString h = QStringLiteral("<h2>Receipt</h2><p>Order <b>%1</b><br>Store %2<br>%3</p>")
                        .arg(esc(orderNumber), esc(store), esc(placedAt));
    h += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='2'>"
                        "<tr><th align='left'>Item</th><th align='right'>Qty</th>"
                        "<th align='right'>Price</th><th align='right'>Total</th></tr>");
    for (const Line &l : lines)
        h += QStringLiteral("<tr><td>%1<br><small>%2</small></td><td align='right'>%3</td>"
                            "<td align='right'>%4</td><td align='right'>%5</td></tr>")
                     .arg(esc(l.name), esc(l.sku))
                     .arg(l.quantity)
                     .arg(esc(l.unitPrice), esc(l.total));
    h += QStringLiteral("</table><hr><table width='100%'>");
    auto row = [&](const QString &label, const QString &value, bool bold = false) {
        h += QStringLiteral("<tr><td>%1</td><td align='right'>%2%3%4</td></tr>")
                     .arg(esc(label), bold ? QStringLiteral("<b>") : QString(), esc(value),
                          bold ? QStringLiteral("</b>") : QString());
    };
    row(QStringLiteral("Subtotal"), subtotal);
    row(QStringLiteral("Shipping"), shipping);
    row(QStringLiteral("Tax"), tax);
    row(QStringLiteral("Total"), total, true);
    for (const Tender &t : tenders)
        row(t.status.isEmpty() ? QStringLiteral("Paid by %1").arg(t.kind)
                               : QStringLiteral("Paid by %1 (%2)").arg(t.kind, t.status.toLower()),
            t.amount);
    row(QStringLiteral("Change"), change);
    h += QStringLiteral("</table>");
    return h;
}

void PosReceipt::print(QPagedPaintDevice *device) const
{
    QTextDocument document;
    document.setHtml(html());
    document.print(device);
}

bool PosReceipt::savePdf(const QString &path, QString *error) const
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A5));
    writer.setTitle(QStringLiteral("Receipt %1").arg(orderNumber));
    print(&writer);
    QFile written(path);
    if (!written.exists() || written.size() == 0) {
        if (error)
            *error = QStringLiteral("The receipt could not be written to %1. Choose a folder you "
                                    "may write to.")
                             .arg(path);
        return false;
    }
    return true;
}
