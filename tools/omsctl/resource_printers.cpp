#include "omsctl/resource_printers.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "omsctl/format.h"
#include "omsctl/paging.h"
#include "omsctl/table.h"

namespace omsctl {
namespace {

std::string YesNo(bool value) { return value ? "yes" : "no"; }

Table StockTable() {
  return Table({"SKU", "NODE", "REGION", "ON HAND", "RESERVED", "SAFETY",
                "AVAILABLE"});
}

void AddStockRow(const oms::v1::StockLevel& level, Table* table) {
  table->AddRow({level.sku(), level.node_id(), level.region(),
                 absl::StrCat(level.on_hand()), absl::StrCat(level.reserved()),
                 absl::StrCat(level.safety_stock()),
                 absl::StrCat(level.available())});
}

}  // namespace

void PrintStockLevel(const oms::v1::StockLevel& level, std::ostream& out) {
  Table table = StockTable();
  AddStockRow(level, &table);
  table.Print(out);
}

void PrintStockLevels(const oms::v1::ListStockResponse& response,
                      std::ostream& out) {
  if (response.levels().empty()) {
    out << "No stock found.\n";
  } else {
    Table table = StockTable();
    for (const auto& level : response.levels()) AddStockRow(level, &table);
    table.Print(out);
  }
  PrintNextPage(response.next_page_token(), out);
}

void PrintAvailability(const oms::v1::GetAvailabilityResponse& response,
                       std::ostream& out) {
  out << response.sku() << ": " << response.total_available()
      << " available\n";
  if (response.levels().empty()) return;
  out << '\n';
  Table table = StockTable();
  for (const auto& level : response.levels()) AddStockRow(level, &table);
  table.Print(out);
}

void PrintProduct(const oms::v1::Product& product, std::ostream& out) {
  PrintFields(
      {{"SKU", product.sku()},
       {"Name", product.name()},
       {"Price", FormatMoney(product.price())},
       {"Tax class", product.tax_class()},
       {"Backorder", YesNo(product.backorder_allowed())},
       {"Preorder", YesNo(product.preorder())},
       {"Release date",
        product.preorder() ? FormatTimestamp(product.release_date()) : ""},
       {"Preorder cap",
        product.preorder() ? absl::StrCat(product.preorder_cap()) : ""}},
      out);
}

void PrintProducts(const oms::v1::ListProductsResponse& response,
                   std::ostream& out) {
  if (response.products().empty()) {
    out << "No products found.\n";
  } else {
    Table table({"SKU", "NAME", "PRICE", "TAX CLASS", "BACKORDER", "PREORDER"});
    for (const auto& product : response.products()) {
      table.AddRow({product.sku(), product.name(),
                    FormatMoney(product.price()), product.tax_class(),
                    YesNo(product.backorder_allowed()),
                    YesNo(product.preorder())});
    }
    table.Print(out);
  }
  PrintNextPage(response.next_page_token(), out);
}

void PrintCustomer(const oms::v1::CustomerProfile& customer,
                   std::ostream& out) {
  PrintFields({{"Id", customer.customer_id()},
               {"Name", customer.name()},
               {"Email", customer.email()},
               {"Phone", customer.phone()},
               {"Home region", customer.home_region()},
               {"Store credit", FormatMoney(customer.store_credit_balance())},
               {"Wallet", FormatMoney(customer.wallet_balance())}},
              out);
}

void PrintCustomers(const oms::v1::SearchCustomersResponse& response,
                    std::ostream& out) {
  if (response.customers().empty()) {
    out << "No customers found.\n";
  } else {
    Table table({"ID", "NAME", "EMAIL", "PHONE", "REGION", "STORE CREDIT",
                 "WALLET"});
    for (const auto& customer : response.customers()) {
      table.AddRow({customer.customer_id(), customer.name(), customer.email(),
                    customer.phone(), customer.home_region(),
                    FormatMoney(customer.store_credit_balance()),
                    FormatMoney(customer.wallet_balance())});
    }
    table.Print(out);
  }
  PrintNextPage(response.next_page_token(), out);
}

void PrintNodes(const oms::v1::ListNodesResponse& response, std::ostream& out) {
  if (response.nodes().empty()) {
    out << "No nodes found.\n";
    return;
  }
  Table table({"NODE", "NAME", "TYPE", "REGION", "CITY", "COUNTRY",
               "CAPABILITIES", "CAPACITY", "PRIORITY"});
  for (const auto& node : response.nodes()) {
    std::vector<std::string> capabilities;
    for (const int capability : node.capabilities()) {
      capabilities.push_back(
          EnumLabel(static_cast<oms::v1::NodeCapability>(capability)));
    }
    table.AddRow({node.node_id(), node.name(), EnumLabel(node.type()),
                  node.region(), node.city(), node.country(),
                  absl::StrJoin(capabilities, ","),
                  absl::StrCat(node.daily_capacity()),
                  absl::StrCat(node.priority())});
  }
  table.Print(out);
}

void PrintWhoAmI(const oms::v1::WhoAmIResponse& response, std::ostream& out) {
  PrintFields({{"Principal", response.principal_id()},
               {"Name", response.display_name()},
               {"Role", response.role()},
               {"Region", response.region()}},
              out);
}

}  // namespace omsctl
