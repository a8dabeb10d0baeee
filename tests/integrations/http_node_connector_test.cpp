// HttpNodeConnector against the 3PL simulator over real loopback HTTP:
// accept, reject, idempotency, every row of the status table, and the
// circuit breaker.
#include "server/integrations/http_node_connector.h"

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "partners/partner_server.h"
#include "tests/integrations/node_test_support.h"

namespace oms::integrations {
namespace {

using application::ShipmentRequest;
using partners::LogisticsCounters;
using partners::LogisticsFaults;
using partners::SimulatedShipment;
using testing::NodeResult;
using testing::PendingNodeAnswer;

constexpr char kNode[] = "3PL-BER";

ShipmentRequest Request(const std::string& shipment_id, const std::string& key,
                        const std::string& sku = "SKU-MUG") {
  ShipmentRequest r;
  r.idempotency_key = key;
  r.shipment_id = shipment_id;
  r.order_id = "EU1-01ORDER";
  r.order_number = "EU1-7Q2M-K9XD";
  r.node_id = kNode;
  r.lines = {{1, sku, "Mug", 2}, {2, "SKU-TEA", "Tea", 1}};
  r.ship_to = {"Ann Example", "Main St 1", "", "Berlin", "10115", "DE", "+4930123"};
  r.shipping_option = "standard";
  return r;
}

class HttpNodeConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    connector_ = MakeConnector(Config());
  }

  NodeEndpointConfig Config() {
    NodeEndpointConfig config;
    config.node_id = kNode;
    config.base_url = server_.base_url();
    config.secret = logistics().settings().secret;
    config.timeout = absl::Seconds(10);
    config.breaker.failure_threshold = 3;
    config.breaker.cool_down = absl::Seconds(30);
    return config;
  }
  std::unique_ptr<HttpNodeConnector> MakeConnector(NodeEndpointConfig config) {
    return std::make_unique<HttpNodeConnector>(std::move(config), &client_, &clock_);
  }
  // For the one call meant to time out; follow-ups use connector_.
  std::unique_ptr<HttpNodeConnector> ImpatientConnector() {
    NodeEndpointConfig config = Config();
    config.timeout = absl::Milliseconds(300);
    return MakeConnector(config);
  }

  NodeResult Ship(const ShipmentRequest& r) { return Ship(*connector_, r); }
  static NodeResult Ship(application::NodeConnector& connector, const ShipmentRequest& r) {
    PendingNodeAnswer a;
    connector.RequestShipment(r, a.callback());
    return a.Get();
  }
  NodeResult Cancel(const std::string& shipment_id, const std::string& key,
                    const std::string& node = kNode) {
    PendingNodeAnswer a;
    connector_->RequestCancellation(node, shipment_id, key, a.callback());
    return a.Get();
  }

  partners::ThirdPartyLogisticsSimulator& logistics() { return server_.third_party_logistics(); }
  void SetFaults(const LogisticsFaults& faults) { logistics().SetFaults(faults); }
  LogisticsCounters Counters() { return logistics().counters(); }

  // Declared first so it is destroyed last: the client answers what is in
  // flight before the simulator goes away.
  partners::PartnerServer server_;
  ManualClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  HttpClient client_;
  std::unique_ptr<HttpNodeConnector> connector_;
};

TEST_F(HttpNodeConnectorTest, AcceptedShipmentCarriesThePartnerRef) {
  NodeResult a = Ship(Request("S-1", "k-1"));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->accepted);
  EXPECT_FALSE(a->partner_ref.empty());
  auto kept = logistics().shipment("S-1");
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->state, SimulatedShipment::State::kAccepted);
  EXPECT_EQ(kept->partner_ref, a->partner_ref);
  EXPECT_EQ(kept->request.idempotency_key, "k-1");
  EXPECT_EQ(kept->request.node_id, kNode);
  EXPECT_EQ(kept->request.order_number, "EU1-7Q2M-K9XD");
  ASSERT_EQ(kept->request.lines.size(), 2u);
  EXPECT_EQ(kept->request.lines[0].sku, "SKU-MUG");
  EXPECT_EQ(kept->request.lines[0].quantity, 2);
  EXPECT_EQ(kept->request.ship_to.city, "Berlin");
  EXPECT_EQ(kept->request.shipping_option, "standard");
}

TEST_F(HttpNodeConnectorTest, RejectionIsAnOkAnswerWithTheReason) {
  LogisticsFaults faults;
  faults.reject_skus = {"SKU-MUG"};
  SetFaults(faults);
  NodeResult a = Ship(Request("S-1", "k-1"));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_FALSE(a->accepted);
  EXPECT_EQ(a->reason, "sku SKU-MUG is not stocked at this site");
  EXPECT_TRUE(Ship(Request("S-2", "k-2", "SKU-OTHER"))->accepted);
}

TEST_F(HttpNodeConnectorTest, RejectAllRejectsEveryShipment) {
  LogisticsFaults faults;
  faults.reject_all = true;
  SetFaults(faults);
  NodeResult a = Ship(Request("S-1", "k-1"));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_FALSE(a->accepted);
  EXPECT_EQ(a->reason, "not accepting shipments");
}

TEST_F(HttpNodeConnectorTest, SameKeyAnswersTheSamePartnerRefAndShipsOnce) {
  NodeResult first = Ship(Request("S-1", "k-1"));
  NodeResult again = Ship(Request("S-1", "k-1"));
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(again->partner_ref, first->partner_ref);
  EXPECT_TRUE(again->accepted);
  EXPECT_EQ(Counters().book.shipments, 1);
  EXPECT_EQ(Counters().book.replays, 1);
}

TEST_F(HttpNodeConnectorTest, SameKeyAfterARejectionAnswersTheRejectionAgain) {
  LogisticsFaults faults;
  faults.reject_all = true;
  SetFaults(faults);
  ASSERT_FALSE(Ship(Request("S-1", "k-1"))->accepted);
  SetFaults(LogisticsFaults{});
  NodeResult again = Ship(Request("S-1", "k-1"));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->accepted);
  EXPECT_EQ(again->reason, "not accepting shipments");
}

TEST_F(HttpNodeConnectorTest, KeyReusedWithOtherContentIsAlreadyExists) {
  ASSERT_TRUE(Ship(Request("S-1", "k-1")).ok());
  NodeResult other = Ship(Request("S-1", "k-1", "SKU-OTHER"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAlreadyExists) << other.status();
}

TEST_F(HttpNodeConnectorTest, ShipmentRequestedAgainUnderANewKeyIsAlreadyExists) {
  ASSERT_TRUE(Ship(Request("S-1", "k-1")).ok());
  EXPECT_EQ(Ship(Request("S-1", "k-2")).status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Counters().book.shipments, 1);
}

TEST_F(HttpNodeConnectorTest, SlowNodeIsDeadlineExceeded) {
  LogisticsFaults faults;
  faults.latency = absl::Seconds(3);
  SetFaults(faults);
  NodeResult a = Ship(*ImpatientConnector(), Request("S-1", "k-1"));
  EXPECT_EQ(a.status().code(), absl::StatusCode::kDeadlineExceeded) << a.status();
}

TEST_F(HttpNodeConnectorTest, LostReplyIsDeadlineExceededAndAskingAgainFindsTheShipment) {
  LogisticsFaults faults;
  faults.lose_replies = 1;
  SetFaults(faults);
  NodeResult lost = Ship(*ImpatientConnector(), Request("S-1", "k-1"));
  EXPECT_EQ(lost.status().code(), absl::StatusCode::kDeadlineExceeded) << lost.status();
  ASSERT_TRUE(logistics().AwaitCounters(
      [](const LogisticsCounters& c) { return c.replies_lost == 1; }, absl::Seconds(30)));

  NodeResult again = Ship(Request("S-1", "k-1"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->accepted);
  EXPECT_EQ(again->partner_ref, logistics().shipment("S-1")->partner_ref);
  EXPECT_EQ(Counters().book.shipments, 1);
}

TEST_F(HttpNodeConnectorTest, OutageIsUnavailable) {
  LogisticsFaults faults;
  faults.outage = true;
  SetFaults(faults);
  NodeResult a = Ship(Request("S-1", "k-1"));
  EXPECT_EQ(a.status().code(), absl::StatusCode::kUnavailable) << a.status();
  EXPECT_TRUE(absl::StrContains(a.status().message(), "503")) << a.status();
}

TEST_F(HttpNodeConnectorTest, UnreachableNodeIsUnavailable) {
  NodeEndpointConfig config = Config();
  {
    partners::PartnerServer stopped;
    ASSERT_TRUE(stopped.Start().ok());
    config.base_url = stopped.base_url();
  }
  connector_ = MakeConnector(config);
  EXPECT_EQ(Ship(Request("S-1", "k-1")).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(HttpNodeConnectorTest, WrongSecretIsUnavailableAndNothingIsAccepted) {
  NodeEndpointConfig config = Config();
  config.secret = "not-the-secret";
  connector_ = MakeConnector(config);
  NodeResult a = Ship(Request("S-1", "k-1"));
  EXPECT_EQ(a.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(a.status().message(), "secret")) << a.status();
  EXPECT_EQ(Counters().bad_signatures, 1);
  EXPECT_EQ(Counters().book.shipments, 0);
}

TEST_F(HttpNodeConnectorTest, MalformedRequestIsInvalidArgumentFromThePartner) {
  ShipmentRequest r = Request("S-1", "k-1");
  r.lines[0].quantity = 0;
  NodeResult a = Ship(r);
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument) << a.status();
  EXPECT_TRUE(absl::StrContains(a.status().message(), "quantity")) << a.status();
}

TEST_F(HttpNodeConnectorTest, BadRequestsAreRefusedWithoutCalling) {
  ShipmentRequest other_node = Request("S-1", "k-1");
  other_node.node_id = "WH-1";
  ShipmentRequest no_key = Request("S-2", "");
  ShipmentRequest header_injection = Request("S-3", "k\r\nX-Evil: 1");
  for (const ShipmentRequest& r : {other_node, no_key, header_injection}) {
    EXPECT_EQ(Ship(r).status().code(), absl::StatusCode::kInvalidArgument) << r.shipment_id;
  }
  EXPECT_EQ(Cancel("S-1", "k-c", "WH-1").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Counters().shipment_calls, 0);
  EXPECT_EQ(Counters().cancel_calls, 0);
}

TEST_F(HttpNodeConnectorTest, CancellingAnAcceptedShipmentIsAccepted) {
  ASSERT_TRUE(Ship(Request("S-1", "k-1"))->accepted);
  NodeResult a = Cancel("S-1", "k-cancel");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->accepted);
  EXPECT_EQ(logistics().shipment("S-1")->state, SimulatedShipment::State::kCancelled);
  NodeResult again = Cancel("S-1", "k-cancel");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->accepted);
}

TEST_F(HttpNodeConnectorTest, CancellingWhilePickingIsTooLate) {
  ASSERT_TRUE(Ship(Request("S-1", "k-1"))->accepted);
  ASSERT_TRUE(logistics().StartPicking("S-1").ok());
  NodeResult a = Cancel("S-1", "k-cancel");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_FALSE(a->accepted);
  EXPECT_TRUE(absl::StrContains(a->reason, "too late")) << a->reason;
}

TEST_F(HttpNodeConnectorTest, CancellingAnUnknownShipmentIsNotFound) {
  EXPECT_EQ(Cancel("S-404", "k-cancel").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(HttpNodeConnectorTest, ShipmentIdsThatNeedEncodingAreCancelled) {
  ASSERT_TRUE(Ship(Request("S/1 x?y", "k-1"))->accepted);
  NodeResult a = Cancel("S/1 x?y", "k-cancel");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->accepted);
}

TEST_F(HttpNodeConnectorTest, CircuitOpensAfterConsecutiveFailuresAndAnswersWithoutCalling) {
  LogisticsFaults faults;
  faults.outage = true;
  SetFaults(faults);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Ship(Request("S-1", "k-1")).status().code(), absl::StatusCode::kUnavailable);
  }
  EXPECT_EQ(connector_->circuit_state(), CircuitBreaker::State::kOpen);
  NodeResult refused = Ship(Request("S-1", "k-1"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(refused.status().message(), "circuit")) << refused.status();
  EXPECT_EQ(Counters().shipment_calls, 3);
}

TEST_F(HttpNodeConnectorTest, CircuitRecoversAfterTheCoolDownWhenTheNodeIsBack) {
  LogisticsFaults faults;
  faults.outage = true;
  SetFaults(faults);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Ship(Request("S-1", "k-1")).status().code(), absl::StatusCode::kUnavailable);
  }
  SetFaults(LogisticsFaults{});
  EXPECT_EQ(Ship(Request("S-1", "k-1")).status().code(), absl::StatusCode::kUnavailable);
  clock_.Advance(absl::Seconds(30));
  NodeResult probe = Ship(Request("S-1", "k-1"));
  ASSERT_TRUE(probe.ok()) << probe.status();
  EXPECT_TRUE(probe->accepted);
  EXPECT_EQ(connector_->circuit_state(), CircuitBreaker::State::kClosed);
}

TEST_F(HttpNodeConnectorTest, RejectionsAndRefusalsDoNotOpenTheCircuit) {
  LogisticsFaults faults;
  faults.reject_all = true;
  SetFaults(faults);
  for (int i = 0; i < 5; ++i) {
    const std::string n = std::to_string(i);
    EXPECT_FALSE(Ship(Request("S-" + n, "k-" + n))->accepted);
    EXPECT_EQ(Cancel("S-404", "c-" + n).status().code(), absl::StatusCode::kNotFound);
  }
  EXPECT_EQ(connector_->circuit_state(), CircuitBreaker::State::kClosed);
}

}  // namespace
}  // namespace oms::integrations
