// main() of every oms-desk test binary: offscreen Qt before the application
// exists (so gtest_discover_tests runs without a display), settings and the
// token file in QStandardPaths' test locations, then gtest.

#include "views/desk_theme.h"

#include <QApplication>
#include <QStandardPaths>

#include <gtest/gtest.h>

namespace {

QtMessageHandler g_defaultHandler = nullptr;

// The offscreen platform says this for every window; it is noise, not news.
void quietOffscreen(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("does not support propagateSizeHints")))
        return;
    g_defaultHandler(type, context, message);
}

} // namespace

int main(int argc, char **argv)
{
    g_defaultHandler = qInstallMessageHandler(quietOffscreen);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("oms-test"));
    QApplication::setApplicationName(QStringLiteral("oms-desk-test"));
    DeskTheme::apply(app);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
