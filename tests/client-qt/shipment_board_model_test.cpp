// ShipmentBoardModel without a server: status groups, rows moving between
// groups in place, and the intents its actions are keyed by.

#include "models/shipment_board_model.h"
#include "services/fulfillment_client.h"
#include "services/grpc_connection.h"
#include "services/intent_keys.h"
#include "services/order_client.h"

#include "oms/v1/order.pb.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

using Board = ShipmentBoardModel;

BoardShipment shipment(const QString &id, int status, const QDateTime &updated = QDateTime::currentDateTime())
{
    BoardShipment s;
    s.details.shipmentId = id;
    s.details.label = id.section(QLatin1Char('-'), -1);
    s.details.status = status;
    s.details.kind = oms::v1::SHIPMENT_KIND_SHIP;
    s.details.updatedAt = updated;
    s.details.lines.append({1, QStringLiteral("TEE"), QStringLiteral("Tee"), 2});
    s.orderId = id.section(QLatin1Char('-'), 0, 1);
    s.orderNumber = QStringLiteral("EU1-AAAA-BBBB");
    return s;
}

struct ShipmentBoardModelTest : ::testing::Test
{
    QTemporaryDir dir;
    GrpcConnection connection;
    FulfillmentClient fulfillment{&connection};
    OrderClient orders{&connection};
    IntentKeys intents{dir.filePath(QStringLiteral("intents.json"))};
    Board model{&fulfillment, &orders, &intents};
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

} // namespace

TEST(ShipmentBoardGroups, EachStatusHasItsColumnAndOldDoneWorkLeavesTheBoard)
{
    const QDate today = QDate::currentDate();
    const QDateTime yesterday = QDateTime::currentDateTime().addDays(-1);
    auto group = [&](int status, const QDateTime &at = QDateTime::currentDateTime()) {
        return Board::groupOf(shipment(QStringLiteral("EU1-X-S1"), status, at).details, today);
    };
    EXPECT_EQ(group(oms::v1::SHIPMENT_STATUS_CREATED), Board::ToPick);
    EXPECT_EQ(group(oms::v1::SHIPMENT_STATUS_PICKING), Board::Picking);
    EXPECT_EQ(group(oms::v1::SHIPMENT_STATUS_PACKED), Board::Packed);
    EXPECT_EQ(group(oms::v1::SHIPMENT_STATUS_READY_FOR_PICKUP), Board::Packed);
    EXPECT_EQ(group(oms::v1::SHIPMENT_STATUS_SHIPPED), Board::ShippedToday);
    EXPECT_EQ(group(oms::v1::SHIPMENT_STATUS_PICKED_UP), Board::ShippedToday);
    EXPECT_EQ(group(oms::v1::SHIPMENT_STATUS_SHIPPED, yesterday), -1);
    EXPECT_EQ(group(oms::v1::SHIPMENT_STATUS_EXCEPTION, yesterday), Board::Exceptions);
    EXPECT_EQ(group(oms::v1::SHIPMENT_STATUS_REJECTED), Board::Exceptions);
    EXPECT_EQ(group(oms::v1::SHIPMENT_STATUS_REJECTED, yesterday), -1);
    EXPECT_EQ(group(oms::v1::SHIPMENT_STATUS_CANCELLED), -1);
    BoardShipment held = shipment(QStringLiteral("EU1-X-S2"), oms::v1::SHIPMENT_STATUS_PICKING);
    held.details.holds.append(QStringLiteral("Fraud review"));
    EXPECT_EQ(Board::groupOf(held.details, today), Board::Exceptions);
}

TEST(ShipmentBoardActions, EnabledByStatusAndKind)
{
    using A = ShipmentAction;
    const int ship = oms::v1::SHIPMENT_KIND_SHIP;
    const int pickup = oms::v1::SHIPMENT_KIND_PICKUP;
    EXPECT_TRUE(A::appliesTo(A::Pick, oms::v1::SHIPMENT_STATUS_CREATED, ship));
    EXPECT_FALSE(A::appliesTo(A::Pack, oms::v1::SHIPMENT_STATUS_CREATED, ship));
    EXPECT_TRUE(A::appliesTo(A::Pack, oms::v1::SHIPMENT_STATUS_PICKING, ship));
    EXPECT_TRUE(A::appliesTo(A::Ship, oms::v1::SHIPMENT_STATUS_PACKED, ship));
    EXPECT_FALSE(A::appliesTo(A::Ship, oms::v1::SHIPMENT_STATUS_PACKED, pickup));
    EXPECT_TRUE(A::appliesTo(A::ReadyForPickup, oms::v1::SHIPMENT_STATUS_PACKED, pickup));
    EXPECT_TRUE(A::appliesTo(A::HandOver, oms::v1::SHIPMENT_STATUS_READY_FOR_PICKUP, pickup));
    EXPECT_TRUE(A::appliesTo(A::ShortPick, oms::v1::SHIPMENT_STATUS_PICKING, ship));
    EXPECT_FALSE(A::appliesTo(A::Reject, oms::v1::SHIPMENT_STATUS_PACKED, ship));
}

TEST(ShipmentBoardActions, TheIntentHoldsEveryChoice)
{
    ShipmentAction ship;
    ship.kind = ShipmentAction::Ship;
    ship.shipmentId = QStringLiteral("EU1-X-S1");
    ship.carrier = QStringLiteral("DHL");
    ship.trackingId = QStringLiteral("0034");
    EXPECT_EQ(ship.intent(), QStringLiteral("ship|EU1-X-S1|DHL||0034"));
    ShipmentAction other = ship;
    other.trackingId = QStringLiteral("0035");
    EXPECT_NE(ship.intent(), other.intent());
    ShipmentAction shortPick;
    shortPick.kind = ShipmentAction::ShortPick;
    shortPick.shipmentId = QStringLiteral("EU1-X-S1");
    shortPick.missing = {{2, 1}};
    shortPick.reason = QStringLiteral("bin empty");
    EXPECT_EQ(shortPick.intent(), QStringLiteral("short-pick|EU1-X-S1|line:2x1|bin empty"));
}

TEST_F(ShipmentBoardModelTest, ARefreshUpdatesRowsInPlaceByShipmentId)
{
    model.setShipments({shipment(QStringLiteral("EU1-A-S1"), oms::v1::SHIPMENT_STATUS_CREATED),
                        shipment(QStringLiteral("EU1-B-S1"), oms::v1::SHIPMENT_STATUS_PICKING)});
    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(model.countIn(Board::ToPick), 1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    BoardShipment picked = shipment(QStringLiteral("EU1-A-S1"), oms::v1::SHIPMENT_STATUS_PICKING,
                                    QDateTime::currentDateTime().addSecs(1));
    model.setShipments({picked, shipment(QStringLiteral("EU1-B-S1"), oms::v1::SHIPMENT_STATUS_PICKING),
                        shipment(QStringLiteral("EU1-C-S1"), oms::v1::SHIPMENT_STATUS_CREATED)});
    EXPECT_EQ(reset.count(), 0);
    EXPECT_GE(changed.count(), 1);
    EXPECT_EQ(model.rowOf(QStringLiteral("EU1-A-S1")), 0);
    EXPECT_EQ(model.index(0).data(Board::GroupRole).toInt(), Board::Picking);
    EXPECT_EQ(model.countIn(Board::Picking), 2);
    EXPECT_EQ(model.countIn(Board::ToPick), 1);
    model.setShipments({picked});
    EXPECT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.shipment(QStringLiteral("EU1-B-S1")), nullptr);
}
