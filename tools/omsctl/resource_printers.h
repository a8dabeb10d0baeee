#pragma once

#include <ostream>

#include "oms/v1/catalog_service.pb.h"
#include "oms/v1/customer_service.pb.h"
#include "oms/v1/inventory_service.pb.h"
#include "oms/v1/node_service.pb.h"
#include "oms/v1/session_service.pb.h"

namespace omsctl {

// Tables and summaries for everything but orders (see order_printer.h),
// in the same conventions: enums without prefixes, money as "12.34 EUR".

void PrintStockLevel(const oms::v1::StockLevel& level, std::ostream& out);
void PrintStockLevels(const oms::v1::ListStockResponse& response,
                      std::ostream& out);
void PrintAvailability(const oms::v1::GetAvailabilityResponse& response,
                       std::ostream& out);

void PrintProduct(const oms::v1::Product& product, std::ostream& out);
void PrintProducts(const oms::v1::ListProductsResponse& response,
                   std::ostream& out);

void PrintCustomer(const oms::v1::CustomerProfile& customer,
                   std::ostream& out);
void PrintCustomers(const oms::v1::SearchCustomersResponse& response,
                    std::ostream& out);

void PrintNodes(const oms::v1::ListNodesResponse& response, std::ostream& out);

void PrintWhoAmI(const oms::v1::WhoAmIResponse& response, std::ostream& out);

}  // namespace omsctl
