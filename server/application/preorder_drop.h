#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/actor.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/unit_of_work.h"

// A merchandiser drops a preorder that will never come (docs/CANCELLATION.md,
// system cancellations): the product takes no more preorders, and every
// order waiting for it has its preordered units of the SKU cancelled by the
// system with reason OUT_OF_STOCK.
namespace oms::application {

struct DropPreorderCommand {
  std::string sku;
  std::string reason;      // required, shown on each order's timeline
  std::string request_id;  // optional idempotency key
  std::string request_hash;
};

struct PreorderDropResult {
  int orders = 0;     // orders that had units cancelled
  int64_t units = 0;  // units cancelled over all of them
  // Orders that could not be changed, each "order id: why"; they keep their
  // units, and the same request (under a new key) tries them again.
  std::vector<std::string> failures;
  bool replayed = false;  // request_id matched an earlier drop
};

// Supervisors and admins only (PERMISSION_DENIED). INVALID_ARGUMENT for a
// missing or oversized sku, reason or request_id; NOT_FOUND for an unknown
// SKU; FAILED_PRECONDITION when the product is not sold as a preorder;
// ALREADY_EXISTS for a key reused with other content. Each order is its own
// unit of work, so one order that cannot be changed holds none of the
// others back; the key is remembered only when every order succeeded.
// `done` runs on the writer thread.
void DropPreorder(UnitOfWork& unit_of_work, DropPreorderCommand command, const Actor& actor,
                  const FulfilmentSettings& settings, absl::Time now,
                  std::function<void(absl::StatusOr<PreorderDropResult>)> done);

}  // namespace oms::application
