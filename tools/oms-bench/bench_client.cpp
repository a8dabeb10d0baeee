#include "tools/oms-bench/bench_client.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace oms::bench {

absl::Status FromGrpc(const grpc::Status& s) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

BenchClient::BenchClient(const std::string& address, int channels, Tokens tokens)
    : address_(address), tokens_(std::move(tokens)) {
  for (int i = 0; i < std::max(1, channels); ++i) {
    grpc::ChannelArguments args;
    // Without this, channels with equal arguments share one subchannel and
    // so one TCP connection.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("oms.bench.channel", i);
    auto channel =
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
    orders_.push_back(v1::OrderService::NewStub(channel));
    inventory_.push_back(v1::InventoryService::NewStub(channel));
    payments_.push_back(v1::PaymentService::NewStub(channel));
    channels_.push_back(std::move(channel));
  }
}

std::unique_ptr<grpc::ClientContext> BenchClient::Context(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return context;
}

absl::Status BenchClient::SetStock(const std::string& sku, const std::string& node_id,
                                   int64_t on_hand) {
  v1::AdjustStockRequest request;
  request.set_request_id(absl::StrCat("bench-stock-", absl::ToUnixNanos(absl::Now()), "-",
                                      request_counter_.fetch_add(1)));
  request.set_sku(sku);
  request.set_node_id(node_id);
  request.set_kind(v1::ADJUSTMENT_KIND_COUNT);
  request.set_quantity(on_hand);
  request.set_reason("oms-bench set-up");
  v1::StockLevel level;
  auto context = Context(tokens_.admin);
  return FromGrpc(inventory(0).AdjustStock(context.get(), request, &level));
}

absl::StatusOr<std::vector<v1::StockLevel>> BenchClient::Stock(const std::string& sku) {
  std::vector<v1::StockLevel> levels;
  v1::ListStockRequest request;
  request.set_sku(sku);
  request.mutable_page()->set_page_size(500);
  while (true) {
    v1::ListStockResponse response;
    auto context = Context(tokens_.admin);
    grpc::Status s = inventory(0).ListStock(context.get(), request, &response);
    if (!s.ok()) return FromGrpc(s);
    levels.insert(levels.end(), response.levels().begin(), response.levels().end());
    if (response.next_page_token().empty()) return levels;
    request.mutable_page()->set_page_token(response.next_page_token());
  }
}

absl::StatusOr<v1::Order> BenchClient::GetOrder(const std::string& order_id) {
  v1::GetOrderRequest request;
  request.set_order_id(order_id);
  v1::Order order;
  auto context = Context(tokens_.agent);
  grpc::Status s = orders(0).GetOrder(context.get(), request, &order);
  if (!s.ok()) return FromGrpc(s);
  return order;
}

}  // namespace oms::bench
