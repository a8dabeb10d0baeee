#include "server/api/proto_mapping.h"
#include "server/api/refund_mapping.h"
#include "server/api/return_mapping.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace oms::api {
namespace {

using google::protobuf::Timestamp;

v1::PaymentStatus ToProto(domain::PaymentStatus s) {
  switch (s) {
    case domain::PaymentStatus::kUnpaid: return v1::PAYMENT_STATUS_UNPAID;
    case domain::PaymentStatus::kAuthorized: return v1::PAYMENT_STATUS_AUTHORIZED;
    case domain::PaymentStatus::kPartiallyCaptured: return v1::PAYMENT_STATUS_PARTIALLY_CAPTURED;
    case domain::PaymentStatus::kCaptured: return v1::PAYMENT_STATUS_CAPTURED;
    case domain::PaymentStatus::kPartiallyRefunded: return v1::PAYMENT_STATUS_PARTIALLY_REFUNDED;
    case domain::PaymentStatus::kRefunded: return v1::PAYMENT_STATUS_REFUNDED;
    case domain::PaymentStatus::kVoided: return v1::PAYMENT_STATUS_VOIDED;
  }
  return v1::PAYMENT_STATUS_UNSPECIFIED;
}

v1::FulfillmentStatus ToProto(domain::FulfillmentStatus s) {
  using F = domain::FulfillmentStatus;
  switch (s) {
    case F::kUnfulfilled: return v1::FULFILLMENT_STATUS_UNFULFILLED;
    case F::kPartiallyShipped: return v1::FULFILLMENT_STATUS_PARTIALLY_SHIPPED;
    case F::kShipped: return v1::FULFILLMENT_STATUS_SHIPPED;
    case F::kPartiallyDelivered: return v1::FULFILLMENT_STATUS_PARTIALLY_DELIVERED;
    case F::kDelivered: return v1::FULFILLMENT_STATUS_DELIVERED;
    case F::kBackordered: return v1::FULFILLMENT_STATUS_BACKORDERED;
    case F::kPreordered: return v1::FULFILLMENT_STATUS_PREORDERED;
  }
  return v1::FULFILLMENT_STATUS_UNSPECIFIED;
}

v1::HoldReason ToProto(domain::HoldReason r) {
  using H = domain::HoldReason;
  switch (r) {
    case H::kAwaitingPayment: return v1::HOLD_REASON_AWAITING_PAYMENT;
    case H::kFraudReview: return v1::HOLD_REASON_FRAUD_REVIEW;
    case H::kAddressCheck: return v1::HOLD_REASON_ADDRESS_CHECK;
    case H::kCustomerRequest: return v1::HOLD_REASON_CUSTOMER_REQUEST;
    case H::kStock: return v1::HOLD_REASON_STOCK;
    case H::kAwaitingReturn: return v1::HOLD_REASON_AWAITING_RETURN;
  }
  return v1::HOLD_REASON_UNSPECIFIED;
}

v1::ShipmentKind ToProto(domain::ShipmentKind k) {
  switch (k) {
    case domain::ShipmentKind::kShip: return v1::SHIPMENT_KIND_SHIP;
    case domain::ShipmentKind::kPickup: return v1::SHIPMENT_KIND_PICKUP;
    case domain::ShipmentKind::kCarryOut: return v1::SHIPMENT_KIND_CARRY_OUT;
  }
  return v1::SHIPMENT_KIND_UNSPECIFIED;
}


v1::TenderStatus ToProto(domain::TenderStatus s) {
  using T = domain::TenderStatus;
  switch (s) {
    case T::kPending: return v1::TENDER_STATUS_PENDING;
    case T::kAuthorized: return v1::TENDER_STATUS_AUTHORIZED;
    case T::kDeclined: return v1::TENDER_STATUS_DECLINED;
    case T::kCaptured: return v1::TENDER_STATUS_CAPTURED;
    case T::kVoided: return v1::TENDER_STATUS_VOIDED;
    case T::kRefunded: return v1::TENDER_STATUS_REFUNDED;
  }
  return v1::TENDER_STATUS_UNSPECIFIED;
}

absl::StatusOr<domain::TenderType> FromProto(v1::TenderType t, const std::string& field) {
  switch (t) {
    case v1::TENDER_TYPE_CARD: return domain::TenderType::kCard;
    case v1::TENDER_TYPE_WALLET: return domain::TenderType::kWallet;
    case v1::TENDER_TYPE_STORE_CREDIT: return domain::TenderType::kStoreCredit;
    case v1::TENDER_TYPE_CASH: return domain::TenderType::kCash;
    case v1::TENDER_TYPE_MARKETPLACE: return domain::TenderType::kMarketplace;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": must be CARD, WALLET, STORE_CREDIT, CASH or MARKETPLACE, got ",
                       static_cast<int>(t)));
  }
}

void ToProto(const domain::CustomerRef& in, v1::Customer* out) {
  out->set_customer_id(in.customer_id);
  out->set_name(in.name);
  out->set_email(in.email);
  out->set_phone(in.phone);
}

domain::PostalAddress FromProto(const v1::Address& a) {
  return {a.name(), a.line1(), a.line2(), a.city(), a.postal_code(), a.country(), a.phone()};
}

}  // namespace

void SetTime(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t micros = absl::ToUnixMicros(t);
  out->set_seconds(micros / 1'000'000);
  out->set_nanos(static_cast<int32_t>((micros % 1'000'000) * 1000));
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

void SetMoney(int64_t minor, const std::string& currency, v1::Money* out) {
  out->set_amount_minor(minor);
  out->set_currency(currency);
}

v1::TenderType ToProto(domain::TenderType t) {
  switch (t) {
    case domain::TenderType::kCard: return v1::TENDER_TYPE_CARD;
    case domain::TenderType::kWallet: return v1::TENDER_TYPE_WALLET;
    case domain::TenderType::kStoreCredit: return v1::TENDER_TYPE_STORE_CREDIT;
    case domain::TenderType::kCash: return v1::TENDER_TYPE_CASH;
    case domain::TenderType::kMarketplace: return v1::TENDER_TYPE_MARKETPLACE;
  }
  return v1::TENDER_TYPE_UNSPECIFIED;
}

v1::OrderStatus ToProto(domain::OrderStatus s) {
  using S = domain::OrderStatus;
  switch (s) {
    case S::kPending: return v1::ORDER_STATUS_PENDING;
    case S::kConfirmed: return v1::ORDER_STATUS_CONFIRMED;
    case S::kPartiallyFulfilled: return v1::ORDER_STATUS_PARTIALLY_FULFILLED;
    case S::kFulfilled: return v1::ORDER_STATUS_FULFILLED;
    case S::kCancelled: return v1::ORDER_STATUS_CANCELLED;
    case S::kRefunded: return v1::ORDER_STATUS_REFUNDED;
    case S::kRejected: return v1::ORDER_STATUS_REJECTED;
  }
  return v1::ORDER_STATUS_UNSPECIFIED;
}

absl::StatusOr<domain::OrderStatus> FromProto(v1::OrderStatus s) {
  using S = domain::OrderStatus;
  switch (s) {
    case v1::ORDER_STATUS_PENDING: return S::kPending;
    case v1::ORDER_STATUS_CONFIRMED: return S::kConfirmed;
    case v1::ORDER_STATUS_PARTIALLY_FULFILLED: return S::kPartiallyFulfilled;
    case v1::ORDER_STATUS_FULFILLED: return S::kFulfilled;
    case v1::ORDER_STATUS_CANCELLED: return S::kCancelled;
    case v1::ORDER_STATUS_REFUNDED: return S::kRefunded;
    case v1::ORDER_STATUS_REJECTED: return S::kRejected;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("statuses: unknown order status ", static_cast<int>(s)));
  }
}

void ToProto(const domain::OrderState& in, v1::Order* out) {
  out->set_order_id(in.order_id);
  out->set_order_number(in.order_number);
  out->set_region(in.region);
  out->set_channel(in.channel);
  out->set_external_ref(in.external_ref);
  ToProto(in.customer, out->mutable_customer());
  const auto& a = in.shipping_address;
  auto* addr = out->mutable_shipping_address();
  addr->set_name(a.name);
  addr->set_line1(a.line1);
  addr->set_line2(a.line2);
  addr->set_city(a.city);
  addr->set_postal_code(a.postal_code);
  addr->set_country(a.country);
  addr->set_phone(a.phone);
  out->set_shipping_option(in.shipping_option);
  out->set_status(ToProto(in.status));
  out->set_payment_status(ToProto(domain::DerivePaymentStatus(in.tenders)));
  out->set_fulfillment_status(ToProto(domain::DeriveFulfillmentStatus(in.lines)));
  for (const auto& h : in.holds) {
    auto* hold = out->add_holds();
    hold->set_reason(ToProto(h.reason));
    hold->set_note(h.note);
    SetTime(h.placed_at, hold->mutable_placed_at());
  }
  for (const auto& l : in.lines) {
    auto* line = out->add_lines();
    line->set_line_no(l.line_no);
    line->set_sku(l.sku);
    line->set_name(l.name);
    SetMoney(l.unit_price_minor, in.currency, line->mutable_unit_price());
    SetMoney(l.line_total_minor, in.currency, line->mutable_line_total());
    line->set_ordered(l.ordered);
    line->set_reserved(l.reserved);
    line->set_backordered(l.backordered);
    line->set_preordered(l.preordered);
    line->set_allocated(l.allocated);
    line->set_shipped(l.shipped);
    line->set_delivered(l.delivered);
    line->set_cancelled(l.cancelled);
    line->set_returned(l.returned);
    line->set_refunded(l.refunded);
    for (const auto& al : l.allocations) {
      auto* alloc = line->add_allocations();
      alloc->set_node_id(al.node_id);
      alloc->set_quantity(al.quantity);
      alloc->set_reason(al.reason);
    }
    for (const auto& node : l.excluded_nodes) line->add_excluded_nodes(node);
  }
  for (const auto& s : in.shipments) ToProto(s, in.currency, out->add_shipments());
  out->set_pickup_node_id(in.pickup_node_id);
  out->set_ship_complete(in.ship_complete);
  for (const auto& n : in.notes) {
    auto* note = out->add_notes();
    note->set_author(n.author);
    note->set_text(n.text);
    SetTime(n.at, note->mutable_at());
  }
  for (const auto& t : in.tenders) {
    auto* tender = out->add_tenders();
    tender->set_tender_id(t.tender_id);
    tender->set_type(ToProto(t.type));
    SetMoney(t.amount_minor, in.currency, tender->mutable_amount());
    tender->set_status(ToProto(t.status));
    tender->set_authorized_minor(t.authorized_minor);
    tender->set_captured_minor(t.captured_minor);
    tender->set_refunded_minor(t.refunded_minor);
    tender->set_voided_minor(t.voided_minor);
    tender->set_gateway(t.gateway);
    tender->set_payment_ref(t.payment_ref);
    tender->set_card_last4(t.card_last4);
    tender->set_decline_reason(t.decline_reason);
  }
  auto* totals = out->mutable_totals();
  SetMoney(in.totals.subtotal_minor, in.currency, totals->mutable_subtotal());
  SetMoney(in.totals.discount_minor, in.currency, totals->mutable_discount());
  SetMoney(in.totals.shipping_minor, in.currency, totals->mutable_shipping());
  SetMoney(in.totals.tax_minor, in.currency, totals->mutable_tax());
  SetMoney(in.totals.total_minor, in.currency, totals->mutable_total());
  out->set_rejection_reason(in.rejection_reason);
  SetTime(in.created_at, out->mutable_created_at());
  SetTime(in.updated_at, out->mutable_updated_at());
  out->set_version(in.version);
  if (in.status == domain::OrderStatus::kPending) {
    SetTime(in.saga_deadline, out->mutable_saga_deadline());
  }
  for (const auto& r : in.refunds) ToProto(r, in.currency, out->add_refunds());
  for (const auto& r : in.returns) ToProto(r, in.currency, out->add_returns());
}

v1::ShipmentStatus ToProto(domain::ShipmentStatus s) {
  using S = domain::ShipmentStatus;
  switch (s) {
    case S::kCreated: return v1::SHIPMENT_STATUS_CREATED;
    case S::kPicking: return v1::SHIPMENT_STATUS_PICKING;
    case S::kPacked: return v1::SHIPMENT_STATUS_PACKED;
    case S::kShipped: return v1::SHIPMENT_STATUS_SHIPPED;
    case S::kDelivered: return v1::SHIPMENT_STATUS_DELIVERED;
    case S::kReadyForPickup: return v1::SHIPMENT_STATUS_READY_FOR_PICKUP;
    case S::kPickedUp: return v1::SHIPMENT_STATUS_PICKED_UP;
    case S::kCancelled: return v1::SHIPMENT_STATUS_CANCELLED;
    case S::kRejected: return v1::SHIPMENT_STATUS_REJECTED;
    case S::kException: return v1::SHIPMENT_STATUS_EXCEPTION;
  }
  return v1::SHIPMENT_STATUS_UNSPECIFIED;
}

absl::StatusOr<domain::ShipmentStatus> FromProto(v1::ShipmentStatus s) {
  using S = domain::ShipmentStatus;
  for (S status : {S::kCreated, S::kPicking, S::kPacked, S::kShipped, S::kDelivered,
                   S::kReadyForPickup, S::kPickedUp, S::kCancelled, S::kRejected,
                   S::kException}) {
    if (ToProto(status) == s) return status;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("statuses: unknown shipment status ", static_cast<int>(s)));
}

absl::StatusOr<domain::HoldReason> FromProto(v1::HoldReason r) {
  using H = domain::HoldReason;
  for (H reason : {H::kAwaitingPayment, H::kFraudReview, H::kAddressCheck, H::kCustomerRequest,
                   H::kStock, H::kAwaitingReturn}) {
    if (ToProto(reason) == r) return reason;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "reason: must be a hold reason (FRAUD_REVIEW, ADDRESS_CHECK, CUSTOMER_REQUEST, STOCK, "
      "AWAITING_RETURN), got ",
      static_cast<int>(r)));
}

void ToProto(const domain::ShipmentState& in, const std::string& currency, v1::Shipment* out) {
  out->set_shipment_id(in.shipment_id);
  out->set_order_id(in.order_id);
  out->set_order_number(in.order_number);
  out->set_node_id(in.node_id);
  out->set_kind(ToProto(in.kind));
  out->set_status(ToProto(in.status));
  for (const auto& l : in.lines) {
    auto* line = out->add_lines();
    line->set_line_no(l.line_no);
    line->set_sku(l.sku);
    line->set_name(l.name);
    line->set_quantity(l.quantity);
  }
  out->set_carrier(in.carrier);
  out->set_service(in.service);
  out->set_tracking_id(in.tracking_id);
  out->set_routing_reason(in.routing_reason);
  out->set_note(in.note);
  for (const auto& h : in.holds) {
    auto* hold = out->add_holds();
    hold->set_reason(ToProto(h.reason));
    hold->set_note(h.note);
    SetTime(h.placed_at, hold->mutable_placed_at());
  }
  for (const auto& c : in.history) {
    auto* change = out->add_history();
    change->set_status(ToProto(c.status));
    SetTime(c.at, change->mutable_at());
    change->set_note(c.note);
  }
  SetMoney(in.captured_minor, currency, out->mutable_captured());
  out->set_partner_ref(in.partner_ref);
  SetTime(in.created_at, out->mutable_created_at());
  SetTime(in.updated_at, out->mutable_updated_at());
  if (in.status == domain::ShipmentStatus::kReadyForPickup) {
    SetTime(in.pickup_expires_at, out->mutable_pickup_expires_at());
  }
  for (const auto& l : in.cancel_requested) {
    auto* line = out->add_cancel_requested();
    line->set_line_no(l.line_no);
    line->set_sku(l.sku);
    line->set_name(l.name);
    line->set_quantity(l.quantity);
  }
}

void ToProto(const application::OrderSummaryRow& in, v1::OrderSummary* out) {
  out->set_order_id(in.order_id);
  out->set_order_number(in.order_number);
  out->set_region(in.region);
  out->set_channel(in.channel);
  out->set_status(ToProto(in.status));
  out->set_payment_status(ToProto(in.payment_status));
  out->set_fulfillment_status(ToProto(in.fulfillment_status));
  ToProto(in.customer, out->mutable_customer());
  SetMoney(in.total_minor, in.currency, out->mutable_total());
  out->set_line_count(in.line_count);
  SetTime(in.created_at, out->mutable_created_at());
  for (auto h : in.holds) out->add_holds(ToProto(h));
}

void ToProto(const application::StoredEvent& in, v1::OrderEvent* out) {
  out->set_sequence(in.sequence);
  out->set_event_id(in.event_id);
  out->set_origin_region(in.origin_region);
  out->set_aggregate_type(in.aggregate_type);
  out->set_aggregate_id(in.aggregate_id);
  out->set_aggregate_version(in.aggregate_version);
  out->set_event_type(in.event_type);
  SetTime(in.occurred_at, out->mutable_occurred_at());
  out->set_principal(in.principal_id);
  out->set_trace_id(in.trace_id);
  out->set_summary(in.summary);
  out->set_payload_json(in.payload_json);
  out->set_method(in.method);
  out->set_request_id(in.request_id);
}

void ToProto(const domain::StockLevel& in, v1::StockLevel* out) {
  out->set_sku(in.sku);
  out->set_node_id(in.node_id);
  out->set_region(in.region);
  out->set_on_hand(in.on_hand);
  out->set_reserved(in.reserved);
  out->set_safety_stock(in.safety_stock);
  out->set_available(in.available());
  out->set_version(in.version);
}

void ToProto(const domain::Product& in, v1::Product* out) {
  out->set_sku(in.sku);
  out->set_name(in.name);
  SetMoney(in.price_minor, in.currency, out->mutable_price());
  out->set_backorder_allowed(in.backorder_allowed);
  out->set_preorder(in.preorder);
  if (in.preorder) {
    out->mutable_release_date()->set_seconds(in.release_unix);
    out->set_preorder_cap(in.preorder_cap);
  }
  out->set_tax_class(in.tax_class);
}

void ToProto(const domain::FulfillmentNode& in, v1::FulfillmentNode* out) {
  out->set_node_id(in.node_id);
  out->set_name(in.name);
  switch (in.type) {
    case domain::NodeType::kWarehouse: out->set_type(v1::NODE_TYPE_WAREHOUSE); break;
    case domain::NodeType::kStore: out->set_type(v1::NODE_TYPE_STORE); break;
    case domain::NodeType::kThirdPartyLogistics:
      out->set_type(v1::NODE_TYPE_THIRD_PARTY_LOGISTICS);
      break;
    case domain::NodeType::kDropShipper: out->set_type(v1::NODE_TYPE_DROP_SHIPPER); break;
  }
  out->set_region(in.region);
  out->set_city(in.city);
  out->set_postal_code(in.postal_code);
  out->set_country(in.country);
  out->set_latitude(in.latitude);
  out->set_longitude(in.longitude);
  if (in.Can(domain::kCanShip)) out->add_capabilities(v1::NODE_CAPABILITY_SHIP);
  if (in.Can(domain::kCanPickup)) out->add_capabilities(v1::NODE_CAPABILITY_PICKUP);
  if (in.Can(domain::kCanSameDay)) out->add_capabilities(v1::NODE_CAPABILITY_SAME_DAY);
  if (in.Can(domain::kCanCarryOut)) out->add_capabilities(v1::NODE_CAPABILITY_CARRY_OUT);
  out->set_cost_per_shipment_minor(in.cost_per_shipment_minor);
  out->set_daily_capacity(in.daily_capacity);
  out->set_priority(in.priority);
}

void ToProto(const application::CustomerProfile& in, v1::CustomerProfile* out) {
  out->set_customer_id(in.customer.customer_id);
  out->set_name(in.customer.name);
  out->set_email(in.customer.email);
  out->set_phone(in.customer.phone);
  out->set_home_region(in.customer.home_region);
  SetMoney(in.store_credit_minor, in.currency, out->mutable_store_credit_balance());
  SetMoney(in.wallet_minor, in.currency, out->mutable_wallet_balance());
}

std::string Fingerprint(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return Sha256Hex(bytes);
}

absl::StatusOr<application::PlaceOrderCommand> ToCommand(const v1::PlaceOrderRequest& r) {
  application::PlaceOrderCommand c;
  c.request_id = r.request_id();
  {
    v1::PlaceOrderRequest without_key = r;
    without_key.clear_request_id();
    c.request_hash = Fingerprint(without_key);
  }
  c.channel = r.channel();
  c.external_ref = r.external_ref();
  c.customer_id = r.customer_id();
  c.contact = {r.contact().customer_id(), r.contact().name(), r.contact().email(),
               r.contact().phone()};
  c.shipping_address = FromProto(r.shipping_address());
  c.shipping_option = r.shipping_option();
  c.currency = r.currency();
  for (const auto& l : r.lines()) {
    application::PlaceOrderCommand::Line line;
    line.sku = l.sku();
    line.quantity = l.quantity();
    if (l.has_unit_price()) {
      line.unit_price_minor = l.unit_price().amount_minor();
      line.price_currency = l.unit_price().currency();
    }
    c.lines.push_back(std::move(line));
  }
  c.discount = {r.discount().amount_minor(), r.discount().currency()};
  c.shipping = {r.shipping().amount_minor(), r.shipping().currency()};
  c.tax = {r.tax().amount_minor(), r.tax().currency()};
  c.compute_totals = r.compute_totals();
  for (int i = 0; i < r.tenders_size(); ++i) {
    const auto& t = r.tenders(i);
    auto type = FromProto(t.type(), absl::StrCat("tenders[", i, "].type"));
    if (!type.ok()) return type.status();
    c.tenders.push_back({*type, t.amount().amount_minor(), t.amount().currency(), t.card_token()});
  }
  c.pickup_node_id = r.pickup_node_id();
  return c;
}

}  // namespace oms::api
