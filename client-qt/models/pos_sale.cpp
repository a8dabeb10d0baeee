#include "models/pos_sale.h"

#include "models/display_text.h"
#include "models/pos_cart.h"
#include "services/catalog_client.h"
#include "services/customer_client.h"
#include "services/intent_keys.h"
#include "services/order_client.h"

#include "oms/v1/catalog_service.pb.h"
#include "oms/v1/customer_service.pb.h"
#include "oms/v1/order_service.pb.h"

#include <QTimer>

namespace {

constexpr int kFollowTries = 30;  // card authorization: a second apart
constexpr int kFollowIntervalMs = 1000;

} // namespace

PosSale::PosSale(CatalogClient *catalog, CustomerClient *customers, OrderClient *orders,
                 IntentKeys *intents, QObject *parent)
    : QObject(parent),
      m_catalog(catalog),
      m_customers(customers),
      m_orders(orders),
      m_intents(intents),
      m_cart(new PosCart(PosPricing::builtIn(), this))
{
}

PosSale::~PosSale() = default;

void PosSale::scan(const QString &text, qint64 quantity)
{
    auto [count, sku] = PosCart::parseScan(text);
    if (count == 0) {
        Q_EMIT scanFailed(sku.isEmpty()
                                  ? QStringLiteral("Scan a barcode or type a SKU, e.g. TEE-ORG-WHT-M "
                                                   "or 3*TEE-ORG-WHT-M.")
                                  : QStringLiteral("\"%1\" is not a SKU: type the code without "
                                                   "spaces, or a quantity as 3*SKU (1 to 999).")
                                            .arg(text.trimmed()));
        return;
    }
    if (text.contains(QLatin1Char('*')) == false && quantity > 1)
        count = quantity;
    ++m_lookups;
    auto *reply = m_catalog->getProduct(sku, this);
    connect(reply, &PendingCall::finished, this, [this, reply, sku, count] {
        --m_lookups;
        if (reply->error().isError()) {
            if (reply->error().kind() == CallError::Kind::NotFound)
                Q_EMIT scanFailed(QStringLiteral("No product with SKU %1. Check the code on the "
                                                 "label and type it again.")
                                          .arg(sku));
            else
                Q_EMIT scanFailed(QStringLiteral("%1 was not added: %2")
                                          .arg(sku, reply->error().message()));
        } else {
            const auto &product = reply->result();
            if (!m_cart->currency().isEmpty()
                && m_cart->currency() != QString::fromStdString(product.price().currency()))
                Q_EMIT scanFailed(QStringLiteral("%1 is priced in %2, this sale is in %3.")
                                          .arg(sku, QString::fromStdString(product.price().currency()),
                                               m_cart->currency()));
            else
                m_cart->addProduct(product, count);
        }
        if (m_lookups == 0)
            Q_EMIT lookupsDone();
    });
}

void PosSale::findCustomer(const QString &query)
{
    if (m_customerCall)
        m_customerCall->abandon();
    if (query.trimmed().isEmpty()) {
        m_cart->clearCustomer();
        Q_EMIT customerFound(QString());
        return;
    }
    auto *reply = m_customers->searchCustomers(query.trimmed(), this);
    m_customerCall = reply;
    connect(reply, &PendingCall::finished, this, [this, reply, query] {
        if (reply->error().isError()) {
            Q_EMIT customerFailed(reply->error().message());
            return;
        }
        const auto &found = reply->result();
        if (found.customers_size() == 0) {
            Q_EMIT customerFailed(QStringLiteral("No customer matches \"%1\". Check the email or "
                                                 "phone number, or sell without a customer.")
                                          .arg(query.trimmed()));
            return;
        }
        const auto &c = found.customers(0);
        PosCart::Customer customer;
        customer.id = QString::fromStdString(c.customer_id());
        customer.name = QString::fromStdString(c.name());
        customer.email = QString::fromStdString(c.email());
        customer.phone = QString::fromStdString(c.phone());
        customer.storeCreditMinor = c.store_credit_balance().amount_minor();
        customer.walletMinor = c.wallet_balance().amount_minor();
        m_cart->setCustomer(customer);
        const QString currency = m_cart->currency().isEmpty()
                ? QString::fromStdString(c.store_credit_balance().currency())
                : m_cart->currency();
        QString summary = QStringLiteral("%1 · %2 · store credit %3 · wallet %4")
                                  .arg(customer.name, customer.email,
                                       DisplayText::money(customer.storeCreditMinor, currency),
                                       DisplayText::money(customer.walletMinor, currency));
        if (found.customers_size() > 1)
            summary += QStringLiteral(" (first of %1 matches; type more to narrow)")
                               .arg(found.customers_size());
        Q_EMIT customerFound(summary);
    });
}

void PosSale::place()
{
    if (isPlacing() || !m_cart->whyNotReady().isEmpty())
        return;
    const QString intent = m_cart->intent();
    const QString key = m_intents->keyFor(intent);
    m_change = m_cart->changeDueMinor();
    const oms::v1::PlaceOrderRequest request = m_cart->toRequest(key);
    m_taken.clear();
    for (const auto &t : request.tenders())
        m_taken.append({DisplayText::tenderType(t.type()),
                        DisplayText::money(t.amount().amount_minor(),
                                           QString::fromStdString(t.amount().currency())),
                        QString(), QString()});
    auto *reply = m_orders->placeOrder(request, this);
    m_placing = reply;
    Q_EMIT placingChanged(true);
    connect(reply, &PendingCall::finished, this, [this, reply, intent] {
        const CallError &error = reply->error();
        m_intents->settleIfFinal(intent, error);
        if (error.isError()) {
            if (error.isTransient()) {
                // The sale may have reached the server: the intent stays open
                // so that placing it again carries the same key.
                Q_EMIT placingChanged(false);
                Q_EMIT placeFailed(error.message()
                                           + QStringLiteral(" Press Place sale again: the same sale "
                                                            "is never sold twice."),
                                   error.detail());
                return;
            }
            Q_EMIT placingChanged(false);
            Q_EMIT placeFailed(error.kind() == CallError::Kind::Rejected
                                       ? error.message()
                                               + QStringLiteral(" Change the sale (remove the line, "
                                                                "another tender) and place it again.")
                                       : error.message(),
                               error.detail());
            return;
        }
        const PosReceipt receipt = PosReceipt::fromOrder(reply->result().order(), m_change,
                                                         reply->result().replayed(), m_taken);
        if (receipt.isPending()) {
            m_following = true;
            follow(receipt.orderId, kFollowTries);
            return;
        }
        finishPlacing(receipt);
    });
}

void PosSale::follow(const QString &orderId, int triesLeft)
{
    QTimer::singleShot(kFollowIntervalMs, this, [this, orderId, triesLeft] {
        auto *reply = m_orders->getOrder(orderId, this);
        connect(reply, &PendingCall::finished, this, [this, reply, orderId, triesLeft] {
            if (!reply->error().isError()) {
                const PosReceipt receipt = PosReceipt::fromOrder(reply->result(), m_change, false,
                                                                 m_taken);
                if (!receipt.isPending()) {
                    finishPlacing(receipt);
                    return;
                }
            }
            if (triesLeft > 1) {
                follow(orderId, triesLeft - 1);
                return;
            }
            m_following = false;
            Q_EMIT placingChanged(false);
            Q_EMIT placeFailed(QStringLiteral("Order %1 is placed but the card payment has not "
                                              "been answered yet. Look the order up before "
                                              "handing over the goods.")
                                       .arg(orderId),
                               QString());
        });
    });
}

void PosSale::finishPlacing(const PosReceipt &receipt)
{
    m_following = false;
    Q_EMIT placingChanged(false);
    if (receipt.isRejected()) {
        Q_EMIT placeFailed(receipt.problem(), receipt.rejectionReason);
        return;
    }
    m_receipt = receipt;
    m_hasReceipt = true;
    Q_EMIT placed();
}

void PosSale::newSale()
{
    m_receipt = {};
    m_hasReceipt = false;
    m_cart->clear();
}
