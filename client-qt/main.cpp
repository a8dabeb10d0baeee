// oms-desk: the composition root. Creates the services, the window, and
// wires them; everything else lives in oms_desk_lib.

#include "services/desk_clients.h"
#include "views/desk_theme.h"
#include "views/main_window.h"
#include "views/screenshot_tour.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("oms"));
    QApplication::setApplicationName(QStringLiteral("oms-desk"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setWindowIcon(DeskTheme::appIcon());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The desktop client of the order management system."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(QStringLiteral("server"),
                                    QStringLiteral("Server address to prefill, host:port."),
                                    QStringLiteral("address"));
    const QCommandLineOption token(QStringLiteral("token"),
                                   QStringLiteral("Sign in with this service token instead of a "
                                                  "name and password (prefer the remembered one: "
                                                  "command lines are visible to other users)."),
                                   QStringLiteral("token"));
    const QCommandLineOption screenshots(
            QStringLiteral("screenshots"),
            QStringLiteral("Sign in with --server and --token, visit every view, write PNGs "
                           "into <dir> and exit (non-zero if a view stays empty)."),
            QStringLiteral("dir"));
    const QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Start with a dark palette."));
    parser.addOptions({server, token, screenshots, dark});
    parser.process(app);

    if (parser.isSet(dark))
        DeskTheme::setPalette(app, DeskTheme::darkPalette());
    else
        DeskTheme::apply(app);

    // Declared before the window, so destroyed after it: the window's models
    // cancel their calls first, then the connection waits for the callbacks.
    DeskClients clients;
    MainWindow window(clients.services());

    if (parser.isSet(screenshots)) {
        auto *tour = new ScreenshotTour(&window, parser.value(screenshots), parser.value(server),
                                        parser.value(token), &app);
        QObject::connect(tour, &ScreenshotTour::finished, &app, &QCoreApplication::exit);
        tour->start();
        return app.exec();
    }

    window.show();
    window.showSignIn(parser.value(server), parser.value(token));
    return app.exec();
}
