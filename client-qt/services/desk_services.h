#pragma once

class CatalogClient;
class CredentialStore;
class CustomerClient;
class FulfillmentClient;
class GrpcConnection;
class IntentKeys;
class InventoryClient;
class NodeClient;
class OrderClient;
class PaymentClient;
class ReturnClient;
class SessionClient;

// The services the views are built with, owned by DeskClients
// (desk_clients.h, made once by main.cpp) and handed down through
// constructors. Not owned here.
struct DeskServices
{
    GrpcConnection *connection = nullptr;
    SessionClient *session = nullptr;
    OrderClient *orders = nullptr;
    InventoryClient *inventory = nullptr;
    CustomerClient *customers = nullptr;
    NodeClient *nodes = nullptr;
    CredentialStore *credentials = nullptr;
    IntentKeys *intents = nullptr;
    CatalogClient *catalog = nullptr;
    FulfillmentClient *fulfillment = nullptr;
    PaymentClient *payments = nullptr;
    ReturnClient *returns = nullptr;
};
