// With a server that answers 2 seconds late, the GUI thread never stops
// serving its event loop for more than 100 ms: every call is asynchronous.

#include "delay_proxy.h"
#include "desk_fixture.h"

#include "models/order_document.h"
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

#include <cstdio>

using namespace std::chrono_literals;

namespace {

// A blocking call would stall the loop for the server's 2 s. Alone the
// longest gap is about 25 ms here; on a 2-core machine that is also running
// omsd and its first writes, scheduling alone has reached 51 ms once in CI,
// so the bound leaves room for that and still catches any blocking call.
constexpr int kMaxStallMs = 100;
constexpr int kTimeoutMs = 30000;

// Ticks every 10 ms on the GUI thread and records the longest time between
// two ticks: how long the event loop was not served.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_longest = std::max(m_longest, m_clock.restart());
            ++m_ticks;
        });
    }
    void start()
    {
        m_clock.start();
        m_timer.start();
    }
    qint64 longestGapMs() const { return m_longest; }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longest = 0;
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
    std::printf("longest event loop gap: %lld ms over %lld ms\n", qlonglong(meter.longestGapMs()), qlonglong(elapsed));
    EXPECT_GE(elapsed, 8000) << "four round trips of two seconds";
    EXPECT_GT(meter.ticks(), elapsed / 20) << "the timer kept ticking";
    EXPECT_LE(meter.longestGapMs(), kMaxStallMs)
            << "the GUI thread was blocked for " << meter.longestGapMs() << " ms";
}
