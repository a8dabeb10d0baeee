// omsctl customer search | get

#include <memory>
#include <string>

#include "oms/v1/customer_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/methods.h"
#include "omsctl/paging.h"
#include "omsctl/resource_printers.h"

namespace omsctl {
namespace {

struct SearchOptions {
  std::string query;
  PagingOptions paging;
};

int Search(const GlobalOptions& globals, const SearchOptions& options) {
  oms::v1::SearchCustomersRequest request;
  request.set_query(options.query);
  return CallPagedAndPrint<oms::v1::SearchCustomersResponse>(
      globals, kSearchCustomers, &request, request.mutable_page(),
      options.paging, &PrintCustomers);
}

int Get(const GlobalOptions& globals, const std::string& id) {
  oms::v1::GetCustomerRequest request;
  request.set_customer_id(id);
  return CallAndPrint<oms::v1::CustomerProfile>(globals, kGetCustomer, request,
                                                &PrintCustomer);
}

}  // namespace

void AddCustomerCommands(CLI::App& app, const GlobalOptions& globals,
                         Action* selected) {
  CLI::App* customer = app.add_subcommand("customer", "Customers");
  customer->require_subcommand(1);

  auto options = std::make_shared<SearchOptions>();
  CLI::App* search = customer->add_subcommand(
      "search", "Find customers by email, phone or name prefix");
  search->add_option("query", options->query, "Email, phone or name prefix")
      ->required();
  AddPagingOptions(search, &options->paging);
  OnSelected(search, selected,
             [&globals, options] { return Search(globals, *options); });

  auto id = std::make_shared<std::string>();
  CLI::App* get = customer->add_subcommand("get", "Show one customer");
  get->add_option("id", *id, "Customer id")->required();
  OnSelected(get, selected, [&globals, id] { return Get(globals, *id); });
}

}  // namespace omsctl
