#pragma once

#include <memory>
#include <string>
#include <vector>

#include "server/application/event_destination.h"
#include "server/application/notifier.h"
#include "server/integrations/notification_renderer.h"

namespace oms::integrations {

// Customer notifications as a destination of the outbox relay
// (docs/NOTIFICATIONS.md): an order event customers hear of is rendered
// from its template, with the order as the event's save left it, and sent
// through the notifier. A render that fails (an event naming a shipment the
// order does not have) is permanent: it is dead-lettered, not retried.
// Thread-safe; the renderer and the notifier must outlive it.
class NotificationDestination final : public application::EventDestination {
 public:
  NotificationDestination(const NotificationRenderer& renderer,
                          std::unique_ptr<application::Notifier> notifier);

  std::string name() const override { return "notifications:" + notifier_->name(); }
  std::vector<std::string> event_types() const override;
  bool Wants(const application::OutboxEvent& event) const override;
  void Deliver(const application::OutboxEvent& event,
               std::function<void(absl::Status)> done) override;

 private:
  const NotificationRenderer& renderer_;
  const std::unique_ptr<application::Notifier> notifier_;
};

}  // namespace oms::integrations
