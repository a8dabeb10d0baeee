#include "server/api/api_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/api/authenticator.h"
#include "server/api/fulfillment_service.h"
#include "server/api/home_forwarding.h"
#include "server/api/intake_service.h"
#include "server/api/inventory_service.h"
#include "server/api/ops_service.h"
#include "server/api/order_service.h"
#include "server/api/payment_service.h"
#include "server/api/reference_services.h"
#include "server/api/region_services.h"
#include "server/api/return_service.h"
#include "server/api/watch_hub.h"
// Sign-in and administration, apart so that the main branch's edits to the
// includes above merge cleanly; sort them in after the merge.
#include "server/api/admin_service.h"
#include "server/api/session_service.h"
#include "server/application/account_admin.h"
#include "server/application/sign_in.h"

namespace oms::api {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* key) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(key, " = \"", path,
                     "\" cannot be read: check the path and its permissions "
                     "(scripts/dev-certs.sh makes development certificates)"));
  }
  return text.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const TlsSettings& tls) {
  if (tls.cert_file.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options;
  auto cert = ReadPem(tls.cert_file, "tls_cert");
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(tls.key_file, "tls_key");
  if (!key.ok()) return key.status();
  options.pem_key_cert_pairs.push_back({*key, *cert});
  if (!tls.client_ca_file.empty()) {
    auto ca = ReadPem(tls.client_ca_file, "tls_client_ca");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
    options.client_certificate_request =
        tls.require_client_cert ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

// Server reflection on one builder, or off. Linking grpc++_reflection
// registers its plugin for every server of the process (a static
// initializer), so the option removes that one and adds its own when asked.
class ReflectionOption final : public grpc::ServerBuilderOption {
 public:
  explicit ReflectionOption(bool enabled) : enabled_(enabled) {}
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    std::erase_if(*plugins, [](const auto& p) {
      return dynamic_cast<grpc::reflection::ProtoServerReflectionPlugin*>(p.get()) != nullptr;
    });
    if (enabled_) {
      plugins->push_back(std::make_unique<grpc::reflection::ProtoServerReflectionPlugin>());
    }
  }

 private:
  const bool enabled_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ApiServer>> ApiServer::Start(const std::string& listen,
                                                            const Dependencies& deps) {
  std::unique_ptr<ApiServer> s(new ApiServer());
  auto credentials = Credentials(deps.tls);
  if (!credentials.ok()) return credentials.status();
  s->auth_ = std::make_unique<Authenticator>(*deps.reads, deps.clock);
  s->sign_in_ = std::make_unique<application::SignIn>(*deps.unit_of_work, *deps.clock, deps.sign_in,
                                                      s->auth_.get());
  s->account_admin_ =
      std::make_unique<application::AccountAdmin>(*deps.unit_of_work, *deps.clock, s->auth_.get());
  s->admin_ = std::make_unique<AdminService>(*s->auth_, *s->account_admin_);
  s->rate_limiter_ = std::make_unique<RateLimiter>(deps.rate_limit);
  s->auth_->set_rate_limiter(s->rate_limiter_.get());
  if (deps.regions != nullptr && !deps.federation_secret.empty()) {
    std::vector<std::string> peers;
    for (const auto& peer : deps.regions->Peers()) peers.push_back(peer.region);
    s->auth_->AcceptRegions(deps.federation_secret, std::move(peers));
  }
  if (deps.regions != nullptr) {
    s->forwarder_ = std::make_unique<HomeForwarder>(*s->auth_, *deps.regions);
  }
  if (deps.event_feed != nullptr && deps.outbox_signal != nullptr) {
    s->watches_ = std::make_unique<WatchHub>(*deps.event_feed, *deps.outbox_signal,
                                             WatchHub::Options{.max_watches = deps.max_watches});
  }
  s->orders_ = std::make_unique<OrderService>(*s->auth_, *deps.reads, *deps.placement,
                                              *deps.fulfilment, s->watches_.get(), deps.regions,
                                              s->forwarder_.get());
  s->region_ =
      std::make_unique<RegionService>(*s->auth_, deps.region, deps.event_feed, deps.regions);
  s->replication_ =
      std::make_unique<ReplicationService>(*s->auth_, deps.region, s->watches_.get());
  s->inventory_ = std::make_unique<InventoryService>(*s->auth_, *deps.reads, *deps.unit_of_work,
                                                     deps.fulfilment->settings(), *deps.clock,
                                                     s->watches_.get(), deps.channels, deps.region);
  s->fulfillment_ = std::make_unique<FulfillmentService>(*s->auth_, *deps.reads, *deps.fulfilment);
  s->catalog_ = std::make_unique<CatalogService>(*s->auth_, *deps.reads);
  s->customers_ = std::make_unique<CustomerService>(*s->auth_, *deps.reads);
  s->nodes_ = std::make_unique<NodeService>(*s->auth_, *deps.reads);
  s->session_ = std::make_unique<SessionService>(*s->auth_, s->sign_in_.get(), deps.region);
  s->intake_ = std::make_unique<IntakeService>(*s->auth_, *deps.reads);
  if (deps.refunds != nullptr) {
    s->payments_ = std::make_unique<PaymentService>(*s->auth_, *deps.reads, *deps.refunds,
                                                    s->forwarder_.get());
  }
  if (deps.returns != nullptr) {
    s->returns_ = std::make_unique<ReturnService>(*s->auth_, *deps.reads, *deps.returns,
                                                  s->forwarder_.get());
  }
  if (deps.relay != nullptr) s->ops_ = std::make_unique<OpsService>(*s->auth_, *deps.reads, *deps.relay);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, *credentials, &s->port_);
  builder.SetMaxReceiveMessageSize(deps.max_message_bytes);
  builder.RegisterService(s->orders_.get());
  builder.RegisterService(s->inventory_.get());
  builder.RegisterService(s->catalog_.get());
  builder.RegisterService(s->customers_.get());
  builder.RegisterService(s->nodes_.get());
  builder.RegisterService(s->session_.get());
  builder.RegisterService(s->admin_.get());
  builder.RegisterService(s->fulfillment_.get());
  builder.RegisterService(s->intake_.get());
  builder.RegisterService(s->region_.get());
  builder.RegisterService(s->replication_.get());
  if (s->payments_) builder.RegisterService(s->payments_.get());
  if (s->returns_) builder.RegisterService(s->returns_.get());
  if (s->ops_) builder.RegisterService(s->ops_.get());
  builder.SetOption(std::make_unique<ReflectionOption>(deps.reflection));
  s->server_ = builder.BuildAndStart();
  if (s->server_ == nullptr || s->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", listen, ": the address is in use or not local"));
  }
  s->server_->GetHealthCheckService()->SetServingStatus(true);
  return s;
}

ApiServer::~ApiServer() {
  if (server_) Shutdown(absl::Seconds(5));
}

void ApiServer::SetServing(bool serving) {
  std::lock_guard lock(health_mu_);
  if (shut_down_ || !server_) return;
  server_->GetHealthCheckService()->SetServingStatus(serving);
}

void ApiServer::Shutdown(absl::Duration grace) {
  if (!server_) return;
  {
    std::lock_guard lock(health_mu_);
    shut_down_ = true;
    server_->GetHealthCheckService()->SetServingStatus(false);
  }
  // Streams never end by themselves; without this Shutdown would wait out
  // the grace period and then cancel them.
  if (watches_) watches_->Shutdown();
  server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(grace));
  server_->Wait();
  server_.reset();
}

void ApiServer::Wait() {
  if (server_) server_->Wait();
}

}  // namespace oms::api
