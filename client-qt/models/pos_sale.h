#pragma once

#include "models/pos_receipt.h"
#include "services/call_error.h"

#include <QObject>
#include <QPointer>
#include <QString>

class CatalogClient;
class CustomerClient;
class IntentKeys;
class OrderClient;
class PendingCall;
class PosCart;

// One sale at the till, with the calls it needs: catalog lookups for what
// is scanned, customer search, and placing the order. The cart holds the
// choices; this object talks to the server.
//
// place() takes the idempotency key of the sale's intent (every line,
// tender and choice) from IntentKeys, so a retry after a timeout, a second
// click or the same sale after a restart of the client carries the first
// attempt's key and the server sells once. The key is settled once the
// server gave a final answer (the order, or a refusal that is not transient).
class PosSale final : public QObject
{
    Q_OBJECT

public:
    PosSale(CatalogClient *catalog, CustomerClient *customers, OrderClient *orders,
            IntentKeys *intents, QObject *parent = nullptr);
    ~PosSale() override;

    PosCart *cart() const { return m_cart; }

    // "SKU" or "3*SKU": looks the product up and adds it to the cart.
    void scan(const QString &text, qint64 quantity = 1);
    int pendingLookups() const { return m_lookups; }
    // An email, phone or name: the first match becomes the sale's customer.
    void findCustomer(const QString &query);

    void place();
    bool isPlacing() const { return !m_placing.isNull() || m_following; }
    bool hasReceipt() const { return m_hasReceipt; }
    const PosReceipt &receipt() const { return m_receipt; }
    // A new, empty sale; the store stays.
    void newSale();

Q_SIGNALS:
    void scanFailed(const QString &message);
    void lookupsDone();
    void customerFound(const QString &summary);
    void customerFailed(const QString &message);
    void placingChanged(bool placing);
    void placed();
    void placeFailed(const QString &message, const QString &detail);

private:
    void finishPlacing(const PosReceipt &receipt);
    void follow(const QString &orderId, int triesLeft);

    CatalogClient *m_catalog;
    CustomerClient *m_customers;
    OrderClient *m_orders;
    IntentKeys *m_intents;
    PosCart *m_cart;
    int m_lookups = 0;
    QPointer<PendingCall> m_placing;
    QPointer<PendingCall> m_customerCall;
    bool m_following = false;
    qint64 m_change = 0;
    PosReceipt m_receipt;
    QList<PosReceipt::Tender> m_taken;
    bool m_hasReceipt = false;
};
