#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/application/fulfillment_partner.h"

namespace oms::partner_testing {

// A PartnerInbox for tests: records every report handed to it and answers
// by a rule the test sets (OK by default), on the caller's thread.
//
// With EnforceOrder(), it also plays the rules the real inbox has to keep:
// a confirmation id seen before answers OK and applies nothing; a
// confirmation applies only when its sequence is the shipment's next
// (FAILED_PRECONDITION naming the expected one otherwise). applied() lists
// what was applied, in order. The rule, when set, is asked first.
//
// Thread-safe.
class RecordingPartnerInbox : public application::PartnerInbox {
 public:
  using ConfirmationRule = std::function<absl::Status(const application::ShipConfirmation&)>;
  using SnapshotRule = std::function<absl::Status(const application::StockSnapshot&)>;

  void SetConfirmationRule(ConfirmationRule rule) {
    absl::MutexLock lock(&mu_);
    confirmation_rule_ = std::move(rule);
  }
  void SetSnapshotRule(SnapshotRule rule) {
    absl::MutexLock lock(&mu_);
    snapshot_rule_ = std::move(rule);
  }
  void EnforceOrder() {
    absl::MutexLock lock(&mu_);
    enforce_order_ = true;
  }
  // Calls are recorded but never answered (until the inbox is destroyed).
  void NeverAnswer() {
    absl::MutexLock lock(&mu_);
    never_answer_ = true;
  }

  void ApplyShipConfirmation(const application::ShipConfirmation& c, Done done) override {
    absl::Status status;
    {
      absl::MutexLock lock(&mu_);
      confirmations_.push_back(c);
      if (never_answer_) {
        unanswered_.push_back(std::move(done));
        return;
      }
      if (confirmation_rule_) status = confirmation_rule_(c);
      if (status.ok() && enforce_order_) status = ApplyInOrder(c);
    }
    done(status);
  }

  void ApplyStockSnapshot(const application::StockSnapshot& s, Done done) override {
    absl::Status status;
    {
      absl::MutexLock lock(&mu_);
      snapshots_.push_back(s);
      if (never_answer_) {
        unanswered_.push_back(std::move(done));
        return;
      }
      if (snapshot_rule_) status = snapshot_rule_(s);
    }
    done(status);
  }

  ~RecordingPartnerInbox() override {
    for (Done& done : unanswered_) done(absl::CancelledError("test inbox destroyed"));
  }

  std::vector<application::ShipConfirmation> confirmations() const {
    absl::MutexLock lock(&mu_);
    return confirmations_;
  }
  std::vector<application::StockSnapshot> snapshots() const {
    absl::MutexLock lock(&mu_);
    return snapshots_;
  }
  // Confirmation ids in the order they were applied (EnforceOrder only).
  std::vector<std::string> applied() const {
    absl::MutexLock lock(&mu_);
    return applied_;
  }
  // Blocks until `n` confirmations were handed in (applied or not) or
  // `timeout` passes.
  bool AwaitConfirmations(size_t n, absl::Duration timeout) const {
    absl::MutexLock lock(&mu_);
    struct Check {
      const std::vector<application::ShipConfirmation>* got;
      size_t n;
      bool operator()() const { return got->size() >= n; }
    } check{&confirmations_, n};
    return mu_.AwaitWithTimeout(absl::Condition(&check), timeout);
  }
  // Blocks until `n` confirmations were applied or `timeout` passes.
  bool AwaitApplied(size_t n, absl::Duration timeout) const {
    absl::MutexLock lock(&mu_);
    struct Check {
      const std::vector<std::string>* applied;
      size_t n;
      bool operator()() const { return applied->size() >= n; }
    } check{&applied_, n};
    return mu_.AwaitWithTimeout(absl::Condition(&check), timeout);
  }

 private:
  absl::Status ApplyInOrder(const application::ShipConfirmation& c)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (seen_ids_.count(c.confirmation_id) > 0) return absl::OkStatus();  // applied before
    int64_t& last = last_sequence_[c.shipment_id];
    if (c.sequence != last + 1) {
      return absl::FailedPreconditionError(absl::StrCat(
          "confirmation ", c.confirmation_id, " of shipment ", c.shipment_id,
          " is out of order: sequence ", c.sequence, " arrived, ", last + 1, " is next"));
    }
    last = c.sequence;
    seen_ids_[c.confirmation_id] = true;
    applied_.push_back(c.confirmation_id);
    return absl::OkStatus();
  }

  mutable absl::Mutex mu_;
  ConfirmationRule confirmation_rule_ ABSL_GUARDED_BY(mu_);
  SnapshotRule snapshot_rule_ ABSL_GUARDED_BY(mu_);
  bool enforce_order_ ABSL_GUARDED_BY(mu_) = false;
  bool never_answer_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<application::ShipConfirmation> confirmations_ ABSL_GUARDED_BY(mu_);
  std::vector<application::StockSnapshot> snapshots_ ABSL_GUARDED_BY(mu_);
  std::vector<Done> unanswered_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, bool> seen_ids_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int64_t> last_sequence_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> applied_ ABSL_GUARDED_BY(mu_);
};

}  // namespace oms::partner_testing
