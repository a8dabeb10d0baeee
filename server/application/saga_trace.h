#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/application/place_order_command.h"
#include "server/observability/span.h"

namespace oms::application {

struct PlaceOrderResult;

// One placement saga step, traced and timed: a span "saga.<step>" under
// the trace current when it starts (the PlaceOrder RPC's, or a resumed
// saga's stored trace id). Run the step's work under context() so its
// commit and partner spans nest under it; once it is answered, End it and
// carry on under parent(), so the next step is its sibling, not its child.
// End records oms_saga_step_duration_seconds. Thread-safe to hand between
// threads; End once.
class SagaStepTrace {
 public:
  explicit SagaStepTrace(std::string step);

  const observability::TraceContext& context() const { return span_.context(); }
  const observability::TraceContext& parent() const { return parent_; }
  void End(const absl::Status& status);

 private:
  const std::string step_;
  const observability::TraceContext parent_;
  const std::chrono::steady_clock::time_point started_;
  observability::Span span_;
};

using SagaStep = std::shared_ptr<SagaStepTrace>;
inline SagaStep StartSagaStep(std::string step) {
  return std::make_shared<SagaStepTrace>(std::move(step));
}

// Counts how a placement was answered in oms_placements_total (confirmed,
// rejected, awaiting_payment, replayed, failed) and its stock in
// oms_stock_reservations_total.
void RecordPlacementOutcome(const absl::StatusOr<PlaceOrderResult>& result);

}  // namespace oms::application
