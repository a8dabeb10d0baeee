#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/statuses.h"

// Refunds: value objects and the split policy (docs/REFUNDS.md). Pure: no
// storage, no gateway. The Order aggregate keeps its refunds in
// OrderState::refunds and changes them (order_refunds.cpp).
namespace oms::domain {

// PENDING_APPROVAL: above the requester's limit, waits for a supervisor; its
// money is already reserved on the tenders. PENDING: approved (or needed no
// approval); some part is not done yet. SUCCEEDED: every part done.
// REJECTED: a supervisor said no; its reservation is released.
enum class RefundStatus { kPendingApproval, kPending, kSucceeded, kRejected };

// How the money of a refund is split over the order's tenders.
//  kReverseCapture (default): void card money not captured yet, then refund
//    to the original tenders, the one captured last first.
//  kStoreCredit: void first, then the rest as store credit to the customer
//    (drawn against the tenders in the same order, so each tender's cap holds).
//  kProRata: void first, then over the tenders in proportion to what each
//    has left to refund (rounded down; the cents left go in reverse capture
//    order).
enum class RefundPolicy { kReverseCapture, kStoreCredit, kProRata };

// VOID: uncaptured card money released (the order will capture less).
// REFUND: money back to the tender itself (card at its gateway, wallet or
// store credit to the customer's account, cash at the till).
// STORE_CREDIT: money of the tender given back as store credit.
enum class RefundPartKind { kVoid, kRefund, kStoreCredit };

enum class RefundPartStatus { kPending, kSucceeded };

absl::string_view Name(RefundStatus s);
absl::string_view Name(RefundPolicy p);
absl::string_view Name(RefundPartKind k);
absl::string_view Name(RefundPartStatus s);
std::optional<RefundStatus> ParseRefundStatus(absl::string_view name);
std::optional<RefundPolicy> ParseRefundPolicy(absl::string_view name);
std::optional<RefundPartKind> ParseRefundPartKind(absl::string_view name);
std::optional<RefundPartStatus> ParseRefundPartStatus(absl::string_view name);

// Units of a line refunded (returned); restocked ones go back to the node
// that shipped them, the others are written off.
struct RefundLine {
  int line_no = 0;
  int64_t quantity = 0;
  bool restock = false;
  int64_t amount_minor = 0;  // unit price x quantity, fixed at request
};

// One tender's share of a refund.
struct RefundPart {
  int part_no = 0;  // 1, 2... within the refund
  std::string tender_id;
  TenderType tender_type = TenderType::kCard;
  RefundPartKind kind = RefundPartKind::kRefund;
  int64_t amount_minor = 0;
  RefundPartStatus status = RefundPartStatus::kPending;
  // Card refunds: the gateway idempotency key, order:tender:refund:refund_id.
  std::string gateway_key;
  absl::Time completed_at;
};

struct RefundState {
  std::string refund_id;  // order id + "-R" + n
  std::string return_id;  // the return it pays for, if any
  RefundStatus status = RefundStatus::kPending;
  RefundPolicy policy = RefundPolicy::kReverseCapture;
  std::vector<RefundLine> lines;
  int64_t shipping_minor = 0;  // the order's shipping, when refunded
  int64_t goodwill_minor = 0;
  int64_t amount_minor = 0;    // lines + shipping + goodwill
  std::string reason;
  std::string requested_by;
  std::string approved_by;  // or rejected by
  std::string rejection_reason;
  std::vector<RefundPart> parts;
  absl::Time requested_at;
  absl::Time decided_at;
  absl::Time completed_at;
};

// What one tender can still give, as the split sees it.
struct TenderRoom {
  std::string tender_id;
  TenderType type = TenderType::kCard;
  int64_t voidable_minor = 0;     // card money authorized, not captured, not owed by a shipment
  int64_t refundable_minor = 0;   // captured minus refunded minus reserved by open refunds
  // Order of capture: higher was captured later (cards at shipment, after
  // the wallet/store credit/cash taken at placement).
  int capture_rank = 0;
};

// Splits `amount_minor` over the tenders by `policy` (see RefundPolicy).
// Answers the parts (part_no from 1, status PENDING, no gateway key), never
// more than a tender's voidable or refundable money.
// INVALID_ARGUMENT for an amount <= 0; FAILED_PRECONDITION naming what is
// left when the tenders cannot cover the amount.
absl::StatusOr<std::vector<RefundPart>> SplitRefund(const std::vector<TenderRoom>& tenders,
                                                    int64_t amount_minor, RefundPolicy policy,
                                                    const std::string& currency);

}  // namespace oms::domain
