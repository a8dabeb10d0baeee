#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace prometheus {
class Exposer;
}

namespace oms::observability {

class Metrics;

// Serves `metrics` in the Prometheus text format at GET /metrics on
// `listen` ("127.0.0.1:9464"; port 0 picks a free one), on prometheus-cpp's
// own HTTP threads. Stops when destroyed.
class MetricsEndpoint {
 public:
  // UNAVAILABLE naming the address when it cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const std::string& listen,
                                                                Metrics& metrics);
  ~MetricsEndpoint();

  int port() const { return port_; }

 private:
  MetricsEndpoint() = default;

  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace oms::observability
