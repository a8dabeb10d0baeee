#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace oms::application {

// A card part of a refund to pay out at its gateway after commit, retried
// with backoff until the gateway answers, kept across restarts (like
// FulfilmentJob). One job per (refund, part).
struct RefundJob {
  std::string order_id;
  std::string refund_id;
  int part_no = 0;
  absl::Time next_attempt;
  int attempts = 0;
  std::string last_error;
  std::string job_id() const { return refund_id + ":" + std::to_string(part_no); }
};

// A refund waiting for a supervisor (the list behind ListPendingApprovals;
// the order's body stays the truth).
struct PendingApproval {
  std::string refund_id;
  std::string order_id;
  std::string order_number;
  int64_t amount_minor = 0;
  std::string currency;
  std::string requested_by;
  std::string reason;
  absl::Time requested_at;
};

// One posting of a customer account's statement.
struct StatementLine {
  std::string entry_id;
  int64_t amount_minor = 0;  // positive: credited to the account
  std::string currency;
  std::string order_id;
  std::string memo;
  absl::Time occurred_at;
};

// Storage of refunds outside the order (migration 0003): jobs, the approval
// queue, and statements of ledger postings. Works inside the caller's
// transaction, like the domain repositories. Writer thread only.
class RefundRepository {
 public:
  virtual ~RefundRepository() = default;
  virtual absl::Status UpsertJob(const RefundJob& job) = 0;
  virtual absl::Status DeleteJob(const RefundJob& job) = 0;
  // Jobs whose next_attempt is at or before `now`, soonest first.
  virtual absl::StatusOr<std::vector<RefundJob>> DueJobs(absl::Time now, int limit) = 0;

  virtual absl::Status AddPendingApproval(const PendingApproval& approval) = 0;
  virtual absl::Status RemovePendingApproval(const std::string& refund_id) = 0;
  // Oldest first.
  virtual absl::StatusOr<std::vector<PendingApproval>> PendingApprovals(int limit) = 0;

  // The account's postings, newest first.
  virtual absl::StatusOr<std::vector<StatementLine>> Statement(const std::string& account,
                                                               int limit) = 0;
};

}  // namespace oms::application
