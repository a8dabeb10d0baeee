// The desk against a region that holds another region's orders as
// read-only copies (docs/REGIONS.md): two real omsd, EU1 and US1, each
// following the other; the desk signs in to US1.
#include "desk_widget_fixture.h"

#include "models/order_document.h"
#include "views/order_detail_view.h"

#include <QLabel>

namespace {

class DeskRegionsTest : public DeskWidgetTest
{
protected:
    static void SetUpTestSuite()
    {
        const int euPort = freePort();
        const int usPort = freePort();
        const QString secret = QStringLiteral("desk-regions-test-secret");
        auto federation = [&](const QString &peer, int port) {
            return QStringLiteral("[federation]\nsecret = \"%1\"\n[[peer]]\nregion = \"%2\"\naddress = \"127.0.0.1:%3\"\n")
                    .arg(secret, peer)
                    .arg(port);
        };
        s_home = new OmsdProcess;
        s_home->setRegion(QStringLiteral("EU1"));
        s_home->setExtraConfig(federation(QStringLiteral("US1"), usPort));
        s_omsd = new OmsdProcess; // the desk's region
        s_omsd->setRegion(QStringLiteral("US1"));
        s_omsd->setExtraConfig(federation(QStringLiteral("EU1"), euPort));
        QString error;
        if (!s_home->start(&error, euPort) || !s_omsd->start(&error, usPort) || !s_home->ensureOrders(&error))
            s_startError = new QString(error);
    }
    static void TearDownTestSuite()
    {
        DeskWidgetTest::TearDownTestSuite();
        delete s_home;
        s_home = nullptr;
    }

    static inline OmsdProcess *s_home = nullptr;
};

TEST_F(DeskRegionsTest, AnOrderOfAnotherRegionSaysWhereItLivesAndHowFreshTheCopyIs)
{
    signIn(QStringLiteral("demo-agent-token"));
    // EU1's demo orders reach US1 through replication; the search finds them.
    waitForOrders();
    OrderDetailView *detail = openFirstOrderWithKeyboard();
    ASSERT_NE(detail, nullptr);
    ASSERT_TRUE(QTest::qWaitFor([&] { return detail->document()->isLoaded(); }, kTimeoutMs))
            << qPrintable(detail->document()->lastError().message());
    const OrderHeader &header = detail->document()->header();
    EXPECT_EQ(header.region, QStringLiteral("EU1"));
    EXPECT_TRUE(header.replica);
    EXPECT_EQ(header.answeredBy, QStringLiteral("US1"));
    auto *region = detail->findChild<QLabel *>(QStringLiteral("region"));
    ASSERT_NE(region, nullptr);
    // "as of" is known once US1 has confirmed it holds everything (a mark a second).
    ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                if (!region->text().contains(QStringLiteral("unknown")))
                    return true;
                detail->document()->refresh();
                QTest::qWait(500);
                return false;
            },
            kTimeoutMs));
    EXPECT_TRUE(region->text().startsWith(QStringLiteral("EU1 (copy in US1, as of "))) << qPrintable(region->text());
    EXPECT_TRUE(region->toolTip().contains(QStringLiteral("Changes are sent to EU1"))) << qPrintable(region->toolTip());
}

} // namespace
