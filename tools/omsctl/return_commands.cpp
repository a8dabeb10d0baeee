// omsctl return create | receive | cancel | get (ReturnService, docs/RETURNS.md)

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "oms/v1/order_service.pb.h"
#include "oms/v1/return_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/format.h"
#include "omsctl/methods.h"
#include "omsctl/request_id.h"
#include "omsctl/return_printer.h"

namespace omsctl {
namespace {

struct CreateOptions {
  std::string order, policy, pay_card, request_id;
  std::vector<std::string> lines, replace;
  bool pay_wallet = false, pay_store_credit = false;
};

absl::StatusOr<oms::v1::CreateReturnRequest> BuildCreateRequest(const CreateOptions& options) {
  oms::v1::CreateReturnRequest request;
  absl::StatusOr<OrderRef> order = ParseOrderRef(options.order);
  if (!order.ok()) return order.status();
  request.set_order_id(order->value);  // the server takes an id or a number
  for (const std::string& text : options.lines) {
    absl::StatusOr<oms::v1::ReturnLineInput> line = ParseReturnLine(text);
    if (!line.ok()) return line.status();
    *request.add_lines() = *line;
  }
  if (!options.policy.empty()) {
    absl::StatusOr<int> policy =
        ParseEnumLabel(*oms::v1::RefundPolicy_descriptor(), options.policy);
    if (!policy.ok()) return policy.status();
    request.set_refund_policy(static_cast<oms::v1::RefundPolicy>(*policy));
  }
  for (const std::string& text : options.replace) {
    absl::StatusOr<oms::v1::ReplacementInput> replacement = ParseReplacement(text);
    if (!replacement.ok()) return replacement.status();
    *request.add_replacement() = *replacement;
  }
  const bool pays = !options.pay_card.empty() || options.pay_wallet || options.pay_store_credit;
  if (pays && request.replacement().empty()) {
    return absl::InvalidArgumentError(
        "--pay-card, --pay-wallet and --pay-store-credit pay what an exchange's replacement "
        "costs above the returned goods: give --replace SKU:QUANTITY too");
  }
  // The amount is omsd's to set: what the replacement costs above the goods.
  oms::v1::TenderInput* tender = request.mutable_difference_tender();
  if (!options.pay_card.empty()) {
    tender->set_type(oms::v1::TENDER_TYPE_CARD);
    tender->set_card_token(options.pay_card);
  } else if (options.pay_wallet) {
    tender->set_type(oms::v1::TENDER_TYPE_WALLET);
  } else if (options.pay_store_credit) {
    tender->set_type(oms::v1::TENDER_TYPE_STORE_CREDIT);
  } else {
    request.clear_difference_tender();
  }
  return request;
}

struct ReceiveOptions {
  std::string return_id, request_id;
  std::vector<std::string> restock, damaged;
};

absl::StatusOr<oms::v1::ReceiveReturnRequest> BuildReceiveRequest(const ReceiveOptions& options) {
  oms::v1::ReceiveReturnRequest request;
  absl::StatusOr<std::string> id = ParseReturnId(options.return_id);
  if (!id.ok()) return id.status();
  request.set_return_id(*id);
  absl::StatusOr<std::vector<oms::v1::ReceivedLineInput>> lines =
      BuildReceivedLines(options.restock, options.damaged);
  if (!lines.ok()) return lines.status();
  for (oms::v1::ReceivedLineInput& line : *lines) *request.add_lines() = std::move(line);
  return request;
}

// No RPC reads one return: it is part of its order, which GetOrder answers.
int GetReturn(const GlobalOptions& globals, const std::string& text) {
  absl::StatusOr<std::string> id = ParseReturnId(text);
  if (!id.ok()) return ReportUsageError(id.status());
  oms::v1::GetOrderRequest request;
  request.set_order_id(OrderIdOfReturn(*id));
  oms::v1::Order order;
  RpcClient client(globals.connection);
  if (absl::Status status = client.Call(kGetOrder, request, &order); !status.ok()) {
    return ReportRpcError(status);
  }
  for (const oms::v1::Return& ret : order.returns()) {
    if (ret.return_id() != *id) continue;
    PrintResult(globals, ret, [&](std::ostream& out) { PrintReturn(ret, out, &order); });
    return kExitOk;
  }
  return ReportRpcError(
      absl::NotFoundError(absl::StrCat("return ", *id, " not found; order ", order.order_number(),
                                       " has ", order.returns_size(), " return(s)")));
}

constexpr char kRequestIdHelp[] =
    "Idempotency key; reuse it to retry safely (default: a new one, printed)";

}  // namespace

void AddReturnCommands(CLI::App& app, const GlobalOptions& globals, Action* selected) {
  CLI::App* ret = app.add_subcommand(
      "return", "Returns and exchanges of delivered units: create, receive, cancel, get");
  ret->require_subcommand(1);

  auto create_options = std::make_shared<CreateOptions>();
  CLI::App* create = ret->add_subcommand(
      "create",
      "Return delivered units with reasons; with --replace an exchange (docs/RETURNS.md)");
  create->add_option("order", create_options->order, "Order number or order id")->required();
  create
      ->add_option("--line", create_options->lines,
                   "LINE:QUANTITY[:REASON[:NOTE]] of delivered units, e.g. 2:1:size-or-fit "
                   "(repeatable). REASON: damaged, defective, wrong-item, not-as-described, "
                   "size-or-fit, no-longer-needed, other")
      // One value per occurrence (here and below): `--line 1:1 ORDER` keeps ORDER
      // positional.
      ->allow_extra_args(false)
      ->required();
  create->add_option("--policy", create_options->policy,
                     "How the money back is split: REVERSE_CAPTURE (default), STORE_CREDIT or "
                     "PRO_RATA");
  create
      ->add_option("--replace", create_options->replace,
                   "SKU:QUANTITY of the replacement (repeatable): makes the return an "
                   "exchange")
      ->allow_extra_args(false);
  CLI::Option* card =
      create->add_option("--pay-card", create_options->pay_card,
                         "Card token paying what the replacement costs above the returned goods");
  CLI::Option* wallet = create->add_flag("--pay-wallet", create_options->pay_wallet,
                                         "Pay the exchange's difference from the wallet");
  CLI::Option* credit = create->add_flag("--pay-store-credit", create_options->pay_store_credit,
                                         "Pay the exchange's difference with store credit");
  card->excludes(wallet)->excludes(credit);
  wallet->excludes(credit);
  create->add_option("--request-id", create_options->request_id, kRequestIdHelp);
  OnSelected(create, selected, [&globals, create_options] {
    absl::StatusOr<oms::v1::CreateReturnRequest> request = BuildCreateRequest(*create_options);
    if (!request.ok()) return ReportUsageError(request.status());
    request->set_request_id(RequestIdOrNew(create_options->request_id));
    return CallAndPrint<oms::v1::ReturnResponse>(globals, kCreateReturn, *request,
                                                 &PrintReturnResponse);
  });

  auto receive_options = std::make_shared<ReceiveOptions>();
  CLI::App* receive = ret->add_subcommand(
      "receive", "The goods arrived: every line of the return restocked at a node and/or damaged");
  receive->add_option("return", receive_options->return_id, "Return id (ORDER-ID-RMA1)")
      ->required();
  receive
      ->add_option("--restock", receive_options->restock,
                   "LINE:QUANTITY@NODE back into sellable stock at NODE, e.g. 2:1@WH-BER-1 "
                   "(repeatable)")
      ->allow_extra_args(false);
  receive
      ->add_option("--damaged", receive_options->damaged,
                   "LINE:QUANTITY written off, e.g. 2:1 (repeatable)")
      ->allow_extra_args(false);
  receive->add_option("--request-id", receive_options->request_id, kRequestIdHelp);
  OnSelected(receive, selected, [&globals, receive_options] {
    absl::StatusOr<oms::v1::ReceiveReturnRequest> request = BuildReceiveRequest(*receive_options);
    if (!request.ok()) return ReportUsageError(request.status());
    request->set_request_id(RequestIdOrNew(receive_options->request_id));
    return CallAndPrint<oms::v1::ReturnResponse>(globals, kReceiveReturn, *request,
                                                 &PrintReturnResponse);
  });

  struct CancelOptions {
    std::string return_id, reason;
  };
  auto cancel_options = std::make_shared<CancelOptions>();
  CLI::App* cancel = ret->add_subcommand(
      "cancel", "The customer kept the goods: only before receipt and before money moved");
  cancel->add_option("return", cancel_options->return_id, "Return id (ORDER-ID-RMA1)")->required();
  cancel->add_option("--reason", cancel_options->reason, "Why, for the record");
  OnSelected(cancel, selected, [&globals, cancel_options] {
    absl::StatusOr<std::string> id = ParseReturnId(cancel_options->return_id);
    if (!id.ok()) return ReportUsageError(id.status());
    oms::v1::CancelReturnRequest request;
    request.set_return_id(*id);
    request.set_reason(cancel_options->reason);
    return CallAndPrint<oms::v1::ReturnResponse>(globals, kCancelReturn, request,
                                                 &PrintReturnResponse);
  });

  auto get_id = std::make_shared<std::string>();
  CLI::App* get = ret->add_subcommand("get", "Show one return (read from its order)");
  get->add_option("return", *get_id, "Return id (ORDER-ID-RMA1)")->required();
  OnSelected(get, selected, [&globals, get_id] { return GetReturn(globals, *get_id); });
}

}  // namespace omsctl
