#include "server/api/marketplace_webhook.h"

#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"

namespace oms::api {
namespace {

using nlohmann::json;

void Answer(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

}  // namespace

application::MarketplacePost MarketplacePostOf(const httplib::Request& req) {
  application::MarketplacePost post;
  post.channel_id = req.matches[1];
  post.body = req.body;
  if (req.has_header("X-Signature")) post.signature = req.get_header_value("X-Signature");
  return post;
}

void AnswerMarketplacePost(const absl::StatusOr<application::IntakeAnswer>& answer,
                           httplib::Response& res) {
  if (answer.ok()) {
    const domain::OrderState& order = answer->order;
    Answer(res, answer->duplicate ? 200 : 201,
           json{{"status", answer->duplicate ? "duplicate" : "created"},
                {"order_id", order.order_id},
                {"order_number", order.order_number},
                {"order_status", std::string(domain::Name(order.status))}});
    return;
  }
  const absl::Status& status = answer.status();
  const json error{{"error", std::string(status.message())}};
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      Answer(res, 404, error);
      return;
    case absl::StatusCode::kUnauthenticated:
      Answer(res, 401, error);
      return;
    case absl::StatusCode::kInvalidArgument:
      Answer(res, 400, error);
      return;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      Answer(res, 409, error);
      return;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kDeadlineExceeded:
      res.set_header("Retry-After", "1");
      Answer(res, 503, error);
      return;
    default:
      spdlog::warn("marketplace webhook: an order post failed: {}", status.ToString());
      Answer(res, 500, json{{"error", "internal error; the omsd log has the details"}});
      return;
  }
}

}  // namespace oms::api
