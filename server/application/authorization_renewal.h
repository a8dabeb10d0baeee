#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/unit_of_work.h"

// Card authorizations expire (docs/FULFILLMENT.md): the units of work of
// the sweep that renews them before they do.
namespace oms::application::fulfilment {

// An open card authorization within `renew_before` of its expiry.
struct RenewalStep {
  std::string order_id;
  std::string tender_id;
  std::string gateway;
  std::string payment_ref;  // the authorization to replace
  std::string currency;
  std::string card_token;
  int64_t amount_minor = 0;  // what is still uncaptured and not voided
  int renewals = 0;          // renewals so far; this one is renewals + 1
  absl::Time expires_at;
};

// Authorizations due for renewal at `now` (not put off), oldest first, at
// most `limit`. Orders are read in `tx`.
absl::StatusOr<std::vector<RenewalStep>> RenewalsDue(Transaction& tx,
                                                     const FulfilmentSettings& settings,
                                                     absl::Time now, int limit);

// Records that `new_ref` replaces `old_ref` on the tender (TenderReauthorized).
// Once only: when the tender already holds `new_ref` nothing changes.
// FAILED_PRECONDITION when the tender no longer needs it (over, or renewed
// under another reference): the caller voids `new_ref`.
absl::Status RecordRenewal(Transaction& tx, const std::string& order_id,
                           const std::string& tender_id, const std::string& old_ref,
                           const std::string& new_ref, absl::Time now);

}  // namespace oms::application::fulfilment
