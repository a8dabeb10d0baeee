#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>

namespace oms::v1 {
class PlaceOrderRequest;
class Product;
} // namespace oms::v1

// Tax rates and shipping prices for the till's running total (display
// only: the server prices the order with compute_totals and its answer is
// the truth). Read from :/desk/pricing.json, the demo server's own table
// (resources/demo/config.json), since no RPC serves it.
struct PosPricing
{
    QHash<QString, int> taxRateBp;          // "EU1|standard" -> 2000
    QHash<QString, qint64> shippingMinor;   // "standard|EUR" -> 495
    static PosPricing fromJson(const QByteArray &json);
    static PosPricing builtIn();
    qint64 tax(const QString &region, const QString &taxClass, qint64 amountMinor) const;
    qint64 shipping(const QString &option, const QString &currency) const;
};

// One sale at the till: what is scanned, who buys, how it leaves the store
// and how it is paid. A table model of the lines (quantity editable) with
// the tenders and totals beside it; toRequest() makes the PlaceOrderRequest.
class PosCart final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Sku, Name, UnitPrice, Quantity, LineTotal, ColumnCount };
    // Values are the oms.v1.TenderType numbers.
    enum class TenderKind { Card = 1, Wallet = 2, StoreCredit = 3, Cash = 4 };
    enum class Fulfilment { CarryOut, PickUpLater, Ship };

    struct Line
    {
        QString sku;
        QString name;
        qint64 unitPriceMinor = 0;
        QString taxClass;
        qint64 quantity = 0;
        qint64 totalMinor() const { return unitPriceMinor * quantity; }
    };
    struct Tender
    {
        TenderKind kind = TenderKind::Cash;
        qint64 amountMinor = 0; // cash: what the customer hands over
        QString cardToken;      // card: the terminal's token for the card
    };
    struct Customer
    {
        QString id;
        QString name;
        QString email;
        QString phone;
        qint64 storeCreditMinor = 0;
        qint64 walletMinor = 0;
    };
    struct Address
    {
        QString name, line1, line2, city, postalCode, country, phone;
    };

    explicit PosCart(PosPricing pricing = PosPricing::builtIn(), QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;

    // "3*SKU" -> (3, "SKU"); "SKU" -> (1, "SKU"). Quantity 0 when unreadable.
    static std::pair<qint64, QString> parseScan(const QString &text);

    // Adds `quantity` units; a SKU already in the cart gets them on its line.
    void addProduct(const oms::v1::Product &product, qint64 quantity = 1);
    void addLine(const Line &line);
    void setQuantity(int row, qint64 quantity); // 0 removes the line
    void removeLine(int row);
    const QList<Line> &lines() const { return m_lines; }

    void addTender(const Tender &tender);
    void setTender(int index, const Tender &tender);
    void removeTender(int index);
    const QList<Tender> &tenders() const { return m_tenders; }
    // What is still to be covered after the tenders so far (0 when covered).
    qint64 remainingMinor() const;
    // Cash handed over beyond the total.
    qint64 changeDueMinor() const;
    qint64 tenderedMinor() const;

    void setStore(const QString &storeId, const QString &region);
    QString store() const { return m_store; }
    QString region() const { return m_region; }
    void setCurrency(const QString &currency);
    QString currency() const { return m_currency; }
    void setCustomer(const Customer &customer);
    void clearCustomer();
    const Customer &customer() const { return m_customer; }
    bool hasCustomer() const { return !m_customer.id.isEmpty(); }
    void setFulfilment(Fulfilment fulfilment);
    Fulfilment fulfilment() const { return m_fulfilment; }
    void setAddress(const Address &address);
    const Address &address() const { return m_address; }

    // The running total (display only; the server computes the real one).
    qint64 subtotalMinor() const;
    qint64 shippingMinor() const;
    qint64 taxMinor() const;
    qint64 totalMinor() const;

    // Empty when the sale can be placed; else why not, in words to act on.
    QString whyNotReady() const;
    // The user's intent (IntentKeys): every choice of this sale. The same
    // sale tried again (after a timeout, a restart) has the same intent.
    QString intent() const;
    // Cash tenders are lowered by the change due, so the tenders add up to
    // the total as the server requires.
    oms::v1::PlaceOrderRequest toRequest(const QString &requestId) const;

    // Empties the cart for the next sale (store, region and currency stay).
    void clear();

Q_SIGNALS:
    void changed();

private:
    QString shippingOption() const;

    PosPricing m_pricing;
    QList<Line> m_lines;
    QList<Tender> m_tenders;
    Customer m_customer;
    Address m_address;
    Fulfilment m_fulfilment = Fulfilment::CarryOut;
    QString m_store;
    QString m_region;
    QString m_currency;
};
