#include "server/api/inventory_service.h"

#include <set>
#include <utility>

#include "server/domain/available_to_sell.h"

#include "absl/strings/str_cat.h"
#include "server/api/order_service.h"
#include "server/api/proto_mapping.h"
#include "server/api/scope_guard.h"
#include "server/api/unary_call.h"
#include "server/api/watch_inventory.h"
#include "server/api/watch_stream.h"
#include "server/application/inbound_deliveries.h"
#include "server/application/preorder_drop.h"
#include "server/application/stock_adjustment.h"

namespace oms::api {

InventoryService::InventoryService(Authenticator& auth, application::ReadModel& reads,
                                   application::UnitOfWork& unit_of_work,
                                   const application::FulfilmentSettings& fulfilment,
                                   const Clock& clock, WatchHub* watches,
                                   const application::ChannelDirectory* channels,
                                   std::string region)
    : auth_(auth),
      reads_(reads),
      unit_of_work_(unit_of_work),
      fulfilment_(fulfilment),
      clock_(clock),
      watches_(watches),
      channels_(channels),
      region_(std::move(region)) {}

grpc::ServerUnaryReactor* InventoryService::GetAvailability(
    grpc::CallbackServerContext* context, const v1::GetAvailabilityRequest* request,
    v1::GetAvailabilityResponse* response) {
  return Unary(context, auth_, "oms.v1.InventoryService/GetAvailability", *request,
               [&](const application::Actor&) -> absl::Status {
                 if (request->sku().empty() || request->sku().size() > 64) {
                   return absl::InvalidArgumentError("sku: required, at most 64 characters");
                 }
                 auto product = reads_.GetProduct(request->sku());
                 if (!product.ok()) return product.status();
                 auto levels = reads_.Availability(request->sku());
                 if (!levels.ok()) return levels.status();
                 response->set_sku(request->sku());
                 int64_t total = 0;
                 for (const auto& level : *levels) {
                   ToProto(level, response->add_levels());
                   total += level.available();
                 }
                 response->set_total_available(total);
                 if (channels_ == nullptr) return absl::OkStatus();
                 for (const application::Channel& channel : channels_->All()) {
                   const std::string& region = channel.region.empty() ? region_ : channel.region;
                   std::set<std::string> nodes;
                   for (const auto& level : *levels)
                     if (level.region == region) nodes.insert(level.node_id);
                   v1::ChannelAvailability* out = response->add_channels();
                   out->set_channel(channel.id);
                   out->set_region(region);
                   out->set_stock_buffer(channel.stock_buffer);
                   out->set_available_to_sell(domain::AvailableToSell(*levels, request->sku(), nodes,
                                                                      channel.stock_buffer));
                 }
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* InventoryService::AdjustStock(grpc::CallbackServerContext* context,
                                                        const v1::AdjustStockRequest* request,
                                                        v1::StockLevel* response) {
  return AsyncUnary(
      context, auth_, "oms.v1.InventoryService/AdjustStock", *request,
      [&](const application::Actor& actor, Finish finish) {
        application::AdjustStockCommand command;
        command.request_id = request->request_id();
        {
          v1::AdjustStockRequest without_key = *request;
          without_key.clear_request_id();
          command.request_hash = Fingerprint(without_key);
        }
        command.sku = request->sku();
        command.node_id = request->node_id();
        if (command.node_id.empty()) {
          return finish(absl::InvalidArgumentError("node_id: required"));
        }
        if (absl::Status s = RequireVisibleNode(reads_, actor, command.node_id); !s.ok()) {
          return finish(s);
        }
        switch (request->kind()) {
          case v1::ADJUSTMENT_KIND_RECEIVE:
            command.kind = domain::StockAdjustment::kReceive;
            break;
          case v1::ADJUSTMENT_KIND_COUNT:
            command.kind = domain::StockAdjustment::kCount;
            break;
          case v1::ADJUSTMENT_KIND_DAMAGE:
            command.kind = domain::StockAdjustment::kDamage;
            break;
          default:
            finish(absl::InvalidArgumentError(
                absl::StrCat("kind: must be RECEIVE, COUNT or DAMAGE, got ",
                             static_cast<int>(request->kind()))));
            return;
        }
        command.quantity = request->quantity();
        command.reason = request->reason();
        application::AdjustStock(unit_of_work_, std::move(command), actor, fulfilment_,
                                 clock_.Now(),
                                 [response, finish](absl::StatusOr<domain::StockLevel> level) {
                                   if (level.ok()) ToProto(*level, response);
                                   finish(level.status());
                                 });
      });
}

grpc::ServerUnaryReactor* InventoryService::ListStock(grpc::CallbackServerContext* context,
                                                      const v1::ListStockRequest* request,
                                                      v1::ListStockResponse* response) {
  return Unary(context, auth_, "oms.v1.InventoryService/ListStock", *request,
               [&](const application::Actor&) -> absl::Status {
                 application::StockFilter filter;
                 filter.sku = request->sku();
                 filter.node_id = request->node_id();
                 filter.region = request->region();
                 auto size = PageSize(request->page().page_size(), 100);
                 if (!size.ok()) return size.status();
                 filter.page_size = *size;
                 filter.page_token = request->page().page_token();
                 auto page = reads_.ListStock(filter);
                 if (!page.ok()) return page.status();
                 for (const auto& level : page->items) ToProto(level, response->add_levels());
                 response->set_next_page_token(page->next_page_token);
                 return absl::OkStatus();
               });
}

namespace {

void ToProto(const application::InboundDelivery& in, v1::InboundDelivery* out) {
  out->set_delivery_id(in.delivery_id);
  out->set_node_id(in.node_id);
  out->set_reference(in.reference);
  SetTime(in.expected_at, out->mutable_expected_at());
  out->set_received(in.received);
  if (in.received) SetTime(in.received_at, out->mutable_received_at());
  for (const auto& l : in.lines) {
    auto* line = out->add_lines();
    line->set_sku(l.sku);
    line->set_quantity(l.quantity);
  }
}

application::InboundCallback Answer(v1::InboundDelivery* response, Finish finish) {
  return [response, finish](absl::StatusOr<application::InboundDelivery> d) {
    if (d.ok()) ToProto(*d, response);
    finish(d.status());
  };
}

}  // namespace

grpc::ServerUnaryReactor* InventoryService::ExpectInboundDelivery(
    grpc::CallbackServerContext* context, const v1::ExpectInboundDeliveryRequest* request,
    v1::InboundDelivery* response) {
  return AsyncUnary(context, auth_, "oms.v1.InventoryService/ExpectInboundDelivery", *request,
                    [=, this](const application::Actor& actor, Finish finish) {
                      application::InboundDelivery d;
                      d.delivery_id = request->delivery_id();
                      d.node_id = request->node_id();
                      if (!d.node_id.empty()) {
                        if (absl::Status s = RequireVisibleNode(reads_, actor, d.node_id);
                            !s.ok()) {
                          return finish(s);
                        }
                      }
                      d.reference = request->reference();
                      if (!request->has_expected_at()) {
                        return finish(absl::InvalidArgumentError("expected_at: required"));
                      }
                      d.expected_at = FromTimestamp(request->expected_at());
                      for (const auto& l : request->lines())
                        d.lines.push_back({l.sku(), l.quantity()});
                      application::ExpectInbound(unit_of_work_, std::move(d), actor, clock_.Now(),
                                                 Answer(response, finish));
                    });
}

grpc::ServerUnaryReactor* InventoryService::ReceiveInboundDelivery(
    grpc::CallbackServerContext* context, const v1::ReceiveInboundDeliveryRequest* request,
    v1::InboundDelivery* response) {
  return AsyncUnary(
      context, auth_, "oms.v1.InventoryService/ReceiveInboundDelivery", *request,
      [=, this](const application::Actor& actor, Finish finish) {
        if (request->delivery_id().empty() || request->delivery_id().size() > 64) {
          return finish(absl::InvalidArgumentError("delivery_id: required, at most 64 characters"));
        }
        application::ReceiveInbound(unit_of_work_, request->delivery_id(), actor, fulfilment_,
                                    clock_.Now(), Answer(response, finish));
      });
}

grpc::ServerUnaryReactor* InventoryService::ListInboundDeliveries(
    grpc::CallbackServerContext* context, const v1::ListInboundDeliveriesRequest* request,
    v1::ListInboundDeliveriesResponse* response) {
  return AsyncUnary(
      context, auth_, "oms.v1.InventoryService/ListInboundDeliveries", *request,
      [=, this](const application::Actor&, Finish finish) {
        if (request->limit() < 0 || request->limit() > 500) {
          return finish(absl::InvalidArgumentError("limit: between 0 and 500"));
        }
        application::ListExpectedInbound(
            unit_of_work_, request->node_id(), request->limit() == 0 ? 100 : request->limit(),
            [response, finish](absl::StatusOr<std::vector<application::InboundDelivery>> list) {
              if (list.ok()) {
                for (const auto& d : *list) ToProto(d, response->add_deliveries());
              }
              finish(list.status());
            });
      });
}

grpc::ServerUnaryReactor* InventoryService::DropPreorder(grpc::CallbackServerContext* context,
                                                         const v1::DropPreorderRequest* request,
                                                         v1::DropPreorderResponse* response) {
  return AsyncUnary(
      context, auth_, "oms.v1.InventoryService/DropPreorder", *request,
      [=, this](const application::Actor& actor, Finish finish) {
        application::DropPreorderCommand command;
        command.sku = request->sku();
        command.reason = request->reason();
        command.request_id = request->request_id();
        v1::DropPreorderRequest without_key = *request;
        without_key.clear_request_id();
        command.request_hash = absl::StrCat("drop-preorder:", Fingerprint(without_key));
        application::DropPreorder(
            unit_of_work_, std::move(command), actor, fulfilment_, clock_.Now(),
            [response, finish](absl::StatusOr<application::PreorderDropResult> result) {
              if (result.ok()) {
                response->set_orders_cancelled(result->orders);
                response->set_units_cancelled(result->units);
                for (const auto& f : result->failures) response->add_failures(f);
                response->set_replayed(result->replayed);
              }
              finish(result.status());
            });
      });
}

grpc::ServerWriteReactor<v1::WatchInventoryResponse>* InventoryService::WatchInventory(
    grpc::CallbackServerContext* context, const v1::WatchInventoryRequest* request) {
  if (watches_ == nullptr) {
    return WatchStream<v1::WatchInventoryResponse>::Refuse(
        grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "this server has no watch streams"));
  }
  return api::WatchInventory(*context, *request, auth_, *watches_);
}

}  // namespace oms::api
