#include "server/domain/return.h"

#include <array>

#include "server/domain/enum_names.h"

namespace oms::domain {

absl::string_view Name(ReturnStatus s) {
  switch (s) {
    case ReturnStatus::kAwaitingReceipt:
      return "AWAITING_RECEIPT";
    case ReturnStatus::kReceived:
      return "RECEIVED";
    case ReturnStatus::kCancelled:
      return "CANCELLED";
  }
  return "UNKNOWN";
}

absl::string_view Name(ReturnReason r) {
  switch (r) {
    case ReturnReason::kDamaged:
      return "DAMAGED";
    case ReturnReason::kDefective:
      return "DEFECTIVE";
    case ReturnReason::kWrongItem:
      return "WRONG_ITEM";
    case ReturnReason::kNotAsDescribed:
      return "NOT_AS_DESCRIBED";
    case ReturnReason::kSizeOrFit:
      return "SIZE_OR_FIT";
    case ReturnReason::kNoLongerNeeded:
      return "NO_LONGER_NEEDED";
    case ReturnReason::kOther:
      return "OTHER";
  }
  return "UNKNOWN";
}

absl::string_view Name(RefundTiming t) {
  switch (t) {
    case RefundTiming::kOnReceipt:
      return "ON_RECEIPT";
    case RefundTiming::kAtCreation:
      return "AT_CREATION";
  }
  return "UNKNOWN";
}

absl::string_view Name(Disposition d) {
  switch (d) {
    case Disposition::kRestock:
      return "RESTOCK";
    case Disposition::kDamaged:
      return "DAMAGED";
  }
  return "UNKNOWN";
}

std::optional<ReturnStatus> ParseReturnStatus(absl::string_view name) {
  return ParseName(name, std::array{ReturnStatus::kAwaitingReceipt, ReturnStatus::kReceived,
                                    ReturnStatus::kCancelled});
}

std::optional<ReturnReason> ParseReturnReason(absl::string_view name) {
  return ParseName(
      name, std::array{ReturnReason::kDamaged, ReturnReason::kDefective, ReturnReason::kWrongItem,
                       ReturnReason::kNotAsDescribed, ReturnReason::kSizeOrFit,
                       ReturnReason::kNoLongerNeeded, ReturnReason::kOther});
}

std::optional<RefundTiming> ParseRefundTiming(absl::string_view name) {
  return ParseName(name, std::array{RefundTiming::kOnReceipt, RefundTiming::kAtCreation});
}

std::optional<Disposition> ParseDisposition(absl::string_view name) {
  return ParseName(name, std::array{Disposition::kRestock, Disposition::kDamaged});
}

}  // namespace oms::domain
