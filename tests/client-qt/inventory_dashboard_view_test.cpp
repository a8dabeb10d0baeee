// The inventory dashboard (StockView), offscreen, against the fake server:
// pushes reach the row and the chart, a burst of them is applied change by
// change (no model reset) and ends with the last numbers everywhere.

#include "fake_oms_server.h"

#include "models/model_roles.h"
#include "models/node_list_model.h"
#include "models/stock_history.h"
#include "models/stock_model.h"
#include "models/watched_skus.h"
#include "services/grpc_connection.h"
#include "services/inventory_client.h"
#include "services/node_client.h"
#include "views/stock_chart.h"
#include "views/stock_view.h"

#include <QBarSet>
#include <QLabel>
#include <QLineSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include <gtest/gtest.h>

namespace {

constexpr int kTimeoutMs = 10000;

class InventoryDashboardViewTest : public ::testing::Test
{
protected:
    InventoryDashboardViewTest()
    {
        QSettings().remove(QStringLiteral("inventory/watchedSkus"));
        connection.open(server.address(), QString::fromLatin1(FakeOmsServer::kToken));
    }
    ~InventoryDashboardViewTest() override { QSettings().remove(QStringLiteral("inventory/watchedSkus")); }

    FakeOmsServer server{4};
    GrpcConnection connection;
    InventoryClient inventory{&connection};
    NodeClient nodeClient{&connection};
    NodeListModel nodes{&nodeClient};
};

TEST_F(InventoryDashboardViewTest, ABurstOfPushesIsAppliedRowByRowAndEndsWithTheLastNumbers)
{
    StockView view(&inventory, &nodes);
    view.resize(1280, 800);
    view.show();
    StockModel *model = view.model();
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->isLive() && !model->isBusy() && model->rowCount() == 4; },
                                kTimeoutMs));
    ASSERT_TRUE(view.selectSku(QStringLiteral("SKU-A")));
    StockChart *chart = view.chart();
    const int before = chart->availableSeries()->count();
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);

    constexpr int kBurst = 1000;
    for (int i = 1; i <= kBurst; ++i)
        server.pushStockChange(FakeOmsServer::level("SKU-A", "EU1-WH1", "EU1", 10 + i, 2 + i % 3));
    const qint64 lastOnHand = 10 + kBurst;
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return model->index(0, StockModel::OnHandColumn).data(RawValueRole).toLongLong() == lastOnHand; },
            kTimeoutMs));
    EXPECT_EQ(resets.count(), 0);
    // SKU-A: EU1-WH1 (1010 - 3) and US1-WH1 (5) on the chart.
    ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                return chart->availableSeries()->count() > before
                        && qint64(chart->availableSeries()->points().constLast().y()) == lastOnHand - (2 + kBurst % 3) + 5;
            },
            kTimeoutMs));
    EXPECT_LE(model->history()->points(QStringLiteral("SKU-A")).size(), size_t(StockHistory::kMaxPointsPerSku));
    // Reserved rose on every third push or so: the minute's bar counts it.
    EXPECT_GT(chart->reservedSet()->count(), 0);
    EXPECT_GT(chart->reservedSet()->at(chart->reservedSet()->count() - 1), 0);
}

TEST_F(InventoryDashboardViewTest, AWatchedSkuThatRunsOutRaisesTheBannerOnce)
{
    StockView view(&inventory, &nodes);
    view.resize(1280, 800);
    view.show();
    StockModel *model = view.model();
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->isLive() && !model->isBusy() && model->rowCount() == 4; },
                                kTimeoutMs));
    // Rows by SKU then node: SKU-A at EU1-WH1 and US1-WH1 first.
    ASSERT_TRUE(view.proxy()->setData(view.proxy()->index(0, StockModel::WatchColumn), Qt::Checked,
                                      Qt::CheckStateRole));
    QSignalSpy ranOut(view.watchedSkus(), &WatchedSkus::ranOut);

    // One node out is not the SKU out: US1-WH1 still has 5.
    server.pushStockChange(FakeOmsServer::level("SKU-A", "EU1-WH1", "EU1", 2, 2));
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->history()->available(QStringLiteral("SKU-A")) == 5; },
                                kTimeoutMs));
    EXPECT_EQ(ranOut.count(), 0);
    EXPECT_FALSE(view.alertBanner()->isVisible());

    server.pushStockChange(FakeOmsServer::level("SKU-A", "US1-WH1", "US1", 1, 1));
    ASSERT_TRUE(QTest::qWaitFor([&] { return view.alertBanner()->isVisible(); }, kTimeoutMs));
    EXPECT_TRUE(view.alertBanner()->text().contains(QStringLiteral("SKU-A")));
    server.pushStockChange(FakeOmsServer::level("SKU-A", "US1-WH1", "US1", 0, 0)); // still out
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return model->index(1, StockModel::OnHandColumn).data(RawValueRole).toLongLong() == 0; },
            kTimeoutMs));
    EXPECT_EQ(ranOut.count(), 1);

    server.pushStockChange(FakeOmsServer::level("SKU-A", "US1-WH1", "US1", 4, 0));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view.alertBanner()->isVisible(); }, kTimeoutMs));
}

} // namespace
