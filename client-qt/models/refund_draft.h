#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace oms::v1 {
class Order;
class Refund;
class RefundOrderRequest;
} // namespace oms::v1

// One line of an order as a refund sees it.
struct RefundableLine
{
    int lineNo = 0;
    QString sku;
    QString name;
    qint64 refundable = 0; // shipped - refunded: what may be refunded now
    qint64 unitMinor = 0;
    qint64 quantity = 0;   // chosen
    bool restock = false;  // chosen: back into the shipping node's stock
};

// What the agent asks to refund on one order: lines and quantities, the
// shipping charge, a goodwill amount, the reason and the split policy.
// Built from the Order proto (fromOrder), turned into a RefundOrderRequest
// (fillRequest); intent() names the choice for IntentKeys.
struct RefundDraft
{
    QString orderId;
    QString orderNumber;
    QString currency;
    QList<RefundableLine> lines;
    qint64 shippingMinor = 0;     // the order's shipping charge
    bool shippingRefundable = false;
    bool shipping = false;        // chosen
    qint64 goodwillMinor = 0;     // chosen
    QString reason;
    int policy = 0;               // oms.v1.RefundPolicy
    // tender id -> "Card •••• 4242", "Wallet", "Store credit"
    QHash<QString, QString> tenderLabels;

    static RefundDraft fromOrder(const oms::v1::Order &order);

    // Lines, shipping and goodwill as chosen, before the server's split.
    qint64 chosenMinor() const;
    bool isEmpty() const { return chosenMinor() <= 0; }
    // "refund|<order id>|lines:1x2r,3x1|shipping|goodwill:500|policy:0|reason:<reason>":
    // the action, the order and every choice.
    QString intent() const;
    void fillRequest(oms::v1::RefundOrderRequest *request) const;
};

// One tender's share of a refund, in words.
struct RefundShare
{
    QString tender;  // "Card •••• 4242", "Wallet", "Store credit"
    QString kind;    // "Refund", "Void", "As store credit"
    QString amount;  // "19.99 EUR"
    qint64 amountMinor = 0;
    QString status;  // "Pending", "Done", empty in a preview
};

// A refund as the server answered it (PreviewRefund, RefundOrder).
struct RefundOutcome
{
    QString refundId;
    int status = 0;  // oms.v1.RefundStatus
    bool needsApproval = false;
    qint64 amountMinor = 0;
    QString amount;
    QList<RefundShare> shares;

    static RefundOutcome fromRefund(const oms::v1::Refund &refund,
                                    const QHash<QString, QString> &tenderLabels);
    // "Paid out", "Waits for a supervisor's approval", ...
    QString statusText() const;
};
