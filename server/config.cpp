#include "server/config.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <toml.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace oms {
namespace {

// toml::find_or wants its fallback as an rvalue of exactly T.
template <typename T>
T Or(const toml::value& table, const char* key, T fallback) {
  return toml::find_or<T>(table, key, std::move(fallback));
}

// A rate written as 50 or 0.5 (find_or<double> would skip an integer).
double NumberOr(const toml::value& table, const char* key, double fallback) {
  if (!table.is_table() || !table.contains(key)) return fallback;
  const toml::value& value = table.at(key);
  if (value.is_integer()) return static_cast<double>(value.as_integer());
  if (value.is_floating()) return value.as_floating();
  throw std::invalid_argument(absl::StrCat(key, ": must be a number"));
}

ChannelSettings ReadChannel(const toml::value& table, ChannelSettings base) {
  base.type = Or<std::string>(table, "type", base.type);
  base.currency = Or<std::string>(table, "currency", base.currency);
  base.region = Or<std::string>(table, "region", base.region);
  base.callback_url = Or<std::string>(table, "callback_url", base.callback_url);
  base.stock_feed_url = Or<std::string>(table, "stock_feed_url", base.stock_feed_url);
  base.secret = Or<std::string>(table, "secret", base.secret);
  base.stock_buffer = Or<int64_t>(table, "stock_buffer", base.stock_buffer);
  base.oversell = Or<std::string>(table, "oversell", base.oversell);
  base.format = Or<std::string>(table, "format", base.format);
  return base;
}

absl::Status ValidateChannel(const ChannelSettings& c) {
  const std::string where = absl::StrCat("channel.", c.id, ".");
  bool id_ok = !c.id.empty() && c.id.size() <= 64;
  for (char ch : c.id) {
    id_ok = id_ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_');
  }
  if (!id_ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "channel.", c.id, ": an id is letters, digits, '-' or '_', at most 64 characters"));
  }
  if (c.type != "web_checkout" && c.type != "marketplace" && c.type != "pos") {
    return absl::InvalidArgumentError(absl::StrCat(
        where, "type: web_checkout, marketplace or pos, got '", c.type, "'"));
  }
  if (c.oversell != "backorder" && c.oversell != "cancel") {
    return absl::InvalidArgumentError(
        absl::StrCat(where, "oversell: backorder or cancel, got '", c.oversell, "'"));
  }
  bool currency_ok = c.currency.size() == 3;
  for (char ch : c.currency) currency_ok = currency_ok && ch >= 'A' && ch <= 'Z';
  if (!currency_ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, "currency: an ISO 4217 code such as EUR, got '", c.currency, "'"));
  }
  if (c.stock_buffer < 0) {
    return absl::InvalidArgumentError(absl::StrCat(where, "stock_buffer: must not be negative"));
  }
  if (c.type == "marketplace" && c.format.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, "format: a marketplace needs its payload format (shopify, amazon)"));
  }
  return absl::OkStatus();
}

}  // namespace

std::map<std::string, ChannelSettings> DefaultChannels() {
  std::map<std::string, ChannelSettings> channels;
  channels["web"] = ChannelSettings{.id = "web", .type = "web_checkout"};
  channels["pos"] = ChannelSettings{.id = "pos", .type = "pos"};
  channels["marketplace"] =
      ChannelSettings{.id = "marketplace", .type = "marketplace", .format = "shopify"};
  return channels;
}

absl::StatusOr<ServerConfig> LoadConfig(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    return absl::NotFoundError(absl::StrCat("config file ", path, " does not exist"));
  }
  ServerConfig config;
  try {
    const auto data = toml::parse(path);
    config.region = Or<std::string>(data, "region", config.region);
    config.listen = Or<std::string>(data, "listen", config.listen);
    config.data_dir = Or<std::string>(data, "data_dir", config.data_dir);
    config.resources_dir = Or<std::string>(data, "resources_dir", config.resources_dir);
    config.saga_timeout = absl::Seconds(Or<int64_t>(
        data, "saga_timeout_seconds", absl::ToInt64Seconds(config.saga_timeout)));
    config.idempotency_retention = absl::Hours(Or<int64_t>(
        data, "idempotency_retention_hours", absl::ToInt64Hours(config.idempotency_retention)));
    config.max_lines_per_order =
        Or<int>(data, "max_lines_per_order", config.max_lines_per_order);
    config.read_connections = Or<int>(data, "read_connections", config.read_connections);
    config.max_watches = Or<int>(data, "max_watches", config.max_watches);
    config.pickup_window = absl::Hours(
        24 * Or<int64_t>(data, "pickup_window_days", absl::ToInt64Hours(config.pickup_window) / 24));
    config.authorization_validity =
        absl::Hours(24 * Or<int64_t>(data, "authorization_validity_days",
                                     absl::ToInt64Hours(config.authorization_validity) / 24));
    config.renew_before = absl::Hours(Or<int64_t>(data, "authorization_renew_before_hours",
                                                  absl::ToInt64Hours(config.renew_before)));
    config.cancellation_grace = absl::Minutes(Or<int64_t>(
        data, "cancellation_grace_minutes", absl::ToInt64Minutes(config.cancellation_grace)));
    config.synchronous_full = Or<bool>(data, "synchronous_full", true);
    config.agent_refund_limit_minor =
        Or<int64_t>(data, "agent_refund_limit_minor", config.agent_refund_limit_minor);
    const std::string timing = Or<std::string>(data, "return_refund_timing", "on_receipt");
    if (timing == "on_receipt") {
      config.return_refund_timing = domain::RefundTiming::kOnReceipt;
    } else if (timing == "at_creation") {
      config.return_refund_timing = domain::RefundTiming::kAtCreation;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "return_refund_timing: must be \"on_receipt\" or \"at_creation\", got \"", timing,
          "\""));
    }
    if (data.contains("gateway")) {
      config.gateways.clear();
      for (const auto& g : toml::find<toml::array>(data, "gateway")) {
        GatewaySettings s;
        s.name = toml::find<std::string>(g, "name");
        s.base_url = toml::find<std::string>(g, "base_url");
        s.secret = Or<std::string>(g, "secret", "");
        s.currencies = Or<std::vector<std::string>>(g, "currencies", s.currencies);
        s.regions = Or<std::vector<std::string>>(g, "regions", {});
        s.timeout = absl::Milliseconds(Or<int64_t>(g, "timeout_ms", 5000));
        config.gateways.push_back(std::move(s));
      }
    }
    if (data.contains("federation")) {
      const auto& f = toml::find(data, "federation");
      config.federation.secret = Or<std::string>(f, "secret", "");
      config.federation.silence_timeout = absl::Milliseconds(Or<int64_t>(
          f, "silence_timeout_ms", absl::ToInt64Milliseconds(config.federation.silence_timeout)));
    }
    if (data.contains("peer")) {
      for (const auto& p : toml::find<toml::array>(data, "peer")) {
        PeerSettings peer;
        peer.region = toml::find<std::string>(p, "region");
        peer.address = toml::find<std::string>(p, "address");
        config.federation.peers.push_back(std::move(peer));
      }
    }
    config.partner_listen = Or<std::string>(data, "partner_listen", config.partner_listen);
    if (data.contains("node_endpoint")) {
      for (const auto& n : toml::find<toml::array>(data, "node_endpoint")) {
        NodeEndpointSettings s;
        s.node_id = toml::find<std::string>(n, "node_id");
        s.base_url = toml::find<std::string>(n, "base_url");
        s.secret = toml::find<std::string>(n, "secret");
        s.timeout = absl::Milliseconds(Or<int64_t>(n, "timeout_ms", 5000));
        config.node_endpoints.push_back(std::move(s));
      }
    }
    if (data.contains("sourcing")) {
      const auto& sourcing = toml::find(data, "sourcing");
      auto read = [](const auto& table, SourcingSettings base) {
        base.rules = Or<std::vector<std::string>>(table, "rules", base.rules);
        base.max_splits = Or<int>(table, "max_splits", base.max_splits);
        base.ship_complete = Or<bool>(table, "ship_complete", base.ship_complete);
        return base;
      };
      config.sourcing = read(sourcing, config.sourcing);
      if (sourcing.contains("channel")) {
        for (const auto& [channel, table] : toml::find<toml::table>(sourcing, "channel")) {
          config.sourcing_by_channel[channel] = read(table, config.sourcing);
        }
      }
    }
    if (data.contains("notifications")) {
      const auto& n = toml::find(data, "notifications");
      NotificationsConfig& c = config.notifications;
      c.smtp_url = Or<std::string>(n, "smtp_url", c.smtp_url);
      c.smtp_from = Or<std::string>(n, "smtp_from", c.smtp_from);
      c.smtp_username = Or<std::string>(n, "smtp_username", c.smtp_username);
      c.smtp_password = Or<std::string>(n, "smtp_password", c.smtp_password);
      c.webhook_url = Or<std::string>(n, "webhook_url", c.webhook_url);
      c.webhook_secret = Or<std::string>(n, "webhook_secret", c.webhook_secret);
      c.timeout = absl::Milliseconds(
          Or<int64_t>(n, "timeout_ms", absl::ToInt64Milliseconds(c.timeout)));
    }
    if (data.contains("server")) {
      config.reflection = Or<bool>(toml::find(data, "server"), "reflection", config.reflection);
    }
    if (data.contains("observability")) {
      const auto& o = toml::find(data, "observability");
      ObservabilityConfig& c = config.observability;
      c.metrics_listen = Or<std::string>(o, "metrics_listen", c.metrics_listen);
      c.otlp_endpoint = Or<std::string>(o, "otlp_endpoint", c.otlp_endpoint);
      c.service_name = Or<std::string>(o, "service_name", c.service_name);
      c.log_format = Or<std::string>(o, "log_format", c.log_format);
      c.log_level = Or<std::string>(o, "log_level", c.log_level);
      c.health_probe = absl::Milliseconds(
          Or<int64_t>(o, "health_probe_ms", absl::ToInt64Milliseconds(c.health_probe)));
    }
    if (data.contains("limits")) {
      const auto& limits = toml::find(data, "limits");
      LimitsConfig& l = config.limits;
      l.rpc_per_second = NumberOr(limits, "rpc_per_second", l.rpc_per_second);
      l.rpc_burst = NumberOr(limits, "rpc_burst", l.rpc_burst);
      l.channel_rpc_per_second =
          NumberOr(limits, "channel_rpc_per_second", l.channel_rpc_per_second);
      l.channel_rpc_burst = NumberOr(limits, "channel_rpc_burst", l.channel_rpc_burst);
      l.max_message_bytes = Or<int>(limits, "max_message_bytes", l.max_message_bytes);
      if (limits.contains("units_per_customer")) {
        for (const auto& [sku, units] :
             toml::find<toml::table>(limits, "units_per_customer")) {
          l.units_per_customer[sku] = units.as_integer();
        }
      }
    }
    config.tls.cert = Or<std::string>(data, "tls_cert", config.tls.cert);
    config.tls.key = Or<std::string>(data, "tls_key", config.tls.key);
    config.tls.client_ca = Or<std::string>(data, "tls_client_ca", config.tls.client_ca);
    config.tls.require_client_cert = Or<bool>(data, "require_client_cert", false);
    config.tls.allow_plaintext_remote = Or<bool>(data, "allow_plaintext_remote", false);
    if (data.contains("auth")) {
      const auto& auth = toml::find(data, "auth");
      AuthConfig& a = config.auth;
      a.access_token_ttl = absl::Minutes(Or<int64_t>(auth, "access_token_minutes",
                                                     absl::ToInt64Minutes(a.access_token_ttl)));
      a.refresh_token_ttl = absl::Hours(
          Or<int64_t>(auth, "refresh_token_hours", absl::ToInt64Hours(a.refresh_token_ttl)));
      a.max_failed_logins = Or<int>(auth, "max_failed_logins", a.max_failed_logins);
      a.lockout =
          absl::Minutes(Or<int64_t>(auth, "lockout_minutes", absl::ToInt64Minutes(a.lockout)));
    }
    if (data.contains("relay")) {
      const auto& relay = toml::find(data, "relay");
      RelayConfig& r = config.relay;
      r.max_attempts = Or<int>(relay, "max_attempts", r.max_attempts);
      r.backoff_initial = absl::Milliseconds(
          Or<int64_t>(relay, "backoff_initial_ms", absl::ToInt64Milliseconds(r.backoff_initial)));
      r.backoff_max = absl::Milliseconds(
          Or<int64_t>(relay, "backoff_max_ms", absl::ToInt64Milliseconds(r.backoff_max)));
      r.timeout =
          absl::Milliseconds(Or<int64_t>(relay, "timeout_ms", absl::ToInt64Milliseconds(r.timeout)));
      r.poll = absl::Milliseconds(Or<int64_t>(relay, "poll_ms", absl::ToInt64Milliseconds(r.poll)));
    }
    if (data.contains("channel")) {
      for (const auto& [id, table] : toml::find<toml::table>(data, "channel")) {
        auto known = config.channels.find(id);
        ChannelSettings base =
            known != config.channels.end() ? known->second : ChannelSettings{};
        base.id = id;
        config.channels[id] = ReadChannel(table, std::move(base));
      }
    }
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("config file ", path, ": ", e.what()));
  }
  if (absl::Status s = ValidateConfig(config); !s.ok()) return s;
  return config;
}

absl::StatusOr<domain::SourcingPolicy> ToPolicy(const SourcingSettings& settings) {
  domain::SourcingPolicy policy;
  policy.rules.clear();
  for (const auto& name : settings.rules) {
    std::optional<domain::SourcingRule> rule = domain::ParseSourcingRule(name);
    if (!rule.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "rules: unknown rule '", name,
          "' (whole_order, customer_region, nearest, lowest_cost, priority)"));
    }
    policy.rules.push_back(*rule);
  }
  policy.max_splits = settings.max_splits;
  policy.ship_complete = settings.ship_complete;
  if (absl::Status s = policy.Validate(); !s.ok()) return s;
  return policy;
}

bool IsLoopbackListen(const std::string& listen) {
  if (absl::StartsWith(listen, "unix:")) return true;
  std::string host = listen;
  if (const size_t colon = host.rfind(':'); colon != std::string::npos) host.resize(colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
}

static absl::Status ValidateTls(const ServerConfig& config) {
  const TlsConfig& tls = config.tls;
  if (tls.cert.empty() != tls.key.empty()) {
    return absl::InvalidArgumentError(
        "tls_cert and tls_key: set both (a PEM certificate and its private key) or neither");
  }
  if (!tls.client_ca.empty() && !tls.enabled()) {
    return absl::InvalidArgumentError(
        "tls_client_ca needs TLS: set tls_cert and tls_key too");
  }
  if (tls.require_client_cert && tls.client_ca.empty()) {
    return absl::InvalidArgumentError(
        "require_client_cert = true needs tls_client_ca: the CA that signs client certificates");
  }
  if (!tls.enabled() && !tls.allow_plaintext_remote && !IsLoopbackListen(config.listen)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "listen = \"", config.listen,
        "\" is not a loopback address and TLS is off: set tls_cert and tls_key "
        "(scripts/dev-certs.sh makes development ones), listen on 127.0.0.1, or, on a network "
        "you trust, set allow_plaintext_remote = true"));
  }
  const AuthConfig& auth = config.auth;
  if (auth.access_token_ttl <= absl::ZeroDuration() ||
      auth.refresh_token_ttl <= absl::ZeroDuration() || auth.max_failed_logins < 1 ||
      auth.lockout < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "[auth]: access_token_minutes, refresh_token_hours and max_failed_logins must be at "
        "least 1, lockout_minutes at least 0");
  }
  return absl::OkStatus();
}

namespace {

bool IsRegionCode(const std::string& r) {
  bool ok = r.size() >= 2 && r.size() <= 5;
  for (char c : r) ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  return ok;
}

absl::Status ValidateFederation(const ServerConfig& config) {
  const FederationConfig& f = config.federation;
  if (f.peers.empty()) return absl::OkStatus();
  if (f.secret.size() < 16) {
    return absl::InvalidArgumentError(
        "federation.secret: peers are configured, so the regions' shared secret (at least 16 "
        "characters) is needed to tell them apart from everyone else");
  }
  std::vector<std::string> seen;
  for (const PeerSettings& p : f.peers) {
    if (!IsRegionCode(p.region)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "peer.region: 2-5 upper-case letters or digits, e.g. US1; got '", p.region, "'"));
    }
    if (p.region == config.region) {
      return absl::InvalidArgumentError(
          absl::StrCat("peer.region: ", p.region, " is this region; list only the others"));
    }
    if (std::find(seen.begin(), seen.end(), p.region) != seen.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("peer.region: ", p.region, " is listed twice"));
    }
    seen.push_back(p.region);
    if (p.address.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("peer.address: region ", p.region, " needs its gRPC address (host:port)"));
    }
  }
  if (f.silence_timeout < absl::Seconds(2)) {
    return absl::InvalidArgumentError(
        "federation.silence_timeout_ms: at least 2000 (peers send a mark about every second)");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateConfig(const ServerConfig& config) {
  if (absl::Status s = ValidateTls(config); !s.ok()) return s;
  const std::string& r = config.region;
  if (!IsRegionCode(r)) {
    return absl::InvalidArgumentError(
        absl::StrCat("region: 2-5 upper-case letters or digits, e.g. EU1; got '", r, "'"));
  }
  if (absl::Status s = ValidateFederation(config); !s.ok()) return s;
  for (const auto& g : config.gateways) {
    if (g.name.empty() || g.base_url.empty()) {
      return absl::InvalidArgumentError("gateway: every gateway needs a name and a base_url");
    }
  }
  if (config.idempotency_retention < absl::Hours(24)) {
    return absl::InvalidArgumentError(
        "idempotency_retention_hours: keys must be kept at least 24 hours");
  }
  if (config.cancellation_grace < absl::ZeroDuration() ||
      config.cancellation_grace > absl::Hours(24)) {
    return absl::InvalidArgumentError("cancellation_grace_minutes: between 0 and 1440");
  }
  if (config.pickup_window < absl::Hours(24)) {
    return absl::InvalidArgumentError("pickup_window_days: must be at least 1");
  }
  if (config.authorization_validity < absl::Hours(24) ||
      config.renew_before >= config.authorization_validity || config.renew_before < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "authorization_validity_days must be at least 1 and authorization_renew_before_hours "
        "between 0 and the validity");
  }
  for (const auto& n : config.node_endpoints) {
    if (n.node_id.empty() || n.base_url.empty() || n.secret.empty()) {
      return absl::InvalidArgumentError(
          "node_endpoint: every node endpoint needs a node_id, a base_url and a secret");
    }
  }
  auto check_sourcing = [](const SourcingSettings& s, const std::string& where) -> absl::Status {
    if (absl::StatusOr<domain::SourcingPolicy> p = ToPolicy(s); !p.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": ", p.status().message()));
    }
    return absl::OkStatus();
  };
  if (absl::Status s = check_sourcing(config.sourcing, "sourcing"); !s.ok()) return s;
  for (const auto& [channel, settings] : config.sourcing_by_channel) {
    if (absl::Status s = check_sourcing(settings, absl::StrCat("sourcing.channel.", channel));
        !s.ok()) {
      return s;
    }
  }
  for (const auto& [id, channel] : config.channels) {
    if (absl::Status s = ValidateChannel(channel); !s.ok()) return s;
  }
  const NotificationsConfig& notifications = config.notifications;
  if (!notifications.smtp_url.empty() && !absl::StartsWith(notifications.smtp_url, "smtp://") &&
      !absl::StartsWith(notifications.smtp_url, "smtps://")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "notifications.smtp_url: smtp:// or smtps:// expected, got '", notifications.smtp_url,
        "'"));
  }
  if (!notifications.webhook_url.empty() &&
      !absl::StartsWith(notifications.webhook_url, "http://") &&
      !absl::StartsWith(notifications.webhook_url, "https://")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "notifications.webhook_url: http:// or https:// expected, got '",
        notifications.webhook_url, "'"));
  }
  if (notifications.timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("notifications.timeout_ms: must be above zero");
  }
  const LimitsConfig& limits = config.limits;
  if (limits.rpc_per_second < 0 || (limits.rpc_per_second > 0 && limits.rpc_burst < 1)) {
    return absl::InvalidArgumentError(
        "limits.rpc_per_second: not negative (0 turns the limit off), and limits.rpc_burst at "
        "least 1 when it is on");
  }
  if (limits.channel_rpc_per_second < 0 ||
      (limits.channel_rpc_per_second > 0 && limits.channel_rpc_burst < 1)) {
    return absl::InvalidArgumentError(
        "limits.channel_rpc_per_second: not negative (0 turns the limit off), and "
        "limits.channel_rpc_burst at least 1 when it is on");
  }
  if (limits.max_message_bytes < 1024) {
    return absl::InvalidArgumentError("limits.max_message_bytes: at least 1024");
  }
  for (const auto& [sku, units] : limits.units_per_customer) {
    if (units < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "limits.units_per_customer.", sku, ": at least 1 (leave the SKU out for no limit)"));
    }
  }
  const RelayConfig& relay = config.relay;
  if (relay.max_attempts < 1 || relay.max_attempts > 100) {
    return absl::InvalidArgumentError("relay.max_attempts: between 1 and 100");
  }
  if (relay.backoff_initial <= absl::ZeroDuration() || relay.backoff_max < relay.backoff_initial) {
    return absl::InvalidArgumentError(
        "relay.backoff_initial_ms must be positive and relay.backoff_max_ms at least as long");
  }
  if (relay.poll <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("relay.poll_ms: must be positive");
  }
  if (relay.timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("relay.timeout_ms: must be positive");
  }
  const ObservabilityConfig& observability = config.observability;
  if (observability.log_format != "json" && observability.log_format != "text") {
    return absl::InvalidArgumentError(absl::StrCat(
        "observability.log_format: \"json\" or \"text\", got '", observability.log_format, "'"));
  }
  static const std::set<std::string> kLevels = {"trace", "debug",    "info", "warn",
                                               "error", "critical", "off"};
  if (kLevels.count(observability.log_level) == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("observability.log_level: one of trace, debug, info, warn, error, critical, "
                     "off; got '",
                     observability.log_level, "'"));
  }
  if (!observability.otlp_endpoint.empty() &&
      !absl::StartsWith(observability.otlp_endpoint, "http://") &&
      !absl::StartsWith(observability.otlp_endpoint, "https://")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "observability.otlp_endpoint: an http:// or https:// base URL of an OTLP/HTTP collector "
        "(e.g. http://127.0.0.1:4318), got '",
        observability.otlp_endpoint, "'"));
  }
  if (observability.health_probe <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("observability.health_probe_ms: must be positive");
  }
  if (config.max_lines_per_order < 1) {
    return absl::InvalidArgumentError("max_lines_per_order: must be at least 1");
  }
  if (config.max_watches < 0) {
    return absl::InvalidArgumentError("max_watches: must not be negative (0 turns watches off)");
  }
  if (config.agent_refund_limit_minor < 0) {
    return absl::InvalidArgumentError("agent_refund_limit_minor: must not be negative");
  }
  return absl::OkStatus();
}

}  // namespace oms
