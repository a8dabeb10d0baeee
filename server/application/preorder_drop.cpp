#include "server/application/preorder_drop.h"

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/application/system_cancellations.h"

namespace oms::application {
namespace {

// Orders dropped by one request; more wait for the same request again.
constexpr int kMaxOrdersPerDrop = 10000;

struct DropState {
  DropPreorderCommand command;
  std::vector<std::string> order_ids;
  PreorderDropResult result;
};

// The stored answer of a drop: "orders:units".
std::string Remembered(const PreorderDropResult& r) { return absl::StrCat(r.orders, ":", r.units); }

PreorderDropResult Recalled(const std::string& resource) {
  PreorderDropResult r;
  std::vector<std::string> parts = absl::StrSplit(resource, ':');
  if (parts.size() == 2) {
    (void)absl::SimpleAtoi(parts[0], &r.orders);
    (void)absl::SimpleAtoi(parts[1], &r.units);
  }
  r.replayed = true;
  return r;
}

absl::Status Validate(const DropPreorderCommand& c) {
  if (c.sku.empty() || c.sku.size() > 64) {
    return absl::InvalidArgumentError("sku: required, at most 64 characters");
  }
  if (c.reason.empty() || c.reason.size() > 500) {
    return absl::InvalidArgumentError(
        "reason: required (it is shown on every order cancelled), at most 500 characters");
  }
  if (c.request_id.size() > 255) {
    return absl::InvalidArgumentError("request_id: at most 255 characters");
  }
  return absl::OkStatus();
}

}  // namespace

void DropPreorder(UnitOfWork& unit_of_work, DropPreorderCommand command, const Actor& actor,
                  const FulfilmentSettings& settings, absl::Time now,
                  std::function<void(absl::StatusOr<PreorderDropResult>)> done) {
  if (absl::Status s = Validate(command); !s.ok()) return done(s);
  if (absl::Status s = system_cancellation::RequireReviewer(actor, "drop preorders"); !s.ok()) {
    return done(s);
  }
  auto state = std::make_shared<DropState>();
  state->command = std::move(command);
  // First: the key, the product, and no more preorders from now on; then
  // the waiting orders, each in its own unit.
  unit_of_work.Submit(
      [state, actor](Transaction& tx) -> absl::Status {
        tx.SetActor(actor);
        const DropPreorderCommand& c = state->command;
        if (!c.request_id.empty()) {
          auto seen = tx.idempotency().Find(actor.principal_id, c.request_id);
          if (!seen.ok()) return seen.status();
          if (seen->has_value()) {
            if ((*seen)->request_hash != c.request_hash) {
              return absl::AlreadyExistsError(
                  absl::StrCat("request_id ", c.request_id,
                               " was already used for a different request; use a new one"));
            }
            state->result = Recalled((*seen)->resource_id);
            return absl::OkStatus();
          }
        }
        if (absl::Status s = tx.catalog().EndPreorders(c.sku); !s.ok()) {
          if (s.code() != absl::StatusCode::kFailedPrecondition) return s;
          return absl::FailedPreconditionError(
              absl::StrCat(s.message(), "; nothing to drop (cancel its orders with CancelOrder)"));
        }
        auto waiting = tx.orders().WaitingFor(c.sku, /*preorders=*/true, kMaxOrdersPerDrop);
        if (!waiting.ok()) return waiting.status();
        state->order_ids = std::move(*waiting);
        return absl::OkStatus();
      },
      [&unit_of_work, state, actor, settings = &settings, now,
       done = std::move(done)](absl::Status status) mutable {
        if (!status.ok()) return done(status);
        if (state->result.replayed) return done(state->result);
        for (const std::string& order_id : state->order_ids) {
          unit_of_work.Submit(
              [state, order_id, actor, settings, now](Transaction& tx) -> absl::Status {
                auto units = system_cancellation::DropPreorderedUnits(
                    tx, order_id, state->command.sku, state->command.reason, actor, *settings, now);
                if (!units.ok()) {
                  state->result.failures.push_back(
                      absl::StrCat(order_id, ": ", units.status().message()));
                  return units.status();
                }
                if (*units > 0) {
                  state->result.orders += 1;
                  state->result.units += *units;
                }
                return absl::OkStatus();
              },
              [](absl::Status) {});
        }
        // Units run in the order submitted: this one sees every order's outcome.
        unit_of_work.Submit(
            [state, actor, now](Transaction& tx) -> absl::Status {
              const DropPreorderCommand& c = state->command;
              if (c.request_id.empty() || !state->result.failures.empty()) {
                return absl::OkStatus();
              }
              return tx.idempotency().Insert({actor.principal_id, c.request_id, c.request_hash,
                                              Remembered(state->result), "", now});
            },
            [state, done = std::move(done)](absl::Status status) {
              if (!status.ok()) return done(status);
              done(state->result);
            });
      });
}

}  // namespace oms::application
