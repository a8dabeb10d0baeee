// omsd: the order server of one region. Composition root only: read flags
// and configuration, start the server, wait for a signal, drain.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <csignal>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "server/observability/logging.h"
#include "server/observability/tracer.h"
#include "server/oms_server.h"
#include "spdlog/spdlog.h"

namespace {

// The demo's staff tokens (resources/demo/staff.json), printed so that a new
// user can start at once.
constexpr std::pair<const char*, const char*> kDemoTokens[] = {
    {"agent", "demo-agent-token"},         {"supervisor", "demo-supervisor-token"},
    {"warehouse", "demo-warehouse-token"}, {"store", "demo-store-token"},
    {"admin", "demo-admin-token"},         {"channel", "demo-channel-web-token"},
};

// Self-pipe: the handler only writes the signal number; main reads it.
// Works whichever thread the kernel delivers the signal to.
int g_signal_pipe[2] = {-1, -1};

void OnStopSignal(int signal) {
  const unsigned char byte = static_cast<unsigned char>(signal);
  [[maybe_unused]] ssize_t n = write(g_signal_pipe[1], &byte, 1);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"omsd: the order management server of one region"};
  std::string listen, data_dir, config_file, region, resources;
  bool demo = false;
  app.add_option("--listen", listen, "host:port to serve gRPC on (default 127.0.0.1:50051)");
  app.add_option("--data-dir", data_dir, "folder of the SQLite database (default var/omsd)");
  app.add_option("--config", config_file, "TOML configuration file");
  app.add_option("--region", region, "region code, e.g. EU1");
  app.add_option("--resources", resources, "folder holding resources/demo");
  app.add_flag("--demo", demo, "load the demo catalog, nodes, stock, customers and staff");
  CLI11_PARSE(app, argc, argv);

  oms::ServerConfig config;
  if (!config_file.empty()) {
    auto loaded = oms::LoadConfig(config_file);
    if (!loaded.ok()) {
      std::cerr << "omsd: " << loaded.status().message() << std::endl;
      return 2;
    }
    config = *loaded;
  }
  if (!listen.empty()) config.listen = listen;
  if (!data_dir.empty()) config.data_dir = data_dir;
  if (!region.empty()) config.region = region;
  if (!resources.empty()) config.resources_dir = resources;
  // Log lines from here on are in the configured format (json: one object
  // per line with trace_id and principal); the start-up lines below stay
  // plain text on stdout for people and scripts.
  if (absl::Status s = oms::observability::ConfigureLogging(
          {config.observability.log_format, config.observability.log_level});
      !s.ok()) {
    std::cerr << "omsd: " << s.message() << std::endl;
    return 2;
  }

  if (pipe(g_signal_pipe) != 0) {
    spdlog::critical("cannot create the signal pipe");
    return 1;
  }
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  oms::OmsServer::Options options;
  options.config = config;
  options.demo = demo;
  auto server = oms::OmsServer::Start(options);
  if (!server.ok()) {
    spdlog::critical("cannot start: {}", std::string(server.status().message()));
    return 1;
  }
  if (demo) {
    const std::string seed =
        oms::FindResourcesDir(config.resources_dir) + "/demo/orders/seed.jsonl";
    auto placed = (*server)->PlaceDemoOrders(seed);
    if (!placed.ok()) {
      spdlog::error("demo orders not placed: {}", std::string(placed.status().message()));
    } else if (*placed > 0) {
      std::cout << "Placed " << *placed << " demo orders" << std::endl;
    }
    std::cout << "Demo tokens (send as 'authorization: Bearer <token>'):\n";
    for (const auto& [role, token] : kDemoTokens) {
      std::cout << "  " << role << ": " << token << "\n";
    }
    std::cout << "Demo sign-in: omsctl login alice --password alice-demo-pass (accounts and "
                 "passwords in docs/SECURITY.md)\n";
  }
  std::cout << "omsd region " << config.region << " data " << config.data_dir << std::endl;
  std::cout << "omsd listening on 127.0.0.1:" << (*server)->port()
            << (config.tls.enabled() ? " (TLS)" : "") << std::endl;
  if ((*server)->metrics_port() != 0) {
    std::cout << "omsd metrics on http://127.0.0.1:" << (*server)->metrics_port() << "/metrics"
              << std::endl;
  }
  if ((*server)->partner_port() != 0) {
    std::cout << "omsd partner endpoint on http://127.0.0.1:" << (*server)->partner_port()
              << " (3PL reports, marketplace orders)" << std::endl;
  }

  unsigned char received = 0;
  while (read(g_signal_pipe[0], &received, 1) < 0 && errno == EINTR) {
  }
  std::cout << "omsd: " << (received == SIGTERM ? "SIGTERM" : "SIGINT")
            << ", draining and stopping" << std::endl;
  (*server)->Shutdown();
  // The exporter thread ends before exit tears down what it uses.
  oms::observability::ProcessTracer().Shutdown();
  spdlog::shutdown();
  return 0;
}
