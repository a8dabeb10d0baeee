#include "server/domain/refund.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_format.h"
#include "server/domain/enum_names.h"

namespace oms::domain {
namespace {

std::string Minor(int64_t minor, const std::string& currency) {
  return absl::StrFormat("%s%d.%02d %s", minor < 0 ? "-" : "", std::abs(minor) / 100,
                         std::abs(minor) % 100, currency);
}

// Tenders in the order money goes back to them: captured last first; ties
// (several cards, or several placement tenders) by tender order reversed.
std::vector<const TenderRoom*> ReverseCaptureOrder(const std::vector<TenderRoom>& tenders) {
  std::vector<const TenderRoom*> order;
  for (const auto& t : tenders) order.push_back(&t);
  std::stable_sort(order.begin(), order.end(), [](const TenderRoom* a, const TenderRoom* b) {
    return a->capture_rank > b->capture_rank;
  });
  // stable_sort kept tender order within a rank; money goes back last-in first.
  for (auto first = order.begin(); first != order.end();) {
    auto last = std::find_if(first, order.end(), [&](const TenderRoom* t) {
      return t->capture_rank != (*first)->capture_rank;
    });
    std::reverse(first, last);
    first = last;
  }
  return order;
}

}  // namespace

absl::string_view Name(RefundStatus s) {
  switch (s) {
    case RefundStatus::kPendingApproval: return "PENDING_APPROVAL";
    case RefundStatus::kPending: return "PENDING";
    case RefundStatus::kSucceeded: return "SUCCEEDED";
    case RefundStatus::kRejected: return "REJECTED";
  }
  return "UNKNOWN";
}

absl::string_view Name(RefundPolicy p) {
  switch (p) {
    case RefundPolicy::kReverseCapture: return "REVERSE_CAPTURE";
    case RefundPolicy::kStoreCredit: return "STORE_CREDIT";
    case RefundPolicy::kProRata: return "PRO_RATA";
  }
  return "UNKNOWN";
}

absl::string_view Name(RefundPartKind k) {
  switch (k) {
    case RefundPartKind::kVoid: return "VOID";
    case RefundPartKind::kRefund: return "REFUND";
    case RefundPartKind::kStoreCredit: return "STORE_CREDIT";
  }
  return "UNKNOWN";
}

absl::string_view Name(RefundPartStatus s) {
  switch (s) {
    case RefundPartStatus::kPending: return "PENDING";
    case RefundPartStatus::kSucceeded: return "SUCCEEDED";
  }
  return "UNKNOWN";
}

std::optional<RefundStatus> ParseRefundStatus(absl::string_view name) {
  return ParseName(name, std::array{RefundStatus::kPendingApproval, RefundStatus::kPending,
                                    RefundStatus::kSucceeded, RefundStatus::kRejected});
}

std::optional<RefundPolicy> ParseRefundPolicy(absl::string_view name) {
  return ParseName(name, std::array{RefundPolicy::kReverseCapture, RefundPolicy::kStoreCredit,
                                    RefundPolicy::kProRata});
}

std::optional<RefundPartKind> ParseRefundPartKind(absl::string_view name) {
  return ParseName(name, std::array{RefundPartKind::kVoid, RefundPartKind::kRefund,
                                    RefundPartKind::kStoreCredit});
}

std::optional<RefundPartStatus> ParseRefundPartStatus(absl::string_view name) {
  return ParseName(name, std::array{RefundPartStatus::kPending, RefundPartStatus::kSucceeded});
}

absl::StatusOr<std::vector<RefundPart>> SplitRefund(const std::vector<TenderRoom>& tenders,
                                                    int64_t amount_minor, RefundPolicy policy,
                                                    const std::string& currency) {
  if (amount_minor <= 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("a refund must be above zero, got %s", Minor(amount_minor, currency)));
  }
  int64_t voidable = 0, refundable = 0;
  for (const auto& t : tenders) {
    voidable += std::max<int64_t>(t.voidable_minor, 0);
    refundable += std::max<int64_t>(t.refundable_minor, 0);
  }
  if (amount_minor > voidable + refundable) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "cannot refund %s: only %s is left to refund (%s captured and not refunded, %s not "
        "captured yet)",
        Minor(amount_minor, currency), Minor(voidable + refundable, currency),
        Minor(refundable, currency), Minor(voidable, currency)));
  }

  std::vector<RefundPart> parts;
  auto add = [&](const TenderRoom& t, RefundPartKind kind, int64_t amount) {
    if (amount <= 0) return;
    RefundPart p;
    p.tender_id = t.tender_id;
    p.tender_type = t.type;
    p.kind = kind;
    p.amount_minor = amount;
    parts.push_back(std::move(p));
  };
  const std::vector<const TenderRoom*> order = ReverseCaptureOrder(tenders);
  int64_t left = amount_minor;
  // Money not captured yet is released first: the customer never paid it.
  for (const TenderRoom* t : order) {
    const int64_t take = std::min(left, std::max<int64_t>(t->voidable_minor, 0));
    add(*t, RefundPartKind::kVoid, take);
    left -= take;
  }
  const RefundPartKind back = policy == RefundPolicy::kStoreCredit ? RefundPartKind::kStoreCredit
                                                                   : RefundPartKind::kRefund;
  if (left > 0 && policy == RefundPolicy::kProRata) {
    std::vector<int64_t> share(tenders.size(), 0);
    const int64_t total = refundable;
    int64_t given = 0;
    for (size_t i = 0; i < tenders.size(); ++i) {
      const int64_t room = std::max<int64_t>(tenders[i].refundable_minor, 0);
      // left <= total, so the product fits: both are order-sized amounts.
      __extension__ typedef __int128 Wide;
      share[i] = total == 0 ? 0 : static_cast<int64_t>(static_cast<Wide>(left) * room / total);
      given += share[i];
    }
    int64_t rest = left - given;
    for (const TenderRoom* t : order) {
      if (rest == 0) break;
      const size_t i = static_cast<size_t>(t - tenders.data());
      const int64_t more = std::min(rest, std::max<int64_t>(t->refundable_minor, 0) - share[i]);
      share[i] += more;
      rest -= more;
    }
    for (const TenderRoom* t : order) {
      add(*t, back, share[static_cast<size_t>(t - tenders.data())]);
    }
    left = rest;
  } else {
    for (const TenderRoom* t : order) {
      const int64_t take = std::min(left, std::max<int64_t>(t->refundable_minor, 0));
      add(*t, back, take);
      left -= take;
    }
  }
  if (left != 0) return absl::InternalError("refund split did not cover the amount");
  for (size_t i = 0; i < parts.size(); ++i) parts[i].part_no = static_cast<int>(i + 1);
  return parts;
}

}  // namespace oms::domain
