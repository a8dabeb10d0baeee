#pragma once

#include <string>

#include "oms/v1/catalog_service.grpc.pb.h"
#include "oms/v1/customer_service.grpc.pb.h"
#include "oms/v1/node_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/queries.h"

// The read-only reference services: catalog, customers, nodes.
namespace oms::api {

class CatalogService final : public v1::CatalogService::CallbackService {
 public:
  CatalogService(Authenticator& auth, application::ReadModel& reads)
      : auth_(auth), reads_(reads) {}
  grpc::ServerUnaryReactor* GetProduct(grpc::CallbackServerContext* context,
                                       const v1::GetProductRequest* request,
                                       v1::Product* response) override;
  grpc::ServerUnaryReactor* ListProducts(grpc::CallbackServerContext* context,
                                         const v1::ListProductsRequest* request,
                                         v1::ListProductsResponse* response) override;

 private:
  Authenticator& auth_;
  application::ReadModel& reads_;
};

class CustomerService final : public v1::CustomerService::CallbackService {
 public:
  CustomerService(Authenticator& auth, application::ReadModel& reads)
      : auth_(auth), reads_(reads) {}
  grpc::ServerUnaryReactor* SearchCustomers(grpc::CallbackServerContext* context,
                                            const v1::SearchCustomersRequest* request,
                                            v1::SearchCustomersResponse* response) override;
  grpc::ServerUnaryReactor* GetCustomer(grpc::CallbackServerContext* context,
                                        const v1::GetCustomerRequest* request,
                                        v1::CustomerProfile* response) override;

 private:
  Authenticator& auth_;
  application::ReadModel& reads_;
};

class NodeService final : public v1::NodeService::CallbackService {
 public:
  NodeService(Authenticator& auth, application::ReadModel& reads) : auth_(auth), reads_(reads) {}
  grpc::ServerUnaryReactor* ListNodes(grpc::CallbackServerContext* context,
                                      const v1::ListNodesRequest* request,
                                      v1::ListNodesResponse* response) override;

 private:
  Authenticator& auth_;
  application::ReadModel& reads_;
};

}  // namespace oms::api
