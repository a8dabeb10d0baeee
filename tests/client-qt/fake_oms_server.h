#pragma once

#include "oms/v1/customer_service.grpc.pb.h"
#include "oms/v1/inventory_service.grpc.pb.h"
#include "oms/v1/node_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "oms/v1/session_service.grpc.pb.h"

#include <grpcpp/server.h>

#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

// A small in-process omsd stand-in for the model, service and view tests:
// canned orders (paged by offset, filtered by email and status), stock,
// nodes, one customer, WhoAmI, and Login/Refresh/Logout for kUserName with
// kPassword (access tokens live accessLifetimeMs; kLockedUser is locked,
// kDisabledUser disabled, whatever the password). Even-numbered orders are split: line 1 ships
// from EU1-WH1 (S1, shipped by DHL, kTrackingId), line 2 from EU1-ST1 (S2,
// picking, on an address-check hold), each allocation and shipment with its
// routing reason; odd-numbered orders have no shipments yet. It can answer
// late (delayMs) and fail on demand, and it records what the client sent.
// Runs on its own gRPC threads.
class FakeOmsServer final : public oms::v1::OrderService::Service,
                            public oms::v1::InventoryService::Service,
                            public oms::v1::NodeService::Service,
                            public oms::v1::CustomerService::Service,
                            public oms::v1::SessionService::Service
{
public:
    static constexpr const char *kToken = "fake-token";
    static constexpr const char *kUserName = "tess";
    static constexpr const char *kPassword = "tess-secret";
    static constexpr const char *kLockedUser = "lou";
    static constexpr const char *kDisabledUser = "dee";
    static constexpr const char *kTrackingId = "JD014600006281234567";
    static constexpr const char *kWarehouseReason = "nearest node holding SKU-1, 12 km";
    static constexpr const char *kStoreReason = "only EU1-ST1 holds SKU-2, 390 km";

    explicit FakeOmsServer(int orderCount = 250);
    ~FakeOmsServer() override;

    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    int port() const { return m_port; }

    // Every answer waits this long first.
    std::atomic<int> delayMs{0};
    // How long an access token from Login or Refresh is accepted.
    std::atomic<int> accessLifetimeMs{600000};
    // Refresh answers UNAUTHENTICATED, as for a revoked refresh token.
    std::atomic<bool> refuseRefresh{false};
    // The next `failures` calls (Refresh included, Login and Logout not)
    // answer with this code.
    void failNext(grpc::StatusCode code, int failures = 1);

    void setStock(std::vector<oms::v1::StockLevel> levels);
    // Sets one level (bumping its version) and pushes the change to every
    // open WatchInventory stream whose node and region filters it matches.
    // Returns the change's sequence.
    int64_t pushStockChange(oms::v1::StockLevel level);
    // How many WatchInventory streams are open now.
    int openWatches() const;
    // Ends every open WatchInventory stream with UNAVAILABLE, as a server
    // restart would; streams opened afterwards are served normally.
    void breakWatches();
    static oms::v1::StockLevel level(const std::string &sku, const std::string &node,
                                     const std::string &region, int onHand, int reserved);

    struct Seen
    {
        oms::v1::SearchOrdersRequest search;
        oms::v1::ListStockRequest stock;
        std::string authorization;
        std::chrono::milliseconds deadlineLeft{0};
        int calls = 0;
        int searchCalls = 0;
        oms::v1::WatchInventoryRequest watch; // the last WatchInventory request
        int watchCalls = 0;
        int loginCalls = 0;
        int refreshCalls = 0;
        int logoutCalls = 0;
        std::string loggedOutRefreshToken; // what the last Logout revoked
    };
    Seen seen() const;

    // The i-th canned order: ids "EU1-" + 26 characters, numbers EU1-TEST-iiii,
    // created one minute apart (order 0 newest), customer i % 7.
    static oms::v1::OrderSummary summary(int i);
    static std::string emailOf(int customer);
    // Whether GetOrder answers the i-th order with two shipments.
    static bool isSplit(int i) { return i % 2 == 0; }

    grpc::Status SearchOrders(grpc::ServerContext *context, const oms::v1::SearchOrdersRequest *request,
                              oms::v1::SearchOrdersResponse *response) override;
    grpc::Status GetOrder(grpc::ServerContext *context, const oms::v1::GetOrderRequest *request,
                          oms::v1::Order *response) override;
    grpc::Status ListOrderEvents(grpc::ServerContext *context,
                                 const oms::v1::ListOrderEventsRequest *request,
                                 oms::v1::ListOrderEventsResponse *response) override;
    grpc::Status ListStock(grpc::ServerContext *context, const oms::v1::ListStockRequest *request,
                           oms::v1::ListStockResponse *response) override;
    // Sequences start at 100: a mark, then the pushed changes after
    // after_sequence (a resume point beyond the last one is FAILED_PRECONDITION),
    // until the client cancels or the server is destroyed. Not counted in calls.
    grpc::Status WatchInventory(grpc::ServerContext *context,
                                const oms::v1::WatchInventoryRequest *request,
                                grpc::ServerWriter<oms::v1::WatchInventoryResponse> *writer) override;
    grpc::Status ListNodes(grpc::ServerContext *context, const oms::v1::ListNodesRequest *request,
                           oms::v1::ListNodesResponse *response) override;
    grpc::Status GetCustomer(grpc::ServerContext *context, const oms::v1::GetCustomerRequest *request,
                             oms::v1::CustomerProfile *response) override;
    grpc::Status WhoAmI(grpc::ServerContext *context, const oms::v1::WhoAmIRequest *request,
                        oms::v1::WhoAmIResponse *response) override;
    grpc::Status Login(grpc::ServerContext *context, const oms::v1::LoginRequest *request,
                       oms::v1::LoginResponse *response) override;
    grpc::Status Refresh(grpc::ServerContext *context, const oms::v1::RefreshRequest *request,
                         oms::v1::LoginResponse *response) override;
    grpc::Status Logout(grpc::ServerContext *context, const oms::v1::LogoutRequest *request,
                        oms::v1::LogoutResponse *response) override;

private:
    // Records the call, waits delayMs, checks the token and injected failures.
    grpc::Status enter(grpc::ServerContext *context);
    bool acceptsLocked(const std::string &authorization) const;
    void issueLocked(oms::v1::LoginResponse *response);

    int m_orderCount;
    int m_port = 0;
    std::unique_ptr<grpc::Server> m_server;
    mutable std::mutex m_mutex;
    Seen m_seen;                               // guarded by m_mutex
    std::vector<oms::v1::StockLevel> m_stock;  // guarded by m_mutex
    grpc::StatusCode m_failCode = grpc::StatusCode::OK; // guarded by m_mutex
    int m_failures = 0;                        // guarded by m_mutex
    std::condition_variable m_stockChanged;    // with m_mutex
    std::vector<oms::v1::WatchInventoryResponse> m_changes; // guarded by m_mutex
    int64_t m_sequence = 100;                  // guarded by m_mutex
    int m_openWatches = 0;                     // guarded by m_mutex
    bool m_stopping = false;                   // guarded by m_mutex
    int m_watchEpoch = 0;                      // guarded by m_mutex; breakWatches() bumps it
    std::map<std::string, std::chrono::system_clock::time_point> m_accessTokens; // guarded by m_mutex
    std::set<std::string> m_refreshTokens;     // guarded by m_mutex
    int m_issued = 0;                          // guarded by m_mutex
};
