#include "partners/logistics_json.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "partners/json_fields.h"

namespace oms::partners::logistics_json {
namespace {

using nlohmann::json;

ReportFaults ReadReportFaults(JsonFields& f) {
  ReportFaults faults;
  faults.delay = absl::Milliseconds(f.OptionalInteger("delay_ms", 0));
  faults.duplicate = f.OptionalBool("duplicate", false);
  faults.out_of_order = f.OptionalBool("out_of_order", false);
  return faults;
}

absl::Status CheckReportFaults(const ReportFaults& faults) {
  if (faults.delay < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("delay_ms must not be negative");
  }
  return absl::OkStatus();
}

// An array of strings, or INVALID_ARGUMENT.
absl::StatusOr<std::vector<std::string>> Strings(const json& value, const char* name) {
  if (!value.is_array()) {
    return absl::InvalidArgumentError(absl::StrCat("field ", name, " must be an array"));
  }
  std::vector<std::string> out;
  for (const json& v : value) {
    if (!v.is_string()) {
      return absl::InvalidArgumentError(absl::StrCat("field ", name, " must hold strings"));
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime(absl::RFC3339_full, t, absl::UTCTimeZone());
}

absl::StatusOr<ShipmentCall> ParseShipmentCall(const json& body, std::string idempotency_key) {
  JsonFields f(body);
  ShipmentCall call;
  call.idempotency_key = std::move(idempotency_key);
  call.shipment_id = f.String("shipment_id");
  call.node_id = f.String("node_id");
  call.order_id = f.String("order_id");
  call.order_number = f.OptionalString("order_number", "");
  call.shipping_option = f.OptionalString("shipping_option", "");
  if (!f.status().ok()) return f.status();
  auto lines = body.find("lines");
  if (lines == body.end() || !lines->is_array()) {
    return absl::InvalidArgumentError("field lines is required and must be an array");
  }
  for (const json& line : *lines) {
    if (!line.is_object()) return absl::InvalidArgumentError("every line must be an object");
    JsonFields lf(line);
    ShipmentCall::Line l;
    l.line_no = lf.OptionalInteger("line_no", 0);
    l.sku = lf.String("sku");
    l.name = lf.OptionalString("name", "");
    l.quantity = lf.Integer("quantity");
    if (!lf.status().ok()) return lf.status();
    call.lines.push_back(std::move(l));
  }
  if (auto to = body.find("ship_to"); to != body.end() && !to->is_null()) {
    if (!to->is_object()) return absl::InvalidArgumentError("field ship_to must be an object");
    JsonFields af(*to);
    ShipmentCall::Address& a = call.ship_to;
    a.name = af.OptionalString("name", "");
    a.line1 = af.OptionalString("line1", "");
    a.line2 = af.OptionalString("line2", "");
    a.city = af.OptionalString("city", "");
    a.postal_code = af.OptionalString("postal_code", "");
    a.country = af.OptionalString("country", "");
    a.phone = af.OptionalString("phone", "");
    if (!af.status().ok()) return af.status();
  }
  return call;
}

json AnswerJson(const LogisticsAnswer& a) {
  json j{{"accepted", a.accepted}, {"partner_ref", a.partner_ref}};
  if (!a.accepted) j["reason"] = a.reason;
  return j;
}

json ConfirmationJson(const PostedConfirmation& c) {
  return json{{"confirmation_id", c.confirmation_id},
              {"shipment_id", c.shipment_id},
              {"sequence", c.sequence},
              {"kind", c.kind},
              {"carrier", c.carrier},
              {"service", c.service},
              {"tracking_id", c.tracking_id},
              {"note", c.note},
              {"occurred_at", Rfc3339(c.occurred_at)}};
}

json SnapshotJson(const std::string& snapshot_id, absl::Time taken_at,
                  const std::vector<StockCount>& items) {
  json list = json::array();
  for (const StockCount& item : items) {
    list.push_back(json{{"sku", item.sku}, {"on_hand", item.on_hand}});
  }
  return json{
      {"snapshot_id", snapshot_id}, {"taken_at", Rfc3339(taken_at)}, {"items", std::move(list)}};
}

json ShipmentJson(const SimulatedShipment& s) {
  json lines = json::array();
  for (const ShipmentCall::Line& l : s.request.lines) {
    lines.push_back(
        json{{"line_no", l.line_no}, {"sku", l.sku}, {"name", l.name}, {"quantity", l.quantity}});
  }
  return json{{"partner_ref", s.partner_ref},
              {"shipment_id", s.request.shipment_id},
              {"node_id", s.request.node_id},
              {"order_id", s.request.order_id},
              {"order_number", s.request.order_number},
              {"idempotency_key", s.request.idempotency_key},
              {"shipping_option", s.request.shipping_option},
              {"ship_to_name", s.request.ship_to.name},
              {"lines", std::move(lines)},
              {"state", SimulatedShipment::StateName(s.state)},
              {"reject_reason", s.reject_reason},
              {"carrier", s.carrier},
              {"service", s.service},
              {"tracking_id", s.tracking_id},
              {"last_sequence", s.last_sequence}};
}

json AttemptJson(const CallbackAttempt& a) {
  return json{{"message_id", a.callback.message_id},
              {"kind", a.callback.kind},
              {"node_id", a.callback.node_id},
              {"shipment_id", a.callback.shipment_id},
              {"sequence", a.callback.sequence},
              {"copy", a.callback.copy},
              {"path", a.callback.path},
              {"attempt", a.attempt},
              {"sent_at", Rfc3339(a.sent_at)},
              {"status", a.status},
              {"reply", a.reply},
              {"outcome", CallbackAttempt::OutcomeName(a.outcome)}};
}

json FaultsJson(const LogisticsFaults& f) {
  return json{{"reject_all", f.reject_all},
              {"reject_skus", f.reject_skus},
              {"outage", f.outage},
              {"latency_ms", absl::ToInt64Milliseconds(f.latency)},
              {"lose_replies", f.lose_replies},
              {"hold_ms", absl::ToInt64Milliseconds(f.hold)}};
}

json SettingsJson(const LogisticsSettings& s) {
  return json{{"callback_url", s.callback_url},
              {"secret", s.secret},
              {"node_secrets", s.node_secrets},
              {"max_attempts", s.retry.max_attempts},
              {"initial_backoff_ms", absl::ToInt64Milliseconds(s.retry.initial_backoff)},
              {"max_backoff_ms", absl::ToInt64Milliseconds(s.retry.max_backoff)},
              {"callback_timeout_ms", absl::ToInt64Milliseconds(s.retry.timeout)}};
}

json CountersJson(const LogisticsCounters& c) {
  return json{{"calls", {{"shipments", c.shipment_calls}, {"cancel", c.cancel_calls}}},
              {"shipments", c.book.shipments},
              {"accepted", c.book.accepted},
              {"rejected", c.book.rejected},
              {"cancellations", c.book.cancellations},
              {"replays", c.book.replays},
              {"bad_signatures", c.bad_signatures},
              {"outage_rejections", c.outage_rejections},
              {"replies_lost", c.replies_lost},
              {"in_flight", c.in_flight},
              {"max_in_flight", c.max_in_flight},
              {"callbacks",
               {{"posts", c.callbacks.posts},
                {"accepted", c.callbacks.accepted},
                {"retries", c.callbacks.retries},
                {"gave_up", c.callbacks.gave_up},
                {"refused", c.callbacks.refused},
                {"pending", c.callbacks.pending},
                {"in_flight", c.callbacks.in_flight}}}};
}

absl::StatusOr<LogisticsFaults> ParseFaults(const json& body, LogisticsFaults f) {
  JsonFields fields(body);
  f.reject_all = fields.OptionalBool("reject_all", f.reject_all);
  f.outage = fields.OptionalBool("outage", f.outage);
  f.latency = absl::Milliseconds(
      fields.OptionalInteger("latency_ms", absl::ToInt64Milliseconds(f.latency)));
  f.lose_replies = static_cast<int>(fields.OptionalInteger("lose_replies", f.lose_replies));
  f.hold = absl::Milliseconds(fields.OptionalInteger("hold_ms", absl::ToInt64Milliseconds(f.hold)));
  fields.RejectUnknown(
      {"reject_all", "reject_skus", "outage", "latency_ms", "lose_replies", "hold_ms"});
  if (!fields.status().ok()) return fields.status();
  if (auto skus = body.find("reject_skus"); skus != body.end() && !skus->is_null()) {
    absl::StatusOr<std::vector<std::string>> list = Strings(*skus, "reject_skus");
    if (!list.ok()) return list.status();
    f.reject_skus = *std::move(list);
  }
  if (absl::Status s = ValidateLogisticsFaults(f); !s.ok()) return s;
  return f;
}

absl::StatusOr<LogisticsSettings> ParseSettings(const json& body, LogisticsSettings s) {
  JsonFields fields(body);
  s.callback_url = fields.OptionalString("callback_url", s.callback_url);
  s.secret = fields.OptionalString("secret", s.secret);
  s.retry.max_attempts =
      static_cast<int>(fields.OptionalInteger("max_attempts", s.retry.max_attempts));
  s.retry.initial_backoff = absl::Milliseconds(fields.OptionalInteger(
      "initial_backoff_ms", absl::ToInt64Milliseconds(s.retry.initial_backoff)));
  s.retry.max_backoff = absl::Milliseconds(
      fields.OptionalInteger("max_backoff_ms", absl::ToInt64Milliseconds(s.retry.max_backoff)));
  s.retry.timeout = absl::Milliseconds(
      fields.OptionalInteger("callback_timeout_ms", absl::ToInt64Milliseconds(s.retry.timeout)));
  fields.RejectUnknown({"callback_url", "secret", "node_secrets", "max_attempts",
                        "initial_backoff_ms", "max_backoff_ms", "callback_timeout_ms"});
  if (!fields.status().ok()) return fields.status();
  if (auto secrets = body.find("node_secrets"); secrets != body.end() && !secrets->is_null()) {
    if (!secrets->is_object()) {
      return absl::InvalidArgumentError("field node_secrets must map node ids to secrets");
    }
    // Merged: a node listed replaces its secret, an empty one removes it.
    for (auto it = secrets->begin(); it != secrets->end(); ++it) {
      if (!it->is_string()) {
        return absl::InvalidArgumentError(
            absl::StrCat("node_secrets.", it.key(), " must be a string"));
      }
      if (it->get<std::string>().empty()) {
        s.node_secrets.erase(it.key());
      } else {
        s.node_secrets[it.key()] = it->get<std::string>();
      }
    }
  }
  if (absl::Status st = ValidateLogisticsSettings(s); !st.ok()) return st;
  return s;
}

absl::StatusOr<ShipPlan> ParseShipPlan(const json& body) {
  JsonFields f(body);
  ShipPlan plan;
  plan.carrier = f.OptionalString("carrier", plan.carrier);
  plan.service = f.OptionalString("service", plan.service);
  plan.tracking_id = f.OptionalString("tracking_id", "");
  plan.deliver = f.OptionalBool("deliver", plan.deliver);
  plan.faults = ReadReportFaults(f);
  f.RejectUnknown(
      {"carrier", "service", "tracking_id", "deliver", "delay_ms", "duplicate", "out_of_order"});
  if (!f.status().ok()) return f.status();
  if (absl::Status s = CheckReportFaults(plan.faults); !s.ok()) return s;
  return plan;
}

absl::StatusOr<ReportFaults> ParseDeliverOrder(const json& body) {
  JsonFields f(body);
  ReportFaults faults = ReadReportFaults(f);
  f.RejectUnknown({"delay_ms", "duplicate", "out_of_order"});
  if (!f.status().ok()) return f.status();
  if (absl::Status s = CheckReportFaults(faults); !s.ok()) return s;
  return faults;
}

absl::StatusOr<std::pair<std::string, ReportFaults>> ParseExceptionOrder(const json& body) {
  JsonFields f(body);
  std::string note = f.OptionalString("note", "");
  ReportFaults faults = ReadReportFaults(f);
  f.RejectUnknown({"note", "delay_ms", "duplicate", "out_of_order"});
  if (!f.status().ok()) return f.status();
  if (absl::Status s = CheckReportFaults(faults); !s.ok()) return s;
  return std::make_pair(std::move(note), faults);
}

absl::StatusOr<std::pair<std::vector<StockCount>, SnapshotPlan>> ParseSnapshotOrder(
    const json& body) {
  JsonFields f(body);
  SnapshotPlan plan;
  plan.faults = ReadReportFaults(f);
  const std::string taken_at = f.OptionalString("taken_at", "");
  f.RejectUnknown({"items", "taken_at", "delay_ms", "duplicate", "out_of_order"});
  if (!f.status().ok()) return f.status();
  if (absl::Status s = CheckReportFaults(plan.faults); !s.ok()) return s;
  if (!taken_at.empty()) {
    absl::Time t;
    std::string why;
    if (!absl::ParseTime(absl::RFC3339_full, taken_at, &t, &why)) {
      return absl::InvalidArgumentError(absl::StrCat("taken_at is not RFC 3339: ", why));
    }
    plan.taken_at = t;
  }
  std::vector<StockCount> items;
  auto list = body.find("items");
  if (list == body.end() || !list->is_array()) {
    return absl::InvalidArgumentError("field items is required and must be an array");
  }
  for (const json& item : *list) {
    if (!item.is_object()) return absl::InvalidArgumentError("every item must be an object");
    JsonFields itf(item);
    StockCount count;
    count.sku = itf.String("sku");
    count.on_hand = itf.Integer("on_hand");
    if (!itf.status().ok()) return itf.status();
    items.push_back(std::move(count));
  }
  return std::make_pair(std::move(items), plan);
}

}  // namespace oms::partners::logistics_json
