#include <gtest/gtest.h>

#include <future>
#include <set>
#include <vector>

#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

constexpr char kSku[] = "TEE-ORG-BLK-M";

class OrderApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { region_ = new TestRegion(); }
  static void TearDownTestSuite() { delete region_; }

  grpc::Status Search(const v1::SearchOrdersRequest& r, v1::SearchOrdersResponse* out) {
    auto context = region_->Context();
    return region_->orders().SearchOrders(context.get(), r, out);
  }
  bool SearchFinds(const v1::SearchOrdersRequest& r, const std::string& order_id) {
    v1::SearchOrdersResponse response;
    EXPECT_TRUE(Search(r, &response).ok());
    for (const auto& o : response.orders()) {
      if (o.order_id() == order_id) return true;
    }
    return false;
  }
  int64_t CountOrders() {
    v1::SearchOrdersRequest all;
    all.mutable_page()->set_page_size(500);
    int64_t n = 0;
    std::string token;
    do {
      all.mutable_page()->set_page_token(token);
      v1::SearchOrdersResponse page;
      EXPECT_TRUE(Search(all, &page).ok());
      n += page.orders_size();
      token = page.next_page_token();
    } while (!token.empty());
    return n;
  }

  static TestRegion* region_;
};

TestRegion* OrderApiTest::region_ = nullptr;

TEST_F(OrderApiTest, APlacedOrderIsFoundByIdNumberAndEveryFilter) {
  auto order = region_->Place(TestRegion::CardOrder(kSku, 1));
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);

  auto by_id = region_->Get(order->order_id());
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->order_number(), order->order_number());
  v1::GetOrderRequest by_number;
  by_number.set_order_number(order->order_number());
  v1::Order got;
  auto context = region_->Context();
  ASSERT_TRUE(region_->orders().GetOrder(context.get(), by_number, &got).ok());
  EXPECT_EQ(got.order_id(), order->order_id());

  const std::string id = order->order_id();
  v1::SearchOrdersRequest r;
  r.set_order_number(order->order_number());
  EXPECT_TRUE(SearchFinds(r, id));
  r = {};
  r.set_email("LENA.FISCHER@example.de");  // case-insensitive
  EXPECT_TRUE(SearchFinds(r, id));
  r = {};
  r.set_phone("+49 (30) 5550-1842");  // formatting ignored
  EXPECT_TRUE(SearchFinds(r, id));
  r = {};
  r.set_customer_name("fisch");
  EXPECT_TRUE(SearchFinds(r, id));
  r = {};
  r.set_sku(kSku);
  EXPECT_TRUE(SearchFinds(r, id));
  r = {};
  r.add_statuses(v1::ORDER_STATUS_CONFIRMED);
  r.set_channel("web");
  r.set_region("EU1");
  EXPECT_TRUE(SearchFinds(r, id));
  r = {};
  r.set_node_id(order->lines(0).allocations(0).node_id());
  EXPECT_TRUE(SearchFinds(r, id));
  r = {};
  r.mutable_created_from()->set_seconds(order->created_at().seconds() - 60);
  r.mutable_created_to()->set_seconds(order->created_at().seconds() + 60);
  EXPECT_TRUE(SearchFinds(r, id));
  r = {};
  r.add_statuses(v1::ORDER_STATUS_REJECTED);
  EXPECT_FALSE(SearchFinds(r, id));
  r = {};
  r.set_sku("HOOD-FLC-GRY-L");
  EXPECT_FALSE(SearchFinds(r, id));
}

TEST_F(OrderApiTest, TheTimelineRecordsEachChangeInOrderWithItsPrincipal) {
  auto order = region_->Place(TestRegion::CardOrder(kSku, 1));
  ASSERT_TRUE(order.ok());
  v1::ListOrderEventsRequest r;
  r.set_order_id(order->order_number());
  v1::ListOrderEventsResponse events;
  auto context = region_->Context();
  ASSERT_TRUE(region_->orders().ListOrderEvents(context.get(), r, &events).ok());
  std::vector<std::string> types;
  int64_t last_sequence = 0;
  for (const auto& e : events.events()) {
    EXPECT_GT(e.sequence(), last_sequence);
    last_sequence = e.sequence();
    types.push_back(e.event_type());
    EXPECT_EQ(e.principal(), "staff:alice");
    EXPECT_EQ(e.origin_region(), "EU1");
  }
  // Confirmed, the order is released to its node in the same unit.
  EXPECT_EQ(types, (std::vector<std::string>{"OrderPlaced", "TenderAuthorized",
                                             "PaymentStatusChanged", "OrderStatusChanged",
                                             "ShipmentCreated"}));
  EXPECT_EQ(events.events().rbegin()->payload_json().find("snapshot"), std::string::npos)
      << "left out unless asked";
  r.set_include_snapshot(true);
  events.Clear();
  context = region_->Context();
  ASSERT_TRUE(region_->orders().ListOrderEvents(context.get(), r, &events).ok());
  EXPECT_NE(events.events().rbegin()->payload_json().find("snapshot"), std::string::npos);
}

TEST_F(OrderApiTest, TwentyConcurrentRetriesWithOneRequestIdMakeOneOrder) {
  auto request = TestRegion::CardOrder(kSku, 1);
  request.set_request_id("retry-storm-1");
  const auto stock_before = region_->Stock(kSku);
  std::vector<std::future<absl::StatusOr<v1::Order>>> calls;
  for (int i = 0; i < 20; ++i) {
    calls.push_back(std::async(std::launch::async, [&] { return region_->Place(request); }));
  }
  std::set<std::string> ids;
  for (auto& c : calls) {
    auto order = c.get();
    ASSERT_TRUE(order.ok()) << order.status();
    ids.insert(order->order_id());
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(region_->Stock(kSku).second, stock_before.second + 1);
}

TEST_F(OrderApiTest, TheSameRequestIdWithOtherContentIsAlreadyExists) {
  auto request = TestRegion::CardOrder(kSku, 1);
  request.set_request_id("reused-key");
  ASSERT_TRUE(region_->Place(request).ok());
  request.mutable_lines(0)->set_quantity(2);
  request.mutable_tenders(0)->mutable_amount()->set_amount_minor(2000);
  EXPECT_EQ(region_->Place(request).status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(OrderApiTest, AMissingOrUnknownTokenIsUnauthenticated) {
  v1::GetOrderRequest r;
  r.set_order_id("EU1-01XXXXXXXXXXXXXXXXXXXXXXXX");
  v1::Order out;
  for (const std::string token : {"", "not-a-token"}) {
    auto context = region_->Context(token);
    EXPECT_EQ(region_->orders().GetOrder(context.get(), r, &out).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
}

TEST_F(OrderApiTest, AnUnknownOrderIsNotFound) {
  EXPECT_EQ(region_->Get("EU1-01XXXXXXXXXXXXXXXXXXXXXXXX").status().code(),
            absl::StatusCode::kNotFound);
  v1::GetOrderRequest r;
  r.set_order_number("EU1-ZZZZ-ZZZZ");
  v1::Order out;
  auto context = region_->Context();
  EXPECT_EQ(region_->orders().GetOrder(context.get(), r, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

struct BadInput {
  const char* name;
  std::function<void(v1::PlaceOrderRequest&)> spoil;
  const char* field;  // the error must name it
};

TEST_F(OrderApiTest, BadInputIsInvalidArgumentNamingTheFieldAndWritesNothing) {
  const std::vector<BadInput> cases = {
      {"zero quantity", [](auto& r) { r.mutable_lines(0)->set_quantity(0); }, "lines[0].quantity"},
      {"negative quantity", [](auto& r) { r.mutable_lines(0)->set_quantity(-2); },
       "lines[0].quantity"},
      {"unknown SKU", [](auto& r) { r.mutable_lines(0)->set_sku("NO-SUCH-SKU"); },
       "lines[0].sku"},
      {"duplicate line", [](auto& r) { *r.add_lines() = r.lines(0); }, "lines[1].sku"},
      {"too many lines",
       [](auto& r) {
         for (int i = 0; i < 101; ++i) {
           auto* l = r.add_lines();
           *l = r.lines(0);
           l->set_sku("SKU-" + std::to_string(i));
         }
       },
       "lines"},
      {"tenders short of the total",
       [](auto& r) { r.mutable_tenders(0)->mutable_amount()->set_amount_minor(500); }, "tenders"},
      {"tender in another currency",
       [](auto& r) { r.mutable_tenders(0)->mutable_amount()->set_currency("USD"); },
       "tenders[0].amount"},
      {"negative tender",
       [](auto& r) { r.mutable_tenders(0)->mutable_amount()->set_amount_minor(-1000); },
       "tenders[0].amount"},
      {"negative price",
       [](auto& r) { r.mutable_lines(0)->mutable_unit_price()->set_amount_minor(-5); },
       "lines[0].unit_price"},
      {"oversized name",
       [](auto& r) { r.mutable_shipping_address()->set_name(std::string(5000, 'x')); },
       "shipping_address.name"},
      {"unknown tender type",
       [](auto& r) { r.mutable_tenders(0)->set_type(static_cast<v1::TenderType>(42)); },
       "tenders[0].type"},
      {"shipped without an address", [](auto& r) { r.clear_shipping_address(); },
       "shipping_address"},
      {"no currency", [](auto& r) { r.set_currency(""); }, "currency"},
      {"oversized request id", [](auto& r) { r.set_request_id(std::string(300, 'k')); },
       "request_id"},
  };
  const int64_t orders_before = CountOrders();
  const auto stock_before = region_->Stock(kSku);
  for (const auto& c : cases) {
    auto request = TestRegion::CardOrder(kSku, 1);
    c.spoil(request);
    auto result = region_->Place(request);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(result.status().message().find(c.field), std::string::npos)
        << c.name << ": " << result.status().message();
  }
  EXPECT_EQ(CountOrders(), orders_before);
  EXPECT_EQ(region_->Stock(kSku), stock_before);
}

TEST_F(OrderApiTest, AnOrderBeyondStockIsFailedPreconditionAndWritesNothing) {
  const int64_t before = CountOrders();
  auto result = region_->Place(TestRegion::CardOrder("CHRG-65W-GAN", 1));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(result.status().message().find("out of stock"), std::string::npos);
  EXPECT_EQ(CountOrders(), before);
}

TEST_F(OrderApiTest, SearchPagesThroughEveryOrderExactlyOnce) {
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(region_->Place(TestRegion::CardOrder(kSku, 1)).ok());
  v1::SearchOrdersRequest r;
  r.mutable_page()->set_page_size(3);
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    r.mutable_page()->set_page_token(token);
    v1::SearchOrdersResponse page;
    ASSERT_TRUE(Search(r, &page).ok());
    for (const auto& o : page.orders()) EXPECT_TRUE(seen.insert(o.order_id()).second);
    token = page.next_page_token();
    ++pages;
  } while (!token.empty());
  EXPECT_GE(seen.size(), 7u);
  EXPECT_GE(pages, 3);
  r.mutable_page()->set_page_token("garbage");
  v1::SearchOrdersResponse bad;
  EXPECT_EQ(Search(r, &bad).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  r.mutable_page()->set_page_token("");
  r.mutable_page()->set_page_size(5000);
  EXPECT_EQ(Search(r, &bad).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(OrderApiTest, AdjustingStockIsIdempotentByRequestId) {
  v1::AdjustStockRequest r;
  r.set_request_id("receive-1");
  r.set_sku(kSku);
  r.set_node_id("EU1-WH-BER");
  r.set_kind(v1::ADJUSTMENT_KIND_RECEIVE);
  r.set_quantity(10);
  r.set_reason("inbound PO-1");
  const auto before = region_->Stock(kSku);
  for (int i = 0; i < 3; ++i) {
    v1::StockLevel level;
    auto context = region_->Context("demo-warehouse-token");
    ASSERT_TRUE(region_->inventory().AdjustStock(context.get(), r, &level).ok());
  }
  EXPECT_EQ(region_->Stock(kSku).first, before.first + 10);
  r.set_reason("");
  v1::StockLevel level;
  auto context = region_->Context("demo-warehouse-token");
  EXPECT_EQ(region_->inventory().AdjustStock(context.get(), r, &level).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(OrderApiTest, APosOrderIsPricedByTheOmsWhenAskedAndPaidInCash) {
  v1::PlaceOrderRequest r;
  r.set_channel("pos");
  r.set_shipping_option("carry_out");
  r.set_pickup_node_id("EU1-ST-PAR");
  r.set_currency("EUR");
  r.set_compute_totals(true);
  auto* line = r.add_lines();
  line->set_sku("TEE-ORG-WHT-S");
  line->set_quantity(2);
  auto* cash = r.add_tenders();
  cash->set_type(v1::TENDER_TYPE_CASH);
  cash->mutable_amount()->set_currency("EUR");
  // 2 x 19.99 from the catalog, 20% EU1 standard tax, no shipping.
  cash->mutable_amount()->set_amount_minor(3998 + 800);
  auto order = region_->Place(r);
  ASSERT_TRUE(order.ok()) << order.status();
  // Carried out of the store: handed over and paid at placement.
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_FULFILLED);
  EXPECT_EQ(order->totals().subtotal().amount_minor(), 3998);
  EXPECT_EQ(order->totals().tax().amount_minor(), 800);
  EXPECT_EQ(order->totals().shipping().amount_minor(), 0);
  EXPECT_EQ(order->payment_status(), v1::PAYMENT_STATUS_CAPTURED);
  ASSERT_EQ(order->shipments_size(), 1);
  EXPECT_EQ(order->shipments(0).node_id(), "EU1-ST-PAR");

  cash->mutable_amount()->set_amount_minor(3998);  // forgot the tax
  auto short_paid = region_->Place(r);
  EXPECT_EQ(short_paid.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(short_paid.status().message().find("47.98 EUR"), std::string::npos)
      << short_paid.status().message();
}

TEST_F(OrderApiTest, AnUncheckedContactCustomerIdIsNotKeptOnTheOrder) {
  auto request = TestRegion::CardOrder(kSku, 1);
  request.clear_customer_id();
  request.mutable_contact()->set_customer_id("C-US1-0002");  // someone else's id
  request.mutable_contact()->set_name("Walk-in Buyer");
  request.mutable_contact()->set_email("walkin@example.com");
  auto order = region_->Place(request);
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(order->customer().customer_id(), "");
  EXPECT_EQ(order->customer().email(), "walkin@example.com");
  auto unknown = TestRegion::CardOrder(kSku, 1);
  unknown.set_customer_id("C-NOBODY");
  EXPECT_EQ(region_->Place(unknown).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(OrderApiTest, AWalletPaymentBeyondTheBalanceIsFailedPreconditionAndTakesNothing) {
  auto request = TestRegion::CardOrder(kSku, 9);
  request.mutable_tenders(0)->set_type(v1::TENDER_TYPE_WALLET);
  request.mutable_tenders(0)->clear_card_token();
  auto result = region_->Place(request);  // 90.00 against a 50.00 wallet
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(result.status().message().find("WALLET balance"), std::string::npos)
      << result.status().message();
  request = TestRegion::CardOrder(kSku, 2);
  request.mutable_tenders(0)->set_type(v1::TENDER_TYPE_WALLET);
  auto paid = region_->Place(request);
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(paid->tenders(0).captured_minor(), 2000);
}

}  // namespace
TEST_F(OrderApiTest, AnAgentsNoteIsOnTheOrderAndInItsTimeline) {
  auto order = region_->Place(TestRegion::CardOrder(kSku, 1));
  ASSERT_TRUE(order.ok());
  v1::AddOrderNoteRequest note;
  note.set_order_id(order->order_number());
  note.set_text("customer asked to leave it with the neighbour");
  v1::Order noted;
  auto context = region_->Context();
  ASSERT_TRUE(region_->orders().AddOrderNote(context.get(), note, &noted).ok());
  ASSERT_EQ(noted.notes_size(), 1);
  EXPECT_EQ(noted.notes(0).author(), "staff:alice");
  EXPECT_EQ(noted.notes(0).text(), "customer asked to leave it with the neighbour");
  v1::ListOrderEventsRequest r;
  r.set_order_id(order->order_id());
  v1::ListOrderEventsResponse events;
  context = region_->Context();
  ASSERT_TRUE(region_->orders().ListOrderEvents(context.get(), r, &events).ok());
  EXPECT_EQ(events.events().rbegin()->event_type(), "NoteAdded");
  note.set_text("");
  context = region_->Context();
  EXPECT_EQ(region_->orders().AddOrderNote(context.get(), note, &noted).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace oms::testing
