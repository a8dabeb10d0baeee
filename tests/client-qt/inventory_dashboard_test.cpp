// The inventory dashboard (the Stock tab) against a real omsd --demo: another
// client adjusts stock through InventoryService.AdjustStock on its own gRPC
// connection, and the dashboard's row, chart and watched-SKU alert follow
// from WatchInventory without a reload.

#include "desk_fixture.h"
#include "desk_widget_fixture.h"

#include "models/model_roles.h"
#include "models/stock_model.h"
#include "models/watched_skus.h"
#include "views/sign_in_dialog.h"
#include "views/stock_chart.h"
#include "views/stock_view.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMainWindow>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QStatusBar>
#include <QTest>
#include <QUuid>

#include "oms/v1/inventory_service.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

namespace {


class InventoryDashboardTest : public DeskWidgetTest
{
protected:
    void SetUp() override
    {
        QSettings().remove(QStringLiteral("inventory/watchedSkus"));
        DeskWidgetTest::SetUp();
    }
    void TearDown() override
    {
        desk.reset();
        QSettings().remove(QStringLiteral("inventory/watchedSkus"));
    }


    // The other client: its own channel, another person's token.
    static grpc::Status adjustStock(const QString &sku, const QString &nodeId,
                                    oms::v1::AdjustmentKind kind, qint64 quantity,
                                    oms::v1::StockLevel *level)
    {
        auto channel = grpc::CreateChannel(s_omsd->address().toStdString(), grpc::InsecureChannelCredentials());
        auto stub = oms::v1::InventoryService::NewStub(channel);
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(15));
        context.AddMetadata("authorization", "Bearer demo-admin-token");
        oms::v1::AdjustStockRequest request;
        request.set_request_id(QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString());
        request.set_sku(sku.toStdString());
        request.set_node_id(nodeId.toStdString());
        request.set_kind(kind);
        request.set_quantity(quantity);
        request.set_reason("inventory dashboard test");
        return stub->AdjustStock(&context, request, level);
    }

    static qint64 number(const QAbstractItemModel *model, int row, int column)
    {
        return model->index(row, column).data(RawValueRole).toLongLong();
    }

};


} // namespace

TEST_F(InventoryDashboardTest, ChangesWhenAnotherClientAdjustsStockAndAlertsWhenAWatchedSkuRunsOut)
{
    signIn(QStringLiteral("demo-supervisor-token"));
    window().showStock();
    StockView *view = window().stockView();
    StockModel *model = view->model();
    QSortFilterProxyModel *rows = view->proxy();
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->isLive() && !model->isBusy() && rows->rowCount() > 0; },
                                kTimeoutMs))
            << qPrintable(model->lastError().message());

    // A SKU with something to sell, at one node, so that the SKU's sum on
    // the dashboard is that node's level.
    int first = 0;
    while (first < rows->rowCount() && number(rows, first, StockModel::AvailableColumn) <= 0)
        ++first;
    ASSERT_LT(first, rows->rowCount()) << "omsd --demo should have stock somewhere";
    const QString sku = rows->index(first, StockModel::SkuColumn).data(RawValueRole).toString();
    const QString nodeId = rows->index(first, StockModel::NodeColumn).data(RawValueRole).toString();
    ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                view->setNodeFilter(nodeId);
                return model->nodeFilter() == nodeId && model->isLive() && !model->isBusy()
                        && rows->rowCount() > 0;
            },
            kTimeoutMs));
    ASSERT_TRUE(view->selectSku(sku));
    StockChart *chart = view->chart();
    ASSERT_EQ(chart->sku(), sku);
    ASSERT_GT(chart->availableSeries()->count(), 0); // the reload's point
    const int pointsBefore = chart->availableSeries()->count();
    const qint64 onHand = number(rows, view->table()->currentIndex().row(), StockModel::OnHandColumn);

    // Another client receives 3 units: the row and the chart follow, no reload.
    QSignalSpy reloads(model, &StockModel::busyChanged);
    oms::v1::StockLevel level;
    grpc::Status status = adjustStock(sku, nodeId, oms::v1::ADJUSTMENT_KIND_RECEIVE, 3, &level);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(level.on_hand(), onHand + 3);
    QElapsedTimer seen;
    seen.start();
    ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                return view->selectSku(sku) && number(rows, view->table()->currentIndex().row(),
                                                      StockModel::OnHandColumn) == onHand + 3;
            },
            kTimeoutMs));
    EXPECT_LT(seen.elapsed(), 1000) << "a change should be visible within a second";
    EXPECT_EQ(reloads.count(), 0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return chart->availableSeries()->count() > pointsBefore; }, kTimeoutMs));
    EXPECT_EQ(qint64(chart->availableSeries()->points().constLast().y()), level.available());

    // Watched (the Watch box of its row), then counted down to nothing to
    // sell: the banner and the status bar say so.
    const int row = view->table()->currentIndex().row();
    ASSERT_TRUE(rows->setData(rows->index(row, StockModel::WatchColumn), Qt::Checked, Qt::CheckStateRole));
    EXPECT_TRUE(view->watchedSkus()->isWatched(sku));
    EXPECT_FALSE(view->alertBanner()->isVisible());
    status = adjustStock(sku, nodeId, oms::v1::ADJUSTMENT_KIND_COUNT, level.reserved() + level.safety_stock(),
                         &level);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(level.available(), 0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return view->alertBanner()->isVisible(); }, kTimeoutMs));
    EXPECT_TRUE(view->alertBanner()->text().contains(sku)) << qPrintable(view->alertBanner()->text());
    EXPECT_TRUE(window().statusBar()->currentMessage().contains(sku))
            << qPrintable(window().statusBar()->currentMessage());
    EXPECT_EQ(view->watchedSkus()->outOfStock(), QStringList{sku});
    ASSERT_TRUE(view->selectSku(sku));
    EXPECT_EQ(rows->index(view->table()->currentIndex().row(), StockModel::SkuColumn)
                      .data(StockModel::StockStateRole)
                      .toInt(),
              int(StockModel::StockState::Out));

    // Back in stock: the banner goes.
    status = adjustStock(sku, nodeId, oms::v1::ADJUSTMENT_KIND_RECEIVE, 2, &level);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view->alertBanner()->isVisible(); }, kTimeoutMs));
}

TEST_F(InventoryDashboardTest, ShowsWhatEachChannelMayStillSellOfTheChartedSku)
{
    signIn(QStringLiteral("demo-supervisor-token"));
    window().showStock();
    StockView *view = window().stockView();
    StockModel *model = view->model();
    QSortFilterProxyModel *rows = view->proxy();
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->isLive() && !model->isBusy() && rows->rowCount() > 0; },
                                kTimeoutMs));
    int row = 0;
    while (row < rows->rowCount()
           && rows->index(row, StockModel::RegionColumn).data(RawValueRole).toString() != QStringLiteral("EU1"))
        ++row;
    ASSERT_LT(row, rows->rowCount());
    const QString sku = rows->index(row, StockModel::SkuColumn).data(RawValueRole).toString();
    const QString nodeId = rows->index(row, StockModel::NodeColumn).data(RawValueRole).toString();

    // What the server says, asked apart from the desk.
    auto webSellable = [&]() -> qint64 {
        auto stub = oms::v1::InventoryService::NewStub(
                grpc::CreateChannel(s_omsd->address().toStdString(), grpc::InsecureChannelCredentials()));
        grpc::ClientContext context;
        context.AddMetadata("authorization", "Bearer demo-admin-token");
        oms::v1::GetAvailabilityRequest request;
        request.set_sku(sku.toStdString());
        oms::v1::GetAvailabilityResponse response;
        EXPECT_TRUE(stub->GetAvailability(&context, request, &response).ok());
        for (const auto &c : response.channels())
            if (c.channel() == "web")
                return c.available_to_sell();
        ADD_FAILURE() << "the demo server has a web channel";
        return qint64(-1);
    };
    ASSERT_TRUE(view->selectSku(sku));
    QLabel *channels = view->channelAvailability();
    const qint64 before = webSellable();
    ASSERT_TRUE(QTest::qWaitFor([&] { return channels->text().contains(QStringLiteral("web (EU1) %1").arg(before)); },
                                kTimeoutMs))
            << qPrintable(channels->text());

    // Another client receives 4 units in EU1: the web may sell 4 more, shown without a click.
    oms::v1::StockLevel level;
    ASSERT_TRUE(adjustStock(sku, nodeId, oms::v1::ADJUSTMENT_KIND_RECEIVE, 4, &level).ok());
    const qint64 after = webSellable();
    EXPECT_EQ(after, before + 4);
    ASSERT_TRUE(QTest::qWaitFor([&] { return channels->text().contains(QStringLiteral("web (EU1) %1").arg(after)); },
                                kTimeoutMs))
            << qPrintable(channels->text());
}
