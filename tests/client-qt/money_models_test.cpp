// Refund and return drafts from hand-built orders: what may be refunded or
// returned, the request they build, the intent string (every choice in it),
// the preview's split in words.

#include "models/approval_queue_model.h"
#include "models/display_text.h"
#include "models/refund_draft.h"
#include "models/return_session.h"

#include "oms/v1/order.pb.h"
#include "oms/v1/payment_service.pb.h"
#include "oms/v1/refund.pb.h"
#include "oms/v1/return.pb.h"
#include "oms/v1/return_service.pb.h"

#include <QAbstractItemModelTester>

#include <gtest/gtest.h>

namespace {

oms::v1::Money eur(std::int64_t minor)
{
    oms::v1::Money m;
    m.set_amount_minor(minor);
    m.set_currency("EUR");
    return m;
}

// Two lines: line 1 three units, two shipped and delivered, one refunded;
// line 2 one unit not shipped. Paid by card and wallet; shipping 4.95.
oms::v1::Order shippedOrder()
{
    oms::v1::Order order;
    order.set_order_id("EU1-01JD3ABCDEFGHJKMNPQRSTVWXY");
    order.set_order_number("EU1-7Q2M-K9XD");
    auto *a = order.add_lines();
    a->set_line_no(1);
    a->set_sku("TEE-M");
    a->set_name("T-shirt M");
    *a->mutable_unit_price() = eur(1999);
    a->set_ordered(3);
    a->set_shipped(2);
    a->set_delivered(2);
    a->set_refunded(1);
    a->set_returned(1);
    auto *b = order.add_lines();
    b->set_line_no(2);
    b->set_sku("MUG");
    b->set_name("Mug");
    *b->mutable_unit_price() = eur(1499);
    b->set_ordered(1);
    *order.mutable_totals()->mutable_shipping() = eur(495);
    *order.mutable_totals()->mutable_total() = eur(8000);
    auto *card = order.add_tenders();
    card->set_tender_id("T1");
    card->set_type(oms::v1::TENDER_TYPE_CARD);
    card->set_card_last4("4242");
    auto *wallet = order.add_tenders();
    wallet->set_tender_id("T2");
    wallet->set_type(oms::v1::TENDER_TYPE_WALLET);
    auto *shipment = order.add_shipments();
    shipment->set_shipment_id("S1");
    shipment->set_node_id("DC-BER");
    shipment->add_lines()->set_line_no(1);
    return order;
}

} // namespace

TEST(RefundDraftTest, RefundableUnitsAreShippedLessRefundedAndShippingOnce)
{
    oms::v1::Order order = shippedOrder();
    RefundDraft draft = RefundDraft::fromOrder(order);
    EXPECT_EQ(draft.orderId, QStringLiteral("EU1-01JD3ABCDEFGHJKMNPQRSTVWXY"));
    EXPECT_EQ(draft.orderNumber, QStringLiteral("EU1-7Q2M-K9XD"));
    EXPECT_EQ(draft.currency, QStringLiteral("EUR"));
    ASSERT_EQ(draft.lines.size(), 2);
    EXPECT_EQ(draft.lines[0].refundable, 1);
    EXPECT_EQ(draft.lines[0].unitMinor, 1999);
    EXPECT_EQ(draft.lines[1].refundable, 0);
    EXPECT_TRUE(draft.shippingRefundable);
    EXPECT_TRUE(draft.isEmpty());

    // A refund that took the shipping charge: not again. A rejected one did not take it.
    auto *refund = order.add_refunds();
    refund->set_status(oms::v1::REFUND_STATUS_REJECTED);
    *refund->mutable_shipping() = eur(495);
    EXPECT_TRUE(RefundDraft::fromOrder(order).shippingRefundable);
    refund->set_status(oms::v1::REFUND_STATUS_SUCCEEDED);
    EXPECT_FALSE(RefundDraft::fromOrder(order).shippingRefundable);
}

TEST(RefundDraftTest, BuildsTheRequestAndAnIntentThatNamesEveryChoice)
{
    RefundDraft draft = RefundDraft::fromOrder(shippedOrder());
    draft.lines[0].quantity = 1;
    draft.lines[0].restock = true;
    draft.shipping = true;
    draft.goodwillMinor = 500;
    draft.reason = QStringLiteral("  late delivery ");
    draft.policy = oms::v1::REFUND_POLICY_STORE_CREDIT;
    EXPECT_EQ(draft.chosenMinor(), 1999 + 495 + 500);

    oms::v1::RefundOrderRequest request;
    draft.fillRequest(&request);
    EXPECT_EQ(request.order_id(), "EU1-01JD3ABCDEFGHJKMNPQRSTVWXY");
    ASSERT_EQ(request.lines_size(), 1);
    EXPECT_EQ(request.lines(0).line_no(), 1);
    EXPECT_EQ(request.lines(0).quantity(), 1);
    EXPECT_TRUE(request.lines(0).restock());
    EXPECT_TRUE(request.shipping());
    EXPECT_EQ(request.goodwill().amount_minor(), 500);
    EXPECT_EQ(request.goodwill().currency(), "EUR");
    EXPECT_EQ(request.policy(), oms::v1::REFUND_POLICY_STORE_CREDIT);
    EXPECT_EQ(request.reason(), "late delivery");
    EXPECT_TRUE(request.request_id().empty()); // the session puts the intent's key there

    const QString intent = draft.intent();
    EXPECT_EQ(intent, QStringLiteral("refund|EU1-01JD3ABCDEFGHJKMNPQRSTVWXY|lines:1x1r|shipping|goodwill:500|policy:2|reason:late delivery"));
    // Any other choice is another intent (another key).
    RefundDraft other = draft;
    other.lines[0].restock = false;
    EXPECT_NE(other.intent(), intent);
    other = draft;
    other.goodwillMinor = 501;
    EXPECT_NE(other.intent(), intent);
    other = draft;
    other.reason = QStringLiteral("damaged");
    EXPECT_NE(other.intent(), intent);
}

TEST(RefundDraftTest, ThePreviewNamesEachTenderAndSaysWhenItWaitsForApproval)
{
    const RefundDraft draft = RefundDraft::fromOrder(shippedOrder());
    oms::v1::Refund refund;
    refund.set_status(oms::v1::REFUND_STATUS_PENDING_APPROVAL);
    *refund.mutable_amount() = eur(12000);
    auto *card = refund.add_parts();
    card->set_tender_id("T1");
    card->set_kind(oms::v1::REFUND_PART_KIND_REFUND);
    *card->mutable_amount() = eur(7000);
    auto *wallet = refund.add_parts();
    wallet->set_tender_id("T2");
    wallet->set_kind(oms::v1::REFUND_PART_KIND_VOID);
    *wallet->mutable_amount() = eur(5000);
    const RefundOutcome preview = RefundOutcome::fromRefund(refund, draft.tenderLabels);
    EXPECT_TRUE(preview.needsApproval);
    EXPECT_EQ(preview.amountMinor, 12000);
    EXPECT_EQ(preview.amount, DisplayText::money(12000, QStringLiteral("EUR")));
    ASSERT_EQ(preview.shares.size(), 2);
    EXPECT_EQ(preview.shares[0].tender, QStringLiteral("%1 •••• 4242").arg(DisplayText::tenderType(oms::v1::TENDER_TYPE_CARD)));
    EXPECT_EQ(preview.shares[0].amount, DisplayText::money(7000, QStringLiteral("EUR")));
    EXPECT_EQ(preview.shares[1].tender, DisplayText::tenderType(oms::v1::TENDER_TYPE_WALLET));
    EXPECT_TRUE(preview.shares[1].kind.contains(QStringLiteral("Released")));
    EXPECT_TRUE(preview.statusText().contains(QStringLiteral("supervisor")));

    refund.set_status(oms::v1::REFUND_STATUS_SUCCEEDED);
    refund.set_refund_id("EU1-01JD3ABCDEFGHJKMNPQRSTVWXY-R1");
    card->set_status(oms::v1::REFUND_PART_STATUS_SUCCEEDED);
    const RefundOutcome done = RefundOutcome::fromRefund(refund, draft.tenderLabels);
    EXPECT_FALSE(done.needsApproval);
    EXPECT_EQ(done.shares[0].status, QStringLiteral("Done"));
}

TEST(ReturnDraftTest, ReturnableUnitsAreDeliveredLessRefundedLessComingBack)
{
    oms::v1::Order order = shippedOrder();
    ReturnDraft draft = ReturnDraft::fromOrder(order);
    ASSERT_EQ(draft.lines.size(), 2);
    EXPECT_EQ(draft.lines[0].returnable, 1);
    EXPECT_EQ(draft.lines[0].shippedFrom, QStringLiteral("DC-BER"));
    EXPECT_EQ(draft.lines[1].returnable, 0);
    EXPECT_TRUE(draft.isEmpty());

    auto *ret = order.add_returns();
    ret->set_return_id("EU1-01JD3ABCDEFGHJKMNPQRSTVWXY-RMA1");
    ret->set_status(oms::v1::RETURN_STATUS_AWAITING_RECEIPT);
    auto *line = ret->add_lines();
    line->set_line_no(1);
    line->set_sku("TEE-M");
    line->set_quantity(1);
    line->set_reason(oms::v1::RETURN_REASON_SIZE_OR_FIT);
    draft = ReturnDraft::fromOrder(order);
    EXPECT_EQ(draft.lines[0].returnable, 0);
    ASSERT_EQ(draft.returns.size(), 1);
    const ReturnSummary &summary = draft.returns[0];
    EXPECT_TRUE(summary.awaitingReceipt);
    ASSERT_EQ(summary.lines.size(), 1);
    EXPECT_EQ(summary.lines[0].reason, QStringLiteral("Size or fit"));
    // Expected units go back to the node that shipped them unless said otherwise.
    EXPECT_EQ(summary.lines[0].restocked, 1);
    EXPECT_EQ(summary.lines[0].restockNode, QStringLiteral("DC-BER"));

    oms::v1::ReceiveReturnRequest receive;
    ReturnDraft::fillReceive(summary, &receive);
    EXPECT_EQ(receive.return_id(), "EU1-01JD3ABCDEFGHJKMNPQRSTVWXY-RMA1");
    ASSERT_EQ(receive.lines_size(), 1);
    EXPECT_EQ(receive.lines(0).restocked(), 1);
    EXPECT_EQ(receive.lines(0).restock_node_id(), "DC-BER");
    EXPECT_EQ(receive.lines(0).damaged(), 0);
    ReturnSummary damaged = summary;
    damaged.lines[0].restocked = 0;
    damaged.lines[0].damaged = 1;
    EXPECT_NE(ReturnDraft::receiveIntent(damaged), ReturnDraft::receiveIntent(summary));
}

TEST(ReturnDraftTest, BuildsTheCreateRequestWithReasonAndNote)
{
    ReturnDraft draft = ReturnDraft::fromOrder(shippedOrder());
    draft.lines[0].quantity = 1;
    draft.reason = oms::v1::RETURN_REASON_DEFECTIVE;
    draft.note = QStringLiteral(" seam open ");
    oms::v1::CreateReturnRequest request;
    draft.fillRequest(&request);
    EXPECT_EQ(request.order_id(), "EU1-01JD3ABCDEFGHJKMNPQRSTVWXY");
    ASSERT_EQ(request.lines_size(), 1);
    EXPECT_EQ(request.lines(0).quantity(), 1);
    EXPECT_EQ(request.lines(0).reason(), oms::v1::RETURN_REASON_DEFECTIVE);
    EXPECT_EQ(request.lines(0).note(), "seam open");
    EXPECT_EQ(draft.intent(), QStringLiteral("return|EU1-01JD3ABCDEFGHJKMNPQRSTVWXY|1x1|reason:2|note:seam open"));
}

TEST(ApprovalQueueModelTest, IsAValidEmptyTableBeforeLoading)
{
    ApprovalQueueModel model(nullptr, nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.columnCount(), ApprovalQueueModel::ColumnCount);
    EXPECT_EQ(model.headerData(ApprovalQueueModel::RequestedByColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
              QStringLiteral("Requested by"));
    EXPECT_EQ(model.rowOf(QStringLiteral("x")), -1);
}
