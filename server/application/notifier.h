#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"

namespace oms::application {

// A message to a customer about their order, rendered from a template
// (server/integrations/notification_renderer.h, resources/notifications/).
struct CustomerNotification {
  // order_confirmed, shipment_shipped, shipment_delivered, ready_for_pickup,
  // order_cancelled, refund_succeeded.
  std::string kind;
  // The event it tells of (its ULID): receivers drop a message they saw.
  std::string key;
  std::string order_id;
  std::string order_number;
  std::string to_name;
  std::string to_email;
  std::string to_phone;
  std::string subject;
  std::string text;
};

// Sends customer notifications (docs/NOTIFICATIONS.md): by e-mail through
// an SMTP server, or to a webhook of the merchant's messaging service.
// `done` is called exactly once: OK once the receiver accepted the message;
// UNAVAILABLE / DEADLINE_EXCEEDED when it may be tried again;
// INVALID_ARGUMENT / FAILED_PRECONDITION when trying again cannot help
// (no address, a receiver that refuses the message). Implementations say
// on which thread `done` runs.
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual std::string name() const = 0;
  virtual void Send(const CustomerNotification& notification,
                    std::function<void(absl::Status)> done) = 0;
};

}  // namespace oms::application
