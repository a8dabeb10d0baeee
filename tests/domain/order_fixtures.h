#pragma once

#include "server/domain/order.h"

namespace oms::domain::testing {

inline absl::Time T0() { return absl::FromUnixSeconds(1'790'000'000); }

// A two-line order: 2 x SKU-A at 10.00 from WH1, 1 x SKU-B at 5.00 split
// nowhere; shipping 4.90, tax 0; paid by the given tenders (default one card).
inline OrderDraft TwoLineDraft(std::vector<OrderDraft::TenderInput> tenders = {}) {
  OrderDraft d;
  d.order_id = "EU1-01TESTORDER00000000000000";
  d.order_number = "EU1-TEST-0001";
  d.region = "EU1";
  d.channel = "web";
  d.customer = {"C-1", "Ada Lovelace", "ada@example.com", "+44 20 7946 0000"};
  d.shipping_address = {"Ada Lovelace", "1 Main St", "", "London", "N1 9GU", "GB", ""};
  d.shipping_option = "standard";
  d.currency = "EUR";
  d.lines = {{"SKU-A", "Alpha", 2, 1000}, {"SKU-B", "Beta", 1, 500}};
  d.shipping_minor = 490;
  d.placed_at = T0();
  d.tenders = tenders.empty()
                  ? std::vector<OrderDraft::TenderInput>{{TenderType::kCard, 2990, "tok_visa"}}
                  : tenders;
  return d;
}

inline SourcingPlan WholeAt(const std::string& node) {
  SourcingPlan p;
  p.reservations = {{1, "SKU-A", node, 2, "test"}, {2, "SKU-B", node, 1, "test"}};
  return p;
}

}  // namespace oms::domain::testing
