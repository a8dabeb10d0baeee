// The agent's actions on an order, in the real window against a real omsd:
// cancel some units (preview, confirm) and see the order change without
// pressing Refresh (WatchOrders), hold and release, a note, one request per
// intent across retries, and what a role may not do.

#include "desk_widget_fixture.h"

#include "models/cancellation.h"
#include "models/order_document.h"
#include "models/order_follower.h"
#include "models/model_roles.h"
#include "models/order_line_model.h"
#include "services/intent_keys.h"
#include "views/cancel_dialog.h"
#include "views/hold_dialog.h"
#include "views/order_detail_view.h"
#include "models/saved_searches.h"

#include "oms/v1/order_service.grpc.pb.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QMenu>
#include <QToolButton>

#include <thread>

namespace {

class OrderActionsTest : public DeskWidgetTest
{
protected:
    std::unique_ptr<oms::v1::OrderService::Stub> stub()
    {
        return oms::v1::OrderService::NewStub(
                grpc::CreateChannel(s_omsd->address().toStdString(), grpc::InsecureChannelCredentials()));
    }

    static std::unique_ptr<grpc::ClientContext> as(const char *token)
    {
        auto c = std::make_unique<grpc::ClientContext>();
        c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(15));
        c->AddMetadata("authorization", std::string("Bearer ") + token);
        return c;
    }

    // A web order of two lines (2 + 1 units) paid by card through the
    // gateway simulator, once it is CONFIRMED. Returns the Order.
    oms::v1::Order placeConfirmedOrder(const std::string &key)
    {
        oms::v1::PlaceOrderRequest request;
        request.set_request_id(key);
        request.set_channel("web");
        request.set_customer_id("C-EU1-0002");
        auto *address = request.mutable_shipping_address();
        address->set_name("Jonas Becker");
        address->set_line1("Leopoldstraße 40");
        address->set_city("München");
        address->set_postal_code("80802");
        address->set_country("DE");
        request.set_shipping_option("standard");
        request.set_currency("EUR");
        auto line = [&](const char *sku, int quantity, int price) {
            auto *l = request.add_lines();
            l->set_sku(sku);
            l->set_quantity(quantity);
            l->mutable_unit_price()->set_amount_minor(price);
            l->mutable_unit_price()->set_currency("EUR");
        };
        line("TEE-ORG-WHT-M", 2, 1999);
        line("MUG-STN-BLU", 1, 1499);
        for (auto *money : {request.mutable_shipping(), request.mutable_tax(), request.mutable_discount()}) {
            money->set_amount_minor(0);
            money->set_currency("EUR");
        }
        auto *tender = request.add_tenders();
        tender->set_type(oms::v1::TENDER_TYPE_CARD);
        tender->mutable_amount()->set_amount_minor(2 * 1999 + 1499);
        tender->mutable_amount()->set_currency("EUR");
        tender->set_card_token("tok_visa");
        oms::v1::PlaceOrderResponse placed;
        const grpc::Status status = stub()->PlaceOrder(as("demo-channel-web-token").get(), request, &placed);
        EXPECT_TRUE(status.ok()) << status.error_message();
        return waitForStatus(placed.order().order_id(), oms::v1::ORDER_STATUS_CONFIRMED);
    }

    oms::v1::Order waitForStatus(const std::string &orderId, oms::v1::OrderStatus wanted)
    {
        oms::v1::Order order;
        for (int i = 0; i < 150; ++i) {
            oms::v1::GetOrderRequest get;
            get.set_order_id(orderId);
            order.Clear();
            stub()->GetOrder(as("demo-agent-token").get(), get, &order);
            if (order.status() == wanted)
                return order;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ADD_FAILURE() << "order " << orderId << " never became " << oms::v1::OrderStatus_Name(wanted)
                      << "; it is " << oms::v1::OrderStatus_Name(order.status());
        return order;
    }

    oms::v1::Order serverOrder(const QString &orderId)
    {
        oms::v1::GetOrderRequest get;
        get.set_order_id(orderId.toStdString());
        oms::v1::Order order;
        stub()->GetOrder(as("demo-agent-token").get(), get, &order);
        return order;
    }

    // Types the number into the search form, presses Enter, opens the
    // order with Enter and waits until the detail has loaded and is live.
    OrderDetailView *findAndOpen(const QString &number)
    {
        OrderSearchView *search = window().searchView();
        auto *numberEdit = search->findChild<QLineEdit *>(QStringLiteral("orderNumber"));
        EXPECT_NE(numberEdit, nullptr);
        if (!numberEdit)
            return nullptr;
        numberEdit->clear();
        QTest::keyClicks(numberEdit, number);
        QSignalSpy pages(search->model(), &OrderSearchModel::pageLoaded);
        QTest::keyClick(numberEdit, Qt::Key_Return);
        EXPECT_TRUE(pages.wait(kTimeoutMs));
        EXPECT_EQ(search->model()->rowCount(), 1);
        OrderDetailView *detail = openFirstOrderWithKeyboard();
        EXPECT_NE(detail, nullptr);
        if (!detail)
            return nullptr;
        EXPECT_TRUE(QTest::qWaitFor([&] { return detail->document()->isLoaded() && detail->follower()->isLive(); },
                                    kTimeoutMs))
                << qPrintable(detail->document()->lastError().message());
        return detail;
    }

    static qint64 cancelledOf(OrderDetailView *detail, int row)
    {
        return detail->linesTable()->model()->index(row, OrderLineModel::CancelledColumn).data(RawValueRole).toLongLong();
    }
};

} // namespace

TEST_F(OrderActionsTest, CancelALineAndTheOpenOrderShowsItWithoutARefresh)
{
    const oms::v1::Order order = placeConfirmedOrder("actions-cancel-1");
    signIn(QStringLiteral("demo-agent-token"));
    OrderDetailView *detail = findAndOpen(QString::fromStdString(order.order_number()));
    ASSERT_NE(detail, nullptr);
    auto *cancelButton = detail->findChild<QPushButton *>(QStringLiteral("cancelOrder"));
    ASSERT_TRUE(cancelButton->isEnabled()) << qPrintable(cancelButton->toolTip());

    QTest::mouseClick(cancelButton, Qt::LeftButton);
    auto *dialog = detail->findChild<CancelDialog *>(QStringLiteral("cancelDialog"));
    ASSERT_NE(dialog, nullptr);
    // One unit of line 1 (the T-shirts): the spin box switches to "some units".
    auto *units = dialog->findChild<QSpinBox *>(QStringLiteral("units1"));
    ASSERT_NE(units, nullptr);
    EXPECT_EQ(units->maximum(), 2);
    units->setValue(1);
    EXPECT_TRUE(dialog->findChild<QRadioButton *>(QStringLiteral("someUnits"))->isChecked());

    // The preview: one unit of line 1, cancelled at once, and the card's
    // authorization reduced by its price.
    auto *parts = dialog->findChild<QTableWidget *>(QStringLiteral("cancelParts"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->confirmButton()->isEnabled(); }, kTimeoutMs))
            << qPrintable(dialog->errorText());
    ASSERT_EQ(parts->rowCount(), 1);
    EXPECT_EQ(parts->item(0, 0)->text(), QStringLiteral("1"));
    EXPECT_EQ(parts->item(0, 2)->text(), QStringLiteral("1"));
    auto *money = dialog->findChild<QTableWidget *>(QStringLiteral("cancelMoney"));
    ASSERT_EQ(money->rowCount(), 1);
    EXPECT_EQ(money->item(0, 0)->text(), QStringLiteral("Card"));
    EXPECT_TRUE(money->item(0, 1)->text().contains(QStringLiteral("19.99"))) << qPrintable(money->item(0, 1)->text());
    EXPECT_FALSE(dialog->findChild<QLabel *>(QStringLiteral("cancelSummary"))->text().contains(QStringLiteral("becomes Cancelled")));

    const int reloadsBefore = detail->follower()->reloadsAsked();
    QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
    // Nobody presses Refresh: the event comes through WatchOrders.
    ASSERT_TRUE(QTest::qWaitFor([&] { return cancelledOf(detail, 0) == 1; }, kTimeoutMs))
            << "the open order shows the cancelled unit by itself";
    EXPECT_GT(detail->follower()->reloadsAsked(), reloadsBefore);
    EXPECT_TRUE(detail->noticeText().contains(QStringLiteral("1 unit(s) cancelled"))) << qPrintable(detail->noticeText());
    EXPECT_EQ(serverOrder(detail->document()->orderId()).lines(0).cancelled(), 1);
    EXPECT_EQ(cancelledOf(detail, 1), 0) << "the other line is untouched";
}

TEST_F(OrderActionsTest, AChangeMadeElsewhereShowsInTheOpenOrder)
{
    const oms::v1::Order order = placeConfirmedOrder("actions-elsewhere-1");
    signIn(QStringLiteral("demo-agent-token"));
    OrderDetailView *detail = findAndOpen(QString::fromStdString(order.order_number()));
    ASSERT_NE(detail, nullptr);
    // Another agent (another client) puts it on hold.
    oms::v1::HoldOrderRequest hold;
    hold.set_request_id("actions-elsewhere-hold");
    hold.set_order_id(order.order_id());
    hold.set_reason(oms::v1::HOLD_REASON_ADDRESS_CHECK);
    hold.set_note("checking the house number");
    oms::v1::Order held;
    ASSERT_TRUE(stub()->HoldOrder(as("demo-supervisor-token").get(), hold, &held).ok());
    auto *holds = detail->findChild<QLabel *>(QStringLiteral("holds"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return holds->text().contains(QStringLiteral("Address check")); }, kTimeoutMs))
            << qPrintable(holds->text());
    EXPECT_TRUE(detail->findChild<QPushButton *>(QStringLiteral("releaseOrder"))->isEnabled());
}

TEST_F(OrderActionsTest, HoldReleaseAndANoteFromTheOrder)
{
    const oms::v1::Order order = placeConfirmedOrder("actions-hold-1");
    signIn(QStringLiteral("demo-agent-token"));
    OrderDetailView *detail = findAndOpen(QString::fromStdString(order.order_number()));
    ASSERT_NE(detail, nullptr);
    auto *holds = detail->findChild<QLabel *>(QStringLiteral("holds"));
    auto *release = detail->findChild<QPushButton *>(QStringLiteral("releaseOrder"));
    EXPECT_FALSE(release->isEnabled());
    EXPECT_EQ(release->toolTip(), QStringLiteral("The order has no hold."));

    auto *holdDialog = qobject_cast<OrderChangeDialog *>(detail->startHold());
    ASSERT_NE(holdDialog, nullptr);
    holdDialog->reason()->setCurrentIndex(holdDialog->reason()->findText(QStringLiteral("Customer request")));
    QTest::keyClicks(holdDialog->note(), QStringLiteral("customer is moving house"));
    QTest::mouseClick(holdDialog->confirmButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return holds->text().contains(QStringLiteral("Customer request")); }, kTimeoutMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return release->isEnabled(); }, kTimeoutMs));

    auto *releaseDialog = qobject_cast<OrderChangeDialog *>(detail->startRelease());
    ASSERT_NE(releaseDialog, nullptr);
    EXPECT_EQ(releaseDialog->reason()->currentText(), QStringLiteral("Customer request"));
    QTest::mouseClick(releaseDialog->confirmButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return holds->text() == QStringLiteral("None"); }, kTimeoutMs))
            << qPrintable(holds->text());

    auto *noteDialog = qobject_cast<OrderChangeDialog *>(detail->startNote());
    ASSERT_NE(noteDialog, nullptr);
    EXPECT_FALSE(noteDialog->confirmButton()->isEnabled()) << "an empty note is not sent";
    QTest::keyClicks(noteDialog->text(), QStringLiteral("Called the customer: new address next week"));
    ASSERT_TRUE(noteDialog->confirmButton()->isEnabled());
    QTest::mouseClick(noteDialog->confirmButton(), Qt::LeftButton);
    QAbstractItemModel *timeline = detail->timelineTable()->model();
    ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                for (int row = 0; row < timeline->rowCount(); ++row)
                    for (int column = 0; column < timeline->columnCount(); ++column)
                        if (timeline->index(row, column).data().toString().contains(QStringLiteral("new address next week")))
                            return true;
                return false;
            },
            kTimeoutMs))
            << "the note is on the timeline without a refresh";
}

TEST_F(OrderActionsTest, ARetriedCancellationIsOneRequestAndANewIntentIsANewOne)
{
    const oms::v1::Order order = placeConfirmedOrder("actions-retry-1");
    signIn(QStringLiteral("demo-agent-token"));
    IntentKeys &keys = desk->intents;
    Cancellation first(&desk->orders, &keys, order);
    CancelChoice choice;
    choice.lines.insert(1, 1);
    first.setChoice(choice);
    const QString key = keys.keyFor(first.intent());
    // The client crashed after sending: a new Cancellation for the same
    // choice (the user tries again after a restart) carries the same key.
    IntentKeys restarted(desk->configDir.filePath(QStringLiteral("intents.json")));
    restarted.setScope(desk->connection.address() + QLatin1Char('|') + window().user().principalId);
    Cancellation again(&desk->orders, &restarted, order);
    again.setChoice(choice);
    EXPECT_EQ(restarted.keyFor(again.intent()), key);

    // Both attempts reach the server: one cancellation, the second a replay.
    QSignalSpy firstDone(&first, &Cancellation::confirmed);
    first.confirm();
    ASSERT_TRUE(firstDone.wait(kTimeoutMs));
    QSignalSpy againDone(&again, &Cancellation::confirmed);
    again.confirm();
    ASSERT_TRUE(againDone.wait(kTimeoutMs));
    EXPECT_FALSE(firstDone.at(0).at(1).toBool());
    EXPECT_TRUE(againDone.at(0).at(1).toBool()) << "the same key is answered as a replay";
    EXPECT_EQ(serverOrder(QString::fromStdString(order.order_id())).lines(0).cancelled(), 1);

    // Settled: the same choice made again later is a new intent, a second unit.
    EXPECT_FALSE(keys.isOpen(first.intent()));
    Cancellation later(&desk->orders, &keys, serverOrder(QString::fromStdString(order.order_id())));
    later.setChoice(choice);
    EXPECT_NE(keys.keyFor(later.intent()), key);
    QSignalSpy laterDone(&later, &Cancellation::confirmed);
    later.confirm();
    ASSERT_TRUE(laterDone.wait(kTimeoutMs));
    EXPECT_EQ(serverOrder(QString::fromStdString(order.order_id())).lines(0).cancelled(), 2);
}

TEST_F(OrderActionsTest, WhatTheRoleMayNotDoIsDisabledWithTheReason)
{
    const oms::v1::Order order = placeConfirmedOrder("actions-role-1");
    signIn(QStringLiteral("demo-warehouse-token"));
    EXPECT_FALSE(window().user().may(QStringLiteral("OrderService/CancelOrder")));
    OrderDetailView *detail = window().openOrder(QString::fromStdString(order.order_id()));
    ASSERT_TRUE(QTest::qWaitFor([&] { return detail->document()->isLoaded(); }, kTimeoutMs))
            << qPrintable(detail->document()->lastError().message());
    auto *cancel = detail->findChild<QPushButton *>(QStringLiteral("cancelOrder"));
    auto *hold = detail->findChild<QPushButton *>(QStringLiteral("holdOrder"));
    EXPECT_FALSE(cancel->isEnabled());
    EXPECT_EQ(cancel->toolTip(), QStringLiteral("Your role (warehouse) may not cancel orders; ask a supervisor."));
    EXPECT_FALSE(hold->isEnabled());
    EXPECT_TRUE(hold->toolTip().startsWith(QStringLiteral("Your role (warehouse) may not hold orders")));
    EXPECT_EQ(detail->startCancel(), nullptr);
}

TEST_F(OrderActionsTest, ASavedSearchRunsAgainWithItsFilters)
{
    signIn(QStringLiteral("demo-agent-token"));
    waitForOrders();
    OrderSearchView *search = window().searchView();
    for (const QString &name : search->savedSearches()->names())
        search->savedSearches()->remove(name);
    const QString email = search->model()->index(0, OrderSearchModel::EmailColumn).data().toString();
    ASSERT_FALSE(email.isEmpty());
    auto *emailEdit = search->findChild<QLineEdit *>(QStringLiteral("email"));
    QTest::keyClicks(emailEdit, email);
    EXPECT_EQ(search->saveSearchAs(QStringLiteral("Her orders")), QString());

    search->clearFilters();
    EXPECT_TRUE(emailEdit->text().isEmpty());
    QSignalSpy pages(search->model(), &OrderSearchModel::pageLoaded);
    search->runSavedSearch(QStringLiteral("Her orders"));
    EXPECT_EQ(emailEdit->text(), email);
    ASSERT_TRUE(pages.wait(kTimeoutMs));
    ASSERT_GT(search->model()->rowCount(), 0);
    for (int row = 0; row < search->model()->rowCount(); ++row)
        EXPECT_EQ(search->model()->index(row, OrderSearchModel::EmailColumn).data().toString().toLower(),
                  email.toLower());
    // The menu lists it.
    auto *button = search->findChild<QToolButton *>(QStringLiteral("savedSearches"));
    Q_EMIT button->menu()->aboutToShow();
    QStringList texts;
    for (QAction *action : button->menu()->actions())
        texts.append(action->text());
    EXPECT_TRUE(texts.contains(QStringLiteral("Her orders"))) << qPrintable(texts.join(QLatin1Char(',')));
}
