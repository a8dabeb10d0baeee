#include "server/integrations/card_gateway_wire.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace oms::integrations::card_gateway_wire {
namespace {

using application::GatewayPayment;
using nlohmann::json;

constexpr size_t kMaxQuotedBody = 200;

std::string Dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool ParseState(const std::string& s, GatewayPayment::State* state) {
  if (s == "authorized") *state = GatewayPayment::State::kAuthorized;
  else if (s == "declined") *state = GatewayPayment::State::kDeclined;
  else if (s == "captured") *state = GatewayPayment::State::kCaptured;
  else if (s == "voided") *state = GatewayPayment::State::kVoided;
  else if (s == "refunded") *state = GatewayPayment::State::kRefunded;
  else return false;
  return true;
}

}  // namespace

std::string AuthorizeBody(const application::AuthorizeRequest& r) {
  return Dump(json{{"idempotency_key", r.idempotency_key},
                   {"order_id", r.order_id},
                   {"amount_minor", r.amount_minor},
                   {"currency", r.currency},
                   {"card_token", r.card_token}});
}

std::string OperationBody(const application::PaymentOperation& op) {
  return Dump(json{{"idempotency_key", op.idempotency_key},
                   {"payment_ref", op.payment_ref},
                   {"amount_minor", op.amount_minor},
                   {"currency", op.currency}});
}

std::string LookupTarget(std::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string target = "/gateway/v1/payments?idempotency_key=";
  for (unsigned char c : key) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      target.push_back(static_cast<char>(c));
    } else {
      target.push_back('%');
      target.push_back(kHex[c >> 4]);
      target.push_back(kHex[c & 15]);
    }
  }
  return target;
}

absl::StatusOr<GatewayPayment> ParsePayment(std::string_view body) {
  const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError("the reply is not a JSON object");
  }
  auto string_field = [&j](const char* name, bool required, std::string* out) {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) return !required;
    if (!it->is_string()) return false;
    *out = it->get<std::string>();
    return true;
  };
  auto integer_field = [&j](const char* name, int64_t* out) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_number_integer()) return false;
    *out = it->get<int64_t>();
    return true;
  };
  GatewayPayment p;
  std::string state;
  if (!string_field("payment_ref", true, &p.payment_ref) || p.payment_ref.empty()) {
    return absl::InvalidArgumentError("the reply has no payment_ref");
  }
  if (!string_field("state", true, &state) || !ParseState(state, &p.state)) {
    return absl::InvalidArgumentError(absl::StrCat("the reply has an unknown state '", state, "'"));
  }
  if (!integer_field("authorized_minor", &p.authorized_minor) ||
      !integer_field("captured_minor", &p.captured_minor) ||
      !integer_field("refunded_minor", &p.refunded_minor)) {
    return absl::InvalidArgumentError(
        "the reply lacks integer authorized_minor, captured_minor or refunded_minor");
  }
  if (!string_field("decline_reason", false, &p.decline_reason) ||
      !string_field("card_last4", false, &p.card_last4)) {
    return absl::InvalidArgumentError("the reply's decline_reason or card_last4 is not a string");
  }
  return p;
}

std::string ErrorMessage(std::string_view body) {
  const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    auto it = j.find("message");
    if (it != j.end() && it->is_string()) return it->get<std::string>();
  }
  if (body.empty()) return "(empty reply)";
  std::string quoted(body.substr(0, kMaxQuotedBody));
  if (body.size() > kMaxQuotedBody) quoted += "...";
  return quoted;
}

}  // namespace oms::integrations::card_gateway_wire
