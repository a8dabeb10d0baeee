// oms-partners: simulators of the outside world (the card gateway, the 3PL /
// drop-shipper, marketplaces) on loopback HTTP. See docs/PARTNERS.md.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "partners/partner_server.h"

namespace {

bool ParseListen(const std::string& listen, std::string* host, int* port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  *host = listen.substr(0, colon);
  return absl::SimpleAtoi(listen.substr(colon + 1), port) && *port >= 0 && *port <= 65535;
}

// "NODE=SECRET" pairs into the node's secrets.
bool ParseNodeSecrets(const std::vector<std::string>& pairs,
                      std::map<std::string, std::string>* secrets) {
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) return false;
    (*secrets)[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"oms-partners: card gateway, 3PL / drop-shipper and marketplace simulators"};
  std::string listen = "127.0.0.1:8091";
  oms::partners::PartnerServerOptions options;
  int64_t latency_ms = 0;
  int64_t hold_ms = absl::ToInt64Milliseconds(options.card_gateway.faults.hold);
  oms::partners::GatewayFaults& faults = options.card_gateway.faults;
  app.add_option("--listen", listen, "host:port to listen on; port 0 picks a free one")
      ->capture_default_str();
  app.add_option("--secret", options.card_gateway.secret,
                 "shared secret for the card gateway's request signatures")
      ->capture_default_str();
  app.add_option("--threads", options.threads, "worker threads (bounds concurrent requests)")
      ->capture_default_str();
  app.add_option("--latency-ms", latency_ms, "card gateway: delay before every answer");
  app.add_option("--decline-rate", faults.decline_rate,
                 "card gateway: share (0..1) of approved cards to decline anyway");
  app.add_flag("--outage", faults.outage, "card gateway: answer 503 to everything");
  app.add_flag("--timeout", faults.timeout, "card gateway: hold every call, never answer");
  app.add_option("--hold-ms", hold_ms,
                 "card gateway and 3PL: how long timeouts and lost replies hold")
      ->capture_default_str();
  app.add_option("--lose-replies", faults.lose_replies,
                 "card gateway: process the next N money calls but drop their replies");
  oms::partners::LogisticsSettings& logistics = options.third_party_logistics.settings;
  oms::partners::LogisticsFaults& logistics_faults = options.third_party_logistics.faults;
  std::vector<std::string> node_secrets;
  int64_t logistics_latency_ms = 0;
  app.add_option("--3pl-callback", logistics.callback_url,
                 "3PL: omsd's partner endpoint, where ship confirmations and stock snapshots "
                 "are posted, e.g. http://127.0.0.1:8092");
  app.add_option("--3pl-secret", logistics.secret,
                 "3PL: secret shared with omsd for nodes without their own")
      ->capture_default_str();
  app.add_option("--3pl-node-secret", node_secrets,
                 "3PL: NODE=SECRET, the secret of one node (repeatable)");
  app.add_option("--3pl-max-attempts", logistics.retry.max_attempts,
                 "3PL: posts of one report before giving up (409/429/5xx/unreachable retry)")
      ->capture_default_str();
  app.add_option("--3pl-latency-ms", logistics_latency_ms, "3PL: delay before every answer");
  app.add_option("--3pl-reject-sku", logistics_faults.reject_skus,
                 "3PL: reject shipments holding this SKU (repeatable)");
  app.add_flag("--3pl-reject-all", logistics_faults.reject_all, "3PL: reject every shipment");
  app.add_flag("--3pl-outage", logistics_faults.outage, "3PL: answer 503 to every call");
  std::vector<std::string> marketplaces;
  app.add_option("--marketplace", marketplaces,
                 "marketplace: CHANNEL:FORMAT:SECRET, a marketplace to play (format shopify or "
                 "amazon; repeatable); its orders go to --marketplace-omsd");
  app.add_option("--marketplace-omsd", options.marketplaces.omsd_url,
                 "marketplace: omsd's partner endpoint, where orders are posted, e.g. "
                 "http://127.0.0.1:50052");
  CLI11_PARSE(app, argc, argv);
  for (const std::string& m : marketplaces) {
    const size_t first = m.find(':');
    const size_t second = first == std::string::npos ? first : m.find(':', first + 1);
    if (second == std::string::npos) {
      std::cerr << "oms-partners: --marketplace must be CHANNEL:FORMAT:SECRET, got '" << m
                << "'\n";
      return 2;
    }
    options.marketplaces.channels.push_back(
        {m.substr(0, first), m.substr(first + 1, second - first - 1), m.substr(second + 1)});
  }
  if (absl::Status s = oms::partners::ValidateMarketplaceOptions(options.marketplaces); !s.ok()) {
    std::cerr << "oms-partners: " << s.message() << "\n";
    return 2;
  }

  if (!ParseListen(listen, &options.host, &options.port)) {
    std::cerr << "oms-partners: --listen must be host:port, e.g. 127.0.0.1:8091, got '"
              << listen << "'\n";
    return 2;
  }
  faults.latency = absl::Milliseconds(latency_ms);
  faults.hold = absl::Milliseconds(hold_ms);
  if (absl::Status s = oms::partners::ValidateFaults(faults); !s.ok()) {
    std::cerr << "oms-partners: " << s.message() << "\n";
    return 2;
  }
  if (!ParseNodeSecrets(node_secrets, &logistics.node_secrets)) {
    std::cerr << "oms-partners: --3pl-node-secret must be NODE=SECRET\n";
    return 2;
  }
  logistics_faults.latency = absl::Milliseconds(logistics_latency_ms);
  logistics_faults.hold = faults.hold;
  for (absl::Status s : {oms::partners::ValidateLogisticsSettings(logistics),
                         oms::partners::ValidateLogisticsFaults(logistics_faults)}) {
    if (!s.ok()) {
      std::cerr << "oms-partners: " << s.message() << "\n";
      return 2;
    }
  }

  // Block the stop signals before any thread starts so that every thread
  // inherits the mask and only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  oms::partners::PartnerServer server(options);
  if (absl::Status s = server.Start(); !s.ok()) {
    std::cerr << "oms-partners: " << s.message() << "\n";
    return 1;
  }
  std::cout << "oms-partners listening on " << server.base_url() << std::endl;

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server.Stop();
  std::cerr << "oms-partners: stopped on signal " << signal_number << "\n";
  return 0;
}
