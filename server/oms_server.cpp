#include "server/oms_server.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/api_server.h"
#include "server/api/partner_endpoint.h"
#include "server/application/channels.h"
#include "server/application/fulfilment.h"
#include "server/application/marketplace_intake.h"
#include "server/application/outbox_relay.h"
#include "server/application/periodic_task.h"
#include "server/application/placement_saga.h"
#include "server/application/refunds.h"
#include "server/application/returns.h"
#include "server/integrations/channel_callback_destination.h"
#include "server/integrations/configured_gateway_directory.h"
#include "server/integrations/configured_node_directory.h"
#include "server/integrations/http_client.h"
#include "server/integrations/marketplace_formats.h"
#include "server/integrations/notification_destination.h"
#include "server/integrations/notification_renderer.h"
#include "server/integrations/peer_regions.h"
#include "server/integrations/smtp_notifier.h"
#include "server/integrations/stock_feed_destination.h"
#include "server/integrations/webhook_notifier.h"
#include "server/observability/metrics.h"
#include "server/observability/metrics_endpoint.h"
#include "server/observability/tracer.h"
#include "server/storage/sqlite_relay_store.h"
#include "server/storage/sqlite_replica_store.h"
#include "server/storage/store.h"
#include "server/storage/write_executor.h"
#include "spdlog/spdlog.h"

namespace oms {

std::string FindResourcesDir(const std::string& configured) {
  namespace fs = std::filesystem;
  if (!configured.empty()) return configured;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& candidate :
         {exe.parent_path() / "../../resources", exe.parent_path() / "../resources",
          exe.parent_path() / "../share/oms/resources"}) {
      if (fs::exists(candidate / "demo")) return fs::weakly_canonical(candidate).string();
    }
  }
  return "resources";
}

namespace {

// resources/geo/locations.csv; null (nearest rule ignored) when absent.
absl::StatusOr<std::shared_ptr<const domain::GeoTable>> LoadGeoTable(const std::string& resources) {
  const std::string path = resources + "/geo/locations.csv";
  std::ifstream in(path);
  if (!in) {
    spdlog::warn("no {}; routing ignores the nearest rule", path);
    return std::shared_ptr<const domain::GeoTable>();
  }
  std::stringstream text;
  text << in.rdbuf();
  auto table = domain::ParseGeoCsv(text.str());
  if (!table.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", table.status().message()));
  }
  return std::make_shared<const domain::GeoTable>(std::move(*table));
}

std::vector<application::Channel> ChannelsOf(const ServerConfig& config) {
  std::vector<application::Channel> channels;
  for (const auto& [id, s] : config.channels) {
    application::Channel c;
    c.id = id;
    // ValidateConfig has checked the names.
    c.type = application::ParseChannelType(s.type).value_or(application::ChannelType::kWebCheckout);
    c.oversell =
        application::ParseOversellPolicy(s.oversell).value_or(application::OversellPolicy::kBackorder);
    c.currency = s.currency;
    c.region = s.region.empty() ? config.region : s.region;
    c.callback_url = s.callback_url;
    c.stock_feed_url = s.stock_feed_url;
    c.secret = s.secret;
    c.stock_buffer = s.stock_buffer;
    c.format = s.format;
    channels.push_back(std::move(c));
  }
  return channels;
}

// Splits "host:port"; INVALID_ARGUMENT otherwise.
absl::StatusOr<std::pair<std::string, int>> HostPort(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(absl::string_view(listen).substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("partner_listen: host:port expected, got '", listen, "'"));
  }
  return std::make_pair(listen.substr(0, colon), port);
}

// Spans go to the configured collector (or nowhere); the tracer counts what it
// exports and drops in oms_trace_spans_total.
void ConfigureTracing(const ObservabilityConfig& config) {
  observability::Tracer::Options options;
  options.endpoint = config.otlp_endpoint;
  while (!options.endpoint.empty() && options.endpoint.back() == '/') options.endpoint.pop_back();
  options.service_name = config.service_name;
  options.on_exported = [](size_t n) { observability::ProcessMetrics().RecordSpansExported(n); };
  options.on_dropped = [](size_t n) { observability::ProcessMetrics().RecordSpansDropped(n); };
  observability::ProcessTracer().Configure(std::move(options));
}

}  // namespace

OmsServer::OmsServer(Options options) : options_(std::move(options)) {
  if (options_.clock == nullptr) options_.clock = &system_clock_;
}

absl::StatusOr<std::unique_ptr<OmsServer>> OmsServer::Start(Options options) {
  if (absl::Status s = ValidateConfig(options.config); !s.ok()) return s;
  std::unique_ptr<OmsServer> server(new OmsServer(std::move(options)));
  const ServerConfig& config = server->options_.config;
  ConfigureTracing(config.observability);
  if (!config.observability.metrics_listen.empty()) {
    auto endpoint = observability::MetricsEndpoint::Start(config.observability.metrics_listen,
                                                          observability::ProcessMetrics());
    if (!endpoint.ok()) return endpoint.status();
    server->metrics_endpoint_ = std::move(*endpoint);
  }

  storage::SqliteStore::Options store_options;
  store_options.read_connections = config.read_connections;
  store_options.synchronous_full = config.synchronous_full;
  store_options.clock = server->options_.clock;
  auto store = storage::SqliteStore::Open(config.data_dir, config.region, store_options);
  if (!store.ok()) return store.status();
  server->store_ = std::move(*store);
  if (server->options_.demo) {
    if (absl::Status s =
            server->store_->LoadDemoData(FindResourcesDir(config.resources_dir));
        !s.ok()) {
      return s;
    }
  }

  server->http_ = std::make_unique<integrations::HttpClient>();
  std::vector<integrations::GatewayConfig> gateways;
  for (const auto& g : config.gateways) {
    integrations::GatewayConfig gc;
    gc.name = g.name;
    gc.base_url = g.base_url;
    gc.secret = g.secret;
    gc.currencies = g.currencies;
    gc.regions = g.regions;
    gc.timeout = g.timeout;
    gateways.push_back(std::move(gc));
  }
  auto directory = integrations::ConfiguredGatewayDirectory::Create(
      std::move(gateways), server->http_.get(), server->options_.clock);
  if (!directory.ok()) return directory.status();
  server->gateways_ = std::move(*directory);

  std::vector<integrations::NodeEndpointConfig> endpoints;
  for (const auto& n : config.node_endpoints) {
    integrations::NodeEndpointConfig nc;
    nc.node_id = n.node_id;
    nc.base_url = n.base_url;
    nc.secret = n.secret;
    nc.timeout = n.timeout;
    endpoints.push_back(std::move(nc));
  }
  auto node_directory = integrations::ConfiguredNodeConnectorDirectory::Create(
      endpoints, server->http_.get(), server->options_.clock);
  if (!node_directory.ok()) return node_directory.status();
  server->node_connectors_ = std::move(*node_directory);

  application::FulfilmentSettings fulfilment;
  fulfilment.pickup_window = config.pickup_window;
  fulfilment.authorization_validity = config.authorization_validity;
  fulfilment.renew_before = config.renew_before;
  fulfilment.release_grace = config.cancellation_grace;
  fulfilment.is_partner_node = [d = server->node_connectors_.get()](const std::string& node) {
    return d->ForNode(node) != nullptr;
  };
  auto policy = ToPolicy(config.sourcing);
  if (!policy.ok()) return policy.status();
  fulfilment.sourcing = *policy;
  for (const auto& [channel, settings] : config.sourcing_by_channel) {
    auto p = ToPolicy(settings);
    if (!p.ok()) return p.status();
    fulfilment.sourcing_by_channel[channel] = *p;
  }
  auto geo = LoadGeoTable(FindResourcesDir(config.resources_dir));
  if (!geo.ok()) return geo.status();
  fulfilment.geo = *geo;
  application::Fulfilment::Options fulfilment_options;
  fulfilment_options.settings = fulfilment;
  server->fulfilment_ = std::make_unique<application::Fulfilment>(
      server->store_->unit_of_work(), *server->gateways_, server->node_connectors_.get(),
      *server->options_.clock, fulfilment_options);

  server->channels_ = std::make_unique<application::ChannelDirectory>(ChannelsOf(config));
  application::PlacementSaga::Options saga_options;
  saga_options.channels = *server->channels_;
  saga_options.fulfilment = fulfilment;
  saga_options.region = config.region;
  for (const PeerSettings& peer : config.federation.peers) {
    saga_options.peer_regions.push_back(peer.region);
  }
  saga_options.saga_timeout = config.saga_timeout;
  saga_options.limits.max_lines = config.max_lines_per_order;
  saga_options.limits.units_per_customer = config.limits.units_per_customer;
  server->placement_ = std::make_unique<application::PlacementSaga>(
      server->store_->unit_of_work(), *server->gateways_, *server->options_.clock, saga_options);

  auto intake = application::MarketplaceIntake::Create(
      *server->channels_, integrations::MarketplaceFormats(), *server->placement_,
      server->store_->unit_of_work(), *server->options_.clock);
  if (!intake.ok()) return intake.status();
  server->intake_ = std::move(*intake);

  application::RefundSettings refund_settings;
  refund_settings.agent_refund_limit_minor = config.agent_refund_limit_minor;
  server->refunds_ = std::make_unique<application::Refunds>(
      server->store_->unit_of_work(), *server->gateways_, *server->options_.clock,
      refund_settings);
  application::ReturnSettings return_settings;
  return_settings.refund_timing = config.return_refund_timing;
  server->returns_ = std::make_unique<application::Returns>(
      server->store_->unit_of_work(), *server->refunds_, *server->placement_,
      *server->options_.clock, return_settings);

  // Channel callbacks: one relay destination per channel with a callback URL.
  server->relay_http_ = std::make_unique<integrations::HttpClient>();
  std::vector<std::unique_ptr<application::EventDestination>> destinations;
  for (const application::Channel& channel : server->channels_->All()) {
    if (channel.callback_url.empty()) continue;
    auto destination = integrations::ChannelCallbackDestination::Create(
        channel, *server->relay_http_, *server->options_.clock, config.relay.timeout);
    if (!destination.ok()) return destination.status();
    destinations.push_back(std::move(*destination));
  }
  // Stock feeds: a channel with a stock_feed_url hears its available-to-sell.
  for (const application::Channel& channel : server->channels_->All()) {
    if (channel.stock_feed_url.empty()) continue;
    auto destination = integrations::StockFeedDestination::Create(
        channel, config.region, server->store_->read_model(), *server->relay_http_,
        *server->options_.clock, config.relay.timeout);
    if (!destination.ok()) return destination.status();
    destinations.push_back(std::move(*destination));
  }
  // Customer notifications: by e-mail and/or to a webhook, when configured.
  const NotificationsConfig& notify = config.notifications;
  if (!notify.smtp_url.empty() || !notify.webhook_url.empty()) {
    auto renderer = integrations::NotificationRenderer::Load(
        std::filesystem::path(FindResourcesDir(config.resources_dir)) / "notifications");
    if (!renderer.ok()) return renderer.status();
    server->notification_renderer_ =
        std::make_unique<integrations::NotificationRenderer>(std::move(*renderer));
    if (!notify.smtp_url.empty()) {
      destinations.push_back(std::make_unique<integrations::NotificationDestination>(
          *server->notification_renderer_,
          std::make_unique<integrations::SmtpNotifier>(integrations::SmtpSettings{
              notify.smtp_url, notify.smtp_from, notify.smtp_username, notify.smtp_password,
              notify.timeout})));
    }
    if (!notify.webhook_url.empty()) {
      destinations.push_back(std::make_unique<integrations::NotificationDestination>(
          *server->notification_renderer_,
          std::make_unique<integrations::WebhookNotifier>(
              *server->relay_http_, integrations::WebhookNotifierSettings{
                                        notify.webhook_url, notify.webhook_secret,
                                        notify.timeout})));
    }
  }
  server->relay_store_ = std::make_unique<storage::SqliteRelayStore>(
      server->store_->read_pool(), server->store_->writer(), *server->options_.clock,
      config.region);
  application::RelaySettings relay_settings;
  relay_settings.max_attempts = config.relay.max_attempts;
  relay_settings.backoff_initial = config.relay.backoff_initial;
  relay_settings.backoff_max = config.relay.backoff_max;
  relay_settings.poll = config.relay.poll;
  server->relay_ = std::make_unique<application::OutboxRelay>(
      *server->relay_store_, *server->options_.clock, relay_settings, std::move(destinations));

  // Before serving: a channel's first cursor is the outbox as it is now.
  if (absl::Status s = server->relay_->Start(); !s.ok()) return s;

  api::ApiServer::Dependencies api_deps{
      &server->store_->read_model(), &server->store_->unit_of_work(), server->placement_.get(),
      server->fulfilment_.get(),     server->options_.clock,          config.region,
      server->refunds_.get(),        server->returns_.get(),          &server->store_->event_feed(),
      &server->store_->outbox_signal(), config.max_watches};
  api_deps.relay = server->relay_.get();
  api_deps.channels = server->channels_.get();
  api_deps.reflection = config.reflection;
  api_deps.rate_limit = {config.limits.rpc_per_second, config.limits.rpc_burst,
                         config.limits.channel_rpc_per_second, config.limits.channel_rpc_burst};
  api_deps.max_message_bytes = config.limits.max_message_bytes;
  api_deps.sign_in = {.access_token_ttl = config.auth.access_token_ttl,
                      .refresh_token_ttl = config.auth.refresh_token_ttl,
                      .max_failed_attempts = config.auth.max_failed_logins,
                      .lockout = config.auth.lockout};
  api_deps.tls = {.cert_file = config.tls.cert,
                  .key_file = config.tls.key,
                  .client_ca_file = config.tls.client_ca,
                  .require_client_cert = config.tls.require_client_cert};
  if (!config.federation.peers.empty()) {
    server->replica_store_ = std::make_unique<storage::SqliteReplicaStore>(
        server->store_->read_pool(), server->store_->writer(), config.region,
        *server->options_.clock);
    integrations::PeerRegions::Settings peers;
    peers.local_region = config.region;
    peers.secret = config.federation.secret;
    for (const PeerSettings& p : config.federation.peers) peers.peers.push_back({p.region, p.address});
    peers.silence_timeout = config.federation.silence_timeout;
    peers.backoff_initial = config.federation.backoff_initial;
    peers.backoff_max = config.federation.backoff_max;
    server->peers_ = std::make_unique<integrations::PeerRegions>(
        std::move(peers), *server->replica_store_, *server->options_.clock);
    api_deps.regions = server->peers_.get();
    api_deps.federation_secret = config.federation.secret;
  }
  auto api = api::ApiServer::Start(config.listen, api_deps);
  if (!api.ok()) return api.status();
  server->api_ = std::move(*api);

  if (!endpoints.empty() || server->intake_->HasWebhooks()) {
    auto where = HostPort(config.partner_listen);
    if (!where.ok()) return where.status();
    server->partner_endpoint_ = std::make_unique<api::PartnerEndpoint>(
        *server->fulfilment_, integrations::SecretsByNode(endpoints));
    server->partner_endpoint_->ServeMarketplaces(*server->intake_);
    if (absl::Status s = server->partner_endpoint_->Start(where->first, where->second); !s.ok()) {
      return s;
    }
  }

  // Replication starts once this region serves: peers follow each other.
  if (server->peers_) {
    if (absl::Status s = server->peers_->Start(); !s.ok()) return s;
  }

  // Sagas a crash or stop interrupted carry on now; the ticker then retries
  // those waiting for a gateway and rejects those past their deadline.
  server->placement_->ResumeAll();
  server->ticker_ = std::make_unique<application::PeriodicTask>(
      server->options_.tick, [p = server->placement_.get(), f = server->fulfilment_.get(),
                              r = server->refunds_.get()] {
        p->DriveDue();
        f->Tick();
        r->Tick();
      });
  server->key_purger_ = std::make_unique<application::PeriodicTask>(
      server->options_.purge_every, [s = server.get()] { (void)s->PurgeExpiredKeys(); });
  server->health_prober_ = std::make_unique<application::PeriodicTask>(
      config.observability.health_probe, [s = server.get()] { s->ProbeHealth(); });
  return server;
}

absl::StatusOr<int64_t> OmsServer::PurgeExpiredKeys() {
  const absl::Time cutoff = options_.clock->Now() - options_.config.idempotency_retention;
  int64_t removed = 0;
  absl::Status s = store_->unit_of_work().RunSync([&](application::Transaction& tx) {
    auto n = tx.idempotency().PurgeBefore(cutoff);
    if (!n.ok()) return n.status();
    removed = *n;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return removed;
}

void OmsServer::ProbeHealth() {
  if (probe_in_flight_.exchange(true)) return;
  // Empty: the batch's BEGIN IMMEDIATE and COMMIT are the test. Its answer
  // runs on the writer thread, before Shutdown stops the writer.
  store_->writer().Submit([](storage::Connection&) { return absl::OkStatus(); },
                          [this](absl::Status status) {
                            const int serving = status.ok() ? 1 : 0;
                            if (serving_.exchange(serving) != serving) {
                              if (serving == 1) {
                                spdlog::info("health: the database can be written; SERVING");
                              } else {
                                spdlog::error(
                                    "health: the database cannot be written ({}); "
                                    "NOT_SERVING",
                                    status.ToString());
                              }
                            }
                            api_->SetServing(serving == 1);
                            observability::ProcessMetrics().SetServing(serving == 1);
                            probe_in_flight_ = false;
                          });
}

OmsServer::~OmsServer() { Shutdown(); }

int OmsServer::metrics_port() const { return metrics_endpoint_ ? metrics_endpoint_->port() : 0; }

int OmsServer::port() const { return api_ ? api_->port() : 0; }

int OmsServer::partner_port() const { return partner_endpoint_ ? partner_endpoint_->port() : 0; }

void OmsServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  health_prober_.reset();
  ticker_.reset();
  key_purger_.reset();
  if (partner_endpoint_) partner_endpoint_->Stop();
  // Followers first: their applies go through the writer, which stops last.
  if (peers_) peers_->Stop();
  if (api_) api_->Shutdown(absl::Seconds(5));
  if (placement_) placement_->WaitIdle(absl::Seconds(5));
  if (fulfilment_) fulfilment_->WaitIdle(absl::Seconds(5));
  if (refunds_) refunds_->WaitIdle(absl::Seconds(5));
  // The relay stops sending; its client answers what is in flight
  // (dropped: sent again after the next start); its last writes finish
  // while the writer still runs.
  if (relay_) relay_->Stop();
  relay_http_.reset();
  relay_.reset();
  // The HTTP client answers what is still in flight (CANCELLED) before the
  // writer stops, so late completions still find a running writer.
  http_.reset();
  if (store_) store_->Stop();
  // What the last commits and calls made reaches the collector before exit.
  observability::ProcessTracer().Flush(std::chrono::seconds(2));
  metrics_endpoint_.reset();
}

}  // namespace oms
