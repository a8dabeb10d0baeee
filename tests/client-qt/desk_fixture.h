#pragma once

#include "test_support.h"

#include "services/desk_clients.h"
#include "views/main_window.h"

#include <QTemporaryDir>

#include <memory>

// The composition main.cpp makes (DeskClients), for tests: the token and
// intent files in a temporary folder, and the main window.
struct DeskConfigDir
{
    QTemporaryDir configDir;
};

struct DeskUnderTest : DeskConfigDir, DeskClients
{
    DeskUnderTest()
        : DeskClients(configDir.filePath(QStringLiteral("token")),
                      configDir.filePath(QStringLiteral("intents.json")))
    {
    }
    std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>(services());

    ~DeskUnderTest() { window.reset(); } // before the services, as in main.cpp
};
