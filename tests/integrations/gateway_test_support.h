#pragma once

#include <chrono>
#include <future>
#include <memory>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "server/application/payment_gateway.h"

namespace oms::integrations::testing {

using GatewayAnswer = absl::StatusOr<application::GatewayPayment>;

// A callback for a PaymentGateway call and the future it fulfils.
struct PendingAnswer {
  std::shared_ptr<std::promise<GatewayAnswer>> promise =
      std::make_shared<std::promise<GatewayAnswer>>();
  std::future<GatewayAnswer> future = promise->get_future();

  application::PaymentGateway::Callback callback() {
    return [p = promise](GatewayAnswer a) { p->set_value(std::move(a)); };
  }
  // Waits with a generous bound so a lost callback fails the test, not the run.
  GatewayAnswer Get(std::chrono::seconds patience = std::chrono::seconds(60)) {
    if (future.wait_for(patience) != std::future_status::ready) {
      ADD_FAILURE() << "the gateway never answered";
      return absl::InternalError("test: no answer");
    }
    return future.get();
  }
};

}  // namespace oms::integrations::testing
