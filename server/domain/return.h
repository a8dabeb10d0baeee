#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/refund.h"

// Returns and exchanges: value objects (docs/RETURNS.md). The Order
// aggregate keeps its returns in OrderState::returns and changes them
// (order_returns.cpp). Pure: no storage, no gateway.
namespace oms::domain {

// AWAITING_RECEIPT: created, the goods are on their way back.
// RECEIVED: every unit arrived and got a disposition.
// CANCELLED: the customer kept the goods; nothing was refunded for it.
enum class ReturnStatus { kAwaitingReceipt, kReceived, kCancelled };

enum class ReturnReason {
  kDamaged,    // arrived damaged
  kDefective,  // does not work
  kWrongItem,  // not what was ordered
  kNotAsDescribed,
  kSizeOrFit,
  kNoLongerNeeded,
  kOther,
};

// When the money of a return moves: when the goods are received (default),
// or when the return is created (trusted customers, channels that refund
// at once).
enum class RefundTiming { kOnReceipt, kAtCreation };

// What happens to a received unit: back into sellable stock at a node, or
// written off.
enum class Disposition { kRestock, kDamaged };

absl::string_view Name(ReturnStatus s);
absl::string_view Name(ReturnReason r);
absl::string_view Name(RefundTiming t);
absl::string_view Name(Disposition d);
std::optional<ReturnStatus> ParseReturnStatus(absl::string_view name);
std::optional<ReturnReason> ParseReturnReason(absl::string_view name);
std::optional<RefundTiming> ParseRefundTiming(absl::string_view name);
std::optional<Disposition> ParseDisposition(absl::string_view name);

// Units of one order line coming back, and how they came back.
struct ReturnLine {
  int line_no = 0;
  std::string sku;
  int64_t quantity = 0;
  ReturnReason reason = ReturnReason::kOther;
  std::string note;
  int64_t amount_minor = 0;  // unit price x quantity, fixed at creation
  // Filled on receipt: restocked + damaged = quantity.
  int64_t restocked = 0;
  std::string restock_node_id;
  int64_t damaged = 0;
};

// A unit of a replacement product in an exchange, priced at creation.
struct ReplacementLine {
  std::string sku;
  int64_t quantity = 0;
  int64_t unit_price_minor = 0;
};

struct ReturnState {
  std::string return_id;  // order id + "-RMA" + n
  ReturnStatus status = ReturnStatus::kAwaitingReceipt;
  std::vector<ReturnLine> lines;
  int64_t value_minor = 0;  // what the returned units are worth
  RefundTiming refund_timing = RefundTiming::kOnReceipt;
  RefundPolicy refund_policy = RefundPolicy::kReverseCapture;
  // Decided at creation from the creator's limit: the refund of the
  // difference waits for a supervisor.
  bool refund_needs_approval = false;
  // Refunds paying for the return: the exchange credit (store credit spent
  // on the replacement) and the money back; empty until made.
  std::string exchange_refund_id;
  std::string refund_id;
  // Exchanges: the replacement, and the order that ships it.
  std::vector<ReplacementLine> replacement;
  int64_t replacement_value_minor = 0;
  std::string replacement_order_id;
  std::string requested_by;
  std::string received_by;
  std::string cancel_reason;
  absl::Time created_at;
  absl::Time received_at;
  bool is_exchange() const { return !replacement.empty(); }
  // Money back to the customer beyond the exchange credit.
  int64_t money_back_minor() const {
    return value_minor > replacement_value_minor ? value_minor - replacement_value_minor : 0;
  }
  // Store credit the replacement order is paid with.
  int64_t exchange_credit_minor() const {
    if (!is_exchange()) return 0;
    return value_minor < replacement_value_minor ? value_minor : replacement_value_minor;
  }
};

}  // namespace oms::domain
