#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/domain_event.h"
#include "server/domain/order_state.h"
#include "server/domain/sourcing.h"

namespace oms::domain {

// What a validated placement request becomes before the order exists.
struct OrderDraft {
  struct Line {
    std::string sku;
    std::string name;
    int64_t quantity = 0;
    int64_t unit_price_minor = 0;
  };
  struct TenderInput {
    TenderType type = TenderType::kCard;
    int64_t amount_minor = 0;
    std::string card_token;
  };
  std::string order_id;
  std::string order_number;
  std::string region;
  std::string channel;
  std::string external_ref;
  CustomerRef customer;
  PostalAddress shipping_address;
  std::string shipping_option;
  std::string pickup_node_id;
  std::string currency;
  std::vector<Line> lines;
  int64_t discount_minor = 0;
  int64_t shipping_minor = 0;
  int64_t tax_minor = 0;
  std::vector<TenderInput> tenders;
  absl::Time placed_at;
  absl::Duration saga_timeout = absl::Minutes(15);
};

// The Order aggregate root. Lines, tenders and holds change only through
// its methods; every successful change records exactly the events that
// describe it (one per changed fact, plus OrderStatusChanged /
// PaymentStatusChanged / FulfillmentStatusChanged when a status moves).
// A failed call changes nothing and records nothing. Not thread-safe: an
// Order is a value loaded, changed and saved within one unit of work.
class Order {
 public:
  // Creates a PENDING order from a draft and the sourcing plan that reserved
  // its units. INVALID_ARGUMENT when the draft's totals or tenders do not add
  // up or the plan does not cover every unit; records OrderPlaced.
  static absl::StatusOr<Order> Place(const OrderDraft& draft, const SourcingPlan& plan);

  // Rebuilds an order read from storage; records nothing.
  static Order Restore(OrderState state);

  const OrderState& state() const { return state_; }
  const std::string& id() const { return state_.order_id; }
  OrderStatus status() const { return state_.status; }
  PaymentStatus payment_status() const;
  FulfillmentStatus fulfillment_status() const;
  bool HasHold(HoldReason reason) const;
  const Tender* FindTender(const std::string& tender_id) const;

  // Card tenders: the gateway's answer. FAILED_PRECONDITION unless the tender
  // is a card awaiting authorization.
  absl::Status RecordAuthorization(const std::string& tender_id, const std::string& gateway,
                                   const std::string& payment_ref, int64_t authorized_minor,
                                   const std::string& card_last4, absl::Time now);
  absl::Status RecordDecline(const std::string& tender_id, const std::string& gateway,
                             const std::string& reason, absl::Time now);
  // Money taken at placement: wallet and store-credit debits, cash at a POS.
  absl::Status RecordImmediateCapture(const std::string& tender_id, absl::Time now);
  // Compensation: an authorization voided, or a ledger debit reversed.
  absl::Status RecordVoid(const std::string& tender_id, absl::Time now);
  absl::Status RecordDebitReversed(const std::string& tender_id, absl::Time now);

  // PENDING -> CONFIRMED once every tender is authorized or captured.
  absl::Status Confirm(absl::Time now);
  // PENDING -> REJECTED: every open unit is cancelled and its reservation
  // released (the caller releases the stock rows it is told about).
  absl::Status Reject(const std::string& reason, absl::Time now);

  absl::Status PlaceHold(HoldReason reason, const std::string& note, absl::Time now);
  // NOT_FOUND when the order carries no such hold.
  absl::Status ReleaseHold(HoldReason reason, absl::Time now);

  // Events recorded since the last call, oldest first.
  std::vector<DomainEvent> TakeEvents();

 private:
  explicit Order(OrderState state) : state_(std::move(state)) {}
  Tender* MutableTender(const std::string& tender_id);
  absl::Status MoveTo(OrderStatus to, absl::Time now);
  void Record(std::string type, std::string summary, absl::Time now,
              std::vector<std::pair<std::string, std::string>> details = {});
  // Records Payment/FulfillmentStatusChanged when a derived status moved.
  void RecordDerivedChanges(PaymentStatus payment_before, FulfillmentStatus fulfillment_before,
                            absl::Time now);

  OrderState state_;
  std::vector<DomainEvent> events_;
};

// Derivations, exposed for tests and read models.
PaymentStatus DerivePaymentStatus(const std::vector<Tender>& tenders);
FulfillmentStatus DeriveFulfillmentStatus(const std::vector<OrderLine>& lines);

// Checks the line invariants above; INTERNAL naming the line when broken.
absl::Status CheckLineInvariants(const OrderLine& line);

}  // namespace oms::domain
