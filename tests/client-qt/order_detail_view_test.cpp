// OrderDetailView, offscreen, against the fake server: the shipments of a
// split order as one panel each, and why each line's units sit where they do.

#include "fake_oms_server.h"

#include "models/display_text.h"
#include "models/order_document.h"
#include "models/order_line_model.h"
#include "services/customer_client.h"
#include "services/grpc_connection.h"
#include "services/order_client.h"
#include "views/order_detail_view.h"
#include "views/shipment_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <gtest/gtest.h>

#include <memory>

namespace {

constexpr int kTimeoutMs = 10000;

class OrderDetailViewTest : public ::testing::Test
{
protected:
    OrderDetailViewTest() { connection.open(server.address(), QString::fromLatin1(FakeOmsServer::kToken)); }

    // Opens the i-th canned order and waits until it is shown.
    std::unique_ptr<OrderDetailView> open(int i, int height = 800)
    {
        auto view = std::make_unique<OrderDetailView>(
                &orders, &customers, QString::fromStdString(FakeOmsServer::summary(i).order_id()));
        view->resize(1280, height);
        view->show();
        QSignalSpy loaded(view->document(), &OrderDocument::loaded);
        EXPECT_TRUE(loaded.wait(kTimeoutMs)) << qPrintable(view->document()->lastError().message());
        return view;
    }

    static QString text(const ShipmentPanel *panel, const char *name)
    {
        const auto *label = panel->findChild<QLabel *>(QString::fromLatin1(name));
        return label ? label->text() : QStringLiteral("<no %1>").arg(QString::fromLatin1(name));
    }

    FakeOmsServer server{10};
    GrpcConnection connection;
    OrderClient orders{&connection};
    CustomerClient customers{&connection};
};

TEST_F(OrderDetailViewTest, ASplitOrderShowsOnePanelPerShipmentWithNodeStatusTrackingAndRouting)
{
    ASSERT_TRUE(FakeOmsServer::isSplit(4));
    const auto view = open(4);
    const QList<ShipmentPanel *> panels = view->shipmentPanels();
    ASSERT_EQ(panels.size(), 2);

    EXPECT_EQ(text(panels[0], "shipmentTitle"), QStringLiteral("S1"));
    EXPECT_EQ(text(panels[0], "shipmentNode"), QStringLiteral("EU1-WH1"));
    EXPECT_EQ(text(panels[0], "shipmentStatus"), DisplayText::shipmentStatus(oms::v1::SHIPMENT_STATUS_SHIPPED));
    EXPECT_EQ(text(panels[0], "shipmentKind"), QStringLiteral("Ship"));
    EXPECT_EQ(text(panels[0], "shipmentCarrier"), QStringLiteral("DHL"));
    EXPECT_EQ(text(panels[0], "shipmentService"), QStringLiteral("express"));
    EXPECT_EQ(text(panels[0], "shipmentTracking"), QString::fromLatin1(FakeOmsServer::kTrackingId));
    EXPECT_EQ(text(panels[0], "shipmentRouting"), QString::fromLatin1(FakeOmsServer::kWarehouseReason));

    EXPECT_EQ(text(panels[1], "shipmentTitle"), QStringLiteral("S2"));
    EXPECT_EQ(text(panels[1], "shipmentNode"), QStringLiteral("EU1-ST1"));
    EXPECT_EQ(text(panels[1], "shipmentStatus"), QStringLiteral("Picking"));
    EXPECT_EQ(text(panels[1], "shipmentTracking"), QStringLiteral("—")) << "not shipped yet";
    EXPECT_EQ(text(panels[1], "shipmentRouting"), QString::fromLatin1(FakeOmsServer::kStoreReason));
    for (const ShipmentPanel *panel : panels)
        EXPECT_TRUE(panel->isVisible());
    // Whole cards in sight: the area grew to fit them, nothing to scroll.
    const QScrollBar *scroll =
            view->findChild<QScrollArea *>(QStringLiteral("shipmentsArea"))->verticalScrollBar();
    EXPECT_TRUE(QTest::qWaitFor([scroll] { return scroll->maximum() == 0; }, kTimeoutMs))
            << "the cards scroll by " << scroll->maximum() << " px";
    EXPECT_FALSE(view->findChild<QLabel *>(QStringLiteral("noShipments"))->isVisible());
}

TEST_F(OrderDetailViewTest, AShipmentPanelShowsItsLinesHoldsAndStatusTimeline)
{
    const auto view = open(4);
    ASSERT_EQ(view->shipmentPanels().size(), 2);
    const ShipmentPanel *store = view->shipmentPanels()[1];

    const QString lines = text(store, "shipmentLines");
    EXPECT_TRUE(lines.contains(QStringLiteral("SKU-2"))) << qPrintable(lines);
    EXPECT_TRUE(lines.contains(QStringLiteral("Thing 2"))) << qPrintable(lines);
    EXPECT_TRUE(lines.contains(QStringLiteral("× 2"))) << qPrintable(lines);
    EXPECT_FALSE(lines.contains(QStringLiteral("SKU-1"))) << "line 1 ships from the warehouse";

    EXPECT_TRUE(text(store, "shipmentHolds").startsWith(QStringLiteral("Address check — no flat number")));

    const QString history = text(store, "shipmentHistory");
    EXPECT_TRUE(history.contains(QStringLiteral("released to EU1-ST1"))) << qPrintable(history);
    EXPECT_TRUE(history.contains(QStringLiteral("Picking"))) << qPrintable(history);
    EXPECT_LT(history.indexOf(QStringLiteral("Created")), history.indexOf(QStringLiteral("Picking")))
            << "oldest first";

    const ShipmentPanel *shipped = view->shipmentPanels()[0];
    EXPECT_EQ(text(shipped, "shipmentHolds"), QStringLiteral("None"));
    EXPECT_EQ(text(shipped, "shipmentCaptured"), DisplayText::money(1250, QStringLiteral("EUR")));
    EXPECT_TRUE(shipped->findChild<QLabel *>(QStringLiteral("shipmentCaptured"))->isVisible());
    EXPECT_FALSE(shipped->findChild<QLabel *>(QStringLiteral("shipmentNote"))->isVisible())
            << "a row with nothing to say is hidden";
}

TEST_F(OrderDetailViewTest, TheLinesStayInSightWhenTheShipmentsTakeTheirRoom)
{
    // The height an order tab gets in a 800 px window, below menu, toolbar and tabs.
    const auto view = open(4, 690);
    const QTableView *lines = view->linesTable();
    ASSERT_EQ(lines->model()->rowCount(), 2);
    const QRect last = lines->visualRect(lines->model()->index(1, OrderLineModel::SkuColumn));
    EXPECT_TRUE(QTest::qWaitFor([&] { return lines->viewport()->rect().contains(lines->visualRect(
                                                     lines->model()->index(1, OrderLineModel::SkuColumn))); },
                                kTimeoutMs))
            << "the last line ends at " << last.bottom() << " in a viewport of " << lines->viewport()->height();
    const QScrollBar *scroll =
            view->findChild<QScrollArea *>(QStringLiteral("shipmentsArea"))->verticalScrollBar();
    EXPECT_TRUE(QTest::qWaitFor([scroll] { return scroll->maximum() == 0; }, kTimeoutMs));
}

TEST_F(OrderDetailViewTest, AnOrderNotYetReleasedSaysItHasNoShipments)
{
    ASSERT_FALSE(FakeOmsServer::isSplit(3));
    const auto view = open(3);
    EXPECT_TRUE(view->shipmentPanels().isEmpty());
    const auto *none = view->findChild<QLabel *>(QStringLiteral("noShipments"));
    ASSERT_NE(none, nullptr);
    EXPECT_TRUE(none->isVisible());
    EXPECT_TRUE(none->text().startsWith(QStringLiteral("No shipments yet"))) << qPrintable(none->text());
}

TEST_F(OrderDetailViewTest, RefreshUpdatesTheSamePanelsInPlace)
{
    const auto view = open(4);
    const QList<ShipmentPanel *> before = view->shipmentPanels();
    ASSERT_EQ(before.size(), 2);
    QSignalSpy loaded(view->document(), &OrderDocument::loaded);
    view->refresh();
    ASSERT_TRUE(loaded.wait(kTimeoutMs));
    EXPECT_EQ(view->shipmentPanels(), before);
    EXPECT_EQ(text(before[0], "shipmentNode"), QStringLiteral("EU1-WH1"));
}

TEST_F(OrderDetailViewTest, TheLinesShowWhyEachNodeWasChosen)
{
    const auto view = open(4);
    const QAbstractItemModel *lines = view->linesTable()->model();
    ASSERT_EQ(lines->rowCount(), 2);
    EXPECT_EQ(lines->index(1, OrderLineModel::AllocationsColumn).data().toString(), QStringLiteral("EU1-ST1 × 2"));
    EXPECT_EQ(lines->index(1, OrderLineModel::RoutingColumn).data().toString(),
              QStringLiteral("EU1-ST1: %1").arg(QString::fromLatin1(FakeOmsServer::kStoreReason)));
    // Beside what was ordered, before the ten quantity columns, so it is in
    // sight without scrolling, also after the load reset the model.
    const QHeaderView *header = view->linesTable()->horizontalHeader();
    EXPECT_EQ(header->visualIndex(OrderLineModel::AllocationsColumn),
              header->visualIndex(OrderLineModel::OrderedColumn) + 1);
    EXPECT_EQ(header->visualIndex(OrderLineModel::RoutingColumn),
              header->visualIndex(OrderLineModel::OrderedColumn) + 2);
    const QRect routing = view->linesTable()->visualRect(lines->index(1, OrderLineModel::RoutingColumn));
    EXPECT_TRUE(view->linesTable()->viewport()->rect().intersects(routing)) << "visible without scrolling";
}

TEST_F(OrderDetailViewTest, TheViewStaysResponsiveWhileTheOrderLoads)
{
    server.delayMs = 500;
    OrderDetailView view(&orders, &customers, QString::fromStdString(FakeOmsServer::summary(4).order_id()));
    view.show();
    // The constructor started the calls and returned: nothing is shown yet.
    EXPECT_TRUE(view.document()->isBusy());
    EXPECT_TRUE(view.shipmentPanels().isEmpty());
    QSignalSpy loaded(view.document(), &OrderDocument::loaded);
    ASSERT_TRUE(loaded.wait(kTimeoutMs));
    EXPECT_EQ(view.shipmentPanels().size(), 2);
}

} // namespace
