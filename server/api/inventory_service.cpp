#include "server/api/inventory_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/order_service.h"
#include "server/api/proto_mapping.h"
#include "server/api/unary_call.h"
#include "server/application/stock_adjustment.h"

namespace oms::api {

InventoryService::InventoryService(Authenticator& auth, application::ReadModel& reads,
                                   application::UnitOfWork& unit_of_work,
                                   const application::FulfilmentSettings& fulfilment,
                                   const Clock& clock)
    : auth_(auth), reads_(reads), unit_of_work_(unit_of_work), fulfilment_(fulfilment),
      clock_(clock) {}

grpc::ServerUnaryReactor* InventoryService::GetAvailability(
    grpc::CallbackServerContext* context, const v1::GetAvailabilityRequest* request,
    v1::GetAvailabilityResponse* response) {
  return Unary(context, auth_, [&](const application::Actor&) -> absl::Status {
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
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* InventoryService::AdjustStock(grpc::CallbackServerContext* context,
                                                        const v1::AdjustStockRequest* request,
                                                        v1::StockLevel* response) {
  return AsyncUnary(context, auth_, [&](const application::Actor& actor, Finish finish) {
    application::AdjustStockCommand command;
    command.request_id = request->request_id();
    {
      v1::AdjustStockRequest without_key = *request;
      without_key.clear_request_id();
      command.request_hash = Fingerprint(without_key);
    }
    command.sku = request->sku();
    command.node_id = request->node_id();
    switch (request->kind()) {
      case v1::ADJUSTMENT_KIND_RECEIVE: command.kind = domain::StockAdjustment::kReceive; break;
      case v1::ADJUSTMENT_KIND_COUNT: command.kind = domain::StockAdjustment::kCount; break;
      case v1::ADJUSTMENT_KIND_DAMAGE: command.kind = domain::StockAdjustment::kDamage; break;
      default:
        finish(absl::InvalidArgumentError(absl::StrCat(
            "kind: must be RECEIVE, COUNT or DAMAGE, got ", static_cast<int>(request->kind()))));
        return;
    }
    command.quantity = request->quantity();
    command.reason = request->reason();
    application::AdjustStock(unit_of_work_, std::move(command), actor, fulfilment_, clock_.Now(),
                             [response, finish](absl::StatusOr<domain::StockLevel> level) {
                               if (level.ok()) ToProto(*level, response);
                               finish(level.status());
                             });
  });
}

grpc::ServerUnaryReactor* InventoryService::ListStock(grpc::CallbackServerContext* context,
                                                      const v1::ListStockRequest* request,
                                                      v1::ListStockResponse* response) {
  return Unary(context, auth_, [&](const application::Actor&) -> absl::Status {
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

}  // namespace oms::api
