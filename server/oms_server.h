#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "server/config.h"

namespace oms {

namespace storage {
class SqliteStore;
class SqliteRelayStore;
class SqliteReplicaStore;
}
namespace integrations {
class HttpClient;
class NotificationRenderer;
class ConfiguredGatewayDirectory;
class ConfiguredNodeConnectorDirectory;
class PeerRegions;
}
namespace application {
class PlacementSaga;
class PeriodicTask;
class Fulfilment;
class Refunds;
class Returns;
class ChannelDirectory;
class MarketplaceIntake;
class OutboxRelay;
}
namespace observability {
class MetricsEndpoint;
}
namespace api {
class ApiServer;
class PartnerEndpoint;
}

// The composition root of one region's omsd: opens the store, wires the
// gateways, the saga, fulfilment and the gRPC services, resumes interrupted
// sagas and starts the ticker that retries them and runs fulfilment's
// background work (captures, partner requests, pickup expiry, preorders). main.cpp and the integration tests
// build the same object, so tests run the production wiring.
class OmsServer {
 public:
  struct Options {
    ServerConfig config;
    bool demo = false;           // load resources/demo into an empty database
    const Clock* clock = nullptr;  // defaults to the system clock
    absl::Duration tick = absl::Milliseconds(250);
    absl::Duration purge_every = absl::Minutes(10);
  };

  // UNAVAILABLE when the data folder or port cannot be used; the error says which.
  static absl::StatusOr<std::unique_ptr<OmsServer>> Start(Options options);
  ~OmsServer();  // Shutdown()

  int port() const;
  // The partner endpoint's port (3PL reports, marketplace order webhooks);
  // 0 when no node endpoint and no marketplace with a secret is configured.
  int partner_port() const;
  // The Prometheus endpoint's port ([observability] metrics_listen); 0 when off.
  int metrics_port() const;
  const ServerConfig& config() const { return options_.config; }
  application::PlacementSaga& placement() { return *placement_; }
  application::Fulfilment& fulfilment() { return *fulfilment_; }
  application::Refunds& refunds() { return *refunds_; }
  application::Returns& returns() { return *returns_; }
  storage::SqliteStore& store() { return *store_; }
  application::OutboxRelay& relay() { return *relay_; }
  // This region's peers; null for a single region.
  integrations::PeerRegions* peers() { return peers_.get(); }

  // Places the sample orders of a JSON-lines file of PlaceOrderRequests
  // (resources/demo/orders/seed.jsonl) through the saga, as the demo web
  // checkout, when the store has no orders yet. Returns how many were
  // placed; INVALID_ARGUMENT naming the line for a malformed one. Blocks
  // until each is answered, so call it before serving real traffic.
  absl::StatusOr<int> PlaceDemoOrders(const std::string& jsonl_path);

  // Forgets idempotency keys older than the configured retention; runs
  // every `purge_every` on its own. Returns how many were removed.
  absl::StatusOr<int64_t> PurgeExpiredKeys();

  // Runs an empty unit through the writer (BEGIN IMMEDIATE .. COMMIT): the
  // gRPC health service says SERVING when it commits and NOT_SERVING when
  // the database cannot be written (locked past the busy timeout, I/O
  // error). Runs every [observability] health_probe_ms on its own; at most
  // one probe is in flight.
  void ProbeHealth();

  // Stops accepting calls, lets in-flight calls and saga steps finish,
  // stops the writer. Idempotent.
  void Shutdown();

 private:
  explicit OmsServer(Options options);

  Options options_;
  SystemClock system_clock_;
  std::unique_ptr<storage::SqliteStore> store_;
  std::unique_ptr<integrations::HttpClient> http_;
  std::unique_ptr<integrations::ConfiguredGatewayDirectory> gateways_;
  std::unique_ptr<integrations::ConfiguredNodeConnectorDirectory> node_connectors_;
  std::unique_ptr<application::PlacementSaga> placement_;
  std::unique_ptr<application::Fulfilment> fulfilment_;
  std::unique_ptr<application::Refunds> refunds_;
  std::unique_ptr<application::Returns> returns_;
  std::unique_ptr<application::ChannelDirectory> channels_;
  std::unique_ptr<application::MarketplaceIntake> intake_;
  // The outbox relay (channel callbacks) with its own HTTP client, so a slow
  // channel never shares a thread or connection limit with payments.
  std::unique_ptr<integrations::NotificationRenderer> notification_renderer_;
  std::unique_ptr<storage::SqliteRelayStore> relay_store_;
  std::unique_ptr<integrations::HttpClient> relay_http_;
  std::unique_ptr<application::OutboxRelay> relay_;
  // Several regions (docs/REGIONS.md): replicas of the peers' orders,
  // followed from their ReplicationService; null without [[peer]].
  std::unique_ptr<storage::SqliteReplicaStore> replica_store_;
  std::unique_ptr<integrations::PeerRegions> peers_;
  std::unique_ptr<api::ApiServer> api_;
  std::unique_ptr<api::PartnerEndpoint> partner_endpoint_;
  std::unique_ptr<application::PeriodicTask> ticker_;
  std::unique_ptr<application::PeriodicTask> key_purger_;
  std::unique_ptr<observability::MetricsEndpoint> metrics_endpoint_;
  std::unique_ptr<application::PeriodicTask> health_prober_;
  std::atomic<bool> probe_in_flight_{false};
  std::atomic<int> serving_{-1};  // last probe: 1 serving, 0 not, -1 none yet
  bool shut_down_ = false;
};

// Where resources/ is: the configured folder, else next to the binary
// (../../resources from build/bin), else ./resources.
std::string FindResourcesDir(const std::string& configured);

}  // namespace oms
