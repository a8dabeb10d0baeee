#pragma once

// The fixture of the tests that drive the real window against a real omsd
// (desk_widget_tests): one omsd --demo per test suite (with oms-partners as
// its card gateway when built, see test_support.h), a fresh DeskUnderTest per
// test, and the steps a user takes: sign in with a token, wait for orders,
// open one. Suites that need their own server derive from it.

#include "desk_fixture.h"
#include "test_support.h"

#include "models/order_search_model.h"
#include "views/main_window.h"
#include "views/order_search_view.h"
#include "views/sign_in_dialog.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <gtest/gtest.h>

#include <memory>

inline constexpr int kTimeoutMs = 20000;

class DeskWidgetTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_omsd = new OmsdProcess;
        QString error;
        if (!s_omsd->start(&error) || !s_omsd->ensureOrders(&error))
            s_startError = new QString(error);
    }
    static void TearDownTestSuite()
    {
        delete s_omsd;
        s_omsd = nullptr;
    }

    void SetUp() override
    {
        ASSERT_EQ(s_startError, nullptr) << qPrintable(*s_startError);
        desk = std::make_unique<DeskUnderTest>();
        desk->window->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(desk->window.get()));
    }

    MainWindow &window() { return *desk->window; }

    // Ticks "Use a service token instead", types the token into the dialog
    // and presses Sign in, as a user does.
    void signIn(const QString &token)
    {
        SignInDialog *dialog = window().showSignIn(s_omsd->address());
        auto *useToken = dialog->findChild<QCheckBox *>(QStringLiteral("useToken"));
        if (!useToken->isChecked())
            QTest::mouseClick(useToken, Qt::LeftButton, {}, QPoint(8, useToken->height() / 2));
        ASSERT_TRUE(dialog->isUsingToken());
        auto *tokenEdit = dialog->findChild<QLineEdit *>(QStringLiteral("token"));
        tokenEdit->clear();
        QTest::keyClicks(tokenEdit, token);
        QSignalSpy signedIn(&window(), &MainWindow::signedIn);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("signIn")), Qt::LeftButton);
        ASSERT_TRUE(signedIn.wait(kTimeoutMs)) << qPrintable(dialog->errorText());
        // The dialog deletes itself once closed. Until then the offscreen
        // platform may still report it as the active window (its activation
        // can arrive after a fast sign-in hid it), and shortcuts would go to it.
        ASSERT_TRUE(QTest::qWaitFor([&] { return window().signInDialog() == nullptr; }, kTimeoutMs));
    }

    // After sign-in the newest orders are listed. omsd may still be placing
    // its demo orders when it starts listening: an empty answer is asked
    // again (F5) once a second, as a user would.
    void waitForOrders()
    {
        OrderSearchModel *model = window().searchView()->model();
        QElapsedTimer sinceAsked;
        sinceAsked.start();
        ASSERT_TRUE(QTest::qWaitFor(
                [&] {
                    if (!model->isBusy() && model->rowCount() == 0 && sinceAsked.elapsed() > 1000) {
                        model->refresh();
                        sinceAsked.restart();
                    }
                    return !model->isBusy() && model->rowCount() > 0;
                },
                kTimeoutMs))
                << "omsd --demo should have placed demo orders";
    }

    OrderDetailView *openFirstOrderWithKeyboard()
    {
        QTableView *table = window().searchView()->table();
        table->setFocus();
        table->selectRow(0);
        QTest::keyClick(table, Qt::Key_Return);
        return window().currentOrderView();
    }

    static inline OmsdProcess *s_omsd = nullptr;
    static inline QString *s_startError = nullptr;
    std::unique_ptr<DeskUnderTest> desk;
};
