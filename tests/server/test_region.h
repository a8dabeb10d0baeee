#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "oms/v1/customer_service.grpc.pb.h"
#include "oms/v1/inventory_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "partners/partner_server.h"
#include "server/oms_server.h"

namespace oms::testing {

// One region for a test: the gateway simulator on a free port, and omsd
// (the production wiring) on a free port over a fresh SQLite file with the
// demo data. Restart() stops omsd and starts it again on the same file.
class TestRegion {
 public:
  // `clock` (not owned) replaces the system clock for omsd when given.
  explicit TestRegion(absl::Duration saga_timeout = absl::Minutes(15),
                      absl::Duration gateway_timeout = absl::Seconds(2),
                      const Clock* clock = nullptr);
  ~TestRegion();

  void Restart();
  void StopServer();
  void StartServer();

  partners::CardGatewaySimulator& gateway() { return partners_->card_gateway(); }
  OmsServer& server() { return *server_; }

  std::unique_ptr<grpc::ClientContext> Context(const std::string& token = "demo-agent-token",
                                               absl::Duration deadline = absl::Seconds(20));
  v1::OrderService::Stub& orders() { return *orders_; }
  v1::InventoryService::Stub& inventory() { return *inventory_; }
  v1::CustomerService::Stub& customers() { return *customers_; }

  // A web order of `quantity` x `sku` at 10.00 each, paid by one card.
  static v1::PlaceOrderRequest CardOrder(const std::string& sku, int64_t quantity,
                                         const std::string& card_token = "tok_visa");
  absl::StatusOr<v1::Order> Place(const v1::PlaceOrderRequest& request);
  absl::StatusOr<v1::Order> Get(const std::string& order_id);
  // Sum over nodes of (on hand, reserved) for a SKU.
  std::pair<int64_t, int64_t> Stock(const std::string& sku);
  int64_t StoreCredit(const std::string& customer_id);

  // Polls GetOrder until `pred` holds or 20 s pass.
  bool AwaitOrder(const std::string& order_id, const std::function<bool(const v1::Order&)>& pred);

 private:
  void Connect();

  std::filesystem::path dir_;
  absl::Duration saga_timeout_;
  absl::Duration gateway_timeout_;
  const Clock* clock_;
  std::unique_ptr<partners::PartnerServer> partners_;
  std::unique_ptr<OmsServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::OrderService::Stub> orders_;
  std::unique_ptr<v1::InventoryService::Stub> inventory_;
  std::unique_ptr<v1::CustomerService::Stub> customers_;
};

}  // namespace oms::testing
