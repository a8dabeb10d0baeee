#pragma once

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace oms::partners {

// One payment as the simulated card gateway keeps it.
struct SimulatedPayment {
  std::string payment_ref;
  std::string idempotency_key;  // of the authorization that created it
  std::string order_id;
  std::string currency;
  std::string card_token;
  int64_t requested_minor = 0;   // the amount asked to authorize
  int64_t authorized_minor = 0;  // 0 when declined
  int64_t captured_minor = 0;
  int64_t refunded_minor = 0;
  bool declined = false;
  bool voided = false;
  std::string decline_reason;  // set when declined
  std::string card_last4;

  // "declined", "voided", "authorized" (nothing captured), "refunded"
  // (everything captured was refunded) or "captured".
  std::string State() const;
};

struct AuthorizeCall {
  std::string idempotency_key;
  std::string order_id;
  int64_t amount_minor = 0;
  std::string currency;
  std::string card_token;
};

enum class MoneyOperation { kCapture, kVoid, kRefund };

// A capture, void or refund of an existing payment.
struct PaymentCall {
  MoneyOperation operation = MoneyOperation::kCapture;
  std::string idempotency_key;
  std::string payment_ref;
  int64_t amount_minor = 0;  // ignored by kVoid
  std::string currency;
};

// What the book has done since it was created or cleared.
struct BookCounters {
  int64_t payments = 0;        // distinct idempotency keys authorized
  int64_t authorizations = 0;  // approved
  int64_t declines = 0;
  int64_t captures = 0;
  int64_t voids = 0;
  int64_t refunds = 0;
  int64_t replays = 0;  // calls answered from an earlier call with the key
};

// The card gateway's ledger of payments: the rules of authorize, capture,
// void and refund, and idempotency keys. No HTTP here, so the rules can be
// read (and tested) on their own.
//
// Rules:
//  - Authorize under a key seen before with the same content answers the
//    existing payment (in its current state) and authorizes nothing.
//  - Card tokens decide the outcome: "tok_decline" -> card_declined,
//    "tok_insufficient_funds" -> insufficient_funds, "tok_expired" ->
//    expired_card; any other token is approved unless the decline rate
//    turns it down (card_declined).
//  - Captures may be partial and repeated; their sum never exceeds the
//    authorized amount. Refunds never exceed captured minus refunded. Void
//    only while nothing is captured. Declined or voided payments take no
//    captures or refunds.
//  - Capture/void/refund keys are idempotent too: the same key with the same
//    content answers the payment again without moving money.
//
// Errors: INVALID_ARGUMENT malformed call or currency mismatch;
// ALREADY_EXISTS a key reused with different content; NOT_FOUND unknown
// payment_ref or key; FAILED_PRECONDITION a rule above refuses, with the
// message "<reason_code>: <explanation>" (reason codes are listed in
// docs/PARTNERS.md).
//
// Thread-safe: every method takes the book's mutex.
class CardPaymentBook {
 public:
  // `decline_rate` (0..1) is the share of otherwise approved new
  // authorizations that are declined; the choice is deterministic (an
  // accumulator, not a random draw) so tests can predict it.
  absl::StatusOr<SimulatedPayment> Authorize(const AuthorizeCall& call,
                                             double decline_rate);
  absl::StatusOr<SimulatedPayment> Apply(const PaymentCall& call);
  absl::StatusOr<SimulatedPayment> FindByKey(const std::string& idempotency_key) const;

  BookCounters counters() const;
  // Forgets every payment, key and counter.
  void Clear();

 private:
  SimulatedPayment* FindByRef(const std::string& payment_ref)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Move(const PaymentCall& call, SimulatedPayment& payment)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  // payment_ref -> payment.
  absl::flat_hash_map<std::string, SimulatedPayment> payments_ ABSL_GUARDED_BY(mu_);
  // authorize idempotency key -> payment_ref.
  absl::flat_hash_map<std::string, std::string> refs_by_key_ ABSL_GUARDED_BY(mu_);
  // capture/void/refund idempotency key -> the call first made with it.
  absl::flat_hash_map<std::string, PaymentCall> operations_ ABSL_GUARDED_BY(mu_);
  int64_t next_ref_ ABSL_GUARDED_BY(mu_) = 1;
  double decline_accumulator_ ABSL_GUARDED_BY(mu_) = 0;
  BookCounters counters_ ABSL_GUARDED_BY(mu_);
};

}  // namespace oms::partners
