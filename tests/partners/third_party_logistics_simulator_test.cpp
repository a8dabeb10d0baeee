// The 3PL simulator over real loopback HTTP on both sides: omsd's adapter
// side is a plain HTTP client, and the simulator's reports go to a real
// PartnerEndpoint whose inbox records them and keeps the order rules
// (each confirmation applied once, in sequence, or refused with a reason).
#include "partners/third_party_logistics_simulator.h"

#include <httplib.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "common/sha256.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "partners/partner_server.h"
#include "server/api/partner_endpoint.h"
#include "tests/partners/recording_partner_inbox.h"

namespace oms::partners {
namespace {

using application::ShipConfirmation;
using nlohmann::json;
using Outcome = CallbackAttempt::Outcome;
using partner_testing::RecordingPartnerInbox;

constexpr char kNode[] = "3PL-BER";
constexpr char kSecret[] = "node-secret";
const absl::Duration kPatience = absl::Seconds(30);

std::string ShipmentBody(const std::string& shipment_id, const std::string& node = kNode) {
  return json{
      {"shipment_id", shipment_id},
      {"node_id", node},
      {"order_id", "EU1-O1"},
      {"order_number", "EU1-7Q2M-K9XD"},
      {"lines",
       json::array({json{{"line_no", 1}, {"sku", "SKU-1"}, {"name", "Mug"}, {"quantity", 2}}})},
      {"ship_to", json{{"name", "Ann"}, {"city", "Berlin"}, {"country", "DE"}}},
      {"shipping_option", "standard"}}
      .dump();
}

class ThirdPartyLogisticsSimulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    ASSERT_TRUE(endpoint_.Start("127.0.0.1", 0).ok());
    LogisticsSettings settings;
    settings.callback_url = endpoint_.base_url();
    settings.secret = kSecret;
    settings.retry.initial_backoff = absl::Milliseconds(20);
    settings.retry.max_backoff = absl::Milliseconds(200);
    ASSERT_TRUE(sim().SetSettings(settings).ok());
  }

  ThirdPartyLogisticsSimulator& sim() { return server_.third_party_logistics(); }

  httplib::Result Post(const std::string& path, const std::string& body,
                       const httplib::Headers& headers) {
    httplib::Client client("127.0.0.1", server_.port());
    client.set_read_timeout(30, 0);
    return client.Post(path.c_str(), headers, body, "application/json");
  }
  httplib::Result RequestShipment(const std::string& shipment_id, const std::string& key) {
    const std::string body = ShipmentBody(shipment_id);
    return Post("/3pl/v1/shipments", body,
                {{"X-Signature", HmacSha256Hex(kSecret, body)}, {"Idempotency-Key", key}});
  }
  // A shipment the 3PL has accepted.
  void Accepted(const std::string& shipment_id) {
    auto res = RequestShipment(shipment_id, "key-" + shipment_id);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    ASSERT_TRUE(json::parse(res->body)["accepted"].get<bool>()) << res->body;
  }
  json Control(const std::string& path, const json& body, int expected_status = 200) {
    auto res = Post(path, body.dump(), {});
    EXPECT_TRUE(res);
    if (!res) return json();
    EXPECT_EQ(res->status, expected_status) << res->body;
    return json::parse(res->body, nullptr, false);
  }
  json ControlGet(const std::string& path) {
    httplib::Client client("127.0.0.1", server_.port());
    auto res = client.Get(path.c_str());
    EXPECT_TRUE(res && res->status == 200);
    return res ? json::parse(res->body) : json();
  }
  void SetRetry(int max_attempts) {
    LogisticsSettings s = sim().settings();
    s.retry.max_attempts = max_attempts;
    ASSERT_TRUE(sim().SetSettings(s).ok());
  }
  // (kind, HTTP status, outcome) of every post so far.
  std::vector<std::tuple<std::string, int, Outcome>> Posts() {
    std::vector<std::tuple<std::string, int, Outcome>> out;
    for (const CallbackAttempt& a : sim().callbacks()) {
      out.emplace_back(a.callback.kind, a.status, a.outcome);
    }
    return out;
  }

  // Destroyed last to first: the simulator stops posting before the
  // endpoint goes, and the endpoint before the inbox it calls.
  RecordingPartnerInbox inbox_;
  api::PartnerEndpoint endpoint_{inbox_, {{kNode, kSecret}}};
  PartnerServer server_;
};

TEST_F(ThirdPartyLogisticsSimulatorTest, ShipPostsShippedThenDeliveredWithCarrierAndTracking) {
  inbox_.EnforceOrder();
  Accepted("S-1");
  ShipPlan plan;
  plan.carrier = "UPS";
  plan.service = "express";
  plan.tracking_id = "1Z999";
  const absl::Time before = absl::Now();
  absl::StatusOr<std::vector<PostedConfirmation>> sent = sim().Ship("S-1", plan);
  ASSERT_TRUE(sent.ok()) << sent.status();
  ASSERT_EQ(sent->size(), 2u);
  ASSERT_TRUE(inbox_.AwaitApplied(2, kPatience));

  const std::vector<ShipConfirmation> got = inbox_.confirmations();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].kind, ShipConfirmation::Kind::kShipped);
  EXPECT_EQ(got[1].kind, ShipConfirmation::Kind::kDelivered);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(got[i].node_id, kNode);
    EXPECT_EQ(got[i].shipment_id, "S-1");
    EXPECT_EQ(got[i].sequence, i + 1);
    EXPECT_EQ(got[i].confirmation_id, (*sent)[i].confirmation_id);
    EXPECT_EQ(got[i].carrier, "UPS");
    EXPECT_EQ(got[i].service, "express");
    EXPECT_EQ(got[i].tracking_id, "1Z999");
    EXPECT_GE(got[i].occurred_at, before - absl::Seconds(1));
  }
  EXPECT_EQ(sim().shipment("S-1")->state, SimulatedShipment::State::kDelivered);
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));
  for (const CallbackAttempt& a : sim().callbacks()) {
    EXPECT_EQ(a.status, 200) << a.reply;
    EXPECT_EQ(a.outcome, Outcome::kAccepted);
    EXPECT_EQ(json::parse(a.reply)["status"], "applied");
  }
}

TEST_F(ThirdPartyLogisticsSimulatorTest, LateConfirmationsArriveAfterTheDelayAndAfterOthers) {
  inbox_.EnforceOrder();
  Accepted("S-LATE");
  Accepted("S-PROMPT");
  ShipPlan late;
  late.faults.delay = absl::Milliseconds(500);
  late.deliver = false;
  ShipPlan prompt;
  prompt.deliver = false;
  const absl::Time shipped_at = absl::Now();
  ASSERT_TRUE(sim().Ship("S-LATE", late).ok());
  ASSERT_TRUE(sim().Ship("S-PROMPT", prompt).ok());
  ASSERT_TRUE(inbox_.AwaitApplied(2, kPatience));
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));

  const std::vector<ShipConfirmation> got = inbox_.confirmations();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].shipment_id, "S-PROMPT");
  EXPECT_EQ(got[1].shipment_id, "S-LATE");
  const std::vector<CallbackAttempt> posts = sim().callbacks();
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_GE(posts[1].sent_at - shipped_at, absl::Milliseconds(500));
  // The report still says when the parcel really left.
  EXPECT_LT(got[1].occurred_at - shipped_at, absl::Milliseconds(500));
}

TEST_F(ThirdPartyLogisticsSimulatorTest, DuplicatesArePostedTwiceAndAppliedOnce) {
  inbox_.EnforceOrder();
  Accepted("S-1");
  ShipPlan plan;
  plan.faults.duplicate = true;
  ASSERT_TRUE(sim().Ship("S-1", plan).ok());
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));

  EXPECT_EQ(inbox_.confirmations().size(), 4u);  // the endpoint forwards every copy
  EXPECT_EQ(inbox_.applied().size(), 2u);
  EXPECT_EQ(Posts(), (std::vector<std::tuple<std::string, int, Outcome>>{
                         {"SHIPPED", 200, Outcome::kAccepted},
                         {"SHIPPED", 200, Outcome::kAccepted},
                         {"DELIVERED", 200, Outcome::kAccepted},
                         {"DELIVERED", 200, Outcome::kAccepted}}));
  EXPECT_EQ(sim().callbacks()[1].callback.copy, 2);
}

TEST_F(ThirdPartyLogisticsSimulatorTest, OutOfOrderDeliveredIsRefusedThenAppliedAfterShipped) {
  inbox_.EnforceOrder();
  Accepted("S-1");
  ShipPlan plan;
  plan.faults.out_of_order = true;
  absl::StatusOr<std::vector<PostedConfirmation>> sent = sim().Ship("S-1", plan);
  ASSERT_TRUE(sent.ok());
  ASSERT_TRUE(inbox_.AwaitApplied(2, kPatience));
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));

  EXPECT_EQ(inbox_.applied(),
            (std::vector<std::string>{(*sent)[0].confirmation_id, (*sent)[1].confirmation_id}));
  EXPECT_EQ(Posts(), (std::vector<std::tuple<std::string, int, Outcome>>{
                         {"DELIVERED", 409, Outcome::kRetrying},
                         {"SHIPPED", 200, Outcome::kAccepted},
                         {"DELIVERED", 200, Outcome::kAccepted}}));
  const CallbackAttempt refused = sim().callbacks()[0];
  EXPECT_TRUE(absl::StrContains(refused.reply, "out of order")) << refused.reply;
  EXPECT_EQ(sim().callbacks()[2].attempt, 2);
}

TEST_F(ThirdPartyLogisticsSimulatorTest, RetriesAfter409WithGrowingBackoffUntilTaken) {
  int refusals = 3;
  inbox_.SetConfirmationRule([&refusals](const ShipConfirmation&) {
    if (refusals-- > 0) return absl::FailedPreconditionError("shipment S-1 is being replanned");
    return absl::OkStatus();
  });
  Accepted("S-1");
  ShipPlan plan;
  plan.deliver = false;
  ASSERT_TRUE(sim().Ship("S-1", plan).ok());
  ASSERT_TRUE(sim().AwaitCallbacks(
      [](const std::vector<CallbackAttempt>& a) {
        return !a.empty() && a.back().outcome == Outcome::kAccepted;
      },
      kPatience));

  const std::vector<CallbackAttempt> posts = sim().callbacks();
  ASSERT_EQ(posts.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(posts[i].status, 409);
    EXPECT_EQ(posts[i].outcome, Outcome::kRetrying);
    EXPECT_EQ(posts[i].attempt, i + 1);
    // 20 ms, then 40, then 80.
    EXPECT_GE(posts[i + 1].sent_at - posts[i].sent_at, absl::Milliseconds(20 << i));
  }
  EXPECT_EQ(posts[3].status, 200);
  EXPECT_EQ(inbox_.confirmations().size(), 4u);
}

TEST_F(ThirdPartyLogisticsSimulatorTest, GivesUpAfterMaxAttemptsOfUnavailable) {
  SetRetry(3);
  inbox_.SetConfirmationRule(
      [](const ShipConfirmation&) { return absl::UnavailableError("omsd is busy"); });
  Accepted("S-1");
  ShipPlan plan;
  plan.deliver = false;
  ASSERT_TRUE(sim().Ship("S-1", plan).ok());
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));
  EXPECT_EQ(Posts(), (std::vector<std::tuple<std::string, int, Outcome>>{
                         {"SHIPPED", 503, Outcome::kRetrying},
                         {"SHIPPED", 503, Outcome::kRetrying},
                         {"SHIPPED", 503, Outcome::kGaveUp}}));
  EXPECT_EQ(sim().counters().callbacks.gave_up, 1);
}

TEST_F(ThirdPartyLogisticsSimulatorTest, ABadSignatureIsRefusedForGoodNotRetried) {
  Accepted("S-1");
  LogisticsSettings s = sim().settings();
  s.node_secrets[kNode] = "a-stale-secret";
  ASSERT_TRUE(sim().SetSettings(s).ok());
  ShipPlan plan;
  plan.deliver = false;
  ASSERT_TRUE(sim().Ship("S-1", plan).ok());
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));
  EXPECT_EQ(
      Posts(),
      (std::vector<std::tuple<std::string, int, Outcome>>{{"SHIPPED", 401, Outcome::kRefused}}));
  EXPECT_TRUE(inbox_.confirmations().empty());
}

TEST_F(ThirdPartyLogisticsSimulatorTest, UnreachableOmsdIsRetriedThenGivenUp) {
  SetRetry(2);
  std::string closed_url;
  {
    api::PartnerEndpoint gone(inbox_, {});
    ASSERT_TRUE(gone.Start("127.0.0.1", 0).ok());
    closed_url = gone.base_url();
  }
  LogisticsSettings s = sim().settings();
  s.callback_url = closed_url;
  ASSERT_TRUE(sim().SetSettings(s).ok());
  Accepted("S-1");
  ShipPlan plan;
  plan.deliver = false;
  ASSERT_TRUE(sim().Ship("S-1", plan).ok());
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));
  EXPECT_EQ(Posts(), (std::vector<std::tuple<std::string, int, Outcome>>{
                         {"SHIPPED", 0, Outcome::kRetrying}, {"SHIPPED", 0, Outcome::kGaveUp}}));
  EXPECT_TRUE(absl::StrContains(sim().callbacks()[0].reply, "no reply"));
}

TEST_F(ThirdPartyLogisticsSimulatorTest, DeliverAndExceptionFollowALaterShip) {
  inbox_.EnforceOrder();
  Accepted("S-1");
  Accepted("S-2");
  ShipPlan plan;
  plan.deliver = false;
  ASSERT_TRUE(sim().Ship("S-1", plan).ok());
  ASSERT_TRUE(sim().Ship("S-2", plan).ok());
  absl::StatusOr<PostedConfirmation> delivered = sim().Deliver("S-1", {});
  absl::StatusOr<PostedConfirmation> lost = sim().ReportException("S-2", "parcel lost", {});
  ASSERT_TRUE(delivered.ok() && lost.ok());
  EXPECT_EQ(delivered->sequence, 2);
  ASSERT_TRUE(inbox_.AwaitApplied(4, kPatience));
  const ShipConfirmation last = inbox_.confirmations().back();
  EXPECT_EQ(last.kind, ShipConfirmation::Kind::kException);
  EXPECT_EQ(last.note, "parcel lost");
  EXPECT_EQ(sim().Deliver("S-1", {}).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(ThirdPartyLogisticsSimulatorTest, ShipRefusesUnknownUnacceptedOrUnconfiguredShipments) {
  EXPECT_EQ(sim().Ship("S-404", {}).status().code(), absl::StatusCode::kNotFound);
  Accepted("S-1");
  ASSERT_TRUE(sim().Ship("S-1", {}).ok());
  EXPECT_EQ(sim().Ship("S-1", {}).status().code(), absl::StatusCode::kFailedPrecondition);
  Accepted("S-2");
  LogisticsSettings s = sim().settings();
  s.callback_url.clear();
  ASSERT_TRUE(sim().SetSettings(s).ok());
  absl::StatusOr<std::vector<PostedConfirmation>> unconfigured = sim().Ship("S-2", {});
  EXPECT_EQ(unconfigured.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(unconfigured.status().message(), "callback_url"));
  EXPECT_EQ(sim().shipment("S-2")->state, SimulatedShipment::State::kAccepted);
}

TEST_F(ThirdPartyLogisticsSimulatorTest, ACallbackUrlWithATrailingSlashIsUsedAsTheBase) {
  sim().SetCallback(endpoint_.base_url() + "/", kSecret);
  Accepted("S-1");
  ASSERT_TRUE(sim().Ship("S-1", {}).ok());
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));
  EXPECT_EQ(inbox_.confirmations().size(), 2u);
}

TEST_F(ThirdPartyLogisticsSimulatorTest, StockSnapshotIsPostedSigned) {
  const absl::Time taken_at = absl::FromUnixSeconds(1714564800);
  SnapshotPlan plan;
  plan.taken_at = taken_at;
  absl::StatusOr<std::string> id =
      sim().PostStockSnapshot(kNode, {{"SKU-1", 12}, {"SKU-2", 0}}, plan);
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));
  ASSERT_EQ(inbox_.snapshots().size(), 1u);
  const application::StockSnapshot s = inbox_.snapshots()[0];
  EXPECT_EQ(s.snapshot_id, *id);
  EXPECT_EQ(s.node_id, kNode);
  EXPECT_EQ(s.taken_at, taken_at);
  ASSERT_EQ(s.items.size(), 2u);
  EXPECT_EQ(s.items[0].sku, "SKU-1");
  EXPECT_EQ(s.items[0].on_hand, 12);
  EXPECT_EQ(sim().callbacks()[0].status, 200);
}

TEST_F(ThirdPartyLogisticsSimulatorTest, ShipmentRequestsNeedTheNodesSignatureAndAKey) {
  const std::string body = ShipmentBody("S-1");
  auto unsigned_res = Post("/3pl/v1/shipments", body, {{"Idempotency-Key", "k"}});
  auto no_key = Post("/3pl/v1/shipments", body, {{"X-Signature", HmacSha256Hex(kSecret, body)}});
  ASSERT_TRUE(unsigned_res && no_key);
  EXPECT_EQ(unsigned_res->status, 401);
  EXPECT_EQ(no_key->status, 400);
  EXPECT_TRUE(absl::StrContains(no_key->body, "Idempotency-Key")) << no_key->body;
  EXPECT_EQ(sim().counters().bad_signatures, 1);

  LogisticsSettings s = sim().settings();
  s.node_secrets["DS-PARIS"] = "paris-secret";
  ASSERT_TRUE(sim().SetSettings(s).ok());
  const std::string paris = ShipmentBody("S-2", "DS-PARIS");
  auto with_default =
      Post("/3pl/v1/shipments", paris,
           {{"X-Signature", HmacSha256Hex(kSecret, paris)}, {"Idempotency-Key", "k2"}});
  auto with_own =
      Post("/3pl/v1/shipments", paris,
           {{"X-Signature", HmacSha256Hex("paris-secret", paris)}, {"Idempotency-Key", "k2"}});
  EXPECT_EQ(with_default->status, 401);
  EXPECT_EQ(with_own->status, 200) << with_own->body;
}

TEST_F(ThirdPartyLogisticsSimulatorTest, OutageAnswers503AndRecordsNothing) {
  LogisticsFaults faults;
  faults.outage = true;
  sim().SetFaults(faults);
  auto res = RequestShipment("S-1", "k1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_FALSE(sim().shipment("S-1").has_value());
}

TEST_F(ThirdPartyLogisticsSimulatorTest, ControlRoutesShipAndShowWhatWasPosted) {
  inbox_.EnforceOrder();
  Accepted("S-1");
  json shipped = Control("/control/3pl/shipments/S-1/ship",
                         json{{"carrier", "GLS"}, {"tracking_id", "GLS-1"}, {"duplicate", true}});
  ASSERT_EQ(shipped["confirmations"].size(), 2u);
  EXPECT_EQ(shipped["confirmations"][0]["kind"], "SHIPPED");
  EXPECT_EQ(shipped["confirmations"][0]["tracking_id"], "GLS-1");
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));
  json posted = ControlGet("/control/3pl/callbacks")["callbacks"];
  ASSERT_EQ(posted.size(), 4u);
  EXPECT_EQ(posted[0]["status"], 200);
  EXPECT_EQ(posted[1]["copy"], 2);
  json state = ControlGet("/control/3pl");
  EXPECT_EQ(state["counters"]["callbacks"]["accepted"], 4);
  EXPECT_EQ(ControlGet("/control/3pl/shipments")["shipments"][0]["state"], "delivered");

  Control("/control/3pl/shipments/S-404/ship", json::object(), 404);
  Control("/control/3pl/shipments/S-1/ship", json::object(), 409);
  Control("/control/3pl/shipments/S-1/ship", json{{"carrer", "typo"}}, 400);
}

TEST_F(ThirdPartyLogisticsSimulatorTest, ControlRoutesSetFaultsSettingsAndSnapshots) {
  json faults = Control("/control/3pl", json{{"reject_skus", {"SKU-1"}}, {"latency_ms", 5}});
  EXPECT_EQ(faults["faults"]["reject_skus"], json::array({"SKU-1"}));
  auto res = RequestShipment("S-1", "k1");
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["reason"], "sku SKU-1 is not stocked at this site");
  Control("/control/3pl", json{{"latency_ms", -1}}, 400);
  Control("/control/3pl", json{{"outage", "yes"}}, 400);

  json settings = Control("/control/3pl/settings",
                          json{{"max_attempts", 2}, {"node_secrets", {{"DS-PARIS", "p"}}}});
  EXPECT_EQ(settings["settings"]["max_attempts"], 2);
  EXPECT_EQ(settings["settings"]["callback_url"], endpoint_.base_url());  // kept
  EXPECT_EQ(sim().settings().SecretFor("DS-PARIS"), "p");
  Control("/control/3pl/settings", json{{"callback_url", "ftp://x"}}, 400);
  Control("/control/3pl/settings", json{{"max_attempts", 0}}, 400);

  json snapshot = Control("/control/3pl/nodes/3PL-BER/stock-snapshots",
                          json{{"items", {{{"sku", "SKU-1"}, {"on_hand", 3}}}}});
  EXPECT_FALSE(snapshot["snapshot_id"].get<std::string>().empty());
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));
  ASSERT_EQ(inbox_.snapshots().size(), 1u);
  EXPECT_EQ(inbox_.snapshots()[0].items[0].on_hand, 3);
}

TEST_F(ThirdPartyLogisticsSimulatorTest, ResetForgetsShipmentsPostsAndSettings) {
  Accepted("S-1");
  ASSERT_TRUE(sim().Ship("S-1", {}).ok());
  ASSERT_TRUE(sim().AwaitCallbacksIdle(kPatience));
  httplib::Client client("127.0.0.1", server_.port());
  ASSERT_EQ(client.Post("/control/reset", "", "application/json")->status, 200);
  EXPECT_TRUE(sim().shipments().empty());
  EXPECT_TRUE(sim().callbacks().empty());
  EXPECT_TRUE(sim().settings().callback_url.empty());  // back to the options
  EXPECT_EQ(sim().counters().shipment_calls, 0);
}

}  // namespace
}  // namespace oms::partners
