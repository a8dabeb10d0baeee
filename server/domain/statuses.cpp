#include "server/domain/statuses.h"

#include <array>
#include <utility>

namespace oms::domain {
namespace {

template <typename E, size_t N>
absl::string_view Lookup(const std::array<std::pair<E, absl::string_view>, N>& table, E e) {
  for (const auto& [value, name] : table) {
    if (value == e) return name;
  }
  return "UNKNOWN";
}

template <typename E, size_t N>
std::optional<E> Reverse(const std::array<std::pair<E, absl::string_view>, N>& table,
                         absl::string_view name) {
  for (const auto& [value, n] : table) {
    if (n == name) return value;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<OrderStatus, absl::string_view>, 7> kOrderNames{{
    {OrderStatus::kPending, "PENDING"},
    {OrderStatus::kConfirmed, "CONFIRMED"},
    {OrderStatus::kPartiallyFulfilled, "PARTIALLY_FULFILLED"},
    {OrderStatus::kFulfilled, "FULFILLED"},
    {OrderStatus::kCancelled, "CANCELLED"},
    {OrderStatus::kRefunded, "REFUNDED"},
    {OrderStatus::kRejected, "REJECTED"},
}};

constexpr std::array<std::pair<PaymentStatus, absl::string_view>, 7> kPaymentNames{{
    {PaymentStatus::kUnpaid, "UNPAID"},
    {PaymentStatus::kAuthorized, "AUTHORIZED"},
    {PaymentStatus::kPartiallyCaptured, "PARTIALLY_CAPTURED"},
    {PaymentStatus::kCaptured, "CAPTURED"},
    {PaymentStatus::kPartiallyRefunded, "PARTIALLY_REFUNDED"},
    {PaymentStatus::kRefunded, "REFUNDED"},
    {PaymentStatus::kVoided, "VOIDED"},
}};

constexpr std::array<std::pair<FulfillmentStatus, absl::string_view>, 7> kFulfillmentNames{{
    {FulfillmentStatus::kUnfulfilled, "UNFULFILLED"},
    {FulfillmentStatus::kPartiallyShipped, "PARTIALLY_SHIPPED"},
    {FulfillmentStatus::kShipped, "SHIPPED"},
    {FulfillmentStatus::kPartiallyDelivered, "PARTIALLY_DELIVERED"},
    {FulfillmentStatus::kDelivered, "DELIVERED"},
    {FulfillmentStatus::kBackordered, "BACKORDERED"},
    {FulfillmentStatus::kPreordered, "PREORDERED"},
}};

constexpr std::array<std::pair<HoldReason, absl::string_view>, 6> kHoldNames{{
    {HoldReason::kAwaitingPayment, "AWAITING_PAYMENT"},
    {HoldReason::kFraudReview, "FRAUD_REVIEW"},
    {HoldReason::kAddressCheck, "ADDRESS_CHECK"},
    {HoldReason::kCustomerRequest, "CUSTOMER_REQUEST"},
    {HoldReason::kStock, "STOCK"},
    {HoldReason::kAwaitingReturn, "AWAITING_RETURN"},
}};

constexpr std::array<std::pair<TenderType, absl::string_view>, 5> kTenderTypeNames{{
    {TenderType::kCard, "CARD"},
    {TenderType::kWallet, "WALLET"},
    {TenderType::kStoreCredit, "STORE_CREDIT"},
    {TenderType::kCash, "CASH"},
    {TenderType::kMarketplace, "MARKETPLACE"},
}};

constexpr std::array<std::pair<TenderStatus, absl::string_view>, 6> kTenderStatusNames{{
    {TenderStatus::kPending, "PENDING"},
    {TenderStatus::kAuthorized, "AUTHORIZED"},
    {TenderStatus::kDeclined, "DECLINED"},
    {TenderStatus::kCaptured, "CAPTURED"},
    {TenderStatus::kVoided, "VOIDED"},
    {TenderStatus::kRefunded, "REFUNDED"},
}};

}  // namespace

absl::string_view Name(OrderStatus s) { return Lookup(kOrderNames, s); }
absl::string_view Name(PaymentStatus s) { return Lookup(kPaymentNames, s); }
absl::string_view Name(FulfillmentStatus s) { return Lookup(kFulfillmentNames, s); }
absl::string_view Name(HoldReason r) { return Lookup(kHoldNames, r); }
absl::string_view Name(TenderType t) { return Lookup(kTenderTypeNames, t); }
absl::string_view Name(TenderStatus s) { return Lookup(kTenderStatusNames, s); }

std::optional<OrderStatus> ParseOrderStatus(absl::string_view n) { return Reverse(kOrderNames, n); }
std::optional<HoldReason> ParseHoldReason(absl::string_view n) { return Reverse(kHoldNames, n); }
std::optional<TenderType> ParseTenderType(absl::string_view n) {
  return Reverse(kTenderTypeNames, n);
}
std::optional<TenderStatus> ParseTenderStatus(absl::string_view n) {
  return Reverse(kTenderStatusNames, n);
}

bool IsTerminal(OrderStatus s) {
  return s == OrderStatus::kCancelled || s == OrderStatus::kRefunded ||
         s == OrderStatus::kRejected;
}

}  // namespace oms::domain
