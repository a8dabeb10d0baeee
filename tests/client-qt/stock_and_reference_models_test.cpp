// StockModel, NodeListModel, OrderDocument and CustomerCard against the fake
// server, under QAbstractItemModelTester where they are models.

#include "fake_oms_server.h"

#include "models/customer_card.h"
#include "models/display_text.h"
#include "models/model_roles.h"
#include "models/node_list_model.h"
#include "models/order_document.h"
#include "models/order_event_model.h"
#include "models/order_line_model.h"
#include "models/retry_schedule.h"
#include "models/stock_model.h"
#include "models/tender_model.h"
#include "services/customer_client.h"
#include "services/grpc_connection.h"
#include "services/inventory_client.h"
#include "services/node_client.h"
#include "services/order_client.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include <gtest/gtest.h>

namespace {

class ServerTest : public ::testing::Test
{
protected:
    ServerTest() { connection.open(server.address(), QString::fromLatin1(FakeOmsServer::kToken)); }

    FakeOmsServer server{30};
    GrpcConnection connection;
};

class StockModelTest : public ServerTest
{
protected:
    InventoryClient inventory{&connection};
    StockModel model{&inventory};
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

QString cell(const QAbstractItemModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

TEST_F(StockModelTest, APushedStockChangeUpdatesItsRowWithoutAReload)
{
    model.setAutoRefresh(true);
    ASSERT_TRUE(QTest::qWaitFor([&] { return model.isLive(); }, 10000));
    // Going live from now reloads once, so nothing before the stream is missed.
    ASSERT_TRUE(QTest::qWaitFor([&] { return model.rowCount() == 4 && !model.isBusy(); }, 10000));
    EXPECT_EQ(server.seen().watch.after_sequence(), 0);
    const int calls = server.seen().calls;

    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    server.pushStockChange(FakeOmsServer::level("SKU-A", "EU1-WH1", "EU1", 42, 2));
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return model.index(0, StockModel::OnHandColumn).data(RawValueRole).toLongLong() == 42; },
            5000));
    EXPECT_EQ(model.index(0, StockModel::AvailableColumn).data(RawValueRole).toLongLong(), 40);
    EXPECT_EQ(changes.count(), 1);
    EXPECT_EQ(server.seen().calls, calls); // pushed, not reloaded
}

TEST_F(StockModelTest, AfterTheStreamBreaksTheWatchResumesFromTheLastSequence)
{
    model.watchRetry()->setBaseDelay(20);
    model.setAutoRefresh(true);
    ASSERT_TRUE(QTest::qWaitFor([&] { return model.isLive() && !model.isBusy(); }, 10000));
    const int64_t last = server.pushStockChange(FakeOmsServer::level("SKU-C", "EU1-ST1", "EU1", 9, 7));
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return model.index(3, StockModel::OnHandColumn).data(RawValueRole).toLongLong() == 9; },
            5000));
    const int calls = server.seen().calls;

    // The stream breaks; a change made meanwhile arrives through the
    // resumed stream, without a reload.
    server.breakWatches();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !model.isLive(); }, 5000));
    server.pushStockChange(FakeOmsServer::level("SKU-C", "EU1-ST1", "EU1", 12, 7));
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return model.index(3, StockModel::OnHandColumn).data(RawValueRole).toLongLong() == 12; },
            10000));
    EXPECT_TRUE(model.isLive());
    EXPECT_EQ(server.seen().watch.after_sequence(), last);
    // While it was down the model may have reloaded on its timer (5 s); a
    // resumed stream needs no reload of its own.
    EXPECT_LE(server.seen().calls - calls, 2);
}

TEST_F(StockModelTest, LoadsEveryPageSortedBySkuThenNode)
{
    QSignalSpy refreshed(&model, &StockModel::refreshed);
    model.refresh();
    ASSERT_TRUE(refreshed.wait(10000));
    ASSERT_EQ(model.rowCount(), 4); // the fake sends pages of two
    EXPECT_EQ(cell(model, 0, StockModel::SkuColumn), QStringLiteral("SKU-A"));
    EXPECT_EQ(cell(model, 0, StockModel::NodeColumn), QStringLiteral("EU1-WH1"));
    EXPECT_EQ(cell(model, 1, StockModel::NodeColumn), QStringLiteral("US1-WH1"));
    EXPECT_EQ(model.index(0, StockModel::AvailableColumn).data(RawValueRole).toLongLong(), 8);
    EXPECT_EQ(model.index(2, StockModel::AvailableColumn).data(ToneRole).toInt(), int(Tone::Bad));
    EXPECT_TRUE(model.lastUpdated().isValid());
}

TEST_F(StockModelTest, ARefreshUpdatesChangedRowsInPlace)
{
    QSignalSpy refreshed(&model, &StockModel::refreshed);
    model.refresh();
    ASSERT_TRUE(refreshed.wait(10000));
    QPersistentModelIndex watched = model.index(1, StockModel::OnHandColumn);

    server.setStock({FakeOmsServer::level("SKU-A", "EU1-WH1", "EU1", 10, 2),
                     FakeOmsServer::level("SKU-A", "US1-WH1", "US1", 4, 1),
                     FakeOmsServer::level("SKU-B", "EU1-WH1", "EU1", 0, 0),
                     FakeOmsServer::level("SKU-C", "EU1-ST1", "EU1", 7, 7)});
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.refresh();
    ASSERT_TRUE(refreshed.wait(10000));
    EXPECT_EQ(resets.count(), 0);
    ASSERT_EQ(changes.count(), 1);
    EXPECT_EQ(changes.first().first().value<QModelIndex>().row(), 1);
    ASSERT_TRUE(watched.isValid());
    EXPECT_EQ(watched.data().toLongLong(), 4);
}

TEST_F(StockModelTest, NewAndVanishedLevelsAreInsertedAndRemovedOneByOne)
{
    QSignalSpy refreshed(&model, &StockModel::refreshed);
    model.refresh();
    ASSERT_TRUE(refreshed.wait(10000));
    server.setStock({FakeOmsServer::level("SKU-A", "EU1-WH1", "EU1", 10, 2),
                     FakeOmsServer::level("SKU-AA", "EU1-WH1", "EU1", 3, 0),
                     FakeOmsServer::level("SKU-B", "EU1-WH1", "EU1", 0, 0),
                     FakeOmsServer::level("SKU-C", "EU1-ST1", "EU1", 7, 7)});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.refresh();
    ASSERT_TRUE(refreshed.wait(10000));
    EXPECT_EQ(inserted.count(), 1);
    EXPECT_EQ(removed.count(), 1);
    ASSERT_EQ(model.rowCount(), 4);
    EXPECT_EQ(cell(model, 1, StockModel::SkuColumn), QStringLiteral("SKU-AA"));
}

TEST_F(StockModelTest, NodeAndRegionFiltersReachTheServer)
{
    QSignalSpy refreshed(&model, &StockModel::refreshed);
    model.setFilter(QString(), QStringLiteral("US1"));
    ASSERT_TRUE(refreshed.wait(10000));
    EXPECT_EQ(server.seen().stock.region(), "US1");
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(cell(model, 0, StockModel::NodeColumn), QStringLiteral("US1-WH1"));
    model.setFilter(QStringLiteral("EU1-ST1"), QString());
    ASSERT_TRUE(refreshed.wait(10000));
    EXPECT_EQ(server.seen().stock.node_id(), "EU1-ST1");
    ASSERT_EQ(model.rowCount(), 1);
}

TEST_F(StockModelTest, AutoRefreshReloadsEveryIntervalFromAServerWithoutWatches)
{
    model.setRefreshInterval(100);
    QSignalSpy refreshed(&model, &StockModel::refreshed);
    server.failNext(grpc::StatusCode::UNIMPLEMENTED); // the watch, an older server
    model.setAutoRefresh(true);
    ASSERT_TRUE(QTest::qWaitFor([&refreshed] { return refreshed.count() >= 3; }, 10000));
    EXPECT_FALSE(model.isLive());
    EXPECT_EQ(server.seen().watchCalls, 1); // not asked again
    model.setAutoRefresh(false);
}

TEST_F(StockModelTest, AFailedRefreshKeepsTheRowsItHad)
{
    QSignalSpy refreshed(&model, &StockModel::refreshed);
    model.refresh();
    ASSERT_TRUE(refreshed.wait(10000));
    server.failNext(grpc::StatusCode::UNAVAILABLE);
    QSignalSpy errors(&model, &StockModel::errorChanged);
    model.refresh();
    ASSERT_TRUE(errors.wait(10000));
    EXPECT_EQ(model.rowCount(), 4);
    EXPECT_TRUE(model.lastError().isTransient());
}

TEST_F(StockModelTest, SkuFilterProxyPassesTheModelTester)
{
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(RawValueRole);
    proxy.setFilterKeyColumn(StockModel::SkuColumn);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy refreshed(&model, &StockModel::refreshed);
    model.refresh();
    ASSERT_TRUE(refreshed.wait(10000));
    proxy.setFilterFixedString(QStringLiteral("sku-a"));
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    EXPECT_EQ(proxy.rowCount(), 2);
    proxy.sort(StockModel::AvailableColumn, Qt::DescendingOrder);
    EXPECT_EQ(proxy.index(0, StockModel::AvailableColumn).data().toLongLong(), 8);
}

TEST_F(ServerTest, NodeListHasAnAnyRowAndCollectsRegions)
{
    NodeClient nodes(&connection);
    NodeListModel model(&nodes);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setAnyRowText(QStringLiteral("any"));
    QSignalSpy loaded(&model, &NodeListModel::loaded);
    model.refresh();
    ASSERT_TRUE(loaded.wait(10000));
    ASSERT_EQ(model.rowCount(), 4);
    EXPECT_EQ(model.index(0).data().toString(), QStringLiteral("any"));
    EXPECT_EQ(model.nodeId(0), QString());
    EXPECT_EQ(model.nodeId(1), QStringLiteral("EU1-ST1"));
    EXPECT_EQ(model.index(1).data(KeyRole).toString(), QStringLiteral("EU1-ST1"));
    EXPECT_EQ(model.regions(), (QStringList{QStringLiteral("EU1"), QStringLiteral("US1")}));
}

TEST_F(ServerTest, OrderDocumentLoadsHeaderLinesTendersAndEveryPageOfEvents)
{
    OrderClient orders(&connection);
    OrderDocument document(&orders, QString::fromStdString(FakeOmsServer::summary(4).order_id()));
    QAbstractItemModelTester lines(document.lines(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester tenders(document.tenders(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester events(document.events(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy loaded(&document, &OrderDocument::loaded);
    document.refresh();
    EXPECT_TRUE(document.isBusy());
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_FALSE(document.isBusy());
    EXPECT_EQ(document.header().number, QStringLiteral("EU1-TEST-0004"));
    EXPECT_EQ(document.header().customerId, QStringLiteral("C-4"));
    EXPECT_EQ(document.lines()->rowCount(), 2);
    EXPECT_EQ(document.tenders()->rowCount(), 1);
    ASSERT_EQ(document.events()->rowCount(), 3);
    EXPECT_EQ(document.events()->index(0, OrderEventModel::EventColumn).data().toString(),
              QStringLiteral("OrderPlaced"));
}

TEST_F(ServerTest, OrderDocumentCarriesTheShipmentsThatCameWithTheOrder)
{
    OrderClient orders(&connection);
    OrderDocument document(&orders, QString::fromStdString(FakeOmsServer::summary(2).order_id()));
    QSignalSpy shipments(&document, &OrderDocument::shipmentsChanged);
    QSignalSpy loaded(&document, &OrderDocument::loaded);
    document.refresh();
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_EQ(shipments.count(), 1);
    ASSERT_EQ(document.shipments().size(), 2);
    EXPECT_EQ(document.shipments()[0].nodeId, QStringLiteral("EU1-WH1"));
    EXPECT_EQ(document.shipments()[0].trackingId, QString::fromLatin1(FakeOmsServer::kTrackingId));
    EXPECT_EQ(document.shipments()[1].nodeId, QStringLiteral("EU1-ST1"));
    EXPECT_EQ(document.shipments()[1].routingReason, QString::fromLatin1(FakeOmsServer::kStoreReason));
}

TEST_F(ServerTest, OrderDocumentForAnUnknownOrderSaysNotFound)
{
    OrderClient orders(&connection);
    OrderDocument document(&orders, QStringLiteral("EU1-NOPE-NOPE"));
    QSignalSpy errors(&document, &OrderDocument::errorChanged);
    document.refresh();
    ASSERT_TRUE(errors.wait(10000));
    EXPECT_EQ(document.lastError().kind(), CallError::Kind::NotFound);
    EXPECT_TRUE(errors.first().first().toString().contains(QStringLiteral("EU1-NOPE-NOPE")));
    EXPECT_FALSE(document.isLoaded());
}

TEST_F(ServerTest, CustomerCardShowsStoreCreditAndWalletBalances)
{
    CustomerClient customers(&connection);
    CustomerCard card(&customers);
    QSignalSpy loaded(&card, &CustomerCard::loaded);
    card.load(QStringLiteral("C-3"));
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_EQ(card.profile().name, QStringLiteral("Customer 3"));
    EXPECT_EQ(card.profile().storeCreditMinor, 2500);
    EXPECT_EQ(card.profile().walletMinor, 990);
    EXPECT_EQ(card.profile().storeCredit, DisplayText::money(2500, QStringLiteral("EUR")));
}

TEST_F(StockModelTest, NodeNamesAreShownBesideTheIdWhichStaysTheSortKey)
{
    QSignalSpy refreshed(&model, &StockModel::refreshed);
    model.refresh();
    ASSERT_TRUE(refreshed.wait(10000));
    model.setNodeNames({{QStringLiteral("EU1-WH1"), QStringLiteral("Paris DC")}});
    EXPECT_EQ(cell(model, 0, StockModel::NodeColumn), QStringLiteral("EU1-WH1 — Paris DC"));
    EXPECT_EQ(model.index(0, StockModel::NodeColumn).data(RawValueRole).toString(), QStringLiteral("EU1-WH1"));
    EXPECT_EQ(cell(model, 1, StockModel::NodeColumn), QStringLiteral("US1-WH1"));
}
