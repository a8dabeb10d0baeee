// The inventory dashboard's memory: StockHistory (stock over time and
// reservations per minute, bounded), WatchedSkus (the out-of-stock alert,
// remembered in QSettings), and StockModel feeding them from the fake
// server's reload and pushes.

#include "fake_oms_server.h"

#include "models/display_text.h"
#include "models/model_roles.h"
#include "models/stock_history.h"
#include "models/stock_model.h"
#include "models/watched_skus.h"
#include "services/grpc_connection.h"
#include "services/inventory_client.h"

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

namespace {

const QDateTime kStart(QDate(2026, 11, 25), QTime(9, 0, 0));

TEST(StockHistoryTest, AReloadOfSeveralNodesIsOnePointWithTheirSums)
{
    StockHistory history;
    QSignalSpy totals(&history, &StockHistory::totalsChanged);
    history.record(QStringLiteral("SKU-A"), QStringLiteral("N1"), 10, 8);
    history.record(QStringLiteral("SKU-A"), QStringLiteral("N2"), 5, 5);
    history.record(QStringLiteral("SKU-B"), QStringLiteral("N1"), 2, -1); // oversold: 0 to sell
    history.commit(kStart);

    const auto a = history.points(QStringLiteral("SKU-A"));
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].at, kStart);
    EXPECT_EQ(a[0].onHand, 15);
    EXPECT_EQ(a[0].available, 13);
    EXPECT_EQ(history.available(QStringLiteral("SKU-B")), 0);
    EXPECT_EQ(totals.count(), 2);
}

TEST(StockHistoryTest, AChangeAddsAPointAndTheSameNumbersDoNot)
{
    StockHistory history;
    history.record(QStringLiteral("SKU-A"), QStringLiteral("N1"), 10, 8);
    history.record(QStringLiteral("SKU-A"), QStringLiteral("N2"), 5, 5);
    history.commit(kStart);
    QSignalSpy changed(&history, &StockHistory::changed);

    history.record(QStringLiteral("SKU-A"), QStringLiteral("N2"), 5, 5);
    history.commit(kStart.addSecs(1));
    EXPECT_EQ(history.points(QStringLiteral("SKU-A")).size(), 1u);
    EXPECT_EQ(changed.count(), 0);

    history.record(QStringLiteral("SKU-A"), QStringLiteral("N2"), 5, 2);
    history.commit(kStart.addSecs(2));
    const auto points = history.points(QStringLiteral("SKU-A"));
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points.back().available, 10);
    EXPECT_EQ(points.back().at, kStart.addSecs(2));
    EXPECT_EQ(changed.count(), 1);

    // A node that left the filter no longer counts.
    history.forget(QStringLiteral("SKU-A"), QStringLiteral("N1"));
    history.commit(kStart.addSecs(3));
    EXPECT_EQ(history.available(QStringLiteral("SKU-A")), 2);
    EXPECT_EQ(history.points(QStringLiteral("SKU-A")).back().onHand, 5);
}

TEST(StockHistoryTest, KeepsOnlyTheLastPointsOfASku)
{
    StockHistory history;
    const int changes = StockHistory::kMaxPointsPerSku + 50;
    for (int i = 0; i < changes; ++i) {
        history.record(QStringLiteral("SKU-A"), QStringLiteral("N1"), i, i);
        history.commit(kStart.addSecs(i));
    }
    const auto points = history.points(QStringLiteral("SKU-A"));
    ASSERT_EQ(points.size(), size_t(StockHistory::kMaxPointsPerSku));
    EXPECT_EQ(points.front().onHand, 50);
    EXPECT_EQ(points.back().onHand, changes - 1);
    EXPECT_EQ(history.totalPoints(), StockHistory::kMaxPointsPerSku);

    history.clear();
    EXPECT_EQ(history.totalPoints(), 0);
    EXPECT_FALSE(history.contains(QStringLiteral("SKU-A")));
}

TEST(StockHistoryTest, CountsUnitsReservedPerMinuteForTheLastHour)
{
    StockHistory history;
    history.addReserved(QStringLiteral("SKU-A"), 2, kStart.addSecs(5));
    history.addReserved(QStringLiteral("SKU-A"), 1, kStart.addSecs(50));
    history.addReserved(QStringLiteral("SKU-A"), 3, kStart.addSecs(65));
    history.addReserved(QStringLiteral("SKU-A"), 0, kStart.addSecs(66)); // not a reservation
    auto minutes = history.reservationsPerMinute(QStringLiteral("SKU-A"));
    ASSERT_EQ(minutes.size(), 2u);
    EXPECT_EQ(minutes[0].minute, kStart);
    EXPECT_EQ(minutes[0].units, 3);
    EXPECT_EQ(minutes[1].minute, kStart.addSecs(60));
    EXPECT_EQ(minutes[1].units, 3);

    history.addReserved(QStringLiteral("SKU-A"), 4, kStart.addSecs(60 * StockHistory::kMaxMinutes));
    minutes = history.reservationsPerMinute(QStringLiteral("SKU-A"));
    ASSERT_EQ(minutes.size(), 2u); // the first minute is more than an hour old
    EXPECT_EQ(minutes.front().minute, kStart.addSecs(60));
    EXPECT_EQ(minutes.back().units, 4);
}

class WatchedSkusTest : public ::testing::Test
{
protected:
    void SetUp() override { QSettings().remove(QStringLiteral("inventory/watchedSkus")); }
    void TearDown() override { QSettings().remove(QStringLiteral("inventory/watchedSkus")); }
};

TEST_F(WatchedSkusTest, AlertsOnceWhenAWatchedSkuRunsOutUntilItComesBack)
{
    WatchedSkus watched;
    QSignalSpy ranOut(&watched, &WatchedSkus::ranOut);
    QSignalSpy cameBack(&watched, &WatchedSkus::cameBack);
    watched.setWatched(QStringLiteral("SKU-A"), true);

    watched.observe(QStringLiteral("SKU-A"), 3);
    watched.observe(QStringLiteral("SKU-B"), 0); // not watched
    EXPECT_EQ(ranOut.count(), 0);
    watched.observe(QStringLiteral("SKU-A"), 0);
    watched.observe(QStringLiteral("SKU-A"), 0);
    ASSERT_EQ(ranOut.count(), 1);
    EXPECT_EQ(ranOut.at(0).at(0).toString(), QStringLiteral("SKU-A"));
    EXPECT_EQ(watched.outOfStock(), QStringList{QStringLiteral("SKU-A")});

    watched.observe(QStringLiteral("SKU-A"), 2);
    EXPECT_EQ(cameBack.count(), 1);
    EXPECT_TRUE(watched.outOfStock().isEmpty());
    watched.observe(QStringLiteral("SKU-A"), 0);
    EXPECT_EQ(ranOut.count(), 2);

    // No longer watched: the alert goes.
    watched.setWatched(QStringLiteral("SKU-A"), false);
    EXPECT_TRUE(watched.outOfStock().isEmpty());
    EXPECT_EQ(cameBack.count(), 2);
}

TEST_F(WatchedSkusTest, AreRememberedAcrossRestarts)
{
    {
        WatchedSkus watched;
        watched.setWatched(QStringLiteral("SKU-B"), true);
        watched.setWatched(QStringLiteral("SKU-A"), true);
        watched.setWatched(QStringLiteral("SKU-C"), true);
        watched.setWatched(QStringLiteral("SKU-C"), false);
    }
    WatchedSkus again;
    EXPECT_EQ(again.skus(), (QStringList{QStringLiteral("SKU-A"), QStringLiteral("SKU-B")}));
}

class StockModelHistoryTest : public WatchedSkusTest
{
protected:
    StockModelHistoryTest() { connection.open(server.address(), QString::fromLatin1(FakeOmsServer::kToken)); }

    FakeOmsServer server{30};
    GrpcConnection connection;
    InventoryClient inventory{&connection};
    StockModel model{&inventory};
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

TEST_F(StockModelHistoryTest, PushedChangesGrowTheHistoryAndCountReservations)
{
    model.setAutoRefresh(true);
    ASSERT_TRUE(QTest::qWaitFor([&] { return model.isLive() && model.rowCount() == 4 && !model.isBusy(); }, 10000));
    StockHistory *history = model.history();
    // The reload: SKU-A at both nodes, one point (10-2 + 5-0 available).
    ASSERT_EQ(history->points(QStringLiteral("SKU-A")).size(), 1u);
    EXPECT_EQ(history->available(QStringLiteral("SKU-A")), 13);

    server.pushStockChange(FakeOmsServer::level("SKU-A", "EU1-WH1", "EU1", 10, 6));
    ASSERT_TRUE(QTest::qWaitFor([&] { return history->points(QStringLiteral("SKU-A")).size() == 2; }, 5000));
    EXPECT_EQ(history->points(QStringLiteral("SKU-A")).back().available, 9);
    const auto minutes = history->reservationsPerMinute(QStringLiteral("SKU-A"));
    ASSERT_EQ(minutes.size(), 1u);
    EXPECT_EQ(minutes[0].units, 4);

    // Another filter, other sums: the history starts again.
    model.setFilter(QStringLiteral("US1-WH1"), {});
    EXPECT_FALSE(history->contains(QStringLiteral("SKU-B")));
}

TEST_F(StockModelHistoryTest, LowAndOutOfStockRowsAreMarkedAndTheWatchColumnTogglesTheWatch)
{
    WatchedSkus watched;
    model.setWatchedSkus(&watched);
    QSignalSpy refreshed(&model, &StockModel::refreshed);
    model.refresh();
    ASSERT_TRUE(refreshed.wait(5000));
    // Rows: SKU-A EU1 (8 available), SKU-A US1 (5), SKU-B (0), SKU-C (0).
    EXPECT_FALSE(model.index(0, StockModel::SkuColumn).data(StockModel::StockStateRole).isValid());
    EXPECT_EQ(model.index(1, StockModel::SkuColumn).data(StockModel::StockStateRole).toInt(),
              int(StockModel::StockState::Low));
    EXPECT_EQ(model.index(1, StockModel::AvailableColumn).data(ToneRole).toInt(), int(Tone::Warning));
    EXPECT_EQ(model.index(2, StockModel::NodeColumn).data(StockModel::StockStateRole).toInt(),
              int(StockModel::StockState::Out));
    model.setLowThreshold(8);
    EXPECT_EQ(model.index(0, StockModel::SkuColumn).data(StockModel::StockStateRole).toInt(),
              int(StockModel::StockState::Low));

    const QModelIndex watch = model.index(1, StockModel::WatchColumn);
    EXPECT_TRUE(model.flags(watch) & Qt::ItemIsUserCheckable);
    EXPECT_EQ(watch.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    ASSERT_TRUE(model.setData(watch, Qt::Checked, Qt::CheckStateRole));
    EXPECT_TRUE(watched.isWatched(QStringLiteral("SKU-A")));
    // Both rows of SKU-A show the tick.
    EXPECT_EQ(model.index(0, StockModel::WatchColumn).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
    ASSERT_EQ(changes.count(), 1);
    EXPECT_EQ(changes.at(0).at(0).toModelIndex().row(), 0);
    EXPECT_EQ(changes.at(0).at(1).toModelIndex().row(), 1);
}

} // namespace
