#include "partners/marketplace_simulator.h"

#include <httplib.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "partners/json_fields.h"

namespace oms::partners {
namespace {

using nlohmann::json;

constexpr int kPostTimeoutSeconds = 30;

void Reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void ReplyStatus(httplib::Response& res, const absl::Status& s) {
  int code = 500;
  if (absl::IsNotFound(s)) code = 404;
  if (absl::IsInvalidArgument(s)) code = 400;
  if (absl::IsFailedPrecondition(s)) code = 409;
  Reply(res, code, json{{"error", std::string(s.message())}});
}

json ToJson(const std::vector<MarketplacePostResult>& results) {
  json posts = json::array();
  for (const auto& r : results) {
    posts.push_back(
        json{{"external_id", r.external_id}, {"status", r.http_status}, {"body", r.body}});
  }
  return json{{"posts", posts}};
}

}  // namespace

absl::Status ValidateMarketplaceOptions(const MarketplaceOptions& options) {
  std::set<std::string> seen;
  for (const auto& c : options.channels) {
    if (c.channel_id.empty() || c.secret.empty()) {
      return absl::InvalidArgumentError("marketplace: every channel needs an id and a secret");
    }
    if (c.format != "shopify" && c.format != "amazon") {
      return absl::InvalidArgumentError(absl::StrCat("marketplace ", c.channel_id,
                                                     ": format must be shopify or amazon, got '",
                                                     c.format, "'"));
    }
    if (!seen.insert(c.channel_id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("marketplace ", c.channel_id, " is configured twice"));
    }
  }
  return absl::OkStatus();
}

MarketplaceSimulator::MarketplaceSimulator(MarketplaceOptions options)
    : initial_(options), options_(std::move(options)) {}

void MarketplaceSimulator::Reset() {
  absl::MutexLock lock(&mu_);
  options_ = initial_;
  last_.clear();
  next_order_ = 1;
}

void MarketplaceSimulator::SetOmsd(const std::string& omsd_url) {
  absl::MutexLock lock(&mu_);
  options_.omsd_url = omsd_url;
}

void MarketplaceSimulator::AddChannel(const MarketplaceChannel& channel) {
  absl::MutexLock lock(&mu_);
  std::erase_if(options_.channels,
                [&](const MarketplaceChannel& c) { return c.channel_id == channel.channel_id; });
  options_.channels.push_back(channel);
}

absl::StatusOr<MarketplaceChannel> MarketplaceSimulator::Channel(
    const std::string& channel_id) const {
  absl::MutexLock lock(&mu_);
  if (options_.omsd_url.empty()) {
    return absl::FailedPreconditionError(
        "no omsd to post to: start oms-partners with --marketplace-omsd URL");
  }
  for (const auto& c : options_.channels) {
    if (c.channel_id == channel_id) return c;
  }
  return absl::NotFoundError(absl::StrCat("no marketplace channel ", channel_id,
                                          "; add it with --marketplace CHANNEL:FORMAT:SECRET"));
}

absl::StatusOr<std::string> MarketplaceSimulator::Body(const std::string& channel_id,
                                                       const MarketplaceOrderSpec& spec) const {
  absl::StatusOr<MarketplaceChannel> channel = Channel(channel_id);
  if (!channel.ok()) return channel.status();
  return (channel->format == "amazon" ? AmazonOrder(spec) : ShopifyOrder(spec)).dump();
}

MarketplacePostResult MarketplaceSimulator::Post(const MarketplaceChannel& channel,
                                                 const std::string& external_id,
                                                 const std::string& body,
                                                 const std::string& signature) const {
  std::string omsd_url;
  {
    absl::MutexLock lock(&mu_);
    omsd_url = options_.omsd_url;
  }
  httplib::Client client(omsd_url);
  client.set_connection_timeout(kPostTimeoutSeconds, 0);
  client.set_read_timeout(kPostTimeoutSeconds, 0);
  httplib::Headers headers{{"X-Signature", signature}};
  auto res = client.Post(absl::StrCat("/channels/v1/", channel.channel_id, "/orders"), headers,
                         body, "application/json");
  MarketplacePostResult result;
  result.external_id = external_id;
  if (res) {
    result.http_status = res->status;
    result.body = res->body;
  }
  return result;
}

absl::StatusOr<std::vector<MarketplacePostResult>> MarketplaceSimulator::PostOrders(
    const std::string& channel_id, int count, MarketplaceOrderSpec spec) {
  absl::StatusOr<MarketplaceChannel> channel = Channel(channel_id);
  if (!channel.ok()) return channel.status();
  if (count < 1 || (!spec.external_id.empty() && count != 1)) {
    return absl::InvalidArgumentError("count: at least 1, and 1 when external_id is given");
  }
  std::vector<MarketplacePostResult> results;
  for (int i = 0; i < count; ++i) {
    MarketplaceOrderSpec one = spec;
    if (one.external_id.empty()) {
      absl::MutexLock lock(&mu_);
      one.external_id = absl::StrCat(channel_id, "-", next_order_++);
    }
    const std::string body =
        (channel->format == "amazon" ? AmazonOrder(one) : ShopifyOrder(one)).dump();
    {
      absl::MutexLock lock(&mu_);
      last_[channel_id] = Sent{one.external_id, body};
    }
    results.push_back(Post(*channel, one.external_id, body, HmacSha256Hex(channel->secret, body)));
  }
  return results;
}

absl::StatusOr<MarketplacePostResult> MarketplaceSimulator::ResendLast(
    const std::string& channel_id) {
  absl::StatusOr<MarketplaceChannel> channel = Channel(channel_id);
  if (!channel.ok()) return channel.status();
  Sent last;
  {
    absl::MutexLock lock(&mu_);
    auto it = last_.find(channel_id);
    if (it == last_.end()) {
      return absl::FailedPreconditionError(
          absl::StrCat("marketplace ", channel_id, " has not posted an order yet"));
    }
    last = it->second;
  }
  return Post(*channel, last.external_id, last.body, HmacSha256Hex(channel->secret, last.body));
}

absl::StatusOr<MarketplacePostResult> MarketplaceSimulator::PostWithBadSignature(
    const std::string& channel_id, MarketplaceOrderSpec spec) {
  absl::StatusOr<MarketplaceChannel> channel = Channel(channel_id);
  if (!channel.ok()) return channel.status();
  if (spec.external_id.empty()) {
    absl::MutexLock lock(&mu_);
    spec.external_id = absl::StrCat(channel_id, "-", next_order_++);
  }
  absl::StatusOr<std::string> body = Body(channel_id, spec);
  if (!body.ok()) return body.status();
  return Post(*channel, spec.external_id, *body,
              HmacSha256Hex(channel->secret + "-not-the-secret", *body));
}

absl::StatusOr<MarketplacePostResult> MarketplaceSimulator::PostMalformed(
    const std::string& channel_id) {
  absl::StatusOr<MarketplaceChannel> channel = Channel(channel_id);
  if (!channel.ok()) return channel.status();
  const std::string body = R"({"id": 42, "line_items": [)";  // cut off mid-array
  return Post(*channel, "", body, HmacSha256Hex(channel->secret, body));
}

void MarketplaceSimulator::RegisterRoutes(httplib::Server& server) {
  server.Post(R"(/control/marketplace/([^/]+)/orders)", [this](const httplib::Request& req,
                                                               httplib::Response& res) {
    MarketplaceOrderSpec spec;
    int64_t count = 1;
    if (!req.body.empty()) {
      absl::StatusOr<json> body = ParseObject(req.body);
      if (!body.ok()) return ReplyStatus(res, body.status());
      JsonFields f(*body);
      count = f.OptionalInteger("count", 1);
      spec.external_id = f.OptionalString("external_id", "");
      spec.currency = f.OptionalString("currency", spec.currency);
      spec.lines[0].sku = f.OptionalString("sku", spec.lines[0].sku);
      spec.lines[0].quantity = f.OptionalInteger("quantity", 1);
      spec.lines[0].unit_price_minor =
          f.OptionalInteger("unit_price_minor", spec.lines[0].unit_price_minor);
      spec.shipping_minor = f.OptionalInteger("shipping_minor", spec.shipping_minor);
      spec.tax_minor = f.OptionalInteger("tax_minor", spec.tax_minor);
      spec.discount_minor = f.OptionalInteger("discount_minor", spec.discount_minor);
      f.RejectUnknown({"count", "external_id", "currency", "sku", "quantity", "unit_price_minor",
                       "shipping_minor", "tax_minor", "discount_minor"});
      if (!f.status().ok()) return ReplyStatus(res, f.status());
    }
    auto results = PostOrders(req.matches[1], static_cast<int>(count), spec);
    if (!results.ok()) return ReplyStatus(res, results.status());
    Reply(res, 200, ToJson(*results));
  });
  auto one = [this, &server](const char* pattern,
                             absl::StatusOr<MarketplacePostResult> (MarketplaceSimulator::*act)(
                                 const std::string&)) {
    server.Post(pattern, [this, act](const httplib::Request& req, httplib::Response& res) {
      auto result = (this->*act)(req.matches[1]);
      if (!result.ok()) return ReplyStatus(res, result.status());
      Reply(res, 200, ToJson({*result}));
    });
  };
  one(R"(/control/marketplace/([^/]+)/duplicate)", &MarketplaceSimulator::ResendLast);
  one(R"(/control/marketplace/([^/]+)/malformed)", &MarketplaceSimulator::PostMalformed);
  server.Post(R"(/control/marketplace/([^/]+)/bad-signature)",
              [this](const httplib::Request& req, httplib::Response& res) {
                auto result = PostWithBadSignature(req.matches[1]);
                if (!result.ok()) return ReplyStatus(res, result.status());
                Reply(res, 200, ToJson({*result}));
              });
}

}  // namespace oms::partners
