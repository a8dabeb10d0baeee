// HttpPaymentGateway against the card gateway simulator over real loopback
// HTTP: every row of the port's status table, idempotency, faults and the
// circuit breaker.
#include "server/integrations/http_payment_gateway.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "partners/partner_server.h"
#include "tests/integrations/gateway_test_support.h"

namespace oms::integrations {
namespace {

using application::AuthorizeRequest;
using application::GatewayPayment;
using application::PaymentOperation;
using partners::GatewayCounters;
using partners::GatewayFaults;
using partners::GatewayOperation;
using testing::GatewayAnswer;
using testing::PendingAnswer;

class HttpPaymentGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    gateway_ = MakeGateway(Config());
  }

  GatewayConfig Config() {
    GatewayConfig config;
    config.name = "gw-test";
    config.base_url = server_.base_url();
    config.secret = server_.card_gateway().secret();
    config.currencies = {"EUR"};
    config.timeout = absl::Seconds(10);
    config.breaker.failure_threshold = 3;
    config.breaker.cool_down = absl::Seconds(30);
    return config;
  }
  std::unique_ptr<HttpPaymentGateway> MakeGateway(GatewayConfig config) {
    return std::make_unique<HttpPaymentGateway>(std::move(config), &client_, &clock_);
  }

  static AuthorizeRequest Auth(std::string key, std::string token = "tok_visa",
                               int64_t amount = 1000) {
    return AuthorizeRequest{std::move(key), "EU1-ORDER-1", amount, "EUR", std::move(token)};
  }
  static PaymentOperation Op(std::string key, std::string ref, int64_t amount) {
    return PaymentOperation{std::move(key), std::move(ref), amount, "EUR"};
  }

  GatewayAnswer Authorize(const AuthorizeRequest& r) { return Authorize(*gateway_, r); }
  static GatewayAnswer Authorize(application::PaymentGateway& gateway, const AuthorizeRequest& r) {
    PendingAnswer a;
    gateway.Authorize(r, a.callback());
    return a.Get();
  }
  // A gateway with a short timeout, for the one call that is meant to time
  // out; follow-up calls use gateway_ so a slow machine cannot fail them.
  std::unique_ptr<HttpPaymentGateway> ImpatientGateway() {
    GatewayConfig config = Config();
    config.timeout = absl::Milliseconds(300);
    return MakeGateway(config);
  }
  GatewayAnswer Capture(const PaymentOperation& op) {
    PendingAnswer a;
    gateway_->Capture(op, a.callback());
    return a.Get();
  }
  GatewayAnswer Void(const PaymentOperation& op) {
    PendingAnswer a;
    gateway_->Void(op, a.callback());
    return a.Get();
  }
  GatewayAnswer Refund(const PaymentOperation& op) {
    PendingAnswer a;
    gateway_->Refund(op, a.callback());
    return a.Get();
  }
  GatewayAnswer Lookup(const std::string& key) {
    PendingAnswer a;
    gateway_->Lookup(key, a.callback());
    return a.Get();
  }
  std::string AuthorizedRef(const std::string& key, int64_t amount = 1000) {
    GatewayAnswer a = Authorize(Auth(key, "tok_visa", amount));
    EXPECT_TRUE(a.ok()) << a.status();
    return a.ok() ? a->payment_ref : "";
  }

  void SetFaults(const GatewayFaults& faults) { server_.card_gateway().SetFaults(faults); }
  GatewayCounters Counters() { return server_.card_gateway().counters(); }

  // Declared first so it is destroyed last: the client answers what is in
  // flight before the simulator goes away.
  partners::PartnerServer server_;
  ManualClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  HttpClient client_;
  std::unique_ptr<HttpPaymentGateway> gateway_;
};

TEST_F(HttpPaymentGatewayTest, OrdinaryCardsAreAuthorized) {
  GatewayAnswer visa = Authorize(Auth("k-visa", "tok_visa", 1234));
  GatewayAnswer mastercard = Authorize(Auth("k-mc", "tok_mastercard"));
  ASSERT_TRUE(visa.ok()) << visa.status();
  ASSERT_TRUE(mastercard.ok()) << mastercard.status();
  EXPECT_EQ(visa->state, GatewayPayment::State::kAuthorized);
  EXPECT_EQ(visa->authorized_minor, 1234);
  EXPECT_EQ(visa->card_last4, "4242");
  EXPECT_FALSE(visa->payment_ref.empty());
  EXPECT_EQ(mastercard->card_last4, "4444");
}

TEST_F(HttpPaymentGatewayTest, DeclinesAreOkAnswersWithTheReason) {
  const std::pair<const char*, const char*> cases[] = {
      {"tok_decline", "card_declined"},
      {"tok_insufficient_funds", "insufficient_funds"},
      {"tok_expired", "expired_card"}};
  for (const auto& [token, reason] : cases) {
    GatewayAnswer a = Authorize(Auth(std::string("k-") + token, token));
    ASSERT_TRUE(a.ok()) << token << ": " << a.status();
    EXPECT_EQ(a->state, GatewayPayment::State::kDeclined) << token;
    EXPECT_EQ(a->decline_reason, reason);
  }
}

TEST_F(HttpPaymentGatewayTest, TwentyConcurrentIdenticalAuthorizationsMakeOnePayment) {
  std::vector<PendingAnswer> answers(20);
  for (PendingAnswer& a : answers) gateway_->Authorize(Auth("k-same"), a.callback());
  std::string ref;
  for (PendingAnswer& a : answers) {
    GatewayAnswer r = a.Get();
    ASSERT_TRUE(r.ok()) << r.status();
    if (ref.empty()) ref = r->payment_ref;
    EXPECT_EQ(r->payment_ref, ref);
  }
  const GatewayCounters c = Counters();
  EXPECT_EQ(c.calls_of(GatewayOperation::kAuthorize), 20);
  EXPECT_EQ(c.book.authorizations, 1);
  EXPECT_EQ(c.book.payments, 1);
}

TEST_F(HttpPaymentGatewayTest, KeyReusedForAnotherAmountIsAlreadyExists) {
  ASSERT_TRUE(Authorize(Auth("k", "tok_visa", 1000)).ok());
  EXPECT_EQ(Authorize(Auth("k", "tok_visa", 999)).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(HttpPaymentGatewayTest, MalformedRequestIsInvalidArgument) {
  EXPECT_EQ(Authorize(Auth("k", "tok_visa", -5)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(HttpPaymentGatewayTest, CapturesUpToTheAuthorizedAmountAndRefusesMore) {
  const std::string ref = AuthorizedRef("k", 1000);
  GatewayAnswer part = Capture(Op("c1", ref, 600));
  ASSERT_TRUE(part.ok()) << part.status();
  EXPECT_EQ(part->state, GatewayPayment::State::kCaptured);
  EXPECT_EQ(part->captured_minor, 600);
  GatewayAnswer over = Capture(Op("c2", ref, 401));
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(over.status().message(), "capture_exceeds_authorized"))
      << over.status();
  EXPECT_TRUE(Capture(Op("c3", ref, 400)).ok());
}

TEST_F(HttpPaymentGatewayTest, RepeatedCaptureKeyCapturesOnce) {
  const std::string ref = AuthorizedRef("k", 1000);
  ASSERT_TRUE(Capture(Op("c", ref, 300)).ok());
  GatewayAnswer again = Capture(Op("c", ref, 300));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->captured_minor, 300);
  EXPECT_EQ(Counters().book.captures, 1);
}

TEST_F(HttpPaymentGatewayTest, RefundsNeverExceedWhatIsCapturedAndNotRefunded) {
  const std::string ref = AuthorizedRef("k", 1000);
  ASSERT_TRUE(Capture(Op("c", ref, 500)).ok());
  ASSERT_TRUE(Refund(Op("r1", ref, 200)).ok());
  EXPECT_EQ(Refund(Op("r2", ref, 301)).status().code(), absl::StatusCode::kFailedPrecondition);
  GatewayAnswer rest = Refund(Op("r3", ref, 300));
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(rest->state, GatewayPayment::State::kRefunded);
  EXPECT_EQ(rest->refunded_minor, 500);
}

TEST_F(HttpPaymentGatewayTest, VoidReleasesAnUncapturedPaymentOnly) {
  const std::string open = AuthorizedRef("k1");
  const std::string captured = AuthorizedRef("k2");
  ASSERT_TRUE(Capture(Op("c", captured, 1)).ok());
  GatewayAnswer voided = Void(Op("v1", open, 0));
  ASSERT_TRUE(voided.ok()) << voided.status();
  EXPECT_EQ(voided->state, GatewayPayment::State::kVoided);
  EXPECT_EQ(Void(Op("v2", captured, 0)).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(HttpPaymentGatewayTest, UnknownPaymentRefIsNotFound) {
  EXPECT_EQ(Capture(Op("c", "pay_unknown", 1)).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(HttpPaymentGatewayTest, LookupFindsThePaymentOfAKey) {
  const std::string ref = AuthorizedRef("order/7 key&more");  // needs URL encoding
  GatewayAnswer found = Lookup("order/7 key&more");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->payment_ref, ref);
  EXPECT_EQ(found->state, GatewayPayment::State::kAuthorized);
}

TEST_F(HttpPaymentGatewayTest, LookupOfAKeyNeverSeenIsNotFound) {
  EXPECT_EQ(Lookup("never").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(HttpPaymentGatewayTest, LatencyDelaysTheAnswer) {
  GatewayFaults faults;
  faults.latency = absl::Milliseconds(150);
  SetFaults(faults);
  const absl::Time start = absl::Now();
  ASSERT_TRUE(Authorize(Auth("k")).ok());
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(150));
}

TEST_F(HttpPaymentGatewayTest, LostReplyIsDeadlineExceededAndLookupFindsThePaymentAuthorized) {
  GatewayFaults faults;
  faults.lose_replies = 1;
  faults.hold = absl::Seconds(30);
  SetFaults(faults);

  GatewayAnswer lost = Authorize(*ImpatientGateway(), Auth("k-lost"));
  EXPECT_EQ(lost.status().code(), absl::StatusCode::kDeadlineExceeded) << lost.status();
  // The saga's lookup comes later than this; wait until the simulator has
  // processed the call (a slow machine may deliver it after the timeout).
  ASSERT_TRUE(server_.card_gateway().AwaitCounters(
      [](const GatewayCounters& c) { return c.replies_lost == 1; }, absl::Seconds(30)));

  GatewayAnswer found = Lookup("k-lost");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->state, GatewayPayment::State::kAuthorized);
}

TEST_F(HttpPaymentGatewayTest, GatewayThatNeverAnswersIsDeadlineExceeded) {
  GatewayFaults faults;
  faults.timeout = true;
  SetFaults(faults);
  EXPECT_EQ(Authorize(*ImpatientGateway(), Auth("k")).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  // On a slow machine the request may reach the simulator only after the
  // client gave up; clearing the fault before then would let it through.
  ASSERT_TRUE(server_.card_gateway().AwaitCounters(
      [](const GatewayCounters& c) { return c.timeouts_held == 1; }, absl::Seconds(30)));
  SetFaults(GatewayFaults{});
  EXPECT_EQ(Lookup("k").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(HttpPaymentGatewayTest, OutageIsUnavailable) {
  GatewayFaults faults;
  faults.outage = true;
  SetFaults(faults);
  GatewayAnswer a = Authorize(Auth("k"));
  EXPECT_EQ(a.status().code(), absl::StatusCode::kUnavailable) << a.status();
  EXPECT_TRUE(absl::StrContains(a.status().message(), "503")) << a.status();
}

TEST_F(HttpPaymentGatewayTest, UnreachableGatewayIsUnavailable) {
  GatewayConfig config = Config();
  {
    partners::PartnerServer stopped;
    ASSERT_TRUE(stopped.Start().ok());
    config.base_url = stopped.base_url();
  }
  gateway_ = MakeGateway(config);
  EXPECT_EQ(Authorize(Auth("k")).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(HttpPaymentGatewayTest, WrongSecretIsRefusedAndNothingIsAuthorized) {
  GatewayConfig config = Config();
  config.secret = "not-the-secret";
  gateway_ = MakeGateway(config);
  GatewayAnswer a = Authorize(Auth("k"));
  EXPECT_EQ(a.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(a.status().message(), "secret")) << a.status();
  EXPECT_EQ(Counters().bad_signatures, 1);
  EXPECT_EQ(Counters().book.payments, 0);
}

TEST_F(HttpPaymentGatewayTest, HundredsOfSlowCallsAreInFlightAtOnce) {
  constexpr int kCalls = 300;
  GatewayFaults faults;
  faults.latency = absl::Milliseconds(200);
  SetFaults(faults);
  GatewayConfig config = Config();
  config.timeout = absl::Seconds(60);
  gateway_ = MakeGateway(config);

  std::vector<PendingAnswer> answers(kCalls);
  for (int i = 0; i < kCalls; ++i) {
    gateway_->Authorize(Auth("k" + std::to_string(i)), answers[i].callback());
  }
  for (PendingAnswer& a : answers) {
    GatewayAnswer r = a.Get(std::chrono::seconds(120));
    ASSERT_TRUE(r.ok()) << r.status();
  }
  const GatewayCounters c = Counters();
  EXPECT_EQ(c.book.authorizations, kCalls);
  // One at a time would show 1; with a thread per connection and one client
  // thread, most of the 300 sleep in the simulator together.
  EXPECT_GE(c.max_in_flight, 100);
  RecordProperty("max_in_flight", static_cast<int>(c.max_in_flight));
}

TEST_F(HttpPaymentGatewayTest, CircuitOpensAfterConsecutiveFailuresAndAnswersWithoutCalling) {
  GatewayFaults faults;
  faults.outage = true;
  SetFaults(faults);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Authorize(Auth("k")).status().code(), absl::StatusCode::kUnavailable);
  }
  EXPECT_EQ(gateway_->circuit_state(), CircuitBreaker::State::kOpen);
  GatewayAnswer refused = Authorize(Auth("k"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(refused.status().message(), "circuit")) << refused.status();
  EXPECT_EQ(Counters().calls_of(GatewayOperation::kAuthorize), 3);
}

TEST_F(HttpPaymentGatewayTest, CircuitRecoversAfterTheCoolDownWhenTheGatewayIsBack) {
  GatewayFaults faults;
  faults.outage = true;
  SetFaults(faults);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Authorize(Auth("k")).status().code(), absl::StatusCode::kUnavailable);
  }
  ASSERT_EQ(gateway_->circuit_state(), CircuitBreaker::State::kOpen);

  SetFaults(GatewayFaults{});
  EXPECT_EQ(Authorize(Auth("k")).status().code(), absl::StatusCode::kUnavailable);
  clock_.Advance(absl::Seconds(30));
  GatewayAnswer probe = Authorize(Auth("k"));
  ASSERT_TRUE(probe.ok()) << probe.status();
  EXPECT_EQ(gateway_->circuit_state(), CircuitBreaker::State::kClosed);
  EXPECT_TRUE(Lookup("k").ok());
}

TEST_F(HttpPaymentGatewayTest, CircuitReopensWhenTheProbeFails) {
  GatewayFaults faults;
  faults.outage = true;
  SetFaults(faults);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Authorize(Auth("k")).status().code(), absl::StatusCode::kUnavailable);
  }
  clock_.Advance(absl::Seconds(30));
  EXPECT_EQ(Authorize(Auth("k")).status().code(), absl::StatusCode::kUnavailable);  // the probe
  EXPECT_EQ(gateway_->circuit_state(), CircuitBreaker::State::kOpen);
  EXPECT_EQ(Authorize(Auth("k")).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Counters().calls_of(GatewayOperation::kAuthorize), 4);
}

}  // namespace
}  // namespace oms::integrations
