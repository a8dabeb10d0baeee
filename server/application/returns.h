#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "server/application/actor.h"
#include "server/application/place_order_command.h"
#include "server/application/placement_saga.h"
#include "server/application/refunds.h"
#include "server/application/unit_of_work.h"
#include "server/domain/order.h"

namespace oms::application {

struct ReturnSettings {
  // When a return's money moves (docs/RETURNS.md): on receipt of the goods
  // (default) or at creation.
  domain::RefundTiming refund_timing = domain::RefundTiming::kOnReceipt;
};

// A return as asked for through the API.
struct CreateReturnCommand {
  struct Replacement {
    std::string sku;
    int64_t quantity = 0;
  };
  std::string order_ref;  // order id or number
  std::vector<domain::Order::ReturnRequest::Line> lines;
  domain::RefundPolicy refund_policy = domain::RefundPolicy::kReverseCapture;
  // An exchange: the products sent instead, at today's catalog prices.
  std::vector<Replacement> replacement;
  // Pays what the replacement costs above the returned goods (card token,
  // wallet or store credit; amount and currency are set by the OMS).
  std::optional<PlaceOrderCommand::Tender> difference_tender;
  std::string request_id;    // idempotency key (may be empty)
  std::string request_hash;  // hash of the request without its key
};

struct ReceiveReturnCommand {
  std::string return_id;
  std::vector<domain::Order::ReceivedLine> lines;
  std::string request_id;
  std::string request_hash;
};

struct ReturnOutcome {
  domain::OrderState order;
  std::string return_id;
  // Exchanges: the replacement order as placed (PENDING while a difference
  // paid by card is being authorized).
  std::optional<domain::OrderState> replacement;
  bool replayed = false;
};

// Returns and exchanges as a use case (docs/RETURNS.md). Each command is one
// unit of work on the writer: the return, its refund (settled as refunds
// settle) and an exchange's replacement order are written together or not
// at all.
//
// Who may do what (Actor::role): create and cancel: agent, store,
// supervisor, admin (the money-back refund of an agent or store return
// above the refund limit waits for a supervisor); receive: warehouse,
// store, supervisor, admin. Others: PERMISSION_DENIED.
//
// Thread-safe. Callbacks run on the writer thread and must not block.
class Returns {
 public:
  using Callback = std::function<void(absl::StatusOr<ReturnOutcome>)>;

  Returns(UnitOfWork& unit_of_work, Refunds& refunds, PlacementSaga& placement, const Clock& clock,
          ReturnSettings settings);

  const ReturnSettings& settings() const { return settings_; }

  // Creates the return; once per request_id (a repeat answers the first
  // return, replayed; other content under the same key is ALREADY_EXISTS).
  void Create(CreateReturnCommand command, Actor actor, Callback done);
  void Receive(ReceiveReturnCommand command, Actor actor, Callback done);
  void Cancel(std::string return_id, std::string reason, Actor actor, Callback done);

 private:
  void Run(std::function<absl::StatusOr<ReturnOutcome>(Transaction&, std::vector<RefundJob>&)> work,
           Actor actor, Callback done);

  UnitOfWork& unit_of_work_;
  Refunds& refunds_;
  PlacementSaga& placement_;
  const Clock& clock_;
  const ReturnSettings settings_;
};

}  // namespace oms::application
