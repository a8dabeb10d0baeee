#include "partners/logistics_control_routes.h"

#include <httplib.h>

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "partners/json_fields.h"
#include "partners/logistics_json.h"
#include "partners/third_party_logistics_simulator.h"

namespace oms::partners {
namespace {

using nlohmann::json;
namespace lj = logistics_json;

void Send(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void SendError(httplib::Response& res, const absl::Status& status) {
  int code = 500;
  std::string error = "internal";
  if (absl::IsInvalidArgument(status)) {
    code = 400;
    error = "invalid_request";
  } else if (absl::IsNotFound(status)) {
    code = 404;
    error = "not_found";
  } else if (absl::IsFailedPrecondition(status)) {
    code = 409;
    error = "refused";
  }
  const std::string message(status.message());
  Send(res, code, json{{"error", error}, {"reason", error}, {"message", message}});
}

// A control body: a JSON object, and an empty body counts as {}.
absl::StatusOr<json> Body(const httplib::Request& req) {
  if (req.body.empty()) return json::object();
  return ParseObject(req.body);
}

json Confirmations(const std::vector<PostedConfirmation>& list) {
  json out = json::array();
  for (const PostedConfirmation& c : list) {
    json j = lj::ConfirmationJson(c);
    j["node_id"] = c.node_id;
    out.push_back(std::move(j));
  }
  return json{{"confirmations", std::move(out)}};
}

json State(const ThirdPartyLogisticsSimulator& sim) {
  return json{{"faults", lj::FaultsJson(sim.faults())},
              {"settings", lj::SettingsJson(sim.settings())},
              {"counters", lj::CountersJson(sim.counters())}};
}

}  // namespace

void RegisterLogisticsControlRoutes(httplib::Server& server, ThirdPartyLogisticsSimulator& sim) {
  using Req = const httplib::Request&;
  using Res = httplib::Response&;

  server.Get("/control/3pl", [&sim](Req, Res res) { Send(res, 200, State(sim)); });

  server.Post("/control/3pl", [&sim](Req req, Res res) {
    absl::StatusOr<json> body = Body(req);
    absl::StatusOr<LogisticsFaults> faults =
        body.ok() ? lj::ParseFaults(*body, sim.faults()) : body.status();
    if (!faults.ok()) return SendError(res, faults.status());
    // Concurrent control calls race read-modify-write; the last one wins.
    sim.SetFaults(*faults);
    Send(res, 200, State(sim));
  });

  server.Post("/control/3pl/settings", [&sim](Req req, Res res) {
    absl::StatusOr<json> body = Body(req);
    absl::StatusOr<LogisticsSettings> settings =
        body.ok() ? lj::ParseSettings(*body, sim.settings()) : body.status();
    if (!settings.ok()) return SendError(res, settings.status());
    if (absl::Status s = sim.SetSettings(*settings); !s.ok()) return SendError(res, s);
    Send(res, 200, State(sim));
  });

  server.Get("/control/3pl/shipments", [&sim](Req, Res res) {
    json list = json::array();
    for (const SimulatedShipment& s : sim.shipments()) list.push_back(lj::ShipmentJson(s));
    Send(res, 200, json{{"shipments", std::move(list)}});
  });

  server.Post(R"(/control/3pl/shipments/([^/]+)/pick)", [&sim](Req req, Res res) {
    const std::string id = req.matches[1];
    if (absl::Status s = sim.StartPicking(id); !s.ok()) return SendError(res, s);
    Send(res, 200, json{{"shipment", lj::ShipmentJson(*sim.shipment(id))}});
  });

  server.Post(R"(/control/3pl/shipments/([^/]+)/ship)", [&sim](Req req, Res res) {
    absl::StatusOr<json> body = Body(req);
    absl::StatusOr<ShipPlan> plan = body.ok() ? lj::ParseShipPlan(*body) : body.status();
    if (!plan.ok()) return SendError(res, plan.status());
    absl::StatusOr<std::vector<PostedConfirmation>> sent = sim.Ship(req.matches[1], *plan);
    if (!sent.ok()) return SendError(res, sent.status());
    Send(res, 200, Confirmations(*sent));
  });

  server.Post(R"(/control/3pl/shipments/([^/]+)/deliver)", [&sim](Req req, Res res) {
    absl::StatusOr<json> body = Body(req);
    absl::StatusOr<ReportFaults> faults = body.ok() ? lj::ParseDeliverOrder(*body) : body.status();
    if (!faults.ok()) return SendError(res, faults.status());
    absl::StatusOr<PostedConfirmation> sent = sim.Deliver(req.matches[1], *faults);
    if (!sent.ok()) return SendError(res, sent.status());
    Send(res, 200, Confirmations({*sent}));
  });

  server.Post(R"(/control/3pl/shipments/([^/]+)/exception)", [&sim](Req req, Res res) {
    absl::StatusOr<json> body = Body(req);
    absl::StatusOr<std::pair<std::string, ReportFaults>> order =
        body.ok() ? lj::ParseExceptionOrder(*body) : body.status();
    if (!order.ok()) return SendError(res, order.status());
    absl::StatusOr<PostedConfirmation> sent =
        sim.ReportException(req.matches[1], order->first, order->second);
    if (!sent.ok()) return SendError(res, sent.status());
    Send(res, 200, Confirmations({*sent}));
  });

  server.Post(R"(/control/3pl/nodes/([^/]+)/stock-snapshots)", [&sim](Req req, Res res) {
    absl::StatusOr<json> body = Body(req);
    auto order =
        body.ok() ? lj::ParseSnapshotOrder(*body)
                  : absl::StatusOr<std::pair<std::vector<StockCount>, SnapshotPlan>>(body.status());
    if (!order.ok()) return SendError(res, order.status());
    absl::StatusOr<std::string> id =
        sim.PostStockSnapshot(req.matches[1], order->first, order->second);
    if (!id.ok()) return SendError(res, id.status());
    Send(res, 200, json{{"snapshot_id", *id}});
  });

  server.Get("/control/3pl/callbacks", [&sim](Req, Res res) {
    json list = json::array();
    for (const CallbackAttempt& a : sim.callbacks()) list.push_back(lj::AttemptJson(a));
    Send(res, 200, json{{"callbacks", std::move(list)}});
  });
}

}  // namespace oms::partners
