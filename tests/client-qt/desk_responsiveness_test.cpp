// The GUI thread never works more than 50 ms without serving its event
// loop, and never waits for the network: with a server that answers 2
// seconds late (every call is asynchronous), and while a burst of a
// thousand events arrives on the watch streams (reloads are coalesced,
// rows update in place).

#include "delay_proxy.h"
#include "desk_fixture.h"

#include "models/model_roles.h"
#include "models/order_document.h"
#include "models/order_follower.h"
#include "models/order_search_model.h"
#include "models/stock_model.h"
#include "views/busy_indicator.h"
#include "views/order_detail_view.h"
#include "views/order_search_view.h"
#include "views/sign_in_dialog.h"
#include "views/stock_view.h"

#include <QElapsedTimer>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include "oms/v1/inventory_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QTableView>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

// Two measures between turns of the event loop:
// - busy: the CPU time the GUI thread itself spent (CLOCK_THREAD_CPUTIME_ID),
//   at most 50 ms: no work of ours holds the loop longer. Measured about
//   20 ms (the first layout of an order tab) and 12-17 ms in the burst.
// - wall: at most 500 ms, which any blocking network call fails (the proxy
//   holds every answer 2 s). Wall time alone also counts the time the
//   kernel gave both cores to other processes: on a quiet machine it is
//   about the busy time (23 ms measured), but with builds running beside
//   the tests it reached 62-73 ms, none of it the desk's doing.
constexpr int kMaxBusyMs = 50;
constexpr int kMaxWallGapMs = 500;
constexpr int kTimeoutMs = 30000;

qint64 threadCpuMicros()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000000 + t.tv_nsec / 1000;
}

// Ticks every 10 ms on the GUI thread and records, between two ticks, the
// longest wall time and the longest CPU time of the GUI thread.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 gap = m_clock.restart();
            const qint64 cpu = threadCpuMicros();
            const qint64 busy = (cpu - m_lastCpu) / 1000;
            m_lastCpu = cpu;
            if (gap > 30 && qEnvironmentVariableIsSet("OMS_STALL_LOG"))
                std::printf("gap %lld ms (busy %lld ms) at %lld ms\n", qlonglong(gap), qlonglong(busy),
                            qlonglong(m_since.elapsed()));
            m_longest = std::max(m_longest, gap);
            m_longestBusy = std::max(m_longestBusy, busy);
            ++m_ticks;
        });
    }
    void start()
    {
        m_since.start();
        m_lastCpu = threadCpuMicros();
        m_clock.start();
        m_timer.start();
    }
    qint64 longestGapMs() const { return m_longest; }
    qint64 longestBusyMs() const { return m_longestBusy; }
    QTimer &timer() { return m_timer; }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    QElapsedTimer m_since;
    qint64 m_longest = 0;
    qint64 m_longestBusy = 0;
    qint64 m_lastCpu = 0;
    int m_ticks = 0;
};

} // namespace

TEST(DeskResponsivenessTest, TheEventLoopNeverStallsWhileTheServerTakesTwoSecondsToAnswer)
{
    OmsdProcess omsd;
    QString error;
    ASSERT_TRUE(omsd.start(&error)) << qPrintable(error);
    ASSERT_TRUE(omsd.ensureOrders(&error)) << qPrintable(error);
    DelayProxy slow(omsd.port(), 2000ms);
    const QString address = QStringLiteral("127.0.0.1:%1").arg(slow.port());

    DeskUnderTest desk;
    MainWindow &window = *desk.window;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    SignInDialog *dialog = window.showSignIn(address, QStringLiteral("demo-agent-token"));
    ASSERT_TRUE(QTest::qWaitForWindowExposed(dialog));

    // Waiting below uses QSignalSpy::wait, a real event loop: qWaitFor would
    // sleep between its passes and count against the measurement.
    StallMeter meter;
    meter.start();
    QElapsedTimer clock;
    clock.start();

    QSignalSpy signedIn(&window, &MainWindow::signedIn);
    dialog->submit();
    EXPECT_TRUE(dialog->isBusy());
    EXPECT_TRUE(dialog->findChild<BusyIndicator *>()->isRunning()) << "a busy indicator while waiting";
    ASSERT_TRUE(signedIn.wait(kTimeoutMs)) << qPrintable(dialog ? dialog->errorText() : QString());
    EXPECT_GE(clock.elapsed(), 2000) << "the proxy really delays";

    OrderSearchModel *orders = window.searchView()->model();
    QSignalSpy page(orders, &OrderSearchModel::pageLoaded);
    // The user keeps typing while the search is on its way.
    auto *email = window.searchView()->findChild<QLineEdit *>(QStringLiteral("email"));
    QTest::keyClicks(email, QStringLiteral("typing@while.waiting"));
    EXPECT_EQ(email->text(), QStringLiteral("typing@while.waiting"));
    email->clear();
    // omsd may still be placing its demo orders: ask again while empty.
    for (int attempt = 0; orders->rowCount() == 0 && attempt < 5; ++attempt) {
        if (!orders->isBusy())
            orders->refresh();
        ASSERT_TRUE(page.wait(kTimeoutMs));
    }
    ASSERT_GT(orders->rowCount(), 0);

    OrderDetailView *detail = window.openOrder(orders->orderId(0), orders->orderNumber(0));
    QSignalSpy loaded(detail->document(), &OrderDocument::loaded);
    EXPECT_TRUE(detail->document()->isBusy());
    ASSERT_TRUE(loaded.wait(kTimeoutMs)) << qPrintable(detail->document()->lastError().message());

    QSignalSpy stock(window.stockView()->model(), &StockModel::refreshed);
    window.showStock();
    ASSERT_TRUE(stock.wait(kTimeoutMs)) << qPrintable(window.stockView()->model()->lastError().message());
    ASSERT_GT(window.stockView()->model()->rowCount(), 0);

    const qint64 elapsed = clock.elapsed();
    RecordProperty("longest_gap_ms", int(meter.longestGapMs()));
    RecordProperty("longest_busy_ms", int(meter.longestBusyMs()));
    std::printf("longest event loop gap: %lld ms, GUI thread busy at most %lld ms, over %lld ms\n",
                qlonglong(meter.longestGapMs()), qlonglong(meter.longestBusyMs()), qlonglong(elapsed));
    EXPECT_GE(elapsed, 8000) << "four round trips of two seconds";
    EXPECT_GT(meter.ticks(), elapsed / 20) << "the timer kept ticking";
    EXPECT_LE(meter.longestBusyMs(), kMaxBusyMs)
            << "the GUI thread worked " << meter.longestBusyMs() << " ms without serving its event loop";
    EXPECT_LE(meter.longestGapMs(), kMaxWallGapMs)
            << "the event loop was not served for " << meter.longestGapMs() << " ms";
}

// A burst: another client makes 500 changes to the order open in a tab and
// 500 stock adjustments on the stock tab in front, as fast as omsd takes
// them, so both WatchOrders and WatchInventory deliver about a thousand
// events in a second or two. The order reloads a few times (coalesced),
// the stock rows update in place; the event loop keeps being served.
TEST(DeskResponsivenessTest, ABurstOfAThousandEventsDoesNotStallTheEventLoop)
{
    OmsdProcess omsd;
    // The flood is on purpose: lift the per-principal rate limit.
    omsd.setExtraConfig(QStringLiteral("[limits]\nrpc_per_second = 1000000\nrpc_burst = 1000000\n"));
    QString error;
    ASSERT_TRUE(omsd.start(&error)) << qPrintable(error);
    ASSERT_TRUE(omsd.ensureOrders(&error)) << qPrintable(error);

    auto channel = grpc::CreateChannel(omsd.address().toStdString(), grpc::InsecureChannelCredentials());
    auto orderStub = oms::v1::OrderService::NewStub(channel);
    auto inventoryStub = oms::v1::InventoryService::NewStub(channel);
    auto as = [](const char *token) {
        auto c = std::make_unique<grpc::ClientContext>();
        c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        c->AddMetadata("authorization", std::string("Bearer ") + token);
        return c;
    };
    oms::v1::SearchOrdersResponse found;
    ASSERT_TRUE(orderStub->SearchOrders(as("demo-agent-token").get(), {}, &found).ok());
    ASSERT_GT(found.orders_size(), 0);
    const std::string orderId = found.orders(0).order_id();
    oms::v1::ListStockResponse levels;
    ASSERT_TRUE(inventoryStub->ListStock(as("demo-admin-token").get(), {}, &levels).ok());
    ASSERT_GT(levels.levels_size(), 0);
    const std::string sku = levels.levels(0).sku();
    const std::string node = levels.levels(0).node_id();
    const qint64 onHandBefore = levels.levels(0).on_hand();

    DeskUnderTest desk;
    MainWindow &window = *desk.window;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    SignInDialog *dialog = window.showSignIn(omsd.address(), QStringLiteral("demo-admin-token"));
    QSignalSpy signedIn(&window, &MainWindow::signedIn);
    dialog->submit();
    ASSERT_TRUE(signedIn.wait(kTimeoutMs)) << qPrintable(dialog ? dialog->errorText() : QString());

    OrderDetailView *detail = window.openOrder(QString::fromStdString(orderId));
    QSignalSpy live(detail->follower(), &OrderFollower::liveChanged);
    ASSERT_TRUE(live.wait(kTimeoutMs)) << "the open order follows WatchOrders";
    window.showStock();
    StockModel *stock = window.stockView()->model();
    QSignalSpy stockLive(stock, &StockModel::liveChanged);
    ASSERT_TRUE(stock->isLive() || stockLive.wait(kTimeoutMs)) << "the stock tab follows WatchInventory";

    constexpr int kNotes = 500;
    constexpr int kAdjustments = 500;
    std::atomic<int> failures{0};
    std::atomic<bool> done{false};
    StallMeter meter;
    meter.start();
    std::thread flood([&] {
        std::vector<std::thread> senders;
        for (int t = 0; t < 4; ++t) {
            senders.emplace_back([&, t] {
                for (int i = t; i < kNotes + kAdjustments; i += 4) {
                    grpc::Status status;
                    if (i % 2 == 0) {
                        oms::v1::AddOrderNoteRequest note;
                        note.set_request_id("burst-note-" + std::to_string(i));
                        note.set_order_id(orderId);
                        note.set_text("burst note " + std::to_string(i));
                        oms::v1::Order answer;
                        status = orderStub->AddOrderNote(as("demo-agent-token").get(), note, &answer);
                    } else {
                        oms::v1::AdjustStockRequest adjust;
                        adjust.set_request_id("burst-stock-" + std::to_string(i));
                        adjust.set_sku(sku);
                        adjust.set_node_id(node);
                        adjust.set_kind(oms::v1::ADJUSTMENT_KIND_RECEIVE);
                        adjust.set_quantity(1);
                        adjust.set_reason("burst test");
                        oms::v1::StockLevel answer;
                        status = inventoryStub->AdjustStock(as("demo-admin-token").get(), adjust, &answer);
                    }
                    if (!status.ok())
                        ++failures;
                }
            });
        }
        for (std::thread &sender : senders)
            sender.join();
        done = true;
    });

    // Until the stock row shows every unit received and the open order has
    // seen every note; waits run a real event loop (QSignalSpy::wait).
    QSignalSpy tick(&meter.timer(), &QTimer::timeout);
    const auto stockShown = [&] {
        for (int row = 0; row < stock->rowCount(); ++row)
            if (stock->index(row, StockModel::SkuColumn).data(RawValueRole).toString() == QString::fromStdString(sku)
                && stock->index(row, StockModel::NodeColumn).data(RawValueRole).toString() == QString::fromStdString(node))
                return stock->index(row, StockModel::OnHandColumn).data(RawValueRole).toLongLong()
                        == onHandBefore + kAdjustments;
        return false;
    };
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 60000
           && !(done && detail->follower()->eventsSeen() >= kNotes && stockShown() && detail->follower()->isSettled()))
        tick.wait(100);
    flood.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_GE(detail->follower()->eventsSeen(), kNotes);
    EXPECT_TRUE(stockShown()) << "the stock row shows all " << kAdjustments << " units received";
    EXPECT_LT(detail->follower()->reloadsAsked(), kNotes / 10) << "reloads are coalesced";
    // The last reload has every note on the timeline.
    int serverEvents = 0;
    std::string token;
    do {
        oms::v1::ListOrderEventsRequest list;
        list.set_order_id(orderId);
        list.mutable_page()->set_page_size(200);
        list.mutable_page()->set_page_token(token);
        oms::v1::ListOrderEventsResponse page;
        const grpc::Status listed = orderStub->ListOrderEvents(as("demo-agent-token").get(), list, &page);
        ASSERT_TRUE(listed.ok()) << listed.error_message();
        serverEvents += page.events_size();
        token = page.next_page_token();
    } while (!token.empty());
    EXPECT_GE(serverEvents, kNotes);
    EXPECT_EQ(detail->timelineTable()->model()->rowCount(), serverEvents);

    RecordProperty("longest_gap_ms", int(meter.longestGapMs()));
    RecordProperty("longest_busy_ms", int(meter.longestBusyMs()));
    std::printf("burst: %d order events, %d reloads, longest event loop gap %lld ms, GUI thread busy at "
                "most %lld ms, over %lld ms\n",
                detail->follower()->eventsSeen(), detail->follower()->reloadsAsked(),
                qlonglong(meter.longestGapMs()), qlonglong(meter.longestBusyMs()), qlonglong(clock.elapsed()));
    EXPECT_LE(meter.longestBusyMs(), kMaxBusyMs)
            << "the GUI thread worked " << meter.longestBusyMs() << " ms without serving its event loop";
    EXPECT_LE(meter.longestGapMs(), kMaxWallGapMs)
            << "the event loop was not served for " << meter.longestGapMs() << " ms";
}
