#pragma once

#include "services/catalog_client.h"
#include "services/credential_store.h"
#include "services/customer_client.h"
#include "services/desk_services.h"
#include "services/fulfillment_client.h"
#include "services/grpc_connection.h"
#include "services/intent_keys.h"
#include "services/inventory_client.h"
#include "services/node_client.h"
#include "services/order_client.h"
#include "services/payment_client.h"
#include "services/return_client.h"
#include "services/session_client.h"

#include <QString>

// Every service of the desk on one connection, owned together: the
// composition main.cpp makes, and the tests make the same way. The token
// and intent files default (empty) to the user's standard locations; tests
// put them in a temporary folder. Build the views from services() and
// destroy them before this.
struct DeskClients
{
    explicit DeskClients(const QString &tokenFile = {}, const QString &intentsFile = {})
        : credentials(tokenFile), intents(intentsFile)
    {
    }
    DeskClients(const DeskClients &) = delete;
    DeskClients &operator=(const DeskClients &) = delete;

    DeskServices services()
    {
        return {.connection = &connection,
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
    }

    GrpcConnection connection;
    SessionClient session{&connection};
    OrderClient orders{&connection};
    InventoryClient inventory{&connection};
    CustomerClient customers{&connection};
    NodeClient nodes{&connection};
    CredentialStore credentials;
    IntentKeys intents;
    PaymentClient payments{&connection};
    ReturnClient returns{&connection};
    CatalogClient catalog{&connection};
    FulfillmentClient fulfillment{&connection};
};
