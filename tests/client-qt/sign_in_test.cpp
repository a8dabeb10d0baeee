// Signing in with a user name and password, offscreen, with the real window
// against the fake server: the dialog, its errors, the refresh of the access
// token in the background, a session that ends, sign out, remember me.

#include "desk_fixture.h"
#include "fake_oms_server.h"

#include "models/order_document.h"
#include "models/order_search_model.h"
#include "views/order_detail_view.h"
#include "views/order_search_view.h"
#include "views/sign_in_dialog.h"

#include <QCheckBox>
#include <QDateTime>
#include <QLocale>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include <gtest/gtest.h>

namespace {

constexpr int kTimeoutMs = 10000;

class SignInTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QSettings().clear();
        desk = std::make_unique<DeskUnderTest>();
        desk->window->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(desk->window.get()));
    }

    MainWindow &window() { return *desk->window; }

    // Types the name and password into the dialog and presses Sign in.
    SignInDialog *submit(const QString &userName, const QString &password)
    {
        SignInDialog *dialog = window().showSignIn(server.address());
        dialog->setUsingToken(false);
        auto *user = dialog->findChild<QLineEdit *>(QStringLiteral("userName"));
        auto *pass = dialog->findChild<QLineEdit *>(QStringLiteral("password"));
        user->clear();
        QTest::keyClicks(user, userName);
        pass->clear();
        QTest::keyClicks(pass, password);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("signIn")), Qt::LeftButton);
        return dialog;
    }

    void signIn()
    {
        QSignalSpy signedIn(&window(), &MainWindow::signedIn);
        SignInDialog *dialog = submit(QString::fromLatin1(FakeOmsServer::kUserName),
                                      QString::fromLatin1(FakeOmsServer::kPassword));
        ASSERT_TRUE(signedIn.wait(kTimeoutMs)) << qPrintable(dialog->errorText());
    }

    // Waits until the dialog is idle again and returns what it says.
    QString errorAfterSubmit(SignInDialog *dialog)
    {
        EXPECT_TRUE(QTest::qWaitFor([&] { return !dialog->isBusy(); }, kTimeoutMs));
        return dialog->errorText();
    }

    // Reloads the search and says whether the server accepted it.
    bool searchSucceeds()
    {
        OrderSearchModel *model = window().searchView()->model();
        model->refresh();
        if (!QTest::qWaitFor([&] { return !model->isBusy(); }, kTimeoutMs))
            return false;
        return !model->lastError().isError() && model->rowCount() > 0;
    }

    FakeOmsServer server{10};
    std::unique_ptr<DeskUnderTest> desk;
};

} // namespace

TEST_F(SignInTest, NameAndPasswordReachTheWindowWithTheUsersNameAndRole)
{
    signIn();
    const QString label = window().findChild<QLabel *>(QStringLiteral("signedInAs"))->text();
    EXPECT_TRUE(label.contains(QStringLiteral("Tess Tester"))) << qPrintable(label);
    EXPECT_TRUE(label.contains(QStringLiteral("agent"))) << qPrintable(label);
    EXPECT_TRUE(label.contains(QStringLiteral("EU1"))) << qPrintable(label);
    EXPECT_EQ(server.seen().loginCalls, 1);
    EXPECT_TRUE(searchSucceeds());
    EXPECT_EQ(server.seen().authorization, "Bearer fake-access-1");
}

TEST_F(SignInTest, ThePasswordIsMasked)
{
    SignInDialog *dialog = window().showSignIn(server.address());
    dialog->setUsingToken(false);
    EXPECT_EQ(dialog->findChild<QLineEdit *>(QStringLiteral("password"))->echoMode(),
              QLineEdit::Password);
}

TEST_F(SignInTest, AWrongPasswordIsExplainedInTheDialogWhichStaysOpen)
{
    SignInDialog *dialog = submit(QString::fromLatin1(FakeOmsServer::kUserName), QStringLiteral("nope"));
    const QString error = errorAfterSubmit(dialog);
    EXPECT_TRUE(error.contains(QStringLiteral("user name or password is wrong"))) << qPrintable(error);
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_FALSE(window().isSignedIn());
}

TEST_F(SignInTest, AnUnknownUserGetsTheSameMessageAsAWrongPassword)
{
    SignInDialog *dialog = submit(QStringLiteral("nobody"), QStringLiteral("nope"));
    const QString unknown = errorAfterSubmit(dialog);
    dialog = submit(QString::fromLatin1(FakeOmsServer::kUserName), QStringLiteral("nope"));
    EXPECT_EQ(errorAfterSubmit(dialog), unknown);
}

TEST_F(SignInTest, ALockedAccountSaysUntilWhen)
{
    SignInDialog *dialog = submit(QString::fromLatin1(FakeOmsServer::kLockedUser), QStringLiteral("x"));
    const QString error = errorAfterSubmit(dialog);
    EXPECT_TRUE(error.contains(QStringLiteral("locked until"))) << qPrintable(error);
    // The fake locks lou until 2030-01-02 10:30:00 UTC; the dialog says it in local time.
    const QDateTime until(QDate(2030, 1, 2), QTime(10, 30), Qt::UTC);
    EXPECT_TRUE(error.contains(QLocale().toString(until.toLocalTime(), QLocale::ShortFormat)))
            << qPrintable(error);
}

TEST_F(SignInTest, ADisabledAccountIsExplained)
{
    SignInDialog *dialog = submit(QString::fromLatin1(FakeOmsServer::kDisabledUser), QStringLiteral("x"));
    const QString error = errorAfterSubmit(dialog);
    EXPECT_TRUE(error.contains(QStringLiteral("disabled"))) << qPrintable(error);
}

TEST_F(SignInTest, AnUnreachableServerIsExplained)
{
    SignInDialog *dialog = window().showSignIn(QStringLiteral("127.0.0.1:%1").arg(freePort()));
    dialog->setUsingToken(false);
    dialog->findChild<QLineEdit *>(QStringLiteral("userName"))->setText(QStringLiteral("tess"));
    dialog->findChild<QLineEdit *>(QStringLiteral("password"))->setText(QStringLiteral("x"));
    dialog->submit();
    const QString error = errorAfterSubmit(dialog);
    EXPECT_TRUE(error.contains(QStringLiteral("cannot be reached"))) << qPrintable(error);
}

TEST_F(SignInTest, SeveralRegionsMustBeGivenAsAddressesAndTheOneThatCannotBeIsNamed)
{
    SignInDialog *dialog = window().showSignIn(QStringLiteral("omsd.eu1.example:50051,%1").arg(server.address()));
    dialog->setUsingToken(false);
    dialog->findChild<QLineEdit *>(QStringLiteral("userName"))->setText(QStringLiteral("tess"));
    dialog->findChild<QLineEdit *>(QStringLiteral("password"))->setText(QStringLiteral("x"));
    dialog->submit();
    EXPECT_TRUE(dialog->errorText().contains(QStringLiteral("'omsd.eu1.example:50051'"))) << qPrintable(dialog->errorText());
    EXPECT_TRUE(dialog->isVisible());
}

TEST_F(SignInTest, TheAccessTokenIsRefreshedBeforeItExpiresAndCallsGoOn)
{
    server.accessLifetimeMs = 2000;
    signIn();
    QSignalSpy refreshed(&desk->session, &SessionClient::refreshed);
    // The first refresh is due before the first token's 2 s are over; the
    // second one after that, so by then the first token has expired.
    ASSERT_TRUE(QTest::qWaitFor([&] { return refreshed.count() >= 2; }, kTimeoutMs));
    EXPECT_GE(server.seen().refreshCalls, 2);
    EXPECT_TRUE(searchSucceeds()) << qPrintable(window().searchView()->model()->lastError().message());
    EXPECT_NE(server.seen().authorization, "Bearer fake-access-1");
    EXPECT_FALSE(window().signInDialog() && window().signInDialog()->isVisible());
}

TEST_F(SignInTest, ARefreshThatCannotReachTheServerIsRetried)
{
    server.accessLifetimeMs = 2000;
    signIn();
    ASSERT_TRUE(searchSucceeds()); // nothing else in flight to take the failure
    server.failNext(grpc::StatusCode::UNAVAILABLE);
    QSignalSpy refreshed(&desk->session, &SessionClient::refreshed);
    ASSERT_TRUE(refreshed.wait(kTimeoutMs));
    EXPECT_GE(server.seen().refreshCalls, 2) << "the first attempt failed";
    EXPECT_TRUE(searchSucceeds());
    EXPECT_FALSE(window().signInDialog() && window().signInDialog()->isVisible());
}

TEST_F(SignInTest, ARefusedRefreshAsksToSignInAgainAndKeepsTheOpenTabs)
{
    server.accessLifetimeMs = 2000;
    signIn();
    window().openOrder(QString::fromStdString(FakeOmsServer::summary(3).order_id()));
    const int tabs = window().tabs()->count();
    server.refuseRefresh = true;
    ASSERT_TRUE(QTest::qWaitFor(
            [&] { return window().signInDialog() && window().signInDialog()->isVisible(); }, kTimeoutMs));
    SignInDialog *dialog = window().signInDialog();
    EXPECT_TRUE(dialog->errorText().contains(QStringLiteral("Sign in again"))) << qPrintable(dialog->errorText());
    EXPECT_EQ(dialog->userName(), QString::fromLatin1(FakeOmsServer::kUserName));
    EXPECT_EQ(window().tabs()->count(), tabs);

    server.refuseRefresh = false;
    signIn();
    EXPECT_EQ(window().tabs()->count(), tabs);
    EXPECT_TRUE(searchSucceeds());
}

TEST_F(SignInTest, SignOutRevokesTheSessionOnTheServer)
{
    signIn();
    window().signOut();
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.seen().logoutCalls == 1; }, kTimeoutMs));
    EXPECT_EQ(server.seen().loggedOutRefreshToken, "fake-refresh-1");
    EXPECT_FALSE(window().isSignedIn());
    ASSERT_NE(window().signInDialog(), nullptr);
    EXPECT_TRUE(window().signInDialog()->isVisible());
    EXPECT_FALSE(desk->session.hasPasswordSession());
}

TEST_F(SignInTest, RememberMeKeepsTheAddressAndUserNameButNeverThePassword)
{
    signIn();
    EXPECT_EQ(desk->credentials.userName(), QString::fromLatin1(FakeOmsServer::kUserName));
    EXPECT_EQ(desk->credentials.serverAddress(), server.address());
    EXPECT_FALSE(QFile::exists(desk->credentials.tokenFile()));
    QSettings settings;
    for (const QString &key : settings.allKeys())
        EXPECT_FALSE(settings.value(key).toString().contains(QString::fromLatin1(FakeOmsServer::kPassword)))
                << qPrintable(key);

    SignInDialog dialog(&desk->session, &desk->credentials);
    EXPECT_FALSE(dialog.isUsingToken());
    EXPECT_EQ(dialog.userName(), QString::fromLatin1(FakeOmsServer::kUserName));
    EXPECT_TRUE(dialog.findChild<QLineEdit *>(QStringLiteral("password"))->text().isEmpty());
}

TEST_F(SignInTest, AServiceTokenStillSignsIn)
{
    SignInDialog *dialog = window().showSignIn(server.address(), QString::fromLatin1(FakeOmsServer::kToken));
    EXPECT_TRUE(dialog->isUsingToken());
    QSignalSpy signedIn(&window(), &MainWindow::signedIn);
    dialog->submit();
    ASSERT_TRUE(signedIn.wait(kTimeoutMs)) << qPrintable(dialog->errorText());
    EXPECT_EQ(server.seen().loginCalls, 0);
    EXPECT_FALSE(desk->session.hasPasswordSession());
}

TEST_F(SignInTest, ATokenWithCharactersAHeaderCannotCarryIsExplainedNotSent)
{
    SignInDialog *dialog = window().showSignIn(server.address(), QStringLiteral("abc d\u00e9f"));
    EXPECT_TRUE(dialog->isUsingToken());
    dialog->submit();
    EXPECT_FALSE(dialog->isBusy()) << "nothing is sent";
    EXPECT_TRUE(dialog->errorText().contains(QStringLiteral("copy it again")))
        << qPrintable(dialog->errorText());
    EXPECT_FALSE(window().isSignedIn());
}

TEST_F(SignInTest, SigningOutOfATokenSessionLeavesTheTokenAlone)
{
    SignInDialog *dialog = window().showSignIn(server.address(), QString::fromLatin1(FakeOmsServer::kToken));
    QSignalSpy signedIn(&window(), &MainWindow::signedIn);
    dialog->submit();
    ASSERT_TRUE(signedIn.wait(kTimeoutMs)) << qPrintable(dialog->errorText());
    // The first search may still be running; a Logout would add one call
    // (calls are counted when they start, and nothing finishes meanwhile
    // because the event loop does not run).
    const int before = desk->connection.callsInFlight();
    window().signOut();
    EXPECT_FALSE(window().isSignedIn());
    EXPECT_FALSE(desk->connection.hasToken());
    EXPECT_EQ(desk->connection.callsInFlight(), before) << "no Logout for a service token";
}
