// The point of sale, offscreen, against a real omsd --demo: store staff sell
// with a split tender, the receipt is the server's order, and a retried sale
// is sold once.

#include "desk_fixture.h"
#include "desk_widget_fixture.h"

#include "models/pos_cart.h"
#include "models/pos_sale.h"
#include "views/pos_view.h"
#include "views/sign_in_dialog.h"

#include "oms/v1/order_service.pb.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>

#include <gtest/gtest.h>

namespace {


class PosTest : public DeskWidgetTest
{
protected:
    PosView &pos() { return *window().posView(); }
    template <typename T>
    T *child(const char *name)
    {
        T *widget = pos().findChild<T *>(QLatin1String(name));
        EXPECT_NE(widget, nullptr) << name;
        return widget;
    }

    void signInWithPassword(const QString &user, const QString &password)
    {
        SignInDialog *dialog = window().showSignIn(s_omsd->address());
        dialog->setUsingToken(false);
        auto *userName = dialog->findChild<QLineEdit *>(QStringLiteral("userName"));
        userName->clear();
        QTest::keyClicks(userName, user);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("password")), password);
        QSignalSpy signedIn(&window(), &MainWindow::signedIn);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("signIn")), Qt::LeftButton);
        ASSERT_TRUE(signedIn.wait(kTimeoutMs)) << qPrintable(dialog->errorText());
        ASSERT_TRUE(QTest::qWaitFor([&] { return window().signInDialog() == nullptr; }, kTimeoutMs));
    }

    // Types into the scan field and presses Enter, as a barcode scanner does.
    void scan(const QString &sku)
    {
        auto *field = child<QLineEdit>("posScan");
        QTest::keyClicks(field, sku);
        QTest::keyClick(field, Qt::Key_Return);
    }

    void waitForLookups()
    {
        ASSERT_TRUE(QTest::qWaitFor([&] { return pos().sale()->pendingLookups() == 0; }, kTimeoutMs));
    }

    // Chooses the tender kind, types the amount (or presses Rest) and adds it.
    void addTender(PosCart::TenderKind kind, qint64 amountMinor)
    {
        auto *kindBox = child<QComboBox>("posTenderKind");
        kindBox->setCurrentIndex(kindBox->findData(int(kind)));
        if (amountMinor == 0) {
            QTest::mouseClick(child<QPushButton>("posTenderRest"), Qt::LeftButton);
        } else {
            // setValue: typing would depend on the locale's decimal point.
            child<QDoubleSpinBox>("posTenderAmount")->setValue(double(amountMinor) / 100.0);
        }
        QTest::mouseClick(child<QPushButton>("posAddTender"), Qt::LeftButton);
    }

    // As a supervisor: store staff do not see an order's tenders.
    oms::v1::Order getOrder(const QString &number)
    {
        GrpcConnection supervisor;
        supervisor.open(s_omsd->address(), QStringLiteral("demo-supervisor-token"));
        OrderClient orders(&supervisor);
        auto *reply = orders.getOrder(number, &window());
        QSignalSpy done(reply, &PendingCall::finished);
        EXPECT_TRUE(done.wait(kTimeoutMs));
        EXPECT_FALSE(reply->error().isError()) << qPrintable(reply->error().message());
        return reply->result();
    }

};


TEST_F(PosTest, APosSaleWithSplitTender)
{
    signInWithPassword(QStringLiteral("steve"), QStringLiteral("steve-demo-pass"));
    window().activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window()));
    QTest::keyClick(&window(), Qt::Key_4, Qt::ControlModifier);
    ASSERT_TRUE(QTest::qWaitFor([&] { return window().tabs()->currentWidget() == &pos(); },
                                kTimeoutMs));
    EXPECT_EQ(child<QComboBox>("posStore")->currentText(), QStringLiteral("EU1-ST-PAR"));
    EXPECT_FALSE(child<QPushButton>("posPlace")->isEnabled());
    EXPECT_TRUE(pos().reasonText().contains(QStringLiteral("Scan")));

    scan(QStringLiteral("TEE-ORG-BLK-L"));
    waitForLookups();
    scan(QStringLiteral("BOOK-KIDS-MOON"));
    scan(QStringLiteral("tee-org-blk-l"));
    waitForLookups();
    PosCart *cart = pos().cart();
    ASSERT_EQ(cart->rowCount(), 2);
    EXPECT_EQ(cart->lines().at(0).sku, QStringLiteral("TEE-ORG-BLK-L"));
    EXPECT_EQ(cart->lines().at(0).quantity, 2);
    EXPECT_EQ(cart->lines().at(1).quantity, 1);

    // Lena Fischer has store credit (25.00 in the demo data, less once demo
    // orders spent some).
    QTest::keyClicks(child<QLineEdit>("posCustomerQuery"), QStringLiteral("lena.fischer@example.de"));
    QTest::keyClick(child<QLineEdit>("posCustomerQuery"), Qt::Key_Return);
    ASSERT_TRUE(QTest::qWaitFor([&] { return cart->hasCustomer(); }, kTimeoutMs));
    EXPECT_EQ(cart->customer().id, QStringLiteral("C-EU1-0001"));
    EXPECT_TRUE(child<QLabel>("posCustomer")->text().contains(QStringLiteral("Lena Fischer")));

    const qint64 total = cart->totalMinor();
    const qint64 credit = std::min<qint64>(cart->customer().storeCreditMinor, 2000);
    ASSERT_GT(credit, 0) << "the demo customer should have store credit";
    addTender(PosCart::TenderKind::StoreCredit, credit);
    EXPECT_FALSE(child<QPushButton>("posPlace")->isEnabled());
    EXPECT_TRUE(pos().reasonText().contains(QStringLiteral("more")));
    addTender(PosCart::TenderKind::Cash, total - credit + 500); // 5.00 too much: change
    ASSERT_EQ(cart->tenders().size(), 2);
    EXPECT_EQ(cart->changeDueMinor(), 500);
    ASSERT_TRUE(child<QPushButton>("posPlace")->isEnabled()) << qPrintable(pos().reasonText());

    QTest::mouseClick(child<QPushButton>("posPlace"), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return pos().sale()->hasReceipt() || !pos().errorText().isEmpty(); }, kTimeoutMs));
    ASSERT_TRUE(pos().errorText().isEmpty()) << qPrintable(pos().errorText());
    const PosReceipt &receipt = pos().sale()->receipt();
    ASSERT_FALSE(receipt.orderNumber.isEmpty());
    const QString receiptText = child<QTextBrowser>("posReceipt")->toPlainText();
    EXPECT_TRUE(receiptText.contains(receipt.orderNumber));
    EXPECT_TRUE(receiptText.contains(QStringLiteral("Paid by Store credit"))) << qPrintable(receiptText);
    EXPECT_TRUE(receiptText.contains(QStringLiteral("Paid by Cash"))) << qPrintable(receiptText);

    const oms::v1::Order order = getOrder(receipt.orderNumber);
    EXPECT_EQ(order.channel(), "pos");
    EXPECT_EQ(order.pickup_node_id(), "EU1-ST-PAR");
    EXPECT_EQ(order.shipping_option(), "carry_out");
    EXPECT_EQ(order.customer().customer_id(), "C-EU1-0001");
    ASSERT_EQ(order.lines_size(), 2);
    EXPECT_EQ(order.lines(0).sku(), "TEE-ORG-BLK-L");
    EXPECT_EQ(order.lines(0).ordered(), 2);
    EXPECT_EQ(order.lines(1).sku(), "BOOK-KIDS-MOON");
    EXPECT_EQ(order.lines(1).ordered(), 1);
    // The till's estimate was the server's total.
    EXPECT_EQ(order.totals().total().amount_minor(), total);
    ASSERT_EQ(order.tenders_size(), 2);
    EXPECT_EQ(order.tenders(0).type(), oms::v1::TENDER_TYPE_STORE_CREDIT);
    EXPECT_EQ(order.tenders(0).amount().amount_minor(), credit);
    EXPECT_EQ(order.tenders(1).type(), oms::v1::TENDER_TYPE_CASH);
    EXPECT_EQ(order.tenders(1).amount().amount_minor(), total - credit);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("receipt.pdf"));
    ASSERT_TRUE(pos().saveReceiptPdf(path));
    QFile pdf(path);
    ASSERT_TRUE(pdf.open(QIODevice::ReadOnly));
    EXPECT_EQ(pdf.read(4), QByteArray("%PDF"));

    QTest::mouseClick(child<QPushButton>("posNewSale"), Qt::LeftButton);
    EXPECT_EQ(cart->rowCount(), 0);
    EXPECT_FALSE(cart->hasCustomer());
}

TEST_F(PosTest, ARetriedSaleIsSoldOnce)
{
    signInWithPassword(QStringLiteral("steve"), QStringLiteral("steve-demo-pass"));
    window().showPos();
    scan(QStringLiteral("CAP-BSB-BLK"));
    waitForLookups();
    ASSERT_EQ(pos().cart()->rowCount(), 1);
    addTender(PosCart::TenderKind::Cash, 0);
    ASSERT_TRUE(child<QPushButton>("posPlace")->isEnabled()) << qPrintable(pos().reasonText());

    // An earlier attempt of this very sale reached the server, but its
    // answer was lost (a timeout): it went out with the intent's key.
    const QString key = desk->intents.keyFor(pos().cart()->intent());
    auto *first = desk->orders.placeOrder(pos().cart()->toRequest(key), &window());
    QSignalSpy firstDone(first, &PendingCall::finished);
    ASSERT_TRUE(firstDone.wait(kTimeoutMs));
    ASSERT_FALSE(first->error().isError()) << qPrintable(first->error().message());
    const QString placedNumber = QString::fromStdString(first->result().order().order_number());

    // The cashier presses Place twice.
    QTest::mouseClick(child<QPushButton>("posPlace"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>("posPlace"), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return pos().sale()->hasReceipt() || !pos().errorText().isEmpty(); }, kTimeoutMs));
    ASSERT_TRUE(pos().errorText().isEmpty()) << qPrintable(pos().errorText());
    EXPECT_EQ(pos().sale()->receipt().orderNumber, placedNumber);
    EXPECT_TRUE(pos().sale()->receipt().replayed);
    EXPECT_FALSE(desk->intents.isOpen(pos().cart()->intent()));
}

TEST_F(PosTest, AnUnknownSkuIsExplainedAtTheScanField)
{
    signInWithPassword(QStringLiteral("steve"), QStringLiteral("steve-demo-pass"));
    window().showPos();
    scan(QStringLiteral("NO-SUCH-SKU"));
    auto *message = child<QLabel>("posScanMessage");
    ASSERT_TRUE(QTest::qWaitFor([&] { return !message->isHidden(); }, kTimeoutMs));
    EXPECT_TRUE(message->text().contains(QStringLiteral("No product with SKU NO-SUCH-SKU")))
            << qPrintable(message->text());
    EXPECT_EQ(pos().cart()->rowCount(), 0);
}

TEST_F(PosTest, ARoleThatMayNotSellSeesWhy)
{
    signInWithPassword(QStringLiteral("wendy"), QStringLiteral("wendy-demo-pass"));
    window().showPos();
    EXPECT_FALSE(child<QPushButton>("posPlace")->isEnabled());
    EXPECT_FALSE(child<QLineEdit>("posScan")->isEnabled());
    EXPECT_TRUE(pos().reasonText().contains(QStringLiteral("warehouse")))
            << qPrintable(pos().reasonText());
}

TEST_F(PosTest, ARefusedSaleIsExplainedNextToPlace)
{
    // CHRG-65W-GAN is out of stock everywhere: nothing to carry out.
    signInWithPassword(QStringLiteral("steve"), QStringLiteral("steve-demo-pass"));
    window().showPos();
    scan(QStringLiteral("CHRG-65W-GAN"));
    waitForLookups();
    ASSERT_EQ(pos().cart()->rowCount(), 1);
    addTender(PosCart::TenderKind::Cash, 0);
    ASSERT_TRUE(child<QPushButton>("posPlace")->isEnabled()) << qPrintable(pos().reasonText());
    const QString intent = pos().cart()->intent();
    QTest::mouseClick(child<QPushButton>("posPlace"), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return pos().sale()->hasReceipt() || !pos().errorText().isEmpty(); }, kTimeoutMs));
    ASSERT_FALSE(pos().sale()->hasReceipt()) << qPrintable(pos().sale()->receipt().orderNumber);
    EXPECT_TRUE(pos().errorText().contains(QStringLiteral("out of stock")))
            << qPrintable(pos().errorText());
    EXPECT_TRUE(pos().errorText().contains(QStringLiteral("Change the sale")))
            << qPrintable(pos().errorText());
    // A final answer: the next attempt is a new intent with a new key.
    EXPECT_FALSE(desk->intents.isOpen(intent));
    // The sale stays in the till to be changed.
    EXPECT_EQ(pos().cart()->rowCount(), 1);
}

TEST_F(PosTest, AShippedSaleAsksTheAddress)
{
    signInWithPassword(QStringLiteral("steve"), QStringLiteral("steve-demo-pass"));
    window().showPos();
    scan(QStringLiteral("HOOD-FLC-GRY-L"));
    waitForLookups();
    QTest::mouseClick(child<QRadioButton>("posShip"), Qt::LeftButton, {}, QPoint(8, 8));
    ASSERT_EQ(pos().cart()->fulfilment(), PosCart::Fulfilment::Ship);
    addTender(PosCart::TenderKind::Cash, 0);
    EXPECT_FALSE(child<QPushButton>("posPlace")->isEnabled());
    EXPECT_TRUE(pos().reasonText().contains(QStringLiteral("ship to"))) << qPrintable(pos().reasonText());
    QTest::keyClicks(child<QLineEdit>("posAddressName"), QStringLiteral("Jean Client"));
    QTest::keyClicks(child<QLineEdit>("posAddressLine1"), QStringLiteral("5 rue de Rivoli"));
    QTest::keyClicks(child<QLineEdit>("posAddressCity"), QStringLiteral("Paris"));
    QTest::keyClicks(child<QLineEdit>("posAddressPostalCode"), QStringLiteral("75001"));
    QTest::keyClicks(child<QLineEdit>("posAddressCountry"), QStringLiteral("fr"));
    ASSERT_TRUE(child<QPushButton>("posPlace")->isEnabled()) << qPrintable(pos().reasonText());
    const qint64 total = pos().cart()->totalMinor();
    QTest::mouseClick(child<QPushButton>("posPlace"), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return pos().sale()->hasReceipt() || !pos().errorText().isEmpty(); }, kTimeoutMs));
    ASSERT_TRUE(pos().errorText().isEmpty()) << qPrintable(pos().errorText());
    const oms::v1::Order order = getOrder(pos().sale()->receipt().orderNumber);
    EXPECT_EQ(order.shipping_option(), "standard");
    EXPECT_EQ(order.shipping_address().city(), "Paris");
    EXPECT_EQ(order.shipping_address().country(), "FR");
    EXPECT_EQ(order.totals().total().amount_minor(), total); // shipping and its tax included
}

TEST_F(PosTest, CashAndCardSplitWaitsForTheCardAndDeclinesAreExplained)
{
    signInWithPassword(QStringLiteral("steve"), QStringLiteral("steve-demo-pass"));
    window().showPos();
    scan(QStringLiteral("2*SCARF-WOOL-RED"));
    scan(QStringLiteral("BELT-LTH-BLK-M"));
    waitForLookups();
    ASSERT_EQ(pos().cart()->rowCount(), 2);
    const qint64 total = pos().cart()->totalMinor();
    addTender(PosCart::TenderKind::Cash, 3000);
    child<QLineEdit>("posCardToken")->setText(QStringLiteral("tok_visa"));
    addTender(PosCart::TenderKind::Card, 0);
    ASSERT_TRUE(child<QPushButton>("posPlace")->isEnabled()) << qPrintable(pos().reasonText());
    QTest::mouseClick(child<QPushButton>("posPlace"), Qt::LeftButton);
    // The card is authorized after PlaceOrder answers: the till follows the order.
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return pos().sale()->hasReceipt() || !pos().errorText().isEmpty(); }, 40000));
    ASSERT_TRUE(pos().errorText().isEmpty()) << qPrintable(pos().errorText());
    const oms::v1::Order order = getOrder(pos().sale()->receipt().orderNumber);
    // Carried out: confirmed, or already fulfilled (handed over at the till).
    EXPECT_TRUE(order.status() == oms::v1::ORDER_STATUS_CONFIRMED
                || order.status() == oms::v1::ORDER_STATUS_FULFILLED)
            << order.status();
    ASSERT_EQ(order.tenders_size(), 2);
    EXPECT_EQ(order.tenders(0).type(), oms::v1::TENDER_TYPE_CASH);
    EXPECT_EQ(order.tenders(0).amount().amount_minor(), 3000);
    EXPECT_EQ(order.tenders(1).type(), oms::v1::TENDER_TYPE_CARD);
    EXPECT_EQ(order.tenders(1).amount().amount_minor(), total - 3000);

    // The next customer's card is declined.
    QTest::mouseClick(child<QPushButton>("posNewSale"), Qt::LeftButton);
    scan(QStringLiteral("SCARF-WOOL-RED"));
    waitForLookups();
    child<QLineEdit>("posCardToken")->setText(QStringLiteral("tok_decline"));
    addTender(PosCart::TenderKind::Card, 0);
    ASSERT_TRUE(child<QPushButton>("posPlace")->isEnabled()) << qPrintable(pos().reasonText());
    QTest::mouseClick(child<QPushButton>("posPlace"), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return pos().sale()->hasReceipt() || !pos().errorText().isEmpty(); }, 40000));
    EXPECT_FALSE(pos().sale()->hasReceipt());
    EXPECT_TRUE(pos().errorText().contains(QStringLiteral("declined"), Qt::CaseInsensitive)
                || pos().errorText().contains(QStringLiteral("refused")))
            << qPrintable(pos().errorText());
    EXPECT_EQ(pos().cart()->rowCount(), 1);
}

} // namespace
