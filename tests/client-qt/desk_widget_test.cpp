// The real window, offscreen, driven like a user would, against a real omsd
// started with --demo for these tests.

#include "desk_fixture.h"

#include "models/customer_card.h"
#include "models/node_list_model.h"
#include "models/order_document.h"
#include "models/order_event_model.h"
#include "models/order_line_model.h"
#include "models/order_search_model.h"
#include "models/stock_model.h"
#include "views/customer_panel.h"
#include "views/desk_theme.h"
#include "views/order_detail_view.h"
#include "views/order_search_view.h"
#include "views/sign_in_dialog.h"
#include "views/stock_view.h"

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <gtest/gtest.h>

#include "desk_widget_fixture.h"


TEST_F(DeskWidgetTest, SignInWithNameAndPasswordShowsWhoIsSignedInAndTheirRole)
{
    SignInDialog *dialog = window().showSignIn(s_omsd->address());
    dialog->setUsingToken(false);
    auto *user = dialog->findChild<QLineEdit *>(QStringLiteral("userName"));
    user->clear();
    QTest::keyClicks(user, QStringLiteral("alice"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("password")),
                     QStringLiteral("alice-demo-pass"));
    QSignalSpy signedIn(&window(), &MainWindow::signedIn);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("signIn")), Qt::LeftButton);
    ASSERT_TRUE(signedIn.wait(kTimeoutMs)) << qPrintable(dialog->errorText());
    const QString label = window().findChild<QLabel *>(QStringLiteral("signedInAs"))->text();
    EXPECT_EQ(window().user().principalId, QStringLiteral("staff:alice"));
    EXPECT_TRUE(label.contains(QStringLiteral("agent"))) << qPrintable(label);
    EXPECT_TRUE(label.contains(window().user().displayName.toHtmlEscaped())) << qPrintable(label);
    waitForOrders();
}

TEST_F(DeskWidgetTest, AWrongPasswordIsExplainedInTheDialog)
{
    SignInDialog *dialog = window().showSignIn(s_omsd->address());
    dialog->setUsingToken(false);
    dialog->findChild<QLineEdit *>(QStringLiteral("userName"))->setText(QStringLiteral("alice"));
    dialog->findChild<QLineEdit *>(QStringLiteral("password"))->setText(QStringLiteral("not-her-password"));
    dialog->submit();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !dialog->isBusy(); }, kTimeoutMs));
    EXPECT_TRUE(dialog->errorText().contains(QStringLiteral("user name or password is wrong")))
            << qPrintable(dialog->errorText());
    EXPECT_TRUE(dialog->isVisible());
}

TEST_F(DeskWidgetTest, SignInShowsWhoIsSignedInAndTheirRole)
{
    signIn(QStringLiteral("demo-supervisor-token"));
    const QString label = window().findChild<QLabel *>(QStringLiteral("signedInAs"))->text();
    EXPECT_FALSE(window().user().displayName.isEmpty());
    EXPECT_TRUE(label.contains(window().user().displayName.toHtmlEscaped())) << qPrintable(label);
    EXPECT_TRUE(label.contains(QStringLiteral("supervisor"))) << qPrintable(label);
    EXPECT_EQ(window().user().role, QStringLiteral("supervisor"));
    // "Remember" is ticked by default: the next start is prefilled.
    EXPECT_EQ(desk->credentials.serverAddress(), s_omsd->address());
    EXPECT_EQ(desk->credentials.token(), QStringLiteral("demo-supervisor-token"));
}

TEST_F(DeskWidgetTest, TheWindowReopensWithTheSizeItWasClosedWith)
{
    window().resize(1000, 640);
    window().close();
    DeskUnderTest again;
    again.window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(again.window.get()));
    EXPECT_EQ(again.window->size(), QSize(1000, 640));
}

TEST_F(DeskWidgetTest, FollowsADarkPalette)
{
    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    const QPalette light = QApplication::palette();
    DeskTheme::setPalette(*app, DeskTheme::darkPalette());
    QTableView *table = window().searchView()->table();
    EXPECT_TRUE(DeskTheme::isDark(window().palette()));
    EXPECT_LT(table->palette().color(QPalette::Base).lightness(), 128);
    EXPECT_TRUE(app->styleSheet().contains(DeskTheme::toneBackground(Tone::Bad, DeskTheme::darkPalette()).name()));
    DeskTheme::setPalette(*app, light);
    EXPECT_FALSE(DeskTheme::isDark(window().palette()));
}

TEST_F(DeskWidgetTest, AWrongTokenIsExplainedInTheDialogThatAskedForIt)
{
    SignInDialog *dialog = window().showSignIn(s_omsd->address(), QStringLiteral("not-a-token"));
    dialog->submit();
    ASSERT_TRUE(QTest::qWaitFor([dialog] { return !dialog->errorText().isEmpty(); }, kTimeoutMs));
    EXPECT_TRUE(dialog->errorText().contains(QStringLiteral("did not accept your token")))
            << qPrintable(dialog->errorText());
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_FALSE(window().isSignedIn());
}

TEST_F(DeskWidgetTest, AnAddressWithoutAServerIsExplainedInTheDialog)
{
    SignInDialog *dialog = window().showSignIn(QStringLiteral("127.0.0.1:%1").arg(freePort()),
                                               QStringLiteral("demo-agent-token"));
    dialog->submit();
    ASSERT_TRUE(QTest::qWaitFor([dialog] { return !dialog->errorText().isEmpty(); }, kTimeoutMs));
    EXPECT_TRUE(dialog->errorText().contains(QStringLiteral("cannot be reached")))
            << qPrintable(dialog->errorText());
}

TEST_F(DeskWidgetTest, SearchByACustomersEmailThenOpenTheOrderShowsItsLinesAndTimeline)
{
    signIn(QStringLiteral("demo-agent-token"));
    waitForOrders();
    OrderSearchView *search = window().searchView();
    const QString email = search->model()->index(0, OrderSearchModel::EmailColumn).data().toString();
    ASSERT_FALSE(email.isEmpty());

    auto *emailEdit = search->findChild<QLineEdit *>(QStringLiteral("email"));
    QTest::keyClicks(emailEdit, email);
    QSignalSpy pages(search->model(), &OrderSearchModel::pageLoaded);
    QTest::keyClick(emailEdit, Qt::Key_Return);
    ASSERT_TRUE(pages.wait(kTimeoutMs));
    OrderSearchModel *model = search->model();
    ASSERT_GT(model->rowCount(), 0);
    for (int row = 0; row < model->rowCount(); ++row)
        ASSERT_EQ(model->index(row, OrderSearchModel::EmailColumn).data().toString().toLower(), email.toLower());
    const QString number = model->orderNumber(0);

    OrderDetailView *detail = openFirstOrderWithKeyboard();
    ASSERT_NE(detail, nullptr) << "Enter in the results opens the order";
    QSignalSpy loaded(detail->document(), &OrderDocument::loaded);
    ASSERT_TRUE(loaded.wait(kTimeoutMs)) << qPrintable(detail->document()->lastError().message());
    EXPECT_EQ(detail->findChild<QLabel *>(QStringLiteral("orderNumber"))->text(), number);
    EXPECT_EQ(window().tabs()->tabText(window().tabs()->currentIndex()), number);
    ASSERT_GT(detail->linesTable()->model()->rowCount(), 0);
    EXPECT_FALSE(detail->linesTable()->model()->index(0, OrderLineModel::SkuColumn).data().toString().isEmpty());
    ASSERT_GT(detail->timelineTable()->model()->rowCount(), 0);
    EXPECT_FALSE(detail->timelineTable()->model()->index(0, OrderEventModel::EventColumn).data().toString().isEmpty());
    EXPECT_TRUE(detail->findChild<QLabel *>(QStringLiteral("customer"))->text().contains(email, Qt::CaseInsensitive));
    EXPECT_FALSE(detail->findChild<QLabel *>(QStringLiteral("total"))->text().isEmpty());
}

TEST_F(DeskWidgetTest, CtrlFPutsTheKeyboardInTheOrderNumberField)
{
    signIn(QStringLiteral("demo-agent-token"));
    window().showStock();
    window().activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window()));
    QTest::keyClick(&window(), Qt::Key_F, Qt::ControlModifier);
    // Focus moves through the event loop; under a loaded machine it may take
    // a moment to arrive.
    EXPECT_TRUE(QTest::qWaitFor([] {
        return QApplication::focusWidget() != nullptr
            && QApplication::focusWidget()->objectName() == QStringLiteral("orderNumber");
    }, 5000));
    EXPECT_EQ(window().tabs()->currentWidget(), window().searchView());
}

TEST_F(DeskWidgetTest, SeveralOrdersOpenAtOnceAndReopeningSwitchesToItsTab)
{
    signIn(QStringLiteral("demo-agent-token"));
    waitForOrders();
    OrderSearchModel *model = window().searchView()->model();
    ASSERT_GE(model->rowCount(), 2);
    OrderDetailView *first = window().openOrder(model->orderId(0), model->orderNumber(0));
    OrderDetailView *second = window().openOrder(model->orderId(1), model->orderNumber(1));
    EXPECT_NE(first, second);
    EXPECT_EQ(window().orderViews().size(), 2);
    ASSERT_TRUE(QTest::qWaitFor([&] { return first->document()->isLoaded() && second->document()->isLoaded(); },
                                kTimeoutMs));
    QSignalSpy reloaded(first->document(), &OrderDocument::loaded);
    EXPECT_EQ(window().openOrder(model->orderId(0)), first);
    EXPECT_EQ(window().currentOrderView(), first);
    EXPECT_EQ(window().orderViews().size(), 2);
    EXPECT_TRUE(reloaded.wait(kTimeoutMs)) << "reopening refreshes";
}

TEST_F(DeskWidgetTest, TheCustomerPanelShowsStoreCreditAndWalletBalances)
{
    signIn(QStringLiteral("demo-agent-token"));
    waitForOrders();
    OrderDetailView *detail = openFirstOrderWithKeyboard();
    ASSERT_NE(detail, nullptr);
    ASSERT_TRUE(QSignalSpy(detail->document(), &OrderDocument::loaded).wait(kTimeoutMs));
    auto *button = detail->findChild<QPushButton *>(QStringLiteral("showCustomer"));
    ASSERT_TRUE(button->isEnabled()) << "demo orders have a customer";
    QSignalSpy loaded(detail->customerPanel()->card(), &CustomerCard::loaded);
    QTest::mouseClick(button, Qt::LeftButton);
    ASSERT_TRUE(loaded.wait(kTimeoutMs)) << qPrintable(detail->customerPanel()->card()->lastError().message());
    EXPECT_TRUE(detail->customerPanel()->isVisible());
    const QString credit = detail->customerPanel()->findChild<QLabel *>(QStringLiteral("storeCredit"))->text();
    const QString wallet = detail->customerPanel()->findChild<QLabel *>(QStringLiteral("wallet"))->text();
    EXPECT_FALSE(credit.isEmpty());
    EXPECT_NE(credit, QStringLiteral("—"));
    EXPECT_NE(wallet, QStringLiteral("—"));
}

TEST_F(DeskWidgetTest, TheStockTableFillsAndFiltersByRegion)
{
    signIn(QStringLiteral("demo-warehouse-token"));
    window().showStock();
    StockView *stock = window().stockView();
    ASSERT_TRUE(QTest::qWaitFor([stock] { return stock->proxy()->rowCount() > 0; }, kTimeoutMs))
            << qPrintable(stock->model()->lastError().message());
    ASSERT_TRUE(QTest::qWaitFor([&] { return window().nodes()->regions().contains(QStringLiteral("US1")); },
                                kTimeoutMs));
    stock->setRegionFilter(QStringLiteral("US1"));
    ASSERT_TRUE(QTest::qWaitFor([stock] { return stock->model()->regionFilter() == QStringLiteral("US1")
                                                 && !stock->model()->isBusy(); },
                                kTimeoutMs));
    ASSERT_GT(stock->proxy()->rowCount(), 0);
    for (int row = 0; row < stock->proxy()->rowCount(); ++row)
        ASSERT_EQ(stock->proxy()->index(row, StockModel::RegionColumn).data().toString(), QStringLiteral("US1"));

    const QString sku = stock->proxy()->index(0, StockModel::SkuColumn).data().toString();
    stock->setSkuFilter(sku.left(sku.size() - 1));
    EXPECT_GT(stock->proxy()->rowCount(), 0);
    for (int row = 0; row < stock->proxy()->rowCount(); ++row)
        ASSERT_TRUE(stock->proxy()->index(row, StockModel::SkuColumn).data().toString().contains(sku.left(sku.size() - 1)));
}

TEST_F(DeskWidgetTest, ExportWritesEveryResultAsCsv)
{
    signIn(QStringLiteral("demo-agent-token"));
    waitForOrders();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("orders.csv"));
    QSignalSpy finished(window().searchView(), &OrderSearchView::exportFinished);
    window().searchView()->exportCsv(path);
    // With every page already loaded the export finishes at once.
    ASSERT_TRUE(!finished.isEmpty() || finished.wait(kTimeoutMs));
    ASSERT_TRUE(finished.first().first().toBool()) << qPrintable(finished.first().at(1).toString());
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    EXPECT_EQ(lines.size(), window().searchView()->model()->rowCount() + 1);
    EXPECT_TRUE(lines.first().startsWith(QStringLiteral("Order,Created,Customer")));
    EXPECT_FALSE(window().searchView()->model()->hasMore());
}

TEST_F(DeskWidgetTest, AfterAServerRestartTheClientRecoversByItselfAndKeepsTheTypedFilters)
{
    // A server of its own: this test kills it.
    OmsdProcess omsd;
    QString error;
    ASSERT_TRUE(omsd.start(&error)) << qPrintable(error);
    ASSERT_TRUE(omsd.ensureOrders(&error)) << qPrintable(error);
    SignInDialog *dialog = window().showSignIn(omsd.address(), QStringLiteral("demo-agent-token"));
    QSignalSpy signedIn(&window(), &MainWindow::signedIn);
    dialog->submit();
    ASSERT_TRUE(signedIn.wait(kTimeoutMs));
    waitForOrders();
    OrderSearchView *search = window().searchView();
    OrderSearchModel *model = search->model();
    const QString email = model->index(0, OrderSearchModel::EmailColumn).data().toString();
    auto *emailEdit = search->findChild<QLineEdit *>(QStringLiteral("email"));
    QTest::keyClicks(emailEdit, email);

    omsd.kill();
    QTest::keyClick(emailEdit, Qt::Key_Return);
    auto *errorLabel = search->findChild<QLabel *>(QStringLiteral("searchError"));
    ASSERT_TRUE(QTest::qWaitFor([errorLabel] { return errorLabel->isVisible(); }, kTimeoutMs));
    EXPECT_TRUE(errorLabel->text().contains(QStringLiteral("cannot be reached"))) << qPrintable(errorLabel->text());
    EXPECT_EQ(model->rowCount(), 0);

    ASSERT_TRUE(omsd.start(&error, omsd.port())) << qPrintable(error);
    ASSERT_TRUE(QTest::qWaitFor([model] { return model->rowCount() > 0; }, kTimeoutMs))
            << "the search is retried without the user doing anything";
    EXPECT_FALSE(errorLabel->isVisible());
    EXPECT_EQ(emailEdit->text(), email);
    for (int row = 0; row < model->rowCount(); ++row)
        ASSERT_EQ(model->index(row, OrderSearchModel::EmailColumn).data().toString().toLower(), email.toLower());
}
