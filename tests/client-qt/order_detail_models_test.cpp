// The per-order tables (lines, tenders, timeline) fed with hand-built protos,
// each under QAbstractItemModelTester, and the shipments as views get them.

#include "models/display_text.h"
#include "models/model_roles.h"
#include "models/order_event_model.h"
#include "models/order_line_model.h"
#include "models/shipment_details.h"
#include "models/tender_model.h"

#include "oms/v1/order.pb.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

#include <gtest/gtest.h>

namespace {

oms::v1::Money eur(std::int64_t minor)
{
    oms::v1::Money m;
    m.set_amount_minor(minor);
    m.set_currency("EUR");
    return m;
}

oms::v1::Order orderWithTwoLines()
{
    oms::v1::Order order;
    order.set_order_id("EU1-01JD3ABCDEFGHJKMNPQRSTVWXY");
    auto *a = order.add_lines();
    a->set_line_no(1);
    a->set_sku("TSHIRT-M");
    a->set_name("T-shirt M");
    *a->mutable_unit_price() = eur(1999);
    *a->mutable_line_total() = eur(5997);
    a->set_ordered(3);
    a->set_reserved(1);
    a->set_backordered(1);
    a->set_shipped(1);
    auto *alloc = a->add_allocations();
    alloc->set_node_id("EU1-WH1");
    alloc->set_quantity(2);
    alloc = a->add_allocations();
    alloc->set_node_id("EU1-ST2");
    alloc->set_quantity(1);
    auto *b = order.add_lines();
    b->set_line_no(2);
    b->set_sku("MUG");
    *b->mutable_unit_price() = eur(900);
    *b->mutable_line_total() = eur(900);
    b->set_ordered(1);
    b->set_cancelled(1);
    return order;
}

QString cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}

} // namespace

TEST(OrderLineModelTest, ShowsEveryQuantityOfEachLine)
{
    OrderLineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setOrder(orderWithTwoLines());

    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(cell(model, 0, OrderLineModel::SkuColumn), QStringLiteral("TSHIRT-M"));
    EXPECT_EQ(cell(model, 0, OrderLineModel::OrderedColumn), QStringLiteral("3"));
    EXPECT_EQ(cell(model, 0, OrderLineModel::ReservedColumn), QStringLiteral("1"));
    EXPECT_EQ(cell(model, 0, OrderLineModel::BackorderedColumn), QStringLiteral("1"));
    EXPECT_EQ(cell(model, 0, OrderLineModel::ShippedColumn), QStringLiteral("1"));
    EXPECT_EQ(cell(model, 1, OrderLineModel::CancelledColumn), QStringLiteral("1"));
    // A zero quantity is an empty cell, but its raw value is still 0.
    EXPECT_EQ(cell(model, 1, OrderLineModel::ShippedColumn), QString());
    EXPECT_EQ(model.index(1, OrderLineModel::ShippedColumn).data(RawValueRole).toLongLong(), 0);
}

TEST(OrderLineModelTest, AllocationsNameEachNodeWithItsQuantity)
{
    OrderLineModel model;
    model.setOrder(orderWithTwoLines());
    EXPECT_EQ(cell(model, 0, OrderLineModel::AllocationsColumn),
              QStringLiteral("EU1-WH1 × 2, EU1-ST2 × 1"));
}

TEST(OrderLineModelTest, RawValueRoleGivesMinorUnitsForSorting)
{
    OrderLineModel model;
    model.setOrder(orderWithTwoLines());
    const QVariant raw = model.index(0, OrderLineModel::UnitPriceColumn).data(RawValueRole);
    EXPECT_EQ(raw.typeId(), QMetaType::LongLong);
    EXPECT_EQ(raw.toLongLong(), 1999);
    EXPECT_EQ(cell(model, 0, OrderLineModel::UnitPriceColumn), DisplayText::money(1999, QStringLiteral("EUR")));
}

TEST(OrderLineModelTest, RefreshingTheSameLinesUpdatesInPlaceWithoutAReset)
{
    OrderLineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setOrder(orderWithTwoLines());
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    auto order = orderWithTwoLines();
    order.mutable_lines(0)->set_shipped(3);
    model.setOrder(order);
    EXPECT_EQ(resets.count(), 0);
    EXPECT_EQ(changes.count(), 1);
    EXPECT_EQ(cell(model, 0, OrderLineModel::ShippedColumn), QStringLiteral("3"));

    order.mutable_lines()->RemoveLast();
    model.setOrder(order);
    EXPECT_EQ(resets.count(), 1);
    EXPECT_EQ(model.rowCount(), 1);
}

TEST(OrderLineModelTest, RoutingGivesEachNodesReasonAndTheNodesTheLineMayNotReturnTo)
{
    auto order = orderWithTwoLines();
    order.mutable_lines(0)->mutable_allocations(0)->set_reason("nearest node, 12 km");
    order.mutable_lines(0)->add_excluded_nodes("EU1-WH9");
    OrderLineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setOrder(order);
    EXPECT_EQ(cell(model, 0, OrderLineModel::RoutingColumn),
              QStringLiteral("EU1-WH1: nearest node, 12 km; not EU1-WH9 again"));
    const QString tip = cell(model, 0, OrderLineModel::AllocationsColumn, Qt::ToolTipRole);
    EXPECT_TRUE(tip.contains(QStringLiteral("EU1-WH1 × 2 — nearest node, 12 km"))) << qPrintable(tip);
    EXPECT_TRUE(tip.contains(QStringLiteral("EU1-ST2 × 1"))) << qPrintable(tip);
    EXPECT_TRUE(tip.contains(QStringLiteral("Never EU1-WH9 again"))) << qPrintable(tip);
    EXPECT_EQ(cell(model, 1, OrderLineModel::RoutingColumn), QString()) << "no reasons, no text";
}

TEST(ShipmentDetailsTest, CarriesWhatAShipmentPanelShows)
{
    oms::v1::Order order;
    order.set_order_id("EU1-01JD3ABCDEFGHJKMNPQRSTVWXY");
    auto *s = order.add_shipments();
    s->set_shipment_id("EU1-01JD3ABCDEFGHJKMNPQRSTVWXY-S2");
    s->set_order_id(order.order_id());
    s->set_node_id("EU1-ST2");
    s->set_kind(oms::v1::SHIPMENT_KIND_PICKUP);
    s->set_status(oms::v1::SHIPMENT_STATUS_READY_FOR_PICKUP);
    s->set_carrier("DHL");
    s->set_service("express");
    s->set_tracking_id("JD0001");
    s->set_routing_reason("the customer's store");
    s->set_partner_ref("3PL-77");
    *s->mutable_captured() = eur(1999);
    s->mutable_pickup_expires_at()->set_seconds(1732000000);
    auto *line = s->add_lines();
    line->set_line_no(1);
    line->set_sku("TSHIRT-M");
    line->set_name("T-shirt M");
    line->set_quantity(2);
    auto *hold = s->add_holds();
    hold->set_reason(oms::v1::HOLD_REASON_CUSTOMER_REQUEST);
    hold->set_note("after 5 pm");
    auto *change = s->add_history();
    change->set_status(oms::v1::SHIPMENT_STATUS_PACKED);
    change->mutable_at()->set_seconds(1731990000);
    change->set_note("bag 4");

    const QList<ShipmentDetails> shipments = shipmentsOf(order);
    ASSERT_EQ(shipments.size(), 1);
    const ShipmentDetails &d = shipments.first();
    EXPECT_EQ(d.shipmentId, QStringLiteral("EU1-01JD3ABCDEFGHJKMNPQRSTVWXY-S2"));
    EXPECT_EQ(d.label, QStringLiteral("S2"));
    EXPECT_EQ(d.nodeId, QStringLiteral("EU1-ST2"));
    EXPECT_EQ(d.kind, oms::v1::SHIPMENT_KIND_PICKUP);
    EXPECT_EQ(d.status, oms::v1::SHIPMENT_STATUS_READY_FOR_PICKUP);
    EXPECT_EQ(d.carrier, QStringLiteral("DHL"));
    EXPECT_EQ(d.service, QStringLiteral("express"));
    EXPECT_EQ(d.trackingId, QStringLiteral("JD0001"));
    EXPECT_EQ(d.routingReason, QStringLiteral("the customer's store"));
    EXPECT_EQ(d.partnerRef, QStringLiteral("3PL-77"));
    EXPECT_EQ(d.captured, DisplayText::money(1999, QStringLiteral("EUR")));
    EXPECT_EQ(d.pickupExpiresAt.toSecsSinceEpoch(), 1732000000);
    ASSERT_EQ(d.lines.size(), 1);
    EXPECT_EQ(d.lines[0].sku, QStringLiteral("TSHIRT-M"));
    EXPECT_EQ(d.lines[0].quantity, 2);
    ASSERT_EQ(d.holds.size(), 1);
    EXPECT_EQ(d.holds[0], QStringLiteral("Customer request — after 5 pm"));
    ASSERT_EQ(d.history.size(), 1);
    EXPECT_EQ(d.history[0].status, oms::v1::SHIPMENT_STATUS_PACKED);
    EXPECT_EQ(d.history[0].note, QStringLiteral("bag 4"));
}

TEST(ShipmentDetailsTest, NothingCapturedIsAnEmptyAmountNotZero)
{
    oms::v1::Order order;
    order.add_shipments()->set_shipment_id("EU1-X-S1");
    EXPECT_TRUE(shipmentsOf(order).first().captured.isEmpty());
    EXPECT_EQ(shipmentsOf(order).first().label, QStringLiteral("S1"));
}

TEST(TenderModelTest, ShowsAuthorizedCapturedRefundedAndVoidedAmounts)
{
    oms::v1::Order order;
    auto *card = order.add_tenders();
    card->set_tender_id("T1");
    card->set_type(oms::v1::TENDER_TYPE_CARD);
    *card->mutable_amount() = eur(5000);
    card->set_status(oms::v1::TENDER_STATUS_CAPTURED);
    card->set_authorized_minor(5000);
    card->set_captured_minor(4000);
    card->set_refunded_minor(1500);
    card->set_voided_minor(1000);
    card->set_card_last4("4242");
    auto *credit = order.add_tenders();
    credit->set_tender_id("T2");
    credit->set_type(oms::v1::TENDER_TYPE_STORE_CREDIT);
    *credit->mutable_amount() = eur(700);
    credit->set_status(oms::v1::TENDER_STATUS_DECLINED);
    credit->set_decline_reason("insufficient balance");

    TenderModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setOrder(order);

    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(cell(model, 0, TenderModel::TypeColumn), QStringLiteral("Card"));
    EXPECT_EQ(cell(model, 0, TenderModel::AuthorizedColumn), DisplayText::money(5000, QStringLiteral("EUR")));
    EXPECT_EQ(cell(model, 0, TenderModel::CapturedColumn), DisplayText::money(4000, QStringLiteral("EUR")));
    EXPECT_EQ(cell(model, 0, TenderModel::RefundedColumn), DisplayText::money(1500, QStringLiteral("EUR")));
    EXPECT_EQ(cell(model, 0, TenderModel::VoidedColumn), DisplayText::money(1000, QStringLiteral("EUR")));
    EXPECT_EQ(cell(model, 0, TenderModel::CardColumn), QStringLiteral("•••• 4242"));
    EXPECT_EQ(model.index(0, TenderModel::CapturedColumn).data(RawValueRole).toLongLong(), 4000);
    EXPECT_EQ(cell(model, 1, TenderModel::StatusColumn), QStringLiteral("Declined"));
    EXPECT_EQ(model.index(1, TenderModel::StatusColumn).data(ToneRole).toInt(), int(Tone::Bad));
    EXPECT_EQ(cell(model, 1, TenderModel::DeclineReasonColumn), QStringLiteral("insufficient balance"));
}

TEST(OrderEventModelTest, TimelineIsInSequenceOrderWhateverTheArrivalOrder)
{
    std::vector<oms::v1::OrderEvent> events(3);
    const char *types[] = {"OrderConfirmed", "OrderPlaced", "OrderShipped"};
    const int sequences[] = {12, 7, 30};
    for (int i = 0; i < 3; ++i) {
        events[size_t(i)].set_event_id("E" + std::to_string(i));
        events[size_t(i)].set_sequence(sequences[i]);
        events[size_t(i)].set_event_type(types[i]);
        events[size_t(i)].set_summary(std::string(types[i]) + " summary");
        events[size_t(i)].mutable_occurred_at()->set_seconds(1732000000 + sequences[i]);
    }
    OrderEventModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setEvents(events);

    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(cell(model, 0, OrderEventModel::EventColumn), QStringLiteral("OrderPlaced"));
    EXPECT_EQ(cell(model, 1, OrderEventModel::EventColumn), QStringLiteral("OrderConfirmed"));
    EXPECT_EQ(cell(model, 2, OrderEventModel::EventColumn), QStringLiteral("OrderShipped"));
    EXPECT_EQ(model.index(2, OrderEventModel::SequenceColumn).data(RawValueRole).toLongLong(), 30);
    EXPECT_TRUE(model.index(0, OrderEventModel::TimeColumn).data(RawValueRole).toDateTime().isValid());
}

TEST(OrderEventModelTest, TheTimelineShowsWhoChangedWhatThroughWhichRpcAndRequest)
{
    oms::v1::OrderEvent event;
    event.set_event_id("E1");
    event.set_sequence(41);
    event.set_event_type("OrderCancelled");
    event.set_principal("staff:alice");
    event.set_method("oms.v1.OrderService/CancelOrder");
    event.set_request_id("cancel-7");
    event.set_trace_id("4bf92f3577b34da6a3ce929d0e0e4736");
    oms::v1::OrderEvent background = event;
    background.set_event_id("E2");
    background.set_sequence(42);
    background.clear_method();
    background.clear_request_id();
    OrderEventModel model;
    model.setEvents({event, background});
    EXPECT_EQ(cell(model, 0, OrderEventModel::PrincipalColumn), QStringLiteral("staff:alice"));
    EXPECT_EQ(cell(model, 0, OrderEventModel::ActionColumn), QStringLiteral("CancelOrder"));
    EXPECT_TRUE(model.index(0, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("request cancel-7")));
    EXPECT_EQ(cell(model, 1, OrderEventModel::ActionColumn), QString());
    EXPECT_EQ(model.headerData(OrderEventModel::ActionColumn, Qt::Horizontal).toString(), QStringLiteral("Through"));
}
