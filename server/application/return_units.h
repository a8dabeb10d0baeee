#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/actor.h"
#include "server/application/placement_saga.h"
#include "server/application/refunds.h"
#include "server/application/returns.h"
#include "server/application/unit_of_work.h"

// The units of work of returns, each run inside one savepoint on the writer
// (all or nothing). Internal to server/application; Returns drives them.
namespace oms::application::return_units {

struct Context {
  const ReturnSettings& returns;
  const RefundSettings& refunds;
  const PlacementSaga::Options& placement;
  absl::Time now;
};

absl::StatusOr<ReturnOutcome> Create(Transaction& tx, const CreateReturnCommand& command,
                                     const Actor& actor, const Context& context,
                                     std::vector<RefundJob>& jobs);

absl::StatusOr<ReturnOutcome> Receive(Transaction& tx, const ReceiveReturnCommand& command,
                                      const Actor& actor, const Context& context,
                                      std::vector<RefundJob>& jobs);

absl::StatusOr<ReturnOutcome> Cancel(Transaction& tx, const std::string& return_id,
                                     const std::string& reason, const Actor& actor, absl::Time now);

// The order a return belongs to (return ids are order id + "-RMA" + n);
// INVALID_ARGUMENT for anything else.
absl::StatusOr<std::string> OrderIdOfReturn(const std::string& return_id);

}  // namespace oms::application::return_units
