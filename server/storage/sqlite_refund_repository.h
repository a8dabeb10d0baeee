#pragma once

#include "server/application/refund_repository.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// refund_jobs and refund_approvals (migration 0003), and statements read
// from ledger_postings. Writer thread only.
class SqliteRefundRepository : public application::RefundRepository {
 public:
  explicit SqliteRefundRepository(Connection& connection) : connection_(connection) {}
  absl::Status UpsertJob(const application::RefundJob& job) override;
  absl::Status DeleteJob(const application::RefundJob& job) override;
  absl::StatusOr<std::vector<application::RefundJob>> DueJobs(absl::Time now,
                                                              int limit) override;
  absl::Status AddPendingApproval(const application::PendingApproval& approval) override;
  absl::Status RemovePendingApproval(const std::string& refund_id) override;
  absl::StatusOr<std::vector<application::PendingApproval>> PendingApprovals(int limit) override;
  absl::StatusOr<std::vector<application::StatementLine>> Statement(const std::string& account,
                                                                    int limit) override;

 private:
  Connection& connection_;
};

}  // namespace oms::storage
