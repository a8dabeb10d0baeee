#pragma once

// A loopback TCP proxy for tests that need an unreliable link between two
// servers (multi-region replication: delay between regions, partitions that
// are cut and healed). It relays raw bytes, so it works for gRPC over HTTP/2
// or any other TCP protocol.

#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace oms::testing {

// Listens on 127.0.0.1 and relays every accepted connection to a target.
//
// Link modes (all methods are thread-safe and may be called while traffic flows):
//  - normal: bytes are relayed, each chunk after the configured delay;
//  - Cut(): a partition that both ends notice. Open connections are shut down
//    on both sides at once; new connections are reset right after accept;
//  - Blackhole(): a silent partition. Open connections stay open but bytes in
//    both directions (and half-closes) are dropped; new connections are
//    accepted but never reach the target;
//  - Heal(): back to normal. Connections cut stay closed. Connections open at
//    Heal() after a Blackhole() are closed too: they lost bytes, so a stream
//    on them is corrupt, and closing them models the peer noticing the
//    partition. Clients reconnect through the healed link.
//
// The destructor stops accepting, closes every connection without flushing
// bytes still held back by the delay, and joins every thread.
class LinkProxy {
 public:
  // `target_host_port` is "host:port" ("[::1]:port" for IPv6 literals).
  explicit LinkProxy(std::string target_host_port);
  ~LinkProxy();

  LinkProxy(const LinkProxy&) = delete;
  LinkProxy& operator=(const LinkProxy&) = delete;

  // The port Start listens on; 0 (the default) picks a free one.
  void SetListenPort(int port) { listen_port_ = port; }

  // Resolves the target, listens on 127.0.0.1 on the listen port and starts
  // accepting in the background. Call once.
  absl::Status Start();

  // The listening port (0 before Start()) and "127.0.0.1:PORT".
  int port() const;
  std::string address() const;

  // Every chunk read afterwards, in either direction, is delivered no earlier
  // than its read time plus a delay drawn uniformly from [min, max], and never
  // before an earlier chunk of the same direction. Negative values count as
  // zero; min > max is treated as max. Zero by default.
  void SetDelay(absl::Duration min, absl::Duration max);

  void Cut();
  void Blackhole();
  void Heal();

  // Every connection accepted, including those reset by Cut() or blackholed.
  int64_t connections_accepted() const;
  // Bytes written to either peer (both directions summed).
  int64_t bytes_relayed() const;

 private:
  enum class Mode { kNormal, kCut, kBlackhole };
  struct Pipe;
  struct Connection;

  void Stop();
  void AcceptLoop();
  void HandleAccepted(int client_fd);
  // A connected socket to the target, or -1.
  int ConnectToTarget();
  void RunReader(Connection& conn, Pipe& pipe);
  void RunWriter(Connection& conn, Pipe& pipe);
  void RunSink(Connection& conn);
  void ThreadDone(Connection& conn);
  void ReapFinished();
  absl::Duration DrawDelay();

  const std::string target_host_port_;
  sockaddr_storage target_addr_{};
  socklen_t target_addr_len_ = 0;

  int listen_fd_ = -1;
  // Written once by Stop() and never drained, so it stays readable: it wakes
  // the accept loop and aborts a connect in progress.
  int stop_fd_ = -1;
  // Written by the last thread of a connection so the accept loop joins it
  // and closes its sockets promptly.
  int reap_fd_ = -1;
  std::atomic<int> port_{0};
  int listen_port_ = 0;  // set before Start
  std::thread accept_thread_;

  // std::mutex rather than absl::Mutex throughout: the relay threads wait on
  // std::condition_variable with the steady clock, and ThreadSanitizer sees
  // std::mutex even when absl is not built with it.
  //
  // Read without the lock on the data path; changed only under mu_ so that a
  // mode change and the connections it tears down are one step.
  std::atomic<Mode> mode_{Mode::kNormal};
  std::mutex mu_;
  bool stopping_ = false;                               // Guarded by mu_.
  std::list<std::unique_ptr<Connection>> connections_;  // Guarded by mu_.

  std::mutex delay_mu_;
  absl::Duration delay_min_ = absl::ZeroDuration();  // Guarded by delay_mu_.
  absl::Duration delay_max_ = absl::ZeroDuration();  // Guarded by delay_mu_.
  std::mt19937_64 rng_{std::random_device{}()};      // Guarded by delay_mu_.

  std::atomic<int64_t> connections_accepted_{0};
  std::atomic<int64_t> bytes_relayed_{0};
};

}  // namespace oms::testing
