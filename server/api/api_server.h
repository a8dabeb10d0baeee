#pragma once

#include <grpcpp/server.h>

#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "server/api/rate_limiter.h"
#include "common/clock.h"
#include "server/application/accounts.h"
#include "server/application/event_feed.h"
#include "server/application/fulfilment.h"
#include "server/application/outbox_relay.h"
#include "server/application/outbox_signal.h"
#include "server/application/placement_saga.h"
#include "server/application/queries.h"
#include "server/application/refunds.h"
#include "server/application/replication.h"
#include "server/application/returns.h"
#include "server/application/unit_of_work.h"

namespace oms::application {
class SignIn;
class AccountAdmin;
}  // namespace oms::application

namespace oms::api {

class Authenticator;
class OrderService;
class InventoryService;
class CatalogService;
class CustomerService;
class NodeService;
class FulfillmentService;
class PaymentService;
class ReturnService;
class IntakeService;
class OpsService;
class SessionService;
class AdminService;
class HomeForwarder;
class RegionService;
class ReplicationService;
class WatchHub;

// How the API listens (docs/SECURITY.md). Paths of PEM files; empty cert:
// plaintext. With client_ca, client certificates are verified against it,
// and demanded when require_client_cert.
struct TlsSettings {
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;
  bool require_client_cert = false;
};

// The gRPC server of one region: every oms.v1 service, the standard health
// service, on the callback API. Thread-safe to Shutdown from any thread.
class ApiServer {
 public:
  struct Dependencies {
    application::ReadModel* reads;
    application::UnitOfWork* unit_of_work;
    application::PlacementSaga* placement;
    application::Fulfilment* fulfilment;
    const Clock* clock;
    std::string region;
    application::Refunds* refunds = nullptr;
    application::Returns* returns = nullptr;
    // WatchOrders and WatchInventory need both; without them they answer
    // UNIMPLEMENTED.
    application::EventFeed* event_feed = nullptr;
    application::OutboxSignal* outbox_signal = nullptr;
    int max_watches = 256;  // open watch streams; beyond: RESOURCE_EXHAUSTED
    // OpsService (dead letters) needs it; without it OpsService is not served.
    application::OutboxRelay* relay = nullptr;
    // grpc.reflection.v1alpha.ServerReflection: development only.
    bool reflection = false;
    RateLimiter::Settings rate_limit;          // per principal
    int max_message_bytes = 4 * 1024 * 1024;  // larger requests: RESOURCE_EXHAUSTED
    application::SignInSettings sign_in;
    TlsSettings tls;
    // The configured channels, for their available-to-sell; null: none.
    const application::ChannelDirectory* channels = nullptr;
    // Several regions (docs/REGIONS.md): the peers and how current their
    // replicas are, and the shared secret their credentials derive from.
    // Null: a single region (ReplicationService refuses everyone).
    const application::RegionDirectory* regions = nullptr;
    std::string federation_secret;
  };

  // Binds `listen` (host:port; port 0 picks a free one). UNAVAILABLE when
  // the address cannot be bound; FAILED_PRECONDITION naming the file when a
  // TLS file cannot be read.
  static absl::StatusOr<std::unique_ptr<ApiServer>> Start(const std::string& listen,
                                                         const Dependencies& deps);
  ~ApiServer();

  int port() const { return port_; }
  // What grpc.health.v1.Health answers for the whole server and every
  // service ("" and each name): SERVING or NOT_SERVING. Thread-safe; a
  // no-op after Shutdown.
  void SetServing(bool serving);
  // Health NOT_SERVING, ends the watch streams (UNAVAILABLE: clients resume
  // elsewhere or later), then finishes in-flight calls (up to `grace`).
  void Shutdown(absl::Duration grace);
  void Wait();

 private:
  ApiServer() = default;
  std::unique_ptr<RateLimiter> rate_limiter_;  // outlives auth_, which points at it
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<application::SignIn> sign_in_;
  std::unique_ptr<application::AccountAdmin> account_admin_;
  std::unique_ptr<WatchHub> watches_;  // outlives server_: streams remove themselves
  std::unique_ptr<HomeForwarder> forwarder_;  // null: a single region
  std::unique_ptr<OrderService> orders_;
  std::unique_ptr<InventoryService> inventory_;
  std::unique_ptr<CatalogService> catalog_;
  std::unique_ptr<CustomerService> customers_;
  std::unique_ptr<NodeService> nodes_;
  std::unique_ptr<SessionService> session_;
  std::unique_ptr<FulfillmentService> fulfillment_;
  std::unique_ptr<PaymentService> payments_;
  std::unique_ptr<ReturnService> returns_;
  std::unique_ptr<IntakeService> intake_;
  std::unique_ptr<OpsService> ops_;
  std::unique_ptr<AdminService> admin_;
  std::unique_ptr<RegionService> region_;
  std::unique_ptr<ReplicationService> replication_;
  std::unique_ptr<grpc::Server> server_;
  std::mutex health_mu_;    // orders SetServing against Shutdown's NOT_SERVING
  bool shut_down_ = false;  // guarded by health_mu_
  int port_ = 0;
};

}  // namespace oms::api
