#include "partners/card_payment_book.h"

#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace oms::partners {
namespace {

constexpr size_t kMaxKeyLength = 255;

// Cards behave like the test cards of well-known gateways, so a developer
// can pick an outcome by choosing a token.
std::string DeclineReasonFor(const std::string& card_token) {
  if (card_token == "tok_decline") return "card_declined";
  if (card_token == "tok_insufficient_funds") return "insufficient_funds";
  if (card_token == "tok_expired") return "expired_card";
  return "";
}

std::string Last4For(const std::string& card_token) {
  if (card_token == "tok_visa") return "4242";
  if (card_token == "tok_mastercard") return "4444";
  if (card_token == "tok_amex") return "8431";
  if (card_token.size() >= 4) {
    std::string tail = card_token.substr(card_token.size() - 4);
    bool digits = true;
    for (char c : tail) digits = digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
    if (digits) return tail;
  }
  return "4242";
}

bool IsCurrencyCode(const std::string& s) {
  if (s.size() != 3) return false;
  for (char c : s) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status ValidateKey(const std::string& key) {
  if (key.empty() || key.size() > kMaxKeyLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("idempotency_key must have 1 to ", kMaxKeyLength,
                     " characters, got ", key.size()));
  }
  return absl::OkStatus();
}

absl::Status Refusal(absl::string_view reason, absl::string_view explanation) {
  return absl::FailedPreconditionError(absl::StrCat(reason, ": ", explanation));
}

const char* OperationName(MoneyOperation op) {
  switch (op) {
    case MoneyOperation::kCapture: return "capture";
    case MoneyOperation::kVoid: return "void";
    case MoneyOperation::kRefund: return "refund";
  }
  return "?";
}

bool SameContent(const PaymentCall& a, const PaymentCall& b) {
  return a.operation == b.operation && a.payment_ref == b.payment_ref &&
         a.currency == b.currency &&
         (a.operation == MoneyOperation::kVoid || a.amount_minor == b.amount_minor);
}

}  // namespace

std::string SimulatedPayment::State() const {
  if (declined) return "declined";
  if (voided) return "voided";
  if (captured_minor == 0) return "authorized";
  if (refunded_minor == captured_minor) return "refunded";
  return "captured";
}

absl::StatusOr<SimulatedPayment> CardPaymentBook::Authorize(const AuthorizeCall& call,
                                                            double decline_rate) {
  if (absl::Status s = ValidateKey(call.idempotency_key); !s.ok()) return s;
  if (call.order_id.empty()) return absl::InvalidArgumentError("order_id is required");
  if (call.amount_minor <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("amount_minor must be positive, got ", call.amount_minor));
  }
  if (!IsCurrencyCode(call.currency)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "currency must be an ISO 4217 code like EUR, got '", call.currency, "'"));
  }
  if (call.card_token.empty()) return absl::InvalidArgumentError("card_token is required");

  absl::MutexLock lock(&mu_);
  if (auto it = refs_by_key_.find(call.idempotency_key); it != refs_by_key_.end()) {
    const SimulatedPayment& existing = payments_.at(it->second);
    if (existing.order_id != call.order_id || existing.currency != call.currency ||
        existing.card_token != call.card_token ||
        existing.requested_minor != call.amount_minor) {
      return absl::AlreadyExistsError(absl::StrCat(
          "idempotency_key '", call.idempotency_key, "' was used for payment ",
          existing.payment_ref, " with a different order, amount, currency or card"));
    }
    ++counters_.replays;
    return existing;
  }

  SimulatedPayment payment;
  char ref[32];
  std::snprintf(ref, sizeof ref, "pay_%08lld", static_cast<long long>(next_ref_++));
  payment.payment_ref = ref;
  payment.idempotency_key = call.idempotency_key;
  payment.order_id = call.order_id;
  payment.currency = call.currency;
  payment.card_token = call.card_token;
  payment.requested_minor = call.amount_minor;
  payment.card_last4 = Last4For(call.card_token);
  payment.decline_reason = DeclineReasonFor(call.card_token);
  if (payment.decline_reason.empty() && decline_rate > 0) {
    decline_accumulator_ += decline_rate;
    if (decline_accumulator_ >= 1.0 - 1e-9) {
      decline_accumulator_ -= 1.0;
      payment.decline_reason = "card_declined";
    }
  }
  payment.declined = !payment.decline_reason.empty();
  payment.authorized_minor = payment.declined ? 0 : call.amount_minor;
  ++counters_.payments;
  ++(payment.declined ? counters_.declines : counters_.authorizations);
  refs_by_key_[call.idempotency_key] = payment.payment_ref;
  payments_[payment.payment_ref] = payment;
  return payment;
}

absl::StatusOr<SimulatedPayment> CardPaymentBook::Apply(const PaymentCall& call) {
  if (absl::Status s = ValidateKey(call.idempotency_key); !s.ok()) return s;
  if (call.payment_ref.empty()) return absl::InvalidArgumentError("payment_ref is required");
  if (call.operation != MoneyOperation::kVoid && call.amount_minor <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        OperationName(call.operation), " amount_minor must be positive, got ",
        call.amount_minor));
  }

  absl::MutexLock lock(&mu_);
  SimulatedPayment* payment = FindByRef(call.payment_ref);
  if (payment == nullptr) {
    return absl::NotFoundError(absl::StrCat("no payment ", call.payment_ref));
  }
  if (auto it = operations_.find(call.idempotency_key); it != operations_.end()) {
    if (!SameContent(it->second, call)) {
      return absl::AlreadyExistsError(absl::StrCat(
          "idempotency_key '", call.idempotency_key, "' was used for a ",
          OperationName(it->second.operation), " of ", it->second.payment_ref,
          " with different content"));
    }
    ++counters_.replays;
    return *payment;
  }
  if (call.currency != payment->currency) {
    return absl::InvalidArgumentError(absl::StrCat(
        OperationName(call.operation), " in ", call.currency, " for payment ",
        payment->payment_ref, " made in ", payment->currency));
  }
  if (absl::Status s = Move(call, *payment); !s.ok()) return s;
  operations_[call.idempotency_key] = call;
  return *payment;
}

absl::Status CardPaymentBook::Move(const PaymentCall& call, SimulatedPayment& p) {
  const std::string op = OperationName(call.operation);
  if (p.declined) {
    return Refusal("payment_declined",
                   absl::StrCat("payment ", p.payment_ref, " was declined; nothing to ", op));
  }
  if (p.voided) {
    return Refusal("payment_voided",
                   absl::StrCat("payment ", p.payment_ref, " was voided; nothing to ", op));
  }
  switch (call.operation) {
    case MoneyOperation::kCapture:
      if (p.captured_minor + call.amount_minor > p.authorized_minor) {
        return Refusal("capture_exceeds_authorized",
                       absl::StrCat("capturing ", call.amount_minor, " on ", p.payment_ref,
                                    " would capture ", p.captured_minor + call.amount_minor,
                                    " of ", p.authorized_minor, " authorized"));
      }
      p.captured_minor += call.amount_minor;
      ++counters_.captures;
      return absl::OkStatus();
    case MoneyOperation::kVoid:
      if (p.captured_minor > 0) {
        return Refusal("payment_captured",
                       absl::StrCat("payment ", p.payment_ref, " has ", p.captured_minor,
                                    " captured; refund it instead of voiding"));
      }
      p.voided = true;
      ++counters_.voids;
      return absl::OkStatus();
    case MoneyOperation::kRefund:
      if (call.amount_minor > p.captured_minor - p.refunded_minor) {
        return Refusal("refund_exceeds_captured",
                       absl::StrCat("refunding ", call.amount_minor, " on ", p.payment_ref,
                                    " exceeds the ", p.captured_minor - p.refunded_minor,
                                    " captured and not yet refunded"));
      }
      p.refunded_minor += call.amount_minor;
      ++counters_.refunds;
      return absl::OkStatus();
  }
  return absl::InternalError("unknown payment operation");
}

absl::StatusOr<SimulatedPayment> CardPaymentBook::FindByKey(
    const std::string& idempotency_key) const {
  absl::MutexLock lock(&mu_);
  auto it = refs_by_key_.find(idempotency_key);
  if (it == refs_by_key_.end()) {
    return absl::NotFoundError(
        absl::StrCat("no payment was authorized with idempotency_key '", idempotency_key, "'"));
  }
  return payments_.at(it->second);
}

SimulatedPayment* CardPaymentBook::FindByRef(const std::string& payment_ref) {
  auto it = payments_.find(payment_ref);
  return it == payments_.end() ? nullptr : &it->second;
}

BookCounters CardPaymentBook::counters() const {
  absl::MutexLock lock(&mu_);
  return counters_;
}

void CardPaymentBook::Clear() {
  absl::MutexLock lock(&mu_);
  payments_.clear();
  refs_by_key_.clear();
  operations_.clear();
  // next_ref_ keeps counting so that a ref from before the reset answers
  // NOT_FOUND instead of naming an unrelated new payment.
  decline_accumulator_ = 0;
  counters_ = BookCounters{};
}

}  // namespace oms::partners
