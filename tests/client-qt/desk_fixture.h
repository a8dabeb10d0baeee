#pragma once

#include "test_support.h"

#include "services/catalog_client.h"
#include "services/credential_store.h"
#include "services/customer_client.h"
#include "services/desk_services.h"
#include "services/fulfillment_client.h"
#include "services/intent_keys.h"
#include "services/grpc_connection.h"
#include "services/inventory_client.h"
#include "services/node_client.h"
#include "services/order_client.h"
#include "services/session_client.h"
#include "services/payment_client.h"
#include "services/return_client.h"
#include "views/main_window.h"

#include <QTemporaryDir>

#include <memory>

// The composition main.cpp makes, for tests: every service on one
// connection, a token file in a temporary folder, and the main window.
struct DeskUnderTest
{
    QTemporaryDir configDir;
    GrpcConnection connection;
    SessionClient session{&connection};
    OrderClient orders{&connection};
    InventoryClient inventory{&connection};
    CustomerClient customers{&connection};
    NodeClient nodes{&connection};
    CredentialStore credentials{configDir.filePath(QStringLiteral("token"))};
    IntentKeys intents{configDir.filePath(QStringLiteral("intents.json"))};
    PaymentClient payments{&connection};
    ReturnClient returns{&connection};
    CatalogClient catalog{&connection};
    FulfillmentClient fulfillment{&connection};
    DeskServices services{.connection = &connection,
                          .session = &session,
                          .orders = &orders,
                          .inventory = &inventory,
                          .customers = &customers,
                          .nodes = &nodes,
                          .credentials = &credentials,
                          .intents = &intents,
                          .catalog = &catalog,
                          .fulfillment = &fulfillment,
                          .payments = &payments,
                          .returns = &returns};
    std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>(services);

    ~DeskUnderTest() { window.reset(); } // before the services, as in main.cpp
};
