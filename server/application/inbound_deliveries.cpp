#include "server/application/inbound_deliveries.h"

#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "server/application/access_scope.h"
#include "server/application/fulfilment_units.h"

namespace oms::application {
namespace {

absl::Status Validate(const InboundDelivery& d) {
  if (d.delivery_id.size() > 64)
    return absl::InvalidArgumentError("delivery_id: at most 64 characters");
  if (d.node_id.empty()) return absl::InvalidArgumentError("node_id: required");
  if (d.reference.size() > 100)
    return absl::InvalidArgumentError("reference: at most 100 characters");
  if (d.lines.empty() || d.lines.size() > 500) {
    return absl::InvalidArgumentError("lines: between 1 and 500 lines");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < d.lines.size(); ++i) {
    const auto& l = d.lines[i];
    if (l.sku.empty() || !seen.insert(l.sku).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("lines[", i, "].sku: required and listed once (", l.sku, ")"));
    }
    if (l.quantity < 1 || l.quantity > 1'000'000'000) {
      return absl::InvalidArgumentError(
          absl::StrCat("lines[", i, "].quantity: between 1 and 1000000000, got ", l.quantity));
    }
  }
  return absl::OkStatus();
}

void Run(UnitOfWork& unit_of_work,
         std::function<absl::StatusOr<InboundDelivery>(Transaction&)> unit, InboundCallback done) {
  auto result = std::make_shared<InboundDelivery>();
  unit_of_work.Submit(
      [result, unit = std::move(unit)](Transaction& tx) -> absl::Status {
        auto d = unit(tx);
        if (!d.ok()) return d.status();
        *result = std::move(*d);
        return absl::OkStatus();
      },
      [result, done = std::move(done)](absl::Status status) {
        if (!status.ok()) {
          done(status);
        } else {
          done(std::move(*result));
        }
      });
}

}  // namespace

void ExpectInbound(UnitOfWork& unit_of_work, InboundDelivery delivery, const Actor& actor,
                   absl::Time now, InboundCallback done) {
  if (absl::Status s = Validate(delivery); !s.ok()) {
    done(s);
    return;
  }
  if (delivery.delivery_id.empty()) delivery.delivery_id = absl::StrCat("IN-", NewUlid(now));
  Run(
      unit_of_work,
      [delivery, actor, now](Transaction& tx) -> absl::StatusOr<InboundDelivery> {
        tx.SetActor(actor);
        auto nodes = tx.nodes().All();
        if (!nodes.ok()) return nodes.status();
        bool known = false;
        for (const auto& n : *nodes) known = known || n.node_id == delivery.node_id;
        if (!known) return absl::NotFoundError(absl::StrCat("no node ", delivery.node_id));
        std::vector<std::string> skus;
        for (const auto& l : delivery.lines) skus.push_back(l.sku);
        auto products = tx.catalog().Find(skus);
        if (!products.ok()) return products.status();
        for (const auto& sku : skus) {
          if (!products->count(sku)) return absl::NotFoundError(absl::StrCat("no SKU ", sku));
        }
        if (absl::Status s = tx.inbound().Insert(delivery, now); !s.ok()) return s;
        return tx.inbound().Get(delivery.delivery_id);
      },
      std::move(done));
}

void ReceiveInbound(UnitOfWork& unit_of_work, std::string delivery_id, const Actor& actor,
                    const FulfilmentSettings& settings, absl::Time now, InboundCallback done) {
  Run(
      unit_of_work,
      [delivery_id, actor, settings = &settings,
       now](Transaction& tx) -> absl::StatusOr<InboundDelivery> {
        tx.SetActor(actor);
        auto delivery = tx.inbound().Get(delivery_id);
        if (!delivery.ok()) return delivery.status();
        if (!MayWorkAtNode(actor, delivery->node_id)) {  // out of scope reads as missing
          return absl::NotFoundError(absl::StrCat("inbound delivery ", delivery_id, " not found"));
        }
        if (delivery->received) {
          return absl::FailedPreconditionError(absl::StrCat(
              "inbound delivery ", delivery_id, " was received already, at ",
              absl::FormatTime(absl::RFC3339_sec, delivery->received_at, absl::UTCTimeZone())));
        }
        const std::string why = absl::StrCat(
            "inbound delivery ", delivery_id,
            delivery->reference.empty() ? "" : absl::StrCat(" (", delivery->reference, ")"));
        for (const auto& line : delivery->lines) {
          auto level = tx.stock().Adjust(line.sku, delivery->node_id,
                                         domain::StockAdjustment::kReceive, line.quantity, why);
          if (!level.ok()) return level.status();
        }
        if (absl::Status s = tx.inbound().MarkReceived(delivery_id, now); !s.ok()) return s;
        // What arrived goes to the orders waiting for it first.
        for (const auto& line : delivery->lines) {
          auto served = fulfilment::ServeWaiting(tx, line.sku, /*preorders=*/false, *settings, now);
          if (!served.ok()) return served.status();
        }
        return tx.inbound().Get(delivery_id);
      },
      std::move(done));
}

void ListExpectedInbound(UnitOfWork& unit_of_work, std::string node_id, int limit,
                         std::function<void(absl::StatusOr<std::vector<InboundDelivery>>)> done) {
  auto result = std::make_shared<std::vector<InboundDelivery>>();
  unit_of_work.Submit(
      [result, node_id, limit](Transaction& tx) -> absl::Status {
        auto list = tx.inbound().Expected(node_id, limit);
        if (!list.ok()) return list.status();
        *result = std::move(*list);
        return absl::OkStatus();
      },
      [result, done = std::move(done)](absl::Status status) {
        if (!status.ok()) {
          done(status);
        } else {
          done(std::move(*result));
        }
      });
}

}  // namespace oms::application
