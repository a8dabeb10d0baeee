#include "server/application/placement_units.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/ids.h"
#include "common/money.h"
#include "server/application/cancellation_units.h"
#include "server/application/channel_stock.h"
#include "server/application/fulfilment_units.h"
#include "server/application/sourcing_request.h"
#include "server/domain/ledger.h"
#include "server/domain/order.h"
#include "server/domain/sourcing.h"

namespace oms::application::placement {
namespace {

using domain::HoldReason;
using domain::Order;
using domain::OrderStatus;
using domain::TenderStatus;
using domain::TenderType;

std::string Money(int64_t minor, const std::string& currency) {
  return FormatMoney(oms::Money{minor, currency});
}

std::string LedgerAccount(TenderType type, const std::string& customer_id) {
  return type == TenderType::kWallet ? domain::WalletAccount(customer_id)
                                     : domain::StoreCreditAccount(customer_id);
}

// Prices lines from the catalog and computes shipping and tax, for channels
// that ask the OMS to (POS). Tax is per line by the product's tax class,
// shipping taxed at the standard rate; each rounded half up.
absl::Status ComputeTotals(Transaction& tx, const PlaceOrderCommand& c, const std::string& region,
                           const std::map<std::string, domain::Product>& products,
                           domain::OrderDraft& draft) {
  auto shipping = tx.pricing().ShippingPrice(c.shipping_option, c.currency);
  if (!shipping.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("shipping_option: no price for ",
                                                   c.shipping_option, " in ", c.currency));
  }
  draft.shipping_minor = *shipping;
  int64_t tax = 0;
  for (const auto& line : draft.lines) {
    const auto& product = products.at(line.sku);
    auto rate = tx.pricing().TaxRateBp(region, product.tax_class);
    if (!rate.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "no tax rate for class ", product.tax_class, " in region ", region, " (", line.sku, ")"));
    }
    tax += (line.unit_price_minor * line.quantity * *rate + 5000) / 10000;
  }
  if (draft.shipping_minor > 0) {
    auto rate = tx.pricing().TaxRateBp(region, "standard");
    if (rate.ok()) tax += (draft.shipping_minor * *rate + 5000) / 10000;
  }
  draft.tax_minor = tax;
  return absl::OkStatus();
}

// A marketplace whose oversell policy is "cancel": the units it sold beyond
// available-to-sell (backordered by routing) are cancelled by the system at
// once, so the marketplace hears of it with the order's first events.
absl::Status CancelOversold(Transaction& tx, Order& order, const PlaceOrderCommand& c,
                            const domain::SourcingPlan& plan,
                            std::map<std::string, int64_t> oversold,
                            const CreateParams& params) {
  Order::CancellationRequest request;
  request.reason = domain::CancelReason::kOutOfStock;
  request.initiator = domain::Initiator::kSystem;
  request.note = absl::StrCat("sold beyond available-to-sell on channel ", params.channel->id);
  for (size_t i = 0; i < c.lines.size(); ++i) {
    const int line_no = static_cast<int>(i + 1);
    auto excess = oversold.find(c.lines[i].sku);
    auto waiting = plan.backordered.find(line_no);
    if (excess == oversold.end() || waiting == plan.backordered.end()) continue;
    const int64_t n = std::min(excess->second, waiting->second);
    if (n <= 0) continue;
    excess->second -= n;
    request.lines.push_back({line_no, n});
  }
  if (request.lines.empty()) return absl::OkStatus();
  auto done = cancellation::CancelBySystem(tx, order, request, params.fulfilment, params.now);
  return done.status();
}

// Flash-sale limits: the units of each limited SKU on this order plus those
// on the customer's live orders, counted in the placing transaction (one
// writer), so concurrent orders cannot both slip under the limit.
absl::Status CheckPurchaseLimits(Transaction& tx, const PlaceOrderCommand& c,
                                 const domain::CustomerRef& customer,
                                 const std::map<std::string, int64_t>& limits) {
  if (limits.empty() || (customer.customer_id.empty() && customer.email.empty())) {
    return absl::OkStatus();
  }
  std::map<std::string, int64_t> wanted;
  for (const auto& line : c.lines) {
    if (limits.count(line.sku)) wanted[line.sku] += line.quantity;
  }
  for (const auto& [sku, units] : wanted) {
    const int64_t limit = limits.at(sku);
    auto bought = tx.orders().UnitsBought(customer.customer_id, customer.email, sku);
    if (!bought.ok()) return bought.status();
    if (*bought + units > limit) {
      return absl::ResourceExhaustedError(absl::StrCat(
          sku, " is limited to ", limit, " per customer; this customer has ", *bought,
          " on other orders and asks for ", units, " more"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string AuthorizeKey(const std::string& order_id, const std::string& tender_id) {
  return absl::StrCat(order_id, ":", tender_id, ":authorize");
}

std::string VoidKey(const std::string& order_id, const std::string& tender_id) {
  return absl::StrCat(order_id, ":", tender_id, ":void");
}

absl::StatusOr<Outcome> CreateOrder(Transaction& tx, const PlaceOrderCommand& c,
                                    const Actor& actor, const CreateParams& params) {
  tx.SetActor(actor);
  Outcome out;
  if (!c.request_id.empty()) {
    auto existing = tx.idempotency().Find(actor.principal_id, c.request_id);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) {
      const IdempotencyRecord& record = **existing;
      if (record.region != params.region) {
        // Learnt from a peer's events: that region took the key, and only it
        // may answer a retry (the API forwards it there when it can).
        return absl::UnavailableError(absl::StrCat(
            "request_id ", c.request_id, " was first sent to region ", record.region, " (order ",
            record.resource_id, "); send the retry there, or again when ", record.region,
            " can be reached"));
      }
      if (record.request_hash != c.request_hash) {
        return absl::AlreadyExistsError(absl::StrCat(
            "request_id ", c.request_id, " was already used for a different request (order ",
            record.resource_id, "); use a new request_id for a new order"));
      }
      auto order = tx.orders().Load(record.resource_id);
      if (!order.ok()) return order.status();
      out.order = order->state();
      out.replayed = true;
      out.finished = order->status() != OrderStatus::kPending;
      return out;
    }
  }

  // The same external order twice is the same order (a marketplace resends
  // its webhook; a checkout retries with a new request_id): answer it.
  if (!c.external_ref.empty()) {
    auto existing = tx.orders().FindByExternalRef(c.channel, c.external_ref);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) {
      auto order = tx.orders().Load(**existing);
      if (!order.ok()) return order.status();
      out.order = order->state();
      out.replayed = true;
      out.finished = order->status() != OrderStatus::kPending;
      return out;
    }
  }

  std::vector<std::string> skus;
  for (const auto& l : c.lines) skus.push_back(l.sku);
  auto products = tx.catalog().Find(skus);
  if (!products.ok()) return products.status();

  domain::OrderDraft draft;
  draft.order_id = params.order_id;
  draft.region = params.region;
  draft.channel = c.channel;
  draft.external_ref = c.external_ref;
  draft.customer = c.contact;
  // Only a customer_id checked against the customers table goes on the order.
  draft.customer.customer_id.clear();
  draft.shipping_address = c.shipping_address;
  draft.shipping_option = c.shipping_option;
  draft.pickup_node_id = c.pickup_node_id;
  draft.ship_complete = params.fulfilment.PolicyFor(c.channel).ship_complete;
  draft.currency = c.currency;
  draft.placed_at = params.now;
  draft.saga_timeout = params.saga_timeout;
  draft.discount_minor = c.discount.amount_minor;
  draft.shipping_minor = c.shipping.amount_minor;
  draft.tax_minor = c.tax.amount_minor;

  std::string customer_home;
  if (!c.customer_id.empty()) {
    auto customer = tx.customers().Get(c.customer_id);
    if (absl::IsNotFound(customer.status())) {
      return absl::InvalidArgumentError(
          absl::StrCat("customer_id: no customer ", c.customer_id));
    }
    if (!customer.ok()) return customer.status();
    customer_home = customer->home_region;
    draft.customer.customer_id = customer->customer_id;
    if (draft.customer.name.empty()) draft.customer.name = customer->name;
    if (draft.customer.email.empty()) draft.customer.email = customer->email;
    if (draft.customer.phone.empty()) draft.customer.phone = customer->phone;
  }

  for (size_t i = 0; i < c.lines.size(); ++i) {
    const auto& in = c.lines[i];
    auto p = products->find(in.sku);
    if (p == products->end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("lines[", i, "].sku: unknown SKU ", in.sku));
    }
    int64_t price = 0;
    if (in.unit_price_minor.has_value()) {
      price = *in.unit_price_minor;
    } else {
      if (p->second.currency != c.currency) {
        return absl::InvalidArgumentError(
            absl::StrCat("lines[", i, "]: ", in.sku, " is priced in ", p->second.currency,
                         ", the order is in ", c.currency, "; give unit_price"));
      }
      price = p->second.price_minor;
    }
    draft.lines.push_back({in.sku, p->second.name, in.quantity, price});
  }
  if (c.compute_totals) {
    if (absl::Status s = ComputeTotals(tx, c, params.region, *products, draft); !s.ok()) return s;
  }
  if (params.units_per_customer != nullptr) {
    if (absl::Status s = CheckPurchaseLimits(tx, c, draft.customer, *params.units_per_customer);
        !s.ok()) {
      return s;
    }
  }

  auto nodes = tx.nodes().All();
  if (!nodes.ok()) return nodes.status();
  if (!c.pickup_node_id.empty()) {
    bool known = false;
    for (const auto& n : *nodes) known = known || n.node_id == c.pickup_node_id;
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("pickup_node_id: no node ", c.pickup_node_id));
    }
  }
  auto stock = tx.stock().ForSkus(skus);
  if (!stock.ok()) return stock.status();
  auto request = SourcingRequestFor(tx, params.fulfilment, c.channel, params.region,
                                    c.shipping_address, c.shipping_option, c.pickup_node_id,
                                    params.now);
  if (!request.ok()) return request.status();
  for (size_t i = 0; i < c.lines.size(); ++i) {
    request->lines.push_back({static_cast<int>(i + 1), c.lines[i].sku, c.lines[i].quantity});
  }
  // A preorder product past its release date sells from stock like any other.
  std::map<std::string, domain::Product> routed_products = *products;
  for (auto& [sku, product] : routed_products) {
    if (product.preorder && product.release_unix <= absl::ToUnixSeconds(params.now)) {
      product.preorder = false;
    }
  }
  std::vector<domain::FulfillmentNode> routable = *nodes;
  std::erase_if(routable, [&](const domain::FulfillmentNode& n) { return n.region != params.region; });
  // The channel's share: a web or POS order beyond available-to-sell is
  // refused; a marketplace's is accepted with the excess backordered.
  std::map<std::string, int64_t> oversold;
  if (params.channel != nullptr) {
    std::set<std::string> region_nodes;
    for (const auto& n : routable) region_nodes.insert(n.node_id);
    auto limited =
        channel_stock::Limit(*params.channel, c.lines, region_nodes, *stock, routed_products);
    if (!limited.ok()) return limited.status();
    oversold = std::move(*limited);
  }
  auto plan = domain::PlanSourcing(*request, *stock, routable, routed_products);
  if (!plan.ok()) return plan.status();

  for (int attempt = 0; attempt < 8 && draft.order_number.empty(); ++attempt) {
    std::string number = NewOrderNumber(params.region);
    auto taken = tx.orders().NumberTaken(number);
    if (!taken.ok()) return taken.status();
    if (!*taken) draft.order_number = std::move(number);
  }
  if (draft.order_number.empty()) {
    return absl::InternalError("could not find a free order number in 8 attempts");
  }

  for (const auto& t : c.tenders) {
    draft.tenders.push_back({t.type, t.amount_minor, t.card_token});
  }
  auto order = Order::Place(draft, *plan);
  if (!order.ok()) return order.status();
  if (c.hold.has_value()) {
    if (absl::Status s = order->PlaceHold(*c.hold, c.hold_note, params.now); !s.ok()) return s;
  }
  if (!oversold.empty() && params.channel->oversell == OversellPolicy::kBackorder) {
    std::map<std::string, int64_t> left = oversold;
    for (size_t i = 0; i < c.lines.size(); ++i) {
      const int line_no = static_cast<int>(i + 1);
      auto waiting = plan->backordered.find(line_no);
      auto excess = left.find(c.lines[i].sku);
      if (waiting == plan->backordered.end() || excess == left.end()) continue;
      const int64_t n = std::min(waiting->second, excess->second);
      if (n <= 0) continue;
      excess->second -= n;
      if (absl::Status s = order->RecordSoldBeyondStock(line_no, n, c.channel, params.now);
          !s.ok()) {
        return s;
      }
    }
  }

  for (const auto& r : plan->reservations) {
    if (absl::Status s = tx.stock().Reserve(r.sku, r.node_id, r.quantity, params.order_id);
        !s.ok()) {
      return s;
    }
  }
  for (const auto& [line_no, qty] : plan->preordered) {
    if (absl::Status s = tx.catalog().AddPreorderSold(c.lines[line_no - 1].sku, qty); !s.ok()) {
      return s;
    }
  }

  bool has_cards = false;
  for (size_t i = 0; i < order->state().tenders.size(); ++i) {
    const domain::Tender& t = order->state().tenders[i];
    switch (t.type) {
      case TenderType::kCard:
        has_cards = true;
        break;
      case TenderType::kWallet:
      case TenderType::kStoreCredit: {
        if (params.peer_regions != nullptr &&
            std::find(params.peer_regions->begin(), params.peer_regions->end(),
                      customer_home) != params.peer_regions->end()) {
          // Spending here a balance its home region also spends would spend
          // it twice (docs/REGIONS.md, Ownership).
          return absl::FailedPreconditionError(absl::StrCat(
              "tenders[", i, "]: the ", domain::Name(t.type), " of customer ",
              draft.customer.customer_id, " is kept by region ", customer_home,
              ", this customer's home; pay by card here, or place the order in ",
              customer_home));
        }
        const std::string account = LedgerAccount(t.type, draft.customer.customer_id);
        auto balance = tx.ledger().Balance(account);
        if (!balance.ok()) return balance.status();
        if (*balance < t.amount_minor) {
          return absl::FailedPreconditionError(absl::StrCat(
              "tenders[", i, "]: ", domain::Name(t.type), " balance of customer ",
              draft.customer.customer_id, " is ", Money(*balance, c.currency),
              ", the tender asks ", Money(t.amount_minor, c.currency)));
        }
        if (absl::Status s = tx.ledger().Post(domain::Transfer(
                absl::StrCat(params.order_id, ":", t.tender_id, ":debit"), c.currency,
                params.order_id, absl::StrCat("order ", draft.order_number), account,
                domain::kOrderClearingAccount, t.amount_minor));
            !s.ok()) {
          return s;
        }
        if (absl::Status s = order->RecordImmediateCapture(t.tender_id, params.now); !s.ok()) {
          return s;
        }
        break;
      }
      case TenderType::kCash:
      case TenderType::kMarketplace:  // the marketplace took the money already
        if (absl::Status s = order->RecordImmediateCapture(t.tender_id, params.now); !s.ok()) {
          return s;
        }
        break;
    }
  }

  if (has_cards) {
    SagaRecord saga;
    saga.order_id = params.order_id;
    saga.step = SagaRecord::Step::kAuthorizing;
    saga.deadline = params.now + params.saga_timeout;
    saga.next_attempt = params.now + params.answer_grace;
    saga.principal_id = actor.principal_id;
    saga.trace_id = actor.trace_id;
    if (absl::Status s = tx.sagas().Upsert(saga); !s.ok()) return s;
  } else {
    if (absl::Status s = order->Confirm(params.now); !s.ok()) return s;
    if (!oversold.empty() && params.channel->oversell == OversellPolicy::kCancel) {
      if (absl::Status s = CancelOversold(tx, *order, c, *plan, oversold, params); !s.ok()) {
        return s;
      }
    }
    if (absl::Status s = fulfilment::ReleaseAndFollow(tx, *order, params.fulfilment, params.now);
        !s.ok()) {
      return s;
    }
    out.finished = true;
  }
  if (absl::Status s = tx.orders().Insert(*order); !s.ok()) return s;
  if (!c.request_id.empty()) {
    if (absl::Status s = tx.idempotency().Insert({actor.principal_id, c.request_id,
                                                  c.request_hash, params.order_id,
                                                  params.region, params.now});
        !s.ok()) {
      return s;
    }
  }
  out.order = order->state();
  return out;
}

absl::Status RejectAndCompensate(Transaction& tx, Order& order, const std::string& reason,
                                 absl::Time now, bool& needs_void) {
  const domain::OrderState before = order.state();
  needs_void = false;
  for (const auto& t : before.tenders) {
    if (t.type == TenderType::kCard && t.status == TenderStatus::kPending) {
      if (absl::Status s = order.RecordDecline(t.tender_id, t.gateway, kUnansweredDecline, now);
          !s.ok()) {
        return s;
      }
      needs_void = true;
    }
  }
  if (absl::Status s = order.Reject(reason, now); !s.ok()) return s;
  for (const auto& line : before.lines) {
    for (const auto& a : line.allocations) {
      if (absl::Status s = tx.stock().Release(line.sku, a.node_id, a.quantity, before.order_id);
          !s.ok()) {
        return s;
      }
    }
    if (line.preordered > 0) {
      if (absl::Status s = tx.catalog().AddPreorderSold(line.sku, -line.preordered); !s.ok()) {
        return s;
      }
    }
  }
  for (const auto& t : before.tenders) {
    if (t.status != TenderStatus::kCaptured) {
      if (t.type == TenderType::kCard && t.status == TenderStatus::kAuthorized) needs_void = true;
      continue;
    }
    if (t.type == TenderType::kWallet || t.type == TenderType::kStoreCredit) {
      if (absl::Status s = tx.ledger().Post(domain::Transfer(
              absl::StrCat(before.order_id, ":", t.tender_id, ":reversal"), before.currency,
              before.order_id, absl::StrCat("order ", before.order_number, " rejected"),
              domain::kOrderClearingAccount, LedgerAccount(t.type, before.customer.customer_id),
              t.captured_minor - t.refunded_minor));
          !s.ok()) {
        return s;
      }
    }
    if (t.type != TenderType::kCard) {
      if (absl::Status s = order.RecordDebitReversed(t.tender_id, now); !s.ok()) return s;
    }
  }
  if (needs_void) {
    SagaRecord saga;
    saga.order_id = before.order_id;
    saga.step = SagaRecord::Step::kVoiding;
    saga.deadline = now;
    saga.next_attempt = now;
    return tx.sagas().Upsert(saga);
  }
  return tx.sagas().Delete(before.order_id);
}

absl::StatusOr<Outcome> ApplyGatewayAnswer(Transaction& tx, const std::string& order_id,
                                           const std::string& tender_id,
                                           const std::string& gateway,
                                           const GatewayPayment& payment, absl::Time now,
                                           const FulfilmentSettings& fulfilment) {
  auto order = tx.orders().Load(order_id);
  if (!order.ok()) return order.status();
  Outcome out;
  const domain::Tender* tender = order->FindTender(tender_id);
  if (order->status() != OrderStatus::kPending || tender == nullptr ||
      tender->status != TenderStatus::kPending) {
    out.order = order->state();
    out.finished = order->status() != OrderStatus::kPending;
    return out;
  }
  const bool approved = payment.state == GatewayPayment::State::kAuthorized ||
                        payment.state == GatewayPayment::State::kCaptured;
  if (approved) {
    if (absl::Status s = order->RecordAuthorization(tender_id, gateway, payment.payment_ref,
                                                    payment.authorized_minor, payment.card_last4,
                                                    now);
        !s.ok()) {
      return s;
    }
  } else {
    const std::string reason =
        payment.decline_reason.empty() ? std::string("declined") : payment.decline_reason;
    if (absl::Status s = order->RecordDecline(tender_id, gateway, reason, now); !s.ok()) return s;
  }

  bool any_declined = false, all_answered = true;
  std::string decline_reason;
  for (const auto& t : order->state().tenders) {
    if (t.status == TenderStatus::kDeclined) {
      any_declined = true;
      decline_reason = t.decline_reason;
    }
    if (t.status == TenderStatus::kPending) all_answered = false;
  }
  if (any_declined) {
    if (absl::Status s = RejectAndCompensate(
            tx, *order, absl::StrCat("payment declined: ", decline_reason), now, out.needs_void);
        !s.ok()) {
      return s;
    }
    out.finished = true;
  } else if (all_answered) {
    if (order->HasHold(HoldReason::kAwaitingPayment)) {
      if (absl::Status s = order->ReleaseHold(HoldReason::kAwaitingPayment, now); !s.ok()) {
        return s;
      }
    }
    if (absl::Status s = order->Confirm(now); !s.ok()) return s;
    if (absl::Status s = tx.sagas().Delete(order_id); !s.ok()) return s;
    if (absl::Status s = fulfilment::ReleaseAndFollow(tx, *order, fulfilment, now); !s.ok()) {
      return s;
    }
    out.finished = true;
  }
  if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
  out.order = order->state();
  return out;
}

absl::StatusOr<Outcome> HoldForPayment(Transaction& tx, const std::string& order_id,
                                       const std::string& why, absl::Time now,
                                       absl::Duration retry_in) {
  auto order = tx.orders().Load(order_id);
  if (!order.ok()) return order.status();
  Outcome out;
  if (order->status() == OrderStatus::kPending) {
    if (!order->HasHold(HoldReason::kAwaitingPayment)) {
      if (absl::Status s = order->PlaceHold(HoldReason::kAwaitingPayment, why, now); !s.ok()) {
        return s;
      }
      if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
    }
    auto saga = tx.sagas().Find(order_id);
    if (!saga.ok()) return saga.status();
    if (saga->has_value()) {
      SagaRecord record = **saga;
      record.attempts += 1;
      record.next_attempt = now + retry_in;
      if (absl::Status s = tx.sagas().Upsert(record); !s.ok()) return s;
    }
  }
  out.order = order->state();
  out.finished = order->status() != OrderStatus::kPending;
  return out;
}

absl::StatusOr<Outcome> RejectPastDeadline(Transaction& tx, const std::string& order_id,
                                           absl::Time now) {
  auto order = tx.orders().Load(order_id);
  if (!order.ok()) return order.status();
  Outcome out;
  out.finished = true;
  if (order->status() == OrderStatus::kPending) {
    if (absl::Status s = RejectAndCompensate(
            tx, *order, "payment was not authorized before the order's deadline", now,
            out.needs_void);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
  } else if (absl::Status s = tx.sagas().Delete(order_id); !s.ok()) {
    return s;
  }
  out.order = order->state();
  return out;
}

}  // namespace oms::application::placement
