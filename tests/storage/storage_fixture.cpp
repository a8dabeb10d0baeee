#include "tests/storage/storage_fixture.h"

namespace oms::storage::testing {

void ExpectSameState(const domain::OrderState& a, const domain::OrderState& b) {
  EXPECT_EQ(a.order_id, b.order_id);
  EXPECT_EQ(a.order_number, b.order_number);
  EXPECT_EQ(a.region, b.region);
  EXPECT_EQ(a.channel, b.channel);
  EXPECT_EQ(a.external_ref, b.external_ref);
  EXPECT_EQ(a.customer.customer_id, b.customer.customer_id);
  EXPECT_EQ(a.customer.name, b.customer.name);
  EXPECT_EQ(a.customer.email, b.customer.email);
  EXPECT_EQ(a.customer.phone, b.customer.phone);
  EXPECT_EQ(a.shipping_address.name, b.shipping_address.name);
  EXPECT_EQ(a.shipping_address.line1, b.shipping_address.line1);
  EXPECT_EQ(a.shipping_address.line2, b.shipping_address.line2);
  EXPECT_EQ(a.shipping_address.city, b.shipping_address.city);
  EXPECT_EQ(a.shipping_address.postal_code, b.shipping_address.postal_code);
  EXPECT_EQ(a.shipping_address.country, b.shipping_address.country);
  EXPECT_EQ(a.shipping_address.phone, b.shipping_address.phone);
  EXPECT_EQ(a.shipping_option, b.shipping_option);
  EXPECT_EQ(a.pickup_node_id, b.pickup_node_id);
  EXPECT_EQ(a.currency, b.currency);
  EXPECT_EQ(a.status, b.status);
  ASSERT_EQ(a.holds.size(), b.holds.size());
  for (size_t i = 0; i < a.holds.size(); ++i) {
    EXPECT_EQ(a.holds[i].reason, b.holds[i].reason) << "hold " << i;
    EXPECT_EQ(a.holds[i].note, b.holds[i].note) << "hold " << i;
    EXPECT_EQ(a.holds[i].placed_at, b.holds[i].placed_at) << "hold " << i;
  }
  ASSERT_EQ(a.lines.size(), b.lines.size());
  for (size_t i = 0; i < a.lines.size(); ++i) {
    const domain::OrderLine& x = a.lines[i];
    const domain::OrderLine& y = b.lines[i];
    EXPECT_EQ(x.line_no, y.line_no) << "line " << i;
    EXPECT_EQ(x.sku, y.sku) << "line " << i;
    EXPECT_EQ(x.name, y.name) << "line " << i;
    EXPECT_EQ(x.unit_price_minor, y.unit_price_minor) << "line " << i;
    EXPECT_EQ(x.line_total_minor, y.line_total_minor) << "line " << i;
    EXPECT_EQ(x.ordered, y.ordered) << "line " << i;
    EXPECT_EQ(x.reserved, y.reserved) << "line " << i;
    EXPECT_EQ(x.backordered, y.backordered) << "line " << i;
    EXPECT_EQ(x.preordered, y.preordered) << "line " << i;
    EXPECT_EQ(x.allocated, y.allocated) << "line " << i;
    EXPECT_EQ(x.shipped, y.shipped) << "line " << i;
    EXPECT_EQ(x.delivered, y.delivered) << "line " << i;
    EXPECT_EQ(x.cancelled, y.cancelled) << "line " << i;
    EXPECT_EQ(x.returned, y.returned) << "line " << i;
    EXPECT_EQ(x.refunded, y.refunded) << "line " << i;
    ASSERT_EQ(x.allocations.size(), y.allocations.size()) << "line " << i;
    for (size_t j = 0; j < x.allocations.size(); ++j) {
      EXPECT_EQ(x.allocations[j].node_id, y.allocations[j].node_id);
      EXPECT_EQ(x.allocations[j].quantity, y.allocations[j].quantity);
      EXPECT_EQ(x.allocations[j].reason, y.allocations[j].reason);
    }
  }
  ASSERT_EQ(a.tenders.size(), b.tenders.size());
  for (size_t i = 0; i < a.tenders.size(); ++i) {
    const domain::Tender& x = a.tenders[i];
    const domain::Tender& y = b.tenders[i];
    EXPECT_EQ(x.tender_id, y.tender_id) << "tender " << i;
    EXPECT_EQ(x.type, y.type) << "tender " << i;
    EXPECT_EQ(x.amount_minor, y.amount_minor) << "tender " << i;
    EXPECT_EQ(x.status, y.status) << "tender " << i;
    EXPECT_EQ(x.authorized_minor, y.authorized_minor) << "tender " << i;
    EXPECT_EQ(x.captured_minor, y.captured_minor) << "tender " << i;
    EXPECT_EQ(x.refunded_minor, y.refunded_minor) << "tender " << i;
    EXPECT_EQ(x.voided_minor, y.voided_minor) << "tender " << i;
    EXPECT_EQ(x.gateway, y.gateway) << "tender " << i;
    EXPECT_EQ(x.payment_ref, y.payment_ref) << "tender " << i;
    EXPECT_EQ(x.card_token, y.card_token) << "tender " << i;
    EXPECT_EQ(x.card_last4, y.card_last4) << "tender " << i;
    EXPECT_EQ(x.decline_reason, y.decline_reason) << "tender " << i;
  }
  EXPECT_EQ(a.totals.subtotal_minor, b.totals.subtotal_minor);
  EXPECT_EQ(a.totals.discount_minor, b.totals.discount_minor);
  EXPECT_EQ(a.totals.shipping_minor, b.totals.shipping_minor);
  EXPECT_EQ(a.totals.tax_minor, b.totals.tax_minor);
  EXPECT_EQ(a.totals.total_minor, b.totals.total_minor);
  ASSERT_EQ(a.notes.size(), b.notes.size());
  for (size_t i = 0; i < a.notes.size(); ++i) {
    EXPECT_EQ(a.notes[i].author, b.notes[i].author);
    EXPECT_EQ(a.notes[i].text, b.notes[i].text);
    EXPECT_EQ(a.notes[i].at, b.notes[i].at);
  }
  EXPECT_EQ(a.rejection_reason, b.rejection_reason);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.saga_deadline, b.saga_deadline);
  EXPECT_EQ(a.version, b.version);
}

domain::OrderState FullState() {
  domain::OrderState s;
  s.order_id = "EU1-01JD3K5Q0000000000000000";
  s.order_number = "EU1-7Q2M-K9XD";
  s.region = "EU1";
  s.channel = "marketplace";
  s.external_ref = "MP-998877";
  s.customer = {"C-42", "Zoë Ünal-O'Brien", "zoe@example.com", "+49 30 1234567"};
  s.shipping_address = {"Zoë Ünal", "Hauptstr. 1", "Hinterhaus",    "Berlin",
                        "10115",    "DE",          "+49 30 7654321"};
  s.shipping_option = "pickup";
  s.pickup_node_id = "ST1";
  s.currency = "EUR";
  s.status = domain::OrderStatus::kPartiallyFulfilled;
  s.holds = {{domain::HoldReason::kFraudReview, "score 91", T0() + absl::Microseconds(7)},
             {domain::HoldReason::kAddressCheck, "", T0() + absl::Seconds(3)}};
  domain::OrderLine line;
  line.line_no = 1;
  line.sku = "SKU-A";
  line.name = "Alpha \"quoted\"\nnewline";
  line.unit_price_minor = 1234;
  line.line_total_minor = 12340;
  line.ordered = 10;
  line.reserved = 3;
  line.backordered = 2;
  line.preordered = 1;
  line.allocated = 2;
  line.shipped = 3;
  line.delivered = 2;
  line.cancelled = 1;
  line.returned = 1;
  line.refunded = 1;
  line.allocations = {{"WH1", 2, "cheapest"}, {"ST1", 1, "closest"}};
  s.lines.push_back(line);
  line.line_no = 2;
  line.sku = "SKU-B";
  line.allocations = {};
  s.lines.push_back(line);
  domain::Tender card;
  card.tender_id = "T1";
  card.type = domain::TenderType::kCard;
  card.amount_minor = 20000;
  card.status = domain::TenderStatus::kCaptured;
  card.authorized_minor = 20000;
  card.captured_minor = 15000;
  card.refunded_minor = 1000;
  card.voided_minor = 5000;
  card.gateway = "stripe-eu";
  card.payment_ref = "pi_123";
  card.card_token = "tok_visa";
  card.card_last4 = "4242";
  card.decline_reason = "none";
  domain::Tender credit;
  credit.tender_id = "T2";
  credit.type = domain::TenderType::kStoreCredit;
  credit.amount_minor = 480;
  credit.status = domain::TenderStatus::kRefunded;
  s.tenders = {card, credit};
  s.totals = {24680, 100, 490, 3000, 28070};
  s.rejection_reason = "not rejected, just filled";
  s.notes = {{"staff:alice", "customer called: \"leave at the door\"", T0() + absl::Seconds(9)}};
  s.created_at = T0() + absl::Microseconds(1);
  s.updated_at = T0() + absl::Minutes(5) + absl::Microseconds(999999);
  s.saga_deadline = T0() + absl::Minutes(15);
  s.version = 7;
  return s;
}

}  // namespace oms::storage::testing
