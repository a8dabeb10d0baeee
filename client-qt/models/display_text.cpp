#include "models/display_text.h"

#include "oms/v1/order.pb.h"
#include "oms/v1/order_service.pb.h"

#include <QHash>
#include <QLocale>

namespace DisplayText {

QString orderStatus(int status)
{
    switch (status) {
    case oms::v1::ORDER_STATUS_PENDING: return QStringLiteral("Pending");
    case oms::v1::ORDER_STATUS_CONFIRMED: return QStringLiteral("Confirmed");
    case oms::v1::ORDER_STATUS_PARTIALLY_FULFILLED: return QStringLiteral("Partially fulfilled");
    case oms::v1::ORDER_STATUS_FULFILLED: return QStringLiteral("Fulfilled");
    case oms::v1::ORDER_STATUS_CANCELLED: return QStringLiteral("Cancelled");
    case oms::v1::ORDER_STATUS_REFUNDED: return QStringLiteral("Refunded");
    case oms::v1::ORDER_STATUS_REJECTED: return QStringLiteral("Rejected");
    default: return QStringLiteral("Unknown");
    }
}

Tone orderStatusTone(int status)
{
    switch (status) {
    case oms::v1::ORDER_STATUS_PENDING: return Tone::Warning;
    case oms::v1::ORDER_STATUS_CONFIRMED:
    case oms::v1::ORDER_STATUS_PARTIALLY_FULFILLED: return Tone::Progress;
    case oms::v1::ORDER_STATUS_FULFILLED: return Tone::Good;
    case oms::v1::ORDER_STATUS_REJECTED: return Tone::Bad;
    default: return Tone::Neutral;
    }
}

QString paymentStatus(int status)
{
    switch (status) {
    case oms::v1::PAYMENT_STATUS_UNPAID: return QStringLiteral("Unpaid");
    case oms::v1::PAYMENT_STATUS_AUTHORIZED: return QStringLiteral("Authorized");
    case oms::v1::PAYMENT_STATUS_PARTIALLY_CAPTURED: return QStringLiteral("Partially captured");
    case oms::v1::PAYMENT_STATUS_CAPTURED: return QStringLiteral("Captured");
    case oms::v1::PAYMENT_STATUS_PARTIALLY_REFUNDED: return QStringLiteral("Partially refunded");
    case oms::v1::PAYMENT_STATUS_REFUNDED: return QStringLiteral("Refunded");
    case oms::v1::PAYMENT_STATUS_VOIDED: return QStringLiteral("Voided");
    default: return QStringLiteral("Unknown");
    }
}

Tone paymentStatusTone(int status)
{
    switch (status) {
    case oms::v1::PAYMENT_STATUS_UNPAID: return Tone::Warning;
    case oms::v1::PAYMENT_STATUS_AUTHORIZED:
    case oms::v1::PAYMENT_STATUS_PARTIALLY_CAPTURED: return Tone::Progress;
    case oms::v1::PAYMENT_STATUS_CAPTURED: return Tone::Good;
    default: return Tone::Neutral;
    }
}

QString fulfillmentStatus(int status)
{
    switch (status) {
    case oms::v1::FULFILLMENT_STATUS_UNFULFILLED: return QStringLiteral("Unfulfilled");
    case oms::v1::FULFILLMENT_STATUS_PARTIALLY_SHIPPED: return QStringLiteral("Partially shipped");
    case oms::v1::FULFILLMENT_STATUS_SHIPPED: return QStringLiteral("Shipped");
    case oms::v1::FULFILLMENT_STATUS_PARTIALLY_DELIVERED: return QStringLiteral("Partially delivered");
    case oms::v1::FULFILLMENT_STATUS_DELIVERED: return QStringLiteral("Delivered");
    case oms::v1::FULFILLMENT_STATUS_BACKORDERED: return QStringLiteral("Backordered");
    case oms::v1::FULFILLMENT_STATUS_PREORDERED: return QStringLiteral("Preordered");
    default: return QStringLiteral("Unknown");
    }
}

Tone fulfillmentStatusTone(int status)
{
    switch (status) {
    case oms::v1::FULFILLMENT_STATUS_UNFULFILLED: return Tone::Neutral;
    case oms::v1::FULFILLMENT_STATUS_PARTIALLY_SHIPPED:
    case oms::v1::FULFILLMENT_STATUS_SHIPPED:
    case oms::v1::FULFILLMENT_STATUS_PARTIALLY_DELIVERED: return Tone::Progress;
    case oms::v1::FULFILLMENT_STATUS_DELIVERED: return Tone::Good;
    case oms::v1::FULFILLMENT_STATUS_BACKORDERED:
    case oms::v1::FULFILLMENT_STATUS_PREORDERED: return Tone::Warning;
    default: return Tone::Neutral;
    }
}

QString holdReason(int reason)
{
    switch (reason) {
    case oms::v1::HOLD_REASON_AWAITING_PAYMENT: return QStringLiteral("Awaiting payment");
    case oms::v1::HOLD_REASON_FRAUD_REVIEW: return QStringLiteral("Fraud review");
    case oms::v1::HOLD_REASON_ADDRESS_CHECK: return QStringLiteral("Address check");
    case oms::v1::HOLD_REASON_CUSTOMER_REQUEST: return QStringLiteral("Customer request");
    case oms::v1::HOLD_REASON_STOCK: return QStringLiteral("Stock");
    case oms::v1::HOLD_REASON_AWAITING_RETURN: return QStringLiteral("Awaiting return");
    default: return QStringLiteral("Hold");
    }
}

QString cancelReason(int reason)
{
    switch (reason) {
    case oms::v1::CANCEL_REASON_CUSTOMER_REQUEST: return QStringLiteral("Customer request");
    case oms::v1::CANCEL_REASON_FRAUD: return QStringLiteral("Fraud");
    case oms::v1::CANCEL_REASON_PAYMENT_FAILURE: return QStringLiteral("Payment failure");
    case oms::v1::CANCEL_REASON_OUT_OF_STOCK: return QStringLiteral("Out of stock");
    case oms::v1::CANCEL_REASON_DUPLICATE: return QStringLiteral("Duplicate order");
    case oms::v1::CANCEL_REASON_OTHER: return QStringLiteral("Other");
    default: return QStringLiteral("Unspecified");
    }
}

QString cancelEffect(int effect)
{
    switch (effect) {
    case oms::v1::CANCEL_EFFECT_CANCEL: return QStringLiteral("Cancelled now");
    case oms::v1::CANCEL_EFFECT_ASK_NODE: return QStringLiteral("The node must accept");
    case oms::v1::CANCEL_EFFECT_RETURN_INSTEAD: return QStringLiteral("Too late: return instead");
    default: return QStringLiteral("—");
    }
}

QString tenderType(int type)
{
    switch (type) {
    case oms::v1::TENDER_TYPE_CARD: return QStringLiteral("Card");
    case oms::v1::TENDER_TYPE_WALLET: return QStringLiteral("Wallet");
    case oms::v1::TENDER_TYPE_STORE_CREDIT: return QStringLiteral("Store credit");
    case oms::v1::TENDER_TYPE_CASH: return QStringLiteral("Cash");
    case oms::v1::TENDER_TYPE_MARKETPLACE: return QStringLiteral("Marketplace");
    default: return QStringLiteral("Unknown");
    }
}

QString tenderStatus(int status)
{
    switch (status) {
    case oms::v1::TENDER_STATUS_PENDING: return QStringLiteral("Pending");
    case oms::v1::TENDER_STATUS_AUTHORIZED: return QStringLiteral("Authorized");
    case oms::v1::TENDER_STATUS_DECLINED: return QStringLiteral("Declined");
    case oms::v1::TENDER_STATUS_CAPTURED: return QStringLiteral("Captured");
    case oms::v1::TENDER_STATUS_VOIDED: return QStringLiteral("Voided");
    case oms::v1::TENDER_STATUS_REFUNDED: return QStringLiteral("Refunded");
    default: return QStringLiteral("Unknown");
    }
}

Tone tenderStatusTone(int status)
{
    switch (status) {
    case oms::v1::TENDER_STATUS_PENDING: return Tone::Warning;
    case oms::v1::TENDER_STATUS_AUTHORIZED: return Tone::Progress;
    case oms::v1::TENDER_STATUS_DECLINED: return Tone::Bad;
    case oms::v1::TENDER_STATUS_CAPTURED: return Tone::Good;
    default: return Tone::Neutral;
    }
}

QString shipmentStatus(int status)
{
    switch (status) {
    case oms::v1::SHIPMENT_STATUS_CREATED: return QStringLiteral("Created");
    case oms::v1::SHIPMENT_STATUS_PICKING: return QStringLiteral("Picking");
    case oms::v1::SHIPMENT_STATUS_PACKED: return QStringLiteral("Packed");
    case oms::v1::SHIPMENT_STATUS_SHIPPED: return QStringLiteral("Shipped");
    case oms::v1::SHIPMENT_STATUS_DELIVERED: return QStringLiteral("Delivered");
    case oms::v1::SHIPMENT_STATUS_READY_FOR_PICKUP: return QStringLiteral("Ready for pickup");
    case oms::v1::SHIPMENT_STATUS_PICKED_UP: return QStringLiteral("Picked up");
    case oms::v1::SHIPMENT_STATUS_CANCELLED: return QStringLiteral("Cancelled");
    case oms::v1::SHIPMENT_STATUS_REJECTED: return QStringLiteral("Rejected");
    case oms::v1::SHIPMENT_STATUS_EXCEPTION: return QStringLiteral("Exception");
    default: return QStringLiteral("Unknown");
    }
}

Tone shipmentStatusTone(int status)
{
    switch (status) {
    case oms::v1::SHIPMENT_STATUS_PICKING:
    case oms::v1::SHIPMENT_STATUS_PACKED:
    case oms::v1::SHIPMENT_STATUS_SHIPPED:
    case oms::v1::SHIPMENT_STATUS_READY_FOR_PICKUP: return Tone::Progress;
    case oms::v1::SHIPMENT_STATUS_DELIVERED:
    case oms::v1::SHIPMENT_STATUS_PICKED_UP: return Tone::Good;
    case oms::v1::SHIPMENT_STATUS_REJECTED:
    case oms::v1::SHIPMENT_STATUS_EXCEPTION: return Tone::Bad;
    default: return Tone::Neutral;
    }
}

QString shipmentKind(int kind)
{
    switch (kind) {
    case oms::v1::SHIPMENT_KIND_SHIP: return QStringLiteral("Ship");
    case oms::v1::SHIPMENT_KIND_PICKUP: return QStringLiteral("Pickup");
    case oms::v1::SHIPMENT_KIND_CARRY_OUT: return QStringLiteral("Carry-out");
    default: return QStringLiteral("Unknown");
    }
}

QList<std::pair<int, QString>> orderStatusChoices()
{
    QList<std::pair<int, QString>> choices;
    for (int status = oms::v1::ORDER_STATUS_PENDING; status <= oms::v1::ORDER_STATUS_REJECTED;
         ++status)
        choices.append({status, orderStatus(status)});
    return choices;
}

QStringList knownChannels()
{
    return {QStringLiteral("web"), QStringLiteral("pos"), QStringLiteral("marketplace"),
            QStringLiteral("phone")};
}

QString money(qint64 amountMinor, const QString &currency)
{
    // ISO 4217 exponents that are not 2, among the currencies a shop meets.
    static const QStringList noMinor = {QStringLiteral("JPY"), QStringLiteral("KRW"),
                                        QStringLiteral("ISK"), QStringLiteral("CLP")};
    static const QStringList threeMinor = {QStringLiteral("KWD"), QStringLiteral("BHD"),
                                           QStringLiteral("JOD"), QStringLiteral("OMR"),
                                           QStringLiteral("TND")};
    int decimals = 2;
    if (noMinor.contains(currency))
        decimals = 0;
    else if (threeMinor.contains(currency))
        decimals = 3;
    qint64 divisor = 1;
    for (int i = 0; i < decimals; ++i)
        divisor *= 10;
    // Whole and fraction apart: a double would round large amounts.
    const bool negative = amountMinor < 0;
    const quint64 magnitude = negative ? quint64(-(amountMinor + 1)) + 1 : quint64(amountMinor);
    const QLocale locale;
    QString text = locale.toString(qulonglong(magnitude / quint64(divisor)));
    if (decimals > 0)
        text += locale.decimalPoint()
                + QStringLiteral("%1").arg(qulonglong(magnitude % quint64(divisor)), decimals, 10,
                                           QLatin1Char('0'));
    if (negative)
        text.prepend(locale.negativeSign());
    if (currency.isEmpty())
        return text;
    static const QHash<QString, QString> symbols = {
            {QStringLiteral("EUR"), QStringLiteral("€")}, {QStringLiteral("USD"), QStringLiteral("$")},
            {QStringLiteral("GBP"), QStringLiteral("£")}, {QStringLiteral("JPY"), QStringLiteral("¥")}};
    const auto symbol = symbols.constFind(currency);
    if (symbol != symbols.constEnd())
        return negative ? locale.negativeSign() + *symbol + text.mid(1) : *symbol + text;
    return text + QLatin1Char(' ') + currency;
}

QString dateTime(const QDateTime &value)
{
    if (!value.isValid())
        return {};
    return value.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

} // namespace DisplayText
