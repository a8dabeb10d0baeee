#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <vector>
#include <string>

#include <grpcpp/grpcpp.h>

#include "oms/v1/customer_service.grpc.pb.h"
#include "oms/v1/fulfillment_service.grpc.pb.h"
#include "oms/v1/intake_service.grpc.pb.h"
#include "oms/v1/inventory_service.grpc.pb.h"
#include "oms/v1/ops_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "partners/partner_server.h"
#include "server/oms_server.h"

namespace oms::testing {

struct TestRegionOptions {
  absl::Duration saga_timeout = absl::Minutes(15);
  absl::Duration gateway_timeout = absl::Seconds(2);
  const Clock* clock = nullptr;  // not owned; replaces the system clock
  // Nodes reached over HTTP: the partners' 3PL simulator plays them, and
  // omsd's partner endpoint receives their reports.
  std::vector<std::string> partner_nodes;
  // Routing policy overrides (ServerConfig::sourcing_by_channel).
  std::map<std::string, SourcingSettings> sourcing_by_channel;
  absl::Duration cancellation_grace = absl::ZeroDuration();
  // Channels over the defaults (ServerConfig::channels). Marketplaces with a
  // secret are played by the partners' marketplace simulator, which posts
  // to omsd's partner endpoint.
  std::map<std::string, ChannelSettings> channels;
  // Channel callbacks: attempts, backoff and timeout (ServerConfig::relay).
  RelayConfig relay;
  // Customer notifications (ServerConfig::notifications).
  NotificationsConfig notifications;
  // Metrics, OTLP export, health probe (ServerConfig::observability) and
  // server reflection.
  ObservabilityConfig observability;
  bool reflection = false;
  // Rate, message size and purchase limits (ServerConfig::limits).
  LimitsConfig limits;
  // Several regions (docs/REGIONS.md): this one's code, a fixed address (so
  // that peers and proxies can point at it across restarts; empty: a free
  // port each start) and its peers.
  std::string region = "EU1";
  std::string listen;
  FederationConfig federation;
  int max_watches = 256;  // ServerConfig::max_watches
};

inline constexpr char kNodeSecret[] = "test-node-secret";

// One region for a test: the partner simulators on a free port, and omsd
// (the production wiring) on a free port over a fresh SQLite file with the
// demo data. Restart() stops omsd and starts it again on the same file.
class TestRegion {
 public:
  explicit TestRegion(TestRegionOptions options);
  // `clock` (not owned) replaces the system clock for omsd when given.
  explicit TestRegion(absl::Duration saga_timeout = absl::Minutes(15),
                      absl::Duration gateway_timeout = absl::Seconds(2),
                      const Clock* clock = nullptr)
      : TestRegion(OptionsWith(saga_timeout, gateway_timeout, clock)) {}
  ~TestRegion();

  void Restart();
  void StopServer();
  void StartServer();

  partners::CardGatewaySimulator& gateway() { return partners_->card_gateway(); }
  partners::ThirdPartyLogisticsSimulator& logistics() {
    return partners_->third_party_logistics();
  }
  partners::MarketplaceSimulator& marketplaces() { return partners_->marketplaces(); }
  OmsServer& server() { return *server_; }
  // The SQLite database file omsd writes.
  std::string database_path() const { return (dir_ / "data" / "oms.db").string(); }

  std::unique_ptr<grpc::ClientContext> Context(const std::string& token = "demo-agent-token",
                                               absl::Duration deadline = absl::Seconds(20));
  v1::OrderService::Stub& orders() { return *orders_; }
  v1::InventoryService::Stub& inventory() { return *inventory_; }
  v1::CustomerService::Stub& customers() { return *customers_; }
  v1::FulfillmentService::Stub& fulfillment() { return *fulfillment_; }
  v1::IntakeService::Stub& intake() { return *intake_; }
  v1::OpsService::Stub& ops() { return *ops_; }

  // A web order of `quantity` x `sku` at 10.00 each, paid by one card.
  static v1::PlaceOrderRequest CardOrder(const std::string& sku, int64_t quantity,
                                         const std::string& card_token = "tok_visa");
  absl::StatusOr<v1::Order> Place(const v1::PlaceOrderRequest& request);
  absl::StatusOr<v1::Order> Get(const std::string& order_id);
  // Sum over nodes of (on hand, reserved) for a SKU.
  std::pair<int64_t, int64_t> Stock(const std::string& sku);
  int64_t StoreCredit(const std::string& customer_id);

  // Stock of a SKU at one node (zeros when it has no row).
  v1::StockLevel StockAt(const std::string& sku, const std::string& node_id);
  // Sets on hand of a SKU at a node (a cycle count), as the warehouse user.
  absl::Status Count(const std::string& sku, const std::string& node_id, int64_t on_hand);

  // Polls GetOrder until `pred` holds or 20 s pass.
  bool AwaitOrder(const std::string& order_id, const std::function<bool(const v1::Order&)>& pred);

 private:
  void Connect();
  static TestRegionOptions OptionsWith(absl::Duration saga_timeout,
                                       absl::Duration gateway_timeout, const Clock* clock) {
    TestRegionOptions options;
    options.saga_timeout = saga_timeout;
    options.gateway_timeout = gateway_timeout;
    options.clock = clock;
    return options;
  }

  std::filesystem::path dir_;
  TestRegionOptions options_;
  std::unique_ptr<partners::PartnerServer> partners_;
  std::unique_ptr<OmsServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::OrderService::Stub> orders_;
  std::unique_ptr<v1::InventoryService::Stub> inventory_;
  std::unique_ptr<v1::CustomerService::Stub> customers_;
  std::unique_ptr<v1::FulfillmentService::Stub> fulfillment_;
  std::unique_ptr<v1::IntakeService::Stub> intake_;
  std::unique_ptr<v1::OpsService::Stub> ops_;
};

}  // namespace oms::testing
