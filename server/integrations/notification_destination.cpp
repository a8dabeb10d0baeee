#include "server/integrations/notification_destination.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"

namespace oms::integrations {
namespace {

// The renderer reads events as the outbox stores them.
application::StoredEvent AsStored(const application::OutboxEvent& event) {
  application::StoredEvent stored;
  stored.sequence = event.seq;
  stored.event_id = event.event_id;
  stored.aggregate_type = event.aggregate_type;
  stored.aggregate_id = event.aggregate_id;
  stored.aggregate_version = event.aggregate_version;
  stored.event_type = event.event_type;
  stored.occurred_at = event.occurred_at;
  stored.summary = event.summary;
  nlohmann::json details = nlohmann::json::object();
  for (const auto& [k, v] : event.details) details[k] = v;
  stored.payload_json = nlohmann::json{
      {"type", event.event_type},
      {"summary", event.summary},
      {"details", details}}.dump();
  return stored;
}

}  // namespace

NotificationDestination::NotificationDestination(const NotificationRenderer& renderer,
                                                 std::unique_ptr<application::Notifier> notifier)
    : renderer_(renderer), notifier_(std::move(notifier)) {}

std::vector<std::string> NotificationDestination::event_types() const {
  return {"OrderStatusChanged", "ShipmentShipped", "ShipmentDelivered", "ShipmentReadyForPickup",
          "RefundSucceeded"};
}

bool NotificationDestination::Wants(const application::OutboxEvent& event) const {
  return event.order.has_value() && NotificationRenderer::KindOf(AsStored(event)).has_value();
}

void NotificationDestination::Deliver(const application::OutboxEvent& event,
                                      std::function<void(absl::Status)> done) {
  if (!event.order.has_value()) {
    return done(absl::FailedPreconditionError(
        absl::StrCat("event ", event.seq, " carries no order to tell the customer about")));
  }
  auto rendered = renderer_.Render(AsStored(event), *event.order);
  if (!rendered.ok()) return done(rendered.status());
  if (!rendered->has_value()) return done(absl::OkStatus());
  notifier_->Send(**rendered, std::move(done));
}

}  // namespace oms::integrations
