#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "oms/v1/order.pb.h"
#include "oms/v1/return.pb.h"
#include "oms/v1/return_service.pb.h"

namespace omsctl {

// Returns and exchanges (ReturnService, docs/RETURNS.md) for people, in
// order_printer.h's conventions: enums without their prefixes, money as
// "12.34 EUR", times in ISO 8601 UTC, "-" for an empty cell.

// One return: its fields (status, value, refund timing and policy, the
// refunds paying for it, the replacement order), one row per line (reason,
// note, amount, dispositions) and, for an exchange, one row per replacement
// SKU. With `order` (the order the return belongs to), each linked refund
// also shows its status and amount from `order.refunds`.
void PrintReturn(const oms::v1::Return& ret, std::ostream& out,
                 const oms::v1::Order* order = nullptr);

// What CreateReturn, ReceiveReturn and CancelReturn did: a note when the
// request id replayed an earlier one, the return (found by `return_id` in
// the order), the order's statuses and, for an exchange, the replacement
// order's statuses and holds.
void PrintReturnResponse(const oms::v1::ReturnResponse& response, std::ostream& out);

// A line's dispositions: "restocked 1 @ WH-BER-1, damaged 1"; "-" before receipt.
std::string FormatDisposition(const oms::v1::ReturnLine& line);

// A return id: the order id, "-RMA" and a number
// (EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-RMA1), in any letter case; returned
// upper-cased. INVALID_ARGUMENT with an example otherwise.
absl::StatusOr<std::string> ParseReturnId(std::string_view text);

// The order id a valid return id belongs to (what precedes "-RMA").
std::string OrderIdOfReturn(const std::string& return_id);

// `return create --line LINE:QUANTITY[:REASON[:NOTE]]`: "2:1" returns one
// unit of line 2 without a reason (OTHER); "2:1:size-or-fit" gives the
// ReturnReason label (any case, '-' for '_'); "2:1:defective:the zip broke"
// adds a note, which may itself hold ':'. An empty REASON before a note
// leaves the reason unspecified. INVALID_ARGUMENT naming the argument
// otherwise.
absl::StatusOr<oms::v1::ReturnLineInput> ParseReturnLine(std::string_view text);

// `return create --replace SKU:QUANTITY` of an exchange: "TEE-M-BLUE:1".
// The quantity follows the last ':'. INVALID_ARGUMENT otherwise.
absl::StatusOr<oms::v1::ReplacementInput> ParseReplacement(std::string_view text);

// `return receive --restock LINE:QUANTITY@NODE` and `--damaged
// LINE:QUANTITY`, combined into one ReceivedLineInput per line, by line
// number. Two --restock of a line add up when they name the same node (a
// line has one restock node: two different nodes are INVALID_ARGUMENT); two
// --damaged add up. INVALID_ARGUMENT naming the argument for text of
// another shape, and when both lists are empty.
absl::StatusOr<std::vector<oms::v1::ReceivedLineInput>> BuildReceivedLines(
    const std::vector<std::string>& restock, const std::vector<std::string>& damaged);

}  // namespace omsctl
