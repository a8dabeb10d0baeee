// OrderSearchModel against the in-process fake server: paging as the view
// scrolls, filters, sorting, stale answers, transient failures.

#include "fake_oms_server.h"

#include "models/model_roles.h"
#include "models/order_search_model.h"
#include "models/retry_schedule.h"
#include "services/grpc_connection.h"
#include "services/order_client.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

namespace {

class OrderSearchModelTest : public ::testing::Test
{
protected:
    OrderSearchModelTest()
    {
        connection.open(server.address(), QString::fromLatin1(FakeOmsServer::kToken));
        model.setPageSize(40);
    }

    // Waits until no page is on its way.
    bool settle(int timeoutMs = 10000)
    {
        return QTest::qWaitFor([this] { return !model.isBusy(); }, timeoutMs);
    }

    FakeOmsServer server{250};
    GrpcConnection connection;
    OrderClient orders{&connection};
    // No QAbstractItemModelTester here: it calls fetchMore itself and would
    // load every page; PassesTheModelTesterWhileFetchingEveryPage has one.
    OrderSearchModel model{&orders};
};

} // namespace

TEST_F(OrderSearchModelTest, FirstPageArrivesAfterSearch)
{
    QSignalSpy pages(&model, &OrderSearchModel::pageLoaded);
    model.search({});
    EXPECT_TRUE(model.isBusy());
    ASSERT_TRUE(pages.wait(10000));
    EXPECT_EQ(model.rowCount(), 40);
    EXPECT_EQ(model.orderNumber(0), QStringLiteral("EU1-TEST-0000"));
    EXPECT_TRUE(model.canFetchMore({}));
}

TEST_F(OrderSearchModelTest, ScrollingToTheEndFetchesTheNextPage)
{
    model.search({});
    ASSERT_TRUE(settle());
    ASSERT_TRUE(model.canFetchMore({}));
    model.fetchMore({});
    EXPECT_FALSE(model.canFetchMore({})) << "no second fetch while one is on its way";
    ASSERT_TRUE(settle());
    EXPECT_EQ(model.rowCount(), 80);
    EXPECT_EQ(model.orderNumber(40), QStringLiteral("EU1-TEST-0040"));
    EXPECT_EQ(server.seen().search.page().page_token(), "40");
}

TEST_F(OrderSearchModelTest, NothingMoreToFetchAfterTheLastPage)
{
    OrderSearchFilter filter;
    filter.email = QString::fromStdString(FakeOmsServer::emailOf(3));
    model.search(filter);
    ASSERT_TRUE(settle());
    while (model.canFetchMore({})) {
        model.fetchMore({});
        ASSERT_TRUE(settle());
    }
    EXPECT_EQ(model.rowCount(), 36); // orders 3, 10, ..., 248
    EXPECT_FALSE(model.hasMore());
    for (int row = 0; row < model.rowCount(); ++row)
        ASSERT_EQ(model.index(row, OrderSearchModel::EmailColumn).data().toString(), filter.email);
}

TEST_F(OrderSearchModelTest, EveryFilterReachesTheServer)
{
    OrderSearchFilter filter;
    filter.orderNumber = QStringLiteral(" eu1-te ");
    filter.email = QStringLiteral("a@b.c");
    filter.phone = QStringLiteral("+33 1 23");
    filter.customerName = QStringLiteral("Ada");
    filter.sku = QStringLiteral("SKU-1");
    filter.statuses = {oms::v1::ORDER_STATUS_CONFIRMED, oms::v1::ORDER_STATUS_PENDING};
    filter.channel = QStringLiteral("web");
    filter.nodeId = QStringLiteral("EU1-WH1");
    filter.region = QStringLiteral("EU1");
    filter.createdFrom = QDate(2024, 11, 1);
    filter.createdTo = QDate(2024, 11, 30);
    model.search(filter);
    ASSERT_TRUE(settle());

    const auto seen = server.seen().search;
    EXPECT_EQ(seen.order_number(), "EU1-TE");
    EXPECT_EQ(seen.email(), "a@b.c");
    EXPECT_EQ(seen.phone(), "+33 1 23");
    EXPECT_EQ(seen.customer_name(), "Ada");
    EXPECT_EQ(seen.sku(), "SKU-1");
    ASSERT_EQ(seen.statuses_size(), 2);
    EXPECT_EQ(seen.statuses(0), oms::v1::ORDER_STATUS_CONFIRMED);
    EXPECT_EQ(seen.channel(), "web");
    EXPECT_EQ(seen.node_id(), "EU1-WH1");
    EXPECT_EQ(seen.region(), "EU1");
    EXPECT_EQ(seen.created_from().seconds(), QDate(2024, 11, 1).startOfDay().toSecsSinceEpoch());
    // The last day is included: the bound is the start of the next day.
    EXPECT_EQ(seen.created_to().seconds(), QDate(2024, 12, 1).startOfDay().toSecsSinceEpoch());
    EXPECT_EQ(seen.page().page_size(), 40);
}

TEST_F(OrderSearchModelTest, ANewSearchDropsTheAnswerToTheOldOne)
{
    server.delayMs = 300;
    model.search({}); // would return 40 rows of every customer
    OrderSearchFilter filter;
    filter.email = QString::fromStdString(FakeOmsServer::emailOf(5));
    model.search(filter);
    ASSERT_TRUE(QTest::qWaitFor([this] { return !model.isBusy() && model.rowCount() > 0; }, 10000));
    // Every answer, the first search's included, has reached the GUI thread.
    ASSERT_TRUE(QTest::qWaitFor([this] { return connection.callsInFlight() == 0; }, 10000));
    for (int row = 0; row < model.rowCount(); ++row)
        ASSERT_EQ(model.index(row, OrderSearchModel::EmailColumn).data().toString(), filter.email);
}

TEST_F(OrderSearchModelTest, SortingByCreatedAsksTheServerForOldestFirst)
{
    model.search({});
    ASSERT_TRUE(settle());
    model.sort(OrderSearchModel::CreatedColumn, Qt::AscendingOrder);
    ASSERT_TRUE(settle());
    EXPECT_EQ(server.seen().search.sort(), oms::v1::SORT_ORDER_OLDEST_FIRST);
    EXPECT_EQ(model.orderNumber(0), QStringLiteral("EU1-TEST-0249"));
}

TEST_F(OrderSearchModelTest, SortingByTotalOrdersLoadedRowsByAmountIncludingLaterPages)
{
    model.search({});
    ASSERT_TRUE(settle());
    model.sort(OrderSearchModel::TotalColumn, Qt::DescendingOrder);
    model.fetchMore({});
    ASSERT_TRUE(settle());
    ASSERT_EQ(model.rowCount(), 80);
    for (int row = 1; row < model.rowCount(); ++row) {
        const qint64 previous = model.index(row - 1, OrderSearchModel::TotalColumn).data(RawValueRole).toLongLong();
        const qint64 current = model.index(row, OrderSearchModel::TotalColumn).data(RawValueRole).toLongLong();
        ASSERT_GE(previous, current) << "row " << row;
    }
}

TEST_F(OrderSearchModelTest, UnreachableServerIsReportedThenRetriedWithTheSameFilter)
{
    model.retrySchedule()->setBaseDelay(100);
    server.failNext(grpc::StatusCode::UNAVAILABLE, 2);
    OrderSearchFilter filter;
    filter.email = QString::fromStdString(FakeOmsServer::emailOf(2));
    QSignalSpy errors(&model, &OrderSearchModel::errorChanged);
    model.search(filter);
    ASSERT_TRUE(errors.wait(10000));
    EXPECT_EQ(model.lastError().kind(), CallError::Kind::Unreachable);
    EXPECT_TRUE(errors.first().first().toString().contains(server.address()));
    ASSERT_TRUE(QTest::qWaitFor([this] { return model.rowCount() > 0; }, 10000));
    EXPECT_FALSE(model.lastError().isError());
    EXPECT_EQ(server.seen().search.email(), filter.email.toStdString());
    EXPECT_GE(server.seen().searchCalls, 3);
}

TEST_F(OrderSearchModelTest, AWrongTokenIsNotRetried)
{
    connection.open(server.address(), QStringLiteral("wrong"));
    model.retrySchedule()->setBaseDelay(50);
    QSignalSpy errors(&model, &OrderSearchModel::errorChanged);
    model.search({});
    ASSERT_TRUE(errors.wait(10000));
    EXPECT_EQ(model.lastError().kind(), CallError::Kind::SignedOut);
    EXPECT_FALSE(model.retrySchedule()->isPending());
}

TEST_F(OrderSearchModelTest, FetchAllLoadsEveryPage)
{
    model.search({});
    ASSERT_TRUE(settle());
    QSignalSpy done(&model, &OrderSearchModel::allFetched);
    model.fetchAll();
    ASSERT_TRUE(done.wait(20000));
    EXPECT_EQ(model.rowCount(), 250);
    EXPECT_FALSE(model.canFetchMore({}));
}

TEST_F(OrderSearchModelTest, PassesTheModelTesterWhileFetchingEveryPage)
{
    // The tester asks canFetchMore/fetchMore after every change, as a view
    // scrolled to its end does, so it pulls in every page.
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.sort(OrderSearchModel::TotalColumn, Qt::AscendingOrder);
    model.search({});
    ASSERT_TRUE(QTest::qWaitFor([this] { return !model.isBusy() && !model.hasMore(); }, 20000));
    ASSERT_EQ(model.rowCount(), 250);
    QSet<QString> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.insert(model.orderId(row));
    EXPECT_EQ(ids.size(), 250) << "no page fetched twice";
    model.sort(OrderSearchModel::CreatedColumn, Qt::DescendingOrder);
    ASSERT_TRUE(QTest::qWaitFor([this] { return !model.isBusy() && !model.hasMore(); }, 20000));
    EXPECT_EQ(model.rowCount(), 250);
}
