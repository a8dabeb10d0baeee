#include "partners/third_party_logistics_simulator.h"

#include <httplib.h>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "nlohmann/json.hpp"
#include "partners/json_fields.h"
#include "partners/logistics_control_routes.h"
#include "partners/logistics_json.h"

namespace oms::partners {
namespace {

using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string ErrorBody(const std::string& error, const std::string& message) {
  return Dump(json{{"error", error}, {"reason", error}, {"message", message}});
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::pair<int, std::string> ErrorAnswer(const absl::Status& status) {
  const std::string message(status.message());
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument: return {400, ErrorBody("invalid_request", message)};
    case absl::StatusCode::kNotFound: return {404, ErrorBody("not_found", message)};
    case absl::StatusCode::kAlreadyExists: return {409, ErrorBody("idempotency_conflict", message)};
    default: return {500, ErrorBody("internal", message)};
  }
}

std::string ConfirmationsPath(const std::string& node_id) {
  return absl::StrCat("/partners/v1/nodes/", node_id, "/ship-confirmations");
}

std::string SnapshotsPath(const std::string& node_id) {
  return absl::StrCat("/partners/v1/nodes/", node_id, "/stock-snapshots");
}

}  // namespace

absl::Status ValidateLogisticsFaults(const LogisticsFaults& f) {
  if (f.latency < absl::ZeroDuration() || f.hold < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("latency_ms and hold_ms must not be negative");
  }
  if (f.lose_replies < 0) return absl::InvalidArgumentError("lose_replies must not be negative");
  return absl::OkStatus();
}

absl::Status ValidateLogisticsSettings(const LogisticsSettings& s) {
  if (s.secret.empty()) return absl::InvalidArgumentError("the 3PL secret must not be empty");
  if (!s.callback_url.empty() && s.callback_url.rfind("http://", 0) != 0 &&
      s.callback_url.rfind("https://", 0) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "callback_url must start with http:// or https://, got '", s.callback_url, "'"));
  }
  return ValidateCallbackRetry(s.retry);
}

const std::string& LogisticsSettings::SecretFor(const std::string& node_id) const {
  auto it = node_secrets.find(node_id);
  return it == node_secrets.end() ? secret : it->second;
}

ThirdPartyLogisticsSimulator::ThirdPartyLogisticsSimulator(ThirdPartyLogisticsOptions options,
                                                           const absl::Notification* stopping)
    : options_(std::move(options)),
      stopping_(stopping),
      faults_(options_.faults),
      settings_(options_.settings),
      sender_([this](const std::string& node_id) { return EndpointFor(node_id); },
              [this] { return settings().retry; }) {}

ThirdPartyLogisticsSimulator::~ThirdPartyLogisticsSimulator() = default;

void ThirdPartyLogisticsSimulator::RegisterRoutes(httplib::Server& server) {
  server.Post("/3pl/v1/shipments", [this](const httplib::Request& req, httplib::Response& res) {
    Handle(/*cancel=*/false, req, res);
  });
  // (.+): a shipment id may hold a percent-encoded "/", decoded before matching.
  server.Post(R"(/3pl/v1/shipments/(.+)/cancel)",
              [this](const httplib::Request& req, httplib::Response& res) {
                Handle(/*cancel=*/true, req, res);
              });
  RegisterLogisticsControlRoutes(server, *this);
}

void ThirdPartyLogisticsSimulator::Reset() {
  book_.Clear();
  sender_.Clear();
  absl::MutexLock lock(&mu_);
  faults_ = options_.faults;
  settings_ = options_.settings;
  const int64_t in_flight = counters_.in_flight;
  counters_ = LogisticsCounters{};
  counters_.in_flight = in_flight;
  counters_.max_in_flight = in_flight;
}

void ThirdPartyLogisticsSimulator::Stop() { sender_.Stop(); }

LogisticsFaults ThirdPartyLogisticsSimulator::faults() const {
  absl::MutexLock lock(&mu_);
  return faults_;
}

void ThirdPartyLogisticsSimulator::SetFaults(const LogisticsFaults& faults) {
  absl::MutexLock lock(&mu_);
  faults_ = faults;
}

LogisticsSettings ThirdPartyLogisticsSimulator::settings() const {
  absl::MutexLock lock(&mu_);
  return settings_;
}

absl::Status ThirdPartyLogisticsSimulator::SetSettings(const LogisticsSettings& settings) {
  if (absl::Status s = ValidateLogisticsSettings(settings); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  settings_ = settings;
  return absl::OkStatus();
}

void ThirdPartyLogisticsSimulator::SetCallback(const std::string& callback_url,
                                               const std::string& secret) {
  absl::MutexLock lock(&mu_);
  settings_.callback_url = callback_url;
  settings_.secret = secret;
  settings_.node_secrets.clear();
}

LogisticsCounters ThirdPartyLogisticsSimulator::counters() const {
  LogisticsCounters c;
  {
    absl::MutexLock lock(&mu_);
    c = counters_;
  }
  c.book = book_.counters();
  c.callbacks = sender_.counters();
  return c;
}

bool ThirdPartyLogisticsSimulator::AwaitCounters(
    const std::function<bool(const LogisticsCounters&)>& reached, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  struct Check {
    const std::function<bool(const LogisticsCounters&)>* reached;
    const LogisticsCounters* counters;
    bool operator()() const { return (*reached)(*counters); }
  } check{&reached, &counters_};
  return mu_.AwaitWithTimeout(absl::Condition(&check), timeout);
}

void ThirdPartyLogisticsSimulator::Handle(bool cancel, const httplib::Request& req,
                                          httplib::Response& res) {
  LogisticsFaults faults;
  {
    absl::MutexLock lock(&mu_);
    ++(cancel ? counters_.cancel_calls : counters_.shipment_calls);
    counters_.max_in_flight = std::max(counters_.max_in_flight, ++counters_.in_flight);
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
    res.status = 503;
    res.set_content(ErrorBody("unavailable", "the 3PL is down (simulated outage)"),
                    "application/json");
    return;
  }
  if (faults.latency > absl::ZeroDuration()) {
    stopping_->WaitForNotificationWithTimeout(faults.latency);
  }
  Answer answer = Dispatch(cancel, req);
  // Only calls that were processed lose their reply, as the card gateway's.
  if (answer.status == 200 && TakeLostReply()) {
    HoldThenDrop(faults.hold, res);
    return;
  }
  res.status = answer.status;
  res.set_content(std::move(answer.body), "application/json");
}

ThirdPartyLogisticsSimulator::Answer ThirdPartyLogisticsSimulator::Dispatch(
    bool cancel, const httplib::Request& req) {
  absl::StatusOr<json> body = ParseObject(req.body);
  // The node names the secret; a body that is not JSON is checked against
  // the default one, so a stranger learns nothing but 401.
  std::string node_id;
  if (body.ok()) {
    if (auto it = body->find("node_id"); it != body->end() && it->is_string()) {
      node_id = it->get<std::string>();
    }
  }
  const std::string secret = settings().SecretFor(node_id);
  if (!ConstantTimeEquals(req.get_header_value("X-Signature"), HmacSha256Hex(secret, req.body))) {
    absl::MutexLock lock(&mu_);
    ++counters_.bad_signatures;
    return Answer{401, ErrorBody("bad_signature",
                                 absl::StrCat("X-Signature must be hex(HMAC-SHA256(secret, body)) "
                                              "under the secret of node '",
                                              node_id, "'"))};
  }
  if (!body.ok())
    return Answer{400, ErrorBody("invalid_request", std::string(body.status().message()))};
  if (!req.has_header("Idempotency-Key")) {
    return Answer{400, ErrorBody("invalid_request", "the Idempotency-Key header is required")};
  }
  const std::string key = req.get_header_value("Idempotency-Key");

  absl::StatusOr<LogisticsAnswer> answer;
  if (cancel) {
    const std::string shipment_id = req.matches[1];
    JsonFields f(*body);
    const std::string in_body = f.OptionalString("shipment_id", shipment_id);
    if (!f.status().ok() || in_body != shipment_id) {
      return Answer{
          400, ErrorBody("invalid_request", "the body's shipment_id must be the one in the path")};
    }
    answer = book_.Cancel(key, node_id, shipment_id);
  } else {
    absl::StatusOr<ShipmentCall> call = logistics_json::ParseShipmentCall(*body, key);
    if (!call.ok()) {
      return Answer{400, ErrorBody("invalid_request", std::string(call.status().message()))};
    }
    const LogisticsFaults f = faults();
    answer = book_.Request(*call, RejectionRules{f.reject_all, f.reject_skus});
  }
  if (!answer.ok()) {
    auto [status, error] = ErrorAnswer(answer.status());
    return Answer{status, std::move(error)};
  }
  return Answer{200, Dump(logistics_json::AnswerJson(*answer))};
}

bool ThirdPartyLogisticsSimulator::TakeLostReply() {
  absl::MutexLock lock(&mu_);
  if (faults_.lose_replies <= 0) return false;
  --faults_.lose_replies;
  ++counters_.replies_lost;
  return true;
}

void ThirdPartyLogisticsSimulator::HoldThenDrop(absl::Duration hold, httplib::Response& res) const {
  stopping_->WaitForNotificationWithTimeout(hold);
  // As the card gateway does: a chunked provider that fails at once makes
  // httplib close the connection after the headers, never a usable answer.
  res.status = 200;
  res.set_chunked_content_provider("application/json",
                                   [](size_t, httplib::DataSink&) { return false; });
}

absl::StatusOr<CallbackEndpoint> ThirdPartyLogisticsSimulator::EndpointFor(
    const std::string& node_id) const {
  absl::MutexLock lock(&mu_);
  if (settings_.callback_url.empty()) {
    return absl::FailedPreconditionError(
        "no callback_url is set; tell the 3PL where omsd's partner endpoint is");
  }
  return CallbackEndpoint{settings_.callback_url, settings_.SecretFor(node_id)};
}

absl::Status ThirdPartyLogisticsSimulator::CheckCallbackSet() const {
  return EndpointFor("").status();
}

absl::Status ThirdPartyLogisticsSimulator::StartPicking(const std::string& shipment_id) {
  return book_.StartPicking(shipment_id);
}

absl::StatusOr<PostedConfirmation> ThirdPartyLogisticsSimulator::Move(
    const std::string& shipment_id, ReportKind kind, const ShipPlan& details,
    const std::string& note, absl::Time occurred_at) {
  absl::StatusOr<SimulatedShipment> s =
      book_.Report(shipment_id, kind, details.carrier, details.service, details.tracking_id);
  if (!s.ok()) return s.status();
  PostedConfirmation c;
  c.confirmation_id = absl::StrCat(s->partner_ref, "-", s->last_sequence);
  c.node_id = s->request.node_id;
  c.shipment_id = shipment_id;
  c.sequence = s->last_sequence;
  c.kind = ReportKindName(kind);
  c.carrier = s->carrier;
  c.service = s->service;
  c.tracking_id = s->tracking_id;
  c.note = note;
  c.occurred_at = occurred_at;
  return c;
}

void ThirdPartyLogisticsSimulator::Schedule(const std::vector<PostedConfirmation>& reports,
                                            const ReportFaults& faults) {
  std::vector<PostedConfirmation> order = reports;
  if (faults.out_of_order) std::reverse(order.begin(), order.end());
  const absl::Time due = absl::Now() + faults.delay;
  for (const PostedConfirmation& c : order) {
    OutboundCallback callback;
    callback.node_id = c.node_id;
    callback.path = ConfirmationsPath(c.node_id);
    callback.body = Dump(logistics_json::ConfirmationJson(c));
    callback.message_id = c.confirmation_id;
    callback.kind = c.kind;
    callback.shipment_id = c.shipment_id;
    callback.sequence = c.sequence;
    for (int copy = 1; copy <= (faults.duplicate ? 2 : 1); ++copy) {
      callback.copy = copy;
      sender_.Enqueue(callback, due);
    }
  }
}

absl::StatusOr<std::vector<PostedConfirmation>> ThirdPartyLogisticsSimulator::Ship(
    const std::string& shipment_id, const ShipPlan& plan) {
  if (absl::Status s = CheckCallbackSet(); !s.ok()) return s;
  const absl::Time now = absl::Now();
  std::vector<PostedConfirmation> reports;
  absl::StatusOr<PostedConfirmation> shipped =
      Move(shipment_id, ReportKind::kShipped, plan, "", now);
  if (!shipped.ok()) return shipped.status();
  reports.push_back(*std::move(shipped));
  if (plan.deliver) {
    absl::StatusOr<PostedConfirmation> delivered =
        Move(shipment_id, ReportKind::kDelivered, plan, "", now);
    if (!delivered.ok()) return delivered.status();
    reports.push_back(*std::move(delivered));
  }
  Schedule(reports, plan.faults);
  return reports;
}

absl::StatusOr<PostedConfirmation> ThirdPartyLogisticsSimulator::Deliver(
    const std::string& shipment_id, const ReportFaults& faults) {
  if (absl::Status s = CheckCallbackSet(); !s.ok()) return s;
  absl::StatusOr<PostedConfirmation> c =
      Move(shipment_id, ReportKind::kDelivered, ShipPlan{}, "", absl::Now());
  if (c.ok()) Schedule({*c}, faults);
  return c;
}

absl::StatusOr<PostedConfirmation> ThirdPartyLogisticsSimulator::ReportException(
    const std::string& shipment_id, const std::string& note, const ReportFaults& faults) {
  if (absl::Status s = CheckCallbackSet(); !s.ok()) return s;
  absl::StatusOr<PostedConfirmation> c =
      Move(shipment_id, ReportKind::kException, ShipPlan{}, note, absl::Now());
  if (c.ok()) Schedule({*c}, faults);
  return c;
}

absl::StatusOr<std::string> ThirdPartyLogisticsSimulator::PostStockSnapshot(
    const std::string& node_id, const std::vector<StockCount>& items, const SnapshotPlan& plan) {
  if (node_id.empty()) return absl::InvalidArgumentError("a stock snapshot needs a node_id");
  if (absl::Status s = CheckCallbackSet(); !s.ok()) return s;
  char id[32];
  {
    absl::MutexLock lock(&mu_);
    std::snprintf(id, sizeof id, "snap_%08lld", static_cast<long long>(next_snapshot_++));
  }
  OutboundCallback callback;
  callback.node_id = node_id;
  callback.path = SnapshotsPath(node_id);
  callback.body =
      Dump(logistics_json::SnapshotJson(id, plan.taken_at.value_or(absl::Now()), items));
  callback.message_id = id;
  callback.kind = "SNAPSHOT";
  const absl::Time due = absl::Now() + plan.faults.delay;
  for (int copy = 1; copy <= (plan.faults.duplicate ? 2 : 1); ++copy) {
    callback.copy = copy;
    sender_.Enqueue(callback, due);
  }
  return std::string(id);
}

}  // namespace oms::partners
