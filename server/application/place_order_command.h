#pragma once

#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "server/domain/order_state.h"

namespace oms::application {

// Limits on what one request may ask for; every breach is INVALID_ARGUMENT
// naming the field.
struct PlacementLimits {
  int max_lines = 100;
  int64_t max_quantity_per_line = 10'000;
  int max_tenders = 8;
  size_t max_request_id = 255;
  size_t max_text = 200;  // names, address lines, references
  // Flash sales: at most this many units of a SKU per customer over all
  // their live orders, whichever node ships them (RESOURCE_EXHAUSTED beyond).
  std::map<std::string, int64_t> units_per_customer;
};

// A placement request as the API received it, before validation.
struct PlaceOrderCommand {
  struct Line {
    std::string sku;
    int64_t quantity = 0;
    std::optional<int64_t> unit_price_minor;  // absent: the catalog's price
    std::string price_currency;
  };
  struct Tender {
    domain::TenderType type = domain::TenderType::kCard;
    int64_t amount_minor = 0;
    std::string currency;
    std::string card_token;
  };
  struct Charge {  // discount, shipping or tax as the channel gave it
    int64_t amount_minor = 0;
    std::string currency;  // empty when not given
  };

  std::string request_id;
  std::string request_hash;  // fingerprint of the request without request_id
  std::string channel;
  std::string external_ref;
  std::string customer_id;
  domain::CustomerRef contact;
  domain::PostalAddress shipping_address;
  std::string shipping_option;  // standard, express, pickup, carry_out
  std::string currency;
  std::vector<Line> lines;
  Charge discount;
  Charge shipping;
  Charge tax;
  bool compute_totals = false;
  std::vector<Tender> tenders;
  std::string pickup_node_id;
  // Set by the OMS itself, never by the API: the order starts under this
  // hold (an exchange's replacement waits for the returned goods).
  std::optional<domain::HoldReason> hold;
  std::string hold_note;
};

// Checks everything that can be checked without the database. Returns
// INVALID_ARGUMENT with the field path and what is wrong, e.g.
// "lines[2].quantity: must be at least 1, got 0".
absl::Status ValidatePlaceOrder(const PlaceOrderCommand& command, const PlacementLimits& limits);

bool IsPickupOption(const std::string& shipping_option);

}  // namespace oms::application
