#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>

#include "absl/status/statusor.h"
#include "oms/v1/payment_service.pb.h"
#include "oms/v1/refund.pb.h"

namespace omsctl {

// Refunds, approvals and account statements for people, in
// order_printer.h's conventions: enums without their prefixes, money as
// "12.34 EUR", times in ISO 8601 UTC, "-" for an empty cell.

// One refund: its fields, then one row per part (tender, kind, amount,
// status, gateway key) and, when it returns units, one row per line.
void PrintRefund(const oms::v1::Refund& refund, std::ostream& out);

// What RefundOrder, ApproveRefund and RejectRefund did: a note when the
// request id replayed an earlier one, the refund, then the order's statuses.
void PrintRefundResponse(const oms::v1::RefundOrderResponse& response,
                         std::ostream& out);

// One row per refund waiting for a supervisor, oldest first.
void PrintPendingApprovals(const oms::v1::ListPendingApprovalsResponse& response,
                           std::ostream& out);

void PrintBalances(const oms::v1::CustomerBalances& balances, std::ostream& out);

// The balance, then one row per posting, newest first.
void PrintStatement(const oms::v1::AccountStatement& statement,
                    std::ostream& out);

// `--line LINE:QUANTITY[:restock]`: "2:1" refunds one unit of line 2 and
// writes it off; "2:1:restock" puts it back into stock. INVALID_ARGUMENT
// naming the argument otherwise.
absl::StatusOr<oms::v1::RefundLine> ParseRefundLine(std::string_view text);

// An amount like "12.50" or "7" in minor units (1250, 700); at most two
// decimals, never negative. INVALID_ARGUMENT otherwise.
absl::StatusOr<int64_t> ParseAmountMinor(std::string_view text);

}  // namespace omsctl
