#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/accounts.h"
#include "server/application/actor.h"
#include "server/application/refund_repository.h"
#include "server/application/rejected_intake.h"
#include "server/domain/repositories.h"

namespace oms::application {

// An idempotency key as stored: scoped to the principal, bound to the
// region that first received it, kept at least 24 hours.
struct IdempotencyRecord {
  std::string principal_id;
  std::string key;
  std::string request_hash;  // SHA-256 of the request without its key
  std::string resource_id;   // what the first request created (an order id)
  std::string region;
  absl::Time created_at;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  virtual absl::StatusOr<std::optional<IdempotencyRecord>> Find(const std::string& principal_id,
                                                                const std::string& key) = 0;
  // ALREADY_EXISTS when the (principal, key) pair is taken.
  virtual absl::Status Insert(const IdempotencyRecord& record) = 0;
  // Deletes keys created before `cutoff`; returns how many.
  virtual absl::StatusOr<int64_t> PurgeBefore(absl::Time cutoff) = 0;
};

// Where a placement saga stands, so that start-up can resume it.
struct SagaRecord {
  enum class Step { kAuthorizing, kVoiding };
  std::string order_id;
  Step step = Step::kAuthorizing;
  absl::Time deadline;      // reject if still authorizing then
  absl::Time next_attempt;  // when to drive it again
  int attempts = 0;
  std::string principal_id;
  std::string trace_id;
};

class SagaRepository {
 public:
  virtual ~SagaRepository() = default;
  virtual absl::Status Upsert(const SagaRecord& record) = 0;
  virtual absl::Status Delete(const std::string& order_id) = 0;
  virtual absl::StatusOr<std::optional<SagaRecord>> Find(const std::string& order_id) = 0;
  // Sagas whose next_attempt is at or before `now`, oldest first.
  virtual absl::StatusOr<std::vector<SagaRecord>> Due(absl::Time now, int limit) = 0;
};

// Work that follows a commit and talks to the outside, retried with backoff
// until done and kept across restarts: capture a shipped shipment's card
// money, send a shipment to a partner node.
struct FulfilmentJob {
  enum class Kind {
    kCapture,      // capture a shipped shipment's card money
    kNodeRequest,  // send a shipment to its partner node
    kNodeCancel,   // ask a partner node to cancel units of a shipment
    kRelease,      // release an order to its nodes when its grace window ends
  };
  Kind kind = Kind::kCapture;
  std::string order_id;
  std::string shipment_id;
  absl::Time next_attempt;
  int attempts = 0;
  std::string last_error;
  // One job per (kind, shipment); kRelease jobs carry the order id as
  // their shipment_id.
  std::string job_id() const { return std::string(KindName(kind)) + ":" + shipment_id; }
  static const char* KindName(Kind kind) {
    switch (kind) {
      case Kind::kCapture: return "CAPTURE";
      case Kind::kNodeRequest: return "NODE_REQUEST";
      case Kind::kNodeCancel: return "NODE_CANCEL";
      case Kind::kRelease: return "RELEASE";
    }
    return "UNKNOWN";
  }
};

class FulfilmentJobRepository {
 public:
  virtual ~FulfilmentJobRepository() = default;
  virtual absl::Status Upsert(const FulfilmentJob& job) = 0;
  virtual absl::Status Delete(const FulfilmentJob& job) = 0;
  // Jobs whose next_attempt is at or before `now`, soonest first.
  virtual absl::StatusOr<std::vector<FulfilmentJob>> Due(absl::Time now, int limit) = 0;
};

// Stock snapshots a partner node posted, to apply each once and never an
// older one after a newer.
class StockSnapshotLog {
 public:
  virtual ~StockSnapshotLog() = default;
  virtual absl::StatusOr<bool> Applied(const std::string& node_id,
                                       const std::string& snapshot_id) = 0;
  // The taken_at of the newest snapshot applied for the node, if any.
  virtual absl::StatusOr<std::optional<absl::Time>> Newest(const std::string& node_id) = 0;
  virtual absl::Status Record(const std::string& node_id, const std::string& snapshot_id,
                              absl::Time taken_at, absl::Time applied_at) = 0;
};

// An expected inbound delivery at a node (a purchase order, a transfer).
struct InboundDelivery {
  std::string delivery_id;
  std::string node_id;
  std::string reference;
  absl::Time expected_at;
  bool received = false;
  absl::Time received_at;
  struct Line {
    std::string sku;
    int64_t quantity = 0;
  };
  std::vector<Line> lines;
};

class InboundRepository {
 public:
  virtual ~InboundRepository() = default;
  // ALREADY_EXISTS when the id is taken.
  virtual absl::Status Insert(const InboundDelivery& delivery, absl::Time now) = 0;
  // NOT_FOUND for an unknown id.
  virtual absl::StatusOr<InboundDelivery> Get(const std::string& delivery_id) = 0;
  virtual absl::Status MarkReceived(const std::string& delivery_id, absl::Time at) = 0;
  // Deliveries still expected at a node (all nodes when empty), soonest first.
  virtual absl::StatusOr<std::vector<InboundDelivery>> Expected(const std::string& node_id,
                                                                int limit) = 0;
};

// Prices the OMS computes itself, for channels that ask it to (POS).
class PricingRepository {
 public:
  virtual ~PricingRepository() = default;
  // NOT_FOUND for an unknown option or an option without a price in that currency.
  virtual absl::StatusOr<int64_t> ShippingPrice(const std::string& option_code,
                                                const std::string& currency) = 0;
  // Basis points (2000 = 20%). NOT_FOUND when the region has no rate for the class.
  virtual absl::StatusOr<int> TaxRateBp(const std::string& region,
                                        const std::string& tax_class) = 0;
};

// The repositories of one unit of work, bound to the writer's transaction.
// Valid only inside the unit's `work` function.
class Transaction {
 public:
  virtual ~Transaction() = default;
  // Stamps the events written by this unit from now on.
  virtual void SetActor(const Actor& actor) = 0;
  virtual domain::OrderRepository& orders() = 0;
  virtual domain::StockRepository& stock() = 0;
  virtual domain::CatalogRepository& catalog() = 0;
  virtual domain::NodeRepository& nodes() = 0;
  virtual domain::CustomerRepository& customers() = 0;
  virtual domain::LedgerRepository& ledger() = 0;
  virtual IdempotencyRepository& idempotency() = 0;
  virtual SagaRepository& sagas() = 0;
  virtual PricingRepository& pricing() = 0;
  virtual FulfilmentJobRepository& jobs() = 0;
  virtual StockSnapshotLog& snapshots() = 0;
  virtual InboundRepository& inbound() = 0;
  virtual RefundRepository& refunds() = 0;
  virtual RejectedIntakeRepository& rejected_intake() = 0;
  virtual AccountRepository& accounts() = 0;
};

// Runs units of work on the single writer, many per commit (group commit).
// `work` runs inside its own savepoint: an error rolls back that unit alone.
// `done` runs after the commit is durable (or with the error), on the writer
// thread: it must be quick and never block. Thread-safe.
class UnitOfWork {
 public:
  using Work = std::function<absl::Status(Transaction&)>;
  using Done = std::function<void(absl::Status)>;
  virtual ~UnitOfWork() = default;
  virtual void Submit(Work work, Done done) = 0;
  // Submits and waits; never from the writer thread.
  virtual absl::Status RunSync(Work work) = 0;
};

// Runs a unit that answers a value: `done` gets the value once the commit
// is durable, or the unit's (or the commit's) error. Same threading as
// UnitOfWork::Submit.
template <typename T>
void SubmitForResult(UnitOfWork& unit_of_work,
                     std::function<absl::StatusOr<T>(Transaction&)> unit,
                     std::function<void(absl::StatusOr<T>)> done) {
  auto result = std::make_shared<T>();
  unit_of_work.Submit(
      [result, unit = std::move(unit)](Transaction& tx) -> absl::Status {
        auto answer = unit(tx);
        if (!answer.ok()) return answer.status();
        *result = std::move(*answer);
        return absl::OkStatus();
      },
      [result, done = std::move(done)](absl::Status status) {
        if (!status.ok()) return done(status);
        done(std::move(*result));
      });
}

}  // namespace oms::application
