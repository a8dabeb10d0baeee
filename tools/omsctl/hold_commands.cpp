// omsctl order hold | release

#include <memory>
#include <string>

#include "oms/v1/order_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/format.h"
#include "omsctl/methods.h"
#include "omsctl/order_printer.h"
#include "omsctl/request_id.h"

namespace omsctl {
namespace {

struct HoldOptions {
  std::string order, reason, note, shipment, request_id;
};

// The parts hold and release share: the order, the reason and, when given,
// the one shipment.
struct HoldTarget {
  std::string order;
  oms::v1::HoldReason reason = oms::v1::HOLD_REASON_UNSPECIFIED;
  std::string shipment;
};

absl::StatusOr<HoldTarget> ParseTarget(const HoldOptions& options) {
  HoldTarget target;
  absl::StatusOr<OrderRef> order = ParseOrderRef(options.order);
  if (!order.ok()) return order.status();
  target.order = order->value;  // the server takes an id or a number
  absl::StatusOr<int> reason =
      ParseEnumLabel(*oms::v1::HoldReason_descriptor(), options.reason);
  if (!reason.ok()) return reason.status();
  target.reason = static_cast<oms::v1::HoldReason>(*reason);
  if (!options.shipment.empty()) {
    absl::StatusOr<std::string> shipment = ParseShipmentId(options.shipment);
    if (!shipment.ok()) return shipment.status();
    target.shipment = *shipment;
  }
  return target;
}

int Hold(const GlobalOptions& globals, const HoldOptions& options) {
  absl::StatusOr<HoldTarget> target = ParseTarget(options);
  if (!target.ok()) return ReportUsageError(target.status());
  oms::v1::HoldOrderRequest request;
  request.set_order_id(target->order);
  request.set_reason(target->reason);
  request.set_note(options.note);
  request.set_shipment_id(target->shipment);
  request.set_request_id(RequestIdOrNew(options.request_id));
  return CallAndPrint<oms::v1::Order>(globals, kHoldOrder, request,
                                      &PrintOrder);
}

int Release(const GlobalOptions& globals, const HoldOptions& options) {
  absl::StatusOr<HoldTarget> target = ParseTarget(options);
  if (!target.ok()) return ReportUsageError(target.status());
  oms::v1::ReleaseOrderRequest request;
  request.set_order_id(target->order);
  request.set_reason(target->reason);
  request.set_shipment_id(target->shipment);
  request.set_request_id(RequestIdOrNew(options.request_id));
  return CallAndPrint<oms::v1::Order>(globals, kReleaseOrder, request,
                                      &PrintOrder);
}

CLI::App* AddHoldVerb(CLI::App* order, const char* name,
                      const char* description, const char* shipment_help,
                      HoldOptions* options) {
  CLI::App* verb = order->add_subcommand(name, description);
  verb->add_option("order", options->order, "Order number or order id")
      ->required();
  verb->add_option("--reason", options->reason,
                   "FRAUD_REVIEW, ADDRESS_CHECK, CUSTOMER_REQUEST, STOCK or "
                   "AWAITING_PAYMENT (any case, - for _)")
      ->required();
  verb->add_option("--shipment", options->shipment, shipment_help);
  verb->add_option("--request-id", options->request_id,
                   "Idempotency key; reuse it to retry safely (default: a "
                   "new one, printed)");
  return verb;
}

}  // namespace

void AddOrderHoldCommands(CLI::App* order, const GlobalOptions& globals,
                          Action* selected) {
  auto hold_options = std::make_shared<HoldOptions>();
  CLI::App* hold = AddHoldVerb(
      order, "hold",
      "Put a hold on an order (or one shipment): not released to nodes or "
      "worked until released",
      "Hold only this shipment (EU1-01J...-S2)", hold_options.get());
  hold->add_option("--note", hold_options->note, "Why, for the next person");
  OnSelected(hold, selected,
             [&globals, hold_options] { return Hold(globals, *hold_options); });

  auto release_options = std::make_shared<HoldOptions>();
  CLI::App* release = AddHoldVerb(
      order, "release", "Release a hold; the order continues where it was",
      "Release only this shipment's hold", release_options.get());
  OnSelected(release, selected, [&globals, release_options] {
    return Release(globals, *release_options);
  });
}

}  // namespace omsctl
