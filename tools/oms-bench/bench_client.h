#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "oms/v1/inventory_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "oms/v1/payment_service.grpc.pb.h"

namespace oms::bench {

struct Tokens {
  std::string channel = "demo-channel-web-token";  // PlaceOrder as the web checkout
  std::string agent = "demo-agent-token";          // reads
  std::string admin = "demo-admin-token";          // stock set-up
};

// Connections to one omsd. Several channels, each with its own TCP
// connection, so that one HTTP/2 connection's single reader is not the
// bottleneck; slot i uses channel i % count. Thread-safe.
class BenchClient {
 public:
  BenchClient(const std::string& address, int channels, Tokens tokens);

  const Tokens& tokens() const { return tokens_; }
  const std::string& address() const { return address_; }
  const std::shared_ptr<grpc::Channel>& channel(int slot) const {
    return channels_[slot % channels_.size()];
  }
  v1::OrderService::Stub& orders(int slot) { return *orders_[slot % orders_.size()]; }
  v1::InventoryService::Stub& inventory(int slot) {
    return *inventory_[slot % inventory_.size()];
  }
  v1::PaymentService::Stub& payments(int slot) { return *payments_[slot % payments_.size()]; }

  // A context carrying `token` and a 30 s deadline.
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token);

  // Blocking helpers for set-up and checks (admin token).
  absl::Status SetStock(const std::string& sku, const std::string& node_id, int64_t on_hand);
  absl::StatusOr<std::vector<v1::StockLevel>> Stock(const std::string& sku);
  absl::StatusOr<v1::Order> GetOrder(const std::string& order_id);

 private:
  std::string address_;
  Tokens tokens_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<v1::OrderService::Stub>> orders_;
  std::vector<std::unique_ptr<v1::InventoryService::Stub>> inventory_;
  std::vector<std::unique_ptr<v1::PaymentService::Stub>> payments_;
  std::atomic<int64_t> request_counter_{0};
};

absl::Status FromGrpc(const grpc::Status& s);

}  // namespace oms::bench
