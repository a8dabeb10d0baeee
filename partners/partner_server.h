#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "partners/card_gateway_simulator.h"
#include "partners/marketplace_simulator.h"
#include "partners/simulated_partner.h"
#include "partners/third_party_logistics_simulator.h"

namespace oms::partners {

struct PartnerServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: the kernel picks a free port; read it with port()
  // Worker threads. Each open connection holds one for as long as it is
  // kept alive, and each request sleeping for latency holds one, so this
  // bounds the requests served concurrently.
  int threads = 512;
  CardGatewayOptions card_gateway;
  ThirdPartyLogisticsOptions third_party_logistics;
  MarketplaceOptions marketplaces;
};

// The simulators of the outside world on one loopback HTTP server: the card
// gateway, the 3PL / drop-shipper and the marketplaces, each a
// SimulatedPartner registered in the constructor. Also serves
// POST /control/reset, which resets every partner.
//
// Usage (tests start it in-process):
//   PartnerServer server;
//   ASSERT_TRUE(server.Start().ok());
//   ... "http://127.0.0.1:" + server.port() ...
//   server.card_gateway().SetFaults({.outage = true});
//
// Thread-safety: Start and Stop are called from one owning thread; port(),
// base_url() and the partners' methods from any thread.
class PartnerServer {
 public:
  explicit PartnerServer(PartnerServerOptions options = {});
  // Stops the server if it runs.
  ~PartnerServer();

  PartnerServer(const PartnerServer&) = delete;
  PartnerServer& operator=(const PartnerServer&) = delete;

  // Binds and serves on background threads; returns once the port is bound,
  // so requests sent after it are accepted. UNAVAILABLE when the address
  // cannot be bound; FAILED_PRECONDITION when called twice.
  absl::Status Start();

  // Releases held requests, stops the partners' own posts, stops accepting,
  // closes connections and joins the worker threads. Idempotent; the server
  // cannot be started again.
  void Stop();

  int port() const { return port_; }
  std::string base_url() const;  // "http://127.0.0.1:PORT"

  CardGatewaySimulator& card_gateway() { return *card_gateway_; }
  ThirdPartyLogisticsSimulator& third_party_logistics() { return *third_party_logistics_; }
  MarketplaceSimulator& marketplaces() { return *marketplaces_; }

 private:
  class HttpServer;

  void ResetAll();

  const PartnerServerOptions options_;
  absl::Notification stopping_;  // wakes handlers sleeping for latency or holds
  std::unique_ptr<HttpServer> http_;
  std::vector<std::unique_ptr<SimulatedPartner>> partners_;
  CardGatewaySimulator* card_gateway_ = nullptr;  // owned by partners_
  ThirdPartyLogisticsSimulator* third_party_logistics_ = nullptr;  // owned by partners_
  MarketplaceSimulator* marketplaces_ = nullptr;                   // owned by partners_
  std::thread serve_thread_;
  int port_ = 0;
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace oms::partners
