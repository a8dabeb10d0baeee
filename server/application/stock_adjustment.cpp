#include "server/application/stock_adjustment.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "server/application/fulfilment_units.h"

namespace oms::application {
namespace {

absl::Status Validate(const AdjustStockCommand& c) {
  if (c.request_id.size() > 255) {
    return absl::InvalidArgumentError("request_id: at most 255 characters");
  }
  if (c.sku.empty() || c.sku.size() > 64) {
    return absl::InvalidArgumentError("sku: required, at most 64 characters");
  }
  if (c.node_id.empty() || c.node_id.size() > 64) {
    return absl::InvalidArgumentError("node_id: required, at most 64 characters");
  }
  const int64_t min = c.kind == domain::StockAdjustment::kCount ? 0 : 1;
  if (c.quantity < min || c.quantity > 1'000'000'000) {
    return absl::InvalidArgumentError(
        absl::StrCat("quantity: must be between ", min, " and 1000000000, got ", c.quantity));
  }
  if (c.reason.empty() || c.reason.size() > 200) {
    return absl::InvalidArgumentError(
        "reason: say why the stock changes (at most 200 characters); it goes into the "
        "inventory ledger");
  }
  return absl::OkStatus();
}

}  // namespace

void AdjustStock(UnitOfWork& unit_of_work, AdjustStockCommand command, Actor actor,
                 const FulfilmentSettings& settings, absl::Time now,
                 std::function<void(absl::StatusOr<domain::StockLevel>)> done) {
  if (absl::Status s = Validate(command); !s.ok()) {
    done(s);
    return;
  }
  auto level = std::make_shared<domain::StockLevel>();
  auto cmd = std::make_shared<AdjustStockCommand>(std::move(command));
  unit_of_work.Submit(
      [level, cmd, actor, settings = &settings, now](Transaction& tx) -> absl::Status {
        tx.SetActor(actor);
        const std::string resource = absl::StrCat(cmd->sku, "@", cmd->node_id);
        if (!cmd->request_id.empty()) {
          auto existing = tx.idempotency().Find(actor.principal_id, cmd->request_id);
          if (!existing.ok()) return existing.status();
          if (existing->has_value()) {
            if ((*existing)->request_hash != cmd->request_hash) {
              return absl::AlreadyExistsError(absl::StrCat(
                  "request_id ", cmd->request_id,
                  " was already used for a different request; use a new one"));
            }
            auto current = tx.stock().Get(cmd->sku, cmd->node_id);
            if (!current.ok()) return current.status();
            *level = *current;
            return absl::OkStatus();
          }
        }
        auto nodes = tx.nodes().All();
        if (!nodes.ok()) return nodes.status();
        bool known = false;
        for (const auto& n : *nodes) known = known || n.node_id == cmd->node_id;
        if (!known) return absl::NotFoundError(absl::StrCat("no node ", cmd->node_id));
        std::vector<std::string> skus{cmd->sku};
        auto products = tx.catalog().Find(skus);
        if (!products.ok()) return products.status();
        if (products->empty()) return absl::NotFoundError(absl::StrCat("no SKU ", cmd->sku));
        int64_t on_hand_before = 0;
        if (auto before = tx.stock().Get(cmd->sku, cmd->node_id); before.ok()) {
          on_hand_before = before->on_hand;
        }
        auto adjusted =
            tx.stock().Adjust(cmd->sku, cmd->node_id, cmd->kind, cmd->quantity, cmd->reason);
        if (!adjusted.ok()) return adjusted.status();
        if (adjusted->on_hand > on_hand_before) {
          auto served = fulfilment::ServeWaiting(tx, cmd->sku, /*preorders=*/false, *settings, now);
          if (!served.ok()) return served.status();
          const domain::Product& product = products->begin()->second;
          if (product.preorder && product.release_unix <= absl::ToUnixSeconds(now)) {
            served = fulfilment::ServeWaiting(tx, cmd->sku, /*preorders=*/true, *settings, now);
            if (!served.ok()) return served.status();
          }
          auto after = tx.stock().Get(cmd->sku, cmd->node_id);
          if (!after.ok()) return after.status();
          *adjusted = *after;
        }
        *level = *adjusted;
        if (!cmd->request_id.empty()) {
          return tx.idempotency().Insert({actor.principal_id, cmd->request_id, cmd->request_hash,
                                          resource, "", now});
        }
        return absl::OkStatus();
      },
      [level, done = std::move(done)](absl::Status status) {
        if (!status.ok()) {
          done(status);
        } else {
          done(*level);
        }
      });
}

}  // namespace oms::application
