#include "server/api/reference_services.h"

#include "server/api/grpc_status.h"
#include "server/api/order_service.h"
#include "server/api/proto_mapping.h"
#include "server/api/unary_call.h"

namespace oms::api {

grpc::ServerUnaryReactor* CatalogService::GetProduct(grpc::CallbackServerContext* context,
                                                     const v1::GetProductRequest* request,
                                                     v1::Product* response) {
  return Unary(context, auth_, "oms.v1.CatalogService/GetProduct", *request,
               [&](const application::Actor&) -> absl::Status {
                 if (request->sku().empty() || request->sku().size() > 64) {
                   return absl::InvalidArgumentError("sku: required, at most 64 characters");
                 }
                 auto product = reads_.GetProduct(request->sku());
                 if (!product.ok()) return product.status();
                 ToProto(*product, response);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* CatalogService::ListProducts(grpc::CallbackServerContext* context,
                                                       const v1::ListProductsRequest* request,
                                                       v1::ListProductsResponse* response) {
  return Unary(context, auth_, "oms.v1.CatalogService/ListProducts", *request,
               [&](const application::Actor&) -> absl::Status {
                 if (request->name_contains().size() > 200) {
                   return absl::InvalidArgumentError("name_contains: at most 200 characters");
                 }
                 auto size = PageSize(request->page().page_size(), 100);
                 if (!size.ok()) return size.status();
                 auto page = reads_.ListProducts(request->name_contains(), *size,
                                                 request->page().page_token());
                 if (!page.ok()) return page.status();
                 for (const auto& p : page->items) ToProto(p, response->add_products());
                 response->set_next_page_token(page->next_page_token);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* CustomerService::SearchCustomers(
    grpc::CallbackServerContext* context, const v1::SearchCustomersRequest* request,
    v1::SearchCustomersResponse* response) {
  return Unary(context, auth_, "oms.v1.CustomerService/SearchCustomers", *request,
               [&](const application::Actor&) -> absl::Status {
                 if (request->query().empty() || request->query().size() > 200) {
                   return absl::InvalidArgumentError(
                       "query: an email, phone or name, at most 200 characters");
                 }
                 auto size = PageSize(request->page().page_size(), 50);
                 if (!size.ok()) return size.status();
                 auto page =
                     reads_.SearchCustomers(request->query(), *size, request->page().page_token());
                 if (!page.ok()) return page.status();
                 for (const auto& c : page->items) ToProto(c, response->add_customers());
                 response->set_next_page_token(page->next_page_token);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* CustomerService::GetCustomer(grpc::CallbackServerContext* context,
                                                       const v1::GetCustomerRequest* request,
                                                       v1::CustomerProfile* response) {
  return Unary(
      context, auth_, "oms.v1.CustomerService/GetCustomer", *request,
      [&](const application::Actor&) -> absl::Status {
        if (request->customer_id().empty() || request->customer_id().size() > 64) {
          return absl::InvalidArgumentError("customer_id: required, at most 64 characters");
        }
        auto customer = reads_.GetCustomer(request->customer_id());
        if (!customer.ok()) return customer.status();
        ToProto(*customer, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* NodeService::ListNodes(grpc::CallbackServerContext* context,
                                                 const v1::ListNodesRequest* request,
                                                 v1::ListNodesResponse* response) {
  return Unary(
      context, auth_, "oms.v1.NodeService/ListNodes", *request,
      [&](const application::Actor&) -> absl::Status {
        auto nodes = reads_.ListNodes();
        if (!nodes.ok()) return nodes.status();
        for (const auto& n : *nodes) {
          if (!request->region().empty() && n.region != request->region()) continue;
          v1::FulfillmentNode node;
          ToProto(n, &node);
          if (request->type() != v1::NODE_TYPE_UNSPECIFIED && node.type() != request->type())
            continue;
          *response->add_nodes() = std::move(node);
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* SessionService::WhoAmI(grpc::CallbackServerContext* context,
                                                 const v1::WhoAmIRequest*,
                                                 v1::WhoAmIResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto principal = auth_.PrincipalOf(*context);
  if (principal.ok()) {
    response->set_principal_id(principal->principal_id);
    response->set_display_name(principal->display_name);
    response->set_role(principal->role);
    response->set_region(region_);
  }
  reactor->Finish(ToGrpcStatus(principal.status()));
  return reactor;
}

}  // namespace oms::api
