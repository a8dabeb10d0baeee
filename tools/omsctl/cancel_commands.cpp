// omsctl order cancel [--preview] | order reject-hold | order note

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "oms/v1/order_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/format.h"
#include "omsctl/methods.h"
#include "omsctl/order_printer.h"
#include "omsctl/request_id.h"
#include "omsctl/table.h"

namespace omsctl {
namespace {

struct CancelOptions {
  std::string order, reason = "customer-request", initiator = "customer", note, request_id;
  std::vector<std::string> lines;
  bool preview = false;
};

absl::StatusOr<oms::v1::CancelOrderRequest> BuildRequest(const CancelOptions& options) {
  oms::v1::CancelOrderRequest request;
  absl::StatusOr<OrderRef> order = ParseOrderRef(options.order);
  if (!order.ok()) return order.status();
  request.set_order_id(order->value);
  for (const std::string& text : options.lines) {
    // LINE:QUANTITY, both positive (the same shape as a short pick's lines).
    absl::StatusOr<ShortLineArg> line = ParseShortLine(text);
    if (!line.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--line \"", std::string(text),
          "\" is not LINE:QUANTITY with two positive numbers, e.g. --line 2:1 (one unit of "
          "order line 2)"));
    }
    oms::v1::CancelLine* cancel = request.add_lines();
    cancel->set_line_no(line->line_no);
    cancel->set_quantity(line->missing);
  }
  absl::StatusOr<int> reason =
      ParseEnumLabel(*oms::v1::CancelReason_descriptor(), options.reason);
  if (!reason.ok()) return reason.status();
  request.set_reason(static_cast<oms::v1::CancelReason>(*reason));
  absl::StatusOr<int> initiator =
      ParseEnumLabel(*oms::v1::CancelInitiator_descriptor(), options.initiator);
  if (!initiator.ok()) return initiator.status();
  request.set_initiator(static_cast<oms::v1::CancelInitiator>(*initiator));
  request.set_note(options.note);
  return request;
}

std::string EffectLabel(oms::v1::CancelEffect effect) {
  switch (effect) {
    case oms::v1::CANCEL_EFFECT_CANCEL: return "CANCEL";
    case oms::v1::CANCEL_EFFECT_ASK_NODE: return "ASK NODE";
    case oms::v1::CANCEL_EFFECT_RETURN_INSTEAD: return "RETURN INSTEAD";
    default: return "?";
  }
}

void PrintPreview(const oms::v1::CancellationPreview& preview, std::ostream& out) {
  Table parts({"LINE", "SKU", "QTY", "STATE", "NODE", "SHIPMENT", "EFFECT", "WHY"});
  for (const auto& p : preview.parts()) {
    parts.AddRow({absl::StrCat(p.line_no()), p.sku(), absl::StrCat(p.quantity()), p.unit_state(),
                  p.node_id().empty() ? "-" : p.node_id(),
                  p.shipment_id().empty() ? "-" : p.shipment_id(), EffectLabel(p.effect()),
                  p.why()});
  }
  parts.Print(out);
  out << "\n";
  Table money({"TENDER", "TYPE", "RELEASED", "GIVEN BACK"});
  for (const auto& m : preview.money()) {
    money.AddRow({m.tender_id(), EnumLabel(m.type()),
                  FormatMoney(m.voided()), FormatMoney(m.refunded())});
  }
  if (!money.empty()) {
    money.Print(out);
    out << "\n";
  }
  PrintFields({{"Value", FormatMoney(preview.value())},
               {"Unsettled", preview.unsettled().amount_minor() == 0
                                 ? ""
                                 : FormatMoney(preview.unsettled())},
               {"Order", preview.order_cancelled() ? "becomes CANCELLED" : "stays open"}},
              out);
}

void PrintCancelled(const oms::v1::CancelOrderResponse& response, std::ostream& out) {
  if (response.replayed()) {
    out << "Replayed: this request_id was used before; the order as it is now:\n\n";
  } else {
    PrintPreview(response.applied(), out);
    out << "\n";
  }
  PrintOrder(response.order(), out);
}

int Cancel(const GlobalOptions& globals, const CancelOptions& options) {
  absl::StatusOr<oms::v1::CancelOrderRequest> request = BuildRequest(options);
  if (!request.ok()) return ReportUsageError(request.status());
  if (options.preview) {
    return CallAndPrint<oms::v1::CancellationPreview>(globals, kPreviewCancellation, *request,
                                                      &PrintPreview);
  }
  request->set_request_id(RequestIdOrNew(options.request_id));
  return CallAndPrint<oms::v1::CancelOrderResponse>(globals, kCancelOrder, *request,
                                                    &PrintCancelled);
}

struct RejectHoldOptions {
  std::string order, reason = "fraud-review", note, request_id;
};

int RejectHold(const GlobalOptions& globals, const RejectHoldOptions& options) {
  absl::StatusOr<OrderRef> order = ParseOrderRef(options.order);
  if (!order.ok()) return ReportUsageError(order.status());
  absl::StatusOr<int> reason = ParseEnumLabel(*oms::v1::HoldReason_descriptor(), options.reason);
  if (!reason.ok()) return ReportUsageError(reason.status());
  oms::v1::RejectOrderHoldRequest request;
  request.set_order_id(order->value);
  request.set_reason(static_cast<oms::v1::HoldReason>(*reason));
  request.set_note(options.note);
  request.set_request_id(RequestIdOrNew(options.request_id));
  return CallAndPrint<oms::v1::CancelOrderResponse>(globals, kRejectOrderHold, request,
                                                    &PrintCancelled);
}

struct NoteOptions {
  std::string order, text, request_id;
};

int Note(const GlobalOptions& globals, const NoteOptions& options) {
  absl::StatusOr<OrderRef> order = ParseOrderRef(options.order);
  if (!order.ok()) return ReportUsageError(order.status());
  oms::v1::AddOrderNoteRequest request;
  request.set_order_id(order->value);
  request.set_text(options.text);
  request.set_request_id(RequestIdOrNew(options.request_id));
  return CallAndPrint<oms::v1::Order>(globals, kAddOrderNote, request, &PrintOrder);
}

}  // namespace

void AddOrderCancelCommands(CLI::App* order, const GlobalOptions& globals, Action* selected) {
  auto options = std::make_shared<CancelOptions>();
  CLI::App* cancel = order->add_subcommand(
      "cancel", "Cancel the whole order or some lines (see docs/CANCELLATION.md)");
  cancel->add_option("order", options->order, "Order number or order id")->required();
  cancel
      ->add_option("--line", options->lines,
                   "LINE:QUANTITY to cancel, e.g. 2:1; repeat for more lines (none: the whole "
                   "order)")
      ->delimiter(',');
  cancel->add_option("--reason", options->reason,
                     "customer-request (default), fraud, payment-failure, out-of-stock, "
                     "duplicate or other");
  cancel->add_option("--initiator", options->initiator,
                     "customer (default: on the customer's behalf) or staff");
  cancel->add_option("--note", options->note, "Why, for the timeline");
  cancel->add_flag("--preview", options->preview,
                   "Show what would be cancelled and the money per tender; change nothing");
  cancel->add_option("--request-id", options->request_id,
                     "Idempotency key; reuse it to retry safely (default: a new one, printed)");
  OnSelected(cancel, selected, [&globals, options] { return Cancel(globals, *options); });

  auto reject_options = std::make_shared<RejectHoldOptions>();
  CLI::App* reject = order->add_subcommand(
      "reject-hold",
      "Reject a fraud review (supervisor, admin): omsd cancels every unit it can and gives the "
      "money back");
  reject->add_option("order", reject_options->order, "Order number or order id")->required();
  reject->add_option("--reason", reject_options->reason,
                     "The hold rejected: fraud-review (default; the only one that can be)");
  reject->add_option("--note", reject_options->note, "Why, for the timeline");
  reject->add_option("--request-id", reject_options->request_id,
                     "Idempotency key; reuse it to retry safely (default: a new one, printed)");
  OnSelected(reject, selected,
             [&globals, reject_options] { return RejectHold(globals, *reject_options); });

  auto note_options = std::make_shared<NoteOptions>();
  CLI::App* note = order->add_subcommand("note", "Add a note to the order's timeline");
  note->add_option("order", note_options->order, "Order number or order id")->required();
  note->add_option("text", note_options->text, "The note (1 to 2000 characters)")->required();
  note->add_option("--request-id", note_options->request_id,
                   "Idempotency key; reuse it to retry safely (default: a new one, printed)");
  OnSelected(note, selected, [&globals, note_options] { return Note(globals, *note_options); });
}

}  // namespace omsctl
