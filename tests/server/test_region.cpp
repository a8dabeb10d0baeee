#include "tests/server/test_region.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "absl/strings/str_cat.h"

namespace oms::testing {

TestRegion::TestRegion(TestRegionOptions options) : options_(std::move(options)) {
  dir_ = std::filesystem::temp_directory_path() /
         absl::StrCat("oms-it-", getpid(), "-", std::random_device{}());
  std::filesystem::create_directories(dir_);
  partners::PartnerServerOptions partner_options;
  partner_options.card_gateway.secret = "test-secret";
  partner_options.third_party_logistics.settings.secret = kNodeSecret;
  partner_options.threads = 64;
  partners_ = std::make_unique<partners::PartnerServer>(partner_options);
  EXPECT_TRUE(partners_->Start().ok());
  StartServer();
}

TestRegion::~TestRegion() {
  StopServer();
  partners_->Stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void TestRegion::StartServer() {
  OmsServer::Options options;
  options.config.region = options_.region;
  options.config.listen = options_.listen.empty() ? "127.0.0.1:0" : options_.listen;
  options.config.federation = options_.federation;
  options.config.max_watches = options_.max_watches;
  options.config.data_dir = (dir_ / "data").string();
  options.config.resources_dir = OMS_RESOURCES_DIR;
  options.config.saga_timeout = options_.saga_timeout;
  options.config.synchronous_full = false;  // tests do not survive power loss
  GatewaySettings gw;
  gw.base_url = partners_->base_url();
  gw.secret = "test-secret";
  gw.timeout = options_.gateway_timeout;
  options.config.gateways = {gw};
  options.demo = true;
  options.tick = absl::Milliseconds(100);
  options.clock = options_.clock;
  for (const auto& node : options_.partner_nodes) {
    options.config.node_endpoints.push_back({node, partners_->base_url(), kNodeSecret,
                                             absl::Seconds(2)});
  }
  options.config.partner_listen = "127.0.0.1:0";
  options.config.sourcing_by_channel = options_.sourcing_by_channel;
  options.config.cancellation_grace = options_.cancellation_grace;
  options.config.relay = options_.relay;
  options.config.notifications = options_.notifications;
  options.config.observability = options_.observability;
  options.config.reflection = options_.reflection;
  options.config.limits = options_.limits;
  for (const auto& [id, channel] : options_.channels) {
    options.config.channels[id] = channel;
    options.config.channels[id].id = id;
    if (channel.type == "marketplace" && !channel.secret.empty()) {
      marketplaces().AddChannel({id, channel.format, channel.secret});
    }
  }
  auto server = OmsServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = std::move(*server);
  if (server_->partner_port() != 0) {
    logistics().SetCallback(absl::StrCat("http://127.0.0.1:", server_->partner_port()),
                            kNodeSecret);
    marketplaces().SetOmsd(absl::StrCat("http://127.0.0.1:", server_->partner_port()));
  }
  Connect();
}

void TestRegion::StopServer() {
  if (server_) server_->Shutdown();
  server_.reset();
}

void TestRegion::Restart() {
  StopServer();
  StartServer();
}

void TestRegion::Connect() {
  channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                 grpc::InsecureChannelCredentials());
  orders_ = v1::OrderService::NewStub(channel_);
  inventory_ = v1::InventoryService::NewStub(channel_);
  customers_ = v1::CustomerService::NewStub(channel_);
  fulfillment_ = v1::FulfillmentService::NewStub(channel_);
  intake_ = v1::IntakeService::NewStub(channel_);
  ops_ = v1::OpsService::NewStub(channel_);
}

std::unique_ptr<grpc::ClientContext> TestRegion::Context(const std::string& token,
                                                         absl::Duration deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  context->set_deadline(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(deadline));
  return context;
}

v1::PlaceOrderRequest TestRegion::CardOrder(const std::string& sku, int64_t quantity,
                                            const std::string& card_token) {
  v1::PlaceOrderRequest r;
  r.set_channel("web");
  r.set_customer_id("C-EU1-0001");
  auto* a = r.mutable_shipping_address();
  a->set_name("Lena Fischer");
  a->set_line1("Kastanienallee 12");
  a->set_city("Berlin");
  a->set_postal_code("10435");
  a->set_country("DE");
  r.set_shipping_option("standard");
  r.set_currency("EUR");
  auto* line = r.add_lines();
  line->set_sku(sku);
  line->set_quantity(quantity);
  line->mutable_unit_price()->set_amount_minor(1000);
  line->mutable_unit_price()->set_currency("EUR");
  auto* t = r.add_tenders();
  t->set_type(v1::TENDER_TYPE_CARD);
  t->mutable_amount()->set_amount_minor(1000 * quantity);
  t->mutable_amount()->set_currency("EUR");
  t->set_card_token(card_token);
  return r;
}

absl::StatusOr<v1::Order> TestRegion::Place(const v1::PlaceOrderRequest& request) {
  v1::PlaceOrderResponse response;
  auto context = Context();
  grpc::Status s = orders_->PlaceOrder(context.get(), request, &response);
  if (!s.ok()) return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
  return response.order();
}

absl::StatusOr<v1::Order> TestRegion::Get(const std::string& order_id) {
  v1::GetOrderRequest request;
  request.set_order_id(order_id);
  v1::Order order;
  auto context = Context();
  grpc::Status s = orders_->GetOrder(context.get(), request, &order);
  if (!s.ok()) return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
  return order;
}

std::pair<int64_t, int64_t> TestRegion::Stock(const std::string& sku) {
  v1::GetAvailabilityRequest request;
  request.set_sku(sku);
  v1::GetAvailabilityResponse response;
  auto context = Context();
  EXPECT_TRUE(inventory_->GetAvailability(context.get(), request, &response).ok());
  int64_t on_hand = 0, reserved = 0;
  for (const auto& l : response.levels()) {
    on_hand += l.on_hand();
    reserved += l.reserved();
  }
  return {on_hand, reserved};
}

int64_t TestRegion::StoreCredit(const std::string& customer_id) {
  v1::GetCustomerRequest request;
  request.set_customer_id(customer_id);
  v1::CustomerProfile profile;
  auto context = Context();
  EXPECT_TRUE(customers_->GetCustomer(context.get(), request, &profile).ok());
  return profile.store_credit_balance().amount_minor();
}

v1::StockLevel TestRegion::StockAt(const std::string& sku, const std::string& node_id) {
  v1::GetAvailabilityRequest request;
  request.set_sku(sku);
  v1::GetAvailabilityResponse response;
  auto context = Context();
  EXPECT_TRUE(inventory_->GetAvailability(context.get(), request, &response).ok());
  for (const auto& l : response.levels()) {
    if (l.node_id() == node_id) return l;
  }
  return {};
}

absl::Status TestRegion::Count(const std::string& sku, const std::string& node_id,
                               int64_t on_hand) {
  v1::AdjustStockRequest request;
  request.set_sku(sku);
  request.set_node_id(node_id);
  request.set_kind(v1::ADJUSTMENT_KIND_COUNT);
  request.set_quantity(on_hand);
  request.set_reason("test set-up");
  v1::StockLevel level;
  auto context = Context("demo-warehouse-token");
  grpc::Status s = inventory_->AdjustStock(context.get(), request, &level);
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

bool TestRegion::AwaitOrder(const std::string& order_id,
                            const std::function<bool(const v1::Order&)>& pred) {
  const absl::Time until = absl::Now() + absl::Seconds(20);
  while (absl::Now() < until) {
    auto order = Get(order_id);
    if (order.ok() && pred(*order)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace oms::testing
