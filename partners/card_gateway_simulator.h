#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "partners/card_payment_book.h"
#include "partners/simulated_partner.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace oms::partners {

// Faults the simulated gateway injects; switchable at run time through
// POST /control/gateway or SetFaults.
struct GatewayFaults {
  // Added before every gateway answer.
  absl::Duration latency = absl::ZeroDuration();
  // Answer 503 to every gateway call (not to /control).
  bool outage = false;
  // Never answer in time: hold every gateway call for `hold`, then close the
  // connection without a complete reply; nothing is processed.
  bool timeout = false;
  // How long `timeout` and `lose_replies` hold a request before dropping it.
  absl::Duration hold = absl::Seconds(30);
  // Process the next N authorize/capture/void/refund calls fully but never
  // send their reply: hold, then drop the connection. Counts down.
  int lose_replies = 0;
  // Share (0..1) of otherwise approved new authorizations to decline with
  // "card_declined"; deterministic, see CardPaymentBook::Authorize.
  double decline_rate = 0;
};

// INVALID_ARGUMENT when a duration or count is negative or decline_rate is
// outside 0..1.
absl::Status ValidateFaults(const GatewayFaults& faults);

enum class GatewayOperation { kAuthorize, kCapture, kVoid, kRefund, kLookup };
inline constexpr int kGatewayOperationCount = 5;

// What the simulated gateway has seen since start or the last reset.
struct GatewayCounters {
  std::array<int64_t, kGatewayOperationCount> calls{};  // by GatewayOperation
  BookCounters book;
  int64_t bad_signatures = 0;
  int64_t outage_rejections = 0;
  int64_t timeouts_held = 0;
  int64_t replies_lost = 0;
  int64_t in_flight = 0;      // gateway calls inside a handler right now
  int64_t max_in_flight = 0;  // the most ever inside at once
  std::string last_traceparent;  // the W3C traceparent header of the latest call

  int64_t calls_of(GatewayOperation op) const { return calls[static_cast<int>(op)]; }
};

struct CardGatewayOptions {
  // Shared with the adapter; every gateway request carries
  // X-Signature: hex(HMAC-SHA256(secret, body)), where a request without a
  // body (GET) signs its target, e.g. "/gateway/v1/payments?idempotency_key=k".
  std::string secret = "oms-partners-dev-secret";
  GatewayFaults faults;  // in force at start and after a reset
};

// The simulated card gateway: the HTTP API under /gateway/v1 and its control
// API under /control/gateway (both described in docs/PARTNERS.md), with the
// payment rules in CardPaymentBook.
//
// Thread-safety: every public method may be called from any thread while
// the server runs; state is guarded by mu_ and by the book's own mutex.
// Latency and holds wait on `stopping` so that a stopping server does not
// wait out a 30 s hold.
class CardGatewaySimulator final : public SimulatedPartner {
 public:
  // `stopping` must outlive this object; it is notified when the server stops.
  CardGatewaySimulator(CardGatewayOptions options, const absl::Notification* stopping);

  void RegisterRoutes(httplib::Server& server) override;
  void Reset() override;

  GatewayFaults faults() const;
  void SetFaults(const GatewayFaults& faults);
  GatewayCounters counters() const;
  // Blocks until `reached` holds for the counters or `timeout` passes;
  // returns whether it holds. `reached` sees every field except `book`.
  // For tests that must know a request has arrived (is held, is in flight)
  // before they act, without sleeping.
  bool AwaitCounters(const std::function<bool(const GatewayCounters&)>& reached,
                     absl::Duration timeout) const;
  const std::string& secret() const { return options_.secret; }

  // The payments themselves, for tests that inspect them directly.
  const CardPaymentBook& book() const { return book_; }

 private:
  // What a handler decided to send.
  struct Answer {
    int status = 200;
    std::string body;
  };

  void Handle(GatewayOperation op, const httplib::Request& req, httplib::Response& res);
  Answer Dispatch(GatewayOperation op, const httplib::Request& req);
  bool SignatureValid(const httplib::Request& req) const;
  // True when this call's reply is to be lost (and counts it down).
  bool TakeLostReply();
  // Holds the request, then makes httplib close the connection after the
  // status line and headers, so the client sees a broken reply, never an
  // answer it could act on.
  void HoldThenDrop(absl::Duration hold, httplib::Response& res) const;

  void GetControl(httplib::Response& res) const;
  void PostControl(const httplib::Request& req, httplib::Response& res);

  const CardGatewayOptions options_;
  const absl::Notification* const stopping_;
  CardPaymentBook book_;

  mutable absl::Mutex mu_;
  GatewayFaults faults_ ABSL_GUARDED_BY(mu_);
  GatewayCounters counters_ ABSL_GUARDED_BY(mu_);  // .book is filled on read
};

}  // namespace oms::partners
