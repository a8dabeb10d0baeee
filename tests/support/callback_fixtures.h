#pragma once

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

// Channel callbacks against fixture files (tests/fixtures/callbacks/): the
// values that differ on every run (ids, times) are replaced by placeholders
// before comparing, so the fixture shows the whole shape of a callback.
namespace oms::testing {

struct CallbackIds {
  std::string order_id;
  std::string order_number;
  std::string external_ref;
  std::string event_id;
};

// Keys whose values are times.
inline bool IsTimeKey(const std::string& key) {
  static const std::vector<std::string> kKeys = {
      "occurred_at", "created_at",   "happened_at",      "cancelled_at",
      "ShipDate",    "DeliveryDate", "CancellationDate", "AdjustmentDate"};
  return std::find(kKeys.begin(), kKeys.end(), key) != kKeys.end();
}

inline void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// Ids become {order_id}, {order_number}, {external_ref}, {event_id} (the
// shipment "<order>-S1" becomes "{order_id}-S1"); times become {time}.
inline nlohmann::ordered_json Normalised(nlohmann::ordered_json j, const CallbackIds& ids,
                                         const std::string& key = "") {
  if (j.is_object()) {
    for (auto& [k, v] : j.items()) v = Normalised(v, ids, k);
  } else if (j.is_array()) {
    for (auto& v : j) v = Normalised(v, ids);
  } else if (j.is_string()) {
    if (IsTimeKey(key)) return "{time}";
    std::string s = j.get<std::string>();
    // Longest first, in case one id contains another.
    std::vector<std::pair<std::string, std::string>> swaps = {{ids.event_id, "{event_id}"},
                                                              {ids.order_id, "{order_id}"},
                                                              {ids.order_number, "{order_number}"},
                                                              {ids.external_ref, "{external_ref}"}};
    std::sort(swaps.begin(), swaps.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (const auto& [from, to] : swaps) ReplaceAll(s, from, to);
    return s;
  }
  return j;
}

inline std::string ReadFixture(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace oms::testing
