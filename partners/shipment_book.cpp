#include "partners/shipment_book.h"

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace oms::partners {
namespace {

constexpr size_t kMaxKeyLength = 255;

using State = SimulatedShipment::State;

absl::Status ValidateKey(const std::string& key) {
  if (key.empty() || key.size() > kMaxKeyLength) {
    return absl::InvalidArgumentError(absl::StrCat("the Idempotency-Key header must have 1 to ",
                                                   kMaxKeyLength, " characters, got ", key.size()));
  }
  return absl::OkStatus();
}

absl::Status ValidateCall(const ShipmentCall& call) {
  if (absl::Status s = ValidateKey(call.idempotency_key); !s.ok()) return s;
  if (call.shipment_id.empty()) return absl::InvalidArgumentError("shipment_id is required");
  if (call.node_id.empty()) return absl::InvalidArgumentError("node_id is required");
  if (call.order_id.empty()) return absl::InvalidArgumentError("order_id is required");
  if (call.lines.empty()) return absl::InvalidArgumentError("lines must not be empty");
  for (size_t i = 0; i < call.lines.size(); ++i) {
    const ShipmentCall::Line& l = call.lines[i];
    if (l.sku.empty())
      return absl::InvalidArgumentError(absl::StrCat("lines[", i, "].sku is required"));
    if (l.quantity < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("lines[", i, "].quantity must be at least 1, got ", l.quantity));
    }
  }
  return absl::OkStatus();
}

auto Tie(const ShipmentCall::Line& l) { return std::tie(l.line_no, l.sku, l.name, l.quantity); }
auto Tie(const ShipmentCall::Address& a) {
  return std::tie(a.name, a.line1, a.line2, a.city, a.postal_code, a.country, a.phone);
}

bool SameContent(const ShipmentCall& a, const ShipmentCall& b) {
  if (a.lines.size() != b.lines.size()) return false;
  for (size_t i = 0; i < a.lines.size(); ++i) {
    if (Tie(a.lines[i]) != Tie(b.lines[i])) return false;
  }
  return a.shipment_id == b.shipment_id && a.node_id == b.node_id && a.order_id == b.order_id &&
         a.order_number == b.order_number && a.shipping_option == b.shipping_option &&
         Tie(a.ship_to) == Tie(b.ship_to);
}

// The rejection the rules give, or "" to accept.
std::string RejectionFor(const ShipmentCall& call, const RejectionRules& rules) {
  if (rules.reject_all) return "not accepting shipments";
  for (const ShipmentCall::Line& l : call.lines) {
    if (std::find(rules.reject_skus.begin(), rules.reject_skus.end(), l.sku) !=
        rules.reject_skus.end()) {
      return absl::StrCat("sku ", l.sku, " is not stocked at this site");
    }
  }
  return "";
}

}  // namespace

const char* SimulatedShipment::StateName(State state) {
  switch (state) {
    case State::kRejected: return "rejected";
    case State::kAccepted: return "accepted";
    case State::kPicking: return "picking";
    case State::kCancelled: return "cancelled";
    case State::kShipped: return "shipped";
    case State::kDelivered: return "delivered";
    case State::kException: return "exception";
  }
  return "?";
}

const char* ReportKindName(ReportKind kind) {
  switch (kind) {
    case ReportKind::kShipped: return "SHIPPED";
    case ReportKind::kDelivered: return "DELIVERED";
    case ReportKind::kException: return "EXCEPTION";
  }
  return "?";
}

absl::StatusOr<LogisticsAnswer> ShipmentBook::Request(const ShipmentCall& call,
                                                      const RejectionRules& rules) {
  if (absl::Status s = ValidateCall(call); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  if (auto it = requests_.find(call.idempotency_key); it != requests_.end()) {
    const SimulatedShipment& first = shipments_[it->second.first];
    if (!SameContent(first.request, call)) {
      return absl::AlreadyExistsError(
          absl::StrCat("Idempotency-Key '", call.idempotency_key, "' was used for shipment ",
                       first.request.shipment_id, " with different content"));
    }
    ++counters_.replays;
    return it->second.second;
  }
  if (const SimulatedShipment* known = FindLocked(call.shipment_id); known != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat(
        "shipment ", call.shipment_id, " was already requested under Idempotency-Key '",
        known->request.idempotency_key, "' (", known->partner_ref,
        "); a new key would ship it twice"));
  }

  SimulatedShipment shipment;
  char ref[32];
  std::snprintf(ref, sizeof ref, "3pl_%08lld", static_cast<long long>(next_ref_++));
  shipment.partner_ref = ref;
  shipment.request = call;
  shipment.reject_reason = RejectionFor(call, rules);
  shipment.state = shipment.reject_reason.empty() ? State::kAccepted : State::kRejected;

  LogisticsAnswer answer;
  answer.accepted = shipment.state == State::kAccepted;
  answer.reason = shipment.reject_reason;
  answer.partner_ref = shipment.partner_ref;
  ++counters_.shipments;
  ++(answer.accepted ? counters_.accepted : counters_.rejected);
  by_id_[call.shipment_id] = shipments_.size();
  requests_[call.idempotency_key] = {shipments_.size(), answer};
  shipments_.push_back(std::move(shipment));
  return answer;
}

absl::StatusOr<LogisticsAnswer> ShipmentBook::Cancel(const std::string& idempotency_key,
                                                     const std::string& node_id,
                                                     const std::string& shipment_id) {
  if (absl::Status s = ValidateKey(idempotency_key); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  if (auto it = cancellations_.find(idempotency_key); it != cancellations_.end()) {
    if (it->second.shipment_id != shipment_id || it->second.node_id != node_id) {
      return absl::AlreadyExistsError(absl::StrCat("Idempotency-Key '", idempotency_key,
                                                   "' was used to cancel shipment ",
                                                   it->second.shipment_id));
    }
    ++counters_.replays;
    return it->second.answer;
  }
  SimulatedShipment* s = FindLocked(shipment_id);
  if (s == nullptr || (!node_id.empty() && s->request.node_id != node_id)) {
    return absl::NotFoundError(absl::StrCat("no shipment ", shipment_id, " at node ", node_id));
  }
  LogisticsAnswer answer;
  answer.partner_ref = s->partner_ref;
  switch (s->state) {
    case State::kAccepted:
      s->state = State::kCancelled;
      ++counters_.cancellations;
      answer.accepted = true;
      break;
    case State::kCancelled:
    case State::kRejected:
      answer.accepted = true;  // nothing will ship
      break;
    case State::kPicking: answer.reason = "too late: the shipment is being picked"; break;
    case State::kShipped:
    case State::kDelivered:
    case State::kException:
      answer.reason =
          absl::StrCat("too late: shipped with ", s->carrier, " tracking ", s->tracking_id);
      break;
  }
  cancellations_[idempotency_key] = Cancellation{node_id, shipment_id, answer};
  return answer;
}

absl::Status ShipmentBook::StartPicking(const std::string& shipment_id) {
  absl::MutexLock lock(&mu_);
  SimulatedShipment* s = FindLocked(shipment_id);
  if (s == nullptr) return absl::NotFoundError(absl::StrCat("no shipment ", shipment_id));
  if (s->state == State::kPicking) return absl::OkStatus();
  if (s->state != State::kAccepted) {
    return absl::FailedPreconditionError(absl::StrCat("shipment ", shipment_id, " is ",
                                                      SimulatedShipment::StateName(s->state),
                                                      "; only an accepted shipment can be picked"));
  }
  s->state = State::kPicking;
  return absl::OkStatus();
}

absl::StatusOr<SimulatedShipment> ShipmentBook::Report(const std::string& shipment_id,
                                                       ReportKind kind, const std::string& carrier,
                                                       const std::string& service,
                                                       const std::string& tracking_id) {
  absl::MutexLock lock(&mu_);
  SimulatedShipment* s = FindLocked(shipment_id);
  if (s == nullptr) return absl::NotFoundError(absl::StrCat("no shipment ", shipment_id));
  const bool allowed = kind == ReportKind::kShipped
                           ? s->state == State::kAccepted || s->state == State::kPicking
                           : s->state == State::kShipped;
  if (!allowed) {
    return absl::FailedPreconditionError(
        absl::StrCat("shipment ", shipment_id, " is ", SimulatedShipment::StateName(s->state),
                     "; it cannot be reported ", ReportKindName(kind)));
  }
  switch (kind) {
    case ReportKind::kShipped:
      s->state = State::kShipped;
      s->carrier = carrier;
      s->service = service;
      s->tracking_id =
          tracking_id.empty() ? absl::StrCat("TRK", s->partner_ref.substr(4)) : tracking_id;
      break;
    case ReportKind::kDelivered: s->state = State::kDelivered; break;
    case ReportKind::kException: s->state = State::kException; break;
  }
  ++s->last_sequence;
  return *s;
}

std::optional<SimulatedShipment> ShipmentBook::Find(const std::string& shipment_id) const {
  absl::MutexLock lock(&mu_);
  auto it = by_id_.find(shipment_id);
  if (it == by_id_.end()) return std::nullopt;
  return shipments_[it->second];
}

std::vector<SimulatedShipment> ShipmentBook::All() const {
  absl::MutexLock lock(&mu_);
  return shipments_;
}

ShipmentBookCounters ShipmentBook::counters() const {
  absl::MutexLock lock(&mu_);
  return counters_;
}

void ShipmentBook::Clear() {
  absl::MutexLock lock(&mu_);
  shipments_.clear();
  by_id_.clear();
  requests_.clear();
  cancellations_.clear();
  counters_ = ShipmentBookCounters{};
}

SimulatedShipment* ShipmentBook::FindLocked(const std::string& shipment_id) {
  auto it = by_id_.find(shipment_id);
  return it == by_id_.end() ? nullptr : &shipments_[it->second];
}

}  // namespace oms::partners
