// main() of every oms-desk test binary: offscreen Qt before the application
// exists (so gtest_discover_tests runs without a display), settings and the
// token file in QStandardPaths' test locations, then gtest.

#include "views/desk_theme.h"

#include <QApplication>
#include <QStandardPaths>

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("oms-test"));
    QApplication::setApplicationName(QStringLiteral("oms-desk-test"));
    DeskTheme::apply(app);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
