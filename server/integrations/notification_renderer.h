#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/application/notifier.h"
#include "server/application/queries.h"
#include "server/domain/order_state.h"

namespace oms::integrations {

// Renders customer notifications from Mustache templates
// (resources/notifications/<kind>.subject.mustache and <kind>.txt.mustache,
// kainjow-mustache). Which events customers hear of, and what the
// templates may use, is in docs/NOTIFICATIONS.md. Immutable once loaded;
// thread-safe.
class NotificationRenderer {
 public:
  // Reads every template; NOT_FOUND naming a missing file, INVALID_ARGUMENT
  // naming a template that does not parse.
  static absl::StatusOr<NotificationRenderer> Load(const std::filesystem::path& dir);

  // The kind of notification an outbox event is, or nullopt when customers
  // are not told of it.
  static std::optional<std::string> KindOf(const application::StoredEvent& event);

  // The message for `event` about `order` (the order as it is now; the
  // event names the shipment or refund). nullopt when customers are not
  // told of the event; INVALID_ARGUMENT when the event's payload is not
  // what the outbox writes.
  absl::StatusOr<std::optional<application::CustomerNotification>> Render(
      const application::StoredEvent& event, const domain::OrderState& order) const;

 private:
  struct Templates {
    std::string subject;
    std::string text;
  };
  std::map<std::string, Templates> templates_;
};

}  // namespace oms::integrations
