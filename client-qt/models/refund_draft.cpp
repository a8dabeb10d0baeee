#include "models/refund_draft.h"

#include "models/display_text.h"
#include "models/proto_text.h"

#include "oms/v1/order.pb.h"
#include "oms/v1/payment_service.pb.h"
#include "oms/v1/refund.pb.h"

#include <QStringList>

namespace {

QString tenderLabel(const oms::v1::Tender &tender)
{
    QString label = DisplayText::tenderType(int(tender.type()));
    if (!tender.card_last4().empty())
        label += QStringLiteral(" •••• %1").arg(ProtoText::str(tender.card_last4()));
    return label;
}

QString partKind(oms::v1::RefundPartKind kind)
{
    switch (kind) {
    case oms::v1::REFUND_PART_KIND_VOID: return QStringLiteral("Released (not captured)");
    case oms::v1::REFUND_PART_KIND_STORE_CREDIT: return QStringLiteral("As store credit");
    default: return QStringLiteral("Refund");
    }
}

QString partStatus(oms::v1::RefundPartStatus status)
{
    switch (status) {
    case oms::v1::REFUND_PART_STATUS_PENDING: return QStringLiteral("Pending");
    case oms::v1::REFUND_PART_STATUS_SUCCEEDED: return QStringLiteral("Done");
    default: return {};
    }
}

} // namespace

RefundDraft RefundDraft::fromOrder(const oms::v1::Order &order)
{
    RefundDraft draft;
    draft.orderId = ProtoText::str(order.order_id());
    draft.orderNumber = ProtoText::str(order.order_number());
    draft.currency = ProtoText::str(order.totals().total().currency());
    for (const oms::v1::OrderLine &line : order.lines()) {
        RefundableLine l;
        l.lineNo = line.line_no();
        l.sku = ProtoText::str(line.sku());
        l.name = ProtoText::str(line.name());
        l.refundable = qMax<qint64>(0, line.shipped() - line.refunded());
        l.unitMinor = line.unit_price().amount_minor();
        draft.lines.append(l);
    }
    draft.shippingMinor = order.totals().shipping().amount_minor();
    // Shipping goes back once per order: a refund that did not fail took it.
    bool shippingTaken = false;
    for (const oms::v1::Refund &refund : order.refunds())
        if (refund.status() != oms::v1::REFUND_STATUS_REJECTED && refund.shipping().amount_minor() > 0)
            shippingTaken = true;
    draft.shippingRefundable = draft.shippingMinor > 0 && !shippingTaken;
    for (const oms::v1::Tender &tender : order.tenders())
        draft.tenderLabels.insert(ProtoText::str(tender.tender_id()), tenderLabel(tender));
    return draft;
}

qint64 RefundDraft::chosenMinor() const
{
    qint64 sum = goodwillMinor;
    for (const RefundableLine &line : lines)
        sum += line.quantity * line.unitMinor;
    if (shipping && shippingRefundable)
        sum += shippingMinor;
    return sum;
}

QString RefundDraft::intent() const
{
    QStringList chosen;
    for (const RefundableLine &line : lines)
        if (line.quantity > 0)
            chosen.append(QStringLiteral("%1x%2%3").arg(line.lineNo).arg(line.quantity)
                                  .arg(line.restock ? QStringLiteral("r") : QString()));
    QStringList parts{QStringLiteral("refund"), orderId, QStringLiteral("lines:") + chosen.join(QLatin1Char(','))};
    if (shipping)
        parts.append(QStringLiteral("shipping"));
    parts.append(QStringLiteral("goodwill:%1").arg(goodwillMinor));
    parts.append(QStringLiteral("policy:%1").arg(policy));
    parts.append(QStringLiteral("reason:") + reason.trimmed());
    return parts.join(QLatin1Char('|'));
}

void RefundDraft::fillRequest(oms::v1::RefundOrderRequest *request) const
{
    request->set_order_id(orderId.toStdString());
    for (const RefundableLine &line : lines) {
        if (line.quantity <= 0)
            continue;
        oms::v1::RefundLine *out = request->add_lines();
        out->set_line_no(line.lineNo);
        out->set_quantity(line.quantity);
        out->set_restock(line.restock);
    }
    request->set_shipping(shipping);
    if (goodwillMinor > 0) {
        request->mutable_goodwill()->set_amount_minor(goodwillMinor);
        request->mutable_goodwill()->set_currency(currency.toStdString());
    }
    request->set_policy(oms::v1::RefundPolicy(policy));
    request->set_reason(reason.trimmed().toStdString());
}

RefundOutcome RefundOutcome::fromRefund(const oms::v1::Refund &refund,
                                        const QHash<QString, QString> &tenderLabels)
{
    RefundOutcome outcome;
    outcome.refundId = ProtoText::str(refund.refund_id());
    outcome.status = int(refund.status());
    outcome.needsApproval = refund.status() == oms::v1::REFUND_STATUS_PENDING_APPROVAL;
    outcome.amountMinor = refund.amount().amount_minor();
    outcome.amount = ProtoText::money(refund.amount());
    for (const oms::v1::RefundPart &part : refund.parts()) {
        RefundShare share;
        const QString id = ProtoText::str(part.tender_id());
        share.tender = tenderLabels.value(id, id);
        share.kind = partKind(part.kind());
        share.amount = ProtoText::money(part.amount());
        share.amountMinor = part.amount().amount_minor();
        // A preview has no refund id yet; its parts have no status to show.
        if (!outcome.refundId.isEmpty() && !outcome.needsApproval)
            share.status = partStatus(part.status());
        outcome.shares.append(share);
    }
    return outcome;
}

QString RefundOutcome::statusText() const
{
    switch (oms::v1::RefundStatus(status)) {
    case oms::v1::REFUND_STATUS_PENDING_APPROVAL:
        return QStringLiteral("Waits for a supervisor's approval: above your refund limit");
    case oms::v1::REFUND_STATUS_PENDING: return QStringLiteral("Paying out");
    case oms::v1::REFUND_STATUS_SUCCEEDED: return QStringLiteral("Paid out");
    case oms::v1::REFUND_STATUS_REJECTED: return QStringLiteral("Rejected by a supervisor");
    default: return QStringLiteral("Paid out at once: within your refund limit");
    }
}
