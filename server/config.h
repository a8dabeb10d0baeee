#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/return.h"
#include "server/domain/sourcing.h"

namespace oms {

// One card gateway omsd talks to (oms-partners plays it in development).
struct GatewaySettings {
  std::string name = "gw-sim";
  std::string base_url = "http://127.0.0.1:8480";
  std::string secret = "partners-dev-secret";
  std::vector<std::string> currencies = {"EUR", "USD", "GBP"};
  std::vector<std::string> regions;  // empty: any region
  absl::Duration timeout = absl::Seconds(5);
};

// A 3PL or drop-shipper node reached over HTTP (oms-partners plays them).
struct NodeEndpointSettings {
  std::string node_id;
  std::string base_url;  // its shipment API lives under /3pl/v1
  std::string secret;    // signs both ways: our requests and its reports
  absl::Duration timeout = absl::Seconds(5);
};

// A sales channel (docs/CHANNELS.md). Orders name it by id; a marketplace
// posts its orders to POST /channels/v1/{id}/orders on partner_listen.
struct ChannelSettings {
  std::string id;
  std::string type = "web_checkout";  // web_checkout, marketplace, pos
  std::string currency = "EUR";       // a marketplace payload without one is in this
  std::string region;                 // empty: the server's region
  std::string callback_url;           // updates back to the channel (the outbox relay)
  std::string stock_feed_url;         // its available-to-sell after each stock change
  std::string secret;                 // HMAC-SHA256 of webhooks; a marketplace needs one
  int64_t stock_buffer = 0;           // units held back from its available-to-sell
  std::string oversell = "backorder";  // backorder, cancel: orders beyond available-to-sell
  std::string format;                 // a marketplace's payload format: shopify, amazon
};

// The channels every server knows unless told otherwise: "web" (the demo
// web checkout), "pos" (store tills) and "marketplace" (a Shopify-style
// marketplace without a secret, so its webhook is off until one is set).
std::map<std::string, ChannelSettings> DefaultChannels();

// The outbox relay's delivery to channel callbacks ([relay] in the file;
// docs/CHANNELS.md, Callbacks): attempts before a dead letter, the jittered
// exponential backoff between them, and each request's timeout.
struct RelayConfig {
  int max_attempts = 8;
  absl::Duration backoff_initial = absl::Seconds(1);
  absl::Duration backoff_max = absl::Minutes(5);
  absl::Duration timeout = absl::Seconds(10);
  absl::Duration poll = absl::Milliseconds(200);
};

// Customer notifications ([notifications] in the file; docs/NOTIFICATIONS.md):
// by e-mail through an SMTP server and/or to a webhook of the merchant's
// messaging service. Neither configured: none are sent.
struct NotificationsConfig {
  std::string smtp_url;  // "smtp://127.0.0.1:25"; empty: no e-mail
  std::string smtp_from = "orders@oms.example";
  std::string smtp_username;
  std::string smtp_password;
  std::string webhook_url;  // empty: no webhook
  std::string webhook_secret;
  absl::Duration timeout = absl::Seconds(10);
};

// Metrics, traces and logs ([observability] in the file; docs/OBSERVABILITY.md).
struct ObservabilityConfig {
  // Prometheus scrapes GET /metrics here ("127.0.0.1:9464"; port 0 picks a
  // free one); empty: no metrics endpoint.
  std::string metrics_listen;
  // OTLP/HTTP collector base URL ("http://127.0.0.1:4318"); spans are
  // posted to <endpoint>/v1/traces. Empty: no spans are exported.
  std::string otlp_endpoint;
  std::string service_name = "omsd";
  std::string log_format = "text";  // or "json": one object per line
  std::string log_level = "info";   // trace, debug, info, warn, error, critical, off
  // How often the health probe writes through the writer.
  absl::Duration health_probe = absl::Seconds(2);
};

// A routing policy (docs/ROUTING.md) as configured: rule names in order.
struct SourcingSettings {
  std::vector<std::string> rules = {"whole_order", "customer_region", "nearest", "lowest_cost"};
  int max_splits = 3;
  bool ship_complete = false;
};

// Limits ([limits] in the file; docs/SECURITY.md, Limits): each principal's
// calls (a token bucket), the largest request, and flash-sale purchase
// limits: at most this many units of a SKU per customer over all their
// orders that are not cancelled, whichever node ships them.
struct LimitsConfig {
  double rpc_per_second = 200;  // 0: no rate limit
  double rpc_burst = 400;
  // Channels (one principal for all of a checkout's shoppers) get their own.
  double channel_rpc_per_second = 20000;
  double channel_rpc_burst = 40000;
  int max_message_bytes = 4 * 1024 * 1024;
  std::map<std::string, int64_t> units_per_customer;  // [limits.units_per_customer] SKU = n
};

// Transport security (docs/SECURITY.md). Files are PEM. With a certificate
// and key the API listens with TLS; with a client CA too, client
// certificates signed by it are checked (and demanded when
// require_client_cert). Without TLS omsd listens only on a loopback address
// unless allow_plaintext_remote says otherwise.
struct TlsConfig {
  std::string cert;       // tls_cert
  std::string key;        // tls_key
  std::string client_ca;  // tls_client_ca
  bool require_client_cert = false;
  bool allow_plaintext_remote = false;
  bool enabled() const { return !cert.empty(); }
};

// Staff sign-in ([auth] in the file): token lifetimes and lock-out.
struct AuthConfig {
  absl::Duration access_token_ttl = absl::Minutes(15);   // access_token_minutes
  absl::Duration refresh_token_ttl = absl::Hours(12);    // refresh_token_hours
  int max_failed_logins = 5;                             // max_failed_logins
  absl::Duration lockout = absl::Minutes(15);            // lockout_minutes
};

// Another region's omsd (docs/REGIONS.md): where this region reaches it.
struct PeerSettings {
  std::string region;   // its region code
  std::string address;  // its gRPC address, host:port
};

// The regions this one works with ([federation] and [[peer]] in the file).
// All regions share one secret; each presents a credential derived from it
// and its own code (application::RegionCredential), which only ReplicationService takes.
// No peers: a single region, nothing replicated.
struct FederationConfig {
  std::string secret;
  std::vector<PeerSettings> peers;
  // A stream that has heard nothing (not even a mark) this long is taken
  // for a dead link and reopened; marks come about once a second.
  absl::Duration silence_timeout = absl::Seconds(5);
  absl::Duration backoff_initial = absl::Milliseconds(200);
  absl::Duration backoff_max = absl::Seconds(5);
};

// True for 127.0.0.0/8, ::1, localhost and unix: addresses.
bool IsLoopbackListen(const std::string& listen);

// Everything omsd reads at start. Defaults run a development server on
// loopback with no file at all; a TOML file (--config) overrides any key:
//
//   region = "EU1"
//   listen = "127.0.0.1:50051"
//   data_dir = "var/omsd"
//   saga_timeout_seconds = 900
//   max_lines_per_order = 100
//   pickup_window_days = 7
//   authorization_validity_days = 7
//   authorization_renew_before_hours = 24
//   cancellation_grace_minutes = 0
//   agent_refund_limit_minor = 10000   # above it an agent's refund waits for a supervisor
//   return_refund_timing = "on_receipt" # or "at_creation": when a return's money moves
//   max_watches = 256                   # open watch streams (WatchOrders, WatchInventory)
//   [limits]                            # per principal; RESOURCE_EXHAUSTED beyond
//   rpc_per_second = 200  rpc_burst = 400  max_message_bytes = 4194304
//   channel_rpc_per_second = 20000  channel_rpc_burst = 40000   # role channel
//   [limits.units_per_customer]         # flash sales: units per customer per SKU
//   "CONSOLE-X" = 2
//   tls_cert = "certs/server.crt"  tls_key = "certs/server.key"   # TLS (scripts/dev-certs.sh)
//   tls_client_ca = "certs/ca.crt"  require_client_cert = true     # mutual TLS
//   allow_plaintext_remote = false      # plaintext on a non-loopback address
//   [auth]                              # staff sign-in
//   access_token_minutes = 15  refresh_token_hours = 12  max_failed_logins = 5  lockout_minutes = 15
//   [relay]                             # channel callbacks: retries, then a dead letter
//   max_attempts = 8  backoff_initial_ms = 1000  backoff_max_ms = 300000  timeout_ms = 10000
//   [[gateway]]
//   name = "gw-eu"  base_url = "http://..."  secret = "..."
//   currencies = ["EUR"]  regions = ["EU1"]  timeout_ms = 5000
//   partner_listen = "127.0.0.1:50052"   # where 3PLs post confirmations
//   [federation]                        # several regions (docs/REGIONS.md)
//   secret = "..."  silence_timeout_ms = 5000
//   [[peer]]
//   region = "US1"  address = "10.0.2.15:50051"
//   [[node_endpoint]]
//   node_id = "EU1-3PL-WRO"  base_url = "http://..."  secret = "..."  timeout_ms = 5000
//   [server]
//   reflection = false                  # gRPC server reflection; the development config turns it
//   on [observability]                     # docs/OBSERVABILITY.md metrics_listen =
//   "127.0.0.1:9464"  otlp_endpoint = "http://127.0.0.1:4318" service_name = "omsd"  log_format =
//   "json"  log_level = "info"  health_probe_ms = 2000 [sourcing] rules = ["whole_order",
//   "customer_region", "nearest", "lowest_cost"] max_splits = 3  ship_complete = false
//   [sourcing.channel.marketplace]        # keys not named come from [sourcing]
//   ship_complete = true
//   [channel.marketplace]                 # over DefaultChannels(); a new id adds one
//   type = "marketplace"  format = "shopify"  secret = "..."  currency = "EUR"
//   region = "EU1"  callback_url = "http://..."  stock_buffer = 2  oversell = "backorder"
struct ServerConfig {
  std::string region = "EU1";
  std::string listen = "127.0.0.1:50051";
  std::string data_dir = "var/omsd";
  std::string resources_dir;  // empty: found next to the binary or the working folder
  std::vector<GatewaySettings> gateways = {GatewaySettings{}};
  std::vector<NodeEndpointSettings> node_endpoints;
  // The partner endpoint (ship confirmations, stock snapshots) listens here
  // when any node endpoint is configured; port 0 picks a free one.
  std::string partner_listen = "127.0.0.1:50052";
  SourcingSettings sourcing;
  std::map<std::string, SourcingSettings> sourcing_by_channel;
  std::map<std::string, ChannelSettings> channels = DefaultChannels();
  absl::Duration saga_timeout = absl::Minutes(15);
  // How long a request_id is remembered; DESIGN.md asks for at least 24 hours.
  absl::Duration idempotency_retention = absl::Hours(48);
  int max_lines_per_order = 100;
  // Fulfilment: pickups not collected this long after they are ready are
  // cancelled and restocked; card authorizations are taken to be good this
  // long and are renewed before a capture when less than renew_before is left.
  absl::Duration pickup_window = absl::Hours(7 * 24);
  absl::Duration authorization_validity = absl::Hours(7 * 24);
  absl::Duration renew_before = absl::Hours(24);
  // Orders are not released to nodes until this long after placement, so
  // customers can cancel for free (0: released at confirmation).
  absl::Duration cancellation_grace = absl::ZeroDuration();
  // Refunds (docs/REFUNDS.md): the most an agent or store user refunds
  // without a supervisor's approval, in minor units of the order's currency.
  int64_t agent_refund_limit_minor = 10000;
  domain::RefundTiming return_refund_timing = domain::RefundTiming::kOnReceipt;
  int read_connections = 4;
  bool synchronous_full = true;
  // Open WatchOrders / WatchInventory streams at once; beyond: RESOURCE_EXHAUSTED.
  int max_watches = 256;
  RelayConfig relay;
  NotificationsConfig notifications;
  // gRPC server reflection (grpcurl, omsctl discovery): for development
  // only, since it lists every method to anyone who can connect.
  bool reflection = false;
  ObservabilityConfig observability;
  LimitsConfig limits;
  TlsConfig tls;
  AuthConfig auth;
  FederationConfig federation;
};

// Reads a TOML file over the defaults. INVALID_ARGUMENT naming the key for a
// bad value; NOT_FOUND when the file does not exist.
absl::StatusOr<ServerConfig> LoadConfig(const std::string& path);

// The domain policy of configured settings; INVALID_ARGUMENT for an unknown
// rule, a repeated rule or max_splits below 1.
absl::StatusOr<domain::SourcingPolicy> ToPolicy(const SourcingSettings& settings);

// INVALID_ARGUMENT when the region code is not 2-5 upper-case letters or
// digits, a gateway or node endpoint lacks a name or URL, a routing
// policy is invalid, or a channel has an unknown type or oversell policy,
// a bad currency, a negative buffer, or is a marketplace without a format.
// (Whether the format exists is checked where the formats are, at start.)
absl::Status ValidateConfig(const ServerConfig& config);

}  // namespace oms
