#include "partners/card_gateway_simulator.h"

#include <httplib.h>

#include <algorithm>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "nlohmann/json.hpp"
#include "partners/json_fields.h"

namespace oms::partners {
namespace {

using nlohmann::json;

constexpr const char* kOperationNames[kGatewayOperationCount] = {
    "authorize", "capture", "void", "refund", "lookup"};

std::string Dump(const json& j) {
  // Keys and tokens come from callers; replace bad UTF-8 rather than throw.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

void Send(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(Dump(body), "application/json");
}

json ErrorBody(std::string_view error, std::string_view reason, std::string_view message) {
  return json{{"error", error}, {"reason", reason}, {"message", message}};
}

// Maps the book's answer to the gateway's HTTP answer.
std::pair<int, json> ErrorAnswer(const absl::Status& status) {
  const std::string message(status.message());
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return {400, ErrorBody("invalid_request", "invalid_request", message)};
    case absl::StatusCode::kNotFound:
      return {404, ErrorBody("not_found", "not_found", message)};
    case absl::StatusCode::kAlreadyExists:
      return {409, ErrorBody("idempotency_conflict", "idempotency_conflict", message)};
    case absl::StatusCode::kFailedPrecondition: {
      // The book writes "<reason_code>: <explanation>".
      std::string reason = message.substr(0, message.find(':'));
      return {422, ErrorBody("refused", reason, message)};
    }
    default:
      return {500, ErrorBody("internal", "internal", message)};
  }
}

json PaymentJson(const SimulatedPayment& p) {
  return json{{"payment_ref", p.payment_ref},
              {"idempotency_key", p.idempotency_key},
              {"order_id", p.order_id},
              {"state", p.State()},
              {"currency", p.currency},
              {"requested_minor", p.requested_minor},
              {"authorized_minor", p.authorized_minor},
              {"captured_minor", p.captured_minor},
              {"refunded_minor", p.refunded_minor},
              {"decline_reason", p.decline_reason},
              {"card_last4", p.card_last4}};
}

json FaultsJson(const GatewayFaults& f) {
  return json{{"latency_ms", absl::ToInt64Milliseconds(f.latency)},
              {"outage", f.outage},
              {"timeout", f.timeout},
              {"hold_ms", absl::ToInt64Milliseconds(f.hold)},
              {"lose_replies", f.lose_replies},
              {"decline_rate", f.decline_rate}};
}

json CountersJson(const GatewayCounters& c) {
  json calls = json::object();
  for (int i = 0; i < kGatewayOperationCount; ++i) calls[kOperationNames[i]] = c.calls[i];
  return json{{"calls", calls},
              {"payments", c.book.payments},
              {"authorizations", c.book.authorizations},
              {"declines", c.book.declines},
              {"captures", c.book.captures},
              {"voids", c.book.voids},
              {"refunds", c.book.refunds},
              {"replays", c.book.replays},
              {"bad_signatures", c.bad_signatures},
              {"outage_rejections", c.outage_rejections},
              {"timeouts_held", c.timeouts_held},
              {"replies_lost", c.replies_lost},
              {"in_flight", c.in_flight},
              {"max_in_flight", c.max_in_flight}};
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

CardGatewaySimulator::CardGatewaySimulator(CardGatewayOptions options,
                                           const absl::Notification* stopping)
    : options_(std::move(options)), stopping_(stopping), faults_(options_.faults) {}

void CardGatewaySimulator::RegisterRoutes(httplib::Server& server) {
  auto route = [this](GatewayOperation op) {
    return [this, op](const httplib::Request& req, httplib::Response& res) {
      Handle(op, req, res);
    };
  };
  server.Post("/gateway/v1/authorize", route(GatewayOperation::kAuthorize));
  server.Post("/gateway/v1/capture", route(GatewayOperation::kCapture));
  server.Post("/gateway/v1/void", route(GatewayOperation::kVoid));
  server.Post("/gateway/v1/refund", route(GatewayOperation::kRefund));
  server.Get("/gateway/v1/payments", route(GatewayOperation::kLookup));
  server.Get("/control/gateway", [this](const httplib::Request&, httplib::Response& res) {
    GetControl(res);
  });
  server.Post("/control/gateway", [this](const httplib::Request& req, httplib::Response& res) {
    PostControl(req, res);
  });
}

void CardGatewaySimulator::Reset() {
  book_.Clear();
  absl::MutexLock lock(&mu_);
  faults_ = options_.faults;
  const int64_t in_flight = counters_.in_flight;
  counters_ = GatewayCounters{};
  // Calls inside a handler now will still leave; keep them counted.
  counters_.in_flight = in_flight;
  counters_.max_in_flight = in_flight;
}

GatewayFaults CardGatewaySimulator::faults() const {
  absl::MutexLock lock(&mu_);
  return faults_;
}

void CardGatewaySimulator::SetFaults(const GatewayFaults& faults) {
  absl::MutexLock lock(&mu_);
  faults_ = faults;
}

GatewayCounters CardGatewaySimulator::counters() const {
  GatewayCounters c;
  {
    absl::MutexLock lock(&mu_);
    c = counters_;
  }
  c.book = book_.counters();
  return c;
}

bool CardGatewaySimulator::AwaitCounters(
    const std::function<bool(const GatewayCounters&)>& reached, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  struct Check {
    const std::function<bool(const GatewayCounters&)>* reached;
    const GatewayCounters* counters;
    bool operator()() const { return (*reached)(*counters); }
  } check{&reached, &counters_};
  return mu_.AwaitWithTimeout(absl::Condition(&check), timeout);
}

void CardGatewaySimulator::Handle(GatewayOperation op, const httplib::Request& req,
                                  httplib::Response& res) {
  GatewayFaults faults;
  {
    absl::MutexLock lock(&mu_);
    ++counters_.calls[static_cast<int>(op)];
    counters_.max_in_flight = std::max(counters_.max_in_flight, ++counters_.in_flight);
    counters_.last_traceparent = req.get_header_value("traceparent");
    faults = faults_;
  }
  absl::Cleanup leave = [this] {
    absl::MutexLock lock(&mu_);
    --counters_.in_flight;
  };

  if (faults.outage) {
    {
      absl::MutexLock lock(&mu_);
      ++counters_.outage_rejections;
    }
    Send(res, 503, ErrorBody("unavailable", "outage", "the gateway is down (simulated outage)"));
    return;
  }
  if (faults.timeout) {
    {
      absl::MutexLock lock(&mu_);
      ++counters_.timeouts_held;
    }
    HoldThenDrop(faults.hold, res);
    return;
  }
  if (faults.latency > absl::ZeroDuration()) {
    stopping_->WaitForNotificationWithTimeout(faults.latency);
  }
  if (!SignatureValid(req)) {
    {
      absl::MutexLock lock(&mu_);
      ++counters_.bad_signatures;
    }
    Send(res, 401,
         ErrorBody("bad_signature", "bad_signature",
                   "X-Signature must be hex(HMAC-SHA256(secret, body)); check the shared secret"));
    return;
  }
  Answer answer = Dispatch(op, req);
  if (op != GatewayOperation::kLookup && TakeLostReply()) {
    HoldThenDrop(faults.hold, res);
    return;
  }
  res.status = answer.status;
  res.set_content(std::move(answer.body), "application/json");
}

CardGatewaySimulator::Answer CardGatewaySimulator::Dispatch(GatewayOperation op,
                                                            const httplib::Request& req) {
  absl::StatusOr<SimulatedPayment> result;
  if (op == GatewayOperation::kLookup) {
    if (!req.has_param("idempotency_key")) {
      result = absl::InvalidArgumentError("query parameter idempotency_key is required");
    } else {
      result = book_.FindByKey(req.get_param_value("idempotency_key"));
    }
  } else {
    absl::StatusOr<json> body = ParseObject(req.body);
    if (!body.ok()) {
      result = body.status();
    } else if (op == GatewayOperation::kAuthorize) {
      JsonFields f(*body);
      AuthorizeCall call;
      call.idempotency_key = f.String("idempotency_key");
      call.order_id = f.String("order_id");
      call.amount_minor = f.Integer("amount_minor");
      call.currency = f.String("currency");
      call.card_token = f.String("card_token");
      result = f.status().ok() ? book_.Authorize(call, faults().decline_rate)
                               : absl::StatusOr<SimulatedPayment>(f.status());
    } else {
      JsonFields f(*body);
      PaymentCall call;
      call.operation = op == GatewayOperation::kCapture ? MoneyOperation::kCapture
                       : op == GatewayOperation::kVoid  ? MoneyOperation::kVoid
                                                        : MoneyOperation::kRefund;
      call.idempotency_key = f.String("idempotency_key");
      call.payment_ref = f.String("payment_ref");
      call.amount_minor =
          op == GatewayOperation::kVoid ? f.OptionalInteger("amount_minor", 0)
                                        : f.Integer("amount_minor");
      call.currency = f.String("currency");
      result = f.status().ok() ? book_.Apply(call)
                               : absl::StatusOr<SimulatedPayment>(f.status());
    }
  }
  if (result.ok()) return Answer{200, Dump(PaymentJson(*result))};
  auto [status, body] = ErrorAnswer(result.status());
  return Answer{status, Dump(body)};
}

bool CardGatewaySimulator::SignatureValid(const httplib::Request& req) const {
  // A GET has no body, so it signs its target; otherwise any signed lookup
  // could be replayed for another key.
  const std::string& signed_data = req.method == "GET" ? req.target : req.body;
  return ConstantTimeEquals(req.get_header_value("X-Signature"),
                            HmacSha256Hex(options_.secret, signed_data));
}

bool CardGatewaySimulator::TakeLostReply() {
  absl::MutexLock lock(&mu_);
  if (faults_.lose_replies <= 0) return false;
  --faults_.lose_replies;
  ++counters_.replies_lost;
  return true;
}

void CardGatewaySimulator::HoldThenDrop(absl::Duration hold, httplib::Response& res) const {
  stopping_->WaitForNotificationWithTimeout(hold);
  // httplib has no call to drop a connection from a handler; a chunked
  // provider that fails at once makes it close the socket after the headers,
  // so the client gets a truncated reply and cannot mistake it for an answer.
  res.status = 200;
  res.set_chunked_content_provider(
      "application/json", [](size_t, httplib::DataSink&) { return false; });
}

void CardGatewaySimulator::GetControl(httplib::Response& res) const {
  Send(res, 200, json{{"faults", FaultsJson(faults())}, {"counters", CountersJson(counters())}});
}

void CardGatewaySimulator::PostControl(const httplib::Request& req, httplib::Response& res) {
  absl::StatusOr<json> body = ParseObject(req.body);
  if (!body.ok()) {
    Send(res, 400, ErrorBody("invalid_request", "invalid_request", std::string(body.status().message())));
    return;
  }
  GatewayFaults f = faults();
  JsonFields fields(*body);
  f.latency = absl::Milliseconds(
      fields.OptionalInteger("latency_ms", absl::ToInt64Milliseconds(f.latency)));
  f.outage = fields.OptionalBool("outage", f.outage);
  f.timeout = fields.OptionalBool("timeout", f.timeout);
  f.hold = absl::Milliseconds(
      fields.OptionalInteger("hold_ms", absl::ToInt64Milliseconds(f.hold)));
  f.lose_replies = static_cast<int>(fields.OptionalInteger("lose_replies", f.lose_replies));
  f.decline_rate = fields.OptionalNumber("decline_rate", f.decline_rate);
  fields.RejectUnknown({"latency_ms", "outage", "timeout", "hold_ms", "lose_replies",
                        "decline_rate"});
  absl::Status status = fields.status();
  if (status.ok()) status = ValidateFaults(f);
  if (!status.ok()) {
    Send(res, 400, ErrorBody("invalid_request", "invalid_request", std::string(status.message())));
    return;
  }
  // Concurrent control calls race read-modify-write; the last one wins,
  // which is what a test driving faults from one place expects anyway.
  SetFaults(f);
  GetControl(res);
}

absl::Status ValidateFaults(const GatewayFaults& f) {
  if (f.latency < absl::ZeroDuration() || f.hold < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("latency_ms and hold_ms must not be negative");
  }
  if (f.lose_replies < 0) return absl::InvalidArgumentError("lose_replies must not be negative");
  if (!(f.decline_rate >= 0 && f.decline_rate <= 1)) {
    return absl::InvalidArgumentError("decline_rate must be between 0 and 1");
  }
  return absl::OkStatus();
}

}  // namespace oms::partners
