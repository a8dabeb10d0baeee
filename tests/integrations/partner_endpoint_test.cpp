// omsd's partner endpoint over real loopback HTTP, with a recording inbox:
// signatures, the wire format and its precise 400s, and the mapping of the
// inbox's answers to HTTP.
#include "server/api/partner_endpoint.h"

#include <httplib.h>

#include <chrono>
#include <future>
#include <string>

#include "absl/strings/match.h"
#include "common/sha256.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/partners/recording_partner_inbox.h"

namespace oms::api {
namespace {

using application::ShipConfirmation;
using application::StockSnapshot;
using nlohmann::json;
using partner_testing::RecordingPartnerInbox;

constexpr char kNode[] = "3PL-BER";
constexpr char kSecret[] = "node-secret";
constexpr char kConfirmations[] = "/partners/v1/nodes/3PL-BER/ship-confirmations";
constexpr char kSnapshots[] = "/partners/v1/nodes/3PL-BER/stock-snapshots";

json Confirmation(const std::string& id = "c-1", int64_t sequence = 1,
                  const std::string& kind = "SHIPPED") {
  return json{
      {"confirmation_id", id}, {"shipment_id", "S-1"}, {"sequence", sequence},
      {"kind", kind},          {"carrier", "DHL"},     {"service", "parcel"},
      {"tracking_id", "TRK1"}, {"note", ""},           {"occurred_at", "2024-05-01T12:00:00Z"}};
}

json Snapshot() {
  return json{{"snapshot_id", "snap-1"},
              {"taken_at", "2024-05-01T12:00:00.5+02:00"},
              {"items", json::array({json{{"sku", "SKU-1"}, {"on_hand", 7}},
                                     json{{"sku", "SKU-2"}, {"on_hand", 0}}})}};
}

class PartnerEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(PartnerEndpointOptions{}); }

  void Start(PartnerEndpointOptions options) {
    endpoint_ = std::make_unique<PartnerEndpoint>(
        inbox_, absl::flat_hash_map<std::string, std::string>{{kNode, kSecret}}, options);
    ASSERT_TRUE(endpoint_->Start("127.0.0.1", 0).ok());
  }

  httplib::Result Post(const std::string& path, const std::string& body,
                       const std::string& signature) {
    httplib::Client client("127.0.0.1", endpoint_->port());
    client.set_read_timeout(30, 0);
    return client.Post(path.c_str(), {{"X-Signature", signature}}, body, "application/json");
  }
  httplib::Result Signed(const std::string& path, const std::string& body) {
    return Post(path, body, HmacSha256Hex(kSecret, body));
  }
  // The "error" of a JSON error answer.
  static std::string ErrorOf(const httplib::Result& res) {
    json j = json::parse(res->body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].get<std::string>() : "";
  }

  // Declared first so it outlives the endpoint that calls it.
  RecordingPartnerInbox inbox_;
  std::unique_ptr<PartnerEndpoint> endpoint_;
};

TEST_F(PartnerEndpointTest, SignedConfirmationIsHandedToTheInboxAndAnsweredApplied) {
  auto res = Signed(kConfirmations, Confirmation().dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body), (json{{"status", "applied"}}));
  ASSERT_EQ(inbox_.confirmations().size(), 1u);
  const ShipConfirmation c = inbox_.confirmations()[0];
  EXPECT_EQ(c.node_id, kNode);
  EXPECT_EQ(c.confirmation_id, "c-1");
  EXPECT_EQ(c.shipment_id, "S-1");
  EXPECT_EQ(c.sequence, 1);
  EXPECT_EQ(c.kind, ShipConfirmation::Kind::kShipped);
  EXPECT_EQ(c.carrier, "DHL");
  EXPECT_EQ(c.service, "parcel");
  EXPECT_EQ(c.tracking_id, "TRK1");
  EXPECT_EQ(c.occurred_at, absl::FromUnixSeconds(1714564800));
}

TEST_F(PartnerEndpointTest, DeliveredAndExceptionKindsAreRead) {
  ASSERT_EQ(Signed(kConfirmations, Confirmation("c-2", 2, "DELIVERED").dump())->status, 200);
  ASSERT_EQ(Signed(kConfirmations, Confirmation("c-3", 3, "EXCEPTION").dump())->status, 200);
  ASSERT_EQ(inbox_.confirmations().size(), 2u);
  EXPECT_EQ(inbox_.confirmations()[0].kind, ShipConfirmation::Kind::kDelivered);
  EXPECT_EQ(inbox_.confirmations()[1].kind, ShipConfirmation::Kind::kException);
}

TEST_F(PartnerEndpointTest, StockSnapshotIsHandedToTheInbox) {
  auto res = Signed(kSnapshots, Snapshot().dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  ASSERT_EQ(inbox_.snapshots().size(), 1u);
  const StockSnapshot s = inbox_.snapshots()[0];
  EXPECT_EQ(s.node_id, kNode);
  EXPECT_EQ(s.snapshot_id, "snap-1");
  EXPECT_EQ(s.taken_at, absl::FromUnixMillis(1714557600500));
  ASSERT_EQ(s.items.size(), 2u);
  EXPECT_EQ(s.items[0].sku, "SKU-1");
  EXPECT_EQ(s.items[0].on_hand, 7);
  EXPECT_EQ(s.items[1].on_hand, 0);
}

TEST_F(PartnerEndpointTest, MissingSignatureIs401AndReachesNoInbox) {
  httplib::Client client("127.0.0.1", endpoint_->port());
  auto res = client.Post(kConfirmations, Confirmation().dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_TRUE(absl::StrContains(ErrorOf(res), "X-Signature is missing")) << res->body;
  EXPECT_TRUE(inbox_.confirmations().empty());
}

TEST_F(PartnerEndpointTest, WrongSignatureIs401AndReachesNoInbox) {
  const std::string body = Confirmation().dump();
  auto wrong_secret = Post(kConfirmations, body, HmacSha256Hex("other-secret", body));
  auto other_body = Post(kSnapshots, Snapshot().dump(), HmacSha256Hex(kSecret, body));
  ASSERT_TRUE(wrong_secret && other_body);
  EXPECT_EQ(wrong_secret->status, 401);
  EXPECT_EQ(other_body->status, 401);
  EXPECT_TRUE(inbox_.confirmations().empty());
  EXPECT_TRUE(inbox_.snapshots().empty());
}

TEST_F(PartnerEndpointTest, UpperCaseHexSignatureIsAccepted) {
  const std::string body = Confirmation().dump();
  std::string signature = HmacSha256Hex(kSecret, body);
  for (char& ch : signature) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(Post(kConfirmations, body, signature)->status, 200);
}

TEST_F(PartnerEndpointTest, UnknownNodeIs404) {
  const std::string body = Confirmation().dump();
  auto res = Post("/partners/v1/nodes/WH-1/ship-confirmations", body, HmacSha256Hex(kSecret, body));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_TRUE(absl::StrContains(ErrorOf(res), "unknown node 'WH-1'")) << res->body;
  EXPECT_TRUE(inbox_.confirmations().empty());
}

TEST_F(PartnerEndpointTest, MalformedBodiesAre400NamingWhatIsWrong) {
  json no_id = Confirmation();
  no_id.erase("confirmation_id");
  json bad_kind = Confirmation();
  bad_kind["kind"] = "LOST";
  json bad_time = Confirmation();
  bad_time["occurred_at"] = "yesterday";
  json zero_sequence = Confirmation();
  zero_sequence["sequence"] = 0;
  json string_sequence = Confirmation();
  string_sequence["sequence"] = "1";
  const std::pair<std::string, std::string> cases[] = {
      {"{not json", "not valid JSON"},
      {"[1,2]", "must be a JSON object"},
      {no_id.dump(), "confirmation_id is required"},
      {bad_kind.dump(), "kind must be SHIPPED, DELIVERED or EXCEPTION, got 'LOST'"},
      {bad_time.dump(), "occurred_at must be an RFC 3339 time"},
      {zero_sequence.dump(), "sequence must be at least 1"},
      {string_sequence.dump(), "sequence must be an integer"},
  };
  for (const auto& [body, reason] : cases) {
    auto res = Signed(kConfirmations, body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body;
    EXPECT_TRUE(absl::StrContains(ErrorOf(res), reason)) << res->body;
  }
  EXPECT_TRUE(inbox_.confirmations().empty());
}

TEST_F(PartnerEndpointTest, MalformedSnapshotsAre400NamingTheItem) {
  json negative = Snapshot();
  negative["items"][1]["on_hand"] = -1;
  json twice = Snapshot();
  twice["items"][1]["sku"] = "SKU-1";
  json no_items = Snapshot();
  no_items.erase("items");
  const std::pair<std::string, std::string> cases[] = {
      {negative.dump(), "items[1].on_hand must be at least 0"},
      {twice.dump(), "items[1].sku SKU-1 is listed twice"},
      {no_items.dump(), "items is required and must be an array"},
  };
  for (const auto& [body, reason] : cases) {
    auto res = Signed(kSnapshots, body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body;
    EXPECT_TRUE(absl::StrContains(ErrorOf(res), reason)) << res->body;
  }
  EXPECT_TRUE(inbox_.snapshots().empty());
}

TEST_F(PartnerEndpointTest, UnknownFieldsAreIgnored) {
  json body = Confirmation();
  body["weight_grams"] = 1200;
  EXPECT_EQ(Signed(kConfirmations, body.dump())->status, 200);
}

TEST_F(PartnerEndpointTest, InboxRefusalIs409WithItsReason) {
  inbox_.SetConfirmationRule([](const ShipConfirmation&) {
    return absl::FailedPreconditionError("out of order: sequence 2 arrived, 1 is next");
  });
  auto res = Signed(kConfirmations, Confirmation("c-2", 2, "DELIVERED").dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
  EXPECT_EQ(ErrorOf(res), "out of order: sequence 2 arrived, 1 is next");
}

TEST_F(PartnerEndpointTest, InboxStatusesMapToHttp) {
  const std::pair<absl::Status, int> cases[] = {
      {absl::NotFoundError("no shipment S-1 at node 3PL-BER"), 404},
      {absl::InvalidArgumentError("tracking_id is required for SHIPPED"), 400},
      {absl::UnavailableError("the writer is busy"), 503},
      {absl::AbortedError("write conflict"), 503},
      {absl::AlreadyExistsError("c-1 was applied with other content"), 409},
      {absl::InternalError("broken invariant"), 500},
  };
  for (const auto& [status, http] : cases) {
    inbox_.SetSnapshotRule([status = status](const StockSnapshot&) { return status; });
    auto res = Signed(kSnapshots, Snapshot().dump());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, http) << status;
    if (http == 500) {
      EXPECT_FALSE(absl::StrContains(res->body, "broken invariant")) << "internals leak";
    } else {
      EXPECT_EQ(ErrorOf(res), status.message());
    }
    if (http == 503) {
      EXPECT_EQ(res->get_header_value("Retry-After"), "1");
    }
  }
}

TEST_F(PartnerEndpointTest, DuplicatesAreForwardedAsTheyCome) {
  const std::string body = Confirmation().dump();
  EXPECT_EQ(Signed(kConfirmations, body)->status, 200);
  EXPECT_EQ(Signed(kConfirmations, body)->status, 200);
  ASSERT_EQ(inbox_.confirmations().size(), 2u);
  EXPECT_EQ(inbox_.confirmations()[1].confirmation_id, "c-1");
}

TEST_F(PartnerEndpointTest, BodyOverTheCapIs413) {
  endpoint_.reset();
  PartnerEndpointOptions options;
  options.max_body_bytes = 1024;
  Start(options);
  json body = Confirmation();
  body["note"] = std::string(2000, 'x');
  auto res = Signed(kConfirmations, body.dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_TRUE(absl::StrContains(ErrorOf(res), "larger than 1024 bytes")) << res->body;
  EXPECT_TRUE(inbox_.confirmations().empty());
}

TEST_F(PartnerEndpointTest, UnknownRouteIs404WithJson) {
  httplib::Client client("127.0.0.1", endpoint_->port());
  auto res = client.Get("/partners/v1/nodes/3PL-BER/ship-confirmations");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_TRUE(absl::StrContains(ErrorOf(res), "no route GET")) << res->body;
}

TEST_F(PartnerEndpointTest, InboxThatDoesNotAnswerInTimeIs503) {
  endpoint_.reset();
  PartnerEndpointOptions options;
  options.inbox_timeout = absl::Milliseconds(200);
  Start(options);
  inbox_.NeverAnswer();
  auto res = Signed(kConfirmations, Confirmation().dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_TRUE(absl::StrContains(ErrorOf(res), "did not apply it within")) << res->body;
}

TEST_F(PartnerEndpointTest, StopAnswersRequestsStillWaitingForTheInbox) {
  endpoint_.reset();
  PartnerEndpointOptions options;
  options.inbox_timeout = absl::Hours(1);
  Start(options);
  inbox_.NeverAnswer();
  auto waiting = std::async(std::launch::async,
                            [this] { return Signed(kConfirmations, Confirmation().dump()); });
  ASSERT_TRUE(inbox_.AwaitConfirmations(1, absl::Seconds(30)));
  auto stopped = std::async(std::launch::async, [this] { endpoint_->Stop(); });
  ASSERT_EQ(stopped.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  ASSERT_EQ(waiting.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  httplib::Result res = waiting.get();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_TRUE(absl::StrContains(ErrorOf(res), "stopping")) << res->body;
}

TEST_F(PartnerEndpointTest, StartingTwiceIsFailedPreconditionAndABusyPortUnavailable) {
  EXPECT_EQ(endpoint_->Start("127.0.0.1", 0).code(), absl::StatusCode::kFailedPrecondition);
  PartnerEndpoint second(inbox_, {});
  EXPECT_EQ(second.Start("127.0.0.1", endpoint_->port()).code(), absl::StatusCode::kUnavailable);
}

TEST(PartnerWireTest, ParsesOffsetsAndFractionsOfRfc3339) {
  json body = Confirmation();
  body["occurred_at"] = "2024-05-01T14:00:00.250+02:00";
  absl::StatusOr<ShipConfirmation> c = ParseShipConfirmation("N", body.dump());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->occurred_at, absl::FromUnixMillis(1714564800250));
}

}  // namespace
}  // namespace oms::api
