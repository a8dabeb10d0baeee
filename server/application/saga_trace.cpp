#include "server/application/saga_trace.h"

#include "server/application/placement_saga.h"
#include "server/observability/metrics.h"
#include "server/observability/tracer.h"

namespace oms::application {

SagaStepTrace::SagaStepTrace(std::string step)
    : step_(std::move(step)),
      parent_(observability::CurrentTrace()),
      started_(std::chrono::steady_clock::now()),
      span_(observability::StartSpan("saga." + step_)) {
  span_.SetAttribute("oms.saga.step", step_);
}

void SagaStepTrace::End(const absl::Status& status) {
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started_;
  observability::ProcessMetrics().RecordSagaStep(step_, status.ok() ? "ok" : "error", took.count());
  if (!status.ok()) span_.SetError(std::string(status.message()));
  span_.End();
}

void RecordPlacementOutcome(const absl::StatusOr<PlaceOrderResult>& result) {
  observability::Metrics& metrics = observability::ProcessMetrics();
  if (!result.ok()) {
    metrics.RecordPlacement("failed");
    // Routing refuses an order it cannot reserve before anything is written.
    if (absl::IsFailedPrecondition(result.status())) metrics.RecordReservation("out_of_stock");
    return;
  }
  if (result->replayed) {
    metrics.RecordPlacement("replayed");
    return;
  }
  switch (result->order.status) {
    case domain::OrderStatus::kRejected:
      metrics.RecordPlacement("rejected");
      metrics.RecordReservation("released");
      break;
    case domain::OrderStatus::kPending:
      metrics.RecordPlacement("awaiting_payment");
      break;
    default:
      metrics.RecordPlacement("confirmed");
      break;
  }
}

}  // namespace oms::application
