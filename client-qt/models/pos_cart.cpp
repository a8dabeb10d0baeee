#include "models/pos_cart.h"

#include "models/display_text.h"

#include "oms/v1/catalog_service.pb.h"
#include "oms/v1/order_service.pb.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace {

constexpr qint64 kMaxQuantity = 999;

QString kindName(PosCart::TenderKind kind)
{
    switch (kind) {
    case PosCart::TenderKind::Cash: return QStringLiteral("cash");
    case PosCart::TenderKind::Card: return QStringLiteral("card");
    case PosCart::TenderKind::StoreCredit: return QStringLiteral("store credit");
    case PosCart::TenderKind::Wallet: return QStringLiteral("wallet");
    }
    return {};
}

} // namespace

PosPricing PosPricing::fromJson(const QByteArray &json)
{
    PosPricing pricing;
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    for (const QJsonValue &rate : root.value(QStringLiteral("tax_rates")).toArray()) {
        const QJsonObject r = rate.toObject();
        pricing.taxRateBp.insert(r.value(QStringLiteral("region")).toString() + QLatin1Char('|')
                                         + r.value(QStringLiteral("tax_class")).toString(),
                                 r.value(QStringLiteral("rate_bp")).toInt());
    }
    for (const QJsonValue &option : root.value(QStringLiteral("shipping_options")).toArray()) {
        const QJsonObject o = option.toObject();
        const QJsonObject prices = o.value(QStringLiteral("prices")).toObject();
        for (auto it = prices.begin(); it != prices.end(); ++it)
            pricing.shippingMinor.insert(o.value(QStringLiteral("code")).toString()
                                                 + QLatin1Char('|') + it.key(),
                                         qint64(it.value().toDouble()));
    }
    return pricing;
}

PosPricing PosPricing::builtIn()
{
    QFile file(QStringLiteral(":/desk/pricing.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return fromJson(file.readAll());
}

qint64 PosPricing::tax(const QString &region, const QString &taxClass, qint64 amountMinor) const
{
    const int rate = taxRateBp.value(region + QLatin1Char('|') + taxClass, 0);
    return (amountMinor * rate + 5000) / 10000; // half up, as the server rounds
}

qint64 PosPricing::shipping(const QString &option, const QString &currency) const
{
    return shippingMinor.value(option + QLatin1Char('|') + currency, 0);
}

PosCart::PosCart(PosPricing pricing, QObject *parent)
    : QAbstractTableModel(parent), m_pricing(std::move(pricing))
{
}

int PosCart::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int PosCart::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PosCart::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_lines.size())
        return {};
    const Line &line = m_lines.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() != Sku && index.column() != Name)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case Sku: return line.sku;
    case Name: return line.name;
    case UnitPrice: return DisplayText::money(line.unitPriceMinor, m_currency);
    case Quantity: return line.quantity;
    case LineTotal: return DisplayText::money(line.totalMinor(), m_currency);
    default: return {};
    }
}

QVariant PosCart::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Sku: return QStringLiteral("SKU");
    case Name: return QStringLiteral("Product");
    case UnitPrice: return QStringLiteral("Price");
    case Quantity: return QStringLiteral("Qty");
    case LineTotal: return QStringLiteral("Total");
    default: return {};
    }
}

Qt::ItemFlags PosCart::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Quantity)
        f |= Qt::ItemIsEditable;
    return f;
}

bool PosCart::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.column() != Quantity)
        return false;
    bool ok = false;
    const qint64 quantity = value.toLongLong(&ok);
    if (!ok || quantity < 0 || quantity > kMaxQuantity)
        return false;
    setQuantity(index.row(), quantity);
    return true;
}

std::pair<qint64, QString> PosCart::parseScan(const QString &text)
{
    static const QRegularExpression withCount(QStringLiteral("^\\s*(\\d+)\\s*[*xX]\\s*(\\S+)\\s*$"));
    const QRegularExpressionMatch m = withCount.match(text);
    if (m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        if (n < 1 || n > kMaxQuantity)
            return {0, m.captured(2).toUpper()};
        return {n, m.captured(2).toUpper()};
    }
    const QString sku = text.trimmed().toUpper();
    if (sku.isEmpty() || sku.contains(QLatin1Char(' ')))
        return {0, sku};
    return {1, sku};
}

void PosCart::addProduct(const oms::v1::Product &product, qint64 quantity)
{
    if (m_currency.isEmpty())
        setCurrency(QString::fromStdString(product.price().currency()));
    addLine({QString::fromStdString(product.sku()), QString::fromStdString(product.name()),
             product.price().amount_minor(), QString::fromStdString(product.tax_class()),
             quantity});
}

void PosCart::addLine(const Line &line)
{
    for (int row = 0; row < m_lines.size(); ++row) {
        if (m_lines.at(row).sku == line.sku) {
            setQuantity(row, std::min(kMaxQuantity, m_lines.at(row).quantity + line.quantity));
            return;
        }
    }
    beginInsertRows({}, int(m_lines.size()), int(m_lines.size()));
    m_lines.append(line);
    endInsertRows();
    Q_EMIT changed();
}

void PosCart::setQuantity(int row, qint64 quantity)
{
    if (row < 0 || row >= m_lines.size())
        return;
    if (quantity <= 0) {
        removeLine(row);
        return;
    }
    m_lines[row].quantity = quantity;
    Q_EMIT dataChanged(index(row, Quantity), index(row, LineTotal));
    Q_EMIT changed();
}

void PosCart::removeLine(int row)
{
    if (row < 0 || row >= m_lines.size())
        return;
    beginRemoveRows({}, row, row);
    m_lines.removeAt(row);
    endRemoveRows();
    Q_EMIT changed();
}

void PosCart::addTender(const Tender &tender)
{
    m_tenders.append(tender);
    Q_EMIT changed();
}

void PosCart::setTender(int index, const Tender &tender)
{
    if (index < 0 || index >= m_tenders.size())
        return;
    m_tenders[index] = tender;
    Q_EMIT changed();
}

void PosCart::removeTender(int index)
{
    if (index < 0 || index >= m_tenders.size())
        return;
    m_tenders.removeAt(index);
    Q_EMIT changed();
}

qint64 PosCart::tenderedMinor() const
{
    qint64 sum = 0;
    for (const Tender &t : m_tenders)
        sum += t.amountMinor;
    return sum;
}

qint64 PosCart::remainingMinor() const
{
    return std::max<qint64>(0, totalMinor() - tenderedMinor());
}

qint64 PosCart::changeDueMinor() const
{
    qint64 cash = 0;
    for (const Tender &t : m_tenders) {
        if (t.kind == TenderKind::Cash)
            cash += t.amountMinor;
    }
    const qint64 over = tenderedMinor() - totalMinor();
    return over > 0 ? std::min(over, cash) : 0;
}

void PosCart::setStore(const QString &storeId, const QString &region)
{
    m_store = storeId;
    m_region = region;
    Q_EMIT changed();
}

void PosCart::setCurrency(const QString &currency)
{
    m_currency = currency;
    Q_EMIT changed();
}

void PosCart::setCustomer(const Customer &customer)
{
    m_customer = customer;
    Q_EMIT changed();
}

void PosCart::clearCustomer()
{
    m_customer = {};
    Q_EMIT changed();
}

void PosCart::setFulfilment(Fulfilment fulfilment)
{
    m_fulfilment = fulfilment;
    Q_EMIT changed();
}

void PosCart::setAddress(const Address &address)
{
    m_address = address;
    Q_EMIT changed();
}

qint64 PosCart::subtotalMinor() const
{
    qint64 sum = 0;
    for (const Line &line : m_lines)
        sum += line.totalMinor();
    return sum;
}

qint64 PosCart::shippingMinor() const
{
    return m_pricing.shipping(shippingOption(), m_currency);
}

qint64 PosCart::taxMinor() const
{
    qint64 tax = 0;
    for (const Line &line : m_lines)
        tax += m_pricing.tax(m_region, line.taxClass, line.totalMinor());
    const qint64 shipping = shippingMinor();
    if (shipping > 0)
        tax += m_pricing.tax(m_region, QStringLiteral("standard"), shipping);
    return tax;
}

qint64 PosCart::totalMinor() const
{
    return m_lines.isEmpty() ? 0 : subtotalMinor() + shippingMinor() + taxMinor();
}

QString PosCart::whyNotReady() const
{
    if (m_store.isEmpty())
        return QStringLiteral("No store to sell for: your account is not bound to a store.");
    if (m_lines.isEmpty())
        return QStringLiteral("Scan or type a SKU to start the sale.");
    if (m_fulfilment == Fulfilment::Ship
        && (m_address.line1.trimmed().isEmpty() || m_address.city.trimmed().isEmpty()
            || m_address.postalCode.trimmed().isEmpty() || m_address.country.trimmed().isEmpty()))
        return QStringLiteral("Enter the street, city, postal code and country to ship to.");
    qint64 storeCredit = 0;
    qint64 wallet = 0;
    for (const Tender &t : m_tenders) {
        if (t.amountMinor <= 0)
            return QStringLiteral("Enter an amount for the %1 tender, or remove it.")
                    .arg(kindName(t.kind));
        if (t.kind == TenderKind::Card && t.cardToken.trimmed().isEmpty())
            return QStringLiteral("Enter the card token the terminal gave for the card tender.");
        if (t.kind == TenderKind::StoreCredit)
            storeCredit += t.amountMinor;
        if (t.kind == TenderKind::Wallet)
            wallet += t.amountMinor;
    }
    if ((storeCredit > 0 || wallet > 0) && !hasCustomer())
        return QStringLiteral("Look up the customer to pay with store credit or wallet.");
    if (storeCredit > m_customer.storeCreditMinor)
        return QStringLiteral("%1 has %2 store credit; lower the store credit tender.")
                .arg(m_customer.name, DisplayText::money(m_customer.storeCreditMinor, m_currency));
    if (wallet > m_customer.walletMinor)
        return QStringLiteral("%1 has %2 in the wallet; lower the wallet tender.")
                .arg(m_customer.name, DisplayText::money(m_customer.walletMinor, m_currency));
    const qint64 remaining = remainingMinor();
    if (remaining > 0)
        return QStringLiteral("Take %1 more: the tenders cover %2 of %3.")
                .arg(DisplayText::money(remaining, m_currency),
                     DisplayText::money(tenderedMinor(), m_currency),
                     DisplayText::money(totalMinor(), m_currency));
    if (tenderedMinor() - changeDueMinor() > totalMinor())
        return QStringLiteral("Card, store credit and wallet add up to more than the total; "
                              "only cash can be more (the change is given back).");
    return {};
}

QString PosCart::intent() const
{
    QStringList parts{QStringLiteral("pos-sale"), m_store, shippingOption(), m_customer.id};
    for (const Line &line : m_lines)
        parts << QStringLiteral("%1x%2").arg(line.sku).arg(line.quantity);
    for (const Tender &t : m_tenders)
        parts << QStringLiteral("%1:%2:%3").arg(int(t.kind)).arg(t.amountMinor).arg(t.cardToken);
    if (m_fulfilment == Fulfilment::Ship)
        parts << QStringList{m_address.name, m_address.line1, m_address.line2, m_address.city,
                             m_address.postalCode, m_address.country}
                         .join(QLatin1Char('/'));
    return parts.join(QLatin1Char('|'));
}

oms::v1::PlaceOrderRequest PosCart::toRequest(const QString &requestId) const
{
    oms::v1::PlaceOrderRequest request;
    request.set_request_id(requestId.toStdString());
    request.set_channel("pos");
    request.set_currency(m_currency.toStdString());
    request.set_compute_totals(true);
    request.set_shipping_option(shippingOption().toStdString());
    request.set_pickup_node_id(m_store.toStdString());
    if (hasCustomer())
        request.set_customer_id(m_customer.id.toStdString());
    if (m_fulfilment == Fulfilment::Ship) {
        oms::v1::Address *a = request.mutable_shipping_address();
        a->set_name(m_address.name.toStdString());
        a->set_line1(m_address.line1.toStdString());
        a->set_line2(m_address.line2.toStdString());
        a->set_city(m_address.city.toStdString());
        a->set_postal_code(m_address.postalCode.toStdString());
        a->set_country(m_address.country.trimmed().toUpper().toStdString());
        a->set_phone(m_address.phone.toStdString());
    }
    for (const Line &line : m_lines) {
        oms::v1::LineInput *in = request.add_lines();
        in->set_sku(line.sku.toStdString());
        in->set_quantity(line.quantity);
    }
    qint64 change = changeDueMinor();
    for (const Tender &t : m_tenders) {
        qint64 amount = t.amountMinor;
        if (t.kind == TenderKind::Cash && change > 0) {
            const qint64 back = std::min(change, amount);
            amount -= back;
            change -= back;
        }
        if (amount <= 0)
            continue;
        oms::v1::TenderInput *in = request.add_tenders();
        in->set_type(oms::v1::TenderType(int(t.kind)));
        in->mutable_amount()->set_amount_minor(amount);
        in->mutable_amount()->set_currency(m_currency.toStdString());
        if (t.kind == TenderKind::Card)
            in->set_card_token(t.cardToken.trimmed().toStdString());
    }
    return request;
}

void PosCart::clear()
{
    beginResetModel();
    m_lines.clear();
    endResetModel();
    m_tenders.clear();
    m_customer = {};
    m_address = {};
    m_fulfilment = Fulfilment::CarryOut;
    Q_EMIT changed();
}

QString PosCart::shippingOption() const
{
    switch (m_fulfilment) {
    case Fulfilment::CarryOut: return QStringLiteral("carry_out");
    case Fulfilment::PickUpLater: return QStringLiteral("pickup");
    case Fulfilment::Ship: return QStringLiteral("standard");
    }
    return {};
}
