#include "server/application/returns.h"

#include <memory>

#include "server/application/return_units.h"

namespace oms::application {

Returns::Returns(UnitOfWork& unit_of_work, Refunds& refunds, PlacementSaga& placement,
                 const Clock& clock, ReturnSettings settings)
    : unit_of_work_(unit_of_work),
      refunds_(refunds),
      placement_(placement),
      clock_(clock),
      settings_(std::move(settings)) {}

void Returns::Run(
    std::function<absl::StatusOr<ReturnOutcome>(Transaction&, std::vector<RefundJob>&)> work,
    Actor actor, Callback done) {
  auto outcome = std::make_shared<ReturnOutcome>();
  auto jobs = std::make_shared<std::vector<RefundJob>>();
  unit_of_work_.Submit(
      [outcome, jobs, actor, work = std::move(work)](Transaction& tx) -> absl::Status {
        tx.SetActor(actor);
        jobs->clear();
        auto result = work(tx, *jobs);
        if (!result.ok()) return result.status();
        *outcome = std::move(*result);
        return absl::OkStatus();
      },
      [this, outcome, jobs, done = std::move(done)](absl::Status status) {
        if (!status.ok()) return done(status);
        // Card refunds go to their gateway now rather than at the next tick.
        refunds_.RunJobs(*jobs);
        // A replacement's difference paid by card: its saga is due at once.
        const auto& replacement = outcome->replacement;
        if (replacement.has_value() && replacement->status == domain::OrderStatus::kPending) {
          placement_.DriveDue();
        }
        done(std::move(*outcome));
      });
}

void Returns::Create(CreateReturnCommand command, Actor actor, Callback done) {
  const absl::Time now = clock_.Now();
  Run(
      [this, command = std::move(command), actor, now](Transaction& tx,
                                                       std::vector<RefundJob>& jobs) {
        const return_units::Context context{settings_, refunds_.settings(), placement_.options(),
                                            now};
        return return_units::Create(tx, command, actor, context, jobs);
      },
      actor, std::move(done));
}

void Returns::Receive(ReceiveReturnCommand command, Actor actor, Callback done) {
  const absl::Time now = clock_.Now();
  Run(
      [this, command = std::move(command), actor, now](Transaction& tx,
                                                       std::vector<RefundJob>& jobs) {
        const return_units::Context context{settings_, refunds_.settings(), placement_.options(),
                                            now};
        return return_units::Receive(tx, command, actor, context, jobs);
      },
      actor, std::move(done));
}

void Returns::Cancel(std::string return_id, std::string reason, Actor actor, Callback done) {
  const absl::Time now = clock_.Now();
  Run(
      [return_id = std::move(return_id), reason = std::move(reason), actor, now](
          Transaction& tx, std::vector<RefundJob>&) {
        return return_units::Cancel(tx, return_id, reason, actor, now);
      },
      actor, std::move(done));
}

}  // namespace oms::application
