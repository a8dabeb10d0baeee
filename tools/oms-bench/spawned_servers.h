#pragma once

#include <sys/types.h>

#include <string>

#include "absl/status/statusor.h"

namespace oms::bench {

struct SpawnOptions {
  int gateway_latency_ms = 0;   // oms-partners --latency-ms
  double gateway_decline_rate = 0;  // oms-partners --decline-rate
  int gateway_threads = 512;    // oms-partners --threads (one per open connection)
  bool keep_data = false;       // leave the temporary data folder behind
  // An existing data folder (e.g. from `oms-bench seed`) to serve as it is:
  // no --demo, and the folder is kept.
  std::string data_dir;
};

// A private oms-partners (card gateway) and omsd --demo on free loopback
// ports with a fresh data folder under $TMPDIR, rate limits lifted, no
// per-customer limits. The binaries are looked up next to oms-bench.
// Stops both (SIGTERM, then waits) and removes the folder when destroyed.
class SpawnedServers {
 public:
  static absl::StatusOr<std::unique_ptr<SpawnedServers>> Start(const SpawnOptions& options);
  ~SpawnedServers();
  SpawnedServers(const SpawnedServers&) = delete;
  SpawnedServers& operator=(const SpawnedServers&) = delete;

  const std::string& address() const { return address_; }
  const std::string& data_dir() const { return data_dir_; }
  pid_t omsd_pid() const { return omsd_pid_; }

 private:
  SpawnedServers() = default;
  std::string address_;
  std::string data_dir_;
  bool keep_data_ = false;
  pid_t partners_pid_ = -1;
  pid_t omsd_pid_ = -1;
};

// The resources folder omsd would use when run from oms-bench's folder.
absl::StatusOr<std::string> FindResourcesNearBinary();

// omsd's resident memory in bytes (VmRSS), or -1.
int64_t ResidentBytes(pid_t pid);

// Waits until the server at `address` answers grpc.health.v1 SERVING.
absl::Status WaitUntilServing(const std::string& address, int timeout_seconds);

}  // namespace oms::bench
