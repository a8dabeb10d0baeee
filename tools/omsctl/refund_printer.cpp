#include "omsctl/refund_printer.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "omsctl/format.h"
#include "omsctl/table.h"

namespace omsctl {
namespace {

std::string OrDash(const std::string& text) {
  return text.empty() ? "-" : text;
}

}  // namespace

void PrintRefund(const oms::v1::Refund& refund, std::ostream& out) {
  PrintFields({{"Refund", refund.refund_id()},
               {"Status", EnumLabel(refund.status())},
               {"Policy", EnumLabel(refund.policy())},
               {"Amount", FormatMoney(refund.amount())},
               {"Shipping", refund.shipping().amount_minor() > 0
                                ? FormatMoney(refund.shipping())
                                : ""},
               {"Goodwill", refund.goodwill().amount_minor() > 0
                                ? FormatMoney(refund.goodwill())
                                : ""},
               {"Reason", refund.reason()},
               {"Requested by", refund.requested_by()},
               {"Requested", refund.has_requested_at()
                                 ? FormatTimestamp(refund.requested_at())
                                 : ""},
               {refund.status() == oms::v1::REFUND_STATUS_REJECTED
                    ? "Rejected by"
                    : "Approved by",
                refund.approved_by()},
               {"Rejection", refund.rejection_reason()}},
              out);
  if (!refund.lines().empty()) {
    out << "\nLines\n";
    Table lines({"LINE", "QUANTITY", "RESTOCK", "AMOUNT"});
    for (const oms::v1::RefundLine& line : refund.lines()) {
      lines.AddRow({absl::StrCat(line.line_no()), absl::StrCat(line.quantity()),
                    line.restock() ? "yes" : "no", FormatMoney(line.amount())});
    }
    lines.Print(out);
  }
  out << "\nParts\n";
  Table parts({"PART", "TENDER", "KIND", "AMOUNT", "STATUS", "GATEWAY KEY"});
  for (const oms::v1::RefundPart& part : refund.parts()) {
    parts.AddRow({absl::StrCat(part.part_no()), part.tender_id(),
                  EnumLabel(part.kind()), FormatMoney(part.amount()),
                  EnumLabel(part.status()), OrDash(part.gateway_key())});
  }
  parts.Print(out);
}

void PrintRefundResponse(const oms::v1::RefundOrderResponse& response,
                         std::ostream& out) {
  if (response.replayed()) {
    out << "(replayed: this request id was used before; nothing new was "
           "done)\n";
  }
  PrintRefund(response.refund(), out);
  const oms::v1::Order& order = response.order();
  out << "\n";
  PrintFields({{"Order", order.order_number()},
               {"Status", EnumLabel(order.status())},
               {"Payment", EnumLabel(order.payment_status())}},
              out);
}

void PrintPendingApprovals(const oms::v1::ListPendingApprovalsResponse& response,
                           std::ostream& out) {
  if (response.approvals().empty()) {
    out << "No refund is waiting for approval.\n";
    return;
  }
  Table table({"REFUND", "ORDER", "AMOUNT", "REQUESTED BY", "REQUESTED",
               "REASON"});
  for (const oms::v1::PendingApproval& a : response.approvals()) {
    table.AddRow({a.refund_id(), a.order_number(), FormatMoney(a.amount()),
                  a.requested_by(), FormatTimestamp(a.requested_at()),
                  OrDash(a.reason())});
  }
  table.Print(out);
}

void PrintBalances(const oms::v1::CustomerBalances& balances,
                   std::ostream& out) {
  PrintFields({{"Customer", balances.customer_id()},
               {"Wallet", FormatMinor(balances.wallet_minor(), "")},
               {"Store credit", FormatMinor(balances.store_credit_minor(), "")}},
              out);
}

void PrintStatement(const oms::v1::AccountStatement& statement,
                    std::ostream& out) {
  PrintFields({{"Customer", statement.customer_id()},
               {"Account", EnumLabel(statement.account())},
               {"Balance", FormatMoney(statement.balance())}},
              out);
  out << "\n";
  Table table({"WHEN", "AMOUNT", "ORDER", "ENTRY", "MEMO"});
  for (const oms::v1::StatementLine& line : statement.lines()) {
    table.AddRow({FormatTimestamp(line.occurred_at()),
                  FormatMoney(line.amount()), OrDash(line.order_id()),
                  line.entry_id(), OrDash(line.memo())});
  }
  table.Print(out);
}

absl::StatusOr<oms::v1::RefundLine> ParseRefundLine(std::string_view text) {
  // absl::string_view is not std::string_view in this absl: split a copy.
  const std::vector<std::string> parts = absl::StrSplit(std::string(text), ':');
  int32_t line_no = 0;
  int64_t quantity = 0;
  const bool restock =
      parts.size() == 3 && absl::AsciiStrToLower(parts[2]) == "restock";
  if ((parts.size() != 2 && !restock) || !absl::SimpleAtoi(parts[0], &line_no) ||
      !absl::SimpleAtoi(parts[1], &quantity) || line_no <= 0 || quantity <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--line \"", std::string(text),
        "\" is not LINE:QUANTITY or LINE:QUANTITY:restock with two positive "
        "numbers, e.g. --line 2:1:restock"));
  }
  oms::v1::RefundLine line;
  line.set_line_no(line_no);
  line.set_quantity(quantity);
  line.set_restock(restock);
  return line;
}

absl::StatusOr<int64_t> ParseAmountMinor(std::string_view text) {
  const std::string copy(text);
  const std::vector<std::string> parts = absl::StrSplit(copy, '.');
  auto digits = [](const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (parts.size() > 2 || !digits(parts[0]) ||
      (parts.size() == 2 && (!digits(parts[1]) || parts[1].size() > 2)) ||
      parts[0].size() > 15) {
    return absl::InvalidArgumentError(absl::StrCat(
        "amount \"", copy, "\" is not an amount such as 12.50 (at most two "
        "decimals, not negative)"));
  }
  int64_t units = 0, cents = 0;
  (void)absl::SimpleAtoi(parts[0], &units);
  if (parts.size() == 2) {
    (void)absl::SimpleAtoi(parts[1], &cents);
    if (parts[1].size() == 1) cents *= 10;
  }
  return units * 100 + cents;
}

}  // namespace omsctl
