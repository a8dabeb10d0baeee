// Refunds, the supervisor's approval queue and returns, driven through the
// real window offscreen against a real omsd --demo. Each test places its own
// order paid from a demo customer's wallet (captured at placement; the card
// gateway simulator is not running here) and ships it through the
// fulfilment API as a node would, with gRPC stubs and the demo admin token.

#include "desk_fixture.h"
#include "desk_widget_fixture.h"

#include "models/approval_queue_model.h"
#include "models/order_document.h"
#include "models/refund_draft.h"
#include "models/refund_session.h"
#include "models/return_session.h"
#include "views/approval_queue_view.h"
#include "views/order_detail_view.h"
#include "views/order_money_actions.h"
#include "views/refund_dialog.h"
#include "views/return_dialog.h"
#include "views/sign_in_dialog.h"

#include "oms/v1/fulfillment_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "oms/v1/payment_service.grpc.pb.h"

#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include <gtest/gtest.h>

namespace {


std::unique_ptr<grpc::ClientContext> context(const char *token)
{
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(15));
    c->AddMetadata("authorization", std::string("Bearer ") + token);
    return c;
}

class RefundFlowTest : public DeskWidgetTest
{
protected:
    void SetUp() override
    {
        DeskWidgetTest::SetUp();
        m_channel = grpc::CreateChannel(s_omsd->address().toStdString(), grpc::InsecureChannelCredentials());
    }

    oms::v1::Order getOrder(const std::string &orderId)
    {
        auto stub = oms::v1::OrderService::NewStub(m_channel);
        oms::v1::GetOrderRequest request;
        request.set_order_id(orderId);
        oms::v1::Order order;
        const grpc::Status status = stub->GetOrder(context("demo-admin-token").get(), request, &order);
        EXPECT_TRUE(status.ok()) << status.error_message();
        return order;
    }

    // Places an order for C-EU1-0003 (wallet 120.00) paid from the wallet,
    // `linesJson` like [{"sku": "MUG-STN-BLU", "quantity": "1", "unitPrice": {...}}].
    std::string placeWalletOrder(const std::string &requestId, const std::string &linesJson,
                                 std::int64_t totalMinor)
    {
        const std::string json = R"({"requestId": ")" + requestId
                + R"(", "channel": "web", "customerId": "C-EU1-0003", "shippingAddress": {"name": "Camille Dubois", "line1": "12 rue de Rivoli", "city": "Paris", "postalCode": "75004", "country": "FR"}, "shippingOption": "standard", "currency": "EUR", "lines": )"
                + linesJson
                + R"(, "shipping": {"amountMinor": "0", "currency": "EUR"}, "tax": {"amountMinor": "0", "currency": "EUR"}, "discount": {"amountMinor": "0", "currency": "EUR"}, "tenders": [{"type": "TENDER_TYPE_WALLET", "amount": {"amountMinor": ")"
                + std::to_string(totalMinor) + R"(", "currency": "EUR"}}]})";
        oms::v1::PlaceOrderRequest request;
        EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &request).ok()) << json;
        auto stub = oms::v1::OrderService::NewStub(m_channel);
        oms::v1::PlaceOrderResponse placed;
        const grpc::Status status = stub->PlaceOrder(context("demo-channel-web-token").get(), request, &placed);
        EXPECT_TRUE(status.ok()) << status.error_message();
        return placed.order().order_id();
    }

    // Picks, packs, ships and delivers every shipment of the order, as its
    // node would. Waits for the order to be released to its nodes first.
    void shipAndDeliver(const std::string &orderId)
    {
        oms::v1::Order order;
        ASSERT_TRUE(QTest::qWaitFor(
                [&] {
                    order = getOrder(orderId);
                    return order.shipments_size() > 0;
                },
                kTimeoutMs))
                << "the order was never released to a node: " << order.ShortDebugString();
        auto stub = oms::v1::FulfillmentService::NewStub(m_channel);
        for (const oms::v1::Shipment &shipment : order.shipments()) {
            oms::v1::ShipmentActionRequest action;
            action.set_shipment_id(shipment.shipment_id());
            oms::v1::ShipmentActionResponse answer;
            grpc::Status status = stub->StartPicking(context("demo-admin-token").get(), action, &answer);
            ASSERT_TRUE(status.ok()) << "pick: " << status.error_message();
            status = stub->PackShipment(context("demo-admin-token").get(), action, &answer);
            ASSERT_TRUE(status.ok()) << "pack: " << status.error_message();
            oms::v1::ShipShipmentRequest ship;
            ship.set_shipment_id(shipment.shipment_id());
            ship.set_carrier("DHL");
            ship.set_tracking_id("JD0000" + shipment.shipment_id().substr(shipment.shipment_id().size() - 4));
            status = stub->ShipShipment(context("demo-admin-token").get(), ship, &answer);
            ASSERT_TRUE(status.ok()) << "ship: " << status.error_message();
            status = stub->DeliverShipment(context("demo-admin-token").get(), action, &answer);
            ASSERT_TRUE(status.ok()) << "deliver: " << status.error_message();
        }
    }

    OrderDetailView *openOrder(const std::string &orderId)
    {
        OrderDetailView *view = window().openOrder(QString::fromStdString(orderId));
        EXPECT_TRUE(QTest::qWaitFor([&] { return view->document()->isLoaded(); }, kTimeoutMs));
        return view;
    }

    RefundDialog *openRefundDialog(OrderDetailView *view)
    {
        auto *button = view->findChild<QPushButton *>(QStringLiteral("openRefund"));
        EXPECT_NE(button, nullptr);
        if (!button)
            return nullptr;
        EXPECT_TRUE(QTest::qWaitFor([&] { return button->isEnabled(); }, kTimeoutMs)) << qPrintable(button->toolTip());
        QTest::mouseClick(button, Qt::LeftButton);
        auto *dialog = view->findChild<RefundDialog *>();
        EXPECT_NE(dialog, nullptr);
        if (dialog)
            EXPECT_TRUE(QTest::qWaitFor([&] { return dialog->session()->isLoaded(); }, kTimeoutMs))
                    << qPrintable(dialog->errorText());
        return dialog;
    }

    static QString tenderCells(QTableWidget *table)
    {
        QStringList cells;
        for (int row = 0; row < table->rowCount(); ++row)
            for (int column = 0; column < table->columnCount(); ++column)
                if (table->item(row, column))
                    cells.append(table->item(row, column)->text());
        return cells.join(QLatin1Char('|'));
    }

    std::shared_ptr<grpc::Channel> m_channel;
};


} // namespace

// Runs first: the wallet (120.00) pays this order, and the approved refund
// puts 101.00 back for the next test's order.
TEST_F(RefundFlowTest, ARefundAboveTheAgentsLimitWaitsAndTheSupervisorApprovesItInTheQueue)
{
    // 104.97 captured from the wallet, nothing shipped: a goodwill amount
    // needs no shipped unit.
    const std::string orderId = placeWalletOrder(
            "desk-refund-flow-2",
            R"([{"sku": "TEE-ORG-WHT-L", "quantity": "1", "unitPrice": {"amountMinor": "1999", "currency": "EUR"}},
                {"sku": "MUG-STN-WHT", "quantity": "1", "unitPrice": {"amountMinor": "1499", "currency": "EUR"}},
                {"sku": "BAG-BPK-20L", "quantity": "1", "unitPrice": {"amountMinor": "6999", "currency": "EUR"}}])",
            10497);
    ASSERT_FALSE(orderId.empty());
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return getOrder(orderId).tenders_size() > 0 && getOrder(orderId).tenders(0).captured_minor() > 0; },
            kTimeoutMs));

    ASSERT_NO_FATAL_FAILURE(signIn(QStringLiteral("demo-agent-token")));
    // The agent sees the Approvals tab disabled with the reason.
    ApprovalQueueView *approvals = window().approvalsView();
    ASSERT_NE(approvals, nullptr);
    EXPECT_FALSE(approvals->isAllowed());
    EXPECT_FALSE(approvals->table()->isEnabled());
    EXPECT_TRUE(approvals->findChild<QLabel *>(QStringLiteral("approvalNotice"))->text().contains(QStringLiteral("agent")));

    OrderDetailView *view = openOrder(orderId);
    RefundDialog *dialog = openRefundDialog(view);
    ASSERT_NE(dialog, nullptr);
    dialog->findChild<QDoubleSpinBox *>(QStringLiteral("refundGoodwill"))->setValue(101.00);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("refundReason")), QStringLiteral("Parcel lost for a month"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->session()->hasPreview(); }, kTimeoutMs))
            << qPrintable(dialog->errorText());
    EXPECT_TRUE(dialog->session()->preview().needsApproval);
    EXPECT_TRUE(dialog->findChild<QLabel *>(QStringLiteral("refundApproval"))->text().contains(QStringLiteral("supervisor")));
    QSignalSpy refunded(dialog, &RefundDialog::refunded);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("refundConfirm")), Qt::LeftButton);
    ASSERT_TRUE(refunded.wait(kTimeoutMs)) << qPrintable(dialog->errorText());
    oms::v1::Order order = getOrder(orderId);
    ASSERT_EQ(order.refunds_size(), 1);
    EXPECT_EQ(order.refunds(0).status(), oms::v1::REFUND_STATUS_PENDING_APPROVAL);
    const QString refundId = QString::fromStdString(order.refunds(0).refund_id());
    dialog->close();

    // The supervisor finds it in Approvals and approves it.
    ASSERT_NO_FATAL_FAILURE(signIn(QStringLiteral("demo-supervisor-token")));
    approvals = window().approvalsView();
    EXPECT_TRUE(approvals->isAllowed());
    window().tabs()->setCurrentWidget(approvals);
    ASSERT_TRUE(QTest::qWaitFor([&] { return approvals->select(refundId); }, kTimeoutMs));
    const int row = approvals->model()->rowOf(refundId);
    EXPECT_EQ(approvals->model()->approval(row).requestedBy, QStringLiteral("staff:alice"));
    EXPECT_EQ(approvals->model()->approval(row).reason, QStringLiteral("Parcel lost for a month"));
    auto *approve = approvals->findChild<QPushButton *>(QStringLiteral("approveRefund"));
    ASSERT_TRUE(approve->isEnabled()) << qPrintable(approve->toolTip());
    QSignalSpy decided(approvals->model(), &ApprovalQueueModel::decided);
    QTest::mouseClick(approve, Qt::LeftButton);
    ASSERT_TRUE(decided.wait(kTimeoutMs))
            << qPrintable(approvals->findChild<QLabel *>(QStringLiteral("approvalError"))->text());
    order = getOrder(orderId);
    ASSERT_EQ(order.refunds_size(), 1);
    EXPECT_NE(order.refunds(0).status(), oms::v1::REFUND_STATUS_PENDING_APPROVAL);
    EXPECT_EQ(order.refunds(0).approved_by(), "staff:sam");
    ASSERT_TRUE(QTest::qWaitFor([&] { return approvals->model()->rowOf(refundId) < 0; }, kTimeoutMs));
}

// Runs after the approval test (definition order), whose approved refund
// put 101.00 back into the wallet for this order.
TEST_F(RefundFlowTest, ARefundIsPreviewedPerTenderCommittedOnceAndAReturnIsCreatedAndReceived)
{
    // TEE x1 + MUG x1 + BAG x1 = 104.97 from the wallet (120.00).
    const std::string orderId = placeWalletOrder(
            "desk-refund-flow-1",
            R"([{"sku": "TEE-ORG-WHT-M", "quantity": "1", "unitPrice": {"amountMinor": "1999", "currency": "EUR"}},
                {"sku": "MUG-STN-BLU", "quantity": "1", "unitPrice": {"amountMinor": "1499", "currency": "EUR"}},
                {"sku": "BAG-BPK-20L", "quantity": "1", "unitPrice": {"amountMinor": "6999", "currency": "EUR"}}])",
            10497);
    ASSERT_FALSE(orderId.empty());
    ASSERT_NO_FATAL_FAILURE(shipAndDeliver(orderId));

    ASSERT_NO_FATAL_FAILURE(signIn(QStringLiteral("demo-agent-token")));
    OrderDetailView *view = openOrder(orderId);
    ASSERT_NE(view, nullptr);
    RefundDialog *dialog = openRefundDialog(view);
    ASSERT_NE(dialog, nullptr);

    // Choose line 1 (the tee): the preview shows the wallet's share.
    auto *quantity = dialog->findChild<QSpinBox *>(QStringLiteral("refundQuantity-1"));
    ASSERT_NE(quantity, nullptr);
    EXPECT_EQ(quantity->maximum(), 1);
    quantity->setValue(1);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("refundReason")), QStringLiteral("Wrong size"));
    auto *tenders = dialog->findChild<QTableWidget *>(QStringLiteral("refundPreviewTenders"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->session()->hasPreview(); }, kTimeoutMs))
            << qPrintable(dialog->errorText());
    ASSERT_EQ(tenders->rowCount(), 1) << qPrintable(tenderCells(tenders));
    EXPECT_TRUE(tenderCells(tenders).contains(QStringLiteral("Wallet"))) << qPrintable(tenderCells(tenders));
    EXPECT_TRUE(tenderCells(tenders).contains(QStringLiteral("19.99"))) << qPrintable(tenderCells(tenders));
    EXPECT_TRUE(dialog->findChild<QLabel *>(QStringLiteral("refundApproval"))->text().contains(QStringLiteral("at once")));

    // Confirm: one refund, paid from the wallet at once.
    auto *confirm = dialog->findChild<QPushButton *>(QStringLiteral("refundConfirm"));
    ASSERT_TRUE(confirm->isEnabled()) << qPrintable(confirm->toolTip());
    QSignalSpy refunded(dialog, &RefundDialog::refunded);
    QTest::mouseClick(confirm, Qt::LeftButton);
    ASSERT_TRUE(refunded.wait(kTimeoutMs)) << qPrintable(dialog->errorText());
    oms::v1::Order order = getOrder(orderId);
    ASSERT_EQ(order.refunds_size(), 1);
    EXPECT_EQ(order.refunds(0).amount().amount_minor(), 1999);
    EXPECT_EQ(order.refunds(0).requested_by(), "staff:alice");
    EXPECT_NE(order.refunds(0).status(), oms::v1::REFUND_STATUS_PENDING_APPROVAL);
    EXPECT_TRUE(dialog->findChild<QLabel *>(QStringLiteral("refundResult"))->text().contains(
            QString::fromStdString(order.refunds(0).refund_id())));
    // The dialog reloads: the tee has nothing left to refund.
    ASSERT_TRUE(QTest::qWaitFor([&] {
        auto *spin = dialog->findChild<QSpinBox *>(QStringLiteral("refundQuantity-1"));
        return spin && spin->maximum() == 0;
    }, kTimeoutMs));

    // A lost answer: the same intent sent twice with the key IntentKeys
    // gives is one refund (the second answer says it was replayed).
    RefundDraft draft = dialog->session()->draft();
    draft.shipping = false;
    for (RefundableLine &line : draft.lines)
        line.quantity = 0;
    draft.goodwillMinor = 300;
    draft.reason = QStringLiteral("Late delivery");
    const QString intent = draft.intent();
    auto stub = oms::v1::PaymentService::NewStub(m_channel);
    oms::v1::RefundOrderRequest request;
    draft.fillRequest(&request);
    request.set_request_id(desk->intents.keyFor(intent).toStdString());
    oms::v1::RefundOrderResponse first, second;
    ASSERT_TRUE(stub->RefundOrder(context("demo-agent-token").get(), request, &first).ok());
    // ... the answer was lost; the retry asks IntentKeys again and gets the same key.
    request.set_request_id(desk->intents.keyFor(intent).toStdString());
    ASSERT_TRUE(stub->RefundOrder(context("demo-agent-token").get(), request, &second).ok());
    desk->intents.settle(intent);
    EXPECT_FALSE(first.replayed());
    EXPECT_TRUE(second.replayed());
    EXPECT_EQ(first.refund().refund_id(), second.refund().refund_id());
    order = getOrder(orderId);
    EXPECT_EQ(order.refunds_size(), 2);
    dialog->close();

    // A return of the mug, created by the agent, who may not receive it.
    auto *returnsButton = view->findChild<QPushButton *>(QStringLiteral("openReturns"));
    ASSERT_TRUE(returnsButton->isEnabled()) << qPrintable(returnsButton->toolTip());
    QTest::mouseClick(returnsButton, Qt::LeftButton);
    auto *returns = view->findChild<ReturnDialog *>();
    ASSERT_NE(returns, nullptr);
    ASSERT_TRUE(QTest::qWaitFor([&] { return returns->session()->isLoaded(); }, kTimeoutMs));
    auto *mug = returns->findChild<QSpinBox *>(QStringLiteral("returnQuantity-2"));
    ASSERT_NE(mug, nullptr);
    EXPECT_EQ(mug->maximum(), 1);
    mug->setValue(1);
    auto *create = returns->findChild<QPushButton *>(QStringLiteral("returnCreate"));
    ASSERT_TRUE(create->isEnabled()) << qPrintable(create->toolTip());
    QSignalSpy created(returns->session(), &ReturnSession::created);
    QTest::mouseClick(create, Qt::LeftButton);
    ASSERT_TRUE(created.wait(kTimeoutMs)) << qPrintable(returns->errorText());
    auto *receive = returns->findChild<QPushButton *>(QStringLiteral("returnReceive"));
    EXPECT_FALSE(receive->isEnabled());
    EXPECT_TRUE(receive->toolTip().contains(QStringLiteral("agent"))) << qPrintable(receive->toolTip());
    order = getOrder(orderId);
    ASSERT_EQ(order.returns_size(), 1);
    EXPECT_EQ(order.returns(0).status(), oms::v1::RETURN_STATUS_AWAITING_RECEIPT);
    returns->close();

    // The supervisor receives it from the same order's Returns dialog.
    ASSERT_NO_FATAL_FAILURE(signIn(QStringLiteral("demo-supervisor-token")));
    view = openOrder(orderId);
    returnsButton = view->findChild<QPushButton *>(QStringLiteral("openReturns"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return returnsButton->isEnabled(); }, kTimeoutMs));
    QTest::mouseClick(returnsButton, Qt::LeftButton);
    returns = view->findChild<ReturnDialog *>();
    ASSERT_NE(returns, nullptr);
    ASSERT_TRUE(QTest::qWaitFor([&] { return returns->session()->isLoaded(); }, kTimeoutMs));
    ASSERT_TRUE(returns->selectReturn(QString::fromStdString(order.returns(0).return_id())));
    receive = returns->findChild<QPushButton *>(QStringLiteral("returnReceive"));
    ASSERT_TRUE(receive->isEnabled()) << qPrintable(receive->toolTip());
    QSignalSpy received(returns->session(), &ReturnSession::received);
    QTest::mouseClick(receive, Qt::LeftButton);
    ASSERT_TRUE(received.wait(kTimeoutMs)) << qPrintable(returns->errorText());
    order = getOrder(orderId);
    ASSERT_EQ(order.returns_size(), 1);
    EXPECT_EQ(order.returns(0).status(), oms::v1::RETURN_STATUS_RECEIVED);
    EXPECT_EQ(order.returns(0).lines(0).restocked(), 1);
}
