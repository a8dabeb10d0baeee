// oms-link: a TCP link with a delay, between two regions on one machine
// (scripts/run-regions.sh --latency). Listens on one port and relays every
// connection to a target, each chunk held back by a delay drawn between
// --delay-ms and --max-delay-ms, in order. Stops on SIGINT/SIGTERM.
#include <csignal>
#include <iostream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "tools/oms-link/link_proxy.h"

int main(int argc, char** argv) {
  CLI::App app{"oms-link: relays TCP from --listen-port to --target with a delay"};
  int listen_port = 0;
  std::string target;
  int delay_ms = 0;
  int max_delay_ms = -1;
  app.add_option("--listen-port", listen_port, "port on 127.0.0.1 to accept on")->required();
  app.add_option("--target", target, "host:port to relay to")->required();
  app.add_option("--delay-ms", delay_ms, "one-way delay (the least, with --max-delay-ms)")
      ->capture_default_str();
  app.add_option("--max-delay-ms", max_delay_ms, "the most one-way delay (default: --delay-ms)");
  CLI11_PARSE(app, argc, argv);
  if (max_delay_ms < delay_ms) max_delay_ms = delay_ms;

  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // before any thread starts

  oms::testing::LinkProxy proxy(target);
  proxy.SetListenPort(listen_port);
  if (absl::Status s = proxy.Start(); !s.ok()) {
    std::cerr << "oms-link: " << s.message() << "\n";
    return 1;
  }
  proxy.SetDelay(absl::Milliseconds(delay_ms), absl::Milliseconds(max_delay_ms));
  std::cerr << "oms-link: 127.0.0.1:" << proxy.port() << " -> " << target << ", " << delay_ms
            << "-" << max_delay_ms << " ms each way\n";
  int signal = 0;
  sigwait(&stop, &signal);
  return 0;
}
