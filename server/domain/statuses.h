#pragma once

#include <optional>
#include <string>
#include "absl/strings/string_view.h"

namespace oms::domain {

// The three status dimensions of DESIGN.md, kept apart. Payment and
// fulfillment statuses are derived from tenders and line quantities; only the
// order status is stored, and it changes only through the transition table.
enum class OrderStatus {
  kPending,
  kConfirmed,
  kPartiallyFulfilled,
  kFulfilled,
  kCancelled,
  kRefunded,
  kRejected,
};

enum class PaymentStatus {
  kUnpaid,
  kAuthorized,
  kPartiallyCaptured,
  kCaptured,
  kPartiallyRefunded,
  kRefunded,
  kVoided,
};

enum class FulfillmentStatus {
  kUnfulfilled,
  kPartiallyShipped,
  kShipped,
  kPartiallyDelivered,
  kDelivered,
  kBackordered,
  kPreordered,
};

enum class HoldReason {
  kAwaitingPayment,
  kFraudReview,
  kAddressCheck,
  kCustomerRequest,
  kStock,
  kAwaitingReturn,  // an exchange's replacement waits for the returned goods
};

// kMarketplace: paid to a marketplace, which is the merchant of record and
// settles with us; captured at placement like cash, refunded by the marketplace.
enum class TenderType { kCard, kWallet, kStoreCredit, kCash, kMarketplace };

enum class TenderStatus { kPending, kAuthorized, kDeclined, kCaptured, kVoided, kRefunded };

// Upper-case names as in the API without prefix ("PARTIALLY_FULFILLED").
absl::string_view Name(OrderStatus s);
absl::string_view Name(PaymentStatus s);
absl::string_view Name(FulfillmentStatus s);
absl::string_view Name(HoldReason r);
absl::string_view Name(TenderType t);
absl::string_view Name(TenderStatus s);

// Inverse of Name; nullopt for an unknown name (stored data from a newer
// version, or bad input).
std::optional<OrderStatus> ParseOrderStatus(absl::string_view name);
std::optional<HoldReason> ParseHoldReason(absl::string_view name);
std::optional<TenderType> ParseTenderType(absl::string_view name);
std::optional<TenderStatus> ParseTenderStatus(absl::string_view name);

bool IsTerminal(OrderStatus s);

}  // namespace oms::domain
