#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/cancellation.h"
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
  bool ship_complete = false;
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

  // INVALID_ARGUMENT for an empty note or one over 2000 characters.
  absl::Status AddNote(const std::string& author, const std::string& text, absl::Time now);

  absl::Status PlaceHold(HoldReason reason, const std::string& note, absl::Time now);
  // A marketplace sold units of a line beyond the channel's available-to-sell:
  // they wait as backorders, and UnitsBackordered tells the channel so.
  // FAILED_PRECONDITION when the line has fewer backordered units.
  absl::Status RecordSoldBeyondStock(int line_no, int64_t units, const std::string& channel,
                                     absl::Time now);
  // NOT_FOUND when the order carries no such hold.
  absl::Status ReleaseHold(HoldReason reason, absl::Time now);
  // A reviewer's "no" to a hold: recorded (HoldRejected) with the note; the
  // hold itself stays until the caller releases it (order_cancellation.cpp).
  // Only a FRAUD_REVIEW hold can be rejected: FAILED_PRECONDITION for
  // another reason or when the order carries no such hold.
  absl::Status RejectHold(HoldReason reason, const std::string& note, absl::Time now);

  // ---- Fulfilment (order_fulfilment.cpp) ----
  // Shipments live inside the order: the order is their only writer and
  // keeps the line quantities in step with them. Every operation below
  // that hands units over answers the stock it takes from which node, for
  // the caller to consume in the same unit of work.

  struct StockMove {
    std::string sku;
    std::string node_id;
    int64_t quantity = 0;
  };

  // Where units taken out of a shipment go.
  struct UnitMove {
    enum class Kind { kNode, kBackorder, kCancel };
    Kind kind = Kind::kNode;
    std::string node_id;  // kNode: the new node (reserved there by the caller)
    int64_t quantity = 0;
    std::string reason;   // kNode: the routing reason; else why
  };

  const ShipmentState* FindShipment(const std::string& shipment_id) const;
  // True when the order carries a hold (its shipments' holds are their own).
  bool IsHeld() const { return !state_.holds.empty(); }

  // Creates one shipment per node for the reserved units that are in no live
  // shipment yet, when the order is CONFIRMED or PARTIALLY_FULFILLED, carries
  // no hold, and (ship-complete orders) waits for no unit. Answers the new shipment ids (empty: nothing to do).
  std::vector<std::string> ReleaseToNodes(absl::Time now);

  absl::Status StartPicking(const std::string& shipment_id, absl::Time now);
  absl::Status PackShipment(const std::string& shipment_id, absl::Time now);
  // The units leave the node: reserved -> shipped; the shipment's card
  // charge is fixed (see CardChargeFor); the order status follows.
  absl::StatusOr<std::vector<StockMove>> ShipShipment(const std::string& shipment_id,
                                                      const std::string& carrier,
                                                      const std::string& service,
                                                      const std::string& tracking_id,
                                                      absl::Time now);
  absl::Status DeliverShipment(const std::string& shipment_id, absl::Time now);
  absl::Status MarkReadyForPickup(const std::string& shipment_id, absl::Time now,
                                  absl::Time expires_at);
  // Collected (pickup) or handed over at the till (carry-out): shipped and
  // delivered at once.
  absl::StatusOr<std::vector<StockMove>> CompletePickup(const std::string& shipment_id,
                                                        absl::Time now);
  absl::StatusOr<std::vector<StockMove>> CarryOut(const std::string& shipment_id,
                                                  absl::Time now);
  // Something went wrong at the node or with the carrier (a partner says so).
  absl::Status ReportShipmentException(const std::string& shipment_id, const std::string& note,
                                       absl::Time now);
  absl::Status RecordShipmentAccepted(const std::string& shipment_id,
                                      const std::string& partner_ref, absl::Time now);
  // A partner's confirmation number for the shipment; FAILED_PRECONDITION
  // when `sequence` is not above the last one applied.
  absl::Status RecordPartnerSequence(const std::string& shipment_id, int64_t sequence);

  // Short pick: `missing` units of `line_no` are not at the node. They leave
  // the shipment (which is cancelled when nothing is left in it), the node is
  // excluded for the line, and they go where `moves` say (their quantities
  // add up to `missing`). The caller releases the node's reservation, writes
  // the missing stock off, and reserves at new nodes.
  absl::Status ShortPick(const std::string& shipment_id, int line_no, int64_t missing,
                         const std::vector<UnitMove>& moves, const std::string& reason,
                         absl::Time now);
  // The node declines the shipment: REJECTED, and each line's units go where
  // `moves[line_no]` say. The node is excluded for those lines.
  absl::Status RejectShipment(const std::string& shipment_id, const std::string& reason,
                              const std::map<int, std::vector<UnitMove>>& moves, absl::Time now);
  // Pickup not collected in time: the shipment is cancelled and its units
  // cancelled by the system; answers the reservations to release.
  absl::StatusOr<std::vector<StockMove>> ExpirePickup(const std::string& shipment_id,
                                                      absl::Time now);
  // Backordered or preordered units of a line get stock at a node.
  enum class Waiting { kBackordered, kPreordered };
  absl::Status AllocateWaitingUnits(int line_no, Waiting from, const std::string& node_id,
                                    int64_t quantity, const std::string& reason, absl::Time now);

  absl::Status PlaceShipmentHold(const std::string& shipment_id, HoldReason reason,
                                 const std::string& note, absl::Time now);
  absl::Status ReleaseShipmentHold(const std::string& shipment_id, HoldReason reason,
                                   absl::Time now);

  // ---- Cancellation (order_cancellation.cpp) ----
  struct CancellationRequest {
    struct Line {
      int line_no = 0;
      int64_t quantity = 0;
    };
    std::vector<Line> lines;  // empty: every unit that can still be cancelled
    CancelReason reason = CancelReason::kCustomerRequest;
    Initiator initiator = Initiator::kCustomer;
    std::string note;
    // The answer of a partner node: only units of this shipment, and the
    // node has accepted (ASK_NODE parts become CANCEL).
    std::string accepted_by_node_for;
    // Only preordered units of the chosen lines (a preorder dropped).
    bool preordered_only = false;
  };
  // What a cancellation would do, decided by the cancellation table.
  struct CancellationPlan {
    struct Part {
      int line_no = 0;
      std::string sku;
      UnitState state = UnitState::kUnreleased;
      std::string node_id;      // where the units are reserved ("" when waiting)
      std::string shipment_id;  // the shipment holding them, if any
      int64_t quantity = 0;
      CancelEffect effect = CancelEffect::kCancel;
      std::string why;
    };
    struct Money {
      std::string tender_id;
      TenderType type = TenderType::kCard;
      int64_t void_minor = 0;    // card authorization released, never taken
      int64_t refund_minor = 0;  // taken money given back (wallet, store credit, cash)
    };
    std::vector<Part> parts;
    std::vector<Money> money;
    int64_t value_minor = 0;       // what the units cancelled now are worth
    int64_t unsettled_minor = 0;   // value no tender could give back here
    bool order_cancelled = false;  // nothing left open and nothing shipped
    int64_t UnitsWith(CancelEffect effect) const;
  };
  // `node_kind` tells internal nodes from partners. INVALID_ARGUMENT for an
  // unknown line or more units than are open; FAILED_PRECONDITION when the
  // order is PENDING or over.
  absl::StatusOr<CancellationPlan> PlanCancellation(
      const CancellationRequest& request,
      const std::function<NodeKind(const std::string& node_id)>& node_kind) const;
  // Applies the plan's CANCEL parts and money (the plan must come from this
  // order as it is now). Answers the reservations to release.
  absl::StatusOr<std::vector<StockMove>> Cancel(const CancellationPlan& plan,
                                                const CancellationRequest& request,
                                                absl::Time now);
  // Records that a partner node was asked to cancel these units of its
  // shipment (the plan's ASK_NODE parts); answers the shipments asked.
  std::vector<std::string> RequestNodeCancellation(const CancellationPlan& plan,
                                                   const CancellationRequest& request,
                                                   absl::Time now);
  // The partner's answer: refused (the request is forgotten, with an event)
  // or accepted (the caller then cancels with accepted_by_node_for).
  absl::Status RecordNodeCancellationAnswer(const std::string& shipment_id, bool accepted,
                                            const std::string& reason, absl::Time now);

  // ---- Money follows the goods ----
  // The card money a shipment pays, fixed when it ships. Rule: card tenders
  // cover `card_due` (authorized minus voided); a shipment pays the share of
  // card_due that its goods are of the goods still owed (ordered minus
  // cancelled, at unit price), rounded down; the shipment that leaves no unit
  // open pays exactly what is left of card_due. Never more than card_due.
  int64_t CardChargeFor(const ShipmentState& shipment, bool closes_order) const;
  // The gateway captured `amount` on a tender for a shipment.
  // FAILED_PRECONDITION beyond the tender's authorization or the shipment's charge.
  absl::Status RecordShipmentCapture(const std::string& tender_id,
                                     const std::string& shipment_id, int64_t amount,
                                     absl::Time now);
  // A card authorization renewed before it expired: new payment reference.
  absl::Status RecordReauthorization(const std::string& tender_id,
                                     const std::string& payment_ref, absl::Time now);

  // ---- Refunds (order_refunds.cpp; rules in docs/REFUNDS.md) ----
  // A refund gives back captured money (or releases card money not captured
  // yet) for units returned, the shipping, or goodwill. Its money is reserved
  // on the tenders from the moment it is requested, so concurrent refunds
  // (serialized by the writer and the order's version) can never together
  // exceed what a tender has.
  struct RefundRequest {
    std::vector<RefundLine> lines;  // line_no, quantity, restock (amount is set here)
    bool shipping = false;          // refund the order's shipping charge
    int64_t goodwill_minor = 0;     // tied to no item
    RefundPolicy policy = RefundPolicy::kReverseCapture;
    std::string reason;
    std::string requested_by;  // principal
    // Returns (order_returns.cpp): the return this refund pays for (its
    // units waiting for receipt are then refundable), and a cap on the
    // amount (an exchange credit worth less than the units; 0: none).
    std::string for_return_id;
    int64_t amount_cap_minor = 0;
  };
  // What each live tender can still give back now (see TenderRoom).
  std::vector<TenderRoom> RefundRoom() const;
  // The refund as RequestRefund would create it (id not assigned, status
  // PENDING), without changing anything. INVALID_ARGUMENT for an unknown or
  // repeated line, a quantity <= 0, a negative goodwill or nothing to
  // refund; FAILED_PRECONDITION for units not shipped or already refunded,
  // shipping refunded before, store credit for an order without a customer,
  // or more money than the tenders have left.
  absl::StatusOr<RefundState> PreviewRefund(const RefundRequest& request) const;
  // Creates the refund and answers its id (order id + "-R" + n). With
  // `needs_approval` it is PENDING_APPROVAL and only reserves; otherwise it is
  // PENDING and executed at once: units returned, card money voided. The
  // caller then settles the other parts (RefundPartsToSettle). Errors as
  // PreviewRefund.
  absl::StatusOr<std::string> RequestRefund(const RefundRequest& request, bool needs_approval,
                                            absl::Time now);
  // PENDING_APPROVAL -> PENDING (executed as above; the split is made again
  // from the tenders as they are now) or -> REJECTED (reservation released).
  // NOT_FOUND for an unknown refund; FAILED_PRECONDITION in another status.
  absl::Status ApproveRefund(const std::string& refund_id, const std::string& approver,
                             absl::Time now);
  absl::Status RejectRefund(const std::string& refund_id, const std::string& by,
                            const std::string& reason, absl::Time now);
  // A part settled outside the order (card refunded at its gateway, ledger
  // transfer posted, cash handed back). The refund SUCCEEDS with its last
  // part; the order becomes REFUNDED when every unit is cancelled or
  // returned and every captured amount refunded. FAILED_PRECONDITION for a
  // part already done or a refund not PENDING.
  absl::Status RecordRefundPartDone(const std::string& refund_id, int part_no, absl::Time now);
  const RefundState* FindRefund(const std::string& refund_id) const;
  // Restocked units of a refund and the node that shipped them, to receive
  // back into stock in the unit that executes the refund.
  std::vector<StockMove> RestockMoves(const RefundState& refund) const;

  // ---- Returns and exchanges (order_returns.cpp; docs/RETURNS.md) ----
  struct ReturnRequest {
    struct Line {
      int line_no = 0;
      int64_t quantity = 0;
      ReturnReason reason = ReturnReason::kOther;
      std::string note;
    };
    std::vector<Line> lines;
    // An exchange: the replacement, priced by the caller from the catalog.
    std::vector<ReplacementLine> replacement;
    RefundTiming refund_timing = RefundTiming::kOnReceipt;
    RefundPolicy refund_policy = RefundPolicy::kReverseCapture;
    bool refund_needs_approval = false;
    std::string requested_by;
  };
  // Units of a line the customer may still send back: delivered, not
  // refunded, in no return waiting for its goods.
  int64_t ReturnableUnits(int line_no) const;
  // The return as CreateReturn would make it (no id). INVALID_ARGUMENT for
  // an unknown or repeated line, a quantity <= 0, a note over 500
  // characters or a bad replacement line; FAILED_PRECONDITION for units not
  // delivered or already refunded or being returned, and for an exchange of
  // an order without a customer account (the exchange credit is store
  // credit).
  absl::StatusOr<ReturnState> PreviewReturn(const ReturnRequest& request) const;
  // Creates the return AWAITING_RECEIPT and answers its id (order id +
  // "-RMA" + n). Errors as PreviewReturn.
  absl::StatusOr<std::string> CreateReturn(const ReturnRequest& request, absl::Time now);
  struct ReceivedLine {
    int line_no = 0;
    int64_t restocked = 0;
    std::string restock_node_id;  // where restocked units go back into stock
    int64_t damaged = 0;
  };
  // The goods arrived: every line of the return gets its dispositions
  // (restocked + damaged = its quantity). Answers the stock to receive at
  // the restock nodes. NOT_FOUND for an unknown return; FAILED_PRECONDITION
  // unless AWAITING_RECEIPT; INVALID_ARGUMENT for lines not in the return,
  // missing or repeated, counts that do not add up, or a restock without a
  // node.
  absl::StatusOr<std::vector<StockMove>> ReceiveReturn(const std::string& return_id,
                                                       const std::vector<ReceivedLine>& lines,
                                                       const std::string& received_by,
                                                       absl::Time now);
  // The customer kept the goods. FAILED_PRECONDITION once received, or
  // when money was already given for it (refunded at creation, exchanges).
  absl::Status CancelReturn(const std::string& return_id, const std::string& by,
                            const std::string& reason, absl::Time now);
  // The refund that pays the return now: the exchange credit (store credit
  // worth the replacement, at most the returned units' value), or the money
  // back (the units, or for an exchange the value above the replacement).
  // nullopt when there is nothing to pay.
  enum class ReturnMoney { kExchangeCredit, kMoneyBack };
  std::optional<RefundRequest> ReturnRefundRequest(const std::string& return_id,
                                                   ReturnMoney which) const;
  // Links a refund made for the return (which says which of its two).
  absl::Status RecordReturnRefund(const std::string& return_id, ReturnMoney which,
                                  const std::string& refund_id, absl::Time now);
  absl::Status RecordReplacementOrder(const std::string& return_id, const std::string& order_id,
                                      const std::string& order_number, absl::Time now);
  const ReturnState* FindReturn(const std::string& return_id) const;

  // Events recorded since the last call, oldest first.
  std::vector<DomainEvent> TakeEvents();

 private:
  explicit Order(OrderState state) : state_(std::move(state)) {}
  ShipmentState* MutableShipment(const std::string& shipment_id);
  OrderLine* MutableLine(int line_no);
  // Runs `change` on the shipment through its own class and copies it back
  // with its events; NOT_FOUND for an unknown id.
  absl::Status WithShipment(const std::string& shipment_id,
                            const std::function<absl::Status(Shipment&)>& change);
  absl::Status RequireWorkable(absl::string_view action) const;
  // A shipment leaves the node by `move` (ship, pickup, carry-out): its
  // units are handed over, its card charge fixed, the order status follows.
  absl::StatusOr<std::vector<StockMove>> LeaveNode(
      const std::string& shipment_id, absl::string_view action, bool delivered,
      const std::function<absl::Status(Shipment&)>& move, absl::Time now);
  // Units of a handed-over shipment become shipped (and delivered).
  std::vector<StockMove> HandOverUnits(const ShipmentState& shipment, bool delivered);
  // Units leave a line's allocation at `node` and go where `moves` say.
  absl::Status MoveUnits(OrderLine& line, const std::string& node, int64_t quantity,
                         const std::vector<UnitMove>& moves, absl::Time now);
  // CONFIRMED -> PARTIALLY_FULFILLED -> FULFILLED, or CANCELLED, from the lines.
  absl::Status FollowLines(absl::Time now);
  // Recomputes every line's `allocated` from the live shipments.
  void RecountAllocated();
  // Refunds (order_refunds.cpp): units returned and voids applied when a
  // refund starts paying out; SUCCEEDED (and maybe REFUNDED) with its last part.
  void ExecuteRefund(size_t index, absl::Time now);
  void FinishRefundIfDone(size_t index, absl::Time now);
  // Units of a line in returns not paid yet (waiting for their goods, or
  // received with their refund refused), except those of `except_return`.
  int64_t UnitsAwaitingReturn(int line_no, const std::string& except_return) const;
  ReturnState* MutableReturn(const std::string& return_id);
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
