// PosCart: the till's lines, tenders, running total and the PlaceOrderRequest
// it makes; PosReceipt from a placed order.

#include "models/pos_cart.h"
#include "models/pos_receipt.h"

#include "oms/v1/catalog_service.pb.h"
#include "oms/v1/order_service.pb.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

oms::v1::Product product(const char *sku, qint64 priceMinor, const char *taxClass = "standard")
{
    oms::v1::Product p;
    p.set_sku(sku);
    p.set_name(std::string("Name of ") + sku);
    p.mutable_price()->set_amount_minor(priceMinor);
    p.mutable_price()->set_currency("EUR");
    p.set_tax_class(taxClass);
    return p;
}

PosCart::Tender tender(PosCart::TenderKind kind, qint64 amount, const char *token = "")
{
    PosCart::Tender t;
    t.kind = kind;
    t.amountMinor = amount;
    t.cardToken = QString::fromLatin1(token);
    return t;
}

class PosCartTest : public ::testing::Test
{
protected:
    PosCartTest()
    {
        cart.setStore(QStringLiteral("EU1-ST-PAR"), QStringLiteral("EU1"));
    }
    PosCart cart{PosPricing::builtIn()};
    QAbstractItemModelTester tester{&cart, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

TEST(PosScan, ReadsQuantityTimesSku)
{
    EXPECT_EQ(PosCart::parseScan(QStringLiteral("tee-org-wht-m")),
              std::make_pair(qint64(1), QStringLiteral("TEE-ORG-WHT-M")));
    EXPECT_EQ(PosCart::parseScan(QStringLiteral("3*MUG-STN-BLU")),
              std::make_pair(qint64(3), QStringLiteral("MUG-STN-BLU")));
    EXPECT_EQ(PosCart::parseScan(QStringLiteral(" 2 x CAP ")).first, 2);
    EXPECT_EQ(PosCart::parseScan(QStringLiteral("two words")).first, 0);
    EXPECT_EQ(PosCart::parseScan(QStringLiteral("0*CAP")).first, 0);
    EXPECT_EQ(PosCart::parseScan(QString()).first, 0);
}

TEST(PosPricingTest, UsesTheDemoTable)
{
    const PosPricing pricing = PosPricing::builtIn();
    EXPECT_EQ(pricing.tax(QStringLiteral("EU1"), QStringLiteral("standard"), 1999), 400);
    EXPECT_EQ(pricing.tax(QStringLiteral("EU1"), QStringLiteral("reduced"), 1000), 70);
    EXPECT_EQ(pricing.shipping(QStringLiteral("standard"), QStringLiteral("EUR")), 495);
    EXPECT_EQ(pricing.shipping(QStringLiteral("carry_out"), QStringLiteral("EUR")), 0);
}

TEST_F(PosCartTest, ScanningTheSameSkuTwiceAddsToItsLine)
{
    cart.addProduct(product("TEE-ORG-WHT-M", 1999));
    cart.addProduct(product("MUG-STN-BLU", 1499));
    cart.addProduct(product("TEE-ORG-WHT-M", 1999));
    ASSERT_EQ(cart.rowCount(), 2);
    EXPECT_EQ(cart.lines().at(0).quantity, 2);
    EXPECT_EQ(cart.index(0, PosCart::Quantity).data().toInt(), 2);
    EXPECT_EQ(cart.currency(), QStringLiteral("EUR"));
    EXPECT_EQ(cart.subtotalMinor(), 2 * 1999 + 1499);
    // Tax per line, rounded half up: 20 % of 39.98 = 8.00 (7.996), of 14.99 = 3.00 (2.998).
    EXPECT_EQ(cart.taxMinor(), 800 + 300);
    EXPECT_EQ(cart.totalMinor(), 5497 + 1100);
}

TEST_F(PosCartTest, QuantityIsEditableAndZeroRemovesTheLine)
{
    cart.addProduct(product("TEE-ORG-WHT-M", 1999));
    cart.addProduct(product("CAP-BSB-BLK", 2499));
    EXPECT_TRUE(cart.flags(cart.index(0, PosCart::Quantity)) & Qt::ItemIsEditable);
    EXPECT_FALSE(cart.flags(cart.index(0, PosCart::Sku)) & Qt::ItemIsEditable);
    EXPECT_TRUE(cart.setData(cart.index(0, PosCart::Quantity), 4, Qt::EditRole));
    EXPECT_EQ(cart.lines().at(0).quantity, 4);
    EXPECT_FALSE(cart.setData(cart.index(0, PosCart::Quantity), -1, Qt::EditRole));
    EXPECT_TRUE(cart.setData(cart.index(0, PosCart::Quantity), 0, Qt::EditRole));
    ASSERT_EQ(cart.rowCount(), 1);
    EXPECT_EQ(cart.lines().at(0).sku, QStringLiteral("CAP-BSB-BLK"));
    cart.removeLine(0);
    EXPECT_EQ(cart.rowCount(), 0);
}

TEST_F(PosCartTest, PlaceWaitsUntilTheTendersCoverTheTotal)
{
    EXPECT_FALSE(cart.whyNotReady().isEmpty()); // nothing scanned
    cart.addProduct(product("TEE-ORG-WHT-M", 1999)); // total 23.99
    EXPECT_EQ(cart.totalMinor(), 2399);
    cart.addTender(tender(PosCart::TenderKind::Card, 1000, "tok_visa"));
    EXPECT_EQ(cart.remainingMinor(), 1399);
    EXPECT_TRUE(cart.whyNotReady().contains(QStringLiteral("more")));
    cart.addTender(tender(PosCart::TenderKind::Cash, 2000));
    EXPECT_EQ(cart.remainingMinor(), 0);
    EXPECT_EQ(cart.changeDueMinor(), 601);
    EXPECT_TRUE(cart.whyNotReady().isEmpty()) << cart.whyNotReady().toStdString();
}

TEST_F(PosCartTest, OnlyCashMayBeMoreThanTheTotal)
{
    cart.addProduct(product("TEE-ORG-WHT-M", 1999));
    cart.addTender(tender(PosCart::TenderKind::Card, 3000, "tok_visa"));
    EXPECT_EQ(cart.changeDueMinor(), 0);
    EXPECT_TRUE(cart.whyNotReady().contains(QStringLiteral("only cash")));
}

TEST_F(PosCartTest, CardNeedsATokenAndStoreCreditACustomerWithEnoughBalance)
{
    cart.addProduct(product("TEE-ORG-WHT-M", 1999));
    cart.addTender(tender(PosCart::TenderKind::Card, 2399));
    EXPECT_TRUE(cart.whyNotReady().contains(QStringLiteral("card token")));
    cart.setTender(0, tender(PosCart::TenderKind::StoreCredit, 2399));
    EXPECT_TRUE(cart.whyNotReady().contains(QStringLiteral("Look up the customer")));
    PosCart::Customer lena;
    lena.id = QStringLiteral("C-EU1-0001");
    lena.name = QStringLiteral("Lena Fischer");
    lena.storeCreditMinor = 2500;
    cart.setCustomer(lena);
    EXPECT_TRUE(cart.whyNotReady().isEmpty());
    lena.storeCreditMinor = 1000;
    cart.setCustomer(lena);
    EXPECT_TRUE(cart.whyNotReady().contains(QStringLiteral("Lena Fischer has")));
}

TEST_F(PosCartTest, ShipNeedsAnAddressAndAddsShipping)
{
    cart.addProduct(product("TEE-ORG-WHT-M", 1999));
    cart.setFulfilment(PosCart::Fulfilment::Ship);
    EXPECT_EQ(cart.shippingMinor(), 495);
    EXPECT_EQ(cart.taxMinor(), 400 + 99);
    cart.addTender(tender(PosCart::TenderKind::Cash, cart.totalMinor()));
    EXPECT_TRUE(cart.whyNotReady().contains(QStringLiteral("ship to")));
    PosCart::Address a;
    a.name = QStringLiteral("Lena Fischer");
    a.line1 = QStringLiteral("Torstraße 112");
    a.city = QStringLiteral("Berlin");
    a.postalCode = QStringLiteral("10119");
    a.country = QStringLiteral("de");
    cart.setAddress(a);
    EXPECT_TRUE(cart.whyNotReady().isEmpty());
    const auto request = cart.toRequest(QStringLiteral("k1"));
    EXPECT_EQ(request.shipping_option(), "standard");
    EXPECT_EQ(request.shipping_address().country(), "DE");
    EXPECT_EQ(request.shipping_address().city(), "Berlin");
}

TEST_F(PosCartTest, RequestIsAPosOrderPricedByTheOmsWithCashLessChange)
{
    cart.addProduct(product("TEE-ORG-WHT-M", 1999), 2);
    cart.addProduct(product("MUG-STN-BLU", 1499));
    const qint64 total = cart.totalMinor();
    cart.addTender(tender(PosCart::TenderKind::Card, 3000, "tok_visa"));
    cart.addTender(tender(PosCart::TenderKind::Cash, 5000));
    const qint64 change = 3000 + 5000 - total;
    EXPECT_EQ(cart.changeDueMinor(), change);
    const auto request = cart.toRequest(QStringLiteral("key-1"));
    EXPECT_EQ(request.request_id(), "key-1");
    EXPECT_EQ(request.channel(), "pos");
    EXPECT_TRUE(request.compute_totals());
    EXPECT_EQ(request.shipping_option(), "carry_out");
    EXPECT_EQ(request.pickup_node_id(), "EU1-ST-PAR");
    EXPECT_EQ(request.currency(), "EUR");
    ASSERT_EQ(request.lines_size(), 2);
    EXPECT_EQ(request.lines(0).sku(), "TEE-ORG-WHT-M");
    EXPECT_EQ(request.lines(0).quantity(), 2);
    EXPECT_FALSE(request.lines(0).has_unit_price());
    ASSERT_EQ(request.tenders_size(), 2);
    EXPECT_EQ(request.tenders(0).type(), oms::v1::TENDER_TYPE_CARD);
    EXPECT_EQ(request.tenders(0).card_token(), "tok_visa");
    EXPECT_EQ(request.tenders(1).type(), oms::v1::TENDER_TYPE_CASH);
    EXPECT_EQ(request.tenders(1).amount().amount_minor(), 5000 - change);
    EXPECT_EQ(request.tenders(0).amount().amount_minor()
                      + request.tenders(1).amount().amount_minor(),
              total);
}

TEST_F(PosCartTest, IntentHoldsEveryChoice)
{
    cart.addProduct(product("TEE-ORG-WHT-M", 1999));
    cart.addTender(tender(PosCart::TenderKind::Cash, 2399));
    const QString first = cart.intent();
    EXPECT_EQ(cart.intent(), first);
    cart.setQuantity(0, 2);
    EXPECT_NE(cart.intent(), first);
    cart.setQuantity(0, 1);
    EXPECT_EQ(cart.intent(), first);
    cart.setFulfilment(PosCart::Fulfilment::PickUpLater);
    EXPECT_NE(cart.intent(), first);
}

TEST_F(PosCartTest, ClearStartsANewSaleAtTheSameStore)
{
    cart.addProduct(product("TEE-ORG-WHT-M", 1999));
    cart.addTender(tender(PosCart::TenderKind::Cash, 2399));
    cart.clear();
    EXPECT_EQ(cart.rowCount(), 0);
    EXPECT_TRUE(cart.tenders().isEmpty());
    EXPECT_EQ(cart.store(), QStringLiteral("EU1-ST-PAR"));
}

TEST(PosReceiptTest, ShowsTheServersTotalsAndWritesAPdf)
{
    oms::v1::Order order;
    order.set_order_id("EU1-01JTEST");
    order.set_order_number("EU1-AAAA-BBBB");
    order.set_status(oms::v1::ORDER_STATUS_CONFIRMED);
    order.set_pickup_node_id("EU1-ST-PAR");
    auto money = [](oms::v1::Money *m, qint64 v) {
        m->set_amount_minor(v);
        m->set_currency("EUR");
    };
    auto *line = order.add_lines();
    line->set_sku("TEE-ORG-WHT-M");
    line->set_name("Organic Cotton Tee, White, M");
    line->set_ordered(2);
    money(line->mutable_unit_price(), 1999);
    money(line->mutable_line_total(), 3998);
    money(order.mutable_totals()->mutable_subtotal(), 3998);
    money(order.mutable_totals()->mutable_tax(), 800);
    money(order.mutable_totals()->mutable_shipping(), 0);
    money(order.mutable_totals()->mutable_total(), 4798);
    auto *cash = order.add_tenders();
    cash->set_type(oms::v1::TENDER_TYPE_CASH);
    money(cash->mutable_amount(), 4798);
    const PosReceipt receipt = PosReceipt::fromOrder(order, 202, false);
    EXPECT_FALSE(receipt.isPending());
    EXPECT_FALSE(receipt.isRejected());
    ASSERT_EQ(receipt.lines.size(), 1);
    EXPECT_EQ(receipt.lines.at(0).quantity, 2);
    ASSERT_EQ(receipt.tenders.size(), 1);
    EXPECT_TRUE(receipt.html().contains(QStringLiteral("EU1-AAAA-BBBB")));
    EXPECT_TRUE(receipt.html().contains(QStringLiteral("Organic Cotton Tee")));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("receipt.pdf"));
    QString error;
    ASSERT_TRUE(receipt.savePdf(path, &error)) << error.toStdString();
    QFile pdf(path);
    ASSERT_TRUE(pdf.open(QIODevice::ReadOnly));
    EXPECT_TRUE(pdf.read(4) == "%PDF");
}

TEST(PosReceiptTest, ARejectedSaleSaysWhatToDo)
{
    oms::v1::Order order;
    order.set_order_number("EU1-AAAA-CCCC");
    order.set_status(oms::v1::ORDER_STATUS_REJECTED);
    auto *card = order.add_tenders();
    card->set_type(oms::v1::TENDER_TYPE_CARD);
    card->set_decline_reason("insufficient_funds");
    const PosReceipt receipt = PosReceipt::fromOrder(order, 0, false);
    EXPECT_TRUE(receipt.isRejected());
    EXPECT_TRUE(receipt.problem().contains(QStringLiteral("declined")));
    EXPECT_TRUE(receipt.problem().contains(QStringLiteral("insufficient_funds")));
}

} // namespace
