#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/actor.h"
#include "server/application/refunds.h"
#include "server/application/unit_of_work.h"

// The units of work of refunds, each run inside one savepoint on the writer
// (all or nothing). Internal to server/application; Refunds drives them.
namespace oms::application::refund_units {

// True for roles that may ask for refunds; `needs_approval` says whether
// `amount_minor` is above what the role may refund alone.
absl::Status MayRefund(const Actor& actor);
bool NeedsApproval(const Actor& actor, int64_t amount_minor, const RefundSettings& settings);
absl::Status MayApprove(const Actor& actor);

// The order named by id or number; NOT_FOUND "order X not found".
absl::StatusOr<domain::Order> LoadOrder(Transaction& tx, const std::string& order_ref);

// Starts paying a refund out in this unit: units back into stock, wallet,
// store credit and cash parts settled (ledger transfers), card parts queued
// as jobs (appended to `jobs` for the caller to start after commit).
absl::Status SettleRefund(Transaction& tx, domain::Order& order, const std::string& refund_id,
                          absl::Time now, std::vector<RefundJob>& jobs);

// Creates a refund on the order: waiting for a supervisor (recorded in the
// approvals list) when `needs_approval`, else settled at once. Does not
// save the order.
absl::StatusOr<std::string> StartRefund(Transaction& tx, domain::Order& order,
                                        const domain::Order::RefundRequest& request,
                                        bool needs_approval, const Actor& actor, absl::Time now,
                                        std::vector<RefundJob>& jobs);

absl::StatusOr<RefundPreview> Preview(Transaction& tx, const RefundCommand& command,
                                      const Actor& actor, const RefundSettings& settings);

// Creates the refund, settles what settles at once, queues card parts
// (their jobs are appended to `jobs` for the caller to start after commit).
absl::StatusOr<RefundOutcome> Request(Transaction& tx, const RefundCommand& command,
                                      const Actor& actor, const RefundSettings& settings,
                                      absl::Time now, std::vector<RefundJob>& jobs);

absl::StatusOr<RefundOutcome> Decide(Transaction& tx, const std::string& refund_id, bool approve,
                                     const std::string& reason, const Actor& actor,
                                     absl::Time now, std::vector<RefundJob>& jobs);

// The gateway refunded a card part: record it, end the job.
absl::Status RecordCardRefund(Transaction& tx, const RefundJob& job, absl::Time now);

// The order a refund belongs to (refund ids are order id + "-R" + n);
// INVALID_ARGUMENT for anything else.
absl::StatusOr<std::string> OrderIdOfRefund(const std::string& refund_id);

}  // namespace oms::application::refund_units
