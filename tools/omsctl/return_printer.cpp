#include "omsctl/return_printer.h"

#include <cstdint>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "omsctl/format.h"
#include "omsctl/table.h"

namespace omsctl {
namespace {

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

std::string MoneyOrEmpty(const oms::v1::Money& money) {
  return money.amount_minor() == 0 && money.currency().empty() ? "" : FormatMoney(money);
}

std::string TimeOrEmpty(bool has, const google::protobuf::Timestamp& at) {
  return has ? FormatTimestamp(at) : "";
}

// "EU1-...-R2 (SUCCEEDED, 19.95 EUR)" when the order knows the refund.
std::string RefundCell(const std::string& refund_id, const oms::v1::Order* order) {
  if (refund_id.empty() || order == nullptr) return refund_id;
  for (const oms::v1::Refund& refund : order->refunds()) {
    if (refund.refund_id() == refund_id) {
      return absl::StrCat(refund_id, " (", EnumLabel(refund.status()), ", ",
                          FormatMoney(refund.amount()), ")");
    }
  }
  return refund_id;
}

const oms::v1::Return* FindReturn(const oms::v1::Order& order, const std::string& return_id) {
  for (const oms::v1::Return& ret : order.returns()) {
    if (ret.return_id() == return_id) return &ret;
  }
  return nullptr;
}

bool Positive(const std::string& text, int64_t* value) {
  return absl::SimpleAtoi(text, value) && *value > 0;
}

// "LINE:QUANTITY" with two positive numbers.
bool ParseLineQuantity(const std::string& text, int32_t* line_no, int64_t* quantity) {
  const std::vector<std::string> parts = absl::StrSplit(text, ':');
  int64_t line = 0;
  if (parts.size() != 2 || !Positive(parts[0], &line) || line > INT32_MAX ||
      !Positive(parts[1], quantity)) {
    return false;
  }
  *line_no = static_cast<int32_t>(line);
  return true;
}

}  // namespace

std::string FormatDisposition(const oms::v1::ReturnLine& line) {
  std::vector<std::string> parts;
  if (line.restocked() > 0) {
    parts.push_back(
        absl::StrCat("restocked ", line.restocked(), " @ ", OrDash(line.restock_node_id())));
  }
  if (line.damaged() > 0) parts.push_back(absl::StrCat("damaged ", line.damaged()));
  return parts.empty() ? "-" : absl::StrJoin(parts, ", ");
}

void PrintReturn(const oms::v1::Return& ret, std::ostream& out, const oms::v1::Order* order) {
  const bool cancelled = ret.status() == oms::v1::RETURN_STATUS_CANCELLED;
  PrintFields({{"Return", ret.return_id()},
               {"Status", EnumLabel(ret.status())},
               {"Kind", ret.replacement().empty() ? "return" : "exchange"},
               {"Value", FormatMoney(ret.value())},
               {"Replacement value", MoneyOrEmpty(ret.replacement_value())},
               {"Refund timing", ret.refund_timing() == oms::v1::REFUND_TIMING_UNSPECIFIED
                                     ? ""
                                     : EnumLabel(ret.refund_timing())},
               {"Refund policy", ret.refund_policy()},
               {"Needs approval", ret.refund_needs_approval() ? "yes (supervisor)" : ""},
               {"Exchange credit", RefundCell(ret.exchange_refund_id(), order)},
               {"Refund", RefundCell(ret.refund_id(), order)},
               {"Replacement", ret.replacement_order_id()},
               {"Requested by", ret.requested_by()},
               {"Created", TimeOrEmpty(ret.has_created_at(), ret.created_at())},
               {"Received by", ret.received_by()},
               {"Received", TimeOrEmpty(ret.has_received_at(), ret.received_at())},
               {"Cancelled", cancelled ? OrDash(ret.cancel_reason()) : ""}},
              out);
  out << "\nLines\n";
  Table lines({"LINE", "SKU", "QUANTITY", "REASON", "AMOUNT", "RECEIVED", "NOTE"});
  for (const oms::v1::ReturnLine& line : ret.lines()) {
    lines.AddRow(
        {absl::StrCat(line.line_no()), line.sku(), absl::StrCat(line.quantity()),
         line.reason() == oms::v1::RETURN_REASON_UNSPECIFIED ? "OTHER" : EnumLabel(line.reason()),
         FormatMoney(line.amount()), FormatDisposition(line), OrDash(line.note())});
  }
  lines.Print(out);
  if (!ret.replacement().empty()) {
    out << "\nReplacement\n";
    Table replacement({"SKU", "QUANTITY", "UNIT PRICE"});
    for (const oms::v1::ReplacementLine& line : ret.replacement()) {
      replacement.AddRow(
          {line.sku(), absl::StrCat(line.quantity()), FormatMoney(line.unit_price())});
    }
    replacement.Print(out);
  }
}

void PrintReturnResponse(const oms::v1::ReturnResponse& response, std::ostream& out) {
  if (response.replayed()) {
    out << "(replayed: this request id was used before; nothing new was done)\n";
  }
  const oms::v1::Order& order = response.order();
  if (const oms::v1::Return* ret = FindReturn(order, response.return_id())) {
    PrintReturn(*ret, out, &order);
  } else {
    PrintFields({{"Return", response.return_id()}}, out);
  }
  out << "\n";
  PrintFields({{"Order", order.order_number()},
               {"Status", EnumLabel(order.status())},
               {"Payment", EnumLabel(order.payment_status())}},
              out);
  if (response.has_replacement()) {
    const oms::v1::Order& replacement = response.replacement();
    std::vector<std::string> holds;
    for (const oms::v1::Hold& hold : replacement.holds()) {
      holds.push_back(EnumLabel(hold.reason()));
    }
    out << "\n";
    PrintFields(
        {{"Replacement order", replacement.order_number()},
         {"Status", EnumLabel(replacement.status())},
         {"Payment", EnumLabel(replacement.payment_status())},
         {"Holds", absl::StrJoin(holds, ", ")},
         {"Total", replacement.has_totals() ? FormatMoney(replacement.totals().total()) : ""}},
        out);
  }
}

absl::StatusOr<std::string> ParseReturnId(std::string_view text) {
  const std::string upper = absl::AsciiStrToUpper(std::string(text));
  const size_t dash = upper.rfind("-RMA");
  int64_t number = 0;
  if (dash != std::string::npos && Positive(upper.substr(dash + 4), &number) &&
      upper.find_first_not_of("0123456789", dash + 4) == std::string::npos) {
    absl::StatusOr<OrderRef> order = ParseOrderRef(upper.substr(0, dash));
    if (order.ok() && order->kind == OrderRefKind::kOrderId) return upper;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("\"", std::string(text),
                   "\" is not a return id (the order id, -RMA and a number, e.g. "
                   "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-RMA1; omsctl order get shows them)"));
}

std::string OrderIdOfReturn(const std::string& return_id) {
  return return_id.substr(0, return_id.rfind("-RMA"));
}

absl::StatusOr<oms::v1::ReturnLineInput> ParseReturnLine(std::string_view text) {
  // absl::string_view is not std::string_view in this absl: split a copy.
  // At most four parts: the note keeps any further ':'.
  const std::vector<std::string> parts = absl::StrSplit(std::string(text), absl::MaxSplits(':', 3));
  oms::v1::ReturnLineInput line;
  int32_t line_no = 0;
  int64_t quantity = 0;
  if (parts.size() < 2 ||
      !ParseLineQuantity(absl::StrCat(parts[0], ":", parts[1]), &line_no, &quantity)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--line \"", std::string(text),
                     "\" is not LINE:QUANTITY[:REASON[:NOTE]] with two positive numbers, e.g. "
                     "--line 2:1:size-or-fit"));
  }
  line.set_line_no(line_no);
  line.set_quantity(quantity);
  if (parts.size() >= 3 && !parts[2].empty()) {
    absl::StatusOr<int> reason = ParseEnumLabel(*oms::v1::ReturnReason_descriptor(), parts[2]);
    if (!reason.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--line \"", std::string(text), "\": ", reason.status().message()));
    }
    line.set_reason(static_cast<oms::v1::ReturnReason>(*reason));
  }
  if (parts.size() == 4) line.set_note(parts[3]);
  return line;
}

absl::StatusOr<oms::v1::ReplacementInput> ParseReplacement(std::string_view text) {
  const std::string copy(text);
  const size_t colon = copy.rfind(':');
  int64_t quantity = 0;
  if (colon == std::string::npos || colon == 0 || !Positive(copy.substr(colon + 1), &quantity)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--replace \"", copy,
                     "\" is not SKU:QUANTITY with a positive quantity, e.g. --replace "
                     "TEE-M-BLUE:1"));
  }
  oms::v1::ReplacementInput replacement;
  replacement.set_sku(copy.substr(0, colon));
  replacement.set_quantity(quantity);
  return replacement;
}

absl::StatusOr<std::vector<oms::v1::ReceivedLineInput>> BuildReceivedLines(
    const std::vector<std::string>& restock, const std::vector<std::string>& damaged) {
  std::map<int32_t, oms::v1::ReceivedLineInput> by_line;
  for (const std::string& text : restock) {
    const size_t at = text.find('@');
    int32_t line_no = 0;
    int64_t quantity = 0;
    if (at == std::string::npos || at + 1 == text.size() ||
        !ParseLineQuantity(text.substr(0, at), &line_no, &quantity)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--restock \"", text,
                       "\" is not LINE:QUANTITY@NODE with two positive numbers, e.g. "
                       "--restock 2:1@WH-BER-1"));
    }
    const std::string node = text.substr(at + 1);
    oms::v1::ReceivedLineInput& line = by_line[line_no];
    line.set_line_no(line_no);
    if (!line.restock_node_id().empty() && line.restock_node_id() != node) {
      return absl::InvalidArgumentError(absl::StrCat("line ", line_no, " is restocked at ",
                                                     line.restock_node_id(), " and ", node,
                                                     "; a line's restocked units go to one node"));
    }
    line.set_restock_node_id(node);
    line.set_restocked(line.restocked() + quantity);
  }
  for (const std::string& text : damaged) {
    int32_t line_no = 0;
    int64_t quantity = 0;
    if (!ParseLineQuantity(text, &line_no, &quantity)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--damaged \"", text,
                       "\" is not LINE:QUANTITY with two positive numbers, e.g. --damaged 2:1"));
    }
    oms::v1::ReceivedLineInput& line = by_line[line_no];
    line.set_line_no(line_no);
    line.set_damaged(line.damaged() + quantity);
  }
  if (by_line.empty()) {
    return absl::InvalidArgumentError(
        "nothing received: give every line of the return as --restock LINE:QUANTITY@NODE "
        "and/or --damaged LINE:QUANTITY");
  }
  std::vector<oms::v1::ReceivedLineInput> lines;
  for (auto& entry : by_line) lines.push_back(std::move(entry.second));
  return lines;
}

}  // namespace omsctl
