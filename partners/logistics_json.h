#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "partners/callback_sender.h"
#include "partners/shipment_book.h"
#include "partners/third_party_logistics_simulator.h"

// The JSON shapes of the simulated 3PL (docs/PARTNERS.md): its API, the
// reports it posts to omsd, and its control routes. Pure functions.
namespace oms::partners::logistics_json {

// RFC 3339 in UTC, "2024-05-01T12:00:00.25+00:00".
std::string Rfc3339(absl::Time t);

// The body of POST /3pl/v1/shipments; INVALID_ARGUMENT naming the first
// missing or mistyped field. The key comes from the Idempotency-Key header.
absl::StatusOr<ShipmentCall> ParseShipmentCall(const nlohmann::json& body,
                                               std::string idempotency_key);
nlohmann::json AnswerJson(const LogisticsAnswer& answer);

// The body of a ship confirmation post (node_id travels in the path).
nlohmann::json ConfirmationJson(const PostedConfirmation& c);
// The body of a stock snapshot post.
nlohmann::json SnapshotJson(const std::string& snapshot_id, absl::Time taken_at,
                            const std::vector<StockCount>& items);

nlohmann::json ShipmentJson(const SimulatedShipment& s);
nlohmann::json AttemptJson(const CallbackAttempt& a);
nlohmann::json FaultsJson(const LogisticsFaults& f);
nlohmann::json SettingsJson(const LogisticsSettings& s);
nlohmann::json CountersJson(const LogisticsCounters& c);

// Control bodies: fields left out keep the value in `current`; unknown
// fields and bad values are INVALID_ARGUMENT.
absl::StatusOr<LogisticsFaults> ParseFaults(const nlohmann::json& body, LogisticsFaults current);
absl::StatusOr<LogisticsSettings> ParseSettings(const nlohmann::json& body,
                                                LogisticsSettings current);
// {"carrier","service","tracking_id","deliver","delay_ms","duplicate","out_of_order"}
absl::StatusOr<ShipPlan> ParseShipPlan(const nlohmann::json& body);
// {"delay_ms","duplicate","out_of_order"}
absl::StatusOr<ReportFaults> ParseDeliverOrder(const nlohmann::json& body);
// {"note","delay_ms","duplicate","out_of_order"} -> note and faults
absl::StatusOr<std::pair<std::string, ReportFaults>> ParseExceptionOrder(
    const nlohmann::json& body);
// {"items":[{"sku","on_hand"}],"taken_at","delay_ms","duplicate"}
absl::StatusOr<std::pair<std::vector<StockCount>, SnapshotPlan>> ParseSnapshotOrder(
    const nlohmann::json& body);

}  // namespace oms::partners::logistics_json
