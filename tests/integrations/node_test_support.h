#pragma once

#include <chrono>
#include <future>
#include <memory>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "server/application/fulfillment_partner.h"

namespace oms::integrations::testing {

using NodeResult = absl::StatusOr<application::NodeAnswer>;

// A callback for a NodeConnector call and the future it fulfils.
struct PendingNodeAnswer {
  std::shared_ptr<std::promise<NodeResult>> promise = std::make_shared<std::promise<NodeResult>>();
  std::future<NodeResult> future = promise->get_future();

  application::NodeConnector::Callback callback() {
    return [p = promise](NodeResult r) { p->set_value(std::move(r)); };
  }
  // Waits with a generous bound so a lost callback fails the test, not the run.
  NodeResult Get(std::chrono::seconds patience = std::chrono::seconds(60)) {
    if (future.wait_for(patience) != std::future_status::ready) {
      ADD_FAILURE() << "the node connector never answered";
      return absl::InternalError("test: no answer");
    }
    return future.get();
  }
};

}  // namespace oms::integrations::testing
