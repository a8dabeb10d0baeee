// Object scope through the real server (docs/SECURITY.md, Authorization): a
// store user tries other stores' orders by id, number and search, a
// warehouse user other nodes' shipments, a channel other channels' orders.
// Nothing leaks, and every refusal reads exactly like a missing object, so
// the answers do not reveal which orders exist.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "oms/v1/admin_service.grpc.pb.h"
#include "oms/v1/fulfillment_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "tests/server/order_steps.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

constexpr char kAdmin[] = "demo-admin-token";
constexpr char kParis[] = "EU1-ST-PAR";

// A service credential with a role and scopes, made by the admin.
std::string TokenFor(TestRegion& region, const std::string& name, const std::string& role,
                     const v1::Scopes& scopes) {
  auto admin = v1::AdminService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", region.server().port()), grpc::InsecureChannelCredentials()));
  v1::CreateServiceTokenRequest request;
  request.set_name(name);
  request.set_role(role);
  *request.mutable_scopes() = scopes;
  v1::CreateServiceTokenResponse response;
  auto context = region.Context(kAdmin);
  grpc::Status s = admin->CreateServiceToken(context.get(), request, &response);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return response.secret();
}

v1::Scopes Scoped(std::initializer_list<std::string> stores, std::initializer_list<std::string> nodes,
                  std::initializer_list<std::string> channels) {
  v1::Scopes scopes;
  for (const auto& s : stores) scopes.add_stores(s);
  for (const auto& n : nodes) scopes.add_nodes(n);
  for (const auto& c : channels) scopes.add_channels(c);
  scopes.add_regions("EU1");
  return scopes;
}

grpc::Status GetOrder(TestRegion& region, const std::string& token, const std::string& id,
                      v1::Order* out) {
  v1::GetOrderRequest request;
  request.set_order_id(id);
  auto context = region.Context(token);
  return region.orders().GetOrder(context.get(), request, out);
}

v1::SearchOrdersResponse Search(TestRegion& region, const std::string& token,
                                v1::SearchOrdersRequest request) {
  v1::SearchOrdersResponse response;
  auto context = region.Context(token);
  grpc::Status s = region.orders().SearchOrders(context.get(), request, &response);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return response;
}

class ScopeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::PlaceOrderRequest pickup = TestRegion::CardOrder("CAM-INST-MINT", 1);
    pickup.set_shipping_option("pickup");
    pickup.set_pickup_node_id(kParis);
    auto paris = region_.Place(pickup);
    ASSERT_TRUE(paris.ok()) << paris.status();
    paris_ = *paris;
    auto berlin = region_.Place(TestRegion::CardOrder("MUG-STN-BLU", 1));
    ASSERT_TRUE(berlin.ok()) << berlin.status();
    other_ = *berlin;
    ASSERT_EQ(other_.shipments_size(), 1);
    ASSERT_NE(other_.shipments(0).node_id(), kParis);
    store_ = TokenFor(region_, "paris-till", "store", Scoped({kParis}, {}, {}));
  }

  TestRegion region_;
  v1::Order paris_;
  v1::Order other_;
  std::string store_;
};

TEST_F(ScopeTest, AStoreUserSeesItsStoresOrdersWithoutPaymentDetails) {
  v1::Order seen;
  grpc::Status s = GetOrder(region_, store_, paris_.order_id(), &seen);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(seen.order_id(), paris_.order_id());
  EXPECT_EQ(seen.tenders_size(), 0) << "store staff see no payment details";
  EXPECT_TRUE(seen.customer().email().empty());
  EXPECT_EQ(seen.lines_size(), paris_.lines_size());
}

TEST_F(ScopeTest, AnotherStoresOrderAnswersExactlyLikeAMissingOne) {
  // A well-formed id and number that exist nowhere.
  const std::string missing_id = "EU1-01J000000000000000000000";
  const std::string missing_number = "EU1-ZZZZ-ZZZZ";
  v1::Order out;
  for (const auto& [present, absent] :
       {std::pair{other_.order_id(), missing_id},
        std::pair{other_.order_number(), missing_number}}) {
    grpc::Status hidden = GetOrder(region_, store_, present, &out);
    grpc::Status gone = GetOrder(region_, store_, absent, &out);
    EXPECT_EQ(hidden.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(gone.error_code(), grpc::StatusCode::NOT_FOUND);
    // The same words but for the id the caller sent.
    std::string expected = gone.error_message();
    expected.replace(expected.find(absent), absent.size(), present);
    EXPECT_EQ(hidden.error_message(), expected);
  }
  // Changes and the timeline alike.
  v1::AddOrderNoteRequest note;
  note.set_order_id(other_.order_id());
  note.set_text("peek");
  auto context = region_.Context(store_);
  EXPECT_EQ(region_.orders().AddOrderNote(context.get(), note, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::CancelOrderRequest cancel;
  cancel.set_order_id(other_.order_id());
  cancel.set_reason(v1::CANCEL_REASON_CUSTOMER_REQUEST);
  v1::CancelOrderResponse cancelled;
  context = region_.Context(store_);
  EXPECT_EQ(region_.orders().CancelOrder(context.get(), cancel, &cancelled).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListOrderEventsRequest events;
  events.set_order_id(other_.order_id());
  v1::ListOrderEventsResponse timeline;
  context = region_.Context(store_);
  EXPECT_EQ(region_.orders().ListOrderEvents(context.get(), events, &timeline).error_code(),
            grpc::StatusCode::NOT_FOUND);
  auto still = region_.Get(other_.order_id());
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->status(), other_.status()) << "nothing changed";
  EXPECT_EQ(still->notes_size(), 0);
}

TEST_F(ScopeTest, SearchesShowAStoreUserOnlyItsStoresOrders) {
  auto everything = Search(region_, store_, v1::SearchOrdersRequest());
  ASSERT_GE(everything.orders_size(), 1);
  for (const auto& o : everything.orders()) {
    EXPECT_EQ(o.order_id(), paris_.order_id()) << "only the Paris pickup is the store's";
    EXPECT_TRUE(o.customer().email().empty());
  }
  v1::SearchOrdersRequest by_number;
  by_number.set_order_number(other_.order_number());
  EXPECT_EQ(Search(region_, store_, by_number).orders_size(), 0);
  v1::SearchOrdersRequest by_sku;
  by_sku.set_sku("MUG-STN-BLU");
  EXPECT_EQ(Search(region_, store_, by_sku).orders_size(), 0);
  v1::SearchOrdersRequest by_name;
  by_name.set_customer_name("Lena");  // both orders are hers
  auto named = Search(region_, store_, by_name);
  ASSERT_EQ(named.orders_size(), 1);
  EXPECT_EQ(named.orders(0).order_id(), paris_.order_id());
  // The agent, unscoped, finds both.
  EXPECT_GE(Search(region_, "demo-agent-token", by_name).orders_size(), 2);
}

TEST_F(ScopeTest, AWarehouseUserSeesAndWorksOnlyItsNodesShipments) {
  const std::string node = other_.shipments(0).node_id();
  const std::string elsewhere = node == "EU1-WH-RTM" ? "EU1-WH-BER" : "EU1-WH-RTM";
  const std::string picker = TokenFor(region_, "picker", "warehouse", Scoped({}, {elsewhere}, {}));
  const std::string shipment = other_.shipments(0).shipment_id();
  v1::GetShipmentRequest get;
  get.set_shipment_id(shipment);
  v1::Shipment out;
  auto context = region_.Context(picker);
  grpc::Status hidden = region_.fulfillment().GetShipment(context.get(), get, &out);
  EXPECT_EQ(hidden.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(hidden.error_message(), absl::StrCat("shipment ", shipment, " not found"));
  v1::ShipmentActionRequest pick;
  pick.set_shipment_id(shipment);
  v1::ShipmentActionResponse picked;
  context = region_.Context(picker);
  EXPECT_EQ(region_.fulfillment().StartPicking(context.get(), pick, &picked).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListShipmentsRequest list;
  list.set_node_id(node);
  v1::ListShipmentsResponse listed;
  context = region_.Context(picker);
  EXPECT_EQ(region_.fulfillment().ListShipments(context.get(), list, &listed).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Its own node's list is its default, and holds none of the other's.
  context = region_.Context(picker);
  ASSERT_TRUE(
      region_.fulfillment().ListShipments(context.get(), v1::ListShipmentsRequest(), &listed).ok());
  for (const auto& s : listed.shipments()) EXPECT_EQ(s.node_id(), elsewhere);
  // The warehouse user of the shipment's node works it.
  const std::string owner = TokenFor(region_, "owner", "warehouse", Scoped({}, {node}, {}));
  context = region_.Context(owner);
  EXPECT_TRUE(region_.fulfillment().StartPicking(context.get(), pick, &picked).ok());
}

TEST_F(ScopeTest, AChannelSeesAndPlacesOnlyItsOwnChannelsOrders) {
  const std::string marketplace =
      TokenFor(region_, "mkt-reader", "channel", Scoped({}, {}, {"marketplace"}));
  v1::Order out;
  EXPECT_EQ(GetOrder(region_, marketplace, other_.order_id(), &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Search(region_, marketplace, v1::SearchOrdersRequest()).orders_size(), 0);
  v1::PlaceOrderResponse placed;
  auto context = region_.Context(marketplace);
  EXPECT_EQ(region_.orders()
                .PlaceOrder(context.get(), TestRegion::CardOrder("MUG-STN-BLU", 1), &placed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace oms::testing

namespace oms::testing {
namespace {

bool AnySnapshot(const v1::ListOrderEventsResponse& timeline) {
  for (const auto& e : timeline.events())
    if (e.payload_json().find("\"snapshot\"") != std::string::npos) return true;
  return false;
}

TEST_F(ScopeTest, EventPayloadsCarryTheOrderSnapshotOnlyWhenAskedAndOnlyToThoseWhoSeeEverything) {
  v1::ListOrderEventsRequest request;
  request.set_order_id(paris_.order_id());
  v1::ListOrderEventsResponse plain;
  auto context = region_.Context("demo-agent-token");
  ASSERT_TRUE(region_.orders().ListOrderEvents(context.get(), request, &plain).ok());
  ASSERT_GT(plain.events_size(), 0);
  EXPECT_FALSE(AnySnapshot(plain)) << "the timeline leaves out the order copies";
  EXPECT_NE(plain.events(0).payload_json().find("\"type\""), std::string::npos)
      << "the rest of the payload stays";

  request.set_include_snapshot(true);
  v1::ListOrderEventsResponse full;
  context = region_.Context("demo-agent-token");
  ASSERT_TRUE(region_.orders().ListOrderEvents(context.get(), request, &full).ok());
  EXPECT_TRUE(AnySnapshot(full));

  v1::ListOrderEventsResponse till;
  context = region_.Context(store_);
  ASSERT_TRUE(region_.orders().ListOrderEvents(context.get(), request, &till).ok());
  ASSERT_GT(till.events_size(), 0);
  EXPECT_FALSE(AnySnapshot(till)) << "store staff never get the tenders inside a snapshot";
}

}  // namespace
}  // namespace oms::testing
