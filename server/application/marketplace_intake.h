#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "server/application/channels.h"
#include "server/application/marketplace_order_format.h"
#include "server/application/placement_saga.h"
#include "server/application/unit_of_work.h"

namespace oms::application {

// One order payload as a marketplace posted it to omsd's webhook.
struct MarketplacePost {
  std::string channel_id;
  std::string body;
  std::optional<std::string> signature;  // X-Signature as sent, if any
};

struct IntakeAnswer {
  domain::OrderState order;
  bool duplicate = false;  // the channel had sent this order before
};

// Marketplace orders in (docs/CHANNELS.md): check the signature, normalize
// the payload with the channel's format, place it through the placement
// saga as the channel ("channel:<id>"), and keep what is refused.
//
// `done` gets, exactly once:
//   the placed order                    new, or duplicate=true when an order
//                                       with this (channel, external id) exists
//   NOT_FOUND                           no marketplace channel with a secret has that id
//   UNAUTHENTICATED                     X-Signature missing or not
//                                       hex(HMAC-SHA256(channel secret, body))
//   INVALID_ARGUMENT "<field>: <why>"   not an order of the channel's format,
//                                       or one the OMS can never place
//   FAILED_PRECONDITION                 a legal order that cannot be placed now
//   UNAVAILABLE, ABORTED, INTERNAL      as the saga answered (not recorded:
//                                       the marketplace retries)
// UNAUTHENTICATED, INVALID_ARGUMENT and FAILED_PRECONDITION are recorded in
// the rejected-intake log (ListRejectedIntake) with the raw body before
// `done` runs. Normalization happens before any write, and placement is
// one saga, so nothing is half-imported.
//
// Thread-safe; `done` runs on the writer or a gateway thread.
class MarketplaceIntake {
 public:
  using Done = std::function<void(absl::StatusOr<IntakeAnswer>)>;

  // INVALID_ARGUMENT "channel.<id>.format: ..." when a marketplace channel
  // names a format not in `formats`. The references must outlive the intake.
  static absl::StatusOr<std::unique_ptr<MarketplaceIntake>> Create(
      const ChannelDirectory& channels,
      std::vector<std::unique_ptr<MarketplaceOrderFormat>> formats, PlacementSaga& placement,
      UnitOfWork& unit_of_work, const Clock& clock);

  void Receive(MarketplacePost post, Done done);

  // True when some marketplace channel has a secret, i.e. the webhook has
  // something to serve.
  bool HasWebhooks() const;

 private:
  MarketplaceIntake(const ChannelDirectory& channels,
                    std::map<std::string, std::unique_ptr<MarketplaceOrderFormat>> formats,
                    PlacementSaga& placement, UnitOfWork& unit_of_work, const Clock& clock);

  // Records the refusal, then answers it.
  void Reject(const MarketplacePost& post, const Channel& channel, bool signature_ok,
              absl::Status why, Done done);

  const ChannelDirectory& channels_;
  const std::map<std::string, std::unique_ptr<MarketplaceOrderFormat>> formats_;
  PlacementSaga& placement_;
  UnitOfWork& unit_of_work_;
  const Clock& clock_;
};

}  // namespace oms::application
