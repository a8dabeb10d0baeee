#include "server/api/partner_endpoint.h"

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <limits>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/sha256.h"
#include "nlohmann/json.hpp"
#include "server/api/marketplace_webhook.h"
#include "spdlog/spdlog.h"

namespace oms::api {
namespace {

using application::ShipConfirmation;
using application::StockSnapshot;
using nlohmann::json;

constexpr int kListenBacklog = 256;
constexpr size_t kKeepAliveMaxRequests = 100000;
constexpr size_t kMaxIdLength = 255;
constexpr size_t kMaxNoteLength = 2000;
// How often a handler waiting for the inbox looks whether the endpoint stops.
constexpr absl::Duration kStopPoll = absl::Milliseconds(50);

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void Answer(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(Dump(body), "application/json");
}

void Error(httplib::Response& res, int status, absl::string_view message) {
  Answer(res, status, json{{"error", std::string(message)}});
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// Reads the fields of one JSON object; the first problem is kept, naming the
// field by its path ("items[3].on_hand"), so a partner knows what to fix.
class Fields {
 public:
  Fields(const json& object, std::string prefix) : object_(object), prefix_(std::move(prefix)) {}

  std::string Id(const char* name) { return String(name, /*required=*/true, kMaxIdLength); }
  std::string Text(const char* name, size_t max_length) {
    return String(name, /*required=*/false, max_length);
  }

  int64_t Integer(const char* name, int64_t min) {
    const json* v = Find(name);
    if (v == nullptr) {
      Fail(name, "is required");
      return 0;
    }
    if (!v->is_number_integer() ||
        (v->is_number_unsigned() &&
         v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
      Fail(name, "must be an integer");
      return 0;
    }
    const int64_t value = v->get<int64_t>();
    if (value < min) {
      Fail(name, absl::StrCat("must be at least ", min));
      return 0;
    }
    return value;
  }

  absl::Time Timestamp(const char* name) {
    const std::string text = Id(name);
    if (!status_.ok()) return absl::InfinitePast();
    absl::Time t;
    std::string why;
    if (!absl::ParseTime(absl::RFC3339_full, text, &t, &why)) {
      Fail(name,
           absl::StrCat("must be an RFC 3339 time such as 2024-05-01T12:00:00Z, got '", text, "'"));
    }
    return t;
  }

  const json* Array(const char* name) {
    const json* v = Find(name);
    if (v == nullptr || !v->is_array()) {
      Fail(name, "is required and must be an array");
      return nullptr;
    }
    return v;
  }

  void Fail(absl::string_view name, absl::string_view why) {
    if (status_.ok()) status_ = absl::InvalidArgumentError(absl::StrCat(prefix_, name, " ", why));
  }
  const absl::Status& status() const { return status_; }

 private:
  const json* Find(const char* name) const {
    auto it = object_.find(name);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  std::string String(const char* name, bool required, size_t max_length) {
    const json* v = Find(name);
    if (v == nullptr) {
      if (required) Fail(name, "is required");
      return "";
    }
    if (!v->is_string()) {
      Fail(name, "must be a string");
      return "";
    }
    std::string s = v->get<std::string>();
    if (required && s.empty()) {
      Fail(name, "must not be empty");
      return "";
    }
    if (s.size() > max_length) {
      Fail(name, absl::StrCat("is longer than ", max_length, " characters"));
      return "";
    }
    return s;
  }

  const json& object_;
  const std::string prefix_;
  absl::Status status_;
};

absl::StatusOr<json> ParseObject(std::string_view body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return absl::InvalidArgumentError("the body is not valid JSON");
  if (!parsed.is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
  return parsed;
}

bool ParseKind(const std::string& s, ShipConfirmation::Kind* kind) {
  if (s == "SHIPPED")
    *kind = ShipConfirmation::Kind::kShipped;
  else if (s == "DELIVERED")
    *kind = ShipConfirmation::Kind::kDelivered;
  else if (s == "EXCEPTION")
    *kind = ShipConfirmation::Kind::kException;
  else
    return false;
  return true;
}

// The HTTP answer for the inbox's status (the table in the header).
void AnswerInbox(httplib::Response& res, const absl::Status& status, const std::string& what) {
  const std::string message(status.message());
  switch (status.code()) {
    case absl::StatusCode::kOk: Answer(res, 200, json{{"status", "applied"}}); return;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists: Error(res, 409, message); return;
    case absl::StatusCode::kNotFound: Error(res, 404, message); return;
    case absl::StatusCode::kInvalidArgument: Error(res, 400, message); return;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kDeadlineExceeded:
      res.set_header("Retry-After", "1");
      Error(res, 503, message);
      return;
    default:
      spdlog::warn("partner endpoint: {} failed: {}", what, status.ToString());
      Error(res, 500, "internal error; the omsd log has the details");
      return;
  }
}

}  // namespace

absl::StatusOr<ShipConfirmation> ParseShipConfirmation(std::string node_id, std::string_view body) {
  absl::StatusOr<json> object = ParseObject(body);
  if (!object.ok()) return object.status();
  Fields f(*object, "");
  ShipConfirmation c;
  c.node_id = std::move(node_id);
  c.confirmation_id = f.Id("confirmation_id");
  c.shipment_id = f.Id("shipment_id");
  c.sequence = f.Integer("sequence", 1);
  const std::string kind = f.Id("kind");
  if (f.status().ok() && !ParseKind(kind, &c.kind)) {
    f.Fail("kind", absl::StrCat("must be SHIPPED, DELIVERED or EXCEPTION, got '", kind, "'"));
  }
  c.carrier = f.Text("carrier", kMaxIdLength);
  c.service = f.Text("service", kMaxIdLength);
  c.tracking_id = f.Text("tracking_id", kMaxIdLength);
  c.note = f.Text("note", kMaxNoteLength);
  c.occurred_at = f.Timestamp("occurred_at");
  if (!f.status().ok()) return f.status();
  return c;
}

absl::StatusOr<StockSnapshot> ParseStockSnapshot(std::string node_id, std::string_view body) {
  absl::StatusOr<json> object = ParseObject(body);
  if (!object.ok()) return object.status();
  Fields f(*object, "");
  StockSnapshot s;
  s.node_id = std::move(node_id);
  s.snapshot_id = f.Id("snapshot_id");
  s.taken_at = f.Timestamp("taken_at");
  const json* items = f.Array("items");
  if (!f.status().ok()) return f.status();
  absl::flat_hash_set<std::string> skus;
  for (size_t i = 0; i < items->size(); ++i) {
    const json& item = (*items)[i];
    const std::string where = absl::StrCat("items[", i, "]");
    if (!item.is_object()) return absl::InvalidArgumentError(where + " must be an object");
    Fields fi(item, where + ".");
    StockSnapshot::Item parsed;
    parsed.sku = fi.Id("sku");
    parsed.on_hand = fi.Integer("on_hand", 0);
    if (!fi.status().ok()) return fi.status();
    if (!skus.insert(parsed.sku).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".sku ", parsed.sku, " is listed twice"));
    }
    s.items.push_back(std::move(parsed));
  }
  return s;
}

// httplib::Server with the repairs PartnerServer needs too (see
// partners/partner_server.cpp): a wider listen backlog than Debian's 5, and
// a Stop that works before the accept loop has started.
class PartnerEndpoint::HttpServer : public httplib::Server {
 public:
  void WidenBacklog(int backlog) { (void)::listen(svr_sock_, backlog); }
  void CloseListener() {
    socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
    if (sock != INVALID_SOCKET) {
      ::shutdown(sock, SHUT_RDWR);
      ::close(sock);
    }
  }
};

PartnerEndpoint::PartnerEndpoint(application::PartnerInbox& inbox,
                                 absl::flat_hash_map<std::string, std::string> secrets_by_node,
                                 PartnerEndpointOptions options)
    : inbox_(inbox),
      secrets_(std::move(secrets_by_node)),
      options_(options),
      http_(std::make_unique<HttpServer>()) {
  const int threads = options_.threads > 0 ? options_.threads : 1;
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_->set_keep_alive_max_count(kKeepAliveMaxRequests);
  http_->set_payload_max_length(options_.max_body_bytes);
  // Without SO_REUSEPORT (httplib's default sets it), so a port in use is an
  // error rather than a silent split of the connections.
  http_->set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  RegisterRoutes();
}

PartnerEndpoint::~PartnerEndpoint() { Stop(); }

void PartnerEndpoint::RegisterRoutes() {
  // Reads the node and checks the signature; false when it has answered.
  auto authenticate = [this](const httplib::Request& req, httplib::Response& res) {
    const std::string node_id = req.matches[1];
    auto secret = secrets_.find(node_id);
    if (secret == secrets_.end()) {
      Error(res, 404,
            absl::StrCat("unknown node '", node_id, "': no partner endpoint is configured for it"));
      return false;
    }
    if (!req.has_header("X-Signature")) {
      Error(res, 401, "X-Signature is missing; sign the body: hex(HMAC-SHA256(secret, body))");
      return false;
    }
    const std::string given = absl::AsciiStrToLower(req.get_header_value("X-Signature"));
    if (!ConstantTimeEquals(given, HmacSha256Hex(secret->second, req.body))) {
      Error(res, 401,
            absl::StrCat("X-Signature does not match the body under the secret of node '", node_id,
                         "'"));
      return false;
    }
    return true;
  };

  http_->Post(R"(/partners/v1/nodes/([^/]+)/ship-confirmations)",
              [this, authenticate](const httplib::Request& req, httplib::Response& res) {
                if (!authenticate(req, res)) return;
                absl::StatusOr<ShipConfirmation> c =
                    ParseShipConfirmation(req.matches[1], req.body);
                if (!c.ok()) return Error(res, 400, c.status().message());
                const std::string what =
                    absl::StrCat("ship confirmation ", c->confirmation_id, " of node ", c->node_id);
                AnswerInbox(res, AwaitInbox([this, &c](application::PartnerInbox::Done done) {
                              inbox_.ApplyShipConfirmation(*c, std::move(done));
                            }),
                            what);
              });
  http_->Post(R"(/partners/v1/nodes/([^/]+)/stock-snapshots)",
              [this, authenticate](const httplib::Request& req, httplib::Response& res) {
                if (!authenticate(req, res)) return;
                absl::StatusOr<StockSnapshot> s = ParseStockSnapshot(req.matches[1], req.body);
                if (!s.ok()) return Error(res, 400, s.status().message());
                const std::string what =
                    absl::StrCat("stock snapshot ", s->snapshot_id, " of node ", s->node_id);
                AnswerInbox(res, AwaitInbox([this, &s](application::PartnerInbox::Done done) {
                              inbox_.ApplyStockSnapshot(*s, std::move(done));
                            }),
                            what);
              });

  // Answers httplib produces itself (no route, body too large, unreadable
  // request) get the same JSON shape as the handlers' own errors.
  const size_t max_body = options_.max_body_bytes;
  http_->set_error_handler(httplib::Server::HandlerWithResponse(
      [max_body](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        switch (res.status) {
          case 404: Error(res, 404, absl::StrCat("no route ", req.method, " ", req.path)); break;
          case 413:
            Error(res, 413, absl::StrCat("the body is larger than ", max_body, " bytes"));
            break;
          default:
            Error(res, res.status,
                  absl::StrCat("the request could not be read (HTTP ", res.status, ")"));
            break;
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
  http_->set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
          // Logged below as an unknown exception; the partner gets a 500.
        }
        spdlog::warn("partner endpoint: internal error in {} {}: {}", req.method, req.path, what);
        Error(res, 500, "internal error; the omsd log has the details");
      });
}

void PartnerEndpoint::ServeMarketplaces(application::MarketplaceIntake& intake) {
  http_->Post(R"(/channels/v1/([^/]+)/orders)",
              [this, &intake](const httplib::Request& req, httplib::Response& res) {
                // Written before the inbox's done, so the wait's mutex orders it
                // before the read below.
                auto answer = std::make_shared<absl::StatusOr<application::IntakeAnswer>>();
                absl::Status waited = AwaitInbox([&](application::PartnerInbox::Done done) {
                  intake.Receive(MarketplacePostOf(req),
                                 [answer, done = std::move(done)](
                                     absl::StatusOr<application::IntakeAnswer> a) {
                                   absl::Status s = a.status();
                                   *answer = std::move(a);
                                   done(std::move(s));
                                 });
                });
                AnswerMarketplacePost(waited.ok() ? *answer : waited, res);
              });
}

absl::Status PartnerEndpoint::AwaitInbox(
    const std::function<void(application::PartnerInbox::Done)>& apply) const {
  // Shared with `done`, which may run after this handler gave up waiting.
  struct Waiter {
    absl::Mutex mu;
    bool answered ABSL_GUARDED_BY(mu) = false;
    absl::Status status ABSL_GUARDED_BY(mu);
  };
  auto waiter = std::make_shared<Waiter>();
  apply([waiter](absl::Status status) {
    absl::MutexLock lock(&waiter->mu);
    waiter->status = std::move(status);
    waiter->answered = true;
  });
  const absl::Time deadline = absl::Now() + options_.inbox_timeout;
  absl::MutexLock lock(&waiter->mu);
  while (!waiter->answered) {
    if (stopping_.load()) {
      return absl::UnavailableError("omsd is stopping; send it again later");
    }
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(absl::StrCat(
          "omsd did not apply it within ", absl::FormatDuration(options_.inbox_timeout),
          "; send it again later (a repeat is recognised)"));
    }
    waiter->mu.AwaitWithTimeout(absl::Condition(&waiter->answered), std::min(left, kStopPoll));
  }
  return waiter->status;
}

absl::Status PartnerEndpoint::Start(const std::string& host, int port) {
  if (started_) return absl::FailedPreconditionError("the partner endpoint was already started");
  started_ = true;
  host_ = host;
  if (port == 0) {
    port_ = http_->bind_to_any_port(host);
  } else if (http_->bind_to_port(host, port)) {
    port_ = port;
  }
  if (port_ <= 0) {
    port_ = 0;
    return absl::UnavailableError(absl::StrCat("the partner endpoint cannot listen on ", host, ":",
                                               port, " (address in use or not local)"));
  }
  http_->WidenBacklog(kListenBacklog);
  serve_thread_ = std::thread([this] { http_->listen_after_bind(); });
  return absl::OkStatus();
}

void PartnerEndpoint::Stop() {
  if (stopped_) return;
  stopped_ = true;
  stopping_.store(true);
  http_->CloseListener();
  if (serve_thread_.joinable()) serve_thread_.join();
}

std::string PartnerEndpoint::base_url() const { return absl::StrCat("http://", host_, ":", port_); }

}  // namespace oms::api
