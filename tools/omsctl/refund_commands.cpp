// omsctl refund create | preview | approve | reject | pending
// omsctl account balances | statement

#include <memory>
#include <string>
#include <vector>

#include "oms/v1/payment_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/format.h"
#include "omsctl/methods.h"
#include "omsctl/refund_printer.h"
#include "omsctl/request_id.h"

namespace omsctl {
namespace {

struct RefundOptions {
  std::string order, goodwill, policy, reason, request_id;
  std::vector<std::string> lines;
  bool shipping = false;
};

absl::StatusOr<oms::v1::RefundOrderRequest> BuildRequest(
    const RefundOptions& options) {
  oms::v1::RefundOrderRequest request;
  absl::StatusOr<OrderRef> order = ParseOrderRef(options.order);
  if (!order.ok()) return order.status();
  request.set_order_id(order->value);  // the server takes an id or a number
  for (const std::string& text : options.lines) {
    absl::StatusOr<oms::v1::RefundLine> line = ParseRefundLine(text);
    if (!line.ok()) return line.status();
    *request.add_lines() = *line;
  }
  request.set_shipping(options.shipping);
  if (!options.goodwill.empty()) {
    absl::StatusOr<int64_t> minor = ParseAmountMinor(options.goodwill);
    if (!minor.ok()) return minor.status();
    request.mutable_goodwill()->set_amount_minor(*minor);
  }
  if (!options.policy.empty()) {
    absl::StatusOr<int> policy =
        ParseEnumLabel(*oms::v1::RefundPolicy_descriptor(), options.policy);
    if (!policy.ok()) return policy.status();
    request.set_policy(static_cast<oms::v1::RefundPolicy>(*policy));
  }
  if (request.lines().empty() && !request.shipping() &&
      request.goodwill().amount_minor() == 0) {
    return absl::InvalidArgumentError(
        "nothing to refund: give --line, --shipping or --goodwill");
  }
  request.set_reason(options.reason);
  return request;
}

void AddRefundOptions(CLI::App* verb, RefundOptions* options) {
  verb->add_option("order", options->order, "Order number or order id")
      ->required();
  verb->add_option("--line", options->lines,
                   "LINE:QUANTITY[:restock] of shipped units to refund "
                   "(repeatable); restock puts them back into stock");
  verb->add_flag("--shipping", options->shipping,
                 "Refund the order's shipping charge");
  verb->add_option("--goodwill", options->goodwill,
                   "An amount tied to no item, e.g. 12.50");
  verb->add_option("--policy", options->policy,
                   "REVERSE_CAPTURE (default), STORE_CREDIT or PRO_RATA");
  verb->add_option("--reason", options->reason, "Why, for the record");
}

struct DecideOptions {
  std::string refund, reason;
};

int Decide(const GlobalOptions& globals, const DecideOptions& options,
           bool approve) {
  oms::v1::DecideRefundRequest request;
  request.set_refund_id(options.refund);
  request.set_reason(options.reason);
  return CallAndPrint<oms::v1::RefundOrderResponse>(
      globals, approve ? kApproveRefund : kRejectRefund, request,
      &PrintRefundResponse);
}

}  // namespace

void AddRefundCommands(CLI::App& app, const GlobalOptions& globals,
                       Action* selected) {
  CLI::App* refund = app.add_subcommand(
      "refund", "Refund orders, preview refunds, approve or reject them");
  refund->require_subcommand(1);

  auto create_options = std::make_shared<RefundOptions>();
  CLI::App* create = refund->add_subcommand(
      "create",
      "Refund shipped units, the shipping or a goodwill amount; above the "
      "agent limit it waits for a supervisor");
  AddRefundOptions(create, create_options.get());
  create->add_option("--request-id", create_options->request_id,
                     "Idempotency key; reuse it to retry safely (default: a "
                     "new one, printed)");
  OnSelected(create, selected, [&globals, create_options] {
    absl::StatusOr<oms::v1::RefundOrderRequest> request =
        BuildRequest(*create_options);
    if (!request.ok()) return ReportUsageError(request.status());
    request->set_request_id(RequestIdOrNew(create_options->request_id));
    return CallAndPrint<oms::v1::RefundOrderResponse>(
        globals, kRefundOrder, *request, &PrintRefundResponse);
  });

  auto preview_options = std::make_shared<RefundOptions>();
  CLI::App* preview = refund->add_subcommand(
      "preview", "Show how a refund would be split over the tenders; changes "
                 "nothing");
  AddRefundOptions(preview, preview_options.get());
  OnSelected(preview, selected, [&globals, preview_options] {
    absl::StatusOr<oms::v1::RefundOrderRequest> request =
        BuildRequest(*preview_options);
    if (!request.ok()) return ReportUsageError(request.status());
    return CallAndPrint<oms::v1::Refund>(globals, kPreviewRefund, *request,
                                         &PrintRefund);
  });

  for (const bool approve : {true, false}) {
    auto options = std::make_shared<DecideOptions>();
    CLI::App* verb = refund->add_subcommand(
        approve ? "approve" : "reject",
        approve ? "Approve a refund waiting for a supervisor; it pays out"
                : "Reject a refund waiting for a supervisor; its money is "
                  "released");
    verb->add_option("refund", options->refund, "Refund id (ORDER-ID-R1)")
        ->required();
    CLI::Option* reason =
        verb->add_option("--reason", options->reason, "Why, for the record");
    if (!approve) reason->required();
    OnSelected(verb, selected, [&globals, options, approve] {
      return Decide(globals, *options, approve);
    });
  }

  auto page_size = std::make_shared<int>(0);
  CLI::App* pending = refund->add_subcommand(
      "pending", "List refunds waiting for a supervisor, oldest first");
  pending->add_option("--limit", *page_size, "At most this many (1-500)");
  OnSelected(pending, selected, [&globals, page_size] {
    oms::v1::ListPendingApprovalsRequest request;
    request.set_page_size(*page_size);
    return CallAndPrint<oms::v1::ListPendingApprovalsResponse>(
        globals, kListPendingApprovals, request, &PrintPendingApprovals);
  });
}

void AddAccountCommands(CLI::App& app, const GlobalOptions& globals,
                        Action* selected) {
  CLI::App* account = app.add_subcommand(
      "account", "Customers' wallet and store-credit accounts");
  account->require_subcommand(1);

  auto customer = std::make_shared<std::string>();
  CLI::App* balances = account->add_subcommand(
      "balances", "Wallet and store-credit balances of a customer");
  balances->add_option("customer", *customer, "Customer id")->required();
  OnSelected(balances, selected, [&globals, customer] {
    oms::v1::GetCustomerBalancesRequest request;
    request.set_customer_id(*customer);
    return CallAndPrint<oms::v1::CustomerBalances>(
        globals, kGetCustomerBalances, request, &PrintBalances);
  });

  struct StatementOptions {
    std::string customer;
    bool store_credit = false;
    int limit = 0;
  };
  auto options = std::make_shared<StatementOptions>();
  CLI::App* statement = account->add_subcommand(
      "statement", "Postings of a customer's wallet (or store credit), newest "
                   "first");
  statement->add_option("customer", options->customer, "Customer id")
      ->required();
  statement->add_flag("--store-credit", options->store_credit,
                      "The store-credit account instead of the wallet");
  statement->add_option("--limit", options->limit, "At most this many (1-500)");
  OnSelected(statement, selected, [&globals, options] {
    oms::v1::GetAccountStatementRequest request;
    request.set_customer_id(options->customer);
    request.set_account(options->store_credit
                            ? oms::v1::ACCOUNT_KIND_STORE_CREDIT
                            : oms::v1::ACCOUNT_KIND_WALLET);
    request.set_page_size(options->limit);
    return CallAndPrint<oms::v1::AccountStatement>(
        globals, kGetAccountStatement, request, &PrintStatement);
  });
}

}  // namespace omsctl
