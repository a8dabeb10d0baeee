#pragma once

#include <cstdint>
#include <string>

namespace oms::domain {

// Stock of one SKU at one node. available = on hand - reserved - safety stock;
// a reservation never takes it below zero.
struct StockLevel {
  std::string sku;
  std::string node_id;
  std::string region;
  int64_t on_hand = 0;
  int64_t reserved = 0;
  int64_t safety_stock = 0;
  int64_t version = 0;

  int64_t available() const {
    const int64_t a = on_hand - reserved - safety_stock;
    return a < 0 ? 0 : a;
  }
};

enum class StockAdjustment { kReceive, kCount, kDamage };

// A product as the OMS needs it for placement.
struct Product {
  std::string sku;
  std::string name;
  int64_t price_minor = 0;
  std::string currency;
  bool backorder_allowed = false;
  bool preorder = false;
  int64_t preorder_cap = 0;   // preorder only: units that may be preordered
  int64_t preorder_sold = 0;  // preorder only: units preordered so far
  int64_t release_unix = 0;   // preorder only: release date, seconds
  std::string tax_class;
};

}  // namespace oms::domain
